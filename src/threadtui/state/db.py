"""The state database: one SQLite file in the user's state directory, opened with care.

`open_database` never lets a bad file stop the reader. Everything it finds is one of:

* missing or empty: created with the current schema;
* ours, with an older schema: upgraded in one transaction (nothing is dropped: a failed
  upgrade rolls back and leaves the old database as it was);
* ours, from a newer threadtui: left untouched, and reading memory is off this session;
* not a SQLite file, a damaged one, or another program's database: moved aside as
  ``state.sqlite.corrupt-N`` (its WAL with it) with a notice, and a fresh one started.

Several readers may use it at once (two SSH sessions on one account): WAL mode, a busy
timeout, and writes in short ``BEGIN IMMEDIATE`` transactions. The checks above run under
an advisory lock on ``state.lock`` so that two processes finding the same damaged file do
not both move things aside (the second would move the first one's fresh database).
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DB_NAME = "state.sqlite"
LOCK_NAME = "state.lock"
#: PRAGMA application_id of a threadtui state database ("ttui"): tells ours from others.
APPLICATION_ID = 0x74747569
SCHEMA_VERSION = 2
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT = 3.0  # seconds a write waits for another reader's transaction


class StateError(Exception):
    """The state database cannot be used; ``str()`` is one line for the user."""


# Schema version 1: the reading memory of each thread.
_V1 = (
    """CREATE TABLE threads (
        key TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        path TEXT,
        total INTEGER NOT NULL DEFAULT 0,
        unread INTEGER NOT NULL DEFAULT 0,
        first_visit REAL,
        last_visit REAL,
        cursor_id TEXT,
        cursor_index INTEGER NOT NULL DEFAULT 0,
        cursor_row INTEGER NOT NULL DEFAULT 0,
        folded BLOB,
        read BLOB,
        rev INTEGER NOT NULL DEFAULT 0
    )""",
    # The comment ids a thread had at the last visit, in their own table: the read marks
    # are rewritten every few seconds while reading, the ids (hundreds of kilobytes for a
    # big thread) only when the thread changed.
    """CREATE TABLE seen (
        key TEXT PRIMARY KEY,
        ids BLOB NOT NULL
    )""",
    # Where a thread was last opened from: the key of a large file before it is parsed,
    # and what `threadtui state --forget FILE` finds when the file is gone.
    """CREATE TABLE paths (
        path TEXT PRIMARY KEY,
        key TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL
    )""",
)

# Schema version 2: the library's index. `files` holds what the list shows (no blobs, so
# that listing 10,000 files reads only small rows); `file_ids` the comment ids of each
# file (its unread and new counts); `file_text` where its search text is in the text file
# (`threadtui.state.textstore`), named by `text_store`.
_V2 = (
    """CREATE TABLE files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        key TEXT,
        title TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        comments INTEGER NOT NULL DEFAULT 0,
        newest REAL,
        error TEXT,
        counted_rev INTEGER NOT NULL DEFAULT -1,
        unread INTEGER NOT NULL DEFAULT 0,
        new INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX files_key ON files(key)",
    """CREATE TABLE file_ids (
        path TEXT PRIMARY KEY,
        ids BLOB NOT NULL
    )""",
    """CREATE TABLE file_text (
        path TEXT PRIMARY KEY,
        offset INTEGER NOT NULL,
        length INTEGER NOT NULL
    )""",
    """CREATE TABLE text_store (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL
    )""",
)

#: MIGRATIONS[v] takes a database from schema version v to v + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {0: _V1, 1: _V2}
TABLES = frozenset({"threads", "seen", "paths", "files", "file_ids", "file_text", "text_store"})


@dataclass
class Opened:
    """What `open_database` found: a connection (None when state is off this session)
    and the notices to show, each one line."""

    conn: sqlite3.Connection | None
    path: Path
    notices: list[str] = field(default_factory=list)


