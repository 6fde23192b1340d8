"""Every private Textual name threadtui relies on, in one place, each with why.

Textual makes no promise about names that start with an underscore, so they are reached
only through the functions here, never directly elsewhere (tests/ui/test_textual_private.py
greps src/threadtui/ui for any other use). Each one has a test there that fails loudly,
naming the attribute, when a Textual release renames or changes it; that test, and the
``textual<8.3`` pin in pyproject.toml, are what to look at before moving to a newer
Textual. Checked against 8.2.8.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable, MutableSequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver
    from textual.filter import LineFilter
    from textual.geometry import Size
    from textual.scroll_view import ScrollView

# --------------------------------------------------------------------------------------
# App
# --------------------------------------------------------------------------------------


def is_exiting(app: App[Any]) -> bool:
    """``App._exit``: `App.exit` has been called. Set before the screens come down, so a
    widget mounted after it (the search bar, just after the first frame, when a SIGHUP
    arrives at start-up) can tell it must not query a screen being taken apart. Textual
    has no public "is shutting down"; `is_running` stays True until the very end."""
    return bool(app._exit)


def line_filters(app: App[Any]) -> MutableSequence[LineFilter]:
    """``App._filters``: the line filters applied to every rendered line. Under NO_COLOR
    Textual puts in the filter that suits its *default* theme; the reader swaps it for the
    one that suits the theme actually in use (ui/theme.py). There is no public setter."""
    filters: MutableSequence[LineFilter] = app._filters
    return filters


def refresh_truecolor_filter(app: App[Any]) -> None:
    """``App._refresh_truecolor_filter``: what ``App._watch_theme`` does for the ANSI
    theme's truecolor filter. The reader sets its theme before the stylesheet is first
    parsed (ui/theme.py), skipping ``_watch_theme``'s full restyle, so it does this step
    itself."""
    app._refresh_truecolor_filter(app.ansi_theme)


def driver_of(app: App[Any]) -> Driver | None:
    """``App._driver``: the driver, to write the bidi mode (CSI 8 h / 8 l) straight to the
    terminal around suspend and resume, outside any frame. Textual exposes no driver."""
    driver: Driver | None = app._driver
    return driver


def failure_of(app: App[Any]) -> BaseException | None:
    """``App._exception``: the exception that ended the app (a worker's arrives wrapped
    in `WorkerFailed`), for the crash report and the one-line message after it."""
    error: BaseException | None = app._exception
    return error


#: ``App._fatal_error``: the method Textual calls after an unhandled exception to print
#: the traceback and close. ReaderApp overrides it to write a crash report instead of
#: filling the screen with locals (which may hold the user's thread); its override ends
#: the way Textual's does, with `close_messages_no_wait`.
FATAL_ERROR_HOOK = "_fatal_error"


def close_messages_no_wait(app: App[Any]) -> None:
    """``MessagePump._close_messages_no_wait``: how ``App._fatal_error`` ends the app."""
    app._close_messages_no_wait()


# --------------------------------------------------------------------------------------
# Widgets
# --------------------------------------------------------------------------------------


def update_scroll_range(view: ScrollView, size: Size) -> None:
    """``Widget._scroll_update``: give the scrollbars a new virtual size. Assigning
    `virtual_size` does this *and* runs a layout pass that repaints the whole screen;
    the comment pane's heights change as comments get laid out while scrolling, and only
    the scroll range changed (the pane sets the reactive with `set_reactive` first)."""
    view._scroll_update(size)


# --------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------


def normalize_keys(keys: str) -> str:
    """``textual.keys._normalize_key_list``: ``"?,j"`` → ``"question_mark,j"``, exactly as
    `App.set_keymap` normalises a keymap, so that the bindings table compares, shows and
    checks the user's keys the way Textual will match them."""
    from textual.keys import _normalize_key_list

    return _normalize_key_list(keys)


# --------------------------------------------------------------------------------------
# The terminal driver
# --------------------------------------------------------------------------------------


def driver_output(driver: Driver) -> IO[str] | None:
    """``LinuxDriver._file``: the stream the driver writes to (the terminal), for its
    size (the wire filter needs the number of rows)."""
    out: IO[str] | None = getattr(driver, "_file", None)
    return out


def install_lenient_key_decoder() -> None:
    """Make the keyboard's decoder drop bytes that are not UTF-8 (#11.6).

    ``LinuxDriver.run_input_thread`` decodes what the terminal sends with
    ``getincrementaldecoder("utf-8")()``, looked up in the module
    ``textual.drivers.linux_driver`` at the start of the input thread, with strict
    errors: one invalid byte (``ff``, or ``ea`` = Alt-j from a terminal set to send 8-bit
    meta) raised UnicodeDecodeError in the input thread, which Textual turns into a
    panic: a Rich traceback on the screen and exit status 0. The replacement gives the
    same decoder with ``errors="ignore"``: valid input, split across reads or not, is
    decoded exactly as before; an invalid byte is dropped."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # not a POSIX terminal driver: nothing to do
        return
    current = getattr(linux_driver, "getincrementaldecoder", None)
    if current is None or getattr(current, "lenient", False):
        return
    setattr(linux_driver, "getincrementaldecoder", _lenient_decoder)  # noqa: B010


def _lenient_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="ignore")


_lenient_decoder.lenient = True  # type: ignore[attr-defined]


def install_hangup_safe_writer() -> None:
    """Replace ``textual.drivers.linux_driver.WriterThread`` (the class of the thread
    that writes every frame, from the private module ``textual.drivers._writer_thread``)
    with one that survives the terminal disappearing.

    Textual writes to the terminal from one thread fed by a bounded queue
    (``WriterThread._queue``, written to ``WriterThread._file``). When the terminal goes
    away while output is pending (an SSH connection drops), that thread's write fails with
    EIO and the thread dies; the app's next writes fill the queue and block forever, so
    the SIGHUP that follows can never end the app: the process stays behind on the server.
    This writer drops output once the terminal is gone but keeps emptying the queue, so
    the app shuts down as it does on any SIGHUP."""
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
            _drain(self._queue.get, self._queue.qsize, self._file.write, self._file.flush)

    setattr(linux_driver, "WriterThread", HangupSafeWriter)  # noqa: B010 - not exported


def _drain(
    get: Callable[[], str | None],
    qsize: Callable[[], int],
    write: Callable[[str], object],
    flush: Callable[[], object],
) -> None:
    """WriterThread.run's loop (write each queued text, flush when the queue is empty,
    stop at None), but a failed write means the terminal is gone: drop what follows."""
    gone = False
    while (text := get()) is not None:
        if gone:
            continue
        try:
            write(text)
            if qsize() == 0:
                flush()
        except (OSError, ValueError):
            gone = True  # EIO, or the file was closed
    if not gone:
        try:
            flush()
        except (OSError, ValueError):
            pass
