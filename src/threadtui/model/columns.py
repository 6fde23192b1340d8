"""Compact columns for the flat `Thread` (#18): a million comments near the file's size.

A column of Python objects costs a pointer per comment plus the object: about 50 bytes of
header for each string, 28 for an int past 256, 48 for a datetime. Over a thread's fifteen
columns that came to 4-5 times the file. These columns keep the same reading API
(indexing, slices, iteration, ``len``, ``index``, equality with a list) over storage that
has no object per comment:

- `TextColumn`: strings in blocks of `BLOCK`, each block one UTF-8 ``bytes`` (or one
  ``str`` when all ASCII: 1 byte a character and no decoding) and an ``array`` of offsets;
  a string is decoded when it is read. ``None`` entries are a mask per block.
- `IntColumn`: an ``array('i')`` (parent, depth, subtree end).
- `OptIntColumn`: 64-bit ints with a sentinel for ``None`` and a side table for the rare
  int that does not fit (score, more).
- `BoolColumn` / `OptBoolColumn` / `ByteColumn`: one byte a comment (deleted, verified,
  flags).
- `DateColumn`: microseconds since the epoch and the UTC offset in seconds; a datetime
  with any other kind of tzinfo is kept as it is in a side table.

Every column takes any iterable of its values, and `extend` more of them: a `Thread` can be
built from lists (the builder, tests) or grown a slice at a time (the reader's background
load), and `block_state` / `add_blocks` move whole blocks between processes without
making an object per comment.
"""

from __future__ import annotations

import codecs
import operator
import threading
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from itertools import accumulate, repeat
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

BLOCK = 4096
"""Strings per block: big enough that a block's overhead (about 200 bytes) is nothing,
small enough that reading one never copies much."""

_SHIFT = BLOCK.bit_length() - 1
_MASK = BLOCK - 1
assert 1 << _SHIFT == BLOCK

T = TypeVar("T", str, str | None)
_V = TypeVar("_V")


