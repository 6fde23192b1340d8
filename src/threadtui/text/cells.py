"""Grapheme clusters and terminal cell widths.

Everything that decides *how wide* something is on screen lives here, so that the line
breaker, the reorderer and the UI agree.  Widths come from ``rich.cells`` on purpose:
Textual measures the strips we hand it with the same tables, so a row we call 80 cells wide
is 80 cells to Textual too.  What Rich gets wrong is *grouping*: ``rich.cells.cell_len``
treats every U+200D as an emoji joiner and swallows the character after it, so
``cell_len("ب\u200dا") == 1`` although terminals draw two cells.  We therefore split text
into extended grapheme clusters (UAX #29) ourselves, drop a ZWJ that does not join two
pictographs, and ask Rich for the width of each cluster separately.

The property tables below are generated from the Unicode Character Database (see
``tests/text/gen_tables.py``); a test keeps them in sync with the installed UCD.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from rich.cells import cell_len as _rich_cell_len
from rich.cells import get_character_cell_size

__all__ = [
    "EXT_PICT_CLASS",
    "MAX_MARKS",
    "cell_len",
    "class_of",
    "cluster_width",
    "clusters",
    "defective_marks",
    "excess_marks",
    "grapheme_clusters",
    "is_narrow",
    "joins_previous",
    "lazy_compile",
    "mark_set",
    "marks_past_cap",
    "multi_clusters",
    "narrow_set",
    "rich_pieces",
    "rich_safe",
    "simple_marks",
    "text_width",
]

# BEGIN GENERATED GRAPHEME TABLES
# From GraphemeBreakProperty-15.0.0.txt and emoji-data.txt; regenerate with tests/text/gen_tables.py.
# fmt: off
_CONTROL = (
    r"\u0000-\u0009\u000b-\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e-"
    r"\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\U00013430-\U0001343f\U0001bca0-"
    r"\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e001f\U000e0080-\U000e00ff\U000e01f0-"
    r"\U000e0fff"
)
_EXTEND = (
    r"\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-"
    r"\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711"
    r"\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827"
    r"\u0829-\u082d\u0859-\u085b\u0898-\u089f\u08ca-\u08e1\u08e3-\u0902\u093a\u093c\u0941-"
    r"\u0948\u094d\u0951-\u0957\u0962-\u0963\u0981\u09bc\u09be\u09c1-\u09c4\u09cd\u09d7\u09e2-"
    r"\u09e3\u09fe\u0a01-\u0a02\u0a3c\u0a41-\u0a42\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-"
    r"\u0a71\u0a75\u0a81-\u0a82\u0abc\u0ac1-\u0ac5\u0ac7-\u0ac8\u0acd\u0ae2-\u0ae3\u0afa-"
    r"\u0aff\u0b01\u0b3c\u0b3e-\u0b3f\u0b41-\u0b44\u0b4d\u0b55-\u0b57\u0b62-\u0b63\u0b82\u0bbe"
    r"\u0bc0\u0bcd\u0bd7\u0c00\u0c04\u0c3c\u0c3e-\u0c40\u0c46-\u0c48\u0c4a-\u0c4d\u0c55-\u0c56"
    r"\u0c62-\u0c63\u0c81\u0cbc\u0cbf\u0cc2\u0cc6\u0ccc-\u0ccd\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00"
    r"-\u0d01\u0d3b-\u0d3c\u0d3e\u0d41-\u0d44\u0d4d\u0d57\u0d62-\u0d63\u0d81\u0dca\u0dcf\u0dd2"
    r"-\u0dd4\u0dd6\u0ddf\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ece"
    r"\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f71-\u0f7e\u0f80-\u0f84\u0f86-\u0f87\u0f8d-\u0f97"
    r"\u0f99-\u0fbc\u0fc6\u102d-\u1030\u1032-\u1037\u1039-\u103a\u103d-\u103e\u1058-\u1059"
    r"\u105e-\u1060\u1071-\u1074\u1082\u1085-\u1086\u108d\u109d\u135d-\u135f\u1712-\u1714"
    r"\u1732-\u1733\u1752-\u1753\u1772-\u1773\u17b4-\u17b5\u17b7-\u17bd\u17c6\u17c9-\u17d3"
    r"\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9\u1920-\u1922\u1927-\u1928\u1932\u1939-"
    r"\u193b\u1a17-\u1a18\u1a1b\u1a56\u1a58-\u1a5e\u1a60\u1a62\u1a65-\u1a6c\u1a73-\u1a7c\u1a7f"
    r"\u1ab0-\u1ace\u1b00-\u1b03\u1b34-\u1b3a\u1b3c\u1b42\u1b6b-\u1b73\u1b80-\u1b81\u1ba2-"
    r"\u1ba5\u1ba8-\u1ba9\u1bab-\u1bad\u1be6\u1be8-\u1be9\u1bed\u1bef-\u1bf1\u1c2c-\u1c33"
    r"\u1c36-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce0\u1ce2-\u1ce8\u1ced\u1cf4\u1cf8-\u1cf9\u1dc0-"
    r"\u1dff\u200c\u20d0-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a"
    r"\ua66f-\ua672\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802\ua806\ua80b\ua825-\ua826"
    r"\ua82c\ua8c4-\ua8c5\ua8e0-\ua8f1\ua8ff\ua926-\ua92d\ua947-\ua951\ua980-\ua982\ua9b3"
    r"\ua9b6-\ua9b9\ua9bc-\ua9bd\ua9e5\uaa29-\uaa2e\uaa31-\uaa32\uaa35-\uaa36\uaa43\uaa4c"
    r"\uaa7c\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaec-\uaaed\uaaf6\uabe5\uabe8"
    r"\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f\uff9e-\uff9f\U000101fd\U000102e0\U00010376-"
    r"\U0001037a\U00010a01-\U00010a03\U00010a05-\U00010a06\U00010a0c-\U00010a0f\U00010a38-"
    r"\U00010a3a\U00010a3f\U00010ae5-\U00010ae6\U00010d24-\U00010d27\U00010eab-\U00010eac"
    r"\U00010efd-\U00010eff\U00010f46-\U00010f50\U00010f82-\U00010f85\U00011001\U00011038-"
    r"\U00011046\U00011070\U00011073-\U00011074\U0001107f-\U00011081\U000110b3-\U000110b6"
    r"\U000110b9-\U000110ba\U000110c2\U00011100-\U00011102\U00011127-\U0001112b\U0001112d-"
    r"\U00011134\U00011173\U00011180-\U00011181\U000111b6-\U000111be\U000111c9-\U000111cc"
    r"\U000111cf\U0001122f-\U00011231\U00011234\U00011236-\U00011237\U0001123e\U00011241"
    r"\U000112df\U000112e3-\U000112ea\U00011300-\U00011301\U0001133b-\U0001133c\U0001133e"
    r"\U00011340\U00011357\U00011366-\U0001136c\U00011370-\U00011374\U00011438-\U0001143f"
    r"\U00011442-\U00011444\U00011446\U0001145e\U000114b0\U000114b3-\U000114b8\U000114ba"
    r"\U000114bd\U000114bf-\U000114c0\U000114c2-\U000114c3\U000115af\U000115b2-\U000115b5"
    r"\U000115bc-\U000115bd\U000115bf-\U000115c0\U000115dc-\U000115dd\U00011633-\U0001163a"
    r"\U0001163d\U0001163f-\U00011640\U000116ab\U000116ad\U000116b0-\U000116b5\U000116b7"
    r"\U0001171d-\U0001171f\U00011722-\U00011725\U00011727-\U0001172b\U0001182f-\U00011837"
    r"\U00011839-\U0001183a\U00011930\U0001193b-\U0001193c\U0001193e\U00011943\U000119d4-"
    r"\U000119d7\U000119da-\U000119db\U000119e0\U00011a01-\U00011a0a\U00011a33-\U00011a38"
    r"\U00011a3b-\U00011a3e\U00011a47\U00011a51-\U00011a56\U00011a59-\U00011a5b\U00011a8a-"
    r"\U00011a96\U00011a98-\U00011a99\U00011c30-\U00011c36\U00011c38-\U00011c3d\U00011c3f"
    r"\U00011c92-\U00011ca7\U00011caa-\U00011cb0\U00011cb2-\U00011cb3\U00011cb5-\U00011cb6"
    r"\U00011d31-\U00011d36\U00011d3a\U00011d3c-\U00011d3d\U00011d3f-\U00011d45\U00011d47"
    r"\U00011d90-\U00011d91\U00011d95\U00011d97\U00011ef3-\U00011ef4\U00011f00-\U00011f01"
    r"\U00011f36-\U00011f3a\U00011f40\U00011f42\U00013440\U00013447-\U00013455\U00016af0-"
    r"\U00016af4\U00016b30-\U00016b36\U00016f4f\U00016f8f-\U00016f92\U00016fe4\U0001bc9d-"
    r"\U0001bc9e\U0001cf00-\U0001cf2d\U0001cf30-\U0001cf46\U0001d165\U0001d167-\U0001d169"
    r"\U0001d16e-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b\U0001d1aa-\U0001d1ad"
    r"\U0001d242-\U0001d244\U0001da00-\U0001da36\U0001da3b-\U0001da6c\U0001da75\U0001da84"
    r"\U0001da9b-\U0001da9f\U0001daa1-\U0001daaf\U0001e000-\U0001e006\U0001e008-\U0001e018"
    r"\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a\U0001e08f\U0001e130-"
    r"\U0001e136\U0001e2ae\U0001e2ec-\U0001e2ef\U0001e4ec-\U0001e4ef\U0001e8d0-\U0001e8d6"
    r"\U0001e944-\U0001e94a\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
_SPACINGMARK = (
    r"\u0903\u093b\u093e-\u0940\u0949-\u094c\u094e-\u094f\u0982-\u0983\u09bf-\u09c0\u09c7-"
    r"\u09c8\u09cb-\u09cc\u0a03\u0a3e-\u0a40\u0a83\u0abe-\u0ac0\u0ac9\u0acb-\u0acc\u0b02-"
    r"\u0b03\u0b40\u0b47-\u0b48\u0b4b-\u0b4c\u0bbf\u0bc1-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcc"
    r"\u0c01-\u0c03\u0c41-\u0c44\u0c82-\u0c83\u0cbe\u0cc0-\u0cc1\u0cc3-\u0cc4\u0cc7-\u0cc8"
    r"\u0cca-\u0ccb\u0cf3\u0d02-\u0d03\u0d3f-\u0d40\u0d46-\u0d48\u0d4a-\u0d4c\u0d82-\u0d83"
    r"\u0dd0-\u0dd1\u0dd8-\u0dde\u0df2-\u0df3\u0e33\u0eb3\u0f3e-\u0f3f\u0f7f\u1031\u103b-"
    r"\u103c\u1056-\u1057\u1084\u1715\u1734\u17b6\u17be-\u17c5\u17c7-\u17c8\u1923-\u1926\u1929"
    r"-\u192b\u1930-\u1931\u1933-\u1938\u1a19-\u1a1a\u1a55\u1a57\u1a6d-\u1a72\u1b04\u1b3b"
    r"\u1b3d-\u1b41\u1b43-\u1b44\u1b82\u1ba1\u1ba6-\u1ba7\u1baa\u1be7\u1bea-\u1bec\u1bee\u1bf2"
    r"-\u1bf3\u1c24-\u1c2b\u1c34-\u1c35\u1ce1\u1cf7\ua823-\ua824\ua827\ua880-\ua881\ua8b4-"
    r"\ua8c3\ua952-\ua953\ua983\ua9b4-\ua9b5\ua9ba-\ua9bb\ua9be-\ua9c0\uaa2f-\uaa30\uaa33-"
    r"\uaa34\uaa4d\uaaeb\uaaee-\uaaef\uaaf5\uabe3-\uabe4\uabe6-\uabe7\uabe9-\uabea\uabec"
    r"\U00011000\U00011002\U00011082\U000110b0-\U000110b2\U000110b7-\U000110b8\U0001112c"
    r"\U00011145-\U00011146\U00011182\U000111b3-\U000111b5\U000111bf-\U000111c0\U000111ce"
    r"\U0001122c-\U0001122e\U00011232-\U00011233\U00011235\U000112e0-\U000112e2\U00011302-"
    r"\U00011303\U0001133f\U00011341-\U00011344\U00011347-\U00011348\U0001134b-\U0001134d"
    r"\U00011362-\U00011363\U00011435-\U00011437\U00011440-\U00011441\U00011445\U000114b1-"
    r"\U000114b2\U000114b9\U000114bb-\U000114bc\U000114be\U000114c1\U000115b0-\U000115b1"
    r"\U000115b8-\U000115bb\U000115be\U00011630-\U00011632\U0001163b-\U0001163c\U0001163e"
    r"\U000116ac\U000116ae-\U000116af\U000116b6\U00011726\U0001182c-\U0001182e\U00011838"
    r"\U00011931-\U00011935\U00011937-\U00011938\U0001193d\U00011940\U00011942\U000119d1-"
    r"\U000119d3\U000119dc-\U000119df\U000119e4\U00011a39\U00011a57-\U00011a58\U00011a97"
    r"\U00011c2f\U00011c3e\U00011ca9\U00011cb1\U00011cb4\U00011d8a-\U00011d8e\U00011d93-"
    r"\U00011d94\U00011d96\U00011ef5-\U00011ef6\U00011f03\U00011f34-\U00011f35\U00011f3e-"
    r"\U00011f3f\U00011f41\U00016f51-\U00016f87\U00016ff0-\U00016ff1\U0001d166\U0001d16d"
)
_PREPEND = (
    r"\u0600-\u0605\u06dd\u070f\u0890-\u0891\u08e2\u0d4e\U000110bd\U000110cd\U000111c2-"
    r"\U000111c3\U0001193f\U00011941\U00011a3a\U00011a84-\U00011a89\U00011d46\U00011f02"
)
_L = (
    r"\u1100-\u115f\ua960-\ua97c"
)
_V = (
    r"\u1160-\u11a7\ud7b0-\ud7c6"
)
_T = (
    r"\u11a8-\u11ff\ud7cb-\ud7fb"
)
_EXT_PICT = (
    r"\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9-\u21aa\u231a-\u231b\u2328\u2388"
    r"\u23cf\u23e9-\u23f3\u23f8-\u23fa\u24c2\u25aa-\u25ab\u25b6\u25c0\u25fb-\u25fe\u2600-"
    r"\u2605\u2607-\u2612\u2614-\u2685\u2690-\u2705\u2708-\u2712\u2714\u2716\u271d\u2721\u2728"
    r"\u2733-\u2734\u2744\u2747\u274c\u274e\u2753-\u2755\u2757\u2763-\u2767\u2795-\u2797\u27a1"
    r"\u27b0\u27bf\u2934-\u2935\u2b05-\u2b07\u2b1b-\u2b1c\u2b50\u2b55\u3030\u303d\u3297\u3299"
    r"\U0001f000-\U0001f0ff\U0001f10d-\U0001f10f\U0001f12f\U0001f16c-\U0001f171\U0001f17e-"
    r"\U0001f17f\U0001f18e\U0001f191-\U0001f19a\U0001f1ad-\U0001f1e5\U0001f201-\U0001f20f"
    r"\U0001f21a\U0001f22f\U0001f232-\U0001f23a\U0001f23c-\U0001f23f\U0001f249-\U0001f3fa"
    r"\U0001f400-\U0001f53d\U0001f546-\U0001f64f\U0001f680-\U0001f6ff\U0001f774-\U0001f77f"
    r"\U0001f7d5-\U0001f7ff\U0001f80c-\U0001f80f\U0001f848-\U0001f84f\U0001f85a-\U0001f85f"
    r"\U0001f888-\U0001f88f\U0001f8ae-\U0001f8ff\U0001f90c-\U0001f93a\U0001f93c-\U0001f945"
    r"\U0001f947-\U0001faff\U0001fc00-\U0001fffd"
)
# fmt: on
# END GENERATED GRAPHEME TABLES


def _hangul_syllables() -> tuple[str, str]:
    """Regex classes for Hangul LV and LVT syllables.

    Of the 11,172 precomposed syllables U+AC00..U+D7A3 every 28th (no final consonant) is LV,
    the rest LVT; computing this is shorter and clearer than listing 798 ranges.
    """
    lv: list[str] = []
    lvt: list[str] = []
    for i in range(399):
        first = 0xAC00 + 28 * i
        lv.append(f"\\u{first:04x}")
        last = min(first + 27, 0xD7A3)
        lvt.append(f"\\u{first + 1:04x}-\\u{last:04x}")
    return "".join(lv), "".join(lvt)


_P = TypeVar("_P", str, bytes)


def lazy_compile(pattern: _P, flags: int = 0) -> Callable[[], re.Pattern[_P]]:
    """A function that compiles ``pattern`` on its first call and returns it.  What plain
    Latin text never needs is compiled this way, so that importing the package is cheap."""
    compiled: list[re.Pattern[_P]] = []

    def get() -> re.Pattern[_P]:
        if not compiled:
            compiled.append(re.compile(pattern, flags))
        return compiled[0]

    return get


_RI = "\\U0001f1e6-\\U0001f1ff"
_ESCAPE = r"(\\[uU][0-9a-f]+)(?:-(\\[uU][0-9a-f]+))?"


def _escapes(body: str) -> list[re.Match[str]]:
    """The ``\\uXXXX`` characters and ``\\uXXXX-\\uYYYY`` ranges of a class body."""
    return list(re.finditer(_ESCAPE, body))


def _any_of(*bodies: str) -> str:
    """A regex matching one character of the union of the class ``bodies``.

    Python's ``re`` turns the BMP part of a class into a bitmap but tests every
    supplementary-plane range one by one, which made a search for marks 100 times slower
    than it needs to be.  So the class is split in two, and the astral half is only tried
    on astral characters.
    """
    bmp: list[str] = []
    astral: list[str] = []
    for m in _escapes("".join(bodies)):
        (astral if m.group(1).startswith("\\U") else bmp).append(m.group())
    out = f"[{''.join(bmp)}]" if bmp else ""
    if astral:
        alt = f"(?=[\\U00010000-\\U0010ffff])[{''.join(astral)}]"
        out = f"(?:{out}|{alt})" if out else alt
    return out or "(?!)"


def _bmp_part(*bodies: str) -> str:
    return "".join(m.group() for m in _escapes("".join(bodies)) if m.group(1)[1] == "u")


def _code_points(*bodies: str) -> set[int]:
    """The code points of the BMP part of the class ``bodies``."""
    out: set[int] = set()
    for m in _escapes("".join(bodies)):
        if m.group(1)[1] == "u":
            lo = int(m.group(1)[2:], 16)
            hi = int(m.group(2)[2:], 16) if m.group(2) else lo
            out.update(range(lo, hi + 1))
    return out


#: Regex character-class body (without brackets) of Extended_Pictographic.
EXT_PICT_CLASS = _EXT_PICT


@lru_cache(maxsize=1)
def _sources() -> dict[str, str]:
    """The sources of the big regexes, built on first use (see _Lazy)."""
    lv, lvt = _hangul_syllables()
    ext_pict_one = _any_of(_EXT_PICT)
    extend_one = _any_of(_EXTEND)
    control_one = _any_of(_CONTROL)
    # UAX #29 extended grapheme cluster, written as the regular expression of its Table 1b:
    #   crlf | Control | precore* core postcore*
    core = (
        f"[{_L}]*(?:[{_V}]+|[{lv}][{_V}]*|[{lvt}])[{_T}]*|[{_L}]+|[{_T}]+"  # Hangul syllable
        f"|[{_RI}][{_RI}]"  # a flag: regional indicators pair up (GB12/GB13)
        f"|{ext_pict_one}(?:{extend_one}*\u200d{ext_pict_one})*"  # emoji ZWJ sequence (GB11)
        f"|(?!{control_one})[^\r\n]"
    )
    postcore = _any_of(_EXTEND, "\\u200d", _SPACINGMARK)
    # Characters that can share a cluster with a neighbour: those that attach to the
    # previous character (Extend, ZWJ, SpacingMark) and those the next character attaches
    # to (Prepend, CR, regional indicators, Hangul jamo and syllables).  A position between
    # two characters is a cluster boundary for certain unless the right one attaches
    # backwards or the left one forwards (or is a ZWJ, GB11).
    join_prev = _any_of(_EXTEND, "\\u200d", _SPACINGMARK)
    join_next = _any_of(_PREPEND, "\\u000d", _RI, _L, _V, _T, lv, lvt)
    return {
        "cluster": f"\r\n|{control_one}|[\r\n]|{_any_of(_PREPEND)}*(?:{core}){postcore}*",
        "maybe_multi": f"{join_prev}|{join_next}",
        # A single character class (BMP joiners plus the whole supplementary planes) that
        # re can scan for at full speed; candidates it finds are then checked with
        # maybe_multi.
        "rough_multi": (
            f"[{_bmp_part(_EXTEND, _SPACINGMARK, _PREPEND, _L, _V, _T, lv, lvt)}"
            "\u200d\r\U00010000-\U0010ffff]"
        ),
        "join_prev": join_prev,
        # From a certain boundary, the stretch of text in which clusters may span several
        # characters: it continues while the next character could attach to what precedes
        # it.
        "island": f"[\\s\\S](?:{join_prev}|(?<=\u200d)[\\s\\S]|(?<={join_next})[\\s\\S])*",
        # U+200D is kept on screen only inside an emoji ZWJ sequence (pictograph, optional
        # modifiers/variation selectors, ZWJ, pictograph); anywhere else it is an invisible
        # format character that Rich would mis-measure.
        "stray_zwj": f"(?<!{ext_pict_one})(?<!{extend_one})\u200d|\u200d(?!{ext_pict_one})",
        # What a mark cannot sit on: the start of the text, and break spaces and zero-width
        # break characters (line breaking treats a mark after a space as a letter of its
        # own, UAX #14 LB10, so the line may break between them).
        "defective": (
            f"(?:^|(?<=[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000\u200b\u2028])){join_prev}"
        ),
    }


class _Lazy:
    """A regex compiled on first use.  The Unicode property classes make these patterns
    large (up to 22,000 characters); building and compiling them costs tens of
    milliseconds, which importing the package, and laying out ASCII-only text, never pay."""

    __slots__ = ("_compiled", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._compiled: re.Pattern[str] | None = None

    def get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(_sources()[self._name])
        return self._compiled

    @property
    def pattern(self) -> str:
        return _sources()[self._name]


_CLUSTER = _Lazy("cluster")
_MAYBE_MULTI = _Lazy("maybe_multi")
_ROUGH_MULTI = _Lazy("rough_multi")
_IS_JOIN_PREV = _Lazy("join_prev")
_ISLAND = _Lazy("island")
_STRAY_ZWJ = _Lazy("stray_zwj")
_DEFECTIVE = _Lazy("defective")


def _find_joiner(text: str, pos: int) -> int:
    """Index of the first character at or after ``pos`` that may share a cluster, or -1."""
    rough = _ROUGH_MULTI.get().search
    precise = _MAYBE_MULTI.get().match
    while (m := rough(text, pos)) is not None:
        j = m.start()
        if precise(text, j):
            return j
        pos = j + 1
    return -1


def _islands(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` outside which every code point is a cluster of its own."""
    if text.isascii() and "\r" not in text:
        return []  # in ASCII only CR LF is a cluster of two
    out: list[tuple[int, int]] = []
    pos = 0
    while (j := _find_joiner(text, pos)) >= 0:
        # A backward-attaching character belongs with the one before it; everything before
        # that is settled (see the "island" source).
        start = j - 1 if j > pos and _IS_JOIN_PREV.get().match(text, j) else j
        island = _ISLAND.get().match(text, start)
        assert island is not None  # [\s\S] always matches at start < len(text)
        out.append((start, island.end()))
        pos = island.end()
    return out


