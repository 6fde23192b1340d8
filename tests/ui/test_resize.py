"""Resizing the terminal (#12.1): the screen follows the current size, whatever came before.

After any sequence of sizes the screen is, cell for cell, what a fresh start at the last
size shows with the cursor on the same comment: the pane arrangement, the header, every
laid-out row and the scroll position depend on the current size only, never on the sizes
in between (several resizes in quick succession included).
"""

from __future__ import annotations

import pytest

from threadtui.data import sample_path
from threadtui.model import load_thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.comments import CommentView

from .conftest import SAMPLES
from .screen import first_difference, screen_cells, screen_text

SEQUENCE = [(80, 24), (120, 40), (121, 40), (100, 30), (42, 12), (160, 50)]


async def _screen(path, sizes, keys, *, settle: bool = True, jump_to: int | None = None):  # type: ignore[no-untyped-def]
    """The screen after ``keys`` at the first size and then each of the other sizes;
    ``jump_to``: then put the cursor on that comment the way a jump does (from the top:
    ``]``, a search result, a link)."""
    app = ReaderApp(load_thread(path), LayoutOptions())
    async with app.run_test(size=sizes[0]) as pilot:
        await pilot.pause()
        for k in keys:
            await pilot.press(k)
        await pilot.pause()
        if jump_to is not None:
            app.comments.move_to(jump_to)
            await pilot.pause()
        for size in sizes[1:]:
            await pilot.resize_terminal(*size)
            if settle:
                await pilot.pause()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.focused, CommentView)
        return screen_cells(app), app.comments.cursor, screen_text(app)


@pytest.mark.parametrize("settle", [True, False], ids=["one-by-one", "in-quick-succession"])
@pytest.mark.parametrize(
    ("path", "moves"),
    [
        pytest.param(sample_path(), ["right_square_bracket"] * 2, id="sample"),
        pytest.param(SAMPLES / "persian.json", ["right_square_bracket"] * 3, id="persian"),
    ],
)
async def test_resize_sequence_equals_fresh_start(path, moves, settle) -> None:  # type: ignore[no-untyped-def]
    # Narrow screens open on the article: Tab to the comments, then move the cursor.
    got, cursor, text = await _screen(path, SEQUENCE, ["tab", *moves], settle=settle)
    want, want_cursor, _ = await _screen(path, SEQUENCE[-1:], [], jump_to=cursor)
    assert cursor == want_cursor > 0
    if got != want:
        pytest.fail(first_difference(got, want) + "\n\n" + "\n".join(text), pytrace=False)


@pytest.mark.parametrize("size", SEQUENCE[1:])
async def test_each_step_equals_fresh_start(size) -> None:  # type: ignore[no-untyped-def]
    """80x24 → size: one pane below 110 columns, two beside each other from 110, the
    header as wide as the screen."""
    moves = ["right_square_bracket"] * 2
    got, cursor, text = await _screen(sample_path(), [(80, 24), size], ["tab", *moves])
    fresh = ["tab"] if size[0] < 110 else []
    want, _, _ = await _screen(sample_path(), [size], fresh, jump_to=cursor)
    if got != want:
        pytest.fail(first_difference(got, want) + "\n\n" + "\n".join(text), pytrace=False)
    assert len(text[0].rstrip()) > size[0] - 4, "the header does not span the screen"


async def test_article_keeps_its_top_line_across_widths() -> None:
    """The article scrolled part way: a new width keeps the text at its top at the top
    (what less does), instead of the row number, which now holds other text."""
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(12):
            await pilot.press("j")
        await pilot.pause()
        art = app.article
        assert app.focused is art and round(art.scroll_y) == 12
        before = art._top_anchor()
        assert before is not None
        for size in [(160, 50), (42, 12), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            field, offset = before
            row = art.row_of(field, offset)
            assert row is not None and round(art.scroll_y) == row, size
