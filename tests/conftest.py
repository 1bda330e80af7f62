"""The Hypothesis profiles for the test suite: `ci` by default, `fast` with FAST=1."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", max_examples=10, deadline=None)
settings.load_profile("fast" if os.environ.get("FAST") == "1" else "ci")
