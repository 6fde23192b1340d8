"""The reader inside a real tmux session.

The app runs in a tmux pane; a tmux client is attached from a pseudo-terminal, so typed
keys go through tmux's own input parser, where `escape-time` decides how long a lone Esc
is held back. `send-keys` and `capture-pane` drive and read the pane directly.

Checked with tmux's defaults (empty config: `escape-time` 500 ms up to tmux 3.4,
`default-terminal` "screen") and with the settings docs/terminals.md recommends: the
Persian comment's rows and the cursor mark through tmux's grid, the search counter, Esc
closing the search bar promptly (well within a generous bound, even with the 500 ms
default), and a clean exit (status 0).
"""

from __future__ import annotations

import re
import shlex
import time

import pytest

from .helpers import (
    PERSIAN_ID,
    PtyApp,
    TmuxServer,
    assert_cursor_on,
    comment_index,
    logical_from_visual,
    ptyterm,
    threadtui_path,
)

pytestmark = pytest.mark.pty

COLS, ROWS = 120, 40
WORD = "مردم"
RECOMMENDED = """\
set -s escape-time 10
set -s extended-keys on
set -as terminal-features 'xterm*:extkeys'
set -g default-terminal tmux-256color
"""
# Esc is held back escape-time (500 ms by default in tmux <= 3.4) by tmux, then up to
# ESCDELAY (100 ms) by Textual; anything near this bound means Esc is being lost.
ESC_BOUND = 5.0


class Tmux(TmuxServer):
    def capture(self, escapes: bool = False) -> ptyterm.Snapshot:
        args = ["capture-pane", "-p", "-t", "e2e"] + (["-e"] if escapes else [])
        return ptyterm.Snapshot(self(*args), COLS, ROWS - 1)

    def wait(self, predicate, timeout: float = 20.0, escapes: bool = False):  # type: ignore[no-untyped-def]
        end = time.monotonic() + timeout
        snap = self.capture(escapes)
        while not predicate(snap):
            if time.monotonic() > end:
                raise AssertionError("timed out; pane:\n" + snap.dump())
            time.sleep(0.05)
            snap = self.capture(escapes)
        return snap


def search_count(snap) -> str | None:  # type: ignore[no-untyped-def]
    for line in snap.lines():
        if "regex" in line and "authors" in line:
            m = re.search(r"(\d+|…)/(\d+|…)\s*$", line)
            return m.group(0).strip() if m else ""
    return None


def current_match(snap) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """Rows of reverse-video Arabic-script letters (the current search match)."""
    out = []
    for y in range(snap.screen.lines):
        line = snap.screen.buffer[y]
        run = "".join(
            line[x].data
            for x in range(snap.screen.columns)
            if line[x].reverse
            and any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in line[x].data)
        )
        if run:
            out.append((y, run))
    return out


def cursor_on(thread, i):  # type: ignore[no-untyped-def]
    def check(snap) -> bool:  # type: ignore[no-untyped-def]
        try:
            assert_cursor_on(snap, thread, i, min_rows=5)
        except AssertionError:
            return False
        return True

    return check


@pytest.mark.parametrize("config", ["defaults", "recommended"])
def test_tmux_session(home, sample, tmp_path, config) -> None:  # type: ignore[no-untyped-def]
    thread = sample
    persian = comment_index(thread, PERSIAN_ID)
    tmux = Tmux(tmp_path, home, RECOMMENDED if config == "recommended" else "")
    client = None
    try:
        status_file = tmp_path / "status"
        tmux(
            "new-session",
            "-d",
            "-x",
            str(COLS),
            "-y",
            str(ROWS - 1),
            "-s",
            "e2e",
            f"{shlex.quote(threadtui_path())}; echo $? > {shlex.quote(str(status_file))}",
        )
        escape_time = int(tmux("show-options", "-sv", "escape-time").strip())
        inner_term = tmux("show-options", "-gv", "default-terminal").strip()
        if config == "defaults":
            assert escape_time >= 10  # tmux's own default: 500 (<= 3.4) or 10 (3.5+)
        else:
            assert (escape_time, inner_term) == (10, "tmux-256color")
        tmux.wait(lambda s: "Him again" in s.text())

        # send-keys and capture-pane: the Persian comment through tmux's grid.
        tmux("send-keys", "-t", "e2e", "]")
        snap = tmux.wait(cursor_on(thread, persian))
        block = assert_cursor_on(snap, thread, persian, min_rows=5)
        first = logical_from_visual(
            "".join(
                snap.screen.buffer[block.y + 1][x].data
                for x in range(block.x0 + 1, block.x0 + 1 + block.width)
            )
        )
        assert first.startswith("شما دوستان عزیز"), first

        # A client on a pseudo-terminal: keys typed there pass through escape-time.
        client = PtyApp(
            [tmux.exe, "-u", "-S", tmux.sock, "attach-session", "-t", "e2e"], COLS, ROWS, tmux.env
        )
        client.start()
        assert client.wait_for("Him again", 20), client.dump()
        client.send("/")
        tmux.wait(lambda s: search_count(s) is not None)
        client.send(WORD)
        total = _total(thread)
        tmux.wait(lambda s: search_count(s) == f"1/{total}")

        t0 = time.monotonic()
        client.send("escape")
        tmux.wait(lambda s: search_count(s) is None, timeout=ESC_BOUND)
        took = time.monotonic() - t0
        print(
            f"tmux {config}: escape-time {escape_time} ms, TERM={inner_term}:"
            f" Esc closed the search bar in {took * 1000:.0f} ms"
        )
        # The key after Esc is a command again, not part of an escape sequence: n moves
        # the current match (drawn in reverse video, the query read right to left).
        before = tmux.wait(lambda s: len(current_match(s)) == 1, escapes=True)
        ((_, run),) = current_match(before)
        assert logical_from_visual(run) == WORD, run
        client.send("n")
        after = tmux.wait(
            lambda s: len(current_match(s)) == 1 and current_match(s) != current_match(before),
            escapes=True,
        )
        assert logical_from_visual(current_match(after)[0][1]) == WORD
        assert cursor_on(thread, persian)(after)

        client.send("q")
        # The shell around threadtui writes its exit status (tmux 3.3a sometimes leaves
        # the pane's process unreaped for a long while, so #{pane_dead_status} can lag).
        end = time.monotonic() + 20
        while not status_file.exists() or not status_file.read_text().strip():
            assert time.monotonic() < end, "threadtui did not exit after q\n" + (
                tmux.capture().dump()
            )
            time.sleep(0.05)
        status = status_file.read_text().strip()
        assert status == "0", f"threadtui exited with {status} inside tmux"
    finally:
        tmux("kill-server", check=False)
        if client is not None:
            client.wait(5)
            client.close()


def _total(thread) -> int:  # type: ignore[no-untyped-def]
    from threadtui.search import SearchIndex, SearchQuery

    return SearchIndex(thread).count(SearchQuery(WORD))
