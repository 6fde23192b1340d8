from hypothesis import given, settings
from hypothesis import strategies as st

from threadtui.model import FoldState, ThreadBuilder


def chain_thread(parents: list[int]):
    b = ThreadBuilder("t")
    for k, p in enumerate(parents):
        b.add(str(k), id=str(k), parent=str(p) if p >= 0 else None)
    return b.build()


def reference_visible(t, collapsed: set[int]) -> list[int]:
    out = []
    for i in range(len(t)):
        if not any(a in collapsed for a in t.ancestors(i)):
            out.append(i)
    return out


@st.composite
def trees(draw):
    n = draw(st.integers(1, 60))
    parents = [-1]
    for k in range(1, n):
        parents.append(draw(st.integers(-1, k - 1)))
    return parents


@settings(max_examples=200, deadline=None)
@given(trees(), st.lists(st.integers(0, 59), max_size=30))
def test_fold_matches_reference(parents, toggles) -> None:
    t = chain_thread(parents)
    f = FoldState(t)
    collapsed: set[int] = set()
    for k in toggles:
        i = k % len(t)
        if f.toggle(i):
            collapsed ^= {i}
        assert f.visible == reference_visible(t, collapsed)
    f.collapse_all()
    assert f.visible == t.children(-1)
    f.expand_all()
    assert f.visible == list(range(len(t)))


def test_collapse_below_and_ancestors() -> None:
    t = chain_thread([-1, 0, 1, 2, -1, 4])
    f = FoldState(t)
    f.collapse_below(1)
    assert f.visible == [0, 1, 4, 5]
    assert f.hidden_count(1) == 2
    f.collapse(0)
    assert not f.is_visible(3)
    assert f.expand_ancestors(3)
    assert f.is_visible(3)


@settings(max_examples=150, deadline=None)
@given(trees(), st.integers(0, 8), st.lists(st.integers(0, 59), max_size=10))
def test_collapse_below_matches_reference(parents, depth, toggles) -> None:
    """The bulk paths (#18.2) agree with collapsing each comment one at a time."""
    t = chain_thread(parents)
    f = FoldState(t)
    f.collapse_below(depth)
    want = {i for i in range(len(t)) if t.depth[i] >= depth and t.end[i] > i + 1}
    assert {i for i in range(len(t)) if f.collapsed[i]} == want
    assert f.visible == reference_visible(t, want)
    for k in toggles:  # the state stays consistent with the one-at-a-time operations
        i = k % len(t)
        if f.toggle(i):
            want ^= {i}
        assert f.visible == reference_visible(t, want)
    f.expand_all()
    f.toggle(0)
    assert f.visible == reference_visible(t, {0} if t.end[0] > 1 else set())
    f.expand_all()  # the list of every comment was not changed by the fold after it
    assert f.visible == list(range(len(t)))
    g = FoldState(t)
    g.toggle(0)
    g.expand_all()
    assert g.visible == list(range(len(t)))
