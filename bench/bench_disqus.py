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
wall time to its first line is shown too. Exits 1 when a first screen takes more than 2 s
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
whole = load_any(sys.argv[1], thread=sys.argv[2])
t2 = time.process_time()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(t1, len(first), t2, len(whole), peak)
"""
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
    r = subprocess.run(
        [sys.executable, "-c", _OPEN, str(path), choice],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    t_first, n_first, t_whole, n_whole, peak_open = r.stdout.split()
    failed = False

    def verdict(ok: bool) -> str:
        nonlocal failed
        failed |= not ok
        return "ok" if ok else "OVER"

    print(f"export: {threads:,} threads, {posts:,} posts, {size:.0f} MB")
    print(
        f"threads: {t_list:.2f} s CPU ({verdict(t_list < FIRST_SCREEN_S)}; first line after"
        f" {wall_list:.2f} s wall),"
        f" {n:,} threads, peak {peak_list:.0f} MB ({verdict(peak_list < PEAK_MB)})"
    )
    print(
        f"open --thread {choice}: first part {float(t_first):.2f} s CPU"
        f" ({verdict(float(t_first) < FIRST_SCREEN_S)}, {int(n_first):,} posts),"
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
