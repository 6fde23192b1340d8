"""Reading over a real SSH connection: Debian's OpenSSH server on a loopback port, set up
the way docs/ssh.md tells an operator to (a `Match User` block whose `ForceCommand` runs
threadtui, a TTY, no forwarding of any kind), and the OpenSSH client on a pseudo-terminal.

Checks what a reader would notice: the sample thread on screen in full colour (COLORTERM
forwarded with SendEnv/AcceptEnv), the Persian comment right, `y` copying its logical text
to the *reader's* clipboard through the connection (OSC 52), `q` ending the session with
status 0 and the terminal restored. And what an operator relies on: the client cannot run
another command, and forwarding is refused.

Throwaway host and client keys, a free loopback port, bounded timeouts; sshd is killed at
the end. Needs root (sshd's privilege separation), as in CI.
"""

from __future__ import annotations

import base64
import contextlib
import os
import pwd
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .helpers import (
    PERSIAN_ID,
    ROOT,
    PtyApp,
    assert_cursor_on,
    assert_restored,
    comment_index,
    render_output,
    require_tool,
    sgr_colours,
    show_prompt,
    threadtui_path,
    user_env,
    wait_painted,
)

pytestmark = pytest.mark.pty

SSHD = "/usr/sbin/sshd"
OSC52 = re.compile(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)")


@dataclass
class Sshd:
    port: int
    user: str
    key: Path
    config: Path
    proc: subprocess.Popen  # type: ignore[type-arg]
    log: list[str] = field(default_factory=list)

    def log_text(self) -> str:
        return "".join(self.log)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _config(d: Path, port: int, user: str, command: str) -> str:
    return f"""\
# Written by tests/e2e/test_sshd.py: a throwaway server on a loopback port.
Port {port}
ListenAddress 127.0.0.1
HostKey {d}/host_key
PidFile {d}/sshd.pid
AuthorizedKeysFile {d}/authorized_keys
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
PermitUserEnvironment no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
AcceptEnv LANG LC_* COLORTERM NO_COLOR

# The reading account (docs/ssh.md): threadtui and nothing else.
Match User {user}
    ForceCommand {command}
    PermitTTY yes
    AllowTcpForwarding no
    AllowStreamLocalForwarding no
    X11Forwarding no
    PermitTunnel no
    AllowAgentForwarding no
    GatewayPorts no
"""


def _drain(proc: subprocess.Popen, log: list[str]) -> None:  # type: ignore[type-arg]
    assert proc.stderr is not None
    for line in iter(proc.stderr.readline, b""):
        log.append(line.decode("utf-8", "replace"))


