"""Unit tests of the layout engine's parts and edge cases."""

from __future__ import annotations

import time

import pytest

from threadtui.text import (
    LayoutOptions,
    Link,
    cell_len,
    clusters,
    find_links,
    has_bidi_controls,
    layout,
    layout_field,
    level_source,
    visual_order,
)
from threadtui.text.bidi import MIRROR, paragraph_levels, self_test
from threadtui.text.sanitize import sanitize, strip_invisible
from threadtui.text.shaping import clear_cache, shape

NO_SHAPING = LayoutOptions(shaping=False)


DEFAULT = LayoutOptions()


def rows_text(text: str, width: int, options: LayoutOptions = DEFAULT) -> list[str]:
    return [row.text for row in layout(text, width, options)]


# --- sanitize -----------------------------------------------------------------------------


def test_escape_sequences_are_shown_not_emitted() -> None:
    (row,) = layout("\x1b[31mred\x1b[0m", 40)
    assert row.text == "␛[31mred␛[0m"
    assert row.offsets[0] == 0 and row.offsets[4] == 4


def test_c0_del_and_lone_cr_become_pictures() -> None:
    (row,) = layout("a\x00b\x07c\x7fd\re", 40)
    assert row.text == "a␀b␇c␡d␍e"
    assert row.offsets == tuple(range(9))


def test_c1_is_a_visible_escape_mapping_to_its_offset() -> None:
    (row,) = layout("x\x9by", 40)
    assert row.text == "x\\x9by"
    assert row.offsets == (0, 1, 1, 1, 1, 2)
    assert row.width == 6


def test_c1_escape_reads_left_to_right_inside_rtl_text() -> None:
    (row,) = layout("سلام\x9bدنیا", 40, NO_SHAPING)
    assert "\\x9b" in row.text


def test_tab_expands_to_spaces() -> None:
    (row,) = layout("a\tb", 40)
    assert row.text == "a    b"
    assert row.offsets == (0, 1, 1, 1, 1, 2)
    assert row.width == 6


def test_lone_surrogate_becomes_replacement_character() -> None:
    (row,) = layout("a\ud800b", 40)
    assert row.text == "a\ufffdb"
    row.text.encode("utf-8")


def test_rich_markup_is_just_text() -> None:
    assert rows_text("[bold]hi[/bold] [link=x]", 40) == ["[bold]hi[/bold] [link=x]"]


def test_sanitize_map() -> None:
    text, src = sanitize("a\x1bb", 10)
    assert text == "a␛b" and src == [10, 11, 12]


def test_has_bidi_controls() -> None:
    assert has_bidi_controls("abc\u202edef")
    assert has_bidi_controls("\u2067x\u2069")
    assert not has_bidi_controls("abc \u200f سلام \u200c")


def test_strip_invisible_keeps_emoji_zwj() -> None:
    family = "👨\u200d👩\u200d👧"
    assert strip_invisible(family) == (family, [])
    text, dropped = strip_invisible("ب\u200dا\u200c\u2066x\u2069")
    assert text == "باx" and dropped == [1, 3, 4, 6]


# --- cells --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cells", "count"),
    [
        ("👨\u200d👩\u200d👧", 2, 1),  # emoji ZWJ sequence: one cluster
        ("🇮🇷", 2, 1),  # flag
        ("🇮🇷🇺", 3, 2),  # a flag and a lone regional indicator
        ("e\u0301", 1, 1),  # combining mark
        ("漢字", 4, 2),  # CJK
        ("مَ", 1, 1),  # harakat are zero width
        ("\u0628\u200d\u0627", 2, 2),  # Rich says 1: it treats any ZWJ as an emoji joiner
        ("a\u200d一", 3, 2),
        ("❤\ufe0f", 2, 1),
        ("👍🏽", 2, 1),
        ("", 0, 0),
    ],
)
def test_cell_len_and_clusters(text: str, cells: int, count: int) -> None:
    assert cell_len(text) == cells
    assert len(clusters(text)) == count
    assert "".join(clusters(text)) == text


