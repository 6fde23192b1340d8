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


def _algolia_start(root: dict[str, Any]) -> tuple[ThreadBuilder, list[Any]]:
    """The builder (title, source, the story as the article) and the top-level items."""
    rid = s(root.get("id")) or ""
    rtype = key(root.get("type"))
    author = s(root.get("author"))
    children = lst(root.get("children"))
    if not (rtype in _ROOT_TYPES or (rtype != "comment" and root.get("parent_id") is None)):
        story = s(root.get("story_id"))
        b = ThreadBuilder(
            f"Comment by {author or '[deleted]'} on Hacker News",
            url=item_url(rid) if rid else None,
            source=(
                f"Hacker News, saved from the Algolia items API: comment {rid}"
                + (f" on story {story} ({item_url(story)})" if story else "")
            ),
        )
        return b, [root]
    points = integer(root.get("points"))
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
    return b, children


_Row = tuple[str | None, int, Any, Any, Any, Any, bool]


def _algolia_date(c: dict[str, Any]) -> tuple[datetime | None, str | None]:
    created = c.get("created_at")
    posted = None
    if type(created) is str:
        try:
            posted = datetime.fromisoformat(created)
        except ValueError:
            pass
    else:
        created = None
    if posted is None and "created_at_i" in c:
        at, at_text = epoch_date(c["created_at_i"])
        if at is not None:
            return at, at_text
    return posted, created


def _algolia_rows(top: list[Any]) -> tuple[list[_Row], list[str]]:
    """Walk the tree (explicit stack) collecting each comment's fields and raw text;
    handles are the order of `add` calls, so they are known before adding."""
    rows: list[_Row] = []
    raws: list[str] = []
    fromiso = datetime.fromisoformat
    stack: list[tuple[list[Any], int, int]] = [(top, 0, -1)]
    while stack:
        items, i, parent = stack.pop()
        n = len(items)
        while i < n:
            c = items[i]
            i += 1
            if type(c) is not dict or c.get("type") == "pollopt":
                continue
            cid = c.get("id")
            cid = str(cid) if type(cid) is int else s(cid)
            raw = c.get("text")
            cauthor = c.get("author")
            created = c.get("created_at")
            posted = None
            if type(created) is str:
                try:  # inline: the commonest case costs no call
                    posted = fromiso(created)
                except ValueError:
                    pass
            if posted is None:
                posted, created = _algolia_date(c)
            handle = len(rows)
            # Algolia writes a deleted comment as "author": null, "text": null; an item
            # without those keys at all is another API's, not a deleted comment.
            gone = cauthor is None and raw is None and "author" in c and "text" in c
            rows.append((cid, parent, cauthor, posted, created, c, gone))
            raws.append(raw if type(raw) is str else "")
            kids = c.get("children")
            if kids and type(kids) is list:
                stack.append((items, i, parent))
                items, i, n, parent = kids, 0, len(kids), handle
    return rows, raws


def load_algolia(root: dict[str, Any], *, surrogates: bool = True, bidi: bool = True) -> Thread:
    b, top = _algolia_start(root)
    rows, raws = _algolia_rows(top)
    # All bodies converted in one tight loop, then added: faster than inside the walk.
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


