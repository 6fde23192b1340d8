"""The compact columns of `Thread` (#18): the same values back, whatever the storage."""

from __future__ import annotations

import pickle
import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from threadtui.model.columns import (
    BLOCK,
    NARROW,
    BoolColumn,
    DateColumn,
    IntColumn,
    OptBoolColumn,
    OptIntColumn,
    TextColumn,
    narrow,
    widen,
)
from threadtui.model.thread import Thread

PERSIAN = "می\u200cخواهم کتاب بخوانم، ۱۴۰۲؟ "
ARABIC = "نقاش طويل — ٢٠٢٣ إلى "


def _strings(seed: int, n: int, alphabet: str, odd: float = 0.0) -> list[str | None]:
    r = random.Random(seed)
    out: list[str | None] = []
    for _ in range(n):
        if r.random() < 0.05:
            out.append(None)
            continue
        s = "".join(r.choice(alphabet) for _ in range(r.randrange(0, 14)))
        if r.random() < odd:
            s += r.choice(["\U0001f600", "\u4e2d", "\ud800"])  # outside the alphabet
        out.append(s)
    return out


CASES = {
    "ascii": _strings(1, 2 * BLOCK + 5, "abc xyz\n"),
    "narrow": _strings(2, 2 * BLOCK + 5, PERSIAN + ARABIC + "abc é"),
    "narrow with odd ones": _strings(3, 2 * BLOCK + 5, PERSIAN + "ab", odd=0.004),
    "utf-8": _strings(4, 2 * BLOCK + 5, PERSIAN + "ab", odd=0.5),
}


def _kinds(col: TextColumn[str | None]) -> set[str]:
    out = set()
    for blk in col._blocks:
        if isinstance(blk.data, str):
            out.add("ascii")
        elif blk.odd is None:
            out.add("utf-8")
        else:
            out.add("narrow with odd ones" if blk.odd else "narrow")
    return out


@pytest.mark.parametrize("case", list(CASES))
def test_text_column_gives_back_what_it_was_given(case: str) -> None:
    values = CASES[case]
    col = TextColumn(values)
    assert case in _kinds(col)  # the storage this case is about
    assert len(col) == len(values)
    assert list(col) == values
    assert [col[i] for i in range(len(values))] == values
    assert col[-1] == values[-1]
    for lo, hi in [(0, 7), (3, BLOCK + 9), (BLOCK - 2, 2 * BLOCK + 5), (10, 10)]:
        assert col[lo:hi] == values[lo:hi]
    assert col[1:50:7] == values[1:50:7]
    assert col == values
    with pytest.raises(IndexError):
        col[len(values)]


@pytest.mark.parametrize("case", list(CASES))
def test_text_column_index_finds_the_first_equal_string(case: str) -> None:
    values = CASES[case]
    col = TextColumn(values)
    probes = [v for v in values[:: BLOCK // 8] if v is not None]
    probes += ["", "absent \U0001f600", values[-3] or "x", "\U0001f600", "a"]
    for v in probes:
        want = values.index(v) if v in values else None
        got = col.index(v) if v in col else None
        assert got == want, v
    with pytest.raises(ValueError):
        col.index("certainly not in the column")


def test_text_column_moves_between_processes_a_block_at_a_time() -> None:
    values = CASES["narrow with odd ones"]
    col = TextColumn(values)
    other: TextColumn[str | None] = TextColumn()
    for start in range(0, len(values), BLOCK):
        state = pickle.loads(pickle.dumps(col.block_state(start, min(len(values), start + BLOCK))))
        other.add_blocks(state)
    assert list(other) == values
    other.extend(["one more"])
    assert other[-1] == "one more" and len(other) == len(values) + 1


def test_narrow_text_costs_a_byte_a_character() -> None:
    text = (PERSIAN + ARABIC + "plain words ") * 50
    data = narrow(text)
    assert data is not None and len(data) == len(text)
    assert widen(data) == text
    assert narrow("\U0001f600") is None
    assert len(NARROW) == 256 and NARROW[:128] == "".join(map(chr, range(128)))
    col = TextColumn([text[i : i + 300] for i in range(0, BLOCK * 300, 300)])
    chars = sum(len(s) for s in col)
    assert col.nbytes() < chars + 5 * len(col)  # text plus an offset: no object a string


def test_int_columns() -> None:
    ints = IntColumn([0, -1, 5])
    assert ints == [0, -1, 5] and ints != [0, -1]
    opt = OptIntColumn([3, None, 2**70, -(2**63), 0])
    assert opt == [3, None, 2**70, -(2**63), 0]
    assert opt[1] is None and opt[2] == 2**70 and opt[-1] == 0 and opt[1:3] == [None, 2**70]
    opt[0] = None
    opt[4] = -(2**65)
    assert list(opt) == [None, None, 2**70, -(2**63), -(2**65)]
    moved = OptIntColumn()
    moved.add_blocks(pickle.loads(pickle.dumps(opt.block_state(0, len(opt)))))
    assert moved == opt


def test_bool_columns() -> None:
    b = BoolColumn([True, False, True])
    assert b == [True, False, True] and b[0] is True and b.count(True) == 2
    o = OptBoolColumn([None, False, True])
    assert list(o) == [None, False, True] and o[0] is None and o[1] is False


def test_date_column_keeps_offsets_and_other_zones() -> None:
    tehran = timezone(timedelta(hours=3, minutes=30))
    values = [
        datetime(2023, 9, 12, 21, 59, 10, tzinfo=UTC),
        None,
        datetime(2024, 3, 20, 6, 0, 0, 123456, tzinfo=tehran),
        datetime(1901, 1, 1, 0, 0),  # naive
        datetime(2024, 3, 20, 6, 0, tzinfo=ZoneInfo("Asia/Tehran")),
        datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=1), "CET")),
    ]
    col = DateColumn(values)
    assert list(col) == values
    for got, want in zip(col, values, strict=True):
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert got.utcoffset() == want.utcoffset()
            assert got.tzname() == want.tzname()
            assert got.isoformat() == want.isoformat()
    moved = DateColumn()
    moved.add_blocks(pickle.loads(pickle.dumps(col.block_state(0, len(col)))))
    assert list(moved) == values


def test_a_thread_given_lists_stores_columns() -> None:
    t = Thread(
        title="t",
        ids=["a", "b"],
        parent=[-1, 0],
        depth=[0, 1],
        end=[2, 2],
        author=["x", None],
        verified=[None, True],
        posted=[None, None],
        posted_text=[None, None],
        title_=[None, None],
        score=[1, None],
        body=["سلام", ""],
        url_=[None, None],
        deleted=[False, False],
        more=[0, 3],
        flags=[0, 0],
    )
    assert isinstance(t.body, TextColumn) and isinstance(t.parent, IntColumn)
    assert t.ids == ["a", "b"] and t.body == ["سلام", ""] and t.score == [1, None]
    assert t.index_of("b") == 1 and t.index_of("c") is None
    assert t.children(-1) == [0] and t.children(0) == [1]
    t.flags[1] |= 4
    assert t.flags[1] == 4
