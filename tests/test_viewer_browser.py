"""The HTML viewer in a real headless Chromium, used as a reader would use it.

Marked ``browser``: they need Debian's ``chromium`` and the ``playwright``
package (which drives the installed browser; nothing is downloaded). They
skip where either is missing, except in CI, which installs both.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from shared_trees import summit

import decisiontree as dt

pytestmark = pytest.mark.browser

IDS = "elements => elements.map(e => Number(e.dataset.id))"


class Page:
    """A loaded viewer page and the errors its console reported."""

    def __init__(self, context: Any, path: Path) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        start = time.perf_counter()
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready=true]", timeout=60_000)
        self.seconds = time.perf_counter() - start

    def shown(self) -> set[int]:
        return set(self.page.eval_on_selector_all("g.node", IDS))

    def click(self, node: int) -> None:
        self.page.click(f'g.node[data-id="{node}"] .shape')

    def close(self) -> None:
        self.page.close()


def open_page(browser: Any, subject: Any, tmp_path: Path, name: str = "tree.html", **options: Any) -> Page:
    path = dt.to_html(subject, tmp_path / name, **options) and tmp_path / name
    return Page(browser, path)


def test_the_page_loads_without_errors_and_shows_the_whole_small_tree(browser: Any, tmp_path: Path) -> None:
    result = dt.evaluate(summit())
    page = open_page(browser, result, tmp_path)
    assert page.errors == []
    assert page.shown() == set(range(result.tree.size))
    assert page.page.text_content("#title") == "Paris summit"
    rows = page.page.eval_on_selector_all("#parameters tbody tr", "rows => rows.map(r => r.dataset.name)")
    assert rows == ["p_hold", "troop_cost"]
    assert "P(ceasefire holds)" in page.page.text_content("#parameters")
    page.page.screenshot(path=str(tmp_path / "summit.png"))
    assert (tmp_path / "summit.png").read_bytes().startswith(b"\x89PNG")
    page.close()


def test_clicking_a_node_hides_and_shows_its_children(browser: Any, tmp_path: Path) -> None:
    result = dt.evaluate(summit())
    page = open_page(browser, result, tmp_path)
    everything = page.shown()
    ceasefire = 1  # display order: the root, the chance node under "Deploy force", its two terminals, ...
    assert page.page.text_content(f'g.node[data-id="{ceasefire}"] .name') == "Ceasefire"
    page.click(ceasefire)
    assert page.shown() == everything - {2, 3}
    assert page.page.get_attribute(f'g.node[data-id="{ceasefire}"]', "class").split().count("collapsed") == 1
    assert "Ceasefire" in page.page.text_content("#details h3")
    page.click(ceasefire)
    assert page.shown() == everything
    assert page.errors == []
    page.close()


def test_the_optimal_path_is_marked(browser: Any, tmp_path: Path) -> None:
    result = dt.evaluate(summit())
    page = open_page(browser, result, tmp_path)
    optimal = set(
        page.page.eval_on_selector_all("g.node.optimal", "nodes => nodes.map(n => Number(n.dataset.id))")
    )
    assert optimal == {0, 1, 2, 3}  # deploy the force: the ceasefire and both its outcomes
    chosen = page.page.eval_on_selector_all("g.edge.chosen", "edges => edges.map(e => Number(e.dataset.id))")
    rejected = page.page.eval_on_selector_all(
        "g.edge.rejected", "edges => edges.map(e => Number(e.dataset.id))"
    )
    assert chosen == [1] and rejected == [4]
    width = page.page.eval_on_selector("g.edge.chosen path", "p => getComputedStyle(p).strokeWidth")
    assert float(width.rstrip("px")) > 2
    page.close()


def test_search_finds_a_node_and_opens_the_way_to_it(browser: Any, tmp_path: Path) -> None:
    from large_tree import large_tree

    tree = large_tree(depth=6)  # 1,093 nodes: the page opens folded
    page = open_page(browser, dt.evaluate(tree), tmp_path, depth=1)
    assert len(page.shown()) < 20
    page.page.fill("#search", "decide 4.80")
    page.page.wait_for_selector("#results li")
    assert page.page.text_content("#results li").startswith("decide 4.80")
    page.page.press("#search", "Enter")
    page.page.wait_for_selector("g.node.selected")
    assert page.page.text_content("g.node.selected .name") == "decide 4.80"
    assert page.page.text_content("#details h3") == "decide 4.80"
    assert page.errors == []
    page.close()


def test_details_show_formulas_parameters_and_scenarios(browser: Any, tmp_path: Path) -> None:
    hold = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8, description="P(ceasefire holds)", source="briefing")
    tree = dt.Tree(
        dt.Chance(
            "Ceasefire",
            [
                dt.Branch("holds", dt.Terminal("Stable", payoff=100), probability=hold),
                dt.Branch("breaks", dt.Terminal("War", payoff=-50), probability=dt.COMPLEMENT),
            ],
            notes="Monitored",
        ),
        parameters=[hold],
    )
    page = open_page(browser, dt.evaluate(tree), tmp_path)
    page.page.click('g.node[data-id="1"] .shape')  # a terminal: selected, nothing to fold
    details = page.page.text_content("#details")
    assert "p_hold = 60%" in details and "P(ceasefire holds)" in details and "source: briefing" in details
    page.click(0)
    details = page.page.text_content("#details")
    assert "Monitored" in details and "Scenarios under it (2" in details
    assert page.page.eval_on_selector_all(
        "#scenarios tr", "rows => rows.map(r => r.cells[0].textContent)"
    ) == [
        "60%",
        "40%",
    ]
    page.close()


def test_any_text_shows_literally(browser: Any, tmp_path: Path) -> None:
    nasty = "<script>window.hacked = 1</script> &amp; <b>bold</b>"
    tree = dt.Tree(
        dt.Decision(
            nasty,
            [
                dt.Branch("</script>", dt.Terminal("a & b", payoff=1, notes=nasty)),
                dt.Branch("line\nbreak", dt.Terminal("\u202e rtl \U0001f600")),
            ],
        ),
        name=nasty,
    )
    page = open_page(browser, dt.evaluate(tree), tmp_path)
    assert page.page.evaluate("window.hacked") is None
    assert page.page.text_content("#title") == nasty
    assert page.page.title() == nasty
    assert page.page.text_content('g.node[data-id="0"] .name') == nasty
    labels = page.page.eval_on_selector_all("g.edge text", "texts => texts.map(t => t.textContent)")
    assert "</script>" in labels and "line" in labels and "break" in labels
    assert nasty in page.page.text_content('g.node[data-id="1"] title')
    assert page.errors == []
    page.close()


def test_a_ten_thousand_node_page_opens_in_seconds(browser: Any, tmp_path: Path) -> None:
    from large_tree import large_tree

    result = dt.evaluate(large_tree(depth=8))  # 9,841 nodes
    start = time.perf_counter()
    dt.to_html(result, tmp_path / "big.html")
    written = time.perf_counter() - start
    page = Page(browser, tmp_path / "big.html")
    print(f"\n9,841 nodes: to_html {written:.2f} s, page ready in {page.seconds:.2f} s")
    assert page.errors == []
    shown = page.shown()
    assert 10 < len(shown) <= 400  # folded below the first levels
    folded = page.page.evaluate(  # a folded node on the screen
        """() => {
            const view = document.getElementById("view").getBoundingClientRect();
            const inside = [...document.querySelectorAll("g.node.collapsed")].filter(node => {
                const box = node.querySelector(".shape").getBoundingClientRect();
                return box.left > view.left && box.right < view.right
                    && box.top > view.top && box.bottom < view.bottom;
            });
            return Number(inside[0].dataset.id);
        }"""
    )
    page.click(folded)  # unfolds one level below it
    assert len(page.shown()) > len(shown)
    page.page.screenshot(path=str(tmp_path / "big.png"))
    assert page.seconds < 60  # generous: timings on shared machines vary; the figure is printed
    page.close()
