"""The reading memory in the reader (#14): resume, read and new marks, saving, a bad or
busy database. Pilot tests; each app gets its own state directory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from threadtui.model import Thread, load_thread_text
from threadtui.state import StateStore, ThreadMemory, db, thread_key
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.reading import StateSetup


def nested(tops: int, *, extra: dict[int, list[str]] | None = None) -> dict[str, Any]:
    """``tops`` top-level comments with two replies each (3 comments per top); ``extra``
    adds replies (by id) under top-level comment k."""
    extra = extra or {}
    comments = []
    for k in range(tops):
        replies = [{"id": f"t{k}r{r}", "body": f"reply {r} to {k}"} for r in range(2)]
        replies += [{"id": cid, "body": f"a new reply {cid}"} for cid in extra.get(k, [])]
        comments.append({"id": f"t{k}", "body": f"top {k} " + "words " * 20, "replies": replies})
    return {"format": "threadtui/1", "title": "Resume me", "comments": comments}


def thread_of(d: dict[str, Any]) -> Thread:
    return load_thread_text(json.dumps(d))


def make_app(thread: Thread, state: Path | None, **kw: Any) -> ReaderApp:
    setup = StateSetup(path=None, directory=state) if state is not None else None
    return ReaderApp(thread, LayoutOptions(), state=setup, **kw)


async def ready(pilot: Any) -> None:
    """Until the database is open and the marks attached (a worker thread)."""
    app = pilot.app
    for _ in range(500):
        if app.reading.marks is not None:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the reading memory never became ready")


def headers(app: ReaderApp) -> list[str]:
    cv = app.comments
    return [cv.render_line(y).text for y in range(cv.size.height)]


def header_of(app: ReaderApp) -> str:
    from threadtui.ui.header import Header

    return str(app.query_one("#header", Header).render())


def notes(app: ReaderApp) -> str:
    return " ".join(text for text, _ in app.notices.shown())  # logical, never wrapped


async def test_quit_on_the_40th_comment_reopen_there_with_folds(tmp_path: Path) -> None:
    t = thread_of(nested(30))
    app = make_app(t, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        cv = app.comments
        cv.focus()
        cv.toggle(3)  # fold t1 (index 3)
        cv.toggle(12)  # fold t4 (index 12)
        await pilot.pause()
        target = t.index_of("t13r1")
        assert target == 41
        while cv.cursor != target:
            await pilot.press("j")
        await pilot.press("q")
    assert target == cv.cursor

    again = make_app(t, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        cv = again.comments
        assert cv.cursor == target
        assert cv.thread.ids[cv.cursor] == "t13r1"
        assert bool(cv.fold.collapsed[3]) and bool(cv.fold.collapsed[12])
        assert sum(cv.fold.collapsed) == 2
        assert "Back where you left" in again.status_line.shown_text()
        await pilot.press("g")  # the one key back to the top
        assert cv.cursor == 0


async def test_read_marks_show_in_headers_and_count(tmp_path: Path) -> None:
    t = thread_of(nested(5))
    app = make_app(t, tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        marks = app.reading.marks
        assert marks is not None
        cv = app.comments
        cv.focus()
        # The cursor's comment is read; the rest unread, marked with a bullet.
        assert marks.is_read(0) and not marks.is_read(1)
        assert marks.unread == len(t) - 1
        assert f"{len(t) - 1} unread" in header_of(app)
        lines = headers(app)
        assert any("• " in line and "anonymous" in line for line in lines)
        await pilot.press("j", "j")
        assert marks.is_read(1) and marks.is_read(2)
        assert marks.unread == len(t) - 3
        # Toggle one back to unread; the next-unread key finds the first unread.
        await pilot.press("x")
        assert not marks.is_read(2)
        await pilot.press("g", "full_stop")
        assert cv.cursor == 2
        # Subtree and thread.
        cv.move_to(6)
        await pilot.press("m")
        assert all(marks.is_read(i) for i in range(6, 9))
        await pilot.press("M")
        assert marks.unread == 0
        assert "unread" not in header_of(app)
        await pilot.press("full_stop")
        assert "No later unread" in app.status_line.shown_text()


async def test_paged_past_comments_are_read(tmp_path: Path) -> None:
    t = thread_of(nested(30))
    app = make_app(t, tmp_path)
    async with app.run_test(size=(100, 20)) as pilot:
        await ready(pilot)
        cv = app.comments
        cv.focus()
        first_screen = cv.on_screen()
        await pilot.press("pagedown", "pagedown")
        marks = app.reading.marks
        assert marks is not None
        now = cv.on_screen()
        for i in first_screen:
            if i < now[0]:
                assert marks.is_read(i), i
        # A comment never on screen is not read by paging.
        assert not marks.is_read(len(t) - 1)


async def test_five_new_comments_counted_and_visited(tmp_path: Path) -> None:
    before = thread_of(nested(12))
    app = make_app(before, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("q")
    added = {1: ["n1"], 4: ["n2", "n3"], 9: ["n4"], 11: ["n5"]}
    after = thread_of(nested(12, extra=added))
    again = make_app(after, tmp_path)
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert "5 new" in header_of(again)
        cv = again.comments
        cv.focus()
        await pilot.press("g")
        visited = []
        for _ in range(7):
            await pilot.press("greater_than_sign")
            cid = cv.thread.ids[cv.cursor]
            if visited and cid == visited[-1]:
                break
            visited.append(cid)
        assert visited == ["n1", "n2", "n3", "n4", "n5"]
        assert "No later new" in again.status_line.shown_text()
        await pilot.press("less_than_sign")
        assert cv.thread.ids[cv.cursor] == "n4"
        # Folded, top-level comment 4 says how many new replies it hides.
        k = cv.thread.index_of("t4")
        assert k is not None
        cv.move_to(k)
        await pilot.press("space")
        assert any("2 new]" in line for line in headers(again))


async def test_another_reader_meanwhile_both_sets_of_marks_kept(tmp_path: Path) -> None:
    t = thread_of(nested(10))
    app = make_app(t, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        cv = app.comments
        cv.focus()
        await pilot.press("j", "j")  # this reader reads 0, 1, 2
        # Another reader (another process in life) reads the last three and saves.
        other = StateStore(tmp_path)
        mem = ThreadMemory(other, thread_key(t))
        marks = mem.attach(t)
        for i in range(len(t) - 3, len(t)):
            marks.mark_read(i)
        assert mem.flush()
        other.close()
        await pilot.press("q")
    check = StateStore(tmp_path)
    stored = check.marks(thread_key(t))
    check.close()
    assert stored is not None
    read = {stored.ids[k] for k, v in enumerate(stored.read) if v}
    assert read == {t.ids[i] for i in (0, 1, 2, len(t) - 3, len(t) - 2, len(t) - 1)}


async def test_saves_while_reading_in_the_background(tmp_path: Path) -> None:
    t = thread_of(nested(10))
    app = make_app(t, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        app.comments.focus()
        await pilot.press("j", "j", "j")
        # What the timer does every few seconds: a save in a worker thread.
        app.reading._tick()
        for _ in range(300):
            if not app.reading._saving:
                break
            await pilot.pause(0.01)
        probe = StateStore(tmp_path)
        stored = probe.marks(thread_key(t))
        probe.close()
        assert stored is not None and sum(stored.read) == 4
        assert app.reading.memory is not None and not app.reading.memory.dirty


async def test_a_corrupt_database_is_set_aside_and_the_thread_opens(tmp_path: Path) -> None:
    (tmp_path / db.DB_NAME).write_bytes(b"this is no database at all\x00" * 100)
    t = thread_of(nested(4))
    app = make_app(t, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert "moved aside" in notes(app)
        assert len(app.comments.thread) == len(t)
    assert (tmp_path / f"{db.DB_NAME}.corrupt-1").exists()


async def test_a_busy_database_blocks_nothing_and_is_never_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT", 0.2)
    StateStore(tmp_path).close()
    holder = sqlite3.connect(str(tmp_path / db.DB_NAME), isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        t = thread_of(nested(4))
        app = make_app(t, tmp_path)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("j")  # keys work at once
            assert app.comments.cursor == 1
            for _ in range(300):
                if app.reading.memory is not None:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            assert "busy" in notes(app)
            await pilot.press("q")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(tmp_path.glob("*.corrupt-*"))
    assert StateStore(tmp_path).available


async def test_no_state_shows_no_marks(tmp_path: Path) -> None:
    t = thread_of(nested(4))
    app = make_app(t, None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.reading.marks is None
        assert not any("•" in line for line in headers(app))
        await pilot.press("full_stop")
        assert "off" in app.status_line.shown_text()
    assert not (tmp_path / db.DB_NAME).exists()


def test_the_flag_and_the_config_key_turn_it_off(tmp_path: Path) -> None:
    from threadtui.cli.commands import _state_setup
    from threadtui.cli.parser import build_parser
    from threadtui.options import resolve

    p = build_parser()
    on = p.parse_args(["open", "x.json"])
    off = p.parse_args(["open", "--no-state", "x.json"])
    assert resolve(on, None, environ={})["state"] is True
    assert resolve(off, None, environ={})["state"] is False
    assert _state_setup(off, resolve(off, None, environ={})["state"]) is None
    assert resolve(on, None, environ={"THREADTUI_STATE": "0"})["state"] is False
