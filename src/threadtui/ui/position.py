"""Where the reader is: ``comment 12 of 1,204 · 35%`` on the bottom line (#12 point 8).

The position is a fixed-width part of the bottom line (`StatusLine.set_position`), so a
key that moves the cursor repaints those few cells and nothing of the pane: no scrollbar
(a scrolled frame would repaint its whole column), no header. The percentage is how far
through the thread the bottom of the comment pane is, as less shows it, counted in
comments (rows not laid out yet are estimates); ``all`` when everything fits. With the article focused: ``article 40%``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threadtui.ui.app import ReaderApp


def percent(top: int, height: int, total: int) -> str:
    """How far the bottom of a ``height``-row window at ``top`` is through ``total`` rows."""
    if total <= height:
        return "all"
    if top <= 0:
        return "top"
    return f"{min(100, 100 * min(total, top + height) // total)}%"


def position_width(n: int) -> int:
    """Cells for the position of a thread of ``n`` comments, whatever comment: the part
    keeps its width, so changing the text never moves the rest of the line."""
    return len(f" comment {n:,} of {n:,} · 100% ") + 1


class Position:
    """Keeps the bottom line's position part up to date."""

    def __init__(self, app: ReaderApp) -> None:
        self.app = app

    def watch(self) -> None:
        """Follow the scrolling of both panes (j inside a long comment scrolls without
        moving the cursor)."""
        app = self.app
        app.watch(app.comments, "scroll_y", lambda _: self.update(), init=False)
        app.watch(app.article, "scroll_y", lambda _: self.update(), init=False)

    def text(self) -> str:
        app = self.app
        if app.focused is app.article:
            art = app.article
            vh = art.scrollable_content_region.height or art.size.height
            return f"article {percent(round(art.scroll_y), vh, art.virtual_size.height)}"
        view = app.comments
        n = len(app.thread)
        if not n:
            return "no comments"
        through = view.reading_through()
        if through is None:
            where = "all"
        elif round(view.scroll_y) <= 0:
            where = "top"
        else:
            where = f"{min(100, int(100 * through))}%"
        return f"comment {view.cursor + 1:,} of {n:,} · {where}"

    def update(self) -> None:
        app = self.app
        try:
            line = app.status_line
        except Exception:  # not mounted yet, or already gone
            return
        line.set_position(self.text(), position_width(len(app.thread)))
