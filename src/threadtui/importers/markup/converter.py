"""HTML events → `Writer` calls.

Both the HTML5 tree walk (`markup.html5`) and the strict tokenizer of the fast path
(`markup.fast`) drive this class, so they can differ only in how they read the markup.
Each tag's handling is one small method, found through a table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from threadtui.importers.markup.entities import fold
from threadtui.importers.markup.links import absolute
from threadtui.importers.markup.writer import Writer

Getter = Callable[[str], Any]

_SKIP_NAMES = (
    "script style template head title noscript svg button select textarea input"
    " object embed canvas map"
)
SKIP = frozenset(_SKIP_NAMES.split())
_BLOCK_NAMES = (
    "p div h1 h2 h3 h4 h5 h6 section article aside header footer figure figcaption details"
    " summary dl dd address center form fieldset main nav table caption blockquote ul ol"
    " pre hr dt video audio iframe"
)
BLOCK = frozenset(_BLOCK_NAMES.split())
# Marks kept around inline text where the sites' own Markdown shows them: strikethrough
# (Reddit, Lemmy, GitHub-style Markdown) and Reddit's superscript.
_STRIKE = frozenset(("del", "s", "strike"))


def class_list(c: Any) -> list[str]:
    if c is None:
        return []
    return c if isinstance(c, list) else str(c).split()


class Converter:
    """The state of one conversion: the writer, open lists, links, table rows, marks."""

    __slots__ = ("base", "in_link", "lists", "marks", "rows", "w")

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.w = Writer()
        self.lists: list[list[Any]] = []  # [kind, next number]
        self.in_link: list[bool] = []  # per open <a>: keep only its text (mentions, tags)?
        self.rows: list[int] = []  # cells seen in each open table row
        self.marks: list[tuple[int, int]] = []  # per open <sup>: where its "^" was written

    # ------------------------------------------------------------------ text

    def data(self, s: str) -> None:
        s = fold(s)
        if s:
            self.w.text(s)

    def pre(self, code: str, *, first_newline_dropped: bool = False) -> None:
        """A ``<pre>`` block's text. HTML drops one newline right after ``<pre>``; the
        HTML5 parser has done so already when ``first_newline_dropped``."""
        w = self.w
        w.block()
        if not first_newline_dropped:
            if code.startswith("\r\n"):
                code = code[2:]
            elif code.startswith("\n"):
                code = code[1:]
        code = code.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")
        for line in code.split("\n"):
            w.raw_line(line.rstrip())
        w.block()

    # ------------------------------------------------------------------ opening tags

    def start(self, name: str, get: Getter) -> bool:
        """An opening tag; ``get(attr)`` reads an attribute. False: do not enter it."""
        if name in SKIP:
            return False
        handler = _START.get(name)
        if handler is not None:
            return handler(self, name, get)
        if name in BLOCK:
            self.w.block()
        return True

    def _br(self, name: str, get: Getter) -> bool:
        self.w.br()
        return False

    def _hr(self, name: str, get: Getter) -> bool:
        w = self.w
        w.block()
        w.text("---")
        w.block()
        return False

    def _img(self, name: str, get: Getter) -> bool:
        cls = class_list(get("class"))
        if "avatar" in cls:
            return False
        alt = fold(str(get("alt") or get("title") or "")).strip()
        if "emoji" in cls and alt:
            self.w.text(alt)
            return False
        self.w.text(f"[image: {alt}]" if alt else "[image]")
        if not self.in_link:
            src = absolute(str(get("src") or ""), self.base)
            if src:
                self.w.text(f" ({src})")
        return False

    def _div(self, name: str, get: Getter) -> bool:
        if "meta" in class_list(get("class")) and self.in_link:
            return False  # Discourse's image caption "name 800×600 120 KB"
        self.w.block()
        return True

    def _embed(self, name: str, get: Getter) -> bool:
        raw = get("src")
        if not raw:
            if name in BLOCK:
                self.w.block()
            return True
        src = absolute(str(raw), self.base)
        if src:
            w = self.w
            w.block()
            w.text(f"[{'embedded' if name == 'iframe' else name}: {src}]")
            w.block()
        return False

    def _list(self, name: str, get: Getter) -> bool:
        w = self.w
        w.block(1 if (w.slots and self.lists) else 2)
        start = 1
        if name == "ol":
            try:
                start = int(str(get("start") or 1))
            except ValueError:
                start = 1
        self.lists.append([name, start])
        return True

    def _blockquote(self, name: str, get: Getter) -> bool:
        self.w.block()
        self.w.slots.append(["> ", "> "])
        return True

    def _dd(self, name: str, get: Getter) -> bool:
        self.w.block(1)
        self.w.slots.append(["  ", "  "])
        return True

    def _dt(self, name: str, get: Getter) -> bool:
        self.w.block(1)
        return True

    def _li(self, name: str, get: Getter) -> bool:
        self.w.block(1)
        lists = self.lists
        if lists and lists[-1][0] == "ol":
            marker = f"{lists[-1][1]}. "
            lists[-1][1] += 1
        else:
            marker = "- "
        self.w.slots.append([marker, " " * len(marker)])
        return True

    def _a(self, name: str, get: Getter) -> bool:
        cls = class_list(get("class"))
        rel = get("rel") or []
        keep = (
            "mention" in cls
            or "hashtag" in cls
            or "u-url" in cls
            or "tag" in (rel if isinstance(rel, list) else str(rel).split())
        )
        self.in_link.append(keep)
        self.w.open_link()
        return True

    def _tr(self, name: str, get: Getter) -> bool:
        self.w.block(1)
        self.rows.append(0)
        return True

    def _cell(self, name: str, get: Getter) -> bool:
        if self.rows:
            if self.rows[-1]:
                self.w.text(" | ")
            self.rows[-1] += 1
        return True

    def _strike(self, name: str, get: Getter) -> bool:
        self.w.text("~~")
        return True

    def _sup(self, name: str, get: Getter) -> bool:
        w = self.w
        w.text("^")
        self.marks.append((len(w.lines), len(w.cur) - 1) if w.cur else (-1, -1))
        return True

    # ------------------------------------------------------------------ closing tags

    def end(self, name: str, get: Getter) -> None:
        handler = _END.get(name)
        if handler is not None:
            handler(self, name, get)
        elif name in BLOCK:
            self.w.block()

    def _end_list(self, name: str, get: Getter) -> None:
        if self.lists:
            self.lists.pop()
        self.w.block(1 if (self.w.slots and self.lists) else 2)

    def _end_slot(self, name: str, get: Getter) -> None:
        if self.w.slots:
            self.w.slots.pop()
        self.w.block(2 if name == "blockquote" else 1)

    def _end_line(self, name: str, get: Getter) -> None:
        self.w.block(1)

    def _end_li(self, name: str, get: Getter) -> None:
        if self.w.slots:
            self.w.slots.pop()
        self.w.block(1)

    def _end_a(self, name: str, get: Getter) -> None:
        keep = self.in_link.pop() if self.in_link else False
        href = get("href")
        self.w.close_link(str(href) if href is not None else None, self.base, keep_text=keep)

    def _end_tr(self, name: str, get: Getter) -> None:
        if self.rows:
            self.rows.pop()
        self.w.block(1)

    def _end_strike(self, name: str, get: Getter) -> None:
        self.w.text("~~")

    def _end_sup(self, name: str, get: Getter) -> None:
        """``^word``, or ``^(two words)`` as Reddit writes a superscript with spaces."""
        line, idx = self.marks.pop() if self.marks else (-1, -1)
        w = self.w
        if line != len(w.lines) or idx < 0 or idx >= len(w.cur) or w.cur[idx] != "^":
            return
        inner = "".join(w.cur[idx + 1 :])
        if " " in inner.strip(" "):
            w.cur[idx] = "^("
            w.cur.append(")")


_START: dict[str, Callable[[Converter, str, Getter], bool]] = {
    "br": Converter._br,
    "hr": Converter._hr,
    "img": Converter._img,
    "div": Converter._div,
    "iframe": Converter._embed,
    "video": Converter._embed,
    "audio": Converter._embed,
    "source": Converter._embed,
    "ul": Converter._list,
    "ol": Converter._list,
    "blockquote": Converter._blockquote,
    "dd": Converter._dd,
    "dt": Converter._dt,
    "li": Converter._li,
    "a": Converter._a,
    "tr": Converter._tr,
    "td": Converter._cell,
    "th": Converter._cell,
    **dict.fromkeys(_STRIKE, Converter._strike),
    "sup": Converter._sup,
}
_END: dict[str, Callable[[Converter, str, Getter], None]] = {
    "ul": Converter._end_list,
    "ol": Converter._end_list,
    "blockquote": Converter._end_slot,
    "dd": Converter._end_slot,
    "dt": Converter._end_line,
    "li": Converter._end_li,
    "a": Converter._end_a,
    "tr": Converter._end_tr,
    **dict.fromkeys(_STRIKE, Converter._end_strike),
    "sup": Converter._end_sup,
}
