from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import CORPUS, tool


@pytest.fixture(scope="session")
def large_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large hostile cases, written once per test session (never committed)."""
    out = tmp_path_factory.mktemp("hostile-large")
    tool("make_hostile").write(out, small=False, large=True)
    return out


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A fresh HOME-like directory: config and state of the threadtui under test."""
    h = tmp_path / "home"
    h.mkdir()
    return h


def case_file(case: object, large_dir: Path | None) -> Path:
    """Where a corpus case lives: committed (small) or generated (large)."""
    name = case.name  # type: ignore[attr-defined]
    if case.large:  # type: ignore[attr-defined]
        assert large_dir is not None
        path = large_dir / name
    else:
        path = CORPUS / name
    assert path.exists(), f"corpus file missing: {path} (run tools/make_hostile.py)"
    return path
