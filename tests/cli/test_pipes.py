"""Output that is not a terminal: its width, its order, and no terminal guessing (#17.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadtui.text.cells import cell_len

from .helpers import PERSIAN, run, shell


def _widest(out: str) -> int:
    return max(cell_len(line) for line in out.splitlines())


def test_columns_sets_the_width_of_open_into_a_pipe(tmp_path: Path) -> None:
    """The issue's command: `COLUMNS=150 threadtui FILE | cat`."""
    p = shell(f"COLUMNS=150 threadtui {PERSIAN} | cat", tmp_path)
    assert p.returncode == 0, p.stderr
    assert _widest(p.stdout) == 150


@pytest.mark.parametrize("command", ["open", "render"])
def test_width_flag_beats_columns(tmp_path: Path, command: str) -> None:
    p = run([command, "--width", "120", str(PERSIAN)], tmp_path, COLUMNS="150")
    assert p.returncode == 0, p.stderr
    assert _widest(p.stdout) == 120


def test_without_columns_a_pipe_gets_80(tmp_path: Path) -> None:
    p = run(["render", str(PERSIAN)], tmp_path)
    assert _widest(p.stdout) == 80


def test_a_bad_columns_is_ignored(tmp_path: Path) -> None:
    p = run(["render", str(PERSIAN)], tmp_path, COLUMNS="wide")
    assert p.returncode == 0 and _widest(p.stdout) == 80


def test_search_snippets_follow_columns(tmp_path: Path) -> None:
    narrow = run(["search", str(PERSIAN), "کتاب"], tmp_path, COLUMNS="40")
    assert narrow.returncode == 0, narrow.stderr
    assert _widest(narrow.stdout) <= 40


@pytest.mark.parametrize(
    "variable",
    [("KONSOLE_VERSION", "230800"), ("TERM_PROGRAM", "Apple_Terminal"), ("TERM", "mlterm")],
)
def test_terminal_variables_never_change_what_is_written_to_a_file(
    tmp_path: Path, variable: tuple[str, str]
) -> None:
    plain = shell(f"threadtui render {PERSIAN} > {tmp_path}/a.txt", tmp_path)
    guessed = shell(
        f"{variable[0]}={variable[1]} threadtui render {PERSIAN} > {tmp_path}/b.txt", tmp_path
    )
    assert plain.returncode == guessed.returncode == 0, plain.stderr + guessed.stderr
    assert (tmp_path / "a.txt").read_bytes() == (tmp_path / "b.txt").read_bytes()


def test_order_is_visual_for_less_and_logical_with_the_documented_flag(tmp_path: Path) -> None:
    """Into a pipe the text is in visual order (what less shows); `--bidi off` writes it
    in logical order, the one grep matches, and --help says so."""
    word = "کتاب\u200cخوانی"  # in the title, as typed: --bidi off keeps its ZWNJ (#12.7)
    visual = run(["render", str(PERSIAN)], tmp_path)
    logical = run(["render", "--bidi", "off", str(PERSIAN)], tmp_path)
    assert word not in visual.stdout and word in logical.stdout
    for command in ("open", "render"):
        help_text = " ".join(run([command, "--help"], tmp_path).stdout.split())
        assert "visual order" in help_text and "grep" in help_text, command
        assert "--bidi off" in help_text, command
        assert "COLUMNS" in help_text, command
