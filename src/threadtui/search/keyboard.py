"""Keyboard-layout retry: a query typed with the wrong layout active (``sghl`` for
``سلام``), mapped to what the same keys give on the other layout (ISIRI 9147)."""

from __future__ import annotations

from typing import Final

from threadtui.text.fold import ARABIC_LETTERS

#: ISIRI 9147 (Persian standard keyboard), after vim's runtime/keymap/persian-iranian_utf-8.vim:
#: the character each ASCII key produces.
# fmt: off
KEYBOARD_FA: Final[dict[str, str]] = {
    **dict(zip("1234567890", "۱۲۳۴۵۶۷۸۹۰", strict=True)),
    **dict(zip("qwertyuiop[]", "ضصثقفغعهخحجچ", strict=True)),
    **dict(zip("asdfghjkl;'", "شسیبلاتنمکگ", strict=True)),
    **dict(zip("zxcvbnm,", "ظطزرذدپو", strict=True)),
    "~": "÷", "@": "٬", "#": "٫", "$": "﷼", "%": "٪", "^": "×", "&": "،",
    "(": ")", ")": "(", "_": "ـ",
    "Q": "\u0652", "W": "\u064c", "E": "\u064d", "R": "\u064b", "T": "\u064f",
    "Y": "\u0650", "U": "\u064e", "I": "\u0651", "O": "]", "P": "[", "{": "}", "}": "{",
    "A": "ؤ", "S": "ئ", "D": "ي", "F": "إ", "G": "أ", "H": "آ", "J": "ة", "K": "»", "L": "«",
    '"': "؛", "Z": "ك", "X": "\u0653", "C": "ژ", "V": "\u0670", "B": "\u200c", "N": "\u0654",
    "M": "ء", "<": ">", ">": "<", "?": "؟",
}
# fmt: on
_NOT_BACK: Final = frozenset("\u200c")
_KEYBOARD_BACK: Final[dict[str, str]] = {}
for _key, _char in KEYBOARD_FA.items():
    if _char in _NOT_BACK:
        continue
    # Prefer the unshifted key when two keys give the same character.
    if _char not in _KEYBOARD_BACK or _KEYBOARD_BACK[_char].isupper():
        _KEYBOARD_BACK[_char] = _key
_KEYBOARD_BACK.update({"ي": "d", "ك": ";", " ": " "})  # older layouts: the same keys
del _key, _char


def keyboard_to_persian(text: str) -> str | None:
    """``sghl`` → ``سلام``: the text as if typed with the Persian layout active; ``None``
    when ``text`` is not plain ASCII with at least one letter."""
    if not text.isascii() or not any(ch.isalpha() for ch in text):
        return None
    return "".join(KEYBOARD_FA.get(ch, ch) for ch in text)


def keyboard_to_ascii(text: str) -> str | None:
    """``اثممخ`` → ``hello``: the reverse; ``None`` unless every non-space character of
    ``text`` is on the Persian layout and at least one is an Arabic-script letter."""
    if not any(ch in ARABIC_LETTERS for ch in text):
        return None
    out: list[str] = []
    for ch in text:
        if ch in "\u200c\u200d":  # a half space is no key of an ASCII word
            continue
        key = _KEYBOARD_BACK.get(ch)
        if key is None:
            if ch.isspace() or ch.isdigit():
                out.append(ch)
                continue
            return None
        out.append(key)
    return "".join(out)
