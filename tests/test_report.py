"""report(): one self-contained HTML (or Markdown) file that tells a model's whole story."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pytest
from shared_trees import summit

import decisiontree as dt
from decisiontree.render.report import SEED, build

ROOT = Path(__file__).resolve().parent.parent


def uncertain_summit() -> dt.Tree:
    """The contract's summit: deploy (150 p_hold - 70 - cost + 20) or stay out; switch at p_hold = 7/15."""
    tree = summit()
    hold, cost = tree.parameters
    return attrs.evolve(
        tree,
        parameters=[
            attrs.evolve(hold, distribution=dt.Beta(6, 4), source="expert panel"),
            attrs.evolve(cost, distribution=dt.Uniform(10, 40)),
        ],
        description="Deploy a reassurance force or stay out.",
    )


def cea_tree() -> dt.Tree:
    c = dt.Parameter("c_drug", 100, low=50, high=150, distribution=dt.Uniform(50, 150))
    return dt.Tree(
        dt.Decision(
            "Treat?",
            [
                dt.Branch("drug", dt.Terminal("treated", payoff={"cost": c, "qaly": 2})),
                dt.Branch("none", dt.Terminal("untreated", payoff={"cost": 0, "qaly": 1})),
            ],
        ),
        parameters=[c],
        name="Drug or nothing",
    )


def section(page: str, key: str) -> str:
    """The HTML of one section of the report."""
    found = re.search(rf'<section id="{key}">(.*?)</section>', page, re.S)
    assert found, f"no section {key!r}"
    return found.group(1)


