"""`threadtui.model.writer`: flat threadtui/1 documents, atomic writes, round trips."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from threadtui.importers import load_any
from threadtui.model.builder import ThreadBuilder
from threadtui.model.format import ThreadFile
from threadtui.model.thread import ArticleData
from threadtui.model.writer import ThreadWriteError, thread_to_document, write_thread

from .helpers import FIXTURES, columns, shape

ALL_FIXTURES = [
    "hn_algolia.json",
    "hn_firebase.json",
    "hn_firebase.jsonl",
    "reddit.json",
    "lobsters.json",
    "lobsters_old.json",
    "discourse.json",
    "mastodon.json",
    "lemmy.json",
    "mail.mbox",
    "arabic.eml",
]


def _small():
    b = ThreadBuilder("A thread", url="https://e.com/t", source="tests")
    b.extras_top = {"site": {"name": "e"}}
    b.article = ArticleData(
        title="Art",
        author="me",
        published=datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        published_text="2024-01-02T03:04:05Z",
        body="para 1\n\npara 2",
    )
    top = b.add("first", id="a", author="x", score=3, url="https://e.com/a")
    b.add("reply", id="b", nested_in=top, posted=datetime(2024, 1, 3, tzinfo=UTC))
    b.add("[deleted]", id="c", deleted=True, more=2, extras={"flair": "gold"})
    b.add("late reply", id="d", parent="a")
    b.add_more(-1, 7)
    return b.build()


def test_flat_document_in_reading_order() -> None:
    doc = thread_to_document(_small())
    assert doc["format"] == "threadtui/1"
    assert doc["title"] == "A thread" and doc["url"] == "https://e.com/t"
    assert doc["more"] == 7
    assert doc["site"] == {"name": "e"}
    assert doc["article"] == {
        "title": "Art",
        "author": "me",
        "published": "2024-01-02T03:04:05Z",
        "body": "para 1\n\npara 2",
    }
    assert doc["comments"] == [
        {"id": "a", "author": "x", "score": 3, "url": "https://e.com/a", "body": "first"},
        {"id": "b", "parent": "a", "posted": "2024-01-03T00:00:00+00:00", "body": "reply"},
        {"id": "d", "parent": "a", "body": "late reply"},
        {"id": "c", "deleted": True, "more": 2, "flair": "gold", "body": "[deleted]"},
    ]
    TypeAdapter(ThreadFile).validate_python(doc)  # the format's models accept it


def test_write_and_read_back(tmp_path: Path) -> None:
    t = _small()
    out = tmp_path / "t.json"
    write_thread(t, out)
    back = load_any(out)
    assert columns(back) == columns(t)
    assert back.extras == t.extras and back.extras_top == t.extras_top
    assert back.article == t.article and back.more_top == 7
    assert not [p for p in os.listdir(tmp_path) if p != "t.json"]  # no temp file left
    # one comment per line
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sum(1 for ln in lines if ln.startswith('    {"id"')) == 4


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_round_trip_every_format(name: str, tmp_path: Path) -> None:
    """Convert, then open the result: the same tree and columns."""
    t = load_any(FIXTURES / name)
    out = tmp_path / "converted.json"
    write_thread(t, out, input_path=FIXTURES / name)
    back = load_any(out)
    assert columns(back) == columns(t)
    assert shape(back) == shape(t)
    assert (back.title, back.url, back.source, back.more_top) == (
        t.title,
        t.url,
        t.source,
        t.more_top,
    )
    assert back.warnings == []
    for i, (text, when) in enumerate(zip(t.posted_text, t.posted, strict=True)):
        if text is not None and when is not None:
            try:
                same = datetime.fromisoformat(text) == when
            except ValueError:
                same = False
            if same:
                assert back.posted_text[i] == text  # ISO dates are kept as written
    if t.article is None:
        assert back.article is None
    else:
        assert back.article is not None
        for field in ("title", "subtitle", "author", "published", "url", "body"):
            assert getattr(back.article, field) == getattr(t.article, field)
    # and converting again gives the same file
    out2 = tmp_path / "again.json"
    write_thread(back, out2)
    assert out2.read_bytes() == out.read_bytes()


def test_ten_thousand_deep_without_recursion(tmp_path: Path) -> None:
    b = ThreadBuilder("deep")
    h = -1
    for k in range(10_000):
        h = b.add(f"level {k}", id=str(k), nested_in=h)
    t = b.build()
    out = tmp_path / "deep.json"
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        write_thread(t, out)
        doc = thread_to_document(t)
    finally:
        sys.setrecursionlimit(limit)
    assert doc["comments"][9999] == {"id": "9999", "parent": "9998", "body": "level 9999"}
    back = load_any(out)
    assert back.depth[-1] == 9999 and columns(back) == columns(t)


def test_refuses_to_overwrite_the_input(tmp_path: Path) -> None:
    src = tmp_path / "in.json"
    src.write_bytes((FIXTURES / "lobsters.json").read_bytes())
    t = load_any(src)
    with pytest.raises(ThreadWriteError, match="input file"):
        write_thread(t, src, input_path=src)
    link = tmp_path / "link.json"
    link.symlink_to(src)
    with pytest.raises(ThreadWriteError, match="input file"):
        write_thread(t, link, input_path=src)
    assert src.read_bytes() == (FIXTURES / "lobsters.json").read_bytes()


@pytest.mark.parametrize("unnamed", [True, False])
def test_failed_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unnamed: bool
) -> None:
    from threadtui.model import writer

    if not unnamed:
        monkeypatch.setattr(writer, "_O_TMPFILE", 0)
    out = tmp_path / "out.json"
    out.write_text("old", encoding="utf-8")
    real = writer._write_chunks

    def disk_full(thread: object, write: object) -> int:
        real(thread, write)  # type: ignore[arg-type]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_write_chunks", disk_full)
    with pytest.raises(ThreadWriteError, match="No space left"):
        write_thread(_small(), out)
    assert out.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.json"]


def test_nan_is_written_as_null_with_a_warning(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    t = _small()
    t.extras[0] = {"bad": float("nan"), "big": float("inf")}  # JSON has no NaN
    said: list[str] = []
    write_thread(t, out, warn=said.append)
    doc = json.loads(out.read_text(encoding="utf-8"), parse_constant=lambda c: 1 / 0)
    assert doc["comments"][0]["bad"] is None and doc["comments"][0]["big"] == float("inf")
    assert said == [f"{out}: 1 NaN value in unknown keys written as null (JSON has no NaN)"]


def test_errors_are_one_line(tmp_path: Path) -> None:
    t = _small()
    with pytest.raises(ThreadWriteError, match="directory"):
        write_thread(t, tmp_path)
    with pytest.raises(ThreadWriteError, match="does not exist"):
        write_thread(t, tmp_path / "no" / "such" / "dir.json")


def test_keeps_the_mode_of_a_replaced_file(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("{}", encoding="utf-8")
    out.chmod(0o640)
    write_thread(_small(), out)
    assert out.stat().st_mode & 0o777 == 0o640


def test_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    write_thread(_small(), "-")
    doc = json.loads(capsys.readouterr().out)
    assert doc == thread_to_document(_small())
