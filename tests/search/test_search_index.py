"""SearchIndex / SearchQuery: options, reading order, incremental results."""

from __future__ import annotations

import subprocess
import sys

import pytest

from threadtui.search import (
    Match,
    SearchError,
    SearchIndex,
    SearchQuery,
    check_query,
    keyboard_to_ascii,
    keyboard_to_persian,
)
from threadtui.text.fold import fold

from .search_helpers import make_thread

ZWNJ = "\u200c"


def texts(index: SearchIndex, matches: list[Match]) -> list[str]:
    return [index.field_text(m.target, m.index, m.field)[m.start : m.end] for m in matches]


def search(thread, query: str, **options: bool) -> list[Match]:
    return list(SearchIndex(thread).iter_matches(SearchQuery(query, **options)))


# --- reading order ------------------------------------------------------------------------


@pytest.fixture
def tree():
    return make_thread(
        [
            {"body": "root x", "author": "alice x", "title": "T x"},
            {"body": "reply x", "author": "bob", "depth": 1},
            {"body": "deep x x", "author": "x carol", "depth": 2},
            {"body": "second reply x", "depth": 1},
            {"body": "top two x", "author": "dave"},
        ],
        title="Thread x",
        article={"title": "Article x", "subtitle": "Sub x", "author": "Ann x", "body": "Body x"},
    )


def test_reading_order(tree) -> None:
    got = [(m.target, m.index, m.field) for m in search(tree, "x")]
    assert got == [
        ("thread", -1, "title"),
        ("article", -1, "title"),
        ("article", -1, "subtitle"),
        ("article", -1, "author"),
        ("article", -1, "body"),
        ("comment", 0, "author"),
        ("comment", 0, "title"),
        ("comment", 0, "body"),
        ("comment", 1, "body"),
        ("comment", 2, "author"),
        ("comment", 2, "body"),
        ("comment", 2, "body"),
        ("comment", 3, "body"),
        ("comment", 4, "body"),
    ]
    # Depth-first: comment 2 is the reply of comment 1, which replies to comment 0.
    assert tree.parent == [-1, 0, 1, 0, -1]


def test_thread_title_skipped_when_it_is_the_article_title() -> None:
    thread = make_thread(["x"], title="Same x", article={"title": "Same x"})
    got = [(m.target, m.field) for m in search(thread, "same")]
    assert got == [("article", "title")]


def test_reading_order_survives_chunking(tree) -> None:
    q = SearchQuery("x")
    whole = list(SearchIndex(tree).iter_matches(q))
    for size in (1, 2, 3):
        assert list(SearchIndex(tree, chunk_comments=size).iter_matches(q)) == whole


def test_spans_are_original_offsets(tree) -> None:
    index = SearchIndex(tree)
    matches = list(index.iter_matches(SearchQuery("x")))
    assert set(texts(index, matches)) == {"x"}
    m = matches[-1]
    assert tree.body[m.index][m.start : m.end] == "x"


def test_start_at_comment_and_match_and_wrap(tree) -> None:
    index = SearchIndex(tree)
    q = SearchQuery("x")
    everything = list(index.iter_matches(q))
    from_2 = list(index.iter_matches(q, start_at=2))
    assert from_2 == [m for m in everything if m.index >= 2]
    assert list(index.iter_matches(q, start_at=-1)) == everything
    assert list(index.iter_matches(q, start_at=99)) == []
    # Right after a match (two matches in comment 2's body).
    first_in_body = next(m for m in everything if m.index == 2 and m.field == "body")
    after = list(index.iter_matches(q, start_at=first_in_body))
    assert after == everything[everything.index(first_in_body) + 1 :]
    # Wrapping comes back round to just before the start.
    wrapped = list(index.iter_matches(q, start_at=first_in_body, wrap=True))
    k = everything.index(first_in_body)
    assert wrapped == everything[k + 1 :] + everything[: k + 1]
    wrapped = list(index.iter_matches(q, start_at=3, wrap=True))
    assert wrapped == from_2[-2:] + everything[: len(everything) - 2]


