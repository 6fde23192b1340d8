"""What the commands print besides their output: one-line messages on stderr, made
printable, and the thread's warnings."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from threadtui import PROG

if TYPE_CHECKING:
    from threadtui.model import Thread


def safe_line(text: str) -> str:
    """``text`` with every character that is not printable (controls, ESC, C1, bidi and
    other format characters, line breaks) shown as a backslash escape. Messages quote file
    names and file content; none of it may reach the terminal as a control sequence."""
    if text.isprintable():
        return text
    return "".join(
        ch
        if ch.isprintable() or ch == " "
        else f"\\x{ord(ch):02x}"
        if ord(ch) < 0x100
        else f"\\u{ord(ch):04x}"
        if ord(ch) < 0x10000
        else f"\\U{ord(ch):08x}"
        for ch in text
    )


def stderr_line(text: str) -> None:
    try:
        print(safe_line(text), file=sys.stderr)
    except (OSError, ValueError):
        pass


def print_warnings(thread: Thread, name: str) -> None:
    shown = thread.warnings[:5]
    for w in shown:
        stderr_line(f"{PROG}: warning: {name}: {w}")
    if len(thread.warnings) > len(shown):
        rest = len(thread.warnings) - len(shown)
        stderr_line(f"{PROG}: warning: {name}: … and {rest} more (threadtui validate lists them)")


def terminal_width(default: int = 80) -> int:
    """The width to lay out at when no --width is given: ``COLUMNS`` when it holds a
    width (as `shutil.get_terminal_size` reads it), else the terminal's, else
    ``default`` (a pipe, a file)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and 8 <= int(columns) <= 10000:
        return int(columns)
    try:
        return max(8, os.get_terminal_size(sys.stdout.fileno()).columns)
    except (OSError, ValueError):
        return default


def quiet_stdout() -> None:
    """Point stdout at /dev/null: the reader of a pipe went away (`render | head`), and
    the interpreter's final flush must not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
