"""Spoofing: bidi controls that try to reorder what follows them, and invisible names.

"Trojan Source" (CVE-2021-42574) hides text by opening a right-to-left override and never
closing it: everything after it on the line is shown reversed. threadtui lays out every
one-line field (author, title, date, URL) as its own isolated paragraph, so controls in
one field cannot move the characters of another, and it drops the controls from what it
draws. A comment that holds them is marked "[⇄ bidi controls]" in its header.
"""

from __future__ import annotations

import json
import unicodedata

import pytest

from threadtui.model import Flag, load_thread_text
from threadtui.text import LayoutOptions, layout, layout_field
from threadtui.view.render import render_lines
from threadtui.view.rows import comment_rows, header_parts

from .helpers import tool
from .terminal import BIDI_CONTROLS

MH = tool("make_hostile")
MODES = [LayoutOptions(bidi=m) for m in ("app", "terminal", "off")]
MODE_IDS = ["app", "terminal", "off"]
SPOOFS = [
    *list(MH.BIDI_SPOOF),
    "\u202e",
    "abc\u202edef",
    "\u2067\u202e\u202d\u202b\u202a\u2066\u2068",
    "\u202eعلی",
    "علی\u202d",
    "user\u2069\u2069\u2069\u202c\u202c",
]
MARK_TEXT = "[⇄ bidi controls]"


def _thread_with_author(author: str, *, title: str = "the title", body: str = "body"):  # type: ignore[no-untyped-def]
    return load_thread_text(
        json.dumps(
            {
                "title": "t",
                "comments": [
                    {
                        "id": "a",
                        "author": author,
                        "title": title,
                        "posted": "2024-05-06T07:08:09",
                        "score": 1234,
                        "body": body,
                    },
                    {"id": "b", "author": "plain", "body": "clean"},
                ],
            }
        )
    )


def _header(thread, i: int, width: int, options: LayoutOptions) -> str:  # type: ignore[no-untyped-def]
    return "".join(p.text for p in header_parts(thread, i, width, options))


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("spoof", SPOOFS)
def test_author_cannot_reorder_the_rest_of_the_header(spoof: str, options: LayoutOptions) -> None:
    t = _thread_with_author(spoof + " name")
    header = _header(t, 0, 120, options)
    # The date, the score and the title come after the author exactly as written.
    assert " · 2024-05-06 07:08 · 1,234 points · the title" in header, header
    assert not BIDI_CONTROLS.search(header)


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("spoof", SPOOFS)
def test_title_and_date_cannot_reorder_their_neighbours(spoof: str, options: LayoutOptions) -> None:
    t = load_thread_text(
        json.dumps(
            {
                "title": "t",
                "comments": [
                    {
                        "author": "alice",
                        "title": spoof + " title",
                        "posted": spoof + "2024",
                        "score": 5,
                        "body": "x",
                    }
                ],
            }
        )
    )
    header = _header(t, 0, 160, options)
    assert header.startswith("alice"), header
    assert "5 points" in header
    assert not BIDI_CONTROLS.search(header)


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("spoof", SPOOFS)
def test_field_keeps_its_controls_to_itself(spoof: str, options: LayoutOptions) -> None:
    """layout_field: whatever the field holds, its row is printable and maps into it."""
    for text in (spoof, spoof + " tail", "head " + spoof, "https://example.com/" + spoof):
        row = layout_field(text, 40, options)
        assert not BIDI_CONTROLS.search(row.text), (text, row)
        assert row.width <= 40
        assert len(row.offsets) == len(row.text)
        assert all(0 <= o < max(1, len(text)) for o in row.offsets)
        if text.strip():
            assert row.text.strip(), f"{text!r} shows as nothing"


@pytest.mark.parametrize("where", ["author", "title", "body"])
def test_comments_with_bidi_controls_are_marked(where: str) -> None:
    fields = {"author": "alice", "title": "a title", "body": "text"}
    fields[where] = fields[where] + "\u202e hidden"
    t = load_thread_text(
        json.dumps(
            {
                "title": "t",
                "comments": [
                    fields,
                    {"author": "bob", "body": "clean \u200f rlm is not a control that reorders"},
                ],
            }
        )
    )
    assert t.flags[0] & Flag.BIDI_CONTROLS
    assert not t.flags[1] & Flag.BIDI_CONTROLS
    for options in MODES:
        assert MARK_TEXT in _header(t, 0, 120, options)
        assert MARK_TEXT not in _header(t, 1, 120, options)
        # The mark stays even when the header is cramped.
        assert MARK_TEXT in _header(t, 0, 40, options)