# --- links --------------------------------------------------------------------------------


def urls(text: str) -> list[str]:
    return [text[link.start : link.end] for link in find_links(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("see https://x.io/a.", ["https://x.io/a"]),
        ("(https://x.io/a)", ["https://x.io/a"]),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", ["https://en.wikipedia.org/wiki/Foo_(bar)"]),
        ("لینک https://x.io/fa، بعدی", ["https://x.io/fa"]),
        ("آیا https://x.io/q؟", ["https://x.io/q"]),
        ("www.example.com!", ["www.example.com"]),
        ("HTTPS://X.IO", ["HTTPS://X.IO"]),
        ("xhttps://no.pe", []),
        ("https:// alone", []),
        ("write to a.b@x.co.uk, please", ["a.b@x.co.uk"]),
        ("thanks @ali_r.", ["@ali_r"]),
        ("a@b.co and @c", ["a@b.co", "@c"]),
        ("https://u@host.io/x", ["https://u@host.io/x"]),
        ("mailto:me@x.io", ["mailto:me@x.io"]),
        ("no links here", []),
    ],
)
def test_find_links(text: str, found: list[str]) -> None:
    assert urls(text) == found


def test_link_kinds_and_urls() -> None:
    assert find_links("www.x.io a@b.co @ali") == [
        Link(0, 8, "https://www.x.io", "url"),
        Link(9, 15, "mailto:a@b.co", "email"),
        Link(16, 20, "@ali", "mention"),
    ]


# --- shaping ------------------------------------------------------------------------------


def test_shaping_lam_alef_map() -> None:
    clear_cache()
    assert shape("سلام") == ("\ufeb3\ufefc\ufee1", [2])  # the alef has no character
    assert shape("لَا") == ("\ufefb\u064e", [2])  # the mark follows the ligature
    (row,) = layout("سلام", 10)
    assert row.offsets == (3, 1, 0)  # meem, lam-alef (at the lam), seen


def test_shaping_keeps_harakat_and_no_allah_ligature() -> None:
    shaped, dropped = shape("الله خانهٔ")
    assert "\ufdf2" not in shaped and "\u0654" in shaped and not dropped


def test_arabic_reshaper_zwj_bugs_are_avoided() -> None:
    shaped, _ = shape("ب\u200dلا سلام")
    assert "\ufee1" in shaped  # the meem is not lost
    assert shape("ه\u200d لا")[0]  # no IndexError
    assert shape("a 👨\u200d👩 b")[0] == "a 👨\u200d👩 b"  # emoji ZWJ untouched


def test_persian_letters_take_contextual_forms() -> None:
    (row,) = layout("پژوهش گچ", 40)
    assert all(0xFB50 <= ord(ch) <= 0xFEFF or ch == " " for ch in row.text)


# --- bidi ---------------------------------------------------------------------------------


def test_level_source_and_self_test() -> None:
    assert self_test() is True
    assert level_source() == "python-bidi"


def test_paragraph_levels_with_isolates() -> None:
    base, levels = paragraph_levels("\u2066abc\u2069 \u0627")
    assert base == 1  # P2 skips the isolate
    assert list(levels) == [1, 2, 2, 2, 1, 1, 1]


def test_mirroring_at_odd_levels_only() -> None:
    assert MIRROR[ord("(")] == ord(")")
    # Logical "ا (ب) «ج»" reversed gives "»ج« )ب( ا"; L4 turns the brackets back.
    (rtl,) = layout("\u0627 (\u0628) \u00ab\u062c\u00bb", 40, NO_SHAPING)
    assert rtl.text == "\u00ab\u062c\u00bb (\u0628) \u0627"
    (ltr,) = layout("a (b) <c>", 40)
    assert ltr.text == "a (b) <c>"


def test_visual_order() -> None:
    assert visual_order("abc \u05d0\u05d1\u05d2", "ltr") == [0, 1, 2, 3, 6, 5, 4]
    assert visual_order("\u05d0\u202ab\u202c", 1) == [2, 0]  # X9-removed left out


