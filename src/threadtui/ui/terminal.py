"""What the reader tells its terminal outside the frames, and the signals it answers.

- The bidi mode (ECMA-48 BDSM): ``CSI 8 l`` asks terminals that reorder by themselves
  (VTE: GNOME Terminal, Tilix…) to stop while threadtui does it (app mode); ``CSI 8 h``
  gives them back implicit bidi, around a suspend and at exit.
- SIGTERM and SIGHUP (an SSH connection dropping) end the app the normal way, so the
  terminal is restored rather than left in the alternate screen with the mouse on.
- Whether Ctrl-Z can suspend at all: only when a job-control shell is there to bring the
  reader back (`job_control`). Under ``sh -c`` (how sshd runs a ForceCommand) nothing
  would ever send SIGCONT, and the session would hang.
"""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

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


def install_signal_handlers(app: App[Any]) -> None:
    """SIGTERM and SIGHUP end the app as `q` does (the terminal restored)."""
    if app.is_headless:
        return
    loop = asyncio.get_running_loop()
    for name in ("SIGTERM", "SIGHUP"):
        sig = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            loop.add_signal_handler(sig, app.exit)
        except (NotImplementedError, RuntimeError, ValueError):
            pass


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
