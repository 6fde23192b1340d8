"""The reading memory in the reader: resume, read and new marks, and saving them.

`Reading` sits between `ReaderApp` and `threadtui.state` (docs/state.md):

* **Opening** runs in a worker thread (the database may be locked by another reader, or
  damaged and set aside): the first screen never waits for it. When it is ready the
  cursor goes back where the reader left the thread (the comment, and the row of the pane
  its header was on), the comments folded then are folded again, and a notice says so;
  the `top` key goes back to the top.
* **Read**: a comment is read once the cursor has been on it, or once it has scrolled up
  past the top of the pane after being on screen (paged past). The keys of
  `ReadingActions` go to the next or previous unread or new comment, mark a subtree or
  the thread read, and toggle one comment.
* **New**: a comment whose id the last visit did not have (or that a refresh brought).
* **Saving**: every `FLUSH_EVERY` seconds when something changed, in a worker thread
  (never per key press, never on the UI thread while reading), and on quit, suspend,
  SIGHUP and SIGTERM (`finish`, from the app's unmount and from `launch`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from threadtui.model import Thread
from threadtui.ui.badges import NONE, Badge, badge_of

if TYPE_CHECKING:
    from threadtui.state import Marks, StateStore, ThreadMemory
    from threadtui.state.store import Resume, Saved, Snapshot
    from threadtui.ui.app import ReaderApp
    from threadtui.ui.comments import CommentView

FLUSH_EVERY = 3.0  # seconds between saves while reading (only when something changed)


@dataclass(frozen=True)
class StateSetup:
    """The reading memory the command line asked for: where the file is (its real path;
    None for standard input or an address) and the state directory (None: the user's)."""

    path: str | None = None
    directory: Path | None = None
    #: Put the cursor back where the reader left (False: the reader opens elsewhere, at
    #: a match of the library's search).
    resume: bool = True


class Reading:
    """One reader's reading memory (see the module docstring)."""

    def __init__(self, app: ReaderApp, setup: StateSetup | None) -> None:
        self.app = app
        self.setup = setup
        self.store: StateStore | None = None
        self.memory: ThreadMemory | None = None
        self.resumed: int | None = None  # where the resume put the cursor
        self._pending: Resume | None = None  # a resume waiting for the rest of the thread
        self._saving = False
        self._on_screen: list[int] = []
        self._tracking = False
        self._finished = False
        self._view: CommentView | None = None
        self._said: set[str] = set()

    @property
    def enabled(self) -> bool:
        return self.setup is not None

    @property
    def marks(self) -> Marks | None:
        return self.memory.marks if self.memory is not None else None

    # ----------------------------------------------------------------- opening

    def start(self) -> None:
        """On mount: open the database in a worker thread."""
        if self.setup is None:
            return
        app = self.app
        app.app_suspend_signal.subscribe(app, lambda _app: self.flush_now())
        app.run_worker(self._open, thread=True, group="state", exit_on_error=False)

    def _open(self) -> None:
        from threadtui.state import StateStore, ThreadMemory, thread_key

        assert self.setup is not None
        directory = self.setup.directory
        store = StateStore(directory) if directory is not None else StateStore.open_default()
        thread = self.app.thread
        memory = ThreadMemory(
            store if store.available else None,
            thread_key(thread),
            title=thread.title,
            path=self.setup.path,
        )
        complete = self.app.thread_complete
        if complete:
            memory.attach(thread)
        try:
            self.app.call_from_thread(self._opened, store, memory, thread if complete else None)
        except RuntimeError:  # the app ended meanwhile
            store.close()

    def _opened(self, store: StateStore, memory: ThreadMemory, attached: Thread | None) -> None:
        self.store, self.memory = store, memory
        self._notices()
        app = self.app
        if attached is not None and attached is not app.thread:
            memory.thread = None  # the thread was replaced meanwhile: attach the new one
        if app.thread_complete and memory.thread is None:
            memory.attach(app.thread)
        cv = self._view = app.comments
        cv.badge = self.badge
        app.watch(cv, "cursor", self._on_cursor, init=False)
        app.watch(cv, "scroll_y", self._on_scroll, init=False)
        if memory.resume is not None and self.setup is not None and self.setup.resume:
            self._pending = memory.resume
            self._try_resume()
        self._track()
        app.set_interval(FLUSH_EVERY, self._tick)
        cv.refresh()
        app.update_header()

    def _notices(self) -> None:
        if self.store is None:
            return
        for note in self.store.take_notices():
            if note in self._said:
                continue  # a busy database says so once, not at every save
            self._said.add(note)
            self.app.notify(note, severity="warning", timeout=8, markup=False)

    def _try_resume(self) -> None:
        from threadtui.state.memory import find_index, fold_indices

        r = self._pending
        if r is None:
            return
        if self.app.initial_comment is not None:
            self._pending = None  # the address named a comment: the cursor goes there
            return
        cv = self.app.comments
        thread = cv.thread
        i = find_index(thread, r.cursor_id, r.cursor_index)
        if i is None and not self.app.thread_complete:
            return  # not in the first part: try again once the rest is in
        self._pending = None
        folded = fold_indices(thread, r.folded)
        if i is None and not folded:
            return
        cv.restore_place(folded, i if i is not None else cv.cursor, r.cursor_row)
        if i is not None and i > 0:
            self.resumed = i
            self.app.say(
                f"Back where you left: comment {i + 1:,} of {len(thread):,}"
                f" ({self.app.key_hint('top')} goes to the top)",
                6,
            )
        self._track()

    def thread_replaced(self, thread: Thread) -> list[int]:
        """The whole thread arrived, or a refresh brought a new one: the marks follow
        (a refresh's new comments become new); indices of the comments that arrived."""
        memory = self.memory
        if memory is None:
            return []
        arrived = memory.carry_over(thread) if memory.thread is not None else []
        if memory.marks is None or memory.thread is not thread:
            memory.attach(thread)
        self._try_resume()
        self._track()
        return arrived

    # ----------------------------------------------------------------- marking read

    def _track(self) -> None:
        """Start (again) from what is on screen now: the cursor's comment is read."""
        m = self.marks
        if m is None:
            return
        cv = self.app.comments
        self._tracking = True
        self._on_screen = cv.on_screen()
        if len(cv.thread) and m.mark_read(cv.cursor):
            cv.refresh_header(cv.cursor)
            self.app.update_header()

    def _on_cursor(self, i: int) -> None:
        m = self.marks
        if m is None or not self._tracking or not 0 <= i < len(m):
            return
        if m.mark_read(i):
            self.app.comments.refresh_header(i)
            self.app.update_header()

    def _on_scroll(self, old: float, new: float) -> None:
        m = self.marks
        if m is None or not self._tracking:
            return
        cv = self.app.comments
        now = cv.on_screen()
        if new > old and now:
            top = now[0]
            past = [j for j in self._on_screen if j < top and j < len(m)]
            if past and m.mark_many(past):
                self.app.update_header()
        self._on_screen = now

    # ----------------------------------------------------------------- the screen

    def badge(self, i: int) -> Badge:
        m = self.marks
        if m is None or i >= len(m):
            return NONE
        cv = self.app.comments
        hidden = 0
        if cv.fold.collapsed[i] and m.new_total:
            hidden = m.new_in(i + 1, cv.thread.end[i])
        return badge_of(not m.is_read(i), m.is_new(i), hidden)

    def summary(self) -> str:
        """What the header says: "12 unread · 5 new · " (empty without marks)."""
        m = self.marks
        if m is None:
            return ""
        out = f"{m.unread:,} unread · " if m.unread else ""
        if m.new_total:
            out += f"{m.new_total:,} new · "
        return out

    # ----------------------------------------------------------------- saving

    def _take_position(self) -> None:
        from threadtui.state import Position

        memory, cv = self.memory, self._view
        if memory is None or cv is None or memory.thread is None or cv.thread is not memory.thread:
            return
        cursor, row, folded = cv.place()
        ids = cv.thread.ids
        if not len(ids):
            return
        memory.set_position(Position(ids[cursor], cursor, row, tuple((ids[k], k) for k in folded)))

    def _tick(self) -> None:
        memory = self.memory
        if memory is None or self._saving or self._finished:
            return
        self._take_position()
        snap = memory.snapshot()
        if snap is None:
            return
        self._saving = True
        changes = memory.marks.changes if memory.marks is not None else 0
        self.app.run_worker(
            lambda: self._save(snap, changes), thread=True, group="state-save", exit_on_error=False
        )

    def _save(self, snap: Snapshot, changes: int) -> None:
        from threadtui.state.memory import merge

        assert self.store is not None
        result = self.store.save(snap, merge)
        try:
            self.app.call_from_thread(self._saved, snap, result, changes)
        except RuntimeError:
            self._saving = False  # the app ended: `finish` saves what is left

    def _saved(self, snap: Snapshot, result: Saved | None, changes: int) -> None:
        self._saving = False
        memory = self.memory
        if memory is None or self._finished:
            return
        before = memory.marks.changes if memory.marks is not None else 0
        memory.saved(snap, result, changes)
        if memory.marks is not None and memory.marks.changes != before:
            self.app.comments.refresh()  # another reader's marks, merged in
            self.app.update_header()
        self._notices()

    def flush_now(self) -> None:
        """Save at once, on this thread (suspend)."""
        memory = self.memory
        if memory is None or self._finished:
            return
        self._take_position()
        memory.flush()

    def finish(self) -> None:
        """Save what is left and close the database (quit, SIGHUP, SIGTERM)."""
        if self._finished:
            return
        self._finished = True
        memory, store = self.memory, self.store
        if memory is None or store is None:
            return
        try:
            self._take_position()
        except Exception:
            pass
        memory.flush()
        path = self.setup.path if self.setup is not None else None
        if path and memory.thread is not None:
            try:
                st = os.stat(path)
            except OSError:
                st = None
            if st is not None:
                store.remember_path(path, memory.key, st.st_size, st.st_mtime_ns)
        store.close()

    # ----------------------------------------------------------------- moving

    def go(self, forward: bool, kind: str) -> None:
        app = self.app
        m = self.marks
        if m is None:
            app.say(
                "Reading memory is off (--no-state)" if not self.enabled else "Not loaded yet", 3
            )
            return
        cv = app.comments
        i = cv.cursor
        if kind == "unread":
            j = m.next_unread(i) if forward else m.previous_unread(i)
        else:
            j = m.next_new(i) if forward else m.previous_new(i)
        if j is None:
            what = "unread" if kind == "unread" else "new"
            app.say(f"No {'later' if forward else 'earlier'} {what} comment", 3)
            return
        app.focus_pane(cv)
        cv.move_to(j)

    def mark(self, scope: str) -> None:
        app = self.app
        m = self.marks
        if m is None:
            app.say("Reading memory is off (--no-state)" if not self.enabled else "Not loaded yet")
            return
        cv = app.comments
        if not len(cv.thread):
            return
        i = cv.cursor
        if scope == "toggle":
            now = m.toggle(i)
            cv.refresh_header(i)
            app.say("Marked read" if now else "Marked unread", 2)
        else:
            lo, hi = (i, cv.thread.end[i]) if scope == "subtree" else (0, len(m))
            n = m.set_range(lo, hi, True)
            cv.refresh()
            what = "this thread" if scope == "thread" else "this subtree"
            app.say(f"Marked {n:,} comment{'s' if n != 1 else ''} of {what} read", 3)
        app.update_header()


class ReadingActions:
    """The reading memory's keys (bindings.py, screen ``reader``), mixed into ReaderApp."""

    reading: Reading

    def action_next_unread(self) -> None:
        self.reading.go(True, "unread")

    def action_previous_unread(self) -> None:
        self.reading.go(False, "unread")

    def action_next_new(self) -> None:
        self.reading.go(True, "new")

    def action_previous_new(self) -> None:
        self.reading.go(False, "new")

    def action_mark_subtree_read(self) -> None:
        self.reading.mark("subtree")

    def action_mark_thread_read(self) -> None:
        self.reading.mark("thread")

    def action_toggle_read(self) -> None:
        self.reading.mark("toggle")


__all__ = ["FLUSH_EVERY", "Reading", "ReadingActions", "StateSetup"]
