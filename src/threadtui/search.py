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
import sys
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Final, Literal, TextIO

from threadtui.text.fold import ARABIC_LETTERS, Folded, fold_char, fold_text

if TYPE_CHECKING:
    from threadtui.model.thread import Thread

__all__ = [
    "KEYBOARD_FA",
    "Match",
    "SearchError",
    "SearchIndex",
    "SearchQuery",
    "check_query",
    "keyboard_to_ascii",
    "keyboard_to_persian",
    "search_command",
]

Target = Literal["thread", "article", "comment"]
FieldName = Literal["title", "subtitle", "author", "body"]


class SearchError(ValueError):
    """A query that cannot be searched (an invalid regular expression); short message."""


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What the user typed plus the search options.

    Smart case: a query holding an upper-case letter is case-sensitive; otherwise case is
    ignored. ``keyboard_retry``: an ASCII query with no hit is retried as if typed on a
    Persian (ISIRI 9147) keyboard, and an Arabic-script one the other way round.
    """

    text: str
    whole_word: bool = False
    regex: bool = False
    authors_only: bool = False
    keyboard_retry: bool = True

    @property
    def case_sensitive(self) -> bool:
        text = _ESCAPE.sub("", self.text) if self.regex else self.text
        return any(ch.isupper() for ch in text)


@dataclass(frozen=True, slots=True)
class Match:
    """One hit. ``[start, end)`` are offsets in the *original* (logical) string of the field:
    ``thread.body[index]``, ``thread.title_[index]``, ``thread.author[index]`` for comments,
    ``thread.article.<field>`` for the article, ``thread.title`` for the thread title.
    ``index`` is the comment index (depth-first order), ``-1`` for the thread and article.
    ``keyboard`` is True when the hit was found through the keyboard-layout retry."""

    target: Target
    index: int
    field: FieldName
    start: int
    end: int
    keyboard: bool = False


# --- field codes -----------------------------------------------------------------------
# A field is encoded as (index + 1) * 8 + kind; codes increase in reading order.
_K_THREAD_TITLE, _K_ART_TITLE, _K_ART_SUBTITLE, _K_ART_AUTHOR, _K_ART_BODY = range(5)
_K_AUTHOR, _K_TITLE, _K_BODY = 5, 6, 7
_KINDS: Final[tuple[tuple[Target, FieldName], ...]] = (
    ("thread", "title"),
    ("article", "title"),
    ("article", "subtitle"),
    ("article", "author"),
    ("article", "body"),
    ("comment", "author"),
    ("comment", "title"),
    ("comment", "body"),
)
_KIND_OF: Final[dict[tuple[str, str], int]] = {tf: k for k, tf in enumerate(_KINDS)}

#: Comments per chunk of the haystack.
CHUNK_COMMENTS: Final = 512


def _is_word(ch: str) -> bool:  # Python's `re` definition of \w
    return ch.isalnum() or ch == "_"


_ESCAPE: Final = re.compile(r"\\.", re.DOTALL)

# --- keyboard layouts -----------------------------------------------------------------
#: ISIRI 9147 (Persian standard keyboard), after vim's runtime/keymap/persian-iranian_utf-8.vim:
#: the character each ASCII key produces.
# fmt: off
KEYBOARD_FA: Final[dict[str, str]] = {
    **dict(zip("1234567890", "۱۲۳۴۵۶۷۸۹۰", strict=True)),
    **dict(zip("qwertyuiop[]", "ضصثقفغعهخحجچ", strict=True)),
    **dict(zip("asdfghjkl;'", "شسیبلاتنمکگ", strict=True)),
    **dict(zip("zxcvbnm,", "ظطزرذدپو", strict=True)),
    "~": "÷", "@": "٬", "#": "٫", "$": "﷼", "%": "٪", "^": "×", "&": "،",
    "(": ")", ")": "(", "_": "ـ",
    "Q": "\u0652", "W": "\u064c", "E": "\u064d", "R": "\u064b", "T": "\u064f",
    "Y": "\u0650", "U": "\u064e", "I": "\u0651", "O": "]", "P": "[", "{": "}", "}": "{",
    "A": "ؤ", "S": "ئ", "D": "ي", "F": "إ", "G": "أ", "H": "آ", "J": "ة", "K": "»", "L": "«",
    '"': "؛", "Z": "ك", "X": "\u0653", "C": "ژ", "V": "\u0670", "B": "\u200c", "N": "\u0654",
    "M": "ء", "<": ">", ">": "<", "?": "؟",
}
# fmt: on
_NOT_BACK: Final = frozenset("\u200c")
_KEYBOARD_BACK: Final[dict[str, str]] = {}
for _key, _char in KEYBOARD_FA.items():
    if _char in _NOT_BACK:
        continue
    # Prefer the unshifted key when two keys give the same character.
    if _char not in _KEYBOARD_BACK or _KEYBOARD_BACK[_char].isupper():
        _KEYBOARD_BACK[_char] = _key
_KEYBOARD_BACK.update({"ي": "d", "ك": ";", " ": " "})  # older layouts: the same keys
del _key, _char


def keyboard_to_persian(text: str) -> str | None:
    """``sghl`` → ``سلام``: the text as if typed with the Persian layout active; ``None``
    when ``text`` is not plain ASCII with at least one letter."""
    if not text.isascii() or not any(ch.isalpha() for ch in text):
        return None
    return "".join(KEYBOARD_FA.get(ch, ch) for ch in text)


def keyboard_to_ascii(text: str) -> str | None:
    """``اثممخ`` → ``hello``: the reverse; ``None`` unless every non-space character of
    ``text`` is on the Persian layout and at least one is an Arabic-script letter."""
    if not any(ch in ARABIC_LETTERS for ch in text):
        return None
    out: list[str] = []
    for ch in text:
        if ch in "\u200c\u200d":  # a half space is no key of an ASCII word
            continue
        key = _KEYBOARD_BACK.get(ch)
        if key is None:
            if ch.isspace() or ch.isdigit():
                out.append(ch)
                continue
            return None
        out.append(key)
    return "".join(out)


# --- query compilation ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Matcher:
    keep_case: bool
    authors: bool
    literal: str | None  # plain str.find search (no pattern)
    pattern: re.Pattern[str] | None
    word_start: bool  # the match must not follow a word character (checked in Python)
    user_regex: bool  # may match across field separators: confine to one field

    def scan(self, hay: str, pos: int = 0) -> Iterator[tuple[int, int]]:
        """Non-overlapping non-empty matches in ``hay`` from ``pos``, left to right."""
        end = len(hay)
        lit = self.literal
        if lit is not None:
            if not lit:
                return
            n = len(lit)
            find = hay.find
            while True:
                s = find(lit, pos)
                if s < 0:
                    return
                yield s, s + n
                pos = s + n
        pat = self.pattern
        assert pat is not None
        search = pat.search
        word_start = self.word_start
        while pos <= end:
            m = search(hay, pos)
            if m is None:
                return
            s, e = m.span()
            if word_start and s > 0 and _is_word(hay[s - 1]):
                pos = s + 1
                continue
            if s == e:
                pos = s + 1
                continue
            if self.user_regex and hay.find("\n", s, e) >= 0:
                if hay[s] == "\n":
                    pos = s + 1
                    continue
                # The leftmost match runs into the next field: search the field alone.
                fend = hay.find("\n", s, e)
                inner = _search_nonempty(pat, hay, s, fend)
                if inner is None:
                    pos = fend + 1
                    continue
                s, e = inner
            yield s, e
            pos = e

    def count(self, hay: str) -> int:
        if self.literal is not None:
            return hay.count(self.literal) if self.literal else 0
        return sum(1 for _ in self.scan(hay))


def _search_nonempty(pat: re.Pattern[str], hay: str, pos: int, end: int) -> tuple[int, int] | None:
    while pos <= end:
        m = pat.search(hay, pos, end)
        if m is None:
            return None
        if m.end() > m.start():
            return m.span()
        pos = m.start() + 1
    return None


def _gap_source(q: str) -> tuple[str, bool]:
    """Regex source for the folded literal query ``q`` with word-join gaps.

    Inside a run of Arabic-script letters (query spaces between two such letters count as
    part of the run), a space the user typed is optional, and a boundary with at least two
    letters of the run on each side accepts one optional space in the text; elsewhere the
    query is literal. So ``می خواهم``, ``میخواهم`` and ``می‌خواهم`` (ZWNJ folds to nothing)
    find each other, while the two-letter ``من`` does not match ``م ن`` across the words
    ``کم نیست``.
    """
    parts: list[str] = []
    has_gap = False
    i, n = 0, len(q)
    while i < n:
        ch = q[i]
        if ch not in ARABIC_LETTERS:
            parts.append(re.escape(ch))
            i += 1
            continue
        letters = [ch]
        spaced: list[bool] = []
        j = i + 1
        while j < n:
            if q[j] in ARABIC_LETTERS:
                spaced.append(False)
                letters.append(q[j])
                j += 1
            elif q[j] == " " and j + 1 < n and q[j + 1] in ARABIC_LETTERS:
                spaced.append(True)
                letters.append(q[j + 1])
                j += 2
            else:
                break
        count = len(letters)
        for t, letter in enumerate(letters):
            parts.append(letter)  # Arabic letters are never regex metacharacters
            if t == count - 1:
                break
            # A space the user typed, or two letters on each side: the text may have a space.
            if spaced[t] or (t + 1 >= 2 and count - (t + 1) >= 2):
                parts.append(" ?")
                has_gap = True
        i = j
    return "".join(parts), has_gap


def _fold_pattern(pattern: str, keep_case: bool) -> str:
    """Fold the literal characters of a user regex; escapes are kept verbatim."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch.isascii():
            out.append(fold_char(ch, keep_case=keep_case) if ch.isalpha() else ch)
        else:
            # Never let a full-width "＊" turn into the metacharacter "*".
            out.append(re.escape(fold_char(ch, keep_case=keep_case)))
        i += 1
    return "".join(out)


