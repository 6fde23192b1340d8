"""The article pane: title, byline and body through the layout engine, scrollable."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from threadtui.model import Thread
from threadtui.text import LayoutOptions
from threadtui.ui.bindings import bindings_for
from threadtui.ui.focus import show_focus
from threadtui.ui.paint import Palette, blank_strip, link_spans, palette_of, row_strip
from threadtui.view.rows import ARTICLE_CAP, ViewRow, article_rows, capped

Span = tuple[int, int]


class ArticleView(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS: ClassVar[list[Binding]] = bindings_for("article")  # type: ignore[assignment]

    class ReadOn(Message):
        """Space at the end of the article: go on to the comments."""

    class Notice(Message):
        """A key with nothing left to do here: the bottom line says so (#12.4: the
        article may have the focus after a search; j must not seem dead)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, thread: Thread, options: LayoutOptions, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.thread = thread
        self.options = options
        self._rows: list[ViewRow] = []
        self._width = 0
        self._palette: Palette | None = None
        self._links: dict[str, list[tuple[int, int, str]]] = {}
        self.highlights: Mapping[str, Sequence[Span]] = {}
        self.current_match: tuple[str, Span] | None = None

    def _layout_width(self) -> int:
        return max(1, self.scrollable_content_region.width or self.size.width)

    def on_mount(self) -> None:
        show_focus(self, "Article")
        self._check_width()

    def on_focus(self) -> None:
        show_focus(self, "Article", True)

    def on_blur(self) -> None:
        show_focus(self, "Article", False)

    def on_resize(self) -> None:
        self._check_width()

    def _check_width(self) -> None:
        w = self.scrollable_content_region.width
        if w > 0 and w != self._width:
            self._relayout()

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        self._check_width()
        return super().render_lines(crop)

    def _top_anchor(self) -> tuple[str, int] | None:
        """(field, logical offset) of the first text on the top row shown, if scrolled."""
        top = round(self.scroll_y)
        if top <= 0 or not self._rows:
            return None
        for vr in self._rows[min(top, len(self._rows) - 1) :]:
            for part in vr.parts:
                if part.field is not None and part.row is not None:
                    return part.field, part.row.start
        return None

    def _relayout(self) -> None:
        anchor = self._top_anchor()
        self._width = self._layout_width()
        # One column of margin on each side reads better and keeps text off the border.
        self._rows = article_rows(self.thread.article, self.thread, self._width - 2, self.options)
        art = self.thread.article
        self._links = {}
        if art is not None:
            for field, text in (("article.body", art.body), ("article.url", art.url or "")):
                if text:
                    # Only the part that is laid out (ARTICLE_CAP of a body, #11.4).
                    self._links[field] = link_spans(capped(text, ARTICLE_CAP)[0])
        self.virtual_size = Size(self._width, len(self._rows))
        # A new width keeps the text that was at the top at the top (as less does).
        row = self.row_of(*anchor) if anchor is not None else None
        if row is not None:
            self.scroll_to(y=row, animate=False, immediate=True, force=True)
        self.refresh()

    def replace_thread(self, thread: Thread) -> None:
        """The full thread arrived (progressive loading)."""
        self.thread = thread
        self._relayout()

    def set_options(self, options: LayoutOptions) -> None:
        self.options = options
        self._relayout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        if self._palette is None:
            self._palette = palette_of(self)
        row = round(self.scroll_y) + y
        if not 0 <= row < len(self._rows):
            return blank_strip(width, self._palette.base)
        cur = None
        if self.current_match is not None:
            cur = {self.current_match[0]: [self.current_match[1]]}
        return row_strip(
            self._rows[row],
            width,
            self._palette,
            mark=" ",
            highlights=self.highlights,
            current=cur,
            links=self._links,
        )

    def row_of(self, field: str, offset: int) -> int | None:
        """The row showing logical ``offset`` of ``field`` (for scrolling to a match)."""
        for n, vr in enumerate(self._rows):
            for part in vr.parts:
                if (
                    part.field == field
                    and part.row is not None
                    and (part.row.start <= offset < max(part.row.end, part.row.start + 1))
                ):
                    return n
        return None

    def set_highlights(
        self, highlights: Mapping[str, Sequence[Span]], current: tuple[str, Span] | None
    ) -> None:
        # Only when they change: most searches match nothing in the article, and
        # repainting it for each step was a third of a search key's bytes (#18.1).
        if _spans(highlights) == _spans(self.highlights) and current == self.current_match:
            return
        self.highlights = highlights
        self.current_match = current
        self.refresh()

    def scroll_to_row(self, row: int) -> None:
        vh = max(1, self.scrollable_content_region.height)
        y = round(self.scroll_y)
        if not y <= row < y + vh:
            self.scroll_to(y=max(0, row - vh // 3), animate=False, immediate=True, force=True)

    def _vh(self) -> int:
        return max(1, self.scrollable_content_region.height or self.size.height)

    def _scroll_by(self, rows: int) -> None:
        """Scroll ``rows`` (down when positive); at the end (or the top) say so."""
        y = round(self.scroll_y)
        if (rows > 0 and y >= self.max_scroll_y) or (rows < 0 and y <= 0):
            self.post_message(
                self.Notice("End of the article" if rows > 0 else "Top of the article")
            )
            return
        self.scroll_to(y=y + rows, animate=False, immediate=True)

    def action_line_down(self) -> None:
        self._scroll_by(1)

    def action_line_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(max(1, self._vh() - 1))

    def action_page_up(self) -> None:
        self._scroll_by(-max(1, self._vh() - 1))

    def action_half_page_down(self) -> None:
        self._scroll_by(max(1, self._vh() // 2))

    def action_half_page_up(self) -> None:
        self._scroll_by(-max(1, self._vh() // 2))

    def action_read_on(self) -> None:
        if self.scroll_y >= self.max_scroll_y:
            self.post_message(self.ReadOn())
        else:
            self.action_page_down()

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)


def _spans(highlights: Mapping[str, Sequence[Span]]) -> dict[str, tuple[Span, ...]]:
    return {f: tuple(s) for f, s in highlights.items() if s}
