"""Ending the reader, in a real pseudo-terminal: at any moment, quickly, and with the
terminal given back as it was found (#11.5, #11.6).

- `q` during the background load of a large file: the load runs in a child process that
  quitting kills, so quitting never waits for it.
- SIGTERM while the UI thread is busy (a stand-in for a huge layout or search): the
  signal guard (ui/terminal.py) restores the terminal itself when the normal shutdown
  does not come in time.
- Two SIGINTs 20 ms apart: asyncio used to cancel the shutdown half-way on the second.
- Bytes from the keyboard that are not UTF-8 are dropped, never fatal.
- A SIGINT while Python is still importing the program: exit 130, no traceback.

The time bounds here are hang limits, not performance assertions (the measured times are
in docs/performance.md).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from .helpers import ROOT, assert_restored, quit_and_check, start_reader, wait_painted

# One worker runs this module: its module fixture is costly, and xdist would build
# it again in every worker that gets one of its tests (--dist loadgroup).
pytestmark = [pytest.mark.pty, pytest.mark.xdist_group("big_thread")]

SAMPLE = str(ROOT / "sample_threads" / "him-again.json")
HEADER = r"\d+ comments · bidi: "
LOADING = "Loading the rest of the thread"
# Comments in the generated file: large enough that its background load takes seconds
# (about 125 MB); 1,000,000 takes about 3 minutes to generate on a loaded 2-core machine.
BIG = 200_000
# Hang limit for an exit the brief wants within 1 s.
EXIT_LIMIT = 5.0


@pytest.fixture(scope="session")
def big_thread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / f"{BIG}.json"
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_thread.py"), str(BIG), "-o", str(path), "-q"],
        check=True,
        timeout=900,
    )
    assert path.stat().st_size > 50_000_000
    return path


def _sane(app) -> None:  # type: ignore[no-untyped-def]
    """The tty is usable again: echo, canonical mode, signals, CR translation."""
    iflag, _, _, lflag = app.termios()[:4]
    assert lflag & termios.ECHO, "echo left off"
    assert lflag & termios.ICANON, "canonical mode left off"
    assert lflag & termios.ISIG, "signals left off"
    assert iflag & termios.ICRNL, "CR translation left off"


def _no_traceback(app) -> None:  # type: ignore[no-untyped-def]
    out = app.output().decode("utf-8", "replace")
    assert "Traceback" not in out and "Error" not in out, out[-1500:]


def test_q_during_background_load_exits_at_once(home: Path, big_thread: Path) -> None:
    app = start_reader(home, ["open", str(big_thread)], cols=100, rows=30)
    try:
        wait_painted(app, LOADING, timeout=120)
        app.settle(0.3, timeout=5)
        assert LOADING in app.text(), "the load finished before q: use a bigger file"
        t = time.monotonic()
        app.send("q")
        status = app.wait(EXIT_LIMIT)
        took = time.monotonic() - t
        assert status is not None, f"still running {EXIT_LIMIT} s after q\n{app.dump()}"
        print(f"q during the load of {BIG:,} comments: exit after {took:.3f} s")
        assert status == 0
        assert_restored(app)
        _sane(app)
        _no_traceback(app)
    finally:
        app.close()


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_during_background_load(name: str, home: Path, big_thread: Path) -> None:
    sig = getattr(signal, name)
    app = start_reader(home, ["open", str(big_thread)], cols=100, rows=30)
    try:
        wait_painted(app, LOADING, timeout=120)
        app.settle(0.3, timeout=5)
        os.kill(app.pid, sig)
        status = app.wait(EXIT_LIMIT)
        assert status is not None, f"still running {EXIT_LIMIT} s after {name}\n{app.dump()}"
        assert status == 128 + sig
        assert_restored(app)
        _sane(app)
        _no_traceback(app)
    finally:
        app.close()


@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_signal_while_the_ui_thread_is_busy(name: str, home: Path) -> None:
    """F12 under THREADTUI_TEST_CRASH=busy keeps the UI thread busy for a minute: the
    normal shutdown cannot run, the guard restores the terminal and ends the process."""
    sig = getattr(signal, name)
    app = start_reader(home, ["open", SAMPLE], extra_env={"THREADTUI_TEST_CRASH": "busy"})
    try:
        wait_painted(app, HEADER)
        app.settle(0.3, timeout=5)
        app.send(b"\x1b[24~")  # F12
        time.sleep(0.3)  # let the key reach the handler (it never answers: nothing to wait for)
        os.kill(app.pid, sig)
        status = app.wait(EXIT_LIMIT)
        assert status is not None, f"still running {EXIT_LIMIT} s after {name}\n{app.dump()}"
        assert status == 128 + sig
        assert_restored(app)
        _sane(app)
        _no_traceback(app)
    finally:
        app.close()


def test_two_sigints_20ms_apart_leave_a_restored_terminal(home: Path) -> None:
    app = start_reader(home, ["open", SAMPLE])
    try:
        wait_painted(app, HEADER)
        app.settle(0.3, timeout=5)
        os.kill(app.pid, signal.SIGINT)
        time.sleep(0.02)
        os.kill(app.pid, signal.SIGINT)
        status = app.wait(EXIT_LIMIT)
        assert status == 130, f"exit {status}\n{app.dump()}"
        assert_restored(app)
        _sane(app)
        _no_traceback(app)
    finally:
        app.close()


@pytest.mark.parametrize("data", [b"\xff", b"\xea\x6a", b"\xc3", b"x\x80y"], ids=repr)
def test_invalid_utf8_from_the_keyboard_is_ignored(data: bytes, home: Path) -> None:
    app = start_reader(home, ["open", SAMPLE])
    try:
        wait_painted(app, HEADER)
        app.settle(0.3, timeout=5)
        app.send(data)
        app.settle(0.5, timeout=5)
        assert app.alive(), f"the reader ended on {data!r}\n{app.dump()}"
        assert re.search(HEADER, app.text())
        # Still reading keys, including a multi-byte character typed after it.
        app.send("/")
        app.send("کتاب")
        app.settle(0.3, timeout=5)
        app.send("escape")
        app.settle(0.3, timeout=5)
        quit_and_check(app)
        _no_traceback(app)
    finally:
        app.close()


def test_sigint_while_python_imports_the_program_is_quiet() -> None:
    """From the moment the package is imported to run the command, SIGINT is exit 130
    without a word (before that, Python itself is still starting)."""
    code = (
        "import sys; sys.argv[0] = 'threadtui'\n"
        "import threadtui, os, signal, time\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "time.sleep(30)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 130
    assert out.stdout == "" and out.stderr == ""


def test_the_library_keeps_pythons_sigint_handler() -> None:
    code = (
        "import signal, threadtui\n"
        "assert signal.getsignal(signal.SIGINT) is signal.default_int_handler\n"
        "from threadtui.cli import main\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
