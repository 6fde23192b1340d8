"""Write a `Thread` as a `threadtui/1` document.

The document uses the flat form: every comment is an entry of the top-level ``comments``
list, in depth-first (reading) order, naming its parent by ``parent`` id. Nothing here
recurses, so a reply chain 10,000 deep writes like a flat list of the same length; loading
the file gives back the same columns.

`write_thread` writes atomically: a temporary file in the destination's directory, flushed
and fsynced, then renamed over the destination, so a crash or a full disk never leaves a
half-written thread where a good file was. On Linux the temporary file has no name until
it is complete (O_TMPFILE), so not even SIGKILL leaves a partial file behind; elsewhere it
is removed on any signal that can be caught. The text is always RFC 8259 JSON, with no
raw control character a terminal would act on (#11.7).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
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
    elif i in t.lost_parent:
        # Shown top-level as an orphan: the parent it named goes back in, so the file opens
        # with the same [orphan] mark (#16.4).
        c["parent"] = t.lost_parent[i]
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


# Characters JSON lets through raw that must never reach a terminal (`cat out.json`,
# `convert -o -`): DEL, C1 controls (U+0085 is a line break to some terminals), bidi
# marks, embeddings, overrides and isolates, the line and paragraph separators; and lone
# surrogates, which UTF-8 cannot encode. Inside a JSON string each is written as its
# ``\uXXXX`` escape, which reads back as the same character (RFC 8259, section 7). They
# appear only inside strings: everything outside is ASCII punctuation, digits and words.
_UNSAFE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
# A string, or a bare non-finite number as ``json.dumps(allow_nan=True)`` writes it.
_NON_FINITE = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)')


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m[0]):04x}"


class _Encoder:
    """JSON text of values from a thread, always RFC 8259: a number past a double's range
    (``1e999`` in the source, kept as infinity) is written ``1e999`` again; NaN, which no
    JSON can hold (a source that was not JSON), becomes ``null`` with a warning."""

    def __init__(self) -> None:
        self.nan = 0

    def __call__(self, v: Any) -> str:
        try:
            text = json.dumps(v, ensure_ascii=False, allow_nan=False)
        except ValueError:
            text = _NON_FINITE.sub(self._finite, json.dumps(v, ensure_ascii=False))
        if _UNSAFE.search(text):
            text = _UNSAFE.sub(_escape, text)
        return text

    def _finite(self, m: re.Match[str]) -> str:
        bare = m[1]
        if bare is None:
            return m[0]
        if bare == "NaN":
            self.nan += 1
            return "null"
        return "-1e999" if bare[0] == "-" else "1e999"


def _chunks(thread: Thread, enc: _Encoder | None = None) -> Iterator[str]:
    """The document as text, one comment per line: readable, diffable, and written with
    the C encoder (``indent`` would switch json to its slow pure-Python path)."""
    dumps = enc or _Encoder()
    head = _head(thread)
    yield "{\n"
    for k, v in head.items():
        yield f"  {dumps(k)}: {dumps(v)},\n"
    n = len(thread.ids)
    if not n:
        yield '  "comments": []\n}\n'
        return
    yield '  "comments": [\n'
    for i in range(n):
        yield "    " + dumps(_comment(thread, i)) + (",\n" if i + 1 < n else "\n")
    yield "  ]\n}\n"


def document_text(thread: Thread) -> str:
    """The whole document as `write_thread` writes it."""
    return "".join(_chunks(thread))


def _write_chunks(thread: Thread, write: Callable[[bytes], object]) -> int:
    """Write the document as UTF-8 in pieces of about 1 MiB; returns how many NaN values
    became null."""
    enc = _Encoder()
    parts: list[str] = []
    size = 0
    for chunk in _chunks(thread, enc):
        parts.append(chunk)
        size += len(chunk)
        if size >= 1 << 20:
            write("".join(parts).encode("utf-8"))
            parts, size = [], 0
    if parts:
        write("".join(parts).encode("utf-8"))
    return enc.nan


def _nan_warning(n: int, name: str, warn: Callable[[str], None] | None) -> None:
    if n and warn is not None:
        warn(
            f"{name}: {n} NaN value{'s' if n > 1 else ''} in unknown keys written as null"
            " (JSON has no NaN)"
        )


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


class _Signalled(BaseException):
    """A termination signal arrived while a temporary file existed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


