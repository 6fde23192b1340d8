"""Acceptance of #16: for every importer fixture, `convert` then `render` gives what
`render` of the source gives — placeholders, "more" counts and flags included."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadtui.importers import iter_threads, load_any
from threadtui.model.thread import Flag
from threadtui.model.writer import write_thread
from threadtui.text import LayoutOptions
from threadtui.view.render import render_lines

from .helpers import FIXTURES

SOURCES = sorted(
    p.name for p in FIXTURES.iterdir() if p.suffix in (".json", ".jsonl", ".mbox", ".eml", ".xml")
)


def _render(thread: object) -> list[str]:
    return list(render_lines(thread, 72, LayoutOptions()))  # type: ignore[arg-type]


def _cases() -> list[object]:
    out: list[object] = []
    for name in SOURCES:
        for info, _thread in iter_threads(FIXTURES / name):
            out.append(pytest.param(name, info.id, id=f"{name}:{info.id}" if info.id else name))
    return out


def test_every_fixture_is_covered() -> None:
    assert len(SOURCES) >= 13, SOURCES  # the data must be there: a missing fixture fails


@pytest.mark.parametrize(("name", "thread_id"), _cases())
def test_convert_then_render_is_render(name: str, thread_id: str, tmp_path: Path) -> None:
    source = load_any(FIXTURES / name, thread=thread_id or None)
    out = tmp_path / "converted.json"
    write_thread(source, out)
    again = load_any(out)
    assert _render(again) == _render(source)
    assert again.more == source.more and again.more_top == source.more_top
    assert again.deleted == source.deleted
    # Every flag ([orphan], bidi controls) and every parent the file named, kept (#16.4).
    assert again.flags == source.flags
    assert again.lost_parent == source.lost_parent
    assert again.extras == source.extras and again.extras_top == source.extras_top


def test_the_edges_fixture_has_every_kind_of_mark() -> None:
    """The fixture the round trip relies on for flags holds what it says."""
    t = load_any(FIXTURES / "threadtui_edges.json")
    marks = "\n".join(_render(t))
    assert marks.count("[orphan]") == 3  # a missing parent, a cycle, a self-parent
    assert "norvig [orphan]" in marks and "[deleted]" in marks
    assert t.lost_parent == {t.ids.index("b"): "gone", t.ids.index("c"): "d",
                             t.ids.index("e"): "e"}  # fmt: skip
    assert any(f & Flag.BIDI_CONTROLS for f in t.flags)
    assert t.extras_top["site"]["big"] == float("inf")
