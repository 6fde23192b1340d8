"""The `?` screen: every key, as currently bound (the user's keymap included)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from threadtui.ui.bindings import ALL_KEYS


def key_label(keys: str) -> str:
    names = {
        "right_square_bracket": "]",
        "left_square_bracket": "[",
        "question_mark": "?",
        "space": "Space",
        "enter": "Enter",
        "pagedown": "PgDn",
        "pageup": "PgUp",
        "home": "Home",
        "end": "End",
        "tab": "Tab",
        "down": "↓",
        "up": "↑",
        "left": "←",
        "right": "→",
        "slash": "/",
        "escape": "Esc",
    }
    out = []
    for k in keys.split(","):
        k = k.strip()
        if k.startswith("ctrl+"):
            out.append("Ctrl-" + k[5:])
        else:
            out.append(names.get(k, k))
    return " ".join(out)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help_close"),
        Binding("j,down", "scroll_down", show=False),
        Binding("k,up", "scroll_up", show=False),
    ]

    def __init__(self, keymap: dict[str, str]) -> None:
        super().__init__()
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        table = Table(box=None, expand=False, show_header=True, pad_edge=False)
        table.add_column("Key", no_wrap=True)
        table.add_column("Action")
        table.add_column(Text("Id (for [keys] in config.toml)"), style="dim")
        section = None
        for sec, binding_id, default, description, _action in ALL_KEYS:
            if sec != section:
                section = sec
                table.add_row(Text(sec, style="bold underline"), "", "")
            keys = self.keymap.get(binding_id, default)
            table.add_row(Text(key_label(keys)), Text(description), Text(binding_id))
        with VerticalScroll(id="help-body"):
            yield Static(Text("threadtui keys", style="bold"), id="help-title")
            yield Static(table)
            yield Static(
                Text(
                    "Ctrl-p opens the command palette. Remap keys in the [keys] table of"
                    " config.toml in your config directory."
                ),
                id="help-foot",
            )

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down(animate=False)

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up(animate=False)
