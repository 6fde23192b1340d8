"""Toasts laid out by the layout engine (#12, "every piece of user content drawn anywhere").

A warning that holds Persian shows shaped, in visual order, wrapped at the toast's width
by the engine (Textual's own wrapping of a visual-order line would put the paragraph's
last words on its first row), right-to-left rows flush right; a resize while it is up
lays it out again at the new width.
"""

from __future__ import annotations

import pytest
from textual.widget import Widget

from threadtui.text import LayoutOptions, cell_len
from threadtui.ui.app import ReaderApp
from threadtui.ui.notices import toast_rows, toast_text_width

from .conftest import make_thread
from .screen import screen_text

PERSIAN = (
    "پرونده‌ای که باز کردید نیمه‌تمام است و بقیهٔ نظرها را نمی‌توان خواند؛ آنچه هست نشان داده می‌شود."
)
MIXED = "Could not read the reading memory of «نظرهای خوانندگان دربارهٔ کتاب»: database is locked"


def app_with(notice: str, options: LayoutOptions | None = None) -> ReaderApp:
    thread = make_thread([{"id": "a", "body": "x"}])
    return ReaderApp(thread, options or LayoutOptions(), notices=[notice])


def the_toast(app: ReaderApp) -> Widget:
    toasts = list(app.screen.query("Toast"))
    assert len(toasts) == 1, f"{len(toasts)} toasts on screen"
    return toasts[0]


def toast_on_screen(app: ReaderApp) -> list[str]:
    """The toast's text rows as the screen shows them (inside its border and padding)."""
    region = the_toast(app).content_region
    text = screen_text(app)
    return [cells(text[y], region.x, region.right) for y in range(region.y, region.bottom)]


def cells(row: str, x0: int, x1: int) -> str:
    """Columns [x0, x1) of a screen row: zero-width characters (ZWNJ, harakat) belong to
    the cell before them, so the row cannot be sliced by character."""
    out: list[str] = []
    x = 0
    for ch in row:
        w = cell_len(ch)
        if x0 <= x < x1 or (w == 0 and x0 < x <= x1 and out):
            out.append(ch)
        x += w
    return "".join(out)


def want_rows(notice: str, width: int, options: LayoutOptions) -> list[str]:
    rows = toast_rows(notice, width, options).split("\n")
    return [row + " " * (width - cell_len(row)) for row in rows]


@pytest.mark.parametrize("width", [30, 40, 61, 80, 100, 119, 120, 121, 125, 126, 160, 200])
async def test_toast_width_is_the_real_one(width: int) -> None:
    app = app_with("a notice")
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        await pilot.pause()
        assert the_toast(app).content_region.width == toast_text_width(width)


@pytest.mark.parametrize("notice", [PERSIAN, MIXED], ids=["persian", "mixed"])
@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
async def test_a_persian_notice_is_laid_out(notice: str, size: tuple[int, int]) -> None:
    options = LayoutOptions()
    app = app_with(notice, options)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        width = toast_text_width(size[0])
        want = want_rows(notice, width, options)
        assert len(want) >= 2, "the notice should wrap at this width"
        assert toast_on_screen(app) == want
        shown = "\n".join(screen_text(app))
        assert "نیمه‌تمام" not in shown and "دربارهٔ" not in shown  # never the logical order
        if notice is PERSIAN:
            # Flush right, and the first row holds the paragraph's first word (on its right).
            first = toast_on_screen(app)[0]
            assert first.endswith(toast_rows("پرونده‌ای", 20, options).strip())


async def test_a_resize_lays_the_notice_out_again() -> None:
    options = LayoutOptions()
    app = app_with(PERSIAN, options)
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        assert toast_on_screen(app) == want_rows(PERSIAN, toast_text_width(160), options)
        await pilot.resize_terminal(70, 24)
        await pilot.pause()
        await pilot.pause()
        assert toast_on_screen(app) == want_rows(PERSIAN, toast_text_width(70), options)


@pytest.mark.parametrize("bidi", ["terminal", "off"])
async def test_other_modes_leave_the_text_logical(bidi: str) -> None:
    options = LayoutOptions(bidi=bidi)  # type: ignore[arg-type]
    app = app_with(PERSIAN, options)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        rows = toast_on_screen(app)
        assert rows == want_rows(PERSIAN, toast_text_width(80), options)
        assert "پرونده‌ای" in rows[0]  # typed order, unshaped, ZWNJ kept: the terminal's job


async def test_the_next_key_clears_a_notice() -> None:
    """As in less and mutt: a notice stays until the next key (or its timeout), and a key
    that says something shows its own notice."""
    thread = make_thread([{"id": "a", "body": "x " * 40}, {"id": "b", "body": "y"}])
    app = ReaderApp(thread, LayoutOptions())
    async with app.run_test(size=(80, 24)) as pilot:
        app.comments.focus()
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Copied" in app.status_line.shown_text()
        await pilot.press("j")
        await pilot.pause()
        assert app.comments.cursor == 1
        assert not app.status_line.notice, app.status_line.shown_text()
        await pilot.press("y")
        await pilot.pause()
        assert "Copied" in app.status_line.shown_text()