def test_start_at_match_of_field_not_in_authors_only(tree) -> None:
    index = SearchIndex(tree)
    body_match = next(
        m for m in index.iter_matches(SearchQuery("x")) if m.index == 1 and m.field == "body"
    )
    got = list(index.iter_matches(SearchQuery("x", authors_only=True), start_at=body_match))
    assert [(m.index, m.field) for m in got] == [(2, "author")]


def test_first_matches_count_and_matches_in(tree) -> None:
    index = SearchIndex(tree)
    q = SearchQuery("x")
    everything = list(index.iter_matches(q))
    assert index.first_matches(q, 3) == everything[:3]
    assert index.first_matches(q, 0) == []
    assert index.first_matches(q, 3, start_at=2) == everything[9:12]
    assert index.count(q) == len(everything) == 14
    assert index.count(q) == 14  # cached
    assert index.matches_in(q, 2) == [m for m in everything if m.index == 2]
    assert index.matches_in(q, -1) == everything[:5]
    assert index.count(SearchQuery("nothing here")) == 0
    assert index.matches_in(SearchQuery("nothing here"), 0) == []


def test_authors_only(tree) -> None:
    got = search(tree, "x", authors_only=True)
    assert [(m.target, m.index, m.field) for m in got] == [
        ("article", -1, "author"),
        ("comment", 0, "author"),
        ("comment", 2, "author"),
    ]


def test_lazy_build_equals_full_build(tree) -> None:
    lazy = SearchIndex(tree, chunk_comments=2)
    assert lazy.progress() == 0.0
    built = SearchIndex(tree, chunk_comments=2)
    built.build(keep_case=True, authors=True)
    assert built.progress() == 1.0
    for text in ("x", "X", "reply"):
        q = SearchQuery(text)
        assert list(lazy.iter_matches(q)) == list(built.iter_matches(q))
    stepper = SearchIndex(tree, chunk_comments=2)
    steps = 0
    while not stepper.build_step():
        steps += 1
    assert stepper.progress() == 1.0
    assert steps == 3  # header chunk + 3 comment chunks: done on the 4th step
    assert stepper.build_step() is True
    assert stepper.progress(keep_case=True) == 0.0
    while not stepper.build_step(keep_case=True):
        pass
    assert stepper.progress(keep_case=True) == 1.0
    assert built.progress(keep_case=True, authors=True) == 1.0


def test_empty_thread_and_empty_query() -> None:
    index = SearchIndex(make_thread([]))
    assert list(index.iter_matches(SearchQuery("x"))) == []
    index = SearchIndex(make_thread(["text"]))
    for q in ("", "   ", "\u200c", "\u064e"):
        assert list(index.iter_matches(SearchQuery(q))) == []
        assert index.count(SearchQuery(q)) == 0


def test_missing_fields_and_nul() -> None:
    thread = make_thread([{"body": "a\x00b ab", "author": None, "title": None}, "ab"])
    index = SearchIndex(thread)
    got = list(index.iter_matches(SearchQuery("ab")))
    assert [(m.index, m.start, m.end) for m in got] == [(0, 4, 6), (1, 0, 2)]
    assert [(m.index, m.start) for m in index.iter_matches(SearchQuery("\x00b"))] == [(0, 1)]


# --- smart case ----------------------------------------------------------------------------


def test_smart_case() -> None:
    thread = make_thread(["python Python PYTHON"])
    assert [m.start for m in search(thread, "python")] == [0, 7, 14]
    assert [m.start for m in search(thread, "Python")] == [7]
    assert [m.start for m in search(thread, "PYTHON")] == [14]
    assert SearchQuery("سلام").case_sensitive is False
    assert SearchQuery("Hi سلام").case_sensitive is True
    # Regex escapes do not count as upper case.
    assert SearchQuery(r"\Spy\W", regex=True).case_sensitive is False
    assert SearchQuery(r"\sPy", regex=True).case_sensitive is True


