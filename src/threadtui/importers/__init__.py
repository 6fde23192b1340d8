"""Importers: one module per source format, each building the same `Thread`.

`load_any` is what `threadtui open`, `render` and `convert` call: it reads the file once,
detects the format from its structure (never its name) unless ``fmt`` says which, and
hands the parsed data to that format's importer. `load_document` does the same for JSON
already parsed (an API answer). The formats, their names and the detection order are one
table, `registry.formats()`; docs/formats.md lists them and how to save a thread in each.

Site exports hold many threads (Disqus, WordPress): `list_threads` lists them, ``thread``
chooses one (`ChooseThread` is raised when the file holds several and none was chosen),
and `iter_threads` reads them all.
"""

from __future__ import annotations

import gc
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from threadtui.importers import registry
from threadtui.importers.export import ChooseThread, Progress, ThreadInfo
from threadtui.model import files
from threadtui.model.builder import BIDI_CONTROLS
from threadtui.model.jsonio import (
    DEFAULT_MAX_BYTES,
    PairsHook,
    ThreadLoadError,
    counting_hook,
    decode_text,
    parse_json,
    read_bytes,
)
from threadtui.model.jsonio import separators as jsonio_separators
from threadtui.model.thread import Thread

__all__ = [
    "ChooseThread",
    "ThreadInfo",
    "detect_format",
    "format_names",
    "iter_threads",
    "list_threads",
    "load_any",
    "load_document",
]

# What the raw input is searched for, once, so that the per-comment scans can be skipped
# when it holds none (the common case): unpaired surrogate escapes, and bidi embedding,
# override and isolate controls as characters, JSON escapes or HTML character references.
# UTF-8 input is searched as bytes: much faster than a str with non-ASCII letters.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE_ESCAPE_B = re.compile(rb"\\u[dD][89a-fA-F]")
_BIDI_ESCAPE = re.compile(r"\\u(?:202[a-eA-E]|206[6-9])")
_BIDI_ESCAPE_B = re.compile(rb"\\u(?:202[a-eA-E]|206[6-9])")
_BIDI_UTF8 = re.compile(rb"\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def format_names() -> tuple[str, ...]:
    """The ``--from`` names, in detection order."""
    return registry.names()


def _canonical(fmt: str | None) -> registry.Format | None:
    return None if fmt is None else registry.get(fmt)


def _unknown(name: str) -> ThreadLoadError:
    return ThreadLoadError(
        f"{name}: not a thread format threadtui knows (tried {registry.tried()});"
        " choose one with --from"
    )


def _detect(doc: Any) -> registry.Format | None:
    from threadtui.importers import threadtui

    if threadtui.declared(doc):
        return threadtui.FORMAT
    for f in registry.of_kind("json"):
        if f.detect is not None and f.detect(doc):
            return f
    return None


def detect_format(doc: Any) -> str | None:
    """The format of parsed JSON, by structure; None when no importer recognises it."""
    f = _detect(doc)
    return None if f is None else f.name


def _json_sequence(text: str, hook: PairsHook | None = None) -> list[Any] | None:
    """JSON Lines, or JSON values written one after another (``curl A; curl B``)."""
    decoder = json.JSONDecoder(object_pairs_hook=hook)
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


def _parse(name: str, text: str, hook: PairsHook | None = None) -> Any:
    try:
        return parse_json(name, text, hook=hook)
    except ThreadLoadError as e:
        if "Extra data" not in str(e):
            raise
        seq = _json_sequence(text, hook)
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
    separators: int | None = None,
    text: Callable[[], str] | None = None,
    repeated: bool | None = None,
) -> Thread:
    """Turn parsed JSON into a `Thread`: detect (or take ``fmt``), then import.

    Repeated keys: ``repeated`` says whether the parse saw any (`jsonio.counting_hook`);
    without it, ``separators`` (`jsonio.separators` of the raw text) lets them be noticed
    by counting. ``text`` (which gives the raw text again) lets them be named with their
    paths (`threadtui.model.loader`).

    ``surrogates`` / ``bidi``: whether the raw text may hold unpaired surrogate escapes /
    bidi controls (as characters or JSON escapes); False skips the matching scans. Bidi
    controls that only appear once entities are decoded are caught either way."""
    f = _document_format(doc, fmt, name)
    if f.name == "threadtui":
        return _threadtui_document(
            doc, name, strict, (surrogates, bidi), separators, text, repeated
        )
    thread = _import(f, doc, name, surrogates, bidi)
    if _empty(thread):
        thread = _another_reading(doc, f, fmt is not None, name, (surrogates, bidi), thread)
    thread.warnings[:0] = _repeat_warnings(doc, separators, text, repeated)
    _check_strict(name, thread, strict)
    return thread


