"""expected_value: exact formulas of node values, checked against evaluate."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from paris_summit import paris_summit

import decisiontree as dt
from decisiontree.number import as_fraction
from decisiontree.number import as_sympy_number as rational


def symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


p = dt.Parameter("p", 0.5, low=0, high=1)
P = symbol("p")


def bet_tree() -> dt.Tree:
    return dt.Tree(
        dt.Decision(
            "bet?",
            [
                dt.Branch(
                    "bet",
                    dt.Chance(
                        "coin",
                        [
                            dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
                            dt.Branch("lose", dt.Terminal("L", payoff=-5), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-2,
                ),
                dt.Branch("pass", dt.Terminal("P")),
            ],
        ),
        parameters=[p],
    )


def test_decision_is_a_max_of_exact_option_formulas() -> None:
    assert dt.expected_value(bet_tree()) == sympy.Max(0, 15 * P - 7)


def test_policy_fixes_decisions() -> None:
    tree = bet_tree()
    assert dt.expected_value(tree, policy={(): "bet"}) == 15 * P - 7
    assert dt.expected_value(tree, policy={(): "pass"}) == 0
    assert dt.expected_value(tree, policy=dt.evaluate(tree).policy) == 15 * P - 7


def test_node_value_excludes_the_branch_payoff_into_it() -> None:
    tree = bet_tree()
    formula = dt.expected_value(tree, node=("bet",))
    assert formula == 15 * P - 5
    assert float(formula.subs(P, sympy.Rational(1, 2))) == dt.evaluate(tree).value_at(("bet",))


def test_floats_are_exact_decimals() -> None:
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("A", payoff=0.1), probability=0.6),
                dt.Branch("b", dt.Terminal("B", payoff=0.2), probability=dt.COMPLEMENT),
            ],
        )
    )
    assert dt.expected_value(tree) == sympy.Rational(3, 5) * sympy.Rational(1, 10) + sympy.Rational(
        2, 5
    ) * sympy.Rational(1, 5)


def test_partial_policy_leaves_other_decisions_free() -> None:
    tree = dt.Tree(
        dt.Decision(
            "first",
            [
                dt.Branch("go", dt.Decision("second", [dt.Branch("x", dt.Terminal("X", payoff=p * 4))])),
                dt.Branch("stay", dt.Terminal("S", payoff=1)),
            ],
        ),
        parameters=[p],
    )
    assert dt.expected_value(tree) == sympy.Max(1, 4 * P)
    assert dt.expected_value(tree, policy={(): "go"}) == 4 * P


@pytest.mark.parametrize(
    ("policy", "error", "message"),
    [
        ({("bet",): "x"}, dt.ArgumentError, "not a decision"),
        ({(): "fold"}, dt.NotFoundError, "unknown branch 'fold'"),
        ({("nope",): "bet"}, dt.NotFoundError, "unknown branch 'nope'"),
        ("bet", dt.ArgumentError, "map"),
    ],
)
def test_bad_policies_are_argument_errors(policy: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        dt.expected_value(bet_tree(), policy=policy)  # type: ignore[arg-type]


def test_bad_node_and_tree() -> None:
    with pytest.raises(dt.NotFoundError, match="unknown branch 'nope'"):
        dt.expected_value(bet_tree(), node=("nope",))
    with pytest.raises(dt.NotFoundError, match="path"):
        dt.expected_value(bet_tree(), node="bet")
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree"):
        dt.expected_value("tree")  # type: ignore[arg-type]


def test_mapping_payoffs_give_a_formula_per_actor_with_the_owner_choosing() -> None:
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", dt.Terminal("A", payoff={"me": p * 2, "you": 1})),
                dt.Branch("b", dt.Terminal("B", payoff={"me": 1, "you": 5})),
            ],
            owner="me",
        ),
        parameters=[p],
    )
    formula = dt.expected_value(tree)
    assert set(formula) == {"me", "you"}
    assert formula["you"].subs(P, sympy.Rational(3, 4)) == 1
    assert formula["you"].subs(P, sympy.Rational(1, 4)) == 5
    assert formula["you"].subs(P, sympy.Rational(1, 2)) == 1  # a tie goes to the first option


def test_unowned_decision_in_a_mapping_tree_needs_an_objective() -> None:
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", dt.Terminal("A", payoff={"me": 2, "you": 0})),
                dt.Branch("b", dt.Terminal("B", payoff={"me": 0, "you": 3})),
            ],
        )
    )
    with pytest.raises(dt.ArgumentError, match="objective"):
        dt.expected_value(tree)
    assert dt.expected_value(tree, objective="you") == {"me": 0, "you": 3}
    assert dt.expected_value(tree, objective={"me": 1, "you": Fraction(1, 2)}) == {"me": 2, "you": 0}


def test_deep_chains_do_not_recurse() -> None:
    node: dt.Terminal | dt.Decision = dt.Terminal("end", payoff=1)
    for k in range(3000):
        node = dt.Decision(f"d{k}", [dt.Branch("on", node, payoff=1), dt.Branch("off", dt.Terminal("stop"))])
    assert dt.expected_value(dt.Tree(node)) == 3001


@pytest.mark.parametrize("variant", ["decision", "chance"])
@settings(max_examples=15)
@given(data=st.data())
def test_paris_formulas_agree_with_evaluate(variant: str, data: st.DataObject) -> None:
    tree = paris_summit(variant)
    formula = dt.expected_value(tree)
    values = {}
    for parameter in tree.parameters:
        fraction = data.draw(
            st.fractions(as_fraction(parameter.low), as_fraction(parameter.high), max_denominator=100)
        )
        values[parameter.name] = fraction
    substitute = {symbol(name): rational(v) for name, v in values.items()}
    result = dt.evaluate(tree, {k: float(v) for k, v in values.items()})
    exact = dt.evaluate(tree, values, exact=True)
    for actor, expression in formula.items():
        number = expression.xreplace(substitute)
        assert number == exact.value[actor]
        assert float(number) == pytest.approx(result.value[actor], abs=1e-9)


def test_a_complement_just_below_zero_is_zero_in_the_formula_too() -> None:
    """Found by the oracle property: 9/17 and 8/17 written as floats pass 1 by 4e-17, so the
    COMPLEMENT is 0 in ``evaluate``; ``expected_value`` made it -1/25000000000000000."""
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("A"), probability=9 / 17),
                dt.Branch("b", dt.Terminal("B"), probability=8 / 17),
                dt.Branch("rest", dt.Terminal("R", payoff=1), probability=dt.COMPLEMENT),
            ],
        )
    )
    assert dt.expected_value(tree) == 0 == dt.evaluate(tree, exact=True).value
