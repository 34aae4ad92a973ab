"""The hypothesis strategies themselves: valid outputs, bounds respected, bad arguments refused, shrinking."""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping
from fractions import Fraction
from importlib.metadata import entry_points
from typing import Any

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree import testing as dt_testing
from decisiontree.number import as_fraction

# --------------------------------------------------------------------------- helpers


def leaves(tree: dt.Tree) -> int:
    return sum(isinstance(node, dt.Terminal) for node in tree.index.nodes)


def depth(tree: dt.Tree) -> int:
    return max(len(path) for path, _ in tree.walk())


def numbers_in(tree: dt.Tree) -> list[Any]:
    """Every probability and payoff component in the tree."""
    found: list[Any] = []
    for _, node in tree.walk():
        items = [node.payoff] if isinstance(node, dt.Terminal) else []
        for branch in getattr(node, "branches", ()):
            items.append(branch.payoff)
            if branch.probability is not None and branch.probability is not dt.COMPLEMENT:
                items.append(branch.probability)
        for item in items:
            found.extend(item.values() if isinstance(item, Mapping) else [item])
    return found


def probabilities_in(tree: dt.Tree) -> list[Any]:
    return [b.probability for _, node in tree.walk() for b in getattr(node, "branches", ())]


def payoffs_in(tree: dt.Tree) -> list[Any]:
    found = [n.payoff for _, n in tree.walk() if isinstance(n, dt.Terminal)]
    found += [b.payoff for _, node in tree.walk() for b in getattr(node, "branches", ())]
    return [x for payoff in found for x in (payoff.values() if isinstance(payoff, Mapping) else [payoff])]


def corners(tree: dt.Tree) -> list[dict[str, Any]]:
    """Every corner of the parameters' ranges."""
    ends = [(p.name, (p.low, p.high)) for p in tree.parameters]
    return [
        dict(zip([n for n, _ in ends], choice, strict=True))
        for choice in itertools.product(*[e for _, e in ends])
    ]


QUIET = settings(database=None, derandomize=True)
EXISTS = settings(QUIET, phases=[Phase.generate])  # find one example, don't shrink it


