"""What the reader tells its terminal outside the frames, and the signals it answers.

- The bidi mode (ECMA-48 BDSM): ``CSI 8 l`` asks terminals that reorder by themselves
  (VTE: GNOME Terminal, Tilix…) to stop while threadtui does it (app mode); ``CSI 8 h``
  gives them back implicit bidi, around a suspend and at exit.
- SIGTERM, SIGHUP (an SSH connection dropping) and SIGINT end the app the normal way, so
  the terminal is restored rather than left in the alternate screen with the mouse on;
  and whatever the app is doing (a load, a search, a huge layout), within a second: if the
  normal shutdown has not finished `GRACE` seconds after the first signal, `SignalGuard`
  restores the terminal itself and ends the process. Repeated signals change nothing
  (asyncio's own SIGINT handling cancels the main task on the first and raises
  KeyboardInterrupt inside the shutdown on the second: the terminal was left raw, in the
  alternate screen, the cursor hidden).
- Whether Ctrl-Z can suspend at all: only when a job-control shell is there to bring the
  reader back (`job_control`). Under ``sh -c`` (how sshd runs a ForceCommand) nothing
  would ever send SIGCONT, and the session would hang.
"""

from __future__ import annotations

import asyncio
import functools
import os
import signal
import sys
import termios
import threading
from collections.abc import Callable
from os import _exit as hard_exit  # no cleanup: the app is stuck, the terminal is restored
from types import FrameType
from typing import Any

from textual import events
from textual.app import App

from threadtui.text import BidiMode
from threadtui.ui.textual_private import driver_of

# Bidi Direction Set Mode (ECMA-48 BDSM): 8l = explicit (we reorder), 8h = implicit.
BDSM_EXPLICIT = "\x1b[8l"
BDSM_IMPLICIT = "\x1b[8h"


def write_now(app: App[Any], data: str) -> None:
    """Write ``data`` to the terminal at once, outside any frame (nothing when headless)."""
    driver = driver_of(app)
    if driver is None or app.is_headless:
        return
    driver.write(data)
    driver.flush()


def send_bidi_mode(app: App[Any], bidi: BidiMode) -> None:
    """Tell terminals that reorder by themselves (VTE) to stop while we do it."""
    write_now(app, BDSM_EXPLICIT if bidi == "app" else BDSM_IMPLICIT)


#: Seconds the normal shutdown gets after a signal before the terminal is restored by hand
#: (the brief: the reader ends within 1 s of a signal, whatever it is doing).
GRACE = 0.75
#: Seconds the last words (saving the reading memory) get before a stuck app is ended.
LAST_WORDS = 0.2
#: Seconds a quit key may wait in the app's queue before `QuitGuard` ends the reader: with
#: the last words, the wake-ups of a busy process and its exit, within a second of the key
#: (0.75 s here measured 0.96 s from the key to the exit in a pty).
QUIT_GRACE = 0.55

#: Every mode Textual (and threadtui) sets, reset: synchronized output, mouse reporting,
#: bracketed paste, in-band resize, focus events, the kitty keyboard stack, the alternate
#: screen, line wrap, the cursor, implicit bidi. What `stop_application_mode` writes, and
#: the modes it leaves to others.
RESTORE = (
    "\x1b[?2026l"
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"
    "\x1b[?2004l\x1b[?2048l\x1b[?1004l"
    "\x1b[<u\x1b[?1049l\x1b[?7h\x1b[?25h" + BDSM_IMPLICIT
)

SIGNALS = ("SIGTERM", "SIGHUP", "SIGINT")


