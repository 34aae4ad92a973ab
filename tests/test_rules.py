"""Decision rules: ``evaluate(tree, rule=...)`` against textbook answers, hand-worked trees and the reference.

``"maxi-min"`` and ``"maxi-max"``: decisions maximise, chance nodes take their
worst or best possible outcome; ``"mini-min"`` and ``"mini-max"``: decisions
minimise (costs), chance nodes take their lowest or highest possible outcome.
The payoff tables are exercises of the decision-analysis chapter of B. W.
Taylor, *Introduction to Management Science* (as widely reproduced with
worked solutions): a decision between options, each facing the same states;
the answers follow from the criteria's definitions, worked in the docstrings.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
import sympy
from reference import RULES, Reference

import decisiontree as dt

NON_PROBABILISTIC = ("maxi-min", "maxi-max", "mini-min", "mini-max")


def payoff_table(
    name: str,
    states: dict[str, Any],
    rows: dict[str, tuple[Any, ...]],
    parameters: tuple[dt.Parameter, ...] | list[dt.Parameter] = (),
) -> dt.Tree:
    """A decision over the rows; each row a chance node over the states with the row's payoffs."""
    labels = list(states)
    branches = []
    for option, payoffs in rows.items():
        outcomes = [
            dt.Branch(state, dt.Terminal(f"{option}, {state}", payoff=payoff), probability=states[state])
            for state, payoff in zip(labels, payoffs, strict=True)
        ]
        branches.append(dt.Branch(option, dt.Chance("State", outcomes)))
    return dt.Tree(dt.Decision(name, branches), parameters, name=name)


def rational(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: rational(v) for k, v in x.items()}
    return Fraction(int(x.p), int(x.q)) if isinstance(x, sympy.Rational) else Fraction(x)


def agree_with_the_reference(tree: dt.Tree, rule: str, **keywords: Any) -> dt.Result:
    """The exact and float results under ``rule`` equal the reference's; returns the exact one."""
    objective = keywords.get("objective")
    want = Reference(tree, objective=objective).solve(keywords.get("policy"), rule=rule)
    exact = dt.evaluate(tree, exact=True, rule=rule, **keywords)
    assert rational(exact.value) == want.value
    assert dict(exact.policy.items()) == want.policy
    for path, vector in want.value_at.items():
        assert rational(exact.value_at(path)) == want.number(vector), path
    approximate = dt.evaluate(tree, rule=rule, **keywords)
    assert dict(approximate.policy.items()) == want.policy
    value = approximate.value
    if isinstance(value, dict):
        assert value == pytest.approx({k: float(v) for k, v in want.value.items()})
    else:
        assert value == pytest.approx(float(want.value))
    return exact


# --------------------------------------------------------------------------- textbook payoff tables


def test_the_construction_company() -> None:
    """Houses 70,000 / 30,000, shopping center 105,000 / 20,000, leasing 40,000 / 40,000 (stable /
    increasing material costs): maximax builds the shopping center, maximin leases."""
    tree = payoff_table(
        "Construction",
        {"stable": 0.7, "increase": dt.COMPLEMENT},
        {"houses": (70_000, 30_000), "shopping center": (105_000, 20_000), "leasing": (40_000, 40_000)},
    )
    best = agree_with_the_reference(tree, "maxi-max")
    assert best.choice("Construction") == "shopping center" and best.value == 105_000
    worst = agree_with_the_reference(tree, "maxi-min")
    assert worst.choice("Construction") == "leasing" and worst.value == 40_000
    assert worst.option_values() == {"houses": 30_000, "shopping center": 20_000, "leasing": 40_000}
    # The probabilities matter only to the expected value: 0.7 * 105,000 + 0.3 * 20,000 = 79,500.
    assert dt.evaluate(tree, exact=True).choice("Construction") == "shopping center"
    assert dt.evaluate(tree, exact=True).value == 79_500


