"""Persian/Arabic-aware search over a thread.

Pure: imports ``threadtui.text`` (the fold) and, for types only, ``threadtui.model``; never
Textual or Rich. See docs/search.md for the rules.

How it stays fast on a 100,000-comment thread (~30 MB):

* Each text is folded **once** (:func:`threadtui.text.fold.fold_text`, one ``str.translate``
  per *chunk* of 512 comments, not per field) into one haystack string per chunk, fields
  separated by ``"\\n"`` (the fold turns every newline of the text into a space, so ``"\\n"``
  only ever separates fields). Chunks are folded lazily, in reading order, or ahead of time
  with :meth:`SearchIndex.build` / :meth:`SearchIndex.build_step`.
* A query is folded the same way and searched with ``str.find`` / ``str.count`` (literal
  queries) or a compiled regular expression (word-join gaps, whole word, regex mode), all in
  C over the chunk strings.
* Offsets back to the original text are computed only for the fields that hold a match
  that is actually consumed (:meth:`SearchIndex.iter_matches` is a generator), and cached.
"""

from __future__ import annotations

import re
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, Any, cast

from threadtui.model.columns import narrow, widen
from threadtui.search.keyboard import keyboard_to_ascii, keyboard_to_persian
from threadtui.search.query import (
    CHUNK_COMMENTS,
    FIELD_KINDS,
    K_ART_AUTHOR,
    K_ART_BODY,
    K_ART_SUBTITLE,
    K_ART_TITLE,
    K_AUTHOR,
    K_BODY,
    K_THREAD_TITLE,
    K_TITLE,
    KIND_OF,
    FieldName,
    Match,
    Matcher,
    SearchQuery,
    Target,
    compile_query,
)
from threadtui.text.fold import Folded, fold_text

if TYPE_CHECKING:
    from threadtui.model.thread import Thread

# --- the index ------------------------------------------------------------------------

#: A matcher no narrow haystack can match (it needs a character outside the alphabet).
_NEVER = Matcher(False, False, "", None, False, False)

#: Characters folded in one call. A call holds the interpreter lock throughout (about a
#: millisecond for this many), and a chunk of a big thread is hundreds of thousands of
#: characters: folded whole, it kept the UI thread waiting behind the background fold.
PIECE_CHARS = 32_768


def _pieces(texts: list[str]) -> Iterator[list[str]]:
    """``texts`` in runs of about `PIECE_CHARS` characters (a longer text alone)."""
    piece: list[str] = []
    size = 0
    for t in texts:
        if piece and size + len(t) > PIECE_CHARS:
            yield piece
            piece, size = [], 0
        piece.append(t)
        size += len(t) + 1
    if piece:
        yield piece


@dataclass(slots=True)
class _Chunk:
    hay: str | bytes  # folded fields joined by "\n"; bytes: narrow (model.columns)
    # Arrays, not lists: a list holds an int object (32 bytes) per field, which for a
    # million comments' three fields was more than their folded text (#18).
    starts: array[int]  # start of each field in hay
    codes: array[int]  # field codes, increasing


class _Corpus:
    """The folded haystack of one variant (case kept or folded; all fields or authors)."""

    __slots__ = ("authors", "chunks", "keep_case")

    def __init__(self, n_chunks: int, keep_case: bool, authors: bool) -> None:
        self.keep_case = keep_case
        self.authors = authors
        self.chunks: list[_Chunk | None] = [None] * n_chunks


