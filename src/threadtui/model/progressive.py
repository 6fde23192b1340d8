"""A first screenful of a large thread before the whole file is parsed.

`json.loads` of a 60 MB thread takes over a second, and nothing can be shown until it
returns. So the reader first parses only the head of the file: the top-level keys it holds
and as many complete top-level comments (with their replies) as fit in the first megabyte,
decoded with `raw_decode` one value at a time. That partial thread is shown at once; the
full load runs in the background and replaces it when done.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Any

from threadtui.model.jsonio import ThreadLoadError
from threadtui.model.loader import thread_from_json
from threadtui.model.thread import Thread

PARTIAL_THRESHOLD = 4 * 1024 * 1024  # smaller files load in full before the first screen
PREFIX_BYTES = 1024 * 1024

_decoder = json.JSONDecoder()
_WS = " \t\r\n"


def worth_partial(path: str | Path) -> bool:
    try:
        st = os.stat(path)
    except OSError:
        return False
    if not os.path.isfile(path):
        return False
    if st.st_size >= PARTIAL_THRESHOLD:
        return True
    # Compressed exports are small on disk and large in memory.
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b" and st.st_size >= PARTIAL_THRESHOLD // 10


def read_prefix(path: str | Path, size: int = PREFIX_BYTES) -> bytes:
    with open(path, "rb") as f:
        head = f.read(2)
        f.seek(0)
        if head == b"\x1f\x8b":
            try:
                with gzip.GzipFile(fileobj=f) as g:
                    return g.read(size)
            except (OSError, EOFError, zlib.error):
                return b""
        return f.read(size)


def partial_thread(path: str | Path, size: int = PREFIX_BYTES) -> Thread | None:
    """The thread as far as the file's first ``size`` bytes go, or None when the head
    holds nothing useful (or is not plain UTF-8 JSON). Never raises for bad input: the
    full load reports problems."""
    try:
        data = read_prefix(path, size)
    except OSError:
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    # The cut may split a UTF-8 sequence; drop the incomplete tail only.
    text = data.decode("utf-8", errors="ignore") if data else ""
    doc = _partial_doc(text)
    if doc is None or not doc.get("comments"):
        return None
    try:
        return thread_from_json(doc, name=str(path))
    except (ThreadLoadError, RecursionError):
        return None


def _skip(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in _WS:
        pos += 1
    return pos


def _partial_doc(text: str) -> dict[str, Any] | None:
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        return None
    doc: dict[str, Any] = {}
    pos += 1
    n = len(text)
    try:
        while True:
            pos = _skip(text, pos)
            if pos >= n or text[pos] == "}":
                return doc
            key, pos = _decoder.raw_decode(text, pos)
            if not isinstance(key, str):
                return None
            pos = _skip(text, pos)
            if not text.startswith(":", pos):
                return doc
            pos = _skip(text, pos + 1)
            if key == "comments" and text.startswith("[", pos):
                comments: list[Any] = []
                doc["comments"] = comments
                pos += 1
                while True:
                    pos = _skip(text, pos)
                    if pos >= n or text[pos] == "]":
                        return doc
                    value, pos = _decoder.raw_decode(text, pos)
                    comments.append(value)
                    pos = _skip(text, pos)
                    if text.startswith(",", pos):
                        pos += 1
            value, pos = _decoder.raw_decode(text, pos)
            doc[key] = value
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
    except (ValueError, RecursionError):
        # The prefix ends inside a value (or nests deeper than raw_decode goes): stop here.
        return doc
