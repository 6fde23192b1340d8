"""Mouse clicks on the comments, and the help screen paged like a pager (#12)."""

from __future__ import annotations

from threadtui.data import sample_path
from threadtui.model import load_thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp


async def test_click_selects_a_comment_and_its_header_folds_it() -> None:
    thread = load_thread(sample_path())
    parent = thread.index_of("c17")
    assert parent is not None
    app = ReaderApp(thread, LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        view = app.comments
        # Clicking a body row of the second comment: the cursor goes there, no fold.
        start = view._map.start(1) - round(view.scroll_y)
        await pilot.click(view, offset=(10, 1 + start + 1))  # +1: the title row
        await pilot.pause()
        assert view.cursor == 1 and not view.fold.collapsed[1]
        # The header of the comment with a reply: selected and folded, then unfolded.
        view.move_to(parent)
        await pilot.pause()
        row = view._map.start(parent) - round(view.scroll_y)
        await pilot.click(view, offset=(10, 1 + row))
        await pilot.pause()
        assert view.cursor == parent and view.fold.collapsed[parent]
        row = view._map.start(parent) - round(view.scroll_y)
        await pilot.click(view, offset=(10, 1 + row))
        await pilot.pause()
        assert not view.fold.collapsed[parent]


async def test_help_pages_like_a_pager() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        body = help_screen.body  # type: ignore[attr-defined]
        assert body.max_scroll_y > 0
        page = body.scrollable_content_region.height - 1
        await pilot.press("space")
        await pilot.pause()
        assert round(body.scroll_y) == page
        await pilot.press("j")
        await pilot.pause()
        assert round(body.scroll_y) == page + 1
        await pilot.press("k", "b")
        await pilot.pause()
        assert round(body.scroll_y) == 0
        await pilot.press("G")
        await pilot.pause()
        assert round(body.scroll_y) == body.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert round(body.scroll_y) == 0
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is not help_screen