class SignalGuard:
    """SIGTERM, SIGHUP and SIGINT end the reader as `q` does, and within `GRACE` seconds.

    Installed before the app starts (so that asyncio never puts in its own SIGINT
    handler), removed by `finish` once the app has given the terminal back. The handler
    asks the running app to exit (from the loop: `call_soon_threadsafe`); a watchdog
    thread, started in advance so that the handler only sets an event, waits `grace`
    seconds for `finish`, and failing that writes `RESTORE`, puts back the tty settings
    found at start and ends the process (128 + the signal's number)."""

    def __init__(self, app: App[Any], grace: float = GRACE) -> None:
        self._app = app
        self._grace = grace
        self._fired = threading.Event()
        self._finished = threading.Event()
        self._signum = 0
        self._previous: dict[int, Any] = {}
        self._tty_in, self._attrs = _tty_state(sys.__stdin__)
        self._tty_out = _tty_fd(sys.__stderr__)
        self._watchdog = threading.Thread(target=self._watch, name="threadtui-signals", daemon=True)
        #: Run (from the watchdog's thread, at most `LAST_WORDS` seconds) before the
        #: process ends by hand: saving the reading memory (`ReaderApp.reading.finish`).
        self.last_words: Callable[[], None] | None = None

    def install(self) -> SignalGuard:
        for name in SIGNALS:
            sig = getattr(signal, name, None)
            if sig is not None:
                self._previous[sig] = signal.signal(sig, self._on_signal)
        self._watchdog.start()
        return self

    def finish(self) -> None:
        """The app is over and the terminal restored: the usual handlers again."""
        self._finished.set()
        for sig, handler in self._previous.items():
            try:
                signal.signal(sig, handler)
            except (TypeError, ValueError):
                pass
        self._previous.clear()

    @property
    def code(self) -> int:
        return 128 + self._signum

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self._fired.is_set():
            return  # repeated signals make no difference
        self._signum = signum
        self._fired.set()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # not running yet, or any more: the watchdog ends it
        loop.call_soon_threadsafe(functools.partial(self._app.exit, return_code=self.code))

    def _watch(self) -> None:
        self._fired.wait()
        if self._finished.wait(self._grace):
            return
        self.end_now(self.code)

    @property
    def finished(self) -> threading.Event:
        """Set once the app has given the terminal back."""
        return self._finished

    def end_now(self, code: int) -> None:
        """The app is stuck: its last words (the reading memory) if they come quickly, the
        terminal as it was found, and the end of the process with ``code``."""
        if self.last_words is not None:
            words = threading.Thread(target=_quietly, args=(self.last_words,), daemon=True)
            words.start()
            words.join(LAST_WORDS)
        self.force_restore()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError, AttributeError):
                pass
        hard_exit(code)

    def force_restore(self) -> None:
        """The terminal as it was found, written straight to it (the app is stuck)."""
        if self._tty_in is not None and self._attrs is not None:
            try:
                termios.tcsetattr(self._tty_in, termios.TCSANOW, self._attrs)
            except termios.error:
                pass
        if self._tty_out is not None:
            try:
                os.write(self._tty_out, RESTORE.encode())
            except OSError:
                pass  # the terminal is gone


def _tty_fd(stream: Any) -> int | None:
    try:
        fd = int(stream.fileno())
    except (AttributeError, OSError, ValueError):
        return None
    return fd if os.isatty(fd) else None


def _tty_state(stream: Any) -> tuple[int | None, list[Any] | None]:
    fd = _tty_fd(stream)
    if fd is None:
        return None, None
    try:
        return fd, termios.tcgetattr(fd)
    except termios.error:
        return fd, None


_guard: SignalGuard | None = None


def guard_signals(app: App[Any]) -> SignalGuard:
    """Install the `SignalGuard` for ``app`` (before `App.run`); `finish` it after."""
    global _guard
    _guard = SignalGuard(app).install()
    return _guard


def _quietly(fn: Callable[[], None]) -> None:
    try:
        fn()
    except Exception:
        pass


class QuitGuard:
    """`q` ends the reader within a second even while the UI thread is busy (a huge
    layout, a search): the key waits in the app's queue behind the busy work, so the
    driver's input thread, which reads it, arms a watchdog; if the app has not taken the
    key `QUIT_GRACE` seconds later, `SignalGuard.end_now` saves what it can, restores the
    terminal and ends the process with status 0.

    Only where the key would surely quit: on the reader's own screen (not help, links or
    the palette), with no text input focused (`q` is a letter in the search bar), and with
    nothing waiting before it that could change that (``opening``: the keys that open the
    search bar or a screen, and any click or paste: a `/` still waiting would open the
    search bar, and the `q` after it would be typed there). Moving keys waiting before it
    (a burst of `j`) do not count. Otherwise the key just waits its turn."""

    #: Events that can change what the next key means (focus, screens); the others
    #: (mouse moves, scrolling, resizes) are not counted.
    COUNTED = (events.Key, events.MouseDown, events.MouseUp, events.Paste)

    def __init__(
        self, app: App[Any], guard: SignalGuard, keys: frozenset[str], opening: frozenset[str]
    ) -> None:
        self._app = app
        self._guard = guard
        self._keys = keys
        self._opening = opening
        # Events read but not known to be taken, with whether they could change what q
        # means; only the input thread touches it.
        self._waiting: list[tuple[object, bool]] = []
        self._last_taken: object = None  # written by the UI thread only
        self._armed_key: object = None
        self._armed = threading.Event()
        self._taken = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="threadtui-quit", daemon=True)
        from textual.widgets import Input, TextArea  # here, not from the input thread

        self._text_inputs = (Input, TextArea)

    def start(self) -> QuitGuard:
        self._thread.start()
        return self

    def arrived(self, event: object) -> None:
        """From the driver's input thread, before ``event`` is posted to the app."""
        if not isinstance(event, self.COUNTED):
            return
        clear = self._nothing_waiting_changes_q()
        key = event.key if isinstance(event, events.Key) else None
        self._waiting.append((event, key is None or key in self._opening))
        if key in self._keys and clear and not self._armed.is_set() and self._quits_here():
            self._armed_key = event
            self._armed.set()

    def _nothing_waiting_changes_q(self) -> bool:
        """Forget the events the app took; does any still waiting change what q means?"""
        waiting = self._waiting
        taken = self._last_taken
        for k in range(len(waiting) - 1, -1, -1):
            if waiting[k][0] is taken:
                del waiting[: k + 1]
                break
        return not any(changes for _, changes in waiting)

    def taken(self, event: object) -> None:
        """From the UI thread, as the app starts handling ``event``."""
        # A forwarded event is one the app took already, on its way back up.
        if isinstance(event, self.COUNTED) and not getattr(event, "is_forwarded", False):
            self._last_taken = event
            if event is self._armed_key:
                self._taken.set()

    def _quits_here(self) -> bool:
        # Read from the input thread: plain attribute reads of the app, and any surprise
        # means "not sure", so the key waits its turn.
        try:
            app = self._app
            return len(app.screen_stack) == 1 and not isinstance(app.focused, self._text_inputs)
        except Exception:
            return False

    def _watch(self) -> None:
        while True:
            self._armed.wait()
            if self._guard.finished.is_set():
                return  # the app is over (`stop_quit_guard`)
            if not self._taken.wait(QUIT_GRACE) and not self._guard.finished.is_set():
                self._guard.end_now(0)  # never returns but in tests
                return
            # The app took the key in time: it quits the usual way (or, should the key
            # not have quit after all, the next one is watched again).
            self._armed_key = None
            self._taken.clear()
            self._armed.clear()


