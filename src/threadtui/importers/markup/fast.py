"""Exact shortcuts for the HTML comment sites generate, each giving what the HTML5 path
(`markup.html5`) gives, as property tests hold them to.

Converting tens of thousands of comments is the expensive part of opening a saved thread:

* `paragraph_html`: the commonest form — paragraphs (``<p>``, closed or not), inline
  emphasis and ``<a href>`` links — with a handful of whole-string operations;
* `unclosed_paragraphs`: Hacker News' form (``<p>`` never closed, ``<i>``, links);
* `simple_html`: the tags sites write for ordinary comments, written exactly so and
  properly nested, tokenized with ``str.find`` and fed to the same `Converter` as the
  full path.

Each returns None for anything it does not read exactly (any other tag or attribute,
comments, a stray ``<``, an entity that could decode to a mark); the caller then takes
the full path.
"""

from __future__ import annotations

from typing import Any

from threadtui.importers.markup.converter import Converter
from threadtui.importers.markup.entities import (
    fold,
    fold_keep_ff,
    paragraphs,
    unescape,
    unescape_attr,
)
from threadtui.importers.markup.links import format_link

# Tags the strict tokenizer accepts, exactly as written (no attributes), besides <a href>.
_OPEN_NAMES = "p i em b strong code s del blockquote ul ol li h1 h2 h3 h4 h5 h6 sup sub u"
_OPEN = frozenset(_OPEN_NAMES.split())
_VOID = {"br": "br", "br/": "br", "br /": "br", "hr": "hr", "hr/": "hr", "hr /": "hr"}
_NO_ATTRS: dict[str, Any] = {}
# Inline tags that show nothing but their text (strikethrough and superscript keep marks,
# so they go through the Converter).
_INLINE = frozenset(("i", "em", "b", "strong", "code", "sub", "u"))
_MARKS = ("\f", "\x01", "\x02", "\x03")
# Opening one of these closes an open <p> in HTML5 (the strict tokenizer gives up there
# rather than copy the rule).
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_CLOSES_P = frozenset(("p", "blockquote", "ul", "ol", "li", "pre", "hr")) | _HEADINGS


def _href_attrs(tag: str) -> tuple[str, int] | None:
    """``a href="URL"`` (optionally ``rel="nofollow"``) → (raw URL, end of the URL), or None
    for any other attributes."""
    q = tag.find('"', 8)
    if q < 0:
        return None
    rest = tag[q + 1 :]
    if rest and rest != ' rel="nofollow"':
        return None
    return tag[8:q], q


# --------------------------------------------------------------------------- strict tokenizer


