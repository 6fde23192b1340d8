"""Importers: one module per source format, each building the same `Thread`.

`load_any` is what `threadtui open`, `render` and `convert` call: it reads the file once,
detects the format from its structure (never its name) unless ``fmt`` says which, and
hands the parsed data to that format's importer. docs/formats.md lists the formats and how
to save a thread in each.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from threadtui.model.builder import BIDI_CONTROLS
from threadtui.model.jsonio import (
    DEFAULT_MAX_BYTES,
    ThreadLoadError,
    decode_text,
    parse_json,
    read_bytes,
)
from threadtui.model.thread import Thread

__all__ = ["FORMATS", "FORMAT_LABELS", "detect_format", "load_any", "load_document"]

FORMATS: tuple[str, ...] = (
    "threadtui",
    "hn",
    "reddit",
    "lobsters",
    "discourse",
    "mastodon",
    "lemmy",
    "mail",
)

FORMAT_LABELS: dict[str, str] = {
    "threadtui": "threadtui/1",
    "hn": "Hacker News (Algolia or Firebase API)",
    "reddit": "Reddit (.json of a comments page)",
    "lobsters": "Lobsters (/s/ID.json)",
    "discourse": "Discourse (/t/ID.json)",
    "mastodon": "Mastodon (status + /context)",
    "lemmy": "Lemmy (post_view + comments)",
    "mail": "mail (mbox, Maildir, .eml)",
}

_ALIASES = {
    "threadtui/1": "threadtui",
    "json": "threadtui",
    "hackernews": "hn",
    "hacker-news": "hn",
    "algolia": "hn",
    "firebase": "hn",
    "lobste.rs": "lobsters",
    "mbox": "mail",
    "maildir": "mail",
    "eml": "mail",
    "email": "mail",
    "e-mail": "mail",
}

# Detection order: most specific structure first; threadtui/1 without a "format" key last.
_DETECT_ORDER = ("reddit", "hn", "lobsters", "discourse", "mastodon", "lemmy")
# What the raw input is searched for, once, so that the per-comment scans can be skipped
# when it holds none (the common case): unpaired surrogate escapes, and bidi embedding,
# override and isolate controls as characters, JSON escapes or HTML character references.
# UTF-8 input is searched as bytes: much faster than a str with non-ASCII letters.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_B = re.compile(rb"\\u[dD][89a-fA-F]")
_BIDI_ESCAPE = re.compile(r"\\u(?:202[a-eA-E]|206[6-9])")
_BIDI_ESCAPE_B = re.compile(rb"\\u(?:202[a-eA-E]|206[6-9])")
_BIDI_UTF8 = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def _module(key: str) -> ModuleType:
    from importlib import import_module

    return import_module(f"threadtui.importers.{key}")


def _canonical(fmt: str | None) -> str | None:
    if fmt is None:
        return None
    key = fmt.strip().lower()
    key = _ALIASES.get(key, key)
    if key not in FORMATS:
        raise ThreadLoadError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return key


def _tried() -> str:
    return ", ".join(FORMAT_LABELS[k] for k in FORMATS)


def _is_threadtui(doc: Any) -> bool:
    return type(doc) is dict and doc.get("format") == "threadtui/1"


def _looks_threadtui(doc: Any) -> bool:
    """Close enough to threadtui/1 that the loader's precise errors help most."""
    if type(doc) is not dict:
        return False
    if "format" in doc:
        return True
    comments = doc.get("comments")
    if type(comments) is list:
        first = comments[0] if comments else None
        return first is None or (type(first) is dict and ("body" in first or "replies" in first))
    return "title" in doc and ("comments" in doc or type(doc.get("article")) is dict)


def detect_format(doc: Any) -> str | None:
    """The format of parsed JSON, by structure; None when no importer recognises it."""
    if _is_threadtui(doc):
        return "threadtui"
    for key in _DETECT_ORDER:
        if _module(key).detect(doc):
            return key
    if _looks_threadtui(doc):
        return "threadtui"
    return None


def _json_sequence(text: str) -> list[Any] | None:
    """JSON Lines, or JSON values written one after another (``curl A; curl B``)."""
    decoder = json.JSONDecoder()
    out: list[Any] = []
    pos = 0
    n = len(text)
    ws = " \t\r\n"
    while True:
        while pos < n and text[pos] in ws:
            pos += 1
        if pos >= n:
            break
        try:
            value, pos = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, RecursionError):
            return None
        out.append(value)
    return out if len(out) > 1 else None


def _parse(name: str, text: str) -> Any:
    try:
        return parse_json(name, text)
    except ThreadLoadError as e:
        if "Extra data" not in str(e):
            raise
        seq = _json_sequence(text)
        if seq is None:
            raise
        return seq