_quit_guard: QuitGuard | None = None


def guard_quit_keys(
    app: App[Any], guard: SignalGuard, keys: frozenset[str], opening: frozenset[str]
) -> QuitGuard:
    """Arm `QuitGuard` for ``keys`` (before `App.run`): the app's driver tells it of each
    event it reads, and the app of each event it takes (`quit_key_taken`)."""
    global _quit_guard
    qg = _quit_guard = QuitGuard(app, guard, keys, opening).start()
    base: Any = app.driver_class

    class QuitKeyDriver(base):  # type: ignore[misc]
        def process_message(self, message: Any) -> None:
            qg.arrived(message)  # first: the app may take it as soon as it is posted
            super().process_message(message)

    app.driver_class = QuitKeyDriver
    return qg


def stop_quit_guard() -> None:
    """After the app (and `SignalGuard.finish`): its watchdog thread ends (the library
    runs one reader after another in a process)."""
    global _quit_guard
    if _quit_guard is not None:
        _quit_guard._armed.set()
        _quit_guard = None


def quit_key_taken(event: object) -> None:
    """From the app's `on_event`, as it starts handling an event from the driver."""
    if _quit_guard is not None:
        _quit_guard.taken(event)


def install_signal_handlers(app: App[Any]) -> None:
    """From the app's mount: the guard, if whoever started the app did not install it."""
    if app.is_headless or _guard is not None:
        return
    if threading.current_thread() is threading.main_thread():
        guard_signals(app)


def resumed(app: App[Any], bidi: BidiMode) -> None:
    """Back from Ctrl-Z and `fg`: the terminal's alternate screen was cleared, but
    Textual only repaints what changed (the screen came back blank but for the header and
    footer): repaint everything, as Ctrl-L does, and tell the terminal the bidi mode."""
    send_bidi_mode(app, bidi)
    app.refresh(repaint=True, layout=True)


SUSPEND_OFF = (
    "Ctrl-Z is off here: no job-control shell to bring the reader back with fg"
    " (a ForceCommand or sh -c)"
)


def may_suspend(app: App[Any]) -> bool:
    """Whether Ctrl-Z may stop the reader; if not, a notice says why (#12.5)."""
    if app.is_headless or job_control():
        return True
    say = getattr(app, "say", None)
    if callable(say):
        say(SUSPEND_OFF, 6)
    else:
        app.notify(SUSPEND_OFF, severity="warning", markup=False)
    return False


def _parent_of(pid: int) -> int | None:
    """The parent of ``pid``: ours from the OS, any other's from /proc (Linux)."""
    if pid == os.getpid():
        return os.getppid()
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses; cut at the last ")".
    fields = stat[stat.rfind(b")") + 2 :].split()
    return int(fields[1]) if len(fields) > 1 and fields[1].isdigit() else None


def job_control() -> bool:
    """Whether a job-control shell can bring this process back after it stops.

    That shell put the reader's process group in the foreground and is itself in the same
    session but in another process group (POSIX: the group is not *orphaned*). Walk up
    from this process while the ancestors share its group: the first ancestor outside it
    must be in the same session. Under ``sh -c`` (a ForceCommand) the group is the
    session's own, led by the shell, whose parent (sshd) is in another session: nothing
    there would ever send SIGCONT. Unknown (no /proc past the parent): no."""
    try:
        group, session = os.getpgrp(), os.getsid(0)
    except OSError:
        return False
    pid = os.getpid()
    for _ in range(64):
        parent = _parent_of(pid)
        if parent is None or parent <= 1:
            return False
        try:
            if os.getsid(parent) != session:
                return False
            if os.getpgid(parent) != group:
                return True
        except OSError:
            return False
        pid = parent
    return False