class _ListLike(Sequence[_V]):
    """A column that compares equal to a list of the same values, as the lists it
    replaced did (tests and callers compare columns with lists), and is unhashable."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


# --- strings ---------------------------------------------------------------------------


def _alphabet() -> str:
    """What the 128 bytes above ASCII stand for in a narrow block: the Arabic script as
    Persian and Arabic write it (letters, harakat, both kinds of digits, punctuation),
    the joiners and marks written between its letters, common typography and the
    Latin-1 letters of Western European languages. A text of these characters costs one
    byte a character, where UTF-8 takes two for each Arabic letter and a `str` of mixed
    text two for every character."""
    chars = [chr(c) for c in range(0x0621, 0x063B)]  # hamza .. ghain
    chars += [chr(c) for c in range(0x0640, 0x0656)]  # tatweel, feh .. yeh, harakat
    chars += [chr(c) for c in range(0x0660, 0x066B)]  # Arabic-Indic digits, percent
    chars += list("\u060c\u061b\u061f\u0670\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0")
    chars += [chr(c) for c in range(0x06F0, 0x06FA)]  # Persian digits
    chars += list("\u200c\u200d\u200e\u200f\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022")
    chars += list("\u00a0\u00ab\u00bb\u00b0\u00d7\u00e9\u00e8\u00e0\u00e7\u00ea\u00eb")
    chars += list("\u00ee\u00ef\u00f4\u00fc\u00f6\u00e4\u00df\u00f1\u00e1\u00ed\u00f3")
    chars += list("\u00fa\u00e2\u00fb\u00e5\u00f8\u00e6\u00c9\u00a9\u20ac\u00a3")
    assert len(chars) <= 128 and len(set(chars)) == len(chars)
    chars += ["\ufffe"] * (128 - len(chars))  # unused bytes (U+FFFE is a noncharacter)
    return "".join(map(chr, range(128))) + "".join(chars)


NARROW = _alphabet()
"""The decoding table of narrow text: byte ``b`` is character ``NARROW[b]``."""
_NARROW_MAP = codecs.charmap_build(NARROW)
_MAX_ODD = 64  # strings of a block that may fall outside the alphabet before it is UTF-8


def narrow(text: str) -> bytes | None:
    """``text`` one byte a character in the `NARROW` alphabet, or None when it has a
    character outside it."""
    try:
        return codecs.charmap_encode(text, "strict", _NARROW_MAP)[0]
    except UnicodeEncodeError:
        return None


def widen(data: bytes) -> str:
    """The text `narrow` gave ``data`` for."""
    return codecs.charmap_decode(data, "strict", NARROW)[0]


_misses = threading.local()


def _note_miss(e: UnicodeError) -> tuple[str, int]:
    # Keeps the block one byte a character: the string holding it is kept aside.
    assert isinstance(e, UnicodeEncodeError)
    _misses.runs.append(e.start)
    return "\x00" * (e.end - e.start), e.end


codecs.register_error("threadtui-narrow", _note_miss)


def _narrow_block(joined: str, offs: array[int]) -> tuple[bytes, dict[int, str]] | None:
    """``joined`` narrowed, and the strings (by index in the block) that have characters
    outside the alphabet; None when there are too many of them."""
    runs: list[int] = []
    _misses.runs = runs
    data = codecs.charmap_encode(joined, "threadtui-narrow", _NARROW_MAP)[0]
    odd: dict[int, str] = {}
    for pos in runs:
        k = bisect_right(offs, pos) - 1
        if k not in odd:
            odd[k] = joined[offs[k] : offs[k + 1]]
            if len(odd) > _MAX_ODD:
                return None
    return data, odd


class _Block:
    """One block of strings: the text, the offset of each string in it, which are None.

    The text is a `str` when it is all ASCII, else narrow bytes (`narrow`: one byte a
    character, so the offsets count characters either way) with the few strings that do
    not fit in ``odd``, else UTF-8 (``odd`` None, offsets in bytes)."""

    __slots__ = ("data", "nones", "odd", "offs")

    def __init__(
        self,
        data: bytes | str,
        offs: array[int],
        nones: bytes | None,
        odd: dict[int, str] | None = None,
    ) -> None:
        self.data = data
        self.offs = offs  # len(block) + 1 offsets, starting at 0
        self.nones = nones
        self.odd = odd

    def state(self) -> tuple[Any, ...]:
        return self.data, self.offs, self.nones, self.odd

    @classmethod
    def of(cls, values: list[Any]) -> _Block:
        nones: bytes | None = None
        if None in values:
            nones = bytes(map(operator.is_, values, repeat(None)))
            values = ["" if v is None else v for v in values]
        joined = "".join(values)
        offs = array("I", accumulate(map(len, values), initial=0))
        if joined.isascii():
            # One byte a character already, and a slice needs no decoding.
            return cls(joined, offs, nones)
        got = _narrow_block(joined, offs)
        if got is not None:
            return cls(got[0], offs, nones, got[1])
        encoded = list(map(str.encode, values, repeat("utf-8"), repeat("surrogatepass")))
        offs = array("I", accumulate(map(len, encoded), initial=0))
        return cls(b"".join(encoded), offs, nones)

    def __len__(self) -> int:
        return len(self.offs) - 1

    def get(self, k: int) -> str | None:
        if self.nones is not None and self.nones[k]:
            return None
        o = self.offs
        s = self.data[o[k] : o[k + 1]]
        if type(s) is str:
            return s
        odd = self.odd
        if odd is None:
            return s.decode("utf-8", "surrogatepass")  # type: ignore[union-attr]
        if odd and k in odd:
            return odd[k]
        return codecs.charmap_decode(cast(bytes, s), "strict", NARROW)[0]

    def values(self, lo: int = 0, hi: int | None = None) -> list[Any]:
        """Items ``lo`` to ``hi`` of the block, decoded."""
        data, o = self.data, self.offs
        if hi is None:
            hi = len(o) - 1
        odd = self.odd
        if type(data) is not str and odd is None:
            raw = map(cast(bytes, data).__getitem__, map(slice, o[lo:hi], o[lo + 1 : hi + 1]))
            out: list[Any] = [
                b.decode("utf-8", "surrogatepass") for b in cast(Iterator[bytes], raw)
            ]
        else:
            base = o[lo]
            if type(data) is str:
                text = data[base : o[hi]] if lo or hi < len(o) - 1 else data
            else:
                text = codecs.charmap_decode(cast(bytes, data)[base : o[hi]], "strict", NARROW)[0]
            if base:
                cuts = map(
                    slice, map(base.__rsub__, o[lo:hi]), map(base.__rsub__, o[lo + 1 : hi + 1])
                )
            else:
                cuts = map(slice, o[lo:hi], o[lo + 1 : hi + 1])
            out = list(map(text.__getitem__, cuts))
            if odd:
                for k, v in odd.items():
                    if lo <= k < hi:
                        out[k - lo] = v
        nones = self.nones
        if nones is not None and any(nones[lo:hi]):
            for k in range(lo, hi):
                if nones[k]:
                    out[k - lo] = None
        return out

    def nbytes(self) -> int:
        return len(self.data) + 4 * len(self.offs) + len(self.nones or b"")


class TextColumn(_ListLike[T], Generic[T]):
    """Strings (or None), stored as `_Block` s; the last, partial block is a list until it
    fills."""

    __slots__ = ("_blocks", "_n", "_tail")

    def __init__(self, values: Iterable[T] = ()) -> None:
        self._blocks: list[_Block] = []
        self._tail: list[T] = []
        self._n = 0
        self.extend(values)

    def __len__(self) -> int:
        return self._n

    def extend(self, values: Iterable[T]) -> None:
        tail = self._tail
        tail.extend(values)
        self._n = len(self._blocks) * BLOCK + len(tail)
        if len(tail) >= BLOCK:
            full = len(tail) - len(tail) % BLOCK
            for k in range(0, full, BLOCK):
                self._blocks.append(_Block.of(tail[k : k + BLOCK]))
            del tail[:full]

    def append(self, value: T) -> None:
        self.extend((value,))

    def block_state(self, start: int, stop: int) -> Any:
        """Items ``start`` to ``stop`` (block-aligned start) as a picklable value for
        `add_blocks`: whole blocks as they are stored, no string made."""
        if start % BLOCK:
            raise ValueError("block_state starts at a block")
        out: list[Any] = []
        for k in range(start, stop, BLOCK):
            b = k >> _SHIFT
            if b < len(self._blocks) and k + BLOCK <= stop:
                out.append(self._blocks[b].state())
            else:
                out.append(list(self[k:stop]))
        return out

    def add_blocks(self, state: Any) -> None:
        """Append what `block_state` gave."""
        for part in state:
            if type(part) is list:
                self.extend(part)
            elif not self._tail and len(part[1]) - 1 == BLOCK:
                self._blocks.append(_Block(*part))
                self._n += BLOCK
            else:
                self.extend(_Block(*part).values())

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> list[T]: ...
    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return self._slice(*i.indices(self._n))
        n = self._n
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("column index out of range")
        b = i >> _SHIFT
        if b < len(self._blocks):
            return self._blocks[b].get(i & _MASK)  # type: ignore[return-value]
        return self._tail[i & _MASK]

    def _slice(self, start: int, stop: int, step: int) -> list[T]:
        if step != 1:
            return [self[k] for k in range(start, stop, step)]
        out: list[T] = []
        while start < stop:
            b = start >> _SHIFT
            lo = start & _MASK
            hi = min(BLOCK, lo + stop - start)
            if b < len(self._blocks):
                out += self._blocks[b].values(lo, hi)
            else:
                out += self._tail[lo:hi]
            start += hi - lo
        return out

    def __iter__(self) -> Iterator[T]:
        for blk in self._blocks:
            yield from blk.values()
        yield from self._tail

    def blocks(self) -> Iterator[list[T]]:
        """The values a block at a time (a list each): passes over every comment without
        holding all of the strings at once."""
        for blk in self._blocks:
            yield blk.values()
        if self._tail:
            yield list(self._tail)

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        """The first ``i`` holding ``value``: a search of each block's text in C, not a
        string made per item."""
        stop = self._n if stop is None else min(stop, self._n)
        if value is not None and type(value) is str:
            for b, blk in enumerate(self._blocks):
                base = b * BLOCK
                if base + BLOCK <= start or base >= stop:
                    continue
                k = self._find(blk, value)
                while k is not None:
                    if start <= base + k < stop:
                        return base + k
                    k = self._find(blk, value, k + 1)
        else:
            for i in range(start, min(stop, len(self._blocks) * BLOCK)):
                if self[i] == value:
                    return i
        base = len(self._blocks) * BLOCK
        for k, v in enumerate(self._tail):
            if start <= base + k < stop and v == value:
                return base + k
        raise ValueError(f"{value!r} is not in the column")

    @staticmethod
    def _find(blk: _Block, value: str, first: int = 0) -> int | None:
        """The first item ``>= first`` of ``blk`` equal to ``value``, or None."""
        data, o, odd = blk.data, blk.offs, blk.odd
        needle: Any
        if type(data) is str:
            needle = value
        elif odd is None:
            needle = value.encode("utf-8", "surrogatepass")
        else:
            needle = narrow(value)
            if needle is None:  # only a string kept aside can hold it
                hits = [k for k, v in odd.items() if k >= first and v == value]
                return min(hits) if hits else None
        size = len(needle)
        pos = o[first]
        end = o[-1]
        while True:
            pos = data.find(needle, pos, end)
            if pos < 0:
                return None
            k = bisect_left(o, pos)
            # `pos` starts item k (o[k] == pos); several empty items can share it.
            while k < len(o) - 1 and o[k] == pos:
                if o[k + 1] == pos + size and blk.get(k) == value:
                    return k
                k += 1
            pos += 1

    def __contains__(self, value: object) -> bool:
        try:
            self.index(value)
        except ValueError:
            return False
        return True

    def nbytes(self) -> int:
        return sum(b.nbytes() for b in self._blocks)


# --- numbers ---------------------------------------------------------------------------


if TYPE_CHECKING:
    _IntArray = array[int]
else:
    _IntArray = array


class IntColumn(_IntArray):
    """``array('i')`` that compares equal to a list of the same ints (parent, depth, end)."""

    __slots__ = ()

    def __new__(cls, values: Iterable[int] = ()) -> IntColumn:
        return cast(IntColumn, super().__new__(cls, "i", values))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return self.tolist() == other
        return bool(array.__eq__(self, other))

    __hash__ = None

    def block_state(self, start: int, stop: int) -> Any:
        return array("i", self[start:stop])

    def add_blocks(self, state: Any) -> None:
        self.extend(state)


class ByteColumn(bytearray):
    """A byte a comment (flags: small bitmasks, changed in place with ``|=``)."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, list):
            return list(self) == other
        return bytearray.__eq__(self, other)

    __hash__ = None

    def block_state(self, start: int, stop: int) -> Any:
        return bytes(self[start:stop])

    def add_blocks(self, state: Any) -> None:
        self.extend(state)


