"""The user's files are safe.

threadtui never writes to a thread file (not when opening, rendering, validating,
searching or converting it). What it stores for the user (the config, crash reports) is
written atomically: a temporary file in the same directory, flushed and fsynced, then
renamed over the target; a crash or a full disk leaves the old file or the new one. A
corrupt or unreadable config is reported and set aside, never fatal.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path

import pytest

from threadtui import paths
from threadtui.config import Config, load_config
from threadtui.paths import atomic_write, set_aside

from .helpers import CORPUS, HANG, HEADER, clean_env, pty_app, run_cli


def _listing(d: Path) -> list[str]:
    return sorted(p.name for p in d.iterdir())


# ----------------------------------------------------------------------- atomic_write


def test_atomic_write_creates_replaces_and_keeps_private(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "store.toml"
    atomic_write(target, b"one")
    assert target.read_bytes() == b"one"
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _listing(target.parent) == ["store.toml"], "temporary files left behind"


def test_atomic_write_fsyncs_before_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        kind = "dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file"
        events.append(f"fsync {kind}")
        real_fsync(fd)

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        events.append("rename")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    atomic_write(tmp_path / "x", b"data")
    assert events == ["fsync file", "rename", "fsync dir"]


@pytest.mark.parametrize("fail_at", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: str
) -> None:
    target = tmp_path / "config.toml"
    target.write_bytes(b"old = true\n")

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if fail_at == "fsync":
        monkeypatch.setattr(os, "fsync", disk_full)
    elif fail_at == "replace":
        monkeypatch.setattr(os, "replace", disk_full)
    else:
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            f = real_fdopen(fd, *args, **kwargs)  # type: ignore[arg-type]
            f.write = disk_full  # the disk fills up half way through
            return f

        monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(OSError):
        atomic_write(target, b"new = true\n")
    assert target.read_bytes() == b"old = true\n"
    assert _listing(tmp_path) == ["config.toml"], "temporary file left behind"


def test_interrupted_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "config.toml"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old"
    assert _listing(tmp_path) == ["config.toml"]


# ----------------------------------------------------------------------- set_aside


def test_set_aside_numbers_and_never_overwrites(tmp_path: Path) -> None:
    p = tmp_path / "config.toml"
    for k in range(1, 4):
        p.write_text(f"bad {k}")
        moved = set_aside(p)
        assert moved == tmp_path / f"config.toml.corrupt-{k}"
        assert moved.read_text() == f"bad {k}"
        assert not p.exists()


def test_set_aside_that_cannot_move_says_so(tmp_path: Path) -> None:
    assert set_aside(tmp_path / "missing" / "config.toml") is None


# ----------------------------------------------------------------------- config


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "config"
    d.mkdir()
    monkeypatch.setenv("THREADTUI_CONFIG_DIR", str(d))
    assert paths.config_dir() == d
    return d


CORRUPT = {
    "not-toml": b"bidi = = app\n[keys\n",
    "not-utf8": b'bidi = "\xff\xfe"\n',
    "binary": bytes(range(256)),
    "nul": b"\x00" * 64,
    "escapes": b'theme = "\x1b]0;PWN\x07"\n',
    "deep": b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n",
}


@pytest.mark.parametrize("name", sorted(CORRUPT))
def test_corrupt_config_is_reported_and_set_aside(config_home: Path, name: str) -> None:
    path = config_home / "config.toml"
    path.write_bytes(CORRUPT[name])
    cfg = load_config()
    assert cfg.problems, "a corrupt config must be reported"
    assert all("\n" not in p for p in cfg.problems)
    assert cfg.values == {} and cfg.keys == {}  # the defaults
    assert not path.exists(), "the corrupt config must be set aside"
    aside = config_home / "config.toml.corrupt-1"
    assert aside.read_bytes() == CORRUPT[name], "set aside, not lost"
    # The next start is quiet: no config, no problem.
    assert load_config().problems == []


def test_explicit_config_file_is_reported_but_never_moved(tmp_path: Path) -> None:
    """A file named with --config is the user's own: report it, leave it where it is."""
    path = tmp_path / "mine.toml"
    path.write_bytes(b"[[[")
    cfg = load_config(path)
    assert cfg.problems
    assert path.read_bytes() == b"[[["


def test_unreadable_config_is_reported(config_home: Path) -> None:
    (config_home / "config.toml").mkdir()  # cannot be read as a file, by anyone
    cfg = load_config()
    assert cfg.problems and "cannot read" in cfg.problems[0]
    assert isinstance(cfg, Config)


