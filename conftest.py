"""Run every Python code block of ``README.md`` and ``docs/**/*.md`` as a test (with sybil).

Blocks on one page share a namespace and run in order; a ``>>>`` block is a
doctest whose output is checked. Each page runs in a fresh temporary working
directory (also available to the blocks as ``tmp_path``), so blocks that write
files leave nothing behind. A block preceded by ``<!-- skip: next -->`` is
shown but not run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from doctest import ELLIPSIS, NORMALIZE_WHITESPACE
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from sybil import Sybil
from sybil.parsers.markdown import PythonCodeBlockParser, SkipParser

# Hypothesis profiles for every test: tests/, examples/ and the docs' code blocks.
settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# CI replays the same examples every run (a red build always means a real, reproducible failure);
# local runs draw fresh examples and keep exploring.
settings.register_profile(
    "ci", parent=settings.get_profile("default"), max_examples=100, derandomize=True, print_blob=True
)
settings.register_profile("dev", parent=settings.get_profile("default"), max_examples=25)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))

ROOT = Path(__file__).resolve().parent
EXAMPLES = ROOT / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))
os.environ.setdefault("MPLBACKEND", "Agg")


def _enter_temporary_folder(namespace: dict[str, Any]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="decisiontree-docs-"))
    namespace["_docs_previous_cwd"] = Path.cwd()
    namespace["tmp_path"] = folder
    (folder / "examples").symlink_to(EXAMPLES)  # pages read example files as from the repository's root
    os.chdir(folder)


def _leave_temporary_folder(namespace: dict[str, Any]) -> None:
    os.chdir(namespace.pop("_docs_previous_cwd"))
    shutil.rmtree(namespace.pop("tmp_path"), ignore_errors=True)
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # close figures a page left open, so they don't leak into the next page
        pyplot.close("all")


pytest_collect_file = Sybil(
    parsers=[
        PythonCodeBlockParser(doctest_optionflags=ELLIPSIS | NORMALIZE_WHITESPACE),
        SkipParser(),
    ],
    patterns=["README.md", "docs/*.md", "docs/*/*.md", "docs/*/*/*.md"],
    setup=_enter_temporary_folder,
    teardown=_leave_temporary_folder,
).pytest()
