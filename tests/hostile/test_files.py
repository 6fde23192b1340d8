"""A folder or a file from a stranger (#11.2, #11.9): only regular files are read, never
through a link inside a Maildir, never a FIFO or a device, and every read stops at the
size cap as it reads. The links, FIFOs and devices are made in a temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from threadtui.importers import load_any
from threadtui.model.jsonio import ThreadLoadError

from .helpers import MEMORY_LIMIT

MESSAGE = (
    b"From: Ana <ana@example.org>\n"
    b"Subject: hello\n"
    b"Message-ID: <m1@example.org>\n"
    b"Date: Mon, 4 Mar 2024 12:30:00 +0000\n\n"
    b"The only real message.\n"
)


def _maildir(root: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (root / sub).mkdir(parents=True)
    (root / "cur" / "1709500000.M1P1.host:2,S").write_bytes(MESSAGE)
    return root


def _bodies(path: Path, **kw: object) -> list[str]:
    return list(load_any(path, **kw).body)  # type: ignore[arg-type]


def test_a_symlinked_cur_is_not_followed(tmp_path: Path) -> None:
    box = tmp_path / "box"
    for sub in ("new", "tmp"):
        (box / sub).mkdir(parents=True)
    (box / "cur").symlink_to("/etc")
    (box / "new" / "1").write_bytes(MESSAGE)
    t = load_any(box)
    assert t.body == ["The only real message."]
    assert any("cur" in w and "symbolic link" in w for w in t.warnings), t.warnings


def test_entries_linked_elsewhere_are_skipped_with_a_warning(tmp_path: Path) -> None:
    box = _maildir(tmp_path / "box")
    secret = tmp_path / "secret"
    secret.write_bytes(b"From: x@y\nSubject: SECRET\nMessage-ID: <s@x>\n\nTOP SECRET\n")
    (box / "cur" / "2:2,S").symlink_to(secret)
    (box / "cur" / "3:2,S").symlink_to("/proc/self/environ")
    (box / "new" / "4").symlink_to("/dev/zero")
    t = load_any(box, max_bytes=1024 * 1024)
    assert t.body == ["The only real message."]
    assert not any("SECRET" in b for b in t.body)
    assert any("3 entries" in w and "symbolic link" in w for w in t.warnings), t.warnings


def test_a_fifo_entry_is_skipped_without_blocking(tmp_path: Path) -> None:
    box = _maildir(tmp_path / "box")
    os.mkfifo(box / "new" / "5")
    code = (
        "import sys; from threadtui.importers import load_any;"
        "t = load_any(sys.argv[1]); print(len(t.body), t.warnings)"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(box)],
        capture_output=True,
        text=True,
        timeout=30,  # a hang, not a speed limit
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("1 "), r.stdout
    assert "FIFO" in r.stdout


def test_a_device_entry_is_skipped(tmp_path: Path) -> None:
    """A hard link cannot reach a device, but a device node can be copied into a folder
    (by root, or inside an archive); the check of what was opened catches it."""
    box = _maildir(tmp_path / "box")
    from threadtui.model import files

    with pytest.raises(files.NotRegular, match="character device"):
        files.read_file("/dev/zero", 1024)
    assert _bodies(box) == ["The only real message."]


def test_a_symlinked_maildir_root_is_fine(tmp_path: Path) -> None:
    box = _maildir(tmp_path / "real")
    link = tmp_path / "link"
    link.symlink_to(box)
    t = load_any(link)
    assert t.body == ["The only real message."]
    assert t.warnings == []


def test_the_maildir_cap_stops_a_read_as_it_reads(tmp_path: Path) -> None:
    """One entry larger than the cap: refused before it is read whole (a read stops one
    byte past the cap)."""
    box = _maildir(tmp_path / "box")
    (box / "new" / "big").write_bytes(MESSAGE + b"x" * (3 * 1024 * 1024))
    with pytest.raises(ThreadLoadError, match="more than 1 MiB"):
        load_any(box, max_bytes=1024 * 1024)


def test_dev_zero_on_the_command_line_is_refused_under_a_memory_limit(tmp_path: Path) -> None:
    code = (
        "import resource, sys;"
        f"resource.setrlimit(resource.RLIMIT_AS, ({MEMORY_LIMIT}, {MEMORY_LIMIT}));"
        "from threadtui.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, "render", "--max-size", "1M", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=30,  # a hang, not a speed limit
    )
    assert r.returncode == 2, r.stderr  # an error, as every command's (#17.3)
    assert "character device" in r.stderr
    assert "Traceback" not in r.stderr


def test_a_symlinked_thread_file_on_the_command_line_is_followed(tmp_path: Path) -> None:
    box = tmp_path / "m.eml"
    box.write_bytes(MESSAGE)
    link = tmp_path / "link.eml"
    link.symlink_to(box)
    assert _bodies(link) == ["The only real message."]


def test_a_fifo_config_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)
    code = "import sys; from threadtui.config import load_config;print(load_config().problems)"
    env = {**os.environ, "THREADTUI_CONFIG_DIR": str(tmp_path)}
    r = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, env=env
    )
    assert r.returncode == 0, r.stderr
    assert "FIFO" in r.stdout, r.stdout
    assert fifo.exists()  # reported, never moved aside: it is not a corrupt file


def test_dev_zero_as_the_config_is_refused(tmp_path: Path) -> None:
    from threadtui.config import load_config

    link = tmp_path / "config.toml"
    link.symlink_to("/dev/zero")  # a symlinked config is followed (dotfiles), then checked
    cfg = load_config(link)
    assert len(cfg.problems) == 1 and "character device" in cfg.problems[0], cfg.problems


def test_a_huge_config_is_refused(tmp_path: Path) -> None:
    from threadtui.config import MAX_CONFIG_BYTES, load_config

    p = tmp_path / "config.toml"
    p.write_bytes(b"# " + b"x" * MAX_CONFIG_BYTES + b"\n")
    cfg = load_config(p)
    assert len(cfg.problems) == 1 and "larger than" in cfg.problems[0], cfg.problems


def test_a_symlinked_config_is_followed(tmp_path: Path) -> None:
    from threadtui.config import load_config

    real = tmp_path / "dotfiles.toml"
    real.write_text('bidi = "off"\n')
    link = tmp_path / "config.toml"
    link.symlink_to(real)
    cfg = load_config(link)
    assert cfg.problems == [] and cfg.values == {"bidi": "off"}


# Hard links. A hard link cannot reach /proc or a device, and cannot cross file systems,
# but on a shared machine (without fs.protected_hardlinks) a stranger can link a file of
# yours that you can read, your mail or a key, into a folder of theirs, and hand you the
# folder. The rule: inside a Maildir, an entry with more than one name that belongs to
# someone else than the folder holding it is skipped; hard links of the folder's owner
# (Dovecot links a message copied to another folder, backups made with cp -al or
# rsnapshot link every file) are read.
STRANGER = 54_321


def _as_root() -> None:
    if os.geteuid() != 0:
        pytest.fail("giving a folder another owner needs root (CI runs as root)", pytrace=False)


def test_a_hard_link_to_another_users_file_is_skipped(tmp_path: Path) -> None:
    _as_root()
    box = _maildir(tmp_path / "box")
    secret = tmp_path / "secret"
    secret.write_bytes(b"From: x@y\nSubject: SECRET\nMessage-ID: <s@x>\n\nTOP SECRET\n")
    os.link(secret, box / "cur" / "2:2,S")
    os.link(secret, box / "new" / "3")
    for sub in ("cur", "new"):  # the stranger's folder, and the message they left in it
        os.chown(box / sub, STRANGER, STRANGER)
    os.chown(box / "cur" / "1709500000.M1P1.host:2,S", STRANGER, STRANGER)
    t = load_any(box)
    assert t.body == ["The only real message."]
    assert any(
        "skipped 2 entries that are hard links to other users' files (cur/2:2,S, new/3):"
        " inside a Maildir only regular files that are not another user's second name for"
        " a file are read" in w
        for w in t.warnings
    ), t.warnings


def test_hard_links_of_the_folders_owner_are_read(tmp_path: Path) -> None:
    _as_root()
    box = _maildir(tmp_path / "box")
    (box / "new" / "x").write_bytes(MESSAGE.replace(b"<m1@", b"<m2@").replace(b"only", b"other"))
    backup = tmp_path / "backup"
    backup.mkdir()
    os.link(box / "new" / "x", backup / "x")  # the same owner's second name for it
    stranger = _maildir(tmp_path / "theirs")
    for path in (stranger / "cur", stranger / "new", *(stranger / "cur").iterdir()):
        os.chown(path, STRANGER, STRANGER)
    os.link(next((stranger / "cur").iterdir()), stranger / "new" / "copy")  # theirs, twice
    assert sorted(_bodies(box)) == ["The only real message.", "The other real message."]
    t = load_any(stranger)
    assert t.body == ["The only real message."]  # the copy is the same Message-ID
    assert not any("hard link" in w for w in t.warnings), t.warnings
