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
    return _converted(_unwrapped(_unescape_html(v) if v.startswith("&lt;") else v))


def _unescape_html(v: str) -> str:
    h = v.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return h.replace("&amp;", "&")


def _unwrapped(h: str) -> str:
    """The HTML without Reddit's wrapping: its comments and the ``<div class="md">``."""
    h = h.replace("<!-- SC_OFF -->", "").replace("<!-- SC_ON -->", "").strip()
    if h.startswith('<div class="md">') and h.endswith("</div>"):
        h = h[16:-6]
    return h


def _converted(h: str) -> str:
    return html_to_text(h, base=SITE)


def _all_from_html(values: list[Any]) -> list[str | None]:
    """`_from_html` of each value, the outer unescaping done at once over all of them:
    thousands of comments cost a few passes over one string instead of six calls each
    (the same result: NUL, which no entity or replacement holds, separates them)."""
    out: list[str | None] = [None] * len(values)
    escaped: list[int] = []
    for k, v in enumerate(values):
        if type(v) is str and v:
            if v.startswith("&lt;"):
                escaped.append(k)
            else:
                out[k] = _converted(_unwrapped(v))  # saved with raw_json=1
    joined = "\0".join([values[k] for k in escaped])
    if joined.count("\0") != len(escaped) - 1:
        for k in escaped:  # a body holds a NUL itself
            out[k] = _from_html(values[k])
        return out
    whole = _unescape_html(joined).replace("<!-- SC_OFF -->", "").replace("<!-- SC_ON -->", "")
    for k, h in zip(escaped, whole.split("\0"), strict=True):
        out[k] = _converted(_unwrapped(h))
    return out


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


def _split(doc: list[Any]) -> tuple[dict[str, Any], list[Any]]:
    """(the post's data or {}, the top-level comment things)."""
    first = _listing_children(doc[0])
    comments: list[Any] = []
    if first[0].get("kind") == "t3":
        for listing in doc[1:]:
            comments.extend(_listing_children(listing))
        return obj(first[0].get("data")), comments
    for listing in doc:  # a Listing of comments alone
        comments.extend(_listing_children(listing))
    return {}, comments


def _poll(post: dict[str, Any]) -> str:
    """A poll's options as lines, ``- option (N votes)`` (Reddit gives counts once
    voting has ended)."""
    lines = []
    for opt in lst(obj(post.get("poll_data")).get("options")):
        o = obj(opt)
        votes = integer(o.get("vote_count"))
        label = _unescape(text(o.get("text")))
        lines.append(f"- {label}" + (f" ({plural(votes, 'vote')})" if votes is not None else ""))
    return "\n".join(lines)


class _Post:
    def __init__(self, post: dict[str, Any], comments: list[Any]) -> None:
        self.post = post
        self.sub = s(post.get("subreddit_name_prefixed")) or (
            f"r/{post['subreddit']}" if s(post.get("subreddit")) else None
        )
        self.permalink = _abs(s(post.get("permalink")))
        self.op = s(post.get("author"))
        self.score = None if post.get("hide_score") is True else integer(post.get("score"))
        title = s(post.get("title")) or ""
        if not _is_raw_json(post, comments):
            title = _unescape(title)
        where = f" in {self.sub}" if self.sub else ""
        self.title = title or f"Reddit comments{where}"

    def note(self) -> str:
        note = [
            f"Reddit{' ' + self.sub if self.sub else ''}, saved from the .json of the comments page"
        ]
        if self.op:
            note.append(f"OP: {self.op}")
        if self.score is not None:
            note.append(plural(self.score, "point"))
        num = integer(self.post.get("num_comments"))
        if num is not None:
            note.append(plural(num, "comment"))
        return "; ".join(note)

    def article(self) -> ArticleData:
        post = self.post
        published, published_text = epoch_date(post.get("created_utc"))
        selftext = post.get("selftext")
        if key(selftext) in _GONE:
            body = text(selftext)
        else:
            rendered = _from_html(post.get("selftext_html"))
            body = rendered if rendered is not None else _md(selftext)
        poll = _poll(post)
        if poll:
            body = (body + "\n\n" if body else "") + poll
        link = _abs(s(post.get("url_overridden_by_dest")) or s(post.get("url"))) or self.permalink
        points = plural(self.score, "point") if self.score is not None else None
        return ArticleData(
            title=self.title,
            subtitle=" · ".join(x for x in (self.sub, points) if x) or None,
            author=self.op,
            published=published,
            published_text=published_text,
            url=link,
            body=body,
        )


