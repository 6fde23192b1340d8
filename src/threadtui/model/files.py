"""Reading a file that may come from a stranger: the one place threadtui opens one.

The rule (docs/security.md, "A folder or a file from a stranger"):

- Only regular files are read. What was *opened* is checked (``fstat`` of the open file,
  never a ``stat`` of the name before it), so a name swapped for a FIFO or a device
  between a look and the open changes nothing. The open itself never blocks
  (``O_NONBLOCK``: opening a FIFO without a writer, or a device, would wait) and never
  makes a terminal the controlling one (``O_NOCTTY``).
- ``follow=False`` opens with ``O_NOFOLLOW`` (and, through ``dir_fd``, relative to a
  folder already opened): a link inside a folder from a stranger (``cur -> /etc``, a
  message linked to ``/proc/self/environ`` or ``/dev/zero``) is refused, not read; so is
  a hard link there to a file of someone else than the folder's owner. A name
  the user typed (a thread file, a Maildir root, the config) is followed, then checked.
- ``fifo_ok=True`` (a thread file named on the command line, as with ``<(cmd)`` process
  substitution) also takes a FIFO or pipe, read as a stream; never a device or socket.
- Every read stops one byte past the cap *as it reads*: the size the file claims is only
  a hint (``/proc`` files claim 0 and a file can grow while it is read), so nothing over
  the cap is ever held in memory.

Errors are `NotRegular` (what the name is instead) and `TooLarge`, both `OSError`s, so
callers that already report ``OSError`` one line at a time keep working.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

PIECE = 1 << 20
"""Reads after the first ask for at most this much: a read allocates what it asks for."""


class NotRegular(OSError):
    """The name is not a regular file (a link where links are refused, a FIFO, a device,
    a socket, a directory). ``kind`` says what it is, e.g. ``"a FIFO"``."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", name)
        self.kind = kind


class TooLarge(OSError):
    """More than ``limit`` bytes (found while reading: the read stopped at limit + 1)."""

    def __init__(self, name: str, limit: int) -> None:
        super().__init__(errno.EFBIG, f"more than {_size(limit)}", name)
        self.limit = limit


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ("a FIFO", "a character device", …)."""
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


_BASE_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def open_regular(
    path: str | Path,
    *,
    follow: bool = True,
    dir_fd: int | None = None,
    fifo_ok: bool = False,
) -> tuple[int, os.stat_result]:
    """Open ``path`` for reading and return (fd, its fstat). Raises `NotRegular` for
    anything but a regular file (a FIFO too, unless ``fifo_ok``; a symbolic link when
    ``follow`` is off), and the ``OSError`` of the open otherwise.

    The returned descriptor is blocking again. A FIFO (``fifo_ok``) is opened a second
    time, blocking, to wait for its writer as a plain open would; the second open must
    reach the same FIFO."""
    flags = _BASE_FLAGS | _NONBLOCK | (0 if follow else _NOFOLLOW)
    name = str(path)
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as e:
        if not follow and e.errno in (errno.ELOOP, errno.EMLINK):
            # O_NOFOLLOW on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD). Make sure.
            try:
                st = os.lstat(path, dir_fd=dir_fd)
            except OSError:
                raise e from None
            if stat.S_ISLNK(st.st_mode):
                raise NotRegular(name, "a symbolic link") from None
        raise
    try:
        st = os.fstat(fd)
        if stat.S_ISFIFO(st.st_mode) and fifo_ok:
            os.close(fd)
            fd = -1
            fd = os.open(path, _BASE_FLAGS | (0 if follow else _NOFOLLOW), dir_fd=dir_fd)
            return fd, _same_fifo(os.fstat(fd), st, name)
        _check_regular(st, name, None if follow else dir_fd)
        os.set_blocking(fd, True)
        return fd, st
    except BaseException:
        if fd >= 0:
            os.close(fd)
        raise


def _same_fifo(again: os.stat_result, st: os.stat_result, name: str) -> os.stat_result:
    if (again.st_dev, again.st_ino) != (st.st_dev, st.st_ino):
        raise NotRegular(name, "a file that changed while it was opened")
    return again


def _check_regular(st: os.stat_result, name: str, stranger_dir: int | None) -> None:
    """`NotRegular` unless a regular file, and (opened inside the stranger's folder
    ``stranger_dir``) not a hard link to another user's file."""
    if not stat.S_ISREG(st.st_mode):
        raise NotRegular(name, kind_of(st.st_mode))
    if stranger_dir is not None and _foreign_hard_link(st, stranger_dir):
        raise NotRegular(name, FOREIGN_HARD_LINK)


#: What `open_regular` calls an entry of a stranger's folder that is another user's file.
FOREIGN_HARD_LINK = "a hard link to another user's file"
_PLURALS = {FOREIGN_HARD_LINK: "hard links to other users' files"}


def plural_kind(kind: str) -> str:
    """``kind`` (what `kind_of` or `NotRegular` says) for several: "FIFOs", …"""
    return _PLURALS.get(kind) or kind.removeprefix("a ") + "s"


