"""Property tests: random mixed paragraphs at random widths.

The reorder property compares every row with an independent reference: levels for the whole
paragraph straight from python-bidi's debug dump of the *unmodified* text (no proxy), then
UAX #9 L1 on the row's logical slice, L2 over grapheme clusters and L4 mirroring, written
here from the specification rather than shared with the engine.

Examples: 150 per property by default; ``HYPOTHESIS_PROFILE=thorough`` runs 3,000.
"""

from __future__ import annotations

import re
import unicodedata

from bidi import get_display
from bidi.mirror import MIRRORED
from hypothesis import example, given
from hypothesis import strategies as st

from threadtui.text import LayoutOptions, Row, cell_len, clusters, layout, layout_field
from threadtui.text.cells import EXT_PICT_CLASS, MAX_MARKS, multi_clusters
from threadtui.text.layout import _quote_depth

from ..hostile.invariants import longest_zero_width_run

LATIN = ["hello", "world", "a", "bidi", "Tehran", "x", "SSH", "ok"]
PERSIAN = ["سلام", "دنیا", "لا", "می\u200cخواهم", "کتاب", "نسخهٔ", "و", "الله", "مُحَمَّد", "پژوهش"]
DIGITS = ["1402", "12", "۱۴۰۲", "٣٤", "3.5", "1,000", "-7", "50%", "$9"]
PUNCT = [".", ",", "!", "?", ";", ":", "-", "/", "،", "؟", "«", "»", '"', "'"]
BRACKETS = ["(", ")", "[", "]", "{", "}", "<", ">", "⟨", "⟩"]
URLS = ["https://x.io/a?b=1", "www.example.com", "a@b.co", "@ali", "http://ex.com/(x)"]
MARKS = ["\u064e", "\u0654", "\u0301", "\u0651", "\ufe0f"]
EMOJI = [
    "😀",
    "👨\u200d👩\u200d👧",
    "🇮🇷",
    "👍🏽",
    "❤\ufe0f",
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
]
CJK = ["漢字", "日本語", "한국어"]
SPACES = [" ", " ", " ", "  ", "\t", "\u3000", "\u2007", "\u00a0", "\u200b"]
BIDI_CONTROLS = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
]
FORMAT = ["\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]
CONTROLS = ["\x1b[31m", "\x07", "\x9b", "\x00", "\r", "\x7f", "\ud800"]

piece = st.sampled_from(
    [
        *LATIN,
        *PERSIAN,
        *DIGITS,
        *PUNCT,
        *BRACKETS,
        *URLS,
        *MARKS,
        *EMOJI,
        *CJK,
        *(SPACES * 3),
        *BIDI_CONTROLS,
        *FORMAT,
    ]
)
# Paragraphs the reference can follow exactly: no characters that sanitising rewrites.
clean_paragraph = st.lists(piece, max_size=60).map("".join)
# Anything: controls, line breaks, long tokens.
# Pathological clusters: Prepend runs and Hangul jamo that UAX #29 never breaks, and
# letters carrying far more marks than any font draws (the engine keeps MAX_MARKS).
ODD_CLUSTERS = [
    "\u0600" * 7,
    "\u06dd" * 3,
    "\u1100" * 9,
    "\u1100\u1161\u11a8",
    "\u1161" * 40,
    "a" + "\u0301" * 40,
    "\u0651" * 35,
    "\u0915\u094d\u0937\u093f",
]
any_piece = piece | st.sampled_from(
    [*CONTROLS, "\n", "\r\n", "\u2029", "\u2028", "x" * 150, *ODD_CLUSTERS]
)
any_text = st.lists(any_piece, max_size=80).map("".join)
widths = st.integers(min_value=10, max_value=120)

BREAK_SPACES = set(
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u200b\u2028"
)
X9_REMOVED = {"BN", "LRE", "RLE", "LRO", "RLO", "PDF"}
L1_TRANSPARENT = X9_REMOVED | {"WS", "LRI", "RLI", "FSI", "PDI"}
FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def is_invisible(text: str, i: int) -> bool:
    """The characters the engine must not show (spec: isolates, marks, embeddings,
    overrides, ZWNJ, ZWJ outside an emoji sequence, other zero-width format characters)."""
    ch = text[i]
    if ch == "\u200d":
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        return not (
            prev
            and nxt
            and is_pictographic(nxt)
            and (is_pictographic(prev) or prev == "\ufe0f" or "\U0001f3fb" <= prev <= "\U0001f3ff")
        )
    if "\U000e0020" <= ch <= "\U000e007f":
        return not (
            i and (text[i - 1] == "\U0001f3f4" or "\U000e0020" <= text[i - 1] <= "\U000e007f")
        )
    return (
        unicodedata.category(ch) == "Cf"
        and ch not in "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2"
    )


PICTOGRAPHIC = re.compile(f"[{EXT_PICT_CLASS}]")  # checked against emoji-data.txt in test_tables


def is_pictographic(ch: str) -> bool:
    return PICTOGRAPHIC.match(ch) is not None


def reference_levels(text: str) -> tuple[int, list[int]]:
    """Levels straight from python-bidi's dump of the whole text, parsed independently."""
    dump = get_display(text, debug=True)
    assert isinstance(dump, str)
    section = dump[dump.index("\n    levels: [") : dump.index("\n    paragraphs: [")]
    per_byte = [int(x) for x in re.findall(r"Level\(\s*(\d+),", section)]
    levels = []
    pos = 0
    for ch in text:
        levels.append(per_byte[pos])
        pos += len(ch.encode("utf-8"))
    para = int(re.search(r"level: Level\(\s*(\d+),", dump[dump.index("paragraphs: [") :]).group(1))  # type: ignore[union-attr]
    return para, levels


def reference_row(text: str, row: Row, para: int, levels: list[int]) -> tuple[str, list[int]]:
    """UAX #9 L1, L2 over grapheme clusters, L4, for the logical slice of one row."""
    line = list(range(row.start, row.end))
    level = {i: levels[i] for i in line}
    cls = {i: unicodedata.bidirectional(text[i]) for i in line}
    # L1: trailing whitespace/isolates, and segment separators with whitespace before them.
    for i in reversed(line):
        if cls[i] not in L1_TRANSPARENT:
            break
        level[i] = para
    for k, i in enumerate(line):
        if cls[i] in ("S", "B"):
            level[i] = para
            for j in reversed(line[:k]):
                if cls[j] not in L1_TRANSPARENT:
                    break
                level[j] = para
    # What is shown: no invisible characters, no hanging break spaces at the end.  ZWSP and
    # U+2028 are break opportunities, and grapheme cluster boundaries (GCB=Control) even
    # though they are not shown: they are removed after clustering.
    shown = [i for i in line if not is_invisible(text, i) or text[i] == "\u200b"]
    while shown and text[shown[-1]] in BREAK_SPACES:
        shown.pop()
    visible = "".join(text[i] for i in shown)
    units: list[tuple[int, list[int]]] = []  # (level, indices) per cluster; [] for a ghost
    # Invisible characters that X9 keeps (isolates, LRM, RLM, ALM) are not shown but still
    # take part in L2 as units of their own; BN and embeddings are ignored (X9).
    last = shown[-1] if shown else -1
    ghosts = [i for i in line if i < last and is_invisible(text, i) and cls[i] not in X9_REMOVED]
    pos = 0
    pieces = []
    for cluster in clusters(visible):
        if len(cluster) > 1 and cluster[0] in BREAK_SPACES:
            # UAX #14 LB10: a mark after a space is a letter of its own, not the space's.
            pieces += [cluster[0], cluster[1:]]
        else:
            pieces.append(cluster)
    for cluster in pieces:
        idx = shown[pos : pos + len(cluster)]
        pos += len(cluster)
        if cluster in ("\u200b", "\u2028"):
            continue
        if len(clusters(" " + cluster)) == 1:
            # A mark with no base (it would join a space): shown on a dotted circle.
            idx = [idx[0], *idx]
        units.append((level[idx[0]], idx))
    units += [(level[i], [i, -1]) for i in ghosts]
    units.sort(key=lambda unit: unit[1][0])
    if units:
        top = max(u[0] for u in units)
        low = min(u[0] for u in units)
        lowest_odd = low if low % 2 else low + 1
        for k in range(top, lowest_odd - 1, -1):
            i = 0
            while i < len(units):
                if units[i][0] >= k:
                    j = i
                    while j < len(units) and units[j][0] >= k:
                        j += 1
                    units[i:j] = units[i:j][::-1]
                    i = j
                else:
                    i += 1
    out_text = []
    out_offsets: list[int] = []
    for lvl, idx in units:
        if idx[-1] == -1:
            continue  # a ghost
        for k, i in enumerate(idx):
            ch = "\u25cc" if k == 0 and len(idx) > 1 and idx[1] == i else text[i]
            if lvl % 2:
                ch = MIRRORED.get(ch, ch)
            if ch == "\t":
                out_text.append("    ")
                out_offsets += [i] * 4
            else:
                out_text.append(ch)
                out_offsets.append(i)
    return "".join(out_text), out_offsets


@given(text=clean_paragraph, width=widths)
@example(text="SALAM \u2007\u200f", width=10)
@example(text="abc \u05d0\u05d1 (x) [\u05d2]", width=10)
@example(text=">hello", width=10)
@example(text="> \u05d0\u05d1 (x) [\u05d2]", width=10)
def test_rows_are_the_visual_order_of_their_slice(text: str, width: int) -> None:
    options = LayoutOptions(shaping=False, isolate=False)
    rows = layout(text, width, options)
    assert "".join(text[r.start : r.end] for r in rows) == text
    if not text:
        return
    depth, body = _quote_depth(text, 0, len(text))
    if depth and 2 * depth <= width // 2 and body < len(text):
        # A quote is structure (#12): its text follows the reference at the width beside
        # the marker, which stands on the start side of every row, never mirrored.
        rows = tuple(_unquoted(row, depth, body, k) for k, row in enumerate(rows))
        text = text[body:]
    para, levels = reference_levels(text)
    for row in rows:
        assert row.rtl == (para == 1)
        assert row.align == ("right" if para == 1 else "left")
        expected_text, expected_offsets = reference_row(text, row, para, levels)
        assert row.text == expected_text, (row, expected_text)
        assert list(row.offsets) == expected_offsets


def _unquoted(row: Row, depth: int, body: int, k: int) -> Row:
    """``row`` of a quoted paragraph without its marker, as a row of the quote's text."""
    n = 2 * depth
    if row.rtl:
        assert row.text.endswith(" >" * depth), row
        shown, offsets = row.text[:-n], row.offsets[:-n]
    else:
        assert row.text.startswith("> " * depth), row
        shown, offsets = row.text[n:], row.offsets[n:]
    start = body if k == 0 else row.start
    return Row(
        shown,
        row.width - n,
        row.align,
        row.rtl,
        tuple(o - body for o in offsets),
        start - body,
        row.end - body,
        row.paragraph,
    )


def check_rows(text: str, rows: tuple[Row, ...], width: int) -> None:
    assert rows
    assert "".join(text[r.start : r.end] for r in rows) == text
    assert rows[0].start == 0 and rows[-1].end == len(text)
    for row in rows:
        assert FORBIDDEN.search(row.text) is None, row
        assert cell_len(row.text) == row.width
        # Only a single unit wider than the width (a CJK character, a TAB, a \x9b escape
        # at width 1) may exceed it, alone on its row (zero-width marks aside).
        if row.width > width:
            wide = [c for c in clusters(row.text) if cell_len(c)]
            sources = {o for ch, o in zip(row.text, row.offsets, strict=True) if cell_len(ch)}
            assert len(wide) == 1 or len(sources) == 1, row
        assert len(row.offsets) == len(row.text)
        assert longest_zero_width_run(row.text) <= MAX_MARKS, row
        for offset in row.offsets:
            assert 0 <= offset < len(text)
            assert row.start <= offset < max(row.end, row.start + 1)


@given(text=any_text)
def test_clusters_cover_the_text_and_none_is_wider_than_two_cells(text: str) -> None:
    found = clusters(text)
    assert "".join(found) == text
    assert all(cell_len(c) <= 2 for c in found), [c for c in found if cell_len(c) > 2]
    spans, pos = [], 0
    for c in found:
        if len(c) > 1:
            spans.append((pos, pos + len(c)))
        pos += len(c)
    assert multi_clusters(text) == spans


@given(text=any_text, width=widths, mode=st.sampled_from(["app", "terminal", "off"]))
@example(text="x" * 300, width=10, mode="app")
# Reordering brings the mark ending an RTL run next to a run of zero-width jamo: the cap
# holds for the row as shown, not only for each run as written.
@example(
    text="hello\u0645\u064f\u062d\u064e\u0645\u064e\u0651\u062f" + "\u1161" * 40,
    width=10,
    mode="app",
)
@example(text="\x1b[31mred\x9b\x07", width=10, mode="app")
def test_rows_are_printable_cover_the_input_and_fit(text: str, width: int, mode: str) -> None:
    rows = layout(text, width, LayoutOptions(bidi=mode))  # type: ignore[arg-type]
    check_rows(text, rows, width)
    if mode == "off":
        assert all(r.align == "left" for r in rows)


@given(text=any_text, width=st.integers(min_value=-3, max_value=12))
def test_tiny_widths_never_crash_and_fit(text: str, width: int) -> None:
    rows = layout(text, width)
    check_rows(text, rows, max(width, 1))


@given(text=any_text, width=widths)
def test_fields(text: str, width: int) -> None:
    row = layout_field(text, width)
    assert FORBIDDEN.search(row.text) is None
    assert cell_len(row.text) == row.width <= width
    assert (row.start, row.end) == (0, len(text))
    assert all(0 <= o < len(text) for o in row.offsets)
    if text:
        assert row.text.strip(" \u2007\u3000\u2800\u3164"), "a non-empty field must show something"
