"""A whole-forum Disqus export: listing its threads and opening one start showing in
under 2 s, in under 200 MB.

Generates (tools/gen_disqus.py) an export of 1,000 threads and 200,000 posts (about 140
MB; posts of each thread spread over the whole file, as Disqus writes them), then runs,
each in a fresh process as a user would:

* ``threadtui threads FILE``: time until its first line is printed, and peak memory;
* what ``threadtui open FILE --thread ID`` shows first (the thread as far as the export's
  first 8 MiB hold it), then the whole thread (what replaces it when the rest has loaded),
  with the peak memory of the process.

    python bench/bench_disqus.py [--threads 1000] [--posts 200000] [--keep DIR]

Times are the CPU seconds of the process from its start (imports included), as
bench_import.py measures: on a shared machine other programs do not count; the listing's
wall times to the first line (listing) and first part (open) are shown too, in seconds
and as a multiple of a bare interpreter's start in the same run (on a loaded machine every
wall time stretches, the multiple much less). Exits 1 when a first screen takes more than 2 s
or a process peaks above 200 MB.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_SCREEN_S = 2.0
PEAK_MB = 200.0

_OPEN = """
import resource, sys, time
from threadtui.cli.commands import EXPORT_FIRST_BYTES
from threadtui.importers import load_any
first = load_any(sys.argv[1], thread=sys.argv[2], limit=EXPORT_FIRST_BYTES)
t1 = time.process_time()
print(t1, len(first), flush=True)
whole = load_any(sys.argv[1], thread=sys.argv[2])
t2 = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(t2, len(whole), peak)
"""
# The machine's own pace in the same run: a bare interpreter's start, in wall seconds.
# On a loaded machine every wall time stretches; as a multiple of this one it does not
# (much), so the wall figures are given both ways.
_BARE = "pass"
# CPU seconds of the process, imports included (what it costs on an idle machine; other
# programs on a shared one do not count). A listing prints its lines as it ends.
_LIST = """
import resource, sys, time
from threadtui.cli import main
code = main(['threads', sys.argv[1]])
sys.stdout.flush()
print(time.process_time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      file=sys.stderr)
raise SystemExit(code)
"""


def _listing(path: Path) -> tuple[float, float, float, int]:
    """(CPU seconds, wall seconds to the first line, peak MB, lines) of `threadtui
    threads FILE`."""
    t0 = time.time()
    p = subprocess.Popen(
        [sys.executable, "-c", _LIST, str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert p.stdout is not None and p.stderr is not None
    first = p.stdout.readline()
    wall = time.time() - t0
    rest = p.stdout.read()
    cpu, peak = map(float, p.stderr.read().strip().splitlines()[-1].split())
    p.wait()
    return cpu, wall, peak, (1 if first else 0) + rest.count("\n")


def _open_one(path: Path, choice: str) -> tuple[float, int, float, str]:
    """(CPU seconds, posts, wall seconds) of the first part of ``open --thread``, and the
    child's last line (whole thread: CPU seconds, posts, peak MB)."""
    t0 = time.time()
    p = subprocess.Popen(
        [sys.executable, "-c", _OPEN, str(path), choice],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert p.stdout is not None
    cpu, posts = p.stdout.readline().split()
    wall = time.time() - t0
    rest = p.stdout.read()
    if p.wait() != 0:
        raise SystemExit(f"open --thread {choice} failed")
    return float(cpu), int(posts), wall, rest


def _bare_start(runs: int = 5) -> float:
    """The median wall seconds of ``python -c pass``."""
    times = []
    for _ in range(runs):
        t0 = time.time()
        subprocess.run([sys.executable, "-c", _BARE], check=True)
        times.append(time.time() - t0)
    return sorted(times)[runs // 2]


def run(threads: int, posts: int, keep: str | None) -> int:
    out = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="threadtui-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"disqus-{threads}-{posts}.xml"
    if not path.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "tools" / "gen_disqus.py"), "--threads", str(threads),
             "--posts", str(posts), "-o", str(path)],
            check=True,
        )  # fmt: skip
    size = path.stat().st_size / 1e6
    t_list, wall_list, peak_list, n = _listing(path)
    choice = str(7_000_000 + threads // 2)
    t_first, n_first, wall_first, rest = _open_one(path, choice)
    t_whole, n_whole, peak_open = rest.split()
    bare = _bare_start()
    failed = False

    def verdict(ok: bool) -> str:
        nonlocal failed
        failed |= not ok
        return "ok" if ok else "OVER"

    print(f"export: {threads:,} threads, {posts:,} posts, {size:.0f} MB")
    print(f"bare interpreter start: {bare:.3f} s wall (the unit of the 'x bare' figures)")
    print(
        f"threads: {t_list:.2f} s CPU ({verdict(t_list < FIRST_SCREEN_S)}; first line after"
        f" {wall_list:.2f} s wall = {wall_list / bare:.1f}x bare),"
        f" {n:,} threads, peak {peak_list:.0f} MB ({verdict(peak_list < PEAK_MB)})"
    )
    print(
        f"open --thread {choice}: first part {float(t_first):.2f} s CPU"
        f" ({verdict(float(t_first) < FIRST_SCREEN_S)}, {int(n_first):,} posts;"
        f" {wall_first:.2f} s wall = {wall_first / bare:.1f}x bare),"
        f" whole thread {float(t_whole):.2f} s CPU ({int(n_whole):,} posts),"
        f" peak {float(peak_open):.0f} MB ({verdict(float(peak_open) < PEAK_MB)})"
    )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--threads", type=int, default=1000)
    ap.add_argument("--posts", type=int, default=200_000)
    ap.add_argument("--keep", metavar="DIR", help="write (and reuse) the export here")
    args = ap.parse_args(argv)
    return run(args.threads, args.posts, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
