"""Mastodon: a status and its /context, in the shapes people save."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from threadtui.importers import load_any

from .helpers import FIXTURES, row, shape

ROOT = "111500000000000001"
FOCUS = "111500000000000002"
CW = "111500000000000003"
POLL = "111500000000000004"


def _doc() -> dict[str, Any]:
    return json.loads((FIXTURES / "mastodon.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "thread.json"
    p.write_text(text, encoding="utf-8")
    return p


def test_status_and_context() -> None:
    t = load_any(FIXTURES / "mastodon.json")
    assert t.title == "Which terminal do you use for Persian text?"
    assert t.url == "https://mastodon.example/@golnar/111500000000000001"
    assert t.source is not None and "@golnar@mastodon.example (OP)" in t.source
    a = t.article
    assert a is not None
    assert a.author == "Golnar 🌿 (@golnar@mastodon.example)"
    assert a.published == datetime(2023, 12, 1, 10, 0, tzinfo=UTC)
    assert a.body == (
        "Which terminal do you use for Persian text?\nMine mangles every ligature & I'm out of"
        " ideas.\n\nScreenshot: https://mastodon.example/media/abc\n\n"
        "[image: a terminal with broken Persian letters]"
        " (https://files.mastodon.example/media/abc.png)"
    )
    assert shape(t) == [(FOCUS, None), (CW, FOCUS), (POLL, None)]
    assert t.author == [
        "نیما (@nima@persadon.example)",
        "@ali@social.example",
        "Sam (@sam@mastodon.example)",
    ]
    assert t.score == [4, 1, 0]
    focus = row(t, FOCUS)
    assert focus["body"] == "@golnar من از ترمینال #لینوکس استفاده می‌کنم."
    assert focus["more"] == 1  # replies_count 2, one in the file
    assert t.more_top == 1  # the root has replies_count 3, two in the file
    assert row(t, CW)["title_"] == "CW: نظر شخصی"
    assert row(t, POLL)["body"] == "WezTerm. Poll:\n\n- WezTerm (6 votes)\n- mlterm (3 votes)"
    assert t.warnings == []


def test_list_and_concatenated_answers(tmp_path: Path) -> None:
    doc = _doc()
    expected = load_any(FIXTURES / "mastodon.json")
    for text in (
        json.dumps([doc["status"], doc["context"]], ensure_ascii=False),
        json.dumps(doc["status"], ensure_ascii=False) + json.dumps(doc["context"]),
        json.dumps(doc["status"]) + "\n" + json.dumps(doc["context"]) + "\n",
    ):
        t = load_any(_write(tmp_path, text))
        assert shape(t) == shape(expected)
        assert t.body == expected.body


def test_context_alone_keeps_a_place_for_the_missing_status(tmp_path: Path) -> None:
    t = load_any(_write(tmp_path, json.dumps(_doc()["context"], ensure_ascii=False)))
    assert shape(t) == [(FOCUS, None), (CW, FOCUS), (POLL, None)]
    stand_in = row(t, FOCUS)
    assert stand_in["deleted"] and "not in this file" in stand_in["body"]
    assert t.article is not None and t.article.author == "Golnar 🌿 (@golnar@mastodon.example)"


def test_context_of_a_first_status_alone(tmp_path: Path) -> None:
    ctx = {"ancestors": [], "descendants": _doc()["context"]["descendants"]}
    ctx["descendants"][1]["in_reply_to_id"] = FOCUS
    t = load_any(_write(tmp_path, json.dumps(ctx, ensure_ascii=False)))
    assert shape(t) == [(CW, None), (POLL, None)]
    assert t.article is not None and "not in this file" in t.article.body


@pytest.mark.parametrize("as_list", [False, True])
def test_status_alone_or_a_list_of_statuses(tmp_path: Path, as_list: bool) -> None:
    doc = _doc()
    if as_list:
        statuses = [*doc["context"]["ancestors"], doc["status"], *doc["context"]["descendants"]]
        t = load_any(_write(tmp_path, json.dumps(statuses, ensure_ascii=False)))
        assert shape(t) == [(FOCUS, None), (CW, FOCUS), (POLL, None)]
    else:
        t = load_any(_write(tmp_path, json.dumps(doc["status"], ensure_ascii=False)))
        assert len(t) == 0
        assert t.article is not None and t.article.author == "نیما (@nima@persadon.example)"
        assert t.source is not None and "answers one not in this file" in t.source


def test_a_timeline_is_not_a_thread(tmp_path: Path) -> None:
    """#16.6: a list of unrelated statuses (a home or public timeline) is said to be one:
    no article, every status top-level, a warning, and no "(status + context)"."""
    base = _doc()["status"]
    statuses = []
    for k in range(5):
        st = json.loads(json.dumps(base))
        st["id"] = f"2000{k}"
        st["in_reply_to_id"] = None
        st["content"] = f"<p>status {k}</p>"
        statuses.append(st)
    statuses[3]["in_reply_to_id"] = "20001"  # one answers another: kept under it
    statuses[4]["in_reply_to_id"] = "99999"  # answers one not in the timeline
    t = load_any(_write(tmp_path, json.dumps(statuses, ensure_ascii=False)))
    assert t.article is None
    assert t.title == "Mastodon timeline: 5 statuses"
    assert shape(t) == [("20000", None), ("20001", None), ("20003", "20001"), ("20002", None),
                        ("20004", None)]  # fmt: skip
    assert t.source is not None and "a timeline" in t.source and "status + context" not in t.source
    assert any("timeline of 5 unrelated statuses" in w for w in t.warnings)


def test_source_note_names_what_was_saved(tmp_path: Path) -> None:
    doc = _doc()
    assert "(status + context)" in (load_any(FIXTURES / "mastodon.json").source or "")
    one = load_any(_write(tmp_path, json.dumps(doc["status"], ensure_ascii=False)))
    assert "(one status)" in (one.source or "") and "context" not in (one.source or "")


def test_one_favourite(tmp_path: Path) -> None:
    st = _doc()["status"]
    st["in_reply_to_id"] = None
    st["spoiler_text"] = ""
    st["favourites_count"] = 1
    t = load_any(_write(tmp_path, json.dumps(st, ensure_ascii=False)))
    assert t.article is not None and t.article.subtitle == "1 favourite"
