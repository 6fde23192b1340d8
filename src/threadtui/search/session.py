"""The live search of one reader session: the query, the current match, the counts and
the highlights of each comment, and stepping through the matches in reading order.

Pure (no Textual): the UI drives it from its search bar; the counting runs in a worker
thread, so ``count_and_rank`` takes a ``cancelled`` callback.
"""

from __future__ import annotations

from collections.abc import Callable

from threadtui.search.index import SearchIndex
from threadtui.search.query import KIND_OF, Match, SearchError, SearchQuery, check_query

Span = tuple[int, int]
# Where the article view shows each searchable field of the thread/article.
ARTICLE_FIELDS = {
    ("thread", "title"): "thread.title",
    ("article", "title"): "article.title",
    ("article", "subtitle"): "article.subtitle",
    ("article", "author"): "article.author",
    ("article", "body"): "article.body",
}


class SearchState:
    """The live search: query, current match, counts; shared by the app and its views."""

    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.query: SearchQuery | None = None
        self.current: Match | None = None
        self.total: int | None = None
        self.rank: int | None = None  # 1-based position of `current` among all matches
        self._cache: dict[int, dict[str, list[Span]]] = {}

    def clear(self) -> None:
        self.query = None
        self.current = None
        self.total = None
        self.rank = None
        self._cache.clear()

    def set_query(self, query: SearchQuery) -> None:
        check_query(query)
        self.query = query
        self.current = None
        self.total = None
        self.rank = None
        self._cache.clear()

    def highlights(self, i: int) -> dict[str, list[Span]]:
        """Spans to highlight in comment ``i`` (``-1``: the article), by field."""
        if self.query is None:
            return {}
        got = self._cache.get(i)
        if got is None:
            got = {}
            try:
                matches = self.index.matches_in(self.query, i)
            except SearchError:
                matches = []
            for m in matches:
                field = ARTICLE_FIELDS.get((m.target, m.field), m.field) if i < 0 else m.field
                got.setdefault(field, []).append((m.start, m.end))
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[i] = got
        return got

    def first_from(self, index: int) -> Match | None:
        """The first match at or after comment ``index`` (``-1``: the article), wrapping."""
        assert self.query is not None
        for m in self.index.iter_matches(
            self.query, start_at=index if index >= 0 else None, wrap=True
        ):
            return m
        return None

    def next(self) -> tuple[Match | None, bool]:
        """The match after `current` in reading order; True when it wrapped to the top."""
        assert self.query is not None
        if self.current is None:
            return self.first_from(-1), False
        cur = self.current
        for m in self.index.iter_matches(self.query, start_at=cur, wrap=True):
            return m, _key(m) <= _key(cur)
        return None, False

    def previous(self) -> tuple[Match | None, bool]:
        """The match before `current`; True when it wrapped to the bottom. Scans backwards
        in growing windows, so the cost is the distance to the previous match."""
        assert self.query is not None
        cur = self.current
        if cur is None:
            return self._last(), True
        span = 64
        while True:
            lo = cur.index - span
            last = None
            for m in self.index.iter_matches(self.query, start_at=lo if lo >= 0 else None):
                if _key(m) >= _key(cur):
                    break
                last = m
            if last is not None:
                return last, False
            if lo < 0:
                break
            span *= 4
        last = self._last()
        if last is None or (last.index, last.field, last.start) == (
            cur.index,
            cur.field,
            cur.start,
        ):
            return cur, True
        return last, True

    def _last(self) -> Match | None:
        assert self.query is not None
        n = len(self.index.thread)
        span = 64
        while True:
            lo = n - span
            last = None
            for m in self.index.iter_matches(self.query, start_at=lo if lo >= 0 else None):
                last = m
            if last is not None or lo < 0:
                return last
            span *= 4

    def count_and_rank(
        self, query: SearchQuery, current: Match | None, cancelled: Callable[[], bool]
    ) -> tuple[int, int | None]:
        """Total matches and the 1-based rank of ``current`` (for the worker thread)."""
        total = self.index.count(query)
        if current is None:
            return total, None
        rank = 0
        key = _key(current)
        for m in self.index.iter_matches(query):
            rank += 1
            if _key(m) >= key or cancelled():
                break
        return total, rank


def _key(m: Match) -> tuple[int, int, int]:
    """Reading-order key of a match, the same order the index reads in."""
    return (m.index, KIND_OF[m.target, m.field], m.start)
