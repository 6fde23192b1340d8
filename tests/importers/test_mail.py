"""Mail: mbox, Maildir and .eml, threaded by Message-ID / In-Reply-To / References."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from threadtui.importers import load_any
from threadtui.importers.mail import split_mbox
from threadtui.model.jsonio import ThreadLoadError

from .helpers import FIXTURES, row, shape

TREE = [
    ("fa-1@example.ir", None),
    ("ar-2@example.eg", "fa-1@example.ir"),
    ("lee-3@example.com", "ar-2@example.eg"),
    ("lee-8@example.com", "ar-2@example.eg"),
    ("reza-4@example.ir", "fa-1@example.ir"),
    ("old-7@example.net", "fa-1@example.ir"),
    ("notes-0@example.org", None),
    ("notes-5@example.org", "notes-0@example.org"),
    ("notes-6@example.org", "notes-0@example.org"),
]
# windows-1256 has no Farsi Yeh: Persian written in it uses the Arabic one (U+064A)
SUBJECT_1256 = "درباره‌ي نمايش متن فارسي در ترمينال"


def test_mbox_threads() -> None:
    t = load_any(FIXTURES / "mail.mbox")
    assert shape(t) == TREE
    assert t.title == f"{SUBJECT_1256} — and 1 other thread"
    assert t.source is not None and "8 messages in 2 threads" in t.source
    assert t.author == [
        "سارا احمدي",
        "كريم",
        "Lee Chen",
        "Lee Chen",
        "reza@example.ir",
        "Old Client",
        None,
        "Ana",
        "Bo",
    ]
    assert t.warnings == []


def test_windows_1256_quoted_printable_with_rfc2047_subject() -> None:
    t = load_any(FIXTURES / "mail.mbox")
    first = row(t, "fa-1@example.ir")
    assert first["title_"] == SUBJECT_1256
    assert first["body"] == (
        "سلام به همه،\n\nآيا ترمينالي هست که حروف فارسي را درست به هم بچسباند؟\n"
        "From my tests, most do not.\n\n-- \nسارا"
    )
    assert first["posted"] == datetime(2024, 3, 4, 12, 30, tzinfo=timezone(timedelta(hours=3.5)))
    assert first["posted_text"] == "Mon, 4 Mar 2024 12:30:00 +0330"
    assert first["url_"] == "https://lists.example.org/archive/rtl/2024-03/msg00001.html"


def test_iso_8859_6_base64_reply_keeps_quotes() -> None:
    t = load_any(FIXTURES / "mail.mbox")
    reply = row(t, "ar-2@example.eg")
    assert reply["body"] == "> سؤال جيد\n\nنعم، جرب mlterm. يعمل جيدا مع العربية."
    assert reply["title_"] is None  # same subject as its parent: not repeated
    assert reply["author"] == "كريم"


def test_flowed_html_only_and_attachment() -> None:
    t = load_any(FIXTURES / "mail.mbox")
    assert row(t, "lee-3@example.com")["body"] == (
        "> نعم، جرب mlterm.\n\nThanks Karim. I tried it and the shaping is right, but the cursor"
        " moves the wrong way in long lines.\nFrom the docs this is expected."
    )
    assert row(t, "lee-3@example.com")["posted"] == datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    assert row(t, "reza-4@example.ir")["body"] == (
        "من از WezTerm استفاده می‌کنم:\n\n> آیا ترمینالی هست\n\n- پشتیبانی از شکل‌دهی\n"
        "- فونت Vazirmatn\n\nراهنما: WezTerm docs (https://wezfurlong.org/wezterm/)"
    )
    assert row(t, "lee-8@example.com")["body"] == (
        "Log attached.\n\n[attachment: گزارش.pdf (application/pdf)]"
    )


def test_missing_parent_and_subject_fallback() -> None:
    t = load_any(FIXTURES / "mail.mbox")
    holder = row(t, "notes-0@example.org")
    assert holder["deleted"] and holder["body"] == "[message not in this file]"
    # no In-Reply-To or References: joined to the thread by its "RE:" subject
    assert row(t, "old-7@example.net")["body"] == "من هم همين مشکل را دارم."


def test_single_message_in_iso_8859_6() -> None:
    t = load_any(FIXTURES / "arabic.eml")
    assert t.title == "عرض النص العربي"
    assert shape(t) == [("noor-1@example.sa", None)]
    m = row(t, "noor-1@example.sa")
    assert m["author"] == "نور"
    assert m["body"] == "مرحبا بالجميع،\n\nهذا اختبار لعرض النص العربي."
    assert m["posted"] == datetime(2024, 3, 6, 10, 0, tzinfo=timezone(timedelta(hours=3)))


def _maildir(tmp_path: Path) -> Path:
    box = tmp_path / "Mail" / "rtl"
    for sub in ("cur", "new", "tmp"):
        (box / sub).mkdir(parents=True)
    messages = split_mbox((FIXTURES / "mail.mbox").read_bytes())
    for k, raw in enumerate(messages):
        sub = "new" if k % 3 == 0 else "cur"
        suffix = "" if sub == "new" else ":2,S"
        (box / sub / f"17095{k:05d}.M{k}P1.host{suffix}").write_bytes(raw)
    return box


def test_maildir_directory(tmp_path: Path) -> None:
    box = _maildir(tmp_path)
    t = load_any(box)
    assert shape(t) == TREE
    assert t.source is not None and t.source.startswith("Maildir")
    assert load_any(box, fmt="maildir").body == t.body


def test_directory_that_is_not_a_maildir(tmp_path: Path) -> None:
    with pytest.raises(ThreadLoadError, match="not a thread file or a Maildir"):
        load_any(tmp_path)
    box = _maildir(tmp_path)
    with pytest.raises(ThreadLoadError, match="is a directory"):
        load_any(box, fmt="reddit")


def test_detection_ignores_the_file_name(tmp_path: Path) -> None:
    p = tmp_path / "thread.json"
    p.write_bytes((FIXTURES / "arabic.eml").read_bytes())
    assert load_any(p).title == "عرض النص العربي"


def test_unknown_charset_and_8bit_headers_fall_back() -> None:
    from threadtui.importers.mail import load_bytes

    raw = (
        b"From: \xd3\xc7\xd1\xc7 <s@example.ir>\n"
        b"Subject: =?x-unknown?Q?abc?= \xd3\xe1\xc7\xe3\n"
        b"Message-ID: <m1@x>\n"
        b"Content-Type: text/plain; charset=windows-1256\n\n"
        b"\xd3\xe1\xc7\xe3\n"
    )
    t = load_bytes(raw, name="m.eml")
    assert t.author == ["سارا"]
    assert t.body == ["سلام"]
    assert t.title.endswith("سلام")
