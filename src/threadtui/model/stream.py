"""A thread file read as a stream of slices, for `threadtui render`.

Rendering needs each comment once, in reading order, and never the whole thread at once:
`stream_thread` parses the head of the file (the keys before ``"comments"``), then the
top-level comments one `raw_decode` at a time from text decoded a piece at a time, and
hands out slices of about `SLICE` comments, each validated through the format's models
and built into a small `Thread` of its own (`ThreadStream.slices`). Memory is the file's
bytes plus one slice, whatever the thread's size, and the first comment is out as soon as
the first slice is parsed.

It only streams the usual file: UTF-8, the title before the comments, nesting rather than
``parent`` ids (which may point anywhere in the file, so reading order needs the whole
thread). For anything else `stream_thread` returns None and the caller loads the thread
whole. A problem found in a later slice raises `ThreadLoadError` then, after the earlier
comments were handed out: a stream cannot take back what it gave.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from threadtui.model.builder import BIDI_CONTROLS
from threadtui.model.jsonio import DEFAULT_MAX_BYTES, ThreadLoadError, read_bytes, separators
from threadtui.model.loader import _BIDI_ESCAPE, _SURROGATE_ESCAPE, thread_from_json
from threadtui.model.thread import Thread

SLICE = 512
"""Top-level comments per slice at most (each with its replies)."""

SLICE_CHARS = 1 << 17
"""Characters of text per slice at most (a few hundred comments), unless one top-level
comment is longer: a reader that stops reading (``render | head``) is noticed soon."""

HEAD_BYTES = 1 << 20
"""The head is parsed from this much of the file, before the rest is read."""

_PIECE = 1 << 22  # bytes decoded at a time
_decoder = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


@dataclass
class ThreadStream:
    """The head of a thread (its title, article, ...: no comments) and its comments as
    slices. ``total`` and the thread-level ``more`` are known once the slices are done."""

    head: Thread
    _slices: Iterator[Thread]
    total: int = 0
    gone: int = 0  # placeholders (deleted comments) among them
    more_top: int = 0
    warnings: list[str] = field(default_factory=list)

    def slices(self) -> Iterator[Thread]:
        for part in self._slices:
            self.total += len(part)
            self.gone += sum(part.deleted)
            yield part


class _NotStreamable(Exception):
    pass


class _Text:
    """The file's text, decoded a piece at a time as the parse reaches it."""

    def __init__(self, data: bytes, *, whole: bool = True) -> None:
        self.data = data
        self.whole = whole  # False: a prefix of the file, which may end inside a character
        self.done = 0  # bytes decoded
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.text = ""
        self.base = 0  # characters dropped from the front of `text`

    def more(self) -> bool:
        if self.done >= len(self.data):
            return False
        piece = self.data[self.done : self.done + _PIECE]
        self.done += len(piece)
        try:
            final = self.whole and self.done >= len(self.data)
            self.text += self.decoder.decode(piece, final=final)
        except UnicodeDecodeError:
            raise _NotStreamable from None
        return True

    def drop_before(self, pos: int) -> int:
        """Forget the text before ``pos`` (an index into `text`); returns the new index."""
        if pos > _PIECE:
            self.text = self.text[pos:]
            self.base += pos
            return 0
        return pos

    def value(self, pos: int) -> tuple[Any, int]:
        """One JSON value at ``pos``, decoding more text until it is complete: twice as
        much each time, so that a value of any length is parsed O(log n) times."""
        pieces = 1
        while True:
            try:
                return _decoder.raw_decode(self.text, pos)
            except json.JSONDecodeError as e:
                # Cut off by the end of the decoded text, or a real error (the whole
                # load then words it with its line and column).
                grew = False
                for _ in range(pieces):
                    grew = self.more() or grew
                if not grew:
                    raise _NotStreamable from e
                pieces *= 2
            except RecursionError:
                raise NeedsWhole from None

    def skip(self, pos: int) -> int:
        while True:
            end = _WS.match(self.text, pos).end()  # type: ignore[union-attr]
            if end < len(self.text) or not self.more():
                return end

    def char(self, pos: int) -> str:
        while pos >= len(self.text):
            if not self.more():
                return ""
        return self.text[pos]


