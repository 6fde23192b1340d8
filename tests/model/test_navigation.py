"""Tree navigation (threadtui.model.navigation) against a brute-force oracle that walks
the parent column, on random trees and on the edge cases: no comments, one top-level
comment, a 100,000-deep chain."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from threadtui.model import Thread, ThreadBuilder
from threadtui.model import navigation as nav


def _thread(parents: list[int], authors: list[str] | None = None) -> Thread:
    """A thread whose comment k replies to parents[k] (an earlier comment, or -1); built
    directly, so that a 100,000-deep chain needs no nested JSON."""
    b = ThreadBuilder("t")
    for k, p in enumerate(parents):
        b.add(str(k), id=f"c{k}", nested_in=p, author=authors[k] if authors else None)
    t = b.build()
    return t


@st.composite
def trees(draw):  # type: ignore[no-untyped-def]
    n = draw(st.integers(0, 40))
    parents = [draw(st.integers(-1, k - 1)) for k in range(n)]
    names = draw(
        st.lists(st.sampled_from(["Ali", "ali", "ALÍ", "Rezā", "bob"]), min_size=n, max_size=n)
    )
    return _thread(parents, names)


def _siblings(t: Thread, i: int) -> list[int]:
    return [j for j in range(len(t)) if t.parent[j] == t.parent[i]]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(trees())
def test_siblings_and_roots_match_the_oracle(t: Thread) -> None:
    top = [j for j in range(len(t)) if t.parent[j] < 0]
    assert nav.roots(t) == top
    for i in range(len(t)):
        sib = _siblings(t, i)
        k = sib.index(i)
        want_next = sib[k + 1] if k + 1 < len(sib) else None
        want_prev = sib[k - 1] if k > 0 else None
        assert nav.next_sibling(t, i) == want_next
        assert nav.previous_sibling(t, i) == want_prev
        assert nav.previous_sibling(t, i, top) == want_prev
        later = [r for r in top if r > i]
        assert nav.next_root(top, i) == (later[0] if later else None)
        root = t.root_of(i)
        earlier = [r for r in top if r < i]
        want = root if root != i else (earlier[-1] if earlier else None)
        assert nav.previous_root(t, top, i) == want


@settings(max_examples=150, deadline=None, derandomize=True)
@given(trees(), st.data())
def test_filter_context_is_the_unmatched_ancestors(t: Thread, data) -> None:  # type: ignore[no-untyped-def]
    matching = data.draw(st.sets(st.integers(0, max(0, len(t) - 1)))) if len(t) else set()
    want = sorted({a for i in matching for a in t.ancestors(i)} - matching)
    assert nav.filter_context(t, matching) == want


def test_by_author_is_case_insensitive_and_in_order() -> None:
    t = _thread([-1, 0, -1, 2, 3], ["Ali", "bob", "ALI", "ali", "Alİ"])
    assert nav.by_author(t, "ali") == [0, 2, 3]
    assert nav.by_author(t, "nobody") == []


def test_empty_thread() -> None:
    t = _thread([])
    assert nav.roots(t) == []
    assert nav.next_root([], 0) is None
    assert nav.filter_context(t, []) == []


class _Counting(list):  # type: ignore[type-arg]
    reads = 0

    def __getitem__(self, k):  # type: ignore[no-untyped-def]
        _Counting.reads += 1
        return super().__getitem__(k)


def test_filter_context_reads_each_ancestor_once_on_a_deep_chain() -> None:
    """Every comment of a 100,000-deep chain matching but every tenth: a walk to the root
    from each match would read about 5 * 10^9 parents; the walk stops at the first
    ancestor already known, so the reads stay within a small multiple of n (counted, not
    timed)."""
    n = 100_000
    t = _thread(list(range(-1, n - 1)))
    matching = [i for i in range(n) if i % 10]
    t.parent = _Counting(t.parent)
    _Counting.reads = 0
    context = nav.filter_context(t, matching)
    assert context == [i for i in range(0, n - 1, 10)]
    assert _Counting.reads <= 3 * n
