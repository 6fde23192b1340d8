"""The search fold: a normalised copy of a text plus an exact map back to the original.

Search never looks at the text on screen (visual order, shaped presentation forms); it looks
at a *folded* copy of the logical text in which spelling variants that readers consider the
same word become identical:

=====================================  =========================================
original                                folded
=====================================  =========================================
presentation forms U+FB50–FDFF,         NFKC of each character (``ﻻ`` → ``لا``:
U+FE70–FEFF, ligatures, full-width      both letters map back to the one ligature)
ي U+064A, ى U+0649, ئ U+0626            ی U+06CC
ك U+0643                                ک U+06A9
ۀ U+06C0, ة U+0629                      ه U+0647
أ إ آ ٱ                                 ا U+0627
ؤ U+0624                                و U+0648
tatweel U+0640, harakat U+064B–065F,    deleted
U+0670, ZWNJ, ZWJ, LRM, RLM, ALM,
embeddings/overrides U+202A–202E,
isolates U+2066–2069
digits U+06F0–06F9, U+0660–0669         0–9
any whitespace run                      one space
letters with case                       ``casefold()`` (unless ``keep_case``)
=====================================  =========================================

The fold is *per character* (plus the whitespace collapse), which is what makes it fast and
exact: each character of the original becomes zero, one or several folded characters, and
every folded character remembers the original character it came from.

Speed: :func:`fold_text` is one ``str.translate`` call over a lazily filled table (pure ASCII
text takes CPython's ASCII fast path, about 1 ns per character; Persian text about 35 ns)
plus a whitespace-collapse pass only when two spaces meet. The offset map is built only when
somebody asks for it (:attr:`Folded.offsets`), so searching a 100,000-comment thread folds
each text once and computes offsets only for the few fields that have a match to highlight.

Pure: standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from typing import Final

__all__ = [
    "ARABIC_LETTERS",
    "DELETED",
    "Folded",
    "fold",
    "fold_char",
    "fold_text",
    "is_arabic_letter",
]

# Letter variants (applied after NFKC, so presentation forms land here too).
_LETTERS: Final[dict[str, str]] = {
    "\u064a": "\u06cc",  # ARABIC LETTER YEH -> FARSI YEH
    "\u0649": "\u06cc",  # ALEF MAKSURA -> FARSI YEH
    "\u0626": "\u06cc",  # YEH WITH HAMZA ABOVE -> FARSI YEH
    "\u0643": "\u06a9",  # ARABIC KAF -> KEHEH
    "\u06c0": "\u0647",  # HEH WITH YEH ABOVE -> HEH
    "\u0629": "\u0647",  # TEH MARBUTA -> HEH
    "\u0623": "\u0627",  # ALEF WITH HAMZA ABOVE -> ALEF
    "\u0625": "\u0627",  # ALEF WITH HAMZA BELOW -> ALEF
    "\u0622": "\u0627",  # ALEF WITH MADDA ABOVE -> ALEF
    "\u0671": "\u0627",  # ALEF WASLA -> ALEF
    "\u0624": "\u0648",  # WAW WITH HAMZA ABOVE -> WAW
}

# Characters that fold to nothing.
DELETED: Final[frozenset[str]] = frozenset(
    "\u0640"  # tatweel
    + "".join(map(chr, range(0x064B, 0x0660)))  # harakat, hamza above/below, ...
    + "\u0670"  # superscript alef
    + "\u200c\u200d"  # ZWNJ, ZWJ
    + "\u200e\u200f\u061c"  # LRM, RLM, ALM
    + "".join(map(chr, range(0x202A, 0x202F)))  # LRE RLE PDF LRO RLO
    + "".join(map(chr, range(0x2066, 0x206A)))  # LRI RLI FSI PDI
)

_DIGITS: Final[dict[str, str]] = {
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # extended Arabic-Indic (Persian)
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic
}


def _arabic_letters() -> frozenset[str]:
    ranges = ((0x0620, 0x0700), (0x0750, 0x0780), (0x0870, 0x0900))
    return frozenset(
        chr(cp)
        for lo, hi in ranges
        for cp in range(lo, hi)
        if unicodedata.category(chr(cp)) == "Lo"
    )


#: Arabic-script letters (after folding no presentation forms are left). Spaces between two
#: of them are "word-join" gaps for the search (see ``threadtui.search``).
ARABIC_LETTERS: Final[frozenset[str]] = _arabic_letters()


def is_arabic_letter(ch: str) -> bool:
    return ch in ARABIC_LETTERS


def fold_char(ch: str, *, keep_case: bool = False) -> str:
    """The fold of one character, before the whitespace collapse (may be ``""``)."""
    if ch.isspace():
        return " "
    if ch in DELETED:
        return ""
    norm = unicodedata.normalize("NFKC", ch)
    if len(norm) > 1 and norm[0] == " " and all(x in DELETED for x in norm[1:]):
        # Spacing forms of harakat (U+FE70.., U+FC5E..) are marks, not word breaks.
        return ""
    out: list[str] = []
    for x in norm:
        x = _LETTERS.get(x, x)
        if x in DELETED:
            continue
        if x.isspace():
            x = " "
        out.append(_DIGITS.get(x, x))
    folded = "".join(out)
    if not keep_case:
        folded = folded.casefold()
    return folded


class _Table(dict[int, str]):
    """``str.translate`` table filled on first sight of each character."""

    __slots__ = ("keep_case",)

    def __init__(self, keep_case: bool) -> None:
        super().__init__()
        self.keep_case = keep_case
        for cp in range(128):  # warm the ASCII entries so the fast path never misses
            self[cp] = fold_char(chr(cp), keep_case=keep_case)

    def __missing__(self, cp: int) -> str:
        value = fold_char(chr(cp), keep_case=self.keep_case)
        self[cp] = value
        return value


_TABLE_CF: Final = _Table(keep_case=False)
_TABLE_KC: Final = _Table(keep_case=True)
# Deleted characters that belong to the preceding letter: a match ending on the letter also
# covers them, so a highlight never splits a letter from its harakat.
_ATTACHED: Final[frozenset[str]] = frozenset(
    ch for ch in DELETED if ch == "\u0640" or unicodedata.category(ch).startswith("M")
)


def table(*, keep_case: bool = False) -> dict[int, str]:
    """The translate table behind the fold (one entry per character seen so far)."""
    return _TABLE_KC if keep_case else _TABLE_CF


_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
_BMP: dict[bool, list[str]] = {}


def _bmp_list(keep_case: bool) -> list[str]:
    """The table as a list indexed by code point, for the BMP (list indexing is faster
    than a dict lookup in ``str.translate``; code points past its end raise IndexError,
    which ``str.translate`` treats as "unchanged")."""
    lst = _BMP.get(keep_case)
    if lst is None:
        special = DELETED | _LETTERS.keys() | _DIGITS.keys()
        is_nfkc = unicodedata.is_normalized
        lst = [chr(cp) for cp in range(0x10000)]
        for cp, ch in enumerate(lst):
            # Most characters fold to themselves; only the others pay for fold_char().
            if (
                ch in special
                or ch.isspace()
                or not is_nfkc("NFKC", ch)
                or (not keep_case and ch.casefold() != ch)
            ):
                lst[cp] = fold_char(ch, keep_case=keep_case)
        _BMP[keep_case] = lst
    return lst


def fold_text(text: str, *, keep_case: bool = False) -> str:
    """The folded copy of ``text`` without an offset map (the fast path)."""
    tab = _TABLE_KC if keep_case else _TABLE_CF
    if text.isascii():
        out = text.translate(tab)  # CPython's ASCII fast path
    else:
        out = text.translate(_bmp_list(keep_case))
        if _ASTRAL.search(out) is not None:
            # Astral characters went through unchanged; fold them now. (BMP characters
            # whose fold is astral, CJK compatibility ideographs, fold to characters that
            # fold to themselves, so folding them again changes nothing; a test checks.)
            out = _ASTRAL.sub(lambda m: tab[ord(m.group())], out)
    while "  " in out:  # collapse space runs (n passes for runs up to 2**n)
        out = out.replace("  ", " ")
    return out


def _build_offsets(source: str, keep_case: bool) -> tuple[str, list[int]]:
    tab = _TABLE_KC if keep_case else _TABLE_CF
    chars: list[str] = []
    offsets: list[int] = []
    prev_space = False
    for i, ch in enumerate(source):
        f = tab[ord(ch)]
        if len(f) == 1:
            if f == " ":
                if prev_space:
                    continue
                prev_space = True
            else:
                prev_space = False
            chars.append(f)
            offsets.append(i)
        else:
            for x in f:
                if x == " ":
                    if prev_space:
                        continue
                    prev_space = True
                else:
                    prev_space = False
                chars.append(x)
                offsets.append(i)
    return "".join(chars), offsets


class Folded:
    """A folded copy of ``source``.

    ``text`` is the folded string. ``offsets[k]`` is the offset in ``source`` of the
    character that produced ``text[k]`` (non-decreasing; computed on first use). Use
    :meth:`span` to map a folded span back to the original.
    """

    __slots__ = ("_offsets", "keep_case", "source", "text")

    def __init__(self, source: str, text: str, *, keep_case: bool = False) -> None:
        self.source = source
        self.text = text
        self.keep_case = keep_case
        self._offsets: Sequence[int] | None = None

    def __repr__(self) -> str:
        return f"Folded({self.source!r} -> {self.text!r})"

    def __len__(self) -> int:
        return len(self.text)

    @property
    def offsets(self) -> Sequence[int]:
        if self._offsets is None:
            src = self.source
            if len(self.text) == len(src) and src.isascii():
                # Every ASCII character folds to exactly one character, so equal lengths
                # mean no whitespace run was collapsed: the map is the identity.
                self._offsets = range(len(src))
            else:
                text, offsets = _build_offsets(src, self.keep_case)
                if text != self.text:  # pragma: no cover - the two paths must agree
                    raise AssertionError("fold: fast and offset paths disagree")
                # 8 bytes an entry instead of a list of int objects.
                self._offsets = array("q", offsets)
        return self._offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map the folded span ``[start, end)`` to the original span ``[s, e)``.

        ``s`` is the start of the original character that produced ``text[start]``; ``e`` is
        the end of the one that produced ``text[end - 1]``, extended over harakat and tatweel
        right after it. Everything the fold removed between the two (ZWNJ, bidi controls,
        harakat, extra whitespace) is inside ``[s, e)``. An empty span maps to an empty span.
        """
        n = len(self.text)
        if not 0 <= start <= end <= n:
            raise IndexError(f"folded span [{start}, {end}) outside [0, {n}]")
        offsets = self.offsets
        src = self.source
        if start == end:
            pos = offsets[start] if start < n else len(src)
            return pos, pos
        s = offsets[start]
        e = offsets[end - 1] + 1
        while e < len(src) and src[e] in _ATTACHED:
            e += 1
        return s, e

    def folded_offset(self, original: int) -> int:
        """The folded offset of the first folded character produced at or after
        ``original`` (``len(text)`` when there is none)."""
        return bisect_left(self.offsets, original)


def fold(text: str, *, keep_case: bool = False) -> Folded:
    """Fold ``text`` for search; see the module docstring for the rules."""
    return Folded(text, fold_text(text, keep_case=keep_case), keep_case=keep_case)
