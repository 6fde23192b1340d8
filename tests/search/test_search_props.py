"""Property tests: every match maps back to an original span that folds to the query."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threadtui.search import SearchIndex, SearchQuery
from threadtui.text.fold import ARABIC_LETTERS, _build_offsets, fold, fold_text

from .search_helpers import make_thread

# Everything the fold treats specially, plus plain letters of both scripts.
ALPHABET = (
    "ابتسلمنوهیکدر"  # Persian letters
    "يىكۀةأإآٱؤئ"  # variants
    "\u064e\u0650\u0651\u0652\u064b\u0670\u0640"  # harakat, superscript alef, tatweel
    "\u200c\u200d\u200e\u200f\u061c\u202b\u202c\u202e\u2067\u2069"  # joiners, bidi controls
    "\ufefb\ufeb3\ufee1\ufdf2\ufe70"  # presentation forms, ligatures
    "۱۴٢0"  # digits of three scripts
    "aAbBsSß"  # Latin with case, ß casefolds to ss
    "  \t\n\u00a0"  # whitespace
    ".-_"
    "\U0001d400\U0001f600"  # math bold A (folds), emoji (does not)
    "\x00"
)

text_st = st.text(alphabet=ALPHABET, max_size=40)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def gapless(s: str) -> str:
    """Drop spaces between two Arabic-script letters (the word-join gaps)."""
    out = []
    for i, ch in enumerate(s):
        if (
            ch == " "
            and 0 < i < len(s) - 1
            and s[i - 1] in ARABIC_LETTERS
            and s[i + 1] in ARABIC_LETTERS
        ):
            continue
        out.append(ch)
    return "".join(out)


@SETTINGS
@given(text_st)
def test_offset_map_is_consistent(text: str) -> None:
    for keep_case in (False, True):
        f = fold(text, keep_case=keep_case)
        folded, _ = _build_offsets(text, keep_case)
        assert f.text == folded == fold_text(text, keep_case=keep_case)
        assert len(f.offsets) == len(f.text)
        assert all(0 <= o < len(text) for o in f.offsets)
        assert all(a <= b for a, b in itertools.pairwise(f.offsets))
        for a in range(len(f.text) + 1):
            for b in range(a, len(f.text) + 1):
                s, e = f.span(a, b)
                assert 0 <= s <= e <= len(text)
                if a < b:
                    # The original span folds to (a superset of) the folded span.
                    assert f.text[a:b] in fold(text[s:e], keep_case=keep_case).text


@SETTINGS
@given(st.lists(text_st, min_size=1, max_size=4), st.data())
def test_matches_map_back_to_spans_folding_to_the_query(bodies: list[str], data) -> None:
    # Queries: a slice of one of the texts (so there is at least one hit), or random.
    source = data.draw(st.sampled_from(bodies))
    i = data.draw(st.integers(0, len(source)))
    j = data.draw(st.integers(i, len(source)))
    sliced = source[i:j]
    query_text = data.draw(st.one_of(st.just(sliced), text_st))
    whole_word = data.draw(st.booleans())
    query = SearchQuery(query_text, whole_word=whole_word, keyboard_retry=False)
    keep_case = query.case_sensitive
    q = fold_text(query_text, keep_case=keep_case).strip(" ")

    index = SearchIndex(
        make_thread(bodies, title="-"), chunk_comments=data.draw(st.sampled_from([1, 2, 512]))
    )
    matches = list(index.iter_matches(query))
    assert index.count(query) == len(matches)

    if q.strip() and query_text is sliced and not whole_word:
        assert matches, (bodies, query_text)

    previous: tuple[int, int, int] | None = None
    for m in matches:
        text = index.field_text(m.target, m.index, m.field)
        assert 0 <= m.start < m.end <= len(text)
        # Reading order, no overlap.
        here = (m.index, m.start, m.end)
        same_field = previous is not None and previous[0] == m.index
        if same_field and previous is not None and m.start < previous[2]:
            # Only two matches inside one character that folds to several (ﷲ, ß) share
            # that character.
            assert m.start == previous[2] - 1
            assert len(fold(text[m.start], keep_case=keep_case).text) > 1
        previous = here
        span_fold = fold(text[m.start : m.end], keep_case=keep_case).text
        first = fold(text[m.start], keep_case=keep_case).text
        last_char = next(
            c for c in reversed(text[m.start : m.end]) if fold(c, keep_case=keep_case).text
        )
        last = fold(last_char, keep_case=keep_case).text
        if len(first) <= 1 and len(last) <= 1:
            assert gapless(span_fold) == gapless(q), (text, m)
        else:  # the span starts or ends inside a ligature or ß: it covers the whole of it
            assert gapless(q) in gapless(span_fold), (text, m)


@SETTINGS
@given(text_st, st.integers(0, 40), st.integers(0, 40))
def test_every_folded_slice_of_a_text_is_found(text: str, i: int, j: int) -> None:
    i, j = sorted((min(i, len(text)), min(j, len(text))))
    piece = text[i:j]
    query = SearchQuery(piece, keyboard_retry=False)
    if not fold_text(piece).strip():
        return
    index = SearchIndex(make_thread([text], title="-"))
    assert index.first_matches(query, 1)
