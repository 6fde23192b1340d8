"""Link detection on hostile text: punctuation right after a scheme (#11.1), bounded work.

``mailto:`` followed by punctuation used to crash `render` and the reader: the trailing
punctuation trim took the colon too, and the rest of the "URL" was looked for after a
colon that was no longer there (IndexError).
"""

from __future__ import annotations

import json
import sys
from types import FrameType
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from threadtui.model import load_thread_text
from threadtui.text import LayoutOptions, find_links, layout
from threadtui.text import links as links_module
from threadtui.view.render import render_lines

PUNCTUATION = ".,;:!?'\"*~`…،؛؟۔٫٬»«›‹”“’‘)]}>([{<"


def spans(text: str) -> list[str]:
    return [text[link.start : link.end] for link in find_links(text)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("write to mailto:. now", []),
        ("mailto:,", []),
        ("mailto:", []),
        ("mailto:;:.", []),
        ("Write to me at mailto:, or not.", []),
        ("mailto:.,;mailto:.,;", ["mailto:.,;mailto"]),
        ("mailto:)", []),
        ("(mailto:)", []),
        ("https://.", []),
        ("https:.", []),
        ("www..", []),
        ("see mailto:me@x.io.", ["mailto:me@x.io"]),
        ("(https://x.io/a_(b).)", ["https://x.io/a_(b)"]),
        ("https://x.io/a))))", ["https://x.io/a"]),
        ("https://x.io/(a))]]", ["https://x.io/(a)"]),
    ],
)
def test_scheme_followed_by_punctuation(text: str, found: list[str]) -> None:
    assert spans(text) == found


@pytest.mark.parametrize("text", ["write to mailto:. now", "mailto:,", "mailto:;", "mailto:)"])
@pytest.mark.parametrize("bidi", ["app", "terminal", "off"])
def test_render_survives_mailto_punctuation(text: str, bidi: Any) -> None:
    doc = {"format": "threadtui/1", "title": "t", "comments": [{"id": "a", "body": text}]}
    thread = load_thread_text(json.dumps(doc))
    lines = list(render_lines(thread, 40, LayoutOptions(bidi=bidi)))
    assert any(text.split()[0] in line for line in lines)
    assert layout(text, 5, LayoutOptions(bidi=bidi))


link_text = st.lists(
    st.one_of(
        st.sampled_from(PUNCTUATION),
        st.sampled_from(["mailto:", "http://", "https://", "www.", "@", "a", "x.io", " ", "/"]),
        st.characters(),
    ),
    max_size=60,
).map("".join)


@given(st.one_of(st.text(), link_text))
@example("write to mailto:. now")
@example("mailto:,")
@example("mailto:" + ")" * 50)
@example("@" * 20 + "a.bc")
def test_find_links_never_raises(text: str) -> None:
    found = find_links(text)
    prev_end = 0
    for link in found:
        assert prev_end <= link.start < link.end <= len(text)
        assert link.url
        assert not any(ch.isspace() for ch in text[link.start : link.end])
        prev_end = link.end


def _python_lines(text: str) -> int:
    """Python lines executed inside links.py while finding the links of ``text``: the
    work done outside the C regex engine and str methods, counted, not timed."""
    count = 0
    code_file = links_module.__file__

    def tracer(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        if frame.f_code.co_filename != code_file:
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        find_links(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize(
    "unit",
    [
        "mailto:.,;",
        "mailto:" + ")" * 9,
        "https://x.io/" + ")" * 7 + "." * 3,
        "a.b@c.de@",
        "@a.",
        "mailto:. ",
    ],
)
def test_link_work_is_linear(unit: str) -> None:
    """Ten times the text, at most about ten times the Python-level work (a quadratic trim
    of trailing brackets did ``len`` passes per bracket)."""
    small = _python_lines(unit * 200)
    large = _python_lines(unit * 2000)
    assert large <= 11 * small + 50, (small, large)
