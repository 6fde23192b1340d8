"""Bytes per key over the wire, in CI: the targets of issue #6 at 120x40, 256 colours,
measured through a real pseudo-terminal by bench/bench_bandwidth.py, on a generated thread
and on the bundled sample:

- page-down: at most 2x the bytes `less` writes for a page of the same thread's
  `threadtui render` output at the same size;
- j: at most 1.5 KB.

And what makes them: the wire filter (threadtui.ui.wire) writes fewer bytes for the same
screen. The real reader, with and without it (THREADTUI_RAW_OUTPUT=1), is driven through
the same keys side by side, and the two emulated screens are compared cell by cell after
every key.

docs/performance.md ("Bandwidth") has the full table, where the bytes go, and what is
left to do.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import (
    ROOT,
    PtyApp,
    quit_and_check,
    require_tool,
    start_reader,
    wait_painted,
)

# One worker runs this module: its module fixture is costly, and xdist would build
# it again in every worker that gets one of its tests (--dist loadgroup).
pytestmark = [pytest.mark.pty, pytest.mark.xdist_group("bandwidth")]


def _bench():  # type: ignore[no-untyped-def]
    name = "bench_bandwidth"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def measured(tmp_path_factory):  # type: ignore[no-untyped-def]
    require_tool("less", "less")
    from threadtui.data import sample_path

    bench = _bench()
    tmp = tmp_path_factory.mktemp("bandwidth")
    home = tmp / "home"
    (home / ".config").mkdir(parents=True)
    generated = tmp / "generated.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "gen_thread.py"),
            "2000",
            "-o",
            str(generated),
            "--seed",
            "1",
            "-q",
        ],
        check=True,
        timeout=120,
    )
    results = []
    for name, path in (("generated", str(generated)), ("sample", str(sample_path()))):
        pages = bench.full_pages(path, name, 120, 40, tmp)
        # The bench's default protocol: 16 presses of j, up to 8 page-downs.
        results += bench.run_threadtui(
            path, name, 120, 40, "256", str(home), 8, {"j", "pagedown"}, pages
        )
        results += bench.run_less(path, name, 120, 40, "256", str(home), 8, tmp)
    table, _ = bench.table(results)
    print(table)
    return {(r.thread, r.program, r.key): r for r in results}


def test_measurement_is_sane(measured) -> None:  # type: ignore[no-untyped-def]
    for thread in ("generated", "sample"):
        for key in (("threadtui", "j"), ("threadtui", "page-down"), ("less", "page-down")):
            r = measured.get((thread, *key))
            assert r is not None and r.mean > 100, f"{thread} {key}: measured nothing"


@pytest.mark.parametrize("thread", ["generated", "sample"])
def test_page_down_within_twice_less(measured, thread) -> None:  # type: ignore[no-untyped-def]
    tt = measured[thread, "threadtui", "page-down"]
    less = measured[thread, "less", "page-down"]
    assert tt.mean <= 2.0 * less.mean, (
        f"page-down: threadtui {tt.mean:,.0f} B, less {less.mean:,.0f} B"
        f" ({tt.mean / less.mean:.2f}x, limit 2x)"
    )


@pytest.mark.parametrize("thread", ["generated", "sample"])
def test_j_within_1_5_kb(measured, thread) -> None:  # type: ignore[no-untyped-def]
    # On the sample most presses show the next screenful of a long comment: a full-pane
    # repaint each time, which the wire filter brings under the limit.
    tt = measured[thread, "threadtui", "j"]
    assert tt.mean <= 1536, f"j: threadtui {tt.mean:,.0f} B per key (limit 1,536)"


# --------------------------------------------------------------------------------------
# The same screen with and without the wire filter
# --------------------------------------------------------------------------------------

# Keys that repaint in every way the reader does: the cursor bar, a scroll, a page, a fold,
# the last comment's notice, the search bar and its counter, Enter to a match, the other
# pane, zoom, and the bidi modes (terminal and off write CSI 8 h, which stops erasing).
SCENARIO = (
    "j",
    "j",
    "j",
    "pagedown",
    "space",
    "space",
    "G",
    "j",
    "g",
    "/",
    "p",
    "e",
    "o",
    "enter",
    "escape",
    "tab",
    "j",
    "z",
    "z",
    "tab",
    "B",
    "j",
    "B",
    "pagedown",
    "B",
    "k",
)


def cells(app: PtyApp) -> list[tuple[object, ...]]:
    """Every cell as a person sees it: a blank without reverse, underline or strike shows
    only its background (the filter leaves whatever foreground is current on blanks)."""
    out: list[tuple[object, ...]] = []
    for y in range(app.screen.lines):
        line = app.screen.buffer[y]
        for x in range(app.screen.columns):
            c = line[x]
            if not c.data.strip() and not (c.reverse or c.underscore or c.strikethrough):
                out.append((y, x, c.bg))
            else:
                out.append(
                    (
                        y,
                        x,
                        c.data,
                        c.fg,
                        c.bg,
                        c.bold,
                        c.italics,
                        c.underscore,
                        c.reverse,
                        c.strikethrough,
                    )
                )
    return out


def settled_equal(raw: PtyApp, wire: PtyApp) -> bool:
    for _ in range(12):  # a slow machine may paint one of the two a little later
        raw.settle(0.1)
        wire.settle(0.1)
        if cells(raw) == cells(wire):
            return True
    return False


@pytest.mark.parametrize(
    ("term", "colorterm", "no_color", "size", "theme"),
    [
        ("xterm-256color", None, False, (120, 40), None),
        ("xterm-256color", "truecolor", False, (80, 24), "textual-dark"),
        ("linux", None, False, (80, 24), None),
        ("screen", None, True, (120, 40), None),
    ],
    ids=["256-120x40", "truecolor-80x24-textual-dark", "linux-80x24", "screen-no-color-120x40"],
)
def test_wire_filter_shows_the_same_screen(
    home: Path,
    term: str,
    colorterm: str | None,
    no_color: bool,
    size: tuple[int, int],
    theme: str | None,
) -> None:
    cols, rows = size
    extra = {"TEXTUAL_THEME": theme} if theme else {}
    # --no-state: the header's unread count follows the reading memory's periodic tick,
    # which lands at different moments in the two processes (14 unread against 15).
    raw = start_reader(
        home,
        ["--no-state"],
        cols=cols,
        rows=rows,
        term=term,
        colorterm=colorterm,
        no_color=no_color,
        extra_env={**extra, "THREADTUI_RAW_OUTPUT": "1"},
    )
    wire = start_reader(
        home,
        ["--no-state"],
        cols=cols,
        rows=rows,
        term=term,
        colorterm=colorterm,
        no_color=no_color,
        extra_env=extra,
    )
    with raw, wire:
        wait_painted(raw, r"\d comments?")
        wait_painted(wire, r"\d comments?")
        assert settled_equal(raw, wire), f"first screen differs\n{raw.dump()}\n{wire.dump()}"
        start_raw, start_wire = raw.output_len(), wire.output_len()
        for k in SCENARIO:
            raw.key(k, 0.05)
            wire.key(k, 0.05)
            assert settled_equal(raw, wire), (
                f"after {k!r} the screens differ\n{raw.dump()}\n{wire.dump()}"
            )
        sent_raw = raw.output_len() - start_raw
        sent_wire = wire.output_len() - start_wire
        assert sent_wire < 0.85 * sent_raw, (sent_raw, sent_wire)
        quit_and_check(raw)
        quit_and_check(wire)