def _error(exc: BaseException) -> SearchError:
    if isinstance(exc, re.error):
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        return SearchError(f"invalid regex: {exc.msg}{where}")
    return SearchError(f"invalid regex: {exc}")


@lru_cache(maxsize=256)
def _compile(query: SearchQuery) -> _Matcher:
    keep_case = query.case_sensitive
    if query.regex:
        source = _fold_pattern(query.text, keep_case)
        if query.whole_word:
            source = rf"(?<!\w)(?:{source})(?!\w)"
        try:
            pat = re.compile(source, re.MULTILINE)
        except (re.error, OverflowError, RecursionError, ValueError) as exc:
            raise _error(exc) from None
        if pat.match("") is not None:
            raise SearchError("regex matches empty text")
        return _Matcher(keep_case, query.authors_only, None, pat, False, True)
    # Leading and trailing spaces are dropped: while typing "کتاب ها" the prefix "کتاب "
    # must not lose the hits of "کتاب" (whole-word search is the way to anchor a word).
    q = fold_text(query.text, keep_case=keep_case).strip(" ")
    if not q:
        return _Matcher(keep_case, query.authors_only, "", None, False, False)
    source, has_gap = _gap_source(q)
    word_start = query.whole_word and _is_word(q[0])
    word_end = query.whole_word and _is_word(q[-1])
    if not has_gap and not word_start and not word_end:
        return _Matcher(keep_case, query.authors_only, q, None, False, False)
    if word_end:
        source += r"(?!\w)"
    return _Matcher(keep_case, query.authors_only, None, re.compile(source), word_start, False)


