"""Running `threadtui` as a user does: a child process, a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_threads"
#: Not the bundled sample: output from it proves the input was read.
PERSIAN = SAMPLES / "persian.json"
PERSIAN_TITLE = "کتاب‌خوانی در روزگار گوشی‌های هوشمند"
#: A piece of the title without a ZWNJ (render drops those in off mode).
PERSIAN_MARK = "در روزگار"
BUNDLED_TITLE = "Him again?"


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment without the user's threadtui, XDG and terminal variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("THREADTUI_", "XDG_", "KONSOLE", "TERM_PROGRAM", "COLUMNS"))
    }
    env.update(
        HOME=str(home),
        THREADTUI_CONFIG_DIR=str(home / "config"),
        THREADTUI_STATE_DIR=str(home / "state"),
        THREADTUI_CACHE_DIR=str(home / "cache"),
        PYTHONIOENCODING="utf-8",
    )
    env.update(extra)
    return env


def run(
    args: list[str],
    home: Path,
    *,
    stdin: str | None = None,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """``threadtui ARGS``; standard input is ``stdin``, or /dev/null when None."""
    if stdin is None:
        return subprocess.run(
            [sys.executable, "-m", "threadtui", *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=clean_env(home, **env),
            timeout=120,
            check=False,
        )
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean_env(home, **env),
        timeout=120,
        check=False,
    )


def shell(command: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``command`` in bash, with `threadtui` on PATH as this interpreter's module."""
    bindir = home / "bin"
    bindir.mkdir(exist_ok=True)
    exe = bindir / "threadtui"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m threadtui "$@"\n')
    exe.chmod(0o755)
    full = clean_env(home, **env)
    full["PATH"] = f"{bindir}{os.pathsep}{full.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-c", command],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full,
        timeout=120,
        check=False,
        cwd=ROOT,
    )
