"""The top line: the thread's title and site, the number of comments, the bidi mode."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from rich.text import Text
from textual.widgets import Static

from threadtui.model import Thread
from threadtui.text import LayoutOptions, cell_len, layout_field
from threadtui.text.cells import rich_safe


def short_source(thread: Thread) -> str:
    """Where the thread is from, in a few words: the site of its URL, else its source note
    when that is short (a long note is for `render` and the file, not the header)."""
    if thread.url:
        try:
            host = urlsplit(thread.url).hostname
        except ValueError:  # a malformed address (an unclosed IPv6 bracket…)
            host = None
        if host:
            return host.removeprefix("www.")
    src = (thread.source or "").strip()
    return src if len(src) <= 48 and "\n" not in src else ""


def header_text(
    thread: Thread, options: LayoutOptions, width: int, loading: bool, counts: str = ""
) -> Text:
    """The header at ``width`` cells: title (bold) · site (italic) on the left, the count
    and the bidi mode on the right; ``counts`` ("12 unread · 5 new · ") before the count. Title and site come from the file: each is laid out
    as an isolated field (its own direction, whatever --base-dir says)."""
    width = max(20, width)
    field = replace(options, base_dir="auto")
    n = len(thread)
    more = "+ (loading)" if loading else ""
    right = f" {counts}{n:,}{more} comment{'s' if n != 1 else ''} · bidi: {options.bidi} "
    src = short_source(thread)
    room = width - cell_len(right) - 2
    title = layout_field(
        thread.title or "(untitled)", max(4, room * 2 // 3 if src else room), field
    )
    text = Text(" ", no_wrap=True, overflow="ellipsis")
    # A Static, measured by Rich: no ZWJ that joins no emoji (cells.rich_safe).
    text.append(rich_safe(title.text), style="bold")
    left = room - title.width
    if src and left > 8:
        s = layout_field(src, left - 3, field)
        text.append(" · ")
        text.append(rich_safe(s.text), style="italic")
    text.append(" " * max(1, width - text.cell_len - cell_len(right)))
    text.append(right)
    return text


class Header(Static):
    """``#header``: redrawn for the current width on every resize."""

    def show(
        self, thread: Thread, options: LayoutOptions, width: int, loading: bool, counts: str = ""
    ) -> None:
        self.update(header_text(thread, options, width, loading, counts), layout=False)
