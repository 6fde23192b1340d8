"""The man page: generated from the parser, installed with the package, rendered by man (#17.6)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib

from .helpers import ROOT

PAGE = ROOT / "share" / "man" / "man1" / "threadtui.1"


def test_the_page_is_the_parsers() -> None:
    fresh = subprocess.run(
        [
            sys.executable,
            "-c",
            "from threadtui.cli.manpage import manpage; print(manpage(), end='')",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "THREADTUI_CONFIG_DIR": "~/.config/threadtui"},
        check=True,
    ).stdout
    assert PAGE.read_text("utf-8") == fresh, "run: python tools/gen_manpage.py"


def test_man_renders_it_without_warnings() -> None:
    man = shutil.which("man")
    assert man is not None, "man is not installed (apt-get install man-db)"
    r = subprocess.run(
        [man, "-l", "--warnings", str(PAGE)],
        capture_output=True,
        text=True,
        env={**os.environ, "MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"},
        timeout=60,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr == "", r.stderr
    for needle in ("THREADTUI(1)", "render", "--bidi", "Exit status", "COLUMNS"):
        assert needle in " ".join(r.stdout.replace("‐", "-").split()), needle


def test_the_wheel_installs_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    shared = project["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    assert shared["share/man/man1/threadtui.1"] == "share/man/man1/threadtui.1"
