"""Load a `threadtui/1` file into a flat `Thread`, validated through the format's models.

The document's head (title, article, ...) is validated as one `ThreadHead`; the comments
are walked with an explicit stack and validated as `CommentNode`s, a batch of them per
call into pydantic-core, so any nesting depth validates and a 100,000-deep chain costs
what a flat list does. The rules are only in `threadtui.model.format`; this module turns
what the models accept into columns, and what they refuse into one line per problem with
its JSON path. Type errors are errors (one line, non-zero exit); dangling parents,
duplicate ids and keys, cycles and dates that do not parse are warnings and the thread
still opens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from itertools import compress, count, repeat
from operator import not_
from pathlib import Path
from typing import Any

from threadtui.model.builder import BIDI_CONTROLS as _BIDI_CONTROLS
from threadtui.model.builder import ThreadBuilder
from threadtui.model.jsonio import (
    DEFAULT_MAX_BYTES,
    ThreadLoadError,
    count_pairs,
    decode_text,
    parse_json,
    read_bytes,
    repeated_keys,
    separators,
    string_colons,
    to_dicts,
)
from threadtui.model.thread import FORMAT_ID, ArticleData, Thread
from threadtui.model.validation import Path as _Path
from threadtui.model.validation import format_path, problems, type_name, validators

_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_BIDI_ESCAPE = re.compile(r"\\u(?:202[a-eA-E]|206[6-9])")

_COMMENT_KEYS = frozenset(
    ("body", "id", "parent", "author", "verified", "posted", "title", "score", "url",
     "deleted", "more", "replies")
)  # fmt: skip
_TOP_KEYS = frozenset(("format", "title", "url", "source", "article", "comments", "more"))

_MAX_WARNINGS = 200
_MAX_ERRORS = 1000
_BATCH = 2048  # comment nodes per call into pydantic-core


SOME_REPEATS = (
    "an object holds a key more than once; only the last value of each is read"
    " (threadtui validate names them)"
)


class _Checker:
    """Collects problems; in strict mode every problem is an error.

    With ``count``, it also counts the distinct keys of the objects it meets and the colons
    in their keys and strings, for `thread_from_json`'s check for repeated keys."""

    def __init__(self, name: str, strict: bool, *, count: bool = False) -> None:
        self.name = name
        self.strict = strict
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.count = count
        self.keys = 0
        self.colons = 0

    def counted(self, value: Any) -> None:
        if self.count:
            keys, colons = count_pairs(value)
            self.keys += keys
            self.colons += colons

    def error(self, path: _Path, leaf: str | None, message: str) -> None:
        self.errors.append(f"{format_path(path, leaf)}: {message}")

    def warn(self, path: _Path, leaf: str | None, message: str) -> None:
        text = message if path is None and leaf is None else f"{format_path(path, leaf)}: {message}"
        if self.strict:
            self.errors.append(text)
        elif len(self.warnings) < _MAX_WARNINGS:
            # 100,000 bad dates need not make 100,000 warnings; `validate` lists them all.
            self.warnings.append(text)
        elif len(self.warnings) == _MAX_WARNINGS:
            self.warnings.append("… further warnings omitted (threadtui validate lists them)")

    def date(self, value: str | None, path: _Path, key: str) -> datetime | None:
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            shown = value if len(value) <= 40 else value[:40] + "…"
            self.warn(path, key, f"not an ISO 8601 date: {shown!r}; shown as written")
            return None

    def repeated(self, path: _Path, key: str, count: int) -> None:
        self.warn(path, key, f"the key appears {count} times; only the last one is read")

    def dicts(self, value: Any, path: _Path) -> Any:
        """A value of the parsed document with its objects made dicts, repeats reported."""
        return to_dicts(value, path, self.repeated)


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
    marks = _marks(text)
    del text  # as large as the thread's columns: read again in the rare case it is needed

    def again() -> str:
        return decode_text(name, read_bytes(path, max_bytes))

    return thread_from_json(
        doc, name=name, strict=strict, text=again if name != "-" else None, **marks
    )