def test_the_burger_doodle_expansion() -> None:
    """Drive-up window -6,000 / 20,000, breakfast 4,000 / 8,000 (competitor opens / not):
    maximax the window (20,000), maximin breakfast (4,000)."""
    tree = payoff_table(
        "Expand",
        {"open": "1/2", "not open": dt.COMPLEMENT},
        {"drive-up window": (-6_000, 20_000), "breakfast": (4_000, 8_000)},
    )
    assert agree_with_the_reference(tree, "maxi-max").choice("Expand") == "drive-up window"
    assert agree_with_the_reference(tree, "maxi-min").choice("Expand") == "breakfast"


def test_unit_costs_minimise() -> None:
    """Unit costs of three products if a labour contract passes or fails: 7.50 / 6.00, 4.00 / 7.00,
    6.50 / 3.00. The optimist (mini-min) expects product 3's 3.00, the pessimist (mini-max)
    guards against product 3's worst case, 6.50, the lowest worst case."""
    tree = payoff_table(
        "Product",
        {"pass": 0.5, "fail": 0.5},
        {"product 1": (7.5, 6), "product 2": (4, 7), "product 3": (6.5, 3)},
    )
    optimist = agree_with_the_reference(tree, "mini-min")
    assert optimist.choice("Product") == "product 3" and optimist.value == 3
    pessimist = agree_with_the_reference(tree, "mini-max")
    assert pessimist.choice("Product") == "product 3" and pessimist.value == sympy.Rational(13, 2)
    half = sympy.Rational(1, 2)
    assert pessimist.option_values() == {"product 1": 15 * half, "product 2": 7, "product 3": 13 * half}
    # Expected cost (not a rule here: decisions maximise) of product 2 is the lowest, 5.50.
    assert dt.evaluate(tree, objective=None, exact=True).option_values()["product 2"] == sympy.Rational(11, 2)


# --------------------------------------------------------------------------- a deeper tree, by hand