class _Strict:
    """The tokenizer of `simple_html`: one method per kind of tag, False when the markup is
    more than it reads."""

    __slots__ = ("h", "hrefs", "s", "stack")

    def __init__(self, s: str, base: str | None) -> None:
        self.s = s
        self.h = Converter(base)
        self.stack: list[str] = []
        self.hrefs: list[str] = []

    def close(self, name: str) -> bool:
        if not self.stack or self.stack[-1] != name:
            return False
        self.stack.pop()
        self._end(name)
        return True

    def _end(self, name: str) -> None:
        if name == "a":
            self.h.end("a", {"href": self.hrefs.pop()}.get)
        else:
            self.h.end(name, _NO_ATTRS.get)

    def pre(self, k: int) -> int:
        """A ``<pre>`` block from ``k`` (after its ``>``); the index of its closing ``>``,
        or -1."""
        s = self.s
        m = s.find("</pre>", k + 1)
        if m < 0:
            return -1
        code = s[k + 1 : m]
        # HTML drops a newline right after <pre>, not one after <pre><code>.
        inner = code.startswith("<code>") and code.endswith("</code>")
        if inner:
            code = code[6:-7]
        if "<" in code:
            return -1
        self.h.pre(unescape(code), first_newline_dropped=inner)
        return m + 5

    def link(self, tag: str) -> bool:
        attrs = _href_attrs(tag)
        if attrs is None:
            return False
        raw = attrs[0]
        href = unescape_attr(raw) if "<" not in raw and "\n" not in raw else None
        if href is None:
            return False
        self.hrefs.append(href)
        self.stack.append("a")
        self.h.start("a", _NO_ATTRS.get)
        return True

    def _close_open_p(self) -> bool:
        """HTML5 closes an open <p> when a block starts. When the <p> is the innermost
        open element that is closing it (as Hacker News' unclosed <p>s are); deeper
        (inside an inline element) the tokenizer gives up."""
        stack = self.stack
        if "p" not in stack:
            return True
        if stack[-1] != "p":
            return False
        stack.pop()
        self.h.end("p", _NO_ATTRS.get)
        return True

    def _nests_as_written(self, tag: str) -> bool:
        """Does HTML5 put ``tag`` inside the open elements, as the stack says (after an
        open <p> a block closes)? Not when it implies closing others: an <li> in an open
        <li> of the same list, a heading in a heading, a link in a link."""
        if tag in _CLOSES_P and not self._close_open_p():
            return False
        stack = self.stack
        if tag == "li":
            for name in reversed(stack):
                if name in ("ul", "ol"):
                    break
                if name == "li":
                    return False
        if tag in _HEADINGS and stack and stack[-1] in _HEADINGS:
            return False
        return not (tag == "a" and "a" in stack)

    def tag(self, tag: str, k: int) -> int:
        """Handle one tag ending at ``k``; where to go on, or -1 to give up."""
        if tag in _OPEN:
            if not self._nests_as_written(tag):
                return -1
            self.stack.append(tag)
            self.h.start(tag, _NO_ATTRS.get)
        elif tag[:1] == "/":
            if not self.close(tag[1:]):
                return -1
        elif tag in _VOID:
            if _VOID[tag] == "hr" and not self._close_open_p():
                return -1
            self.h.start(_VOID[tag], _NO_ATTRS.get)
        elif tag == "pre" and not self._close_open_p():
            return -1
        elif tag == "pre":
            return self.pre(k)
        elif not (tag.startswith('a href="') and "a" not in self.stack and self.link(tag)):
            return -1
        return k

    def run(self) -> str | None:
        s, h = self.s, self.h
        find = s.find
        i, n = 0, len(s)
        while i < n:
            j = find("<", i)
            if j < 0:
                h.data(unescape(s[i:]))
                break
            if j > i:
                h.data(unescape(s[i:j]))
            k = find(">", j)
            if k < 0:
                return None
            k = self.tag(s[j + 1 : k], k)
            if k < 0:
                return None
            i = k + 1
        # Elements still open at the end close there, as the HTML5 parser closes them.
        while self.stack:
            self._end(self.stack.pop())
        return h.w.result()


def simple_html(s: str, base: str | None) -> str | None:
    """Comment HTML as sites generate it, or None when it is anything more.

    Reads tags written exactly as in `_OPEN`/`_VOID`, ``<pre>``/``<pre><code>`` blocks and
    ``<a href="…">`` (optionally ``rel="nofollow"``), properly nested."""
    return _Strict(s, base).run()


# --------------------------------------------------------------------------- Hacker News


def _italics_closed(r: str) -> bool:
    """Every ``<i>`` closes before the next ``<i>`` or paragraph break."""
    find = r.find
    i = find("<i>")
    while i >= 0:
        e = find("</i>", i)
        if e < 0 or find("<i>", i + 3, e) >= 0 or find("\f", i, e) >= 0:
            return False
        i = find("<i>", e)
    return True


