"""Themes: chosen at start (set before the stylesheet is parsed) or changed while reading."""

from __future__ import annotations

from rich.color import Color as RichColor
from textual.color import Color

from threadtui.model import Thread
from threadtui.text import LayoutOptions
from threadtui.ui.app import DEFAULT_THEME, ReaderApp
from threadtui.ui.paint import PaletteSource


def _surface(app: ReaderApp) -> RichColor:
    """The theme's $surface, the background the views paint on, as Rich sees it."""
    return Color.parse(app.get_css_variables()["surface"]).rich_color


async def test_the_start_theme_is_in_place_before_the_first_frame(him_again: Thread) -> None:
    for name in (None, "textual-light", "nord"):
        app = ReaderApp(him_again, LayoutOptions(), theme=name)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert app.theme == (name or DEFAULT_THEME)
            assert f"-theme-{app.theme}" in app.classes
            assert ("-dark-mode" in app.classes) == app.current_theme.dark
            assert ("-light-mode" in app.classes) != app.current_theme.dark
            # The role styles are resolved on the background the views paint on.
            base = app.query_one(PaletteSource).palette().base
            if app.current_theme.name.startswith("ansi"):  # the terminal's own background
                assert base.bgcolor is not None and base.bgcolor.is_default
            else:
                assert app.comments.styles.background.rich_color == _surface(app)
                assert base.bgcolor == _surface(app)


async def test_changing_the_theme_repaints_with_the_new_roles(him_again: Thread) -> None:
    app = ReaderApp(him_again, LayoutOptions(), theme="textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = app.comments._get_palette()
        app.theme = "nord"
        await pilot.pause()
        after = app.comments._get_palette()
        assert after is not before
        assert after.base.bgcolor == _surface(app) != before.base.bgcolor
        assert after.roles["author"] != before.roles["author"]
        # What is on screen uses it: the first comment row is painted on the new surface.
        strip = app.comments.render_line(0)
        assert any(seg.style is not None and seg.style.bgcolor == _surface(app) for seg in strip)


async def test_no_color_filter_fits_the_theme(him_again: Thread, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """NO_COLOR: no colours at all with the terminal's palette (Textual's NoColor), greys
    with a theme of fixed colours (Monochrome), also after switching theme."""
    from textual.filter import Monochrome, NoColor

    def kinds(app: ReaderApp) -> list[str]:
        return [type(f).__name__ for f in app._filters if isinstance(f, (Monochrome, NoColor))]

    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(him_again, LayoutOptions())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert kinds(app) == ["NoColor"]
        app.theme = "nord"
        await pilot.pause()
        assert kinds(app) == ["Monochrome"]
        app.theme = "ansi-light"
        await pilot.pause()
        assert kinds(app) == ["NoColor"]
    monkeypatch.setenv("NO_COLOR", "1")
    app = ReaderApp(him_again, LayoutOptions(), theme="textual-dark")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert kinds(app) == ["Monochrome"]
