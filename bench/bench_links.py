"""Benchmark: link detection and layout of link-breaking punctuation grow linearly (#11.1).

A comment made of ``mailto:.,;`` (and similar shapes: a scheme followed by punctuation,
runs of closing brackets, "@" and dots) used to crash `find_links`; a URL ending in a run
of ")" was trimmed in quadratic time. For each shape this times, at 1 MB and 10 MB:

* ``find_links`` of the whole text;
* ``layout`` of the whole text at 80 columns (``--no-layout`` skips the 10 MB layouts,
  which take a minute in all);
* ``threadtui render`` of a thread whose one comment is that text (a subprocess, start-up
  included; the reader and `render` lay out at most ``view.rows.BODY_CAP`` characters of a
  body, so this mostly measures loading).

Times are CPU seconds (the process's, or the child's for `render`). Linear means the 10 MB run takes about 10 times the 1 MB one. The target: each ratio at
most 3 times that, i.e. 30 (for `render`, whose start-up and capped layout dominate, the
ratio is close to 1). Prints a table; exits 1 when a ratio misses the target.

Run: ``python bench/bench_links.py [--no-layout] [--shapes N]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from threadtui.text import find_links, layout

SHAPES = [
    "mailto:.,;",
    "mailto:. ",
    "mailto:" + ")" * 9,
    "https://x.io/))).",
    "www..,;",
    "@a.",
    "a@b.cc@",
    "mailto:.,; سلام ",
]
SIZES = (1_000_000, 10_000_000)
TARGET = 3 * SIZES[1] / SIZES[0]


def _text(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _timed(fn: object, *args: object) -> float:
    """CPU seconds of this process (steadier than the wall clock on a shared machine)."""
    start = time.process_time()
    fn(*args)  # type: ignore[operator]
    return time.process_time() - start


def _render(path: Path) -> float:
    exe = Path(sys.executable).with_name("threadtui")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "threadtui"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [*cmd, "render", "--width", "80", "--max-size", "0", str(path)],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-layout", action="store_true", help="skip layout() of 10 MB")
    parser.add_argument("--shapes", type=int, default=len(SHAPES), help="first N shapes only")
    args = parser.parse_args()
    failed = False
    print(
        f"{'shape':<22} {'what':<11} {'1 MB':>8} {'10 MB':>8} {'ratio':>6}  (target <= {TARGET:g})"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for unit in SHAPES[: args.shapes]:
            results: dict[str, list[float]] = {"find_links": [], "layout": [], "render": []}
            for n in SIZES:
                text = _text(unit, n)
                results["find_links"].append(_timed(find_links, text))
                if not args.no_layout:
                    results["layout"].append(_timed(layout, text, 80))
                doc = {
                    "format": "threadtui/1",
                    "title": "t",
                    "comments": [{"id": "a", "body": text}],
                }
                path = Path(tmp, "t.json")
                path.write_text(json.dumps(doc), encoding="utf-8")
                results["render"].append(_render(path))
            for what, (small, large) in ((k, v) for k, v in results.items() if v):
                ratio = large / small
                miss = ratio > TARGET
                failed |= miss
                print(
                    f"{unit!r:<22} {what:<11} {small:>7.3f}s {large:>7.3f}s {ratio:>6.1f}"
                    + ("  MISS" if miss else "")
                )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