def check_query(query: SearchQuery) -> None:
    """Raise :class:`SearchError` if ``query`` cannot be searched (cheap; cached)."""
    _compile(query)


# --- the index ------------------------------------------------------------------------


@dataclass(slots=True)
class _Chunk:
    hay: str  # folded fields joined by "\n"
    starts: list[int]  # start of each field in hay
    codes: list[int]  # field codes, increasing


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
        self._resolved: OrderedDict[SearchQuery, tuple[_Matcher, bool, bool]] = OrderedDict()
        self._counts: OrderedDict[SearchQuery, int] = OrderedDict()

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
            with self._lock:
                chunk = corpus.chunks[k]
                if chunk is None:
                    chunk = self._fold_chunk(k, corpus.keep_case, corpus.authors)
                    corpus.chunks[k] = chunk
        return chunk

    def _header_fields(self, authors: bool) -> list[tuple[int, str]]:
        thread = self.thread
        art = thread.article
        fields: list[tuple[int, str]] = []
        if not authors:
            if thread.title and (art is None or art.title != thread.title):
                fields.append((_K_THREAD_TITLE, thread.title))
            if art is not None:
                if art.title:
                    fields.append((_K_ART_TITLE, art.title))
                if art.subtitle:
                    fields.append((_K_ART_SUBTITLE, art.subtitle))
        if art is not None and art.author:
            fields.append((_K_ART_AUTHOR, art.author))
        if not authors and art is not None and art.body:
            fields.append((_K_ART_BODY, art.body))
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
            author_col, title_col, body_col = thread.author, thread.title_, thread.body
            for i in range(lo, hi):
                base = (i + 1) * 8
                a = author_col[i]
                if a:
                    codes.append(base + _K_AUTHOR)
                    texts.append(a)
                if authors:
                    continue
                t = title_col[i]
                if t:
                    codes.append(base + _K_TITLE)
                    texts.append(t)
                b = body_col[i]
                if b:
                    codes.append(base + _K_BODY)
                    texts.append(b)
        if not texts:
            return _Chunk("", [], [])
        # Fold the whole chunk in one call: the fold is per character, and NUL folds to
        # itself, so NUL-joined fields fold to NUL-joined folded fields.
        joined = "\x00".join(texts)
        if joined.count("\x00") == len(texts) - 1:
            parts = fold_text(joined, keep_case=keep_case).split("\x00")
        else:  # a field holds NUL itself
            parts = [fold_text(t, keep_case=keep_case) for t in texts]
        starts: list[int] = []
        pos = 0
        for p in parts:
            starts.append(pos)
            pos += len(p) + 1
        return _Chunk("\n".join(parts), starts, codes)

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
        return self._text_of((index + 1) * 8 + _KIND_OF[target, field])

    def _text_of(self, code: int) -> str:
        index, kind = divmod(code, 8)
        index -= 1
        thread = self.thread
        value: str | None
        if kind == _K_AUTHOR:
            value = thread.author[index]
        elif kind == _K_TITLE:
            value = thread.title_[index]
        elif kind == _K_BODY:
            value = thread.body[index]
        elif kind == _K_THREAD_TITLE:
            value = thread.title
        else:
            art = thread.article
            if art is None:
                value = None
            elif kind == _K_ART_TITLE:
                value = art.title
            elif kind == _K_ART_SUBTITLE:
                value = art.subtitle
            elif kind == _K_ART_AUTHOR:
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
        folded = Folded(self._text_of(code), chunk.hay[chunk.starts[j] : end], keep_case=keep_case)
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
        target, field = _KINDS[kind]
        return Match(target, index - 1, field, start, end, keyboard)

    # -- searching ---------------------------------------------------------------------

    def _any(self, m: _Matcher) -> bool:
        corpus = self._corpus(m.keep_case, m.authors)
        for k in range(self._n_chunks):
            for _ in m.scan(self._chunk(corpus, k).hay):
                return True
        return False

    def _resolve(self, query: SearchQuery) -> tuple[_Matcher, bool, bool]:
        with self._lock:
            hit = self._resolved.get(query)
            if hit is not None:
                return hit
        m = _compile(query)
        result = (m, False, False)
        if query.keyboard_retry and not query.regex and not self._any(m):
            result = (m, False, True)
            alt = keyboard_to_persian(query.text)
            if alt is None:
                alt = keyboard_to_ascii(query.text)
            if alt is not None:
                m2 = _compile(replace(query, text=alt, keyboard_retry=False))
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
        code = (start_at.index + 1) * 8 + _KIND_OF[start_at.target, start_at.field]
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
            for s, e in m.scan(chunk.hay, pos0 if k == k0 else 0):
                yield self._match(chunk, s, e, m.keep_case, keyboard)
        if wrap and (k0, pos0) != (0, 0):
            for k in range(min(k0 + 1, self._n_chunks)):
                chunk = self._chunk(corpus, k)
                for s, e in m.scan(chunk.hay):
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
            total += m.count(self._chunk(corpus, k).hay)
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
        for s, e in m.scan(chunk.hay, start):
            if s >= stop:
                break
            out.append(self._match(chunk, s, e, m.keep_case, keyboard))
        return out


