"""Which comments are collapsed, and the sorted list of visible comments.

Because comments are stored in depth-first order, the visible comments are a sorted list of
indices, and collapsing ``i`` is deleting the slice between ``i`` and ``end[i]``: a memmove,
not a walk over the tree. Expanding walks only the subtree being shown again. Expanding or collapsing everything
is C-level work over the columns (a copy of the list of all comments, a compare per
comment), never a Python step per comment (#18.2).
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable
from itertools import compress, repeat

from threadtui.model.thread import Thread


class FoldState:
    def __init__(self, thread: Thread) -> None:
        self.thread = thread
        self.collapsed = bytearray(len(thread))
        # Every comment, kept: `visible` is this very list while everything shows, and
        # becomes a copy of it only when a fold first changes it (copy on write).
        self._all: list[int] = list(range(len(thread)))
        self.visible: list[int] = self._all
        self._replies: bytes | None = None  # 1 for each comment with replies, when asked
        self._roots: list[int] | None = None

    def __len__(self) -> int:
        return len(self.visible)

    def is_collapsed(self, i: int) -> bool:
        return bool(self.collapsed[i])

    def is_visible(self, i: int) -> bool:
        p = bisect_left(self.visible, i)
        return p < len(self.visible) and self.visible[p] == i

    def position(self, i: int) -> int:
        """Index of comment ``i`` in `visible`, or where it would be."""
        return bisect_left(self.visible, i)

    def has_replies(self, i: int) -> bool:
        return self.thread.end[i] > i + 1

    def hidden_count(self, i: int) -> int:
        """Replies hidden under ``i`` when it is collapsed (all depths)."""
        return self.thread.end[i] - i - 1 if self.collapsed[i] else 0

    def shown_under(self, i: int) -> list[int]:
        end = self.thread.end
        collapsed = self.collapsed
        out: list[int] = []
        j, stop = i + 1, end[i]
        while j < stop:
            out.append(j)
            j = end[j] if collapsed[j] else j + 1
        return out

    def collapse(self, i: int) -> bool:
        if self.collapsed[i] or not self.has_replies(i):
            return False
        self.collapsed[i] = 1
        if self.is_visible(i):
            self._own_visible()
            p = bisect_left(self.visible, i)
            q = bisect_left(self.visible, self.thread.end[i], p)
            del self.visible[p + 1 : q]
        return True

    def expand(self, i: int) -> bool:
        if not self.collapsed[i]:
            return False
        self.collapsed[i] = 0
        if self.is_visible(i):
            self._own_visible()
            p = bisect_left(self.visible, i)
            self.visible[p + 1 : p + 1] = self.shown_under(i)
        return True

    def _own_visible(self) -> None:
        if self.visible is self._all:
            self.visible = self._all.copy()

    def toggle(self, i: int) -> bool:
        return self.expand(i) if self.collapsed[i] else self.collapse(i)

    def expand_ancestors(self, i: int) -> bool:
        """Make ``i`` visible by expanding every collapsed ancestor; True if any changed."""
        changed = False
        for a in reversed(self.thread.ancestors(i)):
            changed |= self.expand(a)
        return changed

    def _rebuild(self) -> None:
        self.visible = self._shown_under_root()

    def _shown_under_root(self) -> list[int]:
        end = self.thread.end
        collapsed = self.collapsed
        n = len(end)
        out: list[int] = []
        j = 0
        while j < n:
            out.append(j)
            j = end[j] if collapsed[j] else j + 1
        return out

    def precompute(self) -> None:
        """Make now what collapsing everything needs (a pass over every comment), for
        a caller off the UI thread: which comments have replies, the top-level ones."""
        self._with_replies()
        self._top_level()

    def _top_level(self) -> list[int]:
        if self._roots is None:
            self._roots = list(compress(self._all, map(operator.not_, self.thread.depth)))
        return self._roots

    def _with_replies(self) -> bytes:
        """1 for each comment that has replies (``end[i] > i + 1``)."""
        if self._replies is None:
            n = len(self.thread)
            self._replies = bytes(map(operator.gt, self.thread.end, range(1, n + 1)))
        return self._replies

    def collapse_all(self) -> None:
        self.collapse_below(0)

    def expand_all(self) -> None:
        self.collapsed = bytearray(len(self.thread))
        self.visible = self._all

    def collapse_below(self, depth: int) -> None:
        """Collapse every comment at ``depth`` (so nothing deeper shows); shallower ones open."""
        dep = self.thread.depth
        # What shows is exactly the comments at ``depth`` or above: each deeper one has an
        # ancestor at ``depth`` with replies, which is now collapsed.
        if depth <= 0:  # collapse all: copies of what is kept
            self.collapsed = bytearray(self._with_replies())
            self.visible = self._top_level().copy()
            return
        deep = bytes(map(operator.ge, dep, repeat(depth)))
        self.collapsed = bytearray(map(operator.and_, deep, self._with_replies()))
        self.visible = list(compress(self._all, map(operator.le, dep, repeat(depth))))

    def set_collapsed(self, indices: Iterable[int]) -> None:
        self.collapsed = bytearray(len(self.thread))
        for i in indices:
            if self.has_replies(i):
                self.collapsed[i] = 1
        self._rebuild()