def defective_marks(text: str) -> list[int]:
    """Positions of marks with no base: a combining mark (or variation selector) at the
    very start, or after a break space, TAB, ZWSP or LINE SEPARATOR.  A terminal would put
    it on whatever happens to be drawn before it after reordering, so the layout engine gives
    it U+25CC DOTTED CIRCLE as a base, as Unicode recommends (TUS 5.13)."""
    if text.isascii() or not _IS_JOIN_PREV.get().search(text):
        return []
    out = [m.start() for m in _DEFECTIVE.get().finditer(text)]
    if "\u200c" in text:
        # A ZWNJ (kept in terminal and off modes) draws nothing wherever it lands: it needs
        # no base, unless a mark after it would take it as one.
        n = len(text)
        out = [p for p in out if text[p] != "\u200c" or (p + 1 < n and joins_previous(text[p + 1]))]
    return out


#: The widest a cluster may be.  UAX #29 never breaks a run of Prepend characters
#: (U+0600 ARABIC NUMBER SIGN, U+06DD END OF AYAH...) or of Hangul leading jamo, so a
#: "cluster" can be made as wide as one likes; no terminal draws such a run as one glyph,
#: but as one cell per character.  A wider cluster is split where a terminal starts a new
#: cell (see _cells_of), so that every unit the line breaker sees fits a row.  These cuts
#: (and one before a break space a Prepend character glued on) are the only places where
#: :func:`clusters` departs from UAX #29 (:func:`grapheme_clusters`).
WIDEST_CLUSTER = 2


