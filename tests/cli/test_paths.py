"""The user's directories through platformdirs; a relative XDG_* is ignored (#17.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from threadtui import paths

DIRS = [
    (paths.config_dir, "XDG_CONFIG_HOME", ".config", "THREADTUI_CONFIG_DIR"),
    (paths.state_dir, "XDG_STATE_HOME", ".local/state", "THREADTUI_STATE_DIR"),
    (paths.cache_dir, "XDG_CACHE_HOME", ".cache", "THREADTUI_CACHE_DIR"),
]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    for _, xdg, _, own in DIRS:
        monkeypatch.delenv(xdg, raising=False)
        monkeypatch.delenv(own, raising=False)
    return tmp_path


@pytest.mark.parametrize(("where", "xdg", "default", "own"), DIRS)
def test_xdg_absolute_is_used_relative_is_ignored(
    home: Path, monkeypatch: pytest.MonkeyPatch, where, xdg: str, default: str, own: str
) -> None:  # type: ignore[no-untyped-def]
    assert where() == home / default / "threadtui"
    monkeypatch.setenv(xdg, str(home / "elsewhere"))
    assert where() == home / "elsewhere" / "threadtui"
    monkeypatch.setenv(xdg, "relative/dir")  # the spec: invalid, ignore it
    assert where() == home / default / "threadtui"
    monkeypatch.setenv(own, str(home / "mine"))
    assert where() == home / "mine"
