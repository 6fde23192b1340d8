"""Reading a thread file's bytes and JSON safely.

Everything here turns into `ThreadLoadError` with one line a person can act on: a missing
file, a directory, a file over the size cap, a gzip bomb, UTF-16 or a BOM, invalid UTF-8,
JSON syntax errors with line and column, and nesting deeper than the C parser's recursion
limit (handled by an iterative parser instead of failing).
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable
from itertools import repeat
from pathlib import Path
from typing import Any

FLOOR_MAX_BYTES = 512 * 1024 * 1024
"""The cap where the machine's memory cannot be read, and the least it ever is."""


def available_memory() -> int | None:
    """Bytes of memory available to new work (Linux's MemAvailable: free memory plus the
    caches it can drop), or None where that cannot be read."""
    try:
        with open("/proc/meminfo", "rb") as f:
            for line in f.read(8192).splitlines():
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def default_max_bytes(available: int | None = None) -> int:
    """The largest thread file (after decompression) read without --max-size: a quarter
    of the memory available when the program starts, and never under 512 MiB. A thread
    takes a few times its file's size in memory, so a file under the cap fits comfortably;
    the cap exists so that a hostile file (or a gzip bomb) cannot exhaust memory."""
    if available is None:
        available = available_memory()
    if not available:
        return FLOOR_MAX_BYTES
    return max(FLOOR_MAX_BYTES, available // 4)


DEFAULT_MAX_BYTES = default_max_bytes()
"""`default_max_bytes()` of this process, read once at start-up."""


class ThreadLoadError(Exception):
    """A thread file could not be read. ``str()`` is one line meant for the user."""


def _mib(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MiB" if n >= 1024 * 1024 else f"{n} bytes"


_PIECE = 1 << 20


def _read_stream(fd: int, want: int) -> bytes:
    """Everything from a pipe, FIFO or terminal (``want`` bytes at most, -1: no limit).

    In pieces, waiting a fifth of a second at most for each. A buffered ``read()`` loops
    in C: a Ctrl-C that lands between two of its reads (a writer sending the file slowly)
    is only noticed when the next read returns, which may be never. Between pieces the
    interpreter runs, so the KeyboardInterrupt is raised."""
    import select

    out = bytearray()
    while want < 0 or len(out) < want:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        piece = os.read(fd, _PIECE if want < 0 else min(_PIECE, want - len(out)))
        if not piece:
            break
        out += piece
    return bytes(out)


def read_bytes(path: str | Path, max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """Read a file (or ``-`` for standard input), gunzipping it when it is gzip data."""
    name = str(path)
    limit = max_bytes if max_bytes is not None else -1
    if name == "-":
        import sys

        try:
            fd = sys.stdin.fileno()
        except (AttributeError, OSError, ValueError):  # replaced by a test, or closed
            data = sys.stdin.buffer.read(limit + 1 if limit >= 0 else -1)
        else:
            data = _read_stream(fd, limit + 1 if limit >= 0 else -1)
    else:
        data = _read_named(name, limit)
    if limit >= 0 and len(data) > limit:
        raise ThreadLoadError(
            f"{name}: more than {_mib(limit)} of data (raise the limit with --max-size)"
        )
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(name, data, limit)
    return data


def _read_named(name: str, limit: int) -> bytes:
    """A file named on the command line: a regular file, or a FIFO or pipe (``<(cmd)``),
    never a device or socket (`threadtui.model.files`); read no further than the cap."""
    from threadtui.model import files

    try:
        fd, st = files.open_regular(name, fifo_ok=True)
    except FileNotFoundError:
        raise ThreadLoadError(f"{name}: no such file") from None
    except PermissionError:
        raise ThreadLoadError(f"{name}: permission denied") from None
    except files.NotRegular as e:
        raise ThreadLoadError(f"{name}: is {e.kind}, not a thread file") from None
    except OSError as e:
        raise ThreadLoadError(f"{name}: cannot read: {e.strerror or e}") from None
    try:
        if not stat.S_ISREG(st.st_mode):  # a FIFO: it may be slow to send everything
            return _read_stream(fd, limit + 1 if limit >= 0 else -1)
        if limit >= 0 and st.st_size > limit:
            raise ThreadLoadError(
                f"{name}: the file is {_mib(st.st_size)}, over the {_mib(limit)} limit"
                " (raise it with --max-size)"
            )
        # Never ask for the cap itself: a read allocates what it asks for, and the cap is
        # a quarter of the machine's memory. A file growing meanwhile stops at the cap.
        return files.read_fd(fd, limit if limit >= 0 else None, hint=st.st_size, name=name)
    except files.TooLarge:
        raise ThreadLoadError(
            f"{name}: more than {_mib(limit)} of data (raise the limit with --max-size)"
        ) from None
    except PermissionError:
        raise ThreadLoadError(f"{name}: permission denied") from None
    except OSError as e:
        raise ThreadLoadError(f"{name}: cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)


_GZIP_PIECE = 1 << 24


def _gunzip(name: str, data: bytes, limit: int) -> bytes:
    try:
        # BytesIO shares the bytes' buffer (no copy); read one byte past the cap so a gzip
        # bomb stops at the cap instead of filling memory.
        import gzip  # only for gzip data

        with gzip.GzipFile(fileobj=io.BytesIO(data)) as g:
            # In pieces: a read allocates what it asks for, and the cap is large.
            parts: list[bytes] = []
            got = 0
            while limit < 0 or got <= limit:
                piece = g.read(_GZIP_PIECE)
                if not piece:
                    break
                parts.append(piece)
                got += len(piece)
            out = b"".join(parts)
    except (OSError, EOFError, zlib.error) as e:
        raise ThreadLoadError(f"{name}: damaged gzip data ({e})") from None
    if limit >= 0 and len(out) > limit:
        raise ThreadLoadError(
            f"{name}: decompresses to more than {_mib(limit)} (raise the limit with --max-size)"
        )
    return out


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(name: str, data: bytes) -> str:
    """Decode JSON bytes: UTF-8 (with or without BOM), UTF-16 and UTF-32 (RFC 8259 §8.1)."""
    encoding = "utf-8"
    for bom, enc in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
            encoding = enc
            break
    else:
        # JSON starts with an ASCII character, so NUL bytes in the first four tell UTF-16/32.
        head = data[:4]
        if len(head) == 4:
            if head[:3] == b"\0\0\0":
                encoding = "utf-32-be"
            elif head[1:] == b"\0\0\0":
                encoding = "utf-32-le"
            elif head[0] == 0 and head[2] == 0:
                encoding = "utf-16-be"
            elif head[1] == 0 and head[3] == 0:
                encoding = "utf-16-le"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        if encoding == "utf-8":
            line = data.count(b"\n", 0, e.start) + 1
            raise ThreadLoadError(
                f"{name}: not valid UTF-8 (byte {e.start}, line {line}); save it as UTF-8"
            ) from None
        raise ThreadLoadError(f"{name}: not valid {encoding.upper()} (byte {e.start})") from None


Pairs = tuple[tuple[str, Any], ...]
"""A JSON object as `parse_json(..., pairs=True)` gives it: its pairs in order, repeats kept."""

OnRepeat = Callable[[Any, str, int], None]


def repeated_keys(pairs: Pairs) -> dict[str, int]:
    """The keys that appear more than once in an object, and how often."""
    counts: dict[str, int] = {}
    for k, _ in pairs:
        counts[k] = counts.get(k, 0) + 1
    return {k: c for k, c in counts.items() if c > 1}


def to_dicts(value: Any, path: Any = None, on_repeat: OnRepeat | None = None) -> Any:
    """A value parsed with ``pairs=True`` with every object made a dict (the last of a
    repeated key wins, as in every JSON parser) and each repeat reported to ``on_repeat``
    with the object's path (path: (parent path, key or index), None for the top).
    Iterative: any depth."""
    if type(value) is not tuple and type(value) is not list:
        return value
    root: list[Any] = [None]
    # (value to convert, container to store the result in, key or index there, path)
    stack: list[tuple[Any, Any, Any, Any]] = [(value, root, 0, path)]
    while stack:
        v, into, slot, at = stack.pop()
        if type(v) is tuple:
            d = dict(v)
            if len(d) != len(v) and on_repeat is not None:
                for k, count in repeated_keys(v).items():
                    on_repeat(at, k, count)
            into[slot] = d
            for k, x in d.items():
                if type(x) is tuple or type(x) is list:
                    stack.append((x, d, k, (at, k)))
        elif type(v) is list:
            out = list(v)
            into[slot] = out
            for i, x in enumerate(out):
                if type(x) is tuple or type(x) is list:
                    stack.append((x, out, i, (at, i)))
        else:
            into[slot] = v
    return root[0]


def separators(raw: str | bytes) -> int | None:
    """All the colons of a JSON text (its UTF-8 bytes, or the decoded text): with those
    of its decoded keys and strings (`string_colons`) taken away, what is left are the
    separators, one per key/value pair, so fewer distinct keys than pairs means a key was
    repeated. None when a string may spell a colon as an escape (``\\u003a``): then only
    a parse with ``pairs`` can tell. (A colon is one byte in UTF-8, never part of another
    character's bytes.)"""
    if isinstance(raw, bytes):
        if b"\\u003" in raw and (b"\\u003a" in raw or b"\\u003A" in raw):
            return None
        return raw.count(b":")
    if "\\u003a" in raw or "\\u003A" in raw:
        return None
    return raw.count(":")


_COLON = repeat(":")


def string_colons(values: Iterable[Any]) -> int:
    """The colons in some strings; None (and an empty string) skipped. Only strings and
    None may be given."""
    return sum(map(str.count, filter(None, values), _COLON))


def count_pairs(value: Any) -> tuple[int, int]:
    """(distinct keys of every object, colons in every key and string) of a parsed value;
    iterative, any depth."""
    keys = colons = 0
    stack = [value]
    while stack:
        v = stack.pop()
        if type(v) is str:
            colons += v.count(":")
        elif type(v) is dict:
            keys += len(v)
            colons += string_colons(v.keys())
            stack.extend(v.values())
        elif type(v) is list:
            stack.extend(v)
    return keys, colons


PairsHook = Callable[[list[tuple[str, Any]]], Any]


def counting_hook() -> tuple[PairsHook, list[int]]:
    """An ``object_pairs_hook`` that builds the dicts `json.loads` builds, and the list it
    adds to for each object that holds a key more than once (empty: no key is repeated).

    For a document read whole anyway, this is the cheap way to know about repeats: one
    C-level ``dict(pairs)`` per object while parsing, where counting afterwards
    (`count_pairs` against `separators`) visits every value of the document again, which
    on a site's answer full of fields no importer reads took longer than the parse."""
    found: list[int] = []

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        d = dict(pairs)
        if len(d) != len(pairs):
            found.append(len(pairs) - len(d))
        return d

    return hook, found


def parse_json(name: str, text: str, *, pairs: bool = False, hook: PairsHook | None = None) -> Any:
    """Parse a whole document. With ``pairs``, objects are tuples of their (key, value)
    pairs (`Pairs`), so that repeated keys can be found (`to_dicts`): as fast as building
    dicts, and nothing is lost. ``hook``: an ``object_pairs_hook`` (`counting_hook`)."""
    if not text or text.isspace():  # not strip(): that copies a 600 MB text
        raise ThreadLoadError(f"{name}: the file is empty")
    if pairs:
        hook = tuple
    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as e:
        raise _syntax_error(name, text, e) from None
    except RecursionError:
        # Nesting deeper than the C scanner allows (a reply chain thousands deep).
        return _parse_deep(name, text, hook)
    except ValueError:
        # An integer literal longer than Python's int conversion limit.
        try:
            return json.loads(text, parse_int=_parse_int, object_pairs_hook=hook)
        except json.JSONDecodeError as e:
            raise _syntax_error(name, text, e) from None
        except RecursionError:
            return _parse_deep(name, text, hook)


def _parse_int(s: str) -> int | float:
    try:
        return int(s)
    except ValueError:
        return float("inf") if not s.startswith("-") else float("-inf")


def _syntax_error(name: str, text: str, e: json.JSONDecodeError) -> ThreadLoadError:
    # "Unterminated string" means the input ended inside a string: a file cut short (or
    # still being written) mid-comment, which is by far the usual place to cut one.
    if (
        e.pos >= len(text.rstrip())
        or e.msg.startswith("Unterminated string")
        or (e.msg.startswith("Invalid \\uXXXX") and len(text) - e.pos < 6)
    ):
        return ThreadLoadError(
            f"{name}: line {e.lineno} column {e.colno}: the JSON ends too early"
            " (is the file still being written, or cut short?)"
        )
    return ThreadLoadError(f"{name}: line {e.lineno} column {e.colno}: invalid JSON: {e.msg}")


_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_scanstring = json.decoder.scanstring  # type: ignore[attr-defined]


class _ObjectFrame:
    __slots__ = ("key", "pairs")

    def __init__(self, key: str) -> None:
        self.pairs: list[tuple[str, Any]] = []
        self.key = key


_OPEN = object()  # `_DeepParser.value` opened a container: there is no value yet
_LITERALS = (("true", True), ("false", False), ("null", None))


def _parse_deep(
    name: str, text: str, hook: Callable[[list[tuple[str, Any]]], Any] | None = None
) -> Any:
    """A JSON parser with an explicit stack, for nesting the C parser refuses.

    Only used after `json.loads` hit its recursion limit, so its speed matters less than
    never recursing. Containers are built bottom-up as their closing bracket is read.
    """
    try:
        return _DeepParser(name, text, hook).parse()
    except json.JSONDecodeError as e:  # from the C string scanner: a bad or cut string
        raise _syntax_error(name, text, e) from None


class _DeepParser:
    """The state of `_parse_deep`: the text, the position, the open containers."""

    def __init__(
        self, name: str, text: str, hook: Callable[[list[tuple[str, Any]]], Any] | None
    ) -> None:
        self.name, self.text, self.hook = name, text, hook
        self.n = len(text)
        self.stack: list[Any] = []  # open containers: a list, or an _ObjectFrame
        self.pos = self._skip(0)

    def parse(self) -> Any:
        while True:
            value = self.value()
            if value is _OPEN:
                continue
            done, value = self.attach(value)
            if done:
                return value

    def fail(self, msg: str, at: int | None = None) -> ThreadLoadError:
        at = self.pos if at is None else at
        return _syntax_error(self.name, self.text, json.JSONDecodeError(msg, self.text, at))

    def _skip(self, pos: int) -> int:
        return _WS.match(self.text, pos).end()  # type: ignore[union-attr]

    def _at(self, c: str) -> bool:
        return self.pos < self.n and self.text[self.pos] == c

    def _object(self, pairs: list[tuple[str, Any]]) -> Any:
        return self.hook(pairs) if self.hook is not None else dict(pairs)

    def value(self) -> Any:
        """Read one value at `pos`, or open a container and return `_OPEN`."""
        text, pos = self.text, self.pos
        if pos >= self.n:
            raise self.fail("Expecting value")
        c = text[pos]
        if c in "{[":
            self.pos = self._skip(pos + 1)
            return self._open(c)
        if c == '"':
            value, self.pos = _scanstring(text, pos + 1)
            return value
        for word, literal in _LITERALS:
            if text.startswith(word, pos):
                self.pos = pos + len(word)
                return literal
        m = _NUMBER.match(text, pos)
        if not m:
            raise self.fail("Expecting value")
        self.pos = m.end()
        s = m.group(0)
        return float(s) if (m.group(1) or m.group(2)) else _parse_int(s)

    def _open(self, c: str) -> Any:
        closing = "}" if c == "{" else "]"
        if self._at(closing):
            self.pos += 1
            return self._object([]) if c == "{" else []
        if c == "{":
            self.stack.append(_ObjectFrame(self.key()))
        else:
            self.stack.append([])
        return _OPEN

    def key(self) -> str:
        """A property name and its colon, from `pos`."""
        if not self._at('"'):
            raise self.fail("Expecting property name enclosed in double quotes")
        key: str
        key, pos = _scanstring(self.text, self.pos + 1)
        self.pos = self._skip(pos)
        if not self._at(":"):
            raise self.fail("Expecting ':' delimiter")
        self.pos = self._skip(self.pos + 1)
        return key

    def attach(self, value: Any) -> tuple[bool, Any]:
        """Attach `value` to its container, closing containers as their brackets come.

        (True, the document) once the outermost value is complete; (False, None) when
        the next value is to be read."""
        while True:
            self.pos = self._skip(self.pos)
            if not self.stack:
                if self.pos != self.n:
                    raise self.fail("Extra data")
                return True, value
            top = self.stack[-1]
            closing = "]" if isinstance(top, list) else "}"
            if isinstance(top, list):
                top.append(value)
            else:
                top.pairs.append((top.key, value))
            if self._at(","):
                self.pos = self._skip(self.pos + 1)
                if not isinstance(top, list):
                    top.key = self.key()
                return False, None
            if not self._at(closing):
                raise self.fail("Expecting ',' delimiter")
            self.pos += 1
            self.stack.pop()
            value = top if isinstance(top, list) else self._object(top.pairs)
