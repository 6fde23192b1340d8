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

from dataclasses import dataclass
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
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread


@dataclass(frozen=True, slots=True)
class Dialect:
    """Where a Lemmy-compatible API keeps each field (PieFed renames a few)."""

    site: str  # "Lemmy"
    api: str  # "the v3 API"
    content: str  # comment text (Markdown)
    title: str  # post title
    person: str  # a person's name
    display: str | None  # a person's display name, when the API has one


LEMMY = Dialect("Lemmy", "the v3 API", content="content", title="name", person="name", display=None)


def _is_comment_view(v: Any) -> bool:
    return type(v) is dict and type(v.get("comment")) is dict and "path" in v["comment"]


def _is_post_response(v: Any) -> bool:
    return type(v) is dict and type(v.get("post_view")) is dict


def _is_comments_response(v: Any) -> bool:
    if type(v) is not dict or type(v.get("comments")) is not list:
        return False
    c = v["comments"]
    return (bool(c) and _is_comment_view(c[0])) or (not c and "post_view" in v)


def shaped(doc: Any) -> bool:
    """The structure of a Lemmy-compatible answer (Lemmy's or PieFed's)."""
    if type(doc) is dict:
        return _is_post_response(doc) or _is_comments_response(doc)
    if type(doc) is list and doc:
        return all(_is_post_response(v) or _is_comments_response(v) for v in doc)
    return False


def _parts(doc: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(post_view or {}, comment_views) from any of the accepted shapes."""
    pv: dict[str, Any] = {}
    views: list[dict[str, Any]] = []
    for part in doc if type(doc) is list else [doc]:
        if not pv and _is_post_response(part):
            pv = part["post_view"]
        views.extend(v for v in lst(part.get("comments")) if _is_comment_view(v))
    return pv, views


def speaks(doc: Any, d: Dialect) -> bool | None:
    """Do the records hold this dialect's fields: the comments' text (most comments that
    are not deleted) or, for a post alone, its title? None when nothing tells. A
    near-compatible API's answer (PieFed's to a Lemmy reader) must not be claimed and then
    read as empty."""
    pv, views = _parts(doc)
    live = [v["comment"] for v in views if not _gone(v["comment"])]
    if live:
        return sum(1 for c in live if d.content in c) * 2 > len(live)
    post = obj(pv.get("post")) or (obj(views[0].get("post")) if views else {})
    return (d.title in post) if post else None


def detect(doc: Any) -> bool:
    return shaped(doc) and speaks(doc, LEMMY) is not False


def _gone(c: dict[str, Any]) -> bool:
    return c.get("deleted") is True or c.get("removed") is True


def _person(p: dict[str, Any], d: Dialect) -> str | None:
    name = s(p.get(d.person))
    if name and p.get("local") is False:
        host = urlsplit(text(p.get("actor_id"))).hostname
        if host:
            name = f"{name}@{host}"
    display = (s(p.get(d.display)) or "").strip() if d.display else ""
    return f"{display} ({name})" if display and name and display != name else name


def _community(c: dict[str, Any]) -> str | None:
    name = s(c.get("name"))
    if not name:
        return None
    host = urlsplit(text(c.get("actor_id"))).hostname
    return f"!{name}@{host}" if host else f"!{name}"


def _body(md: Any, base: str | None) -> str:
    return markdown_to_text(md, base=base) if type(md) is str else ""


class _Post:
    """The post's facts, from the post_view or, without one, from the first comment."""

    def __init__(self, pv: dict[str, Any], views: list[dict[str, Any]], d: Dialect) -> None:
        first = views[0] if views else {}
        self.post = obj(pv.get("post")) or obj(first.get("post"))
        community = obj(pv.get("community")) or obj(first.get("community"))
        counts = obj(pv.get("counts"))
        creator = obj(pv.get("creator"))
        self.ap_id = s(self.post.get("ap_id"))
        host = urlsplit(self.ap_id or "").hostname
        self.base = f"https://{host}/" if host else None
        self.where = _community(community)
        self.title = s(self.post.get(d.title)) or (
            f"{d.site} post in {self.where}" if self.where else f"{d.site} post"
        )
        self.op = _person(creator, d) if creator else None
        self.score = integer(counts.get("score"))
        self.total = integer(counts.get("comments"))

    def note(self, d: Dialect) -> str:
        note = [f"{d.site}{' ' + self.where if self.where else ''}, saved from {d.api}"]
        if self.op:
            note.append(f"posted by {self.op} (OP)")
        if self.score is not None:
            note.append(plural(self.score, "point"))
        if self.total is not None:
            note.append(plural(self.total, "comment"))
        return "; ".join(note)

    def article(self, d: Dialect) -> ArticleData:
        post = self.post
        published, published_text = iso_date(post.get("published"), naive_is_utc=True)
        if post.get("removed") is True:
            body = "[removed]"
        elif post.get("deleted") is True:
            body = "[deleted]"
        else:
            body = _body(post.get("body"), self.base)
        points = plural(self.score, "point") if self.score is not None else None
        sub = [x for x in (self.where, points) if x]
        return ArticleData(
            title=self.title,
            subtitle=" · ".join(sub) or None,
            author=self.op,
            published=published,
            published_text=published_text,
            url=s(post.get("url")) or self.ap_id,
            body=body,
        )


