"""ZWNJ and ZWJ in `terminal` and `off` modes (#12.7): the terminal shapes the text itself there,
so the characters that control joining must reach it (نام‌ها, not نامها); bidi controls
are still neutralised, and a cut field marks its logical end."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len as rich_cell_len

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions, cell_len, layout, layout_field
from threadtui.text.cells import rich_pieces, rich_safe
from threadtui.view.render import render_lines

ROOT = Path(__file__).resolve().parents[2]
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
PERSIAN = "کتاب‌ها و نام‌ها را می‌خواهم؛ نمی‌دانم. "


@pytest.mark.parametrize("mode", ["terminal", "off"])
@pytest.mark.parametrize("width", [5, 12, 40, 200])
def test_layout_keeps_every_zwnj(mode: str, width: int) -> None:
    text = PERSIAN * 5 + "\n\n> " + PERSIAN * 3 + "\n\u200cstart and end\u200c"
    rows = layout(text, width, LayoutOptions(bidi=mode))  # type: ignore[arg-type]
    assert "".join(r.text for r in rows).count("\u200c") == text.count("\u200c")


@pytest.mark.parametrize("mode", ["terminal", "off"])
def test_bidi_controls_are_still_neutralised(mode: str) -> None:
    text = "a\u202eb\u2066c\u2069\u200fd \u200cن\u200cا"
    (row,) = layout(text, 40, LayoutOptions(bidi=mode))  # type: ignore[arg-type]
    assert BIDI_CONTROLS.search(row.text) is None
    assert row.text.count("\u200c") == 2
    assert BIDI_CONTROLS.search(layout_field(text, 40, LayoutOptions(bidi=mode)).text) is None  # type: ignore[arg-type]


def test_app_mode_still_drops_zwnj_after_shaping() -> None:
    (row,) = layout("نام‌ها", 20)
    assert "\u200c" not in row.text


@pytest.mark.parametrize("mode", ["terminal", "off"])
def test_render_keeps_every_zwnj_of_the_persian_sample(mode: str) -> None:
    raw = (ROOT / "sample_threads" / "persian.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    bodies = []

    def walk(comments: list[dict]) -> None:
        for c in comments:
            bodies.append(c.get("body", ""))
            walk(c.get("replies", []))

    walk(data["comments"])
    assert sum(b.count("\u200c") for b in bodies) > 20
    doc = {
        "format": "threadtui/1",
        "title": "t",
        "comments": [{"id": str(i), "body": b} for i, b in enumerate(bodies)],
    }
    out = "\n".join(render_lines(load_thread_text(json.dumps(doc)), 80, LayoutOptions(bidi=mode)))  # type: ignore[arg-type]
    assert out.count("\u200c") == sum(b.count("\u200c") for b in bodies)


def test_truncation_marks_the_logical_end() -> None:
    text = "سلام دنیا " * 10
    assert layout_field(text, 12, LayoutOptions(bidi="terminal")).text.endswith("…")
    assert layout_field(text, 12, LayoutOptions(bidi="off")).text.endswith("…")
    # The app draws visual order: the logical end of a right-to-left field is its left.
    assert layout_field(text, 12).text.startswith("…")


# ZWJ (U+200D) joins letters that would not join otherwise: a letter's joining form on
# its own (ه‍ in abbreviations), or across what would break the join. Removing it changes
# the text; in terminal and off modes the terminal shapes, so it is kept, like ZWNJ.
ZWJ_TEXT = "س\u200dم\u200dم یعنی سازمان ملل؛ ه\u200d و ب\u200dا. Emoji 👨\u200d👩\u200d👧 too. "


@pytest.mark.parametrize("mode", ["terminal", "off"])
@pytest.mark.parametrize("width", [5, 12, 40, 200])
def test_layout_keeps_every_zwj(mode: str, width: int) -> None:
    text = ZWJ_TEXT * 4 + "\n\n> " + ZWJ_TEXT + "\n\u200dstart"
    rows = layout(text, width, LayoutOptions(bidi=mode))  # type: ignore[arg-type]
    assert "".join(r.text for r in rows).count("\u200d") == text.count("\u200d")
    for r in rows:
        assert r.width == cell_len(r.text) <= width, r


def test_app_mode_keeps_only_the_emoji_zwj() -> None:
    rows = layout(ZWJ_TEXT, 200)
    assert "".join(r.text for r in rows).count("\u200d") == 2  # the family's two


@pytest.mark.parametrize("mode", ["terminal", "off"])
def test_render_keeps_every_zwj(mode: str) -> None:
    doc = {"title": "t", "comments": [{"id": "a", "body": ZWJ_TEXT * 20}]}
    thread = load_thread_text(json.dumps(doc))
    out = "\n".join(render_lines(thread, 60, LayoutOptions(bidi=mode)))  # type: ignore[arg-type]
    assert out.count("\u200d") == 20 * ZWJ_TEXT.count("\u200d")


@pytest.mark.parametrize(
    "text", ["xب\u200dاy", "\u200dا", "a\u200d\u200db", "ه\u200d", "👨\u200d👩\u200d👧 ب\u200dا"]
)
def test_rich_measures_the_pieces_as_the_terminal_draws_them(text: str) -> None:
    # Rich glues the character after any ZWJ into its cell; Textual measures with it.
    pieces = rich_pieces(text)
    assert "".join(pieces) == text
    assert sum(rich_cell_len(p) for p in pieces) == cell_len(text)
    assert rich_cell_len(rich_safe(text)) == cell_len(text)
    assert rich_safe("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # an emoji's ZWJ stays
