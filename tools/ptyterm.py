"""Drive a program in a real pseudo-terminal and read its screen back through pyte.

Used by the end-to-end tests (tests/e2e) and the bandwidth benchmark: it starts a command
the way a user's terminal would (a pty of a given size as the controlling terminal, TERM
set), sends keystrokes, records every byte the program writes with its arrival time,
answers the few queries a real terminal answers, and keeps a pyte screen of what a person
would see.

What pyte lacks and a real terminal has is added here:

- the alternate screen (``?1049``, ``?1047``, ``?47``): entering saves the main screen,
  leaving brings it back, so "the terminal is left as it was found" can be checked on the
  screen itself;
- the bidi mode BDSM (``CSI 8 h`` implicit, VTE's default, ``CSI 8 l`` explicit): the
  emulator starts implicit, like VTE;
- the kitty keyboard protocol's push and pop (``CSI > n u``, ``CSI < u``), which pyte
  would draw as a stray "u": they are counted and kept away from pyte.

`ModeLog` reads the raw byte stream for the order in which modes were set and reset, and
`restore_problems` lists every way the terminal was not left as found.

Runs on Linux (and other POSIX systems with ``os.openpty``); standard library plus pyte.
"""

from __future__ import annotations

import copy
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte

KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "tab": b"\t",
    "space": b" ",
    "up": b"\x1b[A",
    "down": b"\x1b[B",
    "right": b"\x1b[C",
    "left": b"\x1b[D",
    "home": b"\x1b[H",
    "end": b"\x1b[F",
    "pagedown": b"\x1b[6~",
    "pageup": b"\x1b[5~",
    "backspace": b"\x7f",
    "ctrl+d": b"\x04",
    "ctrl+u": b"\x15",
    "ctrl+c": b"\x03",
    "ctrl+e": b"\x05",
    "ctrl+y": b"\x19",
    "ctrl+p": b"\x10",
    "ctrl+l": b"\x0c",
}

# Mode numbers as the ModeLog keys them: private (DEC) modes as "?N", ANSI modes as "N".
ALT_SCREEN = "?1049"
CURSOR_VISIBLE = "?25"
LINE_WRAP = "?7"
BRACKETED_PASTE = "?2004"
FOCUS_EVENTS = "?1004"
IN_BAND_RESIZE = "?2048"
SYNC_OUTPUT = "?2026"
MOUSE_MODES = ("?9", "?1000", "?1001", "?1002", "?1003", "?1005", "?1006", "?1015", "?1016")
BDSM = "8"  # ECMA-48 Bi-Directional Support Mode: set = implicit (VTE default)

# What a terminal looks like before any program touched it (xterm/VTE defaults).
INITIAL_MODES: dict[str, bool] = {
    ALT_SCREEN: False,
    "?1047": False,
    "?47": False,
    CURSOR_VISIBLE: True,
    LINE_WRAP: True,
    BRACKETED_PASTE: False,
    FOCUS_EVENTS: False,
    IN_BAND_RESIZE: False,
    SYNC_OUTPUT: False,
    BDSM: True,
    **{m: False for m in MOUSE_MODES},
}

_MODE_RX = re.compile(rb"\x1b\[(\?)?([0-9;]*)([hl])")
_KITTY_RX = re.compile(rb"\x1b\[([<>=])([0-9;]*)u")
# An escape sequence cut at the end of a chunk: hold it back until the rest arrives.
_PARTIAL_RX = re.compile(rb"\x1b(?:\[[\x30-\x3f]*[\x20-\x2f]*)?\Z")


