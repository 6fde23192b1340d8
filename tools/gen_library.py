#!/usr/bin/env python3
"""Generate a library: a folder tree of N synthetic thread files, for the library bench
and tests.

    python tools/gen_library.py 10000 -o bench/data/library-10k --seed 1

Threads come from tools/gen_thread.py (mixed English / Persian / Arabic comments), with
sizes skewed like real discussions (most have a few dozen comments, a few several
hundred; ``--max-comments``), spread over nested folders of at most 100 files, about one
in ten gzipped, and ``--broken`` files that fail to load (truncated JSON, not a thread at
all) to show their errors in the list. Each thread has its own URL (its identity), title
and a unique word ``needleN`` in the body of its last comment, so a search for one word
has exactly one right answer. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import gzip
import io
import sys
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_thread

PER_FOLDER = 100


def _size(rng: Random, cap: int) -> int:
    return max(1, min(cap, int(rng.paretovariate(1.1) * 8)))


def thread_text(k: int, n: int, rng: Random, pools: object, authors: object) -> str:
    buf = io.StringIO()
    gen_thread.generate(
        buf,
        n,
        seed=k,
        max_depth=12,
        pools=pools,  # type: ignore[arg-type]
        authors=authors,  # type: ignore[arg-type]
        title=f"Library thread {k}: {rng.choice(_TOPICS)}",
    )
    text = buf.getvalue()
    # Its own address, and one word nobody else has (in the last comment's body).
    text = text.replace(
        f'"url":"https://forum.example.com/t/{k}"', f'"url":"https://library.example.org/t/{k}"', 1
    )
    last = text.rfind('"body":"')
    if last >= 0:
        at = last + len('"body":"')
        text = text[:at] + f"needle{k} " + text[at:]
    return text


_TOPICS = (
    "housing prices",
    "the new metro line",
    "قیمت مسکن",
    "انتخابات",
    "الطقس هذا الأسبوع",
    "a book review",
    "why Python",
    "کنکور",
    "remote work",
    "المنتخب الوطني",
)


def write_library(out: Path, count: int, *, seed: int = 1, broken: int = 0, cap: int = 400) -> int:
    rng = Random(seed)
    pools = gen_thread.Pools(Random(f"pools-{seed}"))
    authors = gen_thread.Authors(Random(f"authors-{seed}"), 20_000)
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for k in range(count):
        folder = out / f"{k // (PER_FOLDER * 10):03d}" / f"{(k // PER_FOLDER) % 10:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        n = _size(rng, cap)
        total += n
        text = thread_text(k, n, rng, pools, authors)
        data = text.encode("utf-8")
        if rng.random() < 0.1:
            (folder / f"thread-{k:05d}.json.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (folder / f"thread-{k:05d}.json").write_bytes(data)
    for b in range(broken):
        folder = out / "broken"
        folder.mkdir(exist_ok=True)
        if b % 2:
            (folder / f"cut-{b}.json").write_text('{"title":"cut short","comments":[{"body":')
        else:
            (folder / f"other-{b}.json").write_text('{"name":"a package.json","version":"1"}')
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a folder tree of N synthetic threads.")
    ap.add_argument("n", type=int, metavar="N", help="number of thread files")
    ap.add_argument("-o", "--output", required=True, help="folder to write into")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--broken", type=int, default=10, help="files that fail to load")
    ap.add_argument("--max-comments", type=int, default=400)
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.n < 0 or args.broken < 0 or args.max_comments < 1:
        ap.error("need N >= 0, --broken >= 0, --max-comments >= 1")
    start = time.perf_counter()
    comments = write_library(
        Path(args.output), args.n, seed=args.seed, broken=args.broken, cap=args.max_comments
    )
    if not args.quiet:
        print(
            f"{args.output}: {args.n:,} threads ({comments:,} comments) and {args.broken}"
            f" broken files, {time.perf_counter() - start:.1f}s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