def text(fragment: str) -> str:
    """Visible text of an HTML fragment (tags dropped, spaces unified); no styles."""
    fragment = re.sub(r"<style>.*?</style>", "", fragment, flags=re.S)
    fragment = re.sub(r"</?(strong|a)\b[^>]*>", "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).replace("\u00a0", " ").split())


# --------------------------------------------------------------------------- content


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = dt.report(uncertain_summit(), tmp_path_factory.mktemp("report") / "summit.html", draws=400)
    return path.read_text(encoding="utf-8")


def test_the_page_is_one_self_contained_file(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", page)  # nothing fetched from elsewhere
    assert "<script" not in page and "<link" not in page
    assert page.count("<svg") == 1  # the project's own SVG of the tree, inline
    assert "data:image/png;base64," in page  # charts inline


def test_the_story_starts_with_the_model_and_its_question(page: str) -> None:
    header = text(page.split("<header>")[1].split("</header>")[0])
    assert header.startswith("Paris summit Deploy a reassurance force or stay out.")
    question = "What should the decision maker choose at Paris summit: Deploy force or Stay out?"
    assert f"Question: {question}" in header
    assert re.findall(r'<a href="#(\w+)">', page) == [
        "recommendation",
        "diagram",
        "scenarios",
        "parameters",
        "sensitivity",
        "thresholds",
        "psa",
        "information",
        "omitted",
    ]


def test_the_recommendation_in_words(page: str) -> None:
    words = text(section(page, "recommendation"))
    assert "At Paris summit, choose Deploy force: expected value 20, against 0 for Stay out." in words


def test_scenarios_ranked_by_probability(page: str) -> None:
    rows = text(section(page, "scenarios"))
    assert "All 2 scenarios under the policy, most likely first." in rows
    assert rows.index("60% Deploy force > holds Stable 80") < rows.index("40% Deploy force > breaks War -70")


def test_the_parameter_table(page: str) -> None:
    table = text(section(page, "parameters"))
    assert "parameter value range distribution description source" in table
    assert "p_hold 0.6 0.4 to 0.8 Beta(a=6, b=4) P(ceasefire holds) expert panel" in table
    assert "troop_cost 20 10 to 40 Uniform(low=10, high=40)" in table


def test_tornado_and_exact_switch_points(page: str) -> None:
    tornado = text(section(page, "sensitivity"))
    assert "base case 20, Deploy force" in tornado
    assert "p_hold 0.4 to 0.8 0 50 50 Stay out → Deploy force" in tornado  # max(150 p - 70, 0)
    switch = text(section(page, "thresholds"))
    assert "p_hold 7/15 ≈ 0.467 Stay out from 0.4 to 0.467; Deploy force from 0.467 to 0.8 exact" in switch
    assert "troop_cost" not in switch  # deploying is worth 40 - cost: a tie at the top of its range


def test_the_psa_with_its_seed_and_numbers(page: str) -> None:
    psa = dt.psa(uncertain_summit(), 400, seed=SEED)
    shown = text(section(page, "psa"))
    assert f"2 parameters drawn from their distributions 400 times (seed {SEED})." in shown
    share = psa.probability_optimal["Deploy force"]
    assert f"Deploy force is the best option in {100 * share:.3g}% of the draws" in shown
    assert "data:image/png" in section(page, "psa")


def test_value_of_information(page: str) -> None:
    shown = text(section(page, "information"))
    exact = dt.evpi(uncertain_summit(), node="Ceasefire")
    assert f"Ceasefire {exact:.3g}" in shown
    assert "EVPPI" in shown and "p_hold" in shown and "troop_cost" in shown
    assert "cannot be told from zero" in shown


def test_what_is_left_out_says_why(page: str) -> None:
    omitted = text(section(page, "omitted"))
    assert "League table: the payoffs are single numbers, not cost and effect." in omitted


def test_a_model_without_parameters_leaves_out_what_needs_them(tmp_path: Path) -> None:
    tree = dt.Tree(
        dt.Decision(
            "Go?",
            [
                dt.Branch("go", dt.Chance("coin", [
                    dt.Branch("heads", dt.Terminal("win", payoff=10), probability="1/2"),
                    dt.Branch("tails", dt.Terminal("lose", payoff=-4), probability=dt.COMPLEMENT),
                ])),
                dt.Branch("stay", dt.Terminal("home")),
            ],
        )
    )  # fmt: skip
    page = dt.report(tree, tmp_path / "go.html", plots=False).read_text(encoding="utf-8")
    omitted = text(section(page, "omitted"))
    assert "Parameters: the model has no parameters." in omitted
    assert "Sensitivity: no parameter has a range (low and high) to vary." in omitted
    assert "Probabilistic sensitivity analysis: no parameter has a distribution" in omitted
    assert "coin 2" in text(section(page, "information"))  # EVPI: 0.5 * 10 + 0.5 * 0 - 3
    assert "data:image/png" not in page


def test_a_cost_effectiveness_model(tmp_path: Path) -> None:
    page = dt.report(cea_tree(), tmp_path / "cea.html", draws=200).read_text(encoding="utf-8")
    league = text(section(page, "league"))
    assert "Every strategy's expected cost and qaly" in league
    assert "none 0 1 frontier" in league and "drug 100 2 100 frontier" in league
    assert "at a willingness to pay from 100: drug" in league
    assert "recommendation" not in re.findall(r'<section id="(\w+)"', page)
    assert "no objective was given" in text(section(page, "omitted"))
    priced = dt.report(cea_tree(), tmp_path / "nmb.html", draws=200, wtp=150).read_text(encoding="utf-8")
    words = text(section(priced, "recommendation"))
    assert "choose drug: expected value 200 in net monetary benefit at a willingness to pay of 150" in words


def test_values_become_the_base_values(tmp_path: Path) -> None:
    page = dt.report(summit(), tmp_path / "low.html", values={"p_hold": 0.4}, plots=False).read_text("utf-8")
    assert "At p_hold = 0.4; other parameters at their base values." in text(page)
    assert "choose Stay out" in text(section(page, "recommendation"))


def test_markdown_with_pictures_beside_it(tmp_path: Path) -> None:
    written = dt.report(uncertain_summit(), tmp_path / "summit.md", draws=200)
    markdown = written.read_text(encoding="utf-8")
    assert markdown.startswith("# Paris summit\n")
    assert "## Switch points" in markdown
    assert "| p\\_hold | 7/15" in markdown or "| p_hold | 7/15" in markdown
    assert "![The tree, the optimal policy in bold](summit_files/diagram.svg)" in markdown
    assert (tmp_path / "summit_files" / "diagram.svg").read_text().startswith("<?xml")
    assert (tmp_path / "summit_files" / "tornado.png").read_bytes().startswith(b"\x89PNG")


def test_the_same_model_gives_the_same_numbers() -> None:
    first = build(uncertain_summit(), draws=300, plots=False)
    second = build(uncertain_summit(), draws=300, plots=False)
    assert first == second
    other = build(uncertain_summit(), draws=300, seed=1, plots=False)
    assert other != first


def test_without_matplotlib_the_report_still_comes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = dt.report(uncertain_summit(), tmp_path / "plain.html", draws=200).read_text(encoding="utf-8")
    assert "<svg" in page and "data:image/png" not in page
    assert "Charts: matplotlib is not installed (pip install 'decisiontree[plot]')" in text(page)


def test_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(dt.ArgumentError, match=r"\.html or \.md"):
        dt.report(summit(), tmp_path / "summit.pdf")
    with pytest.raises(dt.ArgumentError, match="not a payoff key"):
        dt.report(cea_tree(), tmp_path / "x.html", cost="price")
    with pytest.raises(dt.ArgumentError, match="wtp= needs cost and effect"):
        dt.report(summit(), tmp_path / "x.html", wtp=10)
    with pytest.raises(dt.NotFoundError, match="did you mean"):
        dt.report(summit(), tmp_path / "x.html", values={"p_hodl": 0.5})
    with pytest.raises(dt.ArgumentError, match="not a decision"):
        dt.report(summit(), tmp_path / "x.html", decision=("Deploy force",))
    with pytest.raises(dt.ArgumentError, match="needs a Tree"):
        dt.report("tree", tmp_path / "x.html")  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="a file path"):
        dt.report(summit(), 5)  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="format must be text"):
        dt.report(summit(), tmp_path / "x.html", format=np.array(["html", "md"]))  # type: ignore[arg-type]
    for argument in ("title", "question", "cost", "effect"):
        with pytest.raises(dt.ArgumentError, match=f"{argument} must be text"):
            dt.report(summit(), tmp_path / "x.html", **{argument: 5})
    with pytest.raises(dt.ArgumentError, match="plots must be True or False"):
        dt.report(summit(), tmp_path / "x.html", plots="no")  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="decision must be a sequence"):
        dt.report(summit(), tmp_path / "x.html", decision=5)  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())


