"""Discourse: a topic's JSON, ``https://FORUM/t/ID.json`` (or ``/t/SLUG/ID.json``).

Fields used: ``id``, ``title``, ``slug``, ``posts_count``, ``created_at``, ``tags``,
``post_stream.posts`` (the posts the page holds, about twenty on a first request) and
``post_stream.stream`` (the ids of *all* posts of the topic). Each post: ``id``,
``post_number``, ``reply_to_post_number``, ``cooked`` (HTML), ``username``, ``name``,
``created_at``, ``deleted_at``, ``user_deleted``, ``post_type``, ``action_code``,
``like_count`` or ``actions_summary`` (likes are action id 2), ``avatar_template``.

Post 1 is the topic's opening post and becomes the article; the other posts are comments,
nested under the post they answer (``reply_to_post_number``; a reply to post 1, or to a
post the file does not hold, is top-level). Ids are post numbers. Ids in ``stream`` with no
post in ``posts`` become the "N more replies not in this file" count of the thread.

The JSON names no host. Links are made absolute with the host found in avatar paths
(``/user_avatar/HOST/…``) when there is one; otherwise the thread has no URL and the source
note gives the topic's path.
"""

from __future__ import annotations

import re
from typing import Any

from threadtui.importers._common import (
    NotThisFormat,
    finish,
    integer,
    iso_date,
    key,
    lst,
    obj,
    plural,
    s,
    text,
)
from threadtui.importers.markup import html_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread

_AVATAR_HOST = re.compile(r"/user_avatar/([A-Za-z0-9.-]+\.[A-Za-z]{2,})/")


def detect(doc: Any) -> bool:
    return type(doc) is dict and type(obj(doc.get("post_stream")).get("posts")) is list


def _host(doc: dict[str, Any], posts: list[dict[str, Any]]) -> str | None:
    for p in posts:
        m = _AVATAR_HOST.search(text(p.get("avatar_template")))
        if m:
            return "https://" + m.group(1)
    for u in lst(obj(doc.get("details")).get("participants")):
        m = _AVATAR_HOST.search(text(obj(u).get("avatar_template")))
        if m:
            return "https://" + m.group(1)
    return None


def _likes(p: dict[str, Any]) -> int | None:
    n = integer(p.get("like_count"))
    if n is not None:
        return n
    for a in lst(p.get("actions_summary")):
        if type(a) is dict and a.get("id") == 2:
            return integer(a.get("count"))
    return None


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(f"{name}: not a Discourse topic (expected 'post_stream.posts')")
    stream = obj(doc.get("post_stream"))
    posts = [p for p in lst(stream.get("posts")) if type(p) is dict]
    tid = s(doc.get("id")) or s(posts[0].get("topic_id") if posts else None) or ""
    slug = s(doc.get("slug")) or (s(posts[0].get("topic_slug")) if posts else None) or "-"
    path = f"/t/{slug}/{tid}"
    site = _host(doc, posts)
    base = site + "/" if site else None
    url = site + path if site else None
    title = (
        s(doc.get("title"))
        or (s(posts[0].get("topic_title")) if posts else None)
        or (f"Discourse topic {tid}")
    )
    numbers = {integer(p.get("post_number")) for p in posts}
    opener = next((p for p in posts if p.get("post_number") == 1), None)
    op = (
        s(opener.get("username"))
        if opener
        else s(obj(obj(doc.get("details")).get("created_by")).get("username"))
    )
    count = integer(doc.get("posts_count"))
    note = [f"Discourse topic {tid} ({url or path}), saved from its .json"]
    if op:
        note.append(f"started by {op} (OP)")
    if count is not None:
        note.append(plural(count, "post"))
    b = ThreadBuilder(title, url=url, source="; ".join(note))
    tags = [t if type(t) is str else s(obj(t).get("name")) for t in lst(doc.get("tags"))]
    if opener is not None:
        published, published_text = iso_date(opener.get("created_at"))
        likes = _likes(opener)
        sub = [" ".join(t for t in tags if t)] if any(tags) else []
        if likes:
            sub.append(plural(likes, "like"))
        b.article = ArticleData(
            title=title,
            subtitle=" · ".join(sub) or None,
            author=op,
            published=published,
            published_text=published_text,
            url=url,
            body=html_to_text(text(opener.get("cooked")), base=base),
        )

    for p in posts:
        number = integer(p.get("post_number"))
        if p is opener:
            continue
        cooked = text(p.get("cooked"))
        if p.get("post_type") == 3 and not cooked.strip():
            continue  # a "small action" (closed, pinned, split…): not a post anyone wrote
        reply_to = integer(p.get("reply_to_post_number"))
        parent = str(reply_to) if reply_to not in (None, 1) and reply_to in numbers else None
        deleted = p.get("deleted_at") is not None or p.get("user_deleted") is True
        body = html_to_text(cooked, base=base)
        if deleted:
            reason = body.strip("()[] ") if body and len(body) < 80 else ""
            body = f"[{reason}]" if reason else "[deleted]"
        posted, posted_text = iso_date(p.get("created_at"))
        b.add(
            body,
            id=str(number) if number is not None else s(p.get("id")),
            parent=parent,
            author=s(p.get("username")),
            posted=posted,
            posted_text=posted_text,
            score=_likes(p),
            url=f"{url}/{number}" if url and number is not None else None,
            deleted=deleted,
        )
    held = {integer(p.get("id")) for p in posts}
    missing = sum(1 for pid in lst(stream.get("stream")) if key(pid) not in held)
    if missing:
        b.add_more(-1, missing)
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="discourse",
    label="Discourse (/t/ID.json)",
    detect=detect,
    load=load,
)