def load_document(
    doc: Any,
    *,
    fmt: str | None = None,
    name: str = "<data>",
    strict: bool = False,
    surrogates: bool = True,
    bidi: bool = True,
) -> Thread:
    """Turn parsed JSON into a `Thread`: detect (or take ``fmt``), then import.

    ``surrogates`` / ``bidi``: whether the raw text may hold unpaired surrogate escapes /
    bidi controls (as characters or JSON escapes); False skips the matching scans. Bidi
    controls that only appear once entities are decoded are caught either way."""
    key = _canonical(fmt)
    if key == "mail":
        raise ThreadLoadError(f"{name}: mail is read from bytes, not JSON")
    if key is None:
        key = detect_format(doc)
        if key is None:
            raise ThreadLoadError(
                f"{name}: not a thread format threadtui knows (tried {_tried()});"
                " choose one with --from"
            )
    if key == "threadtui":
        from threadtui.model.loader import thread_from_json

        return thread_from_json(doc, name=name, strict=strict, surrogates=surrogates, bidi=bidi)
    from threadtui.importers import markup
    from threadtui.importers._common import flag_bidi_controls

    decodes = markup.general_decodes()
    thread: Thread = _module(key).load(doc, name=name, surrogates=surrogates, bidi=bidi)
    if not bidi and markup.general_decodes() != decodes:
        flag_bidi_controls(thread)  # a decoder ran: "&#x202E;" may have become a control
    _check_strict(name, thread, strict)
    return thread


def _check_strict(name: str, thread: Thread, strict: bool) -> None:
    if strict and thread.warnings:
        more = len(thread.warnings) - 1
        raise ThreadLoadError(
            f"{name}: {thread.warnings[0]}"
            + (f" (and {more} more problem{'s' if more > 1 else ''})" if more else "")
        )


def load_any(
    path: str | Path,
    *,
    fmt: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    strict: bool = False,
) -> Thread:
    """Open any supported thread file (``-``: standard input; a directory: a Maildir).

    Raises only `ThreadLoadError`, whose message is one line.
    """
    with _gc_paused():
        return _load_any(path, fmt=fmt, max_bytes=max_bytes, strict=strict)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector, paused while a thread loads.

    Parsing and importing allocate hundreds of thousands of objects, each allocation
    burst triggering collections that walk the whole parsed document — which holds no
    cycles and is all still in use. Reference counting frees everything as usual.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _load_any(path: str | Path, *, fmt: str | None, max_bytes: int | None, strict: bool) -> Thread:
    name = str(path)
    key = _canonical(fmt)
    if name != "-" and os.path.isdir(name):
        from threadtui.importers import mail

        if key not in (None, "mail"):
            raise ThreadLoadError(f"{name}: is a directory, not a {FORMAT_LABELS[key]} file")
        if not mail.is_maildir(name):
            raise ThreadLoadError(
                f"{name}: is a directory, not a thread file or a Maildir (no cur/ and new/)"
            )
        thread = mail.load_maildir(name, max_bytes=max_bytes)
        _check_strict(name, thread, strict)
        return thread

    data = read_bytes(path, max_bytes)
    if key == "mail" or (key is None and _looks_like_mail(data)):
        from threadtui.importers import mail

        thread = mail.load_bytes(data, name=name)
        _check_strict(name, thread, strict)
        return thread
    text = decode_text(name, data)
    surrogates, bidi = _prefilter(data, text)
    del data
    if key is None:
        first = text[:4096].lstrip()[:1]
        if first and first not in "{[":
            raise ThreadLoadError(f"{name}: not a thread format threadtui knows (tried {_tried()})")
    doc = _parse(name, text)
    del text
    return load_document(doc, fmt=key, name=name, strict=strict, surrogates=surrogates, bidi=bidi)


def _prefilter(data: bytes, text: str) -> tuple[bool, bool]:
    """(unpaired surrogate escapes, bidi controls or their JSON escapes) anywhere in the
    raw input."""
    utf8 = not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4]
    if utf8:
        esc = b"\\u" in data
        surrogates = esc and _SURROGATE_ESCAPE_B.search(data) is not None
        bidi = _BIDI_UTF8.search(data) is not None or (
            esc and _BIDI_ESCAPE_B.search(data) is not None
        )
    else:
        esc = "\\u" in text
        surrogates = esc and _SURROGATE_ESCAPE.search(text) is not None
        bidi = BIDI_CONTROLS.search(text) is not None or (
            esc and _BIDI_ESCAPE.search(text) is not None
        )
    return surrogates, bidi


def _looks_like_mail(data: bytes) -> bool:
    head = data[:1024].lstrip()
    if head[:1] in (b"{", b"["):
        return False
    from threadtui.importers import mail

    return mail.sniff(data)
