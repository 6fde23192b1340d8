"""Lemmy: a post and its comments from the v3 API.

Two answers make a thread: ``GET /api/v3/post?id=ID`` (``{"post_view": …}``) and
``GET /api/v3/comment/list?post_id=ID&max_depth=8&limit=50&type_=All`` (``{"comments":
[comment_view, …]}``). Accepted saved shapes:

* the two merged into one object, ``{"post_view": {...}, "comments": [...]}``
  (``jq -s '.[0] + .[1]'``);
* the two one after the other, as a JSON list ``[POST, COMMENTS]`` or simply
  concatenated (``(curl -s A; curl -s B) > thread.json``);
* the comment list alone (the post's title and link then come from ``comment_view.post``);
* the post alone (an article with a "more" count of its comments).

Fields used: ``post_view.post`` (``id``, ``name``, ``url``, ``body`` Markdown,
``published``, ``ap_id``, ``deleted``, ``removed``), ``post_view.creator.name``,
``post_view.community`` (``name``, ``title``, ``actor_id``), ``post_view.counts``
(``score``, ``comments``); and per ``comment_view``: ``comment`` (``id``, ``path`` like
``0.12.34`` — root, ancestors, itself —, ``content`` Markdown, ``published``, ``deleted``,
``removed``, ``ap_id``), ``creator`` (``name``, ``local``, ``actor_id``), ``counts``
(``score``, ``child_count`` — all descendants, so replies missing from the file are counted
as "more").

Lemmy's older versions write ``published`` without a time zone; it is UTC.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from threadtui.importers._common import (
    NotThisFormat,
    finish,
    integer,
    iso_date,
    lst,
    obj,
    plural,
    s,
    text,
)
from threadtui.importers.markup import markdown_to_text
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread

NAME = "lemmy"
LABEL = "Lemmy (post_view + comments)"


def _is_comment_view(v: Any) -> bool:
    return type(v) is dict and type(v.get("comment")) is dict and "path" in v["comment"]


def _is_post_response(v: Any) -> bool:
    return type(v) is dict and type(v.get("post_view")) is dict


def _is_comments_response(v: Any) -> bool:
    if type(v) is not dict or type(v.get("comments")) is not list:
        return False
    c = v["comments"]
    return (bool(c) and _is_comment_view(c[0])) or (not c and "post_view" in v)


def detect(doc: Any) -> bool:
    if type(doc) is dict:
        return _is_post_response(doc) or _is_comments_response(doc)
    if type(doc) is list and doc:
        return all(_is_post_response(v) or _is_comments_response(v) for v in doc)
    return False


def _person(p: dict[str, Any]) -> str | None:
    name = s(p.get("name"))
    if name and p.get("local") is False:
        host = urlsplit(text(p.get("actor_id"))).hostname
        if host:
            return f"{name}@{host}"
    return name


def _community(c: dict[str, Any]) -> str | None:
    name = s(c.get("name"))
    if not name:
        return None
    host = urlsplit(text(c.get("actor_id"))).hostname
    return f"!{name}@{host}" if host else f"!{name}"


def _body(md: Any, base: str | None) -> str:
    return markdown_to_text(md, base=base) if type(md) is str else ""


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(
            f"{name}: not a Lemmy thread (expected 'post_view' and/or 'comments' of"
            " comment_view objects with comment.path)"
        )
    parts = doc if type(doc) is list else [doc]
    pv: dict[str, Any] = {}
    views: list[dict[str, Any]] = []
    for part in parts:
        if not pv and _is_post_response(part):
            pv = part["post_view"]
        views.extend(v for v in lst(part.get("comments")) if _is_comment_view(v))
    post = obj(pv.get("post")) or (obj(views[0].get("post")) if views else {})
    community = obj(pv.get("community")) or (obj(views[0].get("community")) if views else {})
    counts = obj(pv.get("counts"))
    creator = obj(pv.get("creator"))

    ap_id = s(post.get("ap_id"))
    host = urlsplit(ap_id or "").hostname
    base = f"https://{host}/" if host else None
    where = _community(community)
    title = s(post.get("name")) or (f"Lemmy post in {where}" if where else "Lemmy post")
    op = _person(creator) if creator else None
    score = integer(counts.get("score"))
    total = integer(counts.get("comments"))
    note = [f"Lemmy{' ' + where if where else ''}, saved from the v3 API"]
    if op:
        note.append(f"posted by {op} (OP)")
    if score is not None:
        note.append(plural(score, "point"))
    if total is not None:
        note.append(plural(total, "comment"))
    b = ThreadBuilder(title, url=ap_id, source="; ".join(note))
    if post:
        published, published_text = iso_date(post.get("published"), naive_is_utc=True)
        if post.get("removed") is True:
            body = "[removed]"
        elif post.get("deleted") is True:
            body = "[deleted]"
        else:
            body = _body(post.get("body"), base)
        sub = [x for x in (where, plural(score, "point") if score is not None else None) if x]
        b.article = ArticleData(
            title=title,
            subtitle=" · ".join(sub) or None,
            author=op,
            published=published,
            published_text=published_text,
            url=s(post.get("url")) or ap_id,
            body=body,
        )

    handle_of: dict[str, int] = {}
    parent_of: dict[str, str | None] = {}
    child_count: dict[str, int] = {}
    seen: set[str] = set()
    for v in views:
        c = v["comment"]
        cid = s(c.get("id"))
        path = [p for p in text(c.get("path")).split(".") if p]
        if cid is None and path:
            cid = path[-1]
        if cid is None or cid in seen:
            continue
        seen.add(cid)
        parent = path[-2] if len(path) >= 3 and path[-2] != "0" else None
        deleted = c.get("deleted") is True
        removed = c.get("removed") is True
        posted, posted_text = iso_date(c.get("published"), naive_is_utc=True)
        vc = obj(v.get("counts"))
        handle_of[cid] = b.add(
            "[removed]" if removed else "[deleted]" if deleted else _body(c.get("content"), base),
            id=cid,
            parent=parent,
            author=_person(obj(v.get("creator"))),
            posted=posted,
            posted_text=posted_text,
            score=integer(vc.get("score")),
            url=s(c.get("ap_id")),
            deleted=deleted or removed,
        )
        parent_of[cid] = parent
        cc = integer(vc.get("child_count"))
        if cc is not None:
            child_count[cid] = cc

    # child_count counts all descendants. Replies missing below a comment = its count minus
    # the descendants the file holds; each missing reply is charged to the comment closest
    # to it: a comment's own share is its missing total less its held children's totals.
    held_desc: dict[str, int] = dict.fromkeys(handle_of, 0)
    depth_of: dict[str, int] = {}
    for cid in handle_of:  # depth within the held comments, without recursion
        chain: list[str] = []
        p: str | None = cid
        while (
            p is not None and p in handle_of and p not in depth_of and len(chain) <= len(handle_of)
        ):
            chain.append(p)
            p = parent_of[p]
        d = depth_of.get(p, -1) if p is not None else -1
        for q in reversed(chain):
            d += 1
            depth_of[q] = d
    for cid in sorted(handle_of, key=depth_of.__getitem__, reverse=True):
        p = parent_of[cid]
        if p is not None and p in held_desc and p != cid:
            held_desc[p] += held_desc[cid] + 1
    missing_total = {
        cid: max(0, child_count[cid] - held_desc[cid]) for cid in handle_of if cid in child_count
    }
    charged_below: dict[str, int] = {}
    for cid, m in missing_total.items():
        p = parent_of[cid]
        if p is not None and p in missing_total:
            charged_below[p] = charged_below.get(p, 0) + m
    top_charged = 0
    for cid, m in missing_total.items():
        own = m - charged_below.get(cid, 0)
        if own > 0:
            b.add_more(handle_of[cid], own)
        if parent_of[cid] is None or parent_of[cid] not in handle_of:
            top_charged += m
    if total is not None:
        rest = total - len(handle_of) - top_charged
        if rest > 0:
            b.add_more(-1, rest)
    return finish(b, surrogates=surrogates, bidi=bidi)
