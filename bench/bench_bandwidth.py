#!/usr/bin/env python3
"""Bytes on the wire per key: threadtui against `less`, through a real pseudo-terminal.

What an SSH reader pays for each key is what the app writes to its terminal. This runs
the `threadtui` console script on a pty (tools/ptyterm.py), presses keys and counts the
bytes written until the screen settles:

- ``j``: next comment (or the rest of a long one),
- ``pagedown``: a page of comments,
- ``toggle``: Space on a comment with replies (fold, then unfold),
- ``search``: one typed character in the search bar (incremental search),

at 120x40 and 80x24, in 256 colours (TERM=xterm-256color) and truecolor (plus
COLORTERM=truecolor), on a generated thread (tools/gen_thread.py) and the bundled sample.
The colour depth matters only with a theme of fixed colours (``--theme textual-dark``);
the default theme (ansi-dark) draws with the terminal's 16-colour palette.
Beside it, `less` pages the `threadtui render --width W` output of the same thread at the
same terminal size: bytes per Space (a page) and per ``j`` (a line).

Prints a table with the ratios and, with ``--breakdown``, where the bytes go (colour
codes, cursor moves, padding, erased blanks, which part of the screen). Exits 1 when, at
120x40, threadtui writes more than 2x less's bytes per page-down, or more than 1.5 KB per
``j``.

The reader sends its frames through the wire filter (threadtui.ui.wire: only attribute
changes, blank runs erased). ``--env THREADTUI_RAW_OUTPUT=1`` measures Textual's own
output instead, and ``--filter-cost`` times the filter on the frames the reader renders
(headless) at 120x40: full repaints and the updates keys make.

    .venv/bin/python bench/bench_bandwidth.py                 # everything (about 3 min)
    .venv/bin/python bench/bench_bandwidth.py --quick         # 120x40, 256 colours only
    .venv/bin/python bench/bench_bandwidth.py --json out.json --breakdown
    .venv/bin/python bench/bench_bandwidth.py --theme textual-dark      # fixed colours
    .venv/bin/python bench/bench_bandwidth.py --env THREADTUI_RAW_OUTPUT=1  # unfiltered
    .venv/bin/python bench/bench_bandwidth.py --filter-cost   # the filter's time per frame
    .venv/bin/python bench/bench_bandwidth.py --big 100000    # search steps, C, E, G (#18.1)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from ptyterm import PtyApp, find_program, user_env, wait_idle  # noqa: E402

NARROW = 110  # the reader shows one pane at a time below this width (ui/app.py)
J_LIMIT = 1536  # bytes per j at 120x40
PAGE_RATIO = 2.0  # threadtui / less bytes per page-down at 120x40
QUIET = 0.15  # a key's output is over after this long without a byte
FIRST = 1.0  # but first wait this long for it to start (a loaded machine is slow to answer)
SEARCH_WORD = "people"


@dataclass
class Result:
    thread: str
    size: str
    colours: str
    key: str
    program: str
    samples: list[int] = field(default_factory=list)
    breakdown: dict[str, int] = field(default_factory=dict)
    latency_ms: list[float] = field(default_factory=list)  # --big only

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples) if self.samples else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else 0.0


# --------------------------------------------------------------------------------------
# Where the bytes go
# --------------------------------------------------------------------------------------

_TOKEN = re.compile(
    rb"(?P<cup>\x1b\[(?P<r>\d+);(?P<c>\d+)H)"
    rb"|(?P<sgr>\x1b\[[0-9;:]*m)"
    rb"|(?P<ech>\x1b\[\d*X\x1b\[(?P<n>\d*)C)"
    rb"|(?P<osc>\x1b\][^\x07\x1b]*(?:\x07|\x1b\\))"
    rb"|(?P<esc>\x1b\[[0-9;?<>=$ ]*[A-Za-z~]|\x1b[^\[\]])"
    rb"|(?P<nl>\r\n|\r|\n)"
    rb"|(?P<spaces>  +)"
    rb"|(?P<text>[^\x1b\r\n]+?(?=\x1b|\r|\n|  |$))",
    re.S,
)


def breakdown(data: bytes, cols: int, rows: int, split: int | None) -> dict[str, int]:
    """Bytes by kind (sgr, cursor, padding, text, other) and by screen region."""
    from wcwidth import wcswidth

    out: dict[str, int] = {}
    y = x = 0
    pending_sgr = 0

    def region() -> str:
        if y == 0:
            return "header"
        if y >= rows - 1:
            return "footer"
        if split is None:
            return "scrollbar" if x >= cols - 1 else "pane"
        if x >= cols - 1:
            return "comments scrollbar"
        if x >= split:
            return "comments"
        return "article"

    def add(key: str, n: int) -> None:
        out[key] = out.get(key, 0) + n

    for m in _TOKEN.finditer(data):
        kind = m.lastgroup if m.lastgroup not in ("r", "c") else "cup"
        n = len(m.group(0))
        if m.group("ech"):
            add("kind: erased blanks (ECH + CUF)", n)
            add(f"region: {region()}", n + pending_sgr)
            pending_sgr = 0
            x += int(m.group("n") or 1)
            continue
        if m.group("cup"):
            y, x = int(m.group("r")) - 1, int(m.group("c")) - 1
            add("kind: cursor moves", n)
        elif m.group("sgr"):
            add("kind: colour/attribute codes", n)
            pending_sgr += n
            continue
        elif m.group("osc"):
            add("kind: OSC (hyperlinks, clipboard)", n)
        elif m.group("esc"):
            add("kind: other escapes", n)
        elif m.group("nl"):
            add("kind: cursor moves", n)
            y, x = y + 1, 0
        else:
            text = m.group(0)
            add("kind: padding (runs of spaces)" if kind == "spaces" else "kind: text", n)
            where = region()
            add(f"region: {where}", n + pending_sgr)
            pending_sgr = 0
            try:
                x += max(0, wcswidth(text.decode("utf-8", "replace")))
            except Exception:
                x += len(text)
            continue
        if pending_sgr:
            add(f"region: {region()}", pending_sgr)
            pending_sgr = 0
    return out


# --------------------------------------------------------------------------------------
# threadtui
# --------------------------------------------------------------------------------------


def _comment_count(path: str) -> int:
    from threadtui.importers import load_any

    return len(load_any(path))


def _first_with_replies(path: str) -> int:
    """How many `]` presses from the first comment reach a top-level comment with replies."""
    from threadtui.importers import load_any

    thread = load_any(path)
    roots = thread.children(-1)
    for k, i in enumerate(roots):
        if thread.end[i] - i > 1:
            return k
    return 0


def _mark_column(app: PtyApp) -> int | None:
    for y in range(app.screen.lines):
        line = app.screen.buffer[y]
        for x in range(app.screen.columns):
            if line[x].data == "▌":
                return x
    return None


PROGRAM: list[str] = []  # --program: another build to measure
EXTRA_ENV: dict[str, str] = {}  # --env K=V


def run_threadtui(
    path: str,
    name: str,
    cols: int,
    rows: int,
    colours: str,
    home: str,
    reps: int,
    keys: set[str],
    pages: int | None = None,
) -> list[Result]:
    env = user_env(
        "xterm-256color",
        colorterm="truecolor" if colours == "truecolor" else None,
        home=home,
        extra=EXTRA_ENV,
    )
    size = f"{cols}x{rows}"
    results: list[Result] = []
    app = PtyApp([*(PROGRAM or [find_program("threadtui")]), path], cols, rows, env)
    with app:
        if not app.wait_for(r"\d comments?", 60):
            raise SystemExit(f"threadtui did not start on {path}:\n{app.dump()}")
        app.settle(0.5)
        if _mark_column(app) is None:  # narrow: opened on the article; Tab to the comments
            app.key("tab", QUIET)
            app.settle(0.3)
        split = _mark_column(app) if cols >= NARROW else None

        def measure(key: str, label: str, n: int) -> Result:
            r = Result(name, size, colours, label, "threadtui")
            start = app.output_len()
            for _ in range(n):
                _, got = app.key(key, QUIET, first=FIRST)
                r.samples.append(got)
            r.breakdown = breakdown(app.output(start), cols, rows, split)
            return r

        if "j" in keys:
            app.key("g", QUIET)
            # Never past the last comment: there j only shows a "Last comment" notice.
            results.append(measure("j", "j", min(reps * 2, _comment_count(path) - 1)))
        if "pagedown" in keys:
            app.key("g", QUIET)
            results.append(measure("pagedown", "page-down", min(reps, pages or reps)))
        if "toggle" in keys:
            app.key("g", QUIET)
            for _ in range(_first_with_replies(path)):
                app.key("]", QUIET)
            app.settle(0.3)
            results.append(measure("space", "toggle", reps))
        if "search" in keys:
            app.key("g", QUIET)
            app.key("/", QUIET)
            app.settle(0.3)
            r = Result(name, size, colours, "search key", "threadtui")
            start = app.output_len()
            for ch in SEARCH_WORD[: max(3, min(len(SEARCH_WORD), reps))]:
                _, got = app.key(ch, QUIET, first=FIRST)
                r.samples.append(got)
            r.breakdown = breakdown(app.output(start), cols, rows, split)
            results.append(r)
            # Idle with the search bar open: the input's blinking cursor.
            idle = Result(name, size, colours, "idle 1 s, search bar open", "threadtui")
            before = app.output_len()
            app.read(2.0)
            idle.samples.append(round((app.output_len() - before) / 2.0))
            results.append(idle)
            app.send("escape")
            app.settle(0.3)
        app.send("q")
        app.wait(15)
    return results


# --------------------------------------------------------------------------------------
# A big thread: search steps, fold-all, expand-all, G (#18.1)
# --------------------------------------------------------------------------------------

STEP_LIMIT = 2048  # bytes per search Enter / n at 120x40
BIG_KEYS = (
    # (label, key, presses): what each measures; the frames are counted too
    ("search Enter", "enter", 8),
    ("n", "n", 8),
    ("collapse all (C)", "C", 1),
    ("expand all (E)", "E", 1),
    ("G", "G", 1),
    ("g", "g", 1),
)


def _frames_in(data: bytes) -> int:
    return data.count(b"\x1b[?2026h")


def run_big(path: str, name: str, home: str, word: str) -> list[Result]:
    """Search Enter and n, C, E, G and g on a big thread at 120x40, 256 colours, on an
    emulator that answers the synchronized-output query (so each frame is bracketed and
    counted). Enter is pressed with the bar open after typing ``word``; n after Esc."""
    env = user_env("xterm-256color", home=home, extra=EXTRA_ENV)
    results: list[Result] = []
    app = PtyApp([*(PROGRAM or [find_program("threadtui")]), path], 120, 40, env, sync_output=True)
    with app:
        if not app.wait_for(r"\d comments?", 120):
            raise SystemExit(f"threadtui did not start on {path}:\n{app.dump()}")
        if not app.wait_gone("Loading", 300):
            raise SystemExit(f"threadtui did not finish loading {path}:\n{app.dump()}")
        # The search index is folded in the background after the load: wait for it, so
        # that what is measured is the keys, not the keys sharing the interpreter.
        idle = wait_idle(app.pid)
        print(f"  loaded; the reader went idle {idle:.0f} s later", file=sys.stderr)
        app.settle(1.0)
        split = _mark_column(app)
        app.key("/", QUIET)
        app.settle(0.5)
        # The first keystroke: when does each frame after it end? The first is the bar's
        # echo of the letter; the one that shows the first match (its highlight, the
        # cursor on its comment) comes after the debounce (#18.3).
        n_before = len(app.chunks)
        sent = app.send(word[0])
        app.settle(0.5, timeout=120)
        frames_at = [
            (round((c.t - sent) * 1e3), c.data.count(b"\x1b[?2026l"), len(c.data))
            for c in app.chunks[n_before:]
            if b"\x1b[?2026l" in c.data
        ]
        print(
            f"  first keystroke {word[0]!r}: frames end at (ms, frames, bytes) {frames_at}",
            file=sys.stderr,
        )
        for ch in word[1:]:
            app.key(ch, QUIET, first=FIRST)
        app.settle(1.0, timeout=120)
        wait_idle(app.pid)  # the count
        for label, key, n in BIG_KEYS:
            if key == "n":
                app.key("escape", QUIET)
                app.settle(0.5)
            r = Result(name, "120x40", "256", label, "threadtui")
            start = app.output_len()
            frames = []
            for _ in range(n):
                before = app.output_len()
                took, got = app.key(key, 0.3, first=5.0)
                r.samples.append(got)
                r.latency_ms.append(took * 1e3)
                frames.append(_frames_in(app.output(before)))
            r.breakdown = breakdown(app.output(start), 120, 40, split)
            r.breakdown["frames: most in one press"] = max(frames)
            results.append(r)
        app.send("q")
        app.wait(15)
    return results


def big_table(results: list[Result]) -> tuple[str, list[str]]:
    lines = [
        "| thread | key | presses | B/key (mean) | median | max | frames (most) | ms (median) |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    failures = []
    for r in results:
        frames = r.breakdown.get("frames: most in one press", 0)
        lines.append(
            f"| {r.thread} | {r.key} | {len(r.samples)} | {r.mean:,.0f} | {r.median:,.0f} |"
            f" {max(r.samples):,} | {frames} | {statistics.median(r.latency_ms):.0f} |"
        )
        if r.key in ("search Enter", "n") and r.mean > STEP_LIMIT:
            failures.append(f"{r.thread}: {r.key} writes {r.mean:,.0f} B (limit {STEP_LIMIT:,})")
        if r.key not in ("search Enter", "n") and frames > 1:
            failures.append(f"{r.thread}: {r.key} takes {frames} frames (limit 1)")
    return "\n".join(lines), failures


# --------------------------------------------------------------------------------------
# less
# --------------------------------------------------------------------------------------


def render_text(path: str, name: str, cols: int, tmp: Path) -> Path:
    """`threadtui render --width COLS` of the thread, as less will page it."""
    text = tmp / f"{name.replace(' ', '-').replace(',', '')}-{cols}.txt"
    if not text.exists():
        out = subprocess.run(
            [find_program("threadtui"), "render", "--width", str(cols), path],
            capture_output=True,
            check=True,
            timeout=300,
        )
        text.write_bytes(out.stdout)
    return text


def full_pages(path: str, name: str, cols: int, rows: int, tmp: Path) -> int:
    """Page-downs that stay inside the render output (less at its end only redraws its
    prompt, which would flatter it)."""
    lines = render_text(path, name, cols, tmp).read_bytes().count(b"\n")
    return max(1, lines // (rows - 1) - 1)


def run_less(
    path: str, name: str, cols: int, rows: int, colours: str, home: str, reps: int, tmp: Path
) -> list[Result]:
    less = shutil.which("less")
    if less is None:
        raise SystemExit("less is not installed (Debian package less)")
    text = render_text(path, name, cols, tmp)
    pages = full_pages(path, name, cols, rows, tmp)
    env = user_env(
        "xterm-256color",
        colorterm="truecolor" if colours == "truecolor" else None,
        home=home,
        extra={"LESSHISTFILE": "-", "LESS": ""},
    )
    size = f"{cols}x{rows}"
    results = []
    with PtyApp([less, str(text)], cols, rows, env) as app:
        app.settle(0.5)
        for key, label, n in ((" ", "page-down", min(reps, pages)), ("j", "j", reps * 2)):
            r = Result(name, size, colours, label, "less")
            start = app.output_len()
            for _ in range(n):
                _, got = app.key(key, 0.1, first=FIRST)
                r.samples.append(got)
            r.breakdown = breakdown(app.output(start), cols, rows, None)
            results.append(r)
        app.send("q")
        app.wait(5)
    return results


# --------------------------------------------------------------------------------------
# The wire filter's cost
# --------------------------------------------------------------------------------------

COST_KEYS = (
    "j",
    "j",
    "j",
    "pagedown",
    "pagedown",
    "space",
    "space",
    "G",
    "g",
    "slash",
    "p",
    "e",
    "escape",
    "tab",
    "j",
    "z",
    "z",
)


async def _frames(
    path: str, cols: int, rows: int, theme: str | None
) -> tuple[list[str], list[str]]:
    """What the reader renders for its terminal (headless, 256 colours): the updates
    the keys make, as `App._display` would write them, and a full repaint after each."""
    from rich.color import ColorSystem
    from textual._compositor import CompositorUpdate

    from threadtui.importers import load_any
    from threadtui.text import LayoutOptions
    from threadtui.ui.app import ReaderApp

    app = ReaderApp(load_any(path), LayoutOptions(), theme=theme)
    app.console._color_system = ColorSystem.EIGHT_BIT
    updates: list[str] = []
    full: list[str] = []
    display = app._display

    def capture(screen: object, renderable: object) -> None:
        if isinstance(renderable, CompositorUpdate):
            updates.append(renderable.render_segments(app.console) + "\x1b[1;1H")
        display(screen, renderable)  # type: ignore[arg-type]

    app._display = capture  # type: ignore[method-assign]
    async with app.run_test(size=(cols, rows)) as pilot:
        await pilot.pause()
        for k in ("", *COST_KEYS):
            if k:
                await pilot.press(k)
                await pilot.pause()
            full.append(
                app.screen._compositor.render_update(full=True).render_segments(app.console)
            )
    return updates, full


def filter_cost(
    threads: list[tuple[str, str]], cols: int, rows: int, theme: str | None
) -> list[str]:
    """Milliseconds the wire filter takes per frame (best of 20 runs of each frame)."""
    import asyncio

    from threadtui.ui.wire import Modes, squeeze

    lines = []
    for name, path in threads:
        updates, full = asyncio.run(_frames(path, cols, rows, theme))
        for label, frames in (("full repaint", full), ("key update", updates)):
            times, before, after = [], 0, 0
            for f in frames:
                best = float("inf")
                for _ in range(20):
                    modes = Modes(wrap_off=True, bidi_explicit=True)
                    t0 = time.perf_counter()
                    out = squeeze(f, modes, rows)
                    best = min(best, time.perf_counter() - t0)
                times.append(best * 1e3)
                before += len(f.encode())
                after += len(out.encode())
            lines.append(
                f"- {name} {cols}x{rows} {label} ({len(frames)} frames, mean"
                f" {before / len(frames):,.0f} B -> {after / len(frames):,.0f} B):"
                f" {statistics.fmean(times):.2f} ms mean, {max(times):.2f} ms max"
            )
    return lines


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def table(results: list[Result]) -> tuple[str, list[str]]:
    less = {(r.thread, r.size, r.colours, r.key): r for r in results if r.program == "less"}
    lines = [
        "| thread | size | colours | key | threadtui B/key (mean) | median | max |"
        " less B/key (mean) | ratio |",
        "|---|---|---|---|---:|---:|---:|---:|---:|",
    ]
    failures = []
    for r in results:
        if r.program != "threadtui":
            continue
        lr = less.get((r.thread, r.size, r.colours, r.key))
        ratio = f"{r.mean / lr.mean:.2f}" if lr and lr.mean else "–"
        lmean = f"{lr.mean:,.0f}" if lr else "–"
        lines.append(
            f"| {r.thread} | {r.size} | {r.colours} | {r.key} | {r.mean:,.0f} |"
            f" {r.median:,.0f} | {max(r.samples):,} | {lmean} | {ratio} |"
        )
        if r.size == "120x40":
            if r.key == "j" and r.mean > J_LIMIT:
                failures.append(
                    f"{r.thread} {r.colours}: j writes {r.mean:,.0f} B (limit {J_LIMIT:,})"
                )
            if r.key == "page-down" and lr and r.mean > PAGE_RATIO * lr.mean:
                failures.append(
                    f"{r.thread} {r.colours}: page-down writes {r.mean:,.0f} B,"
                    f" {r.mean / lr.mean:.2f}x less's {lr.mean:,.0f} B"
                    f" (limit {PAGE_RATIO}x)"
                )
    return "\n".join(lines), failures


def breakdown_table(results: list[Result]) -> str:
    out = []
    for r in results:
        if not r.breakdown or r.size != "120x40" or r.colours != "256":
            continue
        total = sum(v for k, v in r.breakdown.items() if k.startswith("kind:"))
        if not total:
            continue
        # less scrolls by printing at the bottom row: its regions mean nothing.
        items = [
            (k, v)
            for k, v in r.breakdown.items()
            if r.program == "threadtui" or k.startswith("kind:")
        ]
        parts = ", ".join(
            f"{k.split(': ')[1]} {100 * v / total:.0f}%"
            for k, v in sorted(items, key=lambda kv: -kv[1])
            if v * 50 >= total
        )
        out.append(f"- {r.program} {r.thread} {r.key}: {parts}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--comments", type=int, default=2000, help="generated thread size")
    p.add_argument("--reps", type=int, default=8, help="presses per key (j: twice this)")
    p.add_argument("--quick", action="store_true", help="120x40, 256 colours, generated only")
    p.add_argument("--sizes", default="120x40,80x24")
    p.add_argument("--keys", default="j,pagedown,toggle,search")
    p.add_argument("--json", help="write the raw results here")
    p.add_argument("--breakdown", action="store_true", help="where the bytes go")
    p.add_argument(
        "--theme",
        help="a Textual theme for threadtui (TEXTUAL_THEME), e.g."
        " textual-dark; default: the app's own (ansi-dark)",
    )
    p.add_argument("--program", help="measure this executable instead of threadtui")
    p.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="K=V",
        help="extra environment for threadtui (repeatable)",
    )
    p.add_argument(
        "--filter-cost",
        action="store_true",
        help="only time the wire filter on the reader's frames at 120x40",
    )
    p.add_argument(
        "--big",
        type=int,
        metavar="N",
        help="only the big-thread keys (search Enter, n, C, E, G, g) on a generated"
        " N-comment thread, 120x40, frames counted (#18.1)",
    )
    p.add_argument("--word", default=SEARCH_WORD, help="what --big searches for")
    args = p.parse_args(argv)
    if args.program:
        PROGRAM[:] = [args.program]
    for kv in args.env:
        k, _, v = kv.partition("=")
        EXTRA_ENV[k] = v
    if args.theme:
        EXTRA_ENV["TEXTUAL_THEME"] = args.theme

    sizes = [tuple(int(v) for v in s.split("x")) for s in args.sizes.split(",")]
    colour_modes = ["256", "truecolor"]
    keys = set(args.keys.split(","))
    if args.quick:
        sizes, colour_modes = [(120, 40)], ["256"]
    results: list[Result] = []
    t0 = time.monotonic()
    if args.big:
        with tempfile.TemporaryDirectory(prefix="tt-bw-") as tmpdir:
            home = Path(tmpdir) / "home"
            (home / ".config").mkdir(parents=True)
            gen = ROOT / "bench" / "data" / f"gen-{args.big}.json"
            if not gen.exists():
                gen.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    [
                        sys.executable,
                        str(ROOT / "tools" / "gen_thread.py"),
                        str(args.big),
                        "-o",
                        str(gen),
                        "--seed",
                        "1",
                        "-q",
                    ],
                    check=True,
                )
            results = run_big(str(gen), f"generated {args.big:,}", str(home), args.word)
        text, failures = big_table(results)
        print(text)
        if args.breakdown:
            print("\nWhere the bytes go (120x40, 256 colours):")
            print(breakdown_table(results))
        if args.json:
            Path(args.json).write_text(
                json.dumps(
                    [asdict(r) | {"mean": r.mean, "median": r.median} for r in results], indent=1
                )
            )
        if failures:
            print("\nMISSED TARGETS:\n" + "\n".join(f"- {f}" for f in failures))
            return 1
        print(f"\nTargets met: search Enter / n <= {STEP_LIMIT:,} B, C / E / G / g one frame.")
        return 0
    if args.filter_cost:
        with tempfile.TemporaryDirectory(prefix="tt-bw-") as tmpdir:
            gen = Path(tmpdir) / f"generated-{args.comments}.json"
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "tools" / "gen_thread.py"),
                    str(args.comments),
                    "-o",
                    str(gen),
                    "--seed",
                    "1",
                    "-q",
                ],
                check=True,
            )
            from threadtui.data import sample_path

            threads = [(f"generated {args.comments:,}", str(gen)), ("sample", str(sample_path()))]
            print(f"Wire filter cost (theme {args.theme or 'ansi-dark'}, 256 colours):")
            print("\n".join(filter_cost(threads, 120, 40, args.theme)))
        return 0
    with tempfile.TemporaryDirectory(prefix="tt-bw-") as tmpdir:
        tmp = Path(tmpdir)
        home = tmp / "home"
        (home / ".config").mkdir(parents=True)
        gen = tmp / f"generated-{args.comments}.json"
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "tools" / "gen_thread.py"),
                str(args.comments),
                "-o",
                str(gen),
                "--seed",
                "1",
                "-q",
            ],
            check=True,
        )
        from threadtui.data import sample_path

        threads = [(f"generated {args.comments:,}", str(gen))]
        if not args.quick:
            threads.append(("sample", str(sample_path())))
        for name, path in threads:
            for cols, rows in sizes:
                for colours in colour_modes:
                    pages = full_pages(path, name, cols, rows, tmp)
                    results += run_threadtui(
                        path, name, cols, rows, colours, str(home), args.reps, keys, pages
                    )
                    results += run_less(path, name, cols, rows, colours, str(home), args.reps, tmp)
                    print(
                        f"  {name} {cols}x{rows} {colours}: done ({time.monotonic() - t0:.0f} s)",
                        file=sys.stderr,
                    )
    text, failures = table(results)
    print(text)
    if args.breakdown:
        print("\nWhere the bytes go (120x40, 256 colours):")
        print(breakdown_table(results))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [asdict(r) | {"mean": r.mean, "median": r.median} for r in results], indent=1
            )
        )
    if failures:
        print("\nMISSED TARGETS:\n" + "\n".join(f"- {f}" for f in failures))
        return 1
    print(f"\nTargets met at 120x40: j <= {J_LIMIT:,} B, page-down <= {PAGE_RATIO}x less.")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
