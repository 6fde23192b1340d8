"""The search bar: the query input, the options (whole word, regex, authors), the count.

The input edits the query in logical order, as any input does, but draws it the way the
layout engine lays it out: typed Persian or Arabic shows shaped and in visual order (in
app mode), with the cursor on the letter it is before in logical order. The options show
the user's own keys for the toggles; each toggle has a key that needs no Alt (Alt-w
arrives as ESC w in most terminals, and is caught too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Input, Static

from threadtui.search import SearchQuery
from threadtui.text import LayoutOptions, cell_len, layout_field
from threadtui.ui.bindings import Keymap, bindings_for, hint_key
from threadtui.ui.textual_private import is_exiting

OPTIONS = (
    ("search_word", "whole_word", "word"),
    ("search_regex", "regex", "regex"),
    ("search_authors", "authors_only", "authors"),
)
MIN_INPUT = 12  # cells the input keeps however narrow the screen


def has_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff" for ch in text)


class SearchInput(Input):
    """The query. Its keys (search rows of the bindings table) override Input's own
    Enter; the toggles and Esc are priority keys, so they act before the input types
    (ESC w arrives as alt+w *with* the character "w")."""

    BINDINGS: ClassVar[list[Binding]] = bindings_for("search")  # type: ignore[assignment]

    class Step(Message):
        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    def __init__(self, options: LayoutOptions, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.layout_options = options

    # A blinking cursor is a few hundred bytes a second over SSH for as long as the bar is
    # open; a steady one reads as well.
    def on_mount(self) -> None:
        self.cursor_blink = False

    def action_submit_next(self) -> None:
        self.post_message(self.Step(True))

    def action_submit_previous(self) -> None:
        self.post_message(self.Step(False))

    def action_close_search(self) -> None:
        # At once, not by a message: the keys after Esc in the same read (over SSH, from a
        # paste) must find the pane focused, not the input.
        bar = self.parent
        if isinstance(bar, SearchBar):
            bar.on_close()

    def action_toggle_option(self, name: str) -> None:
        bar = self.parent
        if isinstance(bar, SearchBar):
            bar.toggle(name)

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self.value or not has_rtl(self.value) or self.password:
            return super().render_line(y)
        return self._visual_line()

    def _visual_line(self) -> Strip:
        """The query laid out by the engine (shaped, visual order), cropped around the
        cursor, which sits on the cell of the character it is before (past the end of the
        line when it is at the end)."""
        width = max(1, self.scrollable_content_region.width)
        options = replace(self.layout_options, base_dir="auto")
        row = layout_field(self.value, 1 << 16, options)
        cells: list[tuple[str, int]] = []  # (character, logical offset)
        for k, ch in enumerate(row.text):
            cells.append((ch, row.offsets[k] if k < len(row.offsets) else -1))
        cursor = self.cursor_position
        at = next((k for k, (_, off) in enumerate(cells) if off == cursor), None)
        if at is None:  # at the end: after the last character in logical order
            at = len(cells) if not row.rtl else -1
        base = self.rich_style
        cursor_style = base + self.get_component_rich_style("input--cursor")
        segs: list[Segment] = []
        if at < 0 and self.has_focus:
            segs.append(Segment(" ", cursor_style))
        for k, (ch, _) in enumerate(cells):
            segs.append(Segment(ch, cursor_style if k == at and self.has_focus else base))
        if at >= len(cells) and self.has_focus:
            segs.append(Segment(" ", cursor_style))
        strip = Strip(segs)
        # Keep the cursor in view: the last `width` cells up to it, at most.
        cursor_cell = cell_len("".join(ch for ch, _ in cells[: max(0, at)])) + (1 if at < 0 else 0)
        left = max(0, min(cursor_cell - width + 1, strip.cell_length - width))
        return strip.crop(left, left + width).extend_cell_length(width, base)


class SearchBar(Horizontal):
    class Changed(Message):
        def __init__(self, query: SearchQuery) -> None:
            super().__init__()
            self.query = query

    def __init__(
        self, keymap: Keymap, options: LayoutOptions, on_close: Callable[[], None]
    ) -> None:
        super().__init__(id="searchbar")
        self.keymap = keymap
        self.on_close = on_close
        self.layout_options = options
        self.whole_word = False
        self.regex = False
        self.authors_only = False
        self._count_shown: tuple[str, bool] | None = None  # the count's text, error or not

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt")
        yield SearchInput(
            self.layout_options, placeholder="search (Persian, Arabic, English…)", id="search-input"
        )
        yield Static(id="search-options")
        yield Static(id="search-count")

    def on_mount(self) -> None:
        # Mounted just after the first frame: a SIGHUP then (an SSH connection dropping at
        # start-up) may already be taking the screen apart.
        if not is_exiting(self.app):
            self._show_options()

    def on_resize(self) -> None:
        self._show_options()

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    def current_query(self) -> SearchQuery:
        return SearchQuery(
            self.input.value,
            whole_word=self.whole_word,
            regex=self.regex,
            authors_only=self.authors_only,
        )

    def options_text(self, room: int) -> Text:
        """The toggles in at most ``room`` cells: with their labels and keys, with
        labels only, or with one letter each (``?`` lists the keys)."""
        states = [(row_id, getattr(self, name), label) for row_id, name, label in OPTIONS]
        for form in ("full", "labels", "letters"):
            text = Text(no_wrap=True)
            for row_id, on_, label in states:
                mark = "x" if on_ else " "
                style = "bold" if on_ else ""
                if form == "letters":
                    text.append(" " + (label[0].upper() if on_ else label[0]), style=style)
                    continue
                text.append(f" [{mark}] {label}", style=style)
                key = hint_key(row_id, self.keymap)
                if form == "full" and key:
                    shown = layout_field(key, 10).text
                    text.append(f" {shown}", style="dim")
            if text.cell_len <= room or form == "letters":
                return text
        raise AssertionError("unreachable")

    def _show_options(self) -> None:
        width = self.size.width or self.app.size.width
        count = self.query_one("#search-count", Static)
        room = width - 2 - MIN_INPUT - max(8, count.size.width)
        text = self.options_text(room)
        for options in self.query("#search-options").results(Static):
            options.update(text)

    def toggle(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))
        self._show_options()
        self.post_message(self.Changed(self.current_query()))

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self.current_query()))

    def set_count(self, text: str, *, error: bool = False) -> None:
        # query, not query_one: a worker's count may arrive while the app shuts down.
        shown = Text(layout_field(text, 60).text if text else "", no_wrap=True)
        last = self._count_shown
        if last == (shown.plain, error):
            return
        self._count_shown = (shown.plain, error)
        # A new layout only when the count's width changes and the bar shows: a layout
        # pass repaints every scrollbar, in a frame of its own (#18.1).
        relayout = last is None or (self.has_class("-open") and shown.cell_len != cell_len(last[0]))
        for count in self.query("#search-count").results(Static):
            count.update(shown, layout=relayout)
            count.set_class(error, "-error")
