"""Bidi levels (UAX #9 X1-I2) and line reordering (L1, L2, L4).

Where the levels come from
--------------------------
python-bidi 0.6 wraps the Rust crate unicode-bidi, which is conformant, but exposes no level
API: only ``get_display()``, which reorders a whole paragraph as one line (useless once we
wrap) and, with ``debug=True``, returns the ``Debug`` dump of the crate's ``BidiInfo``.  That
dump contains ``levels: [Level(n), ...]`` with one entry per UTF-8 *byte*.  We parse it.

The dump is large (about 40 characters per byte of input) and Rust's pretty-printer is the
slowest part of the call, so we shrink the input first: characters are replaced by a
representative of their bidi class, and runs of the same representative are collapsed to
one character.  This does not change any level: rules W1-W7, N1-N2 and I1-I2 look only at
classes and treat a run of equal strong types, numbers, marks or neutrals exactly like one
such character.  Characters that *are* counted (European/common separators, W4), brackets
(N0 pairs them by identity), explicit controls and everything outside the tables stay
themselves.  A 560-character Persian comment becomes a proxy of about 70 characters.

Parsing a debug dump is not an API, so a self-test (run once, lazily) checks that the dump
still parses and gives the UAX #9 levels for a few strings (brackets, isolates, overrides,
2/3/4-byte UTF-8).  If it fails, :func:`level_source` reports ``"legacy"`` and levels come
from python-bidi's pure-Python implementation of the older V5 algorithm (no isolates, no
bracket pairs): readable, but degraded.

Reordering
----------
Levels are resolved once per paragraph; the layout engine breaks lines in logical order and
then calls :func:`l1_reset` and :func:`visual_runs` per line.  L2 reverses by grapheme
cluster (done by the caller, which knows the clusters); L4 mirrors at odd levels
(:func:`mirror_table`).  :func:`visual_order` is the plain code-point version used for conformance
testing against BidiCharacterTest.txt.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress
from operator import itemgetter, mul
from typing import Any, Literal

from .cells import lazy_compile

__all__ = [
    "RTL_OR_EXPLICIT",
    "LevelSource",
    "base_level",
    "l1_reset",
    "level_source",
    "mirror_table",
    "paragraph_levels",
    "self_test",
    "visual_order",
    "visual_runs",
]

LevelSource = Literal["python-bidi", "legacy"]


@lru_cache(maxsize=1)
def _python_bidi() -> tuple[Any, Any]:
    """python-bidi's ``get_display`` and ``get_base_level``, imported on first use: text
    without right-to-left characters never needs them."""
    from bidi import get_base_level, get_display

    return get_display, get_base_level


@lru_cache(maxsize=1)
def mirror_table() -> dict[int, int]:
    """str.translate table for L4: the Bidi_Mirroring_Glyph of every mirrored character
    (python-bidi's table, loaded on first use)."""
    from bidi.mirror import MIRRORED

    return {ord(k): ord(v) for k, v in MIRRORED.items()}


def __getattr__(name: str) -> object:
    if name == "MIRROR":  # the table, under its old name
        return mirror_table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Anything that can make a level non-zero in a left-to-right paragraph: R, AL and AN
#: characters (Hebrew, Arabic, Syriac, Thaana, NKo, … and their presentation forms, the
#: RTL SMP blocks), RLM, and the explicit embedding/override/isolate controls.  A
#: paragraph without any of these, laid out LTR, has all levels 0 and needs no bidi at all.
RTL_OR_EXPLICIT = re.compile(
    "[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufdff\ufe70-\ufeff"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)

# ---------------------------------------------------------------------------------------
# The class-representative proxy


_REPRESENTATIVE = {
    "L": "a",
    "R": "\u05d0",
    "AL": "\u0627",
    "EN": "0",
    "AN": "\u0660",
    "NSM": "\u0300",
    "WS": " ",
    "ON": "!",
    "ET": "$",
    # Separators are never collapsed (W4 counts them), but which one it is does not matter.
    "CS": ",",
    "ES": "+",
    # Only ever inside a collapsed stretch (see "inner" in _proxy); alone it stands for itself.
    "BN": "\u200b",
}
# The blocks the proxy covers; other characters stand for themselves (still correct, just
# a bigger dump).  Emoji are not covered: too many ranges for a fast regex class.
_PROXY_BLOCKS = ((0x0, 0x8FF), (0x2000, 0x206F), (0xFB1D, 0xFEFF))


def _build_proxy() -> dict[int, str]:
    """The translate table character -> class representative.  Brackets and other
    mirrored characters are left out: N0 pairs brackets by identity."""
    table: dict[int, str] = {}
    for lo, hi in _PROXY_BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            rep = _REPRESENTATIVE.get(unicodedata.bidirectional(ch))
            if (
                rep is None
                or unicodedata.category(ch) in ("Cn", "Ps", "Pe")
                or unicodedata.mirrored(ch)
            ):
                continue
            table[cp] = rep
    return table


@lru_cache(maxsize=1)
def _proxy() -> tuple[dict[int, str], re.Pattern[str]]:
    """The translate table character -> class representative, and the regex of the runs
    of representatives that one proxy character can stand for.  Built on first use (about
    a millisecond): text without right-to-left characters never needs them.

    The regex runs over the *translated* text, where each class is one character, so its
    classes are a few characters long: written over the original characters (classes of
    thousands of code points) it took several milliseconds to compile, at start-up."""
    table = _build_proxy()

    def one(*classes: str) -> str:
        return "[" + "".join(re.escape(_REPRESENTATIVE[c]) for c in classes) + "]"

    # Neutral and weak characters that, between two strong characters of the same type, can
    # only resolve to that type: WS, ON, NSM (W1 gives it its neighbour's type), ET, CS and
    # ES (W4-W6 need an adjacent number to do anything else; here both neighbours are
    # letters); plus BN (ZWNJ, ZWSP, …), which X9 removes, so it changes nobody's level.
    inner = one("WS", "ON", "NSM", "ET", "CS", "ES", "BN")
    nsm = one("NSM")
    # What one proxy character can stand for:
    # * a stretch of L (or of AL, or of R) letters with such neutrals between them and marks
    #   after them: every character in it gets the level of the letters;
    # * a run of one number type, marks, spaces, other neutrals or terminators;
    # * any other single character (brackets, separators, controls, uncovered blocks: none
    #   of these is a representative, since every representative translates to itself).
    # AL and R are never merged: W2 looks at which of the two came last.  A letter class and
    # ``inner`` have no character in common, so the quantifiers can be possessive (nothing
    # to backtrack into; a quarter faster).
    runs = re.compile(
        "|".join(
            [f"{one(c)}(?:{inner}*+{one(c)})*+{nsm}*+" for c in ("L", "AL", "R")]
            + [f"{one(c)}++" for c in ("EN", "AN", "NSM", "WS", "ON", "ET")]
            + ["[\\s\\S]"]
        )
    )
    return table, runs


_BYTE = tuple(bytes((i,)) for i in range(256))

_LEVELS_START = "\n    levels: [\n"
_LEVELS_END = "\n    ],\n    paragraphs: ["
# One dumped entry for a one-digit level: "        Level(\n            1,\n        ),\n".
_ENTRY = 41
_DIGIT_AT = 27
_LEVEL_RE = lazy_compile(r"Level\(\s*(\d+),")
_DIGIT_TO_LEVEL = bytes.maketrans(b"0123456789", bytes(range(10)))
# UTF-8 lead bytes (1) and 10xxxxxx continuation bytes (0): where each character's levels
# start, as a bytes.translate table.
_LEAD_BYTES = bytes(0 if 0x80 <= b < 0xC0 else 1 for b in range(256))


_PARAGRAPH_LEVEL_RE = lazy_compile(r"level: Level\(\s*(\d+),")


def _parse_dump(dump: str, text: str) -> tuple[int, bytes]:
    """Paragraph level and per-character levels of ``text`` from the ``BidiInfo`` debug
    dump of ``text``."""
    start = dump.index(_LEVELS_START) + len(_LEVELS_START)
    # Looked for from the end: only the paragraph list follows it.
    end = dump.rindex(_LEVELS_END, start)
    para = _PARAGRAPH_LEVEL_RE().search(dump, end)
    if para is None:
        raise ValueError("no paragraph level in the dump")
    section = dump[start:end]
    raw = text.encode("utf-8")
    nbytes = len(raw)
    digits = section[_DIGIT_AT::_ENTRY]
    if len(section) == _ENTRY * nbytes - 1 and len(digits) == nbytes and digits.isdigit():
        # Every level is one digit, so the dump is a fixed-stride table: slice it.
        per_byte = digits.encode("ascii").translate(_DIGIT_TO_LEVEL)
    else:
        found = _LEVEL_RE().findall(section)
        if len(found) != nbytes:
            raise ValueError(f"dump has {len(found)} levels for {nbytes} bytes")
        per_byte = bytes(map(int, found))
    if nbytes != len(text):
        per_byte = bytes(compress(per_byte, raw.translate(_LEAD_BYTES)))
    return int(para.group(1)), per_byte


def _dump(text: str, base: int | None) -> str:
    get_display = _python_bidi()[0]
    dump = get_display(text, base_dir=None if base is None else "LR"[base], debug=True)
    if not isinstance(dump, str):
        raise ValueError("python-bidi returned no text")
    return dump


def _dump_levels(text: str, base: int | None) -> tuple[int, bytes]:
    table, proxy_runs = _proxy()
    classes = text.translate(table)
    runs: list[str] = proxy_runs.findall(classes)
    if len(runs) == len(text):
        return _parse_dump(_dump(classes, base), classes)
    proxy = "".join(map(itemgetter(0), runs))
    para, levels = _parse_dump(_dump(proxy, base), proxy)
    # Expand one level per run back to one level per character, without a Python loop.
    return para, b"".join(map(mul, map(_BYTE.__getitem__, levels), map(len, runs)))


def _legacy_levels(text: str, base: int | None) -> tuple[int, bytes]:
    """Degraded fallback: python-bidi's pure-Python V5 implementation (no isolates, no N0)."""
    from bidi import algorithm as legacy

    if base is None:
        base = _p2_p3(text)
    storage = legacy.get_empty_storage()
    storage["base_level"] = base
    storage["base_dir"] = "LR"[base]
    legacy.get_embedding_levels(text, storage)
    chars = list(storage["chars"])  # X9 drops entries from storage; keep every character
    legacy.explicit_embed_and_overrides(storage)
    legacy.resolve_weak_types(storage)
    legacy.resolve_neutral_types(storage, False)
    legacy.resolve_implicit_levels(storage, False)
    return base, bytes(min(int(ch["level"]), 125) for ch in chars)


# Known answers (from BidiCharacterTest.txt and UAX #9) covering N0 brackets, explicit
# overrides and embeddings, isolates, W2 numbers, and 1-, 2-, 3- and 4-byte UTF-8.  Levels
# before L1; None where X9 removes the character.
_SELF_TEST: tuple[tuple[str, int, tuple[int | None, ...]], ...] = (
    ("abc", 0, (0, 0, 0)),
    (
        "\u05d0\u05d1(\u05d2\u05d3[&ef].)gh",
        0,
        (1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    ),
    (
        "abc (def \u0627\u0628\u062c) \u05d0\u05d1\u05d2",
        1,
        (2, 2, 2, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    ),
    (
        "\u202ea\u202ab\u202c\u2066c\u2069\u202ad\u202ce\u202c",
        1,
        (None, 3, None, 4, None, 3, 4, 3, None, 4, None, 3, None),
    ),
    ("a \U0001f600 \u0628", 0, (0, 0, 0, 0, 1)),
    ("\u0628 12", 0, (1, 1, 2, 2)),
    ("\u0628\u0628\u0628 abc 12, \u0628", 1, (1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 1)),
)


@lru_cache(maxsize=1)
def self_test() -> bool:
    """Does parsing python-bidi's debug dump still give UAX #9 levels?  Run once."""
    try:
        for text, base, expected in _SELF_TEST:
            para, got = _dump_levels(text, base)
            if para != base or len(got) != len(expected):
                return False
            for level, want in zip(got, expected, strict=True):
                if want is not None and level != want:
                    return False
        # Auto direction (P2/P3, skipping the isolate): right-to-left.
        if _dump_levels("\u2066a\u2069\u05d0", None)[0] != 1:
            return False
    except Exception:
        return False
    return True


def level_source() -> LevelSource:
    """Where levels come from: ``"python-bidi"`` (the conformant Rust implementation, via
    its debug dump) or ``"legacy"`` (degraded: the self-test failed)."""
    return "python-bidi" if self_test() else "legacy"


def paragraph_levels(text: str, base: int | None = None) -> tuple[int, bytes]:
    """Resolve one paragraph: its level (``base``, or by P2/P3 when ``base`` is None) and
    the embedding level of each character (X1-I2, before L1), one byte per character."""
    if not text:
        return (base or 0), b""
    if self_test():
        try:
            return _dump_levels(text, base)
        except (ValueError, AssertionError):
            pass  # an input the dump format surprised us with: degrade for this one only
    return _legacy_levels(text, base)


def _p2_p3(text: str) -> int:
    depth = 0
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in ("LRI", "RLI", "FSI"):
            depth += 1
        elif cls == "PDI":
            depth = max(depth - 1, 0)
        elif depth == 0 and cls in ("L", "R", "AL"):
            return 0 if cls == "L" else 1
    return 0


def base_level(text: str) -> int:
    """Paragraph level by P2/P3: 1 if the first strong character, skipping isolates, is R or
    AL; 0 otherwise (also for text without strong characters)."""
    if not text:
        return 0
    try:
        return 1 if _python_bidi()[1](text) else 0
    except Exception:  # python-bidi broken: do P2/P3 by hand
        return _p2_p3(text)


# ---------------------------------------------------------------------------------------
# Per-line reordering

# Characters L1 resets when they trail a line or precede a segment separator: whitespace,
# isolate controls, and what X9 removed (which is transparent here).
_L1_RESET = frozenset({"WS", "LRI", "RLI", "FSI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"})
_L1_SEPARATOR = frozenset({"S", "B"})
_SEPARATOR_CHARS = lazy_compile("[\t\x0b\x1c-\x1f\x85\u2029]")


def l1_reset(text: str, levels: bytearray, para: int) -> None:
    """Rule L1 on one line, in place: segment separators, and whitespace and isolate
    controls before them or at the end of the line, go back to the paragraph level."""
    bidirectional = unicodedata.bidirectional
    k = len(text)
    while k > 0 and bidirectional(text[k - 1]) in _L1_RESET:
        k -= 1
        levels[k] = para
    separators = _SEPARATOR_CHARS()
    if not separators.search(text):
        return
    for m in separators.finditer(text):
        i = m.start()
        if bidirectional(text[i]) not in _L1_SEPARATOR:
            continue
        levels[i] = para
        j = i
        while j > 0 and bidirectional(text[j - 1]) in _L1_RESET:
            j -= 1
            levels[j] = para


_LEVEL_RUN = lazy_compile(rb"(.)\1*", re.DOTALL)


def visual_runs(levels: bytes | bytearray) -> list[tuple[int, int, int]]:
    """Rule L2 on one line: its runs of equal level as ``(start, end, level)``, in visual
    order (left to right).  The characters of a run at an odd level read right to left."""
    if not levels:
        return []
    n = len(levels)
    first = levels[0]
    if levels.count(first) == n:
        return [(0, n, first)]
    runs = [(m.start(), m.end(), levels[m.start()]) for m in _LEVEL_RUN().finditer(levels)]
    top = max(levels)
    low = min(levels)
    if top == low + 1:
        # Two adjacent levels, the usual case (an RTL paragraph with LTR islands, or the
        # reverse): runs at the higher level are never adjacent, so reversing them one by
        # one keeps the run order, and only an odd lower level reverses the whole line.
        return runs[::-1] if low & 1 else runs
    lowest_odd = low if low % 2 else low + 1
    # From the highest level down to the lowest odd level, reverse every maximal sequence
    # of runs at that level or higher.
    for k in range(top, lowest_odd - 1, -1):
        i, n = 0, len(runs)
        while i < n:
            if runs[i][2] < k:
                i += 1
                continue
            j = i
            while j < n and runs[j][2] >= k:
                j += 1
            runs[i:j] = runs[i:j][::-1]
            i = j
    return runs


_X9_REMOVED = frozenset({"BN", "LRE", "RLE", "LRO", "RLO", "PDF"})


def visual_order(text: str, base: Literal["auto", "ltr", "rtl"] | int = "auto") -> list[int]:
    """The visual order (left to right) of ``text`` as one line: indices into ``text``,
    characters removed by X9 left out.  ``base`` is "auto"/"ltr"/"rtl", or 2/0/1 as in
    BidiCharacterTest.txt.  Reversal is per code point (no L3), as that file expects; the
    layout engine reverses per grapheme cluster instead."""
    para: int | None = None
    if base in ("ltr", 0):
        para = 0
    elif base in ("rtl", 1):
        para = 1
    para, resolved = paragraph_levels(text, para)
    levels = bytearray(resolved)
    l1_reset(text, levels, para)
    kept = [i for i, ch in enumerate(text) if unicodedata.bidirectional(ch) not in _X9_REMOVED]
    line = bytes(levels[i] for i in kept)
    order: list[int] = []
    for start, end, level in visual_runs(line):
        piece = kept[start:end]
        order.extend(reversed(piece) if level % 2 else piece)
    return order