def stream_thread(
    path: str | Path, *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> ThreadStream | None:
    """The thread file as a stream, or None when it is not one to stream (see the module
    docstring); reading errors raise `ThreadLoadError` as the loader's do."""
    from threadtui.model.progressive import read_prefix

    name = str(path)
    try:
        prefix = _unmarked(read_prefix(path, HEAD_BYTES))
    except OSError:
        return None
    if b"\x00" in prefix[:4]:
        return None  # UTF-16 or UTF-32
    # The head from the file's first megabyte, so that the first lines are out before
    # the rest is read; the rest is then decoded from the start again, the same text.
    first = _Text(prefix, whole=False)
    try:
        head, pos = _head(first, name)
    except _NotStreamable:
        return None
    if head is None:
        return None
    stream = ThreadStream(head=head, _slices=iter(()))
    stream._slices = _rest(path, max_bytes, pos, name, stream)
    return stream


def _unmarked(data: bytes) -> bytes:
    return data[3:] if data.startswith(b"\xef\xbb\xbf") else data


class NeedsWhole(Exception):
    """Raised by `ThreadStream.slices` when the comments cannot be streamed after all:
    they name their parents by id (reading order then needs the whole thread), or nest
    deeper than the one-value parser goes. The caller loads the thread whole; its head
    was the same."""


def _rest(
    path: str | Path, max_bytes: int | None, pos: int, name: str, stream: ThreadStream
) -> Iterator[Thread]:
    data = _unmarked(read_bytes(path, max_bytes))
    if b'"parent"' in data:  # only a key or a whole string can hold it (quotes are escaped)
        raise NeedsWhole
    yield from _slices(_Text(data), pos, name, stream)


def _head(text: _Text, name: str) -> tuple[Thread | None, int]:
    """The head's keys up to ``"comments"`` and the position of its first comment; None
    when the title does not come before the comments."""
    pos = text.skip(0)
    if text.char(pos) != "{":
        return None, pos
    doc: dict[str, Any] = {}
    pos += 1
    while True:
        pos = text.skip(pos)
        if text.char(pos) == "}":
            return None, pos  # no comments: nothing to stream
        key, pos = text.value(pos)
        pos = text.skip(pos)
        if not isinstance(key, str) or text.char(pos) != ":":
            return None, pos
        pos = text.skip(pos + 1)
        if key == "comments":
            if "title" not in doc or text.char(pos) != "[":
                return None, pos
            doc["comments"] = []
            return thread_from_json(doc, name=name), pos + 1
        if key in doc:
            return None, pos  # a repeated key: the whole load names it
        doc[key], pos = text.value(pos)
        pos = text.skip(pos)
        if text.char(pos) == ",":
            pos += 1


def _slices(text: _Text, pos: int, name: str, stream: ThreadStream) -> Iterator[Thread]:
    first = 0  # index of the slice's first top-level comment in "comments"
    while True:
        batch: list[Any] = []
        pos = text.skip(pos)
        start = end = pos
        while len(batch) < SLICE and pos - start < SLICE_CHARS and text.char(pos) not in ("]", ""):
            try:
                value, pos = text.value(pos)
            except _NotStreamable:
                raise ThreadLoadError(
                    f"{name}: comments[{first + len(batch)}]: not valid JSON"
                    f" (`threadtui validate {name}` says where)"
                ) from None
            batch.append(value)
            end = pos
            pos = text.skip(pos)
            if text.char(pos) == ",":
                pos = text.skip(pos + 1)
            elif text.char(pos) != "]":
                raise ThreadLoadError(f"{name}: comments: not valid JSON after comment")
        if batch:
            yield _slice(text.text[start:end], batch, name, first)
            first += len(batch)
            pos = text.drop_before(pos)
        if text.char(pos) in ("]", ""):
            _tail(text, pos + 1, name, stream)
            return


def _slice(raw: str, batch: list[Any], name: str, first: int) -> Thread:
    """One slice as a thread of its own, validated and built by the loader, the paths of
    its problems counted from the file's first comment. ``raw``: its comments' text, from
    which a document equal to the slice is made should its keys need counting again."""
    wrapped = '{"title":"","comments":[' + raw + "]}"
    return thread_from_json(
        {"title": "", "comments": batch},
        name=name,
        surrogates=_SURROGATE_ESCAPE.search(raw) is not None,
        bidi=BIDI_CONTROLS.search(raw) is not None or _BIDI_ESCAPE.search(raw) is not None,
        separators=separators(wrapped),
        text=wrapped,
        first_index=first,
    )


def _tail(text: _Text, pos: int, name: str, stream: ThreadStream) -> None:
    """The keys after the comments: validated like the head; only the thread-level
    ``more`` is still to be shown."""
    while text.more():
        pass
    tail: dict[str, Any] = {}
    pos = text.skip(pos)
    while text.char(pos) == ",":
        pos = text.skip(pos + 1)
        try:
            key, pos = text.value(text.skip(pos))
            pos = text.skip(pos)
            if not isinstance(key, str) or text.char(pos) != ":":
                raise _NotStreamable
            tail[key], pos = text.value(text.skip(pos + 1))
        except _NotStreamable:
            raise ThreadLoadError(f"{name}: not valid JSON after the comments") from None
        pos = text.skip(pos)
    if text.char(pos) != "}" or text.skip(pos + 1) != len(text.text):
        raise ThreadLoadError(f"{name}: not valid JSON after the comments")
    if "title" in tail or "comments" in tail:
        raise ThreadLoadError(f"{name}: the key appears twice; only the last one is read")
    rest = thread_from_json({"title": "", **tail}, name=name)
    stream.more_top = rest.more_top
    stream.warnings.extend(rest.warnings)
