"""Quotes are structure, not text (#12): a quoted paragraph keeps its marker on its start
side on every row it wraps to, in `render` and the reader (both draw `layout` rows)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions, cell_len, layout
from threadtui.view.render import render_lines

from .test_properties import check_rows

PERSIAN = "این یک پاراگراف نقل‌قول‌شده است که باید در چند سطر شکسته شود. "
ENGLISH = "This quoted English paragraph has to wrap onto several rows here. "


def five_rows(words: str, marker: str = "> ") -> tuple[str, int]:
    """A quoted paragraph of ``words`` and a width at which it takes exactly 5 rows."""
    text = marker + words * 3
    for width in range(20, 200):
        if len(layout(text, width)) == 5:
            return text, width
    raise AssertionError("no width gives 5 rows")


def test_quoted_persian_paragraph_has_the_marker_on_the_right_of_every_row() -> None:
    text, width = five_rows(PERSIAN)
    rows = layout(text, width)
    assert len(rows) == 5
    for row in rows:
        assert row.rtl and row.align == "right"
        assert row.text.endswith(" >"), row.text
        assert "<" not in row.text
        assert row.width == cell_len(row.text) <= width


def test_quoted_english_paragraph_has_the_marker_on_the_left_of_every_row() -> None:
    text, width = five_rows(ENGLISH)
    rows = layout(text, width)
    assert len(rows) == 5
    for row in rows:
        assert not row.rtl and row.align == "left"
        assert row.text.startswith("> "), row.text
        assert row.width == cell_len(row.text) <= width


def test_a_quoted_persian_line_keeps_its_marker_unmirrored_at_its_start() -> None:
    (row,) = layout("> من یک پرسش دارم.", 40)
    assert row.text.endswith(" >") and "<" not in row.text
    assert row.offsets[-1] == 0  # the ">" of the input


@pytest.mark.parametrize("marker", ["> > ", ">> ", "  > > "])
def test_nested_quotes(marker: str) -> None:
    for words, side in ((ENGLISH, "left"), (PERSIAN, "right")):
        text = marker + words * 2
        for row in layout(text, 30):
            if side == "left":
                assert row.text.startswith("> > ")
            else:
                assert row.text.endswith(" > >")


def test_terminal_mode_repeats_the_marker_in_logical_order() -> None:
    text = "> " + PERSIAN * 2
    rows = layout(text, 30, LayoutOptions(bidi="terminal"))
    assert len(rows) > 1
    assert all(r.text.startswith("> ") and r.align == "right" for r in rows)


def test_off_mode_leaves_quotes_as_text() -> None:
    rows = layout("> " + ENGLISH * 2, 30, LayoutOptions(bidi="off"))
    assert rows[0].text.startswith("> ") and not rows[1].text.startswith("> ")


def test_render_draws_quotes_as_the_reader_does() -> None:
    body = "> " + PERSIAN * 2 + "\n\nreply\n\n> " + ENGLISH * 2
    doc = {"format": "threadtui/1", "title": "t", "comments": [{"id": "a", "body": body}]}
    lines = [line for line in render_lines(load_thread_text(json.dumps(doc)), 40, LayoutOptions())]
    persian = [line for line in lines if any("\ufb50" <= c <= "\ufeff" for c in line)]
    english = [line for line in lines if "quoted" in line or "rows" in line or "wrap" in line]
    assert len(persian) > 1 and all(line.endswith(" >") for line in persian)
    assert len(english) > 1 and all(line.startswith("> ") for line in english)


def test_not_a_quote() -> None:
    assert layout("a > b", 20)[0].text == "a > b"
    assert layout(">", 20)[0].text == ">"
    assert layout("> x", 3)[0].text == "> x"  # too narrow for structure: plain text


@given(
    st.lists(
        st.sampled_from([">", "> ", " ", "سلام", "hello", "\n", "a" * 30, "ب" * 25]), max_size=20
    ).map("".join),
    st.integers(1, 60),
    st.sampled_from(["app", "terminal", "off"]),
)
def test_quoted_rows_keep_the_row_contract(text: str, width: int, mode: str) -> None:
    check_rows(text, layout(text, width, LayoutOptions(bidi=mode)), width)  # type: ignore[arg-type]
