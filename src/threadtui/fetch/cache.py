"""Offline copies: each fetched thread as a `threadtui/1` file in the cache dir.

``CACHE/threads/SITE[/HOST]/ID.json``; written atomically (a temporary file, fsynced,
renamed over the old copy), so a failure at any point leaves the previous copy whole. The
top-level key ``fetched`` (an unknown key to the format, kept by every reader and
writer) says where and when the thread was fetched.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Copy:
    thread: Thread
    fetched_at: float
    path: Path


def copy_path(address: Address) -> Path:
    parts = [_UNSAFE.sub("_", p).lstrip(".") or "_" for p in address.key.split("/")]
    return cache_dir().joinpath("threads", *parts[:-1], parts[-1] + ".json")


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
    """The offline copy of ``address``, or None when there is none that can be read (a
    damaged copy is replaced by the next fetch)."""
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
