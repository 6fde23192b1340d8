"""HTML and Markdown bodies → the plain paragraphs the layout engine shows.

The output is plain text: paragraphs separated by one blank line, line breaks (``<br>``)
kept as newlines, list items as ``- item`` / ``1. item`` (nested items indented),
blockquotes as ``> `` lines, code blocks kept line for line, and links kept as URLs:
``text (https://…)``, or the URL alone when the text is the URL (or a shortened form of it).

HTML goes through BeautifulSoup with the stdlib ``html.parser``; Markdown is parsed by
markdown-it-py, rendered to HTML and converted the same way, so both paths agree.

Converting tens of thousands of comments is the expensive part of opening a saved thread,
so exact shortcuts come first, each held by tests (property tests against BeautifulSoup
and markdown-it-py) to give what the full path gives:

* text with no markup at all (no ``<`` in HTML; no Markdown syntax characters) needs no
  parser: entities are decoded and whitespace folded as HTML does;
* HTML of paragraph tags only (Hacker News' ``text<p>text``, a Markdown renderer's
  ``<p>…</p>``) is split at those tags with string operations;
* HTML made only of the tags sites generate for ordinary comments — ``<p>``, ``<i>``,
  ``<em>``, ``<b>``, ``<strong>``, ``<code>``, ``<blockquote>``, ``<br>``, lists,
  headings, ``<pre>`` and ``<a href="…">`` (optionally ``rel="nofollow"``), written
  exactly so and properly nested — is tokenized with ``str.find``. Anything else (any
  other tag or attribute, comments, a stray ``<``) goes to BeautifulSoup.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urljoin

__all__ = ["html_to_text", "markdown_to_text"]

_ENTITY_AT_END = re.compile(r"&#?[A-Za-z0-9]*\Z")

_SKIP_NAMES = (
    "script style template head title noscript svg button select textarea input object"
    " embed canvas map"
)
_SKIP = frozenset(_SKIP_NAMES.split())
_BLOCK_NAMES = (
    "p div h1 h2 h3 h4 h5 h6 section article aside header footer figure figcaption details"
    " summary dl dd address center form fieldset main nav table caption blockquote ul ol"
    " pre hr dt video audio iframe"
)
_BLOCK = frozenset(_BLOCK_NAMES.split())
_SCHEMES = ("http://", "https://", "ftp://", "mailto:", "gopher://", "gemini://")


# --------------------------------------------------------------------------- links


def _norm_url(u: str) -> str:
    for scheme in ("https://", "http://"):
        if u.startswith(scheme):
            u = u[len(scheme) :]
            break
    if u.startswith("www."):
        u = u[4:]
    return u.rstrip("/")


def _absolute(href: str, base: str | None) -> str | None:
    href = href.strip()
    if not href or href.startswith("#") or href.lower().startswith(("javascript:", "data:")):
        return None
    low = href.lower()
    if low.startswith(_SCHEMES):
        return href
    if href.startswith("//"):
        return "https:" + href
    if base:
        joined = urljoin(base, href)
        if joined.lower().startswith(_SCHEMES):
            return joined
    return None


def format_link(text: str, href: str | None, base: str | None = None) -> str:
    """``text (url)``, or the URL alone when the text already says it."""
    url = _absolute(href, base) if href else None
    if url is None:
        return text
    if not text:
        return url
    if url.lower().startswith("mailto:"):
        addr = unquote(url[7:].split("?", 1)[0])
        return text if text in (addr, url) else f"{text} ({addr})"
    if text == url:
        return url
    nt, nu = _norm_url(text), _norm_url(url)
    if nt == nu:
        return url
    # Sites shorten long URLs in the link text: "https://example.com/a/very/lo..."
    stem = text.rstrip(".…")
    if stem != text and len(stem) >= 8 and nu.startswith(_norm_url(stem)):
        return url
    return f"{text} ({url})"


# --------------------------------------------------------------------------- writer


class _Writer:
    """Accumulates lines; block structure arrives as ``want`` (1: new line, 2: blank line)."""

    __slots__ = ("cur", "cur_prefix", "lines", "link_start", "slots", "want")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.cur_prefix = ""
        self.want = 0
        # Prefix slots, outermost first: [text for the next line, text for later lines].
        self.slots: list[list[str]] = []
        # (line number, piece index) where the innermost open link's text starts.
        self.link_start: list[tuple[int, int] | None] = []

    def _flush(self) -> None:
        if self.cur:
            self.lines.append((self.cur_prefix + "".join(self.cur)).rstrip(" "))
            self.cur = []

    def _start_line(self) -> None:
        self._flush()
        if self.want == 2 and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.want = 0
        prefix = []
        for slot in self.slots:
            prefix.append(slot[0])
            slot[0] = slot[1]
        self.cur_prefix = "".join(prefix)

    def text(self, s: str) -> None:
        """Inline text whose whitespace is already folded."""
        if self.want or not self.cur:
            s = s.lstrip(" ")
            if not s:
                return
            self._start_line()
        elif s[0] == " " and self.cur[-1][-1:] == " ":
            s = s[1:]
            if not s:
                return
        if self.link_start and self.link_start[-1] is None:
            self.link_start[-1] = (len(self.lines), len(self.cur))
        self.cur.append(s)

    def raw_line(self, s: str) -> None:
        """One line of preformatted text, kept as it is (even when empty)."""
        if not self.want and self.cur:
            self.want = 1
        if not self.want and not self.lines:
            self.want = 1
        self._start_line()
        self.cur.append(s if s else "\0")  # a placeholder keeps an empty line a line

    def br(self) -> None:
        if self.cur:
            self.want = 1 if self.want == 0 else 2
        elif self.lines and self.want:
            self.want = 2

    def block(self, strength: int = 2) -> None:
        if strength > self.want:
            self.want = strength

    def open_link(self) -> None:
        self.link_start.append(None)

    def close_link(self, href: str | None, base: str | None, *, keep_text: bool) -> None:
        start = self.link_start.pop() if self.link_start else None
        if start is None:
            # No text inside (e.g. only an image we skipped): show the URL itself.
            url = _absolute(href, base) if href and not keep_text else None
            if url:
                self.text(url)
            return
        line, idx = start
        if line != len(self.lines) or not self.cur:
            # The link spanned line breaks; add the URL after its text.
            url = _absolute(href, base) if href and not keep_text else None
            if url and self.cur:
                self.cur.append(f" ({url})")
            return
        whole = "".join(self.cur[idx:])
        core = whole.strip(" ")
        if not core:
            url = _absolute(href, base) if href and not keep_text else None
            if url:
                self.cur[idx:] = [whole + url]
            return
        lead = whole[: len(whole) - len(whole.lstrip(" "))]
        trail = whole[len(whole.rstrip(" ")) :]
        shown = core if keep_text else format_link(core, href, base)
        self.cur[idx:] = [lead + shown + trail]

    def result(self) -> str:
        self._flush()
        lines = self.lines
        while lines and lines[-1] == "":
            lines.pop()
        out = "\n".join(lines)
        return out.replace("\0", "") if "\0" in out else out


# --------------------------------------------------------------------------- conversion


def _unescape(seg: str) -> str:
    """`html.unescape`, with the entities comment sites write most replaced first (the
    general function calls back into Python for every entity), most frequent first and
    stopping as soon as no "&" is left. Each replaced entity is complete (ends in ';') and
    yields no '&', and ``&amp;`` is replaced only when it is the last entity left, so the
    result is the same."""
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
    return _general_unescape(seg)


# How many times text went through a general entity decoder (html.unescape, BeautifulSoup,
# markdown-it). Only those decode numeric references such as "&#x202E;" (no named entity
# is a bidi control); while the count stays put, converted text holds no bidi control the
# raw file did not show, and `load_any` can skip scanning for them.
_general_decodes = 0


def general_decodes() -> int:
    return _general_decodes


def _general_unescape(seg: str) -> str:
    global _general_decodes
    _general_decodes += 1
    return html.unescape(seg)


def _unescape_common(seg: str) -> str | None:
    """`_unescape` when ``seg`` holds only the entities comment sites write most (whose
    replacements are neither whitespace nor '&'); None when it holds any other."""
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


def _unescape_url(seg: str) -> str:
    """`_unescape` for an href, where "&#x2F;" is the usual entity."""
    if "&" not in seg:
        return seg
    seg = seg.replace("&#x2F;", "/")
    return _unescape(seg) if "&" in seg else seg


def _fold(seg: str) -> str:
    """Fold runs of HTML's "ASCII whitespace" (space, tab, newline, carriage return, form
    feed) to one space, as outside <pre>; no-break and other Unicode spaces are text, as in
    a browser. With str.replace rather than a regex: much faster on non-ASCII text."""
    if "\n" in seg:
        seg = seg.replace("\n", " ")
    if "\t" in seg:
        seg = seg.replace("\t", " ")
    if "\r" in seg:
        seg = seg.replace("\r", " ")
    if "\f" in seg:
        seg = seg.replace("\f", " ")
    while "  " in seg:
        seg = seg.replace("  ", " ")
    return seg


def _fold_keep_ff(seg: str) -> str:
    """`_fold` that leaves form feeds (the paragraph marks of the fast paths) alone."""
    if "\n" in seg:
        seg = seg.replace("\n", " ")
    if "\t" in seg:
        seg = seg.replace("\t", " ")
    if "\r" in seg:
        seg = seg.replace("\r", " ")
    while "  " in seg:
        seg = seg.replace("  ", " ")
    return seg


class _Converter:
    """HTML events → `_Writer` calls. Both the BeautifulSoup walk and the strict tokenizer
    drive this class, so they can differ only in how they read the markup."""

    __slots__ = ("base", "in_link", "lists", "rows", "w")

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.w = _Writer()
        self.lists: list[list[Any]] = []  # [kind, next number]
        self.in_link: list[bool] = []  # per open <a>: keep only its text (mentions, tags)?
        self.rows: list[int] = []  # cells seen in each open table row

    def data(self, s: str) -> None:
        s = _fold(s)
        if s:
            self.w.text(s)

    def pre(self, code: str) -> None:
        w = self.w
        w.block()
        if code.startswith("\r\n"):
            code = code[2:]
        elif code.startswith("\n"):
            code = code[1:]
        code = code.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        for line in code.split("\n"):
            w.raw_line(line.rstrip())
        w.block()

    def start(self, name: str, get: Any) -> bool:
        """An opening tag; ``get(attr)`` reads an attribute. False: do not enter it."""
        w = self.w
        if name in _SKIP:
            return False
        if name == "br":
            w.br()
            return False
        if name == "hr":
            w.block()
            w.text("---")
            w.block()
            return False
        cls = _class_list(get("class"))
        if name == "img":
            if "avatar" in cls:
                return False
            alt = _fold(str(get("alt") or get("title") or "")).strip()
            if "emoji" in cls and alt:
                w.text(alt)
                return False
            w.text(f"[image: {alt}]" if alt else "[image]")
            if not self.in_link:
                src = _absolute(str(get("src") or ""), self.base)
                if src:
                    w.text(f" ({src})")
            return False
        if name == "div" and "meta" in cls and self.in_link:
            return False  # Discourse's image caption "name 800×600 120 KB"
        if name in ("iframe", "video", "audio", "source") and get("src"):
            src = _absolute(str(get("src")), self.base)
            if src:
                w.block()
                w.text(f"[{'embedded' if name == 'iframe' else name}: {src}]")
                w.block()
            return False
        if name in _BLOCK:
            if name in ("ul", "ol"):
                w.block(1 if (w.slots and self.lists) else 2)
                start = 1
                if name == "ol":
                    try:
                        start = int(str(get("start") or 1))
                    except ValueError:
                        start = 1
                self.lists.append([name, start])
            elif name == "blockquote":
                w.block()
                w.slots.append(["> ", "> "])
            elif name == "dd":
                w.block(1)
                w.slots.append(["  ", "  "])
            elif name == "dt":
                w.block(1)
            else:
                w.block()
        elif name == "li":
            w.block(1)
            lists = self.lists
            if lists and lists[-1][0] == "ol":
                marker = f"{lists[-1][1]}. "
                lists[-1][1] += 1
            else:
                marker = "- "
            w.slots.append([marker, " " * len(marker)])
        elif name == "a":
            rel = get("rel") or []
            keep = (
                "mention" in cls
                or "hashtag" in cls
                or "u-url" in cls
                or "tag" in (rel if isinstance(rel, list) else str(rel).split())
            )
            self.in_link.append(keep)
            w.open_link()
        elif name == "tr":
            w.block(1)
            self.rows.append(0)
        elif name in ("td", "th") and self.rows:
            if self.rows[-1]:
                w.text(" | ")
            self.rows[-1] += 1
        return True

    def end(self, name: str, get: Any) -> None:
        w = self.w
        if name in _BLOCK:
            if name in ("ul", "ol"):
                if self.lists:
                    self.lists.pop()
                w.block(1 if (w.slots and self.lists) else 2)
            elif name == "blockquote" or name == "dd":
                if w.slots:
                    w.slots.pop()
                w.block(2 if name == "blockquote" else 1)
            elif name == "dt":
                w.block(1)
            else:
                w.block()
        elif name == "li":
            if w.slots:
                w.slots.pop()
            w.block(1)
        elif name == "a":
            keep = self.in_link.pop() if self.in_link else False
            href = get("href")
            w.close_link(str(href) if href is not None else None, self.base, keep_text=keep)
        elif name == "tr":
            if self.rows:
                self.rows.pop()
            w.block(1)


def _class_list(c: Any) -> list[str]:
    if c is None:
        return []
    return c if isinstance(c, list) else str(c).split()


def _convert_soup(markup: str, base: str | None) -> str:
    """The full path: BeautifulSoup (html.parser) builds the tree, walked without recursion."""
    global _general_decodes
    _general_decodes += 1
    from bs4 import BeautifulSoup
    from bs4.element import CData, NavigableString, Tag

    # html.parser leaves an entity-like "&T" at the very end of its input to BeautifulSoup,
    # which drops the "&" ("AT&T" → "ATT"); a trailing space (folded away) avoids that.
    if _ENTITY_AT_END.search(markup):
        markup += " "
    if markup.startswith(("http:", "https:")):
        markup = "\n" + markup  # else BeautifulSoup warns that it "looks like a URL"
    soup = BeautifulSoup(markup, "html.parser")
    h = _Converter(base)
    # (node, closing) events; children pushed in reverse so they pop in order.
    stack: list[tuple[Any, bool]] = [(c, False) for c in reversed(soup.contents)]
    while stack:
        node, closing = stack.pop()
        if closing:
            h.end(node.name, node.get)
            continue
        t = type(node)
        if t is NavigableString or t is CData:
            h.data(str(node))
        elif isinstance(node, Tag):
            if node.name == "pre":
                h.pre(node.get_text())
            elif h.start(node.name, node.get):
                stack.append((node, True))
                stack.extend((c, False) for c in reversed(node.contents))
        # comments, doctypes and processing instructions show nothing
    return h.w.result()


# --------------------------------------------------------------------------- fast paths


def _plain(s: str) -> str:
    """Text without tags: decode entities, fold whitespace as HTML does."""
    return _fold(_unescape(s)).strip(" ")


# Tags the strict tokenizer accepts, exactly as written (no attributes), besides <a href>.
_OPEN_NAMES = "p i em b strong code s del blockquote ul ol li h1 h2 h3 h4 h5 h6 sup sub u"
_OPEN = frozenset(_OPEN_NAMES.split())
_VOID = {"br": "br", "br/": "br", "br /": "br", "hr": "hr", "hr/": "hr", "hr /": "hr"}
_NO_ATTRS: dict[str, Any] = {}


def _simple_html(s: str, base: str | None) -> str | None:
    """Comment HTML as sites generate it, or None when it is anything more.

    Reads tags written exactly as in `_OPEN`/`_VOID`, ``<pre>``/``<pre><code>`` blocks and
    ``<a href="…">`` (optionally ``rel="nofollow"``), properly nested; everything else (any
    other tag or attribute, comments, a stray ``<``) returns None for BeautifulSoup.
    """
    h = _Converter(base)
    stack: list[str] = []
    hrefs: list[str] = []
    find = s.find
    i = 0
    n = len(s)
    no_attr = _NO_ATTRS.get
    while i < n:
        j = find("<", i)
        if j < 0:
            h.data(_unescape(s[i:]))
            break
        if j > i:
            h.data(_unescape(s[i:j]))
        k = find(">", j)
        if k < 0:
            return None
        tag = s[j + 1 : k]
        if tag in _OPEN:
            stack.append(tag)
            h.start(tag, no_attr)
        elif tag[:1] == "/":
            name = tag[1:]
            if not stack or stack[-1] != name:
                return None
            stack.pop()
            if name == "a":
                href = hrefs.pop()
                h.end("a", lambda a, href=href: href if a == "href" else None)
            else:
                h.end(name, no_attr)
        elif tag in _VOID:
            h.start(_VOID[tag], no_attr)
        elif tag == "pre":
            m = find("</pre>", k + 1)
            if m < 0:
                return None
            code = s[k + 1 : m]
            if code.startswith("<code>") and code.endswith("</code>"):
                code = code[6:-7]
            if "<" in code:
                return None
            h.pre(_unescape(code))
            k = m + 5
        elif tag.startswith('a href="'):
            q = tag.find('"', 8)
            if q < 0:
                return None
            rest = tag[q + 1 :]
            if rest and rest != ' rel="nofollow"':
                return None
            href = tag[8:q]
            if "<" in href or "\n" in href:
                return None
            hrefs.append(_unescape(href))
            stack.append("a")
            h.start("a", no_attr)
        else:
            return None
        i = k + 1
    # Elements still open at the end close there, as BeautifulSoup closes them. (The full
    # path adds a space after an entity-like ending, which would land inside them.)
    if stack and _ENTITY_AT_END.search(s):
        return None
    while stack:
        name = stack.pop()
        if name == "a":
            href = hrefs.pop()
            h.end("a", lambda a, href=href: href if a == "href" else None)
        else:
            h.end(name, no_attr)
    return h.w.result()


_INLINE = frozenset(("i", "em", "b", "strong", "code", "s", "del", "sup", "sub", "u"))


def _unclosed_paragraphs(r: str, base: str | None) -> str | None:
    """Hacker News' form with emphasis and links: ``<p>`` never closed (already turned
    into ``\f`` in ``r``), ``<i>…</i>`` within a paragraph, ``<a href>`` links. The same
    result as `_paragraph_html`, with the ``<i>`` tags replaced in one go."""
    if "\x01" in r or "\x02" in r:
        return None
    if "<i>" in r:
        # every <i> must close before the next <i> or paragraph break
        find = r.find
        i = find("<i>")
        while i >= 0:
            e = find("</i>", i)
            if e < 0:
                return None
            j = find("<i>", i + 3, e)
            if j >= 0 or find("\f", i, e) >= 0:
                return None
            i = find("<i>", e)
        r = r.replace("<i>", "\x02").replace("</i>", "\x02")
        if "<" not in r:
            u = _unescape(r)
            if u.count("\f") != r.count("\f"):
                return None  # "&#12;" decoded to a form feed
            return _paragraphs(u.replace("\x02", ""))
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
        inner = r[k + 1 : m]
        href = r[j + 9 : q]
        if "<" in inner or "\f" in inner or "\x02" in inner:
            return None
        same = inner == href  # Hacker News shows most links as their URL
        href = _unescape_url(href)
        if " " in href or "\n" in href or "\t" in href or "\r" in href:
            return None
        if same:
            inner = core = href
        else:
            inner = _fold(_unescape(inner))
            core = inner.strip(" ")
            if not core:
                return None
            if inner[0] == " ":
                out.append(" ")
        out.append("\x01")
        if inner[-1] == " ":
            out.append(" ")
        links.append(format_link(core, href, base))
        i = m + 4
    joined = "".join(out)
    u = _unescape(joined)
    if u.count("\f") != joined.count("\f"):
        return None
    if "\x02" in u:
        u = u.replace("\x02", "")
    u = _fold_keep_ff(u)
    parts = u.split("\x01")
    if len(parts) != len(links) + 1:
        return None
    u = parts[0] + "".join([link + part for link, part in zip(links, parts[1:], strict=True)])
    return _paragraphs(u, folded=True)


def _p_pairs(s: str) -> bool:
    """A quick sufficient test that every ``</p>`` closes an open ``<p>``: none before the
    first ``<p>``, at most one after each."""
    parts = s.split("<p>")
    if "</p>" in parts[0]:
        return False
    return all(part.count("</p>") <= 1 for part in parts[1:])


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


def _paragraph_html(s: str, base: str | None) -> str | None:
    """The commonest comment HTML — paragraphs (``<p>``, closed or not), inline emphasis and
    ``<a href>`` links — straight to text, or None for anything else.

    Gives what `_simple_html` would, with a handful of whole-string operations instead of
    the line machinery: tags become marks (paragraph breaks ``\f``, links ``\x01``, inline
    tags ``\x02``), entities are decoded once, whitespace folded, links put in, and the
    paragraphs trimmed. No entity name can contain a mark, so decoding the marked string
    gives what decoding each piece between tags gives.
    """
    r = s.replace("<p>", "\f")
    if "<" not in r:
        # Only <p> (the Hacker News form): no tokenizing needed.
        u = _unescape(r)
        if u.count("\f") != r.count("\f") or "\f" in s:
            return None  # a form feed in the text, or from "&#12;"
        return _paragraphs(u)
    n_close = s.count("</p>")
    if n_close and "<" not in r.replace("</p>", "") and _p_nested(s, n_close):
        r = r.replace("</p>", "\f")
        u = _unescape(r)
        if u.count("\f") != r.count("\f") or "\f" in s:
            return None
        return _paragraphs(u)
    if "\f" in s or "\x01" in s or "\x02" in s or "\x03" in s:
        return None
    out: list[str] = []
    links: list[str] = []
    stack: list[str] = []
    breaks = 0
    depth = 0  # blockquotes: each paragraph break is followed by one \x03 per level
    quoted = False
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
        tag = s[j + 1 : k]
        if tag == "p":
            stack.append(tag)
            out.append("\f" + "\x03" * depth)
            breaks += 1
        elif tag in _INLINE:
            stack.append(tag)
            out.append("\x02")
        elif tag == "blockquote":
            stack.append(tag)
            depth += 1
            quoted = True
            out.append("\f" + "\x03" * depth)
            breaks += 1
        elif tag[:1] == "/":
            if not stack or stack[-1] != tag[1:]:
                return None
            stack.pop()
            if tag == "/p":
                out.append("\f" + "\x03" * depth)
                breaks += 1
            elif tag == "/blockquote":
                depth -= 1
                out.append("\f" + "\x03" * depth)
                breaks += 1
            else:
                out.append("\x02")
        elif tag.startswith('a href="'):
            q = tag.find('"', 8)
            if q < 0:
                return None
            rest = tag[q + 1 :]
            if rest and rest != ' rel="nofollow"':
                return None
            m = find("</a>", k + 1)
            if m < 0:
                return None
            href = tag[8:q]
            inner = s[k + 1 : m]
            if "<" in inner or "<" in href:
                return None
            href = _unescape(href)
            inner = _fold(_unescape(inner))
            core = inner.strip(" ")
            if not core or _fold(href) != href:
                return None
            if inner[0] == " ":
                out.append(" ")
            out.append("\x01")
            if inner[-1] == " ":
                out.append(" ")
            links.append(format_link(core, href, base))
            i = m + 4
            continue
        else:
            return None
        i = k + 1
    if stack and depth:
        return None  # an unclosed blockquote
    u = _unescape("".join(out))
    if u.count("\f") != breaks:
        return None  # "&#12;" decoded to a form feed
    if "\x02" in u:
        u = u.replace("\x02", "")
    u = _fold_keep_ff(u)
    if links:
        parts = u.split("\x01")
        u = parts[0] + "".join([link + part for link, part in zip(links, parts[1:], strict=True)])
    if not quoted:
        return _paragraphs(u, folded=True)
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


def _paragraphs(u: str, *, folded: bool = False) -> str:
    """Text with ``\f`` between paragraphs → folded, trimmed paragraphs, blank-line separated."""
    if not folded:
        u = _fold_keep_ff(u)
    return "\n\n".join([p for p in [x.strip(" ") for x in u.split("\f")] if p])


def html_to_text(markup: str | None, *, base: str | None = None) -> str:
    """Plain paragraphs from an HTML fragment. ``base`` resolves relative links."""
    if not markup:
        return ""
    if "<" not in markup:
        return _plain(markup)
    r = markup.replace("<p>", "\f")
    if "<" in r and "</p>" in r:
        closed = r.replace("</p>", "\f")
        if "<" not in closed and _p_pairs(markup):
            r = closed
    if "<" not in r:
        # Only paragraph tags (Hacker News leaves them open, Markdown renderers close
        # them): the commonest case, handled here directly.
        if "\f" not in markup:
            u = _unescape_common(r)
            if u is None:
                # other entities: the general decoder, which can yield a form feed
                u = _unescape(r)
                if u.count("\f") != r.count("\f"):
                    return _convert_soup(markup, base)
                u = _fold_keep_ff(u)
            elif "\n" in u or "  " in u or "\t" in u or "\r" in u:
                u = _fold_keep_ff(u)
            return "\n\n".join([p for p in [x.strip(" ") for x in u.split("\f")] if p])
    elif "</p>" not in markup and "\f" not in markup:
        fast = _unclosed_paragraphs(r, base)
        if fast is not None:
            return fast
    fast = _paragraph_html(markup, base)
    if fast is None:
        fast = _simple_html(markup, base)
    if fast is not None:
        return fast
    return _convert_soup(markup, base)


# --------------------------------------------------------------------------- Markdown


@lru_cache(maxsize=1)
def _markdown() -> Any:
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


def _markdown_is_plain(s: str) -> bool:
    """True when ``s`` holds no Markdown syntax at all, so its paragraphs are its text."""
    if not _MD_INLINE.isdisjoint(s) or "  \n" in s:
        return False
    # "&name;" / "&#…;" are entities and "<x" may be an autolink; "AT&T" and "a < b" are text.
    if "&" in s and _followed_by(s, "&", lambda c: c.isalnum() or c == "#"):
        return False
    if "<" in s and _followed_by(s, "<", lambda c: c.isalpha() or c in "/!?"):
        return False
    for line in s.split("\n"):
        stripped = line.lstrip(" ")
        if not stripped:
            continue
        if len(line) - len(stripped) >= 4:
            return False  # an indented code block
        c = stripped[0]
        if c in _MD_LINE_START:
            return False
        if c.isdigit():
            k = 1
            while k < len(stripped) and stripped[k].isdigit():
                k += 1
            if k < len(stripped) and stripped[k] in ".)":
                return False  # "1. " starts an ordered list
    return True


def _plain_markdown(s: str) -> str:
    paras: list[str] = []
    cur: list[str] = []
    for line in s.split("\n"):
        text = _fold(line).strip(" ")
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
    if _markdown_is_plain(source):
        return _plain_markdown(source)
    if _too_deep(source):
        # markdown-it stops nesting at 20 levels and drops what lies deeper: show the
        # source as written instead.
        return "\n".join(x for x in (_fold(line).strip(" ") for line in source.split("\n")))
    global _general_decodes
    _general_decodes += 1
    return html_to_text(_markdown().render(source), base=base)


def _too_deep(source: str) -> bool:
    """Does some line open 16 or more quote or list levels ("> > …", "- - …", "1. 1. …")?"""
    for line in source.split("\n"):
        if len(line) < 16:
            continue
        marks = 0
        i = 0
        n = len(line)
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
                if j + 1 < n and line[j] in ".)" and line[j + 1] in " \t":
                    marks += 1
                    i = j + 2
                else:
                    break
            else:
                break
        if marks >= 16:
            return True
    return False
