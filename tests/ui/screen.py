"""The whole screen of a running app, cell by cell, for comparing two screens.

Reads the screen's compositor (private to Textual, like tests/ui/test_wire.py does): what
the app would write for a full repaint, one `Strip` per terminal row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.app import App

if TYPE_CHECKING:
    from threadtui.ui.app import ReaderApp

Cell = tuple[str, Style | None]


def screen_cells(app: App[object]) -> list[list[Cell]]:
    """Every row of the screen as (character, style) cells."""
    rows: list[list[Cell]] = []
    for strip in app.screen._compositor.render_strips():
        cells: list[Cell] = []
        for seg in strip:
            for ch in seg.text:
                cells.append((ch, seg.style))
        rows.append(cells)
    return rows


def screen_text(app: App[object]) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def first_difference(a: list[list[Cell]], b: list[list[Cell]]) -> str:
    """Where two screens first differ, for an assertion message."""
    if len(a) != len(b):
        return f"{len(a)} rows against {len(b)}"
    for y, (ra, rb) in enumerate(zip(a, b, strict=True)):
        if ra != rb:
            ta = "".join(c for c, _ in ra)
            tb = "".join(c for c, _ in rb)
            for x, (ca, cb) in enumerate(zip(ra, rb, strict=False)):
                if ca != cb:
                    return f"row {y}, column {x}: {ca!r} against {cb!r}\n{ta}\n{tb}"
            return f"row {y}: {len(ra)} cells against {len(rb)}\n{ta}\n{tb}"
    return "no difference"


def said(app: ReaderApp) -> list[str]:
    """Record every notice the bottom line is given (a notice goes after a few seconds:
    on a loaded machine it can be gone before the test looks at the screen)."""
    notes: list[str] = []
    line = app.status_line
    say = line.say

    def record(text, timeout=3.0):  # type: ignore[no-untyped-def]
        say(text, timeout)
        notes.append(line.shown_text())

    line.say = record  # type: ignore[method-assign]
    return notes