def wait_idle(pid: int, timeout: float = 600.0, busy: float = 0.1) -> float:
    """Wait until process ``pid`` uses under ``busy`` of a CPU over a second (the
    background fold of the search index done); returns the seconds waited."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick

    t0 = time.monotonic()
    last = cpu()
    while time.monotonic() - t0 < timeout:
        time.sleep(1.0)
        now = cpu()
        if now - last < busy:
            break
        last = now
    return time.monotonic() - t0


def find_program(name: str = "threadtui") -> str:
    """The console script as a user would start it: next to this Python, else on PATH."""
    here = Path(sys.executable).parent
    found = shutil.which(name, path=str(here)) or shutil.which(name)
    if not found:
        raise FileNotFoundError(
            f"{name!r} is not installed next to {sys.executable} nor on PATH"
            " (pip install -e . puts the console script there)"
        )
    return found


def user_env(
    term: str = "xterm-256color",
    *,
    colorterm: str | None = None,
    no_color: bool = False,
    home: str | os.PathLike[str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """A clean environment like a user's login: TERM (and COLORTERM/NO_COLOR only when
    asked for), a UTF-8 locale, PATH and HOME; nothing from the test runner's terminal."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home) if home is not None else os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": term,
    }
    if home is not None:
        env["XDG_CONFIG_HOME"] = str(Path(home) / ".config")
        env["XDG_STATE_HOME"] = str(Path(home) / ".local" / "state")
        env["XDG_CACHE_HOME"] = str(Path(home) / ".cache")
        env["XDG_DATA_HOME"] = str(Path(home) / ".local" / "share")
    if colorterm:
        env["COLORTERM"] = colorterm
    if no_color:
        env["NO_COLOR"] = "1"
    if extra:
        env.update(extra)
    return env


# --------------------------------------------------------------------------------------
# The emulator
# --------------------------------------------------------------------------------------


class Terminal(pyte.Screen):
    """A pyte screen with an alternate screen and VTE's default bidi mode."""

    _ALT = (1049, 1047, 47)

    def __init__(self, columns: int, lines: int) -> None:
        self._saved: tuple[dict[int, dict[int, pyte.screens.Char]], pyte.screens.Cursor] | None
        self._saved = None
        super().__init__(columns, lines)
        self.mode.add(int(BDSM))  # pyte's __init__ resets the modes after reset()

    @property
    def in_alt_screen(self) -> bool:
        return self._saved is not None

    def reset(self) -> None:
        super().reset()
        self.mode.add(int(BDSM))

    def set_mode(self, *modes: int, **kwargs: object) -> None:
        if kwargs.get("private") and self._saved is None and any(m in self._ALT for m in modes):
            saved = {y: dict(line) for y, line in self.buffer.items()}
            self._saved = (saved, copy.copy(self.cursor))
            self.buffer.clear()
            self.dirty.update(range(self.lines))
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes: int, **kwargs: object) -> None:
        if kwargs.get("private") and self._saved is not None and any(m in self._ALT for m in modes):
            saved, cursor = self._saved
            self._saved = None
            self.buffer.clear()
            for y, line in saved.items():
                if y < self.lines:
                    self.buffer[y].update({x: c for x, c in line.items() if x < self.columns})
            self.cursor = cursor
            self.ensure_hbounds()
            self.ensure_vbounds()
            self.dirty.update(range(self.lines))
        super().reset_mode(*modes, **kwargs)


@dataclass
class ModeLog:
    """Every mode change in a byte stream, in order: ``changes[mode] = [True, False, …]``."""

    changes: dict[str, list[bool]] = field(default_factory=dict)
    kitty_pushes: int = 0
    kitty_pops: int = 0

    @classmethod
    def parse(cls, data: bytes) -> ModeLog:
        log = cls()
        for m in _MODE_RX.finditer(data):
            private, params, final = m.group(1), m.group(2), m.group(3)
            on = final == b"h"
            for p in params.split(b";"):
                if not p:
                    continue
                key = ("?" if private else "") + str(int(p))
                log.changes.setdefault(key, []).append(on)
        for m in _KITTY_RX.finditer(data):
            if m.group(1) == b">":
                log.kitty_pushes += 1
            elif m.group(1) == b"<":
                n = m.group(2)
                log.kitty_pops += int(n) if n else 1
        return log

    def ever(self, mode: str, on: bool = True) -> bool:
        return on in self.changes.get(mode, ())

    def final(self, mode: str) -> bool:
        """The mode's state at the end: its last change, or its initial state."""
        seq = self.changes.get(mode)
        if seq:
            return seq[-1]
        return INITIAL_MODES.get(mode, False)


