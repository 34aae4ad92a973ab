"""The invariant checks of decisiontree.testing: they pass on good models and fail with a useful message."""

from __future__ import annotations

import re
from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import strategies as st
from shared_trees import summit

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree import testing as dt_testing


def paris(cost_high: int = 70) -> dt.Tree:
    """Deploying is worth 40 - cost at p_hold = 0.6; the cost ranges over [10, cost_high]."""
    return summit(cost_name="cost", cost_high=cost_high, name="")


PARIS = paris()

SHAKY = dt.Parameter("p", Fraction(1, 2), low=0, high=1)
UNSUMMED = dt.Tree(
    dt.Chance("Ceasefire", [
        dt.Branch("holds", dt.Terminal("H", payoff=1), probability=SHAKY),
        dt.Branch("breaks", dt.Terminal("B"), probability="1/2"),
    ]),
    parameters=[SHAKY],
)  # fmt: skip

GAME = dt.Tree(
    dt.Decision("EU", [
        dt.Branch("act", dt.Decision("US", [
            dt.Branch("help", dt.Terminal("h", payoff={"EU": 5, "US": -1})),
            dt.Branch("refuse", dt.Terminal("r", payoff={"EU": -5, "US": 1})),
        ], owner="US")),
        dt.Branch("wait", dt.Terminal("w", payoff={"EU": 0, "US": 0})),
    ], owner="EU"),
)  # fmt: skip


def fails(match: str):
    return pytest.raises(AssertionError, match=re.escape(match))


# --------------------------------------------------------------------------- assert_valid


def test_assert_valid_passes_on_a_valid_tree():
    dt_testing.assert_valid(PARIS)
    dt_testing.assert_valid(PARIS, {"p_hold": 0.8, "cost": 70})


def test_assert_valid_names_the_node_and_the_values():
    with fails("probability of 'holds' is 1.5, outside [0, 1] at tree > \"Deploy force\", with p_hold=1.5"):
        dt_testing.assert_valid(PARIS, {"p_hold": 1.5})


def test_assert_valid_refuses_what_is_not_a_tree():
    with fails("expected a decisiontree.Tree, got dict"):
        dt_testing.assert_valid({})


def test_assert_valid_wants_an_objective_for_unowned_decisions():
    tree = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff={"EU": 1}))]))
    with fails("the decision at () has no owner; pass objective="):
        dt_testing.assert_valid(tree)
    dt_testing.assert_valid(tree, objective="EU")


# --------------------------------------------------------------------------- probabilities


def test_probabilities_sum_to_one_fails_naming_the_chance_node():
    dt_testing.assert_probabilities_sum_to_one(UNSUMMED, exact=True)
    with fails("probabilities sum to 0.8, not 1 at tree (root), with p=0.3"):
        dt_testing.assert_probabilities_sum_to_one(UNSUMMED, {"p": 0.3})


def test_probabilities_sum_to_one_exactly():
    thirds = dt.Tree(
        dt.Chance("c", [dt.Branch(k, dt.Terminal(k), probability=1 / 3) for k in "abc"]),
    )
    dt_testing.assert_probabilities_sum_to_one(thirds)  # floats: within 1e-9
    with fails("sum to 9999999999999999/10000000000000000, not 1"):  # exactly, 3 * 0.3333333333333333
        dt_testing.assert_probabilities_sum_to_one(thirds, exact=True)


# --------------------------------------------------------------------------- payoff bounds


def test_value_within_payoff_bounds_passes_everywhere_in_the_range():
    for hold in (0.4, 0.6, 0.8):
        for cost in (10, 70):
            dt_testing.assert_value_within_payoff_bounds(PARIS, {"p_hold": hold, "cost": cost})
    dt_testing.assert_value_within_payoff_bounds(GAME, exact=True)


