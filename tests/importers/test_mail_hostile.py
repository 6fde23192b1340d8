"""Mail from someone who wants to mislead or stall the reader (#11.3, #11.9, #16.3, #16.5).

The decoders' big inputs are run in a child process under a hang limit (`HANG`), not
timed: each input is large enough that a quadratic decoder would run for hours, while a
linear one takes seconds, so the limit only catches the quadratic shape."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest

from threadtui.importers import load_any
from threadtui.importers.mail import load_bytes

HANG = 180.0


def _msg(headers: str, body: bytes = b"hello\n") -> bytes:
    return headers.encode() + b"\n" + body


@pytest.mark.parametrize(
    ("sender", "shown"),
    [
        ('"admin@bank.example" <e@x.example>', "admin@bank.example <e@x.example>"),
        ("admin@bank.example <e@x.example>", "admin@bank.example <e@x.example>"),
        ('"support＠bank.example" <e@x.example>', "support＠bank.example <e@x.example>"),
        ('"Ana Lima" <ana@example.org>', "Ana Lima"),
        ('"ana@example.org" <ana@example.org>', "ana@example.org"),
        ('"ANA@example.org" <ana@example.org>', "ANA@example.org"),
        ("ana@example.org", "ana@example.org"),
    ],
)
def test_a_display_name_that_looks_like_an_address_shows_the_address(
    sender: str, shown: str
) -> None:
    raw = _msg(f"From: {sender}\nSubject: s\nMessage-ID: <m@x>\n")
    assert load_bytes(raw).author == [shown]


def _run(code: str) -> str:
    r = subprocess.run(
        [sys.executable, "-"], input=code, capture_output=True, text=True, timeout=HANG
    )
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_punycode_is_not_decoded() -> None:
    """Python's punycode decoder is quadratic (400 KB: 12 s; 10 MB: hours): the charset
    is treated as unknown, with a warning, whatever its size."""
    out = _run(
        "from threadtui.importers.mail import load_bytes;"
        "raw = (b'From: a@x\\nSubject: p\\nMessage-ID: <p@x>\\n'"
        " b'Content-Type: text/plain; charset=punycode\\n\\n'"
        " b'abc-' + b'9' * (10 * 1024 * 1024));"
        "t = load_bytes(raw);"
        "print(t.body[0][:8], t.warnings)"
    )
    assert out.startswith("abc-9999") and "punycode" in out, out


def test_punycode_in_an_encoded_word_header_is_not_decoded() -> None:
    word = base64.b64encode(b"abc-" + b"9" * 300_000).decode()
    raw = _msg(f"From: a@x\nSubject: =?punycode?b?{word}?=\nMessage-ID: <p@x>\n")
    code = (
        "from threadtui.importers.mail import load_bytes;"
        f"t = load_bytes({raw!r});"
        "print(len(t.title), t.warnings)"
    )
    out = _run(code)
    assert "punycode" in out


def test_flowed_unwrapping_is_linear() -> None:
    """4,000,000 soft-broken lines (16 MB): the old unwrapping (27 s at 400,000) would
    take about 45 minutes; joined in one pass it takes seconds."""
    code = (
        "from threadtui.importers.mail import _unflow;"
        "body = 'ab \\n' * 4_000_000 + 'end';"
        "out = _unflow(body, False);"
        "assert out == 'ab ' * 4_000_000 + 'end', out[:80];"
        "q = ''.join('> x \\n' for _ in range(1_000_000)) + '> end';"
        "out = _unflow(q, False);"
        "assert out == '> ' + 'x ' * 1_000_000 + 'end', out[:80];"
        "print('ok')"
    )
    assert _run(code).strip() == "ok"


def test_flowed_unwrapping_keeps_its_meaning() -> None:
    from threadtui.importers.mail import _unflow

    body = "one \ntwo\n> q1 \n> q2\n>> deep \n>> er\n-- \nsig \nnature"
    assert _unflow(body, False) == "one two\n> q1 q2\n>> deep er\n-- \nsig nature"
    assert _unflow("al \nways", True) == "always"
    assert _unflow("a \n> b", False) == "a \n> b"


def test_punycode_in_an_rfc2231_file_name_is_not_decoded() -> None:
    raw = (
        b"From: a@x\nSubject: s\nMessage-ID: <m@x>\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nhi\n"
        b"--B\nContent-Type: application/octet-stream\n"
        b"Content-Disposition: attachment; filename*=punycode''abc-" + b"9" * 300_000 + b"\n\n"
        b"xx\n--B--\n"
    )
    out = _run(
        "from threadtui.importers.mail import load_bytes;"
        f"t = load_bytes({raw!r});"
        "print(t.body[0][:40], t.warnings)"
    )
    assert "abc-999" in out and "punycode" in out


def test_encoded_words_are_decoded_in_one_pass() -> None:
    """`email.header.decode_header` pops from the front of a list for each word
    (quadratic: 200 KB of words, 1.9 s under a profiler; 10 MB, hours)."""
    out = _run(
        "import base64; from threadtui.importers.mail import load_bytes;"
        "w = b' =?utf-8?b?' + base64.b64encode('سلام'.encode()) + b'?=';"
        "raw = b'From: a@x\\nMessage-ID: <m@x>\\nSubject:' + w * 400_000 + b'\\n\\nbody\\n';"
        "t = load_bytes(raw);"
        "print(t.title == 'سلام' * 400_000)"
    )
    assert out.strip() == "True", out


def test_encoded_words_keep_their_meaning() -> None:
    from threadtui.importers.mail import _decode_words

    assert _decode_words("=?utf-8?q?caf=C3=A9?= =?utf-8?q?_x?=", None) == "café x"
    assert _decode_words("=?utf-8?b?2LM=?=\n =?utf-8?b?2YQ=?=", None) == "سل"  # split
    assert _decode_words("=?utf-8?q?a?= b =?utf-8?q?c?=", None) == "a b c"
    assert _decode_words("=?iso-8859-1?q?caf=E9?= =?utf-8?q?=C3=A9?=", None) == "caféé"
    assert _decode_words("Re: =?utf-8*fa?b?2LPZhNin2YU=?= now", None) == "Re: سلام now"
    assert _decode_words("plain =? text", None) == "plain =? text"


def test_cross_posted_copies_are_shown_once(tmp_path: Path) -> None:
    """The same Message-ID in cur/ and new/ (or twice in an mbox): one comment, the
    first copy in reading order, and a warning counting the others (#16.3)."""
    box = tmp_path / "box"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    first = _msg("From: a@x\nSubject: [list-a] s\nMessage-ID: <same@x>\n", b"one\n")
    copy = _msg("From: a@x\nSubject: [list-b] s\nMessage-ID: <same@x>\n", b"one\n-- list b\n")
    reply = _msg("From: b@x\nSubject: Re: s\nMessage-ID: <r@x>\nIn-Reply-To: <same@x>\n")
    (box / "cur" / "1:2,S").write_bytes(first)
    (box / "cur" / "2:2,S").write_bytes(reply)
    (box / "new" / "3").write_bytes(copy)
    (box / "new" / "4").write_bytes(first)
    t = load_any(box)
    assert t.ids == ["same@x", "r@x"]
    assert t.body[0] == "one"
    assert any("2 copies" in w and "Message-ID" in w for w in t.warnings), t.warnings
    assert len(t.warnings) == 1
