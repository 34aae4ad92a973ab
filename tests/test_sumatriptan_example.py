"""The published sumatriptan cost-utility model: its published numbers, reproduced.

Sources of the published numbers (all as stated in the rdecision R package's test
``tests/testthat/test-model-Sumatriptan.R``, which replicates the model):

- Evans KW, Boan JA, Evans JL, Shuaib A. Economic evaluation of oral sumatriptan compared
  with oral caffeine/ergotamine for migraine. PharmacoEconomics 1997;12(5):565-577:
  expected cost per attack CAD 22.06 (sumatriptan) and 4.73 (caffeine/ergotamine), expected
  utility 0.41 and 0.20, ICER CAD 29,366 per QALY; Table VIII: the ICER is 18,950 at the upper
  and 60,839 at the lower 95% limit of the difference in relief rates, 0.268 and 0.091 above
  caffeine/ergotamine's 0.379 (the base difference 0.179).
- Briggs A, Claxton K, Sculpher M. Decision Modelling for Health Economic Evaluation.
  Oxford University Press 2006, Box 2.3: per-pathway probabilities and expected values, for
  instance pathway A (sumatriptan, relief, no recurrence) probability 0.331, cost 5.34,
  utility 0.33, and pathway H (caffeine/ergotamine, no relief, endures the attack)
  probability 0.571, cost 0.75, utility -0.17.

The published figures are rounded (and the rounded inputs give the caffeine/ergotamine arm
CAD 4.715, not 4.73, and sumatriptan a utility of 0.4169, not 0.41), so each check allows the
rounding rdecision allows; the base-case ICER agrees to 0.01 %.
"""

from __future__ import annotations

import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from sumatriptan import CAFFEINE, SUMATRIPTAN, sumatriptan_tree

import decisiontree as dt

ROOT = Path(__file__).resolve().parent.parent
MODEL_FILE = ROOT / "examples" / "sumatriptan.yaml"


def test_expected_costs_and_utilities_per_strategy() -> None:
    tree = sumatriptan_tree()
    costs = dt.policy_values(tree, actor="cost")
    utilities = dt.policy_values(tree, actor="utility")
    assert costs[SUMATRIPTAN] == pytest.approx(22.06, abs=0.01)
    assert costs[CAFFEINE] == pytest.approx(4.73, abs=0.02)
    assert utilities[SUMATRIPTAN] == pytest.approx(0.41, abs=0.01)
    assert utilities[CAFFEINE] == pytest.approx(0.20, abs=0.01)


def test_icer_and_league_table() -> None:
    table = dt.league_table(sumatriptan_tree(), cost="cost", effect="qaly", exact=True)
    assert [r.name for r in table.frontier] == [CAFFEINE, SUMATRIPTAN]
    icer = table.row(SUMATRIPTAN).icer
    assert float(icer) == pytest.approx(29366, rel=1e-3)
    # the exact ICER is the ratio of exact differences of the strategies' expected values
    costs = dt.policy_values(sumatriptan_tree(), actor="cost", exact=True)
    qalys = dt.policy_values(sumatriptan_tree(), actor="qaly", exact=True)
    assert icer == (costs[SUMATRIPTAN] - costs[CAFFEINE]) / (qalys[SUMATRIPTAN] - qalys[CAFFEINE])
    assert table.switch_points == (icer,)
    assert table.optimal(icer - 1).name == CAFFEINE and table.optimal(icer + 1).name == SUMATRIPTAN
    floats = dt.league_table(sumatriptan_tree(), cost="cost", effect="qaly")
    assert floats.row(SUMATRIPTAN).icer == pytest.approx(float(icer), rel=1e-12)


def test_pathways_of_box_2_3() -> None:
    both = {}
    for strategy in (SUMATRIPTAN, CAFFEINE):  # each strategy's pathways: force it at the root
        forced = dt.strategy_tree(sumatriptan_tree(), [{(): strategy}])
        for s in dt.evaluate(forced, objective="cost").scenarios:
            both[s.path[1:]] = s
    a = both[(SUMATRIPTAN, "relief", "no recurrence")]
    assert a.probability == pytest.approx(0.331, abs=0.001)
    assert a.probability * a.payoff["cost"] == pytest.approx(5.34, abs=0.01)
    assert a.probability * a.payoff["utility"] == pytest.approx(0.33, abs=0.01)
    h = both[(CAFFEINE, "no relief", "endures attack")]
    assert h.probability == pytest.approx(0.571, abs=0.001)
    assert h.probability * h.payoff["cost"] == pytest.approx(0.75, abs=0.01)
    assert h.probability * h.payoff["utility"] == pytest.approx(-0.17, abs=0.01)
    assert len(both) == 10  # five pathways per strategy


@pytest.mark.parametrize(
    ("icer", "published_difference"),
    [(18950, Fraction(268, 1000)), (29366, Fraction(179, 1000)), (60839, Fraction(91, 1000))],
)
def test_relief_rate_thresholds_of_table_viii(icer: int, published_difference: Fraction) -> None:
    # At a willingness to pay equal to the ICER, sumatriptan and caffeine/ergotamine have the same
    # net benefit: the switch point of the relief-rate difference is where the ICER equals it.
    found = dt.thresholds(
        sumatriptan_tree(), "d_relief", objective={"qaly": icer, "cost": -1}, low=0, high=Fraction(621, 1000)
    )
    (difference,) = found
    assert float(difference) == pytest.approx(float(published_difference), abs=0.02)
    table = dt.league_table(
        sumatriptan_tree(), cost="cost", effect="qaly", values={"d_relief": difference}, exact=True
    )
    assert table.row(SUMATRIPTAN).icer == icer  # exactly


def test_the_model_file_is_the_same_model() -> None:
    """The file carries the distributions too, so a PSA runs from it; its base values are the model's."""
    loaded = dt.load(MODEL_FILE)
    assert loaded == sumatriptan_tree(uncertain=True)
    assert dt.policy_values(loaded, actor="cost") == dt.policy_values(sumatriptan_tree(), actor="cost")


def test_command_line_league_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decisiontree", "cea", str(MODEL_FILE), "--cost", "cost", "--effect", "qaly"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert "Sumatriptan          22.0581   0.00114208    17.3431  0.000590644  29363  frontier" in done.stdout
    assert "best at a willingness to pay from 29,363: Sumatriptan" in done.stdout


def test_example_script_and_pictures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sumatriptan import main, pictures

    main()
    out = capsys.readouterr().out
    assert "ICER, exactly: 1582556498950/53896239 CAD per QALY (= 29,363.0)" in out
    written = pictures(tmp_path, draws=300)
    assert [p.name for p in written] == [
        "cea_plane.png",
        "cea_acceptability.png",
        "cea_evpi.png",
        "cea_spider.png",
    ]
    assert all(p.stat().st_size > 10_000 for p in written)


def test_json_output_holds_exact_numbers_as_text() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decisiontree", "cea", str(MODEL_FILE), "--cost", "cost", "--effect", "qaly",
         "--exact", "--json", "--wtp", "30000"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    by_name = {s["name"]: s for s in data["strategies"]}
    assert by_name[SUMATRIPTAN]["icer"] == "1582556498950/53896239"
    assert Fraction(by_name[SUMATRIPTAN]["cost"]) == Fraction("22.05805736")
    assert data["optimal"] == SUMATRIPTAN and data["wtp"] == 30000
    assert data["frontier"] == [CAFFEINE, SUMATRIPTAN]
