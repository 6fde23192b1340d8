"""WordPress: a site's WXR export (Tools → Export), each post with its comments.

WXR is RSS 2.0 with WordPress' namespace (``http://wordpress.org/export/1.2/``; 1.0 and
1.1 too): ``rss/channel`` (``title``, ``link``) holds one ``<item>`` per post, page or
attachment (``title``, ``link``, ``guid``, ``dc:creator``, ``content:encoded`` HTML,
``wp:post_id``, ``wp:post_date_gmt``, ``wp:post_type``, ``wp:status``) with its
``<wp:comment>`` elements (``comment_id``, ``comment_author``, ``comment_author_url``,
``comment_date_gmt`` / ``comment_date``, ``comment_content`` HTML, ``comment_approved``
— ``1``, ``0`` awaiting moderation, ``spam``, ``trash`` —, ``comment_type`` — empty or
``comment``, ``pingback``, ``trackback`` —, ``comment_parent``: 0 at the top).

Each post or page is a thread (attachments and menu items are not); items are whole in
themselves, so reading one stops at the end of its item.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime

from threadtui.importers import export
from threadtui.importers._common import finish, plural
from threadtui.importers.export import Progress, StopParse, ThreadInfo
from threadtui.importers.markup import html_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError
from threadtui.model.thread import ArticleData, Thread

_WP = "http://wordpress.org/export/"
_CONTENT = "http://purl.org/rss/1.0/modules/content/ encoded"
_CREATOR = "http://purl.org/dc/elements/1.1/ creator"
_SKIP_TYPES = frozenset(("attachment", "nav_menu_item", "revision", "wp_navigation"))
_ITEM_FIELDS = frozenset(("title", "link", "guid"))
_WP_ITEM = frozenset(("post_id", "post_date_gmt", "post_date", "post_type", "status", "post_name"))


def sniff(head: bytes) -> bool:
    return export.sniff_root(head, b"rss", _WP.encode())


def _local(name: str) -> tuple[str, str]:
    """("wp" / "" / other namespace, local name) of an expat name."""
    ns, _, local = name.rpartition(export.SEP)
    return ("wp" if ns.startswith(_WP) else ns), local


class _Reader:
    """expat handlers: the channel's title and link, then each item as a dict of its text
    fields with its comments as a list of dicts."""

    def __init__(self, name: str, *, listing: bool, keep: str | None = None) -> None:
        self.name = name
        self.listing = listing  # only titles and ids: comments are counted, not kept
        self.keep = keep  # stop after the item this --thread value names
        self.path: list[str] = []
        self.channel: dict[str, str] = {}
        self.item: dict[str, str] | None = None
        self.comments: list[dict[str, str]] = []
        self.comment: dict[str, str] | None = None
        self.field: str | None = None
        self.buf: list[str] = []
        self.items: list[tuple[dict[str, str], list[dict[str, str]]]] = []
        self.counts: list[int] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        ns, local = _local(name)
        depth = len(self.path)
        self.path.append(local)
        if depth == 0 and local != "rss":
            raise ThreadLoadError(f"{self.name}: not a WordPress export (the root is not <rss>)")
        if depth == 2 and local == "item" and not ns:
            self.item, self.comments = {}, []
        elif self.item is None:
            if depth == 2 and local in ("title", "link") and not ns:
                self.field, self.buf = "channel." + local, []
        elif depth == 3:
            self._item_child(ns, local, name)
        elif depth == 4 and self.comment is not None and ns == "wp":
            self.field, self.buf = local, []

    def _item_child(self, ns: str, local: str, name: str) -> None:
        if ns == "wp" and local == "comment":
            self.comment = {}
        elif (not ns and local in _ITEM_FIELDS) or (ns == "wp" and local in _WP_ITEM):
            self.field, self.buf = local, []
        elif name in (_CONTENT, _CREATOR):
            self.field, self.buf = name, []

    def data(self, text: str) -> None:
        if self.field is not None:
            self.buf.append(text)

    def end(self, name: str) -> None:
        depth = len(self.path) - 1
        self.path.pop()
        if self.field is not None:
            self._store("".join(self.buf))
            self.field = None
        elif depth == 3 and self.comment is not None:
            self.comments.append(self.comment)
            self.comment = None
        elif depth == 2 and self.item is not None:
            self._end_item()

    def _store(self, value: str) -> None:
        field = self.field or ""
        if field.startswith("channel."):
            self.channel[field[8:]] = value
        elif self.comment is not None:
            self.comment[field] = value
        elif self.item is not None:
            self.item[field] = value

    def _end_item(self) -> None:
        item, comments = self.item or {}, self.comments
        self.item, self.comments = None, []
        if item.get("post_type", "post").strip() in _SKIP_TYPES:
            return
        if self.listing:
            item.pop(_CONTENT, None)
            self.items.append((item, []))
            self.counts.append(_shown(comments))
            return
        if self.keep is not None and not _info(item, None).matches(self.keep):
            return
        self.items.append((item, comments))
        if self.keep is not None:
            raise StopParse


def _id_of(item: dict[str, str]) -> str:
    return item.get("post_id", "").strip() or item.get("guid", "").strip() or item.get("link", "")


def _info(item: dict[str, str], count: int | None) -> ThreadInfo:
    link = item.get("link", "").strip() or None
    iid = _id_of(item)
    title = item.get("title", "").strip() or link or f"WordPress post {iid}"
    guid = item.get("guid", "").strip() or None
    return ThreadInfo(id=iid, title=title, link=link, identifier=guid, posts=count)


def _date(v: str | None) -> tuple[datetime | None, str | None]:
    """WordPress' "2010-07-20 12:08:08" (GMT in the _gmt fields); "0000-00-00 00:00:00"
    for none."""
    v = (v or "").strip()
    if not v or v.startswith("0000"):
        return None, None
    try:
        return datetime.fromisoformat(v).replace(tzinfo=UTC), None
    except ValueError:
        return None, v


_STATES = {"spam": "[marked as spam]", "trash": "[deleted]"}
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLOCK_START = re.compile(r"\s*<(?:ul|ol|blockquote|pre|h[1-6]|table|div|figure|!--)", re.I)


def autop(content: str) -> str:
    """WordPress keeps comments (and classic-editor posts) as typed: a blank line is a
    paragraph, a newline a line break, as its ``wpautop`` shows them. Content that has
    paragraphs, or a <pre> whose newlines must stay, is left as it is."""
    if "\n" not in content or "<p" in content or "<pre" in content:
        return content
    out = []
    for chunk in _BLANK_LINE.split(content.replace("\r\n", "\n").strip()):
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        elif chunk.strip():
            out.append("<p>" + chunk.strip().replace("\n", "<br>\n") + "</p>")
    return "\n".join(out)


def _shown(comments: list[dict[str, str]]) -> int:
    return sum(1 for c in comments if c.get("comment_approved", "1").strip() in ("1", "0"))


def _comment_fields(c: dict[str, str], base: str | None) -> dict[str, object]:
    state = c.get("comment_approved", "1").strip().lower()
    kind = c.get("comment_type", "").strip().lower()
    gone = _STATES.get(state)
    posted, posted_text = _date(c.get("comment_date_gmt") or c.get("comment_date"))
    parent = c.get("comment_parent", "").strip()
    title = "awaiting moderation" if state == "0" else None
    if kind in ("pingback", "trackback"):
        title = kind if title is None else f"{kind}, {title}"
    return {
        "body": gone or html_to_text(autop(c.get("comment_content", "")), base=base),
        "id": c.get("comment_id", "").strip() or None,
        "parent": parent if parent and parent != "0" else None,
        # WordPress stores some names escaped ("Blog &raquo; Post" for pingbacks)
        "author": html.unescape(c.get("comment_author", "")).strip() or None,
        "posted": posted,
        "posted_text": posted_text,
        "title": title,
        "url": f"{base.rstrip('/')}/#comment-{c.get('comment_id', '').strip()}"
        if base and c.get("comment_id", "").strip()
        else None,
        "deleted": gone is not None,
    }


def _build(channel: dict[str, str], item: dict[str, str], comments: list[dict[str, str]]) -> Thread:
    info = _info(item, None)
    site = channel.get("title", "").strip() or channel.get("link", "").strip()
    note = [f"WordPress export{' of ' + site if site else ''}, post {info.id}"]
    note.append(plural(_shown(comments), "comment"))
    b = ThreadBuilder(info.title, url=info.link, source="; ".join(note))
    published, published_text = _date(item.get("post_date_gmt") or item.get("post_date"))
    status = item.get("status", "").strip()
    b.article = ArticleData(
        title=info.title,
        subtitle=status if status and status != "publish" else None,
        author=item.get(_CREATOR, "").strip() or None,
        published=published,
        published_text=published_text,
        url=info.link,
        body=html_to_text(autop(item.get(_CONTENT, "")), base=info.link),
    )
    for c in comments:
        fields = _comment_fields(c, info.link)
        body = str(fields.pop("body"))
        b.add(body, **fields)  # type: ignore[arg-type]
    return finish(b)


class WordPressExport:
    def threads(
        self,
        path: str,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> list[ThreadInfo]:
        r = _Reader(path, listing=True)
        export.parse(path, r, max_bytes=max_bytes, progress=progress)
        return [_info(item, n) for (item, _), n in zip(r.items, r.counts, strict=True)]

    def load(
        self,
        path: str,
        choice: str | None,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
        limit: int | None = None,
    ) -> Thread:
        if choice is None:  # the only thread, or ChooseThread
            choice = export.choose(path, self.threads(path, max_bytes=max_bytes), None).id
        r = _Reader(path, listing=False, keep=choice)
        export.parse(path, r, max_bytes=max_bytes, progress=progress)
        if not r.items:
            raise ThreadLoadError(
                f"{path}: no thread {choice!r} (`threadtui threads {path}` lists them)"
            )
        item, comments = r.items[0]
        return _build(r.channel, item, comments)

    def load_all(
        self,
        path: str,
        *,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
    ) -> Iterator[tuple[ThreadInfo, Thread]]:
        r = _Reader(path, listing=False)
        export.parse(path, r, max_bytes=max_bytes, progress=progress)
        for item, comments in r.items:
            yield _info(item, _shown(comments)), _build(r.channel, item, comments)


FORMAT = Format(
    name="wordpress",
    label="WordPress (WXR export)",
    kind="export",
    aliases=("wxr",),
    sniff=sniff,
    export=WordPressExport(),
)
