"""Starting the reader: config, bidi mode, the terminal, signals, and a clean exit."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from threadtui.model import Thread
from threadtui.text import LayoutOptions


def _restore_terminal_bidi() -> None:
    # Back to implicit bidi (VTE's default) so the shell behaves as before we ran.
    try:
        if sys.stdout.isatty():
            sys.stdout.write("\x1b[8h")
            sys.stdout.flush()
    except (OSError, ValueError):
        pass


def _reattach_keyboard() -> None:
    """`curl … | threadtui open -`: the thread came on stdin, keys come from the tty."""
    if sys.stdin.isatty():
        return
    try:
        fd = os.open("/dev/tty", os.O_RDONLY)
    except OSError:
        return
    os.dup2(fd, 0)
    os.close(fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - stays open for the app's lifetime


# Set to 1 to write Textual's output as it is, without `threadtui.ui.wire`: the end-to-end
# tests compare the two screens, and it is a way out should a terminal disagree.
RAW_OUTPUT_ENV = "THREADTUI_RAW_OUTPUT"


def _raw_output() -> bool:
    return os.environ.get(RAW_OUTPUT_ENV, "").strip() not in ("", "0")


def _use_wire_driver(app: object) -> None:
    """Send the reader's frames through `threadtui.ui.wire`: only the attribute changes,
    blanks erased. A `LinuxDriver` whose `write` squeezes each write before Textual's
    writer thread gets it, so that every byte the app sends to the terminal (frames,
    modes, OSC 52) goes through the one filter in order.

    Only where Textual would use its own `LinuxDriver` (not on Windows, not when
    TEXTUAL_DRIVER names another); `App.run_test` builds its headless driver whatever
    `driver_class` says, so the tests' pilots never see this."""
    if _raw_output():
        return
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # not a POSIX terminal driver: nothing to do
        return
    if getattr(app, "driver_class", None) is not LinuxDriver:
        return
    from threadtui.ui.textual_private import driver_output
    from threadtui.ui.wire import Wire

    class WireDriver(LinuxDriver):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._wire = Wire()

        def _rows(self) -> int | None:
            try:
                return os.get_terminal_size(self._out_fd()).lines or None
            except (OSError, ValueError, AttributeError):
                return None

        def _out_fd(self) -> int:
            out = driver_output(self)
            assert out is not None
            return out.fileno()

        def write(self, data: str) -> None:
            rows = self._rows() if "\n" in data else None
            super().write(self._wire.squeeze(data, rows))

    app.driver_class = WireDriver  # type: ignore[attr-defined]


# A test hook, never set by users: the tests check that an unexpected exception inside
# the running app restores the terminal and prints one line and the path of a report.
# `key` (or `1`): F12 raises inside a key handler; `load`: the background load of a large
# file raises in its worker thread; `busy`: F12 keeps the UI thread busy for a minute (a
# stand-in for a huge layout or search: signals must still end the reader within 1 s).
TEST_CRASH_ENV = "THREADTUI_TEST_CRASH"


class InjectedCrash(RuntimeError):
    """Raised on purpose when `THREADTUI_TEST_CRASH` is set."""


def _test_crash() -> str:
    return os.environ.get(TEST_CRASH_ENV, "").strip().lower()


def _crashing_loader(should_stop: Callable[[], bool]) -> Thread:
    raise InjectedCrash(f"{TEST_CRASH_ENV}: injected failure in the background load")


def _bind_crash_key(app: object, busy: bool = False) -> None:
    def action_test_crash() -> None:
        if busy:
            import time

            end = time.monotonic() + 60
            while time.monotonic() < end:
                pass
            return
        raise InjectedCrash(f"{TEST_CRASH_ENV}: injected failure in a key handler")

    app.action_test_crash = action_test_crash  # type: ignore[attr-defined]
    app.bind("f12", "test_crash", show=False)  # type: ignore[attr-defined]


#: The reader's rows (ui/bindings.py) that quit, and those that open a screen or the
#: search bar (after them, `q` may not mean quit: `terminal.QuitGuard`).
QUIT_ROWS = ("quit", "interrupt")
OPENING_ROWS = ("search", "help", "links", "command_palette", "suspend")


