"""Discourse: /t/ID.json."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from threadtui.importers import load_any

from .helpers import FIXTURES, row, shape


def test_first_post_is_the_article() -> None:
    t = load_any(FIXTURES / "discourse.json")
    assert t.title == "RTL text in terminal apps: what works?"
    assert t.url == "https://forum.example.org/t/rtl-in-terminals/512"
    assert t.source is not None and "fatemeh (OP)" in t.source
    a = t.article
    assert a is not None
    assert a.author == "fatemeh"
    assert a.subtitle == "terminal rtl · 5 likes"
    assert a.published == datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
    assert a.body == (
        "سلام به همه! I'm collecting tips for right-to-left text in terminal apps.\n\n"
        "What works for you?"
    )


def test_replies_nest_by_post_number() -> None:
    t = load_any(FIXTURES / "discourse.json")
    # post 5 is a "small action" (pinned), not a post anyone wrote
    assert shape(t) == [("2", None), ("3", "2"), ("4", "3"), ("6", "4")]
    assert t.author == ["omar", "ben", "ghost", "sara"]
    assert t.score == [3, 1, None, 2]  # likes
    # the stream names 8 posts; posts 7 and 8 are not in the file
    assert t.more_top == 2
    assert t.warnings == []


def test_bodies() -> None:
    t = load_any(FIXTURES / "discourse.json")
    assert row(t, "2")["body"] == (
        "مرحباً @fatemeh، أستخدم mlterm.\n\nSee the mlterm site (https://mlterm.sourceforge.net/)"
        " :smile:"
    )
    assert row(t, "3")["body"] == "omar:\n\n> أستخدم mlterm\n\nSame here & it's fast."
    gone = row(t, "4")
    assert gone["deleted"] and gone["body"] == "[post deleted by author]"
    assert (
        row(t, "6")["body"]
        == "1. فونت مناسب\n2. ترمینال با پشتیبانی bidi\n\nexport LANG=fa_IR.UTF-8"
    )
    assert row(t, "6")["url_"] == "https://forum.example.org/t/rtl-in-terminals/512/6"


def test_without_a_host_links_stay_relative(tmp_path) -> None:
    doc = json.loads((FIXTURES / "discourse.json").read_text(encoding="utf-8"))
    for p in doc["post_stream"]["posts"]:
        p["avatar_template"] = "/letter_avatar_proxy/v4/letter/x/aaaaaa/{size}.png"
    doc["details"]["created_by"]["avatar_template"] = ""
    path = tmp_path / "topic.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    t = load_any(path)
    assert t.url is None
    assert t.source is not None and "/t/rtl-in-terminals/512" in t.source
    assert row(t, "2")["url_"] is None
    assert "@fatemeh" in row(t, "2")["body"]


def test_moderator_actions_with_text_are_left_out_and_counted(tmp_path) -> None:
    """#16.7: a small action (post_type 3) that carries a moderator's note, as split_topic
    does, is still not a post: left out as documented, and the source note says so."""
    import json

    doc = json.loads((FIXTURES / "discourse.json").read_text(encoding="utf-8"))
    action = next(p for p in doc["post_stream"]["posts"] if p["post_type"] == 3)
    action["action_code"] = "split_topic"
    action["cooked"] = '<p>I moved 3 posts to a new topic: <a href="/t/x/9">x</a></p>'
    p = tmp_path / "topic.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    t = load_any(p)
    assert str(action["post_number"]) not in t.ids
    assert not any("moved 3 posts" in body for body in t.body)
    assert "1 moderator action (closed, split…) left out" in (t.source or "")
