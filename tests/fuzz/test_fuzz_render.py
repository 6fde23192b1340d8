"""Fuzzing what the reader draws: screen rows of random hostile threads.

`render_lines` (the `render` command, and the same rows the reader shows) never crashes,
never writes a control character, and no line is wider than asked; comment rows and
headers fit any pane width, down to one cell; the UI's strips fit their width exactly and
carry no control character either.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions, cell_len
from threadtui.view.render import render_lines
from threadtui.view.rows import article_rows, comment_rows

from .strategies import TOTAL, WEIGHTS, drawable_documents, fuzz
from .test_fuzz_layout import FORBIDDEN, OPTIONS

# Large explicit examples make Hypothesis warn about the size of their repr; harmless.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


@fuzz("render")
@given(drawable_documents, st.integers(8, 160), OPTIONS)
def test_render_never_crashes_and_stays_plain(
    doc: dict[str, Any], width: int, options: LayoutOptions
) -> None:
    thread = load_thread_text(json.dumps(doc))
    for line in render_lines(thread, width, options):
        assert "\n" not in line
        bad = FORBIDDEN.search(line)
        assert bad is None, f"U+{ord(bad.group()):04X} in {line!r}" if bad else ""
        assert cell_len(line) <= max(width, 4), f"{cell_len(line)} cells > {width}: {line!r}"


@fuzz("rows")
@given(drawable_documents, st.integers(1, 120), OPTIONS, st.booleans())
def test_rows_and_strips_fit_any_pane(
    doc: dict[str, Any], width: int, options: LayoutOptions, collapsed: bool
) -> None:
    from rich.style import Style

    from threadtui.ui.paint import Palette, row_strip

    thread = load_thread_text(json.dumps(doc))
    palette = Palette(lambda name, partial=True: Style())
    rows = article_rows(thread.article, thread, width, options)
    for i in range(len(thread)):
        rows += comment_rows(thread, i, width, options, collapsed=collapsed)
    for vr in rows:
        text = vr.text
        assert FORBIDDEN.search(text) is None, repr(text)
        if vr.kind == "header":
            assert cell_len(text) <= max(width, 4), (width, text)
        strip = row_strip(vr, width + 1, palette, mark="▌", cursor=True)
        assert strip.cell_length == width + 1
        assert not re.search("[\x00-\x1f\x7f-\x9f]", strip.text), repr(strip.text)


def test_fuzz_budget() -> None:
    """CI runs at least 2,000 generated cases (THREADTUI_FUZZ_EXAMPLES per property)."""
    from . import test_fuzz_layout, test_fuzz_load

    properties = [
        test_fuzz_load.test_any_bytes_load_or_fail_in_one_line,
        test_fuzz_load.test_any_json_document_loads_or_fails_in_one_line,
        test_fuzz_load.test_nothing_is_lost,
        test_fuzz_layout.test_layout_rows,
        test_fuzz_layout.test_layout_field_row,
        test_render_never_crashes_and_stays_plain,
        test_rows_and_strips_fit_any_pane,
    ]
    total = sum(
        p._hypothesis_internal_use_settings.max_examples  # type: ignore[attr-defined]
        for p in properties
    )
    assert abs(total - TOTAL) <= len(properties)
    # the importer targets' weight is on top of the others' (tests/fuzz/strategies.py)
    assert abs(sum(w for k, w in WEIGHTS.items() if k != "importers") - 1) < 1e-9
    import os

    if "THREADTUI_FUZZ_EXAMPLES" not in os.environ:
        assert total >= 2000, total
