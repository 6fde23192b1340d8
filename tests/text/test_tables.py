"""Grapheme clusters against Unicode's own data: the embedded tables are current, and
clusters() passes GraphemeBreakTest.txt."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from threadtui.text import clusters
from threadtui.text.bidi import RTL_OR_EXPLICIT

from . import gen_tables
from .conftest import ucd_file

CELLS = Path(__file__).resolve().parents[2] / "src" / "threadtui" / "text" / "cells.py"


def test_embedded_tables_match_the_unicode_data() -> None:
    ucd_file("auxiliary/GraphemeBreakProperty.txt")
    ucd_file("emoji/emoji-data.txt")
    source = CELLS.read_text(encoding="utf-8")
    embedded = source[source.index(gen_tables.BEGIN) : source.index(gen_tables.END)]
    assert embedded + gen_tables.END + "\n" == gen_tables.generate(), (
        "cells.py is out of date: regenerate with python tests/text/gen_tables.py"
    )


def test_grapheme_break_test() -> None:
    path = ucd_file("auxiliary/GraphemeBreakTest.txt")
    count = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        expected = [
            "".join(chr(int(cp, 16)) for cp in chunk.split())
            for chunk in re.split(r"÷", line)
            if chunk.strip()
            for chunk in [chunk.replace("×", " ")]
        ]
        text = "".join(expected)
        assert clusters(text) == expected, line
        count += 1
    assert count > 600


def test_rtl_or_explicit_covers_every_rtl_character() -> None:
    """The fast path skips bidi for text without these characters: that is only right if
    every R, AL and AN character and every explicit control is among them."""
    missing = [
        f"U+{cp:04X}"
        for cp in range(0x110000)
        if unicodedata.bidirectional(chr(cp))
        in ("R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI")
        and not RTL_OR_EXPLICIT.match(chr(cp))
    ]
    assert not missing
