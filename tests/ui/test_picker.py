"""The thread picker of `threadtui open export.xml` (#16.9)."""

from __future__ import annotations

from threadtui.importers import ThreadInfo
from threadtui.text import LayoutOptions
from threadtui.ui.picker import ThreadPicker

THREADS = [
    ThreadInfo(id="1", title="خط ۷ مترو", link="https://news.example/metro/"),
    ThreadInfo(id="2", title="Air quality", link="https://news.example/air/"),
    ThreadInfo(id="3", title="Budget", link=None, posts=4),
]


async def test_filter_then_enter_opens_the_thread() -> None:
    app = ThreadPicker(THREADS, "export.xml", LayoutOptions())
    async with app.run_test() as pilot:
        await pilot.press("a", "i", "r", "enter")
    assert app.return_value == "2"


async def test_escape_leaves_without_a_thread() -> None:
    app = ThreadPicker(THREADS, "export.xml", LayoutOptions())
    async with app.run_test() as pilot:
        await pilot.press("escape")
    assert app.return_value is None


async def test_titles_go_through_the_layout_engine() -> None:
    app = ThreadPicker(THREADS, "export.xml", LayoutOptions())
    async with app.run_test():
        from textual.widgets import OptionList

        shown = str(app.query_one(OptionList).get_option_at_index(0).prompt)
    assert "خط ۷ مترو" not in shown  # logical order would be wrong in a terminal
    assert "ﻭﺮﺘﻣ" in shown  # shaped (presentation forms), in visual order
