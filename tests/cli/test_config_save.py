"""Saving a setting to the user's config file (the palette's theme choice): one value
changes, every other byte stays; a file that does not parse is never touched."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest

from threadtui.config import NEW_CONFIG_MODE, ConfigSaveError, load_config, save_setting

COMMENTED = """\
# my threadtui settings, kept in my dotfiles
bidi = "auto"         # auto | app | terminal | off

theme = 'ansi-dark'   # the default; or any Textual theme
mouse = true

[keys]                # binding id = "key,key"
next_comment = "j,down"   # vim habits
quit = "q,ctrl+q"
"""


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(a) == len(b), (before, after)
    return [(x, y) for x, y in zip(a, b, strict=True) if x != y]


def leftovers(folder: Path) -> list[str]:
    """Temporary files an atomic write would leave behind had it failed half-way."""
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_one_value_changes_and_every_comment_stays(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text(COMMENTED, "utf-8")
    assert save_setting("theme", "nord", cfg) == cfg
    after = cfg.read_text("utf-8")
    # Only the theme's line, and on it only the value: its comment and alignment stay.
    assert changed_lines(COMMENTED, after) == [
        (
            "theme = 'ansi-dark'   # the default; or any Textual theme\n",
            'theme = "nord"   # the default; or any Textual theme\n',
        ),
    ]
    assert load_config(cfg).values["theme"] == "nord"
    assert leftovers(tmp_path) == []


def test_a_setting_the_file_lacks_goes_before_its_tables(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    text = '# mine\nbidi = "app"\n\n[keys]\nquit = "q"\n'
    cfg.write_text(text, "utf-8")
    save_setting("theme", "textual-light", cfg)
    after = cfg.read_text("utf-8")
    assert after == '# mine\nbidi = "app"\ntheme = "textual-light"\n\n[keys]\nquit = "q"\n'
    # Top level, not inside [keys]: the reader reads it back as the theme.
    config = load_config(cfg)
    assert config.values["theme"] == "textual-light" and config.keys == {"quit": "q"}
    assert config.problems == []


def test_windows_line_ends_stay(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_bytes(b'bidi = "app"\r\ntheme = "nord"\r\n')
    save_setting("theme", "gruvbox", cfg)
    assert cfg.read_bytes() == b'bidi = "app"\r\ntheme = "gruvbox"\r\n'


def test_no_config_yet_makes_one_for_the_user_alone(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("THREADTUI_CONFIG_DIR", str(tmp_path / "new" / "threadtui"))
    written = save_setting("theme", "nord")
    assert written == tmp_path / "new" / "threadtui" / "config.toml"
    assert tomllib.loads(written.read_text("utf-8")) == {"theme": "nord"}
    assert stat.S_IMODE(written.stat().st_mode) == NEW_CONFIG_MODE


def test_the_files_mode_is_kept(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('theme = "nord"\n', "utf-8")
    os.chmod(cfg, 0o640)
    save_setting("theme", "dracula", cfg)
    assert stat.S_IMODE(cfg.stat().st_mode) == 0o640


def test_a_linked_config_stays_a_link(tmp_path: Path) -> None:
    """Dotfiles are often links into a repository: the file it points to is edited."""
    real = tmp_path / "dotfiles" / "threadtui.toml"
    real.parent.mkdir()
    real.write_text('theme = "nord"  # synced\n', "utf-8")
    cfg = tmp_path / "config.toml"
    cfg.symlink_to(real)
    save_setting("theme", "dracula", cfg)
    assert cfg.is_symlink() and cfg.resolve() == real
    assert real.read_text("utf-8") == 'theme = "dracula"  # synced\n'
    assert leftovers(real.parent) == [] and leftovers(tmp_path) == []


def test_a_link_to_nothing_is_not_followed_into_a_new_file(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.symlink_to(tmp_path / "gone" / "config.toml")
    with pytest.raises(ConfigSaveError, match="link to a missing file"):
        save_setting("theme", "nord", cfg)
    assert not (tmp_path / "gone").exists()


@pytest.mark.parametrize(
    "raw, why",
    [
        (b'theme = "nord\n[keys]\n', "not a valid TOML config"),
        (b"bidi = app\n", "not a valid TOML config"),
        (b'theme = "nord"\ntheme = "x"\n', "not a valid TOML config"),
        (b'# caf\xe9\ntheme = "nord"\n', "not UTF-8"),
    ],
)
def test_a_config_that_does_not_parse_is_left_alone(tmp_path: Path, raw: bytes, why: str) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_bytes(raw)
    os.chmod(cfg, 0o644)
    before = cfg.stat()
    with pytest.raises(ConfigSaveError, match=why) as e:
        save_setting("theme", "dracula", cfg)
    assert "\n" not in str(e.value) and str(cfg) in str(e.value)
    assert cfg.read_bytes() == raw
    after = cfg.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert leftovers(tmp_path) == []


def test_a_fifo_is_not_waited_on(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    os.mkfifo(cfg)
    with pytest.raises(ConfigSaveError, match="FIFO"):
        save_setting("theme", "nord", cfg)
    assert stat.S_ISFIFO(os.lstat(cfg).st_mode)


def test_a_value_the_setting_refuses_is_not_written(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('theme = "nord"\n', "utf-8")
    for name, value in (("theme", "  "), ("mouse", "yes"), ("nonsense", "x")):
        with pytest.raises(ConfigSaveError):
            save_setting(name, value, cfg)
    assert cfg.read_text("utf-8") == 'theme = "nord"\n'


def test_a_failed_write_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "config.toml"
    cfg.write_text(COMMENTED, "utf-8")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ConfigSaveError, match="No space left on device"):
        save_setting("theme", "nord", cfg)
    assert cfg.read_text("utf-8") == COMMENTED
    assert leftovers(tmp_path) == []


def test_an_edit_that_would_change_more_is_refused(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The read-back check: should tomlkit ever write a file that says more (or less)
    than the old one plus the new value, nothing is written."""
    import tomlkit

    cfg = tmp_path / "config.toml"
    cfg.write_text(COMMENTED, "utf-8")
    real_dumps = tomlkit.dumps
    monkeypatch.setattr(tomlkit, "dumps", lambda doc: real_dumps(doc).replace('"q,ctrl+q"', '"x"'))
    with pytest.raises(ConfigSaveError, match="without changing more"):
        save_setting("theme", "nord", cfg)
    assert cfg.read_text("utf-8") == COMMENTED
