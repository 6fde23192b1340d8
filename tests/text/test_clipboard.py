"""What the clipboard gets and how config strings are shown (#11.9)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from threadtui.text import clipboard_text, printable


def test_clipboard_text_drops_controls_keeps_text() -> None:
    assert clipboard_text("a\x1b[201~b") == "a[201~b"
    assert clipboard_text("one\r\ntwo\rthree\n\tfour") == "one\ntwothree\n\tfour"
    assert clipboard_text("x\x9b31m\x7f\x00y") == "x31my"
    assert clipboard_text("نام\u200cها \u202ebidi\u202c") == "نام\u200cها \u202ebidi\u202c"
    assert clipboard_text("lone \ud800 surrogate") == "lone \ufffd surrogate"


@given(st.text())
def test_clipboard_text_is_encodable_and_control_free(text: str) -> None:
    out = clipboard_text(text)
    out.encode("utf-8")
    assert not any((ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in out)


def test_printable_shows_controls_as_content_does() -> None:
    assert printable("\x1b[2J") == "␛[2J"
    assert printable("a\tb\nc") == "a␉b␊c"
    assert printable("\x9b") == "\\x9b"
    assert printable("\u202eevil\u2066") == "evil"


@given(st.text())
def test_printable_never_holds_a_control(text: str) -> None:
    out = printable(text)
    assert not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in out
    )
    assert not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in out)
