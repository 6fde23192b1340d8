"""Search queries and their matches: what the user typed, the options, how a query is
compiled to run over folded text, and the reading-order codes of the fields a match is in.

Pure: imports ``threadtui.text`` (the fold) only; never Textual or Rich."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from threadtui.text.fold import ARABIC_LETTERS, fold_char, fold_text

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
K_THREAD_TITLE, K_ART_TITLE, K_ART_SUBTITLE, K_ART_AUTHOR, K_ART_BODY = range(5)
K_AUTHOR, K_TITLE, K_BODY = 5, 6, 7
FIELD_KINDS: Final[tuple[tuple[Target, FieldName], ...]] = (
    ("thread", "title"),
    ("article", "title"),
    ("article", "subtitle"),
    ("article", "author"),
    ("article", "body"),
    ("comment", "author"),
    ("comment", "title"),
    ("comment", "body"),
)
KIND_OF: Final[dict[tuple[str, str], int]] = {tf: k for k, tf in enumerate(FIELD_KINDS)}

#: Comments per chunk of the haystack.
CHUNK_COMMENTS: Final = 512


def _is_word(ch: str) -> bool:  # Python's `re` definition of \w
    return ch.isalnum() or ch == "_"


_ESCAPE: Final = re.compile(r"\\.", re.DOTALL)


# --- query compilation ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Matcher:
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
def compile_query(query: SearchQuery) -> Matcher:
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
        return Matcher(keep_case, query.authors_only, None, pat, False, True)
    # Leading and trailing spaces are dropped: while typing "کتاب ها" the prefix "کتاب "
    # must not lose the hits of "کتاب" (whole-word search is the way to anchor a word).
    q = fold_text(query.text, keep_case=keep_case).strip(" ")
    if not q:
        return Matcher(keep_case, query.authors_only, "", None, False, False)
    source, has_gap = _gap_source(q)
    word_start = query.whole_word and _is_word(q[0])
    word_end = query.whole_word and _is_word(q[-1])
    if not has_gap and not word_start and not word_end:
        return Matcher(keep_case, query.authors_only, q, None, False, False)
    if word_end:
        source += r"(?!\w)"
    return Matcher(keep_case, query.authors_only, None, re.compile(source), word_start, False)


def check_query(query: SearchQuery) -> None:
    """Raise :class:`SearchError` if ``query`` cannot be searched (cheap; cached)."""
    compile_query(query)