def test_wrong_values_are_problems_not_crashes(config_home: Path) -> None:
    (config_home / "config.toml").write_text(
        'bidi = 5\nbase_dir = "sideways"\ntheme = 7\nmouse = "yes"\nanimations = []\n'
        'keys = "j"\nunknown = 1\n[extra]\nx = 1\n'
    )
    cfg = load_config()
    assert len(cfg.problems) >= 7
    assert cfg.values == {}
    assert (config_home / "config.toml").exists(), "a valid TOML file is not set aside"


@pytest.mark.pty
def test_reader_starts_with_a_corrupt_config(home: Path) -> None:
    config = home / "config"
    config.mkdir(parents=True)
    (config / "config.toml").write_bytes(b"bidi = = = \xff\n")
    app = pty_app(["open", str(CORPUS / "bidi-spoof.json")], home, env=clean_env(home))
    try:
        app.start()
        assert app.wait_for(HEADER, timeout=HANG), app.text()
        app.settle(0.2, timeout=HANG)
        app.send("q")
        assert app.wait(HANG) == 0
    finally:
        app.close()
    assert (config / "config.toml.corrupt-1").read_bytes() == b"bidi = = = \xff\n"
    assert not (config / "config.toml").exists()


# ----------------------------------------------------------------------- thread files


def _fingerprint(path: Path) -> tuple[str, int, int, int]:
    st = path.stat()
    return (
        hashlib.sha256(path.read_bytes()).hexdigest(),
        st.st_mtime_ns,
        st.st_size,
        stat.S_IMODE(st.st_mode),
    )


@pytest.fixture
def thread_dir(tmp_path: Path) -> Path:
    d = tmp_path / "threads"
    d.mkdir()
    for name in ("escapes-everywhere.json", "gzip.json.gz", "truncated.json"):
        (d / name).write_bytes((CORPUS / name).read_bytes())
        os.chmod(d / name, 0o444)
    return d


@pytest.mark.parametrize("name", ["escapes-everywhere.json", "gzip.json.gz", "truncated.json"])
def test_commands_never_write_the_thread_file(thread_dir: Path, home: Path, name: str) -> None:
    path = thread_dir / name
    before, listing = _fingerprint(path), _listing(thread_dir)
    run_cli(["render", str(path)], home)
    run_cli(["validate", str(path)], home)
    run_cli(["search", str(path), "PWN"], home)
    out = home / "converted.json"
    run_cli(["convert", str(path), "-o", str(out)], home)
    app = pty_app(["open", str(path)], home)
    try:
        app.start()
        app.wait_until(lambda: not app.alive() or HEADER.search(app.text()), timeout=HANG)
        app.send("q")
        app.wait(HANG)
    finally:
        app.close()
    assert _fingerprint(path) == before, "the thread file changed"
    assert _listing(thread_dir) == listing, "files appeared next to the thread file"


@pytest.mark.parametrize("how", ["same path", "symlink", "hard link", "relative path"])
def test_convert_refuses_to_overwrite_its_input(thread_dir: Path, home: Path, how: str) -> None:
    path = thread_dir / "emoji.json"
    path.write_bytes((CORPUS / "emoji-zwj.json").read_bytes())  # opens without warnings
    before = _fingerprint(path)
    if how == "same path":
        target = path
    elif how == "symlink":
        target = thread_dir / "alias.json"
        target.symlink_to(path)
    elif how == "hard link":
        target = thread_dir / "hard.json"
        os.link(path, target)
    else:
        target = Path(os.path.relpath(path, home))
    r = run_cli(["convert", str(path), "-o", str(target)], home)
    assert r.code == 2, r.err
    assert "Traceback" not in r.err and len(r.err.splitlines()) == 1
    assert _fingerprint(path) == before


def test_crash_reports_of_one_process_never_overwrite_each_other(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The app's own report, then one about failing to print its line (the terminal gone):
    both kept, in the same second, from the same process."""
    from threadtui.crash import write_report

    monkeypatch.setenv("THREADTUI_STATE_DIR", str(tmp_path))
    paths = [write_report(ValueError(f"crash {n}")) for n in range(3)]
    assert all(p is not None for p in paths)
    assert len({str(p) for p in paths}) == 3
    texts = sorted(p.read_text() for p in paths if p is not None)
    assert [t.count("ValueError: crash") for t in texts] == [1, 1, 1]
    assert {f"crash {n}" in "".join(texts) for n in range(3)} == {True}