def restore_problems(
    data: bytes, initial: Mapping[str, bool] | None = None, screen: Terminal | None = None
) -> list[str]:
    """Every way the byte stream leaves the terminal other than it found it (empty when
    all is well). ``initial``: the terminal's modes before the program ran."""
    start = dict(INITIAL_MODES)
    if initial:
        start.update(initial)
    log = ModeLog.parse(data)
    problems: list[str] = []
    names = {
        ALT_SCREEN: "alternate screen",
        "?1047": "alternate screen (1047)",
        "?47": "alternate screen (47)",
        CURSOR_VISIBLE: "cursor visibility",
        LINE_WRAP: "line wrap (DECAWM)",
        BRACKETED_PASTE: "bracketed paste",
        FOCUS_EVENTS: "focus events",
        IN_BAND_RESIZE: "in-band resize reports",
        SYNC_OUTPUT: "synchronized output",
        BDSM: "bidi mode BDSM (CSI 8 h/l)",
        **{m: f"mouse reporting {m}" for m in MOUSE_MODES},
    }
    for mode in sorted(set(start) | set(log.changes)):
        if mode not in log.changes:
            continue
        want = start.get(mode, False)
        got = log.changes[mode][-1]
        if got != want:
            label = names.get(mode, f"mode {mode}")
            state = "set" if got else "reset"
            problems.append(f"{label} left {state} (last change: CSI {mode}{'h' if got else 'l'})")
    if log.kitty_pushes != log.kitty_pops:
        problems.append(
            f"kitty keyboard protocol: {log.kitty_pushes} pushes (CSI > u) but"
            f" {log.kitty_pops} pops (CSI < u)"
        )
    if screen is not None:
        if screen.in_alt_screen:
            problems.append("emulator still shows the alternate screen")
        if screen.cursor.hidden:
            problems.append("emulator's cursor is hidden")
        if int(BDSM) not in screen.mode and start.get(BDSM, True):
            problems.append("emulator's bidi mode is explicit (CSI 8 l), was implicit")
    return problems


class Snapshot:
    """A screen made from captured text (``tmux capture-pane -p [-e]``), with the same
    reading methods as `PtyApp`."""

    def __init__(self, data: bytes | str, cols: int, rows: int) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        self.screen = Terminal(cols, rows)
        stream = pyte.ByteStream(self.screen)
        stream.feed(b"\r\n".join(lines[:rows]))

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def dump(self) -> str:
        w = self.screen.columns
        top = "+" + "-" * w + "+"
        return "\n".join([top, *(f"|{line}|" for line in self.screen.display), top])


# --------------------------------------------------------------------------------------
# The pseudo-terminal
# --------------------------------------------------------------------------------------


@dataclass
class Chunk:
    t: float
    data: bytes


