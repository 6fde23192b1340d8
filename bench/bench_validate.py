"""`threadtui validate` on a 100,000-comment thread vs. `json.load` of the same file.

Both run as fresh processes, side by side, several times; the medians and their ratio are
printed. Target (issue 2): validate takes under 3x as long as json.load. Exit 1 if missed.

    python bench/bench_validate.py [--comments 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
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


def timed(argv: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--comments", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    path = ensure_thread(args.comments)
    floor_cmd = [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"]
    ours_cmd = [sys.executable, "-m", "threadtui", "validate", str(path)]
    floor, ours = [], []
    for _ in range(args.runs):  # interleaved, so machine noise hits both alike
        floor.append(timed(floor_cmd))
        ours.append(timed(ours_cmd))
    f, o = statistics.median(floor), statistics.median(ours)
    ratio = o / f
    size = path.stat().st_size / 1e6
    print(f"file: {args.comments:,} comments, {size:.1f} MB")
    print(f"json.load (floor)   median {f:.3f} s   runs {', '.join(f'{x:.2f}' for x in floor)}")
    print(f"threadtui validate  median {o:.3f} s   runs {', '.join(f'{x:.2f}' for x in ours)}")
    ok = ratio < 3.0
    print(f"ratio {ratio:.2f}x (target < 3x): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