def _marks(text: str) -> dict[str, Any]:
    """What one look at the raw text tells: unpaired surrogate escapes, bidi controls (or
    their escapes), the colons outside strings."""
    return {
        "surrogates": _SURROGATE_ESCAPE.search(text) is not None,
        "bidi": _BIDI_CONTROLS.search(text) is not None or _BIDI_ESCAPE.search(text) is not None,
        "separators": separators(text),
    }


def load_thread_text(text: str, *, name: str = "<string>", strict: bool = False) -> Thread:
    doc = parse_json(name, text)
    return thread_from_json(doc, name=name, strict=strict, text=text, **_marks(text))


def thread_from_json(
    doc: Any,
    *,
    name: str = "<data>",
    strict: bool = False,
    surrogates: bool = True,
    bidi: bool = True,
    repeats: list[str] | tuple[str, ...] = (),
    separators: int | None = None,
    text: str | Callable[[], str] | None = None,
    first_index: int = 0,
) -> Thread:
    """Turn parsed JSON of a `threadtui/1` document into a `Thread`.

    Repeated keys (which a parse into dicts silently resolves, the last one winning) are
    found three ways. Objects given as tuples of pairs (`parse_json(..., pairs=True)`) show
    them directly. Otherwise ``separators`` (`jsonio.separators` of the text) is compared
    with the keys and string colons the walk counts: when they differ, the document is
    parsed again with pairs from ``text`` to name every repeat, or, without the text, one
    warning says there are some. ``text``: the raw text, or a function that gives it again
    (a file is read again rather than kept in memory). ``repeats``: warnings a caller
    already made."""
    if separators is None and text is not None and type(doc) is not tuple:
        doc = parse_json(name, _text(text), pairs=True)  # an escaped colon: count cannot tell
    chk = _Checker(name, strict, count=separators is not None and type(doc) is not tuple)
    for r in repeats:
        (chk.errors if strict else chk.warnings).append(r)
    doc = _top_object(chk, name, doc)
    b = _head(chk, doc)
    comments = doc.get("comments")
    if type(comments) is list:
        _Walk(chk, b, first_index).run(comments)
    if chk.count and not chk.errors and chk.keys + chk.colons != separators:
        if text is not None:
            return thread_from_json(
                parse_json(name, _text(text), pairs=True),
                name=name,
                strict=strict,
                surrogates=surrogates,
                bidi=bidi,
                repeats=repeats,
                first_index=first_index,
            )
        chk.warn(None, None, SOME_REPEATS)
    if chk.errors:
        _raise(name, chk.errors)
    b.warnings.extend(chk.warnings)
    # Both scans are skipped when the raw text shows no such character (the common case):
    # one search over the file is far cheaper than one per comment.
    b.fix_surrogates = surrogates
    b.scan_bidi = bidi
    return b.build()


def _text(text: str | Callable[[], str]) -> str:
    return text if isinstance(text, str) else text()


def _top_object(chk: _Checker, name: str, doc: Any) -> dict[str, Any]:
    """The document as a dict (its repeated keys told to ``chk`` when it came as pairs);
    anything but an object is no thread."""
    if type(doc) is tuple:
        top = dict(doc)
        if len(top) != len(doc):
            for k, times in repeated_keys(doc).items():
                chk.repeated(None, k, times)
        doc = top
    if not isinstance(doc, dict):
        raise ThreadLoadError(
            f"{name}: expected a JSON object with a title and comments, got {type_name(doc)}"
        )
    return doc


def _head(chk: _Checker, doc: dict[str, Any]) -> ThreadBuilder:
    """The builder of the thread's top-level fields (everything but its comments), once
    they are checked."""
    _convert_head(chk, doc)
    _validate_head(chk, doc)
    ok = not chk.errors
    b = _builder(doc, ok)
    _warn_format(chk, doc.get("format"))
    b.extras_top = {k: v for k, v in doc.items() if k not in _TOP_KEYS}
    more = doc.get("more")
    if ok and more:
        b.add_more(-1, more)
    art = doc.get("article")
    if ok and art is not None:
        b.article = _article(chk, art)
    return b