def test_marks_stay_after_their_base_and_emoji_stay_whole() -> None:
    (row,) = layout("مُحَمَّد 👨\u200d👩\u200d👧", 40)
    assert "👨\u200d👩\u200d👧" in row.text
    assert not row.text[0].isspace()
    assert [ch for ch in row.text if "\u064b" <= ch <= "\u065f"] == [
        "\u064e",
        "\u0651",
        "\u064e",
        "\u064f",
    ]


def test_base_dir_override() -> None:
    (row,) = layout("سلام", 10, LayoutOptions(base_dir="ltr"))
    assert row.align == "left" and not row.rtl
    (row,) = layout("hello", 10, LayoutOptions(base_dir="rtl"))
    assert row.align == "right" and row.rtl


def test_base_direction_is_per_paragraph_not_per_line() -> None:
    rows = layout("سلام hello world foo bar baz", 12, NO_SHAPING)
    assert all(row.rtl and row.align == "right" for row in rows)


# --- modes --------------------------------------------------------------------------------


def test_terminal_mode_keeps_logical_order_without_shaping() -> None:
    rows = layout("سلام دنیا", 20, LayoutOptions(bidi="terminal"))
    assert [row.text for row in rows] == ["سلام دنیا"]
    assert rows[0].align == "right" and rows[0].rtl
    assert rows[0].offsets == tuple(range(9))


def test_off_mode_is_raw_and_left_aligned() -> None:
    rows = layout("سلام\u202e دنیا", 20, LayoutOptions(bidi="off"))
    assert [row.text for row in rows] == ["سلام دنیا"]
    assert rows[0].align == "left" and not rows[0].rtl


# --- paragraphs, empty input, widths ----------------------------------------------------------


def test_empty_string_is_one_empty_row() -> None:
    (row,) = layout("", 10)
    assert (row.text, row.width, row.start, row.end, row.offsets) == ("", 0, 0, 0, ())


def test_paragraphs_and_blank_lines() -> None:
    text = "a\n\nb\r\nc\u2029d\n"
    rows = layout(text, 10)
    assert [row.text for row in rows] == ["a", "", "b", "c", "d"]
    assert [row.paragraph for row in rows] == [0, 1, 2, 3, 4]
    assert [(row.start, row.end) for row in rows] == [(0, 2), (2, 3), (3, 6), (6, 8), (8, 10)]


def test_line_separator_forces_a_break() -> None:
    assert rows_text("ab\u2028cd", 10) == ["ab", "cd"]


def test_zero_width_space_is_a_break_opportunity() -> None:
    assert rows_text("abcdef\u200bghijkl", 8) == ["abcdef", "ghijkl"]


def test_width_one() -> None:
    rows = layout("سلام دنیا", 1)
    assert all(row.width <= 1 for row in rows)
    rows = layout("漢字", 1)
    assert [row.text for row in rows] == ["漢", "字"]  # too wide: a row each
    assert layout("abc", 0) == layout("abc", 1) == layout("abc", -5)


def test_very_long_token_is_hard_broken() -> None:
    token = "x" * 2_000_000
    start = time.perf_counter()
    rows = layout(token, 80)
    assert time.perf_counter() - start < 30  # generous: must be linear, not quadratic
    assert len(rows) == 25_000 and all(row.width == 80 for row in rows)
    assert rows[-1].end == len(token)


def test_long_url_in_rtl_text() -> None:
    url = "https://example.com/" + "a" * 200
    rows = layout("لینک " + url + " اینجا", 40, NO_SHAPING)
    assert all(row.width <= 40 for row in rows)
    assert "".join(row.text for row in rows[1:-1]).startswith("https://example.com/")


@pytest.mark.parametrize("base", ["a", "ب", "", "x "])
def test_hundred_thousand_combining_marks(base: str) -> None:
    mark = "\u064e" if base == "ب" else "\u0301"
    text = base + mark * 100_000
    start = time.perf_counter()
    rows = layout(text, 80)
    assert time.perf_counter() - start < 30
    assert "".join(text[r.start : r.end] for r in rows) == text
    assert all(cell_len(row.text) == row.width for row in rows)


