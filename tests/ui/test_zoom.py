"""Zoom (`z`, #12.2): the focused pane fills the screen and is laid out at that width.

At 110 columns and more the panes sit side by side at 2:3; zoomed, the pane is as wide
as the screen and its rows are laid out for exactly that width: every body row of the
comment under the cursor is on screen, whole (before, the pane kept its share of a
wider-than-the-screen row and clipped it: Persian bodies, flush right, vanished).
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from threadtui.data import sample_path
from threadtui.model import load_thread
from threadtui.text import LayoutOptions, cell_len
from threadtui.ui.app import ReaderApp
from threadtui.view.rows import article_rows, comment_rows

from .conftest import SAMPLES
from .screen import screen_text

SIZES = [(80, 24), (120, 40), (160, 50), (200, 60)]


@asynccontextmanager
async def _zoomed(path, size, keys):  # type: ignore[no-untyped-def]
    """The app at ``size`` after ``keys``, running, with its thread and screen rows."""
    thread = load_thread(path)
    app = ReaderApp(thread, LayoutOptions())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for k in keys:
            await pilot.press(k)
        await pilot.pause()
        await pilot.pause()
        yield app, thread, screen_text(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("path", "keys"),
    [
        pytest.param(SAMPLES / "persian.json", [], id="persian"),
        pytest.param(sample_path(), ["right_square_bracket"], id="sample-c2"),
    ],
)
async def test_zoomed_comment_shows_every_body_row(path, keys, size) -> None:  # type: ignore[no-untyped-def]
    cols = size[0]
    to_comments = ["tab"] if cols < 110 and "sample" in str(path) else []
    async with _zoomed(path, size, [*to_comments, *keys, "z"]) as (app, thread, text):
        check_comment(app, thread, text, size)


def check_comment(app, thread, text, size) -> None:  # type: ignore[no-untyped-def]
    cols, rows = size
    assert app.zoomed == (cols >= 110) and not app.article.display
    assert app.comments.size.width == cols, "the zoomed pane is not as wide as the screen"
    i = app.comments.cursor
    want = [r.text.rstrip() for r in comment_rows(thread, i, cols - 1, LayoutOptions())]
    assert any(r.kind == "body" for r in comment_rows(thread, i, cols - 1, LayoutOptions()))
    shown = [line[1:].rstrip() for line in text]
    start = shown.index(want[0])
    visible = min(len(want), rows - 2 - start)  # the header and bottom lines stay
    assert visible >= min(len(want), 8)
    assert shown[start : start + visible] == want[:visible], "\n".join(text)
    assert all(cell_len(line) == cols for line in text)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_zoomed_article_is_laid_out_at_the_screen_width(size) -> None:  # type: ignore[no-untyped-def]
    cols, _ = size
    keys = [] if cols < 110 else ["tab"]
    async with _zoomed(sample_path(), size, [*keys, "z"]) as (app, thread, text):
        check_article(app, thread, text, cols)


def check_article(app, thread, text, cols) -> None:  # type: ignore[no-untyped-def]
    assert app.zoomed == (cols >= 110) and not app.comments.display
    art = app.article
    assert art.size.width == cols
    width = art.scrollable_content_region.width
    want = [
        r.text.rstrip() for r in article_rows(thread.article, thread, width - 2, LayoutOptions())
    ]
    shown = [line.rstrip() for line in text[1:6]]
    assert [s.strip() for s in shown] == [w.strip() for w in want[:5]]


async def test_zoom_keeps_header_status_and_search_bar() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        text = screen_text(app)
        assert "comments · bidi:" in text[0]
        assert "help" in text[-1]
        await pilot.press("slash")
        await pilot.pause()
        assert app.searcher.typing()
        assert app.searcher.bar is not None and app.searcher.bar.region.height == 1
        await pilot.press("escape")
        await pilot.pause()
        assert not app.searcher.typing() and app.zoomed and app.focused is app.comments
        # Tab brings the other pane, zoomed in its turn; z shows both again.
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.article and app.article.size.width == 160
        assert not app.comments.display
        await pilot.press("z")
        await pilot.pause()
        assert not app.zoomed and app.comments.display and app.article.display
        assert app.article.outer_size.width + app.comments.size.width == 160


async def test_zoom_below_110_columns_says_why_nothing_changes() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert not app.zoomed
        assert "take turns" in app.status_line.shown_text()
