"""The smaller points of #12 (item 11), each as a user meets it.

- ``n``/``N`` with the search bar closed show the counter and say when they wrap;
- the keyboard-layout retry (``;jhf`` finds کتاب) says which word it searched;
- ``/`` then Esc with nothing typed leaves the focus where it was (the article);
- Ctrl-d is half a page in both panes;
- the search input keeps room at 40 columns and shows typed Persian shaped, in visual
  order.
"""

from __future__ import annotations

from threadtui.data import sample_path
from threadtui.model import load_thread
from threadtui.text import LayoutOptions, layout_field
from threadtui.ui.app import ReaderApp

from .conftest import SAMPLES
from .screen import said, screen_text

PERSIAN = SAMPLES / "persian.json"
BOOK = "کتاب"


async def test_n_with_the_bar_closed_counts_and_says_it_wrapped() -> None:
    app = ReaderApp(load_thread(PERSIAN), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *BOOK)
        await pilot.pause(0.4)
        await pilot.press("escape")
        await pilot.pause()
        assert not app.searcher.typing()
        notes = said(app)
        await pilot.press("n")
        await pilot.pause()
        st = app.searcher.state
        assert st is not None and st.total > 2
        assert notes and notes[-1].startswith("Match ") and f"/{st.total}" in notes[-1], notes
        for _ in range(st.total + 1):
            await pilot.press("n")
            await pilot.pause()
        assert any("wrapped" in n for n in notes), notes
        await pilot.press("N")
        await pilot.pause()
        assert notes[-1].startswith(("Match ", "Search wrapped")), notes


async def test_the_keyboard_layout_retry_names_the_word_it_searched() -> None:
    app = ReaderApp(load_thread(PERSIAN), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        notes = said(app)
        await pilot.press("slash", *";jhf")
        await pilot.pause(0.5)
        st = app.searcher.state
        assert st is not None and st.total > 0
        shown = layout_field(BOOK, 10).text
        assert any("other keyboard layout" in n and shown in n for n in notes), notes


async def test_slash_then_esc_with_nothing_typed_keeps_the_focus() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is app.article
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.article


async def test_ctrl_d_is_half_a_page_in_both_panes() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        com, art = app.comments, app.article
        assert app.focused is com
        await pilot.press("ctrl+d")
        await pilot.pause()
        com_step = com.scroll_y
        await pilot.press("tab", "ctrl+d")
        await pilot.pause()
        art_step = art.scroll_y
        half = com.size.height // 2
        assert abs(com_step - half) <= 1 and abs(art_step - art.size.height // 2) <= 1, (
            com_step,
            art_step,
            half,
        )


async def test_search_input_at_40_columns() -> None:
    app = ReaderApp(load_thread(PERSIAN), LayoutOptions())
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *BOOK)
        await pilot.pause(0.4)
        bar = app.search_bar
        assert bar.input.size.width >= 12
        row = next(line for line in screen_text(app) if line.startswith(" /"))
        assert layout_field(BOOK, 10).text in row and BOOK not in row, row
