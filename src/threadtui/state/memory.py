"""One visit's memory of one thread: `ThreadMemory`, between the reader and the store.

The reader asks it three things, in this order:

1. `resume` (at once, one small row): where the cursor was and which comments were
   folded, so the first screen opens there. No per-comment work.
2. `attach(thread)` (off the UI thread, once the whole thread is loaded): the read and
   new flags as `Marks`, aligned with the thread. A thread whose ids are exactly those
   of the last visit (the usual case) costs one list comparison; otherwise one dict of
   the stored ids.
3. `snapshot` / `saved` (every few seconds when something changed, and on quit): what
   to write, and what the store wrote back.

**Merging.** Two readers of one thread (two SSH sessions) each save what *they* changed
since they last loaded or saved (``read`` against ``base``); whatever the other one
changed meanwhile is kept. Ids the database holds that this file does not (an older or
newer export read elsewhere) are kept with their marks, never dropped.

**New since last visit.** A comment is new when its id was not among the ids stored by
earlier visits; a first visit has nothing new. The ids of this visit are stored by the
first save, so the next visit compares with them.

**For a refresh in place** (`threadtui.fetch`, key ``r``): `carry_over(new_thread)`
re-aligns the marks with the refreshed thread by comment id and returns the indices of
the comments that arrived; those are new (as are the ones that were new already), and
read marks follow their comments wherever they moved.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from threadtui.model.thread import Thread
from threadtui.state.marks import Marks
from threadtui.state.store import Resume, Saved, Snapshot, StateStore, StoredMarks


@dataclass(frozen=True, slots=True)
class Position:
    """Where the reader is: the cursor's comment (id and index), the row of it at the
    top of the pane, and the folded comments as (id, index) pairs."""

    cursor_id: str | None
    cursor_index: int
    cursor_row: int
    folded: tuple[tuple[str, int], ...]


def find_index(thread: Thread, comment_id: str | None, hint: int) -> int | None:
    """Comment ``comment_id``'s index: ``hint`` when it still holds that id (O(1)),
    else a search of the ids (C speed)."""
    if comment_id is None:
        return None
    ids = thread.ids
    if 0 <= hint < len(ids) and ids[hint] == comment_id:
        return hint
    return thread.index_of(comment_id)


def fold_indices(thread: Thread, folded: Sequence[tuple[str, int]]) -> list[int]:
    """The indices of the stored folds that still exist in ``thread``."""
    out: list[int] = []
    ids = thread.ids
    n = len(ids)
    misses: list[str] = []
    for cid, hint in folded:
        if 0 <= hint < n and ids[hint] == cid:
            out.append(hint)
        else:
            misses.append(cid)
    if misses:
        where = {cid: i for i, cid in enumerate(ids)}
        out.extend(where[c] for c in misses if c in where)
    return sorted(out)


def _same(a: Sequence[str], b: Sequence[str]) -> bool:
    if len(a) != len(b):
        return False
    if isinstance(a, list) and isinstance(b, list):
        return a == b
    return all(x == y for x, y in zip(a, b, strict=True))


def _bytes_merge(ours: bytes, base: bytes, theirs: bytes | bytearray) -> bytearray:
    """Per comment: ours where we changed it since ``base``, theirs elsewhere. Flags are
    0/1 bytes, so whole-array integer arithmetic does it at C speed."""
    n = len(ours)
    if n == 0:
        return bytearray()
    o, b, t = (int.from_bytes(x, "big") for x in (ours, base, theirs))
    ones = int.from_bytes(b"\x01" * n, "big")
    changed = o ^ b
    return bytearray(((o & changed) | (t & (ones ^ changed))).to_bytes(n, "big"))


def merge(snap: Snapshot, theirs: StoredMarks) -> tuple[list[str], bytearray]:
    """This session's changes (``snap.read`` against ``snap.base``) over the marks
    another reader stored meanwhile; ids only they have are kept, after ours."""
    ours_ids = snap.ids
    if _same(ours_ids, theirs.ids):
        return list(ours_ids), _bytes_merge(snap.read, snap.base, theirs.read)
    pos = {cid: k for k, cid in enumerate(theirs.ids)}
    out = bytearray(snap.read)
    read, base, their_read = snap.read, snap.base, theirs.read
    for i, cid in enumerate(ours_ids):
        k = pos.pop(cid, None)
        if k is not None and read[i] == base[i]:
            out[i] = their_read[k]
    ids = list(ours_ids)
    ids.extend(pos)
    out.extend(their_read[k] for k in pos.values())
    return ids, out


class ThreadMemory:
    """This visit's memory of one thread (see the module docstring)."""

    def __init__(
        self,
        store: StateStore | None,
        key: str,
        *,
        title: str = "",
        path: str | None = None,
    ) -> None:
        self.store = store
        self.key = key
        self.title = title
        self.path = path
        self.resume: Resume | None = store.resume(key) if store is not None else None
        self.marks: Marks | None = None
        self.thread: Thread | None = None
        self._extra_ids: list[str] = []
        self._extra_read = bytearray()
        self._base = b""
        self._write_ids = True
        self._known_rev = self.resume.rev if self.resume is not None else -1
        self._saved_changes = -1
        self._position: Position | None = None
        self._saved_position: Position | None = None
        self.first_visit = time.time()

    @property
    def visited(self) -> bool:
        """The thread was read before (its last visit is in the database)."""
        return self.resume is not None

    @property
    def last_visit(self) -> float | None:
        return self.resume.last_visit if self.resume is not None else None

    # ----------------------------------------------------------------- loading

    def attach(self, thread: Thread) -> Marks:
        """The marks for the whole ``thread`` (call it once the load is complete: ids a
        partial thread lacks would be stored as ids it never had). Safe off the UI
        thread: it touches nothing the UI reads until it returns."""
        stored = self.store.marks(self.key) if self.store is not None and self.visited else None
        ids = thread.ids
        n = len(ids)
        extra: list[str] = []
        extra_read = bytearray()
        if stored is None:
            read, new = bytearray(n), bytearray(n)
            self._write_ids = True
        elif _same(stored.ids, ids):
            read, new = bytearray(stored.read), bytearray(n)
            self._write_ids = False
        else:
            read, new, extra, extra_read = _align(ids, stored)
            self._write_ids = True
        marks = Marks(n, read=read, new=new)
        self.thread = thread
        self._extra_ids, self._extra_read = extra, extra_read
        self._base = bytes(read) + bytes(extra_read)
        if stored is not None:
            self._known_rev = stored.rev
        self.marks = marks
        return marks

    def carry_over(self, thread: Thread) -> list[int]:
        """The same thread, refreshed (more comments, some moved or gone): the marks
        follow their comments by id; the comments that arrived become new. Returns the
        indices of those that arrived, in ``thread``'s order."""
        old, marks = self.thread, self.marks
        if old is None or marks is None:
            self.attach(thread)
            return []
        where = {cid: i for i, cid in enumerate(old.ids)}
        n = len(thread)
        read, new = bytearray(n), bytearray(n)
        base = bytearray(n)
        arrived: list[int] = []
        for i, cid in enumerate(thread.ids):
            k = where.pop(cid, None)
            if k is None:
                new[i] = 1
                arrived.append(i)
            else:
                read[i], new[i], base[i] = marks.read[k], marks.new[k], self._base[k]
        # Comments the refresh no longer has keep their marks with the database's extras.
        gone = list(where.values())
        old_base = self._base
        self._extra_ids = [old.ids[k] for k in gone] + self._extra_ids
        self._extra_read = bytearray(marks.read[k] for k in gone) + self._extra_read
        self._base = bytes(base) + bytes(old_base[k] for k in gone) + bytes(old_base[len(old) :])
        self.thread = thread
        self.marks = Marks(n, read=read, new=new)
        self.marks.changes = marks.changes + 1
        self._write_ids = True
        return arrived

    # ----------------------------------------------------------------- saving

    def set_position(self, position: Position) -> None:
        self._position = position

    @property
    def dirty(self) -> bool:
        if self._position is not None and self._position != self._saved_position:
            return True
        m = self.marks
        return m is not None and (m.changes != self._saved_changes or self._write_ids)

    def snapshot(self) -> Snapshot | None:
        """What to save now, or None when nothing changed (or there is nowhere to)."""
        if self.store is None or not self.store.available or not self.dirty:
            return None
        pos = self._position or Position(None, 0, 0, ())
        m, t = self.marks, self.thread
        if m is None or t is None:
            return None  # the marks are not loaded yet: nothing of ours to save
        ids: Sequence[str] = t.ids
        if self._extra_ids:
            ids = [*t.ids, *self._extra_ids]
        return Snapshot(
            key=self.key,
            title=self.title or t.title,
            path=self.path,
            ids=ids,
            read=bytes(m.read) + bytes(self._extra_read),
            base=self._base,
            write_ids=self._write_ids,
            known_rev=self._known_rev,
            total=len(t),
            unread=m.unread,
            cursor_id=pos.cursor_id,
            cursor_index=pos.cursor_index,
            cursor_row=pos.cursor_row,
            folded=pos.folded,
            first_visit=self.first_visit,
            now=time.time(),
        )

    def saved(self, snap: Snapshot, result: Saved | None, changes: int) -> None:
        """Take in what a save wrote (on the UI thread). ``changes``: ``marks.changes``
        when the snapshot was taken; marks made since then are kept over the merge."""
        if result is None:
            return  # not written (busy, or no database): still dirty, tried again later
        self._known_rev = result.rev
        self._write_ids = False
        self._saved_position = self._position if self._position is not None else None
        m = self.marks
        if m is None:
            return
        n = len(m)
        if result.read is None or result.ids is None:
            self._base = snap.read
            self._saved_changes = changes
            if m.changes != changes:
                self._saved_changes = -1
            return
        merged = result.read
        # Comments changed since the snapshot keep this session's value.
        current = bytes(m.read) + bytes(self._extra_read)
        mine_since = current[:n]
        head = _bytes_merge(mine_since, snap.read[:n], bytes(merged[:n]))
        m.replace_read(head)
        self._extra_ids = list(result.ids[n:])
        self._extra_read = bytearray(merged[n:])
        self._base = bytes(merged)
        self._saved_changes = changes if m.changes == changes else -1
        m.changes += 1  # the screen must redraw the other reader's marks

    def flush(self) -> bool:
        """Save now, on this thread (quit, suspend, a signal); True if written."""
        snap = self.snapshot()
        if snap is None or self.store is None:
            return False
        changes = self.marks.changes if self.marks is not None else 0
        result = self.store.save(snap, merge)
        self.saved(snap, result, changes)
        return result is not None


def _align(
    ids: Sequence[str], stored: StoredMarks
) -> tuple[bytearray, bytearray, list[str], bytearray]:
    """Read and new flags for ``ids`` from what an earlier visit stored, and the stored
    ids this thread lacks (kept) with their flags."""
    pos = {cid: k for k, cid in enumerate(stored.ids)}
    n = len(ids)
    read, new = bytearray(n), bytearray(n)
    sread = stored.read
    for i, cid in enumerate(ids):
        k = pos.pop(cid, None)
        if k is None:
            new[i] = 1
        else:
            read[i] = sread[k]
    return read, new, list(pos), bytearray(sread[k] for k in pos.values())
