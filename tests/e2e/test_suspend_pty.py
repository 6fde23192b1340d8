"""Ctrl-Z in a real pseudo-terminal (#12.5).

- Under an interactive shell with job control (bash -i as the pty's session leader):
  Ctrl-Z stops the reader, the shell says so, `fg` brings it back with the whole screen
  repainted (it used to come back blank but for the header until Tab).
- Under `sh -c` (how sshd runs a ForceCommand) nothing could ever bring a stopped reader
  back: Ctrl-Z does not stop it, a notice says why, and q still quits.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from .helpers import (
    ROOT,
    PtyApp,
    assert_restored,
    ptyterm,
    require_tool,
    threadtui_path,
    user_env,
    wait_painted,
)

pytestmark = pytest.mark.pty

SAMPLE = str(ROOT / "sample_threads" / "him-again.json")
HEADER = r"\d+ comments · bidi: "
CTRL_Z = b"\x1a"
COLS, ROWS = 100, 30


def _screen_settled(app: PtyApp) -> str:
    app.settle(0.5, timeout=10)
    return app.text()


def test_ctrl_z_then_fg_repaints_the_whole_screen(home: Path) -> None:
    bash = require_tool("bash", "bash")
    env = user_env(home=home, extra={"PS1": "$ "})
    app = PtyApp([bash, "--norc", "--noprofile", "-i"], COLS, ROWS, env)
    app.start()
    try:
        assert app.wait_for(r"^\$", 20), app.dump()
        app.send(f"{shlex.quote(threadtui_path())} {shlex.quote(SAMPLE)}\r")
        wait_painted(app, HEADER)
        before = _screen_settled(app)
        assert "Khatami" in before
        app.send(CTRL_Z)
        assert app.wait_for(r"Stopped", 20), "Ctrl-Z did not stop the reader\n" + app.dump()
        assert not app.screen.in_alt_screen, "suspended in the alternate screen"
        app.settle(0.3, timeout=5)
        app.send("fg\r")
        assert app.wait_for(HEADER, 20), app.dump()
        after = _screen_settled(app)
        assert after == before, f"after fg:\n{after}\n\nbefore:\n{before}"
        # Still reading keys, and quits cleanly back to the shell.
        app.send("q")
        assert app.wait_until(lambda: not app.screen.in_alt_screen, 20), app.dump()
        app.settle(0.3, timeout=5)
        assert_restored_modes(app)
        app.send("exit $?\r")
        assert app.wait(20) == 0, app.dump()
    finally:
        app.close()


def assert_restored_modes(app: PtyApp) -> None:
    # Back at bash's prompt, where readline itself turns bracketed paste on.
    problems = app.restore_problems({**ptyterm.INITIAL_MODES, ptyterm.BRACKETED_PASTE: True})
    assert not problems, "terminal not restored: " + "; ".join(problems)
    assert not app.screen.cursor.hidden


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_forcecommand_sh_c_survives_ctrl_z(shell: str, home: Path) -> None:
    exe = require_tool(shell, shell)
    command = f"{shlex.quote(threadtui_path())} {shlex.quote(SAMPLE)}; exit $?"
    app = PtyApp([exe, "-c", command], COLS, ROWS, user_env(home=home))
    app.start()
    try:
        wait_painted(app, HEADER)
        app.settle(0.3, timeout=5)
        app.send(CTRL_Z)
        assert app.wait_for(r"Ctrl-Z is off here", 20), app.dump()
        assert app.alive()
        assert re.search(HEADER, app.text())
        app.send("j")
        app.settle(0.3, timeout=5)
        app.send("q")
        status = app.wait(20)
        assert status == 0, f"exit {status}\n{app.dump()}"
        assert_restored(app)
    finally:
        app.close()