_NONE = -(2**63)
_LO, _HI = _NONE + 1, 2**63 - 1


class OptIntColumn(_ListLike[Any]):
    """Ints or None, 8 bytes each; one that does not fit in 64 bits is kept aside."""

    __slots__ = ("_a", "_big")

    def __init__(self, values: Iterable[int | None] = ()) -> None:
        self._a = array("q")
        self._big: dict[int, int] = {}
        self.extend(values)

    def extend(self, values: Iterable[int | None]) -> None:
        vals = values if type(values) is list else list(values)
        base = len(self._a)
        if _NONE not in vals:  # (a real -2**63 would read as None: kept aside below)
            coded = [_NONE if v is None else v for v in vals] if None in vals else vals
            try:
                self._a.extend(coded)  # type: ignore[arg-type]
                return
            except OverflowError:
                del self._a[base:]  # what the failed extend added
        for k, v in enumerate(vals):
            if v is None:
                self._a.append(_NONE)
            elif _LO <= v <= _HI:
                self._a.append(v)
            else:
                self._big[base + k] = v
                self._a.append(0)

    def append(self, value: int | None) -> None:
        self.extend([value])

    def __len__(self) -> int:
        return len(self._a)

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            start, stop, step = i.indices(len(self._a))
            part = self._a[start:stop:step]
            if not self._big and _NONE not in part:
                return part.tolist()
            return [self[k] for k in range(start, stop, step)]
        v = self._a[i]
        if v == _NONE:
            return None
        if self._big and v == 0:
            return self._big.get(i if i >= 0 else i + len(self._a), 0)
        return v

    def __setitem__(self, i: int, value: int | None) -> None:
        if i < 0:
            i += len(self._a)
        self._big.pop(i, None)
        if value is None:
            self._a[i] = _NONE
        elif _LO <= value <= _HI:
            self._a[i] = value
        else:
            self._a[i] = 0
            self._big[i] = value

    def __iter__(self) -> Iterator[Any]:
        if not self._big:
            a = self._a
            if _NONE not in a:
                return iter(a)
            return (None if v == _NONE else v for v in a)
        return (self[k] for k in range(len(self._a)))

    def block_state(self, start: int, stop: int) -> Any:
        big = {k - start: v for k, v in self._big.items() if start <= k < stop}
        return self._a[start:stop], big

    def add_blocks(self, state: Any) -> None:
        part, big = state
        base = len(self._a)
        self._a.extend(part)
        for k, v in big.items():
            self._big[base + k] = v


