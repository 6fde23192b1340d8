"""Fuzzing the loader: any bytes, any JSON, one outcome.

Loading never raises anything but ThreadLoadError (one line, naming the file), and what it
returns is a well-formed Thread: depth-first, unique ids, no lone surrogates, few and
one-line warnings. For well-typed documents nothing is lost: every comment in the file is
in the thread exactly once, with its body.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given

from threadtui.importers import load_any
from threadtui.model import ThreadLoadError, load_thread, load_thread_text

from ..hostile.invariants import check_error_line, check_thread
from .strategies import documents, file_bytes, fuzz, good_documents

# Large explicit examples make Hypothesis warn about the size of their repr; harmless.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

_TMP = Path(tempfile.mkdtemp(prefix="threadtui-fuzz-"))
_LONE = re.compile("[\ud800-\udfff]")


def _load_file(data: bytes, loader: Any) -> None:
    path = _TMP / "thread.json"
    path.write_bytes(data)
    try:
        thread = loader(path)
    except ThreadLoadError as e:
        check_error_line(str(e), str(path))
        return
    check_thread(thread)


@fuzz("bytes")
@given(file_bytes())
@example(b"")
@example(b"\x1f\x8b")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe\x00")
@example(b'{"title": "t", "comments": [' * 3)
@example(b'{"format": ' + b"[" * 5000 + b"]" * 5000 + b', "title": "t"}')
@example(b'{"title": "t", "comments": [{"body": "x", "score": ' + b"9" * 5000 + b"}]}")
def test_any_bytes_load_or_fail_in_one_line(data: bytes) -> None:
    _load_file(data, load_thread)
    _load_file(data, load_any)


@fuzz("documents")
@given(documents)
def test_any_json_document_loads_or_fails_in_one_line(doc: Any) -> None:
    text = json.dumps(doc)
    try:
        thread = load_thread_text(text, name="doc.json")
    except ThreadLoadError as e:
        check_error_line(str(e), "doc.json")
        return
    check_thread(thread)


def _walk(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    stack = list(reversed(comments))
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(reversed(c.get("replies") or []))
    return out


def _fix(s: str) -> str:
    # json.dumps writes two adjacent lone halves as "\ud800\udfff", which JSON reads back
    # as one astral character: pair them as it does, then replace the halves left alone.
    s = s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return _LONE.sub("\ufffd", s)


@fuzz("lost")
@given(good_documents)
def test_nothing_is_lost(doc: dict[str, Any]) -> None:
    """Every comment of a well-typed file is in the thread once, with its text."""
    thread = load_thread_text(json.dumps(doc))
    check_thread(thread)
    given_comments = _walk(doc["comments"])
    assert len(thread) == len(given_comments)
    assert Counter(thread.body) == Counter(_fix(c["body"]) for c in given_comments)
    assert Counter(a for a in thread.author if a is not None) == Counter(
        _fix(c["author"]) for c in given_comments if c.get("author") is not None
    )
    assert thread.title == _fix(doc["title"])
