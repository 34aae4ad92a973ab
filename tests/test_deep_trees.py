"""Deep and shared trees: exact numbers growing with the depth and expansion path by path are
bounded; views stay linear."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

import decisiontree as dt
from decisiontree.number import EXACT_BITS


def chance_chain(levels: int, p: str = "9/10") -> dt.Tree:
    """``levels`` chances in a row; at each, "on" (probability ``p``, payoff 1) goes deeper."""
    node: object = dt.Terminal("end", payoff=1)
    for k in range(levels):
        node = dt.Chance(
            f"c{k}",
            [
                dt.Branch("on", node, probability=p, payoff=1),
                dt.Branch("off", dt.Terminal("s"), probability=dt.COMPLEMENT),
            ],
        )
    return dt.Tree(node)


def decision_chain(levels: int) -> dt.Tree:
    node: object = dt.Terminal("end", payoff=1)
    for k in range(levels):
        node = dt.Decision(f"d{k}", [dt.Branch("go", node, payoff=1), dt.Branch("stop", dt.Terminal("s"))])
    return dt.Tree(node)


def chain_value(levels: int, p: Fraction) -> Fraction:
    """The chance chain's value by its recurrence: v = p * (1 + v_below), from the end (1) up."""
    value = Fraction(1)
    for _ in range(levels):
        value = p * (1 + value)
    return value


def test_exact_values_of_thousands_of_digits_are_returned_whole() -> None:
    levels = 1500  # (9/10)**1500 has 1,500 digits in its denominator: beyond what inputs may hold
    result = dt.evaluate(chance_chain(levels), exact=True)
    expected = chain_value(levels, Fraction(9, 10))
    assert result.value == sympy.Rational(expected.numerator, expected.denominator)
    assert dt.expected_value(chance_chain(levels)) == result.value


def test_exact_arithmetic_that_outgrows_its_budget_is_refused_naming_the_node() -> None:
    tree = chance_chain(12_000)  # the numbers of every level together pass EXACT_BITS
    with pytest.raises(
        dt.errors.TooLargeError, match=r"more than 200,000,000 bits.*at node 'c\d+'.*exact=False"
    ):
        dt.evaluate(tree, exact=True)
    with pytest.raises(dt.errors.TooLargeError, match="more than 200,000,000 bits"):
        dt.expected_value(tree)
    assert EXACT_BITS == 200_000_000
    assert dt.evaluate(tree).value == pytest.approx(9.0)  # v = 0.9 (1 + v) settles at 9


def test_gambit_text_of_a_deep_chance_chain_needs_no_rollback() -> None:
    text = dt.to_efg(chance_chain(20_000))  # exact rollback would pass the budget; the file needs none
    assert text.count("\nc ") == 20_000 and "9/10 " in text


def test_the_summary_of_a_deep_chain_stays_short() -> None:
    result = dt.evaluate(decision_chain(3000), exact=True)
    text = str(result)
    assert len(text) < 3000
    policy = text.split("Policy:\n")[1].split("Scenarios")[0].splitlines()
    assert len(policy) == 21 and policy[-1] == "  ... 2,980 more decisions (see result.policy)"
    assert policy[5] == "  d2994 after go > go > go > go > go: go"
    assert "go > go > go > ... (" in policy[19]
    assert len(result.policy) == 3000


def shared_chain(levels: int) -> dt.Tree:
    """``levels`` chances, each leading twice to the one below: 2**(levels + 1) - 1 nodes path by path."""
    node: object = dt.Terminal("end", payoff=1)
    for k in range(levels):
        node = dt.Chance(
            f"c{k}",
            [
                dt.Branch("a", node, probability="1/2", payoff=1),
                dt.Branch("b", node, probability=dt.COMPLEMENT),
            ],
        )
    return dt.Tree(node)


def test_shared_trees_are_expanded_path_by_path_only_up_to_the_limit() -> None:
    from decisiontree.model import MAX_SHARED_PATHS

    small, big = shared_chain(16), shared_chain(18)  # 131,071 and 524,287 nodes path by path
    assert small.paths <= MAX_SHARED_PATHS < big.paths
    assert small.listable and not big.listable
    assert len(dt.evaluate(small).scenarios) == 2**16
    result = dt.evaluate(big)
    assert result.value == 10.0  # 18 levels pay 1 half of the time, and the end pays 1
    with pytest.raises(dt.TooLargeError, match="ranked_scenarios"):
        _ = result.scenarios
    top = result.ranked_scenarios(top=2)
    assert [s.probability for s in top] == [0.5**18, 0.5**18]
    with pytest.raises(dt.TooLargeError, match="250,000"):
        dt.to_efg(big)
    with pytest.raises(dt.TooLargeError, match="250,000"):
        _ = big.index
