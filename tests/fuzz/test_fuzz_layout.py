"""Fuzzing the layout engine with hostile text, in every bidi mode, at every width.

Rows never exceed the width (a single indivisible unit, such as a wide character or a
``\\x9b`` escape, may only when the width is below 4 cells), never contain a C0/C1
control, ESC, DEL, a bidi control, a line separator or a lone surrogate, and map back to
the text: their slices tile the input, every offset points into the row's slice, every
plain letter or digit shown is the character it points at, and every plain letter or digit
of the input is shown somewhere (nothing is lost).
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from threadtui.text import LayoutOptions, cell_len, layout, layout_field
from threadtui.text.cells import MAX_MARKS

from ..hostile.invariants import longest_zero_width_run
from .strategies import fuzz, texts, widths

# Large explicit examples make Hypothesis warn about the size of their repr; harmless.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

OPTIONS = st.builds(
    LayoutOptions,
    bidi=st.sampled_from(["app", "terminal", "off"]),
    base_dir=st.sampled_from(["auto", "ltr", "rtl"]),
    shaping=st.booleans(),
    isolate=st.booleans(),
)

# What a row may never hold: C0 (TAB is expanded to spaces), DEL, C1, bidi embeddings,
# overrides, isolates and marks, line/paragraph separators, lone surrogates.
FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u2028\u2029\ud800-\udfff]"
)
PLAIN = re.compile("[A-Za-z0-9]")
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _fits(width_cells: int, width: int) -> bool:
    """A row fits its width; below 4 cells one wide unit (a CJK character, a TAB, an
    escape shown as a picture) may stand alone on a row wider than it."""
    return width_cells <= width or (width < 4 and width_cells <= 4)


@fuzz("layout")
@given(texts, widths, OPTIONS)
@example("a\x1b[31mb\x9b2Jc\u202ed\u2067e", 10, LayoutOptions())
@example("\u0301" * 3000, 7, LayoutOptions())
@example("سلام\u202edنیا" * 50, 13, LayoutOptions(bidi="terminal"))
@example("\t" * 40, 3, LayoutOptions(bidi="off"))
@example("", 1, LayoutOptions())
@example("\ud800\udfff\ud83d", 5, LayoutOptions())
@example("\u0600\x9b", 1, LayoutOptions(shaping=False))  # a Prepend glued to an escape
@example("\x85\ufe0f", 4, LayoutOptions(shaping=False, isolate=False))  # a mark on one
def test_layout_rows(text: str, width: int, options: LayoutOptions) -> None:
    rows = layout(text, width, options)
    assert rows, "even empty text has a row"
    assert rows[0].start == 0 and rows[-1].end == len(text)
    for a, b in itertools.pairwise(rows):
        assert a.end == b.start, "row slices must tile the input"
    shown: set[int] = set()
    for r in rows:
        assert r.start <= r.end
        assert len(r.offsets) == len(r.text)
        assert r.width == cell_len(r.text), (r.text, r.width)
        assert _fits(r.width, width), f"row of {r.width} cells at width {width}: {r.text!r}"
        assert longest_zero_width_run(r.text) <= MAX_MARKS, (
            f"more than {MAX_MARKS} marks in a row: {r.text!r}"
        )
        bad = FORBIDDEN.search(r.text)
        assert bad is None, f"U+{ord(bad.group()):04X} in {r.text!r}" if bad else ""
        for ch, off in zip(r.text, r.offsets, strict=True):
            assert r.start <= off < max(r.end, r.start + 1), (off, r.start, r.end)
            assert 0 <= off < max(1, len(text))
            if PLAIN.match(ch) and text and not CONTROL.match(text[off]):
                assert text[off] == ch, f"{ch!r} shown for {text[off]!r}"
            shown.add(off)
    for i, ch in enumerate(text):
        if PLAIN.match(ch):
            assert i in shown, f"{ch!r} at {i} is lost"


@fuzz("field")
@given(texts, widths, OPTIONS)
@example("\u202e" + "x" * 100, 10, LayoutOptions())
@example("\u200b\u200c\u2060", 3, LayoutOptions())
@example("\u3164", 1, LayoutOptions())
@example("a\nb\rc\x85d\u2028e", 20, LayoutOptions())
@example("\u0600\r\t" * 10, 13, LayoutOptions(shaping=False, isolate=False))  # Prepend + space
def test_layout_field_row(text: str, width: int, options: LayoutOptions) -> None:
    row = layout_field(text, width, options)
    assert len(row.offsets) == len(row.text)
    assert row.width == cell_len(row.text), (row.text, row.width)
    assert _fits(row.width, width), f"field of {row.width} cells at width {width}"
    assert longest_zero_width_run(row.text) <= MAX_MARKS, (
        f"more than {MAX_MARKS} marks in a field: {row.text!r}"
    )
    bad = FORBIDDEN.search(row.text)
    assert bad is None, f"U+{ord(bad.group()):04X} in {row.text!r}" if bad else ""
    # A field with nothing visible is shown as its code points ("<U+200B>", maybe cut).
    labelled = not PLAIN.search(text) and row.text.startswith(("<", "…"))
    for ch, off in zip(row.text, row.offsets, strict=True):
        assert 0 <= off < max(1, len(text))
        if PLAIN.match(ch) and text and not CONTROL.match(text[off]) and not labelled:
            assert text[off] == ch
    if text.strip() and width >= 2:
        assert row.text.strip(), f"{text!r} shows as nothing"
