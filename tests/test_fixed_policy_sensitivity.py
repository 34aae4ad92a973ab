"""Fixed-policy sensitivity: ``one_way``, ``two_way`` and ``tornado`` with ``policy=`` hold a strategy fixed.

With a policy, each setting's value is that of the strategy (SilverDecisions'
semantics), the same number ``evaluate(tree, values, policy=...)`` and the
formula ``expected_value(tree, policy=...)`` give; decisions the policy does
not name are still optimised. Without one, every setting is re-optimised.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import decisiontree as dt

GAIN = dt.Parameter("gain", 10, low=0, high=30)
COST = dt.Parameter("cost", 4, low=0, high=12)
P = dt.Parameter("p", 0.5, low=0, high=1)
HALF = dt.Parameter("half", "p/2")  # derived: swept through its input


def plant() -> dt.Tree:
    """Build (cost) then run big or small; or wait. Big pays gain with probability p, else -5."""
    run = dt.Decision(
        "Run",
        [
            dt.Branch(
                "big",
                dt.Chance(
                    "Market",
                    [
                        dt.Branch("good", dt.Terminal("boom", payoff=GAIN), probability=P),
                        dt.Branch("bad", dt.Terminal("bust", payoff=-5), probability=dt.COMPLEMENT),
                    ],
                ),
            ),
            dt.Branch(
                "small",
                dt.Chance(
                    "Niche",
                    [
                        dt.Branch("good", dt.Terminal("fine", payoff=6), probability=HALF),
                        dt.Branch("bad", dt.Terminal("meh", payoff=2), probability=dt.COMPLEMENT),
                    ],
                ),
            ),
        ],
    )
    return dt.Tree(
        dt.Decision(
            "Build?", [dt.Branch("build", run, payoff=-COST), dt.Branch("wait", dt.Terminal("idle"))]
        ),
        parameters=[GAIN, COST, HALF, P],
    )


def policy_value(tree: dt.Tree, policy: dict[Any, str], values: dict[str, Any], decision: Any = ()) -> float:
    return float(dt.evaluate(tree, values, policy=policy).value_at(decision))


FULL = {(): "build", ("build",): "small"}
"""A whole strategy: build, then run small. Small is worth 6 p/2 + 2 (1 - p/2) = 2p + 2, big
10p - 5 (1 - p) = 15p - 5; less the cost of 4, running small is worth 2p - 2, never above waiting."""


def test_one_way_under_a_policy_is_the_policy_s_value_at_every_setting() -> None:
    tree = plant()
    xs = np.linspace(0, 1, 11)
    fixed = dt.one_way(tree, "p", xs, policy=FULL)
    free = dt.one_way(tree, "p", xs)
    formula = dt.expected_value(tree, policy=FULL)
    symbols = {s.name: s for s in formula.free_symbols}
    assert set(symbols) == {"cost", "p"}  # running small: no gain; the derived 'half' is p/2
    for x, row, best in zip(xs, fixed, free, strict=True):
        want = policy_value(tree, FULL, {"p": x})
        assert row.value == pytest.approx(want, abs=1e-12)
        assert row.value == pytest.approx(
            float(formula.xreplace({symbols["cost"]: 4, symbols["p"]: sympy.Rational(str(x))})),
            abs=1e-12,
        )
        assert row.optimal == "build"  # the policy's choice, not the best one
        assert row.values["wait"] == 0 and row.values["build"] == pytest.approx(want, abs=1e-12)
        assert best.value >= row.value - 1e-12  # re-optimising never does worse
    # Running small is worth 2p - 2 <= 0; re-optimised, waiting (0) or running big (15p - 9) is better.
    assert all(best.value > row.value for row, best in zip(fixed, free, strict=True))
    assert fixed.policy == FULL and free.policy is None


def test_a_partial_policy_fixes_some_decisions_and_optimises_the_rest() -> None:
    tree = plant()
    build_only = {(): "build"}  # the run decision stays free: big when 15p - 5 > 2p + 2
    table = dt.one_way(tree, "p", [0.2, 0.5, 0.9], policy=build_only)
    for row in table:
        at = {"p": row.parameter_value}
        assert row.value == pytest.approx(policy_value(tree, build_only, at))
        big, small = 15 * row.parameter_value - 5, 2 * row.parameter_value + 2
        assert row.value == pytest.approx(max(big, small) - 4)
        assert row.optimal == "build"
    run_small = {("build",): "small"}  # the root stays free: it compares build (running small) with waiting
    for row in dt.one_way(tree, "cost", [0, 3, 6], policy=run_small):
        small = 2 * 0.5 + 2 - row.parameter_value
        assert row.values == pytest.approx({"build": small, "wait": 0.0})
        assert row.optimal == ("build" if small >= 0 else "wait")  # a tie at cost 3: the first branch
        assert row.value == pytest.approx(policy_value(tree, run_small, {"cost": row.parameter_value}))


def test_one_way_at_a_lower_decision_under_a_policy() -> None:
    tree = plant()
    table = dt.one_way(tree, "gain", [0, 10, 30], decision=("build",), policy={("build",): "small"})
    for row in table:
        assert row.optimal == "small"
        assert row.values["big"] == pytest.approx(0.5 * row.parameter_value - 2.5)
        assert row.value == pytest.approx(
            policy_value(tree, {("build",): "small"}, {"gain": row.parameter_value}, ("build",))
        )


def test_two_way_under_a_policy_is_the_policy_s_value_at_every_grid_point() -> None:
    tree = plant()
    ps, costs = [0.1, 0.5, 0.9], [0, 4, 8]
    fixed = dt.two_way(tree, "p", ps, "cost", costs, policy={("build",): "small"})
    free = dt.two_way(tree, "p", ps, "cost", costs)
    assert fixed.policy == {("build",): "small"} and free.policy is None
    for cell, best in zip(fixed, free, strict=True):
        p, cost = cell.parameter_values
        small = 2 * p + 2 - cost  # running small, less the cost
        assert cell.values == pytest.approx({"build": small, "wait": 0.0})
        assert cell.optimal == ("build" if small >= 0 else "wait")
        want = policy_value(tree, {("build",): "small"}, {"p": p, "cost": cost})
        assert cell.value == pytest.approx(want, abs=1e-12)
        assert best.value >= cell.value - 1e-12  # re-optimising never does worse
    # At p = 0.9 running big (8.5) beats small (3.8): only the free grid builds at cost 4 and 8.
    assert fixed.optimal[2].tolist() == ["build", "wait", "wait"]
    assert free.optimal[2].tolist() == ["build", "build", "build"]


def test_tornado_under_a_policy_shows_the_policy_s_value_at_the_ends() -> None:
    tree = plant()
    fixed = dt.tornado(tree, policy=FULL)
    free = dt.tornado(tree)
    assert sorted(b.parameter for b in fixed) == ["cost", "gain", "p"]  # the derived 'half' has no bar
    assert fixed.base_value == pytest.approx(policy_value(tree, FULL, {}))
    assert fixed.base_value == pytest.approx(-1.0)  # 2 * 0.5 - 2
    assert fixed.base_optimal == "build"
    by_name = {b.parameter: b for b in fixed}
    for bar in fixed:
        assert bar.value_low == pytest.approx(policy_value(tree, FULL, {bar.parameter: bar.low}))
        assert bar.value_high == pytest.approx(policy_value(tree, FULL, {bar.parameter: bar.high}))
        assert bar.optimal_low == bar.optimal_high == "build" and not bar.changes_choice
    assert by_name["gain"].swing == 0  # running small, the gain of a big run does not matter
    assert {b.parameter: b.swing for b in free}["gain"] > 0
    assert by_name["p"].swing == pytest.approx(2.0)  # 2p - 2 from -2 to 0


def test_a_policy_naming_a_shared_decision_fixes_it_everywhere() -> None:
    """The same decision object after both outcomes: one entry holds it fixed in both places."""
    x = dt.Parameter("x", 1, low=-5, high=5)
    choose = dt.Decision(
        "Choose", [dt.Branch("risky", dt.Terminal("r", payoff=x)), dt.Branch("safe", dt.Terminal("s"))]
    )
    tree = dt.Tree(
        dt.Chance(
            "Weather", [dt.Branch("sun", choose, probability=0.5), dt.Branch("rain", choose, probability=0.5)]
        ),
        [x],
    )
    policy = {("sun",): "risky"}
    bars = dt.tornado(tree, decision=("sun",), policy=policy)
    assert (bars[0].value_low, bars[0].value_high) == (-5.0, 5.0)
    assert dt.evaluate(tree, {"x": -5}, policy=policy).value == -5.0  # rain too: the node is shared
    with pytest.raises(dt.ArgumentError, match="two branches at the shared decision"):
        dt.one_way(tree, "x", [0], decision=("sun",), policy={("sun",): "risky", ("rain",): "safe"})


@pytest.mark.parametrize(
    ("policy", "error", "message"),
    [
        ("build", dt.ArgumentError, "policy must map decision paths to branch labels"),
        ([((), "build")], dt.ArgumentError, "policy must map decision paths to branch labels"),
        ({(): "buidl"}, dt.NotFoundError, "did you mean 'build'"),
        ({("build", "big"): "good"}, dt.ArgumentError, r"is a chance node, not a decision"),
        ({("nowhere",): "build"}, dt.NotFoundError, "nowhere"),
        ({"build": "small"}, dt.NotFoundError, r"did you mean \('build',\)"),
        ({("wait",): "x"}, dt.ArgumentError, "is a terminal, not a decision"),
    ],
)
def test_bad_policies_are_refused(policy: Any, error: type[Exception], message: str) -> None:
    tree = plant()
    with pytest.raises(error, match=message):
        dt.one_way(tree, "p", [0.5], policy=policy)
    with pytest.raises(error, match=message):
        dt.tornado(tree, policy=policy)
    with pytest.raises(error, match=message):
        dt.two_way(tree, "p", [0.5], "cost", [1], policy=policy)


def test_switch_points_of_a_fixed_policy_table_hold_the_other_decisions_fixed() -> None:
    """Running small fixed, building (2p + 2 - cost) beats waiting while cost < 2p + 2: at p = 1/2
    the root switches at cost 3; re-optimised (big: 15p - 5 = 2.5 < 3) also at 3. At p = 0.9 big
    pays 8.5, small 3.8: the switch in cost is at 3.8 with the policy, 8.5 without."""
    tree = plant()
    run_small = {("build",): "small"}
    with_policy = dt.one_way(tree, "cost", points=5, policy=run_small)
    assert with_policy.switch_points() == [3]
    at = dt.Tree(tree.root, [GAIN, COST, HALF, dt.Parameter("p", 0.9, low=0, high=1)])
    assert dt.one_way(at, "cost", points=5, policy=run_small).switch_points() == [sympy.Rational(19, 5)]
    assert dt.one_way(at, "cost", points=5).switch_points() == [sympy.Rational(17, 2)]
    assert dt.thresholds(at, "cost", policy=run_small) == [sympy.Rational(19, 5)]
    assert float(dt.thresholds(at, "cost", policy=run_small, method="numeric")[0]) == pytest.approx(3.8)
    full = {(): "build", ("build",): "small"}  # the root fixed too: its best choice still switches at 3.8
    assert dt.thresholds(at, "cost", policy=full) == [sympy.Rational(19, 5)]


def test_the_one_way_plot_of_a_fixed_policy_table() -> None:
    """The envelope is the policy's value, and the switch lines are where its curves cross."""
    plt = pytest.importorskip("matplotlib.pyplot")
    at = dt.Tree(plant().root, [GAIN, COST, HALF, dt.Parameter("p", 0.9, low=0, high=1)])
    ax = dt.plot_one_way(dt.one_way(at, "cost", points=13, policy={("build",): "small"}))
    dashed = [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"]
    assert dashed == [pytest.approx(3.8)]
    assert [line.get_label() for line in ax.lines[:3]] == ["policy", "build", "wait"]
    plt.close("all")
