#!/usr/bin/env python3
"""Opening a thread by its address against opening the same thread from a file.

    python bench/bench_fetch.py              # a 2,000-comment Reddit thread, 5 runs each
    python bench/bench_fetch.py --runs 9 --comments 5000

A loopback server replays a Reddit thread of about ``--comments`` comments the way Reddit
serves it (the first page, then "more" and "continue this thread" stubs; the tests' replay,
tests/fetch/sites.py). The thread is fetched once and saved with ``threadtui fetch -o``;
then ``threadtui open URL`` (fetching from the server, showing the first part while the
rest arrives) and ``threadtui open FILE`` take turns on a 120x40 pseudo-terminal, and the
time from start to the first screen showing the first comment is taken for each. Target
(issue 15): the address at most 1.5x the file, medians of the same run. Exits 1 if missed.
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
sys.path[:0] = [str(ROOT), str(ROOT / "tools")]

from tests.fetch.server import ReplayServer  # noqa: E402
from tests.fetch.sites import Reddit  # noqa: E402

from ptyterm import PtyApp, find_program, user_env  # noqa: E402

TARGET = 1.5


def first_screen(argv: list[str], env: dict[str, str], text: str) -> float:
    app = PtyApp(argv, 120, 40, env)
    app.start()
    try:
        if not app.wait_for(text, 60):
            raise SystemExit(f"{' '.join(argv)}: no first screen\n{app.dump()}")
        took = time.perf_counter() - app.started
        app.send("q")
        app.wait(10)
        return took
    finally:
        app.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--comments", type=int, default=2000)
    args = ap.parse_args()
    exe = find_program("threadtui")
    with ReplayServer() as server, tempfile.TemporaryDirectory() as tmp:
        site = Reddit(server, top=max(1, args.comments // 12), shown=25)
        home = Path(tmp) / "home"
        (home / ".config").mkdir(parents=True)
        extra = {**site.env(), "THREADTUI_CACHE_DIR": str(Path(tmp) / "cache")}
        env = user_env("xterm-256color", home=home, extra=extra)
        saved = Path(tmp) / "thread.json"
        subprocess.run([exe, "fetch", site.url, "-o", str(saved)], env=env, check=True)
        n = len(site.ids)
        first = "top-level comment 0"
        url_times, file_times = [], []
        for _ in range(args.runs):
            url_times.append(first_screen([exe, "open", site.url], env, first))
            file_times.append(first_screen([exe, "open", str(saved)], env, first))
        url, file = statistics.median(url_times), statistics.median(file_times)
        ratio = url / file
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"Reddit thread of {n:,} comments, {args.runs} runs each, load average {load:.1f}")
        print(f"  open FILE  first screen  median {file * 1000:7.0f} ms  {sorted(file_times)}")
        print(f"  open URL   first screen  median {url * 1000:7.0f} ms  {sorted(url_times)}")
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"  ratio URL/FILE {ratio:.2f} (target <= {TARGET}): {verdict}")
        return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
