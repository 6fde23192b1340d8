"""The test cases T1-T18 and S1-S5 of docs/bidi-notes.md, section 9, exactly as specified.

Convention (T cases): lowercase ASCII is LTR; uppercase A-Z stands for the Persian letters
ابپتثجچحخدذرزژسشصضطظعغفقکگ (bidi class AL, so following digits become AN).  The input is
mapped through that table, laid out with shaping off, and the output mapped back.  ``|…|``
is the pane: RTL rows are padded on the left, LTR rows on the right.
"""

from __future__ import annotations

import pytest

from threadtui.text import LayoutOptions, Row, cell_len, layout

LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگ"
TO_PERSIAN = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", LETTERS, strict=True))
FROM_PERSIAN = {v: k for k, v in TO_PERSIAN.items()}
BREAK_SPACES = " \t\u3000"


def encode(text: str) -> str:
    return "".join(TO_PERSIAN.get(ch, ch) for ch in text)


def decode(text: str) -> str:
    return "".join(FROM_PERSIAN.get(ch, ch) for ch in text)


def pane(row: Row, width: int) -> str:
    pad = " " * (width - row.width)
    return "|" + (pad + row.text if row.align == "right" else row.text + pad) + "|"


def render(text: str, width: int, **options: str) -> str:
    rows = layout(encode(text), width, LayoutOptions(shaping=False, **options))  # type: ignore[arg-type]
    return " ".join(decode(pane(row, width)) for row in rows)


# (case, input, width, options, expected panes)
T_CASES = [
    ("T1", "hello world", 20, {}, "|hello world         |"),
    ("T2", "SALAM DONYA", 20, {}, "|         AYNOD MALAS|"),
    ("T3", "ABC DEF GHI", 7, {}, "|FED CBA| |    IHG|"),
    ("T4", "ABC hello world DEF", 11, {}, "|  hello CBA| |  FED world|"),
    ("T5", "the word ABC DEF GHI ends", 12, {}, "|the word CBA| |IHG FED ends|"),
    ("T6 auto", "python ZBAN KHOBI AST", 24, {}, "|python TSA IBOHK NABZ   |"),
    ("T6 rtl", "python ZBAN KHOBI AST", 24, {"base_dir": "rtl"}, "|   TSA IBOHK NABZ python|"),
    ("T7a", "@ali SALAM", 12, {}, "|  MALAS @ali|"),
    ("T7b", "SALAM @ali", 12, {}, "|  @ali MALAS|"),
    ("T8", "QIMAT 1500 TOMAN", 20, {}, "|    NAMOT 1500 TAMIQ|"),
    ("T9", "SAL ۱۴۰۲ BOOD", 16, {}, "|   DOOB ۱۴۰۲ LAS|"),
    ("T10a", "TARIKH 1402-05-12", 20, {}, "|   12-05-1402 HKIRAT|"),
    ("T10b", "TARIKH 1402/05/12", 20, {}, "|   1402/05/12 HKIRAT|"),
    ("T11", "SALAM (DONYA) [x]", 20, {}, "|   [x] (AYNOD) MALAS|"),
    ("T12", "see SALAM (DONYA)", 20, {}, "|see (AYNOD) MALAS   |"),
    ("T13", "LINK https://x.io/a?b=1 ROSHAN", 32, {}, "|  NAHSOR https://x.io/a?b=1 KNIL|"),
    ("T14", "SEE https://x.io/ NOW", 24, {}, "|   WON https://x.io/ EES|"),
    (
        "T15",
        "ROSHAN https://example.com/a/b/c",
        12,
        {},
        "|      NAHSOR| |https://exam| |ple.com/a/b/| |           c|",
    ),
    ("T16", "hello\nSALAM DONYA\nworld", 12, {}, "|hello       | | AYNOD MALAS| |world       |"),
    ("T17", "SALAM 😀 DONYA", 13, {}, "|     😀 MALAS| |        AYNOD|"),
    ("T18", "SALAM 👨\u200d👩\u200d👧 DONYA", 20, {}, "|      AYNOD 👨\u200d👩\u200d👧 MALAS|"),
]


@pytest.mark.parametrize(
    ("case", "text", "width", "options", "expected"), T_CASES, ids=[c[0] for c in T_CASES]
)
def test_t_case(case: str, text: str, width: int, options: dict[str, str], expected: str) -> None:
    assert render(text, width, **options) == expected


@pytest.mark.parametrize(
    ("case", "text", "width", "options", "expected"), T_CASES, ids=[c[0] for c in T_CASES]
)
@pytest.mark.parametrize("mode", ["app", "terminal", "off"])
def test_every_case_must_satisfy(
    case: str, text: str, width: int, options: dict[str, str], expected: str, mode: str
) -> None:
    source = encode(text)
    rows = layout(source, width, LayoutOptions(bidi=mode, shaping=False, **options))  # type: ignore[arg-type]
    for row in rows:
        # No line wider than W; no line starting or ending with a break space.
        assert cell_len(row.text) == row.width <= width
        assert not row.text or (
            row.text[0] not in BREAK_SPACES and row.text[-1] not in BREAK_SPACES
        )
    # Rows cover the input exactly.
    assert "".join(source[row.start : row.end] for row in rows) == source
    if mode != "app":
        # terminal and off: each row is its logical slice, without hanging spaces.
        for row in rows:
            assert row.text == source[row.start : row.end].rstrip(" \n")


def test_t3_logical_slices_in_terminal_and_off_modes() -> None:
    for mode in ("terminal", "off"):
        rows = layout(encode("ABC DEF GHI"), 7, LayoutOptions(bidi=mode, shaping=False))  # type: ignore[arg-type]
        assert [decode(row.text) for row in rows] == ["ABC DEF", "GHI"]
    terminal = layout(encode("ABC DEF GHI"), 7, LayoutOptions(bidi="terminal"))
    assert [row.align for row in terminal] == ["right", "right"]
    off = layout(encode("ABC DEF GHI"), 7, LayoutOptions(bidi="off"))
    assert [row.align for row in off] == ["left", "left"]


def codepoints(text: str) -> list[int]:
    return [ord(ch) for ch in text]


# Shaping on (the default): the visual code points, left to right, controls dropped.
S_CASES = [
    ("S1", "\u0633\u0644\u0627\u0645", [0xFEE1, 0xFEFC, 0xFEB3], 3),
    (
        "S2",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        [0xFEE2, 0xFEEB, 0xFE8D, 0xFEEE, 0xFEA7, 0xFBFD, 0xFEE3],
        7,
    ),
    ("S3", "\u0627\u0644\u0644\u0647", [0xFEEA, 0xFEE0, 0xFEDF, 0xFE8D], 4),
    (
        "S4",
        "\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f",
        [0xFEAA, 0xFEE4, 0x064E, 0x0651, 0xFEA4, 0x064E, 0xFEE3, 0x064F],
        4,
    ),
    (
        "S5",
        "\u062e\u0627\u0646\u0647\u0654 \u0645\u0646",
        [0xFEE6, 0xFEE3, 0x0020, 0xFEEA, 0x0654, 0xFEE7, 0xFE8E, 0xFEA7],
        7,
    ),
]


@pytest.mark.parametrize(
    ("case", "text", "expected", "cells"), S_CASES, ids=[c[0] for c in S_CASES]
)
def test_s_case(case: str, text: str, expected: list[int], cells: int) -> None:
    (row,) = layout(text, 40)
    assert codepoints(row.text) == expected
    assert row.width == cell_len(row.text) == cells
    assert row.rtl and row.align == "right"