def _hn_link(r: str, j: int, base: str | None, out: list[str]) -> tuple[str, int] | None:
    """The link starting at ``j`` (``<a href="…"``): (its text as shown, index after its
    ``</a>``), its spacing marks appended to ``out``; None when it is more than that."""
    find = r.find
    k = find(">", j)
    q = find('"', j + 9)
    if k < 0 or q < 0 or q > k:
        return None
    rest = r[q + 1 : k]
    if rest and rest != ' rel="nofollow"':
        return None
    m = find("</a>", k)
    if m < 0:
        return None
    inner, raw = r[k + 1 : m], r[j + 9 : q]
    if "<" in inner or "\f" in inner or "\x02" in inner:
        return None
    same = inner == raw  # Hacker News shows most links as their URL
    href = unescape_attr(raw)
    if href is None or _fold_changes(href):
        return None
    if same:
        inner = core = href
    else:
        inner = fold(unescape(inner))
        core = inner.strip(" ")
        if not core:
            return None
        if inner[0] == " ":
            out.append(" ")
    out.append("\x01")
    if inner[-1] == " ":
        out.append(" ")
    return format_link(core, href, base), m + 4


def _fold_changes(href: str) -> bool:
    return " " in href or "\n" in href or "\t" in href or "\r" in href or "\f" in href


def _put_links(u: str, links: list[str]) -> str | None:
    parts = u.split("\x01")
    if len(parts) != len(links) + 1:
        return None
    return parts[0] + "".join([link + part for link, part in zip(links, parts[1:], strict=True)])


def unclosed_paragraphs(r: str, base: str | None) -> str | None:
    """Hacker News' form with emphasis and links: ``<p>`` never closed (already turned
    into ``\\f`` in ``r``), ``<i>…</i>`` within a paragraph, ``<a href>`` links."""
    if "\x01" in r or "\x02" in r:
        return None
    if "<i>" in r:
        if not _italics_closed(r):
            return None
        r = r.replace("<i>", "\x02").replace("</i>", "\x02")
        if "<" not in r:
            u = unescape(r)
            if u.count("\f") != r.count("\f"):
                return None  # "&#12;" decoded to a form feed
            return paragraphs(u.replace("\x02", ""))
    out: list[str] = []
    links: list[str] = []
    find = r.find
    i = 0
    while True:
        j = find("<", i)
        if j < 0:
            out.append(r[i:])
            break
        if not r.startswith('<a href="', j):
            return None
        out.append(r[i:j])
        got = _hn_link(r, j, base, out)
        if got is None:
            return None
        links.append(got[0])
        i = got[1]
    joined = "".join(out)
    u = unescape(joined)
    if u.count("\f") != joined.count("\f"):
        return None
    u = fold_keep_ff(u.replace("\x02", "") if "\x02" in u else u)
    put = _put_links(u, links)
    return None if put is None else paragraphs(put, folded=True)


# --------------------------------------------------------------------------- paragraphs


def _p_nested(s: str, n_close: int) -> bool:
    """Does every ``</p>`` close an open ``<p>`` (so that each is a paragraph boundary)?"""
    if not n_close:
        return True
    depth = 0
    i = s.find("<")
    while i >= 0:
        if s.startswith("<p>", i):
            depth += 1
        else:
            if not depth:
                return False
            depth -= 1
        i = s.find("<", i + 1)
    return True


def p_pairs(s: str) -> bool:
    """A quick sufficient test that every ``</p>`` closes an open ``<p>``: none before the
    first ``<p>``, at most one after each."""
    parts = s.split("<p>")
    if "</p>" in parts[0]:
        return False
    return all(part.count("</p>") <= 1 for part in parts[1:])


_OTHER_TAGS = object()


def _only_paragraph_tags(s: str) -> object:
    """Markup whose only tags are ``<p>`` (Hacker News) or ``<p>…</p>`` properly paired
    (Markdown renderers) → its paragraphs, or None when a form feed is in the way;
    `_OTHER_TAGS` when it has other tags."""
    r = s.replace("<p>", "\f")
    if "<" in r:
        n_close = s.count("</p>")
        if not n_close or "<" in r.replace("</p>", "") or not _p_nested(s, n_close):
            return _OTHER_TAGS
        r = r.replace("</p>", "\f")
    u = unescape(r)
    if u.count("\f") != r.count("\f") or "\f" in s:
        return None  # a form feed in the text, or from "&#12;"
    return paragraphs(u)


