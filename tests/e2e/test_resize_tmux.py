"""Resizing a tmux window under the reader (#12.1): every tmux split does this.

The reader runs in a tmux session; tmux resizes the window through 80x24 → 120x40 →
121x40 → 100x30 → 42x12 → 160x50, quickly, as dragging a split does. The pane then holds,
cell for cell (text and attributes, `capture-pane -e`), what a fresh start at 160x50 with
the cursor on the same comment shows, also in tmux: one pane or two as the current width
says, a header as wide as the window, every row laid out for the current width.
"""

from __future__ import annotations

import shlex
import time
from pathlib import Path

import pytest

from .helpers import (
    MARK,
    PERSIAN_ID,
    TmuxServer,
    comment_index,
    ptyterm,
    threadtui_path,
)

pytestmark = pytest.mark.pty

SEQUENCE = [(80, 24), (120, 40), (121, 40), (100, 30), (42, 12), (160, 50)]
CONFIG = "set -g status off\nset -s escape-time 10\nset -g default-terminal tmux-256color\n"


class Session(TmuxServer):
    """One detached tmux server and session running threadtui, no status line."""

    def __init__(self, tmp: Path, home: Path, name: str, cols: int, rows: int) -> None:
        super().__init__(tmp, home, CONFIG, name)
        self.size = (cols, rows)
        # --no-state: the reading memory (read marks, where it resumes) depends on the
        # history of the session by design; the screen's layout must not.
        cmd = shlex.quote(threadtui_path()) + " --no-state"
        self("new-session", "-d", "-x", str(cols), "-y", str(rows), "-s", "e2e", cmd)

    def capture(self, escapes: bool = False) -> str:
        return self("capture-pane", "-p", "-t", "e2e", *(["-e"] if escapes else []))

    def snapshot(self) -> ptyterm.Snapshot:
        return ptyterm.Snapshot(self.capture(), *self.size)

    def keys(self, *keys: str) -> None:
        for k in keys:
            self("send-keys", "-t", "e2e", k)

    def resize(self, cols: int, rows: int) -> None:
        self.size = (cols, rows)
        self("resize-window", "-t", "e2e", "-x", str(cols), "-y", str(rows))

    def wait(self, predicate, timeout: float = 20.0) -> ptyterm.Snapshot:  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        while True:
            snap = self.snapshot()
            if predicate(snap):
                return snap
            if time.monotonic() > end:
                raise AssertionError("timed out; pane:\n" + snap.dump())
            time.sleep(0.05)

    def settled(self, quiet: float = 0.6, timeout: float = 20.0) -> list[list[tuple[object, ...]]]:
        """The pane's cells (character and attributes), once it has not changed for
        ``quiet`` seconds. Cells, not the captured escapes: tmux writes the attributes a
        row starts with differently depending on what it held before."""
        end = time.monotonic() + timeout
        last, since = self.capture(True), time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.1)
            now = self.capture(True)
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return cells(ptyterm.Snapshot(now, *self.size))
        raise AssertionError("the pane never settled:\n" + self.snapshot().dump())

    def close(self) -> None:
        self("kill-server", check=False)


def cells(snap: ptyterm.Snapshot) -> list[list[tuple[object, ...]]]:
    """What each cell shows: its character and attributes. A blank without reverse,
    underline or strike shows only its background (the wire filter leaves the rest as
    it finds them, ui/wire.py), so only that is kept for it."""
    screen = snap.screen
    out = []
    for y in range(screen.lines):
        row = []
        for x in range(screen.columns):
            c = screen.buffer[y][x]
            if c.data == " " and not (c.reverse or c.underscore or c.strikethrough):
                row.append((" ", c.bg))
            else:
                row.append(
                    (
                        c.data,
                        c.fg,
                        c.bg,
                        c.bold,
                        c.italics,
                        c.underscore,
                        c.reverse,
                        c.strikethrough,
                    )
                )
        out.append(row)
    return out


def cursor_header(snap: ptyterm.Snapshot, author: str) -> bool:
    return any(MARK in line and author in line for line in snap.lines())


def test_tmux_resize_sequence_equals_fresh_start(home, sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    persian = comment_index(sample, PERSIAN_ID)
    author = sample.author[persian]
    resized = Session(tmp_path, home, "resized", *SEQUENCE[0])
    fresh = None
    try:
        resized.wait(lambda s: "Him again" in s.text())
        # 80 columns open on the article: Tab to the comments, ] to the Persian comment.
        resized.keys("Tab")
        resized.wait(lambda s: cursor_header(s, sample.author[0]))
        resized.keys("]")
        resized.wait(lambda s: cursor_header(s, author))
        for cols, rows in SEQUENCE[1:]:
            resized.resize(cols, rows)
            time.sleep(0.03)  # quicker than a frame: the reader sees them pile up
        got = resized.settled()

        fresh = Session(tmp_path, home, "fresh", *SEQUENCE[-1])
        fresh.wait(lambda s: "Him again" in s.text())
        fresh.keys("]")
        fresh.wait(lambda s: cursor_header(s, author))
        want = fresh.settled()

        if got != want:
            diff = [
                f"row {y}, column {x}: {ca} against {cb}"
                for y, (a, b) in enumerate(zip(got, want, strict=True))
                for x, (ca, cb) in enumerate(zip(a, b, strict=True))
                if ca != cb
            ]
            pytest.fail(
                "after the resizes the pane differs from a fresh start at 160x50:\n"
                + "\n".join(diff[:6])
                + "\n"
                + resized.snapshot().dump(),
                pytrace=False,
            )
        snap = resized.snapshot()
        assert "bidi:" in snap.lines()[0][100:], "the header does not reach the right edge"
    finally:
        resized.close()
        if fresh is not None:
            fresh.close()
