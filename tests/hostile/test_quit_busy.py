"""`q` ends the reader within a second even while the UI thread is busy (#11.5 follow-up).

``THREADTUI_TEST_CRASH=busy`` makes F12 keep the UI thread busy for a minute, a stand-in
for a huge layout or search. Before, `q` waited behind it in the app's queue (a minute
here; 42 s after a burst of keys on a 1.6 MB subject). Now the input thread arms a
watchdog (`ui/terminal.py` QuitGuard) and the terminal is restored by hand.

And where `q` does not mean quit (typed in the search bar) it is left alone, busy or not.
The time limits are hang limits (the guard acts after 0.75 s), not performance
assertions."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from .helpers import HANG, HEADER, ROOT, clean_env, crash_reports, pty_app
from .terminal import restored

pytestmark = pytest.mark.pty

SAMPLE = ROOT / "sample_threads" / "him-again.json"
F12 = b"\x1b[24~"
EXIT_LIMIT = 5.0


def _busy_reader(home: Path):  # type: ignore[no-untyped-def]
    app = pty_app(["open", str(SAMPLE)], home, env=clean_env(home, THREADTUI_TEST_CRASH="busy"))
    app.start()
    assert app.wait_for(HEADER, timeout=HANG), app.text()
    app.settle(0.3, timeout=HANG)
    return app


def _clean(app, home: Path) -> None:  # type: ignore[no-untyped-def]
    out = app.output().decode("utf-8", "replace")
    assert "Traceback" not in out, out[-1500:]
    assert restored(out) == [], restored(out)
    lflag = app.termios()[3]
    assert lflag & 0o10 and lflag & 0o2, "echo or canonical mode left off"  # ECHO, ICANON
    assert crash_reports(home) == []


@pytest.mark.parametrize("before", ["", "jjjkk"], ids=["q", "moves then q"])
def test_q_quits_while_the_ui_thread_is_busy(home: Path, before: str) -> None:
    app = _busy_reader(home)
    try:
        app.send(F12)
        time.sleep(0.3)  # let the key reach its handler (it never answers)
        for key in before:
            app.send(key)  # moving keys, waiting behind the busy work
        sent = time.monotonic()
        app.send("q")
        code = app.wait(EXIT_LIMIT)
        took = time.monotonic() - sent
        assert code is not None, f"still running {EXIT_LIMIT} s after q\n{app.text()}"
        print(f"q while busy: exit after {took:.2f} s")
        assert code == 0
        _clean(app, home)
    finally:
        app.close()


def test_q_typed_in_the_search_bar_does_not_quit_while_busy(home: Path) -> None:
    app = _busy_reader(home)
    try:
        app.send("/")
        assert app.wait_for(r"Search|/", timeout=HANG)
        app.settle(0.5, timeout=HANG)
        app.send(F12)
        time.sleep(0.3)
        app.send("q")
        # The guard acts 0.75 s after the key; four times that and still reading.
        time.sleep(3.0)
        assert app.alive(), "q in the search bar ended the reader"
        os.kill(app.pid, signal.SIGTERM)  # the signal guard still ends it
        code = app.wait(EXIT_LIMIT)
        assert code == 128 + signal.SIGTERM, code
        _clean(app, home)
    finally:
        app.close()


def test_q_after_a_key_that_opens_a_screen_waits_its_turn(home: Path) -> None:
    """`?` waiting behind the busy work would open the help screen, where q closes it: the
    guard must not take the q after it for a quit."""
    app = _busy_reader(home)
    try:
        app.send(F12)
        time.sleep(0.3)
        app.send("?")
        app.send("q")
        time.sleep(3.0)
        assert app.alive(), "q after ? ended the reader"
        os.kill(app.pid, signal.SIGTERM)
        assert app.wait(EXIT_LIMIT) == 128 + signal.SIGTERM
        _clean(app, home)
    finally:
        app.close()