# --- the `search` command -------------------------------------------------------------

_MARK_OPEN, _MARK_CLOSE = "»", "«"
_STRIP_CATEGORIES: Final = frozenset(("Cc", "Cs", "Co", "Cn"))
_KEEP_FORMAT: Final = frozenset("\u200c\u200d")  # ZWNJ/ZWJ shape Persian words


def _shown_control(ch: str) -> str:
    """A control character as something visible, as the reader shows it: ESC is ␛,
    DEL ␡, a C1 control its escape (``\\x9b``), a lone surrogate U+FFFD."""
    cp = ord(ch)
    if cp < 0x20:
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"
    if 0xD800 <= cp <= 0xDFFF:
        return "\ufffd"
    return f"\\x{cp:02x}"


def _clean(text: str) -> str:
    """One printable line: whitespace runs become one space; controls are shown (␛[31m,
    never an escape sequence); bidi controls and other format characters (but ZWNJ/ZWJ),
    private-use and unassigned characters are dropped."""
    out: list[str] = []
    prev_space = False
    for ch in text:
        if ch.isspace():
            if not prev_space:
                out.append(" ")
            prev_space = True
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs"):
            out.append(_shown_control(ch))
        elif cat in _STRIP_CATEGORIES or (cat == "Cf" and ch not in _KEEP_FORMAT):
            continue
        else:
            out.append(ch)
        prev_space = False
    return "".join(out)


