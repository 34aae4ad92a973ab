"""Strategies: enumeration against a brute-force reference, names, values, limits and bad input."""

from __future__ import annotations

import itertools
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree.analysis import policies as policies_module

T = dt.Terminal


def screening_tree() -> dt.Tree:
    """Test, then treat or wait after each result; or treat or wait without a test."""
    return dt.Tree(dt.Decision("Test?", [
        dt.Branch("test", dt.Chance("result", [
            dt.Branch("positive", dt.Decision("after positive", [
                dt.Branch("treat", T("tp", payoff=8)),
                dt.Branch("wait", T("wp", payoff=2)),
            ]), probability="1/4"),
            dt.Branch("negative", dt.Decision("after negative", [
                dt.Branch("treat", T("tn", payoff=5)),
                dt.Branch("wait", T("wn", payoff=10)),
            ]), probability=dt.COMPLEMENT),
        ]), payoff=-1),
        dt.Branch("no test", dt.Decision("untested", [
            dt.Branch("treat", T("t", payoff=6)),
            dt.Branch("wait", T("w", payoff=7)),
        ])),
    ]))  # fmt: skip


def brute_force(tree: dt.Tree) -> list[dict[tuple[str, ...], str]]:
    """Every full policy (a choice at every decision), reduced to the decisions it reaches, deduplicated."""
    decisions = [(path, node) for path, node in tree.walk() if isinstance(node, dt.Decision)]
    found: list[dict[tuple[str, ...], str]] = []
    for labels in itertools.product(*[[b.label for b in node.branches] for _, node in decisions]):
        full = {path: label for (path, _), label in zip(decisions, labels, strict=True)}
        reduced = {}
        stack: list[tuple[tuple[str, ...], Any]] = [((), tree.root)]
        while stack:
            path, node = stack.pop()
            if isinstance(node, dt.Decision):
                reduced[path] = full[path]
                chosen = next(b for b in node.branches if b.label == full[path])
                stack.append(((*path, chosen.label), chosen.node))
            elif isinstance(node, dt.Chance):
                stack.extend(((*path, b.label), b.node) for b in node.branches)
        if reduced not in found:
            found.append(reduced)
    return found


def test_reduced_strategies_and_their_names() -> None:
    found = dt.policies(screening_tree())
    assert [s.name for s in found] == [
        "test → [positive: treat; negative: treat]",
        "test → [positive: treat; negative: wait]",
        "test → [positive: wait; negative: treat]",
        "test → [positive: wait; negative: wait]",
        "no test → treat",
        "no test → wait",
    ]
    assert found[1] == {(): "test", ("test", "positive"): "treat", ("test", "negative"): "wait"}
    assert found[4] == {(): "no test", ("no test",): "treat"}  # the decisions after a test are not reached
    assert all(isinstance(s, dict) for s in found)
    assert list(found[1]) == [(), ("test", "positive"), ("test", "negative")]  # depth-first order


def test_values_of_every_strategy_exactly() -> None:
    values = dt.policy_values(screening_tree(), exact=True)
    # -1 + (1/4 * positive + 3/4 * negative), computed by hand
    assert values == {
        "test → [positive: treat; negative: treat]": -1 + dt.parse_expression("8/4 + 15/4"),
        "test → [positive: treat; negative: wait]": -1 + dt.parse_expression("8/4 + 30/4"),
        "test → [positive: wait; negative: treat]": -1 + dt.parse_expression("2/4 + 15/4"),
        "test → [positive: wait; negative: wait]": -1 + dt.parse_expression("2/4 + 30/4"),
        "no test → treat": 6,
        "no test → wait": 7,
    }
    best = max(values, key=lambda name: values[name])
    assert dt.policy_name(screening_tree(), dt.evaluate(screening_tree()).policy) == best


def test_a_tree_without_decisions_has_one_empty_strategy() -> None:
    tree = dt.Tree(dt.Chance("coin", [
        dt.Branch("heads", T("H", payoff=1), probability=0.5),
        dt.Branch("tails", T("T"), probability=dt.COMPLEMENT),
    ]))  # fmt: skip
    assert dt.policies(tree) == [{}]
    assert dt.policies(tree)[0].name == "(no decision)"
    assert dt.policy_values(tree) == {"(no decision)": 0.5}


