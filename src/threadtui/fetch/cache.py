"""Offline copies: each fetched thread as a `threadtui/1` file in the cache dir.

``CACHE/threads/SITE[/HOST]/ID.json``; written atomically (a temporary file, fsynced,
renamed over the old copy), so a failure at any point leaves the previous copy whole. The
top-level key ``fetched`` (an unknown key to the format, kept by every reader and
writer) says where and when the thread was fetched.

An address that names a thread only through the site (a Lemmy comment, a Reddit share
link, a Hacker News comment) leaves an *alias*, ``CACHE/threads/aliases/KEY.json``,
naming the thread it led to: offline, the same address finds that thread's copy.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from threadtui.fetch.address import Address
from threadtui.model.jsonio import ThreadLoadError
from threadtui.model.thread import Thread
from threadtui.paths import cache_dir

FETCHED_KEY = "fetched"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")
#: A copy larger than this is not read (the reader can open it as a file, with --max-size).
MAX_COPY_BYTES = 512 * 1024 * 1024


_ALIAS_FIELDS = ("site", "ident", "url", "base", "comment")


@dataclass(frozen=True, slots=True)
class Copy:
    thread: Thread
    fetched_at: float
    path: Path
    #: The address the copy is of (another than the one asked for, through an alias).
    address: Address | None = None


def copy_path(address: Address) -> Path:
    return _path_of(address.key, "threads")


def _path_of(key: str, *folder: str) -> Path:
    parts = [_UNSAFE.sub("_", p).lstrip(".") or "_" for p in key.split("/")]
    return cache_dir().joinpath(*folder, *parts[:-1], parts[-1] + ".json")


def alias_path(address: Address) -> Path:
    return _path_of(address.key, "threads", "aliases")


def save_alias(asked: Address, found: Address) -> None:
    """Remember that ``asked`` led to ``found`` (best effort: a cache that cannot be
    written costs only the offline copy of this address)."""
    from threadtui.paths import atomic_write

    doc = {k: getattr(found, k) for k in _ALIAS_FIELDS}
    path = alias_path(asked)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps(doc).encode("utf-8"))
    except OSError:
        pass


def load_alias(asked: Address) -> Address | None:
    """The address ``asked`` led to last time, or None (none, or not readable)."""
    try:
        with alias_path(asked).open("rb") as f:
            doc = json.loads(f.read(64 * 1024))
    except (OSError, ValueError):
        return None
    if type(doc) is not dict or not all(type(doc.get(k)) is str for k in _ALIAS_FIELDS[:4]):
        return None
    comment = doc.get("comment")
    if doc["site"] != asked.site or not doc["ident"] or not _UNSAFE.sub("", doc["ident"]):
        return None
    found = Address(doc["site"], doc["ident"], doc["url"], doc["base"])
    return replace(found, comment=comment if type(comment) is str else asked.comment)


def stamp(thread: Thread, address: Address, *, at: float, left_out: int) -> None:
    """Record in the thread where and when it was fetched (kept in the file it is saved
    to); `copy_age` reads it back."""
    thread.extras_top[FETCHED_KEY] = {
        "address": address.url,
        "site": address.site,
        "at": datetime.fromtimestamp(at, tz=UTC).isoformat(timespec="seconds"),
        "left_out": left_out,
    }
    if thread.url is None:
        thread.url = address.url


def fetched_at(thread: Thread) -> float | None:
    info = thread.extras_top.get(FETCHED_KEY)
    at = info.get("at") if type(info) is dict else None
    if type(at) is not str:
        return None
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.timestamp()


def save(thread: Thread, address: Address) -> Path:
    """Write the offline copy of ``thread``; raises `ThreadLoadError` (one line)."""
    from threadtui.model.writer import write_thread

    path = copy_path(address)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ThreadLoadError(
            f"{path.parent}: cannot make the cache folder ({e.strerror})"
        ) from None
    write_thread(thread, path)
    return path


def load(address: Address) -> Copy | None:
    """The offline copy of ``address`` (or of the thread its alias names), or None when
    there is none that can be read (a damaged copy is replaced by the next fetch)."""
    copy = _load_at(address)
    if copy is not None:
        return copy
    found = load_alias(address)
    if found is None or found == address:
        return None
    copy = _load_at(found)
    return replace(copy, address=found) if copy is not None else None


def _load_at(address: Address) -> Copy | None:
    path = copy_path(address)
    if not path.is_file():
        return None
    from threadtui.importers import load_any

    try:
        thread = load_any(path, fmt="threadtui", max_bytes=MAX_COPY_BYTES)
    except (ThreadLoadError, OSError):
        return None
    at = fetched_at(thread)
    if at is None:
        try:
            at = path.stat().st_mtime
        except OSError:
            at = time.time()
    return Copy(thread, at, path)


def age(seconds: float) -> str:
    """ "3 hours ago", in words a notice can use."""
    s = max(0, int(seconds))
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if s >= size:
            n = s // size
            return f"{n} {unit}{'' if n == 1 else 's'} ago"
    return "just now" if s < 10 else f"{s} seconds ago"
