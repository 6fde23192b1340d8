"""Row positions of comments of varying height, in O(log n).

The comment pane has one row coordinate for the whole thread, but a comment's height is
only known once it has been laid out, and laying out 100,000 comments up front would take
minutes. So every comment starts with an estimate, and the few near the viewport replace
it with their real height. A Fenwick tree over depth-first comment indices keeps "which
comment is at row r" and "at which row does comment i start" logarithmic, and a hidden
(folded-away) comment simply has height 0.
"""

from __future__ import annotations

from collections.abc import Sequence


class RowMap:
    __slots__ = ("_h", "_n", "_step", "_tree")

    def __init__(self, heights: Sequence[int]) -> None:
        self.rebuild(heights)

    def rebuild(self, heights: Sequence[int]) -> None:
        n = len(heights)
        self._n = n
        self._h = list(heights)
        tree = [0, *self._h]
        # O(n) construction: push each node's sum up to its parent once.
        for i in range(1, n + 1):
            j = i + (i & -i)
            if j <= n:
                tree[j] += tree[i]
        self._tree = tree
        step = 1
        while step * 2 <= n:
            step *= 2
        self._step = step

    def __len__(self) -> int:
        return self._n

    def height(self, i: int) -> int:
        return self._h[i]

    def set(self, i: int, h: int) -> int:
        """Set the height of ``i``; returns the change."""
        delta = h - self._h[i]
        if delta:
            self._h[i] = h
            tree, n = self._tree, self._n
            j = i + 1
            while j <= n:
                tree[j] += delta
                j += j & -j
        return delta

    def start(self, i: int) -> int:
        """First row of ``i`` (the sum of the heights before it)."""
        total, tree = 0, self._tree
        j = i
        while j > 0:
            total += tree[j]
            j -= j & -j
        return total

    @property
    def total(self) -> int:
        return self.start(self._n)

    def find(self, row: int) -> tuple[int, int]:
        """The item covering ``row`` and the row's offset inside it.

        Items of height 0 are never returned. Rows past the end give the last item with
        height > 0 (offset past its end), or (-1, row) when every height is 0.
        """
        if row < 0:
            row = 0
        tree, n = self._tree, self._n
        pos, rem = 0, row
        step = self._step
        while step:
            nxt = pos + step
            if nxt <= n and tree[nxt] <= rem:
                pos = nxt
                rem -= tree[nxt]
            step >>= 1
        # `pos` items have total height <= row; item `pos` (0-based) covers the row.
        if pos >= n:
            last = n - 1
            while last >= 0 and self._h[last] == 0:
                last -= 1
            if last < 0:
                return -1, row
            return last, row - self.start(last)
        return pos, rem
