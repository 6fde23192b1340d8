"""Fixtures for the end-to-end tests: a throwaway HOME per test (no user config, crash
reports kept in the test's tmp dir), and the sample thread as the engine sees it."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    (h / ".config").mkdir(parents=True)
    return h


@pytest.fixture(scope="session")
def sample():  # type: ignore[no-untyped-def]
    from .helpers import sample_thread

    return sample_thread()
