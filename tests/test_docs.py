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


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once with ``mkdocs build --strict``."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    site = tmp_path_factory.mktemp("docs") / "site"
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return site


def _text(html: str) -> str:
    """The visible text of a page, roughly: tags dropped, entities of quotes undone."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", "", text)
    return text.replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")


@pytest.mark.slow
def test_site_builds_strictly(site: Path) -> None:
    assert (site / "tutorial" / "index.html").is_file()
    assert (site / "reference" / "model" / "index.html").is_file()


@pytest.mark.slow
def test_no_page_shows_a_raw_sphinx_role(site: Path) -> None:
    roles = re.compile(r":(func|class|meth|attr|data|mod|exc|obj):`?")
    shown = {
        str(page.relative_to(site)): roles.findall(_text(page.read_text(encoding="utf-8")))
        for page in site.rglob("*.html")
    }
    assert not {page: found for page, found in shown.items() if found}


@pytest.mark.slow
def test_model_reference_shows_constructors_and_fields(site: Path) -> None:
    text = _text((site / "reference" / "model" / "index.html").read_text(encoding="utf-8"))
    for signature in (
        "Decision(name, branches, owner=None, *, notes='')",
        "Chance(name, branches, *, notes='')",
        "Terminal(name, payoff=0, *, notes='')",
        "Branch(label, node, probability=None, payoff=0)",
        "Tree(root, parameters=(), *, name='', description='')",
    ):
        assert signature in " ".join(text.split()), signature
    flat = re.sub(r"\(\s+", "(", re.sub(r",?\s*\)", ")", " ".join(text.split())))  # one line, however wrapped
    assert (
        'Parameter(name, value, *, low=None, high=None, distribution=None, description="", source="")' in flat
    )
    for field in ("owner", "notes", "probability", "distribution", "source", "description"):
        assert re.search(rf"\b{field}\b", text), field
    assert text.count("Parameters:") >= 6


@pytest.mark.slow
def test_home_page_has_a_picture(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="images/paris_summit\.svg"', html)


def _code_blocks(page: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_pages_build_their_models_and_use_no_test_fixtures() -> None:
    tutorial = "\n".join(_code_blocks(DOCS / "tutorial.md"))
    imports = re.findall(r"^\s*(?:from|import)\s+(\S+)", tutorial, flags=re.MULTILINE)
    assert set(imports) <= {"decisiontree", "attrs", "hypothesis"}, imports  # the model is built on the page
    assert "def paris_summit(" in tutorial
    for page in DOCS.rglob("*.md"):
        assert "tmp_path" not in page.read_text(encoding="utf-8"), page


def test_how_to_guides_show_output_instead_of_asserts() -> None:
    """Readers see what a call returns (``>>>`` blocks, checked by the tests) rather than ``assert``.

    Asserts stay where they are the subject: in the guide to testing a model's invariants.
    """
    for page in sorted((DOCS / "how-to").glob("*.md")):
        if page.name == "testing-invariants.md":
            continue
        for block in _code_blocks(page):
            for line in block.splitlines():
                assert not line.lstrip().startswith("assert "), (page.name, line)
