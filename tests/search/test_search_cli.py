"""search_command: the grep-like output of `threadtui search FILE QUERY`."""

from __future__ import annotations

import io
import unicodedata

import pytest

from threadtui.search import SearchQuery, search_command, snippet
from threadtui.text.cells import cell_len

from .search_helpers import make_thread


def run(thread, query: str, width: int = 80, **options: bool) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = search_command(thread, SearchQuery(query, **options), out, width=width)
    return code, out.getvalue().splitlines()


@pytest.fixture
def thread():
    return make_thread(
        [
            {"body": "I want to say سلام to everyone", "author": "alice"},
            {"body": "nothing here", "author": "bob", "depth": 1},
            {"body": "سلام سلام again", "author": "سارا", "title": "greeting"},
            {"body": "bye", "author": "salam-fan"},
        ],
        title="Greetings",
        article={"title": "On سلام", "author": "editor", "body": "A text."},
    )


def test_one_line_per_matching_comment(thread) -> None:
    code, lines = run(thread, "سلام")
    assert code == 0
    assert lines == [
        "article\teditor\tOn »سلام«",
        "c0\talice\tI want to say »سلام« to everyone",
        "c2\tسارا\t»سلام« سلام again",
    ]


def test_no_match_exits_1(thread) -> None:
    code, lines = run(thread, "zebra")
    assert (code, lines) == (1, [])


def test_invalid_regex_exits_2(thread, capsys) -> None:
    code, lines = run(thread, "(", regex=True)
    assert (code, lines) == (2, [])
    assert "invalid regex" in capsys.readouterr().err


def test_author_only_match_shows_body_start(thread) -> None:
    code, lines = run(thread, "salam", authors_only=True)
    assert code == 0
    assert lines == ["c3\tsalam-fan\tbye"]


def test_keyboard_retry_is_reported_on_stderr(thread, capsys) -> None:
    code, lines = run(thread, "sghl")
    assert code == 0
    assert len(lines) == 3
    assert "سلام" in capsys.readouterr().err


def test_snippet_is_sanitised_and_fits() -> None:
    body = (
        "start \x1b[31mred\x1b[0m \u202eevil\u202c and a very long tail of words "
        + "word " * 40
        + "needle "
        + "more " * 40
    )
    thread = make_thread([{"body": body, "author": "a\tb\x07"}])
    for width in (30, 50, 80, 120):
        code, lines = run(thread, "needle", width=width)
        assert code == 0
        assert len(lines) == 1
        ident, author, snip = lines[0].split("\t")
        assert (ident, author) == ("c0", "a b\u2407")  # BEL shown, never rung
        assert "»needle«" in snip
        assert snip.startswith("…") and snip.endswith("…")
        assert cell_len(snip) <= max(20, width - cell_len(ident) - cell_len(author) - 2)
        for ch in lines[0]:
            assert ch == "\t" or unicodedata.category(ch) not in ("Cc", "Cf"), repr(ch)
    code, lines = run(thread, "red")
    assert "\u241b[31m»red«\u241b[0m" in lines[0], lines  # the escape is shown as typed


def test_every_control_is_shown_not_sent() -> None:
    body = "x " + "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)])) + " needle"
    code, lines = run(make_thread([{"body": body}]), "needle", width=400)
    assert code == 0
    line = lines[0].split("\t", 2)[2]
    assert not any(unicodedata.category(ch) == "Cc" for ch in line), repr(line)
    assert "\u2400" in line and "\u241b" in line and "\u2421" in line and "\\x9b" in line


def test_snippet_function() -> None:
    text = "0123456789 hit 0123456789"
    assert snippet(text, 11, 14, 80) == "0123456789 »hit« 0123456789"
    short = snippet(text, 11, 14, 12)
    assert "»hit«" in short and cell_len(short) <= 12
    assert snippet("a\u200cb", 0, 3, 20) == "»a\u200cb«"  # ZWNJ kept: it shapes Persian
    long_hit = snippet("x" * 50, 0, 50, 20)
    assert cell_len(long_hit) <= 20 and long_hit.startswith("»")
