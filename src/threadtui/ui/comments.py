"""The comment pane: one Line-API widget over the thread's flat arrays.

Nothing here is per comment except what is near the viewport: rows are laid out lazily
by the layout engine and cached per (comment, folded) for the current width and bidi mode;
every other comment has an estimated height in a `RowMap`. Moving the cursor is O(log n);
folding a subtree touches only that subtree's rows.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from threadtui.model import FoldState, Thread, navigation
from threadtui.text import LayoutOptions
from threadtui.ui.badges import Badge, with_badge
from threadtui.ui.bindings import bindings_for
from threadtui.ui.focus import show_focus
from threadtui.ui.paint import Palette, blank_strip, link_spans, palette_of, row_strip
from threadtui.ui.textual_private import update_scroll_range
from threadtui.view.rowmap import RowMap, expanded_heights
from threadtui.view.rows import BODY_CAP, ViewRow, capped, comment_rows, more_top_row

Span = tuple[int, int]
MARK = "▌"
_ROW_CACHE = 4096
_STRIP_CACHE = 2048
_BIG_FOLD = 4096  # above this many rows changed, rebuild the row map instead


@dataclass(frozen=True, slots=True)
class Prepared:
    """What showing a new thread needs that costs a pass over every comment, made off the
    UI thread (`CommentView.prepare`, in the load's worker): the fold state, the map of
    expanded heights at ``width``, the top-level comments (#18.2)."""

    thread: Thread
    width: int
    fold: FoldState
    expanded: RowMap
    roots: list[int]


def expanded_map(thread: Thread, width: int) -> RowMap:
    """Estimated expanded heights of every comment, and the thread-level row."""
    heights = expanded_heights(thread, width)
    heights.append(1 if thread.more_top else 0)
    return RowMap(heights)


class CommentView(ScrollView, can_focus=True, inherit_bindings=False):
    """Comments as rows: header, body rows, guides; a cursor on one comment."""

    BINDINGS: ClassVar[list[Binding]] = bindings_for("comments")  # type: ignore[assignment]
    cursor: var[int] = var(0, init=False)

    class CursorMoved(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class FilterDropped(Message):
        """A search result outside the filter: the filter is off again."""

    class Notice(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(
        self,
        thread: Thread,
        options: LayoutOptions,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.thread = thread
        self.fold = FoldState(thread)
        self.options = options
        self._width = 0
        self._seen_height = 0
        self._rows: OrderedDict[tuple[int, bool], list[ViewRow]] = OrderedDict()
        self._map = RowMap([])
        # Every comment's height when expanded: estimated, exact once laid out. Expanding
        # everything is a copy of it; a fold rebuild reads it instead of estimating again.
        self._expanded = RowMap([])
        self._expanded_width = -1
        self._roots: list[int] = navigation.roots(thread)
        self._strips: OrderedDict[tuple[int, int, bool, int, Badge | None], Strip] = OrderedDict()
        # (comment, row) -> the highlights its cached strips show (`_row_key`)
        self._drawn: dict[tuple[int, int], tuple[object, ...]] = {}
        self._links: dict[int, dict[str, list[tuple[int, int, str]]]] = {}
        self._palette: Palette | None = None
        self._generation = 0  # bumps whenever strips must be redrawn (highlights, theme)
        self.highlighter: Callable[[int], Mapping[str, Sequence[Span]]] | None = None
        self.current_match: tuple[int, str, Span] | None = None
        self.filtered: bool = False
        self.dimmed: Sequence[int] | None = None  # sorted comments to show dimmed (filters)
        self._dimmed_set: frozenset[int] = frozenset()
        #: Read and new marks in the headers (`threadtui.ui.reading`); None: no marks.
        self.badge: Callable[[int], Badge] | None = None
        # A provisional map (estimates at 80 columns) so every action works before the
        # first layout; the real width replaces it on mount.
        self._rebuild_map()

    # ----------------------------------------------------------------- geometry

    def _layout_width(self) -> int:
        return max(1, self.scrollable_content_region.width or self.size.width)

    def on_resize(self) -> None:
        self._check_width()

    def on_mount(self) -> None:
        show_focus(self, "Comments")
        self._check_width()

    def on_focus(self) -> None:
        show_focus(self, "Comments", True)

    def on_blur(self) -> None:
        show_focus(self, "Comments", False)

    def _check_width(self) -> None:
        """Follow the pane's current size (#12.1). Before the first layout, and while the
        pane is hidden (narrow screens), the region is empty: laying out at width 0 would
        only produce a frame of one-letter rows, so wait for a real size.

        A new size re-places the cursor's comment where moving to it from the top puts
        it (`_place`), so the screen depends on the current size alone: after any run of
        resizes it is what a fresh start at this size shows with the cursor there."""
        region = self.scrollable_content_region
        w, h = region.width, region.height
        if w <= 0 or h <= 0:
            return
        if w != self._width:
            self._seen_height = h
            self._relayout(w, place=True)
        elif h != self._seen_height:
            self._seen_height = h
            self._place(self.cursor)
            self.refresh()

    def _relayout(self, width: int, *, place: bool = False) -> None:
        """Width or mode changed: throw away layouts, re-estimate, keep the cursor in view
        (``place``: re-place it, `_place`)."""
        self._width = width
        self._rows.clear()
        self._strips.clear()
        self._expanded_width = -1  # its exact heights were for the old width or mode
        self._rebuild_map()
        if place:
            self._place(self.cursor)
        else:
            self._show(self.cursor, keep=True)
        self.refresh()

    def _height(self, i: int) -> int:
        if self.fold.collapsed[i]:
            return 2
        return self._expanded.height(i)

    def prepare(self, thread: Thread) -> Prepared:
        """The passes over every comment that showing ``thread`` needs, for the current
        width; safe to run in a worker thread (it reads the view, never changes it)."""
        width = self._width or 80
        fold = FoldState(thread)
        fold.precompute()  # so that the first collapse-all is copies too
        return Prepared(thread, width, fold, expanded_map(thread, width), navigation.roots(thread))

    def _rebuild_map(self) -> None:
        """The row map from the fold state: a copy of the expanded map when everything
        shows, else the visible comments' heights gathered from it (C-level, #18.2)."""
        n = len(self.thread)
        width = self._width or 80
        if self._expanded_width != width or len(self._expanded) != n + 1:
            # One extra item at the end for thread-level rows ("N more comments not in file").
            self._expanded = expanded_map(self.thread, width)
            self._expanded_width = width
        fold = self.fold
        vis = fold.visible
        if len(vis) == n and 1 not in fold.collapsed:  # everything shows, expanded
            self._map = self._expanded.copy()
        else:
            eh = self._expanded.heights
            collapsed = fold.collapsed
            heights = [0] * (n + 1)
            for i in vis:  # a bare loop: no call per comment (faster than map tricks)
                heights[i] = 2 if collapsed[i] else eh[i]
            heights[n] = eh[n]
            self._map = RowMap(heights)
        self._update_virtual_size()

    def _update_virtual_size(self) -> None:
        """Heights change as comments get laid out while scrolling. Assigning
        `virtual_size` would run a layout pass and repaint the whole screen (the article
        pane too) each time; only the scroll range changed, so update just that."""
        if not self._width:
            return
        size = Size(self._width, self._map.total)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            update_scroll_range(self, size)

    def rows_of(self, i: int) -> list[ViewRow]:
        """The rows of comment ``i`` as currently folded, laid out on first use."""
        if not self._width:
            self._width = 80  # only before the first layout; replaced on mount
        collapsed = bool(self.fold.collapsed[i])
        key = (i, collapsed)
        rows = self._rows.get(key)
        if rows is None:
            rows = comment_rows(self.thread, i, self._width - 1, self.options, collapsed=collapsed)
            self._rows[key] = rows
            if len(self._rows) > _ROW_CACHE:
                self._rows.popitem(last=False)
            if not collapsed:
                self._expanded.set(i, len(rows))
            if self.fold.is_visible(i) and self._map.height(i) != len(rows):
                self._map.set(i, len(rows))
        else:
            self._rows.move_to_end(key)
        return rows

    def _settle(self, top: int, bottom: int) -> bool:
        """Lay out every comment meeting rows [top, bottom); True if any height changed."""
        changed = False
        row = max(0, top)
        for _ in range(10_000):
            if row >= bottom or row >= self._map.total:
                break
            i, _ = self._map.find(row)
            if i < 0 or i >= len(self.thread):
                break
            before = self._map.height(i)
            rows = self.rows_of(i)
            if len(rows) != before:
                changed = True
            row = self._map.start(i) + len(rows)
        if changed:
            self._update_virtual_size()
        return changed

    # ----------------------------------------------------------------- drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._palette = None
        self._strips.clear()

    def _get_palette(self) -> Palette:
        if self._palette is None:
            self._palette = palette_of(self)
        return self._palette

    def render_lines(self, crop):  # type: ignore[no-untyped-def]
        self._check_width()
        top = round(self.scroll_y)
        self._settle(top + crop.y, top + crop.bottom)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        row = round(self.scroll_y) + y
        palette = self._get_palette()
        i, off = self._map.find(row)
        n = len(self.thread)
        if i < 0 or row >= self._map.total:
            return blank_strip(width, palette.base)
        if i >= n:
            more = more_top_row(self.thread)
            if more is None or off != 0:
                return blank_strip(width, palette.base)
            return row_strip(more, width, palette, mark=" ")
        rows = self.rows_of(i)
        if off >= len(rows):
            return blank_strip(width, palette.base)
        is_cursor = i == self.cursor
        vr = rows[off]
        badge = self.badge(i) if self.badge is not None and vr.kind == "header" else None
        key = (i, off, is_cursor, self._generation, badge)
        strip = self._strips.get(key)
        if strip is not None and strip.cell_length == width:
            return strip
        if badge:
            vr = with_badge(vr, badge)
        hl = self.highlighter(i) if self.highlighter is not None else None
        cur = self._current_of(i)
        links = self._links_of(i) if vr.kind == "body" else None
        strip = row_strip(
            vr,
            width,
            palette,
            mark=MARK if is_cursor else " ",
            cursor=is_cursor,
            dim=i in self._dimmed_set,
            highlights=hl,
            current=cur,
            links=links,
        )
        self._strips[key] = strip
        if len(self._drawn) > _ROW_CACHE:
            self._drawn.clear()
        self._drawn[i, off] = self._row_key(vr, hl, cur)
        if len(self._strips) > _STRIP_CACHE:
            self._strips.popitem(last=False)
        return strip

    def _links_of(self, i: int) -> Mapping[str, list[tuple[int, int, str]]]:
        got = self._links.get(i)
        if got is None:
            # Links of the part that is laid out (a 10 MB body shows its first BODY_CAP).
            body = capped(self.thread.body[i], BODY_CAP)[0]
            got = {"body": link_spans(body)} if ("." in body or "@" in body) else {}
            if len(self._links) > _ROW_CACHE:
                self._links.clear()
            self._links[i] = got
        return got

    def redraw(self) -> None:
        self._generation += 1
        self._strips.clear()
        self.refresh()

    def set_options(self, options: LayoutOptions) -> None:
        self.options = options
        self._relayout(self._layout_width())

    def set_dimmed(self, dimmed: Sequence[int] | None) -> None:
        self.dimmed = dimmed
        self._dimmed_set = frozenset(dimmed or ())
        self.redraw()

    # ----------------------------------------------------------------- cursor and scrolling

    @property
    def viewport_height(self) -> int:
        return max(1, self.scrollable_content_region.height or self.size.height)

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_comment(old)
        self._refresh_comment(new)
        self.post_message(self.CursorMoved(new))

    def _refresh_comment(self, i: int) -> None:
        """Redraw the cursor column beside comment ``i`` (only that column changes)."""
        if not (0 <= i < len(self.thread)) or not self.fold.is_visible(i):
            return
        start = self._map.start(i) - round(self.scroll_y)
        h = self._map.height(i)
        vh = self.viewport_height
        if start + h <= 0 or start >= vh:
            return
        top = max(0, start)
        self.refresh(Region(0, top, 1, min(vh, start + h) - top))

    def _scroll_to_row(self, y: int) -> None:
        vh = self.viewport_height
        y = max(0, min(y, self._map.total - vh))
        self._settle(y, y + vh)
        self.scroll_to(
            y=max(0, min(y, self._map.total - vh)), animate=False, immediate=True, force=True
        )

    def _show(self, i: int, *, bottom: bool = False, keep: bool = False) -> None:
        """Scroll so comment ``i`` is in view: its top, or its bottom when ``bottom`` (the
        way `k` arrives at a long comment), laying out what the viewport will show."""
        if not len(self.thread) or not self.fold.is_visible(i):
            return
        vh = self.viewport_height
        for _ in range(4):
            self.rows_of(i)
            start, h = self._map.start(i), self._map.height(i)
            y = round(self.scroll_y)
            if keep and y <= start and start + min(h, vh) <= y + vh:
                target = y
            elif bottom:
                target = (
                    max(start, start + h - vh)
                    if h > vh
                    else (y if y <= start and start + h <= y + vh else max(0, start + h - vh))
                )
            elif start < y or h > vh:
                target = start
            elif start + h > y + vh:
                # Moving down past the bottom: bring the comment to the top rather than
                # just into view, so the next few moves need no scrolling (each scrolled
                # frame repaints the whole pane over the wire).
                target = max(0, start - 1)
            else:
                target = y
            if not self._settle(target, target + vh):
                break
        self._scroll_to_row(target)

    def _place(self, i: int) -> None:
        """Scroll to where moving to comment ``i`` from the top of the thread shows it
        (`_show` from row 0): the first screen if it ends there, else its top (one row of
        the comment before it above). It depends on the size and ``i`` alone, which is
        what a resize wants: never on the sizes or scroll positions before."""
        if not len(self.thread) or not self.fold.is_visible(i):
            self._scroll_to_row(0)
            return
        vh = self.viewport_height
        target = 0
        for _ in range(4):
            self.rows_of(i)
            start, h = self._map.start(i), self._map.height(i)
            if h > vh:
                target = start
            elif start + h > vh:
                target = max(0, start - 1)
            else:
                target = 0
            if not self._settle(target, target + vh):
                break
        self._scroll_to_row(target)

    def move_to(self, i: int, *, bottom: bool = False) -> None:
        if not (0 <= i < len(self.thread)):
            return
        if self.fold.expand_ancestors(i):
            self._rebuild_map()
        self.cursor = i
        self._show(i, bottom=bottom)

    def reading_through(self) -> float | None:
        """How far through the visible comments the bottom of the pane is (0..1), by the
        comment on its last row; None while everything fits (or nothing shows). It
        counts comments, not rows: rows not yet laid out are estimates, and the position
        must not depend on which ones a path through the thread happened to lay out."""
        visible = self.fold.visible
        total = self._map.total
        if not visible or total <= self.viewport_height:
            return None
        i, _ = self._map.find(min(total - 1, round(self.scroll_y) + self.viewport_height - 1))
        if not (0 <= i < len(self.thread)) or not self.fold.is_visible(i):
            return 1.0
        return (self.fold.position(i) + 1) / len(visible)

    def _pos(self) -> int:
        return self.fold.position(self.cursor)

    def _notice(self, text: str) -> None:
        self.post_message(self.Notice(text))

    def action_next_comment(self) -> None:
        i = self.cursor
        if not len(self.thread):
            return
        start, h = self._map.start(i), self._map.height(i)
        y, vh = round(self.scroll_y), self.viewport_height
        if start + h > y + vh:
            # The rest of a long comment first: never skip rows the reader has not seen.
            self._scroll_to_row(y + min(max(1, vh - 2), start + h - (y + vh)))
            return
        p = self._pos() + 1
        if p < len(self.fold.visible):
            self.move_to(self.fold.visible[p])
        else:
            self._notice("Last comment")

    def action_previous_comment(self) -> None:
        i = self.cursor
        if not len(self.thread):
            return
        start = self._map.start(i)
        y, vh = round(self.scroll_y), self.viewport_height
        if start < y:
            self._scroll_to_row(y - min(max(1, vh - 2), y - start))
            return
        p = self._pos() - 1
        if p >= 0:
            self.move_to(self.fold.visible[p], bottom=True)
        else:
            self._scroll_to_row(0)

    def action_line_down(self) -> None:
        self._scroll_lines(1)

    def action_line_up(self) -> None:
        self._scroll_lines(-1)

    def _scroll_lines(self, n: int) -> None:
        self._scroll_to_row(round(self.scroll_y) + n)
        self._cursor_into_view()

    def _cursor_into_view(self) -> None:
        """After scrolling by rows, put the cursor on a comment the reader can see."""
        y, vh = round(self.scroll_y), self.viewport_height
        start, h = self._map.start(self.cursor), self._map.height(self.cursor)
        if start < y + vh and start + h > y:
            return
        i, _ = self._map.find(y)
        if 0 <= i < len(self.thread):
            # Prefer the first comment whose header is on screen.
            s = self._map.start(i)
            if s < y:
                p = self.fold.position(i) + 1
                if p < len(self.fold.visible) and self._map.start(self.fold.visible[p]) < y + vh:
                    i = self.fold.visible[p]
            self.cursor = i

    def _page(self, rows: int) -> None:
        y = round(self.scroll_y)
        target = max(0, min(y + rows, self._map.total - self.viewport_height))
        if target == y:
            if rows > 0 and self.fold.visible:
                self.cursor = self.fold.visible[-1]
                self._notice("End of the thread")
            elif rows < 0 and self.fold.visible:
                self.cursor = self.fold.visible[0]
            return
        self._scroll_to_row(target)
        # The cursor goes to the first comment that starts on the new page.
        y, vh = round(self.scroll_y), self.viewport_height
        i, off = self._map.find(y)
        if 0 <= i < len(self.thread):
            if off > 0:
                p = self.fold.position(i) + 1
                if p < len(self.fold.visible) and self._map.start(self.fold.visible[p]) < y + vh:
                    i = self.fold.visible[p]
            self.cursor = i

    def action_page_down(self) -> None:
        self._page(max(1, self.viewport_height - 1))

    def action_page_up(self) -> None:
        self._page(-max(1, self.viewport_height - 1))

    def action_half_page_down(self) -> None:
        self._page(max(1, self.viewport_height // 2))

    def action_half_page_up(self) -> None:
        self._page(-max(1, self.viewport_height // 2))

    def action_top(self) -> None:
        if self.fold.visible:
            self.cursor = self.fold.visible[0]
            self._scroll_to_row(0)

    def action_bottom(self) -> None:
        if self.fold.visible:
            self.move_to(self.fold.visible[-1], bottom=True)
            self._scroll_to_row(self._map.total)

    def _go(self, i: int | None, otherwise: str) -> None:
        """Move to comment ``i``; a notice saying why not when there is none."""
        if i is None:
            self._notice(otherwise)
        else:
            self.move_to(i)

    def action_next_sibling(self) -> None:
        if len(self.thread):
            self._go(
                navigation.next_sibling(self.thread, self.cursor), "No next reply at this level"
            )

    def action_previous_sibling(self) -> None:
        if len(self.thread):
            self._go(
                navigation.previous_sibling(self.thread, self.cursor, self._roots),
                "No previous reply at this level",
            )

    def action_parent(self) -> None:
        p = self.thread.parent[self.cursor] if len(self.thread) else -1
        self._go(p if p >= 0 else None, "Top-level comment")

    def action_next_top_level(self) -> None:
        if len(self.thread):
            self._go(navigation.next_root(self._roots, self.cursor), "Last top-level comment")

    def action_previous_top_level(self) -> None:
        if len(self.thread):
            self._go(
                navigation.previous_root(self.thread, self._roots, self.cursor),
                "First top-level comment",
            )

    # ----------------------------------------------------------------- the mouse

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on the comment under it; on its header row it also
        folds or unfolds the comment's replies (as Space does)."""
        at = event.get_content_offset(self)
        if at is None or not len(self.thread):
            return
        i, off = self._map.find(round(self.scroll_y) + at.y)
        if not (0 <= i < len(self.thread)) or not self.fold.is_visible(i):
            return
        event.stop()
        self.cursor = i
        if off == 0 and self.fold.has_replies(i):
            self.toggle(i)
        else:
            self._show(i, keep=True)

    # ----------------------------------------------------------------- folding

    def _apply_fold_change(self, i: int, shown: list[int], hidden: list[int]) -> None:
        """Update row heights after a fold: only the subtree's rows change."""
        if len(shown) + len(hidden) > _BIG_FOLD:
            self._rebuild_map()
        else:
            m = self._map
            for j in hidden:
                m.set(j, 0)
            height = self._height
            for j in shown:
                m.set(j, height(j))
            m.set(i, len(self.rows_of(i)))
            self._update_virtual_size()
        self._strips.clear()
        self._show(i, keep=True)
        self.refresh()

    def toggle(self, i: int) -> bool:
        if self.filtered:
            self._notice("Folding is off while a filter is on (A shows everything again)")
            return True
        f = self.fold
        if not f.has_replies(i):
            return False
        if f.collapsed[i]:
            f.expand(i)
            self._apply_fold_change(i, f.shown_under(i), [])
        else:
            hidden = f.shown_under(i)
            f.collapse(i)
            self._apply_fold_change(i, [], hidden)
        return True

    def action_toggle(self) -> None:  # type: ignore[override]  # Textual's takes an attribute
        if len(self.thread) and not self.toggle(self.cursor):
            self._notice("No replies to fold")

    def action_collapse(self) -> None:
        if not len(self.thread):
            return
        i = self.cursor
        if self.fold.has_replies(i) and not self.fold.collapsed[i]:
            self.toggle(i)
        else:
            self.action_parent()

    def action_expand(self) -> None:
        if not len(self.thread):
            return
        i = self.cursor
        if self.fold.collapsed[i]:
            self.toggle(i)
        elif self.fold.has_replies(i):
            self.move_to(i + 1)

    def _refold(self) -> None:
        if self.filtered:
            self.set_filter(None)
            self.post_message(self.FilterDropped())
        self._strips.clear()
        self._rebuild_map()
        if not len(self.thread):
            self.refresh()
            return
        if not self.fold.is_visible(self.cursor):
            self.cursor = self.thread.root_of(self.cursor)
        self._show(self.cursor)
        self.refresh()

    def action_collapse_all(self) -> None:
        self.fold.collapse_all()
        self._refold()

    def action_expand_all(self) -> None:
        self.fold.expand_all()
        self._refold()

    def action_collapse_level(self) -> None:
        if len(self.thread):  # nothing to fold in a thread without comments
            d = self.thread.depth[self.cursor]
            self.fold.collapse_below(d)
            self._refold()
            self._notice(f"Collapsed everything below depth {d}")

    # ----------------------------------------------------------------- highlights

    @staticmethod
    def _row_key(
        vr: ViewRow,
        hl: Mapping[str, Sequence[Span]] | None,
        cur: Mapping[str, Sequence[Span]] | None,
    ) -> tuple[object, ...]:
        """The highlights row ``vr`` shows: the spans and the current match meeting it."""
        if not hl and not cur:
            return ()
        out: list[object] = []
        for part in vr.parts:
            f, r = part.field, part.row
            if f is None or r is None:
                continue
            offs = r.offsets
            lo = min(r.start, min(offs)) if offs else r.start
            hi = max(r.end, max(offs) + 1) if offs else max(r.end, r.start + 1)
            spans = tuple(x for x in hl.get(f, ()) if x[0] < hi and x[1] > lo) if hl else ()
            now = tuple(x for x in cur.get(f, ()) if x[0] < hi and x[1] > lo) if cur else ()
            if spans or now:
                out.append((f, lo, spans, now))
        return tuple(out)

    def _current_of(self, i: int) -> dict[str, list[Span]] | None:
        cm = self.current_match
        return {cm[1]: [cm[2]]} if cm is not None and cm[0] == i else None

    def on_screen(self) -> list[int]:
        """The visible comments meeting the viewport, top to bottom."""
        y, vh = round(self.scroll_y), self.viewport_height
        i, _ = self._map.find(y)
        out: list[int] = []
        if not 0 <= i < len(self.thread):
            return out
        vis = self.fold.visible
        m = self._map
        for p in range(self.fold.position(i), len(vis)):
            j = vis[p]
            if m.start(j) >= y + vh:
                break
            out.append(j)
        return out

    def set_highlights(
        self,
        highlighter: Callable[[int], Mapping[str, Sequence[Span]]] | None,
        current: tuple[int, str, Span] | None,
    ) -> None:
        """New search highlights: repaint only the rows of comments on screen whose
        highlights changed (a search step writes a few rows, not the whole pane, #18.1).
        Strips of comments off screen are dropped; they are drawn afresh when shown."""
        self.highlighter = highlighter
        self.current_match = current
        keep: set[tuple[int, int]] = set()
        drawn = self._drawn
        vh, y = self.viewport_height, round(self.scroll_y)
        width = self.size.width
        for i in self.on_screen():
            hl = highlighter(i) if highlighter is not None else None
            cur = self._current_of(i)
            start = self._map.start(i) - y
            for off, vr in enumerate(self.rows_of(i)):
                if not 0 <= start + off < vh:
                    continue
                key = (i, off)
                if key in drawn and drawn[key] == self._row_key(vr, hl, cur):
                    keep.add(key)
                else:
                    self.refresh(Region(0, start + off, width, 1))
        self._strips = OrderedDict((k, v) for k, v in self._strips.items() if k[:2] in keep)

    def reveal(self, i: int, field: str, offset: int) -> None:
        """Put the cursor on comment ``i`` and scroll the row holding ``offset`` of
        ``field`` into view, expanding collapsed ancestors (search results)."""
        if self.filtered and not self.fold.is_visible(i):
            self.set_filter(None)
            self.post_message(self.FilterDropped())
        self.move_to(i)
        rows = self.rows_of(i)
        for n, vr in enumerate(rows):
            for part in vr.parts:
                r = part.row
                if (
                    part.field == field
                    and r is not None
                    and r.start <= offset < max(r.end, r.start + 1)
                ):
                    row = self._map.start(i) + n
                    y, vh = round(self.scroll_y), self.viewport_height
                    if not y <= row < y + vh:
                        self._scroll_to_row(row - vh // 3)
                    return

    def set_filter(self, matching: Sequence[int] | None, context: Sequence[int] = ()) -> None:
        """Show only ``matching`` comments and, dimmed, ``context`` (the comments they
        answer: `navigation.filter_context`). None: show all again."""
        if matching is None:
            self.filtered = False
            self.fold.set_collapsed(compress(range(len(self.thread)), self.fold.collapsed))
            self.set_dimmed(None)
        else:
            self.filtered = True
            self.fold.visible = sorted({*matching, *context})
            self.set_dimmed(sorted(context))
        self._strips.clear()
        self._rebuild_map()
        if matching and self.cursor not in set(matching):
            self.cursor = min(matching)
        self._show(self.cursor)
        self.refresh()

    def refresh_header(self, i: int) -> None:
        """Repaint the header row of comment ``i`` (its read or new mark changed)."""
        if not (0 <= i < len(self.thread)) or not self.fold.is_visible(i):
            return
        y = self._map.start(i) - round(self.scroll_y)
        if 0 <= y < self.viewport_height:
            self.refresh(Region(0, y, self.size.width, 1))

    def place(self) -> tuple[int, int, list[int]]:
        """Where the reader is: the cursor, the row of the pane its header is on (negative
        inside a long comment), the collapsed comments."""
        if not len(self.thread):
            return 0, 0, []
        c = self.fold.collapsed
        folded: list[int] = []
        k = c.find(1)
        while k >= 0:
            folded.append(k)
            k = c.find(1, k + 1)
        return self.cursor, self._map.start(self.cursor) - round(self.scroll_y), folded

    def restore_place(self, folded: Sequence[int], cursor: int, row: int) -> None:
        """Reopen where the reader left: these comments collapsed, the cursor on
        ``cursor`` with its header ``row`` rows down the pane."""
        if not (0 <= cursor < len(self.thread)):
            return
        if folded:
            self.fold.set_collapsed(folded)
        self.fold.expand_ancestors(cursor)
        self._strips.clear()
        self._rebuild_map()
        self.cursor = cursor
        self.rows_of(cursor)
        vh = self.viewport_height
        row = max(-(self._map.height(cursor) - 1), min(row, vh - 1))
        self._scroll_to_row(self._map.start(cursor) - row)
        self.refresh()

    def replace_thread(self, thread: Thread, prepared: Prepared | None = None) -> None:
        """The full thread arrived (progressive loading): keep the reader's place, the
        comments they folded and the cursor, matched by comment id. ``prepared``: its
        passes over every comment, made in the load's worker (`prepare`) at the width
        the view still has; otherwise they are made here."""
        old = self.thread
        cursor_id = old.ids[self.cursor] if len(old) else None
        offset = self._map.start(self.cursor) - round(self.scroll_y) if len(old) else 0
        folded = [old.ids[i] for i in compress(range(len(old)), self.fold.collapsed)]
        if prepared is None or prepared.thread is not thread:
            prepared = self.prepare(thread)
        self.thread = thread
        self.fold = prepared.fold
        self._roots = prepared.roots
        self._expanded = prepared.expanded
        self._expanded_width = prepared.width
        if folded:
            if len(folded) <= 32:  # a C-level scan each, not a dict of every id
                found = (thread.index_of(c) for c in folded)
                self.fold.set_collapsed(k for k in found if k is not None)
            else:
                where = {cid: k for k, cid in enumerate(thread.ids)}
                self.fold.set_collapsed(where[c] for c in folded if c in where)
        self._rows.clear()
        self._links.clear()
        self._strips.clear()
        self._drawn.clear()
        self.highlighter = None
        self.current_match = None
        self.filtered = False
        self._dimmed_set = frozenset()
        self._rebuild_map()
        i = thread.index_of(cursor_id) if cursor_id is not None else None
        self.cursor = i if i is not None else 0
        if i is not None:
            self.rows_of(i)
            self._scroll_to_row(self._map.start(i) - offset)
        self.refresh()
