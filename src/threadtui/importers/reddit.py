"""Reddit: the ``.json`` of a comments page.

``https://www.reddit.com/comments/ID.json`` (or any comments-page URL with ``.json``
added) answers a JSON list of two Listings: the first holds the post (``kind: "t3"``), the
second the comments (``kind: "t1"``), each reply nested in ``replies`` (a Listing, or ``""``
when there are none), plus ``kind: "more"`` stubs (``count``, ``children``) for replies the
page did not include. Comment fields used: ``id``, ``name``, ``parent_id``, ``author``,
``body`` (Markdown), ``score``, ``score_hidden``, ``created_utc``, ``permalink``,
``replies``; post fields: ``title``, ``selftext`` (Markdown), ``url``, ``permalink``,
``author``, ``score``, ``num_comments``, ``created_utc``, ``subreddit_name_prefixed``.

Unless the URL asked for ``raw_json=1``, Reddit escapes ``&``, ``<`` and ``>`` in these
strings as ``&amp;``, ``&lt;``, ``&gt;``; they are unescaped before the Markdown is read
(for ``raw_json=1`` files this changes nothing a reader can see: Markdown itself decodes
those entities).
"""

from __future__ import annotations

from typing import Any

from threadtui.importers._common import (
    NotThisFormat,
    epoch_date,
    finish,
    integer,
    key,
    lst,
    obj,
    plural,
    s,
    text,
)
from threadtui.importers.markup import html_to_text, markdown_to_text
from threadtui.importers.registry import Format
from threadtui.model.builder import ThreadBuilder
from threadtui.model.thread import ArticleData, Thread

SITE = "https://www.reddit.com"
_GONE = frozenset(
    (
        "[deleted]",
        "[removed]",
        "[ Removed by Reddit ]",
        "[ Removed by Reddit on account of violating the content policy. ]",
        "[ Removed by moderator ]",
    )
)


def _unescape(v: str) -> str:
    if "&" not in v:
        return v
    return v.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _md(v: Any) -> str:
    return markdown_to_text(_unescape(v), base=SITE) if type(v) is str and v else ""


def _is_raw_json(post: dict[str, Any], comments: list[Any]) -> bool:
    """Was the page saved with ``raw_json=1`` (strings not HTML-escaped)? The rendered HTML
    fields tell: escaped, they start with "&lt;"."""
    for v in (
        post.get("selftext_html"),
        *(obj(c.get("data")).get("body_html") for c in comments[:5] if type(c) is dict),
    ):
        if type(v) is str and v:
            return not v.startswith("&lt;")
    return False


def _from_html(v: Any) -> str | None:
    """``body_html`` / ``selftext_html``: Reddit's own rendering of the Markdown, as HTML
    escaped once more (``&lt;div class="md"&gt;…``); None when absent."""
    if type(v) is not str or not v:
        return None
    if v.startswith("&lt;"):
        h = v.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
        h = h.replace("&amp;", "&")
    else:
        h = v  # saved with raw_json=1: the HTML as it is
    h = h.replace("<!-- SC_OFF -->", "").replace("<!-- SC_ON -->", "").strip()
    if h.startswith('<div class="md">') and h.endswith("</div>"):
        h = h[16:-6]
    return html_to_text(h, base=SITE)


def _abs(u: str | None) -> str | None:
    if not u:
        return None
    return SITE + u if u.startswith("/") else u


def _listing_children(v: Any) -> list[Any]:
    if type(v) is dict and v.get("kind") == "Listing":
        return lst(obj(v.get("data")).get("children"))
    return []


def detect(doc: Any) -> bool:
    if type(doc) is not list or not doc:
        return False
    first = doc[0]
    if type(first) is not dict or first.get("kind") != "Listing":
        return False
    kids = _listing_children(first)
    return bool(kids) and type(kids[0]) is dict and kids[0].get("kind") in ("t3", "t1")


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(
            f"{name}: not a Reddit comments page (expected a list of two Listings, the post"
            " (t3) and its comments (t1))"
        )
    first = _listing_children(doc[0])
    comments: list[Any] = []
    post: dict[str, Any] = {}
    if first[0].get("kind") == "t3":
        post = obj(first[0].get("data"))
        for listing in doc[1:]:
            comments.extend(_listing_children(listing))
    else:  # a Listing of comments alone
        for listing in doc:
            comments.extend(_listing_children(listing))

    sub = s(post.get("subreddit_name_prefixed")) or (
        f"r/{post['subreddit']}" if s(post.get("subreddit")) else None
    )
    permalink = _abs(s(post.get("permalink")))
    op = s(post.get("author"))
    score = None if post.get("hide_score") is True else integer(post.get("score"))
    num = integer(post.get("num_comments"))
    raw_json = _is_raw_json(post, comments)
    title = s(post.get("title")) or ""
    if not raw_json:
        title = _unescape(title)
    title = title or (f"Reddit comments in {sub}" if sub else "Reddit comments")
    note = [f"Reddit{' ' + sub if sub else ''}, saved from the .json of the comments page"]
    if op:
        note.append(f"OP: {op}")
    if score is not None:
        note.append(plural(score, "point"))
    if num is not None:
        note.append(plural(num, "comment"))
    b = ThreadBuilder(title, url=permalink, source="; ".join(note))
    if post:
        published, published_text = epoch_date(post.get("created_utc"))
        selftext = post.get("selftext")
        if key(selftext) in _GONE:
            body = text(selftext)
        else:
            rendered = _from_html(post.get("selftext_html"))
            body = rendered if rendered is not None else _md(selftext)
        link = _abs(s(post.get("url_overridden_by_dest")) or s(post.get("url"))) or permalink
        subtitle = " · ".join(
            x for x in (sub, plural(score, "point") if score is not None else None) if x
        )
        b.article = ArticleData(
            title=title,
            subtitle=subtitle or None,
            author=op,
            published=published,
            published_text=published_text,
            url=link,
            body=body,
        )

    add = b.add
    md = markdown_to_text
    from_html = _from_html
    gone = _GONE
    stack: list[tuple[list[Any], int, int]] = [(comments, 0, -1)]
    while stack:
        items, i, parent = stack.pop()
        n = len(items)
        while i < n:
            c = items[i]
            i += 1
            if type(c) is not dict:
                continue
            kind = c.get("kind")
            d = c.get("data")
            if type(d) is not dict:
                continue
            if kind == "more":
                count = integer(d.get("count")) or 0
                # "continue this thread" stubs say count 0 but stand for at least one reply.
                b.add_more(parent, max(count, len(lst(d.get("children"))), 1))
                continue
            if kind != "t1":
                continue
            raw = d.get("body")
            body = raw if type(raw) is str else ""
            deleted = body in gone
            if not deleted:
                rendered = from_html(d.get("body_html"))
                if rendered is not None:
                    body = rendered
                elif body:
                    body = md(_unescape(body), base=SITE)
            posted, posted_text = epoch_date(d.get("created_utc"))
            handle = add(
                body,
                id=s(d.get("id")),
                nested_in=parent,
                author=s(d.get("author")),
                posted=posted,
                posted_text=posted_text,
                score=None if d.get("score_hidden") is True else integer(d.get("score")),
                url=_abs(s(d.get("permalink"))),
                deleted=deleted,
            )
            replies = _listing_children(d.get("replies"))
            if replies:
                stack.append((items, i, parent))
                items, i, n, parent = replies, 0, len(replies), handle
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="reddit",
    label="Reddit (.json of a comments page)",
    detect=detect,
    load=load,
)