def test_value_within_payoff_bounds_reports_a_node_outside(monkeypatch):
    def too_narrow(core, arrays):
        low = np.zeros((core.size, 1))
        return low, low

    monkeypatch.setattr(dt_testing, "_payoff_bounds", too_narrow)
    with fails("value 20.0 is outside the payoffs still to come, [0.0, 0.0] at tree (root), at the base"):
        dt_testing.assert_value_within_payoff_bounds(PARIS)


# --------------------------------------------------------------------------- exact and float


def test_exact_matches_float_on_decimal_probabilities():
    dt_testing.assert_exact_matches_float(PARIS, {"p_hold": 0.7})
    dt_testing.assert_exact_matches_float(GAME)


def test_exact_matches_float_with_no_tolerance_reports_rounding():
    tree = dt.Tree(
        dt.Chance(
            "c", [dt.Branch(f"{v}", dt.Terminal(f"{v}", payoff=v), probability=v / 10) for v in (1, 2, 7)]
        )
    )
    with fails("value is 5.3999999999999995 in floats but 27/5 exactly at tree (root)"):
        dt_testing.assert_exact_matches_float(tree, tolerance=0)


def test_exact_matches_float_follows_exact_choices_at_near_ties():
    """EU's options differ by 1e-300: floats see a tie and take the first (RU likes it); exact does not."""
    tree = dt.Tree(
        dt.Decision("RU", [
            dt.Branch("a", dt.Terminal("A", payoff={"EU": 0, "RU": 0})),
            dt.Branch("b", dt.Decision("EU", [
                dt.Branch("x", dt.Terminal("X", payoff={"EU": -1e-300, "RU": 1})),
                dt.Branch("y", dt.Terminal("Y", payoff={"EU": 0, "RU": 0})),
            ], owner="EU")),
        ], owner="RU"),
    )  # fmt: skip
    assert dt.evaluate(tree).policy != dt.evaluate(tree, exact=True).policy
    dt_testing.assert_exact_matches_float(tree)


# --------------------------------------------------------------------------- results


def test_choices_optimal_passes_on_backward_induction():
    dt_testing.assert_choices_optimal(dt.evaluate(GAME))
    dt_testing.assert_choices_optimal(dt.evaluate(GAME, exact=True))


def test_choices_optimal_reports_a_risk_averse_choice():
    """Under a utility the choice is not the one with the best expected value: the check says so."""
    gamble = dt.Tree(
        dt.Decision("bet?", [
            dt.Branch("bet", dt.Chance("coin", [
                dt.Branch("heads", dt.Terminal("win", payoff=100), probability="1/2"),
                dt.Branch("tails", dt.Terminal("lose", payoff=-80), probability=dt.COMPLEMENT),
            ])),
            dt.Branch("pass", dt.Terminal("nothing")),
        ])
    )  # fmt: skip
    result = dt.evaluate(gamble, utility=dt.ExponentialUtility(risk_tolerance=20))
    assert result.policy == {(): "pass"}
    with fails("chooses 'pass' (0.0 to the objective) over 'bet' (10.0) at tree (root)"):
        dt_testing.assert_choices_optimal(result)


def test_choices_optimal_checks_that_ties_go_first():
    tied = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A")), dt.Branch("b", dt.Terminal("B"))]))
    result = dt.evaluate(tied, exact=True)
    dt_testing.assert_choices_optimal(result)
    fake = SimpleNamespace(
        tree=tied,
        policy={(): "b"},
        option_values=result.option_values,
        objective=None,
        exact=True,
        values={},
    )
    with fails("chooses 'b' although the earlier 'a' is as good (0) at tree (root)"):
        dt_testing.assert_choices_optimal(fake)


