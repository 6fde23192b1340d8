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


#: Where to send a report; said in the report itself.
REPORT_TO = "https://github.com/threadtui/threadtui/issues"
#: Reports kept in the state dir: the oldest beyond these are deleted.
KEEP = 10
_DEPENDENCIES = (
    "textual",
    "rich",
    "pydantic",
    "pydantic-core",
    "arabic-reshaper",
    "python-bidi",
    "markdown-it-py",
    "selectolax",
    "httpx",
    "platformdirs",
)
_ENVIRONMENT = (
    "TERM",
    "COLORTERM",
    "TERM_PROGRAM",
    "TERM_PROGRAM_VERSION",
    "KONSOLE_VERSION",
    "VTE_VERSION",
    "TMUX",
    "NO_COLOR",
    "LANG",
    "LC_ALL",
    "THREADTUI_BIDI",
    "THREADTUI_BASE_DIR",
    "THREADTUI_SHAPE",
    "THREADTUI_THEME",
)


def _versions() -> str:
    from importlib import metadata

    found = []
    for name in _DEPENDENCIES:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found)


def _environment() -> str:
    import shutil

    size = shutil.get_terminal_size((0, 0))
    shown = [f"{k}={os.environ[k]!r}" for k in _ENVIRONMENT if k in os.environ]
    return f"terminal size: {size.columns}x{size.lines}\nenvironment: {' '.join(shown)}\n"


def _prune(folder: Path, keep: int = KEEP) -> None:
    """Delete all but the newest ``keep`` reports."""
    reports = sorted(folder.glob("crash-*.txt"), key=lambda p: (p.stat().st_mtime, p.name))
    for old in reports[:-keep] if keep else reports:
        try:
            old.unlink()
        except OSError:
            pass


def write_report(error: BaseException, *, bidi: str | None = None) -> Path | None:
    """Write a report for ``error`` into the state dir, keeping the newest `KEEP`; returns
    its path, or None. ``bidi``: the bidi mode in use, when known."""
    text = "".join(
        [
            f"threadtui {__version__} crash report\n",
            f"Please report it at {REPORT_TO} with this file (check it first: it holds",
            " your command line and some environment variables).\n\n",
            f"time: {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n",
            f"python: {sys.version.split()[0]} on {platform.platform()}\n",
            f"versions: {_versions()}\n",
            _environment(),
            f"bidi mode: {bidi or os.environ.get('THREADTUI_BIDI') or 'not known'}\n",
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
        _prune(folder)
    except OSError:
        return None
    return path
