from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never the user's state or cache directory."""
    monkeypatch.setenv("THREADTUI_STATE_DIR", str(tmp_path / "default-state"))
    monkeypatch.setenv("THREADTUI_CACHE_DIR", str(tmp_path / "default-cache"))