# --- fields -------------------------------------------------------------------------------


def test_field_newlines_become_spaces() -> None:
    row = layout_field("first\nsecond\r\nthird", 40)
    assert row.text == "first second third"
    assert (row.start, row.end) == (0, 19)


def test_field_truncation_ltr_and_rtl() -> None:
    row = layout_field("a rather long title", 10)
    assert row.text == "a rather…" and row.width == 9
    row = layout_field("عنوان خیلی طولانی یک بحث", 10, NO_SHAPING)
    assert row.text.startswith("…") and row.width <= 10 and row.align == "right"


def test_field_of_invisible_characters_shows_code_points() -> None:
    row = layout_field("\u200b\u200f", 40)
    assert row.text == "<U+200B U+200F>"
    assert layout_field("\u202e", 4).text == "<U+…"


def test_field_bidi_override_stays_inside() -> None:
    row = layout_field("evil\u202e gnp.exe", 40)
    assert has_bidi_controls("evil\u202e gnp.exe")
    assert "\u202e" not in row.text and row.text.startswith("evil")


def test_empty_field() -> None:
    assert layout_field("", 10).text == ""


# --- pathological clusters ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u1100" * 3, ["\u1100"] * 3),  # leading jamo: UAX #29 keeps them together
        ("\u0600\u0600\u06311", ["\u0600", "\u0600", "\u0631", "1"]),  # Prepend run on a letter
        (
            "\u0600" * 3 + "\u0301x",
            ["\u0600", "\u0600", "\u0600\u0301", "x"],
        ),  # a mark stays on its cell
        ("\u1100\u1161\u11a8", ["\u1100\u1161\u11a8"]),  # a syllable from jamo: one cluster
        ("\u0600" + "1", ["\u06001"]),  # two cells: a real cluster, kept
        ("👨\u200d👩\u200d👧", ["👨\u200d👩\u200d👧"]),  # ZWJ sequence, two cells
        ("\u0600 x", ["\u0600", " ", "x"]),  # a Prepend never swallows a break space
        ("\u0600\u1100", ["\u0600", "\u1100"]),  # two code points, three cells
    ],
    ids=[
        "hangul-L",
        "prepend-run",
        "prepend-mark",
        "hangul-LVT",
        "number-sign",
        "family",
        "prepend-space",
        "prepend-wide",
    ],
)
def test_clusters_wider_than_two_cells_are_cut_where_a_terminal_starts_a_cell(
    text: str, expected: list[str]
) -> None:
    assert clusters(text) == expected


def test_marks_past_the_cap_are_dropped_from_the_screen_text_only() -> None:
    from threadtui.text.cells import MAX_MARKS, excess_marks

    assert excess_marks("a" + "\u0301" * MAX_MARKS) == []
    assert excess_marks("a" + "\u0301" * (MAX_MARKS + 2)) == [MAX_MARKS + 1, MAX_MARKS + 2]
    assert excess_marks("x" * 100) == []
    text = "zalgo " + "e" + "\u0301\u0308" * 50 + " end"
    (row,) = layout(text, 80)
    assert row.text == "zalgo e" + ("\u0301\u0308" * 16) + " end"
    assert (row.start, row.end) == (0, len(text))
    # What is shown still maps to where it was written: " end" keeps its offsets.
    assert row.offsets[-4:] == tuple(range(len(text) - 4, len(text)))
    field = layout_field(text, 80)
    assert field.text == row.text


def test_every_class_representative_stands_for_itself() -> None:
    """The proxy's run regex works on translated text: it is only right if each
    representative translates to itself (so no untranslated character can pass for one)."""
    from threadtui.text import bidi

    table, _runs = bidi._proxy()
    for rep in bidi._REPRESENTATIVE.values():
        assert table.get(ord(rep)) == rep, f"U+{ord(rep):04X}"