def test_only_one_outcome_leading_to_decisions_needs_no_qualifier() -> None:
    tree = dt.Tree(dt.Decision("first", [
        dt.Branch("go", dt.Chance("weather", [
            dt.Branch("rain", dt.Decision("then", [dt.Branch("stay", T("s")), dt.Branch("leave", T("l"))]),
                      probability=0.3),
            dt.Branch("sun", T("fine", payoff=2), probability=dt.COMPLEMENT),
        ])),
        dt.Branch("stop", T("stopped")),
    ]))  # fmt: skip
    assert [s.name for s in dt.policies(tree)] == ["go → stay", "go → leave", "stop"]


def test_strategies_are_dicts_that_pickle() -> None:
    strategy = dt.policies(screening_tree())[2]
    again = pickle.loads(pickle.dumps(strategy))
    assert again == strategy and again.name == strategy.name


def test_strategy_tree_values_every_strategy_with_the_same_draws() -> None:
    p = dt.Parameter("p", 0.25, distribution=dt.Beta(2, 6))
    tree = dt.Tree(dt.Decision("Test?", [
        dt.Branch("test", dt.Chance("result", [
            dt.Branch("positive", dt.Decision("after", [
                dt.Branch("treat", T("tp", payoff=8)), dt.Branch("wait", T("wp", payoff=2)),
            ]), probability=p),
            dt.Branch("negative", T("fine", payoff=10), probability=dt.COMPLEMENT),
        ])),
        dt.Branch("no test", T("untested", payoff=7)),
    ]), parameters=[p])  # fmt: skip
    options = dt.strategy_tree(tree)
    assert [b.label for b in options.root.branches] == ["test → treat", "test → wait", "no test"]
    run = dt.psa(options, 500, seed=3)
    draws = run.samples["p"]
    assert run.values[:, 0] == pytest.approx(8 * draws + 10 * (1 - draws))
    assert run.values[:, 1] == pytest.approx(2 * draws + 10 * (1 - draws))
    assert run.values[:, 2] == pytest.approx(7)


def test_policy_values_for_an_actor_or_objective() -> None:
    tree = dt.Tree(dt.Decision("Treat?", [
        dt.Branch("drug", T("on drug", payoff={"cost": 900, "qaly": 2})),
        dt.Branch("no drug", T("untreated", payoff={"cost": 100, "qaly": 1})),
    ]))  # fmt: skip
    assert dt.policy_values(tree) == {
        "drug": {"cost": 900.0, "qaly": 2.0},
        "no drug": {"cost": 100.0, "qaly": 1.0},
    }
    assert dt.policy_values(tree, actor="cost") == {"drug": 900.0, "no drug": 100.0}
    assert dt.policy_values(tree, objective={"qaly": "1/2", "cost": 0}, exact=True) == {
        "drug": 1,
        "no drug": dt.parse_expression("1/2"),
    }
    with pytest.raises(dt.NotFoundError, match="did you mean 'qaly'"):
        dt.policy_values(tree, actor="qualy")
    with pytest.raises(dt.ArgumentError, match="not both"):
        dt.policy_values(tree, actor="cost", objective="qaly")
    with pytest.raises(dt.ArgumentError, match="number"):
        dt.policy_values(tree, objective={"cost": "much"})


def test_given_policies_are_reduced_and_named() -> None:
    tree = screening_tree()
    full = dict(dt.evaluate(tree).policy)  # a choice at every decision, reached or not
    values = dt.policy_values(tree, [full, {(): "no test", ("no test",): "wait"}, full])
    assert list(values) == [
        "test → [positive: treat; negative: wait]",
        "no test → wait",
        "test → [positive: treat; negative: wait] #2",
    ]


