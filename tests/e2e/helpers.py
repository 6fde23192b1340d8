"""Shared by the end-to-end tests: starting the real console script on a pty, finding a
comment on the emulated screen, and reading colours out of the byte stream."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))

import ptyterm  # noqa: E402  (tools/ is not a package)
from ptyterm import (  # noqa: E402
    ALT_SCREEN,
    ModeLog,
    PtyApp,
    Snapshot,
    find_program,
    user_env,
)

__all__ = ["ALT_SCREEN", "ModeLog", "PtyApp", "Snapshot", "find_program", "ptyterm", "user_env"]

MARK = "▌"
STARTUP_TIMEOUT = 30.0  # first paint; generous for a loaded 2-core CI machine
KEY_TIMEOUT = 10.0

# Persian comment c2 of the bundled sample (author "Aghaye gol!").
PERSIAN_ID = "c2"
PERSIAN_AUTHOR = "Aghaye gol!"
# First words of its first paragraph, in logical order.
PERSIAN_FIRST_WORDS = ("شما", "دوستان", "عزیز", "میتونید")
# Fred's comment c17 has the sample's only reply (tsion's c16).
PARENT_ID = "c17"
REPLY_TEXT = "but don't expect any answers coming."

# The TERM matrix of issue #6: (id, TERM, COLORTERM, NO_COLOR).
TERMS: tuple[tuple[str, str, str | None, bool], ...] = (
    ("truecolor", "xterm-256color", "truecolor", False),
    ("xterm-256color", "xterm-256color", None, False),
    ("xterm", "xterm", None, False),
    ("screen", "screen", None, False),
    ("tmux-256color", "tmux-256color", None, False),
    ("linux", "linux", None, False),
    ("no-color", "xterm-256color", None, True),
)


def require_tool(name: str, package: str, path: str | None = None) -> str:
    """The tool's path; a missing tool fails the test (never skips) and says what to
    install. `.ci/run` installs all of them."""
    found = path if path and os.access(path, os.X_OK) else shutil.which(name)
    if not found:
        pytest.fail(
            f"{name} is required by this end-to-end test but is not installed: install the"
            f" Debian package {package} (bash .ci/run does it)",
            pytrace=False,
        )
    return found


def threadtui_path() -> str:
    try:
        return find_program("threadtui")
    except FileNotFoundError as e:
        pytest.fail(str(e), pytrace=False)


# --------------------------------------------------------------------------------------
# The thread as the engine lays it out
# --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def sample_thread():  # type: ignore[no-untyped-def]
    from threadtui.data import sample_path
    from threadtui.model import load_thread

    return load_thread(sample_path())


def options():  # type: ignore[no-untyped-def]
    from threadtui.text import LayoutOptions

    return LayoutOptions()


def comment_index(thread, cid: str) -> int:  # type: ignore[no-untyped-def]
    i = thread.index_of(cid)
    assert i is not None, f"comment {cid} not in the thread"
    return i


@functools.lru_cache(maxsize=4096)
def _expected_rows(key: int, i: int, width: int, collapsed: bool) -> tuple[str, ...]:
    from threadtui.view.rows import comment_rows

    thread = _THREADS[key]
    return tuple(
        r.text.rstrip() for r in comment_rows(thread, i, width, options(), collapsed=collapsed)
    )


_THREADS: dict[int, object] = {}


def expected_rows(thread, i: int, width: int, collapsed: bool = False) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """Comment ``i``'s rows at ``width`` from the layout engine, exactly as `render`
    prints them (visual order, trailing blanks stripped)."""
    _THREADS[id(thread)] = thread
    return _expected_rows(id(thread), i, width, collapsed)


@functools.lru_cache(maxsize=16)
def render_output(width: int, file: str | None = None) -> tuple[str, ...]:
    """`threadtui render --width W [FILE]`, run as a user runs it."""
    argv = [threadtui_path(), "render", "--width", str(width)]
    if file:
        argv.append(file)
    out = subprocess.run(
        argv,
        capture_output=True,
        text=True,
        timeout=60,
        env=user_env("xterm-256color"),
        check=False,
    )
    assert out.returncode == 0, f"render failed: {out.stderr}"
    return tuple(out.stdout.split("\n"))


def render_block(width: int, header: str, n: int, file: str | None = None) -> list[str]:
    """The ``n`` lines of `render --width` output starting at the line ``header``."""
    lines = render_output(width, file)
    for k, line in enumerate(lines):
        if line == header:
            return list(lines[k : k + n])
    raise AssertionError(f"header row {header!r} not in `threadtui render --width {width}`")


def logical_from_visual(row: str) -> str:
    """An independent check of visual order for a purely right-to-left row: reversed and
    with Arabic presentation forms folded back to letters, it reads in logical order."""
    return unicodedata.normalize("NFKC", row.strip()[::-1])


# --------------------------------------------------------------------------------------
# The screen
# --------------------------------------------------------------------------------------


def cells(term: PtyApp, y: int, x0: int, x1: int) -> str:
    """Columns [x0, x1) of screen row ``y`` as text (wide characters counted once)."""
    line = term.screen.buffer[y]
    return "".join(line[x].data for x in range(x0, min(x1, term.screen.columns)))


def mark_column(term: PtyApp) -> int | None:
    """The column where the comment pane's cursor mark is drawn (its left edge)."""
    counts: dict[int, int] = {}
    for y in range(term.screen.lines):
        line = term.screen.buffer[y]
        for x in range(term.screen.columns):
            if line[x].data == MARK:
                counts[x] = counts.get(x, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda x: counts[x])