class _ByteCoded(_ListLike[Any]):
    """A byte a comment standing for a few values (`_CODES`)."""

    __slots__ = ("_b",)
    _CODES: tuple[Any, ...] = ()

    def __init__(self, values: Iterable[Any] = ()) -> None:
        self._b = bytearray()
        self.extend(values)

    def extend(self, values: Iterable[Any]) -> None:
        codes = self._CODES
        # bool/None index by identity (True == 1 would find the wrong code for 1 vs True).
        look = {id(v): k for k, v in enumerate(codes)}
        self._b.extend(look[id(v if v is None else bool(v))] for v in values)

    def append(self, value: Any) -> None:
        self.extend((value,))

    def __len__(self) -> int:
        return len(self._b)

    @overload
    def __getitem__(self, i: int) -> Any: ...
    @overload
    def __getitem__(self, i: slice) -> list[Any]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return list(map(self._CODES.__getitem__, self._b[i]))
        return self._CODES[self._b[i]]

    def __setitem__(self, i: int, value: Any) -> None:
        self._b[i] = self._CODES.index(value if value is None else bool(value))

    def __iter__(self) -> Iterator[Any]:
        return map(self._CODES.__getitem__, self._b)

    def count(self, value: Any) -> int:
        return self._b.count(self._CODES.index(value))

    def block_state(self, start: int, stop: int) -> Any:
        return bytes(self._b[start:stop])

    def add_blocks(self, state: Any) -> None:
        self._b.extend(state)