@pytest.fixture(autouse=True)
def _no_harvested_constants(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Hypothesis mixes numbers found in the loaded local modules (the library's, every test
    module's) into what it draws, so the tests that ran before changed where a derandomized search
    started and where its shrinking stopped (a chain test once ended at 6 nodes, not 4, in the
    whole suite only). Here it draws without them: the same answers in any order."""
    monkeypatch.setattr(providers, "_get_local_constants", Constants)
    providers.CONSTANTS_CACHE.cache.clear()
    yield
    providers.CONSTANTS_CACHE.cache.clear()


# --------------------------------------------------------------------------- numbers


@given(dt_st.values(min_value=-3, max_value=Fraction(7, 2)))
def test_values_respect_bounds_and_are_exact(x):
    assert type(x) in (int, Fraction)
    assert -3 <= x <= Fraction(7, 2)


@given(dt_st.values(min_value=-1.5, max_value=2.5, exact=False))
def test_float_values_are_finite_floats_in_bounds(x):
    assert isinstance(x, float)
    assert math.isfinite(x)
    assert -1.5 <= x <= 2.5


@given(dt_st.values(min_value=Fraction(1, 3), max_value=Fraction(2, 3)))
def test_values_without_an_integer_in_bounds(x):
    assert Fraction(1, 3) <= x <= Fraction(2, 3)


@given(dt_st.values(min_value=0.1, max_value=0.2))
def test_float_bounds_of_exact_values_mean_their_decimal_values(x):
    """0.1 is stored just above 1/10, with a denominator of 2**55: the bound is 1/10 all the same."""
    assert type(x) is Fraction
    assert Fraction(1, 10) <= x <= Fraction(1, 5)


@pytest.mark.parametrize(
    ("low", "high", "simplest"),
    [
        (1e-300, 2e-300, Fraction(1, 10**300)),  # no fraction of small denominator between: the bounds
        (-1e-300, 1e-300, 0),
        (-5e-324, 5e-324, 0),
        (1e300, 1e300, 10**300),
        (Fraction(1, 13), Fraction(1, 12), Fraction(1, 12)),
    ],
    ids=["tiny", "around 0", "subnormal", "huge", "thirteenths"],
)
def test_exact_values_between_bounds_of_any_size(low, high, simplest):
    """Bounds of any size, with or without a fraction of small denominator between them."""
    exact_low, exact_high = as_fraction(low), as_fraction(high)

    @QUIET
    @given(dt_st.values(min_value=low, max_value=high))
    def draws(x):
        assert type(x) in (int, Fraction)
        assert exact_low <= x <= exact_high

    draws()
    assert find(dt_st.values(min_value=low, max_value=high), lambda x: True, settings=QUIET) == simplest


@given(dt_st.values(min_value=Fraction(1, 3), max_value=Fraction(2, 3), exact=False))
def test_float_values_within_fraction_bounds(x):
    """The float nearest 1/3 is below it: the draws start at the next one up."""
    assert isinstance(x, float)
    assert Fraction(1, 3) <= Fraction(x) <= Fraction(2, 3)


@given(dt_st.probabilities(st.integers(1, 6)))
def test_probabilities_sum_to_exactly_one(p):
    assert 1 <= len(p) <= 6
    assert all(type(x) is Fraction and 0 <= x <= 1 for x in p)
    assert sum(p) == 1


@given(dt_st.probabilities(4, exact=False))
def test_float_probabilities_sum_to_one_within_1e_9(p):
    assert len(p) == 4
    assert all(isinstance(x, float) and 0 <= x <= 1 for x in p)
    assert abs(math.fsum(p) - 1) <= 1e-9


def test_probabilities_shrink_to_uniform():
    assert find(dt_st.probabilities(4), lambda p: True, settings=QUIET) == (Fraction(1, 4),) * 4


@given(dt_st.payoffs(actors=["EU", "US"], min_value=0, max_value=5))
def test_payoffs_per_actor(payoff):
    assert list(payoff) == ["EU", "US"]
    assert all(0 <= v <= 5 for v in payoff.values())


# --------------------------------------------------------------------------- nodes


@given(dt_st.chance_nodes(dt_st.terminals(), max_branches=4, complement=True, branch_payoffs=dt_st.payoffs()))
def test_chance_nodes_make_valid_trees(node):
    tree = dt.Tree(node)
    assert 1 <= len(node.branches) <= 4
    assert [b.label for b in node.branches] == list("abcd"[: len(node.branches)])
    dt_testing.assert_probabilities_sum_to_one(tree, exact=True)


@given(dt_st.chance_nodes(dt_st.terminals(payoffs=dt_st.payoffs(exact=False)), exact=False))
def test_float_chance_nodes(node):
    dt_testing.assert_probabilities_sum_to_one(dt.Tree(node))


@given(
    dt_st.decision_nodes(
        dt_st.chance_nodes(dt_st.terminals(payoffs=dt_st.payoffs(actors=["EU", "US"]))),
        owners=["EU", "US"],
        max_branches=2,
    )
)
def test_decision_nodes_nest_and_are_owned(node):
    tree = dt.Tree(node)
    assert node.owner in ("EU", "US")
    assert 1 <= len(node.branches) <= 2
    assert tree.actors == ("EU", "US")


@given(dt_st.decision_nodes(dt.Terminal("end", payoff=1), owners=st.just(None)))
def test_decision_nodes_take_a_fixed_child_and_an_owner_strategy(node):
    assert node.owner is None
    assert all(b.node == dt.Terminal("end", payoff=1) for b in node.branches)


# --------------------------------------------------------------------------- trees


@given(dt_st.trees())
def test_default_trees_are_valid_and_small(tree):
    assert isinstance(tree, dt.Tree)
    assert leaves(tree) <= 10
    assert depth(tree) <= 4
    dt_testing.assert_valid(tree)
    assert all(type(x) in (int, Fraction) for x in numbers_in(tree))


@given(
    st.data(),
    st.integers(1, 6),
    st.integers(0, 4),
    st.integers(1, 4),
    st.sampled_from([("decision",), ("chance",), ("chance", "decision")]),
)
def test_tree_bounds_are_respected(data, max_leaves, max_depth, max_branches, kinds):
    tree = data.draw(
        dt_st.trees(max_leaves=max_leaves, max_depth=max_depth, max_branches=max_branches, kinds=kinds)
    )
    assert leaves(tree) <= max_leaves
    assert depth(tree) <= max_depth
    for _, node in tree.walk():
        if not isinstance(node, dt.Terminal):
            assert node.kind in kinds
            assert 1 <= len(node.branches) <= max_branches
            labels = [b.label for b in node.branches]
            assert len(set(labels)) == len(labels)


@given(dt_st.trees(actors=["EU", "US", "RU"]))
def test_actor_trees_have_mapping_payoffs_and_owned_decisions(tree):
    assert tree.actors == ("EU", "US", "RU")
    for _, node in tree.walk():
        if isinstance(node, dt.Decision):
            assert node.owner in ("EU", "US", "RU")
        if isinstance(node, dt.Terminal):
            assert isinstance(node.payoff, Mapping)
    dt.evaluate(tree)  # every decision knows what to maximise


@given(dt_st.trees(exact=False))
def test_float_trees_use_floats(tree):
    assert all(isinstance(x, (float, int)) for x in numbers_in(tree))
    dt_testing.assert_valid(tree)


@given(dt_st.trees(symbolic=True, parameters=2))
def test_symbolic_trees_declare_ranged_parameters_and_stay_valid_at_every_corner(tree):
    chances = [p for p in tree.parameters if p.name.startswith("p")]
    amounts = [p for p in tree.parameters if p.name.startswith("v")]
    assert 1 <= len(chances) <= 2
    assert 1 <= len(amounts) <= 2
    for parameter in tree.parameters:
        assert parameter.has_range
    for parameter in chances:
        assert 0 <= parameter.low <= parameter.value <= parameter.high <= 1
    for values in corners(tree):
        dt_testing.assert_probabilities_sum_to_one(tree, values, exact=True)


def test_symbolic_trees_do_use_expressions():
    symbolic = dt_st.trees(symbolic=True)
    find(symbolic, lambda t: any(isinstance(p, dt.Formula) for p in probabilities_in(t)), settings=EXISTS)
    find(symbolic, lambda t: any(isinstance(x, dt.Formula) for x in payoffs_in(t)), settings=EXISTS)


def test_trees_can_use_complement():
    find(dt_st.trees(), lambda t: dt.COMPLEMENT in probabilities_in(t), settings=EXISTS)


@given(dt_st.trees(complement=False))
def test_trees_without_complement(tree):
    assert dt.COMPLEMENT not in probabilities_in(tree)


@given(st.from_type(dt.Tree))
def test_from_type_draws_trees(tree):
    assert isinstance(tree, dt.Tree)


def test_the_entry_point_is_registered():
    hooks = [e.value for e in entry_points(group="hypothesis")]
    assert "decisiontree.strategies:_hypothesis_setup_hook" in hooks


# --------------------------------------------------------------------------- shrinking


def test_a_failure_on_three_leaves_shrinks_to_one_node_with_three_terminals():
    for seed in range(2):
        tree = find(
            dt_st.trees(max_leaves=12, max_depth=5),
            lambda t: leaves(t) >= 3,
            settings=settings(database=None, max_examples=100),
            random=random.Random(seed),
        )
        assert leaves(tree) == 3
        assert tree.size == 4
        payoffs = [n.payoff for _, n in tree.walk() if isinstance(n, dt.Terminal)]
        payoffs += [b.payoff for b in tree.root.branches]
        assert all(payoff == 0 for payoff in payoffs)
        if isinstance(tree.root, dt.Chance):
            assert {b.probability for b in tree.root.branches} <= {Fraction(1, 3), dt.COMPLEMENT}


def test_the_deepest_trees_draw(monkeypatch):
    """Each level is a nested draw: chains of MAX_DEPTH decisions stay within hypothesis's nesting limit."""
    made = dt_st._Drawing.__init__

    def only_decisions(self, *args, **kwargs):
        made(self, *args, **kwargs)
        self.kinds = st.just("decision")

    monkeypatch.setattr(dt_st._Drawing, "__init__", only_decisions)

    @settings(max_examples=3, database=None)
    @given(st.data())
    def chains(data):
        tree = data.draw(dt_st.trees(max_depth=dt_st.MAX_DEPTH, max_leaves=1))
        assert depth(tree) == dt_st.MAX_DEPTH

    chains()


def test_a_failure_needing_depth_shrinks_to_a_chain():
    tree = find(dt_st.trees(max_depth=6), lambda t: depth(t) >= 3, settings=QUIET)
    assert depth(tree) == 3
    assert tree.size == 4


def test_a_failure_on_a_payoff_shrinks_to_a_lone_terminal():
    tree = find(dt_st.trees(), lambda t: dt.evaluate(t).value < 0, settings=QUIET)
    assert tree.root == dt.Terminal("end 1", payoff=-1)


# --------------------------------------------------------------------------- parameter values


HOLD = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8)
COST = dt.Parameter("cost", 20, low=10, high=40)
FIXED = dt.Parameter("fixed", 3)
COIN = dt.Tree(
    dt.Decision("go?", [
        dt.Branch("go", dt.Chance("c", [
            dt.Branch("win", dt.Terminal("W", payoff=100), probability=HOLD),
            dt.Branch("lose", dt.Terminal("L", payoff=FIXED), probability=dt.COMPLEMENT),
        ]), payoff=-COST),
        dt.Branch("stay", dt.Terminal("S")),
    ]),
    parameters=[HOLD, COST, FIXED],
)  # fmt: skip


@given(dt_st.parameter_values(COIN))
def test_parameter_values_stay_in_range(values):
    assert set(values) == {"p_hold", "cost", "fixed"}
    assert 0.4 <= values["p_hold"] <= 0.8
    assert 10 <= values["cost"] <= 40
    assert values["fixed"] == 3
    dt.evaluate(COIN, values)


@given(dt_st.parameter_values(COIN, exact=True, names=["cost"]))
def test_exact_parameter_values_for_some_names(values):
    assert values["p_hold"] == Fraction(3, 5)
    assert type(values["cost"]) is Fraction
    assert 10 <= values["cost"] <= 40
    dt.evaluate(COIN, values, exact=True)


def test_parameter_values_shrink_to_base_values():
    assert find(dt_st.parameter_values(COIN), lambda v: True, settings=QUIET) == {
        "p_hold": 0.6,
        "cost": 20.0,
        "fixed": 3.0,
    }
    found = find(dt_st.parameter_values(COIN), lambda v: v["cost"] > 30, settings=QUIET)
    assert found["p_hold"] == 0.6  # a parameter that does not matter stays put


WIDE = dt.Parameter("gain", -1e308, low=-1e308, high=1.5e308)
WIDE_TREE = dt.Tree(dt.Terminal("T", payoff=WIDE), parameters=[WIDE])


@given(dt_st.parameter_values(WIDE_TREE))
def test_parameter_values_across_the_float_range(values):
    assert math.isfinite(values["gain"]) and -1e308 <= values["gain"] <= 1.5e308


def test_parameter_values_across_the_float_range_reach_inside_it():
    """The step from the base value to the other end of the range, 2.5e308, is beyond the floats:
    the values in between are drawn all the same (not only the ends), and shrink to the base."""
    inside = find(dt_st.parameter_values(WIDE_TREE), lambda v: 0 < v["gain"] < 1e308, settings=QUIET)
    assert 0 < inside["gain"] < 1e308
    assert find(dt_st.parameter_values(WIDE_TREE), lambda v: True, settings=QUIET) == {"gain": -1e308}


class Quantiles:
    """A distribution known by its quantile function."""

    def ppf(self, q: float) -> float:
        return 10 + 30 * q


class Draws:
    """A distribution known by samples only."""

    def sample(self, rng: Any, n: int) -> Any:
        return rng.uniform(0.4, 0.8, size=n)


@given(
    dt_st.parameter_values(
        dt.Tree(
            dt.Chance("c", [
                dt.Branch("a", dt.Terminal("A", payoff=dt.Parameter("cost", 20, distribution=Quantiles())),
                          probability=dt.Parameter("p", 0.6, distribution=Draws())),
                dt.Branch("b", dt.Terminal("B"), probability=dt.COMPLEMENT),
            ]),
            parameters=[dt.Parameter("cost", 20, distribution=Quantiles()),
                        dt.Parameter("p", 0.6, distribution=Draws())],
        ),
        within="distribution",
    )
)  # fmt: skip
def test_parameter_values_from_distributions(values):
    assert 10 <= values["cost"] <= 40
    assert 0.4 <= values["p"] <= 0.8


BETA = dt.Parameter("p", 0.3, low=0.2, high=0.4, distribution=dt.Beta.from_mean_sd(0.3, 0.1))
GAMMA = dt.Parameter("cost", 20, distribution=dt.Gamma.from_mean_sd(20, 5))
PLAIN = dt.Parameter("fixed", 7, low=0, high=10)
UNCERTAIN = dt.Tree(
    dt.Chance("c", [
        dt.Branch("a", dt.Terminal("A", payoff=GAMMA - PLAIN), probability=BETA),
        dt.Branch("b", dt.Terminal("B"), probability=dt.COMPLEMENT),
    ]),
    parameters=[BETA, GAMMA, PLAIN],
)  # fmt: skip


@given(dt_st.parameter_values(UNCERTAIN, within="distribution"))
def test_parameter_values_within_the_library_distributions(values):
    assert 0 <= values["p"] <= 1  # the Beta's support, wider than the parameter's range
    assert values["cost"] > 0
    assert values["fixed"] == 7  # no distribution: stays at its base value
    dt.evaluate(UNCERTAIN, values)


def test_distribution_values_go_beyond_the_parameter_range():
    find(dt_st.parameter_values(UNCERTAIN, within="distribution"), lambda v: v["p"] > 0.9, settings=EXISTS)


# --------------------------------------------------------------------------- policies


@given(st.data(), dt_st.trees(kinds=["decision", "chance"]))
def test_policies_choose_an_option_at_every_decision(data, tree):
    policy = data.draw(dt_st.policies(tree))
    decisions = {path: node for path, node in tree.walk() if isinstance(node, dt.Decision)}
    assert set(policy) == set(decisions)
    for path, label in policy.items():
        assert label in [b.label for b in decisions[path].branches]


def test_policies_shrink_to_first_options():
    assert find(dt_st.policies(COIN), lambda p: True, settings=QUIET) == {(): "go"}


# --------------------------------------------------------------------------- bad arguments


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: dt_st.values(min_value=5, max_value=1), "min_value=5 must not be above max_value=1"),
        (lambda: dt_st.values(min_value=float("nan")), "min_value must be finite"),
        (lambda: dt_st.values(max_value="10"), "max_value must be a number"),
        (lambda: dt_st.values(min_value=True), "min_value must be a number"),
        (lambda: dt_st.values(exact=1), "exact must be True or False"),
        (lambda: dt_st.probabilities(0), "n must be an integer >= 1, got 0"),
        (lambda: dt_st.probabilities(2.5), "n must be an integer >= 1"),
        (lambda: dt_st.payoffs(actors="EU"), "actors must be a sequence of names"),
        (lambda: dt_st.payoffs(actors=[]), "actors must name at least one actor"),
        (lambda: dt_st.payoffs(actors=["EU", "EU"]), "actors must be distinct"),
        (lambda: dt_st.payoffs(actors=["EU", 3]), "actors must be non-empty strings"),
        (lambda: dt_st.terminals(payoffs=None, name=3), "name must be a string"),
        (
            lambda: dt_st.chance_nodes(dt_st.terminals(), max_branches=0),
            "max_branches must be an integer >= 1",
        ),
        (lambda: dt_st.chance_nodes(None), "children must be a value or a strategy"),
        (lambda: dt_st.decision_nodes(dt_st.terminals(), owners="EU"), "actors must be a sequence"),
        (lambda: dt_st.trees(max_leaves=0), "max_leaves must be an integer >= 1, got 0"),
        (lambda: dt_st.trees(max_depth=-1), "max_depth must be an integer >= 0"),
        (lambda: dt_st.trees(max_depth=41), "max_depth must be at most 40"),
        (lambda: dt_st.trees(max_branches=1.5), "max_branches must be an integer >= 1"),
        (lambda: dt_st.trees(kinds=["decision", "lottery"]), "kinds must be drawn from"),
        (lambda: dt_st.trees(kinds=[]), "kinds must name at least one"),
        (lambda: dt_st.trees(kinds="chance"), "kinds must be a sequence"),
        (lambda: dt_st.trees(symbolic="yes"), "symbolic must be True or False"),
        (lambda: dt_st.trees(parameters=0), "parameters must be an integer >= 1"),
        (lambda: dt_st.trees(actors=("EU", "")), "actors must be non-empty strings"),
        (lambda: dt_st.parameter_values("tree"), "tree must be a decisiontree.Tree"),
        (lambda: dt_st.parameter_values(COIN, within="support"), "within must be 'range' or 'distribution'"),
        (lambda: dt_st.parameter_values(COIN, names=["costs"]), "'costs' is not a parameter of the tree"),
        (lambda: dt_st.policies({}), "tree must be a decisiontree.Tree"),
        (lambda: dt_st.probabilities(10**400), "n must be at most 10,000, got (a number of 401 digits)"),
        (lambda: dt_st.trees(max_branches=10**6), "max_branches must be at most 10,000"),
        (lambda: dt_st.trees(max_depth=10**5000), "max_depth must be at most 40"),
        (lambda: dt_st.parameter_values(COIN, within=("range",)), "within must be 'range' or"),
        (lambda: dt_st.terminals(payoffs=[[[1]]]), "payoffs: "),
        (lambda: dt_st.terminals(payoffs=float("nan")), "payoffs: tree (root): payoff nan is not a finite"),
        (
            lambda: dt_st.chance_nodes(5),
            "children: a node (Terminal, Chance or Decision) or a strategy of nodes",
        ),
        (lambda: dt_st.decision_nodes(dt_st.terminals(), branch_payoffs="1 +"), "branch_payoffs: "),
    ],
)
def test_bad_arguments_are_refused_when_the_strategy_is_created(make, message):
    with pytest.raises(InvalidArgument, match=message.replace("(", r"\(").replace(")", r"\)")):
        make()


def test_a_distribution_without_ppf_or_sample_is_refused():
    with pytest.raises(dt.ModelError, match="must have a sample"):
        dt.Parameter("x", 1, distribution=object())
