"""The documentation site: every public name has a reference entry, the nav
points at pages that exist, and ``mkdocs build --strict`` passes.

The code blocks of the pages themselves run through sybil (see the root
``conftest.py``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import decisiontree as dt

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"


def _documented() -> set[str]:
    """Every object named in a ``::: module.name`` directive of the reference pages."""
    found: set[str] = set()
    for page in REFERENCE.glob("*.md"):
        found.update(re.findall(r"^:::\s*(\S+)\s*$", page.read_text(encoding="utf-8"), re.MULTILINE))
    return found


def _nav_pages(nav: object) -> list[str]:
    """The page files named in ``mkdocs.yml``'s nav, in order."""
    if isinstance(nav, str):
        return [nav] if nav.endswith(".md") else []
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def _config() -> dict[str, object]:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(dt.__all__))
def test_every_public_name_has_a_reference_entry(name: str) -> None:
    documented = _documented()
    assert f"decisiontree.{name}" in documented, f"add '::: decisiontree.{name}' to a page in docs/reference/"


@pytest.mark.parametrize("module", ["decisiontree.strategies", "decisiontree.testing"])
def test_helper_modules_have_a_reference_page(module: str) -> None:
    assert module in _documented()


def test_nav_lists_every_page_once_and_only_pages_that_exist() -> None:
    pages = _nav_pages(_config()["nav"])
    assert len(pages) == len(set(pages)), "a page is listed twice in the nav"
    missing = [page for page in pages if not (DOCS / page).is_file()]
    assert not missing, f"nav pages missing from docs/: {missing}"
    on_disk = {str(path.relative_to(DOCS)) for path in DOCS.rglob("*.md")}
    assert not on_disk - set(pages), f"pages not in the nav: {sorted(on_disk - set(pages))}"


@pytest.mark.slow
def test_site_builds_strictly(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    site = tmp_path / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (site / "tutorial" / "index.html").is_file()
    assert (site / "reference" / "model" / "index.html").is_file()