def _import(f: registry.Format, doc: Any, name: str, surrogates: bool, bidi: bool) -> Thread:
    from threadtui.importers import markup
    from threadtui.importers._common import flag_bidi_controls

    assert f.load is not None
    decodes = markup.general_decodes()
    thread: Thread = f.load(doc, name=name, surrogates=surrogates, bidi=bidi)
    if not bidi and markup.general_decodes() != decodes:
        flag_bidi_controls(thread)  # a decoder ran: "&#x202E;" may have become a control
    return thread


def _empty(thread: Thread) -> int:
    """How many comments have neither text nor an author (deleted ones aside: they keep
    their place without either), when that is most of three or more; else 0."""
    n = len(thread)
    if n < 3:
        return 0
    rows = zip(thread.body, thread.author, thread.deleted, strict=True)
    k = sum(1 for b, a, d in rows if not (b or a or d))
    return k if 2 * k > n else 0


def _another_reading(
    doc: Any,
    f: registry.Format,
    chosen: bool,
    name: str,
    marks: tuple[bool, bool],
    thread: Thread,
) -> Thread:
    """A document that ``f`` reads as empty comments has its structure, not its fields (a
    near-compatible API: #16.1): the next format that claims it and reads it, or one
    line saying what ``f`` expected. Never another format when ``--from`` chose ``f``."""
    formats = registry.of_kind("json")
    for g in () if chosen else formats[formats.index(f) + 1 :]:
        if g.name == "threadtui" or g.detect is None or not g.detect(doc):
            continue
        try:
            other = _import(g, doc, name, *marks)
        except ThreadLoadError:
            continue
        if not _empty(other):
            return other
    raise ThreadLoadError(
        f"{name}: read as {f.label}, {_empty(thread)} of {len(thread)} comments have neither"
        f" text nor an author: not its fields ({f.fields}); choose the format with --from"
    )


def _document_format(doc: Any, fmt: str | None, name: str) -> registry.Format:
    f = _canonical(fmt)
    if f is not None and f.kind != "json":
        raise ThreadLoadError(f"{name}: {f.label} is read from a file, not from JSON")
    if f is None:
        f = _detect(doc)
        if f is None:
            raise _unknown(name)
    return f


def _threadtui_document(
    doc: Any,
    name: str,
    strict: bool,
    marks: tuple[bool, bool],
    separators: int | None,
    text: Callable[[], str] | None,
    repeated: bool | None,
) -> Thread:
    from threadtui.model.loader import SOME_REPEATS, thread_from_json

    repeats: tuple[str, ...] = ()
    if repeated is not None:
        # The parse knows: nothing to count; the text is parsed again only to name them.
        separators = None
        repeats = (SOME_REPEATS,) if repeated and text is None else ()
        text = text if repeated else None
    return thread_from_json(
        doc,
        name=name,
        strict=strict,
        surrogates=marks[0],
        bidi=marks[1],
        repeats=repeats,
        separators=separators,
        text=text,
    )


def _repeat_warnings(
    doc: Any, separators: int | None, text: Callable[[], str] | None, repeated: bool | None
) -> list[str]:
    """The warnings for the repeated keys of a document of another format."""
    from threadtui.model.loader import SOME_REPEATS, named_repeats, repeated_key_warnings

    if repeated is None:
        if separators is None and text is None:
            return []
        return repeated_key_warnings(doc, separators, text)
    if not repeated:
        return []
    # Parsed again with pairs to name them, as the file was read (JSON Lines too).
    return named_repeats(_parse("", text(), tuple)) if text is not None else [SOME_REPEATS]


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
    thread: str | None = None,
    progress: Progress | None = None,
    limit: int | None = None,
) -> Thread:
    """Open any supported thread file (``-``: standard input; a directory: a Maildir).

    ``thread`` picks one thread of an export of many (its id or link); ``progress(done,
    total)`` is called while an export streams in; ``limit`` reads only that many bytes
    of an export (a first screenful). Raises only `ThreadLoadError` (`ChooseThread` when
    the file holds several threads and ``thread`` is None), whose message is one line.
    """
    with _gc_paused():
        return _load_any(str(path), registry_fmt(fmt), max_bytes, strict, thread, progress, limit)