class SearchIndex:
    """Search over one thread: the thread title, the article (title, subtitle, author, body)
    and every comment (author, title, body), in reading order.

    Nothing is folded up front; chunks of 512 comments are folded the first time a search
    reaches them. Call :meth:`build` (or :meth:`build_step` from an idle callback or a
    worker thread) to fold everything ahead of the first keystroke.
    """

    def __init__(self, thread: Thread, *, chunk_comments: int = CHUNK_COMMENTS) -> None:
        self.thread = thread
        self._chunk_comments = max(1, chunk_comments)
        self._n = len(thread.body)
        self._n_chunks = 1 + -(-self._n // self._chunk_comments)
        self._corpora: dict[tuple[bool, bool], _Corpus] = {}
        self._lock = threading.RLock()
        self._folded: OrderedDict[tuple[int, bool], Folded] = OrderedDict()
        # query -> (matcher, found through the keyboard retry, known to have no match)
        self._resolved: OrderedDict[SearchQuery, tuple[Matcher, bool, bool]] = OrderedDict()
        self._counts: OrderedDict[SearchQuery, int] = OrderedDict()
        self._narrowed: dict[Matcher, Matcher | None] = {}
        self._widened: OrderedDict[int, tuple[_Chunk, str]] = OrderedDict()

    # -- building ----------------------------------------------------------------------

    def _corpus(self, keep_case: bool, authors: bool) -> _Corpus:
        key = (keep_case, authors)
        corpus = self._corpora.get(key)
        if corpus is None:
            with self._lock:
                corpus = self._corpora.get(key)
                if corpus is None:
                    corpus = _Corpus(self._n_chunks, keep_case, authors)
                    self._corpora[key] = corpus
        return corpus

    def _chunk(self, corpus: _Corpus, k: int) -> _Chunk:
        chunk = corpus.chunks[k]
        if chunk is None:
            # Folded outside the lock: another thread (the background fold, a count) may
            # be folding it too, a piece at a time; whichever finishes first is kept.
            made = self._fold_chunk(k, corpus.keep_case, corpus.authors)
            with self._lock:
                chunk = corpus.chunks[k]
                if chunk is None:
                    chunk = corpus.chunks[k] = made
        return chunk

    def _header_fields(self, authors: bool) -> list[tuple[int, str]]:
        thread = self.thread
        art = thread.article
        fields: list[tuple[int, str]] = []
        if not authors:
            if thread.title and (art is None or art.title != thread.title):
                fields.append((K_THREAD_TITLE, thread.title))
            if art is not None:
                if art.title:
                    fields.append((K_ART_TITLE, art.title))
                if art.subtitle:
                    fields.append((K_ART_SUBTITLE, art.subtitle))
        if art is not None and art.author:
            fields.append((K_ART_AUTHOR, art.author))
        if not authors and art is not None and art.body:
            fields.append((K_ART_BODY, art.body))
        return fields

    def _fold_chunk(self, k: int, keep_case: bool, authors: bool) -> _Chunk:
        codes: list[int] = []
        texts: list[str] = []
        if k == 0:
            for code, text in self._header_fields(authors):
                codes.append(code)
                texts.append(text)
        else:
            lo = (k - 1) * self._chunk_comments
            hi = min(self._n, lo + self._chunk_comments)
            thread = self.thread
            # Slices: the columns decode a run of comments in one go (#18).
            titles = repeat(None) if authors else thread.title_[lo:hi]
            bodies = repeat(None) if authors else thread.body[lo:hi]
            for i, a, t, b in zip(
                range(lo, hi), thread.author[lo:hi], titles, bodies, strict=False
            ):
                base = (i + 1) * 8
                if a:
                    codes.append(base + K_AUTHOR)
                    texts.append(a)
                if t:
                    codes.append(base + K_TITLE)
                    texts.append(t)
                if b:
                    codes.append(base + K_BODY)
                    texts.append(b)
        if not texts:
            return _Chunk("", array("q"), array("q"))
        parts: list[str] = []
        for piece in _pieces(texts):
            # Fold a piece of the chunk in one call: the fold is per character, and NUL
            # folds to itself, so NUL-joined fields fold to NUL-joined folded fields.
            joined = "\x00".join(piece)
            if joined.count("\x00") == len(piece) - 1:
                parts += fold_text(joined, keep_case=keep_case).split("\x00")
            else:  # a field holds NUL itself
                parts += [fold_text(t, keep_case=keep_case) for t in piece]
        starts = array("q", accumulate(map((1).__add__, map(len, parts)), initial=0))
        starts.pop()  # the start after the last field
        hay = "\n".join(parts)
        # One byte a character when the folded text fits the narrow alphabet (the Arabic
        # script, Latin-1 letters): half of a `str` holding any Arabic letter (#18).
        return _Chunk(narrow(hay) or hay, starts, array("q", codes))

    def build(self, *, keep_case: bool = False, authors: bool = False) -> None:
        """Fold every chunk of the default variant (case folded, all fields) now, and the
        case-kept and authors-only variants too when asked."""
        variants = [(False, False)]
        if keep_case:
            variants.append((True, False))
        if authors:
            variants.append((False, True))
            if keep_case:
                variants.append((True, True))
        for kc, au in variants:
            corpus = self._corpus(kc, au)
            for k in range(self._n_chunks):
                self._chunk(corpus, k)

    def build_step(self, *, keep_case: bool = False, authors: bool = False) -> bool:
        """Fold the next unfolded chunk (about 512 comments, a few milliseconds) of one
        variant, the default one unless asked; True once all its chunks are folded."""
        corpus = self._corpus(keep_case, authors)
        for k, chunk in enumerate(corpus.chunks):
            if chunk is None:
                self._chunk(corpus, k)
                return k == self._n_chunks - 1 or all(c is not None for c in corpus.chunks)
        return True

    def progress(self, *, keep_case: bool = False, authors: bool = False) -> float:
        """Share of a variant (the default one unless asked) already folded, 0.0 – 1.0."""
        corpus = self._corpus(keep_case, authors)
        return sum(c is not None for c in corpus.chunks) / self._n_chunks

    # -- mapping back ------------------------------------------------------------------

    def field_text(self, target: Target, index: int, field: FieldName) -> str:
        """The original string a :class:`Match` of this field indexes into."""
        return self._text_of((index + 1) * 8 + KIND_OF[target, field])

    def _text_of(self, code: int) -> str:
        index, kind = divmod(code, 8)
        index -= 1
        thread = self.thread
        value: str | None
        if kind == K_AUTHOR:
            value = thread.author[index]
        elif kind == K_TITLE:
            value = thread.title_[index]
        elif kind == K_BODY:
            value = thread.body[index]
        elif kind == K_THREAD_TITLE:
            value = thread.title
        else:
            art = thread.article
            if art is None:
                value = None
            elif kind == K_ART_TITLE:
                value = art.title
            elif kind == K_ART_SUBTITLE:
                value = art.subtitle
            elif kind == K_ART_AUTHOR:
                value = art.author
            else:
                value = art.body
        return value or ""

    def _folded_field(self, chunk: _Chunk, j: int, keep_case: bool) -> Folded:
        code = chunk.codes[j]
        key = (code, keep_case)
        with self._lock:
            folded = self._folded.get(key)
            if folded is not None:
                self._folded.move_to_end(key)
                return folded
        end = chunk.starts[j + 1] - 1 if j + 1 < len(chunk.starts) else len(chunk.hay)
        part = chunk.hay[chunk.starts[j] : end]
        hay = part if isinstance(part, str) else widen(part)
        folded = Folded(self._text_of(code), hay, keep_case=keep_case)
        with self._lock:
            self._folded[key] = folded
            if len(self._folded) > 1024:
                self._folded.popitem(last=False)
        return folded

    def _match(self, chunk: _Chunk, s: int, e: int, keep_case: bool, keyboard: bool) -> Match:
        j = bisect_right(chunk.starts, s) - 1
        base = chunk.starts[j]
        start, end = self._folded_field(chunk, j, keep_case).span(s - base, e - base)
        index, kind = divmod(chunk.codes[j], 8)
        target, field = FIELD_KINDS[kind]
        return Match(target, index - 1, field, start, end, keyboard)

    # -- searching ---------------------------------------------------------------------

    def _narrow_matcher(self, m: Matcher) -> Matcher | None:
        """``m`` for narrow haystacks (bytes: a literal or a gap pattern, encoded), `_NEVER`
        when it holds a character no narrow haystack has, None when it must see text
        (word boundaries and user regexes follow `str` rules)."""
        with self._lock:
            if m in self._narrowed:
                return self._narrowed[m]
        got: Matcher | None = None
        if m.literal is not None:
            lit = narrow(m.literal)
            got = _NEVER if lit is None else replace(m, literal=cast(Any, lit))
        elif m.pattern is not None and not m.word_start and not m.user_regex:
            source = m.pattern.pattern
            if "\\w" not in source and not m.pattern.flags & ~(re.UNICODE | re.MULTILINE):
                raw = narrow(source)
                got = _NEVER if raw is None else replace(m, pattern=cast(Any, re.compile(raw)))
        with self._lock:
            self._narrowed[m] = got
        return got

    def _wide(self, chunk: _Chunk) -> str:
        """A narrow chunk's haystack as text, for the searches that need it (a few kept)."""
        key = id(chunk)
        with self._lock:
            hit = self._widened.get(key)
            if hit is not None and hit[0] is chunk:
                self._widened.move_to_end(key)
                return hit[1]
        text = widen(cast(bytes, chunk.hay))
        with self._lock:
            self._widened[key] = (chunk, text)
            if len(self._widened) > 8:
                self._widened.popitem(last=False)
        return text

    def _scan(self, m: Matcher, chunk: _Chunk, pos: int = 0) -> Iterator[tuple[int, int]]:
        hay = chunk.hay
        if type(hay) is str:
            return m.scan(hay, pos)
        fast = self._narrow_matcher(m)
        if fast is _NEVER:
            return iter(())
        if fast is not None:
            # Offsets in a narrow haystack are character offsets: one byte a character.
            return fast.scan(cast(str, hay), pos)
        return m.scan(self._wide(chunk), pos)

    def _count(self, m: Matcher, chunk: _Chunk) -> int:
        hay = chunk.hay
        if type(hay) is str:
            return m.count(hay)
        fast = self._narrow_matcher(m)
        if fast is _NEVER:
            return 0
        if fast is not None:
            return fast.count(cast(str, hay))
        return m.count(self._wide(chunk))

    def _any(self, m: Matcher) -> bool:
        corpus = self._corpus(m.keep_case, m.authors)
        for k in range(self._n_chunks):
            for _ in self._scan(m, self._chunk(corpus, k)):
                return True
        return False

    def _resolve(self, query: SearchQuery) -> tuple[Matcher, bool, bool]:
        with self._lock:
            hit = self._resolved.get(query)
            if hit is not None:
                return hit
        m = compile_query(query)
        result = (m, False, False)
        if query.keyboard_retry and not query.regex and not self._any(m):
            result = (m, False, True)
            alt = keyboard_to_persian(query.text)
            if alt is None:
                alt = keyboard_to_ascii(query.text)
            if alt is not None:
                m2 = compile_query(replace(query, text=alt, keyboard_retry=False))
                if self._any(m2):
                    result = (m2, True, False)
        with self._lock:
            self._resolved[query] = result
            if len(self._resolved) > 64:
                self._resolved.popitem(last=False)
        return result

    def keyboard_alternative(self, query: SearchQuery) -> str | None:
        """The keyboard-mapped text searched instead of ``query.text`` (``sghl`` → ``سلام``)
        when the query has no hit and the mapped one has; else None."""
        _, keyboard, _ = self._resolve(query)
        if not keyboard:
            return None
        alt = keyboard_to_persian(query.text)
        return alt if alt is not None else keyboard_to_ascii(query.text)

    def _position(self, corpus: _Corpus, start_at: int | Match | None) -> tuple[int, int]:
        """(chunk, offset in its haystack) where a search from ``start_at`` begins."""
        if start_at is None:
            return 0, 0
        if isinstance(start_at, int):
            if start_at < 0:
                return 0, 0
            if start_at >= self._n:
                return self._n_chunks, 0
            k = 1 + start_at // self._chunk_comments
            chunk = self._chunk(corpus, k)
            j = bisect_left(chunk.codes, (start_at + 1) * 8)
            return k, chunk.starts[j] if j < len(chunk.starts) else len(chunk.hay)
        code = (start_at.index + 1) * 8 + KIND_OF[start_at.target, start_at.field]
        k = 0 if start_at.index < 0 else 1 + start_at.index // self._chunk_comments
        chunk = self._chunk(corpus, k)
        j = bisect_left(chunk.codes, code)
        if j >= len(chunk.codes):
            return k, len(chunk.hay)
        if chunk.codes[j] != code:
            return k, chunk.starts[j]
        folded = self._folded_field(chunk, j, corpus.keep_case)
        return k, chunk.starts[j] + folded.folded_offset(start_at.end)

    def iter_matches(
        self,
        query: SearchQuery,
        start_at: int | Match | None = None,
        *,
        wrap: bool = False,
    ) -> Iterator[Match]:
        """Matches in reading order, lazily: the first ones cost only the chunks they are in.

        ``start_at``: a comment index (start at that comment; ``-1``/None = the top) or a
        :class:`Match` (start right after it). ``wrap``: go on from the top up to the start.
        Raises :class:`SearchError` (on first use) for an invalid regex.
        """
        m, keyboard, empty = self._resolve(query)
        if empty:
            return
        corpus = self._corpus(m.keep_case, m.authors)
        k0, pos0 = self._position(corpus, start_at)
        for k in range(k0, self._n_chunks):
            chunk = self._chunk(corpus, k)
            for s, e in self._scan(m, chunk, pos0 if k == k0 else 0):
                yield self._match(chunk, s, e, m.keep_case, keyboard)
        if wrap and (k0, pos0) != (0, 0):
            for k in range(min(k0 + 1, self._n_chunks)):
                chunk = self._chunk(corpus, k)
                for s, e in self._scan(m, chunk):
                    if k == k0 and s >= pos0:
                        break
                    yield self._match(chunk, s, e, m.keep_case, keyboard)

    def first_matches(
        self, query: SearchQuery, limit: int = 50, start_at: int | Match | None = None
    ) -> list[Match]:
        """The first ``limit`` matches (a screenful for the results list)."""
        out: list[Match] = []
        if limit <= 0:
            return out
        for match in self.iter_matches(query, start_at):
            out.append(match)
            if len(out) >= limit:
                break
        return out

    def count(self, query: SearchQuery) -> int:
        """Total number of matches (scans everything; cached per query)."""
        with self._lock:
            cached = self._counts.get(query)
        if cached is not None:
            return cached
        m, _, empty = self._resolve(query)
        corpus = self._corpus(m.keep_case, m.authors)
        total = 0
        for k in range(0 if empty else self._n_chunks):
            total += self._count(m, self._chunk(corpus, k))
        with self._lock:
            self._counts[query] = total
            if len(self._counts) > 256:
                self._counts.popitem(last=False)
        return total

    def matches_in(self, query: SearchQuery, index: int) -> list[Match]:
        """All matches in comment ``index`` (``-1``: the thread title and the article), for
        highlighting what is on screen."""
        m, keyboard, empty = self._resolve(query)
        if empty:
            return []
        corpus = self._corpus(m.keep_case, m.authors)
        if index < 0:
            k, lo, hi = 0, 0, 8
        else:
            k = 1 + index // self._chunk_comments
            lo, hi = (index + 1) * 8, (index + 2) * 8
        chunk = self._chunk(corpus, k)
        j0 = bisect_left(chunk.codes, lo)
        j1 = bisect_left(chunk.codes, hi)
        if j0 >= j1:
            return []
        start = chunk.starts[j0]
        stop = chunk.starts[j1] - 1 if j1 < len(chunk.starts) else len(chunk.hay)
        out: list[Match] = []
        for s, e in self._scan(m, chunk, start):
            if s >= stop:
                break
            out.append(self._match(chunk, s, e, m.keep_case, keyboard))
        return out
