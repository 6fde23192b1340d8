"""The library of 10,000 thread files (#14 acceptance): the first scan, then the time
`threadtui DIR` takes to show the list, as a ratio to bench/bare_app.py's first screen
in the same run (the two started in turn, ``--runs`` times each; medians).

    python bench/bench_library.py [--files 10000] [--runs 5]

The files are generated once into a temporary folder (small threadtui/1 threads of 2 to
40 comments, a few in sub-folders, one broken); the state and cache directories are the
bench's own. The first scan runs in this process (`Library.scan`, what the screen's
worker runs), then every start of `threadtui DIR` finds the index up to date and shows
the list from it while its own scan (nothing changed: a walk and a stat per file) runs
behind the first screen. Target: at most 1.5x the bare app. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tools"))

from bench_reader import BARE, Pty, replay  # noqa: E402

TARGET = 1.5


def generate(root: Path, n: int, seed: int = 14) -> None:
    rng = random.Random(seed)
    for k in range(n):
        d = root / f"part{k % 20:02}" / (f"deeper{k % 3}" if k % 7 == 0 else "")
        d.mkdir(parents=True, exist_ok=True)
        comments = [
            {
                "id": f"c{j}",
                "author": f"user{rng.randrange(50)}",
                "body": "word " * rng.randrange(5, 60),
            }
            for j in range(rng.randrange(2, 40))
        ]
        doc = {
            "format": "threadtui/1",
            "title": f"Thread number {k} about {rng.choice(['bidi', 'tea', 'trains', 'ssh'])}",
            "url": f"https://news.example.com/item?id={k}",
            "comments": comments,
        }
        (d / f"t{k:05}.json").write_text(json.dumps(doc), encoding="utf-8")
    (root / "broken.json").write_text('{"title": "cut short", "comments": [', encoding="utf-8")


def search_times(lib: object, n: int) -> None:
    """Library-wide search (`/`, what its worker runs: `Library.search` over the list's
    paths in its order): the time to the first hit and to the end, for a word in a
    quarter of the titles, one thread's number (the last thread of the list: every
    file's indexed text is looked at before it), and a word in no file."""
    from threadtui.search import SearchQuery
    from threadtui.state.library import Library
    from threadtui.ui.library import sort_entries

    assert isinstance(lib, Library)
    paths = [e.path for e in sort_entries(lib.listing(), "last read")]
    last = next((p for p in reversed(paths) if os.path.basename(p).startswith("t")), paths[-1])
    number = str(int(os.path.basename(last)[1:6]))
    for what, word in (
        ("a quarter of the titles", "trains"),
        ("one thread, last in the list", f"number {number} about"),
        ("no file", "zebra"),
    ):
        t0 = time.perf_counter()
        first: float | None = None
        hits = 0
        for _hit in lib.search(SearchQuery(word), paths):
            hits += 1
            if first is None:
                first = time.perf_counter() - t0
        total = time.perf_counter() - t0
        shown = f"{first * 1000:,.0f} ms" if first is not None else "none"
        print(
            f"search {word!r} ({what}): first result {shown}, all {hits:,} in"
            f" {total:.2f} s (target: first results < 1 s)",
            flush=True,
        )


def first_screen(argv: list[str], env: dict[str, str], ready: str, footer: str = "") -> float:
    pty = Pty(argv, env).start()
    try:
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:
            pty.read(0.05)
            if not pty.alive():
                raise RuntimeError(f"exited early:\n{pty.text()}")
            if ready.encode() in pty.output():
                for t, _end, text in replay(pty):
                    if ready in text and footer in text:
                        return t - pty.spawned
        raise RuntimeError(f"no first screen in 120 s:\n{pty.text()}")
    finally:
        pty.quit()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--dir",
        default=None,
        help="keep the generated files, state and cache here (generated and scanned only"
        " the first time)",
    )
    args = ap.parse_args()
    from ptyterm import find_program, user_env

    with tempfile.TemporaryDirectory(prefix="bench-library-") as tmp:
        base = Path(args.dir or tmp)
        root, state, cache = base / "threads", base / "state", base / "cache"
        t0 = time.perf_counter()
        if not root.exists():
            generate(root, args.files)
            print(f"generated {args.files:,} files in {time.perf_counter() - t0:.1f} s", flush=True)
        os.environ["THREADTUI_STATE_DIR"] = str(state)
        os.environ["THREADTUI_CACHE_DIR"] = str(cache)
        from threadtui.state import StateStore
        from threadtui.state.library import Library

        store = StateStore(state)
        lib = Library(store, [str(root)])
        seen: list[int] = []
        t0 = time.perf_counter()
        result = lib.scan(lambda p: seen.append(p.indexed))
        scan = time.perf_counter() - t0
        t0 = time.perf_counter()
        listed = len(lib.listing())
        listing = time.perf_counter() - t0
        search_times(lib, args.files)
        store.close()
        db_size = (state / "state.sqlite").stat().st_size
        print(
            f"first scan: {result.indexed:,} files indexed in {scan:.1f} s"
            f" ({result.indexed / scan:,.0f} files/s, {len(seen)} progress reports);"
            f" listing from the index: {listed:,} entries in {listing * 1000:.0f} ms;"
            f" database {db_size / 1e6:.1f} MB",
            flush=True,
        )
        env = user_env("xterm-256color", home=str(base))
        env["THREADTUI_STATE_DIR"] = str(state)
        env["THREADTUI_CACHE_DIR"] = str(cache)
        program = find_program("threadtui")
        bare, library = [], []
        for _ in range(args.runs):
            bare.append(first_screen([sys.executable, str(BARE)], env, "bare app ready"))
            library.append(
                first_screen([program, str(root)], env, f"{args.files + 1:,} threads", "quit")
            )
            print(f"  bare {bare[-1]:.3f} s   library {library[-1]:.3f} s", flush=True)
        b, lb = statistics.median(bare), statistics.median(library)
        ratio = lb / b
        print(
            f"first screen, median of {args.runs}: bare {b:.3f} s, library of"
            f" {args.files:,} files {lb:.3f} s: {ratio:.2f}x the bare app"
            f" (target <= {TARGET}x): {'ok' if ratio <= TARGET else 'OVER'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
