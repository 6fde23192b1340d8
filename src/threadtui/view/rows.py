"""Screen rows of a thread: the step between the layout engine and the screen.

Both the reader UI and `threadtui render` draw comments through this module, so a comment
looks the same in both: a header row (author, marks, date, score, title), its body rows
from the layout engine, and tree guides on the left. Everything here is plain data: the UI
styles parts by their role, `render` joins their text.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from threadtui.model import Flag, Thread
from threadtui.model.thread import ArticleData
from threadtui.text import LayoutOptions, Row, cell_len, field_prefix_cap, layout, layout_field

RowKind = Literal["header", "body", "blank", "more", "article"]

# Part roles; the UI maps each to a style.
Role = Literal[
    "author",
    "unverified",
    "date",
    "score",
    "title",
    "meta",
    "folded",
    "orphan",
    "bidi",
    "deleted",
    "sep",
    "depth",
    "more",
    "body",
    "heading",
    "subtitle",
    "byline",
    "url",
    "op",
]

# Laying out text costs a few microseconds a character: a 20 MB comment would take over a
# minute. Beyond these lengths the rest is summarised in one row (`y` still copies all of
# it, and search still searches all of it).
BODY_CAP = 60_000
ARTICLE_CAP = 200_000
# The article's title, subtitle and URL show at most this many rows; only what can fill
# them is laid out (a 1.6 MB mail subject used to be laid out whole, 12,500 rows, on
# every resize and bidi toggle: #11.4).
FIELD_ROWS = 6

GUIDE = "│ "
DEEP_GUIDE = "╎ "
INDENT = 2  # cell_len(GUIDE), written out: measuring "│" would build the cluster regexes
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


def capped(text: str, cap: int) -> tuple[str, int]:
    """``text`` cut near ``cap`` characters at a line break or space if one is close, and
    how many characters were left out."""
    if len(text) <= cap:
        return text, 0
    cut = text.rfind("\n", cap - 2000, cap)
    if cut < 0:
        cut = text.rfind(" ", cap - 200, cap)
    if cut <= 0:
        cut = cap
        # Keep a letter with its marks where that is cheap to do; a pile of thousands of
        # marks is cut anyway.
        floor = max(1, cut - 32)
        while cut > floor and unicodedata.combining(text[cut]):
            cut -= 1
    return text[:cut], len(text) - cut


def field_rows(text: str, width: int, options: LayoutOptions, max_rows: int) -> tuple[Row, ...]:
    """The first ``max_rows`` rows of ``text`` at ``width``, laying out only a prefix that
    can fill them: at most `field_prefix_cap` characters per row, cut at a space or line
    break near there (as `capped` cuts a body). The rows' slices cover that prefix."""
    prefix, _ = capped(text, field_prefix_cap(width) * max_rows)
    return layout(prefix, width, options)[:max_rows]


def cut_row(left_out: int, gutter: str, gutter_width: int, comment: int, width: int) -> ViewRow:
    text = f"… {left_out:,} more characters not shown (y copies the whole text)"
    return ViewRow("more", comment, gutter, gutter_width, _fit((Part(text, "more"),), width))


