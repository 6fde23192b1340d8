"""Make untrusted text safe and visible before it is laid out.

Comment bodies come from the network.  Anything we hand to the terminal must be printable:
a raw ESC or C1 CSI (U+009B) in a comment would let its author move the cursor, recolour the
screen or worse.  So control characters are *shown* (as Unicode control pictures or a
``\\x9b`` escape), never emitted, and every shown character keeps a pointer back to the
logical offset it came from so search highlights and links still line up.

Invisible format characters (bidi controls, ZWNJ, stray ZWJ, ZWSP, …) are kept through
level resolution and shaping, where they matter, and dropped only at the end by
:func:`strip_invisible`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .cells import EXT_PICT_CLASS, _any_of

__all__ = [
    "BREAK_ONLY",
    "SHAPING_FORMAT",
    "Edit",
    "apply_edits",
    "clipboard_text",
    "codepoint_label",
    "delete_positions",
    "has_bidi_controls",
    "printable",
    "sanitize",
    "sanitize_edits",
    "strip_invisible",
]

#: Embeddings, overrides and isolates: the controls that change how *other* text is ordered.
_EXPLICIT_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Characters that are never printed raw: C0 except TAB (expanded later), DEL, C1, and lone
# surrogates (which cannot even be encoded to UTF-8 for the terminal).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# Zero-width characters that must not reach the screen.  U+200B ZWSP and U+2028 LINE
# SEPARATOR are absent on purpose: the line breaker uses them as break opportunities, and the
# row builder drops them (see BREAK_ONLY).  U+200D and the tag characters are candidates
# only: a ZWJ inside an emoji ZWJ sequence and the tags of an emoji tag sequence (the flags
# of England, Scotland, Wales) stay.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200c-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


@lru_cache(maxsize=1)
def _ext_pict() -> re.Pattern[str]:
    """Extended_Pictographic, compiled on first use (only a ZWJ or a tag character needs it)."""
    return re.compile(_any_of(EXT_PICT_CLASS))


# What may stand between a pictograph and the ZWJ that joins it to the next one.
_EMOJI_EXTEND = frozenset("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
_TAG_BASE = frozenset("\U0001f3f4") | frozenset(map(chr, range(0xE0020, 0xE0080)))


def _keeps(text: str, i: int) -> bool:
    """Is the candidate invisible character ``text[i]`` part of an emoji sequence?"""
    ch = text[i]
    if ch == "\u200d":
        if i == 0 or i + 1 >= len(text) or not _ext_pict().match(text, i + 1):
            return False
        j = i - 1
        while j > 0 and text[j] in _EMOJI_EXTEND:
            j -= 1
        return _ext_pict().match(text, j) is not None
    if "\U000e0020" <= ch <= "\U000e007f":
        return i > 0 and text[i - 1] in _TAG_BASE
    return False


#: Zero-width characters kept until line breaking (they are break opportunities) and
#: removed from each row's text afterwards.
BREAK_ONLY = "\u200b\u2028"

#: (start, end, replacement): replace ``text[start:end]`` by ``replacement``; ``start ==
#: end`` inserts.
Edit = tuple[int, int, str]


def has_bidi_controls(text: str) -> bool:
    """True if ``text`` contains an embedding, override or isolate control (U+202A..202E,
    U+2066..2069).  The UI flags such comments: these characters can make text read
    differently from what was written (the "Trojan Source" trick)."""
    return _EXPLICIT_BIDI.search(text) is not None


def _visible(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x20:
        # Control pictures: U+2400 + n shows NUL..US (ESC becomes ␛, lone CR ␍).
        return chr(0x2400 + cp)
    if cp == 0x7F:
        return "\u2421"  # ␡
    if 0xD800 <= cp <= 0xDFFF:
        return "\ufffd"
    # C1 has no control pictures.  Show a \x9b escape, wrapped in LRI…PDI so that it reads
    # left to right as one unit even inside right-to-left text.
    return f"\u2066\\x{cp:02x}\u2069"


def sanitize_edits(text: str, *, keep_tab: bool = True) -> list[Edit]:
    """The edits that make ``text`` printable (see module docs); empty for clean text."""
    edits: list[Edit] = []
    for m in _UNPRINTABLE.finditer(text):
        ch = m.group()
        if ch == "\t" and keep_tab:
            continue
        edits.append((m.start(), m.end(), _visible(ch)))
    return edits


def apply_edits(text: str, edits: list[Edit], base: int = 0) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping ``edits`` and return the new text with, for each of its
    characters, the offset ``base + i`` of the character of ``text`` it came from.

    Replacement characters all point at the first replaced character; inserted characters
    point at the character they were inserted before (or the last one, at the end).
    """
    pieces: list[str] = []
    src: list[int] = []
    pos = 0
    last = max(len(text) - 1, 0)
    for start, end, rep in edits:
        if start > pos:
            pieces.append(text[pos:start])
            src.extend(range(base + pos, base + start))
        pieces.append(rep)
        src.extend([base + min(start, last)] * len(rep))
        pos = max(pos, end)
    if pos < len(text):
        pieces.append(text[pos:])
        src.extend(range(base + pos, base + len(text)))
    return "".join(pieces), src


