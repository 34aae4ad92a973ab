"""Test configuration for tests/: shared trees on the path and the Graphviz marker."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

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
