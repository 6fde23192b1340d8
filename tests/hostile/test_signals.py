"""Signals and crashes: the terminal is always given back as it was found.

SIGHUP (an SSH connection dropping), SIGTERM and Ctrl-C end the reader cleanly; an
unexpected exception inside the app prints one line and the path of a full report, never
a screen of traceback. Each test runs the real reader in a pseudo-terminal and checks
every byte it wrote plus the terminal's line discipline (echo and canonical mode back on).

The crash tests use the THREADTUI_TEST_CRASH hook of threadtui.ui.launch. No test sleeps
a fixed time to let something happen: each waits for the screen (or the kernel) to show
that it did, with HANG as a limit that only a hang reaches.
"""

from __future__ import annotations

import errno
import os
import re
import signal
import termios
import time
from pathlib import Path

import pytest

from .helpers import HANG, HEADER, ROOT, clean_env, crash_reports, pty_app
from .terminal import problems, restored

SAMPLE = ROOT / "sample_threads" / "him-again.json"


def _cooked(app) -> bool:  # type: ignore[no-untyped-def]
    """Echo and canonical mode on: the shell gets a usable terminal back."""
    lflag = app.termios()[3]
    return bool(lflag & termios.ECHO) and bool(lflag & termios.ICANON)


def _reap(app) -> None:  # type: ignore[no-untyped-def]
    """After the test closed the terminal itself: make sure the process is gone."""
    if app.exit_status is None and app.pid:
        try:
            os.kill(app.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(app.pid, 0)
        app.exit_status = os.waitstatus_to_exitcode(status)


def _tail(app) -> str:  # type: ignore[no-untyped-def]
    return (
        f"\n--- screen ---\n{app.text()}\n--- output tail ---\n"
        f"{app.output()[-1500:].decode('utf-8', 'replace')!r}"
    )


def _started(home: Path, *args: str, **env: str):  # type: ignore[no-untyped-def]
    app = pty_app(["open", *args], home, env=clean_env(home, **env))
    app.start()
    assert app.wait_for(HEADER, timeout=HANG), "the reader did not start" + _tail(app)
    app.settle(0.2, timeout=HANG)
    assert app.alive()
    return app


def _check_clean_exit(app, home: Path, code: int | None) -> str:  # type: ignore[no-untyped-def]
    out = app.output().decode("utf-8", "replace")
    assert code is not None, "the reader did not exit" + _tail(app)
    assert "Traceback" not in out, _tail(app)
    assert restored(out) == [], _tail(app)
    assert problems(out) == [], _tail(app)
    assert _cooked(app), "terminal left in raw mode"
    assert crash_reports(home) == []
    return out


@pytest.mark.pty
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGINT"])
def test_signal_ends_the_reader_cleanly(name: str, home: Path) -> None:
    sig = getattr(signal, name)
    app = _started(home, str(SAMPLE))
    try:
        os.kill(app.pid, sig)
        code = app.wait(HANG)
        _check_clean_exit(app, home, code)
        # Ended by its own hand (not killed by the signal), without claiming an error.
        assert code in (0, 128 + sig, 130), code
    finally:
        app.close()


@pytest.mark.pty
def test_ctrl_c_key_quits_cleanly(home: Path) -> None:
    """In the reader's raw mode Ctrl-C is a key, not SIGINT; pressing it must still quit
    and give the terminal back (as in less, mutt and every pager users know)."""
    app = _started(home, str(SAMPLE))
    try:
        app.send("ctrl+c")
        code = app.wait(30)
        _check_clean_exit(app, home, code)
        assert code in (0, 130)
    finally:
        app.close()


@pytest.mark.pty
def test_ssh_connection_drop(home: Path) -> None:
    """The terminal disappears (the pty master closes, the kernel sends SIGHUP): the
    reader must exit, not spin on a dead terminal, and not call it a crash."""
    app = _started(home, str(SAMPLE))
    try:
        os.close(app.fd)
        app.fd = -1
        deadline = time.monotonic() + HANG
        status = None
        while time.monotonic() < deadline:
            pid, st = os.waitpid(app.pid, os.WNOHANG)
            if pid:
                status = st
                break
            time.sleep(0.05)
        assert status is not None, "the reader kept running after its terminal went away"
        app.exit_status = os.waitstatus_to_exitcode(status)
        assert crash_reports(home) == [], "a dropped connection is not a crash"
    finally:
        _reap(app)
        app.close()


def _wait_gone(pid: int, timeout: float) -> int | None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        got, status = os.waitpid(pid, os.WNOHANG)
        if got:
            return status
        time.sleep(0.05)
    return None


@pytest.mark.pty
def test_ssh_connection_drop_during_startup(home: Path) -> None:
    """The connection drops while the reader is still drawing its first screens (output
    pending). Textual's writer thread then dies on EIO and, before threadtui guarded
    against it, the shutdown that SIGHUP starts blocked forever on the writer's full
    queue in about half the runs: the process stayed behind on the server. Repeated,
    because the moment the connection drops decides whether output is pending."""
    for attempt in range(4):
        app = pty_app(["open", str(SAMPLE)], home)
        try:
            app.start()
            assert app.wait_for(HEADER, timeout=HANG), _tail(app)
            os.close(app.fd)  # the connection drops right after the first screen
            app.fd = -1
            status = _wait_gone(app.pid, 60)
            assert status is not None, (
                f"attempt {attempt}: the reader hung after its terminal went away"
            )
            app.exit_status = os.waitstatus_to_exitcode(status)
        finally:
            _reap(app)
            app.close()
    assert crash_reports(home) == [], "a dropped connection is not a crash"


def test_output_thread_survives_a_vanished_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The mechanism behind the test above, deterministically: once writes to the
    terminal fail with EIO, the reader's output thread must keep taking (and dropping)
    output, or the app blocks forever on a full queue while shutting down."""
    from textual.drivers import linux_driver

    from threadtui.ui.textual_private import install_hangup_safe_writer

    monkeypatch.setattr(linux_driver, "WriterThread", linux_driver.WriterThread)
    install_hangup_safe_writer()

    class DeadTerminal:
        writes = 0

        def write(self, text: str) -> int:
            DeadTerminal.writes += 1
            raise OSError(errno.EIO, "Input/output error")

        def flush(self) -> None:
            raise OSError(errno.EIO, "Input/output error")

        def fileno(self) -> int:
            return 1

    writer = linux_driver.WriterThread(DeadTerminal())
    writer.start()
    try:
        for k in range(200):  # far more than the queue holds
            writer._queue.put(f"frame {k}", timeout=HANG)
    finally:
        writer._queue.put(None, timeout=HANG)
        writer.join(HANG)
    assert not writer.is_alive()
    assert DeadTerminal.writes == 1, "after the first failure, output is dropped unwritten"


def _fifo_reader(home: Path, *args: str):  # type: ignore[no-untyped-def]
    """Start the reader on a FIFO and return once it is blocked reading it (a thread
    file still arriving over a slow disk or a pipe)."""
    fifo = home / "arriving.json"
    os.mkfifo(fifo)
    app = pty_app(["open", *args, str(fifo)], home)
    app.start()
    deadline = time.monotonic() + HANG
    while True:  # opening the write end succeeds once the reader has opened the FIFO
        try:
            wfd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as e:
            assert e.errno == errno.ENXIO, e
            assert time.monotonic() < deadline and app.alive(), "never opened the file" + _tail(app)
            app.read(0.05)
    os.write(wfd, b'{"title": "half of a thread", "comments": [{"body": "')
    return app, wfd


@pytest.mark.pty
def test_ctrl_c_while_loading(home: Path) -> None:
    """Before the reader takes over the terminal, Ctrl-C is SIGINT: exit 130, one line at
    most, no traceback, the terminal untouched."""
    app, wfd = _fifo_reader(home)
    try:
        app.send("ctrl+c")  # the pty's line discipline turns it into SIGINT
        code = app.wait(HANG)
        out = app.output().decode("utf-8", "replace")
        assert code == 130, f"exit {code}" + _tail(app)
        assert "Traceback" not in out and "\x1b[?1049h" not in out, _tail(app)
        assert len([ln for ln in out.splitlines() if ln.strip() and ln.strip() != "^C"]) <= 1
        assert _cooked(app)
        assert crash_reports(home) == []
    finally:
        os.close(wfd)
        app.close()


@pytest.mark.pty
@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_signal_while_loading(name: str, home: Path) -> None:
    app, wfd = _fifo_reader(home)
    try:
        os.kill(app.pid, getattr(signal, name))
        code = app.wait(HANG)
        out = app.output().decode("utf-8", "replace")
        assert code is not None, _tail(app)
        assert "Traceback" not in out and "\x1b[?1049h" not in out, _tail(app)
        assert _cooked(app)
    finally:
        os.close(wfd)
        app.close()


@pytest.mark.pty
def test_file_still_being_written(home: Path) -> None:
    """The writer stops half way (an exporter still running): one line that says so."""
    app, wfd = _fifo_reader(home)
    try:
        os.close(wfd)  # end of file in the middle of a string
        wfd = -1
        code = app.wait(HANG)
        out = app.output().decode("utf-8", "replace")
        assert code == 2, _tail(app)
        lines = [ln for ln in out.splitlines() if ln.strip()]
        assert len(lines) == 1 and "ends too early" in lines[0], lines
        assert "Traceback" not in out and "\x1b[?1049h" not in out
    finally:
        if wfd >= 0:
            os.close(wfd)
        app.close()


_CRASH_LINE = re.compile(r"threadtui: internal error \((\w+)\); full report: (\S+)\r?$")


def _check_crash(app, home: Path, code: int | None) -> Path:  # type: ignore[no-untyped-def]
    out = app.output().decode("utf-8", "replace")
    assert code == 70, f"exit {code}" + _tail(app)
    assert "Traceback" not in out, _tail(app)
    assert restored(out) == [], _tail(app)
    assert _cooked(app)
    # After leaving the alternate screen: exactly one line.
    after = out[out.rfind("\x1b[?1049l") :]
    after = re.sub(r"\x1b\[[0-9;?<>=]*[a-zA-Z]", "", after)
    lines = [ln for ln in after.splitlines() if ln.strip()]
    assert len(lines) == 1, lines
    m = _CRASH_LINE.search(lines[0])
    assert m, lines[0]
    assert m.group(1) == "InjectedCrash"
    report = Path(m.group(2))
    assert report.exists(), report
    assert report.parent == home / "state"
    text = report.read_text()
    assert "Traceback" in text and "InjectedCrash" in text and "threadtui" in text
    assert crash_reports(home) == [report]
    assert oct(report.stat().st_mode & 0o777) == oct(0o600), "reports hold argv: keep them private"
    return report


@pytest.mark.pty
def test_crash_in_a_key_handler(home: Path) -> None:
    app = _started(home, str(SAMPLE), THREADTUI_TEST_CRASH="key")
    try:
        app.send(b"\x1b[24~")  # F12
        code = app.wait(HANG)
        _check_crash(app, home, code)
    finally:
        app.close()


@pytest.mark.pty
def test_crash_in_the_background_load(home: Path, large_corpus: Path) -> None:
    app = pty_app(
        ["open", str(large_corpus / "wide-100k.json")],
        home,
        env=clean_env(home, THREADTUI_TEST_CRASH="load"),
    )
    try:
        app.start()
        code = app.wait(HANG)
        _check_crash(app, home, code)
    finally:
        app.close()


def test_crash_outside_the_app_is_one_line(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI's last line of defence: any exception, one line, a report."""
    from threadtui import cli

    def boom(args: object) -> int:
        raise RuntimeError("boom \x1b]0;PWN\x07 " + "x" * 5000)

    monkeypatch.setenv("THREADTUI_STATE_DIR", str(home / "state"))
    monkeypatch.setitem(cli.HANDLERS, "render", boom)
    assert cli.main(["render", str(SAMPLE)]) == 70
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "internal error: RuntimeError: boom" in lines[0]
    assert "\x1b" not in err and "\x07" not in err
    assert len(lines[0]) < 600
    assert len(crash_reports(home)) == 1


def test_crash_with_an_unwritable_state_dir(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from threadtui import cli

    blocker = home / "not-a-dir"
    blocker.write_text("a file where the state dir should be")
    monkeypatch.setenv("THREADTUI_STATE_DIR", str(blocker / "state"))

    def boom(args: object) -> int:
        raise ValueError("boom")

    monkeypatch.setitem(cli.HANDLERS, "render", boom)
    assert cli.main(["render", str(SAMPLE)]) == 70
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: ValueError: boom" in err
