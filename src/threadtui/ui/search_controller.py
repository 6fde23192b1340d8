"""The reader's search, between the search bar and the panes.

Matching lives in `threadtui.search` (pure, Persian/Arabic-aware) and the live state in
its `SearchState`. Here: typing is debounced; the first match after the reader's position
is found at once (it costs only the chunks it passes), while the total and the current
match's rank are counted in a worker thread above `SMALL_THREAD` comments, so a
100,000-comment thread never blocks a key. Highlights are computed per comment as it is
drawn, never for the whole thread.

The controller owns the bar (mounted once, just after the first frame) and remembers the
pane the reader searched from: Esc goes back there unless a match took them elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.widget import AwaitMount
from textual.worker import get_current_worker

from threadtui.search import ARTICLE_FIELDS, Match, SearchError, SearchQuery
from threadtui.ui.status import Field
from threadtui.ui.textual_private import is_exiting

if TYPE_CHECKING:
    from threadtui.search import SearchState
    from threadtui.ui.app import ReaderApp
    from threadtui.ui.article import ArticleView
    from threadtui.ui.comments import CommentView
    from threadtui.ui.search_bar import SearchBar

SMALL_THREAD = 2_000  # up to this many comments, search runs on the UI thread
DEBOUNCE = 0.06  # seconds after the last key typed before the search runs


class SearchController:
    def __init__(self, app: ReaderApp) -> None:
        self.app = app
        self.state: SearchState | None = None
        self.bar: SearchBar | None = None
        self._timer: Timer | None = None
        self._generation = 0
        self._origin: ArticleView | CommentView | None = None

    # ------------------------------------------------------------------ the bar

    def ensure_state(self) -> SearchState:
        thread = self.app.thread
        if self.state is None or self.state.index.thread is not thread:
            from threadtui.search import SearchIndex, SearchState

            self.state = SearchState(SearchIndex(thread))
        return self.state

    def mount_bar(self) -> AwaitMount | None:
        """Mount the (hidden) search bar, once: after the first frame, so that it costs
        the start-up nothing and is there when / is pressed."""
        app = self.app
        if self.bar is not None or is_exiting(app) or not app.screen.is_mounted:
            return None  # mounted already, or shutting down (a SIGHUP at start-up)
        from textual.widget import MountError

        from threadtui.ui.search_bar import SearchBar

        bar = SearchBar(app.user_keymap, app.options, self.close)
        try:
            mounting = app.mount(bar, before=app.query_one("#bottom"))
        except MountError:
            return None
        self.bar = bar
        if app.loaded_all and len(app.thread) > SMALL_THREAD:
            # A thread loaded whole before the first frame: fold its index now. (One
            # loaded in the background is folded by the load's worker when it ends.)
            app.run_worker(
                lambda: self.prefold(lambda: get_current_worker().is_cancelled),
                thread=True,
                group="prefold",
            )
        return mounting

    async def open(self) -> None:
        self.ensure_state()
        mounting = self.mount_bar()
        if mounting is not None:  # / before the bar was mounted (in the first moments)
            await mounting
        if self.bar is None:
            return
        app = self.app
        focused = app.focused
        if focused is app.article or focused is app.comments:
            self._origin = focused
        self.bar.add_class("-open")
        app.focus_now(self.bar.input)

    def typing(self) -> bool:
        return self.bar is not None and self.app.focused is self.bar.input

    def close(self) -> None:
        """Esc: close the bar, keep the position (and the highlights), back to the pane
        of the current match, or to the pane the search started from."""
        if self.bar is not None:
            self.bar.remove_class("-open")
        pane = self._return_pane()
        self.app.focus_pane(pane)
        if self._origin is not None and pane is not self._origin:
            # The focus goes back elsewhere than where / was pressed: say where (#12.4).
            self.app.say(f"The current match is in the {self._pane_name(pane)}: keys act there")

    def _pane_name(self, pane: object) -> str:
        return "article" if pane is self.app.article else "comments"

    def _return_pane(self) -> ArticleView | CommentView:
        app = self.app
        st = self.state
        if st is not None and st.current is not None:
            return app.article if st.current.index < 0 else app.comments
        return self._origin or app.comments

    # ------------------------------------------------------------------ typing

    def changed(self, query: SearchQuery) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.bar is not None:
            # The bar's own timer: it goes with the bar when the app shuts down.
            self._timer = self.bar.set_timer(DEBOUNCE, lambda: self.run(query))

    def _start_index(self) -> int:
        app = self.app
        return (
            -1 if app.focused is app.article or self._origin is app.article else app.comments.cursor
        )

    def run(self, query: SearchQuery) -> None:
        st = self.ensure_state()
        self._generation += 1
        gen = self._generation
        bar = self.bar
        if bar is None or not bar.is_mounted or is_exiting(self.app):
            return
        if not query.text.strip():
            st.clear()
            bar.set_count("")
            self.apply_highlights()
            return
        try:
            st.set_query(query)
        except SearchError as e:
            st.clear()
            bar.set_count(str(e), error=True)
            self.apply_highlights()
            return
        start = self._start_index()
        if len(self.app.thread) <= SMALL_THREAD:
            first = st.first_from(start)
            self._found(gen, first)
            total, rank = st.count_and_rank(query, first, lambda: False)
            self._counted(gen, total, rank)
        else:
            bar.set_count("searching…")
            self.app.run_worker(
                lambda: self._worker(gen, query, start),
                thread=True,
                exclusive=True,
                group="search",
            )

    def _worker(self, gen: int, query: SearchQuery, start: int) -> None:
        worker = get_current_worker()
        st = self.state
        bar = self.bar
        assert st is not None and bar is not None
        try:
            first = st.first_from(start)
        except Exception as e:
            self.app.call_from_thread(bar.set_count, str(e), error=True)
            return
        if worker.is_cancelled or gen != self._generation:
            return
        self.app.call_from_thread(self._found, gen, first)
        total, rank = st.count_and_rank(query, first, lambda: worker.is_cancelled)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._counted, gen, total, rank)

    def _found(self, gen: int, first: Match | None) -> None:
        st = self.state
        if st is None or gen != self._generation:
            return
        st.current = first
        if first is None:
            self._show_count()
        else:
            self.go_to(first)
            if first.keyboard and st.query is not None:
                alt = st.index.keyboard_alternative(st.query)
                if alt:
                    self.app.say(
                        (
                            "Nothing for what was typed: searched ",
                            Field(alt, 30),
                            " instead (the other keyboard layout)",
                        ),
                        timeout=4,
                    )
        self.apply_highlights()

    def _counted(self, gen: int, total: int, rank: int | None) -> None:
        st = self.state
        if st is None or gen != self._generation:
            return
        st.total, st.rank = total, rank
        self._show_count()

    def count_text(self) -> str:
        """``3/17``, ``…/17`` while counting, ``no matches``, or empty with no query."""
        st = self.state
        if st is None or st.query is None:
            return ""
        if st.current is None:
            return "no matches"
        total = f"{st.total:,}" if st.total is not None else "…"
        rank = f"{st.rank:,}" if st.rank is not None else "…"
        return f"{rank}/{total}"

    def _show_count(self) -> None:
        if self.bar is not None:
            self.bar.set_count(self.count_text())

    # ------------------------------------------------------------------ moving

    def go_to(self, m: Match) -> None:
        app = self.app
        if m.index >= 0:
            app.focus_pane(app.comments, keep_typing=self.typing())
            app.comments.reveal(m.index, m.field, m.start)
        else:
            field = ARTICLE_FIELDS.get((m.target, m.field), m.field)
            app.focus_pane(app.article, keep_typing=self.typing())
            row = app.article.row_of(field, m.start)
            if row is not None:
                app.article.scroll_to_row(row)

    def apply_highlights(self) -> None:
        app = self.app
        st = self.state
        if st is None or st.query is None:
            app.comments.set_highlights(None, None)
            app.article.set_highlights({}, None)
            return
        cur = st.current
        ccur = (cur.index, cur.field, (cur.start, cur.end)) if cur and cur.index >= 0 else None
        app.comments.set_highlights(st.highlights, ccur)
        acur = None
        if cur is not None and cur.index < 0:
            acur = (ARTICLE_FIELDS.get((cur.target, cur.field), cur.field), (cur.start, cur.end))
        app.article.set_highlights(st.highlights(-1), acur)

    def step(self, forward: bool) -> None:
        """Enter / n: the next match in reading order (Shift-Enter / N: the previous),
        wrapping with a notice. With the bar closed the bottom line shows the count."""
        app = self.app
        st = self.state
        if st is None or st.query is None:
            app.say(f"No search yet: press {app.key_hint('search')} to search", timeout=2)
            return
        m, wrapped = st.next() if forward else st.previous()
        if m is None:
            app.say("No matches", timeout=2)
            return
        st.current = m
        if st.rank is not None and st.total:
            if wrapped:
                st.rank = 1 if forward else st.total
            else:
                st.rank = st.rank + 1 if forward else st.rank - 1
        before = app.focused
        self.go_to(m)
        self.apply_highlights()
        self._show_count()
        where = "top" if forward else "bottom"
        count = self.count_text()
        # n into the other pane moves the focus there: the notice says so (#12.4).
        moved = "" if app.focused is before else f" · in the {self._pane_name(app.focused)}"
        if wrapped:
            app.say(f"Search wrapped to the {where} · match {count}{moved}", timeout=2)
        elif not self.typing():
            app.say(f"Match {count}{moved}", timeout=2)

    def clear(self) -> None:
        """\\: no query, no highlights (the bar's text goes too)."""
        if self.state is not None:
            self.state.clear()
        if self.bar is not None:
            self.bar.input.value = ""
            self.bar.set_count("")
        self.apply_highlights()

    def thread_replaced(self) -> None:
        """The full thread arrived: the index was of the part shown so far."""
        self.state = None

    def prefold(self, cancelled: Callable[[], bool]) -> None:
        """In a worker thread once the thread is loaded: fold the search index a chunk
        (512 comments, a few milliseconds) at a time until all of it is folded, so that
        the first search finds and counts over folded text instead of folding the whole
        thread first (#18.3). A search meanwhile folds what it reaches itself; each chunk
        is folded once either way. The state is made on the UI thread."""
        app = self.app
        thread = app.thread
        st = self.state
        if st is None or st.index.thread is not thread:
            if is_exiting(app) or cancelled():
                return
            st = app.call_from_thread(self.ensure_state)
        index = st.index
        if index.thread is not thread:
            return  # the thread changed again meanwhile
        while not cancelled() and not is_exiting(app):
            if index.build_step():
                break