def test_unwritable_text_and_huge_seeds_are_written_safely(tmp_path: Path) -> None:
    """A question with a lone surrogate is shown as a replacement mark; a seed of 5,001 digits by its size."""
    page = dt.report(
        uncertain_summit(), tmp_path / "odd.html", question="Go?\ud800", seed=10**5000, draws=20, plots=False
    ).read_text(encoding="utf-8")
    assert "Go?\ufffd" in page
    assert "(seed (a number of 5,001 digits))" in page


def test_the_command_line_writes_a_report(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decisiontree", "report", str(ROOT / "examples" / "sumatriptan.yaml"),
         "-o", str(tmp_path / "migraine.md"), "--wtp", "30000", "-n", "200"],
        capture_output=True, text=True, check=False, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {tmp_path / 'migraine.md'}"
    markdown = (tmp_path / "migraine.md").read_text(encoding="utf-8")
    assert "in net monetary benefit at a willingness to pay of 30,000" in markdown
    wrong = subprocess.run(
        [sys.executable, "-m", "decisiontree", "report", str(ROOT / "examples" / "sumatriptan.yaml"),
         "-o", str(tmp_path / "x.html"), "--wtp", "lots"],
        capture_output=True, text=True, check=False, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert wrong.returncode == 2 and "--wtp: the value must be a finite number, got 'lots'" in wrong.stderr


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_the_report_in_a_browser(browser: Any, tmp_path: Path) -> None:
    from paris_summit import paris_summit

    path = dt.report(paris_summit("decision"), tmp_path / "paris.html", draws=300)
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    local = ("file:", "data:")
    page.on("request", lambda request: request.url.startswith(local) or problems.append(request.url))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert problems == []
    diagram = page.eval_on_selector("#diagram svg", "s => s.getBoundingClientRect().toJSON()")
    assert diagram["width"] > 600 and diagram["height"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # nothing sticks out sideways
    sizes = page.eval_on_selector_all("img", "images => images.map(i => [i.complete, i.naturalWidth])")
    assert len(sizes) == 3 and all(done and width > 100 for done, width in sizes)  # tornado, one-way, PSA
    assert page.text_content("#recommendation strong") == "Spend + reassurance force"
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 100_000
    page.close()