def _firebase_root(by_id: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The thread's first item: a story, job or poll whose parent is not in the file, else
    the first item whose parent is not, else (every parent held: a cycle) any."""
    for it in by_id.values():
        if key(it.get("type")) in _ROOT_TYPES and key(it.get("parent")) not in by_id:
            return it
    for it in by_id.values():
        if key(it.get("parent")) not in by_id and key(it.get("poll")) not in by_id:
            return it
    return next(iter(by_id.values()))


def _option_of(opt: dict[str, Any]) -> tuple[str, int | None]:
    return html_to_text(text(opt.get("text"))), integer(opt.get("score"))


class _Firebase:
    """One Firebase load: the items by id, the builder, and which items are placed."""

    def __init__(self, by_id: dict[int, dict[str, Any]]) -> None:
        self.by_id = by_id
        self.root = _firebase_root(by_id)
        self.rid = str(self.root["id"])
        self.rtype = key(self.root.get("type"))
        self.is_story = self.rtype in _ROOT_TYPES
        self.placed: set[int] = set()
        self.b = self._start()

    def _start(self) -> ThreadBuilder:
        root, rid = self.root, self.rid
        author = s(root.get("by"))
        if self.rtype == "pollopt":
            poll = s(root.get("poll"))
            title = f"Poll option by {author or '[deleted]'} on Hacker News"
            source = f"Hacker News, saved from the Firebase API: poll option {rid}" + (
                f" of poll {poll} ({item_url(poll)}, not in this file)" if poll else ""
            )
            return ThreadBuilder(title, url=item_url(poll or rid), source=source)
        if not self.is_story:
            return ThreadBuilder(
                f"Comment by {author or '[deleted]'} on Hacker News",
                url=item_url(rid),
                source=f"Hacker News, saved from the Firebase API: comment {rid}",
            )
        score = integer(root.get("score"))
        note = [f"Hacker News, saved from the Firebase API (item {rid})"]
        if author:
            note.append(f"submitted by {author} (OP)")
        if score is not None:
            note.append(plural(score, "point"))
        title = s(root.get("title")) or f"Hacker News item {rid}"
        return ThreadBuilder(title, url=item_url(rid), source="; ".join(note))

    def article(self) -> None:
        root = self.root
        if self.rtype == "pollopt":
            self.placed.add(root["id"])
            label, score = _option_of(root)
            self.b.article = ArticleData(
                title=self.b.title,
                subtitle=plural(score, "point") if score is not None else None,
                author=s(root.get("by")),
                published=epoch_date(root.get("time"))[0],
                url=self.b.url,
                body=_poll_lines([(label, score)]),
            )
            return
        if not self.is_story:
            return
        self.placed.add(root["id"])
        score = integer(root.get("score"))
        body = html_to_text(text(root.get("text")))
        polls = []
        for pid in lst(root.get("parts")):
            opt = self.by_id.get(pid) if type(pid) is int else None
            if opt is not None:
                self.placed.add(pid)
                polls.append(_option_of(opt))
        if polls:
            body = (body + "\n\n" if body else "") + _poll_lines(polls)
        published, published_text = epoch_date(root.get("time"))
        self.b.article = ArticleData(
            title=self.b.title,
            subtitle=plural(score, "point") if score is not None else None,
            author=s(root.get("by")),
            published=published,
            published_text=published_text,
            url=s(root.get("url")) or item_url(self.rid),
            body=body,
        )

    def add(self, it: dict[str, Any], nested_in: int, parent: str | None = None) -> int:
        cid = str(it["id"])
        posted, posted_text = epoch_date(it.get("time"))
        deleted = it.get("deleted") is True
        dead = it.get("dead") is True
        pollopt = key(it.get("type")) == "pollopt"
        if deleted:
            body = "[deleted]"
        elif pollopt:
            body = _poll_lines([_option_of(it)])
        else:
            body = html_to_text(text(it.get("text")))
        title = "[dead]" if dead and not deleted else s(it.get("title"))
        return self.b.add(
            body,
            id=cid,
            parent=parent,
            nested_in=nested_in,
            author=s(it.get("by")),
            posted=posted,
            posted_text=posted_text,
            title="poll option" if pollopt and title is None else title,
            score=integer(it.get("score")),
            url=item_url(cid),
            deleted=deleted,
        )

    def walk(self, kids: list[Any], handle: int) -> None:
        """Depth-first in the order of each item's ``kids``, with an explicit stack; kids
        the file does not hold are counted as "more"."""
        stack: list[tuple[list[Any], int, int]] = [(kids, 0, handle)]
        by_id, placed, b = self.by_id, self.placed, self.b
        while stack:
            ks, i, h = stack.pop()
            missing = 0
            while i < len(ks):
                kid = ks[i]
                i += 1
                it = by_id.get(kid) if type(kid) is int else None
                if it is None or kid in placed:
                    missing += it is None
                    continue
                placed.add(kid)
                k = self.add(it, h)
                sub = lst(it.get("kids"))
                if sub:
                    if missing:
                        b.add_more(h, missing)
                        missing = 0
                    stack.append((ks, i, h))
                    ks, i, h = sub, 0, k
            if missing:
                b.add_more(h, missing)

    def strays(self) -> None:
        """Items no ``kids`` list led to (the file was built without them): attached by
        ``parent`` (a poll option by ``poll``), or top-level."""
        root = self.root
        top = root["id"] if self.is_story else root.get("parent")
        for iid, it in self.by_id.items():
            if iid in self.placed:
                continue
            self.placed.add(iid)
            parent = it.get("parent", it.get("poll"))
            if parent == top:
                # replies to the story, or (no story in the file) siblings of the first comment
                k = self.add(it, -1)
            else:
                k = self.add(it, -1, str(parent) if type(parent) is int else None)
            self.walk(lst(it.get("kids")), k)


def load_firebase(items: list[Any], *, surrogates: bool = True, bidi: bool = True) -> Thread:
    by_id: dict[int, dict[str, Any]] = {}
    for it in items:
        if type(it) is dict and type(it.get("id")) is int:
            by_id.setdefault(it["id"], it)
    f = _Firebase(by_id)
    f.article()
    if f.is_story:
        f.walk(lst(f.root.get("kids")), -1)
    elif f.rtype != "pollopt":
        f.walk([f.root["id"]], -1)
    f.strays()
    return finish(f.b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="hn",
    label="Hacker News (Algolia or Firebase API)",
    aliases=("hackernews", "hacker-news", "algolia", "firebase"),
    detect=detect,
    load=load,
    fields="expected comment items with 'text' and 'by' (Firebase) or 'author' (Algolia)",
)
