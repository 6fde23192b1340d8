"""A lone surrogate in a config key name is one clear line (#11 follow-up).

TOML is UTF-8 and names only Unicode scalar values, so a lone surrogate can reach the
config two ways: as bytes (CESU-8 style ``ED A0 80``, which Python called "'utf-8' codec
can't decode byte 0xed in position 14: invalid continuation byte", a byte offset into the
file) or as an escape in a quoted key (``"k\\ud800"``, tomllib's "Escaped character is not
a Unicode scalar value"). Either way the user gets one problem naming the line, the
column and the code point."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadtui.config import load_config

CASES = [
    # (file bytes, where, what)
    (b'x = 1\ny = 2\n"k\xed\xa0\x80" = 1\n', "line 3, column 3", "U+D800"),
    (b"[keys]\n\xed\xb2\x80 = 'x'\n", "line 2, column 1", "U+DC80"),
    (b'"k\\ud800" = 1\n', "line 1, column 3", "U+D800"),
    (b'[keys]\n"q\\uDFFF" = "x"\n', "line 2, column 3", "U+DFFF"),
    (b'[keys]\n"q\\U0000dc00" = "x"\n', "line 2, column 3", "U+DC00"),
]


@pytest.mark.parametrize(("raw", "where", "what"), CASES, ids=range(len(CASES)))
def test_a_lone_surrogate_in_a_key_name_is_one_clear_problem(
    tmp_path: Path, raw: bytes, where: str, what: str
) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(raw)
    cfg = load_config(path)
    assert len(cfg.problems) == 1, cfg.problems
    problem = cfg.problems[0]
    assert problem.startswith(f"{path}: not a valid TOML config ("), problem
    assert f"{where}: a lone surrogate ({what}) is not a character" in problem, problem
    for jargon in ("codec", "continuation", "position", "scalar value", "0xed"):
        assert jargon not in problem, problem
    assert problem.endswith("; using defaults"), problem


def test_other_bytes_that_are_not_utf8_say_where(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "ok"\nmouse = tr\xffue\n')
    (problem,) = load_config(path).problems
    assert "line 2, column 11: not UTF-8 (byte 0xff)" in problem, problem
    assert "codec" not in problem and "position" not in problem, problem