class _Comments:
    """The t1 comments as columns for one `ThreadBuilder.extend`, their bodies converted
    together once the walk is over (`_all_from_html`); "more" stubs kept until then, as
    their comments are not in the builder before."""

    def __init__(self, first: int) -> None:
        self.next = first  # the handle the next comment gets
        self.body: list[str] = []
        self.html: list[Any] = []
        self.id: list[str | None] = []
        self.nested_in: list[int] = []
        self.author: list[str | None] = []
        self.posted: list[Any] = []
        self.score: list[int | None] = []
        self.url: list[str | None] = []
        self.deleted: list[bool] = []
        self.more: list[tuple[int, int]] = []

    def add(self, d: dict[str, Any], parent: int) -> int:
        raw = d.get("body")
        body = raw if type(raw) is str else ""
        deleted = body in _GONE
        self.body.append(body)
        self.html.append(None if deleted else d.get("body_html"))
        self.deleted.append(deleted)
        self.id.append(s(d.get("id")))
        self.nested_in.append(parent)
        self.author.append(s(d.get("author")))
        self.posted.append(epoch_date(d.get("created_utc"))[0])
        self.score.append(None if d.get("score_hidden") is True else integer(d.get("score")))
        self.url.append(_abs(s(d.get("permalink"))))
        self.next += 1
        return self.next - 1

    def bodies(self) -> list[str]:
        """What each comment shows: Reddit's HTML of it, else its Markdown; a deleted one's
        "[deleted]" as it is."""
        out = self.body
        for k, rendered in enumerate(_all_from_html(self.html)):
            if rendered is not None:
                out[k] = rendered
            elif out[k] and not self.deleted[k]:
                out[k] = markdown_to_text(_unescape(out[k]), base=SITE)
        return out

    def into(self, b: ThreadBuilder) -> None:
        n = len(self.body)
        none: list[Any] = [None] * n
        b.extend(
            self.bodies(),
            id=self.id,
            parent=none,
            nested_in=self.nested_in,
            author=self.author,
            verified=none,
            posted=self.posted,
            posted_text=none,  # an epoch number: no text as written (`epoch_date`)
            title=none,
            score=self.score,
            url=self.url,
            deleted=self.deleted,
            more=[0] * n,
            extras={},
        )
        for handle, count in self.more:
            b.add_more(handle, count)


def _add_comments(b: ThreadBuilder, comments: list[Any]) -> None:
    """Depth-first with an explicit stack: t1 comments, and "more" stubs as counts."""
    cols = _Comments(len(b))
    stack: list[tuple[list[Any], int, int]] = [(comments, 0, -1)]
    while stack:
        items, i, parent = stack.pop()
        n = len(items)
        while i < n:
            c = items[i]
            i += 1
            d = c.get("data") if type(c) is dict else None
            if type(d) is not dict:
                continue
            kind = c.get("kind")
            if kind == "more":
                count = integer(d.get("count")) or 0
                # "continue this thread" stubs say count 0 but stand for at least one reply.
                cols.more.append((parent, max(count, len(lst(d.get("children"))), 1)))
            elif kind == "t1":
                handle = cols.add(d, parent)
                replies = _listing_children(d.get("replies"))
                if replies:
                    stack.append((items, i, parent))
                    items, i, n, parent = replies, 0, len(replies), handle
    cols.into(b)


def load(doc: Any, *, name: str = "<data>", surrogates: bool = True, bidi: bool = True) -> Thread:
    if not detect(doc):
        raise NotThisFormat(
            f"{name}: not a Reddit comments page (expected a list of two Listings, the post"
            " (t3) and its comments (t1))"
        )
    post, comments = _split(doc)
    p = _Post(post, comments)
    b = ThreadBuilder(p.title, url=p.permalink, source=p.note())
    if post:
        b.article = p.article()
    _add_comments(b, comments)
    return finish(b, surrogates=surrogates, bidi=bidi)


FORMAT = Format(
    name="reddit",
    label="Reddit (.json of a comments page)",
    detect=detect,
    load=load,
    fields="expected t1 comments with 'body' or 'body_html' and 'author'",
)
