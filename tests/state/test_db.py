"""The database file: where it lives, WAL, never trusted blindly, schema upgrades."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from threadtui import paths
from threadtui.state import StateStore, ThreadMemory, db, thread_key

from .helpers import doc, thread_of


def _save_one(store: StateStore, n: int = 5, read: tuple[int, ...] = (1, 2)) -> str:
    t = thread_of(doc(n))
    key = thread_key(t)
    mem = ThreadMemory(store, key, title=t.title)
    marks = mem.attach(t)
    for i in read:
        marks.mark_read(i)
    assert mem.flush()
    return key


def test_the_database_lives_in_the_xdg_state_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("THREADTUI_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    store = StateStore.open_default()
    assert store.path == tmp_path / "xdg" / "threadtui" / db.DB_NAME
    assert store.path.parent == paths.state_dir()
    _save_one(store)
    store.close()
    assert store.path.exists()
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def test_wal_mode_schema_version_and_application_id(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    conn = store.connection()
    assert conn is not None
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == db.APPLICATION_ID
    store.close()


@pytest.mark.parametrize(
    "content",
    [
        b"this is not a database at all\n" * 100,
        b"\x00" * 4096,
        os.urandom(8192),
    ],
    ids=["text", "zeros", "random"],
)
def test_a_corrupt_file_is_set_aside_with_a_notice(tmp_path: Path, content: bytes) -> None:
    (tmp_path / db.DB_NAME).write_bytes(content)
    store = StateStore(tmp_path)
    assert store.available
    notes = store.take_notices()
    assert len(notes) == 1 and "moved aside" in notes[0], notes
    moved = tmp_path / f"{db.DB_NAME}.corrupt-1"
    assert moved.read_bytes() == content  # kept, never deleted
    _save_one(store)  # and the fresh one works


def test_a_truncated_database_is_set_aside(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    for k in range(30):
        t = thread_of(doc(50, title=f"thread {k}"))
        mem = ThreadMemory(store, thread_key(t))
        mem.attach(t)
        mem.flush()
    store.close()
    path = tmp_path / db.DB_NAME
    data = path.read_bytes()
    assert len(data) > 8192
    path.write_bytes(data[:4096] + b"\xff" * 4096)
    again = StateStore(tmp_path)
    # Either found at open, or when a damaged page is first read: set aside both ways.
    rows = again.threads()
    notes = again.take_notices()
    assert any("moved aside" in n for n in notes), (notes, rows)
    assert again.available


def test_another_programs_database_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / db.DB_NAME
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE contacts (name TEXT)")
    other.execute("INSERT INTO contacts VALUES ('someone')")
    other.commit()
    other.close()
    store = StateStore(tmp_path)
    notes = store.take_notices()
    assert any("not a threadtui state database" in n for n in notes), notes
    kept = sqlite3.connect(tmp_path / f"{db.DB_NAME}.corrupt-1")
    assert kept.execute("SELECT name FROM contacts").fetchall() == [("someone",)]


def test_a_database_from_a_newer_threadtui_is_left_alone(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    conn = store.connection()
    assert conn is not None
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 5}")
    store.close()
    before = (tmp_path / db.DB_NAME).read_bytes()
    newer = StateStore(tmp_path)
    assert not newer.available
    notes = newer.take_notices()
    assert any("newer threadtui" in n for n in notes), notes
    assert (tmp_path / db.DB_NAME).read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))
    # Without a database every operation is a no-op, never an error.
    t = thread_of(doc(3))
    mem = ThreadMemory(newer, thread_key(t))
    mem.attach(t).mark_read(0)
    assert not mem.flush()


def _v1_database(directory: Path) -> None:
    """A database as schema version 1 wrote it, with one thread's memory in it."""
    conn = sqlite3.connect(directory / db.DB_NAME)
    for sql in db.MIGRATIONS[0]:
        conn.execute(sql)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    from threadtui.state import codec

    conn.execute(
        "INSERT INTO threads (key, title, total, unread, last_visit, cursor_id,"
        " cursor_index, cursor_row, read, rev) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ("fp:old", "old thread", 3, 1, 1000.0, "c2", 2, 4, codec.pack_flags(b"\x01\x01\x00"), 7),
    )
    conn.execute(
        "INSERT INTO seen (key, ids) VALUES (?, ?)", ("fp:old", codec.pack_ids(["c0", "c1", "c2"]))
    )
    conn.commit()
    conn.close()


def test_an_older_schema_is_upgraded_and_nothing_is_lost(tmp_path: Path) -> None:
    _v1_database(tmp_path)
    store = StateStore(tmp_path)
    assert store.available and not store.take_notices()
    conn = store.connection()
    assert conn is not None
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    assert {r[0] for r in conn.execute("SELECT name FROM sqlite_master")} >= db.TABLES
    resume = store.resume("fp:old")
    assert resume is not None
    assert (resume.cursor_id, resume.cursor_index, resume.cursor_row, resume.rev) == ("c2", 2, 4, 7)
    marks = store.marks("fp:old")
    assert marks is not None and marks.ids == ["c0", "c1", "c2"]
    assert marks.read == bytearray(b"\x01\x01\x00")


def test_a_failed_upgrade_rolls_back_and_keeps_the_old_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _v1_database(tmp_path)
    broken = (*db.MIGRATIONS[1], "THIS IS NOT SQL")
    monkeypatch.setitem(db.MIGRATIONS, 1, broken)
    store = StateStore(tmp_path)
    assert not store.available
    notes = store.take_notices()
    assert any("could not upgrade" in n for n in notes), notes
    assert not list(tmp_path.glob("*.corrupt-*"))
    conn = sqlite3.connect(tmp_path / db.DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT title FROM threads").fetchall() == [("old thread",)]
    conn.close()
    # Once the upgrade can run (the next threadtui), it does, and the thread is there.
    monkeypatch.setitem(db.MIGRATIONS, 1, broken[:-1])
    again = StateStore(tmp_path)
    assert again.available
    assert again.resume("fp:old") is not None


def test_upgrade_by_two_processes_at_once_is_done_once(tmp_path: Path) -> None:
    _v1_database(tmp_path)
    a = StateStore(tmp_path)
    b = StateStore(tmp_path)
    assert a.available and b.available
    assert not a.take_notices() and not b.take_notices()
    assert b.resume("fp:old") is not None


def test_a_state_dir_that_cannot_be_created_turns_memory_off(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = StateStore(blocker / "state")
    assert not store.available
    assert store.take_notices()


def test_a_busy_database_is_never_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another reader holding the database past the busy timeout is not damage: the
    file stays where it is, and memory is off this session with a notice."""
    monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.1)
    db.open_database(tmp_path).conn.close()  # type: ignore[union-attr]
    holder = sqlite3.connect(str(tmp_path / db.DB_NAME), isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        opened = db.open_database(tmp_path)
        assert opened.conn is None
        assert any("busy" in n for n in opened.notices), opened.notices
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(tmp_path.glob("*.corrupt-*"))
    again = db.open_database(tmp_path)
    assert again.conn is not None and not again.notices
    again.conn.close()
