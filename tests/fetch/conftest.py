from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fetch.server import ReplayServer

_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as s:
        yield s


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies go to a test folder; a proxy in the environment never sees loopback."""
    monkeypatch.setenv("THREADTUI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("THREADTUI_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("THREADTUI_CONFIG_DIR", str(tmp_path / "config"))
    for var in _PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A throwaway HOME for the reader in a pty (as tests/e2e gives its tests)."""
    h = tmp_path / "home"
    (h / ".config").mkdir(parents=True)
    return h
