"""Write a `Thread` as a `threadtui/1` document.

The document uses the flat form: every comment is an entry of the top-level ``comments``
list, in depth-first (reading) order, naming its parent by ``parent`` id. Nothing here
recurses, so a reply chain 10,000 deep writes like a flat list of the same length; loading
the file gives back the same columns.

`write_thread` writes atomically: a temporary file in the destination's directory, flushed
and fsynced, then renamed over the destination, so a crash or a full disk never leaves a
half-written thread where a good file was.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from threadtui.model.jsonio import ThreadLoadError
from threadtui.model.thread import FORMAT_ID, Thread

_TOP_KEYS = frozenset(("format", "title", "url", "source", "article", "comments", "more"))
_COMMENT_KEYS = frozenset(
    ("body", "id", "parent", "author", "verified", "posted", "title", "score", "url",
     "deleted", "more", "replies")
)  # fmt: skip


class ThreadWriteError(ThreadLoadError):
    """The thread could not be written. ``str()`` is one line meant for the user."""


def _date(value: datetime | None, written: str | None) -> str | None:
    """The date as the file had it when that string still means the same instant and
    offset; otherwise ISO 8601 from the parsed value."""
    if value is None:
        return written
    if written is not None:
        try:
            again = datetime.fromisoformat(written.strip())
        except ValueError:
            again = None
        if (
            again is not None
            and (again.tzinfo is None) == (value.tzinfo is None)
            and again == value
            and again.utcoffset() == value.utcoffset()
        ):
            return written
    return value.isoformat()


def _comment(t: Thread, i: int) -> dict[str, Any]:
    c: dict[str, Any] = {"id": t.ids[i]}
    p = t.parent[i]
    if p >= 0:
        c["parent"] = t.ids[p]
    author = t.author[i]
    if author is not None:
        c["author"] = author
    verified = t.verified[i]
    if verified is not None:
        c["verified"] = verified
    posted = _date(t.posted[i], t.posted_text[i])
    if posted is not None:
        c["posted"] = posted
    title = t.title_[i]
    if title is not None:
        c["title"] = title
    score = t.score[i]
    if score is not None:
        c["score"] = score
    url = t.url_[i]
    if url is not None:
        c["url"] = url
    if t.deleted[i]:
        c["deleted"] = True
    if t.more[i]:
        c["more"] = t.more[i]
    extras = t.extras.get(i)
    if extras:
        for k, v in extras.items():
            if k not in _COMMENT_KEYS:
                c[k] = v
    c["body"] = t.body[i]
    return c


def _head(thread: Thread) -> dict[str, Any]:
    doc: dict[str, Any] = {"format": FORMAT_ID, "title": thread.title}
    if thread.url is not None:
        doc["url"] = thread.url
    if thread.source is not None:
        doc["source"] = thread.source
    a = thread.article
    if a is not None:
        art: dict[str, Any] = {}
        for key, val in (
            ("title", a.title),
            ("subtitle", a.subtitle),
            ("author", a.author),
            ("published", _date(a.published, a.published_text)),
            ("url", a.url),
        ):
            if val is not None:
                art[key] = val
        if a.body:
            art["body"] = a.body
        doc["article"] = art
    if thread.more_top:
        doc["more"] = thread.more_top
    for k, v in thread.extras_top.items():
        if k not in _TOP_KEYS:
            doc[k] = v
    return doc


def thread_to_document(thread: Thread) -> dict[str, Any]:
    """The thread as a `threadtui/1` document (flat form, depth-first order)."""
    doc = _head(thread)
    doc["comments"] = [_comment(thread, i) for i in range(len(thread.ids))]
    return doc


def _dumps(v: Any) -> str:
    # Data from a site's extras may hold NaN; JSON has no such value.
    return json.dumps(v, ensure_ascii=False, allow_nan=False)


def _chunks(thread: Thread) -> Iterator[str]:
    """The document as text, one comment per line: readable, diffable, and written with
    the C encoder (``indent`` would switch json to its slow pure-Python path)."""
    head = _head(thread)
    yield "{\n"
    for k, v in head.items():
        yield f"  {_dumps(k)}: {_dumps(v)},\n"
    n = len(thread.ids)
    if not n:
        yield '  "comments": []\n}\n'
        return
    yield '  "comments": [\n'
    for i in range(n):
        yield "    " + _dumps(_comment(thread, i)) + (",\n" if i + 1 < n else "\n")
    yield "  ]\n}\n"


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_thread(thread: Thread, path: str | Path, *, input_path: str | Path | None = None) -> None:
    """Write ``thread`` to ``path`` (``-``: standard output) as `threadtui/1`, atomically.

    Refuses (`ThreadWriteError`) to write over ``input_path``, the file the thread was
    read from, and over a directory. Raises only `ThreadWriteError`.
    """
    name = str(path)
    try:
        if name == "-":
            out = sys.stdout
            for chunk in _chunks(thread):
                out.write(chunk)
            out.flush()
            return
        if input_path is not None and str(input_path) != "-" and _same_file(name, str(input_path)):
            raise ThreadWriteError(f"{name}: is the input file; write the result elsewhere")
        if os.path.isdir(name):
            raise ThreadWriteError(f"{name}: is a directory")
        directory = os.path.dirname(os.path.abspath(name))
        fd, tmp = tempfile.mkstemp(
            dir=directory, prefix="." + os.path.basename(name) + ".", suffix=".tmp"
        )
    except ValueError as e:
        raise ThreadWriteError(f"{name}: cannot write: {e}") from None
    except FileNotFoundError:
        raise ThreadWriteError(f"{name}: the directory does not exist") from None
    except PermissionError:
        raise ThreadWriteError(f"{name}: permission denied") from None
    except OSError as e:
        raise ThreadWriteError(f"{name}: cannot write: {e.strerror or e}") from None
    try:
        try:
            mode = stat.S_IMODE(os.stat(name).st_mode)
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            for chunk in _chunks(thread):
                f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, name)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(e, ValueError):
            raise ThreadWriteError(f"{name}: cannot write: {e}") from None
        if isinstance(e, OSError):
            raise ThreadWriteError(f"{name}: cannot write: {e.strerror or e}") from None
        raise
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
