"""Odd shapes the reader must draw within bounds: empty threads, deep chains, huge
numbers, grapheme clusters of any width, narrow panes.

These are the deterministic versions of what the corpus and the fuzzer found.
"""

from __future__ import annotations

import json

import pytest

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions, cell_len, layout, layout_field
from threadtui.text.cells import MAX_MARKS
from threadtui.ui.bindings import EXPANDED, KEYS, keys_of
from threadtui.view.render import render_lines
from threadtui.view.rows import comment_rows, gutter_for, header_parts

from .invariants import longest_zero_width_run

MODES = [LayoutOptions(bidi=m) for m in ("app", "terminal", "off")]
MODE_IDS = ["app", "terminal", "off"]


# ----------------------------------------------------------------------- empty threads

_KEYS = sorted(
    {k for row in KEYS if row.id not in EXPANDED for k in keys_of(row.id, {})}
    - {"q", "o", "y", "Y"}
)  # quit, and the keys that open a browser or copy


@pytest.mark.parametrize("key", _KEYS)
async def test_every_key_on_a_thread_without_comments(key: str) -> None:
    """A thread can have no comments at all (a fresh post, a failed scrape): every key
    still works (before threadtui guarded it, E, C, J and K raised IndexError)."""
    from threadtui.ui.app import ReaderApp

    thread = load_thread_text(json.dumps({"title": "nobody answered", "comments": []}))
    app = ReaderApp(thread, LayoutOptions())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.comments.focus()
        await pilot.press(key)
        await pilot.pause()
        await pilot.press(key)
        await pilot.pause()
    assert app.return_code in (None, 0)


# ----------------------------------------------------------------------- wide clusters


@pytest.mark.parametrize(
    "text",
    [
        "\u0600" * 30,  # ARABIC NUMBER SIGN: a Prepend character
        "\u0600" * 5 + "12345678901234567890",
        "\u1100" * 30,  # HANGUL CHOSEONG KIYEOK: L jamo join each other
        "\u06dd" * 40 + "x",
    ],
    ids=["number-signs", "number-signs-digits", "hangul-L", "end-of-ayah"],
)
def test_a_cluster_of_any_width_still_fits(text: str) -> None:
    """A grapheme cluster can be made arbitrarily wide (Prepend marks, Hangul L jamo).
    Rows must still fit the width: a terminal draws these as separate cells, and so the
    engine cuts a cluster wider than two cells where a terminal starts a new cell."""
    for options in MODES:
        for width in (4, 10, 25):
            for row in layout(text, width, options):
                assert row.width <= width, (
                    f"{options.bidi}: {row.width} cells at width {width}: {row.text!r}"
                )
                assert cell_len(row.text) <= width


# ----------------------------------------------------------------------- narrow panes


@pytest.mark.parametrize("width", [8, 10, 12])
def test_render_lines_fit_narrow_widths(width: int) -> None:
    """`threadtui render --width 8` prints no line wider than 8 cells: the summary and
    the "not in this file" lines included."""
    thread = load_thread_text(
        json.dumps(
            {
                "title": "t",
                "more": 12345,
                "comments": [
                    {"body": "x", "more": 98765, "replies": [{"body": "y"}]} for _ in range(1500)
                ],
            }
        )
    )
    for line in render_lines(thread, width, LayoutOptions()):
        assert cell_len(line) <= width, f"{cell_len(line)} cells: {line!r}"


@pytest.mark.parametrize("width", [1, 2, 5, 9, 24, 26, 80])
def test_deep_chain_rows_fit_any_pane(width: int) -> None:
    depth = 5000
    text = (
        '{"title":"chain","comments":['
        + '{"body":"level","replies":[' * depth
        + '{"body":"bottom","author":"a","score":1}'
        + "]}" * depth
        + "]}"
    )
    thread = load_thread_text(text)
    for i in (0, 1, 50, depth - 1, depth):
        gutter, gw, _deep = gutter_for(thread.depth[i], width)
        assert gw <= width and cell_len(gutter) == gw
        for vr in comment_rows(thread, i, width, LayoutOptions()):
            if vr.kind in ("header", "body"):
                assert cell_len(vr.text) <= max(width, 4), (width, i, vr.text)


def test_huge_numbers_in_headers_fit() -> None:
    thread = load_thread_text(
        '{"title": "t", "comments": [{"body": "x", "author": "a", "score": '
        + "9" * 300
        + ', "more": '
        + "9" * 200
        + "}]}"
    )
    for width in (10, 40, 120):
        header = "".join(p.text for p in header_parts(thread, 0, width, LayoutOptions()))
        assert cell_len(header) <= width


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_fields_fit_one_cell(options: LayoutOptions) -> None:
    for text in ("漢字", "👨\u200d👩\u200d👧", "\x9b", "\u202e", "سلام", "\u200b", "a" * 100):
        row = layout_field(text, 1, options)
        assert row.width <= 1 or (row.width <= 2 and len(text) <= 3), (text, row)


# ----------------------------------------------------------------------- "Zalgo" text


@pytest.mark.parametrize(
    "text",
    [
        "a" + "\u0301" * 100_000,
        "x" + "\u0308" * 5_000 + " tail",
        "\u0651" * 20_000,
        "e" + "\u0301\u0308\u0323" * 1_000,
    ],
    ids=["acute-100k", "diaeresis-5k", "shadda-20k", "mixed-3k"],
)
def test_marks_piled_on_one_letter_are_capped(text: str) -> None:
    """Rows never carry more than a few dozen zero-width characters in a row. No
    terminal draws 100,000 combining marks on one letter, and Rich's cell splitting,
    which Textual uses to crop every line, is quadratic in them: with the cursor on
    such a header the reader stopped responding for good (combining-100k.json)."""
    for options in MODES:
        for row in layout(text, 40, options):
            assert longest_zero_width_run(row.text) <= MAX_MARKS, (
                options.bidi,
                len(row.text),
                row.width,
            )
        field = layout_field(text, 40, options)
        assert longest_zero_width_run(field.text) <= MAX_MARKS, (options.bidi, len(field.text))