def _convert_head(chk: _Checker, doc: dict[str, Any]) -> None:
    """The top-level values as dicts (the comments are walked on their own), counted when
    the checker counts."""
    for key, value in doc.items():
        if key != "comments" and (type(value) is tuple or type(value) is list):
            doc[key] = chk.dicts(value, (None, key))
    if chk.count:
        chk.keys += len(doc)
        chk.colons += string_colons(doc.keys())
        for key, value in doc.items():
            if key != "comments":
                chk.counted(value)


def _validate_head(chk: _Checker, doc: dict[str, Any]) -> None:
    from pydantic_core import ValidationError

    head, _ = validators()
    try:
        head.validate_python(doc)
    except ValidationError as e:
        for path, leaf, message in problems(e, lambda loc: (None, loc)):
            chk.error(path, leaf, message)


def _builder(doc: dict[str, Any], ok: bool) -> ThreadBuilder:
    """A builder with the thread's title, and its address and source when the head is
    valid."""
    title = doc.get("title")
    return ThreadBuilder(
        title if type(title) is str else "",
        url=doc.get("url") if ok else None,
        source=doc.get("source") if ok else None,
    )


def _warn_format(chk: _Checker, fmt: Any) -> None:
    if fmt is not None and fmt != FORMAT_ID:
        # Only a string is quoted: str() of a list nested 100,000 deep raises RecursionError.
        shown = repr(fmt[:40]) if type(fmt) is str else f"({type_name(fmt)})"
        chk.warn(None, "format", f"unknown format {shown}; reading it as {FORMAT_ID}")


def _article(chk: _Checker, art: dict[str, Any]) -> ArticleData:
    published = art.get("published")
    return ArticleData(
        title=art.get("title"),
        subtitle=art.get("subtitle"),
        author=art.get("author"),
        published=chk.date(published, (None, "article"), "published"),
        published_text=published,
        url=art.get("url"),
        body=art.get("body") or "",
    )


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


_get = dict.get


