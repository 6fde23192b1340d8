"""Crash reports: the full traceback goes to a file, the user sees one line."""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from pathlib import Path

from threadtui import __version__
from threadtui.paths import atomic_write, state_dir


def _wrapped(error: BaseException) -> list[str]:
    """The exception inside a wrapper that carries it as ``.error`` (Textual's
    WorkerFailed for a crash in a worker thread) without chaining it: the wrapper has no
    traceback of its own, the wrapped exception has the one worth reading."""
    inner = getattr(error, "error", None)
    if not isinstance(inner, BaseException) or inner is error:
        return []
    if inner is error.__cause__ or inner is error.__context__:
        return []  # already printed as part of the chain
    return [
        "\nThe exception it carries:\n\n",
        *traceback.format_exception(type(inner), inner, inner.__traceback__),
    ]


def write_report(error: BaseException) -> Path | None:
    """Write a report for ``error`` into the state dir; returns its path, or None."""
    text = "".join(
        [
            f"threadtui {__version__} crash report\n",
            f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n",
            f"python: {sys.version.split()[0]} on {platform.platform()}\n",
            f"argv: {sys.argv!r}\n\n",
            *traceback.format_exception(type(error), error, error.__traceback__),
            *_wrapped(error),
        ]
    )
    # The pid keeps two processes' crashes within one second apart, and the counter two
    # reports of one process (the app's, then one about failing to say so).
    stem = f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    try:
        folder = state_dir()
        path = folder / f"{stem}.txt"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"{stem}-{n}.txt"
        atomic_write(path, text.encode("utf-8", "backslashreplace"))
    except OSError:
        return None
    return path
