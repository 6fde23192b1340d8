"""Load a `threadtui/1` file into a flat `Thread`.

The walk over comments is iterative (explicit stack), checks each comment against the rules
of `threadtui.model.format.Comment`, and names problems by JSON path. Type errors are
errors (one line, non-zero exit); dangling parents, duplicate ids, cycles and dates that do
not parse are warnings and the thread still opens.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from threadtui.model.builder import BIDI_CONTROLS as _BIDI_CONTROLS
from threadtui.model.builder import ThreadBuilder
from threadtui.model.jsonio import (
    DEFAULT_MAX_BYTES,
    ThreadLoadError,
    decode_text,
    parse_json,
    read_bytes,
)
from threadtui.model.thread import FORMAT_ID, ArticleData, Thread

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_BIDI_ESCAPE = re.compile(r"\\u(?:202[a-eA-E]|206[6-9])")

_COMMENT_KEYS = frozenset(
    (
        "body",
        "id",
        "parent",
        "author",
        "verified",
        "posted",
        "title",
        "score",
        "url",
        "deleted",
        "more",
        "replies",
    )
)
_TOP_KEYS = frozenset(("format", "title", "url", "source", "article", "comments", "more"))
_ARTICLE_KEYS = frozenset(("title", "subtitle", "author", "published", "url", "body"))

_MAX_WARNINGS = 200

# Path of a value in the JSON document, built lazily: (parent path, key or index).
_Path = tuple[Any, str | int] | None


def format_path(path: _Path, leaf: str | None = None) -> str:
    parts: list[str | int] = []
    while path is not None:
        path, key = path
        parts.append(key)
    parts.reverse()
    if leaf is not None:
        parts.append(leaf)
    out: list[str] = []
    for p in parts:
        if isinstance(p, int):
            out.append(f"[{p}]")
        else:
            out.append(("." if out else "") + p)
    if len(out) > 14:
        # A path 10,000 levels deep helps nobody; keep both ends.
        hidden = len(out) - 10
        out = [*out[:5], f"…({hidden} more)…", *out[-5:]]
    return "".join(out)


def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    if isinstance(v, (int, float)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "an object"
    return type(v).__name__


class _Checker:
    """Collects problems; in strict mode every problem is an error."""

    def __init__(self, name: str, strict: bool) -> None:
        self.name = name
        self.strict = strict
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, path: _Path, leaf: str | None, message: str) -> None:
        self.errors.append(f"{format_path(path, leaf)}: {message}")

    def warn(self, path: _Path, leaf: str | None, message: str) -> None:
        if self.strict:
            self.errors.append(f"{format_path(path, leaf)}: {message}")
        elif len(self.warnings) < _MAX_WARNINGS:
            # 100,000 bad dates need not make 100,000 warnings; `validate` lists them all.
            self.warnings.append(f"{format_path(path, leaf)}: {message}")
        elif len(self.warnings) == _MAX_WARNINGS:
            self.warnings.append("… further warnings omitted (threadtui validate lists them)")

    def string(self, obj: dict[str, Any], key: str, path: _Path) -> str | None:
        v = obj.get(key)
        if v is None or type(v) is str:
            return v
        self.error(path, key, f"expected a string, got {_type_name(v)}")
        return None

    def date(
        self, obj: dict[str, Any], key: str, path: _Path
    ) -> tuple[datetime | None, str | None]:
        v = obj.get(key)
        if v is None:
            return None, None
        if type(v) is not str:
            self.error(path, key, f"expected an ISO 8601 date string, got {_type_name(v)}")
            return None, None
        try:
            return datetime.fromisoformat(v.strip()), v
        except ValueError:
            shown = v if len(v) <= 40 else v[:40] + "…"
            self.warn(path, key, f"not an ISO 8601 date: {shown!r}; shown as written")
            return None, v


def load_thread(
    path: str | Path,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> Thread:
    """Load a thread file. Raises only `ThreadLoadError`.

    With ``strict`` (what `threadtui validate` uses) warnings count as errors too, and all
    problems are listed in the message, one per line.
    """
    name = str(path)
    data = read_bytes(path, max_bytes)
    text = decode_text(name, data)
    del data
    doc = parse_json(name, text)
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    bidi = _BIDI_CONTROLS.search(text) is not None or _BIDI_ESCAPE.search(text) is not None
    del text
    return thread_from_json(doc, name=name, strict=strict, surrogates=surrogates, bidi=bidi)


def load_thread_text(text: str, *, name: str = "<string>", strict: bool = False) -> Thread:
    doc = parse_json(name, text)
    return thread_from_json(
        doc,
        name=name,
        strict=strict,
        surrogates=_SURROGATE_ESCAPE.search(text) is not None,
        bidi=_BIDI_CONTROLS.search(text) is not None or _BIDI_ESCAPE.search(text) is not None,
    )


def thread_from_json(
    doc: Any,
    *,
    name: str = "<data>",
    strict: bool = False,
    surrogates: bool = True,
    bidi: bool = True,
) -> Thread:
    """Turn parsed JSON of a `threadtui/1` document into a `Thread`."""
    chk = _Checker(name, strict)
    if not isinstance(doc, dict):
        raise ThreadLoadError(
            f"{name}: expected a JSON object with a title and comments, got {_type_name(doc)}"
        )
    fmt = doc.get("format")
    if fmt is not None and fmt != FORMAT_ID:
        # Only a string is quoted: str() of a list nested 100,000 deep raises RecursionError.
        shown = repr(fmt[:40]) if type(fmt) is str else f"({_type_name(fmt)})"
        chk.warn(None, "format", f"unknown format {shown}; reading it as {FORMAT_ID}")
    title = doc.get("title")
    if title is None:
        chk.error(None, "title", "required (the thread's title)")
        title = ""
    elif type(title) is not str:
        chk.error(None, "title", f"expected a string, got {_type_name(title)}")
        title = ""
    b = ThreadBuilder(
        title, url=chk.string(doc, "url", None), source=chk.string(doc, "source", None)
    )
    b.extras_top = {k: v for k, v in doc.items() if k not in _TOP_KEYS}
    more_top = _more(chk, doc, None)
    if more_top:
        b.add_more(-1, more_top)

    art = doc.get("article")
    if art is not None:
        if isinstance(art, dict):
            apath: _Path = (None, "article")
            published, published_text = chk.date(art, "published", apath)
            body = chk.string(art, "body", apath)
            b.article = ArticleData(
                title=chk.string(art, "title", apath),
                subtitle=chk.string(art, "subtitle", apath),
                author=chk.string(art, "author", apath),
                published=published,
                published_text=published_text,
                url=chk.string(art, "url", apath),
                body=body or "",
            )
        else:
            chk.error(None, "article", f"expected an object, got {_type_name(art)}")

    comments = doc.get("comments")
    if comments is None:
        comments = []
    elif not isinstance(comments, list):
        chk.error(None, "comments", f"expected a list of comments, got {_type_name(comments)}")
        comments = []

    _walk_comments(chk, b, comments)

    if chk.errors:
        _raise(name, chk.errors)
    b.warnings.extend(chk.warnings)
    # Both scans are skipped when the raw text shows no such character (the common case):
    # one search over the file is far cheaper than one per comment.
    b.fix_surrogates = surrogates
    b.scan_bidi = bidi
    return b.build()


def _raise(name: str, errors: list[str]) -> None:
    first = errors[0]
    if len(errors) == 1:
        raise ThreadLoadError(f"{name}: {first}")
    raise ThreadLoadError(
        f"{name}: {first} (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''};"
        f" `threadtui validate {name}` lists them)",
    ) from _Problems(errors)


class _Problems(Exception):
    """Carries every problem for `threadtui validate`."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems)
        self.problems = problems


