"""Shared fixtures and helpers for the layout-engine tests."""

from __future__ import annotations

from pathlib import Path

UCD = Path("/usr/share/unicode")

# Hypothesis profiles (default, explore, thorough): tests/conftest.py.


def ucd_file(relative: str) -> Path:
    """A Unicode Character Database file; a missing one is a test failure, not a skip."""
    path = UCD / relative
    if not path.is_file():
        raise AssertionError(
            f"{path} is missing: install the Debian package unicode-data "
            "(apt-get install -y unicode-data)"
        )
    return path
