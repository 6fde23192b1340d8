"""The reader's theme: set before the first style pass, and the right NO_COLOR filter.

The default is the terminal's own palette (``ansi-dark``): readable on light and dark
terminals, in 16 colours, and the fewest colour codes on the wire. Textual's themes by
choice (``--theme``, ``theme =`` in config.toml, or the command palette's "Change the
theme", which saves the choice to config.toml: `ThemeSaver`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandPalette
from textual.theme import ThemeProvider

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


@dataclass(frozen=True)
class ThemeStore:
    """Where a theme chosen in the palette is saved."""

    #: The config file in use (``--config FILE``, else the default one).
    path: Path | None
    #: What still wins over the config file (``--theme``, ``THREADTUI_THEME``), if any.
    override: str | None = None


class ThemeSaver:
    """The palette's theme choice: applied at once, then written to the config file in a
    worker thread (a write and two fsyncs must not hold up the keys), one notice saying
    where it went or why it did not."""

    def __init__(self, app: App[Any], store: ThemeStore | None) -> None:
        self._app = app
        self._store = store
        self._lock = threading.Lock()
        self._wanted: str | None = None

    def open_chooser(self) -> None:
        """Textual's theme chooser, each entry calling `choose` instead of setting the
        theme only."""
        self._app.push_screen(
            CommandPalette(providers=[_saving_provider(self)], placeholder="Search for themes…")
        )

    def choose(self, name: str) -> None:
        self._app.theme = name
        if self._store is None:
            return
        self._wanted = name
        self._app.run_worker(self._save, thread=True, group="config")

    def _save(self) -> None:
        from threadtui.config import ConfigSaveError, save_setting

        assert self._store is not None
        # Two choices in quick succession: whichever thread writes last writes the last
        # choice, so the file always ends with the theme on screen.
        with self._lock:
            name = self._wanted
            if name is None:
                return
            try:
                path = save_setting("theme", name, self._store.path)
            except ConfigSaveError as e:
                self._tell(f"Theme not saved: {e}", "warning")
                return
        tail = f" ({self._store.override} takes precedence)" if self._store.override else ""
        self._tell(f"Theme {name} saved to {path}{tail}", "information")

    def _tell(self, text: str, severity: str) -> None:
        self._app.call_from_thread(self._notify, text, severity)

    def _notify(self, text: str, severity: Any) -> None:
        # The path and the parser's words come from outside: plain text (markup=False),
        # which ReaderApp.notify lays out as such (ui/notices.py).
        self._app.notify(text, severity=severity, timeout=6, markup=False)


def _saving_provider(saver: ThemeSaver) -> type[ThemeProvider]:
    class SavingThemeProvider(ThemeProvider):
        @property
        def commands(self) -> list[tuple[str, Callable[[], None]]]:
            names = sorted(self.app.available_themes)
            return [(name, partial(saver.choose, name)) for name in names]

    return SavingThemeProvider
