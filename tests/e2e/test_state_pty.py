"""The reading memory as a user meets it (#14): the `threadtui` console script on a real
pseudo-terminal, the state directory the test's own. Quit on a comment and reopen; a
thread that grew; SIGHUP (an SSH drop) saves; two readers of one thread at once."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from threadtui.importers import load_any
from threadtui.state import StateStore, thread_key

from .helpers import STARTUP_TIMEOUT, start_reader, wait_painted

pytestmark = pytest.mark.pty

COLS, ROWS = 120, 30  # wide: both panes, the comments focused


def doc(tops: int, extra: dict[int, list[str]] | None = None) -> dict[str, Any]:
    extra = extra or {}
    comments = []
    for k in range(tops):
        replies = [{"id": f"t{k}r{r}", "body": f"reply {r} to {k}"} for r in range(2)]
        replies += [{"id": c, "body": f"new reply {c}"} for c in extra.get(k, [])]
        comments.append({"id": f"t{k}", "body": f"top {k}", "replies": replies})
    return {"format": "threadtui/1", "title": "Pty memory", "comments": comments}


def write(path: Path, d: dict[str, Any]) -> Path:
    path.write_text(json.dumps(d), encoding="utf-8")
    return path


def env(tmp_path: Path) -> dict[str, str]:
    return {
        "THREADTUI_STATE_DIR": str(tmp_path / "state"),
        "THREADTUI_CACHE_DIR": str(tmp_path / "cache"),
    }


def open_reader(home: Path, tmp_path: Path, path: Path) -> Any:
    app = start_reader(home, [str(path)], cols=COLS, rows=ROWS, extra_env=env(tmp_path))
    wait_painted(app, "Pty memory")
    return app


def stored(tmp_path: Path, path: Path) -> tuple[Any, set[str]]:
    store = StateStore(tmp_path / "state")
    try:
        key = thread_key(load_any(str(path)))
        marks = store.marks(key)
        resume = store.resume(key)
    finally:
        store.close()
    read = {marks.ids[k] for k, v in enumerate(marks.read) if v} if marks else set()
    return resume, read


def quit_reader(app: Any) -> None:
    app.send("q")
    assert app.wait(15) == 0, app.dump()


def test_quit_on_the_40th_comment_reopen_there(home: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t.json", doc(20))  # 60 comments
    app = open_reader(home, tmp_path, f)
    try:
        wait_painted(app, "59 unread")  # the first comment is read: it is under the cursor
        for _ in range(39):
            app.send("j")
        wait_painted(app, "20 unread")  # on the 40th comment now
        quit_reader(app)
    finally:
        app.close()
    resume, read = stored(tmp_path, f)
    assert resume is not None and resume.cursor_index == 39 and len(read) == 40
    again = open_reader(home, tmp_path, f)
    try:
        wait_painted(again, "Back where you left: comment 40 of 60", STARTUP_TIMEOUT)
        assert "20 unread" in again.text()
        quit_reader(again)
    finally:
        again.close()


def test_five_new_comments_after_the_file_grew(home: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t.json", doc(8))
    app = open_reader(home, tmp_path, f)
    try:
        wait_painted(app, "23 unread")
        quit_reader(app)
    finally:
        app.close()
    write(f, doc(8, {0: ["n1"], 3: ["n2", "n3"], 5: ["n4"], 7: ["n5"]}))
    again = open_reader(home, tmp_path, f)
    try:
        wait_painted(again, "5 new")
        for _ in range(6):
            again.send(">")
        wait_painted(again, "No later new comment")
        quit_reader(again)
    finally:
        again.close()
    resume, read = stored(tmp_path, f)
    # Next-new visited the five (each read once under the cursor) and stopped on the last.
    assert {"n1", "n2", "n3", "n4", "n5"} <= read
    assert resume is not None and resume.cursor_id == "n5"


def test_sighup_saves_the_marks(home: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t.json", doc(6))
    app = open_reader(home, tmp_path, f)
    try:
        wait_painted(app, "17 unread")
        app.send("j")
        app.send("j")
        wait_painted(app, "15 unread")
        os.kill(app.pid, signal.SIGHUP)
        assert app.wait(15) is not None
    finally:
        app.close()
    resume, read = stored(tmp_path, f)
    assert read == {"t0", "t0r0", "t0r1"}
    assert resume is not None and resume.cursor_id == "t0r1"


def test_two_readers_at_once_keep_both_sets_of_marks(home: Path, tmp_path: Path) -> None:
    f = write(tmp_path / "t.json", doc(6))
    a = open_reader(home, tmp_path, f)
    b = open_reader(home, tmp_path, f)
    try:
        wait_painted(a, "17 unread")
        wait_painted(b, "17 unread")
        a.send("j")
        wait_painted(a, "16 unread")
        b.send("]")  # the next top-level comment
        wait_painted(b, "16 unread")
        quit_reader(a)
        quit_reader(b)
    finally:
        a.close()
        b.close()
    _, read = stored(tmp_path, f)
    assert read == {"t0", "t0r0", "t1"}  # a's reply and b's top-level comment both kept


def shelf(root: Path, k: int) -> Path:
    comments = [
        {"id": f"s{k}c{j}", "body": f"body of shelf {k} comment {j}", "posted": f"2024-01-0{k + 1}"}
        for j in range(6)
    ]
    if k == 0:
        comments[4]["body"] = "the needle of shelf 0"
    d = {"format": "threadtui/1", "title": f"Shelf {k}", "comments": comments}
    return write(root / f"shelf{k}.json", d)


def test_library_enter_esc_comes_back_at_the_same_place(home: Path, tmp_path: Path) -> None:
    root = tmp_path / "threads"
    root.mkdir()
    for k in range(4):
        shelf(root, k)
    app = start_reader(home, ["library", str(root)], cols=COLS, rows=ROWS, extra_env=env(tmp_path))
    try:
        wait_painted(app, "Shelf 0")  # newest activity first: 3, 2, 1, 0
        wait_painted(app, "4 threads")
        app.send("jj")
        app.send("\r")
        wait_painted(app, "body of shelf 1 comment 0")
        app.send("\x1b")  # Esc: back to the list, on the same thread
        wait_painted(app, "sorted by")  # the list again (the prompt line says "library" too)
        app.send("\r")
        wait_painted(app, "body of shelf 1 comment 0")
        app.send("q")  # q does the same
        wait_painted(app, "sorted by")  # the list again (the prompt line says "library" too)
        app.send("/needle\r")
        wait_painted(app, "1 thread with a match")
        app.send("\r")  # opens at the match
        wait_painted(app, "Match in comment 5")
        assert "the needle of shelf 0" in app.text()
        app.send("\x1b")
        wait_painted(app, "search: needle")  # back to the search's results
        app.send("q")
        assert app.wait(15) == 0, app.dump()
    finally:
        app.close()
