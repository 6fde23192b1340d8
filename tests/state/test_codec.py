"""How ids and flags are stored, and that nothing read back is trusted."""

from __future__ import annotations

import json
import zlib

import pytest

from threadtui.state import codec


@pytest.mark.parametrize(
    "ids",
    [
        [],
        [""],
        ["", ""],
        ["a"],
        ["c1", "c2", "c3"],
        ["with\x00nul", "x"],
        ["فارسی", "ي", "emoji 🎉"],
        ["lone \ud800 surrogate"],
        [f"c{i}" for i in range(100_000)],
    ],
)
def test_ids_round_trip(ids: list[str]) -> None:
    assert codec.unpack_ids(codec.pack_ids(ids)) == ids


def test_ids_of_a_big_thread_are_small() -> None:
    ids = [f"c{i}" for i in range(100_000)]
    assert len(codec.pack_ids(ids)) < 400_000


@pytest.mark.parametrize(
    "blob",
    [
        None,
        "text",
        b"",
        b"not zlib",
        zlib.compress(b"Xunknown"),
        zlib.compress(b'J{"not": "a list"}'),
        zlib.compress(b"J[1, 2]"),
        zlib.compress(b"J[[[[[[[["),
        zlib.compress(b"0\xff\xfe"),
        zlib.compress(b"0abc")[:-3],  # truncated
    ],
)
def test_bad_id_blobs_raise_bad_blob(blob: object) -> None:
    with pytest.raises(codec.BadBlob):
        codec.unpack_ids(blob)


def test_a_decompression_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "MAX_BLOB", 1 << 20)
    bomb = zlib.compress(b"0" + b"a" * (4 << 20))
    with pytest.raises(codec.BadBlob):
        codec.unpack_ids(bomb)


def test_flags_round_trip_and_shape_is_checked() -> None:
    flags = bytearray([0, 1, 1, 0, 1])
    assert codec.unpack_flags(codec.pack_flags(flags), 5) == flags
    with pytest.raises(codec.BadBlob):
        codec.unpack_flags(codec.pack_flags(flags), 6)
    with pytest.raises(codec.BadBlob):
        codec.unpack_flags(codec.pack_flags(b"\x00\x02"), 2)
    with pytest.raises(codec.BadBlob):
        codec.unpack_flags(codec.pack_flags(b"\x01" * 10), 5)


def test_json_and_strings_round_trip() -> None:
    value = [["c1", 3], ["ي", 5]]
    assert codec.unpack_json(codec.pack_json(value)) == value
    assert codec.unpack_str(codec.pack_str("فارسی\nx")) == "فارسی\nx"
    with pytest.raises(codec.BadBlob):
        codec.unpack_json(zlib.compress(json.dumps([1]).encode()[:-1]))
