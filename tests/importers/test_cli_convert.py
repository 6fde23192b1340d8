"""`threadtui convert` and `--from` through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from threadtui.importers import load_any

from .helpers import FIXTURES, columns

FILES = [
    "hn_algolia.json",
    "hn_firebase.jsonl",
    "reddit.json",
    "lobsters.json",
    "discourse.json",
    "mastodon.json",
    "lemmy.json",
    "mail.mbox",
    "arabic.eml",
]


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TERM": "dumb", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("name", FILES)
def test_convert_then_render_the_same(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    r = _run("convert", str(FIXTURES / name), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert columns(load_any(out)) == columns(load_any(FIXTURES / name))
    a = _run("render", "--width", "72", str(FIXTURES / name))
    b = _run("render", "--width", "72", str(out))
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout and a.stdout


def test_convert_from_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    data = (FIXTURES / "reddit.json").read_bytes()
    r = _run("convert", "-", "-o", str(out), stdin=data)
    assert r.returncode == 0, r.stderr.decode()
    assert columns(load_any(out)) == columns(load_any(FIXTURES / "reddit.json"))


def test_wrong_from_is_one_line_and_fails(tmp_path: Path) -> None:
    r = _run("convert", str(FIXTURES / "reddit.json"), "--from", "lemmy", "-o", str(tmp_path / "o"))
    assert r.returncode != 0
    err = r.stderr.decode().strip()
    assert "\n" not in err and "not a Lemmy thread" in err
    assert not (tmp_path / "o").exists()


def test_unknown_file_names_the_formats_tried(tmp_path: Path) -> None:
    p = tmp_path / "other.json"
    p.write_text('{"data": []}', encoding="utf-8")
    r = _run("render", str(p))
    assert r.returncode != 0
    err = r.stderr.decode().strip()
    assert "\n" not in err and "Reddit" in err and "mail (mbox, Maildir, .eml)" in err