def registry_fmt(fmt: str | None) -> registry.Format | None:
    return _canonical(fmt)


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


def _export_of(name: str, f: registry.Format | None) -> registry.Format | None:
    """The export format of the file ``name`` (given or sniffed from its head), or None.

    Only a regular file is sniffed: reading the head of a pipe or FIFO would take those
    bytes from the reader that comes next (and wait for a writer)."""
    if name == "-" or (f is not None and f.kind != "export"):
        return None
    try:
        regular = stat.S_ISREG(os.stat(name).st_mode)
    except OSError:
        return None  # read_bytes reports it
    if f is not None or not regular:
        return f
    head = _head(name)
    return next((e for e in registry.of_kind("export") if e.sniff and e.sniff(head)), None)


def _head(name: str) -> bytes:
    """The first 8 KiB of a regular file, gunzipped when it is gzip."""
    head = files.read_head(name, 8192)
    if head[:2] != b"\x1f\x8b":
        return head
    try:
        import gzip

        fd, _ = files.open_regular(name)
        with open(fd, "rb") as fh, gzip.GzipFile(fileobj=fh) as g:
            return g.read(8192)
    except (OSError, EOFError, zlib.error):
        return b""


def _load_dir(name: str, f: registry.Format | None, max_bytes: int | None) -> Thread:
    dirs = [d for d in registry.formats() if d.is_dir is not None]
    if f is not None and f.is_dir is None:
        raise ThreadLoadError(f"{name}: is a directory, not a {f.label} file")
    for d in [f] if f is not None else dirs:
        assert d is not None and d.is_dir is not None and d.load_dir is not None
        if d.is_dir(name):
            return d.load_dir(name, max_bytes=max_bytes)
    raise ThreadLoadError(
        f"{name}: is a directory, not a thread file or a Maildir (no cur/ and new/)"
    )


def _load_any(
    name: str,
    f: registry.Format | None,
    max_bytes: int | None,
    strict: bool,
    choice: str | None,
    progress: Progress | None,
    limit: int | None,
) -> Thread:
    if name != "-" and os.path.isdir(name):
        thread = _load_dir(name, f, max_bytes)
    else:
        exported = _load_export(name, f, choice, max_bytes, progress, limit)
        if exported is None:
            return _load_file(name, f, max_bytes, strict)
        thread = exported
    _check_strict(name, thread, strict)
    return thread


def _load_export(
    name: str,
    f: registry.Format | None,
    choice: str | None,
    max_bytes: int | None,
    progress: Progress | None,
    limit: int | None,
) -> Thread | None:
    """The chosen thread of an export of many; None when the file is not an export."""
    exp = _export_of(name, f)
    if exp is not None and exp.export is not None:
        return exp.export.load(name, choice, max_bytes=max_bytes, progress=progress, limit=limit)
    if f is not None and f.kind == "export":
        raise ThreadLoadError(f"{name}: an export is read from a file, not standard input")
    return None


def _load_file(name: str, f: registry.Format | None, max_bytes: int | None, strict: bool) -> Thread:
    """One file (or standard input) read whole: mail from its bytes, the rest as JSON."""
    data = read_bytes(name, max_bytes)
    raw = _bytes_format(name, f, data)
    if raw is not None:
        assert raw.load_bytes is not None
        thread = raw.load_bytes(data, name=name)
        _check_strict(name, thread, strict)
        return thread
    src = _JsonSource(name, data, f)
    del data  # as large as the text: not kept while it is parsed
    return _load_json(src, f, max_bytes, strict)


