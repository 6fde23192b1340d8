"""Choosing one thread of an export that holds many (`threadtui open export.xml`).

A list of the export's threads (title, link, id) with a filter line: typing narrows the
list, Enter opens the highlighted thread, Escape or q leaves without opening any.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from threadtui.text import LayoutOptions, layout_field
from threadtui.text.cells import rich_safe


def _label(t: Any, options: LayoutOptions, width: int) -> Text:
    """Title and link through the layout engine, as the reader shows every field: a
    Persian title arrives shaped and in visual order, controls made visible."""
    posts = f" · {t.posts:,} posts" if getattr(t, "posts", None) is not None else ""
    lines = [rich_safe(layout_field(f"{t.title}{posts}  [{t.id}]", width, options).text)]
    if t.link:
        lines.append("  " + rich_safe(layout_field(t.link, width - 2, options).text))
    return Text("\n".join(lines))


class ThreadPicker(App[str | None]):
    """Returns the chosen thread's id, or None."""

    CSS = """
    #head { height: 1; padding: 0 1; }
    #filter { height: 3; }
    OptionList { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "leave", "leave"), Binding("ctrl+q", "leave", "leave")]

    def __init__(self, threads: Sequence[Any], label: str, options: LayoutOptions) -> None:
        super().__init__()
        self.threads = list(threads)
        self.label = label
        self.options = options

    def compose(self) -> ComposeResult:
        head = f"{self.label}: {len(self.threads):,} threads. Type to filter, Enter opens."
        yield Static(rich_safe(layout_field(head, 200, self.options).text), id="head", markup=False)
        yield Input(placeholder="filter by title, link or id", id="filter")
        yield OptionList(*self._options(""))
        yield Footer()

    def _options(self, query: str) -> list[Option]:
        q = query.strip().casefold()
        width = max(20, self.size.width - 6) if self.size.width else 100
        return [
            Option(_label(t, self.options, width), id=str(i))
            for i, t in enumerate(self.threads)
            if not q or q in f"{t.title} {t.link or ''} {t.id}".casefold()
        ]

    def on_input_changed(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        if options.option_count:
            options.highlighted = 0

    def on_input_submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self._choose(options.get_option_at_index(options.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def on_key(self, event: Any) -> None:
        if event.key in ("down", "up", "pagedown", "pageup") and isinstance(self.focused, Input):
            self.query_one(OptionList).focus()

    def _choose(self, index: str | None) -> None:
        if index is not None:
            self.exit(self.threads[int(index)].id)

    def action_leave(self) -> None:
        self.exit(None)


def pick_thread(
    threads: Sequence[Any], label: str, options: LayoutOptions | None = None
) -> str | None:
    """Show the picker on the terminal; the chosen thread's id, or None."""
    from threadtui.ui.launch import _reattach_keyboard
    from threadtui.ui.textual_private import install_hangup_safe_writer

    _reattach_keyboard()
    install_hangup_safe_writer()
    return ThreadPicker(threads, label, options or LayoutOptions()).run()
