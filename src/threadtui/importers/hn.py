"""Hacker News: the Algolia items API and the official Firebase API.

Algolia (``https://hn.algolia.com/api/v1/items/ID``): one object, the story (or a comment)
with every reply nested in ``children``; fields ``id``, ``created_at`` (ISO 8601),
``created_at_i``, ``type``, ``author``, ``title``, ``url``, ``text`` (HTML), ``points``,
``parent_id``, ``story_id``, ``children``. A deleted comment has ``author`` and ``text``
null.

Firebase (``https://hacker-news.firebaseio.com/v0/item/ID.json``, one request per item):
the items saved together as a JSON list or as JSON Lines, in any order; fields ``id``,
``type`` (story, comment, job, poll, pollopt), ``by``, ``time`` (Unix seconds), ``text``
(HTML), ``parent``, ``kids`` (reply ids in ranked order), ``deleted``, ``dead``, ``title``,
``url``, ``score``, ``descendants``, ``poll``, ``parts``. Replies named in ``kids`` but not in
the file become "more" counts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from threadtui.importers._common import (
    NotThisFormat,
    epoch_date,
    finish,
    integer,
    iso_date,
    key,
    lst,
    plural,
    s,
    text,
)
from threadtui.importers.markup import html_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread

SITE = "https://news.ycombinator.com"
_TYPES = frozenset(("story", "comment", "job", "poll", "pollopt"))
_ROOT_TYPES = frozenset(("story", "job", "poll"))


_ITEM = f"{SITE}/item?id="


def item_url(item_id: str) -> str:
    return _ITEM + item_id


# --------------------------------------------------------------------------- detection


def is_algolia(doc: Any) -> bool:
    return (
        type(doc) is dict
        and type(doc.get("children")) is list
        and "id" in doc
        and ("created_at" in doc or "created_at_i" in doc)
        and ("author" in doc or "story_id" in doc)
    )


def _is_firebase_item(v: Any) -> bool:
    return (
        type(v) is dict
        and type(v.get("id")) is int
        and key(v.get("type")) in _TYPES
        and ("time" in v or "by" in v or "deleted" in v)
    )


def is_firebase(doc: Any) -> bool:
    if type(doc) is list:
        return bool(doc) and all(_is_firebase_item(v) for v in doc[:20])
    return _is_firebase_item(doc) and "children" not in doc


def detect(doc: Any) -> bool:
    return is_algolia(doc) or is_firebase(doc)


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if is_algolia(doc):
        return load_algolia(doc, surrogates=surrogates, bidi=bidi)
    if is_firebase(doc):
        return load_firebase(doc if type(doc) is list else [doc], surrogates=surrogates, bidi=bidi)
    raise NotThisFormat(
        f"{name}: not a Hacker News item (expected an Algolia item with 'children', or"
        " Firebase items with 'id', 'type' and 'time')"
    )


# --------------------------------------------------------------------------- Algolia


def _poll_lines(options: list[tuple[str, int | None]]) -> str:
    out = []
    for label, score in options:
        out.append(f"- {label}" + (f" ({plural(score, 'point')})" if score is not None else ""))
    return "\n".join(out)


def load_algolia(root: dict[str, Any], *, surrogates: bool = True, bidi: bool = True) -> Thread:
    rid = s(root.get("id")) or ""
    rtype = key(root.get("type"))
    author = s(root.get("author"))
    points = integer(root.get("points"))
    children = lst(root.get("children"))
    is_root = rtype in _ROOT_TYPES or (rtype != "comment" and root.get("parent_id") is None)
    if is_root:
        title = s(root.get("title")) or f"Hacker News item {rid}"
        url = item_url(rid) if rid else None
        note = [f"Hacker News, saved from the Algolia items API (item {rid})"]
        if author:
            note.append(f"submitted by {author} (OP)")
        if points is not None:
            note.append(plural(points, "point"))
        b = ThreadBuilder(title, url=url, source="; ".join(note))
        published, published_text = iso_date(root.get("created_at"))
        if published is None:
            published, published_text = epoch_date(root.get("created_at_i"))
        body = html_to_text(text(root.get("text")))
        polls = [
            (html_to_text(text(c.get("text"))), integer(c.get("points")))
            for c in children
            if type(c) is dict and c.get("type") == "pollopt"
        ]
        if polls:
            body = (body + "\n\n" if body else "") + _poll_lines(polls)
        b.article = ArticleData(
            title=title,
            subtitle=plural(points, "point") if points is not None else None,
            author=author,
            published=published,
            published_text=published_text,
            url=s(root.get("url")) or url,
            body=body,
        )
        top = children
    else:
        story = s(root.get("story_id"))
        title = f"Comment by {author or '[deleted]'} on Hacker News"
        b = ThreadBuilder(
            title,
            url=item_url(rid) if rid else None,
            source=(
                f"Hacker News, saved from the Algolia items API: comment {rid}"
                + (f" on story {story} ({item_url(story)})" if story else "")
            ),
        )
        top = [root]

    # Two passes: walk the tree collecting each comment's fields (handles are the order of
    # `add` calls, so they are known before adding), convert all bodies in one tight loop,
    # then add. Faster than converting inside the walk.
    fromiso = datetime.fromisoformat
    rows: list[tuple[str | None, int, Any, Any, Any, Any, bool]] = []
    raws: list[str] = []
    add_row = rows.append
    add_raw = raws.append
    stack: list[tuple[list[Any], int, int]] = [(top, 0, -1)]
    while stack:
        items, i, parent = stack.pop()
        n = len(items)
        while i < n:
            c = items[i]
            i += 1
            if type(c) is not dict:
                continue
            get = c.get
            if get("type") == "pollopt":
                continue
            cid = get("id")
            cid = str(cid) if type(cid) is int else s(cid)
            raw = get("text")
            cauthor = get("author")
            created = get("created_at")
            posted = None
            if type(created) is str:
                try:
                    posted = fromiso(created)
                except ValueError:
                    pass
            else:
                created = None
            if posted is None and "created_at_i" in c:
                at, at_text = epoch_date(c["created_at_i"])
                if at is not None:
                    posted, created = at, at_text
            deleted = cauthor is None and raw is None
            handle = len(rows)
            add_row((cid, parent, cauthor, posted, created, c, deleted))
            add_raw(raw if type(raw) is str else "")
            kids = get("children")
            if kids and type(kids) is list:
                stack.append((items, i, parent))
                items, i, n, parent = kids, 0, len(kids), handle
    convert = html_to_text
    bodies = [convert(raw) if raw else "" for raw in raws]
    add = b.add
    for (cid, parent, cauthor, posted, created, c, deleted), body in zip(rows, bodies, strict=True):
        title = c.get("title")
        points = c.get("points")
        add(
            "[deleted]" if deleted else body,
            id=cid,
            nested_in=parent,
            author=cauthor if type(cauthor) is str else None,
            posted=posted,
            posted_text=created,
            title=title if type(title) is str else None,
            score=points if type(points) is int else None,
            url=_ITEM + cid if cid else None,
            deleted=deleted,
        )
    return finish(b, surrogates=surrogates, bidi=bidi)


# --------------------------------------------------------------------------- Firebase


def load_firebase(items: list[Any], *, surrogates: bool = True, bidi: bool = True) -> Thread:
    by_id: dict[int, dict[str, Any]] = {}
    for it in items:
        if type(it) is dict and type(it.get("id")) is int:
            by_id.setdefault(it["id"], it)
    root: dict[str, Any] | None = None
    for it in by_id.values():
        if key(it.get("type")) in _ROOT_TYPES and key(it.get("parent")) not in by_id:
            root = it
            break
    if root is None:
        for it in by_id.values():
            if key(it.get("parent")) not in by_id:
                root = it
                break
    if root is None:  # every item's parent is in the file: a cycle; start anywhere
        root = next(iter(by_id.values()))

    rid = str(root["id"])
    author = s(root.get("by"))
    score = integer(root.get("score"))
    is_story = key(root.get("type")) in _ROOT_TYPES
    if is_story:
        title = s(root.get("title")) or f"Hacker News item {rid}"
        note = [f"Hacker News, saved from the Firebase API (item {rid})"]
        if author:
            note.append(f"submitted by {author} (OP)")
        if score is not None:
            note.append(plural(score, "point"))
        b = ThreadBuilder(title, url=item_url(rid), source="; ".join(note))
        published, published_text = epoch_date(root.get("time"))
        body = html_to_text(text(root.get("text")))
        polls = []
        for pid in lst(root.get("parts")):
            opt = by_id.get(pid) if type(pid) is int else None
            if opt is not None:
                polls.append((html_to_text(text(opt.get("text"))), integer(opt.get("score"))))
        if polls:
            body = (body + "\n\n" if body else "") + _poll_lines(polls)
        b.article = ArticleData(
            title=title,
            subtitle=plural(score, "point") if score is not None else None,
            author=author,
            published=published,
            published_text=published_text,
            url=s(root.get("url")) or item_url(rid),
            body=body,
        )
    else:
        b = ThreadBuilder(
            f"Comment by {author or '[deleted]'} on Hacker News",
            url=item_url(rid),
            source=f"Hacker News, saved from the Firebase API: comment {rid}",
        )

    placed: set[int] = {root["id"]} if is_story else set()

    def add(it: dict[str, Any], nested_in: int, parent: str | None = None) -> int:
        cid = str(it["id"])
        posted, posted_text = epoch_date(it.get("time"))
        deleted = it.get("deleted") is True
        dead = it.get("dead") is True
        return b.add(
            "[deleted]" if deleted else html_to_text(text(it.get("text"))),
            id=cid,
            parent=parent,
            nested_in=nested_in,
            author=s(it.get("by")),
            posted=posted,
            posted_text=posted_text,
            title="[dead]" if dead and not deleted else s(it.get("title")),
            score=integer(it.get("score")),
            url=item_url(cid),
            deleted=deleted,
        )

    def walk(kids: list[Any], handle: int) -> None:
        # Depth-first in the order of each item's `kids`, with an explicit stack.
        stack: list[tuple[list[Any], int, int]] = [(kids, 0, handle)]
        while stack:
            ks, i, h = stack.pop()
            missing = 0
            while i < len(ks):
                kid = ks[i]
                i += 1
                it = by_id.get(kid) if type(kid) is int else None
                if it is None or kid in placed or it.get("type") == "pollopt":
                    if it is None:
                        missing += 1
                    continue
                placed.add(kid)
                k = add(it, h)
                sub = lst(it.get("kids"))
                if sub:
                    if missing:
                        b.add_more(h, missing)
                        missing = 0
                    stack.append((ks, i, h))
                    ks, i, h = sub, 0, k
            if missing:
                b.add_more(h, missing)

    walk(lst(root.get("kids")) if is_story else [root["id"]], -1)
    # Items no `kids` list led to (the file was built without them): attach by `parent`.
    for iid, it in by_id.items():
        if iid in placed or it.get("type") == "pollopt":
            continue
        placed.add(iid)
        parent = it.get("parent")
        if parent == (root["id"] if is_story else root.get("parent")):
            # replies to the story, or (no story in the file) siblings of the first comment
            k = add(it, -1)
        else:
            k = add(it, -1, str(parent) if type(parent) is int else None)
        walk(lst(it.get("kids")), k)
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="hn",
    label="Hacker News (Algolia or Firebase API)",
    aliases=("hackernews", "hacker-news", "algolia", "firebase"),
    detect=detect,
    load=load,
)