# Signals whose default action ends the process: while a temporary file exists, each
# raises `_Signalled` instead, the file is removed, and the signal is delivered again with
# its default action (so the exit status still says which signal ended it). SIGINT
# already raises KeyboardInterrupt. SIGKILL cannot be caught: the O_TMPFILE path below
# leaves nothing behind then.
_CAUGHT = tuple(
    getattr(signal, n)
    for n in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM", "SIGXCPU")
    if hasattr(signal, n)
)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: object) -> None:
        raise _Signalled(signum)

    old: dict[int, Any] = {}
    try:
        for s in _CAUGHT:
            if signal.getsignal(s) == signal.SIG_DFL:
                old[s] = signal.signal(s, handler)
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


# Linux: a file with no name until it is complete (O_TMPFILE), so even SIGKILL or a power
# cut mid-write leaves nothing in the directory. Elsewhere, or where the file system
# refuses it, a named temporary file removed on every signal that can be caught.
_O_TMPFILE = getattr(os, "O_TMPFILE", 0)


def _open_unnamed(directory: str) -> int | None:
    if not _O_TMPFILE or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(directory, _O_TMPFILE | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        return None


def _link_unnamed(fd: int, directory: str, base: str) -> str:
    """Give the finished unnamed file a temporary name beside the destination."""
    while True:
        tmp = os.path.join(directory, f".{base}.{secrets.token_hex(4)}.tmp")
        try:
            os.link(f"/proc/self/fd/{fd}", tmp)
            return tmp
        except FileExistsError:
            continue


def _mode_for(name: str) -> int:
    try:
        return stat.S_IMODE(os.stat(name).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


class _NoLink(Exception):
    pass


def _write_file(thread: Thread, name: str, directory: str) -> int:
    try:
        return _write_file_once(thread, name, directory, unnamed=True)
    except _NoLink:  # /proc refused the link: once more with a named temporary file
        return _write_file_once(thread, name, directory, unnamed=False)


def _write_file_once(thread: Thread, name: str, directory: str, *, unnamed: bool) -> int:
    """The atomic write itself; returns the NaN count. Whatever ends it early (an error,
    Ctrl-C, a signal that can be caught) leaves no temporary file."""
    tmp: str | None = None
    fd = _open_unnamed(directory) if unnamed else None
    if fd is None:
        fd, tmp = tempfile.mkstemp(
            dir=directory, prefix="." + os.path.basename(name) + ".", suffix=".tmp"
        )
    try:
        with os.fdopen(fd, "wb") as f:
            nan = _write_chunks(thread, f.write)
            f.flush()
            os.fchmod(f.fileno(), _mode_for(name))
            os.fsync(f.fileno())
            if tmp is None:
                try:
                    tmp = _link_unnamed(f.fileno(), directory, os.path.basename(name))
                except OSError:
                    raise _NoLink from None
        os.replace(tmp, name)
        return nan
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def _write_stdout(thread: Thread) -> int:
    out = sys.stdout
    buffer = getattr(out, "buffer", None)
    if buffer is None:  # a text-only stream (tests): the same text
        nan = _write_chunks(thread, lambda b: out.write(b.decode("utf-8")))
    else:
        out.flush()
        nan = _write_chunks(thread, buffer.write)
    out.flush()
    return nan


def write_thread(
    thread: Thread,
    path: str | Path,
    *,
    input_path: str | Path | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """Write ``thread`` to ``path`` (``-``: standard output) as `threadtui/1`, atomically.

    The text is always RFC 8259 JSON in UTF-8, the same bytes for a file and for standard
    output, with no raw control or bidi character (see `_UNSAFE`); ``warn`` hears of what
    could not be kept as it was (NaN). Refuses (`ThreadWriteError`) to write over
    ``input_path``, the file the thread was read from, and over a directory. Raises only
    `ThreadWriteError` (and, for a signal that ends the process, delivers it again once
    the temporary file is gone).
    """
    name = str(path)
    if name == "-":
        _nan_warning(_write_stdout(thread), "<stdout>", warn)
        return
    try:
        if input_path is not None and str(input_path) != "-" and _same_file(name, str(input_path)):
            raise ThreadWriteError(f"{name}: is the input file; write the result elsewhere")
        if os.path.isdir(name):
            raise ThreadWriteError(f"{name}: is a directory")
        directory = os.path.dirname(os.path.abspath(name))
        with _signals_raise():
            nan = _write_file(thread, name, directory)
    except _Signalled as e:
        signal.raise_signal(e.signum)  # the default action again: the process ends
        raise ThreadWriteError(f"{name}: interrupted") from None
    except ValueError as e:
        raise ThreadWriteError(f"{name}: cannot write: {e}") from None
    except FileNotFoundError:
        raise ThreadWriteError(f"{name}: the directory does not exist") from None
    except PermissionError:
        raise ThreadWriteError(f"{name}: permission denied") from None
    except OSError as e:
        raise ThreadWriteError(f"{name}: cannot write: {e.strerror or e}") from None
    _nan_warning(nan, name, warn)
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
