"""In-thread search: the bar, incremental matching, the counter, n/N, highlights.

Matching itself lives in `threadtui.search` (pure, Persian/Arabic-aware). Here: typing is
debounced; the first match after the reader's position is found at once (it costs only
the chunks it passes), while the total and the current match's rank are counted in a
worker thread, so a 100,000-comment thread never blocks a key. Highlights are computed
per comment as it is drawn, never for the whole thread.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from threadtui.search import SearchQuery
from threadtui.text import layout_field


def has_rtl(text: str) -> bool:
    return any("\u0590" <= ch <= "\u08ff" or "\ufb1d" <= ch <= "\ufeff" for ch in text)


class SearchInput(Input):
    """An ordinary left-to-right input: typed Persian stays in logical order here."""

    # A blinking cursor is a few hundred bytes a second over SSH for as long as the bar is
    # open; a steady one reads as well.
    def on_mount(self) -> None:
        self.cursor_blink = False

    BINDINGS = [
        Binding("enter", "submit_next", "Next match", show=False),
        Binding("shift+enter", "submit_previous", "Previous match", show=False),
        Binding("escape", "close", "Close search", show=False),
        Binding("down", "submit_next", show=False),
        Binding("up", "submit_previous", show=False),
    ]

    class Step(Message):
        def __init__(self, forward: bool) -> None:
            super().__init__()
            self.forward = forward

    class Close(Message):
        pass

    def action_submit_next(self) -> None:
        self.post_message(self.Step(True))

    def action_submit_previous(self) -> None:
        self.post_message(self.Step(False))

    def action_close(self) -> None:
        self.post_message(self.Close())


class SearchBar(Horizontal):
    BINDINGS = [
        Binding("alt+w", "toggle_option('whole_word')", "Whole word", id="search_word"),
        Binding("alt+r", "toggle_option('regex')", "Regex", id="search_regex"),
        Binding("alt+a", "toggle_option('authors_only')", "Authors", id="search_authors"),
    ]

    class Changed(Message):
        def __init__(self, query: SearchQuery) -> None:
            super().__init__()
            self.query = query

    def __init__(self) -> None:
        super().__init__(id="searchbar")
        self.whole_word = False
        self.regex = False
        self.authors_only = False

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-prompt")
        yield SearchInput(placeholder="search (Persian, Arabic, English…)", id="search-input")
        yield Static(id="search-preview")
        yield Static(id="search-options")
        yield Static(id="search-count")

    def on_mount(self) -> None:
        # Mounted just after the first frame: a SIGHUP then (an SSH connection dropping at
        # start-up) may already be taking the screen apart.
        if not self.app._exit:
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

    def _show_options(self) -> None:
        text = Text(no_wrap=True)
        for label, key, on_ in (
            ("word", "w", self.whole_word),
            ("regex", "r", self.regex),
            ("authors", "a", self.authors_only),
        ):
            text.append(" [" + ("x" if on_ else " ") + f"] {label}", style="bold" if on_ else "")
            text.append(f" M-{key}", style="dim")
        for options in self.query("#search-options").results(Static):
            options.update(text)

    def action_toggle_option(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))
        self._show_options()
        self.post_message(self.Changed(self.current_query()))

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        value = event.value
        preview = self.query_one("#search-preview", Static)
        if has_rtl(value):
            # A shaped, reordered preview beside the logical-order input.
            preview.update(Text(" " + layout_field(value, 30).text + " ", style="italic"))
            preview.display = True
        else:
            preview.display = False
        self.post_message(self.Changed(self.current_query()))

    def set_count(self, text: str, *, error: bool = False) -> None:
        count = self.query_one("#search-count", Static)
        count.update(Text(text, no_wrap=True))
        count.set_class(error, "-error")
