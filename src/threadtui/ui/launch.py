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


def _survive_terminal_loss() -> None:
    """Keep the reader from hanging when its terminal disappears (an SSH connection drops).

    Textual writes to the terminal from one thread fed by a bounded queue. When the
    terminal goes away while output is pending, that thread's write fails with EIO and the
    thread dies; the app's next writes fill the queue and block forever, so the SIGHUP
    that follows can never end the app: the process stays behind on the server. This
    writer drops output once the terminal is gone but keeps emptying the queue, so the
    app shuts down as it does on any SIGHUP.
    """
    try:
        from textual.drivers import linux_driver
        from textual.drivers._writer_thread import WriterThread
    except ImportError:  # not a POSIX terminal driver: nothing to do
        return
    if getattr(getattr(linux_driver, "WriterThread", None), "survives_terminal_loss", False):
        return

    class HangupSafeWriter(WriterThread):
        survives_terminal_loss = True

        def run(self) -> None:
            write = self._file.write
            flush = self._file.flush
            get = self._queue.get
            qsize = self._queue.qsize
            gone = False
            while True:
                text = get()
                if text is None:
                    break
                if gone:
                    continue
                try:
                    write(text)
                    if qsize() == 0:
                        flush()
                except (OSError, ValueError):
                    gone = True  # EIO, or the file was closed: drop what follows
            if not gone:
                try:
                    flush()
                except (OSError, ValueError):
                    pass

    setattr(linux_driver, "WriterThread", HangupSafeWriter)  # noqa: B010 - not exported


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
            assert self._file is not None
            return self._file.fileno()

        def write(self, data: str) -> None:
            rows = self._rows() if "\n" in data else None
            super().write(self._wire.squeeze(data, rows))

    app.driver_class = WireDriver  # type: ignore[attr-defined]


# A test hook, never set by users: the tests check that an unexpected exception inside
# the running app restores the terminal and prints one line and the path of a report.
# `key` (or `1`): F12 raises inside a key handler; `load`: the background load of a large
# file raises in its worker thread.
TEST_CRASH_ENV = "THREADTUI_TEST_CRASH"


class InjectedCrash(RuntimeError):
    """Raised on purpose when `THREADTUI_TEST_CRASH` is set."""


def _test_crash() -> str:
    return os.environ.get(TEST_CRASH_ENV, "").strip().lower()


def _crashing_loader() -> Thread:
    raise InjectedCrash(f"{TEST_CRASH_ENV}: injected failure in the background load")


def _bind_crash_key(app: object) -> None:
    def action_test_crash() -> None:
        raise InjectedCrash(f"{TEST_CRASH_ENV}: injected failure in a key handler")

    app.action_test_crash = action_test_crash  # type: ignore[attr-defined]
    app.bind("f12", "test_crash", show=False)  # type: ignore[attr-defined]


@dataclass
class ReaderSetup:
    """Everything the reader starts with, resolved by the command line: the thread so far
    and the loader of the rest, the layout options, the config's keys, the settings."""

    thread: Thread
    options: LayoutOptions
    loader: Callable[[], Thread] | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    mouse: bool = True
    animations: bool = False
    label: str = "sample"
    notices: list[str] = field(default_factory=list)
    author: str | None = None
    #: A thread opened by its address: fetches the rest, and refreshes on `r`.
    fetching: Any = None


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

    from threadtui.ui.app import ReaderApp

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
    )
    if _test_crash() in ("1", "key"):
        _bind_crash_key(app)
    if setup.author:
        app.initial_author = setup.author
    _survive_terminal_loss()
    _use_wire_driver(app)
    try:
        app.run(mouse=setup.mouse)
    finally:
        _restore_terminal_bidi()
    if app.crash_report is not None:
        error = app._exception
        # A worker's exception arrives wrapped in WorkerFailed: name the real one.
        error = getattr(error, "error", None) or error
        name = type(error).__name__ if error is not None else "error"
        return ReaderOutcome(70, app.crash_report, name)
    return ReaderOutcome(app.return_code or 0)
