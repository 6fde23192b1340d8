"""Lobsters: /s/ID.json, current and older shapes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from threadtui.importers import load_any

from .helpers import FIXTURES, row, shape

CST = timezone(timedelta(hours=-6))


def test_story_and_tree() -> None:
    t = load_any(FIXTURES / "lobsters.json")
    assert t.title == "Unicode bidi in terminal emulators: the state of things"
    assert t.url == "https://lobste.rs/s/x7kq2m/unicode_bidi_terminal_emulators"
    assert t.source is not None and "nasrin (OP)" in t.source
    a = t.article
    assert a is not None
    assert a.url == "https://example.net/bidi-terminals"
    assert a.subtitle == "unicode terminal · 34 points"
    assert a.published == datetime(2024, 2, 10, 8, 30, tzinfo=CST)
    assert shape(t) == [
        ("c1aaaa", None),
        ("c2bbbb", "c1aaaa"),
        ("c3cccc", "c2bbbb"),
        ("c4dddd", None),
        ("c5eeee", "c4dddd"),
    ]
    assert t.author == ["hamid", "someone", "nasrin", "flamebait", "omid"]
    assert t.score == [12, 1, 5, -3, 3]
    assert t.warnings == []


def test_bodies_and_removed_comments() -> None:
    t = load_any(FIXTURES / "lobsters.json")
    assert row(t, "c1aaaa")["body"] == (
        "Good overview. The part about ESC[?2501h was new to me.\n\nOne nit: the BiDi spec draft"
        " (https://terminal-wg.pages.freedesktop.org/bidi/) is from 2019."
    )
    by_author = row(t, "c2bbbb")
    assert by_author["deleted"] and by_author["body"] == "[Comment removed by author]"
    by_mod = row(t, "c4dddd")
    assert (
        by_mod["deleted"] and by_mod["body"] == "[Comment removed by moderator pushcx: Off-topic]"
    )
    assert (
        row(t, "c3cccc")["body"]
        == "> it works in mine\n\nدر ترمینال من کار نمی‌کند & حروف جدا جدا هستند."
    )
    assert row(t, "c5eeee")["body"] == "- kitty: no bidi\n- mlterm: yes"
    c3 = row(t, "c3cccc")
    assert c3["posted"] == datetime(2024, 2, 10, 10, 0, tzinfo=CST)
    assert c3["url_"] == "https://lobste.rs/s/x7kq2m/unicode_bidi_terminal_emulators#c_c3cccc"


def test_older_shape_nests_by_indent_level() -> None:
    t = load_any(FIXTURES / "lobsters_old.json")
    assert shape(t) == [("q1", None), ("q2", "q1"), ("q3", None)]
    assert t.author == ["karim", "layla", "sam"]
    assert t.body[0] == "شكراً، شرح واضح."
    a = t.article
    assert a is not None and a.author == "layla"
    assert a.body == "A short text post — with a link (https://example.com/shaping)."
    assert a.url == "https://lobste.rs/s/ab12cd/arabic_shaping_explained"
