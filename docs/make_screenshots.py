"""Regenerate the documentation's pictures: the diagrams, and screenshots of the HTML viewer and report.

Run from the repository root: ``python docs/make_screenshots.py``. The diagrams
come from ``examples/paris_diagrams.py``; the screenshots are taken in a headless
Chromium (Debian's ``chromium``, driven by the ``playwright`` package): the
viewer after clicking a node, so that its details show, and the whole page of
the top of the Paris-summit report (``examples/paris_report.py``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def viewer_screenshot(target: Path) -> Path:
    """Open the Paris-summit viewer, click the second-level decision, and save a screenshot."""
    sys.path.insert(0, str(ROOT / "examples"))
    from paris_summit import paris_summit
    from playwright.sync_api import sync_playwright

    import decisiontree as dt

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="decisiontree-docs-"))
    dt.to_html(dt.evaluate(paris_summit("decision")), folder / "paris.html", actor_colors=True)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(folder / "profile"),
            executable_path=chromium,
            args=FLAGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
        )
        page = context.new_page()
        page.goto((folder / "paris.html").as_uri())
        page.wait_for_selector("body[data-ready=true]")
        page.click('g.node[data-id="1"] .shape')  # fold the first "US response" and show its details
        page.screenshot(path=str(target))
        context.close()
    shutil.rmtree(folder, ignore_errors=True)
    return target


def report_screenshot(target: Path, height: int | None = 1500) -> Path:
    """Write the Paris-summit report and save a screenshot of its top ``height`` pixels
    (the title, the recommendation and the diagram), or of the whole page with ``None``."""
    sys.path.insert(0, str(ROOT / "examples"))
    from paris_uncertainty import uncertain_tree
    from playwright.sync_api import sync_playwright

    import decisiontree as dt

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("needs Debian's chromium: apt-get install chromium")
    folder = Path(tempfile.mkdtemp(prefix="decisiontree-docs-"))
    page_file = dt.report(uncertain_tree("decision"), folder / "report.html")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(folder / "profile"),
            executable_path=chromium,
            args=FLAGS,
            headless=True,
            viewport={"width": 1100, "height": 800},
        )
        page = context.new_page()
        page.goto(page_file.as_uri())
        page.wait_for_load_state("load")
        clip = None if height is None else {"x": 0, "y": 0, "width": 1100, "height": height}
        page.screenshot(path=str(target), full_page=True, clip=clip)
        context.close()
    shutil.rmtree(folder, ignore_errors=True)
    return target


def main() -> None:
    sys.path.insert(0, str(ROOT / "examples"))
    from paris_diagrams import make_doc_images

    for path in make_doc_images(IMAGES):
        print(f"wrote {path}")
    print(f"wrote {viewer_screenshot(IMAGES / 'viewer.png')}")
    print(f"wrote {report_screenshot(IMAGES / 'report.png')}")


if __name__ == "__main__":
    main()
