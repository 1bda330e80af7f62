"""Shared fixtures and the Hypothesis profiles for the test suite."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("fast", max_examples=10, deadline=None)
settings.load_profile("fast" if os.environ.get("FAST") == "1" else "ci")

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """The published reference data in ``../shared/reference`` beside the checkout."""
    if not REFERENCE.is_dir():
        pytest.fail(f"reference data not found at {REFERENCE}")
    return REFERENCE


def load_reference(name: str) -> Any:
    """Read one JSON file of published reference data."""
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))
