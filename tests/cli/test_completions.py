"""Shell completions from the parser: current, installed, and loading in bash and zsh (#17.6)."""

from __future__ import annotations

import shutil
import subprocess
import tomllib

import pytest

from threadtui.cli.completions import FILES
from threadtui.cli.parser import build_parser

from .helpers import ROOT


@pytest.mark.parametrize("rel", sorted(FILES))
def test_each_file_is_the_parsers_and_installed(rel: str) -> None:
    assert (ROOT / rel).read_text("utf-8") == FILES[rel](build_parser()), (
        "run: python tools/gen_manpage.py"
    )
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert project["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"][rel] == rel


def _shell(argv: list[str]) -> subprocess.CompletedProcess[str]:
    assert shutil.which(argv[0]), f"{argv[0]} is not installed"
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False, cwd=ROOT)


def test_bash_loads_it_and_completes_a_command() -> None:
    script = ROOT / "share/bash-completion/completions/threadtui"
    r = _shell(
        [
            "bash",
            "-c",
            f"source {script}; COMP_WORDS=(threadtui ren); COMP_CWORD=1; _threadtui;"
            ' echo "${COMPREPLY[@]}"; COMP_WORDS=(threadtui render --bi); COMP_CWORD=2;'
            ' _threadtui; echo "${COMPREPLY[@]}"',
        ]
    )
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert r.stdout.splitlines() == ["render", "--bidi"]


def test_zsh_loads_it_without_errors() -> None:
    script = ROOT / "share/zsh/site-functions/_threadtui"
    r = _shell(["zsh", "-c", f"autoload -U compinit; compinit -u; source {script}"])
    assert r.returncode == 0 and r.stderr == "", r.stderr