def _bytes_format(name: str, f: registry.Format | None, data: bytes) -> registry.Format | None:
    """The format read from raw bytes (mail) that ``data`` is to be read as, or None."""
    raw = f if f is not None and f.kind == "bytes" else None
    if raw is None and f is None:
        raw = _sniff_bytes(data)
    if raw is not None and raw.sniff is not None and not raw.sniff(data):
        # --from names it, but the bytes are not it (a JSON file read as mail showed one
        # "(no subject)" message by "anonymous" and validated ok: #16.5).
        raise ThreadLoadError(
            f"{name}: not {raw.name}: it does not look like {raw.label}"
            " (choose another format with --from, or leave --from out)"
        )
    return raw


class _JsonSource:
    """A JSON file's text and what one look at its raw bytes tells.

    Repeated keys are found while parsing (`counting_hook`) for every format but
    threadtui/1, whose loader counts pairs during the walk it makes anyway; for it only
    the colons of the raw bytes are counted here (`jsonio.separators`). Which one a file
    is, is guessed from its head before parsing: a wrong guess costs time, never a
    repeat (each way is exact)."""

    __slots__ = ("counting", "marks", "name", "separators", "text")

    def __init__(self, name: str, data: bytes, f: registry.Format | None) -> None:
        self.name = name
        self.text = decode_text(name, data)
        self.marks = _prefilter(data, self.text)
        ours = '"threadtui/1"' in self.text[:4096] if f is None else f.name == "threadtui"
        self.counting = not ours
        self.separators: int | None = None
        if ours:
            utf8 = not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in data[:4]
            self.separators = jsonio_separators(data if utf8 else self.text)

    def parse(self) -> tuple[Any, bool | None]:
        """(the document, whether an object repeats a key, None when not known)."""
        text, self.text = self.text, ""
        if not self.counting:
            return _parse(self.name, text), None
        hook, found = counting_hook()
        return _parse(self.name, text, hook), bool(found)


def _load_json(
    src: _JsonSource, f: registry.Format | None, max_bytes: int | None, strict: bool
) -> Thread:
    name = src.name
    if f is None:
        first = src.text[:4096].lstrip()[:1]
        if first and first not in "{[":
            raise _unknown(name)
    doc, repeated = src.parse()
    return load_document(
        doc,
        fmt=None if f is None else f.name,
        name=name,
        strict=strict,
        surrogates=src.marks[0],
        bidi=src.marks[1],
        separators=src.separators,
        repeated=repeated,
        text=_reread(name, name, max_bytes),
    )


def _reread(path: str | Path, name: str, max_bytes: int | None) -> Callable[[], str] | None:
    """The text again, for the rare file whose repeated keys are then named one by one
    (read again rather than kept: the text of a big thread is as large as its columns).
    None for standard input, which cannot be read twice."""
    if name == "-":
        return None
    return lambda: decode_text(name, read_bytes(path, max_bytes))


def list_threads(
    path: str | Path,
    *,
    fmt: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> list[ThreadInfo] | None:
    """The threads of an export of many, or None when ``path`` is a one-thread format."""
    name = str(path)
    exp = _export_of(name, _canonical(fmt)) if not os.path.isdir(name) else None
    if exp is None or exp.export is None:
        return None
    return exp.export.threads(name, max_bytes=max_bytes, progress=progress)


def iter_threads(
    path: str | Path,
    *,
    fmt: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> Iterator[tuple[ThreadInfo, Thread]]:
    """Every thread of the file: each of an export's, or the one of any other format."""
    name = str(path)
    f = _canonical(fmt)
    exp = _export_of(name, f) if not os.path.isdir(name) else None
    if exp is not None and exp.export is not None:
        with _gc_paused():
            yield from exp.export.load_all(name, max_bytes=max_bytes, progress=progress)
        return
    thread = load_any(name, fmt=fmt, max_bytes=max_bytes)
    yield ThreadInfo(id="", title=thread.title, link=thread.url, posts=len(thread)), thread


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


def _sniff_bytes(data: bytes) -> registry.Format | None:
    """A format read from raw bytes (mail) whose sniffer claims ``data``; JSON never is."""
    head = data[:1024].lstrip()
    if head[:1] in (b"{", b"["):
        return None
    return next((f for f in registry.of_kind("bytes") if f.sniff and f.sniff(data)), None)
