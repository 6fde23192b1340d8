"""Crash reports: versions, the terminal's environment, where to report, the last 10 (#17.7)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from threadtui import crash


@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("THREADTUI_STATE_DIR", str(tmp_path))
    return tmp_path


def _boom() -> BaseException:
    try:
        raise ValueError("boom")
    except ValueError as e:
        return e


def test_a_report_names_versions_environment_and_where_to_report(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("TERM_PROGRAM", "WezTerm")
    path = crash.write_report(_boom(), bidi="terminal")
    assert path is not None
    text = path.read_text("utf-8")
    for needle in (
        "textual ",
        "rich ",
        "pydantic ",
        "python-bidi ",
        "TERM='xterm-256color'",
        "COLORTERM='truecolor'",
        "TERM_PROGRAM='WezTerm'",
        "terminal size: ",
        "bidi mode: terminal",
        crash.REPORT_TO,
        "ValueError: boom",
    ):
        assert needle in text, needle


def test_only_the_last_ten_are_kept(state: Path) -> None:
    for k in range(13):
        old = state / f"crash-20200101-0000{k:02d}-1.txt"
        old.write_text("old")
        os.utime(old, (1_000_000 + k, 1_000_000 + k))
    newest = crash.write_report(_boom())
    left = sorted(p.name for p in state.glob("crash-*.txt"))
    assert len(left) == crash.KEEP
    assert newest is not None and newest.name in left
    assert "crash-20200101-000000-1.txt" not in left
