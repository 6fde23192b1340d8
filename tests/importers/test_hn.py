"""Hacker News: the Algolia items API and the Firebase API (JSON list and JSON Lines)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from threadtui.importers import load_any

from .helpers import FIXTURES, row, shape


def test_algolia_story_is_the_article() -> None:
    t = load_any(FIXTURES / "hn_algolia.json")
    assert t.title == "Ask HN: How do you read Persian and Arabic comments in a terminal?"
    assert t.url == "https://news.ycombinator.com/item?id=38123456"
    assert "Algolia" in (t.source or "") and "shirin_k (OP)" in (t.source or "")
    a = t.article
    assert a is not None
    assert a.author == "shirin_k"
    assert a.subtitle == "87 points"
    assert a.url == "https://news.ycombinator.com/item?id=38123456"  # Ask HN: no link
    assert a.published == datetime(2023, 11, 3, 9, 15, 2, tzinfo=UTC)
    assert a.body == (
        "Most terminals get right-to-left text wrong – letters come out disconnected and in"
        " the wrong order.\n\nWhat do you use? I've tried https://github.com/example/biditerm"
        ' but it\'s "experimental".'
    )


def test_algolia_tree() -> None:
    t = load_any(FIXTURES / "hn_algolia.json")
    assert shape(t) == [
        ("38123500", None),
        ("38123510", "38123500"),
        ("38123520", "38123510"),
        ("38123530", "38123520"),
        ("38123540", "38123500"),
        ("38123600", None),
    ]
    assert t.depth == [0, 1, 2, 3, 1, 0]
    assert t.author == ["alice", "bob", None, "dariush", "carol", "eve"]
    assert t.more == [0] * 6 and t.more_top == 0
    assert t.warnings == []


def test_algolia_bodies() -> None:
    t = load_any(FIXTURES / "hn_algolia.json")
    alice = row(t, "38123500")
    assert alice["body"] == (
        "The problem isn't the terminal, it's where the reordering happens.\n\n"
        "See the bidi algorithm (https://www.unicode.org/reports/tr9/) & the terminal working"
        " group's notes."
    )
    assert alice["posted"] == datetime(2023, 11, 3, 9, 40, 11, tzinfo=UTC)
    assert alice["posted_text"] == "2023-11-03T09:40:11.000Z"
    assert alice["url_"] == "https://news.ycombinator.com/item?id=38123500"
    assert alice["score"] is None
    assert row(t, "38123510")["body"] == (
        "> where the reordering happens\n\nExactly. Two layers both reordering gives you the"
        " original order back, reversed twice."
    )
    dead = row(t, "38123520")
    assert dead["deleted"] is True and dead["body"] == "[deleted]" and dead["author"] is None
    assert row(t, "38123530")["body"] == (
        "من هم همین مشکل را داشتم. متن فارسی در ترمینال برعکس نمایش داده می‌شد.\n\n"
        "این صفحه کمک کرد: ویکی‌پدیا"
        " (https://fa.wikipedia.org/wiki/%D9%85%D8%AA%D9%86_%D8%AF%D9%88%D8%B3%D9%88%DB%8C%D9%87)"
    )
    assert row(t, "38123540")["body"] == (
        "What I do:\n\n  export LANG=fa_IR.UTF-8\n  threadtui open thread.json\n\nWorks for me."
    )
    assert row(t, "38123600")["body"] == (
        "لا أعتقد أن المحطات القديمة تدعم العربية & الفارسية بشكل صحيح."
    )


def test_algolia_comment_subtree() -> None:
    import json

    doc = json.loads((FIXTURES / "hn_algolia.json").read_text(encoding="utf-8"))
    from threadtui.importers.hn import load_algolia

    t = load_algolia(doc["children"][0])
    assert t.title == "Comment by alice on Hacker News"
    assert t.article is None
    assert shape(t)[:2] == [("38123500", None), ("38123510", "38123500")]
    assert "story 38123456" in (t.source or "")


@pytest.mark.parametrize("name", ["hn_firebase.json", "hn_firebase.jsonl"])
def test_firebase_items(name: str) -> None:
    t = load_any(FIXTURES / name)
    assert t.title == "Rendering right-to-left text in terminal UIs"
    assert t.url == "https://news.ycombinator.com/item?id=41000001"
    a = t.article
    assert a is not None and a.url == "https://example.org/rtl-terminals" and a.author == "reza"
    assert a.subtitle == "142 points"
    assert a.published == datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
    # Replies in each item's `kids` order, whatever order the file lists the items in.
    assert shape(t) == [
        ("41000002", None),
        ("41000005", "41000002"),
        ("41000007", "41000005"),
        ("41000004", "41000002"),
        ("41000006", "41000004"),
        ("41000003", None),
    ]
    # kids the file does not hold: 41000009 under the story, 41000008 under 41000007
    assert t.more_top == 1
    assert row(t, "41000007")["more"] == 1
    deleted = row(t, "41000004")
    assert deleted["deleted"] and deleted["body"] == "[deleted]" and deleted["author"] is None
    dead = row(t, "41000006")
    assert dead["title_"] == "[dead]" and dead["body"] == "[flagged] spam spam"
    assert row(t, "41000005")["body"] == "دقیقاً. اول شکل‌دهی، بعد ترتیب نمایش."
    assert row(t, "41000007")["body"] == "> اول شکل‌دهی\n\nYes, and mirroring of brackets too."
    assert row(t, "41000003")["posted"] == datetime(2024, 6, 1, 10, 16, 40, tzinfo=UTC)
    assert t.warnings == []


def test_firebase_without_kids_attaches_by_parent(tmp_path) -> None:
    import json

    items = json.loads((FIXTURES / "hn_firebase.json").read_text(encoding="utf-8"))
    for it in items:
        it.pop("kids", None)
    p = tmp_path / "items.json"
    p.write_text(json.dumps(items), encoding="utf-8")
    t = load_any(p)
    assert sorted(shape(t)) == sorted(
        [
            ("41000002", None),
            ("41000003", None),
            ("41000004", "41000002"),
            ("41000005", "41000002"),
            ("41000006", "41000004"),
            ("41000007", "41000005"),
        ]
    )
    assert t.more_top == 0


def test_firebase_comments_without_their_story(tmp_path) -> None:
    import json

    items = json.loads((FIXTURES / "hn_firebase.json").read_text(encoding="utf-8"))
    items = [it for it in items if it["type"] != "story"]
    p = tmp_path / "comments.json"
    p.write_text(json.dumps(items), encoding="utf-8")
    t = load_any(p)
    assert t.article is None
    assert t.title == "Comment by alice on Hacker News"
    assert [cid for cid, parent in shape(t) if parent is None] == ["41000002", "41000003"]
    assert t.warnings == []


# --------------------------------------------------------------------------- polls (#16.2)

# Firebase items of a poll, in the API's shape (https://github.com/HackerNews/API: "poll"
# with "parts", "pollopt" with "poll", "score", "text"); ids, names and texts invented.
POLL = {"by": "pg", "descendants": 1, "id": 126809, "kids": [126822], "parts": [126810, 126811],
        "score": 46, "text": "", "time": 1204403652, "title": "Poll: What would happen?",
        "type": "poll"}  # fmt: skip
OPTIONS = [
    {"by": "pg", "id": 126810, "poll": 126809, "score": 335, "text": "Yes, ban them",
     "time": 1207886576, "type": "pollopt"},
    {"by": "pg", "id": 126811, "poll": 126809, "score": 12, "text": "No", "time": 1207886577,
     "type": "pollopt"},
]  # fmt: skip
REPLY = {"by": "norvig", "id": 126822, "parent": 126809, "text": "Depends.", "time": 1204404000,
         "type": "comment"}  # fmt: skip


def _save(tmp_path, items) -> object:
    import json

    p = tmp_path / "items.json"
    p.write_text(json.dumps(items), encoding="utf-8")
    return p


def test_firebase_poll_shows_its_options(tmp_path) -> None:
    t = load_any(_save(tmp_path, [POLL, *OPTIONS, REPLY]))
    assert t.article is not None
    assert t.article.body == "- Yes, ban them (335 points)\n- No (12 points)"
    assert shape(t) == [("126822", None)]  # options are in the article, not comments


def test_a_pollopt_alone_keeps_its_text_and_score(tmp_path) -> None:
    t = load_any(_save(tmp_path, [OPTIONS[0]]))
    assert t.title == "Poll option by pg on Hacker News"
    assert t.url == "https://news.ycombinator.com/item?id=126809"
    assert t.article is not None and t.article.body == "- Yes, ban them (335 points)"
    assert t.article.subtitle == "335 points" and t.article.author == "pg"
    assert "poll option 126810 of poll 126809" in (t.source or "")


def test_pollopts_without_their_poll_do_not_vanish(tmp_path) -> None:
    t = load_any(_save(tmp_path, [REPLY, *OPTIONS]))
    bodies = {t.ids[i]: (t.title_[i], t.body[i], t.score[i]) for i in range(len(t))}
    assert bodies["126810"] == ("poll option", "- Yes, ban them (335 points)", 335)
    assert bodies["126811"] == ("poll option", "- No (12 points)", 12)
