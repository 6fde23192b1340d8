"""Screen rows of a thread: the step between the layout engine and the screen.

Both the reader UI and `threadtui render` draw comments through this module, so a comment
looks the same in both: a header row (author, marks, date, score, title), its body rows
from the layout engine, and tree guides on the left. Everything here is plain data: the UI
styles parts by their role, `render` joins their text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from threadtui.model import Flag, Thread
from threadtui.model.thread import ArticleData
from threadtui.text import LayoutOptions, Row, cell_len, layout, layout_field

RowKind = Literal["header", "body", "blank", "more", "article"]

# Part roles; the UI maps each to a style.
Role = Literal[
    "author", "unverified", "date", "score", "title", "meta", "folded", "orphan", "bidi",
    "deleted", "sep", "depth", "more", "body", "heading", "subtitle", "byline", "url", "op",
]

GUIDE = "│ "
DEEP_GUIDE = "╎ "
INDENT = cell_len(GUIDE)
MIN_BODY = 24


@dataclass(frozen=True, slots=True)
class Part:
    """A run of text in a row, with its role; ``row`` when it came from the layout engine
    (its ``offsets`` map back to the field's logical text, for search highlights)."""

    text: str
    role: Role
    row: Row | None = None
    field: str | None = None  # "author", "title", "body": which logical text `row` maps to


@dataclass(frozen=True, slots=True)
class ViewRow:
    kind: RowKind
    comment: int  # index in the thread; -1 for the article and thread-level rows
    gutter: str  # tree guides, left to right; `gutter_width` cells
    gutter_width: int
    parts: tuple[Part, ...]
    pad: int = 0  # blank cells between the gutter and the parts (RTL rows flush right)
    line: int = 0  # 0 for the header; body row number otherwise

    @property
    def text(self) -> str:
        return self.gutter + " " * self.pad + "".join(p.text for p in self.parts)


def indent_levels(depth: int, width: int) -> tuple[int, bool]:
    """How many guide columns a comment at ``depth`` gets at ``width``, and whether the
    indentation has plateaued (deeper levels share the last column)."""
    room = max(0, (width - MIN_BODY) // INDENT)
    # On wide panes keep at least a few levels; never more than leaves MIN_BODY cells.
    cap = max(1, room) if width >= MIN_BODY + INDENT else 0
    if depth <= cap:
        return depth, False
    return cap, True


def gutter_for(depth: int, width: int) -> tuple[str, int, bool]:
    levels, deep = indent_levels(depth, width)
    if levels == 0:
        return "", 0, deep
    text = GUIDE * (levels - 1) + DEEP_GUIDE if deep else GUIDE * levels
    return text, levels * INDENT, deep


def format_date(posted: datetime | None, text: str | None) -> str | None:
    if posted is not None:
        if posted.hour == posted.minute == posted.second == 0 and posted.tzinfo is None and (
            text is not None and "T" not in text and " " not in text.strip()
        ):
            return posted.strftime("%Y-%m-%d")
        return posted.strftime("%Y-%m-%d %H:%M")
    return text


def header_parts(
    thread: Thread,
    i: int,
    width: int,
    options: LayoutOptions,
    *,
    folded: int = 0,
    depth_badge: bool = False,
) -> tuple[Part, ...]:
    """The header row of comment ``i`` within ``width`` cells.

    Every field is laid out as its own isolated paragraph (`layout_field`), so an author
    name full of bidi overrides cannot reorder the date or title beside it. When space
    runs out, the title shrinks first, then the author.
    """
    fixed: list[Part] = []
    deleted = thread.deleted[i]
    if depth_badge:
        fixed.append(Part(f"[{thread.depth[i]}] ", "depth"))
    meta: list[Part] = []
    if thread.verified[i] is False:
        meta.append(Part(" (not verified)", "unverified"))
    if thread.flags[i] & Flag.ORPHAN:
        meta.append(Part(" [orphan]", "orphan"))
    if thread.flags[i] & Flag.BIDI_CONTROLS:
        meta.append(Part(" [⇄ bidi controls]", "bidi"))
    date = format_date(thread.posted[i], thread.posted_text[i])
    score = thread.score[i]
    tail: list[Part] = []
    if date:
        date_row = layout_field(date, 40, options)
        tail.append(Part(" · ", "sep"))
        tail.append(Part(date_row.text, "date", date_row))
    if score is not None:
        s = f"{score:,} point{'' if abs(score) == 1 else 's'}"
        if len(s) > 24:
            s = s[:23] + "…"
        tail.append(Part(" · ", "sep"))
        tail.append(Part(s, "score"))
    if folded:
        tail.append(Part(f"  [+{folded:,} {'reply' if folded == 1 else 'replies'}]", "folded"))
    used = sum(cell_len(p.text) for p in (*fixed, *meta, *tail))
    author_text = thread.author[i]
    if deleted and not author_text:
        author_text = "[deleted]"
    title = thread.title_[i]
    room = max(1, width - used)
    author_room = room if not title else max(min(room, 8), room - max(12, room // 2))
    author = layout_field(author_text or "anonymous", max(1, min(author_room, 40)), options)
    parts = [*fixed, Part(author.text, "deleted" if deleted else "author", author, "author")]
    parts.extend(meta)
    parts.extend(tail)
    if title:
        left = width - sum(cell_len(p.text) for p in parts) - 3
        if left >= 4:
            t = layout_field(title, left, options)
            parts.append(Part(" · ", "sep"))
            parts.append(Part(t.text, "title", t, "title"))
    return _fit(tuple(parts), width)


def _fit(parts: tuple[Part, ...], width: int) -> tuple[Part, ...]:
    """Drop parts from the end until the row fits (very narrow panes)."""
    out = list(parts)
    while out and sum(cell_len(p.text) for p in out) > width:
        last = out.pop()
        if not out:
            # Even the author does not fit: cut it to the width.
            text = last.text
            while text and cell_len(text) > max(0, width - 1):
                text = text[:-1]
            out.append(Part(text + "…" if width >= 1 else "", last.role))
            break
    return tuple(out)


def comment_rows(
    thread: Thread,
    i: int,
    width: int,
    options: LayoutOptions,
    *,
    collapsed: bool = False,
    spacing: bool = True,
) -> list[ViewRow]:
    """All rows of comment ``i`` at ``width`` (the comment pane's full width)."""
    gutter, gw, deep = gutter_for(thread.depth[i], width)
    inner = max(1, width - gw)
    folded = thread.end[i] - i - 1 if collapsed else 0
    rows = [
        ViewRow(
            "header", i, gutter, gw,
            header_parts(thread, i, inner, options, folded=folded, depth_badge=deep),
        )
    ]
    if collapsed:
        if spacing:
            rows.append(ViewRow("blank", i, gutter, gw, ()))
        return rows
    body = thread.body[i]
    if body:
        role: Role = "deleted" if thread.deleted[i] else "body"
        for n, r in enumerate(layout(body, inner, options), 1):
            pad = inner - r.width if r.align == "right" else 0
            rows.append(ViewRow("body", i, gutter, gw, (Part(r.text, role, r, "body"),), pad, n))
    more = thread.more[i]
    if more:
        cg, cw, _ = gutter_for(thread.depth[i] + 1, width)
        text = f"… {more:,} more {'reply' if more == 1 else 'replies'} not in this file"
        rows.append(ViewRow("more", i, cg, cw, (Part(text, "more"),)))
    if spacing:
        rows.append(ViewRow("blank", i, gutter, gw, ()))
    return rows


def more_top_row(thread: Thread) -> ViewRow | None:
    if not thread.more_top:
        return None
    n = thread.more_top
    text = f"… {n:,} more comment{'s' if n != 1 else ''} not in this file"
    return ViewRow("more", -1, "", 0, (Part(text, "more"),))


def article_rows(
    article: ArticleData | None, thread: Thread, width: int, options: LayoutOptions
) -> list[ViewRow]:
    """The article: title, subtitle, byline, URL, then its body paragraphs."""
    rows: list[ViewRow] = []
    width = max(1, width)

    def add_text(text: str, role: Role, field: str) -> None:
        for r in layout(text, width, options):
            pad = width - r.width if r.align == "right" else 0
            rows.append(ViewRow("article", -1, "", 0, (Part(r.text, role, r, field),), pad))

    if article is not None and article.title:
        add_text(article.title, "heading", "article.title")
    else:
        add_text(thread.title or "(untitled)", "heading", "thread.title")
    if article is None:
        if thread.url:
            add_text(thread.url, "url", "thread.url")
        rows.append(ViewRow("blank", -1, "", 0, ()))
        return rows
    if article.subtitle:
        add_text(article.subtitle, "subtitle", "article.subtitle")
    # Author and date are separate fields, each isolated: a Persian name must not pull the
    # date into its right-to-left run.
    parts: list[Part] = []
    if article.author:
        author = layout_field(article.author, max(1, width - 24), options)
        parts += [Part("by ", "byline"), Part(author.text, "byline", author, "article.author")]
    date = format_date(article.published, article.published_text)
    if date:
        if parts:
            parts.append(Part(" · ", "sep"))
        parts.append(Part(layout_field(date, 40, options).text, "byline"))
    if parts:
        rows.append(ViewRow("article", -1, "", 0, _fit(tuple(parts), width)))
    if article.url:
        add_text(article.url, "url", "article.url")
    rows.append(ViewRow("blank", -1, "", 0, ()))
    if article.body:
        add_text(article.body, "body", "article.body")
    return rows