def keys_of_rows(rows: tuple[str, ...], keymap: dict[str, str]) -> frozenset[str]:
    """The keys of these rows, for this user (`q`, Ctrl-C, Ctrl-Q quit by default)."""
    from threadtui.ui.bindings import keys_of

    return frozenset(key for row in rows for key in keys_of(row, keymap))


@dataclass
class ReaderSetup:
    """Everything the reader starts with, resolved by the command line: the thread so far
    and the loader of the rest, the layout options, the config's keys, the settings."""

    thread: Thread
    options: LayoutOptions
    # The rest of the thread, loaded in the background; it stops early (raising
    # ThreadLoadError) once the callable it is given returns True: the reader is quitting.
    loader: Callable[[Callable[[], bool]], Thread] | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    mouse: bool = True
    animations: bool = False
    label: str = "sample"
    notices: list[str] = field(default_factory=list)
    author: str | None = None
    #: A thread opened by its address: fetches the rest, and refreshes on `r`.
    fetching: Any = None
    #: The comment the address named (a permalink): the cursor starts on it.
    comment: str | None = None
    #: The reading memory (threadtui.ui.reading); None: off (--no-state).
    state: Any = None
    #: Where the palette's theme choice is saved (threadtui.ui.theme.ThemeStore).
    theme_store: Any = None
    #: Open at a match of the library's search (threadtui.ui.jump.Jump).
    jump: Any = None
    #: Opened from the library: Esc goes back to it.
    back: bool = False


@dataclass(frozen=True)
class ReaderOutcome:
    """How the reader ended: its exit status, or the crash report it wrote."""

    return_code: int = 0
    crash_report: object = None
    error_name: str = "error"


def run_reader(setup: ReaderSetup) -> ReaderOutcome:
    thread = setup.thread
    loader = setup.loader
    if loader is not None and _test_crash() == "load":
        loader = _crashing_loader
    # Everything loaded so far lives as long as the app: keep the cyclic GC off it.
    gc.freeze()
    _reattach_keyboard()
    notices = list(setup.notices)
    notices.extend(thread.warnings[:3])
    if len(thread.warnings) > 3:
        notices.append(f"… and {len(thread.warnings) - 3} more warnings (threadtui validate)")

    from threadtui.ui import terminal
    from threadtui.ui.app import ReaderApp
    from threadtui.ui.crash_report import error_name
    from threadtui.ui.textual_private import install_hangup_safe_writer, install_lenient_key_decoder

    app = ReaderApp(
        thread,
        setup.options,
        keymap=setup.keymap,
        theme=setup.theme,
        animations=setup.animations,
        label=setup.label,
        notices=notices,
        loader=loader,
        fetching=setup.fetching,
        state=setup.state,
        theme_store=setup.theme_store,
        jump=setup.jump,
        back=setup.back,
    )
    if _test_crash() in ("1", "key", "busy"):
        _bind_crash_key(app, busy=_test_crash() == "busy")
    if setup.author:
        app.initial_author = setup.author
    app.initial_comment = setup.comment
    install_hangup_safe_writer()
    install_lenient_key_decoder()
    _use_wire_driver(app)
    # SIGTERM, SIGHUP, SIGINT: the app ends within a second, the terminal restored (#11.5).
    guard = terminal.guard_signals(app) if sys.stdin.isatty() else None
    if guard is not None:
        # A stuck app is ended by hand (a signal, or q while the UI thread is busy): save
        # the reading memory first if that is quick. And q quits within a second too.
        guard.last_words = app.reading.finish
        terminal.guard_quit_keys(
            app,
            guard,
            keys_of_rows(QUIT_ROWS, setup.keymap),
            keys_of_rows(OPENING_ROWS, setup.keymap),
        )
    try:
        app.run(mouse=setup.mouse)
    finally:
        app.reading.finish()  # saved already on unmount; this covers a crash
        _restore_terminal_bidi()
        if guard is not None:
            guard.finish()
            terminal.stop_quit_guard()
    if app.crash_report is not None:
        return ReaderOutcome(70, app.crash_report, error_name(app))
    return ReaderOutcome(app.return_code or 0)
