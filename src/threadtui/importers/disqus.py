"""Disqus: a forum's XML export (Admin → Moderation → Export), many threads in one file.

The root ``<disqus>`` (namespace ``http://disqus.com``, internals ``dsq`` =
``http://disqus.com/disqus-internals``) holds ``<category>`` elements, then every
``<thread dsq:id>`` (``id`` — the site's own identifier —, ``forum``, ``link``,
``title``, ``message``, ``createdAt``, ``author`` with ``name``/``username``,
``isClosed``, ``isDeleted``), then every ``<post dsq:id>`` of the forum in id order
(``message`` HTML, ``createdAt``, ``isDeleted``, ``isSpam``, ``author``, ``<thread
dsq:id>``, ``<parent dsq:id>`` for a reply).

Listing the threads reads only the file's head (threads come before posts); reading one
thread streams the whole file once, keeping only that thread's posts.
"""

from __future__ import annotations

from collections.abc import Iterator

from threadtui.importers import export
from threadtui.importers._common import finish, iso_date, plural
from threadtui.importers.export import Progress, StopParse, ThreadInfo
from threadtui.importers.markup import html_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError
from threadtui.model.thread import ArticleData, Thread

NS = "http://disqus.com"
_DQ = NS + export.SEP
_ID = "http://disqus.com/disqus-internals" + export.SEP + "id"
_ROOT = _DQ + "disqus"
_THREAD = _DQ + "thread"
_POST = _DQ + "post"
# Text fields kept, at depth 3 (children of a thread or post) and 4 (of its author).
_FIELDS = frozenset(("id", "forum", "link", "title", "message", "createdAt", "isDeleted",
                     "isSpam", "isClosed"))  # fmt: skip
_AUTHOR = frozenset(("name", "username", "isAnonymous"))


def sniff(head: bytes) -> bool:
    return export.sniff_root(head, b"disqus", NS.encode())


class _Reader:
    """expat handlers: each top-level ``thread`` and ``post`` becomes a dict of its text
    fields (``author.name``…) and references (``thread``, ``parent``: their dsq:id)."""

    def __init__(self, name: str, *, posts: bool, keep: str | None = None) -> None:
        self.name = name
        self.want_posts = posts  # False: stop at the first post (a listing)
        self.keep = keep  # only the posts of this thread (dsq:id); None: all
        self.depth = 0
        self.rec: dict[str, str] | None = None
        self.sub = ""  # local name of the depth-3 element
        self.field: str | None = None
        self.buf: list[str] = []
        self.threads: list[dict[str, str]] = []
        self.posts: list[dict[str, str]] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        d = self.depth
        if d == 2:
            self._top(name, attrs)
        elif self.rec is not None and d == 3:
            local = name[name.find(" ") + 1 :]
            self.sub = local
            if local in ("thread", "parent", "category"):
                self.rec[local] = attrs.get(_ID, "")
            elif local in _FIELDS:
                self.field, self.buf = local, []
        elif self.rec is not None and d == 4 and self.sub == "author":
            local = name[name.find(" ") + 1 :]
            if local in _AUTHOR:
                self.field, self.buf = "author." + local, []
        elif d == 1 and name != _ROOT:
            raise ThreadLoadError(f"{self.name}: not a Disqus export (the root is not <disqus>)")

    def _top(self, name: str, attrs: dict[str, str]) -> None:
        if name == _POST and not self.want_posts:
            raise StopParse
        self.rec = {"kind": name, "dsq": attrs.get(_ID, "")} if name in (_THREAD, _POST) else None

    def data(self, text: str) -> None:
        if self.field is not None:
            self.buf.append(text)

    def end(self, name: str) -> None:
        d = self.depth
        self.depth -= 1
        rec = self.rec
        if rec is None:
            return
        if self.field is not None and d >= 3:
            rec[self.field] = "".join(self.buf)
            self.field = None
        elif d == 2:
            self.rec = None
            if rec["kind"] == _THREAD:
                self.threads.append(rec)
            elif self.keep is None or rec.get("thread") == self.keep:
                self.posts.append(rec)