def test_bad_policies_are_refused() -> None:
    tree = screening_tree()
    with pytest.raises(dt.ArgumentError, match="no choice at the decision 'after positive'"):
        dt.policy_name(tree, {(): "test"})
    with pytest.raises(dt.NotFoundError, match="did you mean 'test'"):
        dt.policy_name(tree, {(): "tset"})
    with pytest.raises(dt.ArgumentError, match="a list of policies"):
        dt.policy_values(tree, {(): "no test"})  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="empty"):
        dt.policy_values(tree, [])
    with pytest.raises(dt.ArgumentError, match="needs a Tree"):
        dt.policies("tree")  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="positive integer"):
        dt.policies(tree, limit=0)


def test_too_many_strategies_are_refused_with_their_count() -> None:
    node = dt.Chance("c", [
        dt.Branch(str(i), dt.Decision(f"d{i}", [dt.Branch("a", T("x")), dt.Branch("b", T("y"))]),
                  probability=dt.COMPLEMENT if i == 0 else 0.01)
        for i in range(20)
    ])  # fmt: skip
    tree = dt.Tree(node)
    with pytest.raises(dt.TooLargeError, match="1,048,576 strategies"):
        dt.policies(tree)
    assert len(dt.policies(dt.Tree(dt.Chance("c", node.branches[:12])), limit=5000)) == 4096


def test_deep_trees_need_no_recursion_and_quadratic_output_is_refused() -> None:
    chain: Any = T("end", payoff=1)
    for i in range(5000):  # one strategy through 5,000 decisions
        chain = dt.Decision(f"d{i}", [dt.Branch("go", chain)])
    (only,) = dt.policies(dt.Tree(chain))
    assert len(only) == 5000 and only.name.count("→") == 4999
    branching: Any = T("end")
    for i in range(1000):  # 1,001 strategies of up to 1,000 choices with paths of up to 1,000 labels
        branching = dt.Decision(f"d{i}", [dt.Branch("go", branching), dt.Branch("stop", T("s"))])
    with pytest.raises(dt.TooLargeError, match="labels"):
        dt.policies(dt.Tree(branching))


def test_strategy_trees_too_large_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(policies_module, "MAX_STRATEGY_TREE_NODES", 20)
    with pytest.raises(dt.TooLargeError, match="nodes"):
        dt.strategy_tree(screening_tree())


@given(dt_st.trees(max_leaves=7, max_branches=3, kinds=("decision", "chance")))
def test_policies_match_brute_force_enumeration(tree: dt.Tree) -> None:
    found = dt.policies(tree)
    reference = brute_force(tree)
    assert sorted(map(sorted_items, found)) == sorted(map(sorted_items, reference))
    assert len(found) == len(reference)  # no strategy twice
    assert len({s.name for s in found}) == len(found)  # names are unique


def sorted_items(policy: dict[tuple[str, ...], str]) -> list[tuple[tuple[str, ...], str]]:
    return sorted(policy.items())


@given(dt_st.trees(max_leaves=6, kinds=("decision", "chance")), st.data())
def test_each_strategys_value_is_the_forced_policys_mean(tree: dt.Tree, data: st.DataObject) -> None:
    values = dt.policy_values(tree, exact=True)
    for strategy in dt.policies(tree):
        # an independent route through the library: force the strategy and take the mean payoff
        mean = dt.risk_profile(tree, policy=strategy, exact=True).mean
        assert values[strategy.name] == mean


def test_a_strategy_reads_its_choices() -> None:
    made = dt.Strategy([(["launch"], "go"), (("launch", "strong"), "hire")], name="go, hire")
    assert made == {("launch",): "go", ("launch", "strong"): "hire"} and made.name == "go, hire"
    assert dt.Strategy({("launch",): "go"}) == {("launch",): "go"}
    hostile = (None, 1, "launch", [("launch", "go")], [(("launch",),)], [((1,), "go")], [(("a",), 2)], [[]])
    for bad in hostile:
        with pytest.raises(dt.ArgumentError, match="strateg|decision path"):
            dt.Strategy(bad)  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="a strategy's name must be text"):
        dt.Strategy((), name=3)  # type: ignore[arg-type]


def test_a_policy_is_made_from_a_result() -> None:
    for bad in (3, None, {(): "go"}):
        with pytest.raises(dt.ArgumentError, match=r"Policy\(\) takes a Result"):
            dt.Policy(bad)  # type: ignore[arg-type]
