"""Shared helpers of the hostile-input tests: the corpus, the CLI under a memory cap, and
the real reader in a pseudo-terminal.

Every run gets its own config and state directories (so a crash report or a config file
from one test never leaks into another) and runs under an address-space limit: a file
that made threadtui exhaust memory fails the test instead of the machine.
"""

from __future__ import annotations

import importlib.util
import os
import re
import resource
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"

# Address-space cap for every threadtui process the tests start. Generous (Python,
# Textual and a 20 MB comment fit well within it) but far below what a runaway would take.
MEMORY_LIMIT = 3 * 1024**3

# How long anything may take before it counts as a hang. Not a performance assertion:
# the slowest case needs a fraction of this on a slow machine.
HANG = 180.0


_TOOLS_LOCK = threading.Lock()


def tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py`` (tools/ is not a package)."""
    with _TOOLS_LOCK:
        return _tool(name)


def _tool(name: str) -> ModuleType:
    mod_name = f"_threadtui_tools_{name}"
    if mod_name in sys.modules:
        return sys.modules[mod_name]
    path = ROOT / "tools" / f"{name}.py"
    assert path.exists(), f"missing {path}"
    spec = importlib.util.spec_from_file_location(mod_name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[mod_name] = mod
    spec.loader.exec_module(mod)
    return mod


def threadtui_exe() -> str:
    """The installed console script, next to the interpreter running the tests."""
    exe = Path(sys.executable).parent / "threadtui"
    assert exe.exists(), f"the threadtui console script is not installed ({exe})"
    return str(exe)


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment like a user's terminal, with config and state under ``home``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THREADTUI_", "TEXTUAL", "PYTEST", "COV_"))
    }
    env.pop("NO_COLOR", None)
    env.update(
        TERM="xterm-256color",
        COLORTERM="truecolor",
        LANG="C.UTF-8",
        LC_ALL="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        THREADTUI_CONFIG_DIR=str(home / "config"),
        THREADTUI_STATE_DIR=str(home / "state"),
    )
    env.pop("SSH_CONNECTION", None)
    env.update(extra)
    return env


def _limit_memory() -> None:  # runs in the child between fork and exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")


def run_cli(
    args: Sequence[str],
    home: Path,
    *,
    timeout: float = HANG,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``threadtui ARGS`` with pipes (not a terminal), under the memory cap."""
    p = subprocess.run(
        [threadtui_exe(), *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env or clean_env(home),
        timeout=timeout,
        preexec_fn=_limit_memory,
        cwd=home,
    )
    return Run(p.returncode, p.stdout, p.stderr)


_LIMITED = (
    "import os, resource, sys\n"
    "limit = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n"
    "os.execv(sys.argv[2], sys.argv[2:])\n"
)


def limited_argv(argv: Sequence[str]) -> list[str]:
    """``argv`` run under the memory cap (the pty driver forks for us, so exec through a
    tiny launcher that sets the limit first)."""
    return [sys.executable, "-c", _LIMITED, str(MEMORY_LIMIT), *argv]


# Runs of combining marks (U+0300-036F, Arabic harakat) in UTF-8. pyte appends each mark
# to its cell's string one at a time, which is quadratic: 100,000 marks on one letter
# take pyte many minutes. The emulator is only used to see the screen; every byte is
# still recorded (and scanned) untouched.
_MARK_RUN = re.compile(rb"(?:\xcc[\x80-\xbf]|\xcd[\x80-\xaf]|\xd9[\x8b-\x9f]){64,}")


class _ThinStream:
    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self._stream = stream

    def feed(self, data: bytes) -> None:
        self._stream.feed(_MARK_RUN.sub(lambda m: m.group(0)[:128], data))


class _NoStream:
    def feed(self, data: bytes) -> None:
        pass


def pty_app(
    args: Sequence[str],
    home: Path,
    *,
    cols: int = 100,
    rows: int = 30,
    env: dict[str, str] | None = None,
    emulate: bool = True,
):  # type: ignore[no-untyped-def]
    """A `tools/ptyterm.PtyApp` running ``threadtui ARGS`` (not started yet).

    With ``emulate=False`` the output is recorded but not fed to the terminal emulator
    (which costs far more CPU than the reader itself): use `wait_output` instead of
    `wait_for`, and `replay` to see the screen when a test fails.
    """
    ptyterm = tool("ptyterm")
    app = ptyterm.PtyApp(
        limited_argv([threadtui_exe(), *args]), cols=cols, rows=rows, env=env or clean_env(home)
    )
    app.stream = _ThinStream(app.stream) if emulate else _NoStream()
    return app


_SEQUENCE = re.compile(
    r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|"
    r"[P_^X][^\x1b]*\x1b\\|.)",
    re.S,
)


def plain_output(data: bytes) -> str:
    """Program output with the control sequences taken out (the text it drew)."""
    return _SEQUENCE.sub("", data.decode("utf-8", "replace"))


def wait_output(app, pattern: re.Pattern[str], timeout: float = HANG) -> bool:  # type: ignore[no-untyped-def]
    """Read until the text the program drew matches ``pattern`` (no emulator needed)."""
    seen = [0]

    def found() -> bool:
        total = app.output_len()
        start = max(0, seen[0] - 400)  # a match may straddle two reads
        seen[0] = total
        return pattern.search(plain_output(app.output(start))) is not None

    return bool(app.wait_until(found, timeout))


def replay(data: bytes, cols: int = 100, rows: int = 30) -> str:
    """The screen after ``data``, for failure messages."""
    import pyte

    screen = pyte.Screen(cols, rows)
    _ThinStream(pyte.ByteStream(screen)).feed(data)
    return "\n".join(screen.display)


HEADER = re.compile(r"\d[\d,]*\+?(?: \(loading\))? comments? · bidi: ")


def press(app, key: str, quiet: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    """Type one key and let the screen settle. A lone ESC needs a longer pause: a key
    typed right after it arrives as Alt+key, as in any terminal."""
    app.send(key)
    app.settle(0.4 if key == "escape" else quiet, timeout=HANG)


def crash_reports(home: Path) -> list[Path]:
    state = home / "state"
    return sorted(state.glob("crash-*")) if state.exists() else []


def one_line(text: str) -> str:
    """The single non-empty line of ``text``; fails when there are more or none."""
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    assert len(lines) == 1, f"expected one line, got {len(lines)}:\n{text[:3000]}"
    return lines[0]
