"""Facts about the tree that moving around it needs: siblings, top-level comments, the
comments a filter shows.

Pure functions over a `Thread`'s columns (depth-first order, ``end[i]`` the exclusive end
of ``i``'s subtree), so that they can be tested without a screen and used by anything that
walks a thread: the reader's keys today, a library or a fetcher tomorrow. Each costs at
most the siblings or ancestors it passes, never the whole thread, except where the
docstring says otherwise.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from threadtui.model.thread import Thread


def roots(thread: Thread) -> list[int]:
    """The top-level comments, in reading order (sorted). O(number of top-level comments)."""
    return thread.children(-1)


def next_sibling(thread: Thread, i: int) -> int | None:
    """The next reply to ``i``'s parent after ``i`` (the next top-level comment for a
    top-level one), or None."""
    j = thread.end[i]
    if j < len(thread) and thread.parent[j] == thread.parent[i]:
        return j
    return None


def previous_sibling(thread: Thread, i: int, top: Sequence[int] | None = None) -> int | None:
    """The reply to ``i``'s parent just before ``i``, or None. ``top``: `roots` of the
    thread, when the caller keeps it (a top-level comment's previous sibling is then found
    by bisection instead of a walk over the earlier top-level comments)."""
    p = thread.parent[i]
    if p < 0:
        if top is None:
            top = roots(thread)
        k = bisect_left(top, i)
        return top[k - 1] if k > 0 else None
    prev = None
    j = p + 1
    end = thread.end
    while j < i:
        prev, j = j, end[j]
    return prev


def next_root(top: Sequence[int], i: int) -> int | None:
    """The first top-level comment after comment ``i`` (``top`` from `roots`)."""
    k = bisect_right(top, i)
    return top[k] if k < len(top) else None


def previous_root(thread: Thread, top: Sequence[int], i: int) -> int | None:
    """Where ``[`` goes from ``i``: the top of ``i``'s own tree when ``i`` is a reply, else
    the top-level comment before it."""
    root = thread.root_of(i)
    if root != i:
        return root
    k = bisect_left(top, root)
    return top[k - 1] if k > 0 else None


def by_author(thread: Thread, name: str) -> list[int]:
    """The comments whose author is ``name``, compared case-insensitively (casefold), in
    reading order. O(n)."""
    want = name.casefold()
    return [i for i, a in enumerate(thread.author) if a and a.casefold() == want]


def filter_context(thread: Thread, matching: Iterable[int]) -> list[int]:
    """The ancestors of ``matching`` that are not themselves matching: what a filter shows
    dimmed, so that each shown comment keeps the thread it answers. Sorted. Each ancestor
    is visited once (the walk up stops at the first one already seen), so the cost is
    bounded by the number of comments, not by matches times depth."""
    keep = set(matching)
    context: set[int] = set()
    parent = thread.parent
    for i in keep:
        p = parent[i]
        while p >= 0 and p not in context and p not in keep:
            context.add(p)
            p = parent[p]
    return sorted(context)
