"""`threadtui state`, the `state` and `library` settings."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from threadtui.config import load_config
from threadtui.options import BY_NAME, resolve
from threadtui.state import StateStore, ThreadMemory, thread_key

from .helpers import doc, thread_of, write


def _run(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ, THREADTUI_STATE_DIR=str(env_dir))
    return subprocess.run(
        [sys.executable, "-m", "threadtui", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def _remember(directory: Path, path: Path, d: dict) -> str:  # type: ignore[type-arg]
    t = thread_of(d)
    key = thread_key(t)
    store = StateStore(directory)
    mem = ThreadMemory(store, key, title=t.title, path=str(path))
    mem.attach(t).mark_read(0)
    mem.flush()
    store.remember_path(str(path.resolve()), key, 1, 1)
    store.close()
    return key


def test_state_lists_forgets_and_clears(tmp_path: Path) -> None:
    state = tmp_path / "state"
    a = write(tmp_path / "a.json", doc(4, title="Alpha"))
    b = write(tmp_path / "b.json", doc(4, title="Beta", url="https://x.org/t/b"))
    _remember(state, a, json.loads(a.read_text()))
    _remember(state, b, json.loads(b.read_text()))
    shown = _run("state", env_dir=state)
    assert shown.returncode == 0 and "2 threads remembered" in shown.stdout
    assert "Alpha" in shown.stdout and "Beta" in shown.stdout
    forgot = _run("state", "--forget", str(a), env_dir=state)
    assert forgot.returncode == 0, forgot.stderr
    assert "Alpha" not in _run("state", env_dir=state).stdout
    # A file that is gone is forgotten by where it was.
    b.unlink()
    assert _run("state", "--forget", str(b), env_dir=state).returncode == 0
    assert "0 threads remembered" in _run("state", env_dir=state).stdout
    again = _run("state", "--forget", str(tmp_path / "never.json"), env_dir=state)
    assert again.returncode == 1 and "nothing remembered" in again.stderr
    _remember(state, a, json.loads(a.read_text()))
    cleared = _run("state", "--clear", env_dir=state)
    assert cleared.returncode == 0 and "forgot 1 thread" in cleared.stdout


def test_a_corrupt_database_is_reported_by_state(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.sqlite").write_bytes(b"garbage" * 100)
    shown = _run("state", env_dir=state)
    assert shown.returncode == 0
    assert "moved aside" in shown.stderr and "\x1b" not in shown.stderr


def test_the_state_setting_flag_environment_and_config(tmp_path: Path) -> None:
    assert BY_NAME["state"].default is True
    assert resolve({}, None, {})["state"] is True
    assert resolve({"state": False}, None, {})["state"] is False
    assert resolve({}, None, {"THREADTUI_STATE": "off"})["state"] is False
    cfg = tmp_path / "config.toml"
    cfg.write_text("state = false\n")
    assert resolve({}, load_config(cfg), {})["state"] is False
    from threadtui.cli.parser import build_parser

    args = build_parser().parse_args(["open", "--no-state", "x.json"])
    assert args.state is False


def test_the_library_setting_is_a_list_of_folders(tmp_path: Path) -> None:
    import os

    cfg = tmp_path / "config.toml"
    cfg.write_text('library = ["~/threads", "/srv/exports"]\n')
    assert resolve({}, load_config(cfg), {})["library"] == ("~/threads", "/srv/exports")
    env = {"THREADTUI_LIBRARY": f"/a{os.pathsep}/b{os.pathsep}"}
    assert resolve({}, None, env)["library"] == ("/a", "/b")
    bad = tmp_path / "bad.toml"
    bad.write_text('library = "not a list"\n')
    loaded = load_config(bad)
    assert loaded.problems and "library" in loaded.problems[0]


@pytest.mark.parametrize("value", ["[1, 2]", '[""]'])
def test_bad_library_lists(tmp_path: Path, value: str) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(f"library = {value}\n")
    assert load_config(cfg).problems


def test_state_exit_codes_follow_the_cli(tmp_path: Path) -> None:
    """0 done, 1 nothing found, 2 an error: as `search` and `validate` (README)."""
    import sqlite3

    from threadtui.state import db

    state = tmp_path / "state"
    a = write(tmp_path / "a.json", doc(4, title="Alpha"))
    _remember(state, a, json.loads(a.read_text()))
    never = str(tmp_path / "never.json")
    # One remembered, one not: something was found (grep with two files, one matching).
    some = _run("state", "--forget", never, str(a), env_dir=state)
    assert some.returncode == 0 and "a.json: forgotten" in some.stdout
    assert "nothing remembered" in some.stderr
    assert _run("state", "--forget", never, env_dir=state).returncode == 1
    assert _run("state", env_dir=state).returncode == 0  # remembering nothing is no error
    assert _run("state", "--clear", env_dir=state).returncode == 0
    # A database from a newer threadtui: left alone, and `state` cannot read it: an error.
    newer = tmp_path / "newer"
    newer.mkdir()
    conn = sqlite3.connect(newer / db.DB_NAME)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE threads (key TEXT)")
    conn.commit()
    conn.close()
    for args in ((), ("--clear",), ("--forget", str(a))):
        r = _run("state", *args, env_dir=newer)
        assert r.returncode == 2, (args, r.stderr)
        assert "newer threadtui" in r.stderr
    assert (newer / db.DB_NAME).exists()


def test_library_without_state_into_a_pipe_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    r = _run("library", "--no-state", str(tmp_path / "lib"), env_dir=tmp_path / "state")
    assert r.returncode == 2 and "reading memory is off" in r.stderr
