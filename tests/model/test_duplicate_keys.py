"""Repeated JSON keys (#11.8): JSON parsers keep the last value and say nothing, so a
second "comments" could hide every comment of the first. They are warnings with their
path in every command, and problems `validate` lists."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadtui.model import ThreadLoadError, load_thread, load_thread_text, problems_of

HIDDEN = (
    '{"title": "t", "comments": [{"body": "visible only to validate"}],'
    ' "comments": [{"body": "shown"}]}'
)


def test_second_comments_key_is_a_warning_with_its_path() -> None:
    t = load_thread_text(HIDDEN)
    assert t.body == ["shown"]
    assert any(w.startswith("comments: the key appears 2 times") for w in t.warnings), t.warnings


def test_repeats_in_comments_article_and_unknown_values_are_found() -> None:
    text = (
        '{"title": "a", "title": "b", "article": {"body": "x", "body": "y"},'
        ' "x-meta": {"deep": [{"k": 1, "k": 2}]},'
        ' "comments": [{"body": "p", "replies": [{"body": "q", "author": "a", "author": "b"}]}]}'
    )
    t = load_thread_text(text)
    found = sorted(w.split(":")[0] for w in t.warnings)
    assert found == ["article.body", "comments[0].replies[0].author", "title", "x-meta.deep[0].k"]


def test_validate_lists_them_as_problems(tmp_path: Path) -> None:
    p = tmp_path / "dup.json"
    p.write_text(HIDDEN)
    with pytest.raises(ThreadLoadError) as e:
        load_thread(p, strict=True)
    (problem,) = problems_of(e.value)
    assert problem.endswith(": comments: the key appears 2 times; only the last one is read")


def test_every_command_warns(tmp_path: Path) -> None:
    p = tmp_path / "dup.json"
    p.write_text(HIDDEN)
    out = tmp_path / "out.json"
    for argv in (
        ["render", "--width", "60"],
        ["validate"],
        ["search", "shown"],
        ["convert", "-o", str(out)],
    ):
        r = subprocess.run(
            [sys.executable, "-m", "threadtui", argv[0], str(p), *argv[1:]],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "comments: the key appears 2 times" in r.stderr, (argv, r.stderr)
    r = subprocess.run(
        [sys.executable, "-m", "threadtui", "validate", str(p)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert r.returncode == 1


def test_deep_document_repeats_are_found_too() -> None:
    depth = 3000  # past the C parser's recursion limit: the iterative parser runs
    text = (
        '{"title":"deep","comments":['
        + '{"body":"x","replies":[' * depth
        + '{"body":"end","body":"again"}'
        + "]}" * depth
        + "]}"
    )
    t = load_thread_text(text)
    assert t.body[-1] == "again"
    assert any("body: the key appears 2 times" in w for w in t.warnings)


def test_no_false_alarm_on_a_clean_file() -> None:
    doc = {"title": "t", "comments": [{"body": "a", "replies": [{"body": "b"}]}], "x": {}}
    assert load_thread_text(json.dumps(doc)).warnings == []


@pytest.mark.parametrize("escaped", ["\\u003a", "\\u003A"])
def test_an_escaped_colon_does_not_hide_a_repeat(escaped: str) -> None:
    # Counting colons cannot see a colon written as an escape: the exact parse runs.
    text = '{"title": "t", "comments": [{"body": "a' + escaped + 'b", "id": "1", "id": "2"}]}'
    t = load_thread_text(text)
    assert t.body == ["a:b"]
    assert [w.split(":")[0] for w in t.warnings] == ["comments[0].id"]
    clean = '{"title": "t", "comments": [{"body": "a' + escaped + 'b"}]}'
    assert load_thread_text(clean).warnings == []


def test_colons_in_keys_and_values_are_no_false_alarm(tmp_path: Path) -> None:
    doc = {
        "title": "a: b",
        "url": "https://e.example/x",
        "x:meta": {"k:1": ["v:2", {"w:3": "z:4"}]},
        "comments": [
            {"body": "time: 10:30", "posted": "2024-01-02T03:04:05+00:00", "a:b": {"c:d": 1}}
        ],
    }
    p = tmp_path / "c.json"
    p.write_text(json.dumps(doc))
    assert load_thread(p).warnings == []


def test_a_file_is_read_again_to_name_a_repeat(tmp_path: Path) -> None:
    from threadtui.importers import load_any

    p = tmp_path / "dup.json"
    p.write_text(HIDDEN)
    assert any(w.startswith("comments: the key appears 2") for w in load_any(p).warnings)
    assert any(w.startswith("comments: the key appears 2") for w in load_thread(p).warnings)