class _Comments:
    """The comments added to the builder, with what the "more" accounting needs."""

    def __init__(self) -> None:
        self.handle_of: dict[str, int] = {}
        self.parent_of: dict[str, str | None] = {}
        self.child_count: dict[str, int] = {}

    def add_all(
        self, b: ThreadBuilder, views: list[dict[str, Any]], base: str | None, d: Dialect
    ) -> None:
        for v in views:
            c = v["comment"]
            cid = s(c.get("id"))
            path = [p for p in text(c.get("path")).split(".") if p]
            if cid is None and path:
                cid = path[-1]
            if cid is None or cid in self.handle_of:
                continue
            parent = path[-2] if len(path) >= 3 and path[-2] != "0" else None
            self.handle_of[cid] = self._add(b, v, cid, parent, base, d)
            self.parent_of[cid] = parent
            cc = integer(obj(v.get("counts")).get("child_count"))
            if cc is not None:
                self.child_count[cid] = cc

    @staticmethod
    def _add(
        b: ThreadBuilder,
        v: dict[str, Any],
        cid: str,
        parent: str | None,
        base: str | None,
        d: Dialect,
    ) -> int:
        c = v["comment"]
        deleted, removed = c.get("deleted") is True, c.get("removed") is True
        posted, posted_text = iso_date(c.get("published"), naive_is_utc=True)
        body = "[removed]" if removed else "[deleted]" if deleted else _body(c.get(d.content), base)
        return b.add(
            body,
            id=cid,
            parent=parent,
            author=_person(obj(v.get("creator")), d),
            posted=posted,
            posted_text=posted_text,
            score=integer(obj(v.get("counts")).get("score")),
            url=s(c.get("ap_id")),
            deleted=deleted or removed,
        )

    def _depths(self) -> dict[str, int]:
        """Depth within the held comments, without recursion."""
        depth_of: dict[str, int] = {}
        held = self.handle_of
        for cid in held:
            chain: list[str] = []
            p: str | None = cid
            while p is not None and p in held and p not in depth_of and len(chain) <= len(held):
                chain.append(p)
                p = self.parent_of[p]
            d = depth_of.get(p, -1) if p is not None else -1
            for q in reversed(chain):
                d += 1
                depth_of[q] = d
        return depth_of

    def add_more(self, b: ThreadBuilder, total: int | None) -> None:
        """child_count counts all descendants. Replies missing below a comment = its count
        minus the descendants the file holds; each missing reply is charged to the comment
        closest to it: a comment's own share is its missing total less its held children's
        totals. What the post's comment count says beyond that is the thread's."""
        held_desc: dict[str, int] = dict.fromkeys(self.handle_of, 0)
        depth_of = self._depths()
        for cid in sorted(self.handle_of, key=depth_of.__getitem__, reverse=True):
            p = self.parent_of[cid]
            if p is not None and p in held_desc and p != cid:
                held_desc[p] += held_desc[cid] + 1
        missing = {cid: max(0, n - held_desc[cid]) for cid, n in self.child_count.items()}
        charged_below: dict[str, int] = {}
        for cid, m in missing.items():
            p = self.parent_of[cid]
            if p is not None and p in missing:
                charged_below[p] = charged_below.get(p, 0) + m
        top_charged = 0
        for cid, m in missing.items():
            own = m - charged_below.get(cid, 0)
            if own > 0:
                b.add_more(self.handle_of[cid], own)
            if self.parent_of[cid] is None or self.parent_of[cid] not in self.handle_of:
                top_charged += m
        if total is not None:
            rest = total - len(self.handle_of) - top_charged
            if rest > 0:
                b.add_more(-1, rest)


def load_dialect(doc: Any, d: Dialect, *, surrogates: bool = True, bidi: bool = True) -> Thread:
    pv, views = _parts(doc)
    post = _Post(pv, views, d)
    b = ThreadBuilder(post.title, url=post.ap_id, source=post.note(d))
    if post.post:
        b.article = post.article(d)
    comments = _Comments()
    comments.add_all(b, views, post.base, d)
    comments.add_more(b, post.total)
    return finish(b, surrogates=surrogates, bidi=bidi)


def expected(d: Dialect) -> str:
    return (
        f"expected 'post_view' and/or 'comments' of comment_view objects with comment.path"
        f" and comment.{d.content}"
    )


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not shaped(doc):
        raise NotThisFormat(f"{name}: not a Lemmy thread ({expected(LEMMY)})")
    if speaks(doc, LEMMY) is False:
        raise NotThisFormat(
            f"{name}: not a Lemmy thread: most comments have no 'content' ({expected(LEMMY)});"
            " a PieFed answer is read with --from piefed"
        )
    return load_dialect(doc, LEMMY, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="lemmy",
    label="Lemmy (post_view + comments)",
    detect=detect,
    load=load,
    fields="expected comment_view objects with 'comment.content' and 'creator'",
)
