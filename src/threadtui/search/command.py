"""The `threadtui search` command: one line per matching comment, for scripts."""

from __future__ import annotations

import sys
import unicodedata
from typing import TYPE_CHECKING, Final, TextIO

from threadtui.search.index import SearchIndex
from threadtui.search.query import SearchError, SearchQuery, check_query

if TYPE_CHECKING:
    from threadtui.model.thread import Thread


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
