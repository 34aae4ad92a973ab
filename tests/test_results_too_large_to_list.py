"""Results of trees too large to list path by path: the most likely scenarios found directly (held to
the reference evaluator and to listing), the summary, the policy and the options at a node."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import Reference

import decisiontree as dt
import decisiontree.model
import decisiontree.strategies as dt_st


@contextmanager
def unlistable() -> Iterator[None]:
    """Every tree counts as too large to list, so ``ranked_scenarios(top=k)`` searches."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(decisiontree.model, "MAX_PATHS", -1)
        patch.setattr(decisiontree.model, "MAX_SHARED_PATHS", -1)
        yield


def shared(levels: int, p: object) -> dt.Tree:
    """Levels alternating chance (``x`` with probability ``p``, pays 2) and decision (``a`` pays -1,
    ``b`` pays 1/2), every level using the node below twice: 2^levels paths."""
    node: object = dt.Terminal("end", payoff=1)
    for level in range(levels):
        if level % 2:
            node = dt.Decision(
                f"d{level}", [dt.Branch("a", node, payoff=-1), dt.Branch("b", node, payoff="1/2")]
            )
        else:
            node = dt.Chance(
                f"c{level}",
                [
                    dt.Branch("x", node, probability=p, payoff=2),
                    dt.Branch("y", node, probability=dt.COMPLEMENT),
                ],
            )
    return dt.Tree(node)


@settings(max_examples=150)
@given(dt_st.trees(max_leaves=14, max_depth=5, max_branches=3), st.integers(0, 16))
def test_the_search_ranks_as_the_reference_does(tree: dt.Tree, top: int) -> None:
    """Exact: the same scenarios, probabilities and payoffs as the reference's, sorted by probability
    with ties in tree order."""
    expected = sorted(Reference(tree).solve().scenarios, key=lambda s: -s[1])[:top]
    with unlistable():
        result = dt.evaluate(tree, exact=True)
        with pytest.raises(dt.TooLargeError):
            _ = result.scenarios
        found = result.ranked_scenarios(top=top)
    assert [(s.path, s.probability, s.payoff) for s in found] == expected


@settings(max_examples=100)
@given(dt_st.trees(max_leaves=14, max_depth=5, max_branches=3, actors=["A", "B"]), st.integers(1, 16))
def test_the_search_ranks_per_actor_trees_as_the_reference_does(tree: dt.Tree, top: int) -> None:
    expected = sorted(Reference(tree).solve().scenarios, key=lambda s: -s[1])[:top]
    with unlistable():
        found = dt.evaluate(tree, exact=True).ranked_scenarios(top=top)
    assert [(s.path, s.probability, s.payoff) for s in found] == expected


@settings(max_examples=100)
@given(dt_st.trees(max_leaves=14, max_depth=5, max_branches=3, exact=False), st.integers(1, 16))
def test_in_floats_the_search_finds_the_listed_scenarios(tree: dt.Tree, top: int) -> None:
    """Floats: each scenario found is the listed one at its path, number for number, and they come
    most likely first; the probabilities are the listing's top ones (ties may order differently by
    a rounding, since the listing sorts rounded products and the search exact ones)."""
    listed = dt.evaluate(tree).scenarios
    by_path = {s.path: s for s in listed}
    with unlistable():
        found = dt.evaluate(tree).ranked_scenarios(top=top)
    assert len(found) == min(top, len(listed))
    for s in found:
        assert (s.probability, s.payoff, s.terminal) == (
            by_path[s.path].probability,
            by_path[s.path].payoff,
            s.terminal,
        )
    ours = [s.probability for s in found]
    best = sorted((s.probability for s in listed), reverse=True)[:top]
    assert all(a >= b * (1 - 1e-12) for a, b in itertools.pairwise(ours))
    assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(ours, best, strict=True))


def test_equally_likely_scenarios_come_in_tree_order() -> None:
    tree = shared(18, "1/2")  # every decision takes b, every scenario has probability 2^-9
    assert not tree.listable
    top = dt.evaluate(tree).ranked_scenarios(top=3)
    assert [s.path for s in top] == [
        ("b", "x") * 9,
        ("b", "x") * 8 + ("b", "y"),
        ("b", "x") * 7 + ("b", "y") + ("b", "x"),
    ]
    assert [s.probability for s in top] == [0.5**9] * 3


