"""Settings for the whole suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Property tests run the same examples on every run by default (derandomize), so main is
# green or red for a reason and never for a new random draw in CI. Exploring new examples
# is a deliberate act: HYPOTHESIS_PROFILE=explore (same size, fresh draws) or thorough
# (3,000 examples per test, fresh draws), and what they find is kept as an @example.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}
settings.register_profile("default", max_examples=150, derandomize=True, **_COMMON)
settings.register_profile("explore", max_examples=150, **_COMMON)
settings.register_profile("thorough", max_examples=3000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
