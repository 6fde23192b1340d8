"""The reader's theme: set before the first style pass, and the right NO_COLOR filter.

The default is the terminal's own palette (``ansi-dark``): readable on light and dark
terminals, in 16 colours, and the fewest colour codes on the wire. Textual's themes by
choice (``--theme``, ``theme =`` in config.toml).
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from threadtui.options import BY_NAME
from threadtui.ui.textual_private import line_filters, refresh_truecolor_filter

DEFAULT_THEME: str = BY_NAME["theme"].default


def set_initial_theme(app: App[Any], name: str) -> None:
    """What ``App._watch_theme`` does, minus its ``refresh_css``: set before the
    stylesheet is first parsed, the theme needs no second parse and restyling of every
    widget (about a tenth of the start-up time when set in on_mount)."""
    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    stale = [c for c in app.classes if c.startswith("-theme-")]
    if stale:
        app.set_class(False, *stale, update=False)
    app.set_class(True, f"-theme-{name}", update=False)
    app.set_class(dark, "-dark-mode", update=False)
    app.set_class(not dark, "-light-mode", update=False)
    refresh_truecolor_filter(app)
    # App.__init__ took the variables from the default theme; nothing is parsed yet.
    app.stylesheet.set_variables(app.get_css_variables())
    fit_no_color_filter(app)


def fit_no_color_filter(app: App[Any]) -> None:
    """Under NO_COLOR, the filter Textual would choose for *this* theme. App.__init__
    chose for its default theme (Monochrome), and Monochrome turns the ANSI theme's
    default colours into black on black: every character invisible."""
    if not app.no_color:
        return
    from textual.filter import Monochrome, NoColor

    wanted = NoColor() if app.native_ansi_color else Monochrome()
    filters = line_filters(app)
    filters[:] = [wanted if isinstance(f, (Monochrome, NoColor)) else f for f in filters]