def marked_rows(term: PtyApp, x0: int) -> list[int]:
    return [y for y in range(term.screen.lines) if term.screen.buffer[y][x0].data == MARK]


@dataclass
class Block:
    """Where a comment's rows are on the screen."""

    index: int
    x0: int  # the pane's left edge (the mark column)
    width: int  # the width the rows were laid out at (pane minus mark and scrollbar)
    y: int  # screen row of the first matched row
    k: int  # which of the comment's rows that is
    count: int  # how many consecutive rows match
    rows: tuple[str, ...]  # all of the comment's rows at `width`

    @property
    def ys(self) -> range:
        return range(self.y, self.y + self.count)

    def header_visible(self) -> bool:
        return self.k == 0


def find_comment(
    term: PtyApp,
    thread,  # type: ignore[no-untyped-def]
    i: int,
    *,
    x0: int | None = None,
    collapsed: bool = False,
    widths: Sequence[int] | None = None,
) -> Block | None:
    """Find comment ``i`` on the screen: the longest run of screen rows equal to the
    engine's rows for it, over the plausible pane widths. None when not on screen."""
    if x0 is None:
        x0 = mark_column(term)
        if x0 is None:
            x0 = 0
    cols = term.screen.columns
    if widths is None:
        widths = range(max(8, cols - x0 - 5), cols - x0)
    best: Block | None = None
    best_solid = 0
    for w in widths:
        rows = expected_rows(thread, i, w, collapsed)
        # Compare only the pane's first w cells: to their right is the scrollbar.
        screen = [cells(term, y, x0 + 1, x0 + 1 + w).rstrip() for y in range(term.screen.lines)]
        for y in range(len(screen)):
            if not screen[y]:
                continue
            for k, want in enumerate(rows):
                if screen[y] != want:
                    continue
                n = 0
                while y + n < len(screen) and k + n < len(rows) and screen[y + n] == rows[k + n]:
                    n += 1
                solid = sum(1 for r in rows[k : k + n] if r.strip())
                if solid > best_solid:
                    best, best_solid = Block(i, x0, w, y, k, n, rows), solid
    return best


def current_comment(term: PtyApp, thread) -> Block | None:  # type: ignore[no-untyped-def]
    """The comment whose rows carry the cursor mark."""
    x0 = mark_column(term)
    if x0 is None:
        return None
    ys = marked_rows(term, x0)
    if not ys:
        return None
    # Candidates: comments whose author name is on a marked row (the header), else all.
    marked_text = "\n".join(cells(term, y, x0 + 1, term.screen.columns) for y in ys)
    candidates = [
        i for i in range(len(thread)) if thread.author[i] and thread.author[i] in marked_text
    ] or list(range(len(thread)))
    best = None
    for i in candidates:
        for collapsed in (False, True):
            b = find_comment(term, thread, i, x0=x0, collapsed=collapsed)
            if b is None:
                continue
            overlap = len(set(b.ys) & set(ys))
            if overlap and (best is None or overlap > len(set(best.ys) & set(ys))):
                best = b
    return best


def assert_cursor_on(
    term: PtyApp,
    thread,
    i: int,
    *,
    collapsed: bool = False,  # type: ignore[no-untyped-def]
    min_rows: int = 2,
) -> Block:
    """Comment ``i`` is on screen, row for row as the engine lays it out, and the cursor
    mark is in column 0 of exactly its rows."""
    block = find_comment(term, thread, i, collapsed=collapsed)
    assert block is not None and block.count >= min_rows, (
        f"comment {thread.ids[i]} not found on screen (best: {block})\n{term.dump()}"
    )
    ys = set(marked_rows(term, block.x0))
    want = set(block.ys)
    assert want <= ys, (
        f"rows {sorted(want - ys)} of comment {thread.ids[i]} lack the cursor mark\n{term.dump()}"
    )
    assert ys <= want, (
        f"rows {sorted(ys - want)} carry the cursor mark but are not comment"
        f" {thread.ids[i]}'s rows {sorted(want)}\n{term.dump()}"
    )
    return block


# --------------------------------------------------------------------------------------
# Starting the app
# --------------------------------------------------------------------------------------


def start_reader(
    home: Path,
    args: Sequence[str] = (),
    *,
    cols: int = 80,
    rows: int = 24,
    term: str = "xterm-256color",
    colorterm: str | None = None,
    no_color: bool = False,
    extra_env: Mapping[str, str] | None = None,
) -> PtyApp:
    env = user_env(term, colorterm=colorterm, no_color=no_color, home=home, extra=extra_env)
    app = PtyApp([threadtui_path(), *args], cols, rows, env)
    show_prompt(app, "threadtui " + " ".join(args))
    app.start()
    return app


