"""The search fold (threadtui.text.fold) and its offset map."""

from __future__ import annotations

import itertools
import unicodedata

import pytest

from threadtui.search import SearchIndex, SearchQuery
from threadtui.text.fold import (
    ARABIC_LETTERS,
    DELETED,
    Folded,
    _build_offsets,
    fold,
    fold_char,
    fold_text,
)

from .search_helpers import make_thread

ZWNJ = "\u200c"


def find(text: str, query: str, **options: bool) -> list[tuple[int, int]]:
    """Spans of ``query`` in a one-comment thread whose body is ``text``."""
    index = SearchIndex(make_thread([text]))
    return [(m.start, m.end) for m in index.iter_matches(SearchQuery(query, **options))]


def found(text: str, query: str, **options: bool) -> list[str]:
    return [text[s:e] for s, e in find(text, query, **options)]


# --- letter variants, both directions ----------------------------------------------------

# (word as written with the variant letter, the same word with the canonical letter)
LETTER_PAIRS = [
    pytest.param("يک", "یک", id="yeh-064A"),
    pytest.param("موسى", "موسی", id="alef-maksura-0649"),
    pytest.param("كتاب", "کتاب", id="kaf-0643"),
    pytest.param("خانۀ", "خانه", id="heh-yeh-06C0"),
    pytest.param("مدرسة", "مدرسه", id="teh-marbuta-0629"),
    pytest.param("أحمد", "احمد", id="alef-hamza-above-0623"),
    pytest.param("إسلام", "اسلام", id="alef-hamza-below-0625"),
    pytest.param("آب", "اب", id="alef-madda-0622"),
    pytest.param("ٱلله", "الله", id="alef-wasla-0671"),
    pytest.param("مؤمن", "مومن", id="waw-hamza-0624"),
    pytest.param("مسئله", "مسیله", id="yeh-hamza-0626"),
]


@pytest.mark.parametrize(("variant", "canonical"), LETTER_PAIRS)
def test_letter_variants_fold_equal(variant: str, canonical: str) -> None:
    assert fold(variant).text == fold(canonical).text


@pytest.mark.parametrize(("variant", "canonical"), LETTER_PAIRS)
def test_query_with_variant_finds_canonical_text(variant: str, canonical: str) -> None:
    text = f"این {canonical} است"
    assert found(text, variant) == [canonical]


@pytest.mark.parametrize(("variant", "canonical"), LETTER_PAIRS)
def test_query_with_canonical_finds_variant_text(variant: str, canonical: str) -> None:
    text = f"این {variant} است"
    assert found(text, canonical) == [variant]


def test_arabic_keyboard_query_finds_persian_text_and_back() -> None:
    persian = "یک کتاب کوچک"  # U+06CC, U+06A9
    arabic = "يك كتاب كوچك"  # U+064A, U+0643
    assert found(persian, "كتاب كوچك") == ["کتاب کوچک"]
    assert found(arabic, "کتاب کوچک") == ["كتاب كوچك"]
    assert found(persian, "يك") == ["یک"]
    assert found(arabic, "یک") == ["يك"]


def test_target_letters() -> None:
    assert fold("ي ى ئ").text == "ی ی ی"
    assert fold("ك").text == "ک"
    assert fold("ۀ ة").text == "ه ه"
    assert fold("أ إ آ ٱ").text == "ا ا ا ا"
    assert fold("ؤ").text == "و"


# --- presentation forms and ligatures ------------------------------------------------------


def test_presentation_forms_fold_back() -> None:
    shaped = "\ufeb3\ufefc\ufee1"  # ﺳﻼﻡ: seen initial, lam-alef ligature, meem final
    f = fold(shaped)
    assert f.text == "سلام"
    # The ligature expands to two letters that both map to the ligature.
    assert list(f.offsets) == [0, 1, 1, 2]
    assert found(shaped, "سلام") == [shaped]
    assert found("سلام", shaped) == ["سلام"]


def test_lam_alef_half_maps_to_whole_ligature() -> None:
    f = fold("\ufefb")  # ﻻ
    assert f.text == "لا"
    assert f.span(0, 1) == (0, 1)
    assert f.span(1, 2) == (0, 1)
    assert found("\ufefb", "ا") == ["\ufefb"]


def test_allah_ligature_and_yeh_forms() -> None:
    assert fold("\ufdf2").text == "الله"
    assert found("بسم \ufdf2", "الله") == ["\ufdf2"]
    # Farsi yeh / Arabic yeh / alef maksura in isolated, initial and final forms.
    assert fold("\ufbfc\ufef1\ufef3\ufeef\ufb8e\ufed9").text == "ییییکک"


