"""The library screen (#14.5): the list, its scan, filter, sort, Enter and coming back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from threadtui.state import StateStore
from threadtui.state.library import Library
from threadtui.text import LayoutOptions
from threadtui.ui.library import LibraryApp, Place


def write_threads(root: Path, n: int) -> list[Path]:
    out = []
    for k in range(n):
        d = root / f"sub{k % 3}"
        d.mkdir(parents=True, exist_ok=True)
        p = d / f"thread{k:03}.json"
        doc = {
            "format": "threadtui/1",
            "title": f"{'alpha' if k % 2 else 'bravo'} thread {k}",
            "url": f"https://news.example.com/item?id={k}",
            "comments": [{"id": f"c{j}", "body": "x" * (k + 1)} for j in range(k + 1)],
        }
        p.write_text(json.dumps(doc), encoding="utf-8")
        out.append(p)
    (root / "broken.json").write_text('{"title": "broken", "comments": [', encoding="utf-8")
    return out


def make(root: Path, state: Path, place: Place | None = None) -> tuple[LibraryApp, StateStore]:
    store = StateStore(state)
    lib = Library(store, [str(root)], text_dir=state / "text")
    return LibraryApp(lib, lib.listing(), LayoutOptions(), place=place), store


async def scanned(pilot: Any) -> None:
    app = pilot.app
    done: list[bool] = []
    app.on_scanned = lambda: done.append(True)
    for _ in range(1000):
        if done or not app._scanning:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the scan never ended")


def shown(app: LibraryApp) -> list[str]:
    return [e.title or Path(e.path).name for e in app.rows.entries]


async def test_first_scan_lists_every_file_with_its_error(tmp_path: Path) -> None:
    root = tmp_path / "threads"
    write_threads(root, 12)
    app, store = make(root, tmp_path / "state")
    assert app.all_entries == []  # nothing indexed before the first scan
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.press("j")  # keys work while it scans
        await scanned(pilot)
        assert len(app.all_entries) == 13
        broken = [e for e in app.all_entries if e.error is not None]
        assert len(broken) == 1 and "broken.json" in broken[0].path
        assert "\n" not in broken[0].error  # type: ignore[operator]
        text = "\n".join(app.rows.render_line(y).text for y in range(app.rows.size.height))
        assert "broken.json" in text and "alpha thread" in text
        assert app.scan_progress is not None and app.scan_progress.done
    store.close()
    # The second time the index lists them at once, before any scan.
    again, store = make(root, tmp_path / "state")
    assert len(again.all_entries) == 13
    store.close()


async def test_filter_sort_open_and_come_back_at_the_same_place(tmp_path: Path) -> None:
    root = tmp_path / "threads"
    write_threads(root, 9)
    app, store = make(root, tmp_path / "state")
    async with app.run_test(size=(140, 30)) as pilot:
        await scanned(pilot)
        await pilot.press("f", *"alpha")
        await pilot.pause()
        assert shown(app) and all("alpha" in t for t in shown(app))
        assert len(shown(app)) == 4
        await pilot.press("enter")  # back to the list, filter kept
        await pilot.press("s", "s")  # newest, then title
        assert app.sort == "title"
        assert shown(app) == sorted(shown(app), key=str.casefold)
        await pilot.press("j", "enter")
    store.close()
    chosen = app.chosen
    place = app.return_value
    assert chosen is not None and isinstance(place, Place)
    assert place.filter == "alpha" and place.sort == "title" and place.path == chosen.path
    back, store = make(root, tmp_path / "state", place)
    async with back.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert back.rows.current is not None and back.rows.current.path == chosen.path
        assert all("alpha" in t for t in shown(back))
        await pilot.press("escape")  # the filter cleared
        assert len(shown(back)) == 10
        assert back.rows.current is not None and back.rows.current.path == chosen.path
        await pilot.press("q")
    assert back.chosen is None
    store.close()


async def test_reading_a_thread_updates_its_counts(tmp_path: Path) -> None:
    from threadtui.importers import load_any
    from threadtui.state import ThreadMemory, thread_key

    root = tmp_path / "threads"
    paths = write_threads(root, 4)
    app, store = make(root, tmp_path / "state")
    async with app.run_test(size=(140, 30)) as pilot:
        await scanned(pilot)
    t = load_any(str(paths[3]))
    mem = ThreadMemory(store, thread_key(t))
    marks = mem.attach(t)
    marks.mark_read(0)
    assert mem.flush()
    entry = next(e for e in Library(store, [str(root)]).listing() if e.path == str(paths[3]))
    assert entry.unread == len(t) - 1 and entry.last_read is not None
    store.close()


def write_searchable(root: Path) -> dict[str, Path]:
    """Three threads: a Persian word (written with an Arabic kaf) in comment 5 of one, an
    English word in comment 2 of another, neither in the third."""
    docs = {
        "persian": (5, "این كتاب را می‌خواهم"),
        "english": (2, "Housing prices again"),
        "neither": (1, "nothing to see"),
    }
    out = {}
    for name, (at, body) in docs.items():
        comments = [{"id": f"{name}{j}", "body": f"comment {j}"} for j in range(8)]
        comments[at]["body"] = body
        p = root / f"{name}.json"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(
            json.dumps({"format": "threadtui/1", "title": f"{name} thread", "comments": comments}),
            encoding="utf-8",
        )
        out[name] = p
    return out


async def searched(pilot: Any) -> None:
    app = pilot.app
    for _ in range(1000):
        if app.search.done:
            await pilot.pause()
            return
        await pilot.pause(0.01)
    raise AssertionError("the library's search never ended")


def screen_text(app: LibraryApp) -> str:
    return "\n".join(app.rows.render_line(y).text for y in range(app.rows.size.height))


async def test_slash_searches_every_thread_and_opens_at_the_match(tmp_path: Path) -> None:
    root = tmp_path / "threads"
    files = write_searchable(root)
    app, store = make(root, tmp_path / "state")
    async with app.run_test(size=(140, 30)) as pilot:
        await scanned(pilot)
        assert len(shown(app)) == 3
        await pilot.press("/", *"کتاب")  # Persian kaf: finds the Arabic one
        assert len(shown(app)) == 3  # typing does not search yet
        await pilot.press("enter")
        await searched(pilot)
        assert shown(app) == ["persian thread"]
        assert "»" in screen_text(app)  # the line around the match, not the columns
        await pilot.press("enter")
    store.close()
    hit = app.chosen_hit
    assert app.chosen is not None and app.chosen.path == str(files["persian"])
    assert hit is not None and hit.match.index == 5 and hit.comment_id == "persian5"
    place = app.return_value
    assert isinstance(place, Place) and place.search == "کتاب" and place.search_done
    # Back from the thread: the results again, the cursor on the same thread.
    back, store = make(root, tmp_path / "state", place)
    async with back.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert shown(back) == ["persian thread"]
        await pilot.press("escape")  # leave the results: every thread, the cursor kept
        assert len(shown(back)) == 3
        assert back.rows.current is not None and back.rows.current.path == str(files["persian"])
        await pilot.press("/", *"housing", "enter")
        await searched(pilot)
        assert shown(back) == ["english thread"]
        await pilot.press("/", *"zebra", "enter")
        await searched(pilot)
        assert shown(back) == []
        assert "No thread has a match" in str(back.query_one("#lib-bottom").render())
        await pilot.press("q")
    assert back.chosen is None
    store.close()


async def test_library_search_keys_while_typing_are_the_querys(tmp_path: Path) -> None:
    root = tmp_path / "threads"
    write_searchable(root)
    app, store = make(root, tmp_path / "state")
    async with app.run_test(size=(140, 30)) as pilot:
        await scanned(pilot)
        await pilot.press("/", *"sq", "escape")  # s (sort) and q (quit) typed, not run
        assert app.sort == "last read" and app.is_running
        assert not app.search.active  # Esc while typing: no search
        await pilot.press("/")
        assert app.search_input.value == ""  # what was typed went with Esc
        await pilot.press("space", "enter")  # only spaces: no search
        await pilot.pause()
        assert not app.search.active and len(shown(app)) == 3
        await pilot.press("q")
    store.close()
