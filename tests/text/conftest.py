"""Shared fixtures and helpers for the layout-engine tests."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

UCD = Path("/usr/share/unicode")

# Property tests: a moderate number of examples by default, more with
# HYPOTHESIS_PROFILE=thorough (e.g. in a nightly job).
settings.register_profile(
    "default", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "thorough", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def ucd_file(relative: str) -> Path:
    """A Unicode Character Database file; a missing one is a test failure, not a skip."""
    path = UCD / relative
    if not path.is_file():
        raise AssertionError(
            f"{path} is missing: install the Debian package unicode-data "
            "(apt-get install -y unicode-data)"
        )
    return path
