"""Entities and whitespace: the string operations every HTML path shares.

`unescape` is `html.unescape` with the entities comment sites write most replaced first:
the general function calls back into Python for every entity. `fold` folds HTML's ASCII
whitespace as a browser does outside ``<pre>``.
"""

from __future__ import annotations

import html
import re

# An entity-like tail ("AT&T", "&copy") at the very end of the input.
ENTITY_AT_END = re.compile(r"&#?[A-Za-z0-9]*\Z")


class _Decodes:
    """How many times text went through a general entity decoder (html.unescape, the HTML5
    parser, markdown-it). Only those decode numeric references such as "&#x202E;" (no
    named entity is a bidi control); while the count stays put, converted text holds no
    bidi control the raw file did not show, and `load_any` can skip scanning for them."""

    count = 0


def general_decodes() -> int:
    return _Decodes.count


def count_general_decode() -> None:
    _Decodes.count += 1


def _general_unescape(seg: str) -> str:
    _Decodes.count += 1
    return html.unescape(seg)


def _common(seg: str) -> str | None:
    """``seg`` with the entities comment sites write most decoded (most frequent first,
    stopping as soon as no "&" is left), or None when another entity is left. Each replaced
    entity is complete (ends in ';') and yields no '&', and ``&amp;`` is replaced only
    when it is the last entity left, so the result is what `html.unescape` gives."""
    if "&" not in seg:
        return seg
    seg = seg.replace("&#x27;", "'")
    if "&" not in seg:
        return seg
    seg = seg.replace("&quot;", '"')
    if "&" not in seg:
        return seg
    seg = seg.replace("&gt;", ">").replace("&lt;", "<")
    if "&" not in seg:
        return seg
    seg = seg.replace("&#39;", "'").replace("&#x2F;", "/")
    if "&" not in seg:
        return seg
    if seg.count("&") == seg.count("&amp;"):
        return seg.replace("&amp;", "&")
    return None


def unescape(seg: str) -> str:
    """`html.unescape`, fast for the common entities."""
    if "&" not in seg:
        return seg
    done = _common(seg)
    return done if done is not None else _general_unescape(seg)


def unescape_common(seg: str) -> str | None:
    """`unescape` when ``seg`` holds only the entities comment sites write most (whose
    replacements are neither whitespace nor '&'); None when it holds any other."""
    return _common(seg)


def unescape_url(seg: str) -> str:
    """`unescape` for an href, where "&#x2F;" is the usual entity."""
    if "&" not in seg:
        return seg
    seg = seg.replace("&#x2F;", "/")
    return unescape(seg) if "&" in seg else seg


def fold(seg: str) -> str:
    """Fold runs of HTML's "ASCII whitespace" (space, tab, newline, carriage return, form
    feed) to one space, as outside <pre>; no-break and other Unicode spaces are text, as in
    a browser. With str.replace rather than a regex: much faster on non-ASCII text."""
    if "\f" in seg:
        seg = seg.replace("\f", " ")
    return fold_keep_ff(seg)


def fold_keep_ff(seg: str) -> str:
    """`fold` that leaves form feeds (the paragraph marks of the fast paths) alone."""
    if "\n" in seg:
        seg = seg.replace("\n", " ")
    if "\t" in seg:
        seg = seg.replace("\t", " ")
    if "\r" in seg:
        seg = seg.replace("\r", " ")
    while "  " in seg:
        seg = seg.replace("  ", " ")
    return seg


def plain(s: str) -> str:
    """Text without tags: decode entities, fold whitespace as HTML does."""
    return fold(unescape(s)).strip(" ")


def paragraphs(u: str, *, folded: bool = False) -> str:
    """Text with ``\\f`` between paragraphs → folded, trimmed paragraphs, blank-line
    separated."""
    if not folded:
        u = fold_keep_ff(u)
    return "\n\n".join([p for p in [x.strip(" ") for x in u.split("\f")] if p])


def unescape_attr(seg: str) -> str | None:
    """An attribute value (an href) decoded, when it holds only the common entities; None
    otherwise. HTML5 decodes attributes differently from text ("&region=" in a query
    string stays as written), so anything rarer goes to the HTML5 parser."""
    if "&" not in seg:
        return seg
    return _common(seg.replace("&#x2F;", "/"))
