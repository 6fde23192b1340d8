#!/usr/bin/env python3
"""Key latency while a big thread loads in the background, against after it (#18.4).

Opens a generated thread (``tools/gen_thread.py N --seed 1``, kept in bench/data/) with
the `threadtui` console script on a 120x40 pseudo-terminal whose emulator answers the
synchronized-output query, and presses j, page down and Space (fold, unfold) in turn:

- **during**: from the first screen until the position counts every comment (the load done);
- **after**: once the load is over and the reader has gone idle (the search index is
  folded in the background after the load; ``--settle 0`` measures while it runs).

Each latency is from writing the key to the last byte of its update (then ``QUIET`` s of
quiet). Prints the medians and 90th percentiles and the ratio during / after; exits 1
when a median ratio is over ``LIMIT`` (1.5, issue #18).

    .venv/bin/python bench/bench_load_keys.py --comments 1000000
    .venv/bin/python bench/bench_load_keys.py --comments 100000 --settle 0
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from ptyterm import PtyApp, find_program, user_env, wait_idle  # noqa: E402

LIMIT = 1.5
QUIET = 0.1
KEYS = (("j", "j"), ("pagedown", "page-down"), ("space", "toggle"))


def ensure(n: int) -> Path:
    path = ROOT / "bench" / "data" / f"gen-{n}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        gen = ROOT / "tools" / "gen_thread.py"
        subprocess.run(
            [sys.executable, str(gen), str(n), "-o", str(path), "--seed", "1", "-q"], check=True
        )
    return path


def peak_rss(pid: int) -> int:
    """VmHWM of ``pid`` in bytes (the reader's peak resident memory so far)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def p90(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(len(xs) * 0.9) - 1)] if xs else 0.0


def press_round(app: PtyApp, out: dict[str, list[float]]) -> None:
    """One of each key; g first (not counted) so page down never reaches the end."""
    app.key("g", QUIET, first=2.0)
    for key, label in KEYS:
        took, got = app.key(key, QUIET, first=2.0)
        if got:
            out.setdefault(label, []).append(took * 1e3)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--comments", type=int, default=1_000_000)
    p.add_argument(
        "--settle",
        type=float,
        default=600.0,
        help="after the load, wait up to this long for the reader to go idle (0: not at all)",
    )
    p.add_argument("--rounds", type=int, default=12, help="rounds of keys after the load")
    args = p.parse_args(argv)
    path = ensure(args.comments)
    with tempfile.TemporaryDirectory(prefix="tt-lk-") as tmp:
        home = Path(tmp) / "home"
        (home / ".config").mkdir(parents=True)
        env = user_env("xterm-256color", home=str(home))
        app = PtyApp([find_program("threadtui"), str(path)], 120, 40, env, sync_output=True)
        during: dict[str, list[float]] = {}
        after: dict[str, list[float]] = {}
        with app:
            if not app.wait_for(r"\d comments?", 120):
                raise SystemExit(f"threadtui did not start:\n{app.dump()}")
            t0 = time.monotonic()
            loading = app.wait_for("Loading the rest", 10)
            # Loaded once the position counts every comment ("comment 1 of 1,000,000"):
            # the status line's "Loading the rest" can be covered by a key's notice.
            whole = f"of {args.comments:,}"
            while loading and whole not in app.text():
                press_round(app, during)
            load_s = time.monotonic() - t0
            idle_s = wait_idle(app.pid, args.settle) if args.settle else 0.0
            app.settle(0.5)
            for _ in range(args.rounds):
                press_round(app, after)
            hwm = peak_rss(app.pid)
            app.send("q")
            app.wait(20)
    print(
        f"{args.comments:,} comments: loaded {load_s:.1f} s after the first screen;"
        f" keys after the load measured {idle_s:.0f} s later, the reader idle"
        f" (load average {os.getloadavg()[0]:.1f})"
    )
    size = path.stat().st_size
    print(
        f"peak RSS of the reader {hwm / 1e6:,.0f} MB = {hwm / size:.2f}x the file ({size / 1e6:,.0f} MB)"
    )
    print("| key | during: n | median ms | p90 | after: n | median ms | p90 | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failures = []
    for _, label in KEYS:
        d, a = during.get(label, []), after.get(label, [])
        if not d or not a:
            print(f"| {label} | {len(d)} | | | {len(a)} | | | – |")
            continue
        ratio = statistics.median(d) / statistics.median(a)
        print(
            f"| {label} | {len(d)} | {statistics.median(d):.1f} | {p90(d):.1f} | {len(a)} |"
            f" {statistics.median(a):.1f} | {p90(a):.1f} | {ratio:.2f} |"
        )
        if ratio > LIMIT:
            failures.append(f"{label}: {ratio:.2f}x during the load (limit {LIMIT}x)")
    if not during:
        failures.append("the load ended before any key could be pressed during it")
    if failures:
        print("\nMISSED TARGETS:\n" + "\n".join(f"- {f}" for f in failures))
        return 1
    print(f"\nTarget met: keys during the load <= {LIMIT}x after it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
