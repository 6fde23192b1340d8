"""Lobsters: a story's JSON, ``https://lobste.rs/s/ID.json``.

Story fields: ``short_id``, ``short_id_url``, ``created_at``, ``title``, ``url``, ``score``,
``comment_count``, ``description`` (HTML) / ``description_plain`` (Markdown),
``comments_url``, ``submitter_user`` (a user name; older versions: an object with
``username``), ``tags``, ``comments``.

``comments`` is one flat list in thread order. Each comment: ``short_id``,
``short_id_url``, ``created_at``, ``is_deleted``, ``is_moderated``, ``score``,
``parent_comment`` (the parent's ``short_id``, null at top level; missing in older
versions, where ``indent_level`` — from 1 — or ``depth`` — from 0 — gives the nesting),
``comment`` (HTML), ``comment_plain`` (Markdown), ``url``, ``commenting_user`` (name or
object). A deleted or moderated comment keeps its place with the site's reason as its
text, e.g. "[Comment removed by author]".
"""

from __future__ import annotations

from typing import Any

from threadtui.importers._common import (
    NotThisFormat,
    finish,
    integer,
    iso_date,
    lst,
    plural,
    s,
    text,
)
from threadtui.importers.markup import html_to_text, markdown_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread

SITE = "https://lobste.rs"


def detect(doc: Any) -> bool:
    return (
        type(doc) is dict
        and type(doc.get("short_id")) is str
        and (type(doc.get("comments")) is list or "comments_url" in doc)
        and "title" in doc
    )


def _user(v: Any) -> str | None:
    if type(v) is dict:
        return s(v.get("username"))
    return s(v)


def _body(html_v: Any, plain_v: Any) -> str:
    if type(html_v) is str and html_v:
        return html_to_text(html_v, base=SITE)
    if type(plain_v) is str and plain_v:
        return markdown_to_text(plain_v, base=SITE)
    return ""


def _start(doc: dict[str, Any]) -> ThreadBuilder:
    """The builder, with the story as the article."""
    sid = text(doc.get("short_id"))
    page = s(doc.get("comments_url")) or s(doc.get("short_id_url")) or f"{SITE}/s/{sid}"
    title = s(doc.get("title")) or f"Lobsters story {sid}"
    submitter = _user(doc.get("submitter_user"))
    score = integer(doc.get("score"))
    count = integer(doc.get("comment_count"))
    tags = [t for t in lst(doc.get("tags")) if type(t) is str]
    note = [f"Lobsters, saved from {SITE}/s/{sid}.json"]
    if submitter:
        note.append(f"submitted by {submitter} (OP)")
    if doc.get("user_is_author") is True:
        note.append("the submitter is the author")
    if score is not None:
        note.append(plural(score, "point"))
    if count is not None:
        note.append(plural(count, "comment"))
    b = ThreadBuilder(title, url=page, source="; ".join(note))
    published, published_text = iso_date(doc.get("created_at"))
    sub = [" ".join(tags)] if tags else []
    if score is not None:
        sub.append(plural(score, "point"))
    b.article = ArticleData(
        title=title,
        subtitle=" · ".join(sub) or None,
        author=submitter,
        published=published,
        published_text=published_text,
        url=s(doc.get("url")) or page,
        body=_body(doc.get("description"), doc.get("description_plain")),
    )
    return b


def _comment_body(c: dict[str, Any]) -> tuple[str, bool]:
    """(text, placeholder?): a deleted or moderated comment keeps the site's reason."""
    if c.get("is_deleted") is True or c.get("is_moderated") is True:
        reason = text(c.get("comment_plain")).strip() or html_to_text(text(c.get("comment")))
        if reason and not reason.startswith("["):
            return f"[{reason}]", True
        return reason or "[deleted]", True
    return _body(c.get("comment"), c.get("comment_plain")), False


def _fields(c: dict[str, Any], gone: bool) -> dict[str, Any]:
    posted, posted_text = iso_date(c.get("created_at"))
    return dict(
        id=s(c.get("short_id")),
        author=_user(c.get("commenting_user")),
        posted=posted,
        posted_text=posted_text,
        score=integer(c.get("score")),
        url=s(c.get("url")) or s(c.get("short_id_url")),
        deleted=gone,
    )


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(
            f"{name}: not a Lobsters story (expected an object with 'short_id', 'title' and"
            " 'comments')"
        )
    b = _start(doc)
    comments = [c for c in lst(doc.get("comments")) if type(c) is dict]
    by_parent = any("parent_comment" in c for c in comments)
    # For files without `parent_comment`: the handle of the last comment at each depth.
    open_at: list[int] = []
    for c in comments:
        body, gone = _comment_body(c)
        if by_parent:
            b.add(body, parent=s(c.get("parent_comment")), **_fields(c, gone))
            continue
        level = integer(c.get("indent_level"))
        depth = level - 1 if level is not None else integer(c.get("depth"))
        depth = max(0, min(depth or 0, len(open_at)))
        del open_at[depth:]
        open_at.append(b.add(body, nested_in=open_at[-1] if open_at else -1, **_fields(c, gone)))
    count = integer(doc.get("comment_count"))
    if count is not None and not comments and count > 0:
        b.add_more(-1, count)
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="lobsters",
    label="Lobsters (/s/ID.json)",
    aliases=("lobste.rs",),
    detect=detect,
    load=load,
    fields="expected comments with 'comment' or 'comment_plain' and 'commenting_user'",
)
