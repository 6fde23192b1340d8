"""The position on the bottom line: comment N of M and how far through the thread."""

from __future__ import annotations

from threadtui.data import sample_path
from threadtui.model import load_thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.position import percent, position_width

from .conftest import chain
from .screen import screen_text


def test_percent() -> None:
    assert percent(0, 40, 30) == "all"
    assert percent(0, 40, 400) == "top"
    assert percent(160, 40, 400) == "50%"
    assert percent(360, 40, 400) == "100%"


async def test_position_follows_the_cursor_and_the_focus() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        line = app.status_line
        assert line.position == "comment 1 of 17 · top"
        bottom = screen_text(app)[-1]
        assert "comment 1 of 17 · top" in bottom
        part = line.query_one("#status-position")
        width = part.size.width
        assert width == position_width(17)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert line.position.startswith("comment 2 of 17 · ")
        await pilot.press("G")
        await pilot.pause()
        assert line.position == "comment 17 of 17 · 100%"
        assert part.size.width == width, "the position part changed width"
        await pilot.press("g")
        await pilot.pause()
        assert line.position == "comment 1 of 17 · top"
        await pilot.press("tab")
        await pilot.pause()
        assert line.position == "article top"
        await pilot.press("G")
        await pilot.pause()
        assert line.position == "article 100%"


async def test_position_moves_with_the_pages() -> None:
    """Paging down a long chain: the percentage moves with the rows shown."""
    app = ReaderApp(chain(60), LayoutOptions())
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        before = app.status_line.position
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        after = app.status_line.position
        assert before.endswith("top") and after != before
        assert after.startswith("comment ") and after.endswith("%")