def _connect(path: Path) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN ourselves, so a transaction is exactly as long
    # as the code says. check_same_thread=False: the reader flushes from a worker thread;
    # `StateStore` serialises every use with a lock.
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
    )
    # A file from elsewhere must not run code of its own: no functions in its views or
    # triggers, and we only ever read our own tables.
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _header_ok(path: Path) -> bool:
    """An empty file, or one that starts like a SQLite database."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return True
    return head in (b"", SQLITE_MAGIC)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


@contextmanager
def _dir_lock(directory: Path, timeout: float = BUSY_TIMEOUT) -> Iterator[None]:
    """An advisory lock on ``state.lock`` (POSIX); elsewhere no lock, which only narrows
    what two processes finding the same damaged file at the same moment may do."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break  # a stuck holder: go on without the lock rather than hang
                time.sleep(0.02)
            except OSError:
                break
        yield
    finally:
        os.close(fd)  # closing releases the lock


def set_aside(path: Path) -> Path | None:
    """Move a damaged or foreign database (and its WAL) out of the way as
    ``NAME.corrupt-N``; None when it could not be moved."""
    for n in range(1, 1000):
        dst = path.with_name(f"{path.name}.corrupt-{n}")
        if dst.exists():
            continue
        try:
            os.replace(path, dst)
        except FileNotFoundError:
            return None
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            try:
                if suffix == "-wal":
                    os.replace(side, dst.with_name(dst.name + suffix))
                else:
                    os.unlink(side)
            except OSError:
                pass
        return dst
    return None


def _tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {str(r[0]) for r in rows}


