"""`threadtui render`: the whole thread as plain text, through the same rows as the UI.

This is what a user pipes into `less` and what tests compare against, so its output is
exactly the rows the reader shows, without styles: visual order in `app` mode, logical
order in `terminal` and `off` modes, and never a raw control character.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

from threadtui.model import Thread
from threadtui.text import LayoutOptions, layout_field
from threadtui.view.rows import article_rows, comment_rows, more_top_row


def thread_summary(thread: Thread) -> str:
    """ "210 comments", and the placeholders apart ("and 2 placeholders": deleted, removed,
    spam, or not in the file), so the count is of what people wrote."""
    gone = sum(thread.deleted)
    n = len(thread) - gone
    out = f"{n:,} comment{'s' if n != 1 else ''}"
    return out + (f" and {gone:,} placeholder{'s' if gone != 1 else ''}" if gone else "")


def render_lines(thread: Thread, width: int, options: LayoutOptions) -> Iterator[str]:
    width = max(8, width)
    rule = "─" * width
    title = layout_field(thread.title or "(untitled)", width, options)
    yield _aligned(title.text, title.width, title.align, width)
    info = [x for x in (thread.source, thread.url) if x]
    for x in info:
        f = layout_field(x, width, options)
        yield _aligned(f.text, f.width, f.align, width)
    yield rule
    if thread.article is not None:
        for r in article_rows(thread.article, thread, width, options):
            yield r.text.rstrip()
        yield rule
    yield layout_field(thread_summary(thread), width, options).text
    yield ""
    for i in range(len(thread)):
        for r in comment_rows(thread, i, width, options):
            yield r.text.rstrip()
    more = more_top_row(thread)
    if more is not None:
        yield layout_field(more.text, width, options).text


def _aligned(text: str, used: int, align: str, width: int) -> str:
    return " " * (width - used) + text if align == "right" and used < width else text


def render_thread(thread: Thread, out: TextIO, width: int, options: LayoutOptions) -> None:
    write = out.write
    for line in render_lines(thread, width, options):
        write(line)
        write("\n")