def show_prompt(app: PtyApp, command: str) -> None:
    """Put a shell prompt on the emulator's screen, as the user's terminal shows before
    the program starts; `assert_restored` checks it is there again after quitting."""
    app.stream.feed(f"$ {command.strip()}\r\n".encode())
    app.found_lines = app.lines()  # type: ignore[attr-defined]
    app.found_cursor = (app.screen.cursor.x, app.screen.cursor.y)  # type: ignore[attr-defined]


def wait_painted(app: PtyApp, pattern: str, timeout: float = STARTUP_TIMEOUT) -> None:
    if not app.wait_for(pattern, timeout):
        status = "running" if app.alive() else f"exited with {app.exit_status}"
        raise AssertionError(
            f"{pattern!r} did not appear within {timeout:.0f} s ({status})\n{app.dump()}"
            f"\nlast output: {app.output()[-600:]!r}"
        )


def quit_and_check(app: PtyApp, key: str = "q", timeout: float = 15.0) -> None:
    """Quit with ``key``: exit status 0 and the terminal as it was found."""
    app.send(key)
    status = app.wait(timeout)
    assert status is not None, f"did not exit within {timeout:.0f} s after {key!r}\n{app.dump()}"
    assert status == 0, f"exit status {status}\n{app.dump()}\n{app.output()[-800:]!r}"
    assert_restored(app)


def assert_restored(app: PtyApp) -> None:
    data = app.output()
    log = ptyterm.ModeLog.parse(data)
    # The app did take the terminal over (otherwise there is nothing to restore).
    assert log.ever(ptyterm.ALT_SCREEN), "never entered the alternate screen"
    problems = app.restore_problems()
    assert not problems, "terminal not restored: " + "; ".join(problems)
    # The order matters too: each restore comes after the last time it was changed.
    for mode, on in (
        (ptyterm.ALT_SCREEN, False),
        (ptyterm.CURSOR_VISIBLE, True),
        ("?1000", False),
        ("?1003", False),
        ("?1006", False),
        (ptyterm.BRACKETED_PASTE, False),
    ):
        seq = log.changes.get(mode, [])
        if seq:
            assert seq[-1] == on, f"{mode} last {'set' if seq[-1] else 'reset'}"
    if log.ever("8", False):
        assert log.final("8") is True, "bidi mode left explicit (CSI 8 l without CSI 8 h)"
    # What a person sees: the main screen is back, empty as it was, cursor shown.
    assert not app.screen.in_alt_screen
    assert not app.screen.cursor.hidden
    found = getattr(app, "found_lines", None)
    if found is not None:
        assert app.lines() == found, (
            "the screen after quitting is not the one the app found:\n" + app.dump()
        )
        assert (app.screen.cursor.x, app.screen.cursor.y) == app.found_cursor  # type: ignore[attr-defined]
    # The line discipline: echo and line editing back on.
    import termios

    lflag = app.termios()[3]
    assert lflag & termios.ECHO and lflag & termios.ICANON, "tty left in raw mode"


# --------------------------------------------------------------------------------------
# Colours in the byte stream
# --------------------------------------------------------------------------------------

_SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def sgr_colours(data: bytes) -> set[tuple[str, ...]]:
    """Every colour the stream selects: ('16', n), ('256', n) or ('rgb', r, g, b)."""
    found: set[tuple[str, ...]] = set()
    for m in _SGR.finditer(data):
        params = [p for p in re.split(rb"[;:]", m.group(1))]
        k = 0
        while k < len(params):
            p = int(params[k] or 0)
            if p in (38, 48, 58) and k + 1 < len(params):
                kind = int(params[k + 1] or 0)
                if kind == 5 and k + 2 < len(params):
                    found.add(("256", str(int(params[k + 2] or 0))))
                    k += 3
                    continue
                if kind == 2 and k + 4 < len(params):
                    found.add(("rgb", *(str(int(x or 0)) for x in params[k + 2 : k + 5])))
                    k += 5
                    continue
            if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                found.add(("16", str(p)))
            k += 1
    return found


class TmuxServer:
    """A tmux server of the test's own: its socket ``NAME.sock`` and its config file in
    ``tmp``, run in the user environment of ``home``. Calling it runs one tmux command
    and returns what it printed (a failing command fails the test unless ``check`` is
    false)."""

    def __init__(self, tmp: Path, home: Path, config: str, name: str = "t") -> None:
        self.exe = require_tool("tmux", "tmux")
        self.sock = str(tmp / f"{name}.sock")
        self.conf = tmp / "tmux.conf"
        self.conf.write_text(config)
        self.env = user_env("xterm-256color", home=home)

    def __call__(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            [self.exe, "-u", "-S", self.sock, "-f", str(self.conf), *args],
            capture_output=True,
            text=True,
            env=self.env,
            timeout=20,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        if check and out.returncode != 0:
            raise AssertionError(f"tmux {' '.join(args)}: {out.stderr.strip()}")
        return out.stdout
