"""HTML and Markdown bodies → the plain paragraphs the layout engine shows.

The output is plain text: paragraphs separated by one blank line, line breaks (``<br>``)
kept as newlines, list items as ``- item`` / ``1. item`` (nested items indented),
blockquotes as ``> `` lines, code blocks kept line for line, and links kept as URLs:
``text (https://…)``, or the URL alone when the text is the URL (or a shortened form of it).

HTML goes through BeautifulSoup with the stdlib ``html.parser``; Markdown is parsed by
markdown-it-py, rendered to HTML and converted the same way, so both paths agree.

Converting tens of thousands of comments is the expensive part of opening a saved thread,
so two exact shortcuts come first (tests check they give what the full path gives):

* text with no markup at all (no ``<`` in HTML; no Markdown syntax characters) needs no
  parser: entities are decoded and whitespace folded as HTML does;
* HTML made only of the few tags sites generate for ordinary comments (``<p>``, ``<i>``,
  ``<em>``, ``<b>``, ``<strong>``, ``<code>``, ``<br>``, and ``<a href="…">`` with at most
  ``rel="nofollow"``) is split on those tags with string operations. Anything else — any
  other tag, attribute, or a ``<`` that is not one of those exact tags — goes to
  BeautifulSoup.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, urljoin

__all__ = ["html_to_text", "markdown_to_text"]

# HTML's "ASCII whitespace": runs of it fold to one space outside <pre>. No-break space and
# other Unicode spaces are text, as in a browser.
_WS = re.compile(r"[ \t\n\r\f]+")
_WS_NO_FF = re.compile(r"[ \t\n\r]+")
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
    general function calls back into Python for every entity). Each replaced entity is
    complete (ends in ';') and yields no '&', and ``&amp;`` is replaced only when it is
    the last entity left, so the result is the same."""
    if "&" not in seg:
        return seg
    seg = (
        seg.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("&#x2F;", "/")
        .replace("&gt;", ">")
        .replace("&lt;", "<")
    )
    if "&" not in seg:
        return seg
    if seg.count("&") == seg.count("&amp;"):
        return seg.replace("&amp;", "&")
    return html.unescape(seg)


def _fold(seg: str) -> str:
    if "\n" in seg or "  " in seg or "\t" in seg or "\r" in seg or "\f" in seg:
        return _WS.sub(" ", seg)
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
            alt = _WS.sub(" ", str(get("alt") or get("title") or "")).strip()
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
    # Elements still open at the end close there, as BeautifulSoup closes them.
    while stack:
        name = stack.pop()
        if name == "a":
            href = hrefs.pop()
            h.end("a", lambda a, href=href: href if a == "href" else None)
        else:
            h.end(name, no_attr)
    return h.w.result()


_INLINE = frozenset(("i", "em", "b", "strong", "code", "s", "del", "sup", "sub", "u"))


def _inline_html(part: str, base: str | None) -> str | None:
    """One paragraph's inline HTML (emphasis tags, ``<a href>``) → its text, or None."""
    cur: list[str] = []
    stack: list[str] = []
    find = part.find
    i = 0
    n = len(part)
    while True:
        j = find("<", i)
        if j < 0:
            if i < n:
                cur.append(_unescape(part[i:]))
            break
        if j > i:
            cur.append(_unescape(part[i:j]))
        k = find(">", j)
        if k < 0:
            return None
        tag = part[j + 1 : k]
        if tag in _INLINE:
            stack.append(tag)
            i = k + 1
        elif tag[:1] == "/":
            if not stack or stack[-1] != tag[1:]:
                return None
            stack.pop()
            i = k + 1
        elif tag.startswith('a href="'):
            q = tag.find('"', 8)
            if q < 0:
                return None
            rest = tag[q + 1 :]
            if rest and rest != ' rel="nofollow"':
                return None
            href = tag[8:q]
            m = find("</a>", k + 1)
            if m < 0:
                return None
            inner = part[k + 1 : m]
            if "<" in inner or "<" in href:
                return None
            href = _unescape(href)
            if _fold(href) != href:
                return None
            inner = _fold(_unescape(inner))
            core = inner.strip(" ")
            if core:
                cur.append(inner.replace(core, format_link(core, href, base), 1))
            i = m + 4
        else:
            return None
    if stack:
        return None
    return _fold("".join(cur)).strip(" ")


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

    Gives what `_simple_html` would, without the line machinery: each paragraph's pieces
    joined, whitespace folded, trimmed; paragraphs separated by a blank line.
    """
    paras: list[str] = []
    n_open = s.count("<p>")
    n_close = s.count("</p>")
    if s.count("<") == n_open + n_close and "\f" not in s and _p_nested(s, n_close):
        # Only paragraph tags: unescape and fold the whole text in one go, with form feeds
        # (which no entity name can contain, and which are not in the text) between parts.
        u = _unescape(s.replace("</p>", "\f").replace("<p>", "\f"))
        if u.count("\f") == n_open + n_close:
            if "\n" in u or "  " in u or "\t" in u or "\r" in u:
                u = _WS_NO_FF.sub(" ", u)
            for part in u.split("\f"):
                part = part.strip(" ")
                if part:
                    paras.append(part)
            return "\n\n".join(paras)
    for part in s.split("<p>"):
        if "<" in part:
            end = part.rfind("</p>")
            if end >= 0:
                if part[end + 4 :].strip(" \t\n\r\f"):
                    return None  # text after </p> outside any paragraph
                part = part[:end]
            if "<" in part:
                text = _inline_html(part, base)
                if text is None:
                    return None
            else:
                text = _fold(_unescape(part)).strip(" ")
        else:
            text = _fold(_unescape(part)).strip(" ")
        if text:
            paras.append(text)
    return "\n\n".join(paras)


def html_to_text(markup: str | None, *, base: str | None = None) -> str:
    """Plain paragraphs from an HTML fragment. ``base`` resolves relative links."""
    if not markup:
        return ""
    if "<" not in markup:
        return _plain(markup)
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
    return html_to_text(_markdown().render(source), base=base)
