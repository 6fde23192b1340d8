"""The `?` screen: every key of every screen, as currently bound, paged like a pager.

Read from the bindings table with the user's own keys (the ``[keys]`` table of
config.toml), each row with the id that remaps it. Pages as less does: Space/f/PgDn and
b/PgUp by a page, d/u by half a page, j/k (and e/y) by a line, g/G to the ends, q or Esc
to close; the last line says where you are.
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from threadtui.text import LayoutOptions
from threadtui.ui.bindings import KEYS, SECTIONS, Keymap, bindings_for, hint_key, key_label, keys_of
from threadtui.ui.status import Field, line_text


def key_cell(row_id: str, keymap: Keymap, options: LayoutOptions) -> Text:
    """The user's keys for a row; they come from a config file, so they go through the
    layout engine like any other text from outside."""
    labels = [key_label(k) for k in keys_of(row_id, keymap)]
    return Text(line_text((Field(" ".join(labels), 40),), 40, options) or "(unbound)")


def keys_table(keymap: Keymap, options: LayoutOptions) -> Table:
    table = Table(box=None, expand=True, show_header=True, pad_edge=False)
    table.add_column("Key", no_wrap=True, max_width=18, overflow="ellipsis")
    table.add_column("Action", ratio=1, min_width=24)
    table.add_column(Text("Id ([keys])"), style="dim", no_wrap=True, overflow="ellipsis")
    for screen, title in SECTIONS.items():
        table.add_row(Text(title, style="bold underline"), "", "")
        for row in KEYS:
            if row.screen == screen:
                table.add_row(
                    key_cell(row.id, keymap, options), Text(row.description), Text(row.id)
                )
    return table


class HelpScreen(ModalScreen[None], inherit_bindings=False):
    BINDINGS: ClassVar[list[Binding]] = bindings_for("help")  # type: ignore[assignment]

    def __init__(self, keymap: Keymap, options: LayoutOptions | None = None) -> None:
        super().__init__()
        self.keymap = keymap
        self.layout_options = options or LayoutOptions()

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            with VerticalScroll(id="help-body", can_focus=False):
                yield Static(Text("threadtui keys", style="bold"), id="help-title")
                yield Static(keys_table(self.keymap, self.layout_options), id="help-table")
                palette = hint_key("command_palette", self.keymap)
                yield Static(
                    Text(
                        f"{palette} opens the command palette. Remap keys in the [keys] table of"
                        ' config.toml in your config directory: id = "key,key".'
                    ),
                    id="help-foot",
                )
            yield Static(id="help-position")

    @property
    def body(self) -> VerticalScroll:
        return self.query_one("#help-body", VerticalScroll)

    def on_mount(self) -> None:
        self.body.watch(self.body, "scroll_y", lambda _: self._show_position(), init=False)
        self.call_after_refresh(self._show_position)

    def _page_rows(self) -> int:
        return max(1, self.body.scrollable_content_region.height)

    def _show_position(self) -> None:
        body = self.body
        total = max(1, body.virtual_size.height)
        top = round(body.scroll_y)
        bottom = min(total, top + self._page_rows())
        if body.max_scroll_y <= 0:
            where = "all"
        elif top <= 0:
            where = "top"
        elif top >= body.max_scroll_y:
            where = "end"
        else:
            where = f"{100 * bottom // total}%"
        close = hint_key("help_close", self.keymap)
        page = hint_key("help_page_down", self.keymap)
        self.query_one("#help-position", Static).update(
            Text(
                f" lines {top + 1}-{bottom} of {total} ({where}) · {page}: next page · {close}: close",
                style="dim",
            )
        )

    def _scroll_by(self, rows: int) -> None:
        body = self.body
        body.scroll_to(y=max(0, min(body.max_scroll_y, round(body.scroll_y) + rows)), animate=False)

    def action_line(self, n: int) -> None:
        self._scroll_by(n)

    def action_page(self, n: int) -> None:
        self._scroll_by(n * max(1, self._page_rows() - 1))

    def action_half_page(self, n: int) -> None:
        self._scroll_by(n * max(1, self._page_rows() // 2))

    def action_top(self) -> None:
        self.body.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.body.scroll_to(y=self.body.max_scroll_y, animate=False)