def _cells_of(cluster: str) -> list[str]:
    """``cluster`` cut before each character that takes cells of its own (zero-width
    characters stay with the one before them): how a terminal draws it."""
    out: list[str] = []
    for ch in cluster:
        if out and (ch == "\u200d" or out[-1][-1] == "\u200d" or not _char_width(ch)):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _found(text: str, start: int, end: int) -> list[str]:
    """The clusters of the island ``text[start:end]``, none wider than WIDEST_CLUSTER."""
    found: list[str] = _CLUSTER.get().findall(text, start, end)
    if any(map(_too_wide, found)):
        found = [piece for c in found for piece in (_cells_of(c) if _too_wide(c) else (c,))]
    return found


# Break spaces (see layout._SPACES): a Prepend character before one (U+0600 then a space)
# makes them one cluster, and the line breaker would lose the break and the space's width.
_BREAK_SPACES = frozenset(
    " \t\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000\u200b\u2028"
)


def _too_wide(cluster: str) -> bool:
    """A cluster to cut where a terminal starts a new cell: wider than two cells, or
    glued to a break space."""
    if len(cluster) < 2:
        return False
    return cluster_width(cluster) > WIDEST_CLUSTER or not _BREAK_SPACES.isdisjoint(cluster[1:])


def joins_previous(ch: str) -> bool:
    """Does ``ch`` join the character before it (Extend, ZWJ, SpacingMark)?"""
    return _IS_JOIN_PREV.get().match(ch) is not None


