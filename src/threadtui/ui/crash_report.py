"""An unexpected exception inside the reader: a report file instead of a screen of locals.

Textual's own handler prints a traceback with the local variables of every frame, which
may hold the user's thread, and leaves it on the screen. The reader writes the full
traceback to a report in the user's state directory (`threadtui.crash`) and closes; the
command line prints one line naming the error and the report, once the terminal is
restored.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from threadtui.ui.textual_private import close_messages_no_wait, failure_of

NO_REPORT = "(could not write a report)"


def report_and_close(app: App[Any]) -> object:
    """Write the report of the exception that ended ``app`` and close it the way
    Textual's ``_fatal_error`` does. Returns the report's path (or why there is none)."""
    from threadtui.crash import write_report

    error = failure_of(app)
    report: object = None
    if error is not None:
        report = write_report(error) or NO_REPORT
    close_messages_no_wait(app)
    return report


def error_name(app: App[Any]) -> str:
    """The name of the exception that ended ``app``; a worker's own, not `WorkerFailed`."""
    error = failure_of(app)
    error = getattr(error, "error", None) or error
    return type(error).__name__ if error is not None else "error"
