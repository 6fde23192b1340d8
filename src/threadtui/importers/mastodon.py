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


def _collect(doc: Any) -> tuple[dict[str, Any] | None, list[Any], list[Any]]:
    """(focused status or None, ancestors, descendants)."""
    focus: dict[str, Any] | None = None
    ancestors: list[Any] = []
    descendants: list[Any] = []
    parts = doc if type(doc) is list else [doc]
    loose: list[Any] = []
    for part in parts:
        if type(part) is not dict:
            continue
        if _is_context(part) or "status" in part or "context" in part:
            ctx = part if _is_context(part) else obj(part.get("context"))
            if _is_status(part.get("status")):
                focus = part["status"]
            elif _is_status(part) and focus is None:
                focus = part
            ancestors.extend(lst(ctx.get("ancestors")))
            descendants.extend(lst(ctx.get("descendants")))
        elif _is_status(part):
            if focus is None and type(doc) is not list:
                focus = part
            else:
                loose.append(part)
    if type(doc) is list and focus is None and loose and not (ancestors or descendants):
        return None, [], loose  # a plain list of statuses
    if loose:
        if focus is None:
            focus = loose.pop(0)
        descendants.extend(loose)
    return focus, ancestors, descendants


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


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(
            f"{name}: not a Mastodon thread (expected a status and/or its context with"
            " 'ancestors' and 'descendants')"
        )
    focus, ancestors, descendants = _collect(doc)
    order: list[dict[str, Any]] = []
    seen: set[str] = set()
    for st in [*ancestors, *([focus] if focus else []), *descendants]:
        if not _is_status(st):
            continue
        st = _unwrap(st)
        sid = s(st.get("id"))
        if sid is None or sid in seen:
            continue
        seen.add(sid)
        order.append(st)
    if not order:
        raise NotThisFormat(f"{name}: the Mastodon context holds no statuses")

    # Saved as the context alone, the status it was fetched for is missing: its id is the
    # parent of the first descendant whose parent is not in the file.
    missing: str | None = None
    if focus is None and (ancestors or descendants):
        for st in order:
            p = s(st.get("in_reply_to_id"))
            if p and p not in seen:
                missing = p
                break
    absent = "[the status this context was fetched for is not in this file]"

    root: dict[str, Any] | None
    if missing is not None and not ancestors:
        root = None  # the missing status was the thread's first: the article stands in
        rid = missing
        first = order[0]
        host = urlsplit(text(first.get("url")) or text(first.get("uri"))).hostname
        title = f"Replies to Mastodon status {rid}"
        b = ThreadBuilder(
            title,
            source=f"Mastodon thread{' on ' + host if host else ''}, saved from the API"
            " (the context alone, without the status)",
        )
        b.article = ArticleData(title=title, body=absent)
    else:
        root = next((st for st in order if s(st.get("in_reply_to_id")) not in seen), order[0])
        rid = text(root.get("id"))
        account = obj(root.get("account"))
        op = _author(account)
        host = urlsplit(text(root.get("url")) or text(root.get("uri"))).hostname
        rbody = _body(root)
        spoiler = (s(root.get("spoiler_text")) or "").strip()
        title = spoiler or _title_from(rbody) or f"Post by {op}"
        url = s(root.get("url")) or s(root.get("uri"))
        note = [
            f"Mastodon thread{' on ' + host if host else ''}, saved from the API"
            " (status + context)",
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
            or (f"{favs} favourites" if favs else None),
            author=op,
            published=published,
            published_text=published_text,
            url=url,
            body=rbody,
        )

    handles: dict[str, int] = {}
    children: dict[str, int] = {}
    if missing is not None and root is not None:
        last = text(_unwrap(obj(ancestors[-1])).get("id"))
        children[last] = 1
        b.add(absent, id=missing, parent=None if last == rid else last, deleted=True)
    for st in order:
        if st is root:
            continue
        sid = text(st.get("id"))
        parent = s(st.get("in_reply_to_id"))
        if parent is not None:
            children[parent] = children.get(parent, 0) + 1
        spoiler_c = (s(st.get("spoiler_text")) or "").strip()
        posted, posted_text = iso_date(st.get("created_at"))
        handles[sid] = b.add(
            _body(st),
            id=sid,
            parent=None if parent == rid else parent,
            author=_author(obj(st.get("account"))),
            posted=posted,
            posted_text=posted_text,
            title=f"CW: {spoiler_c}" if spoiler_c else None,
            score=integer(st.get("favourites_count")),
            url=s(st.get("url")) or s(st.get("uri")),
        )
    for st in order:
        sid = text(st.get("id"))
        replies = integer(st.get("replies_count"))
        held = children.get(sid, 0)
        if replies is not None and replies > held:
            b.add_more(-1 if st is root else handles[sid], replies - held)
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="mastodon",
    label="Mastodon (status + /context)",
    detect=detect,
    load=load,
)
