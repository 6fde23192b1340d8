"""The library's search text: one append-only file in the cache directory.

Library-wide search must answer "which of 10,000 threads can hold this word" in well
under a second. Compressed in the database, the text of 10,000 threads (150 MB once
folded) takes seconds to inflate; as plain bytes in one file it is read and searched at
the speed of the page cache. So each indexed file's search text (`library.search_text`)
is appended to ``library-text-TOKEN-N``, and the database's ``file_text`` table holds
where it is (offset, length). Replaced entries leave garbage; when the file is more than
half garbage, `compact` writes the live regions to ``library-text-TOKEN-(N+1)`` and switches the
database over in one transaction (a reader that is searching keeps its open file).

This is a cache (it lives in the cache directory): deleting the file only makes search
look in the thread files themselves until the next scan indexes them again (`present`);
a damaged file never gives wrong results, only slower ones: every candidate is checked
against the thread itself.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

PREFIX = "library-text-"
#: Regions are separated by a newline, which no search key holds, so a key never spans
#: two threads' texts.
SEP = b"\n"


def _parts(name: object) -> tuple[str, int] | None:
    """(token, number) of a text file's name ``library-text-TOKEN-N``; None for anything
    else. The token is random per database: two databases (a fresh one after a damaged
    one was set aside, another THREADTUI_STATE_DIR) never share or delete each other's
    file in the one cache directory."""
    if not isinstance(name, str) or not name.startswith(PREFIX):
        return None
    token, _, number = name[len(PREFIX) :].partition("-")
    if len(token) != 12 or not all(c in "0123456789abcdef" for c in token):
        return None
    if not number.isdigit() or len(number) > 9:
        return None
    return token, int(number)


def current_name(conn: sqlite3.Connection) -> str | None:
    row = conn.execute("SELECT name FROM text_store WHERE id = 1").fetchone()
    name = row[0] if row is not None else None
    # Only a name of ours, in our directory: never a path from the database.
    return name if _parts(name) is not None else None


def _set_name(conn: sqlite3.Connection, name: str) -> None:
    conn.execute("INSERT OR REPLACE INTO text_store (id, name) VALUES (1, ?)", (name,))


@contextmanager
def _locked(path: Path) -> Iterator[int]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):
            pass
        yield fd
    finally:
        os.close(fd)


def append(
    directory: Path, conn: sqlite3.Connection, texts: Sequence[bytes]
) -> list[tuple[str, int, int]]:
    """Append ``texts`` to the current text file; (file name, offset, length) of each.
    The caller records them in ``file_text`` in the same transaction as the entries."""
    name = current_name(conn)
    if name is None:
        import secrets

        name = f"{PREFIX}{secrets.token_hex(6)}-1"
        _set_name(conn, name)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / name
    out: list[tuple[str, int, int]] = []
    with _locked(path) as fd:
        offset = os.fstat(fd).st_size
        chunks: list[bytes] = []
        for t in texts:
            out.append((name, offset, len(t)))
            chunks.append(t)
            chunks.append(SEP)
            offset += len(t) + len(SEP)
        data = b"".join(chunks)
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        try:
            os.fdatasync(fd) if hasattr(os, "fdatasync") else os.fsync(fd)
        except OSError:
            pass
    return out


class Reader:
    """Reads regions of the current text file (opened once per search)."""

    def __init__(self, directory: Path, name: str | None) -> None:
        self.fd: int | None = None
        self.size = 0
        if name is None:
            return
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            self.fd = os.open(directory / name, flags)
            self.size = os.fstat(self.fd).st_size
        except OSError:
            self.fd = None

    def holds(self, offset: object, length: object, key: bytes) -> bool | None:
        """Whether the region holds ``key``; None when it cannot be read (then the
        thread itself must be searched)."""
        if (
            self.fd is None
            or not isinstance(offset, int)
            or not isinstance(length, int)
            or offset < 0
            or length < 0
            or offset + length > self.size
        ):
            return None
        try:
            data = os.pread(self.fd, length, offset)
        except OSError:
            return None
        if len(data) != length:
            return None
        return key in data

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def present(directory: Path, conn: sqlite3.Connection) -> bool:
    """The text file exists and holds every region the database names."""
    name = current_name(conn)
    end = conn.execute("SELECT max(offset + length) FROM file_text").fetchone()[0]
    if end is None:
        return True  # nothing indexed
    if name is None:
        return False
    try:
        return os.stat(directory / name).st_size >= int(end)
    except (OSError, ValueError, TypeError):
        return False


def garbage(directory: Path, conn: sqlite3.Connection) -> tuple[int, int]:
    """(bytes in the current file, bytes still in use)."""
    name = current_name(conn)
    if name is None:
        return 0, 0
    try:
        size = os.stat(directory / name).st_size
    except OSError:
        return 0, 0
    live = conn.execute("SELECT coalesce(sum(length + 1), 0) FROM file_text").fetchone()[0]
    return size, int(live or 0)


def compact(directory: Path, conn: sqlite3.Connection) -> bool:
    """Rewrite the live regions into a new file when most of the current one is
    garbage; True if it did. Call inside ``BEGIN IMMEDIATE`` (no other writer)."""
    size, live = garbage(directory, conn)
    if size < 1 << 20 or live * 2 > size:
        return False
    old = current_name(conn)
    parts = _parts(old)
    assert old is not None and parts is not None
    new_name = f"{PREFIX}{parts[0]}-{parts[1] + 1}"
    reader = Reader(directory, old)
    rows = conn.execute("SELECT path, offset, length FROM file_text").fetchall()
    moved: list[tuple[int, int, str]] = []
    tmp = directory / f".{new_name}.tmp"
    try:
        with open(tmp, "wb") as out:
            pos = 0
            for path, offset, length in rows:
                if reader.holds(offset, length, b"") is None:
                    continue  # unreadable: dropped; search looks in the file itself
                assert reader.fd is not None
                data = os.pread(reader.fd, length, offset)
                out.write(data + SEP)
                moved.append((pos, length, path))
                pos += length + len(SEP)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, directory / new_name)
    finally:
        reader.close()
        if tmp.exists():
            tmp.unlink()
    conn.execute("DELETE FROM file_text")
    conn.executemany("INSERT INTO file_text (offset, length, path) VALUES (?, ?, ?)", moved)
    _set_name(conn, new_name)
    return True


def remove_stale(directory: Path, conn: sqlite3.Connection) -> None:
    """Delete text files the database no longer names (after a compaction committed)."""
    keep = current_name(conn)
    ours = _parts(keep)
    if ours is None:
        return
    for p in directory.glob(f"{PREFIX}{ours[0]}-*"):
        if p.name != keep and _parts(p.name) is not None:
            try:
                p.unlink()
            except OSError:
                pass
