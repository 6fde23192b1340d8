"""Huge one-line fields are cut before layout (#11.4): a 1.6 MB mail Subject and a 20 MB
author name cost what short ones do. What is checked is how much text reaches the layout
engine's paragraph preparation (every character it gets costs microseconds), not time.
The full text stays in the thread for search and copy."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator

import pytest

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions, field_prefix_cap, layout, layout_field
from threadtui.view.render import render_lines
from threadtui.view.rows import FIELD_ROWS, article_rows, comment_rows, header_parts

SUBJECT = ("سلام دنیا hello world " * 80_000)[:1_600_000]
AUTHOR = "x" * 20_000_000
layout_module = sys.modules["threadtui.text.layout"]
MODES = [LayoutOptions(), LayoutOptions(bidi="terminal"), LayoutOptions(bidi="off")]


@pytest.fixture
def prepared(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The length of every paragraph the layout engine prepares."""
    seen: list[int] = []
    real = layout_module._prepare

    def spy(content: str, *args: object, **kw: object) -> object:
        seen.append(len(content))
        return real(content, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(layout_module, "_prepare", spy)
    yield seen


@functools.cache
def huge_thread() -> object:
    doc = {
        "format": "threadtui/1",
        "title": SUBJECT,
        "url": "https://example.com/" + "a" * 2_000_000,
        "article": {"title": SUBJECT, "subtitle": SUBJECT, "author": AUTHOR, "body": "short"},
        "comments": [
            {"id": "a", "author": AUTHOR, "title": SUBJECT, "body": "hi"},
            {
                "id": "b",
                "author": SUBJECT,
                "body": "ok",
                "replies": [{"id": "c", "author": AUTHOR, "body": "."}],
            },
        ],
    }
    return load_thread_text(json.dumps(doc))


@pytest.mark.parametrize("options", MODES, ids=lambda o: o.bidi)
@pytest.mark.parametrize("width", [1, 9, 40, 160])
def test_layout_field_lays_out_a_bounded_prefix(
    prepared: list[int], options: LayoutOptions, width: int
) -> None:
    for text in (SUBJECT, AUTHOR):
        row = layout_field(text, width, options)
        assert row.end == len(text)
        assert row.width <= width
        assert "…" in row.text
    assert max(prepared) <= field_prefix_cap(width)


def test_layout_field_of_a_prefix_matches_the_whole() -> None:
    """Cutting before layout changes nothing that is shown."""
    for text in ("hello world " * 50, "سلام دنیا " * 50, "مُحَمَّد 👨\u200d👩\u200d👧 " * 30):
        for width in (5, 20, 41):
            short = layout_field(text, width)
            long = layout_field(text * 40, width)
            assert (short.text, short.width, short.offsets) == (long.text, long.width, long.offsets)


def test_zero_width_prefix_grows_until_something_shows() -> None:
    text = "\u200b" * 2_000 + "visible text here"
    row = layout_field(text, 20)
    assert row.text.startswith("visible")
    assert row.end == len(text)
    # Past the bound, the field is shown as the blank field it seems to be.
    row = layout_field("\u200b" * 50_000 + "visible", 20)
    assert row.text.startswith("<U+200B") and row.width <= 20


@pytest.mark.parametrize("options", MODES, ids=lambda o: o.bidi)
def test_rows_and_render_lay_out_bounded_text(prepared: list[int], options: LayoutOptions) -> None:
    thread = huge_thread()
    width = 120
    for i in range(len(thread)):  # type: ignore[arg-type]
        header_parts(thread, i, width, options)  # type: ignore[arg-type]
        comment_rows(thread, i, width, options)  # type: ignore[arg-type]
    rows = article_rows(thread.article, thread, width, options)  # type: ignore[attr-defined]
    assert sum(r.kind == "more" for r in rows) >= 2  # title and subtitle say what is left out
    lines = list(render_lines(thread, width, options))  # type: ignore[arg-type]
    assert len(lines) < 80
    bound = field_prefix_cap(width) * FIELD_ROWS
    assert max(prepared) <= bound, max(prepared)


def test_field_rows_keep_what_fits() -> None:
    thread = huge_thread()
    rows = article_rows(thread.article, thread, 60, LayoutOptions())  # type: ignore[attr-defined]
    heading = [r for r in rows if r.parts and r.parts[0].role == "heading"]
    assert len(heading) == FIELD_ROWS
    assert (
        [r.parts[0].row.text for r in heading]
        == [  # type: ignore[union-attr]
            r.text for r in layout(SUBJECT[:2000], 60)[:FIELD_ROWS]
        ]
    )
