"""Links and copying that work over SSH.

A link opens in a browser only when the browser would open on the user's own screen: a
local session with a display. Over SSH (or with no display) it is copied to the user's own
clipboard with OSC 52 instead, which their terminal receives through the SSH connection.
Copies are always the logical text, never the reshaped, reordered screen form.
"""

from __future__ import annotations

import os
import sys

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from threadtui.text import layout_field


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


def open_or_copy(app: object, url: str) -> str:
    """Open ``url`` locally if we can, else copy it with OSC 52; returns what was done."""
    if has_local_display():
        import webbrowser

        try:
            if webbrowser.open(url, new=2):
                return f"Opened in your browser: {url}"
        except webbrowser.Error:
            pass
    app.copy_to_clipboard(url)  # type: ignore[attr-defined]
    return f"Copied to your clipboard (OSC 52): {url}"


class LinkScreen(ModalScreen[str | None]):
    """The current comment's links, numbered; 1-9 or Enter chooses one."""

    BINDINGS = [
        Binding("escape,q,o", "dismiss_none", "Close", id="links_close"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, links: list[str], title: str) -> None:
        super().__init__()
        self.links = links
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="links-body"):
            yield Static(Text(self.title_text, style="bold"))
            options = []
            for n, url in enumerate(self.links, 1):
                shown = layout_field(url, 100).text
                options.append(Option(Text(f"{n:>2}  {shown}"), id=str(n)))
            yield OptionList(*options, id="links-list")
            yield Static(Text("1-9 or Enter: open (or copy over SSH) · Esc: close", style="dim"))

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(int(event.option.id or "1"))

    def action_pick(self, n: int) -> None:
        if 1 <= n <= len(self.links):
            self.dismiss(self.links[n - 1])

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
