"""Mastodon (and other servers with the Mastodon API): a status and its context.

A thread is two API answers: the status, ``GET /api/v1/statuses/ID``, and its context,
``GET /api/v1/statuses/ID/context`` = ``{"ancestors": [...], "descendants": [...]}``.
Accepted saved shapes:

* ``{"status": STATUS, "context": {"ancestors": [...], "descendants": [...]}}``;
* the two answers one after the other, as a JSON list ``[STATUS, CONTEXT]`` or simply
  concatenated (``(curl -s A; curl -s B) > thread.json``);
* the context alone (the status it was fetched for is then a placeholder, "not in this
  file", where its replies hang);
* a status alone, or a JSON list of statuses.

Status fields used: ``id``, ``in_reply_to_id``, ``created_at``, ``content`` (HTML),
``spoiler_text`` (content warning, shown as the comment title "CW: …"), ``url``/``uri``,
``account.acct``/``account.username``/``account.display_name``/``account.url``,
``favourites_count`` (the score), ``replies_count``, ``reblog``, ``media_attachments``,
``poll``.

The thread's first status (the first ancestor, or the status itself) is the article; every
other status is a comment under the one it answers. When ``replies_count`` is more than the
replies the file holds, the difference is a "more" count.
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
    s,
    text,
)
from threadtui.importers.markup import html_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread


def _is_status(v: Any) -> bool:
    return (
        type(v) is dict
        and "id" in v
        and type(v.get("account")) is dict
        and ("content" in v or "reblog" in v)
        and "created_at" in v
    )


def _is_context(v: Any) -> bool:
    return (
        type(v) is dict and type(v.get("ancestors")) is list and type(v.get("descendants")) is list
    )


def detect(doc: Any) -> bool:
    if type(doc) is dict:
        if _is_context(doc) or _is_status(doc):
            return True
        return _is_status(doc.get("status")) or _is_context(doc.get("context"))
    if type(doc) is list and doc:
        return all(_is_status(v) or _is_context(v) for v in doc[:20])
    return False


class _Parts:
    """The parts of a saved answer: the status it was about, the context's lists, and
    statuses standing alone."""

    def __init__(self) -> None:
        self.focus: dict[str, Any] | None = None
        self.ancestors: list[Any] = []
        self.descendants: list[Any] = []
        self.loose: list[Any] = []

    def context(self, part: dict[str, Any]) -> None:
        ctx = part if _is_context(part) else obj(part.get("context"))
        if _is_status(part.get("status")):
            self.focus = part["status"]
        elif _is_status(part) and self.focus is None:
            self.focus = part
        self.ancestors.extend(lst(ctx.get("ancestors")))
        self.descendants.extend(lst(ctx.get("descendants")))


def _collect(doc: Any) -> tuple[dict[str, Any] | None, list[Any], list[Any]]:
    """(focused status or None, ancestors, descendants)."""
    p = _Parts()
    is_list = type(doc) is list
    for part in doc if is_list else [doc]:
        if type(part) is not dict:
            continue
        if _is_context(part) or "status" in part or "context" in part:
            p.context(part)
        elif _is_status(part):
            if p.focus is None and not is_list:
                p.focus = part
            else:
                p.loose.append(part)
    if is_list and p.focus is None and p.loose and not (p.ancestors or p.descendants):
        return None, [], p.loose  # a plain list of statuses
    if p.loose:
        if p.focus is None:
            p.focus = p.loose.pop(0)
        p.descendants.extend(p.loose)
    return p.focus, p.ancestors, p.descendants


def _unwrap(st: dict[str, Any]) -> dict[str, Any]:
    r = st.get("reblog")
    return r if isinstance(r, dict) and _is_status(r) else st


def _acct(account: dict[str, Any]) -> str:
    acct = s(account.get("acct")) or s(account.get("username")) or "?"
    if "@" not in acct:
        host = urlsplit(text(account.get("url"))).hostname
        if host:
            acct = f"{acct}@{host}"
    return acct


def _author(account: dict[str, Any]) -> str:
    acct = _acct(account)
    display = (s(account.get("display_name")) or "").strip()
    return f"{display} (@{acct})" if display else f"@{acct}"


def _body(st: dict[str, Any]) -> str:
    out = html_to_text(text(st.get("content")))
    extra: list[str] = []
    poll = obj(st.get("poll"))
    for opt in lst(poll.get("options")):
        o = obj(opt)
        votes = integer(o.get("votes_count"))
        extra.append(
            f"- {text(o.get('title'))}" + (f" ({votes} votes)" if votes is not None else "")
        )
    for m in lst(st.get("media_attachments")):
        m = obj(m)
        kind = s(m.get("type")) or "attachment"
        desc = (s(m.get("description")) or "").strip()
        link = s(m.get("url")) or s(m.get("remote_url"))
        label = f"[{kind}: {desc}]" if desc else f"[{kind}]"
        extra.append(label + (f" ({link})" if link else ""))
    if extra:
        out = (out + "\n\n" if out else "") + "\n".join(extra)
    return out


def _title_from(text_: str, limit: int = 80) -> str:
    line = text_.strip().split("\n", 1)[0].strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _ordered(
    focus: dict[str, Any] | None, ancestors: list[Any], descendants: list[Any]
) -> list[dict[str, Any]]:
    """The statuses in thread order (boosts unwrapped), each once."""
    order: list[dict[str, Any]] = []
    seen: set[str] = set()
    for st in [*ancestors, *([focus] if focus else []), *descendants]:
        if not _is_status(st):
            continue
        st = _unwrap(st)
        sid = s(st.get("id"))
        if sid is not None and sid not in seen:
            seen.add(sid)
            order.append(st)
    return order


def _favourites(n: int) -> str:
    return f"{n} favourite{'' if n == 1 else 's'}"


def _missing_status(order: list[dict[str, Any]], ids: set[str]) -> str | None:
    """Saved as the context alone, the status it was fetched for is missing: its id is the
    parent of the first descendant whose parent is not in the file."""
    for st in order:
        p = s(st.get("in_reply_to_id"))
        if p and p not in ids:
            return p
    return None


_ABSENT = "[the status this context was fetched for is not in this file]"


class _Load:
    """One Mastodon load: which shape was saved, the builder, the "more" accounting."""

    def __init__(self, doc: Any, name: str) -> None:
        focus, ancestors, descendants = _collect(doc)
        self.order = _ordered(focus, ancestors, descendants)
        if not self.order:
            raise NotThisFormat(f"{name}: the Mastodon context holds no statuses")
        self.ancestors = ancestors
        self.ids = {text(st.get("id")) for st in self.order}
        plain = type(doc) is list and all(_is_status(v) for v in doc)
        self.context = not plain and bool(ancestors or descendants)
        self.with_status = focus is not None
        # Saved as the context alone, the status it was fetched for is missing: its id is
        # the parent of the first descendant whose parent is not in the file.
        self.missing: str | None = None
        if focus is None and self.context:
            self.missing = next(
                (
                    p
                    for st in self.order
                    if (p := s(st.get("in_reply_to_id"))) and p not in self.ids
                ),
                None,
            )
        self.timeline, self.root = self._first()
        self.rid = text(self.root.get("id")) if self.root else (self.missing or "")

    def _first(self) -> tuple[bool, dict[str, Any] | None]:
        """(a timeline?, the status that is the article or None)."""
        roots = [st for st in self.order if s(st.get("in_reply_to_id")) not in self.ids]
        # A plain list of statuses that do not answer one another is a timeline.
        if not self.context and not self.with_status and len(roots) > 1:
            return True, None
        if self.missing is not None and not self.ancestors:
            return False, None  # the missing status was the thread's first
        return False, roots[0] if roots else self.order[0]

    def _how(self) -> str:
        if self.with_status and self.context:
            return "status + context"
        if self.context:
            return "the context alone, without the status"
        return "one status" if len(self.order) == 1 else "a list of statuses"

    def builder(self) -> ThreadBuilder:
        first = self.order[0]
        host = urlsplit(text(first.get("url")) or text(first.get("uri"))).hostname
        on = f" on {host}" if host else ""
        if self.timeline:
            b = ThreadBuilder(
                f"Mastodon timeline: {len(self.order)} statuses",
                source=f"Mastodon statuses{on}, saved from the API (a timeline: {len(self.order)}"
                " statuses that do not answer one another, not a thread)",
            )
            b.warnings.append(
                f"a timeline of {len(self.order)} unrelated statuses, not a thread:"
                " each is shown as a top-level comment"
            )
            return b
        if self.root is None:  # the missing status was the thread's first: a placeholder
            title = f"Replies to Mastodon status {self.rid}"
            b = ThreadBuilder(
                title, source=f"Mastodon thread{on}, saved from the API ({self._how()})"
            )
            b.article = ArticleData(title=title, body=_ABSENT)
            return b
        return self._with_article(on)

    def _with_article(self, on: str) -> ThreadBuilder:
        root = self.root or {}
        account = obj(root.get("account"))
        op = _author(account)
        rbody = _body(root)
        spoiler = (s(root.get("spoiler_text")) or "").strip()
        title = spoiler or _title_from(rbody) or f"Post by {op}"
        url = s(root.get("url")) or s(root.get("uri"))
        note = [
            f"Mastodon thread{on}, saved from the API ({self._how()})",
            f"started by @{_acct(account)} (OP)",
        ]
        if s(root.get("in_reply_to_id")):
            note.append("the first status answers one not in this file")
        b = ThreadBuilder(title, url=url, source="; ".join(note))
        published, published_text = iso_date(root.get("created_at"))
        favs = integer(root.get("favourites_count"))
        b.article = ArticleData(
            title=title,
            subtitle=(f"CW: {spoiler}" if spoiler else None)
            or (_favourites(favs) if favs else None),
            author=op,
            published=published,
            published_text=published_text,
            url=url,
            body=rbody,
        )
        return b

    def comments(self, b: ThreadBuilder) -> None:
        handles: dict[str, int] = {}
        children: dict[str, int] = {}
        if self.missing is not None and self.root is not None:
            last = text(_unwrap(obj(self.ancestors[-1])).get("id"))
            children[last] = 1
            b.add(_ABSENT, id=self.missing, parent=None if last == self.rid else last, deleted=True)
        for st in self.order:
            if st is self.root:
                continue
            sid = text(st.get("id"))
            parent = s(st.get("in_reply_to_id"))
            if parent is not None:
                children[parent] = children.get(parent, 0) + 1
            if self.timeline and parent not in self.ids:
                parent = None  # a reply to a status not in the timeline: top-level there
            handles[sid] = self._add(b, st, None if parent == self.rid else parent)
        for st in self.order:
            sid = text(st.get("id"))
            replies = integer(st.get("replies_count"))
            held = children.get(sid, 0)
            if replies is not None and replies > held:
                b.add_more(-1 if st is self.root else handles[sid], replies - held)

    @staticmethod
    def _add(b: ThreadBuilder, st: dict[str, Any], parent: str | None) -> int:
        spoiler = (s(st.get("spoiler_text")) or "").strip()
        posted, posted_text = iso_date(st.get("created_at"))
        return b.add(
            _body(st),
            id=text(st.get("id")),
            parent=parent,
            author=_author(obj(st.get("account"))),
            posted=posted,
            posted_text=posted_text,
            title=f"CW: {spoiler}" if spoiler else None,
            score=integer(st.get("favourites_count")),
            url=s(st.get("url")) or s(st.get("uri")),
        )


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(
            f"{name}: not a Mastodon thread (expected a status and/or its context with"
            " 'ancestors' and 'descendants')"
        )
    m = _Load(doc, name)
    b = m.builder()
    m.comments(b)
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="mastodon",
    label="Mastodon (status + /context)",
    detect=detect,
    load=load,
    fields="expected statuses with 'content' and 'account'",
)
