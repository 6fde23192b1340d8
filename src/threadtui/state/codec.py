"""How the state database stores lists of comment ids and per-comment flags.

Both are compressed with zlib: the ids of a 100,000-comment thread are about 700 kB as
text and a fifth of that compressed; the read marks are one byte per comment (0 or 1),
which compresses to almost nothing for runs of read or unread comments and to about one
bit per comment at worst. Nothing here trusts what it reads back: a blob that does not
decompress, decompresses to more than a bound, or does not have the expected shape raises
`BadBlob`, and the caller treats the thread as never visited.

Ids are stored NUL-separated (one `str.join`, one `str.split`) unless an id holds a NUL
itself, which the count of separators shows; then as a JSON array.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence

#: Largest decompressed blob accepted (a hostile or damaged row must not exhaust memory).
MAX_BLOB = 256 * 1024 * 1024
_LEVEL = 6
_NUL_JOINED = b"0"
_JSON = b"J"


class BadBlob(ValueError):
    """A stored blob that is not what we wrote."""


def _inflate(blob: object, limit: int | None = None) -> bytes:
    if limit is None:
        limit = MAX_BLOB
    if not isinstance(blob, bytes):
        raise BadBlob("not a blob")
    d = zlib.decompressobj()
    try:
        out = d.decompress(blob, limit + 1)
    except zlib.error as e:
        raise BadBlob(str(e)) from None
    if len(out) > limit or d.unconsumed_tail:
        raise BadBlob("larger than expected")
    if not d.eof:
        raise BadBlob("truncated")
    return out


def pack_ids(ids: Sequence[str]) -> bytes:
    joined = "\x00".join(ids)
    # [""] and [] would both join to "": the JSON form keeps them apart.
    if joined.count("\x00") == max(0, len(ids) - 1) and not (len(ids) == 1 and not ids[0]):
        raw = _NUL_JOINED + joined.encode("utf-8", "surrogatepass")
    else:
        raw = _JSON + json.dumps(list(ids), ensure_ascii=True).encode("ascii")
    return zlib.compress(raw, _LEVEL)


def unpack_ids(blob: object) -> list[str]:
    raw = _inflate(blob)
    kind, body = raw[:1], raw[1:]
    if kind == _NUL_JOINED:
        try:
            text = body.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError as e:
            raise BadBlob(str(e)) from None
        return text.split("\x00") if body else []
    if kind == _JSON:
        try:
            value = json.loads(body)
        except (ValueError, RecursionError) as e:
            raise BadBlob(str(e)) from None
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise BadBlob("not a list of ids")
        return value
    raise BadBlob("unknown id encoding")


def inflate(blob: object, limit: int | None = None) -> bytes:
    """A blob's bytes, decompressed (at most ``limit``); `BadBlob` if it is not one."""
    return _inflate(blob, limit)


def pack_flags(flags: bytes | bytearray) -> bytes:
    return zlib.compress(bytes(flags), _LEVEL)


def unpack_flags(blob: object, length: int) -> bytearray:
    """Flags of exactly ``length`` comments, each 0 or 1."""
    raw = _inflate(blob, max(length, 0))
    if len(raw) != length:
        raise BadBlob(f"{len(raw)} flags for {length} comments")
    out = bytearray(raw)
    if out.translate(None, b"\x00\x01"):
        raise BadBlob("flags other than 0 and 1")
    return out


def pack_json(value: object) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=True).encode("ascii"), _LEVEL)


def unpack_json(blob: object, limit: int | None = None) -> object:
    raw = _inflate(blob, limit)
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as e:
        raise BadBlob(str(e)) from None


def pack_str(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), _LEVEL)


def unpack_str(blob: object, limit: int | None = None) -> str:
    try:
        return _inflate(blob, limit).decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as e:
        raise BadBlob(str(e)) from None
