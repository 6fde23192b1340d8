"""The library's scanner and index: what it finds, what it never touches, the counts,
and library-wide search."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest

from threadtui.search import SearchQuery
from threadtui.state import StateStore, ThreadMemory, thread_key
from threadtui.state.library import Library
from threadtui.state.walk import walk

from .helpers import comments, doc, thread_of, write

FIXTURES = Path(__file__).resolve().parents[1] / "importers" / "fixtures"


def _library(tmp_path: Path) -> Path:
    lib = tmp_path / "lib"
    write(lib / "one.json", doc(5, title="First", url="https://x.org/t/1"))
    (lib / "sub" / "deeper").mkdir(parents=True)
    (lib / "sub" / "deeper" / "two.json.gz").write_bytes(
        gzip.compress(json.dumps(doc(7, title="Second ي", url="https://x.org/t/2")).encode())
    )
    (lib / "broken.json").write_text('{"title": "cut', encoding="utf-8")
    (lib / "notes.txt").write_text("not a thread")
    (lib / ".hidden.json").write_text(json.dumps(doc(2)))
    shutil.copy(FIXTURES / "mail.mbox", lib / "list-archive")  # no suffix: sniffed
    md = lib / "maildir"
    for d in ("cur", "new", "tmp"):
        (md / d).mkdir(parents=True)
    shutil.copy(FIXTURES / "arabic.eml", md / "cur" / "1:2,S")
    return lib


def test_scan_lists_every_thread_file_and_errors(tmp_path: Path) -> None:
    lib = _library(tmp_path)
    library = Library(StateStore(tmp_path / "state"), [str(lib)])
    result = library.scan()
    entries = {os.path.relpath(e.path, lib): e for e in library.listing()}
    assert set(entries) == {
        "one.json",
        os.path.join("sub", "deeper", "two.json.gz"),
        "broken.json",
        "list-archive",
        "maildir",
    }, entries
    assert result.found == 5 and result.indexed == 5
    one = entries["one.json"]
    assert (one.title, one.source, one.comments, one.error) == ("First", "x.org", 5, None)
    assert one.unread == 5 and one.new == 0 and one.last_read is None
    broken = entries["broken.json"]
    assert broken.error is not None and "\n" not in broken.error
    assert entries["maildir"].error is None and entries["maildir"].comments >= 1
    assert entries["list-archive"].error is None


def test_a_second_scan_loads_only_what_changed(tmp_path: Path) -> None:
    lib = _library(tmp_path)
    loads: list[str] = []
    from threadtui.state.library import default_loader

    def counting(path: str):  # type: ignore[no-untyped-def]
        loads.append(path)
        return default_loader(path)

    library = Library(StateStore(tmp_path / "state"), [str(lib)], load=counting)
    library.scan()
    loads.clear()
    assert library.scan().indexed == 0 and loads == []
    write(lib / "one.json", doc(9, title="First", url="https://x.org/t/1"))
    (lib / "broken.json").unlink()
    result = library.scan()
    assert [os.path.basename(p) for p in loads] == ["one.json"]
    assert result.removed == 1
    names = {os.path.basename(e.path): e for e in library.listing()}
    assert "broken.json" not in names and names["one.json"].comments == 9


def test_the_walk_never_leaves_the_folder_nor_blocks(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write(outside / "secret.json", doc(3, title="outside"))
    lib = tmp_path / "lib"
    write(lib / "ok.json", doc(2))
    (lib / "a").mkdir()
    os.symlink(outside, lib / "a" / "out-dir")
    os.symlink(outside / "secret.json", lib / "out-file.json")
    os.symlink(lib, lib / "a" / "loop")
    os.symlink(lib / "ok.json", lib / "a" / "same.json")  # inside: the same file, once
    os.symlink(lib / "missing.json", lib / "dangling.json")
    os.mkfifo(lib / "fifo.json")
    os.mkfifo(lib / "fifo")  # no suffix: would be sniffed; must not be opened
    found = [f.path for f in walk(str(lib))]
    assert found == [str((lib / "ok.json").resolve())]


def test_a_deep_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    d = tmp_path / "lib"
    p = d
    for _k in range(300):
        p = p / "d"
    p.mkdir(parents=True)
    write(p / "deep.json", doc(1))
    assert [os.path.basename(f.path) for f in walk(str(d))] == ["deep.json"]


def test_counts_follow_the_reading_memory(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    d = doc(10, title="T", url="https://x.org/t/9")
    write(lib / "t.json", d)
    store = StateStore(tmp_path / "state")
    library = Library(store, [str(lib)])
    library.scan()
    t = thread_of(d)
    mem = ThreadMemory(store, thread_key(t))
    mem.attach(t).set_range(0, 4, True)
    mem.flush()
    (e,) = library.listing()
    assert (e.unread, e.new) == (6, 0) and e.last_read is not None
    d["comments"] += comments(3, start=10)
    write(lib / "t.json", d)
    library.scan()
    (e,) = library.listing()
    assert (e.comments, e.unread, e.new) == (13, 9, 3)


def _search(library: Library, text: str, **kw: object) -> list[str]:
    paths = [e.path for e in sorted(library.listing(), key=lambda e: e.path)]
    return [os.path.basename(h.path) for h in library.search(SearchQuery(text, **kw), paths)]  # type: ignore[arg-type]


def test_library_search_uses_the_persian_fold(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    a = doc(3, title="a")
    a["comments"][1]["body"] = "این كتاب را می‌خواهم"  # Arabic kaf, ZWNJ
    write(lib / "a.json", a)
    b = doc(3, title="b")
    b["comments"][2]["body"] = "Housing prices again"
    write(lib / "b.json", b)
    write(lib / "c.json", doc(3, title="c"))
    library = Library(StateStore(tmp_path / "state"), [str(lib)])
    library.scan()
    assert _search(library, "کتاب") == ["a.json"]  # Persian kaf finds Arabic kaf
    assert _search(library, "میخواهم") == ["a.json"]
    assert _search(library, "می خواهم") == ["a.json"]
    assert _search(library, "housing") == ["b.json"]
    assert _search(library, "Housing") == ["b.json"]
    assert _search(library, "HOUSING") == []  # smart case, as in the reader
    assert _search(library, "comment 0 body") == ["a.json", "b.json", "c.json"]
    assert _search(library, r"pri\w+s", regex=True) == ["b.json"]
    hits = list(library.search(SearchQuery("housing"), [str(lib / "b.json")]))
    assert hits[0].match.index == 2 and "»Housing«" in hits[0].snippet


def test_search_reads_the_file_when_its_text_is_not_indexed(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    write(lib / "a.json", dict(doc(2), title="zebra"))
    library = Library(StateStore(tmp_path / "state"), [str(lib)])
    assert _search(library, "zebra") == []  # not scanned: not listed
    library.scan()
    for p in library.text_dir.glob("library-text-*"):
        p.unlink()  # the cache is gone: found all the same, in the file itself
    assert _search(library, "zebra") == ["a.json"]
    assert library.scan().indexed == 1  # and the next scan puts it back
    assert list(library.text_dir.glob("library-text-*"))


def test_text_file_is_compacted_when_mostly_garbage(tmp_path: Path) -> None:
    lib = tmp_path / "lib"
    big = doc(2)
    big["comments"][0]["body"] = "x" * 400_000 + " marker"
    for k in range(4):
        write(lib / f"{k}.json", dict(big, title=f"t{k}"))
    state = tmp_path / "state"
    library = Library(StateStore(state), [str(lib)])
    library.scan()
    for k in range(4):
        (lib / f"{k}.json").write_text(json.dumps(dict(doc(2), title=f"t{k}")))
        os.utime(lib / f"{k}.json", ns=(1, 1 + k))
    library.scan()
    files = sorted(p.name for p in library.text_dir.glob("library-text-*"))
    assert len(files) == 1 and files[0].endswith("-2"), files
    assert (library.text_dir / files[0]).stat().st_size < 10_000
    assert _search(library, "comment 1") == [f"{k}.json" for k in range(4)]
    assert _search(library, "marker") == []


@pytest.mark.parametrize("n", [0, 1])
def test_empty_and_missing_folders(tmp_path: Path, n: int) -> None:
    folder = tmp_path / ("empty" if n else "missing")
    if n:
        folder.mkdir()
    library = Library(StateStore(tmp_path / "state"), [str(folder)])
    result = library.scan()
    assert library.listing() == []
    assert bool(result.notes) == (n == 0)