def test_spacing_harakat_forms_are_deleted() -> None:
    # U+FE70 (fathatan isolated) is NFKC " ً": a mark, not a word break.
    assert fold("سلا\ufe70م").text == "سلام"
    assert fold("\ufc5e").text == ""


def test_full_width_and_math_letters() -> None:
    assert fold("ＰＹＴＨＯＮ").text == "python"
    assert fold("\U0001d407\U0001d41e\U0001d425\U0001d425\U0001d428").text == "hello"
    assert fold("ﬁle").text == "file"


# --- removed characters ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("مُحَمَّد", id="harakat"),
        pytest.param("محمّد", id="shadda"),
        pytest.param("مــحــمـد", id="tatweel"),
        pytest.param("مح\u0670مد", id="superscript-alef"),
        pytest.param("مح\u200cمد", id="zwnj"),
        pytest.param("مح\u200dمد", id="zwj"),
        pytest.param("\u200fمحمد\u200e", id="rlm-lrm"),
        pytest.param("م\u061cحمد", id="alm"),
        pytest.param("\u202bمحمد\u202c", id="rle-pdf"),
        pytest.param("\u202eمحمد\u202d", id="rlo-lro"),
        pytest.param("\u202aمحمد", id="lre"),
        pytest.param("\u2067محمد\u2069", id="rli-pdi"),
        pytest.param("\u2066مح\u2068مد", id="lri-fsi"),
    ],
)
def test_removed_characters_are_ignored(text: str) -> None:
    assert fold(text).text == "محمد"
    spans = find(text, "محمد")
    assert len(spans) == 1
    s, e = spans[0]
    assert fold(text[s:e]).text == "محمد"
    # The highlight covers every removed character between the first and last letter.
    assert text.index("م") == s
    last = text.rindex("د")
    assert e >= last + 1


def test_query_with_harakat_finds_plain_text() -> None:
    assert found("محمد آمد", "مُحَمَّد") == ["محمد"]


def test_every_deleted_character() -> None:
    for ch in DELETED:
        assert fold_char(ch) == "", hex(ord(ch))
        assert fold(f"a{ch}b").text == "ab"
    assert {0x0640, 0x0670, 0x200C, 0x200D, 0x200E, 0x200F, 0x061C} <= {ord(c) for c in DELETED}
    assert set(range(0x064B, 0x0660)) <= {ord(c) for c in DELETED}
    assert set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) <= {ord(c) for c in DELETED}


# --- digits -------------------------------------------------------------------------------

DIGITS = ["۱۴۰۲", "١٤٠٢", "1402"]


@pytest.mark.parametrize("text_digits", DIGITS)
@pytest.mark.parametrize("query_digits", DIGITS)
def test_digits_in_three_scripts(text_digits: str, query_digits: str) -> None:
    text = f"سال {text_digits} بود"
    assert found(text, query_digits) == [text_digits]


def test_all_digits() -> None:
    assert fold("۰۱۲۳۴۵۶۷۸۹").text == "0123456789"
    assert fold("٠١٢٣٤٥٦٧٨٩").text == "0123456789"


# --- word joins: space, ZWNJ or nothing ---------------------------------------------------

JOINS = {"space": "می خواهم", "zwnj": f"می{ZWNJ}خواهم", "none": "میخواهم"}


@pytest.mark.parametrize("text_form", sorted(JOINS))
@pytest.mark.parametrize("query_form", sorted(JOINS))
def test_word_join_nine_combinations(text_form: str, query_form: str) -> None:
    word = JOINS[text_form]
    text = f"من {word} بروم"
    spans = find(text, JOINS[query_form])
    assert spans == [(3, 3 + len(word))], (text_form, query_form)


@pytest.mark.parametrize("query_form", sorted(JOINS))
def test_word_join_with_arabic_letters(query_form: str) -> None:
    # The text is typed on an old Arabic keyboard (ي), the query on a Persian one.
    text = "مي خواهم"
    assert found(text, JOINS[query_form]) == [text]


def test_word_join_other_words() -> None:
    assert found("کتاب ها را", "کتابها") == ["کتاب ها"]
    assert found(f"کتاب{ZWNJ}ها را", "کتاب ها") == [f"کتاب{ZWNJ}ها"]
    assert found("نمی دانم", f"نمی{ZWNJ}دانم") == ["نمی دانم"]


