"""Conformance with Unicode's BidiCharacterTest.txt (levels + L1 + L2).

Every test case of the file is checked: the engine's single-line visual order (its level
source, then L1 and L2 per code point, characters removed by X9 left out) must equal the
file's.  The file comes from the Debian package unicode-data.
"""

from __future__ import annotations

from threadtui.text import level_source, visual_order

from .conftest import ucd_file


def _cases() -> list[tuple[int, str, int, list[int]]]:
    path = ucd_file("BidiCharacterTest.txt")
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split(";")
        text = "".join(chr(int(cp, 16)) for cp in fields[0].split())
        order = [int(i) for i in fields[4].split()]
        cases.append((number, text, int(fields[1]), order))
    return cases


def test_level_source_is_conformant() -> None:
    assert level_source() == "python-bidi"


def test_bidi_character_test() -> None:
    cases = _cases()
    assert len(cases) > 90_000, "BidiCharacterTest.txt looks truncated"
    failures = []
    for number, text, direction, expected in cases:
        got = visual_order(text, direction)
        if got != expected:
            failures.append((number, direction, expected, got))
    passed = len(cases) - len(failures)
    print(f"BidiCharacterTest: {passed}/{len(cases)} passed")
    assert not failures, (
        f"{len(failures)} of {len(cases)} cases differ; first: line {failures[0][0]} "
        f"direction {failures[0][1]}: expected {failures[0][2]}, got {failures[0][3]}"
    )
