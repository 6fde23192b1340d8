"""PieFed's Lemmy-compatible API (#16.1): read as PieFed, never claimed by Lemmy and read
as empty."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from threadtui.importers import detect_format, load_any
from threadtui.model.jsonio import ThreadLoadError

from .helpers import FIXTURES, row, shape

PIEFED = FIXTURES / "piefed.json"


def test_detected_as_piefed_not_lemmy() -> None:
    doc = json.loads(PIEFED.read_text(encoding="utf-8"))
    assert detect_format(doc) == "piefed"
    lemmy = json.loads((FIXTURES / "lemmy.json").read_text(encoding="utf-8"))
    assert detect_format(lemmy) == "lemmy"


def test_thread_keeps_titles_authors_and_bodies() -> None:
    t = load_any(PIEFED)
    assert t.title == "Which terminal shapes Persian correctly?"
    assert t.url == "https://piefed.example/post/811"
    assert t.source is not None and t.source.startswith("PieFed !linux@piefed.example")
    assert "Shirin (shirin) (OP)" in t.source
    assert shape(t) == [("9001", None), ("9002", "9001"), ("9003", "9002"), ("9004", None)]
    first = row(t, "9001")
    assert first["author"] == "Kaveh (kaveh)"
    assert first["body"] == "WezTerm shapes it, but ~~reorders~~ only with bidi_enabled."
    assert first["score"] == 12
    assert first["more"] == 1  # child_count 3, two descendants held
    assert row(t, "9002")["author"] == "leila@lemmy.example"
    assert row(t, "9003")["deleted"] is True
    assert all(b for b in t.body)
    assert t.article is not None and "Kitty joins nothing." in t.article.body
    assert not t.warnings


def test_from_lemmy_names_what_was_expected(tmp_path: Path) -> None:
    with pytest.raises(ThreadLoadError) as e:
        load_any(PIEFED, fmt="lemmy")
    msg = str(e.value)
    assert "\n" not in msg and "comment.content" in msg and "--from piefed" in msg
    with pytest.raises(ThreadLoadError, match=r"comment\.body"):
        load_any(FIXTURES / "lemmy.json", fmt="piefed")


def test_a_near_compatible_answer_is_never_read_as_empty(tmp_path: Path) -> None:
    """The rule of #16.1 for any Lemmy-shaped answer whose text fields are neither
    Lemmy's nor PieFed's: detection moves on (and fails in one line naming the formats)."""
    doc = json.loads(PIEFED.read_text(encoding="utf-8"))
    for cv in doc["comments"]:
        cv["comment"]["text"] = cv["comment"].pop("body")
    p = tmp_path / "other.json"
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert detect_format(doc) is None
    with pytest.raises(ThreadLoadError, match="not a thread format threadtui knows"):
        load_any(p)