def test_scenarios_consistent_passes_and_reports():
    dt_testing.assert_scenarios_consistent(dt.evaluate(PARIS))
    dt_testing.assert_scenarios_consistent(dt.evaluate(GAME, exact=True))
    scenario = dt.Scenario(("Stay out",), Fraction(1, 2), 0)
    fake = SimpleNamespace(scenarios=(scenario,), value=0, exact=True, values={"cost": 30})
    with fails("scenario probabilities sum to 1/2, not 1, with cost=30"):
        dt_testing.assert_scenarios_consistent(fake)
    fake = SimpleNamespace(
        scenarios=(dt.Scenario(("x",), 1, {"EU": 3}),), value={"EU": 2}, exact=True, values={}
    )
    with fails("the scenarios average to 3 but the EU value is 2 at tree (root)"):
        dt_testing.assert_scenarios_consistent(fake)


# --------------------------------------------------------------------------- policies


def test_no_better_policy_passes_for_every_policy():
    for policy in ({(): "Deploy force"}, {(): "Stay out"}, {}):
        dt_testing.assert_no_better_policy(PARIS, policy, {"cost": 65})


def test_no_better_policy_refuses_bad_policies_and_games():
    with pytest.raises(dt.NotFoundError, match="unknown branch 'Leave'"):
        dt_testing.assert_no_better_policy(PARIS, {(): "Leave"})
    with pytest.raises(dt.DecisionTreeError, match="unknown branch 'x'"):
        dt_testing.assert_no_better_policy(PARIS, {("x",): "Leave"})
    with pytest.raises(dt.DecisionTreeError, match="different owners"):
        dt_testing.assert_no_better_policy(GAME, {(): "act"})


def test_policy_stable_with_a_mapping_a_list_and_a_strategy():
    dt_testing.assert_policy_stable(PARIS, {"p_hold": 0.7})
    dt_testing.assert_policy_stable(PARIS, [{"cost": 10}, {"cost": 30}, {"p_hold": 0.8}])
    costs = dt_st.parameter_values(paris(cost_high=30), names=["cost"])
    dt_testing.assert_policy_stable(paris(cost_high=30), costs, max_examples=20)
    dt_testing.assert_policy_stable(GAME, {}, at=None)


def test_policy_stable_reports_the_change():
    with fails("changes from 'Deploy force' (at the base values) to 'Stay out' at tree (root), with cost=60"):
        dt_testing.assert_policy_stable(PARIS, [{"cost": 30}, {"cost": 60}])
    with fails("with p_hold=0.4"):
        dt_testing.assert_policy_stable(PARIS, {"p_hold": 0.4}, reference={"cost": 40})


def test_policy_stable_search_reports_a_counter_example():
    """Deploying stops paying once the force costs more than 40: the search finds such a cost."""
    with pytest.raises(
        AssertionError, match=r"to 'Stay out' at tree \(root\), with p_hold=0\.6, cost="
    ) as info:
        dt_testing.assert_policy_stable(PARIS, dt_st.parameter_values(PARIS, names=["cost"]), max_examples=50)
    cost = float(str(info.value).split("cost=", 1)[1].split()[0])
    assert 40 < cost <= 70


def test_policy_stable_refuses_bad_arguments():
    with pytest.raises(dt.ArgumentError, match="is a chance node, not a decision"):
        dt_testing.assert_policy_stable(PARIS, {}, at=("Deploy force",))
    with pytest.raises(dt.NotFoundError, match="unknown branch 'nowhere'"):
        dt_testing.assert_policy_stable(PARIS, {}, at=("nowhere",))
    with pytest.raises(dt.DecisionTreeError, match="values must be a mapping"):
        dt_testing.assert_policy_stable(PARIS, 3)


def test_the_checks_work_inside_given():
    from hypothesis import given, settings

    @settings(max_examples=10)
    @given(dt_st.parameter_values(PARIS), st.booleans())
    def check(values, exact):
        dt_testing.assert_valid(PARIS, values)
        dt_testing.assert_probabilities_sum_to_one(PARIS, values)
        dt_testing.assert_value_within_payoff_bounds(PARIS, values)
        dt_testing.assert_scenarios_consistent(dt.evaluate(PARIS, values))

    check()
