"""The focused pane is unmistakable (#12.4): in every theme, under NO_COLOR, and after
every action that moves the focus (search, n, Esc), so that keys act where the reader
sees the focus.
"""

from __future__ import annotations

import pytest

from threadtui.data import sample_path
from threadtui.model import load_thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.focus import FOCUSED

from .conftest import SAMPLES
from .screen import said, screen_cells, screen_text

THEMES = ["ansi-dark", "ansi-light", "textual-dark", "textual-light", "nord"]


def titles(app: ReaderApp) -> tuple[str, str]:
    """The title rows of the article and the comment pane, as drawn."""
    row = screen_text(app)[1]
    split = app.comments.region.x
    return row[:split], row[split:]


def marker_is_reverse(app: ReaderApp) -> bool:
    row = screen_cells(app)[1]
    return any(ch == FOCUSED and style is not None and style.reverse for ch, style in row)


async def _check_both_ways(app: ReaderApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    assert app.focused is app.comments
    art, com = titles(app)
    assert f"{FOCUSED} Comments" in com and FOCUSED not in art, (art, com)
    assert "━" in com and "━" not in art, "the focused pane's rule is not the heavy one"
    assert marker_is_reverse(app)
    await pilot.press("tab")
    await pilot.pause()
    assert app.focused is app.article
    art, com = titles(app)
    assert f"{FOCUSED} Article" in art and FOCUSED not in com, (art, com)
    assert "━" in art and "━" not in com
    assert marker_is_reverse(app)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", [(120, 40), (160, 50)], ids=["120x40", "160x50"])
async def test_focused_pane_marked_in_every_theme(theme, size) -> None:  # type: ignore[no-untyped-def]
    app = ReaderApp(load_thread(sample_path()), LayoutOptions(), theme=theme)
    async with app.run_test(size=size) as pilot:
        await _check_both_ways(app, pilot)


@pytest.mark.parametrize("theme", ["ansi-dark", "textual-dark"])
async def test_focused_pane_marked_under_no_color(monkeypatch, theme) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(load_thread(sample_path()), LayoutOptions(), theme=theme)
    async with app.run_test(size=(160, 50)) as pilot:
        assert app.no_color
        await _check_both_ways(app, pilot)


async def test_one_pane_needs_no_title() -> None:
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Him again" in screen_text(app)[1], "narrow screens lose a row to a title"
    app = ReaderApp(load_thread(sample_path()), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("z")
        await pilot.pause()
        assert FOCUSED not in screen_text(app)[1]


async def test_search_wrapping_into_the_article_shows_the_focus_and_keys_act_there() -> None:
    """/ كتاب, Enter until the search wraps to the article's title, Esc: the focus is on
    the article, its title says so, the bottom line says why, and j/k say something
    (the article fits the pane: nothing to scroll) instead of seeming dead."""
    app = ReaderApp(load_thread(SAMPLES / "persian.json"), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"كتاب")
        await pilot.pause(0.4)
        for _ in range(60):
            await pilot.press("enter")
            await pilot.pause()
            cur = app.searcher.state.current if app.searcher.state else None
            if cur is not None and cur.index < 0:  # wrapped to the article's title
                break
        st = app.searcher.state
        assert st is not None and st.current is not None and st.current.index < 0
        notes = said(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.article
        art, com = titles(app)
        assert FOCUSED in art and FOCUSED not in com
        assert "article" in notes[-1].lower(), notes
        await pilot.press("j")
        await pilot.pause()
        assert "article" in notes[-1].lower() and "Tab" in notes[-1], notes
        # Tab: the comments, marked, and j moves their cursor.
        await pilot.press("tab")
        await pilot.pause()
        before = app.comments.cursor
        await pilot.press("j")
        await pilot.pause()
        assert app.focused is app.comments and FOCUSED in titles(app)[1]
        assert app.comments.cursor != before or app.comments.scroll_y > 0


async def test_n_into_the_other_pane_says_so() -> None:
    app = ReaderApp(load_thread(SAMPLES / "persian.json"), LayoutOptions())
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"کتاب", "escape")
        await pilot.pause(0.4)
        assert app.focused is app.comments
        notes = said(app)
        for _ in range(60):
            await pilot.press("n")
            await pilot.pause()
            if app.focused is app.article:
                break
        assert app.focused is app.article
        assert FOCUSED in titles(app)[0]
        assert "article" in notes[-1].lower(), notes
