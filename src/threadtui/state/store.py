"""Reading and writing the reading memory: `StateStore` over the database of `db`.

Every method is safe to call from the reader's UI thread or a worker thread (one lock
around the connection), never raises for what it finds in the database, and reports
problems as one-line notices in `StateStore.notices` for the UI to show:

* a row that does not decode (damaged, or written by something else) reads as "never
  visited", with a notice;
* a database that turns out to be damaged while in use is moved aside and a fresh one is
  started, and the next save writes this session's memory into it;
* a database locked by another reader for longer than the busy timeout skips this save
  (the memory stays dirty and the next save tries again).

Writes merge rather than overwrite (`save`): two readers of the same thread at once each
keep their marks. See `threadtui.state.memory` for the merge.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from threadtui.state import codec, db

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Resume:
    """What the first screen needs from the last visit: where the cursor was and what was
    folded. Indices are hints (checked against the ids: the file may have changed)."""

    key: str
    cursor_id: str | None
    cursor_index: int
    cursor_row: int
    folded: tuple[tuple[str, int], ...]
    last_visit: float | None
    rev: int


@dataclass(frozen=True, slots=True)
class StoredMarks:
    """The ids the thread had at the last visit(s) and their read flags."""

    ids: list[str]
    read: bytearray
    rev: int


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One thread's memory to save, taken on the UI thread (cheap copies)."""

    key: str
    title: str
    path: str | None
    ids: Sequence[str]  # the thread's ids now, plus ids only the database had (kept)
    read: bytes  # aligned with ids
    base: bytes  # the read flags as last loaded or saved: what this session changed
    write_ids: bool  # the stored ids differ from ``ids``
    known_rev: int  # the row's rev as last loaded or saved; -1: no row yet
    total: int
    unread: int
    cursor_id: str | None
    cursor_index: int
    cursor_row: int
    folded: tuple[tuple[str, int], ...]
    first_visit: float
    now: float


@dataclass(frozen=True, slots=True)
class Saved:
    """What a save wrote: the row's new rev, and the merged read flags when another
    reader had written meanwhile (aligned with the ids it returns)."""

    rev: int
    ids: Sequence[str] | None = None
    read: bytearray | None = None


@dataclass
class ThreadRow:
    """One thread in the database, for `threadtui state` and the library."""

    key: str
    title: str
    path: str | None
    total: int
    unread: int
    last_visit: float | None
    rev: int


Merge = Callable[[Snapshot, StoredMarks], tuple[list[str], bytearray]]