def test_a_shared_tree_of_forty_levels_is_searched_not_listed() -> None:
    """2^40 paths: the likeliest scenarios take y (0.6) at every chance but at most one or two."""
    tree = shared(40, 0.4)
    result = dt.evaluate(tree, exact=True)
    top = result.ranked_scenarios(top=22)
    assert top[0].path == ("b", "y") * 20
    assert top[0].probability == Fraction(3, 5) ** 20
    assert [s.probability for s in top[1:21]] == [Fraction(3, 5) ** 19 * Fraction(2, 5)] * 20
    assert top[1].path == ("b", "x") + ("b", "y") * 19  # ties in tree order: x before y
    assert top[21].probability == Fraction(3, 5) ** 18 * Fraction(2, 5) ** 2
    assert top[0].payoff == 1 + 20 * Fraction(1, 2)  # the end's 1 and b's 1/2 at every decision


def test_zero_probability_outcomes_are_not_scenarios() -> None:
    end = dt.Terminal("end", payoff=1)
    node = dt.Chance("c", [dt.Branch("never", end, probability=0), dt.Branch("always", end, probability=1)])
    for _ in range(19):
        node = dt.Chance(
            "c", [dt.Branch("never", node, probability=0), dt.Branch("always", node, probability=1)]
        )
    tree = dt.Tree(node)
    assert not tree.listable
    assert [s.path for s in dt.evaluate(tree).ranked_scenarios(top=5)] == [("always",) * 20]


def test_the_summary_of_a_tree_too_large_to_list() -> None:
    """``print(result)``: the first decisions reached, how many there are, the likeliest scenarios."""
    result = dt.evaluate(shared(40, 0.4))
    lines = str(result).splitlines()
    assert lines[0] == "d39: expected value 27"
    policy = lines[2 : lines.index("Scenarios (1,048,576, most likely first):")]
    assert policy[:3] == ["  d39: b", "  d37 after b > x: b", "  d37 after b > y: b"]
    assert len(policy) == 21  # twenty decisions, then how many more: 2^20 - 1 decision paths reached
    assert policy[-1] == "  ... 1,048,555 more decisions (see result.policy[path])"
    assert lines[-1] == "  ... 1,048,571 more (see result.ranked_scenarios(top=k))"
    assert lines[-6].endswith("b > y  payoff 11")  # y (0.6) at every chance: the likeliest


def test_the_summary_counts_only_what_the_policy_reaches() -> None:
    """Branches a decision does not take and outcomes of probability 0 are not counted."""
    end = dt.Terminal("end", payoff=1)
    node: object = end
    for level in range(20):
        node = dt.Chance(
            f"c{level}", [dt.Branch("no", node, probability=0), dt.Branch("yes", node, probability=1)]
        )
        node = dt.Decision(f"d{level}", [dt.Branch("take", node, payoff=1), dt.Branch("leave", node)])
    result = dt.evaluate(dt.Tree(node))
    assert not result.tree.listable
    text = str(result)
    assert "Scenarios (1, most likely first):" in text
    assert "... 0 more" not in text and "  ... 1 more decisions" not in text
    assert text.count("after") == 19  # one decision per level on the one path reached


def test_the_options_of_a_node_of_a_tree_too_large_to_list() -> None:
    result = dt.evaluate(shared(40, 0.4), exact=True)
    table = result.to_table("options", path=("b",))
    assert [row[:2] for row in table.rows] == [("x", Fraction(2, 5)), ("y", Fraction(3, 5))]
    assert [row[2] for row in table.rows] == [result.value_at(("b", "x")) + 2, result.value_at(("b", "y"))]


def test_the_policy_of_a_tree_too_large_to_list() -> None:
    """Looked up by path; shown in part; not listed."""
    policy = dt.evaluate(shared(40, 0.4)).policy
    assert policy[()] == "b" and policy[("a", "x") * 19] == "b"
    assert len(policy) == (4**20 - 1) // 3  # every decision path, on and off the way: 4^k at level k
    assert repr(policy).startswith("{(): 'b', ('a', 'x'): 'b', ('a', 'y'): 'b', ('b', 'x'): 'b'")
    assert repr(policy).endswith(", ...}") and repr(policy).count(": 'b'") == 1000
    with pytest.raises(dt.TooLargeError, match=r"policy\[path\]"):
        list(policy)


def test_a_listed_policy_shows_what_it_iterates() -> None:
    policy = dt.evaluate(shared(6, 0.4)).policy
    assert repr(policy) == repr(dict(policy.items()))
    assert list(policy)[:3] == [(), ("a", "x"), ("a", "y")]  # breadth first
