"""Library-wide search: `/` in the library (#14.5).

The query is typed on the bottom line and runs on Enter (over 10,000 files a search per
key typed would mostly be thrown away). `threadtui.state.library.Library.search` does the
matching (the reader's Persian/Arabic-aware fold and rules, the indexed text skipping the
files that cannot hold the query) in a worker thread, over the threads the list shows, in
its order; the list then shows only the threads with a match, each with a line around its
first match, growing as they are found. Enter opens the thread at that match (`ui.jump`);
Esc goes back to every thread, the cursor kept.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual.worker import get_current_worker

if TYPE_CHECKING:
    from threadtui.search import SearchQuery
    from threadtui.state.library import Hit
    from threadtui.ui.library import LibraryApp, Place

#: Seconds between two batches of hits sent to the screen (the first goes at once).
BATCH_EVERY = 0.15


class LibrarySearch:
    """The search of one `LibraryApp`: the query, the hits so far (by path), whether the
    search has ended."""

    def __init__(self, app: LibraryApp, place: Place) -> None:
        self.app = app
        self.text = place.search
        self.hits: dict[str, Hit] = {h.path: h for h in place.hits}
        self.done = place.search_done
        self.error: str | None = None
        self._generation = 0

    @property
    def active(self) -> bool:
        """The list shows the search's results (not every thread)."""
        return bool(self.text)

    def restart(self) -> None:
        """Coming back to the list from a thread: a search that had not ended goes on."""
        if self.active and not self.done:
            self.run(self.text, keep=True)

    def run(self, text: str, *, keep: bool = False) -> None:
        from threadtui.search import SearchError, SearchQuery, check_query

        self._generation += 1
        self.text = text.strip()
        self.error = None
        if not keep:
            self.hits = {}
        self.done = True
        library = self.app.library
        if not self.text or library is None:
            self.text = "" if library is None else self.text
            return
        query = SearchQuery(self.text)
        try:
            check_query(query)
        except SearchError as e:
            self.error, self.text = str(e), ""
            return
        self.done = False
        paths = [e.path for e in self.app.visible_entries(with_hits=False)]
        gen = self._generation
        self.app.run_worker(
            lambda: self._worker(gen, query, paths),
            thread=True,
            group="library-search",
            exclusive=True,
            exit_on_error=False,
        )

    def clear(self) -> None:
        """Back to every thread: the search stops, its results go."""
        self._generation += 1
        self.text, self.hits, self.done, self.error = "", {}, True, None

    def _worker(self, gen: int, query: SearchQuery, paths: list[str]) -> None:
        assert self.app.library is not None
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or gen != self._generation

        batch: list[Hit] = []
        last = 0.0
        for hit in self.app.library.search(query, paths, cancelled):
            batch.append(hit)
            now = time.monotonic()
            if now - last >= BATCH_EVERY:
                last = now
                self._send(gen, batch, False)
                batch = []
        if not cancelled():
            self._send(gen, batch, True)

    def _send(self, gen: int, hits: list[Hit], done: bool) -> None:
        try:
            self.app.call_from_thread(self._arrived, gen, list(hits), done)
        except RuntimeError:
            pass  # the app ended meanwhile

    def _arrived(self, gen: int, hits: list[Hit], done: bool) -> None:
        if gen != self._generation:
            return
        for h in hits:
            self.hits.setdefault(h.path, h)
        self.done = self.done or done
        self.app.search_progressed()

    def status(self) -> str:
        """The bottom line's words for the search."""
        if self.error is not None:
            return f"Search: {self.error}"
        if not self.active:
            return ""
        n = len(self.hits)
        found = f"{n:,} thread{'s' if n != 1 else ''} with a match"
        if not self.done:
            return f"Searching every thread… {found} so far"
        return found if n else "No thread has a match"