def _info(t: dict[str, str], posts: int | None = None) -> ThreadInfo:
    link = t.get("link", "").strip() or None
    title = t.get("title", "").strip() or (link or f"Disqus thread {t['dsq']}")
    return ThreadInfo(
        id=t["dsq"], title=title, link=link, identifier=t.get("id", "").strip() or None, posts=posts
    )


def _author(rec: dict[str, str]) -> str | None:
    name = rec.get("author.name", "").strip()
    user = rec.get("author.username", "").strip()
    if name and user and name != user:
        return f"{name} ({user})"
    return name or user or None


def _true(rec: dict[str, str], key: str) -> bool:
    return rec.get(key, "").strip().lower() == "true"


def _post_body(rec: dict[str, str], base: str | None) -> tuple[str, bool]:
    """(text, placeholder?): spam and deleted posts keep their place, not their text (as
    on the site)."""
    if _true(rec, "isSpam"):
        return "[marked as spam]", True
    if _true(rec, "isDeleted"):
        return "[deleted]", True
    return html_to_text(rec.get("message", ""), base=base), False


def _build(thread: dict[str, str], posts: list[dict[str, str]]) -> Thread:
    info = _info(thread)
    forum = thread.get("forum", "").strip()
    held = sum(1 for p in posts if not (_true(p, "isSpam") or _true(p, "isDeleted")))
    note = [f"Disqus export{' of ' + forum if forum else ''}, thread {info.id}"]
    if info.identifier:
        note.append(f"identifier {info.identifier}")
    note.append(plural(held, "post"))
    b = ThreadBuilder(info.title, url=info.link, source="; ".join(note))
    published, published_text = iso_date(thread.get("createdAt", "").strip())
    b.article = ArticleData(
        title=info.title,
        subtitle="closed" if _true(thread, "isClosed") else None,
        author=_author(thread),
        published=published,
        published_text=published_text,
        url=info.link,
        body=html_to_text(thread.get("message", ""), base=info.link),
    )
    for p in posts:
        body, gone = _post_body(p, info.link)
        posted, posted_text = iso_date(p.get("createdAt", "").strip())
        b.add(
            body,
            id=p["dsq"] or None,
            parent=p.get("parent") or None,
            author=_author(p),
            posted=posted,
            posted_text=posted_text,
            url=f"{info.link}#comment-{p['dsq']}" if info.link and p["dsq"] else None,
            deleted=gone,
        )
    return finish(b)


class DisqusExport:
    def threads(
        self,
        path: str,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> list[ThreadInfo]:
        r = _Reader(path, posts=False)
        export.parse(path, r, max_bytes=max_bytes, progress=progress)
        return [_info(t) for t in r.threads]

    def load(
        self,
        path: str,
        choice: str | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
        limit: int | None = None,
    ) -> Thread:
        chosen = export.choose(path, self.threads(path, max_bytes=max_bytes), choice)
        r = _Reader(path, posts=True, keep=chosen.id)
        export.parse(path, r, max_bytes=max_bytes, progress=progress, limit=limit)
        thread = next(t for t in r.threads if t["dsq"] == chosen.id)
        return _build(thread, r.posts)

    def load_all(
        self,
        path: str,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> Iterator[tuple[ThreadInfo, Thread]]:
        r = _Reader(path, posts=True)
        export.parse(path, r, max_bytes=max_bytes, progress=progress)
        by_thread: dict[str, list[dict[str, str]]] = {}
        for p in r.posts:
            by_thread.setdefault(p.get("thread", ""), []).append(p)
        r.posts = []
        known = {t["dsq"] for t in r.threads}
        stray = [{"kind": _THREAD, "dsq": k} for k in by_thread if k not in known]
        for t in [*r.threads, *stray]:
            posts = by_thread.pop(t["dsq"], [])
            yield _info(t, len(posts)), _build(t, posts)


FORMAT = Format(
    name="disqus",
    label="Disqus (XML export)",
    kind="export",
    sniff=sniff,
    export=DisqusExport(),
)
