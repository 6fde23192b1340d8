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


_STRAY = b"From: x@example.org\nSubject: stray\nMessage-ID: <stray@example.org>\n\nnot in cur/\n"


def test_a_maildir_says_which_folders_and_loose_messages_it_does_not_read(
    tmp_path: Path,
) -> None:
    """#16.7: a Maildir's sub-folders (Maildir++ ``.Sent``, a notmuch-style tree's
    ``lists/rust``) and loose messages beside cur/ were skipped without a word. They are
    still not read (each folder is a mailbox of its own), but a warning names them; the
    server's own files (dovecot-uidlist, a .notmuch database) are not mail and go unsaid."""
    box = _maildir(tmp_path)
    for sub in (".Sent", "lists/rust"):
        for d in ("cur", "new", "tmp"):
            (box / sub / d).mkdir(parents=True)
        (box / sub / "cur" / "1.host:2,S").write_bytes(_STRAY)
    (box / "stray.eml").write_bytes(_STRAY)
    (box / "dovecot-uidlist").write_bytes(b"3 V1709 N2\n")
    (box / ".notmuch" / "xapian").mkdir(parents=True)
    t = load_any(box)
    assert shape(t) == TREE
    folders = [w for w in t.warnings if "sub-folder" in w]
    assert len(folders) == 1 and ".Sent/" in folders[0] and "lists/" in folders[0], t.warnings
    loose = [w for w in t.warnings if "stray.eml" in w]
    assert len(loose) == 1, t.warnings
    assert not [w for w in t.warnings if "dovecot" in w or ".notmuch" in w]
    assert not load_any(_maildir(tmp_path / "clean")).warnings


def test_a_reference_that_is_no_message_id_threads_nothing(tmp_path: Path) -> None:
    """#16.7: git-send-email asks "Message-ID to be used as In-Reply-To?" and writes the
    answer, so ``In-Reply-To: <yes>`` is real output; a msg-id has an "@" (RFC 5322
    3.6.4), and one without it glued every patch under one placeholder."""
    mbox = b""
    for i in range(3):
        mbox += (
            f"From dev@example.org Mon Jan  1 10:00:00 2024\nFrom: dev@example.org\n"
            f"Subject: [PATCH] change {i}\nMessage-ID: <p{i}@example.org>\n"
            f"In-Reply-To: <yes>\nReferences: <yes>\n"
            f"Date: Mon, 1 Jan 2024 10:0{i}:00 +0000\n\npatch {i}\n\n"
        ).encode()
    p = tmp_path / "patches.mbox"
    p.write_bytes(mbox)
    t = load_any(p)
    assert shape(t) == [(f"p{i}@example.org", None) for i in range(3)]
    assert not any(t.deleted)


def test_what_lies_beside_cur_is_looked_at_without_following_or_blocking(
    tmp_path: Path,
) -> None:
    """The root of a stranger's Maildir may hold a FIFO (opening it would wait for a
    writer), links to folders and to messages elsewhere: none is opened or followed, and
    none is named as a folder or a message not read."""
    import os

    box = _maildir(tmp_path)
    outside = tmp_path / "outside"
    for d in ("cur", "new"):
        (outside / d).mkdir(parents=True)
    (tmp_path / "elsewhere.eml").write_bytes(_STRAY)
    os.mkfifo(box / "pipe")
    (box / "linked").symlink_to(outside)
    (box / ".linked").symlink_to(outside)
    (box / "link.eml").symlink_to(tmp_path / "elsewhere.eml")
    t = load_any(box)
    assert shape(t) == TREE
    assert t.warnings == []


def test_a_warning_naming_entries_stays_one_line(tmp_path: Path) -> None:
    """A file may be named with a carriage return or an escape; the warnings that name
    Maildir entries show them as escapes (found by the fuzz target of the Maildir root)."""
    box = _maildir(tmp_path)
    (box / "cur" / "x\r\x1b[2Jy").symlink_to(box / "cur")
    (box / "z\nw").write_bytes(_STRAY)
    t = load_any(box)
    assert len(t.warnings) == 2, t.warnings
    for w in t.warnings:
        assert not any(c in w for c in "\r\n\x1b"), w
    assert any("x\\r\\x1b[2Jy" in w for w in t.warnings) and any("z\\nw" in w for w in t.warnings)


def test_joining_by_subject_is_linear_in_the_roots(monkeypatch: pytest.MonkeyPatch) -> None:
    """Roots "Re: S<i>" then their originals "S<i>": each original takes its reply's place
    among the roots. Finding that place by scanning the list compared boxes i times for
    the i-th (quadratic); counted here through the boxes' comparisons, not timed."""
    from threadtui.importers import mail

    compared = 0

    def counting_eq(self: object, other: object) -> bool:
        nonlocal compared
        compared += 1
        return self is other

    monkeypatch.setattr(mail._Box, "__eq__", counting_eq)
    n = 300

    def root(i: int, subject: str) -> mail._Box:
        msg = mail._Msg(i, f"<{i}@x>", [], subject, "a", None, None, None, "")
        return mail._Box(msg.mid, msg)

    roots = [root(i, f"Re: S{i}") for i in range(n)] + [root(n + i, f"S{i}") for i in range(n)]
    merged = mail._join_by_subject(roots)
    assert [box.msg.subject for box in merged if box.msg] == [f"S{i}" for i in range(n)]
    assert all(box.children[0].msg.subject == f"Re: S{i}" for i, box in enumerate(merged))
    assert compared <= n
