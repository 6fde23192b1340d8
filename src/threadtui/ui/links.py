"""Links and copying that work over SSH.

A link opens in a browser only when the browser would open on the user's own screen: a
local session with a display. Over SSH (or with no display) it is copied to the user's own
clipboard with OSC 52 instead, which their terminal receives through the SSH connection.
Copies are always the logical text, never the reshaped, reordered screen form.
"""

from __future__ import annotations

import os
import sys
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from threadtui.text import LayoutOptions, clipboard_text, find_links
from threadtui.ui.bindings import Keymap, bindings_for, hint_key, key_label, keys_of
from threadtui.ui.paint import safe_link
from threadtui.ui.status import Field, Line, LineLabel, line_text
from threadtui.view.rows import ARTICLE_CAP, capped


def has_local_display() -> bool:
    if (
        os.environ.get("SSH_CONNECTION")
        or os.environ.get("SSH_TTY")
        or os.environ.get("SSH_CLIENT")
    ):
        return False
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


MAX_LINKS = 500


def links_in(text: str, permalink: str | None) -> list[str]:
    """The links a comment's ``text`` holds, then its permalink: only the safe ones
    (`paint.safe_link`), each once, in order."""
    links: list[str] = []
    seen: set[str] = set()
    # The part of the text the reader lays out, and at most MAX_LINKS entries: a 10 MB
    # comment of addresses would otherwise freeze `o` for seconds (#11.4).
    for link in find_links(capped(text, ARTICLE_CAP)[0]):
        safe = safe_link(link.url)
        if safe and safe not in seen:
            seen.add(safe)
            links.append(safe)
            if len(links) >= MAX_LINKS:
                break
    if permalink and (safe := safe_link(permalink)) and safe not in seen:
        links.append(safe)
    return links


def open_or_copy(app: object, url: str) -> Line:
    """Open ``url`` locally if we can, else copy it with OSC 52; returns what was done."""
    if has_local_display():
        import webbrowser

        try:
            if webbrowser.open(url, new=2):
                return ("Opened in your browser: ", Field(url, 200))
        except webbrowser.Error:
            pass
    app.copy_to_clipboard(clipboard_text(url))  # type: ignore[attr-defined]
    return ("Copied to your clipboard (OSC 52): ", Field(url, 200))


class LinkScreen(ModalScreen[str | None]):
    """The current comment's links, numbered; 1-9 (the ``links_pick`` keys) or Enter
    chooses one."""

    BINDINGS: ClassVar[list[Binding]] = bindings_for("links")  # type: ignore[assignment]
    # Each link is one row, cut with an ellipsis, never wrapped: in a terminal 9 columns
    # wide or narrower the list's content width reaches 0, and wrapping at width 0 raised
    # in Rich (#11.6). The box keeps a few columns even when the screen is narrower (the
    # screen clips it).
    DEFAULT_CSS = """
    LinkScreen #links-body { min-width: 12; }
    LinkScreen #links-list { text-wrap: nowrap; text-overflow: ellipsis; }
    LinkScreen Static { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(
        self, links: list[str], title: Line, keymap: Keymap, options: LayoutOptions
    ) -> None:
        super().__init__()
        self.links = links
        self.title_line = title
        self.keymap = keymap
        self.layout_options = options
        # The n-th key of links_pick picks the n-th link (the user's keys, if remapped):
        # one row of the bindings table for nine keys, so not a Textual binding (a keymap
        # would give every key every action); see on_key.
        self._pick_keys = keys_of("links_pick", keymap)

    def compose(self) -> ComposeResult:
        width = 100
        picks = [
            line_text((Field(key_label(k), 4),), 4, self.layout_options) for k in self._pick_keys
        ]
        with Vertical(id="links-body"):
            yield LineLabel(self.title_line, self.layout_options, style="bold", id="links-title")
            options = []
            for n, url in enumerate(self.links, 1):
                key = picks[n - 1] if n <= len(picks) else " "
                shown = line_text((Field(url, width),), width, self.layout_options)
                options.append(Option(Text(f"{key:>2}  {shown}"), id=str(n)))
            yield OptionList(*options, id="links-list")
            close = hint_key("links_close", self.keymap)
            yield Static(
                Text(
                    f"Enter or the key beside a link: open (or copy over SSH) · {close}: close",
                    style="dim",
                )
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key in self._pick_keys:
            event.stop()
            self.action_pick(self._pick_keys.index(event.key) + 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id or "1"))

    def action_pick(self, n: int) -> None:
        if 1 <= n <= len(self.links):
            self.dismiss(self.links[n - 1])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
