"""`threadtui render`: the whole thread as plain text, through the same rows as the UI.

This is what a user pipes into `less` and what tests compare against, so its output is
exactly the rows the reader shows, without styles: visual order in `app` mode, logical
order in `terminal` and `off` modes, and never a raw control character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from threadtui.model import Thread
from threadtui.model.stream import ThreadStream
from threadtui.text import LayoutOptions, layout_field
from threadtui.view.rows import article_rows, comment_rows, more_top_row


def thread_summary(thread: Thread) -> str:
    """ "210 comments", and the placeholders apart ("and 2 placeholders": deleted, removed,
    spam, or not in the file), so the count is of what people wrote."""
    return _count(len(thread), sum(thread.deleted))


def _count(total: int, gone: int) -> str:
    n = total - gone
    out = f"{n:,} comment{'s' if n != 1 else ''}"
    return out + (f" and {gone:,} placeholder{'s' if gone != 1 else ''}" if gone else "")


def render_lines(thread: Thread, width: int, options: LayoutOptions) -> Iterator[str]:
    yield from head_lines(thread, width, options)
    yield from comment_lines(thread, width, options)
    yield from tail_lines(thread, len(thread), sum(thread.deleted), width, options)


def head_lines(thread: Thread, width: int, options: LayoutOptions) -> Iterator[str]:
    """The title, where the thread came from, the article."""
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
    yield ""


def comment_lines(thread: Thread, width: int, options: LayoutOptions) -> Iterator[str]:
    width = max(8, width)
    for i in range(len(thread)):
        for r in comment_rows(thread, i, width, options):
            yield r.text.rstrip()


def tail_lines(
    thread: Thread, count: int, gone: int, width: int, options: LayoutOptions
) -> Iterator[str]:
    """What the file does not hold, and how many comments there were. The count comes
    last: a streamed render knows it only then."""
    width = max(8, width)
    more = more_top_row(thread)
    if more is not None:
        yield layout_field(more.text, width, options).text
    yield "─" * width
    yield layout_field(_count(count, gone), width, options).text


def _aligned(text: str, used: int, align: str, width: int) -> str:
    return " " * (width - used) + text if align == "right" and used < width else text


def render_thread(thread: Thread, out: TextIO, width: int, options: LayoutOptions) -> None:
    write = out.write
    for line in render_lines(thread, width, options):
        write(line)
        write("\n")


def render_stream(
    stream: ThreadStream,
    out: TextIO,
    width: int,
    options: LayoutOptions,
    warn: Callable[[list[str]], None] | None = None,
) -> None:
    """The same lines as `render_thread`, written a slice of comments at a time as the
    stream parses them (flushed after each): the first lines reach a pipe at once, and
    memory holds one slice. ``warn`` gets each slice's warnings as they are found."""
    out.write("\n".join(head_lines(stream.head, width, options)) + "\n")
    out.flush()
    for part in stream.slices():  # NeedsWhole: the caller renders the comments otherwise
        if warn is not None and part.warnings:
            warn(part.warnings)
        lines = list(comment_lines(part, width, options))
        if lines:
            out.write("\n".join(lines) + "\n")
        out.flush()
    if warn is not None and stream.warnings:
        warn(stream.warnings)
    end = Thread(title=stream.head.title, more_top=stream.more_top)
    out.write("\n".join(tail_lines(end, stream.total, stream.gone, width, options)) + "\n")
