"""Read and new flags of one thread's comments, aligned with the thread's indices.

One byte per comment in two `bytearray`s, so that everything the reader asks for is a
C-level scan: the next unread comment is ``read.find(0, i + 1)``, the unread count is
kept as marks change, the new replies hidden under a collapsed comment are
``new.count(1, i + 1, end[i])``. Nothing here walks 100,000 comments in Python.

*Read*: the comment has been on screen under the cursor, or paged past, or marked read by
hand; toggled back by hand. *New*: its id was not in the thread at the last visit (a
first visit has nothing new). The two are independent: a new comment stays new for the
whole visit after it is read, as circumflex shows it.
"""

from __future__ import annotations

from collections.abc import Iterable

_UNREAD = 0
_READ = 1


class Marks:
    __slots__ = ("_unread", "changes", "new", "new_total", "read")

    def __init__(self, n: int, *, read: bytearray | None = None, new: bytearray | None = None):
        self.read = read if read is not None else bytearray(n)
        self.new = new if new is not None else bytearray(n)
        if len(self.read) != n or len(self.new) != n:
            raise ValueError("marks do not match the thread's length")
        self._unread = self.read.count(_UNREAD)
        self.new_total = self.new.count(1)
        #: Bumped on every change: the flusher writes only when it moved.
        self.changes = 0

    def __len__(self) -> int:
        return len(self.read)

    @property
    def unread(self) -> int:
        return self._unread

    def is_read(self, i: int) -> bool:
        return self.read[i] == _READ

    def is_new(self, i: int) -> bool:
        return self.new[i] == 1

    # ----------------------------------------------------------------- changing

    def mark_read(self, i: int) -> bool:
        """Mark one comment read; True if it was unread."""
        if self.read[i] == _READ:
            return False
        self.read[i] = _READ
        self._unread -= 1
        self.changes += 1
        return True

    def set_range(self, lo: int, hi: int, value: bool) -> int:
        """Mark comments ``lo`` to ``hi`` (exclusive) read or unread; how many changed."""
        lo, hi = max(0, lo), min(len(self.read), hi)
        if hi <= lo:
            return 0
        flag = _READ if value else _UNREAD
        changed = self.read.count(1 - flag, lo, hi)
        if changed:
            self.read[lo:hi] = bytes((flag,)) * (hi - lo)
            self._unread += -changed if value else changed
            self.changes += 1
        return changed

    def mark_many(self, indices: Iterable[int]) -> int:
        n = 0
        read = self.read
        for i in indices:
            if read[i] != _READ:
                read[i] = _READ
                n += 1
        if n:
            self._unread -= n
            self.changes += 1
        return n

    def toggle(self, i: int) -> bool:
        """Flip one comment; returns whether it is read now."""
        if self.read[i] == _READ:
            self.read[i] = _UNREAD
            self._unread += 1
        else:
            self.read[i] = _READ
            self._unread -= 1
        self.changes += 1
        return self.read[i] == _READ

    def replace_read(self, read: bytearray) -> None:
        """Adopt merged marks (another reader's, written meanwhile)."""
        if len(read) != len(self.read):
            raise ValueError("marks do not match the thread's length")
        self.read = read
        self._unread = read.count(_UNREAD)

    # ----------------------------------------------------------------- finding

    def next_unread(self, i: int, stop: int | None = None) -> int | None:
        j = self.read.find(_UNREAD, i + 1, len(self.read) if stop is None else stop)
        return None if j < 0 else j

    def previous_unread(self, i: int, start: int = 0) -> int | None:
        j = self.read.rfind(_UNREAD, start, max(start, i))
        return None if j < 0 else j

    def next_new(self, i: int) -> int | None:
        j = self.new.find(1, i + 1)
        return None if j < 0 else j

    def previous_new(self, i: int) -> int | None:
        j = self.new.rfind(1, 0, max(0, i))
        return None if j < 0 else j

    def new_in(self, lo: int, hi: int) -> int:
        """New comments among ``lo`` to ``hi`` (exclusive): a collapsed subtree's."""
        return self.new.count(1, lo, hi) if hi > lo else 0

    def unread_in(self, lo: int, hi: int) -> int:
        return self.read.count(_UNREAD, lo, hi) if hi > lo else 0
