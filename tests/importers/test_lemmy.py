"""Lemmy: post_view plus comments (v3 API), in the shapes people save."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from threadtui.importers import load_any

from .helpers import FIXTURES, row, shape

TREE = [("101", None), ("102", "101"), ("103", "102"), ("105", "101"), ("104", None)]


def _doc() -> dict[str, Any]:
    return json.loads((FIXTURES / "lemmy.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, value: Any) -> Path:
    p = tmp_path / "lemmy.json"
    p.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return p


def test_merged_post_and_comments() -> None:
    t = load_any(FIXTURES / "lemmy.json")
    assert t.title == "بهترین ترمینال برای متن فارسی؟"
    assert t.url == "https://lemmy.example/post/4242"
    assert t.source is not None and "!linux@lemmy.example" in t.source and "parisa (OP)" in t.source
    a = t.article
    assert a is not None
    assert a.url == "https://example.com/terminal-review"
    assert a.subtitle == "!linux@lemmy.example · 57 points"
    assert a.published == datetime(2024, 1, 15, 9, 0, 0, 123456, tzinfo=UTC)
    assert a.body == (
        "I'm comparing terminals for Persian and Arabic text.\n\n> Shaping first, then"
        " reordering.\n\nThoughts?"
    )
    assert shape(t) == TREE
    assert t.author == ["kaveh", "gone", "yasaman@feddit.example", "parisa", "spammer"]
    assert t.score == [8, 1, 3, 2, -5]
    assert t.warnings == []


def test_bodies_deletions_and_more_counts() -> None:
    t = load_any(FIXTURES / "lemmy.json")
    assert row(t, "101")["body"] == (
        "Kitty doesn't do bidi at all. Issue (https://github.com/kovidgoyal/kitty/issues/1234)"
        " is open since 2019."
    )
    assert row(t, "103")["body"] == "> Kitty doesn't do bidi\n\nدرسته، ولی فونت را خوب نشان می‌دهد."
    deleted = row(t, "102")
    assert deleted["deleted"] and deleted["body"] == "[deleted]"
    removed = row(t, "104")
    assert removed["deleted"] and removed["body"] == "[removed]"
    # naive timestamps are UTC
    assert row(t, "101")["posted"] == datetime(2024, 1, 15, 10, 0, tzinfo=UTC)
    # child_count: 102 has 2 descendants, 1 in the file; 101 has 4, 3 in the file (the
    # missing one is 102's); the post has 9 comments: 5 here, 1 charged to 102, 3 more
    assert row(t, "102")["more"] == 1
    assert row(t, "101")["more"] == 0
    assert t.more_top == 3


def test_list_of_the_two_answers(tmp_path: Path) -> None:
    doc = _doc()
    post = {k: v for k, v in doc.items() if k != "comments"}
    t = load_any(_write(tmp_path, [post, {"comments": doc["comments"]}]))
    assert shape(t) == TREE and t.more_top == 3


def test_comments_alone(tmp_path: Path) -> None:
    t = load_any(_write(tmp_path, {"comments": _doc()["comments"]}))
    assert shape(t) == TREE
    assert t.title == "بهترین ترمینال برای متن فارسی؟"
    assert t.url == "https://lemmy.example/post/4242"


def test_post_alone(tmp_path: Path) -> None:
    doc = _doc()
    post = {k: v for k, v in doc.items() if k != "comments"}
    t = load_any(_write(tmp_path, post))
    assert len(t) == 0 and t.more_top == 9