def what_is_read(kind: str) -> str:
    """What a folder from a stranger may hold, said after skipping entries of ``kind``."""
    if kind == FOREIGN_HARD_LINK:
        return "regular files that are not another user's second name for a file"
    return "regular files"


def _foreign_hard_link(st: os.stat_result, dir_fd: int) -> bool:
    """Is this file, opened inside the folder ``dir_fd``, a second name for a file of
    someone else than the folder's owner? A stranger who can link a file of yours into a
    folder of theirs (a shared machine without fs.protected_hardlinks) would otherwise
    have the reader show it and `convert -o` write it out. Hard links of the folder's
    owner are fine: Dovecot links a message copied to another folder, and backups made
    with ``cp -al`` or rsnapshot link every file."""
    return st.st_nlink > 1 and st.st_uid != os.fstat(dir_fd).st_uid


def read_fd(fd: int, limit: int | None, *, hint: int = 0, name: str = "") -> bytes:
    """Everything from ``fd`` up to ``limit`` bytes (None: no limit); `TooLarge` as soon
    as one byte more arrives. ``hint`` (the size the file claims) sizes the first read."""
    parts: list[bytes] = []
    got = 0
    want = max(hint, 0) + 1
    while True:
        n = want if limit is None else min(want, limit + 1 - got)
        if n <= 0:
            break
        piece = os.read(fd, n)
        if not piece:
            break
        parts.append(piece)
        got += len(piece)
        want = PIECE
    if limit is not None and got > limit:
        raise TooLarge(name, limit)
    if len(parts) == 1:
        return parts[0]
    return b"".join(parts)


def read_file(
    path: str | Path,
    limit: int | None,
    *,
    follow: bool = True,
    dir_fd: int | None = None,
) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` (None: no limit).
    Raises `NotRegular`, `TooLarge` or the ``OSError`` of the open or the read."""
    fd, st = open_regular(path, follow=follow, dir_fd=dir_fd)
    try:
        hint = st.st_size if limit is None else min(st.st_size, limit)
        return read_fd(fd, limit, hint=hint, name=str(path))
    finally:
        os.close(fd)


def read_head(path: str | Path, size: int) -> bytes:
    """The first ``size`` bytes of a regular file (b"" for anything else or on error):
    for sniffing a format, never blocking on a FIFO that a look took for a file."""
    try:
        fd, _ = open_regular(path)
    except OSError:
        return b""
    try:
        return os.read(fd, size)
    except OSError:
        return b""
    finally:
        os.close(fd)


def open_dir(path: str | Path, *, follow: bool = True, dir_fd: int | None = None) -> int:
    """A descriptor of the directory ``path`` (``follow=False``: never through a link).
    Raises `NotRegular` with the kind when it is a link (with ``follow`` off) or not a
    directory, and the ``OSError`` of the open otherwise."""
    flags = (
        os.O_RDONLY
        | getattr(os, "O_DIRECTORY", 0)
        | getattr(os, "O_CLOEXEC", 0)
        | _NONBLOCK
        | (0 if follow else _NOFOLLOW)
    )
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):
            try:
                st = os.stat(path, dir_fd=dir_fd, follow_symlinks=follow)
            except OSError:
                raise e from None
            if not stat.S_ISDIR(st.st_mode):
                raise NotRegular(str(path), kind_of(st.st_mode)) from None
        raise
    if not stat.S_ISDIR(os.fstat(fd).st_mode):  # O_DIRECTORY missing on this platform
        mode = os.fstat(fd).st_mode
        os.close(fd)
        raise NotRegular(str(path), kind_of(mode))
    return fd


def where_not_utf8(raw: bytes, error: UnicodeDecodeError) -> str:
    """What ``error`` (from ``raw.decode("utf-8")``) found, for a person: the line and
    column (of characters, 1-based) and what is there instead of UTF-8. Python's own
    words ("'utf-8' codec can't decode byte 0xed in position 14: invalid continuation
    byte") give a byte offset into the whole file, and for an encoded lone surrogate
    (``ED A0 80``, what CESU-8 and some Windows tools write) they name the wrong byte."""
    start = error.start
    line_start = raw.rfind(b"\n", 0, start) + 1
    line = raw.count(b"\n", 0, start) + 1
    column = len(raw[line_start:start].decode("utf-8", "replace")) + 1
    return f"line {line}, column {column}: {_not_utf8_what(raw[start : start + 3])}"


def _not_utf8_what(head: bytes) -> str:
    if len(head) == 3 and head[0] == 0xED and 0xA0 <= head[1] <= 0xBF and 0x80 <= head[2] <= 0xBF:
        code = 0xD000 | (head[1] & 0x3F) << 6 | head[2] & 0x3F
        return lone_surrogate(code)
    return f"not UTF-8 (byte 0x{head[0]:02x})"


def lone_surrogate(code: int) -> str:
    """The one message for a lone surrogate, however it was written."""
    return f"a lone surrogate (U+{code:04X}) is not a character"
