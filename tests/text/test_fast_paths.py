"""The layout engine's fast paths give the same answers as the slow ones they skip.

* Shaping a run of Arabic script in one call, with lam-alefs formed after reshaping, is the
  same as reshaping each word alone with arabic-reshaper's own lam-alef ligatures.
* The row-by-row line breaker for simple text is the same as the word-by-word one.
* Leaving out the ghosts that cannot matter, and the two-level shortcut of L2, change no row.
* Rich's width table read as a whole agrees with Rich asked character by character.
* Importing the package, and laying out plain Latin text, builds none of the big tables.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from threadtui.text import LayoutOptions, cells, layout, shaping
from threadtui.text.shaping import shape

LAYOUT = sys.modules["threadtui.text.layout"]

ARABIC = "\u0600-\u06ff\u0750-\u077f\u0870-\u08ff"
HARAKAT = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d4-\u08ff]"
)
LAM_ALEF_NAMES = {
    "ARABIC LIGATURE LAM WITH ALEF",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
    "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
    "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
}
LAM_ALEFS = set("\ufef5\ufef6\ufef7\ufef8\ufef9\ufefa\ufefb\ufefc")

PERSIAN = ["سلام", "دنیا", "لا", "بلا", "لَا", "بلّا", "لأ", "سلإ", "لآ", "الله", "لـا", "ل", "ا"]
PERSIAN += ["می\u200cخواهم", "نسخهٔ", "واقعاً", "مُحَمَّد", "پژوهش", "و", "ه", "ب", "\u0640"]
OTHER = [" ", " ", "  ", "\u200c", "\u200d", "abc", "x", "1402", "۱۴۰۲", "3.5", "،", "؟", "«"]
OTHER += ["(", ")", "\u0654", "\u064e", "\u0300", "\u2066", "\u2069", "\u200f", "\t", "_"]
OTHER += ["👨\u200d👩", "😀", "\u2028", "\n"]
mixed = st.lists(st.sampled_from(PERSIAN * 2 + OTHER), max_size=30).map("".join)


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    shaping.clear_cache()
    yield
    shaping.clear_cache()


# --- shaping ------------------------------------------------------------------------------


def _library_reshaper() -> object:
    from arabic_reshaper import ArabicReshaper
    from arabic_reshaper.ligatures import LIGATURES

    config: dict[str, object] = {
        "language": "Arabic",
        "delete_harakat": False,
        "shift_harakat_position": False,
        "delete_tatweel": False,
        "support_zwj": True,
        "use_unshaped_instead_of_isolated": False,
        "support_ligatures": True,
    }
    for name, _forms in LIGATURES:
        config[name] = name in LAM_ALEF_NAMES
    return ArabicReshaper(configuration=config)


LIBRARY = _library_reshaper()
WORD = re.compile(f"(\u200d*[{ARABIC}][{ARABIC}\u200d]*)")


def reference_shape(text: str) -> tuple[str, list[int]]:
    """Word by word, as the engine used to: each stretch of Arabic script (with the ZWJs
    touching it) reshaped alone by arabic-reshaper, lam-alef ligatures included, ZWJ
    removed first; the dropped characters found by walking the result."""
    out: list[str] = []
    dropped: list[int] = []
    pos = 0
    for k, piece in enumerate(WORD.split(text)):
        if k % 2 == 0:
            out.append(piece)
            pos += len(piece)
            continue
        kept = [i for i, ch in enumerate(piece) if ch != "\u200d"]
        plain = "".join(piece[i] for i in kept)
        shaped = LIBRARY.reshape(plain)  # type: ignore[attr-defined]
        lost = [i for i, ch in enumerate(piece) if ch == "\u200d"]
        i = j = 0
        while i < len(shaped):
            if shaped[i] in LAM_ALEFS:
                alef = j + 1
                while HARAKAT.match(plain[alef]):
                    alef += 1
                lost.append(kept[alef])
                i += alef - j
                j = alef + 1
            else:
                i += 1
                j += 1
        assert j == len(plain)
        dropped.extend(pos + i for i in sorted(lost))
        out.append(shaped)
        pos += len(piece)
    return "".join(out), dropped


@given(text=mixed)
@example(text="ب\u200dلا سلام")
@example(text="ه\u200d لا")
@example(text="سلام 👨\u200d👩 دنیا")
@example(text="لَا بلّا 12 لأ، «سلإ» لآ")
def test_runs_shape_like_words_one_by_one(text: str) -> None:
    expected = reference_shape(text)
    assert shape(text) == expected
    assert shape(text) == expected  # from the cache
    shaped, dropped = expected
    assert len(shaped) == len(text) - len(dropped)


def test_lam_alef_pass_is_arabic_reshapers() -> None:
    reshape, ligate = shaping._reshaper()
    assert ligate is not None, "the lam-alef self-check failed"
    assert LIBRARY.reshape(shaping._LAM_ALEF_CHECK) == shaping._LAM_ALEF_EXPECTED  # type: ignore[attr-defined]
    assert ligate(reshape.reshape("سلام"))[0] == LIBRARY.reshape("سلام")  # type: ignore[attr-defined]


def test_emoji_zwj_between_runs_is_kept() -> None:
    shaped, dropped = shape("سلام 👨\u200d👩 دنیا")
    assert "👨\u200d👩" in shaped
    assert dropped == [2]  # the alef of the lam-alef, not the ZWJ


def test_one_failing_run_stays_unshaped_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    real, _ligate = shaping._reshaper()

    class Picky:
        letters = real.letters

        def reshape(self, text: str) -> str:
            if "ث" in text:
                raise IndexError("arabic-reshaper bug")
            return real.reshape(text)

    monkeypatch.setattr(shaping, "_RESHAPER", Picky())
    shaped, dropped = shape("سلام abc ثبت xyz دنیا")
    assert shaped.split(" ")[2] == "ثبت"  # unshaped
    assert shaped.split(" ")[0] == "\ufeb3\ufefc\ufee1"  # shaped, lam-alef included
    assert dropped == [2]


def test_run_cache_is_a_bounded_lru(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shaping, "_CACHE_SIZE", 3)
    monkeypatch.setattr(shaping, "_CACHE_LONGEST", 20)
    for word in ("الف", "بب", "پپ"):
        shape(word)
    shape("الف")  # used again: now the most recent
    shape("تت")  # evicts the least recently used, بب
    assert list(shaping._CACHE) == ["پپ", "الف", "تت"]
    shape("ب" * 21)  # too long to keep
    assert len(shaping._CACHE) == 3 and "ب" * 21 not in shaping._CACHE


def test_a_paragraph_is_reshaped_in_one_call(monkeypatch: pytest.MonkeyPatch) -> None:
    real, _ligate = shaping._reshaper()
    calls: list[str] = []

    class Counting:
        letters = real.letters

        def reshape(self, text: str) -> str:
            calls.append(text)
            return real.reshape(text)

    monkeypatch.setattr(shaping, "_RESHAPER", Counting())
    text = "سلام به همه، من دیروز نسخهٔ 2.1 را روی tmux نصب کردم (حتی SSH) و لا"
    shape(text)
    assert len(calls) == 1
    assert calls[0].count("\n") == 2  # three runs: the Latin words end them, nothing else
    shape(text)
    assert len(calls) == 1  # every run cached


def test_reshaper_settings_are_read_once() -> None:
    reshape, _ligate = shaping._reshaper()
    settings = reshape.configuration  # type: ignore[attr-defined]
    assert isinstance(settings, shaping._Settings)
    assert settings.getboolean("delete_harakat") is False
    assert settings.get("language") == "Arabic"  # anything else passes through


# --- widths -------------------------------------------------------------------------------


@pytest.mark.parametrize("blocks", [cells._NARROW_BLOCKS, cells._MARK_BLOCKS])
def test_rich_width_table_agrees_with_rich(blocks: tuple[tuple[int, int], ...]) -> None:
    asked = {
        cp: width
        for lo, hi in blocks
        for cp in range(lo, hi + 1)
        if (width := cells._char_width(chr(cp))) != 1
    }
    assert cells._unusual_widths(blocks) == asked


def test_simple_marks() -> None:
    assert cells.simple_marks("سلام") == []
    assert cells.simple_marks("نسخهٔ جدید واقعاً") == [4, 16]
    assert cells.simple_marks("a\u0301b") == [1]
    assert cells.simple_marks("漢字") is None
    assert cells.simple_marks("a\tb") is None
    assert cells.is_narrow("plain ASCII") and not cells.is_narrow("tab\there")


# --- line breaking and reordering ---------------------------------------------------------

SIMPLE = ["سلام", "نسخهٔ", "واقعاً", "مُحَمَّد", "hello", "x", "1402", "(a)", "«»", "،"]
SIMPLE += ["\u0301", "y\u0301\u0302", "longwordlongwordlongword", "ب" * 30]
simple_text = st.lists(st.sampled_from([*SIMPLE, " ", " ", " ", "  "]), max_size=40).map("".join)


@given(text=simple_text, width=st.integers(min_value=1, max_value=90))
@example(text="  abc def", width=3)
@example(text="abc" + " " * 20, width=5)
@example(text="ab cd", width=2)
def test_row_by_row_breaking_is_word_by_word_breaking(text: str, width: int) -> None:
    par = LAYOUT._prepare(text, 0, LayoutOptions(), mode="app")
    fast = LAYOUT._break_lines(par, width)
    par.marks = None  # the general breaker
    assert LAYOUT._break_lines(par, width) == fast


BIDI = ["\u2066", "\u2067", "\u2068", "\u2069", "\u202a", "\u202b", "\u202c", "\u200e"]
BIDI += ["\u200f", "\u061c", "https://x.io/a", "@ali", "a@b.co", "\u0654", "\u064e"]
bidi_text = st.lists(
    st.sampled_from(PERSIAN + BIDI + ["abc", "12", " ", " ", "(", "]", "!", "\t"]), max_size=40
).map("".join)


def _rows(text: str, width: int) -> list[tuple[object, ...]]:
    return [
        (r.text, r.width, r.align, r.rtl, r.offsets, r.start, r.end, r.paragraph)
        for r in layout(text, width)
    ]


@given(text=bidi_text, width=st.integers(min_value=1, max_value=60))
@example(text="abc \u2066x\u2069\u064e\u202eدنیا", width=10)
def test_leaving_out_ghosts_changes_nothing(text: str, width: int) -> None:
    fast = _rows(text, width)
    keep_all = LAYOUT._ghosts_that_matter
    try:
        LAYOUT._ghosts_that_matter = lambda n, levels, multi, at, ghosts: (at, ghosts)
        assert _rows(text, width) == fast
    finally:
        LAYOUT._ghosts_that_matter = keep_all


@given(text=bidi_text, width=st.integers(min_value=1, max_value=60))
def test_two_level_rows_match_the_general_l2(text: str, width: int) -> None:
    par = LAYOUT._prepare(text, 0, LayoutOptions(), mode="app")
    lines = LAYOUT._break_lines(par, width)
    fast = [LAYOUT._row_content(par, a, v, b) for a, v, b, _w in lines]
    if par.levels is None:
        return
    par.top = par.low + 9  # claims many levels: visual_runs and a slice per run
    assert [LAYOUT._row_content(par, a, v, b) for a, v, b, _w in lines] == fast


def test_ltr_text_with_links_needs_no_bidi(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise AssertionError("levels resolved for left-to-right text")

    monkeypatch.setattr(LAYOUT, "paragraph_levels", fail)
    (row,) = layout("see https://example.com/a?b=1 and mail a@b.co, @ali!", 80)
    assert row.text == "see https://example.com/a?b=1 and mail a@b.co, @ali!"
    assert row.offsets == tuple(range(len(row.text)))


# --- import ---------------------------------------------------------------------------------


def test_import_and_latin_text_build_no_big_tables() -> None:
    code = (
        "import sys\n"
        "import threadtui.text as t\n"
        "from threadtui.text import bidi, cells, shaping\n"
        "loaded = lambda: sorted(m for m in ('bidi', 'arabic_reshaper') if m in sys.modules)\n"
        "assert loaded() == [], loaded()\n"
        "rows = t.layout('Hello, see https://example.com and @ali.\\n\\nTwo  spaces, a\\ttab.', 20)\n"
        "field = t.layout_field('Some title', 5)\n"
        "assert loaded() == [], loaded()\n"
        "for built in (cells._sources, cells.narrow_set, bidi._proxy, bidi.mirror_table):\n"
        "    assert built.cache_info().currsize == 0, built\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