@dataclass
class PtyApp:
    """A program on a pty of ``cols`` x ``rows`` with a pyte screen of the same size.

    ``sync_output``: answer Textual's DECRQM query for synchronized output (mode 2026) as
    supported, like kitty, WezTerm or iTerm2; by default it goes unanswered, like xterm.
    """

    argv: Sequence[str]
    cols: int = 80
    rows: int = 24
    env: Mapping[str, str] | None = None
    cwd: str | None = None
    sync_output: bool = False
    pid: int = 0
    fd: int = -1
    chunks: list[Chunk] = field(default_factory=list)
    started: float = 0.0
    exit_status: int | None = None

    def __post_init__(self) -> None:
        self.screen = Terminal(self.cols, self.rows)
        self.stream = pyte.ByteStream(self.screen)
        self._slave = -1
        self._pending = b""  # an escape sequence cut at a chunk boundary
        self._query_tail = b""
        self._total = 0

    # ------------------------------------------------------------------ process

    def start(self) -> PtyApp:
        env = dict(os.environ if self.env is None else self.env)
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.cols, 0, 0))
        self.started = time.perf_counter()
        argv = list(self.argv)
        pid = os.fork()
        if pid == 0:  # child: a session of its own with the pty as controlling terminal
            try:
                os.close(master)
                os.setsid()
                fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
                for fd in (0, 1, 2):
                    os.dup2(slave, fd)
                if slave > 2:
                    os.close(slave)
                if self.cwd:
                    os.chdir(self.cwd)
                os.execvpe(argv[0], argv, env)
            except BaseException:
                os._exit(127)
        # The parent keeps the slave open: the master never reads EIO, and the slave's
        # termios can still be inspected after the program exits.
        self.pid, self.fd, self._slave = pid, master, slave
        return self

    def resize(self, cols: int, rows: int) -> None:
        """Resize like a terminal window: TIOCSWINSZ on the pty (the kernel sends SIGWINCH
        to the foreground process group), and the emulator's screen."""
        self.read(0.0)
        self.cols, self.rows = cols, rows
        self.screen.resize(rows, cols)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        if self.pid and self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGWINCH)
            except ProcessLookupError:
                pass

    def termios(self) -> list:  # type: ignore[type-arg]
        """The terminal's line discipline settings (as the program left them)."""
        return termios.tcgetattr(self._slave if self._slave >= 0 else self.fd)

    def close(self) -> None:
        if self.pid and self.exit_status is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.kill(self.pid, sig)
                except ProcessLookupError:
                    pass
                if self.wait(2) is not None:
                    break
        for name in ("fd", "_slave"):
            fd = getattr(self, name)
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(self, name, -1)

    def __enter__(self) -> PtyApp:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def alive(self) -> bool:
        if self.exit_status is not None:
            return False
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.exit_status = os.waitstatus_to_exitcode(status)
        return False

    def wait(self, timeout: float = 10.0) -> int | None:
        """Wait for exit, reading output meanwhile; returns the exit code (None: still
        running after ``timeout``)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.read(0.05)
            if not self.alive():
                self.read(0.1)
                return self.exit_status
        return None

    # ------------------------------------------------------------------ I/O

    def send(self, data: bytes | str) -> float:
        """Type a key (a name from KEYS, or text); returns the time it was sent."""
        if isinstance(data, str):
            data = KEYS.get(data, data.encode())
        t = time.perf_counter()
        os.write(self.fd, data)
        return t

    def read(self, timeout: float = 0.05) -> int:
        """Read what is available within ``timeout``; returns the number of bytes."""
        got = 0
        end = time.monotonic() + timeout
        while True:
            left = max(0.0, end - time.monotonic())
            r, _, _ = select.select([self.fd], [], [], left)
            if not r:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            if not data:
                break
            self._take(data)
            got += len(data)
            if left <= 0:
                continue  # drain what is already there, then stop
        return got

    def _take(self, data: bytes) -> None:
        self.chunks.append(Chunk(time.perf_counter(), data))
        self._total += len(data)
        self._answer_queries(data)
        data = self._pending + data
        m = _PARTIAL_RX.search(data)
        if m:
            data, self._pending = data[: m.start()], data[m.start() :]
        else:
            self._pending = b""
        data = _KITTY_RX.sub(b"", data)
        self.stream.feed(data)

    def _answer_queries(self, data: bytes) -> None:
        # What a terminal would answer: the cursor position, and (when asked to act like a
        # modern terminal) DECRQM for synchronized output.
        buf = self._query_tail + data
        self._query_tail = buf[-16:]
        # Only queries that end inside the new data, so none is answered twice.
        base = len(buf) - len(data)
        for m in re.finditer(rb"\x1b\[6n", buf):
            if m.end() > base:
                y, x = self.screen.cursor.y + 1, self.screen.cursor.x + 1
                os.write(self.fd, f"\x1b[{y};{x}R".encode())
        if self.sync_output:
            for m in re.finditer(rb"\x1b\[\?2026\$p", buf):
                if m.end() > base:
                    os.write(self.fd, b"\x1b[?2026;2$y")

    def settle(self, quiet: float = 0.25, timeout: float = 10.0) -> float:
        """Read until no output arrives for ``quiet`` seconds; returns the time of the last
        byte (perf_counter), or 0.0 when nothing came."""
        end = time.monotonic() + timeout
        last = 0.0
        while time.monotonic() < end:
            if self.read(quiet) == 0:
                break
            last = self.chunks[-1].t
        return last

    def wait_until(
        self, predicate: Callable[[], object], timeout: float = 10.0, poll: float = 0.05
    ) -> bool:
        """Read output until ``predicate()`` is true; False after ``timeout``."""
        end = time.monotonic() + timeout
        while True:
            if predicate():
                return True
            if time.monotonic() >= end:
                return False
            self.read(poll)
            if self.exit_status is not None or not self.alive():
                self.read(0.05)
                return bool(predicate())

    def wait_for(self, pattern: str | re.Pattern[str], timeout: float = 10.0) -> bool:
        """Read output until the screen's text matches ``pattern``."""
        rx = re.compile(pattern, re.M) if isinstance(pattern, str) else pattern
        return self.wait_until(lambda: rx.search(self.text()), timeout)

    def wait_gone(self, pattern: str | re.Pattern[str], timeout: float = 10.0) -> bool:
        rx = re.compile(pattern, re.M) if isinstance(pattern, str) else pattern
        return self.wait_until(lambda: not rx.search(self.text()), timeout)

    def key(self, key: str | bytes, quiet: float = 0.15, first: float = 0.0) -> tuple[float, int]:
        """Send one key and wait for the screen to settle: (latency s, bytes written).

        ``first``: wait up to this long for the first byte before timing the quiet
        period (a loaded machine may take longer than ``quiet`` to start answering)."""
        before = self.output_len()
        t = self.send(key)
        if first > 0:
            end = time.monotonic() + first
            while self.output_len() == before and time.monotonic() < end:
                self.read(min(0.05, max(0.0, end - time.monotonic())))
        last = self.settle(quiet)
        if not last and self.output_len() > before:
            last = self.chunks[-1].t
        return (max(0.0, last - t) if last else 0.0), self.output_len() - before

    def keys(self, keys: Iterable[str | bytes], quiet: float = 0.1) -> None:
        for k in keys:
            self.key(k, quiet)

    # ------------------------------------------------------------------ screen

    def output(self, since: int = 0) -> bytes:
        data = b"".join(c.data for c in self.chunks)
        return data[since:]

    def output_len(self) -> int:
        return self._total

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def cell(self, x: int, y: int) -> pyte.screens.Char:
        return self.screen.buffer[y][x]

    def modes(self) -> set[int]:
        return set(self.screen.mode)

    def mode_log(self) -> ModeLog:
        return ModeLog.parse(self.output())

    def restore_problems(self, initial: Mapping[str, bool] | None = None) -> list[str]:
        return restore_problems(self.output(), initial, self.screen)

    def dump(self) -> str:
        """The screen framed, for assertion messages."""
        w = self.screen.columns
        top = "+" + "-" * w + "+"
        body = [f"|{line}|" for line in self.screen.display]
        return "\n".join([top, *body, top])


__all__ = [
    "INITIAL_MODES",
    "KEYS",
    "ModeLog",
    "PtyApp",
    "Snapshot",
    "Terminal",
    "find_program",
    "restore_problems",
    "user_env",
]