def _cell_len(text: str) -> int:
    # Imported here: only the `search` command measures, and the width tables pull in
    # rich.cells, which the index itself never needs.
    from threadtui.text.cells import cell_len

    return cell_len(text)


def _cut_right(text: str, budget: int) -> str:
    """Keep the start of ``text`` within ``budget`` cells, "…" marking the cut."""
    if _cell_len(text) <= budget:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = _cell_len(ch)
        if used + w > budget - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _cut_left(text: str, budget: int) -> str:
    """Keep the end of ``text`` within ``budget`` cells, "…" marking the cut."""
    if _cell_len(text) <= budget:
        return text
    if budget <= 0:
        return ""
    out: list[str] = []
    used = 0
    for ch in reversed(text):
        w = _cell_len(ch)
        if used + w > budget - 1:
            break
        out.append(ch)
        used += w
    return "…" + "".join(reversed(out))


def snippet(text: str, start: int, end: int, width: int) -> str:
    """One line of at most ``width`` cells around ``text[start:end]``, the match marked
    »like this«, context cut with "…" on either side."""
    before = _clean(text[:start])
    hit = _clean(text[start:end])
    after = _clean(text[end:])
    width = max(width, 8)
    hit = _cut_right(hit, width - 2)
    room = width - 2 - _cell_len(hit)
    want_before = min(_cell_len(before), max(room // 3, room - _cell_len(after)))
    before = _cut_left(before, want_before)
    after = _cut_right(after, room - _cell_len(before))
    return f"{before}{_MARK_OPEN}{hit}{_MARK_CLOSE}{after}"


def search_command(thread: Thread, query: SearchQuery, out: TextIO, *, width: int = 80) -> int:
    """Print one line per matching comment: ``id<TAB>author<TAB>snippet``.

    The thread title and article print as one line with id ``article``. The snippet shows
    the first match in the title or body (the author column is the match when only the
    author matches). Returns 0 if something matched, 1 if nothing did, 2 (with a message on
    stderr) for an invalid query — like grep.
    """
    index = SearchIndex(thread)
    try:
        check_query(query)
        first = next(index.iter_matches(query), None)
    except SearchError as exc:
        print(f"threadtui: search: {exc}", file=sys.stderr)
        return 2
    found = False
    if first is not None and first.keyboard:
        alt = index.keyboard_alternative(query)
        print(f"threadtui: search: no match for {query.text!r}; showing {alt!r}", file=sys.stderr)
    while first is not None:
        found = True
        group = index.matches_in(query, first.index)
        if first.index < 0:
            ident = "article"
            art = thread.article
            author = (art.author if art is not None else None) or ""
        else:
            ident = thread.ids[first.index]
            author = thread.author[first.index] or ""
        ident, author = _clean(ident), _clean(author)
        room = max(20, width - _cell_len(ident) - _cell_len(author) - 2)
        shown = next((g for g in group if g.field != "author"), None)
        if shown is not None:
            text = index.field_text(shown.target, shown.index, shown.field)
            line = snippet(text, shown.start, shown.end, room)
        else:
            body = thread.body[first.index] if first.index >= 0 else ""
            line = _cut_right(_clean(body), room)
        out.write(f"{ident}\t{author}\t{line}\n")
        nxt = first.index + 1 if first.index >= 0 else 0
        if nxt >= len(thread.body):
            break
        first = next(index.iter_matches(query, start_at=nxt), None)
    return 0 if found else 1
