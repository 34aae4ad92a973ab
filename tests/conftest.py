"""Shared test configuration: hypothesis profiles and the Graphviz marker."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# CI replays the same examples every run (a red build always means a real, reproducible failure);
# local runs draw fresh examples and keep exploring.
settings.register_profile(
    "ci", parent=settings.get_profile("default"), max_examples=100, derandomize=True, print_blob=True
)
settings.register_profile("dev", parent=settings.get_profile("default"), max_examples=25)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))

TESTS = Path(__file__).resolve().parent
EXAMPLES = TESTS.parent / "examples"
for folder in (EXAMPLES, TESTS):  # the examples' model, and the trees the tests share
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``graphviz`` need the ``dot`` binary; CI installs it, elsewhere they skip."""
    if shutil.which("dot") or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="Graphviz's dot is not installed")
    for item in items:
        if "graphviz" in item.keywords:
            item.add_marker(skip)
