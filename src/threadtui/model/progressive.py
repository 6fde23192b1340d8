"""A first screenful of a large thread before the whole file is parsed.

`json.loads` of a 60 MB thread takes over a second, and nothing can be shown until it
returns. So the reader first parses only the head of the file: the top-level keys it holds
and as many complete top-level comments (with their replies) as fit in the first megabyte,
decoded with `raw_decode` one value at a time. That partial thread is shown at once; the
full load runs in the background and replaces it when done.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import zlib
from pathlib import Path
from typing import Any

from threadtui.model import files
from threadtui.model.builder import BIDI_CONTROLS
from threadtui.model.jsonio import ThreadLoadError
from threadtui.model.loader import _BIDI_ESCAPE, _SURROGATE_ESCAPE, thread_from_json
from threadtui.model.thread import Thread

PARTIAL_THRESHOLD = 4 * 1024 * 1024  # smaller files load in full before the first screen
PREFIX_BYTES = 1024 * 1024

_decoder = json.JSONDecoder()
_WS = " \t\r\n"


def worth_partial(path: str | Path) -> bool:
    try:
        fd, st = files.open_regular(path)
    except OSError:
        return False
    try:
        if st.st_size >= PARTIAL_THRESHOLD:
            return True
        # Compressed exports are small on disk and large in memory.
        return os.read(fd, 2) == b"\x1f\x8b" and st.st_size >= PARTIAL_THRESHOLD // 10
    finally:
        os.close(fd)


def read_prefix(path: str | Path, size: int = PREFIX_BYTES) -> bytes:
    fd, _ = files.open_regular(path)
    with open(fd, "rb") as f:
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


def load_streaming(path: str | Path, *, max_bytes: int | None) -> Thread | None:
    """Load the whole thread while letting other threads run (the reader's UI thread).

    `json.loads` of a 60 MB file holds the interpreter for half a second in one C call;
    decoding in slices and parsing one top-level comment at a time gives the UI thread a
    turn between slices, so keys keep working while a big thread loads. Returns None when
    the file is not plain UTF-8 threadtui/1 JSON of the usual shape; the caller then loads
    it the ordinary way (which also words any error precisely)."""
    from threadtui.model.jsonio import read_bytes

    data = read_bytes(path, max_bytes)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    decoder = codecs.getincrementaldecoder("utf-8")()
    parts: list[str] = []
    step = 1 << 20
    try:
        for k in range(0, len(data), step):
            parts.append(decoder.decode(data[k : k + step], final=k + step >= len(data)))
    except UnicodeDecodeError:
        return None
    del data
    text = "".join(parts)
    del parts
    doc = _partial_doc(text, complete=True)
    if doc is None:
        return None
    surrogates = _SURROGATE_ESCAPE.search(text) is not None
    bidi = BIDI_CONTROLS.search(text) is not None or _BIDI_ESCAPE.search(text) is not None
    del text
    return thread_from_json(doc, name=str(path), surrogates=surrogates, bidi=bidi)


def _skip(text: str, pos: int) -> int:
    n = len(text)
    while pos < n and text[pos] in _WS:
        pos += 1
    return pos


class _Broken(Exception):
    """The text is not the start of a threadtui document: no result at all."""


class _Cut(Exception):
    """The text stops here: what was read so far (or nothing, when it must be whole)."""


def _partial_doc(text: str, *, complete: bool = False) -> dict[str, Any] | None:
    """The document's top-level keys and its comments, one `raw_decode` per value. With
    ``complete``, anything short of a whole, well-formed object gives None."""
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        return None
    doc: dict[str, Any] = {}
    try:
        _read_members(text, pos + 1, doc, complete)
    except _Broken:
        return None
    except (_Cut, ValueError, RecursionError):
        # The prefix ends inside a value (or nests deeper than raw_decode goes): stop here.
        return None if complete else doc
    return doc


def _read_members(text: str, pos: int, doc: dict[str, Any], complete: bool) -> None:
    """The top-level members from ``pos`` into ``doc``, up to the closing brace."""
    n = len(text)
    while True:
        pos = _skip(text, pos)
        if pos >= n or text[pos] == "}":
            if complete and (pos >= n or _skip(text, pos + 1) != n):
                raise _Broken
            return
        key, pos = _decoder.raw_decode(text, pos)
        if not isinstance(key, str):
            raise _Broken
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise _Cut
        pos = _skip(text, pos + 1)
        if key == "comments" and text.startswith("[", pos):
            comments: list[Any] = []
            doc["comments"] = comments
            pos = _read_comments(text, pos + 1, comments, complete)
        else:
            value, pos = _decoder.raw_decode(text, pos)
            if _skip(text, pos) >= n:  # a number at the very end may be cut short: -1|0
                raise _Cut
            doc[key] = value
        pos = _past_comma(text, pos, "}", complete)


def _read_comments(text: str, pos: int, comments: list[Any], complete: bool) -> int:
    """The comments array's values from ``pos``; the position after its bracket."""
    n = len(text)
    while True:
        pos = _skip(text, pos)
        if pos >= n:
            raise _Cut
        if text[pos] == "]":
            return pos + 1
        value, pos = _decoder.raw_decode(text, pos)
        if _skip(text, pos) >= n:  # (as for the members)
            raise _Cut
        comments.append(value)
        pos = _past_comma(text, pos, "]", complete)


def _past_comma(text: str, pos: int, closing: str, complete: bool) -> int:
    """Past the comma after a value; else at what follows it, which when the text must
    be whole has to be the container's closing bracket."""
    pos = _skip(text, pos)
    if text.startswith(",", pos):
        return pos + 1
    if complete and not text.startswith(closing, pos):
        raise _Broken
    return pos
