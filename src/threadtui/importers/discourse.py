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


def _is_small_action(p: dict[str, Any]) -> bool:
    """A "small action" (closed, pinned, split, merged…): Discourse's record of a
    moderator's act, even when it carries a note, not a post anyone wrote."""
    return p.get("post_type") == 3


class _Topic:
    def __init__(self, doc: dict[str, Any], posts: list[dict[str, Any]]) -> None:
        first = posts[0] if posts else {}
        self.tid = s(doc.get("id")) or s(first.get("topic_id")) or ""
        slug = s(doc.get("slug")) or s(first.get("topic_slug")) or "-"
        self.path = f"/t/{slug}/{self.tid}"
        site = _host(doc, posts)
        self.base = site + "/" if site else None
        self.url = site + self.path if site else None
        self.title = (
            s(doc.get("title")) or s(first.get("topic_title")) or f"Discourse topic {self.tid}"
        )
        self.opener = next((p for p in posts if p.get("post_number") == 1), None)
        created_by = obj(obj(doc.get("details")).get("created_by"))
        self.op = s((self.opener or created_by).get("username"))
        self.count = integer(doc.get("posts_count"))
        tags = [t if type(t) is str else s(obj(t).get("name")) for t in lst(doc.get("tags"))]
        self.tags = " ".join(t for t in tags if t)

    def note(self, actions: int) -> str:
        note = [f"Discourse topic {self.tid} ({self.url or self.path}), saved from its .json"]
        if self.op:
            note.append(f"started by {self.op} (OP)")
        if self.count is not None:
            note.append(plural(self.count, "post"))
        if actions:
            note.append(f"{plural(actions, 'moderator action')} (closed, split…) left out")
        return "; ".join(note)

    def article(self, opener: dict[str, Any]) -> ArticleData:
        published, published_text = iso_date(opener.get("created_at"))
        likes = _likes(opener)
        sub = [self.tags] if self.tags else []
        if likes:
            sub.append(plural(likes, "like"))
        return ArticleData(
            title=self.title,
            subtitle=" · ".join(sub) or None,
            author=self.op,
            published=published,
            published_text=published_text,
            url=self.url,
            body=html_to_text(text(opener.get("cooked")), base=self.base),
        )


def _add_post(b: ThreadBuilder, p: dict[str, Any], topic: _Topic, numbers: set[int | None]) -> None:
    number = integer(p.get("post_number"))
    reply_to = integer(p.get("reply_to_post_number"))
    parent = str(reply_to) if reply_to not in (None, 1) and reply_to in numbers else None
    deleted = p.get("deleted_at") is not None or p.get("user_deleted") is True
    body = html_to_text(text(p.get("cooked")), base=topic.base)
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
        url=f"{topic.url}/{number}" if topic.url and number is not None else None,
        deleted=deleted,
    )


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(f"{name}: not a Discourse topic (expected 'post_stream.posts')")
    stream = obj(doc.get("post_stream"))
    posts = [p for p in lst(stream.get("posts")) if type(p) is dict]
    topic = _Topic(doc, posts)
    actions = [p for p in posts if p is not topic.opener and _is_small_action(p)]
    b = ThreadBuilder(topic.title, url=topic.url, source=topic.note(len(actions)))
    if topic.opener is not None:
        b.article = topic.article(topic.opener)
    numbers = {integer(p.get("post_number")) for p in posts}
    gone = {id(p) for p in actions}
    for p in posts:
        if p is not topic.opener and id(p) not in gone:
            _add_post(b, p, topic, numbers)
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
    fields="expected posts with 'cooked' and 'username'",
)