class StateStore:
    """The reading memory of every thread, in one SQLite database."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.notices: list[str] = []
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._identity: tuple[int, int] | None = None
        self._open()

    @classmethod
    def open_default(cls) -> StateStore:
        from threadtui.paths import state_dir

        return cls(state_dir())

    def _open(self) -> None:
        opened = db.open_database(self.directory)
        self.notices.extend(opened.notices)
        self._conn = opened.conn
        self.path = opened.path
        self._identity = db.file_identity(opened.path) if opened.conn is not None else None

    @property
    def available(self) -> bool:
        return self._conn is not None

    def take_notices(self) -> list[str]:
        with self._lock:
            out, self.notices = self.notices, []
        return out

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                try:
                    # The last connection checkpoints and removes the WAL on close;
                    # optimize keeps the planner's statistics fresh, cheaply.
                    self._conn.execute("PRAGMA optimize")
                except sqlite3.Error:
                    pass
                self._conn.close()
                self._conn = None

    # ----------------------------------------------------------------- plumbing

    def _run(self, what: str, fn: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run ``fn`` on the connection; a damaged database is moved aside (and a fresh
        one opened), a busy or failing one reported; ``default`` then."""
        with self._lock:
            conn = self._conn
            if conn is None:
                return default
            try:
                return fn(conn)
            except sqlite3.OperationalError as e:
                if _is_corruption(e):
                    self._recover(e)
                else:
                    self.notices.append(f"Reading memory: could not {what} ({e})")
                return default
            except sqlite3.DatabaseError as e:
                self._recover(e)
                return default

    def _recover(self, error: BaseException) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass
        # Only the file we found damaged: another reader may have replaced it already.
        if db.same_file(self.path, self._identity):
            moved = db.set_aside(self.path)
            where = f"moved aside to {moved}" if moved else "could not be moved aside"
            self.notices.append(f"{self.path}: damaged ({error}); {where}, starting afresh")
        self._open()

    @contextmanager
    def _write(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise
        conn.execute("COMMIT")

    # ----------------------------------------------------------------- reading

    def key_for_path(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The key last stored for this file, if it has not changed since."""

        def q(conn: sqlite3.Connection) -> str | None:
            row = conn.execute(
                "SELECT key, size, mtime_ns FROM paths WHERE path = ?", (path,)
            ).fetchone()
            if row is None or row[1] != size or row[2] != mtime_ns or not isinstance(row[0], str):
                return None
            return row[0]

        return self._run("read", q, None)

    def resume(self, key: str) -> Resume | None:
        def q(conn: sqlite3.Connection) -> Resume | None:
            row = conn.execute(
                "SELECT cursor_id, cursor_index, cursor_row, folded, last_visit, rev"
                " FROM threads WHERE key = ?",
                (key,),
            ).fetchone()
            if row is None:
                return None
            return self._resume_of(key, row)

        return self._run("read", q, None)

    def _resume_of(self, key: str, row: tuple[Any, ...]) -> Resume | None:
        cursor_id, cursor_index, cursor_row, folded_blob, last_visit, rev = row
        folded: tuple[tuple[str, int], ...] = ()
        if folded_blob is not None:
            try:
                folded = _pairs(codec.unpack_json(folded_blob))
            except codec.BadBlob as e:
                self.notices.append(f"Reading memory: the folds of this thread were damaged ({e})")
        return Resume(
            key,
            cursor_id if isinstance(cursor_id, str) else None,
            _int(cursor_index),
            _int(cursor_row),
            folded,
            float(last_visit) if isinstance(last_visit, (int, float)) else None,
            _int(rev),
        )

    def marks(self, key: str) -> StoredMarks | None:
        """The stored ids and read flags of ``key`` (None: never visited, or damaged)."""

        def q(conn: sqlite3.Connection) -> StoredMarks | None:
            row = conn.execute(
                "SELECT t.read, t.rev, s.ids FROM threads t JOIN seen s ON s.key = t.key"
                " WHERE t.key = ?",
                (key,),
            ).fetchone()
            return None if row is None else self._marks_of(row[0], row[1], row[2])

        return self._run("read", q, None)

    def _marks_of(self, read_blob: object, rev: object, ids_blob: object) -> StoredMarks | None:
        try:
            ids = codec.unpack_ids(ids_blob)
            read = (
                codec.unpack_flags(read_blob, len(ids))
                if read_blob is not None
                else bytearray(len(ids))
            )
        except codec.BadBlob as e:
            self.notices.append(f"Reading memory: this thread's marks were damaged ({e}); ignored")
            return None
        return StoredMarks(ids, read, _int(rev))

    def threads(self) -> list[ThreadRow]:
        def q(conn: sqlite3.Connection) -> list[ThreadRow]:
            rows = conn.execute(
                "SELECT key, title, path, total, unread, last_visit, rev FROM threads"
                " ORDER BY last_visit DESC"
            ).fetchall()
            return [
                ThreadRow(
                    str(r[0]),
                    str(r[1] or ""),
                    r[2] if isinstance(r[2], str) else None,
                    _int(r[3]),
                    _int(r[4]),
                    float(r[5]) if isinstance(r[5], (int, float)) else None,
                    _int(r[6]),
                )
                for r in rows
            ]

        return self._run("read", q, [])

    def revisions(self) -> dict[str, int]:
        """Every thread's rev (the library's cached counts are valid while it holds)."""
        return self._run(
            "read",
            lambda c: {str(k): _int(r) for k, r in c.execute("SELECT key, rev FROM threads")},
            {},
        )

    # ----------------------------------------------------------------- writing

    def save(self, snap: Snapshot, merge: Merge) -> Saved | None:
        """Write one thread's memory in one transaction. When another reader saved the
        same thread since we last read it (its rev moved), ``merge`` combines its marks
        with this session's changes, and the result is returned to the caller."""

        def w(conn: sqlite3.Connection) -> Saved:
            with self._write(conn):
                return self._save_locked(conn, snap, merge)

        return self._run("save the reading memory", w, None)

    def _save_locked(self, conn: sqlite3.Connection, snap: Snapshot, merge: Merge) -> Saved:
        row = conn.execute(
            "SELECT rev, first_visit FROM threads WHERE key = ?", (snap.key,)
        ).fetchone()
        ids: Sequence[str] = snap.ids
        read: bytes | bytearray = snap.read
        merged: tuple[list[str], bytearray] | None = None
        write_ids = snap.write_ids or row is None
        if row is not None and _int(row[0]) != snap.known_rev:
            theirs = self._stored_marks(conn, snap.key)
            if theirs is not None:
                merged = merge(snap, theirs)
                ids, read = merged
                write_ids = True
        rev = (_int(row[0]) + 1) if row is not None else 1
        first = row[1] if row is not None and isinstance(row[1], (int, float)) else snap.first_visit
        values = (
            snap.title,
            snap.path,
            snap.total,
            snap.unread,
            first,
            snap.now,
            snap.cursor_id,
            snap.cursor_index,
            snap.cursor_row,
            codec.pack_json([list(p) for p in snap.folded]) if snap.folded else None,
            codec.pack_flags(read),
            rev,
            snap.key,
        )
        if row is None:
            conn.execute(
                "INSERT INTO threads (title, path, total, unread, first_visit, last_visit,"
                " cursor_id, cursor_index, cursor_row, folded, read, rev, key)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        else:
            conn.execute(
                "UPDATE threads SET title = ?, path = ?, total = ?, unread = ?,"
                " first_visit = ?, last_visit = ?, cursor_id = ?, cursor_index = ?,"
                " cursor_row = ?, folded = ?, read = ?, rev = ? WHERE key = ?",
                values,
            )
        if write_ids:
            conn.execute(
                "INSERT OR REPLACE INTO seen (key, ids) VALUES (?, ?)",
                (snap.key, codec.pack_ids(ids)),
            )
        if merged is not None:
            return Saved(rev, merged[0], merged[1])
        return Saved(rev)

    def _stored_marks(self, conn: sqlite3.Connection, key: str) -> StoredMarks | None:
        row = conn.execute(
            "SELECT t.read, t.rev, s.ids FROM threads t JOIN seen s ON s.key = t.key"
            " WHERE t.key = ?",
            (key,),
        ).fetchone()
        return None if row is None else self._marks_of(row[0], row[1], row[2])

    def remember_path(self, path: str, key: str, size: int, mtime_ns: int) -> None:
        def w(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO paths (path, key, size, mtime_ns) VALUES (?, ?, ?, ?)",
                (path, key, size, mtime_ns),
            )

        self._run("save the reading memory", w, None)

    def forget(self, keys: Sequence[str]) -> int:
        """Forget these threads entirely; how many were known."""

        def w(conn: sqlite3.Connection) -> int:
            n = 0
            with self._write(conn):
                for key in keys:
                    n += conn.execute("DELETE FROM threads WHERE key = ?", (key,)).rowcount
                    conn.execute("DELETE FROM seen WHERE key = ?", (key,))
                    conn.execute("DELETE FROM paths WHERE key = ?", (key,))
                    conn.execute("UPDATE files SET counted_rev = -1 WHERE key = ?", (key,))
            return n

        return self._run("forget", w, 0)

    def keys_for_path(self, path: str) -> list[str]:
        """Keys of the threads last opened from ``path`` (a file that is gone)."""

        def q(conn: sqlite3.Connection) -> list[str]:
            rows = conn.execute(
                "SELECT key FROM paths WHERE path = ? UNION SELECT key FROM threads"
                " WHERE path = ? UNION SELECT key FROM files WHERE path = ? AND key IS NOT NULL",
                (path, path, path),
            ).fetchall()
            return [str(r[0]) for r in rows]

        return self._run("read", q, [])

    def clear(self) -> int:
        """Forget every thread (the library's index stays: it is only a cache of files)."""

        def w(conn: sqlite3.Connection) -> int:
            with self._write(conn):
                n = int(conn.execute("SELECT count(*) FROM threads").fetchone()[0])
                for table in ("threads", "seen", "paths"):
                    conn.execute(f"DELETE FROM {table}")
                conn.execute("UPDATE files SET counted_rev = -1")
            conn.execute("VACUUM")
            return n

        return self._run("clear", w, 0)

    def connection(self) -> sqlite3.Connection | None:
        """For `threadtui.state.library`, which keeps its own tables in this database."""
        return self._conn

    def run(self, what: str, fn: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run ``fn`` under the store's lock and error handling (the library's index)."""
        return self._run(what, fn, default)

    def write(self, conn: sqlite3.Connection) -> Any:
        return self._write(conn)


def _is_corruption(e: sqlite3.OperationalError) -> bool:
    # "disk I/O error" and "database is locked" are passing troubles; these are not.
    text = str(e).lower()
    return "malformed" in text or "not a database" in text or "no such table" in text


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _pairs(value: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, list):
        raise codec.BadBlob("not a list of folds")
    out: list[tuple[str, int]] = []
    for item in value:
        if (
            not isinstance(item, list)
            or len(item) != 2
            or not isinstance(item[0], str)
            or not isinstance(item[1], int)
        ):
            raise codec.BadBlob("not a list of folds")
        out.append((item[0], item[1]))
    return tuple(out)


def now() -> float:
    return time.time()


__all__ = [
    "Resume",
    "Saved",
    "Snapshot",
    "StateStore",
    "StoredMarks",
    "ThreadRow",
]
