"""Helpers every importer shares: tolerant field readers, dates, and finishing a thread."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from threadtui.model.builder import BIDI_CONTROLS, ThreadBuilder
from threadtui.model.jsonio import ThreadLoadError
from threadtui.model.thread import Flag, Thread


class NotThisFormat(ThreadLoadError):
    """The data does not have the structure the chosen importer reads."""


def s(v: Any) -> str | None:
    """A string field; numbers become strings, anything else None."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if type(v) is int:
        return str(v)
    return None


_UNHASHABLE = object()


def key(v: Any) -> Any:
    """``v`` for a set or dict lookup: a list or object from a damaged file (unhashable)
    becomes a value found in none."""
    return v if v is None or isinstance(v, (str, int, float)) else _UNHASHABLE


def text(v: Any) -> str:
    return v if type(v) is str else ""


def integer(v: Any) -> int | None:
    if type(v) is int:
        return int(v)
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return None


def obj(v: Any) -> dict[str, Any]:
    return v if type(v) is dict else {}


def lst(v: Any) -> list[Any]:
    return v if type(v) is list else []


def iso_date(v: Any, *, naive_is_utc: bool = False) -> tuple[datetime | None, str | None]:
    """An ISO 8601 string → (datetime, the string as written)."""
    if type(v) is not str or not v:
        return None, None
    try:
        d = datetime.fromisoformat(v.strip())
    except ValueError:
        return None, v
    if naive_is_utc and d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d, v


def epoch_date(v: Any) -> tuple[datetime | None, str | None]:
    """Seconds since 1970 (int or float) → (UTC datetime, None).

    The file held a number, not a date string, so there is no text "as written"; writing
    the thread out gives the ISO 8601 form of the datetime."""
    if type(v) not in (int, float) or v != v:
        return None, None
    try:
        d = datetime.fromtimestamp(v, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None, None
    return d, None


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def finish(b: ThreadBuilder, *, surrogates: bool = True, bidi: bool = True) -> Thread:
    """Build the thread with the same display safety as `threadtui.model.loader`.

    ``surrogates``: the raw input may hold unpaired surrogate escapes (``"\\ud800"``); the
    builder turns them into U+FFFD. ``bidi``: the text may hold bidi embedding, override
    or isolate controls, so the comments are checked and flagged. Callers that searched the
    raw input and found none pass False and skip the scans (`load_any` then checks again
    when a general entity decoder ran, as "&#x202E;" only shows after decoding).
    """
    hang_missing_parents(b)
    b.fix_surrogates = surrogates
    b.scan_bidi = False
    t = b.build()
    if bidi:
        flag_bidi_controls(t)
    return t


MISSING_PARENT = "[comment not in this file]"


def hang_missing_parents(b: ThreadBuilder) -> None:
    """One policy for a reply whose parent the saved answer does not hold (a comment
    deleted for good, a page of an API that was not saved): the reply keeps its place in
    the tree under a placeholder standing for the parent, at the end of the thread. No
    warning and no [orphan] mark: the file is as the site gave it, and `open`, `render`,
    `convert` and `validate` all read it the same way."""
    for ref in b.dangling_parents():
        b.add(MISSING_PARENT, id=ref, deleted=True)


def flag_bidi_controls(t: Thread) -> None:
    """Flag comments holding bidi controls — with one search over all the text first, as
    they are rare."""
    search = BIDI_CONTROLS.search
    if not search("\n".join(t.body)) and not search(
        "\n".join([a for a in t.author if a] + [x for x in t.title_ if x])
    ):
        return
    for k in range(len(t.ids)):
        a_, ti = t.author[k], t.title_[k]
        if search(t.body[k]) or (a_ and search(a_)) or (ti and search(ti)):
            t.flags[k] |= Flag.BIDI_CONTROLS
