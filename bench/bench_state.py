#!/usr/bin/env python3
"""The reading memory's cost on a 100,000-comment thread (#14 acceptance): opening with
a stored state against ``--no-state``, j latency with and without it, the database size.

    python bench/bench_state.py              # 100k comments, 6 rounds of 10 j each
    python bench/bench_state.py --rounds 5 --presses 20 --size 100000

The thread is ``tools/gen_thread.py 100000 --seed 1`` (bench/data/, reused), opened with
``threadtui open FILE`` on a 120x40 pseudo-terminal exactly as bench/bench_reader.py does
(its harness: first screen, the progressive load's end, key latency as the time from
writing the key to the end of its update). First the memory is made: the thread is read
once, the cursor taken to its 40th comment, every comment marked read (``M``: 100,000
flags), and quit. Then each round starts both apps, one after the other, with the same
home (so the same database): ``state`` opens with that stored memory (and resumes on the
40th comment), ``no-state`` with ``--no-state``; they take the j presses in turn. Medians.

Targets: opening costs at most 50 ms more with the stored state (the first screen, the
whole load, and the resume's notice on screen); j latency unchanged (ratio at most 1.2,
bench_reader's margin for "unchanged"); the database under 2 MB. Exits 1 if one is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_reader as br  # noqa: E402  (the harness lives there)

RESUMED = "Back where you left"
# The header's comment count while the rest loads (the bottom line's "Loading the rest"
# is covered by the resume's notice in the state's run: bench_reader's test is not enough).
HEADER_LOADING = "(loading)"


def targets(program: list[str], path: Path) -> list[br.Target]:
    author = br.first_author(path)
    out = []
    for name, extra in (("state", []), ("no-state", ["--no-state"])):
        out.append(
            br.Target(
                name,
                [*program, "open", *extra, str(path)],
                br.reader_ready(author),
                (author.encode(), b"Quit"),
                path,
                br.reader_ready(author, full=False),
            )
        )
    return out


def prime(t: br.Target, home: str, args: argparse.Namespace) -> None:
    """Read the thread once: the cursor to the 40th comment, everything read, quit."""
    pty, _run = br.start_run(t, home, args)
    try:
        for _ in range(39):
            br.key(pty, "j", None, 0.05)
        br.key(pty, "M", None, 0.2)
    finally:
        pty.quit()


def resumed_at(pty: br.Pty) -> float | None:
    """When the resume's notice was first on screen (s from the start)."""
    if not pty.wait_until(lambda: RESUMED in pty.text(), 60, 0.1):
        return None
    for t, _end, text in br.replay(pty):
        if RESUMED in text:
            return t - pty.spawned
    return None


def whole_in(pty: br.Pty) -> float:
    """When the header stopped saying the rest is loading (s from the start)."""
    if not pty.wait_until(lambda: HEADER_LOADING not in pty.text(), 180, 0.1):
        raise RuntimeError("still loading after 180 s")
    frames = br.replay(pty)
    shown = [k for k, (_t, _e, text) in enumerate(frames) if HEADER_LOADING in text]
    k = shown[-1] + 1 if shown and shown[-1] + 1 < len(frames) else 0
    return frames[k][0] - pty.spawned


def db_size(home: str) -> int:
    d = Path(home) / ".local" / "state" / "threadtui"
    return sum(p.stat().st_size for p in d.glob("state.sqlite*") if p.is_file())


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--presses", type=int, default=10)
    ap.add_argument("--quiet", type=float, default=0.15)
    ap.add_argument("--settle", type=float, default=0.5)
    args = ap.parse_args()
    from ptyterm import find_program

    program = [find_program("threadtui")]
    path = br.ensure_thread(args.size)
    with_state, without = targets(program, path)
    first: dict[str, list[float]] = {"state": [], "no-state": []}
    loaded: dict[str, list[float]] = {"state": [], "no-state": []}
    j: dict[str, list[float]] = {"state": [], "no-state": []}
    resumed: list[float] = []
    load0 = os.getloadavg()[0]
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-state-home-") as home:
        prime(with_state, home, args)
        size = db_size(home)
        for n in range(args.rounds):
            live = []
            try:
                # Each app whole and settled before the other starts; which starts first
                # alternates, so neither always starts beside the other's idle process.
                for t in (with_state, without) if n % 2 == 0 else (without, with_state):
                    pty, run = br.start_run(t, home, args)
                    run.loaded = whole_in(pty)
                    live.append((t, pty, run))
                    if t is with_state:
                        at = resumed_at(pty)
                        if at is not None:
                            resumed.append(at)
                    pty.settle(args.settle)
                for _ in range(args.presses):
                    for _t, pty, run in live:
                        br.key(pty, "j", run, args.quiet)
            finally:
                for t, pty, run in live:
                    br.finish_run(pty, run)
                    first[t.name].append(run.first_screen)
                    loaded[t.name].append(run.loaded or run.first_screen)
                    if run.loaded is None:
                        print(f"  {t.name}: no load seen", flush=True)
                    j[t.name].extend(run.latencies.get("j", []))
            print(
                f"  round: first screen {first['state'][-1]:.3f} / {first['no-state'][-1]:.3f} s,"
                f" loaded {loaded['state'][-1]:.3f} / {loaded['no-state'][-1]:.3f} s",
                flush=True,
            )
        size = max(size, db_size(home))
    load1 = os.getloadavg()[0]
    fs, fn = median(first["state"]), median(first["no-state"])
    ls, ln = median(loaded["state"]), median(loaded["no-state"])
    js, jn = median(j["state"]), median(j["no-state"])
    rs = median(resumed)
    print(
        f"\n{args.size:,} comments, {args.rounds} rounds, {args.presses} j each;"
        f" load average {load0:.1f} -> {load1:.1f}\n"
    )
    print("                      state   no-state   difference   ratio")
    print(f"first screen      {fs:8.3f} s {fn:8.3f} s {1000 * (fs - fn):+9.0f} ms {fs / fn:7.2f}x")
    print(f"whole thread in   {ls:8.3f} s {ln:8.3f} s {1000 * (ls - ln):+9.0f} ms {ls / ln:7.2f}x")
    print(f"resumed (notice)  {rs:8.3f} s   (the stored place is in the first part shown)")
    print(f"j latency         {1000 * js:7.1f} ms {1000 * jn:7.1f} ms {'':>12} {js / jn:7.2f}x")
    print(f"database          {size / 1e6:7.2f} MB")
    verdicts = [
        (fs - fn <= 0.050, f"first screen +{1000 * (fs - fn):.0f} ms with the state (at most 50)"),
        (ls - ln <= 0.050, f"whole load +{1000 * (ls - ln):.0f} ms with the state (at most 50)"),
        (js / jn <= 1.2, f"j latency {js / jn:.2f}x with the state (unchanged: at most 1.2x)"),
        (size < 2_000_000, f"database {size / 1e6:.2f} MB (under 2 MB)"),
    ]
    print()
    for ok, text in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    print(f"\n({time.perf_counter() - began:.0f} s)")
    return 0 if all(ok for ok, _ in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
