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


# The guard's decisions, without a terminal: when a quit key arms the watchdog.


class _Guard:
    def __init__(self) -> None:
        import threading

        self.finished = threading.Event()
        self.ended: list[int] = []

    def end_now(self, code: int) -> None:
        self.ended.append(code)
        self.finished.set()


def _quit_guard(focused: object = None, screens: int = 1):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from threadtui.ui.terminal import QuitGuard

    app = SimpleNamespace(screen_stack=[object()] * screens, focused=focused)
    guard = _Guard()
    qg = QuitGuard(app, guard, frozenset({"q", "ctrl+c"}), frozenset({"slash", "question_mark"}))  # type: ignore[arg-type]
    return qg, guard


def _key(name: str):  # type: ignore[no-untyped-def]
    from textual import events

    return events.Key(name, name if len(name) == 1 else None)


@pytest.mark.parametrize(
    ("waiting", "armed"),
    [
        ((), True),
        (("j", "j", "k", "space"), True),  # moving keys do not change what q means
        (("slash",), False),  # the search bar would open first
        (("j", "question_mark", "j"), False),  # the help screen would
    ],
)
def test_which_waiting_keys_let_q_arm_the_watchdog(waiting: tuple[str, ...], armed: bool) -> None:
    qg, _ = _quit_guard()
    busy = _key("f12")
    qg.arrived(busy)
    qg.taken(busy)  # the app is busy handling it
    for name in waiting:
        qg.arrived(_key(name))
    qg.arrived(_key("q"))
    assert qg._armed.is_set() is armed


def test_q_in_a_text_input_or_on_another_screen_does_not_arm() -> None:
    from textual.widgets import Input

    for focused, screens in ((Input(), 1), (None, 2)):
        qg, _ = _quit_guard(focused, screens)
        qg.arrived(_key("q"))
        assert not qg._armed.is_set(), (focused, screens)


def test_a_click_waiting_before_q_keeps_it_from_arming() -> None:
    from textual import events

    qg, _ = _quit_guard()
    click = events.MouseDown(None, 1, 1, 0, 0, 1, False, False, False)
    qg.arrived(click)
    qg.arrived(_key("q"))
    assert not qg._armed.is_set()
    qg.taken(click)  # once the app took the click, the next q arms
    qg.arrived(_key("q"))
    assert qg._armed.is_set()


def test_a_key_taken_in_time_ends_nothing_and_stop_ends_the_watchdog() -> None:
    from threadtui.ui import terminal

    qg, guard = _quit_guard()
    qg.start()
    q = _key("q")
    qg.arrived(q)
    qg.taken(q)
    time.sleep(terminal.QUIT_GRACE + 0.5)
    assert guard.ended == []
    guard.finished.set()
    terminal._quit_guard = qg
    terminal.stop_quit_guard()
    qg._thread.join(5)
    assert not qg._thread.is_alive()


def test_a_quit_key_the_app_does_not_take_ends_the_reader_with_0() -> None:
    from threadtui.ui import terminal

    qg, guard = _quit_guard()
    qg.start()
    qg.arrived(_key("ctrl+c"))
    qg._thread.join(terminal.QUIT_GRACE + 5)  # a hang limit
    assert guard.ended == [0]