def problems_of(error: ThreadLoadError) -> list[str]:
    cause = error.__cause__
    if isinstance(cause, _Problems):
        return cause.problems
    return [str(error)]


def _more(chk: _Checker, obj: dict[str, Any], path: _Path) -> int:
    v = obj.get("more")
    if v is None:
        return 0
    if type(v) is int and v >= 0:
        return v
    chk.error(path, "more", f"expected a whole number of replies, got {_type_name(v)}")
    return 0


def _walk_comments(chk: _Checker, b: ThreadBuilder, top: list[Any]) -> None:
    # Each stack entry: (list of comments, index into it, handle of the enclosing comment,
    # path of the list). Iterative so that nesting depth costs memory, never recursion.
    stack: list[tuple[list[Any], int, int, _Path]] = [(top, 0, -1, (None, "comments"))]
    string = chk.string
    add = b.add
    while stack:
        items, i, parent_handle, lpath = stack.pop()
        n = len(items)
        while i < n:
            c = items[i]
            path: _Path = (lpath, i)
            i += 1
            if type(c) is not dict:
                chk.error(path, None, f"expected a comment object, got {_type_name(c)}")
                continue
            body = c.get("body")
            if type(body) is not str:
                if body is None and "body" not in c:
                    chk.error(path, "body", "required (the comment's text)")
                else:
                    chk.error(path, "body", f"expected a string, got {_type_name(body)}")
                body = ""
            cid = c.get("id")
            if cid is not None and type(cid) is not str:
                if type(cid) is int:
                    cid = str(cid)
                else:
                    chk.error(path, "id", f"expected a string or number, got {_type_name(cid)}")
                    cid = None
            ref = c.get("parent")
            if ref is not None and type(ref) is not str:
                if type(ref) is int:
                    ref = str(ref)
                else:
                    chk.error(path, "parent", f"expected an id, got {_type_name(ref)}")
                    ref = None
            if parent_handle >= 0 and ref is not None:
                ref = None  # nesting says who the parent is
            verified = c.get("verified")
            if verified is not None and type(verified) is not bool:
                chk.error(path, "verified", f"expected true or false, got {_type_name(verified)}")
                verified = None
            score = c.get("score")
            if score is not None and type(score) is not int:
                if type(score) is float and score.is_integer():
                    score = int(score)
                else:
                    chk.error(path, "score", f"expected a whole number, got {_type_name(score)}")
                    score = None
            deleted = c.get("deleted")
            if deleted is not None and type(deleted) is not bool:
                chk.error(path, "deleted", f"expected true or false, got {_type_name(deleted)}")
                deleted = None
            posted, posted_text = chk.date(c, "posted", path) if "posted" in c else (None, None)
            extras = None
            if not c.keys() <= _COMMENT_KEYS:
                extras = {k: v for k, v in c.items() if k not in _COMMENT_KEYS}
            author = c.get("author")
            if author is not None and type(author) is not str:
                author = string(c, "author", path)
            title = c.get("title")
            if title is not None and type(title) is not str:
                title = string(c, "title", path)
            url = c.get("url")
            if url is not None and type(url) is not str:
                url = string(c, "url", path)
            handle = add(
                body,
                id=cid,
                parent=ref,
                nested_in=parent_handle,
                author=author,
                verified=verified,
                posted=posted,
                posted_text=posted_text,
                title=title,
                score=score,
                url=url,
                deleted=bool(deleted),
                more=_more(chk, c, path) if "more" in c else 0,
                extras=extras,
            )
            replies = c.get("replies")
            if replies:
                if type(replies) is list:
                    stack.append((items, i, parent_handle, lpath))
                    items, i, n, parent_handle, lpath = (
                        replies,
                        0,
                        len(replies),
                        handle,
                        (
                            path,
                            "replies",
                        ),
                    )
                else:
                    chk.error(path, "replies", f"expected a list, got {_type_name(replies)}")
            if len(chk.errors) > 1000:
                return