class _Walk:
    """The comments, depth-first in file order, a batch at a time: each batch validated
    in one call into pydantic-core, then added to the builder column by column.

    The walk keeps, per comment, the index of the comment it is nested in and its index in
    that list, from which a problem's JSON path is rebuilt only when there is a problem."""

    def __init__(self, chk: _Checker, b: ThreadBuilder, first_index: int = 0) -> None:
        self.chk = chk
        self.b = b
        self.first_index = first_index  # of the first top-level comment (a stream's slice)
        self.nested: list[int] = []  # per comment: the enclosing comment, or -1
        self.index: list[int] = []  # per comment: its index in its list

    def path(self, k: int) -> _Path:
        parts: list[tuple[str, int]] = []
        nested, index = self.nested, self.index
        while k >= 0:
            parent = nested[k]
            if parent < 0:
                parts.append(("comments", index[k] + self.first_index))
            else:
                parts.append(("replies", index[k]))
            k = parent
        path: _Path = None
        for key, i in reversed(parts):
            path = ((path, key), i)
        return path

    def run(self, top: list[Any]) -> None:
        # Iterative, so that nesting depth costs memory, never recursion. A comment's
        # handle is its position in the walk, known before it is validated.
        stack: list[tuple[list[Any], int, int]] = []
        items, i, parent = top, 0, -1
        nested, index = self.nested, self.index
        batch: list[Any] = []
        start = 0
        while True:
            n = len(items)
            while i < n:
                c = items[i]
                if type(c) is tuple:
                    d = dict(c)
                    if len(d) != len(c):
                        self._repeats(len(nested), parent, i, c)
                    c = d
                handle = len(nested)
                nested.append(parent)
                index.append(i)
                batch.append(c)
                i += 1
                replies = c.get("replies") if type(c) is dict else None
                if type(replies) is list and replies:
                    stack.append((items, i, parent))
                    items, i, n, parent = replies, 0, len(replies), handle
                if len(batch) >= _BATCH:
                    if not self._flush(batch, start):
                        return
                    start += len(batch)
                    batch = []
            if not stack:
                break
            items, i, parent = stack.pop()
        self._flush(batch, start)

    def _repeats(self, k: int, parent: int, i: int, pairs: Any) -> None:
        self.nested.append(parent)
        self.index.append(i)
        path = self.path(k)
        del self.nested[-1], self.index[-1]
        for key, times in repeated_keys(pairs).items():
            self.chk.repeated(path, key, times)

    def _flush(self, batch: list[Any], start: int) -> bool:
        """Validate and add one batch; False once there are too many errors to go on."""
        from pydantic_core import ValidationError

        if not batch:
            return True
        chk = self.chk
        _, nodes = validators()
        try:
            # A yes/no first: a fifth cheaper than validating, which builds what the
            # models would return; only a batch with a problem is validated for its errors.
            if not nodes.isinstance_python(batch):
                nodes.validate_python(batch)
        except ValidationError as e:
            for path, leaf, message in problems(
                e, lambda loc: (self.path(start + loc[0]), loc[1:])
            ):
                chk.error(path, leaf, message)
        if not chk.errors:
            self._add(batch, start)
        return len(chk.errors) <= _MAX_ERRORS

    def _add(self, batch: list[dict[str, Any]], start: int) -> None:
        """Comments the models accepted, into the builder a column at a time."""

        def col(key: str) -> list[Any]:
            return list(map(_get, batch, repeat(key)))

        chk = self.chk
        nested = self.nested[start : start + len(batch)]
        body, author, title, url = col("body"), col("author"), col("title"), col("url")
        raw_ids, raw_refs, posted_text = col("id"), col("parent"), col("posted")
        ids = _as_ids(raw_ids)
        refs = _as_ids(raw_refs)
        if chk.count:
            chk.keys += sum(map(len, batch))
            for column in (body, author, title, url, ids, refs, posted_text):
                chk.colons += string_colons(column)
        if refs.count(None) != len(refs):
            refs = [r if p < 0 else None for r, p in zip(refs, nested, strict=True)]
        scores = col("score")
        if float in set(map(type, scores)):
            scores = [v if type(v) is not float else int(v) for v in scores]
        extras: dict[int, dict[str, Any]] = {}
        unknown = compress(count(), map(not_, map(_COMMENT_KEYS.issuperset, batch)))
        for j in unknown:
            path = self.path(start + j)
            e = {k: chk.dicts(v, (path, k)) for k, v in batch[j].items() if k not in _COMMENT_KEYS}
            extras[j] = e
            chk.counted(e)
            chk.keys -= len(e)  # counted once already, with the comment's keys
        self.b.extend(
            body,
            id=ids,
            parent=refs,
            nested_in=nested,
            author=author,
            verified=col("verified"),
            posted=self._dates(posted_text, start),
            posted_text=posted_text,
            title=title,
            score=scores,
            url=url,
            deleted=[v is True for v in col("deleted")],
            more=[v or 0 for v in col("more")],
            extras=extras,
        )

    def _dates(self, texts: list[str | None], start: int) -> list[datetime | None]:
        if None not in texts:
            try:  # the usual batch: every date there and ISO 8601, parsed in one pass in C
                return list(map(datetime.fromisoformat, texts))  # type: ignore[arg-type]
            except ValueError:
                pass
        out: list[datetime | None] = []
        for j, text in enumerate(texts):
            if text is None:
                out.append(None)
                continue
            try:
                out.append(datetime.fromisoformat(text.strip()))
            except ValueError:
                out.append(self.chk.date(text, self.path(start + j), "posted"))
        return out


def _as_ids(values: list[Any]) -> list[str | None]:
    """Ids as strings: a number in the file is the same id as its digits."""
    if int in set(map(type, values)):
        return [v if v is None or type(v) is str else str(v) for v in values]
    return values


def repeated_key_warnings(
    doc: Any, separators: int | None, text: Callable[[], str] | None
) -> list[str]:
    """Warnings for the repeated keys of a document of another format: none when its
    keys and strings account for every separator, each with its path when ``text`` is
    there to parse again, else one that says there are some."""
    if separators is not None:
        keys, colons = count_pairs(doc)
        if keys + colons == separators:
            return []
    if text is None:
        return [SOME_REPEATS]
    return named_repeats(parse_json("", text(), pairs=True))


def named_repeats(pairs: Any) -> list[str]:
    """A warning with its path for each repeated key of a document parsed with pairs
    (`parse_json(..., pairs=True)`)."""
    chk = _Checker("", strict=False)
    chk.dicts(pairs, None)
    return chk.warnings