def test_word_join_needs_two_letters_each_side() -> None:
    # "من" (I) must not match the end of "کم" and the start of "نیست".
    assert found("کم نیست", "من") == []
    assert found("من هستم", "من") == ["من"]
    # A space typed in the query is optional even next to a single letter.
    assert found("خانه ی من", "خانه ی") == ["خانه ی"]
    assert found("خانهی من", "خانه ی") == ["خانهی"]
    assert found("کتاب ها", "کتاب ه") == ["کتاب ه"]
    assert found(f"کتاب{ZWNJ}ها", "کتاب ه") == [f"کتاب{ZWNJ}ه"]


def test_leading_and_trailing_query_spaces_are_dropped() -> None:
    assert found(f"کتاب{ZWNJ}ها", "کتاب ") == ["کتاب"]
    assert found("the cat", " cat ") == ["cat"]


def test_word_join_does_not_cross_two_spaces_or_latin() -> None:
    assert found("می  خواهم", "میخواهم") == ["می  خواهم"]  # whitespace runs collapse
    assert found("می x خواهم", "میخواهم") == []


# --- case ------------------------------------------------------------------------------


def test_casefold() -> None:
    assert fold("HeLLo Straße").text == "hello strasse"
    assert fold("HeLLo", keep_case=True).text == "HeLLo"
    assert found("Straße", "strasse") == ["Straße"]


# --- whitespace ----------------------------------------------------------------------


def test_whitespace_runs_collapse() -> None:
    text = "a \t\n\u00a0\u2003b\r\nc"
    f = fold(text)
    assert f.text == "a b c"
    assert f.span(0, 3) == (0, 7)
    assert found(text, "a b c") == [text]
    assert found(text, "b c") == ["b\r\nc"]


# --- offsets ---------------------------------------------------------------------------


def test_ascii_identity_offsets_are_lazy_and_exact() -> None:
    f = fold("Hello world")
    assert f._offsets is None
    assert isinstance(f.offsets, range)
    assert f.span(6, 11) == (6, 11)


def test_span_across_removed_characters() -> None:
    text = f"\u200fمی{ZWNJ}خ\u064eو\u0640اهم\u0650!"
    f = fold(text)
    assert f.text == "میخواهم!"
    assert list(f.offsets) == [1, 2, 4, 6, 8, 9, 10, 12]
    # The whole word, with the trailing kasra that belongs to the last letter.
    assert f.span(0, 7) == (1, 12)
    # "خو": the fatha after خ is inside, the tatweel after و is drawn with it.
    assert f.span(2, 4) == (4, 8)
    assert f.span(1, 3) == (2, 6)  # "یخ": the ZWNJ between them and the fatha after خ
    assert f.span(7, 8) == (12, 13)
    assert f.span(3, 3) == (6, 6)
    assert f.span(8, 8) == (13, 13)
    with pytest.raises(IndexError):
        f.span(0, 9)
    with pytest.raises(IndexError):
        f.span(3, 2)


def test_folded_offset_inverse() -> None:
    text = f"a{ZWNJ}b  c"
    f = fold(text)
    assert f.text == "ab c"
    assert [f.folded_offset(i) for i in range(len(text) + 1)] == [0, 1, 1, 2, 3, 3, 4]


def test_fast_and_offset_paths_agree_on_every_bmp_character() -> None:
    chars = "".join(chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000)
    sample = chars + " x " + chars[::-1]
    for keep_case in (False, True):
        text, offsets = _build_offsets(sample, keep_case)
        assert text == fold_text(sample, keep_case=keep_case)
        assert len(offsets) == len(text)
        assert all(a <= b for a, b in itertools.pairwise(offsets))


def test_astral_results_of_bmp_characters_are_fixed_points() -> None:
    # fold_text relies on this (see its comment).
    for keep_case in (False, True):
        for cp in range(0x10000):
            for x in fold_char(chr(cp), keep_case=keep_case):
                if ord(x) > 0xFFFF:
                    assert fold_char(x, keep_case=keep_case) == x


def test_astral_text_mixed_with_bmp() -> None:
    text = "سلام 😀 \U0001d400BC ﻻ"
    assert fold_text(text) == _build_offsets(text, False)[0] == "سلام 😀 abc لا"


def test_folded_repr_and_len() -> None:
    f = fold("ABC")
    assert len(f) == 3
    assert "abc" in repr(f)
    assert isinstance(f, Folded)


def test_arabic_letters_set() -> None:
    for ch in "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءۀ":
        assert ch in ARABIC_LETTERS
    for ch in "a1۱ـ\u064e ":
        assert ch not in ARABIC_LETTERS
    assert all(unicodedata.category(ch) == "Lo" for ch in ARABIC_LETTERS)