def test_case_sensitive_still_folds_persian() -> None:
    thread = make_thread(["Python را در سال ۱۴۰۲ ياد گرفتم"])
    assert [m.field for m in search(thread, "Python یاد")] == []
    index = SearchIndex(thread)
    assert texts(index, list(index.iter_matches(SearchQuery("Python را در سال 1402")))) == [
        "Python را در سال ۱۴۰۲"
    ]


# --- whole word ----------------------------------------------------------------------------


def test_whole_word() -> None:
    thread = make_thread(["cat concatenate cat. (cat) cats bobcat _cat cat"])
    assert [m.start for m in search(thread, "cat", whole_word=True)] == [0, 16, 22, 44]
    assert len(search(thread, "cat")) == 8
    # Only word-character ends are checked: "(cat)" as a whole word.
    assert [m.start for m in search(thread, "(cat)", whole_word=True)] == [21]


def test_whole_word_candidates_overlap() -> None:
    thread = make_thread(["xa-a-a"])
    assert [m.start for m in search(thread, "a-a", whole_word=True)] == [3]


def test_whole_word_persian() -> None:
    thread = make_thread([f"من می خواهم. نمی{ZWNJ}خواهم. خواهمش"])
    got = search(thread, "خواهم", whole_word=True)
    assert [m.start for m in got] == [6]
    # The word join still applies inside a whole-word query.
    assert len(search(thread, "میخواهم", whole_word=True)) == 1


# --- regex ----------------------------------------------------------------------------------


@pytest.mark.parametrize("pattern", ["(", "[a-", "a{2,1}", "*x", "(?P<1>x)", "x)", r"\p"])
def test_invalid_regex_is_a_search_error(pattern: str) -> None:
    q = SearchQuery(pattern, regex=True)
    with pytest.raises(SearchError) as info:
        check_query(q)
    assert str(info.value).startswith("invalid regex")
    assert "\n" not in str(info.value)
    index = SearchIndex(make_thread(["x"]))
    with pytest.raises(SearchError):
        list(index.iter_matches(q))
    with pytest.raises(SearchError):
        index.count(q)


@pytest.mark.parametrize("pattern", ["a*", "x?", "", "(?=a)|b*", "^"])
def test_regex_matching_empty_text_is_refused(pattern: str) -> None:
    with pytest.raises(SearchError, match="empty"):
        check_query(SearchQuery(pattern, regex=True))


def test_regex_mode_folds_haystack_and_pattern() -> None:
    thread = make_thread(["سَلام دنيا ۱۴۰۲", "Hello World"], title="-")
    index = SearchIndex(thread)
    assert texts(index, list(index.iter_matches(SearchQuery("س..م", regex=True)))) == ["سَلام"]
    assert texts(index, list(index.iter_matches(SearchQuery("دنیا", regex=True)))) == ["دنيا"]
    assert texts(index, list(index.iter_matches(SearchQuery("دني[اب]", regex=True)))) == ["دنيا"]
    assert texts(index, list(index.iter_matches(SearchQuery(r"\d+", regex=True)))) == ["۱۴۰۲"]
    assert texts(index, list(index.iter_matches(SearchQuery("۱۴۰[0-9]", regex=True)))) == ["۱۴۰۲"]
    assert texts(index, list(index.iter_matches(SearchQuery("h\\w+", regex=True)))) == ["Hello"]
    assert texts(index, list(index.iter_matches(SearchQuery("W\\w+", regex=True)))) == ["World"]
    assert texts(index, list(index.iter_matches(SearchQuery("w\\w+", regex=True)))) == ["World"]
    assert texts(index, list(index.iter_matches(SearchQuery(r"\bw", regex=True)))) == ["W"]
    # A full-width star is a literal, not a quantifier.
    assert list(index.iter_matches(SearchQuery("o＊", regex=True))) == []


