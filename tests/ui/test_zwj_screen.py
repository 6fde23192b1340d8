"""A ZWJ kept for the terminal (``terminal`` and ``off`` modes, #12.7) never shifts a row.

Rich, which Textual measures and crops with, counts a letter, ZWJ, letter as one cell;
a terminal draws two. A comment row holding ZWJs was padded by that many cells too many,
and pushed the rest of its screen row (the other pane, the border) to the right. Each
screen row must be exactly as wide as the screen, with the ZWJs still in it: side by
side, under the links box (which makes Textual cut the panes' rows), and in the header
and the bottom line (fields drawn by Rich, where a stray ZWJ is left out).
"""

from __future__ import annotations

import pytest

from threadtui.text import LayoutOptions, cell_len
from threadtui.ui.app import ReaderApp
from threadtui.ui.links import LinkScreen

from .conftest import make_thread
from .screen import screen_text

BODY = "س\u200dم\u200dم یعنی سازمان ملل؛ ه\u200d و ب\u200dا https://x.io/a " * 6
AUTHOR = "ب\u200dا\u200dب"


def zwj_thread():  # type: ignore[no-untyped-def]
    return make_thread(
        [
            {"id": "a", "author": AUTHOR, "body": BODY},
            {"id": "b", "author": "fred", "body": "plain " * 30},
        ],
        title="ه\u200d title",
        article={"title": "art", "body": BODY},
    )


def check_rows(app: ReaderApp, width: int) -> str:
    text = screen_text(app)
    for y, row in enumerate(text):
        assert cell_len(row) == width, f"row {y} is {cell_len(row)} cells wide: {row!r}"
    return "\n".join(text)


@pytest.mark.parametrize("bidi", ["terminal", "off"])
@pytest.mark.parametrize("size", [(160, 40), (80, 24)], ids=["160x40", "80x24"])
async def test_rows_with_zwj_fit_the_screen(bidi: str, size: tuple[int, int]) -> None:
    app = ReaderApp(zwj_thread(), LayoutOptions(bidi=bidi))  # type: ignore[arg-type]
    async with app.run_test(size=size) as pilot:
        app.comments.focus()
        await pilot.pause()
        shown = check_rows(app, size[0])
        assert "ب\u200dا" in shown, "the ZWJ of the body should reach the terminal"
        await pilot.press("A")  # the author filter's notice names the author
        await pilot.pause()
        check_rows(app, size[0])
        await pilot.press("A", "o")
        await pilot.pause()
        assert isinstance(app.screen, LinkScreen)
        check_rows(app, size[0])
