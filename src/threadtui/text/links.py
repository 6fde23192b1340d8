"""Find URLs, e-mail addresses and @mentions in logical text.

The layout engine wraps each of them in LRI…PDI so it stays a left-to-right island inside
Persian/Arabic text (otherwise ``https://x.io/`` at the end of an RTL sentence is drawn as
``/https://x.io``), and the UI uses the same spans to make them clickable.  Offsets are
logical offsets into the string passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

__all__ = ["Link", "LinkKind", "find_links"]

LinkKind = Literal["url", "email", "mention"]


@dataclass(frozen=True, slots=True)
class Link:
    start: int  # logical offsets: the link is text[start:end]
    end: int
    url: str  # what to open: the URL, "https://" + a www. address, "mailto:" + an address
    kind: LinkKind


# A URL runs until whitespace, a quote or angle bracket, or an invisible/bidi control (a
# Trojan-source RLO inside a "URL" must not become part of what we open).
_URL_CHARS = '[^\\s<>"\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]'
# The patterns start with what they look for, not with a look-behind, so that re can skip
# quickly to candidates; what may precede a match is checked in Python (_starts_word).
# (Spelled with a leading character class, which re scans for much faster than for an
# alternation of case-insensitive words.)
# Group 1 is the scheme ("https://", "www.", "mailto:"): trimming never goes into it.
_URL = re.compile(
    r"([hHwWmM](?:(?<=[hH])[tT][tT][pP][sS]?://|(?<=[wW])[wW][wW]\.|(?<=[mM])[aA][iI][lL][tT][oO]:))"
    rf"{_URL_CHARS}+"
)
# The domain of an e-mail address, matched right after its "@"; the local part is found by
# walking back from the "@" (addresses are rare, "@" is a cheap thing to look for).
_EMAIL_DOMAIN = re.compile(
    r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?![A-Za-z0-9-])"
)
# @handle: ASCII letters, digits, "_", with "." or "-" allowed inside (not at the end, so a
# sentence-final full stop is not swallowed).
_MENTION = re.compile(r"@[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")


def _after_boundary(text: str, start: int, extra: str) -> bool:
    """Is ``text[start]`` not glued to a preceding word character (or one of ``extra``)?"""
    if start == 0:
        return True
    before = text[start - 1]
    return not (before.isalnum() or before == "_" or before in extra)


# Punctuation that ends a sentence rather than a URL, Latin and Arabic-script: a URL at the
# end of a Persian sentence is followed by "،" "؛" "؟" or "۔", not by a space.
_TRAILING = set(".,:;!?'\"*~`…،؛؟۔٫٬»«›‹”“’‘")
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}


def _trim_url(text: str, start: int, end: int) -> int:
    """Move ``end`` left, not below ``start``, past trailing punctuation and unbalanced
    closing brackets, so that ``(see https://x.io/a_(b).)`` yields ``https://x.io/a_(b)``.

    Linear in ``end - start``: each bracket pair is counted once, on the first closer met,
    and the count of closers follows the trim (a URL ending in a million ")" used to be
    counted a million times)."""
    balance: dict[str, int] = {}  # closer -> closers minus openers in text[start:end]
    while end > start:
        ch = text[end - 1]
        if ch in _TRAILING:
            end -= 1
        elif ch in _CLOSERS:
            if ch not in balance:
                balance[ch] = text.count(ch, start, end) - text.count(_CLOSERS[ch], start, end)
            if balance[ch] > 0:
                balance[ch] -= 1
                end -= 1
            else:
                break
        else:
            break
    return end


def find_links(text: str) -> list[Link]:
    """All URLs (http, https, www., mailto:), e-mail addresses and @mentions in ``text``,
    sorted by start, never overlapping (a URL wins over an address or mention inside it)."""
    found: list[Link] = []
    if ":" in text or "." in text:
        found.extend(_urls(text))
    if "@" in text:
        found.extend(_emails(text))
        found.extend(_mentions(text))
    return _without_overlaps(found)


def _urls(text: str) -> Iterator[Link]:
    for m in _URL.finditer(text):
        start = m.start()
        if not _after_boundary(text, start, "/.@+-"):
            continue
        scheme_end = m.end(1)
        end = _trim_url(text, scheme_end, m.end())
        # What follows the scheme once trailing punctuation is gone: "https://" or "www."
        # alone is not a link, nor "mailto:" before a full stop (#11.1).
        rest = text[scheme_end:end]
        if text[start] in "wW":
            url = "https://" + text[start:end]
        else:
            rest = rest.lstrip("/")
            url = text[start:end]
        if rest:
            yield Link(start, end, url, "url")


def _emails(text: str) -> Iterator[Link]:
    at = text.find("@")
    while at >= 0:
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if domain:
            start = _local_part_start(text, at)
            if start < at:
                address = text[start : domain.end()]
                yield Link(start, domain.end(), "mailto:" + address, "email")
        at = text.find("@", at + 1)


def _local_part_start(text: str, at: int) -> int:
    """Where the local part of an address whose "@" is at ``at`` starts (``at``: none)."""
    start = at
    while start > 0 and text[start - 1] in _EMAIL_LOCAL:
        start -= 1
    while start < at and text[start] == ".":  # a local part cannot start with "."
        start += 1
    return start


def _mentions(text: str) -> Iterator[Link]:
    for m in _MENTION.finditer(text):
        if _after_boundary(text, m.start(), "@./+-"):
            yield Link(m.start(), m.end(), m.group(), "mention")


_KIND_ORDER = {"url": 0, "email": 1, "mention": 2}


def _without_overlaps(found: list[Link]) -> list[Link]:
    """Earliest start wins, then the kind found first (url, email, mention), then the
    longest; anything overlapping an accepted link is dropped."""
    if len(found) < 2:
        return found
    found.sort(key=lambda link: (link.start, _KIND_ORDER[link.kind], -link.end))
    out: list[Link] = []
    for link in found:
        if out and link.start < out[-1].end:
            continue
        out.append(link)
    return out
