"""Markdown bodies (Lemmy, PieFed, Reddit without ``body_html``) → plain paragraphs.

markdown-it-py renders CommonMark with tables and strikethrough to HTML, converted as any
HTML body is; text with no Markdown syntax at all takes an exact shortcut.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from threadtui.importers.markup.entities import count_general_decode, fold
from threadtui.importers.markup.html import html_to_text


@lru_cache(maxsize=1)
def markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    # CommonMark plus the two extensions comment sites have. Raw HTML in a comment is shown
    # as text (the sites escape it too). As on the sites, a single newline inside a
    # paragraph is a space; a hard break (two trailing spaces or a backslash) is kept.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


# Characters that are Markdown syntax wherever they are.
_MD_INLINE = frozenset("\\`*_[]~|\0\t\v\f")
# Characters that start a block construct at the start of a line.
_MD_LINE_START = frozenset("#>-+*=_`~|")


def _followed_by(s: str, ch: str, ok: Any) -> bool:
    """Is some ``ch`` in ``s`` followed by a character for which ``ok`` is true?"""
    i = s.find(ch)
    while i >= 0:
        if i + 1 < len(s) and ok(s[i + 1]):
            return True
        i = s.find(ch, i + 1)
    return False


def _starts_block(line: str) -> bool:
    """Does this line start a Markdown block construct (heading, quote, list, code…)?"""
    stripped = line.lstrip(" ")
    if not stripped:
        return False
    if len(line) - len(stripped) >= 4:
        return True  # an indented code block
    c = stripped[0]
    if c in _MD_LINE_START:
        return True
    if c.isdigit():
        k = 1
        while k < len(stripped) and stripped[k].isdigit():
            k += 1
        return k < len(stripped) and stripped[k] in ".)"  # "1. " starts an ordered list
    return False


def markdown_is_plain(s: str) -> bool:
    """True when ``s`` holds no Markdown syntax at all, so its paragraphs are its text."""
    if not _MD_INLINE.isdisjoint(s) or "  \n" in s:
        return False
    # "&name;" / "&#…;" are entities and "<x" may be an autolink; "AT&T" and "a < b" are text.
    if "&" in s and _followed_by(s, "&", lambda c: c.isalnum() or c == "#"):
        return False
    if "<" in s and _followed_by(s, "<", lambda c: c.isalpha() or c in "/!?"):
        return False
    return not any(_starts_block(line) for line in s.split("\n"))


def plain_markdown(s: str) -> str:
    paras: list[str] = []
    cur: list[str] = []
    for line in s.split("\n"):
        text = fold(line).strip(" ")
        if text:
            cur.append(text)
        elif cur:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    return "\n\n".join(paras)


def markdown_to_text(source: str | None, *, base: str | None = None) -> str:
    """Plain paragraphs from Markdown (CommonMark with tables and strikethrough)."""
    if not source:
        return ""
    if "\r" in source:
        source = source.replace("\r\n", "\n").replace("\r", "\n")
    if markdown_is_plain(source):
        return plain_markdown(source)
    if too_deep(source):
        # markdown-it stops nesting at 20 levels and drops what lies deeper: show the
        # source as written instead.
        return "\n".join(x for x in (fold(line).strip(" ") for line in source.split("\n")))
    count_general_decode()
    return html_to_text(markdown_parser().render(source), base=base)


def _nesting_marks(line: str) -> int:
    """How many quote or list levels the start of ``line`` opens ("> > …", "- - …",
    "1. 1. …")."""
    marks = 0
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch == ">":
            marks += 1
            i += 1
        elif ch in " \t":
            i += 1
        elif ch in "-*+" and i + 1 < n and line[i + 1] in " \t":
            marks += 1
            i += 2
        elif ch.isdigit():
            j = i
            while j < n and line[j].isdigit():
                j += 1
            if not (j + 1 < n and line[j] in ".)" and line[j + 1] in " \t"):
                break
            marks += 1
            i = j + 2
        else:
            break
    return marks


def too_deep(source: str) -> bool:
    """Does some line open 16 or more quote or list levels?"""
    return any(len(line) >= 16 and _nesting_marks(line) >= 16 for line in source.split("\n"))
