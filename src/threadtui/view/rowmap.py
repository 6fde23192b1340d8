"""Row positions of comments of varying height.

The comment pane has one row coordinate for the whole thread, but a comment's height is
only known once it has been laid out, and laying out 100,000 comments up front would take
minutes. So every comment starts with an estimate, and the few near the viewport replace
it with their real height. A hidden (folded-away) comment simply has height 0.

The heights are one flat list cut into blocks of `BLOCK` items with a sum per block and,
computed only when asked for after a change, the running total of those sums. So:

- ``set`` is O(1) (an item and its block's sum);
- ``start`` and ``find`` are a bisection over the block totals plus one C-level sum or
  running total over a single block;
- building the map from a list of heights, or copying one, is C-level work over the list
  (a million comments in a few milliseconds), never a Python call per comment. Expanding
  a whole thread is a copy of its map of expanded heights (#18.2).

`expanded_heights` estimates the expanded height of comments in bulk: what the comment
pane uses until a comment has been laid out.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from threadtui.model import Thread
from threadtui.model.columns import BLOCK as _COLUMN_BLOCK

BLOCK = 256


class RowMap:
    __slots__ = ("_dirty", "_h", "_n", "_pre", "_sums")

    def __init__(self, heights: Sequence[int]) -> None:
        self.rebuild(heights)

    def rebuild(self, heights: Sequence[int]) -> None:
        """Take ``heights`` (a list is taken as it is, not copied)."""
        h = heights if type(heights) is list else list(heights)
        self._h: list[int] = h
        self._n = n = len(h)
        self._sums: list[int] = [sum(h[k : k + BLOCK]) for k in range(0, n, BLOCK)]
        self._pre: list[int] = [0] * (len(self._sums) + 1)
        self._dirty = 0  # block totals from this block on are out of date

    def copy(self) -> RowMap:
        other = RowMap.__new__(RowMap)
        other._h = self._h.copy()
        other._n = self._n
        other._sums = self._sums.copy()
        other._pre = self._pre.copy()
        other._dirty = self._dirty
        return other

    @property
    def heights(self) -> list[int]:
        """The heights themselves (read only: change them with `set`)."""
        return self._h

    def __len__(self) -> int:
        return self._n

    def height(self, i: int) -> int:
        return self._h[i]

    def set(self, i: int, h: int) -> int:
        """Set the height of ``i``; returns the change."""
        delta = h - self._h[i]
        if delta:
            self._h[i] = h
            b = i // BLOCK
            self._sums[b] += delta
            if b < self._dirty:
                self._dirty = b
        return delta

    def _totals(self) -> list[int]:
        """``pre[b]``: the rows before block ``b``."""
        pre, d = self._pre, self._dirty
        sums = self._sums
        if d < len(sums):
            pre[d:] = accumulate(sums[d:], initial=pre[d])
            self._dirty = len(sums)
        return pre

    def start(self, i: int) -> int:
        """First row of ``i`` (the sum of the heights before it)."""
        if i >= self._n:
            return self._totals()[-1]
        b = i // BLOCK
        lo = b * BLOCK
        return self._totals()[b] + (sum(self._h[lo:i]) if i > lo else 0)

    @property
    def total(self) -> int:
        return self._totals()[-1]

    def find(self, row: int) -> tuple[int, int]:
        """The item covering ``row`` and the row's offset inside it.

        Items of height 0 are never returned. Rows past the end give the last item with
        height > 0 (offset past its end), or (-1, row) when every height is 0.
        """
        if row < 0:
            row = 0
        pre = self._totals()
        if row >= pre[-1]:
            return self._last(row)
        b = bisect_right(pre, row) - 1  # pre[b] <= row < pre[b + 1]
        lo = b * BLOCK
        rem = row - pre[b]
        acc = list(accumulate(self._h[lo : lo + BLOCK]))
        k = bisect_right(acc, rem)
        return lo + k, rem - (acc[k - 1] if k else 0)

    def _last(self, row: int) -> tuple[int, int]:
        sums, h = self._sums, self._h
        for b in range(len(sums) - 1, -1, -1):
            if sums[b]:
                last = min(self._n, (b + 1) * BLOCK) - 1
                while h[last] == 0:
                    last -= 1
                return last, row - self.start(last)
        return -1, row


def inner_width(width: int, depth: int) -> int:
    """Columns left for a comment's text at ``depth`` in a pane ``width`` wide (an
    estimate: the guides take two columns a level, up to 12 levels)."""
    return max(8, width - 1 - 2 * min(depth, 12))


def estimate(body: str, inner: int, more: int) -> int:
    """The expanded height of a comment before it is laid out: a header, the body's
    characters over the width plus its line breaks, a separator, a "more" row."""
    est = 2
    if body:
        est += len(body) // inner + body.count("\n") + 1
    if more:
        est += 1
    return est


def expanded_heights(
    thread: Thread, width: int, start: int = 0, stop: int | None = None
) -> list[int]:
    """`estimate` for comments ``start`` to ``stop`` (all by default) at ``width``, in
    one pass (a few hundred nanoseconds a comment)."""
    table = [inner_width(width, d) for d in range(13)]
    stop = len(thread) if stop is None else stop
    nl = "\n"
    out: list[int] = []
    # A block of bodies at a time: the thread keeps them encoded, and decoding all of
    # them at once would hold every body as a string together (#18).
    for lo in range(start, stop, _COLUMN_BLOCK):
        hi = min(stop, lo + _COLUMN_BLOCK)
        out += [
            2
            + ((len(b) // table[d if d < 12 else 12] + b.count(nl) + 1) if b else 0)
            + (1 if m else 0)
            for b, d, m in zip(
                thread.body[lo:hi], thread.depth[lo:hi], thread.more[lo:hi], strict=True
            )
        ]
    return out