def test_every_bidi_control_is_flagged() -> None:
    for cp in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]:
        t = load_thread_text(json.dumps({"title": "t", "comments": [{"body": f"a{chr(cp)}b"}]}))
        assert t.flags[0] & Flag.BIDI_CONTROLS, f"U+{cp:04X} not flagged"


def test_escaped_and_raw_controls_are_both_flagged() -> None:
    raw = '{"title": "t", "comments": [{"body": "a\u202eb"}, {"body": "c"}]}'
    esc = '{"title": "t", "comments": [{"body": "a\\u202eb"}, {"body": "c"}]}'
    upper = '{"title": "t", "comments": [{"body": "a\\u202Eb"}, {"body": "c"}]}'
    for text in (raw, esc, upper):
        t = load_thread_text(text)
        assert [bool(f & Flag.BIDI_CONTROLS) for f in t.flags] == [True, False], text


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_body_controls_do_not_leak_into_the_next_paragraph_or_comment(
    options: LayoutOptions,
) -> None:
    t = load_thread_text(
        json.dumps(
            {
                "title": "t",
                "comments": [
                    {
                        "author": "eve",
                        "body": "first line \u202e never closed\nsecond paragraph ok",
                    },
                    {"author": "bob", "body": "next comment ok"},
                ],
            }
        )
    )
    rows = comment_rows(t, 0, 80, options) + comment_rows(t, 1, 80, options)
    text = "\n".join(r.text for r in rows)
    assert "second paragraph ok" in text
    assert "next comment ok" in text
    assert not BIDI_CONTROLS.search(text)


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_render_of_the_spoof_corpus(options: LayoutOptions) -> None:
    from threadtui.model import load_thread

    from .helpers import CORPUS

    t = load_thread(CORPUS / "bidi-spoof.json")
    out = "\n".join(render_lines(t, 100, options))
    assert not BIDI_CONTROLS.search(out)
    # Marked: every comment holding an embedding, override or isolate (RLM/LRM/ALM are
    # marks, not controls that reorder other text, and are not flagged).
    explicit = sum(
        1
        for s in MH.BIDI_SPOOF
        if any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in s)
    )
    assert out.count(MARK_TEXT) == explicit
    assert out.count("2024-05-06 07:08 · 1,234 points") == len(t) - 1


def _visible(s: str) -> bool:
    """Something a person can see: not only spaces, format characters, marks or fillers."""
    fillers = {"\u3164", "\u2800", "\u115f", "\u1160", "\uffa0", "\u180e"}
    for ch in s:
        if ch in fillers:
            continue
        cat = unicodedata.category(ch)
        if cat[0] in "LNPS" and not ch.isspace():
            return True
    return False


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize(
    "author", MH.INVISIBLE_AUTHORS, ids=lambda a: "+".join(f"{ord(c):04X}" for c in a) or "empty"
)
def test_invisible_author_still_shows_something(author: str, options: LayoutOptions) -> None:
    t = _thread_with_author(author)
    parts = header_parts(t, 0, 100, options)
    shown = next(p.text for p in parts if p.role in ("author", "deleted"))
    assert _visible(shown), f"author {author!r} is shown as {shown!r}"


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize(
    "text", MH.INVISIBLE_AUTHORS, ids=lambda a: "+".join(f"{ord(c):04X}" for c in a) or "empty"
)
def test_invisible_field_is_never_empty_looking(text: str, options: LayoutOptions) -> None:
    if not text:
        return  # an empty field is the caller's to label ("anonymous", "(untitled)")
    assert _visible(layout_field(text, 30, options).text)


def test_invisible_thread_title_shows_something() -> None:
    from threadtui.model import load_thread

    from .helpers import CORPUS

    t = load_thread(CORPUS / "invisible-authors.json")
    first = next(iter(render_lines(t, 80, LayoutOptions())))
    assert _visible(first), first


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_rlo_in_body_only_reorders_inside_its_own_paragraph(options: LayoutOptions) -> None:
    rows = layout("safe text\n\u202eevil\nafter", 40, options)
    assert rows[0].text == "safe text"
    assert rows[-1].text == "after"
