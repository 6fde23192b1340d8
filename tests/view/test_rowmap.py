"""The row map against the obvious list of running totals (#18.2)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from threadtui.model import load_thread_text
from threadtui.view.rowmap import BLOCK, RowMap, estimate, expanded_heights, inner_width


def naive_find(h: list[int], row: int) -> tuple[int, int]:
    row = max(0, row)
    acc = 0
    for i, x in enumerate(h):
        if acc + x > row:
            return i, row - acc
        acc += x
    for i in range(len(h) - 1, -1, -1):
        if h[i]:
            return i, row - sum(h[:i])
    return -1, row


def check(m: RowMap, h: list[int]) -> None:
    assert len(m) == len(h)
    assert m.total == sum(h)
    for i in range(len(h) + 1):
        assert m.start(i) == sum(h[:i])
    for row in range(-2, sum(h) + 3):
        assert m.find(row) == naive_find(h, row), row


heights = st.lists(st.integers(0, 5), max_size=3 * BLOCK + 7)


@settings(max_examples=40, deadline=None)
@given(heights, st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 6)), max_size=30))
def test_matches_running_totals(h: list[int], changes: list[tuple[int, int]]) -> None:
    m = RowMap(list(h))
    check(m, h)
    if not h:
        return
    copy, before = m.copy(), list(h)
    for k, v in changes:
        i = k % len(h)
        assert m.set(i, v) == v - h[i]
        h[i] = v
    check(m, h)
    check(copy, before)


def test_zero_heights_and_empty() -> None:
    assert RowMap([]).find(3) == (-1, 3)
    assert RowMap([]).total == 0
    m = RowMap([0] * (2 * BLOCK + 3))
    assert m.find(0) == (-1, 0)
    m.set(BLOCK + 1, 4)
    assert m.find(0) == (BLOCK + 1, 0)
    assert m.find(9) == (BLOCK + 1, 9)
    assert m.start(2 * BLOCK) == 4


def test_copy_is_independent() -> None:
    m = RowMap([1] * (BLOCK * 2))
    c = m.copy()
    c.set(0, 5)
    assert m.total == BLOCK * 2 and c.total == BLOCK * 2 + 4
    assert m.find(1) == (1, 0) and c.find(1) == (0, 1)


def test_expanded_heights_agree_with_estimate() -> None:
    text = (
        '{"title":"t","comments":[{"body":"a\\nb","more":2,"replies":[{"body":""},'
        '{"body":"' + "x" * 300 + '","replies":[{"body":"deep"}]}]},{"body":"z"}]}'
    )
    t = load_thread_text(text)
    for width in (10, 40, 80, 200):
        want = [
            estimate(t.body[i], inner_width(width, t.depth[i]), t.more[i]) for i in range(len(t))
        ]
        assert expanded_heights(t, width) == want
        assert expanded_heights(t, width, 1, 3) == want[1:3]