def test_regex_never_crosses_fields() -> None:
    thread = make_thread(
        [{"body": "b end", "author": "a start", "title": "middle"}, {"body": "start end"}],
        title="-",
    )
    index = SearchIndex(thread)
    for pattern in ("start[^x]*end", r"start\s+\S*\s*end", "start(.|\\n)*end"):
        got = list(index.iter_matches(SearchQuery(pattern, regex=True)))
        assert [(m.index, m.field) for m in got] == [(1, "body")], pattern
    got = list(index.iter_matches(SearchQuery("^\\w+$", regex=True)))
    assert [(m.index, m.field) for m in got] == [(0, "title")]
    got = list(index.iter_matches(SearchQuery("^\\w+", regex=True)))
    assert [m.field for m in got] == ["author", "title", "body", "body"]
    # A match running into the next field is retried inside its own field.
    got = list(index.iter_matches(SearchQuery(r"t[^x]*", regex=True)))
    assert texts(index, got) == ["tart", "tart end"]


def test_regex_whole_word() -> None:
    thread = make_thread(["cat cats bobcat"])
    got = search(thread, "c.t", regex=True, whole_word=True)
    assert [m.start for m in got] == [0]


def test_regex_zero_width_matches_are_skipped() -> None:
    thread = make_thread(["ab ab"])
    got = search(thread, r"\bab|(?=b)", regex=True)
    assert [(m.start, m.end) for m in got] == [(0, 2), (3, 5)]


# --- keyboard layout retry --------------------------------------------------------------------


def test_keyboard_maps() -> None:
    assert keyboard_to_persian("sghl") == "سلام"
    assert keyboard_to_persian("sghl nkdh") == "سلام دنیا"
    assert keyboard_to_persian("سلام") is None
    assert keyboard_to_persian("123") is None
    assert keyboard_to_ascii("اثممخ") == "hello"
    assert keyboard_to_ascii(f"اثممخ{ZWNJ}") == "hello"
    assert keyboard_to_ascii("hello") is None
    assert keyboard_to_ascii("سلام ✓") is None


def test_keyboard_retry() -> None:
    thread = make_thread(["سلام دنیا", "hello world"])
    index = SearchIndex(thread)
    got = list(index.iter_matches(SearchQuery("sghl")))
    assert [(m.index, m.start, m.end, m.keyboard) for m in got] == [(0, 0, 4, True)]
    assert index.keyboard_alternative(SearchQuery("sghl")) == "سلام"
    assert index.count(SearchQuery("sghl")) == 1
    assert index.matches_in(SearchQuery("sghl"), 0)[0].keyboard is True
    got = list(index.iter_matches(SearchQuery("اثممخ")))
    assert [(m.index, m.start, m.keyboard) for m in got] == [(1, 0, True)]
    # Off, or when the query itself has hits, or in regex mode: no retry.
    assert list(index.iter_matches(SearchQuery("sghl", keyboard_retry=False))) == []
    assert list(index.iter_matches(SearchQuery("sghl", regex=True))) == []
    assert index.keyboard_alternative(SearchQuery("hello")) is None
    assert index.keyboard_alternative(SearchQuery("zzzz")) is None
    assert [m.keyboard for m in index.iter_matches(SearchQuery("hello"))] == [False]


# --- highlights map back exactly -------------------------------------------------------------


def test_highlight_spans_fold_to_the_query() -> None:
    body = f"\u2067کتاب{ZWNJ}ها\u2069ی مَن و كتاب ها، ﻛﺘﺎﺏ‌ﻫﺎ"
    index = SearchIndex(make_thread([body]))
    got = list(index.iter_matches(SearchQuery("کتابها")))
    assert len(got) == 3
    for m in got:
        span = body[m.start : m.end]
        assert fold(span).text.replace(" ", "") == "کتابها"
        assert not span.startswith("\u2067")


def test_search_never_imports_textual() -> None:
    code = "import sys, threadtui.search; assert 'textual' not in sys.modules; print('ok')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"
