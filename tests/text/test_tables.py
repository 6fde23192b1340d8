"""Grapheme clusters against Unicode's own data: the embedded tables are current,
grapheme_clusters() passes GraphemeBreakTest.txt, and clusters() departs from it only
where it documents that it does."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from threadtui.text import clusters
from threadtui.text.bidi import RTL_OR_EXPLICIT
from threadtui.text.cells import cell_len, grapheme_clusters

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
    count = cut = 0
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
        assert grapheme_clusters(text) == expected, line
        # What the layout engine uses departs only where a cluster is wider than two
        # cells or glues a break space on; then it is cut into the terminal's cells.
        if all(cell_len(c) <= 2 and not set(c[1:]) & set(" \u3000\u2000\u1680") for c in expected):
            assert clusters(text) == expected, line
        else:
            assert "".join(clusters(text)) == text and clusters(text) != expected, line
            cut += 1
        count += 1
    assert count > 600
    assert cut > 0  # the test file has such lines (a Prepend before a space)


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