def survey_tree() -> dt.Tree:
    """Survey first (cost 2 on the branch) or decide at once; payoffs on branches along the paths."""
    act = dt.Decision(
        "Act",
        [
            dt.Branch(
                "expand",
                dt.Chance(
                    "Demand",
                    [
                        dt.Branch("high", dt.Terminal("boom", payoff=40), probability=0.3, payoff=5),
                        dt.Branch("low", dt.Terminal("bust", payoff=-20), probability=dt.COMPLEMENT),
                    ],
                ),
                payoff=-10,
            ),
            dt.Branch("hold", dt.Terminal("steady", payoff=8)),
        ],
    )
    return dt.Tree(
        dt.Decision(
            "Survey?",
            [
                dt.Branch(
                    "survey",
                    dt.Chance(
                        "Result",
                        [
                            dt.Branch("good", act, probability=0.6),
                            dt.Branch("bad", dt.Terminal("stop", payoff=1), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-2,
                ),
                dt.Branch("decide now", act),
            ],
        )
    )


@pytest.mark.parametrize(
    ("rule", "value", "choices"),
    [
        # Expand: -10 + (5 + 40) = 35 at best, -10 - 20 = -30 at worst; hold: 8.
        # maxi-max: expand (35); survey: -2 + max(35, 1) = 33 < 35 now: decide now, 35.
        ("maxi-max", 35, {(): "decide now", ("survey", "good"): "expand", ("decide now",): "expand"}),
        # maxi-min: hold (8) beats expand (-30); survey: -2 + min(8, 1) = -1 < 8: decide now, 8.
        ("maxi-min", 8, {(): "decide now", ("survey", "good"): "hold", ("decide now",): "hold"}),
        # mini-min: expand (-30 at its lowest) below hold (8); survey: -2 + min(-30, 1) = -32: survey.
        ("mini-min", -32, {(): "survey", ("survey", "good"): "expand", ("decide now",): "expand"}),
        # mini-max: hold (8) below expand (35); survey: -2 + max(8, 1) = 6 < 8: survey, 6.
        ("mini-max", 6, {(): "survey", ("survey", "good"): "hold", ("decide now",): "hold"}),
        # expected: expand 0.3 * 45 + 0.7 * (-20) - 10 = -10.5, hold 8; survey -2 + 0.6*8 + 0.4 = 3.2.
        ("expected", 8, {(): "decide now", ("survey", "good"): "hold", ("decide now",): "hold"}),
    ],
)
def test_a_deeper_tree_by_hand(rule: str, value: int, choices: dict[Any, str]) -> None:
    result = agree_with_the_reference(survey_tree(), rule)
    assert result.value == value
    assert dict(result.policy.items()) == choices


def test_scenarios_under_a_rule_are_the_policy_s_paths_with_their_probabilities() -> None:
    result = dt.evaluate(survey_tree(), rule="mini-min", exact=True)
    assert [(s.path, s.probability, s.payoff) for s in result.scenarios] == [
        (("survey", "good", "expand", "high"), sympy.Rational(9, 50), 33),
        (("survey", "good", "expand", "low"), sympy.Rational(21, 50), -32),
        (("survey", "bad"), sympy.Rational(2, 5), -1),
    ]
    assert str(result).startswith("Survey?: mini-min value -32\n")
    assert str(dt.evaluate(survey_tree())).startswith("Survey?: expected value 8\n")


def test_a_policy_holds_decisions_fixed_under_a_rule() -> None:
    forced = {(): "survey"}
    result = agree_with_the_reference(survey_tree(), "maxi-min", policy=forced)
    assert result.value == -1 and result.policy[("survey", "good")] == "hold"  # -2 + min(8, 1)


# --------------------------------------------------------------------------- ties, impossible outcomes


@pytest.mark.parametrize(
    ("rule", "choice"),
    # a and b tie under every rule (each has a 1 and a 3); c ties them under the expected value,
    # and is the safest (its worst, 2, is best) and the least exposed (its highest, 2, is lowest).
    [("expected", "a"), ("maxi-min", "c"), ("maxi-max", "a"), ("mini-min", "a"), ("mini-max", "c")],
)
def test_ties_go_to_the_first_branch(rule: str, choice: str) -> None:
    tree = payoff_table("Pick", {"x": 0.5, "y": 0.5}, {"a": (1, 3), "b": (3, 1), "c": (2, 2)})
    assert agree_with_the_reference(tree, rule).choice("Pick") == choice


def test_outcomes_of_probability_zero_are_ignored() -> None:
    tree = payoff_table(
        "Bet",
        {"ruin": 0, "win": 0.5, "draw": dt.COMPLEMENT},
        {"bet": (-1000, 10, 4), "pass": (0, 0, 0)},
    )
    assert agree_with_the_reference(tree, "maxi-min").option_values() == {"bet": 4, "pass": 0}
    assert agree_with_the_reference(tree, "mini-min").option_values() == {"bet": 4, "pass": 0}


def test_a_probability_that_is_zero_at_the_values_given_is_ignored_too() -> None:
    q = dt.Parameter("q", 0.2, low=0, high=1)
    tree = payoff_table("D", {"crash": q, "fine": dt.COMPLEMENT}, {"risky": (-100, 10), "safe": (5, 5)}, [q])
    assert dt.evaluate(tree, rule="maxi-min").choice("D") == "safe"
    for exact in (True, False):
        assert dt.evaluate(tree, {"q": 0}, rule="maxi-min", exact=exact).choice("D") == "risky"
    assert [row.optimal for row in dt.one_way(tree, "q", [0, 0.5])] == ["risky", "safe"]  # expected: 10, -45


def test_float_rounding_of_a_zero_probability_is_no_outcome() -> None:
    """0.1 + 0.2 + 0.7 is exactly 1, but in floats the complement comes out as 1.1e-16."""
    tree = dt.Tree(
        dt.Chance(
            "C",
            [
                dt.Branch("x", dt.Terminal("x", payoff=5), probability=0.1),
                dt.Branch("y", dt.Terminal("y", payoff=7), probability=0.2),
                dt.Branch("w", dt.Terminal("w", payoff=6), probability=0.7),
                dt.Branch("z", dt.Terminal("z", payoff=-100), probability=dt.COMPLEMENT),
            ],
        )
    )
    assert dt.evaluate(tree, rule="maxi-min").value == 5.0
    assert dt.evaluate(tree, rule="maxi-min", exact=True).value == 5
    sure = dt.evaluate(tree, utility=dt.ExponentialUtility(1)).certainty_equivalent
    assert 5 < sure < 7  # not -63, as when the dust counted as an outcome


# --------------------------------------------------------------------------- per-actor payoffs


def split_tree(owner: str | None = None) -> dt.Tree:
    """Risky pays A or B 10, never both; safe pays each 3."""
    return dt.Tree(
        dt.Decision(
            "D",
            [
                dt.Branch(
                    "risky",
                    dt.Chance(
                        "C",
                        [
                            dt.Branch("a", dt.Terminal("x", payoff={"A": 10, "B": 0}), probability=0.5),
                            dt.Branch("b", dt.Terminal("y", payoff={"A": 0, "B": 10}), probability=0.5),
                        ],
                    ),
                ),
                dt.Branch("safe", dt.Terminal("z", payoff={"A": 3, "B": 3})),
            ],
            owner=owner,
        )
    )


def test_with_an_objective_a_chance_node_takes_its_worst_whole_outcome() -> None:
    """Scored A + B every outcome of risky is worth 10 against safe's 6: maxi-min takes risky, and
    the value is an outcome that can happen ({A: 10, B: 0}, the first of the tie), not {A: 0, B: 0}."""
    together = {"A": 1, "B": 1}
    result = agree_with_the_reference(split_tree(), "maxi-min", objective=together)
    assert result.choice("D") == "risky"
    assert result.value == {"A": 10, "B": 0}
    assert agree_with_the_reference(split_tree(), "mini-max", objective=together).choice("D") == "safe"
    leaning = {"A": 1, "B": 2}  # B counts double: outcome a (10) is risky's worst, b (20) its best
    assert agree_with_the_reference(split_tree(), "maxi-min", objective=leaning).value == {"A": 10, "B": 0}
    assert agree_with_the_reference(split_tree(), "maxi-max", objective=leaning).value == {"A": 0, "B": 10}


def test_with_owners_each_actor_takes_its_own_worst() -> None:
    """A decides: for A risky's worst is 0 < 3, so A stays safe under maxi-min; B's worst is also 0."""
    result = agree_with_the_reference(split_tree("A"), "maxi-min")
    assert result.choice("D") == "safe"
    assert result.option_values()["risky"] == {"A": 0, "B": 0}
    assert agree_with_the_reference(split_tree("A"), "maxi-max").choice("D") == "risky"


def test_an_objective_of_zero_weights_makes_every_outcome_tie() -> None:
    """Every outcome scores 0: the chance node takes the first possible one whole ({A: 10, B: 0}
    under either rule), not each key's own worst or best."""
    for rule in ("maxi-min", "maxi-max"):
        value = agree_with_the_reference(split_tree(), rule, objective={"B": 0}).option_values()["risky"]
        assert value == {"A": 10, "B": 0}


def test_with_a_single_key_objective() -> None:
    result = agree_with_the_reference(split_tree(), "maxi-min", objective="B")
    assert result.choice("D") == "safe" and result.value == {"A": 3, "B": 3}


# --------------------------------------------------------------------------- arguments


@pytest.mark.parametrize("rule", ["maximin", "Maxi-Min", "minimax regret", "", None, 1, ["maxi-min"]])
def test_a_bad_rule_is_refused_with_the_rules_named(rule: Any) -> None:
    with pytest.raises(dt.ArgumentError, match="rule must be one of 'expected', 'maxi-min', 'maxi-max'"):
        dt.evaluate(survey_tree(), rule=rule)


def test_a_rule_and_a_utility_do_not_mix() -> None:
    with pytest.raises(dt.ArgumentError, match="a utility needs the expected-value rule, not 'maxi-min'"):
        dt.evaluate(survey_tree(), rule="maxi-min", utility=dt.ExponentialUtility(10))


def test_the_rules_are_the_documented_ones() -> None:
    assert set(RULES) == {"expected", *NON_PROBABILISTIC}
    assert all(f'``"{rule}"``' in (dt.evaluate.__doc__ or "") for rule in RULES)