def indent_levels(depth: int, width: int) -> tuple[int, bool]:
    """How many guide columns a comment at ``depth`` gets at ``width``, and whether the
    indentation has plateaued (deeper levels share the last column, and the header shows
    the depth as a number). Guides take at most a third of the pane, so a comment fifty
    replies deep still gets two thirds of the width for its text."""
    cap = min(width // 3, width - MIN_BODY) // INDENT
    cap = max(cap, 1) if width >= MIN_BODY + INDENT else 0
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
        if (
            posted.hour == posted.minute == posted.second == 0
            and posted.tzinfo is None
            and (text is not None and "T" not in text and " " not in text.strip())
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
    name full of bidi overrides cannot reorder the date or title beside it. The author and
    the marks always show; when space runs out the title goes first, then the score, then
    the date, and only then is the author name shortened.
    """
    head: list[Part] = []
    if depth_badge:
        head.append(Part(f"[{thread.depth[i]}] ", "depth"))
    marks: list[Part] = []
    if thread.verified[i] is False:
        marks.append(Part(" (not verified)", "unverified"))
    if thread.flags[i] & Flag.ORPHAN:
        marks.append(Part(" [orphan]", "orphan"))
    if thread.flags[i] & Flag.BIDI_CONTROLS:
        marks.append(Part(" [⇄ bidi controls]", "bidi"))
    if folded:
        marks.append(Part(f"  [+{folded:,} {'reply' if folded == 1 else 'replies'}]", "folded"))
    optional: list[list[Part]] = []
    date = format_date(thread.posted[i], thread.posted_text[i])
    if date:
        # The interface's metadata: left to right whatever --base-dir says (#12.6).
        date_row = layout_field(date, 40, replace(options, base_dir="ltr"))
        optional.append([Part(" · ", "sep"), Part(date_row.text, "date", date_row)])
    score = thread.score[i]
    if score is not None:
        s = f"{score:,} point{'' if abs(score) == 1 else 's'}"
        if len(s) > 24:
            s = s[:23] + "…"
        optional.append([Part(" · ", "sep"), Part(s, "score")])

    deleted = thread.deleted[i]
    author_text = thread.author[i] or ("[deleted]" if deleted else "anonymous")
    author_full = layout_field(author_text, 40, options)
    author_min = min(author_full.width, 12)

    def cells(parts: list[Part]) -> int:
        return sum(cell_len(p.text) for p in parts)

    fixed = cells(head) + cells(marks)
    while optional and fixed + author_min + sum(cells(o) for o in optional) > width:
        optional.pop()
    tail = [p for o in optional for p in o]
    room = max(1, width - fixed - cells(tail))
    author = author_full if author_full.width <= room else layout_field(author_text, room, options)
    parts = [
        *head,
        Part(author.text, "deleted" if deleted else "author", author, "author"),
        *marks,
        *tail,
    ]
    title = thread.title_[i]
    if title:
        left = width - cells(parts) - 3
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
            "header",
            i,
            gutter,
            gw,
            header_parts(thread, i, inner, options, folded=folded, depth_badge=deep),
        )
    ]
    if collapsed:
        if spacing:
            rows.append(ViewRow("blank", i, gutter, gw, ()))
        return rows
    body, left_out = capped(thread.body[i], BODY_CAP)
    if body:
        role: Role = "deleted" if thread.deleted[i] else "body"
        for n, r in enumerate(layout(body, inner, options), 1):
            pad = inner - r.width if r.align == "right" else 0
            rows.append(ViewRow("body", i, gutter, gw, (Part(r.text, role, r, "body"),), pad, n))
    if left_out:
        rows.append(cut_row(left_out, gutter, gw, i, inner))
    more = thread.more[i]
    if more:
        cg, cw, _ = gutter_for(thread.depth[i] + 1, width)
        text = f"… {more:,} more {'reply' if more == 1 else 'replies'} not in this file"
        rows.append(ViewRow("more", i, cg, cw, _fit((Part(text, "more"),), max(1, width - cw))))
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

    def add_text(text: str, role: Role, field: str, max_rows: int | None = None) -> None:
        laid = (
            layout(text, width, options)
            if max_rows is None
            else field_rows(text, width, options, max_rows)
        )
        for r in laid:
            pad = width - r.width if r.align == "right" else 0
            rows.append(ViewRow("article", -1, "", 0, (Part(r.text, role, r, field),), pad))
        if max_rows is not None and laid and laid[-1].end < len(text):
            rows.append(cut_row(len(text) - laid[-1].end, "", 0, -1, width))

    if article is not None and article.title:
        add_text(article.title, "heading", "article.title", FIELD_ROWS)
    else:
        add_text(thread.title or "(untitled)", "heading", "thread.title", FIELD_ROWS)
    if article is None:
        if thread.url:
            add_text(thread.url, "url", "thread.url", FIELD_ROWS)
        rows.append(ViewRow("blank", -1, "", 0, ()))
        return rows
    if article.subtitle:
        add_text(article.subtitle, "subtitle", "article.subtitle", FIELD_ROWS)
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
        add_text(article.url, "url", "article.url", FIELD_ROWS)
    rows.append(ViewRow("blank", -1, "", 0, ()))
    if article.body:
        body, left_out = capped(article.body, ARTICLE_CAP)
        add_text(body, "body", "article.body")
        if left_out:
            rows.append(cut_row(left_out, "", 0, -1, width))
    return rows
