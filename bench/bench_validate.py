"""`threadtui validate` on a 100,000-comment thread vs. `json.load` of the same file.

Both run as fresh processes, side by side, several times; the medians of their wall-clock
times and of their CPU times (user + system, which a busy shared machine disturbs much
less) and the ratios are printed. Target (issue 13): validate, which checks every comment
through the format's Pydantic models, takes at most 2x as long as json.load. Exit 1 if
missed (on wall-clock time, or on CPU time with --cpu).

    python bench/bench_validate.py [--comments 100000] [--runs 5] [--cpu]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"


def ensure_thread(n: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"gen-{n}.json"  # same name and seed as the other benches: shared
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "gen_thread.py"),
                str(n),
                "-o",
                str(path),
                "--seed",
                "1",
            ],
            check=True,
        )
    return path


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cpu", action="store_true", help="judge on CPU time, not wall-clock")
    args = ap.parse_args()
    path = ensure_thread(args.comments)
    floor_cmd = [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"]
    ours_cmd = [sys.executable, "-m", "threadtui", "validate", str(path)]
    floor, ours = [], []
    for _ in range(args.runs):  # interleaved, so machine noise hits both alike
        floor.append(timed(floor_cmd))
        ours.append(timed(ours_cmd))
    size = path.stat().st_size / 1e6
    print(f"file: {args.comments:,} comments, {size:.1f} MB")
    ratios = []
    for k, what in enumerate(("wall-clock", "CPU")):
        f = statistics.median(x[k] for x in floor)
        o = statistics.median(x[k] for x in ours)
        ratios.append(o / f)
        print(f"{what}:")
        print(
            f"  json.load (floor)   median {f:.3f} s   runs {', '.join(f'{x[k]:.2f}' for x in floor)}"
        )
        print(
            f"  threadtui validate  median {o:.3f} s   runs {', '.join(f'{x[k]:.2f}' for x in ours)}"
        )
        print(f"  ratio {o / f:.2f}x")
    ratio = ratios[1] if args.cpu else ratios[0]
    ok = ratio <= 2.0
    print(
        f"target <= 2x ({'CPU' if args.cpu else 'wall-clock'}): {ratio:.2f}x {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
