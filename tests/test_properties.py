"""Core invariants of evaluation, as properties over the library's own strategies."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree import testing as dt_testing

ACTORS = ("EU", "US", "RU")

# --------------------------------------------------------------------------- helpers


def rebuild(
    tree: dt.Tree,
    *,
    terminal: Callable[[Any], Any] = lambda payoff: payoff,
    branch: Callable[[Any], Any] = lambda payoff: payoff,
    order: Callable[[list[dt.Branch]], list[dt.Branch]] = lambda branches: branches,
    owner: Callable[[str | None], str | None] = lambda owner: owner,
) -> dt.Tree:
    """A copy of ``tree`` with payoffs mapped and branches reordered, built bottom up without recursion."""
    nodes = tree.index.nodes
    first = tree.index.first_child
    made: list[Any] = [None] * len(nodes)
    for i in reversed(range(len(nodes))):
        node = nodes[i]
        if isinstance(node, dt.Terminal):
            made[i] = dt.Terminal(node.name, payoff=terminal(node.payoff))
            continue
        branches = [
            dt.Branch(b.label, made[first[i] + k], probability=b.probability, payoff=branch(b.payoff))
            for k, b in enumerate(node.branches)
        ]
        branches = order(branches)
        if isinstance(node, dt.Decision):
            made[i] = dt.Decision(node.name, branches, owner=owner(node.owner))
        else:
            made[i] = dt.Chance(node.name, branches)
    return dt.Tree(made[0], tree.parameters)


def each(payoff: Any, f: Callable[[Any, str | None], Any]) -> Any:
    """Apply ``f(component, actor)`` to a payoff, per actor for mappings."""
    if isinstance(payoff, Mapping):
        return {actor: f(value, actor) for actor, value in payoff.items()}
    return f(payoff, None)


def add(a: Any, b: Any) -> Any:
    """The sum of two payoffs (numbers, or mappings per actor; 0 is the zero mapping)."""
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        keys = a if isinstance(a, Mapping) else b
        return {
            k: (a[k] if isinstance(a, Mapping) else a) + (b[k] if isinstance(b, Mapping) else b) for k in keys
        }
    return a + b


def path_totals(tree: dt.Tree) -> list[Any]:
    """The total payoff (branch payoffs plus the terminal's) on the path to every terminal."""
    totals = []
    stack: list[tuple[dt.Branch | None, Any, Any]] = [(None, tree.root, 0)]
    while stack:
        _, node, so_far = stack.pop()
        if isinstance(node, dt.Terminal):
            totals.append(add(so_far, node.payoff))
            continue
        for b in node.branches:
            stack.append((b, b.node, add(so_far, b.payoff)))
    return totals


def decisive(result: dt.Result) -> dict[tuple[str, ...], str]:
    """The policy at decisions where one option is strictly best (exact results)."""
    out = {}
    for path, label in result.policy.items():
        values = list(result.option_values(path).values())
        node = result.tree.node_at(path)
        scores = [v[node.owner] if isinstance(v, Mapping) else v for v in values]
        if sorted(scores)[-1] != (sorted(scores)[-2] if len(scores) > 1 else None):
            out[path] = label
    return out


scalar_trees = dt_st.trees()
actor_trees = dt_st.trees(actors=ACTORS)


# --------------------------------------------------------------------------- values and bounds


@given(scalar_trees)
def test_root_value_lies_between_the_smallest_and_largest_path_payoff(tree):
    totals = path_totals(tree)
    value = dt.evaluate(tree, exact=True).value
    assert min(totals) <= value <= max(totals)


@given(st.one_of(scalar_trees, actor_trees, dt_st.trees(exact=False)))
def test_every_node_value_lies_within_its_payoff_bounds(tree):
    dt_testing.assert_value_within_payoff_bounds(tree)


@given(st.data(), scalar_trees)
def test_no_policy_beats_the_optimal_one(data, tree):
    dt_testing.assert_no_better_policy(tree, data.draw(dt_st.policies(tree)))


# --------------------------------------------------------------------------- transformations


@pytest.mark.parametrize("trees", [scalar_trees, actor_trees], ids=["scalar", "actors"])
@given(data=st.data())
def test_adding_a_constant_to_every_terminal_adds_it_to_the_value(trees, data):
    tree = data.draw(trees)
    shift = data.draw(dt_st.payoffs(actors=tree.actors or None))
    shifted = rebuild(tree, terminal=lambda payoff: each(payoff, lambda v, a: v + (shift[a] if a else shift)))
    before, after = dt.evaluate(tree, exact=True), dt.evaluate(shifted, exact=True)
    expected = each(before.value, lambda v, a: v + (shift[a] if a else shift))
    assert after.value == expected
    assert after.policy == before.policy


@given(scalar_trees, st.fractions(min_value=Fraction(1, 10), max_value=10).filter(lambda k: k > 0))
def test_scaling_every_payoff_scales_the_value_and_keeps_the_policy(tree, k):
    def scale(payoff: Any) -> Any:
        return each(payoff, lambda v, _: v * k)

    scaled = rebuild(tree, terminal=scale, branch=scale)
    before, after = dt.evaluate(tree, exact=True), dt.evaluate(scaled, exact=True)
    assert after.value == before.value * k
    assert after.policy == before.policy


@given(st.one_of(scalar_trees, actor_trees), st.randoms(use_true_random=False))
def test_permuting_branches_changes_neither_value_nor_strict_choices(tree, rng):
    def shuffle(branches: list[dt.Branch]) -> list[dt.Branch]:
        rng.shuffle(branches)
        return branches

    permuted = rebuild(tree, order=shuffle)
    before, after = dt.evaluate(tree, exact=True), dt.evaluate(permuted, exact=True)
    if not tree.actors:  # with actors, a tie for the owner may differ for the others
        assert after.value == before.value
    strict = decisive(before)
    assert {path: after.policy[path] for path in strict} == strict
    if len(strict) == len(before.policy):
        assert after.value == before.value


# --------------------------------------------------------------------------- exact and float


@given(st.one_of(dt_st.trees(exact=False), scalar_trees, dt_st.trees(actors=ACTORS, exact=False)))
def test_exact_and_float_evaluation_agree(tree):
    dt_testing.assert_exact_matches_float(tree)


# --------------------------------------------------------------------------- scenarios


@given(st.one_of(scalar_trees, actor_trees), st.booleans())
def test_scenarios_sum_to_one_and_average_to_the_value(tree, exact):
    dt_testing.assert_scenarios_consistent(dt.evaluate(tree, exact=exact))


@given(dt_st.trees(exact=False))
def test_float_scenarios_sum_to_one(tree):
    dt_testing.assert_scenarios_consistent(dt.evaluate(tree))


# --------------------------------------------------------------------------- several actors


@given(actor_trees, st.booleans())
def test_each_owner_chooses_what_is_best_for_it(tree, exact):
    dt_testing.assert_choices_optimal(dt.evaluate(tree, exact=exact))


@given(dt_st.trees(actors=ACTORS, kinds=["decision"]))
def test_a_lone_owner_gets_the_best_path_for_itself(tree):
    """When one actor owns every decision and there is no chance, it gets its best terminal."""
    owners = {node.owner for _, node in tree.walk() if isinstance(node, dt.Decision)}
    if len(owners) != 1:
        return
    (owner,) = owners
    result = dt.evaluate(tree, exact=True)
    assert result.value[owner] == max(total[owner] for total in path_totals(tree))


@given(dt_st.trees(actors=ACTORS))
def test_an_objective_scores_unowned_decisions_like_an_owner(tree):
    """Unowned decisions with ``objective="US"`` choose as if the US owned them all."""
    unowned = rebuild(tree, owner=lambda _: None)
    owned = rebuild(tree, owner=lambda _: "US")
    by_objective = dt.evaluate(unowned, objective="US", exact=True)
    assert by_objective.policy == dt.evaluate(owned, exact=True).policy
    dt_testing.assert_choices_optimal(by_objective)


# --------------------------------------------------------------------------- symbolic trees


@given(st.data(), dt_st.trees(symbolic=True), st.booleans())
def test_symbolic_trees_evaluate_anywhere_in_their_ranges(data, tree, exact):
    values = data.draw(dt_st.parameter_values(tree, exact=exact))
    dt_testing.assert_probabilities_sum_to_one(tree, values, exact=exact)
    result = dt.evaluate(tree, values, exact=exact)
    dt_testing.assert_scenarios_consistent(result)
    dt_testing.assert_value_within_payoff_bounds(tree, values, exact=exact)


@given(st.data(), dt_st.trees(symbolic=True, actors=ACTORS, exact=False))
def test_symbolic_actor_trees_agree_in_exact_and_float(data, tree):
    values = data.draw(dt_st.parameter_values(tree, exact=True))
    dt_testing.assert_exact_matches_float(tree, values)
    dt_testing.assert_choices_optimal(dt.evaluate(tree, values))


@given(dt_st.trees(symbolic=True))
def test_symbolic_values_are_sympy_free_after_evaluation(tree):
    value = dt.evaluate(tree, exact=True).value
    assert isinstance(value, sympy.Rational)
