"""A thread opened from the library (#14.5): at a match of the library's search
(`ui.jump`), and Esc going back to the list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from threadtui.importers import load_any
from threadtui.search import SearchIndex, SearchQuery
from threadtui.state import StateStore
from threadtui.state.library import Library
from threadtui.text import LayoutOptions
from threadtui.ui.app import ReaderApp
from threadtui.ui.jump import Jump
from threadtui.ui.reading import StateSetup


def write_thread(path: Path, n: int = 60) -> Path:
    comments = [{"id": f"c{j}", "body": f"comment {j} " + "words " * 30} for j in range(n)]
    comments[40]["body"] = "the needle is here"
    comments[50]["body"] = "another needle"
    path.write_text(
        json.dumps({"format": "threadtui/1", "title": "Haystack", "comments": comments}),
        encoding="utf-8",
    )
    return path


def jump_to(path: Path, word: str) -> Jump:
    query = SearchQuery(word)
    m = next(SearchIndex(load_any(str(path))).iter_matches(query))
    return Jump(query, m, f"c{m.index}")


async def until(pilot: Any, done: Any) -> None:
    for _ in range(500):
        if done():
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("never happened")


async def test_opens_at_the_match_and_n_goes_on(tmp_path: Path) -> None:
    f = write_thread(tmp_path / "t.json")
    j = jump_to(f, "needle")
    app = ReaderApp(load_any(str(f)), LayoutOptions(), jump=j, back=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.jump is None)
        assert app.comments.cursor == 40
        st = app.search
        assert st is not None and st.current is not None and st.current.index == 40
        await pilot.press("n")
        assert app.comments.cursor == 50


async def test_the_match_wins_over_the_resume(tmp_path: Path) -> None:
    from threadtui.state import Position, ThreadMemory, thread_key

    f = write_thread(tmp_path / "t.json")
    t = load_any(str(f))
    store = StateStore(tmp_path / "state")
    mem = ThreadMemory(store, thread_key(t))
    mem.attach(t)
    mem.set_position(Position("c10", 10, 0, ()))
    assert mem.flush()
    store.close()
    setup = StateSetup(path=None, directory=tmp_path / "state")
    app = ReaderApp(t, LayoutOptions(), state=setup, jump=jump_to(f, "needle"), back=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.jump is None and app.reading.marks is not None)
        await pilot.pause(0.1)
        assert app.comments.cursor == 40


async def test_a_match_whose_comment_moved_is_found_by_its_id(tmp_path: Path) -> None:
    f = write_thread(tmp_path / "t.json")
    j = jump_to(f, "needle")
    # The file changed since it was searched: two comments more before the match.
    d = json.loads(f.read_text(encoding="utf-8"))
    d["comments"][:0] = [{"id": "n1", "body": "new"}, {"id": "n2", "body": "new"}]
    f.write_text(json.dumps(d), encoding="utf-8")
    app = ReaderApp(load_any(str(f)), LayoutOptions(), jump=j, back=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, lambda: app.jump is None)
        assert app.comments.cursor == 42


async def test_escape_goes_back_to_the_library_only_from_it(tmp_path: Path) -> None:
    f = write_thread(tmp_path / "t.json")
    app = ReaderApp(load_any(str(f)), LayoutOptions(), back=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("j", "escape")
        await pilot.pause()
        assert app.is_running  # a reader not opened from the library: Esc does nothing
        await pilot.press("/", *"needle", "escape")  # Esc closes the search bar first
        assert app.is_running
    back = ReaderApp(load_any(str(f)), LayoutOptions(), back=True)
    async with back.run_test(size=(120, 30)) as pilot:
        await pilot.press("/", *"needle", "escape")
        await pilot.pause()
        assert back.is_running  # the first Esc closed the search bar
        await pilot.press("escape")
        await pilot.pause()
        assert not back.is_running
    assert back.return_code in (0, None)


def test_library_hits_name_their_comment(tmp_path: Path) -> None:
    f = write_thread(tmp_path / "lib" / "t.json") if (tmp_path / "lib").mkdir() is None else None
    assert f is not None
    lib = Library(StateStore(tmp_path / "state"), [str(tmp_path / "lib")], text_dir=tmp_path / "x")
    lib.scan()
    hits = list(lib.search(SearchQuery("needle"), [str(f)]))
    assert [(h.match.index, h.comment_id) for h in hits] == [(40, "c40")]
    lib.store.close()