def sanitize(text: str, base: int = 0) -> tuple[str, list[int]]:
    """Printable version of ``text`` (C0/C1/DEL/ESC shown, lone surrogates as U+FFFD, TAB
    kept for the caller to expand) and the offset map back into ``text`` (plus ``base``)."""
    return apply_edits(text, sanitize_edits(text), base)


# What the clipboard never gets: C0 controls but TAB and LF, DEL, C1, lone surrogates.
_CLIPBOARD_DROP = re.compile("\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f]|[\ud800-\udfff]")


def _clipboard_edit(m: re.Match[str]) -> str:
    ch = m.group()
    if ch == "\r\n":
        return "\n"
    return "\ufffd" if "\ud800" <= ch <= "\udfff" else ""


def clipboard_text(text: str) -> str:
    """``text`` as the clipboard gets it (`y`, copying a link): the logical text with its
    control characters removed (the screen shows them as pictures). A pasted ESC could end
    a shell's bracketed paste (``ESC[201~``) and run what follows; a lone CR would act as
    Enter. CR LF becomes LF; TAB and LF stay; lone surrogates, which cannot be encoded,
    become U+FFFD. Format characters (ZWNJ, bidi controls) are text and stay."""
    return _CLIPBOARD_DROP.sub(_clipboard_edit, text)


def printable(text: str) -> str:
    """A short string from outside (a key name from the user's config) to draw as it is,
    without layout: control characters shown as content shows them (pictures, ``\\x9b``
    escapes; TAB and line breaks too), bidi controls and invisible format characters
    removed, so that it cannot reorder or hide what is drawn around it."""
    shown, _ = apply_edits(text, sanitize_edits(text, keep_tab=False))
    return strip_invisible(shown)[0]


#: Format characters that control joining: where the terminal shapes the text itself
#: (``terminal`` and ``off`` modes) they must reach it: ZWNJ (نام‌ها, not نامها) and ZWJ
#: (a letter's joining form on its own, as in abbreviations; removing it changes the text).
#: Rich measures a letter, ZWJ, letter as one cell where terminals draw two: the UI cuts
#: its segments after such a ZWJ (`cells.rich_pieces`), so Textual measures them right.
SHAPING_FORMAT = "\u200c\u200d"


def strip_invisible(text: str, keep: str = "") -> tuple[str, list[int]]:
    """Remove invisible format characters (but those in ``keep``, e.g. `SHAPING_FORMAT`).
    Returns the text and the sorted positions, in ``text``, of the removed characters."""
    dropped = [m.start() for m in _INVISIBLE.finditer(text)]
    if keep and dropped:
        dropped = [i for i in dropped if text[i] not in keep]
    if not dropped:
        return text, []
    if "\u200d" in text or any(text[i] > "\uffff" for i in dropped):
        # A ZWJ or a tag character: kept inside an emoji sequence.
        dropped = [i for i in dropped if not _keeps(text, i)]
    return delete_positions(text, dropped), dropped


def delete_positions(text: str, positions: list[int]) -> str:
    """``text`` without the characters at the sorted ``positions``."""
    if not positions:
        return text
    pieces: list[str] = []
    prev = 0
    for i in positions:
        pieces.append(text[prev:i])
        prev = i + 1
    pieces.append(text[prev:])
    return "".join(pieces)


def codepoint_label(text: str, limit: int = 16) -> str:
    """``<U+200B U+200F>``: how a field made only of invisible characters is shown."""
    labels = [f"U+{ord(ch):04X}" for ch in text[:limit]]
    if len(text) > limit:
        labels.append("…")
    return "<" + " ".join(labels) + ">"