class _ParagraphScan:
    """The tokenizer of `paragraph_html`: tags become marks in ``out`` (paragraph breaks
    ``\\f``, each followed by one ``\\x03`` per open blockquote, links ``\\x01``, inline
    tags ``\\x02``)."""

    __slots__ = ("base", "breaks", "depth", "links", "out", "quoted", "s", "stack")

    def __init__(self, s: str, base: str | None) -> None:
        self.s, self.base = s, base
        self.out: list[str] = []
        self.links: list[str] = []
        self.stack: list[str] = []
        self.breaks = 0
        self.depth = 0
        self.quoted = False

    def _break(self) -> None:
        self.out.append("\f" + "\x03" * self.depth)
        self.breaks += 1

    def _close(self, name: str) -> bool:
        if not self.stack or self.stack[-1] != name:
            return False
        self.stack.pop()
        if name == "p":
            self._break()
        elif name == "blockquote":
            self.depth -= 1
            self._break()
        else:
            self.out.append("\x02")
        return True

    def _link(self, tag: str, k: int) -> int:
        attrs = _href_attrs(tag)
        if attrs is None:
            return -1
        s = self.s
        m = s.find("</a>", k + 1)
        if m < 0:
            return -1
        inner = s[k + 1 : m]
        if "<" in inner or "<" in attrs[0]:
            return -1
        href = unescape_attr(attrs[0])
        if href is None or fold(href) != href:
            return -1
        inner = fold(unescape(inner))
        core = inner.strip(" ")
        if not core:
            return -1
        if inner[0] == " ":
            self.out.append(" ")
        self.out.append("\x01")
        if inner[-1] == " ":
            self.out.append(" ")
        self.links.append(format_link(core, href, self.base))
        return m + 3

    def tag(self, tag: str, k: int) -> int:
        if tag == "p":
            self.stack.append(tag)
            self._break()
        elif tag in _INLINE:
            self.stack.append(tag)
            self.out.append("\x02")
        elif tag == "blockquote":
            self.stack.append(tag)
            self.depth += 1
            self.quoted = True
            self._break()
        elif tag[:1] == "/":
            return k if self._close(tag[1:]) else -1
        elif tag.startswith('a href="'):
            return self._link(tag, k)
        else:
            return -1
        return k

    def run(self) -> str | None:
        s, out = self.s, self.out
        find = s.find
        i = 0
        while True:
            j = find("<", i)
            if j < 0:
                out.append(s[i:])
                break
            out.append(s[i:j])
            k = find(">", j)
            if k < 0:
                return None
            k = self.tag(s[j + 1 : k], k)
            if k < 0:
                return None
            i = k + 1
        if self.stack and self.depth:
            return None  # an unclosed blockquote
        return self._finish()

    def _finish(self) -> str | None:
        u = unescape("".join(self.out))
        if u.count("\f") != self.breaks:
            return None  # "&#12;" decoded to a form feed
        u = fold_keep_ff(u.replace("\x02", "") if "\x02" in u else u)
        if self.links:
            put = _put_links(u, self.links)
            if put is None:
                return None
            u = put
        if not self.quoted:
            return paragraphs(u, folded=True)
        return _quoted_paragraphs(u)


def _quoted_paragraphs(u: str) -> str:
    paras: list[str] = []
    for x in u.split("\f"):
        x = x.strip(" ")
        if x[:1] == "\x03":
            n = len(x) - len(x.lstrip("\x03"))
            x = x[n:].strip(" ")
            if x:
                paras.append("> " * n + x)
        elif x:
            paras.append(x)
    return "\n\n".join(paras)


def paragraph_html(s: str, base: str | None) -> str | None:
    """The commonest comment HTML — paragraphs (``<p>``, closed or not), inline emphasis and
    ``<a href>`` links — straight to text, or None for anything else.

    Gives what `simple_html` would, with a handful of whole-string operations instead of
    the line machinery. No entity name can contain a mark, so decoding the marked string
    gives what decoding each piece between tags gives."""
    only = _only_paragraph_tags(s)
    if only is not _OTHER_TAGS:
        return only if isinstance(only, str) else None
    if any(m in s for m in _MARKS):
        return None
    return _ParagraphScan(s, base).run()
