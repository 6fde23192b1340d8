"""Standard input is read when no FILE is given and it is not a terminal (#17.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .helpers import BUNDLED_TITLE, PERSIAN, PERSIAN_MARK, PERSIAN_TITLE, run, shell


def test_printf_into_render_renders_that_thread(tmp_path: Path) -> None:
    """The issue's own command: `printf '%s' "$(cat sample.json)" | threadtui render`."""
    p = shell(
        f"printf '%s' \"$(cat {PERSIAN})\" | threadtui render --bidi off --width 100", tmp_path
    )
    assert p.returncode == 0, p.stderr
    assert PERSIAN_MARK in p.stdout
    assert BUNDLED_TITLE not in p.stdout


@pytest.mark.parametrize("command", ["open", "render"])
def test_a_pipe_into_open_and_render(tmp_path: Path, command: str) -> None:
    p = run([command, "--bidi", "off"], tmp_path, stdin=PERSIAN.read_text("utf-8"))
    assert p.returncode == 0, p.stderr
    assert PERSIAN_MARK in p.stdout and BUNDLED_TITLE not in p.stdout


def test_no_file_and_no_pipe_still_renders_the_bundled_sample(tmp_path: Path) -> None:
    p = run(["render"], tmp_path)  # stdin is /dev/null: not a pipe, not a file
    assert p.returncode == 0, p.stderr
    assert BUNDLED_TITLE in p.stdout


def test_validate_reads_standard_input(tmp_path: Path) -> None:
    p = run(["validate"], tmp_path, stdin=PERSIAN.read_text("utf-8"))
    assert p.returncode == 0, p.stderr
    assert "ok:" in p.stdout and "<stdin>" in p.stdout


def test_search_reads_standard_input_with_the_query_alone(tmp_path: Path) -> None:
    p = run(["search", "کتاب"], tmp_path, stdin=PERSIAN.read_text("utf-8"))
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip()
    with_file = run(["search", str(PERSIAN), "کتاب"], tmp_path)
    assert with_file.stdout == p.stdout


def test_convert_reads_standard_input(tmp_path: Path) -> None:
    p = run(["convert", "-o", "-"], tmp_path, stdin=PERSIAN.read_text("utf-8"))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["title"] == PERSIAN_TITLE


@pytest.mark.parametrize("command", [["validate"], ["search", "x"], ["convert", "-o", "-"]])
def test_no_file_and_nothing_piped_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    p = run(command, tmp_path)
    assert p.returncode == 2
    assert "FILE" in p.stderr and "standard input" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_a_redirected_file_is_read_too(tmp_path: Path) -> None:
    p = shell(f"threadtui render --bidi off < {PERSIAN}", tmp_path)
    assert p.returncode == 0, p.stderr
    assert PERSIAN_MARK in p.stdout
