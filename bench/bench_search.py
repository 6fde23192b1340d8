#!/usr/bin/env python3
"""Search benchmark: a 100,000-comment thread, queries typed keystroke by keystroke.

    python bench/bench_search.py                     # generate 100,000 comments (seed 1)
    python bench/bench_search.py --file THREAD.json  # or use an existing thread
    python bench/bench_search.py --comments 20000 --repeat 5

Reports the time to load the thread and to fold it into the index, then, for every prefix
of each query (a Persian word typed with and without its ZWNJ, a Persian two-word phrase,
an English word), the time to the first screen of results (the first --limit matches, what
the UI shows first) and to the full count. Each keystroke is a new query (nothing cached
for it); the per-keystroke figure is the median of --repeat runs. Prints the medians over
all keystrokes against the --target-ms budget and exits 1 if the median time to the first
results is over it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from threadtui.model import load_thread  # noqa: E402
from threadtui.search import SearchIndex, SearchQuery, compile_query  # noqa: E402

DEFAULT_QUERIES = [
    "می\u200cخواهند",  # typed with the ZWNJ (half space)
    "میخواهند",  # typed without it
    "کتاب ها",  # typed with a space; the text has کتاب‌ها
    "experience",
]


def keystrokes(word: str) -> list[str]:
    return [word[: i + 1] for i in range(len(word))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


def generate(n: int, seed: int, directory: Path) -> Path:
    path = directory / f"thread-{n}-{seed}.json"
    gen = ROOT / "tools" / "gen_thread.py"
    if gen.exists():
        subprocess.run(
            [sys.executable, str(gen), str(n), "-o", str(path), "--seed", str(seed)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    else:  # pragma: no cover - the generator ships with the repository
        raise SystemExit(f"{gen.relative_to(ROOT)} is missing; pass --file")
    return path


def reset(index: SearchIndex) -> None:
    """Forget everything cached per query (the folded text stays)."""
    index._resolved.clear()
    index._counts.clear()
    index._folded.clear()
    compile_query.cache_clear()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, help="thread file (default: generate one)")
    ap.add_argument("--comments", type=int, default=100_000, help="comments to generate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--query", action="append", help="query to type (repeatable)")
    ap.add_argument("--limit", type=int, default=50, help="first screen of results")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--target-ms", type=float, default=50.0)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        if args.file is None:
            t0 = time.perf_counter()
            path = generate(args.comments, args.seed, Path(tmp))
            print(f"generated {args.comments:,} comments in {time.perf_counter() - t0:.2f} s")
        else:
            path = args.file
        t0 = time.perf_counter()
        thread = load_thread(path, max_bytes=None)
        load_s = time.perf_counter() - t0
    chars = sum(map(len, thread.body)) + sum(len(a or "") for a in thread.author)
    print(f"thread: {len(thread.body):,} comments, {chars:,} characters; loaded in {load_s:.2f} s")

    # Lazy: the first results of a fresh index fold only the chunks they are in.
    lazy = SearchIndex(thread)
    t0 = time.perf_counter()
    lazy.first_matches(SearchQuery("می"), args.limit)
    print(f"first results on an unbuilt index: {ms(time.perf_counter() - t0).strip()} ms")
    del lazy

    index = SearchIndex(thread)
    t0 = time.perf_counter()
    index.build()
    build_s = time.perf_counter() - t0
    print(f"index build (fold every field once): {build_s:.2f} s")

    firsts: list[float] = []
    counts: list[float] = []
    print(f"\n{'keystroke':<14} {'first ' + str(args.limit):>10} {'count':>10} {'matches':>9}")
    for word in args.query or DEFAULT_QUERIES:
        for prefix in keystrokes(word):
            query = SearchQuery(prefix)
            t_first: list[float] = []
            t_count: list[float] = []
            total = 0
            for _ in range(args.repeat):
                reset(index)
                t0 = time.perf_counter()
                index.first_matches(query, args.limit)
                t1 = time.perf_counter()
                total = index.count(query)
                t2 = time.perf_counter()
                t_first.append(t1 - t0)
                t_count.append(t2 - t1)
            f, c = statistics.median(t_first), statistics.median(t_count)
            firsts.append(f)
            counts.append(c)
            shown = prefix.replace("\u200c", "<zwnj>")
            print(f"{shown:<14} {ms(f):>10} {ms(c):>10} {total:>9,}")

    # A case-sensitive query folds the case-kept copy lazily, chunk by chunk.
    reset(index)
    t0 = time.perf_counter()
    index.first_matches(SearchQuery("Honestly"), args.limit)
    t1 = time.perf_counter()
    n = index.count(SearchQuery("Honestly"))
    t2 = time.perf_counter()
    print(
        f"\nfirst case-sensitive query (builds the case-kept copy): first {ms(t1 - t0).strip()}"
        f" ms, count {ms(t2 - t1).strip()} ms ({n:,} matches)"
    )

    med_first = statistics.median(firsts)
    med_count = statistics.median(counts)
    worst_first = max(firsts)
    print(
        f"\nmedian per keystroke: first {args.limit} results {med_first * 1000:.1f} ms, "
        f"full count {med_count * 1000:.1f} ms (worst first: {worst_first * 1000:.1f} ms)"
    )
    ok = med_first * 1000 <= args.target_ms
    verdict = "within" if ok else "OVER"
    print(f"target {args.target_ms:.0f} ms for the first results: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