def clusters(text: str) -> list[str]:
    """Split ``text`` into the clusters a terminal draws: extended grapheme clusters
    (UAX #29, Unicode 15.0, see :func:`grapheme_clusters`), except that one wider than two
    cells, or a Prepend character glued to a break space, is cut where a terminal starts
    a new cell (see WIDEST_CLUSTER)."""
    return _clusters(text, _found)


def grapheme_clusters(text: str) -> list[str]:
    """Split ``text`` into extended grapheme clusters exactly as UAX #29 (Unicode 15.0)
    says; what the conformance test checks."""
    return _clusters(text, lambda t, a, b: _CLUSTER.get().findall(t, a, b))


def _clusters(text: str, found: Callable[[str, int, int], list[str]]) -> list[str]:
    if text.isascii() and "\r" not in text:
        return list(text)
    islands = _islands(text)
    if not islands:
        return list(text)
    out: list[str] = []
    pos = 0
    for start, end in islands:
        out.extend(text[pos:start])
        out.extend(found(text, start, end))
        pos = end
    out.extend(text[pos:])
    return out


def multi_clusters(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of the clusters of ``text`` (as :func:`clusters` cuts them)
    longer than one code point.

    Most text has none, and then this costs one regex search; the reorderer and the line
    breaker only need to treat these spans specially.
    """
    out: list[tuple[int, int]] = []
    for start, end in _islands(text):
        pos = start
        for c in _found(text, start, end):
            if len(c) > 1:
                out.append((pos, pos + len(c)))
            pos += len(c)
    return out


#: At most this many zero-width characters in a row are shown (see excess_marks).
MAX_MARKS = 32


def excess_marks(text: str) -> list[int]:
    """Positions of the zero-width characters (combining marks, variation selectors,
    joiners) after the first MAX_MARKS of each unbroken run of them.

    No font stacks more than a handful of marks on a letter, and a line holding thousands
    of them is slow to measure and to crop in Rich (quadratic), which made the reader stop
    responding on "Zalgo" text; the layout engine drops these from the screen text (the
    search and copy still see the comment as written)."""
    if text.isascii():
        return []
    out: list[int] = []
    # Zero-width characters are never in narrow_set(), so a long run of them is inside a
    # long run of characters outside it: a bitmap scan in C finds those, and only their
    # characters (rare outside CJK text) are measured one by one.
    for m in _long_not_narrow().finditer(text):
        run = 0
        for i in range(m.start(), m.end()):
            if get_character_cell_size(text[i]) == 0:
                run += 1
                if run > MAX_MARKS:
                    out.append(i)
            else:
                run = 0
    return out


def marks_past_cap(marks: list[int]) -> list[int]:
    """What :func:`excess_marks` finds, for simple text whose mark positions are known
    (see :func:`simple_marks`): without a regex, and in O(1) for the usual few marks."""
    if len(marks) <= MAX_MARKS:
        return []
    out: list[int] = []
    run = 0
    prev = -2
    for p in marks:
        run = run + 1 if p == prev + 1 else 1
        if run > MAX_MARKS:
            out.append(p)
        prev = p
    return out


@lru_cache(maxsize=1)
def _long_not_narrow() -> re.Pattern[str]:
    return re.compile(f"[^{class_of(narrow_set())}]{{{MAX_MARKS + 1},}}")


@lru_cache(maxsize=16384)
def cluster_width(cluster: str) -> int:
    """Cells a single grapheme cluster occupies, as Rich/Textual will measure it on screen."""
    if "\u200d" in cluster:
        cluster = _STRAY_ZWJ.get().sub("", cluster)
    return _rich_cell_len(cluster)


def text_width(text: str) -> int:
    """Cells of ``text`` drawn as-is, assuming it has no stray ZWJ (layout output)."""
    if (text.isascii() and text.isprintable()) or narrow_set().issuperset(text):
        return len(text)
    islands = _islands(text)
    if not islands:
        # Without joiners Rich's measure is the plain per-character sum, which is right.
        return _rich_cell_len(text)
    total = 0
    pos = 0
    for start, end in islands:
        if start > pos:
            total += _rich_cell_len(text[pos:start])
        total += sum(map(cluster_width, _CLUSTER.get().findall(text, start, end)))
        pos = end
    if pos < len(text):
        total += _rich_cell_len(text[pos:])
    return total


def cell_len(text: str) -> int:
    """Terminal cells ``text`` occupies, measured per grapheme cluster.

    Unlike ``rich.cells.cell_len`` this gets U+200D right: ``cell_len("ب\u200dا") == 2``
    (a ZWJ outside an emoji sequence is zero-width and joins nothing on a terminal), while
    ``cell_len("👨\u200d👩\u200d👧") == 2``.  Control characters count 0, as in Rich.
    """
    if "\u200d" in text:
        text = _STRAY_ZWJ.get().sub("", text)
    return text_width(text)


def rich_pieces(text: str) -> list[str]:
    """``text`` cut after each ZWJ that joins no emoji (``terminal`` and ``off`` modes keep
    it, for the terminal's shaping). Rich, which Textual measures with, counts such a ZWJ
    as gluing the next character into its cell ("ب\u200dا" is 1 cell to it, 2 on a
    terminal); a ZWJ that ends a piece has nothing to glue, so each piece measures right,
    and the pieces, sent one after the other, still reach the terminal joined."""
    if "\u200d" not in text:
        return [text]
    cuts = [m.end() for m in _STRAY_ZWJ.get().finditer(text) if text[m.end() - 1] == "\u200d"]
    cuts = [c for c in cuts if c < len(text)]
    if not cuts:
        return [text]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def rich_safe(text: str) -> str:
    """``text`` without the ZWJs that join no emoji, for a line that Rich measures whole
    (a Static's text, a toast): there a ZWJ would make the line one cell longer on the
    terminal than Textual thinks, and push what follows it out of place."""
    if "\u200d" not in text:
        return text
    return _STRAY_ZWJ.get().sub("", text)


# The blocks narrow_set() looks at: the scripts this reader sees most (Latin, Greek,
# Cyrillic, Hebrew, Arabic and its presentation forms, common punctuation).
_NARROW_BLOCKS = (
    (0x20, 0x7E),
    (0xA0, 0x52F),
    (0x590, 0x5FF),
    (0x600, 0x6FF),
    (0x750, 0x77F),
    (0x2010, 0x205E),
    (0x20A0, 0x20C0),
    (0xFB1D, 0xFDFF),
    (0xFE70, 0xFEFE),
)
# The blocks of the combining marks mark_set() looks at.
_MARK_BLOCKS = ((0x300, 0x36F), (0x483, 0x489), (0x591, 0x5C7), (0x610, 0x61A), (0x64B, 0x8FF))
# The width of one character, without filling Rich's cache with a table's worth of them.
_char_width = getattr(get_character_cell_size, "__wrapped__", get_character_cell_size)


def _unusual_widths(blocks: tuple[tuple[int, int], ...]) -> dict[int, int]:
    """The code points of ``blocks`` that Rich does not count as one cell, with their
    width.  Read from Rich's width table (every code point it does not list is one cell
    wide, see ``rich.cells.get_character_cell_size``), which takes a fraction of a
    millisecond; asked character by character (a few milliseconds) if that table is not
    what we expect.  A unit test checks that the two agree."""
    out: dict[int, int] = {}
    try:
        from rich._unicode_data import load  # what rich.cells measures with

        table = load("auto").widths  # sorted, disjoint (start, end, width)
        for lo, hi in blocks:
            k = max(0, bisect_right(table, (lo, 0x110000, 0)) - 1)
            while k < len(table) and table[k][0] <= hi:
                start, end, width = table[k]
                if width != 1:
                    for cp in range(max(start, lo), min(end, hi) + 1):
                        out[cp] = width
                k += 1
        # get_character_cell_size answers 0 for C0 and C1 controls before the table.
        for lo, hi in blocks:
            for cp in range(max(lo, 1), min(hi, 0x9F) + 1):
                if cp < 0x20 or cp >= 0x7F:
                    out[cp] = 0
        return out
    except Exception:  # a Rich without that table: ask
        return {
            cp: width
            for lo, hi in blocks
            for cp in range(lo, hi + 1)
            if (width := _char_width(chr(cp))) != 1
        }


@lru_cache(maxsize=1)
def narrow_set() -> frozenset[str]:
    """Characters that are one cell wide and always a grapheme cluster of their own.

    Covers the scripts this reader sees most (see _NARROW_BLOCKS), so that a whole
    paragraph can be checked with one ``frozenset.issuperset`` call and then measured with
    ``len``.  Built on first use from the grapheme tables above (about a millisecond).
    (Hangul jamo and syllables, which also join, lie outside these blocks.)
    """
    joiners = _code_points(_EXTEND, "\\u200d", _SPACINGMARK, _PREPEND, "\\u000d", _CONTROL)
    unusual = _unusual_widths(_NARROW_BLOCKS)
    category = unicodedata.category
    out = set()
    for lo, hi in _NARROW_BLOCKS:
        for cp in range(lo, hi + 1):
            if cp in joiners or cp in unusual:
                continue
            ch = chr(cp)
            if category(ch) not in ("Cn", "Cc", "Cf", "Zl", "Zp", "Co"):
                out.add(ch)
    return frozenset(out)


@lru_cache(maxsize=1)
def mark_set() -> frozenset[str]:
    """Combining marks (Extend, Mn/Me) of the scripts of narrow_set() that are zero cells
    wide: a narrow character followed by any number of them is one cluster, one cell wide."""
    extend = _code_points(_EXTEND)
    unusual = _unusual_widths(_MARK_BLOCKS)
    category = unicodedata.category
    out = set()
    for lo, hi in _MARK_BLOCKS:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            if cp in extend and unusual.get(cp) == 0 and category(ch) in ("Mn", "Me"):
                out.add(ch)
    return frozenset(out)


def class_of(chars: frozenset[str]) -> str:
    """A regex class body (without brackets) for a set of characters, as ranges: much
    quicker to compile than the characters one by one."""

    def escape(cp: int) -> str:
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"

    cps = sorted(map(ord, chars))
    out: list[str] = []
    i = 0
    while i < len(cps):
        j = i
        while j + 1 < len(cps) and cps[j + 1] == cps[j] + 1:
            j += 1
        out.append(escape(cps[i]) if i == j else f"{escape(cps[i])}-{escape(cps[j])}")
        i = j + 1
    return "".join(out)


# Scanning for a character outside a set is several times faster with a compiled negated
# class (a bitmap, in C) than with frozenset.issuperset (a hash per character).
@lru_cache(maxsize=1)
def _not_narrow() -> re.Pattern[str]:
    return re.compile(f"[^{class_of(narrow_set())}]")


@lru_cache(maxsize=1)
def _not_simple() -> re.Pattern[str]:
    return re.compile(f"[^{class_of(narrow_set() | mark_set())}]")


@lru_cache(maxsize=1)
def _mark_re() -> re.Pattern[str]:
    return re.compile(f"[{class_of(mark_set())}]")


def is_narrow(text: str) -> bool:
    """True if every character of ``text`` is a one-cell cluster of its own.

    Then widths are lengths and cluster boundaries are code-point boundaries, which lets the
    layout engine take its fast paths.
    """
    if text.isascii():
        return text.isprintable()  # U+0020..U+007E: all narrow; TAB and controls are not
    return _not_narrow().search(text) is None


def simple_marks(text: str) -> list[int] | None:
    """If every cluster of ``text`` is a narrow character (see :func:`is_narrow`) followed by
    zero or more zero-width combining marks (:func:`mark_set`), the positions of the marks;
    otherwise None.  A mark at the start of ``text`` counts (it has no base: the caller
    checks)."""
    if text.isascii():
        return [] if text.isprintable() else None  # no marks; a TAB is not simple
    if _not_simple().search(text) is not None:
        return None
    return [m.start() for m in _mark_re().finditer(text)]