def _check(conn: sqlite3.Connection) -> tuple[str, int]:
    """("ours" | "empty" | "foreign", schema version). Raises sqlite3.DatabaseError
    for a file SQLite cannot read."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    tables = _tables(conn)
    if app_id == 0 and version == 0 and not tables:
        return "empty", 0
    if app_id != APPLICATION_ID:
        return "foreign", version
    if 0 < version <= SCHEMA_VERSION:
        expected: set[str] = set()
        for v in range(version):
            expected |= {_table_name(sql) for sql in MIGRATIONS[v] if "CREATE TABLE" in sql}
        if not expected <= tables:
            return "foreign", version  # ours by its id, but tables are missing: damaged
    return "ours", version


def _table_name(sql: str) -> str:
    return sql.split("CREATE TABLE", 1)[1].split("(", 1)[0].strip()


def migrate(conn: sqlite3.Connection, *, to: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to ``to`` in one transaction; returns the version found.

    Re-reads the version inside the transaction: another process may have upgraded it
    between our check and our lock."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for v in range(found, to):
            for sql in MIGRATIONS[v]:
                conn.execute(sql)
        if found < to:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {int(to)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found


def _wal(conn: sqlite3.Connection) -> None:
    # WAL: readers never block the writer and a kill -9 leaves a database that opens.
    # A file system without shared memory (some network mounts) refuses WAL: the
    # rollback journal is just as safe, only slower with several readers.
    try:
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass
    # NORMAL in WAL mode: a commit is durable against a crash of the program (the
    # acceptance's kill -9); only a power cut may lose the last few seconds.
    conn.execute("PRAGMA synchronous = NORMAL")
    # Keep the WAL from growing past a megabyte or so between checkpoints.
    conn.execute("PRAGMA journal_size_limit = 1048576")


def open_database(
    directory: Path,
    *,
    connect: Callable[[Path], sqlite3.Connection] = _connect,
) -> Opened:
    """Open (creating, upgrading or replacing as the module docstring says) the state
    database in ``directory``. Never raises for what it finds on disk."""
    path = directory / DB_NAME
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        return Opened(
            None,
            path,
            [f"{directory}: cannot create the state directory ({_why(e)}); reading memory is off"],
        )
    with _dir_lock(directory):
        return _open_locked(path, connect)


def _why(e: BaseException) -> str:
    return str(getattr(e, "strerror", None) or e)


def _open_locked(path: Path, connect: Callable[[Path], sqlite3.Connection]) -> Opened:
    notices: list[str] = []
    for _attempt in range(2):
        outcome = _try_open(path, connect, notices)
        if isinstance(outcome, Opened):
            return outcome
        moved = set_aside(path)
        where = f"moved aside to {moved}" if moved else "could not be moved aside"
        notices.append(f"{path}: {outcome}; {where}, starting afresh")
        if moved is None:
            break
    return Opened(None, path, [*notices, "reading memory is off this session"])


def _try_open(
    path: Path, connect: Callable[[Path], sqlite3.Connection], notices: list[str]
) -> Opened | str:
    """The database opened, or given up on for this session (busy, newer, an OS error),
    or the problem (a string) that makes it one to set aside."""
    if not _header_ok(path):
        return "not a SQLite database"
    checked = _connect_checked(path, connect)
    if not isinstance(checked, tuple):
        return checked
    conn, version = checked
    outcome = _ready(conn, path, version, notices)
    if isinstance(outcome, str):
        conn.close()
    return outcome


def _connect_checked(
    path: Path, connect: Callable[[Path], sqlite3.Connection]
) -> tuple[sqlite3.Connection, int] | Opened | str:
    """A connection to our database and its schema version; else as `_try_open`."""
    conn: sqlite3.Connection | None = None
    try:
        conn = connect(path)
        kind, version = _check(conn)
    except (sqlite3.DatabaseError, OSError) as e:
        if conn is not None:
            conn.close()
        if isinstance(e, OSError):
            return Opened(None, path, [f"{path}: cannot open ({_why(e)}); reading memory is off"])
        if isinstance(e, sqlite3.OperationalError) and is_busy(e):
            # Another reader holds it: it is fine, only not ours this session.
            return Opened(None, path, [busy_notice(path)])
        return f"unreadable ({e})"
    if kind == "foreign":
        conn.close()
        return "not a threadtui state database"
    return conn, version


def _ready(conn: sqlite3.Connection, path: Path, version: int, notices: list[str]) -> Opened | str:
    """Our database, checked: WAL on, upgraded to this schema (never one newer)."""
    if version > SCHEMA_VERSION:
        conn.close()
        notices.append(
            f"{path}: written by a newer threadtui (schema {version}, this one reads"
            f" {SCHEMA_VERSION}); left as it is, and reading memory is off"
        )
        return Opened(None, path, notices)
    try:
        _wal(conn)
    except sqlite3.DatabaseError as e:
        if is_busy(e):
            conn.close()
            return Opened(None, path, [busy_notice(path)])
        return f"unusable ({e})"
    if version < SCHEMA_VERSION:
        problem = _upgrade(conn, version)
        if problem is not None:
            conn.close()
            notices.append(f"{path}: {problem}")
            return Opened(None, path, notices)
    _secure(path)
    return Opened(conn, path, notices)


def is_busy(e: BaseException) -> bool:
    """SQLITE_BUSY / SQLITE_LOCKED: another process holds the database (not damage)."""
    text = str(e).lower()
    return "locked" in text or "busy" in text


def busy_notice(path: Path) -> str:
    return (
        f"{path}: busy (another threadtui holds it); reading memory is off this session,"
        " the database is left as it is"
    )


def _upgrade(conn: sqlite3.Connection, version: int) -> str | None:
    """Upgrade the schema; a one-line problem when it failed (rolled back: the database
    is exactly as it was, and is tried again next time)."""
    try:
        migrate(conn)
    except sqlite3.DatabaseError as e:
        return (
            f"could not upgrade the state database from schema {version} ({e}); left as it"
            " is, and reading memory is off this session"
        )
    return None


def _secure(path: Path) -> None:
    # What you read is nobody else's business: the database and its WAL are private.
    for suffix in ("", "-wal", "-shm"):
        try:
            os.chmod(path.with_name(path.name + suffix), 0o600)
        except OSError:
            pass


def same_file(path: Path, identity: tuple[int, int] | None) -> bool:
    return identity is not None and _identity(path) == identity


file_identity = _identity