@contextlib.contextmanager
def running_sshd(d: Path, command: str) -> Iterator[Sshd]:
    """OpenSSH's server on a free loopback port whose reading account (the current user)
    is forced to run ``command``; killed on exit."""
    exe = require_tool("sshd", "openssh-server", SSHD)
    keygen = require_tool("ssh-keygen", "openssh-client")
    require_tool("ssh", "openssh-client")
    if os.geteuid() != 0:
        pytest.fail(
            "the sshd test runs OpenSSH's server and needs root (CI runs as root)", pytrace=False
        )
    d.mkdir()
    for name in ("host_key", "client_key"):
        subprocess.run(
            [keygen, "-q", "-t", "ed25519", "-N", "", "-C", f"e2e-{name}", "-f", str(d / name)],
            check=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    (d / "authorized_keys").write_text((d / "client_key.pub").read_text())
    # sshd's privilege separation directory (created at boot by the ssh service).
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    user = pwd.getpwuid(os.geteuid()).pw_name
    proc = None
    for _attempt in range(3):  # the port may be taken between choosing and binding it
        port = _free_port()
        config = d / "sshd_config"
        config.write_text(_config(d, port, user, command))
        test = subprocess.run(
            [exe, "-t", "-f", str(config)], capture_output=True, text=True, timeout=30, check=False
        )
        assert test.returncode == 0, f"sshd -t rejected the config: {test.stderr}"
        proc = subprocess.Popen(
            [exe, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        log: list[str] = []
        threading.Thread(target=_drain, args=(proc, log), daemon=True).start()
        end = time.monotonic() + 20
        while time.monotonic() < end and proc.poll() is None:
            if any(f"Server listening on 127.0.0.1 port {port}" in x for x in log):
                break
            time.sleep(0.05)
        if proc.poll() is None and any("Server listening" in x for x in log):
            break
        proc.kill()
        proc.wait(5)
        if not any("Address already in use" in x for x in log):
            pytest.fail("sshd did not start: " + "".join(log)[-2000:], pytrace=False)
    else:
        pytest.fail("sshd found no free loopback port in 3 tries", pytrace=False)
    server = Sshd(port, user, d / "client_key", config, proc, log)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def _env_prefix(home: Path) -> str:
    # A throwaway HOME for threadtui's config and crash reports, and a theme of fixed
    # colours, so that the colour depth shows whether COLORTERM crossed the connection
    # (the default theme uses the terminal's 16-colour palette whatever COLORTERM says).
    return (
        f"env HOME={home} XDG_CONFIG_HOME={home}/.config"
        f" XDG_STATE_HOME={home}/.local/state TEXTUAL_THEME=textual-dark"
    )


@pytest.fixture
def sshd(tmp_path: Path, home: Path) -> Iterator[Sshd]:
    """The docs' setup: ForceCommand runs threadtui on a named thread file (the bundled
    sample). The file is named as docs/ssh.md says: without a FILE and without a TTY
    (``ssh -T``), threadtui reads the thread from standard input, as rg does."""
    from threadtui.data import sample_path

    command = f"{_env_prefix(home)} {threadtui_path()} {sample_path()}"
    with running_sshd(tmp_path / "ssh", command) as s:
        yield s


def shelf_script(shelf: Path) -> str:
    """The shelf script exactly as docs/ssh.md prints it, pointed at ``shelf`` and at
    this checkout's threadtui."""
    doc = (ROOT / "docs" / "ssh.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(#!/bin/sh\n.*?)```", doc, re.S)
    script = next((b for b in blocks if "threadtui-shelf" in b), None)
    assert script is not None, "docs/ssh.md lost its threadtui-shelf script"
    assert "shelf=/srv/threads\n" in script and "threadtui=/opt/threadtui/bin/threadtui\n" in (
        script
    )
    return script.replace("shelf=/srv/threads\n", f"shelf={shelf}\n").replace(
        "threadtui=/opt/threadtui/bin/threadtui\n", f"threadtui={threadtui_path()}\n"
    )


@pytest.fixture
def shelf_sshd(tmp_path: Path, home: Path) -> Iterator[Sshd]:
    from threadtui.data import sample_path

    shelf = tmp_path / "shelf"
    shelf.mkdir()
    shutil.copy(sample_path(), shelf / "him-again.json")
    (tmp_path / "secret.json").write_text('{"title": "SECRET", "comments": []}')
    script = tmp_path / "threadtui-shelf"
    script.write_text(shelf_script(shelf))
    script.chmod(0o755)
    with running_sshd(tmp_path / "ssh", f"{_env_prefix(home)} {script}") as s:
        yield s


def ssh_argv(server: Sshd, *extra: str) -> list[str]:
    return [
        require_tool("ssh", "openssh-client"),
        "-F",
        "/dev/null",
        "-p",
        str(server.port),
        "-i",
        str(server.key),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "BatchMode=yes",
        "-o",
        "StrictHostKeyChecking=no",
        "-o",
        "UserKnownHostsFile=/dev/null",
        "-o",
        "LogLevel=ERROR",
        "-o",
        "ConnectTimeout=10",
        "-o",
        "SendEnv=COLORTERM",
        *extra,
        f"{server.user}@127.0.0.1",
    ]


def test_read_over_ssh(sshd: Sshd, home: Path, sample) -> None:  # type: ignore[no-untyped-def]
    thread = sample
    persian = comment_index(thread, PERSIAN_ID)
    env = user_env("xterm-256color", colorterm="truecolor", home=home)
    client = PtyApp(ssh_argv(sshd, "-tt"), 120, 40, env)
    show_prompt(client, "ssh -tt reader@host")
    with client:
        wait_painted(client, "Him again")
        assert "17 comments" in client.lines()[0]
        # COLORTERM crossed the connection (SendEnv/AcceptEnv): 24-bit colour.
        assert any(c[0] == "rgb" for c in sgr_colours(client.output())), (
            "no truecolor over SSH: COLORTERM was not forwarded"
        )

        def on(i: int) -> bool:
            try:
                assert_cursor_on(client, thread, i, min_rows=5)
            except AssertionError:
                return False
            return True

        assert client.wait_until(lambda: on(0), 20)
        client.key("]")
        assert client.wait_until(lambda: on(persian), 20), client.dump()
        assert_cursor_on(client, thread, persian, min_rows=5)

        # y: the reader's own clipboard gets the comment's logical text, via OSC 52.
        client.key("y")
        assert client.wait_until(lambda: OSC52.search(client.output()), 20), client.dump()
        copied = [base64.b64decode(m.group(1)).decode() for m in OSC52.finditer(client.output())]
        assert copied == [thread.body[persian]]

        client.send("q")
        status = client.wait(30)
        assert status == 0, f"ssh exited with {status}\n{client.dump()}\n{sshd.log_text()}"
        assert_restored(client)
    log = sshd.log_text()
    assert f"Accepted publickey for {sshd.user} from 127.0.0.1" in log, log


def test_ssh_without_tty_prints_the_thread(sshd: Sshd, home: Path) -> None:
    """`ssh host > thread.txt` (no TTY): the forced threadtui prints the render output;
    a command given by the client is ignored (no shell), and its output never appears."""
    env = user_env("xterm-256color", home=home)
    out = subprocess.run(
        [*ssh_argv(sshd, "-T"), "echo", "SHELL-ESCAPE"],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    assert "SHELL-ESCAPE" not in text
    assert b"\x1b" not in out.stdout
    assert tuple(text.split("\n")) == render_output(80)


def test_ssh_forwarding_refused(sshd: Sshd, home: Path) -> None:
    """No port forwarding: a stdio forward (-W) to the server's own port is refused."""
    env = user_env("xterm-256color", home=home)
    out = subprocess.run(
        [
            *ssh_argv(
                sshd,
                "-o",
                "ExitOnForwardFailure=yes",
                "-o",
                "LogLevel=INFO",
                "-W",
                f"127.0.0.1:{sshd.port}",
            )
        ],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert out.returncode != 0
    assert b"SSH-2.0" not in out.stdout, "the forward reached the server's port"
    assert re.search(rb"administratively prohibited|open failed|forwarding failed", out.stderr), (
        out.stderr
    )
    # and the server says why
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and "refused local" not in sshd.log_text():
        time.sleep(0.05)
    assert "refused local port forward" in sshd.log_text(), sshd.log_text()


def test_shelf_opens_a_named_thread(shelf_sshd: Sshd, home: Path) -> None:
    """docs/ssh.md's shelf script: `ssh -t reader@host him-again` reads that thread."""
    env = user_env("xterm-256color", home=home)
    client = PtyApp([*ssh_argv(shelf_sshd, "-tt"), "him-again"], 100, 30, env)
    show_prompt(client, "ssh -t reader@host him-again")
    with client:
        wait_painted(client, "Him again")
        client.send("q")
        assert client.wait(30) == 0, client.dump()
        assert_restored(client)


@pytest.mark.parametrize(
    "asked", ["", "nothing-here", "../secret", "him-again; sh", "-h", "him again"]
)
def test_shelf_lists_for_anything_else(shelf_sshd: Sshd, home: Path, asked: str) -> None:
    """Any other name (none, unknown, a path, a shell command, an option) lists the
    shelf and opens nothing."""
    env = user_env("xterm-256color", home=home)
    argv = ssh_argv(shelf_sshd, "-T") + (["--", asked] if asked else [])
    out = subprocess.run(
        argv, capture_output=True, env=env, timeout=60, stdin=subprocess.DEVNULL, check=False
    )
    assert out.returncode == 0, out.stderr.decode()
    text = out.stdout.decode()
    assert text.startswith("Threads here"), text
    assert text.splitlines()[1:] == ["him-again"], text
    assert "SECRET" not in text


def test_shelf_without_tty_prints_the_thread(shelf_sshd: Sshd, home: Path) -> None:
    env = user_env("xterm-256color", home=home)
    out = subprocess.run(
        [*ssh_argv(shelf_sshd, "-T"), "him-again"],
        capture_output=True,
        env=env,
        timeout=60,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert out.returncode == 0, out.stderr.decode()
    assert tuple(out.stdout.decode().split("\n")) == render_output(80)
