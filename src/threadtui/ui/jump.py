"""Opening the reader at a match of the library's search (`/` in the library, #14.5).

The library found the match in the file it loaded itself; the reader loads the file
again (maybe in parts, a large one), so the comment is found again by its id, the index
only a hint. Once found, the reader's own search takes the query over: the match is
highlighted, and ``n`` / ``N`` go on through the thread from there.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from threadtui.model import Thread
    from threadtui.search import Match, SearchQuery
    from threadtui.ui.app import ReaderApp


@dataclass(frozen=True)
class Jump:
    """Where to open: the query, its match, and the id of the comment the match is in
    (None: in the thread's title or article)."""

    query: SearchQuery
    match: Match
    comment_id: str | None = None


def find(thread: Thread, jump: Jump) -> Match | None:
    """``jump``'s match in ``thread``; None when its comment is not (yet) in it."""
    m = jump.match
    if m.index < 0 or jump.comment_id is None:
        return m
    if m.index < len(thread) and thread.ids[m.index] == jump.comment_id:
        return m
    i = thread.index_of(jump.comment_id)
    return replace(m, index=i) if i is not None else None


def apply(app: ReaderApp, jump: Jump) -> bool:
    """Put the reader on the match and start its search there. True: done with the jump
    (or the comment is not in the thread at all); False: its comment is not in the part
    of the thread loaded so far, try again once the rest is in."""
    m = find(app.thread, jump)
    if m is None:
        if app.loaded_all:
            app.say("The match is not in this thread any more (the file changed)", 4)
        return app.loaded_all
    searcher = app.searcher
    searcher.go_to(m)
    # The reader's search from here: the match highlighted, counted, n / N go on.
    searcher.run(jump.query)
    where = f"comment {m.index + 1:,}" if m.index >= 0 else "the article"
    app.say(f"Match in {where} · {app.key_hint('search_next')}: next match", 6)
    return True


def start(app: ReaderApp) -> None:
    """Make ``app.jump`` once the search bar is there (it is mounted just after the
    first frame: the search's count is drawn on it); ``app.jump`` is None once done."""
    j = app.jump
    if j is None:
        return
    bar = app.searcher.bar
    if bar is None or not bar.is_mounted:
        app.set_timer(0.05, lambda: start(app))
        return
    if apply(app, j):
        app.jump = None