class BoolColumn(_ByteCoded):
    __slots__ = ()
    _CODES = (False, True)

    def __iter__(self) -> Iterator[bool]:
        return map(bool, self._b)


class OptBoolColumn(_ByteCoded):
    __slots__ = ()
    _CODES = (None, False, True)


# --- dates -----------------------------------------------------------------------------

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_NAIVE_EPOCH = datetime(1970, 1, 1)
_NAIVE = -(2**31)  # offset code of a datetime without tzinfo
_US = timedelta(microseconds=1)


def _fixed(tz: tzinfo | None, dt: datetime) -> int | None:
    """The offset in seconds of a plain `timezone` (what ``fromisoformat`` gives), _NAIVE
    without one, None for any other tzinfo (kept as it is)."""
    if tz is None:
        return _NAIVE
    if type(tz) is not timezone:
        return None
    off = tz.utcoffset(None)
    if off.microseconds or timezone(off).tzname(None) != tz.tzname(None):
        return None  # a named zone, or an offset timezone() cannot round-trip
    return int(off.total_seconds())


class DateColumn(_ListLike[datetime | None]):
    """Datetimes as microseconds since the epoch (``array('q')``) and their UTC offset in
    seconds (``array('i')``), remade when read."""

    __slots__ = ("_off", "_other", "_tz", "_us")

    def __init__(self, values: Iterable[datetime | None] = ()) -> None:
        self._us = array("q")
        self._off = array("i")
        self._other: dict[int, datetime] = {}
        self._tz: dict[int, timezone] = {}
        self.extend(values)

    def extend(self, values: Iterable[datetime | None]) -> None:
        us, offs = self._us, self._off
        for v in values:
            if v is None:
                us.append(_NONE)
                offs.append(0)
                continue
            off = _fixed(v.tzinfo, v)
            if off is None:
                self._other[len(us)] = v
                us.append(0)
                offs.append(0)
            elif off == _NAIVE:
                us.append((v - _NAIVE_EPOCH) // _US)
                offs.append(_NAIVE)
            else:
                us.append((v - _EPOCH) // _US)
                offs.append(off)

    def append(self, value: datetime | None) -> None:
        self.extend((value,))

    def __len__(self) -> int:
        return len(self._us)

    def _get(self, i: int) -> datetime | None:
        u = self._us[i]
        if u == _NONE:
            return None
        if self._other and i in self._other:
            return self._other[i]
        off = self._off[i]
        if off == _NAIVE:
            return _NAIVE_EPOCH + timedelta(microseconds=u)
        tz = self._tz.get(off)
        if tz is None:
            tz = self._tz[off] = timezone(timedelta(seconds=off))
        return (_EPOCH + timedelta(microseconds=u)).astimezone(tz)

    @overload
    def __getitem__(self, i: int) -> datetime | None: ...
    @overload
    def __getitem__(self, i: slice) -> list[datetime | None]: ...
    def __getitem__(self, i: int | slice) -> datetime | list[datetime | None] | None:
        if isinstance(i, slice):
            return [self._get(k) for k in range(*i.indices(len(self._us)))]
        n = len(self._us)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("column index out of range")
        return self._get(i)

    def __iter__(self) -> Iterator[datetime | None]:
        return map(self._get, range(len(self._us)))

    def block_state(self, start: int, stop: int) -> Any:
        other = {k - start: v for k, v in self._other.items() if start <= k < stop}
        return self._us[start:stop], self._off[start:stop], other

    def add_blocks(self, state: Any) -> None:
        us, off, other = state
        base = len(self._us)
        self._us.extend(us)
        self._off.extend(off)
        for k, v in other.items():
            self._other[base + k] = v
