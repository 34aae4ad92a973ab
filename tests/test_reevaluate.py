"""Re-evaluating with new parameter values gives, to the last bit, the numbers of a first evaluation.

A compiled tree keeps its numbers between calls and redoes only what new
values reach: node by node in plain floats where that is a few nodes
(``_core/few.py``), else in a complete tree the runs of parents they reach
in branch-major copies of its numbers (``_core/branch_major.py``), else the
changed nodes level by level, else the evenly spaced parts of blocks they
reach, else whole levels from the lowest one reached, the narrow levels at
the top node by node. Each way is held
here to a first evaluation in new arrays with every level rolled back in
numpy, value by value and choice by choice.
"""

from __future__ import annotations

import math
import random
from typing import Any

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from oracle_trees import models
from test_oracle import EXAMPLES

import decisiontree as dt
from decisiontree import _arguments as arguments
from decisiontree._core import RULES, Options, compile_tree, compiled, few


def _numpy_only(tree: dt.Tree) -> compiled.Compiled:
    """A compiled form of ``tree`` that rolls every level back in numpy, the narrow top included."""
    reference = compiled.Compiled(tree)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiled, "_NARROW", 0)
        reference._narrow_top()  # kept: no narrow top
    return reference


def _check_again(
    tree: dt.Tree,
    sequence: list[dict[str, Any]],
    rule: str = "expected",
    objective: Any = None,
    *,
    root_only: bool = False,
    exact: bool = False,
) -> None:
    """Every call of ``sequence`` on one compiled tree against a first evaluation in new arrays,
    every level rolled back in numpy (``root_only``: as ``evaluate`` calls the core)."""
    core = compile_tree(tree)
    reference = _numpy_only(tree)
    weights = arguments.objective_weights(core, objective, exact=exact)
    assert arguments.objective_weights(reference, objective, exact=exact) == weights  # the same key in both
    options = Options(weights, (), rule)
    for given_values in sequence:
        try:
            values = core.parameter_values(arguments.values(tree, given_values, exact=exact), exact=exact)
        except dt.DecisionTreeError:
            continue  # refused before any rollback
        try:
            kept = core.run(values, options, exact=exact, root_only=root_only)
        except dt.DecisionTreeError:
            with pytest.raises(dt.DecisionTreeError):  # refused by a first evaluation too
                reference.run(values, options, exact=exact, fresh=True)
            continue
        value, choice = kept.value.copy(), kept.choice.copy()
        fresh = reference.run(values, options, exact=exact, fresh=True)
        assert np.array_equal(value, fresh.value), (given_values, value.ravel(), fresh.value.ravel())
        assert np.array_equal(choice, fresh.choice), (given_values, choice.ravel(), fresh.choice.ravel())


def _new_values(tree: dt.Tree) -> st.SearchStrategy[dict[str, Any]]:
    """New values for some of the parameters that can be set (a derived one cannot)."""
    derived = compile_tree(tree).derived
    optional = {}
    for parameter in tree.parameters:
        if parameter.name not in derived:
            low = -50.0 if parameter.low is None else float(parameter.low)
            high = 50.0 if parameter.high is None else float(parameter.high)
            optional[parameter.name] = st.sampled_from([low, high, (low + high) / 2]) | st.floats(low, high)
    return st.fixed_dictionaries({}, optional=optional)


@settings(max_examples=EXAMPLES)
@given(model=models(min_parameters=1), rule=st.sampled_from(RULES), data=st.data())
def test_re_evaluating_gives_the_numbers_of_a_first_evaluation(model: Any, rule: str, data: Any) -> None:
    tree = model.tree
    try:
        arguments.objective_weights(compile_tree(tree), model.objective)
    except dt.DecisionTreeError:
        return  # an objective the tree cannot take
    sequence = [dict(model.values)] + [data.draw(_new_values(tree)) for _ in range(4)]
    _check_again(tree, [*sequence, {}, sequence[-1]], rule, model.objective)


@settings(max_examples=min(EXAMPLES, 60))
@given(model=models(min_parameters=1), rule=st.sampled_from(RULES), data=st.data())
def test_re_evaluating_in_exact_arithmetic_gives_the_numbers_of_a_first_evaluation(
    model: Any, rule: str, data: Any
) -> None:
    """As above, in exact arithmetic: no plain floats and no branch-major copies, so what the new
    values reach is rolled back through the blocks, node by node (:meth:`Compiled._incremental`)."""
    tree = model.tree
    try:
        arguments.objective_weights(compile_tree(tree), model.objective, exact=True)
    except dt.DecisionTreeError:
        return  # an objective the tree cannot take
    sequence = [dict(model.values)] + [data.draw(_new_values(tree)) for _ in range(4)]
    _check_again(tree, [*sequence, {}, sequence[-1]], rule, model.objective, exact=True)


def _complete_tree(levels: int, seed: int, *, wide: bool = False) -> dt.Tree:
    """A complete tree alternating decisions and chance nodes, payoffs of a few integers (so that
    options often tie), with parameters on two terminals (``deep``), one branch payoff
    (``cost``) and one probability (``q``); with ``wide``, three branches per node."""
    rng = random.Random(seed)
    deep = dt.Parameter("deep", 5.0, low=0, high=10)
    cost = dt.Parameter("cost", 1.0, low=0, high=3)
    q = dt.Parameter("q", 0.5, low=0.1, high=0.9)
    width = 3 if wide else 2
    leaves = width**levels
    marked = {leaves // 3, (2 * leaves) // 3}
    nodes: list[Any] = [
        dt.Terminal(f"t{k}", payoff=deep if k in marked else float(rng.choice([-2, 0, 1, 1, 3])))
        for k in range(leaves)
    ]
    for depth in reversed(range(levels)):
        built = []
        for k in range(width**depth):
            children = nodes[width * k : width * k + width]
            if depth % 2:
                ps: list[Any] = [q if k == 1 else round(rng.uniform(0.1, 0.9 / width), 2) for _ in children]
                ps[-1] = dt.COMPLEMENT
                pairs = enumerate(zip(children, ps, strict=True))
                outcomes = [dt.Branch(f"o{b}", c, probability=p) for b, (c, p) in pairs]
                built.append(dt.Chance(f"c{depth}.{k}", outcomes))
            else:
                pays = [-cost if k == 2 and b == 0 else rng.choice([0, 0, -1]) for b in range(width)]
                pairs = enumerate(zip(children, pays, strict=True))
                options = [dt.Branch(f"a{b}", c, payoff=pay) for b, (c, pay) in pairs]
                built.append(dt.Decision(f"d{depth}.{k}", options))
        nodes = built
    return dt.Tree(nodes[0], parameters=[deep, cost, q])


@pytest.mark.parametrize("wide", [False, True])
def test_re_evaluating_a_few_nodes_in_floats_gives_the_numbers_of_numpy(
    wide: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    spread = few.spread
    monkeypatch.setattr(compiled, "spread", lambda *args: calls.append(len(args[0])) or spread(*args))
    tree = _complete_tree(6 if wide else 9, seed=3, wide=wide)
    rng = random.Random(4)
    sequence = [{}]
    for _ in range(40):
        name = rng.choice(["deep", "cost", "q"])
        sequence.append({**sequence[-1], name: rng.choice([0.0, 1.0, 2.0, 5.0, 5.0 + 1e-13, 10.0, 0.3, 0.7])})
    _check_again(tree, sequence)
    assert calls and max(calls) <= few.LIMIT  # the few nodes were rolled back in floats


def test_many_changed_nodes_are_rolled_back_by_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "spread", lambda *args: pytest.fail("re-evaluated node by node"))
    everywhere = dt.Parameter("x", 1.0)
    leaves = [dt.Terminal(f"t{k}", payoff=everywhere if k % 2 else k) for k in range(2 * few.LIMIT)]
    outcomes = [
        dt.Chance(
            f"c{k}",
            [
                dt.Branch("x", leaves[2 * k], probability=0.5),
                dt.Branch("y", leaves[2 * k + 1], probability=dt.COMPLEMENT),
            ],
        )
        for k in range(few.LIMIT)
    ]
    options = [dt.Branch(f"b{k}", outcome) for k, outcome in enumerate(outcomes)]
    tree = dt.Tree(dt.Decision("d", options), parameters=[everywhere])
    _check_again(tree, [{}, {"x": 2.0}, {"x": 1.0}])


def test_the_float_rules_match_the_block_functions_on_ties() -> None:
    # a decision between 1 and 1 + 1e-13 (within the tie margin: the first) and between 1 and
    # 1 + 1e-11 (beyond it: the second), in plain floats
    for high, second in ((1.0 + 1e-13, False), (1.0 + 1e-11, True), (math.nextafter(-1.0, 0), False)):
        value, choice = [0.0, 1.0 if high > 0 else -1.0, high], [-1]
        few.roll([(0, False, 0, 2, False, 0, -1)], value, [1.0, 1.0], [0.0, 0.0], choice)
        assert choice == [second] and value[0] == (high if second else value[1])


@pytest.mark.parametrize("branches", [1, 2, 3])
def test_values_that_overflow_are_refused_node_by_node_too(branches: int) -> None:
    # one option's value passes float range: the tie rule's threshold is not a number
    options = [dt.Branch(f"b{k}", dt.Terminal(f"t{k}", payoff=1e308), payoff=1e308) for k in range(branches)]
    tree = dt.Tree(dt.Decision("d", options))
    with pytest.raises(dt.ModelError, match="overflow float range"):
        dt.evaluate(tree)


def _regular_tree(levels: int, seed: int) -> dt.Tree:
    """A complete binary tree alternating decisions and chance nodes with parameters in the same
    place of every copy of a repeated subtree: ``gain`` on every 16th terminal, ``cost`` on the
    first option of every 8th decision and ``q`` on the first outcome of every 8th chance node;
    payoffs of a few integers, so that options often tie."""
    rng = random.Random(seed)
    gain = dt.Parameter("gain", 2.0, low=-3, high=5)
    cost = dt.Parameter("cost", 1.0, low=0, high=3)
    q = dt.Parameter("q", 0.5, low=0.1, high=0.9)
    nodes: list[Any] = [
        dt.Terminal(f"t{k}", payoff=gain if k % 16 == 5 else float(rng.choice([-2, 0, 1, 1, 3])))
        for k in range(2**levels)
    ]
    for depth in reversed(range(levels)):
        built = []
        for k in range(2**depth):
            low, high = nodes[2 * k], nodes[2 * k + 1]
            if depth % 2:
                p: Any = q if k % 8 == 2 else rng.choice([0.25, 0.5, 0.75])
                outcomes = [
                    dt.Branch("x", low, probability=p),
                    dt.Branch("y", high, probability=dt.COMPLEMENT),
                ]
                built.append(dt.Chance(f"c{depth}.{k}", outcomes))
            else:
                pay: Any = -cost if k % 8 == 1 else rng.choice([0, 0, -1])
                options = [dt.Branch("a", low, payoff=pay), dt.Branch("b", high)]
                built.append(dt.Decision(f"d{depth}.{k}", options))
        nodes = built
    return dt.Tree(nodes[0], parameters=[gain, cost, q])


def test_re_evaluating_the_reached_parts_of_blocks_gives_the_numbers_of_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # parameters in the same place of every repeated subtree reach evenly spaced parents of the
    # lower levels: only those are rolled back there, through strided views, the rest kept
    parts = []
    rollback = compiled.Compiled._rollback

    def counted(self: Any, *args: Any) -> None:
        reach = args[4] if len(args) > 4 else None
        parts.append(0 if reach is None else sum(rows is not None for rows in reach.values()))
        rollback(self, *args)

    monkeypatch.setattr(compiled.Compiled, "_rollback", counted)
    tree = _regular_tree(12, seed=5)
    rng = random.Random(6)
    sequence: list[dict[str, Any]] = [{}]
    for _ in range(30):
        names = rng.sample(["gain", "cost", "q"], rng.randint(1, 3))
        changed = {name: rng.choice([-3.0, 0.0, 1.0, 2.0, 2.0 + 1e-13, 3.0, 5.0]) for name in names}
        if "q" in changed:
            changed["q"] = rng.choice([0.1, 0.25, 0.5, 0.9])
        sequence.append({**sequence[-1], **changed})
    _check_again(tree, sequence)
    assert max(parts) >= 2  # parts of blocks were rolled back alone
    # choices read only after several calls: those of the parents left alone are read back too
    core, options = compiled.Compiled(tree), Options()
    for given_values in sequence:
        kept = core.run(core.parameter_values(given_values), options)
    fresh = _numpy_only(tree).run(core.parameter_values(sequence[-1]), options, fresh=True)
    assert np.array_equal(kept.choice, fresh.choice) and np.array_equal(kept.value, fresh.value)


def _layered_tree(kinds: list[str], every: int, seed: int) -> dt.Tree:
    """A complete tree whose depths, from the root down, hold the ``kinds`` given: decisions between
    two options (``"d"``, with branch payoffs; ``"D"`` without), chance nodes of two or three
    outcomes (``"c2"``, ``"c3"``, with branch payoffs; ``"C2"`` without). Parameters sit in the
    same place of every ``every`` copies: ``gain`` on terminals, ``cost`` on the first option of
    decisions, ``q`` on the first outcome of chance nodes; ``x`` on one terminal only. Payoffs
    are a few integers, so that options often tie."""
    rng = random.Random(seed)
    gain = dt.Parameter("gain", 2.0, low=-3, high=5)
    cost = dt.Parameter("cost", 1.0, low=0, high=3)
    q = dt.Parameter("q", 0.3, low=0.1, high=0.5)
    x = dt.Parameter("x", 0.0, low=-5, high=5)
    widths = [3 if kind == "c3" else 2 for kind in kinds]
    leaves = math.prod(widths)
    nodes: list[Any] = [
        dt.Terminal(
            f"t{k}",
            payoff=x if k == leaves // 3 else gain if k % every == 1 else float(rng.choice([-2, 0, 1, 1, 3])),
        )
        for k in range(leaves)
    ]
    for depth in reversed(range(len(kinds))):
        kind, width = kinds[depth], widths[depth]
        built = []
        for k in range(len(nodes) // width):
            children = nodes[width * k : width * (k + 1)]
            if kind[0] in "cC":
                ps: list[Any] = [q if k % every == every - 1 else rng.choice([0.1, 0.25, 0.5])]
                ps += [rng.choice([0.1, 0.2, 0.3])] * (width - 2) + [dt.COMPLEMENT]
                pays = [rng.choice([0, 0, -1]) if kind[0] == "c" else 0 for _ in children]
                pairs = zip(children, ps, pays, strict=True)
                outcomes = [
                    dt.Branch(f"o{b}", c, probability=p, payoff=pay) for b, (c, p, pay) in enumerate(pairs)
                ]
                built.append(dt.Chance(f"c{depth}.{k}", outcomes))
            else:
                pay: Any = -cost if k % every == 0 else rng.choice([0, 0, -1])
                first = dt.Branch("a", children[0], payoff=pay if kind == "d" else 0)
                built.append(dt.Decision(f"d{depth}.{k}", [first, dt.Branch("b", children[1])]))
        nodes = built
    return dt.Tree(nodes[0], parameters=[gain, cost, q, x])


_VALUES = {
    "gain": [-3.0, 0.0, 1.0, 2.0, 2.0 + 1e-13, 3.0, 5.0],
    "cost": [0.0, 1.0, 1.0 + 1e-13, 3.0],
    "q": [0.1, 0.25, 0.3, 0.5],
    "x": [-5.0, 0.0, 5.0],
}


@settings(max_examples=min(EXAMPLES, 60), deadline=None)
@given(
    kinds=st.lists(st.sampled_from(["d", "D", "c2", "C2", "c3"]), min_size=4, max_size=9),
    every=st.sampled_from([1, 2, 3, 4, 8, 16]),
    seed=st.integers(0, 100),
    changes=st.lists(st.lists(st.sampled_from(sorted(_VALUES)), min_size=1, max_size=4), max_size=12),
    data=st.data(),
)
def test_re_evaluating_over_branch_major_copies_gives_the_numbers_of_numpy(
    kinds: list[str], every: int, seed: int, changes: list[list[str]], data: Any
) -> None:
    # a complete tree keeps branch-major copies of its numbers below the narrow top, where the parents
    # that a parameter in the same place of every copy reaches lie side by side; mixed with the
    # other ways (one terminal only: node by node), every call gives the numbers of a first evaluation
    if math.prod(3 if kind == "c3" else 2 for kind in kinds) > 4096:
        kinds = kinds[:6]
    tree = _layered_tree(kinds, every, seed)
    sequence: list[dict[str, Any]] = [{}]
    for names in changes:
        sequence.append(
            {**sequence[-1], **{name: data.draw(st.sampled_from(_VALUES[name])) for name in names}}
        )
    used = []
    branch_major = compiled.Compiled._branch_major
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiled, "_NARROW", 2)  # copies of every level but the top two
        patch.setattr(compiled, "LIMIT", 12)  # node by node: one terminal's way up only
        patch.setattr(
            compiled.Compiled,
            "_branch_major",
            lambda self, *args: used.append(branch_major(self, *args)) or used[-1],
        )
        _check_again(tree, sequence, root_only=True)
        # the values and choices read only after several calls: the root's at every call
        core, options = compiled.Compiled(tree), Options()
        reference = _numpy_only(tree)
        for given_values in sequence:
            values = core.parameter_values(given_values)
            kept = core.run(values, options, root_only=True)
            assert np.array_equal(kept.root, reference.run(values, options, fresh=True).root)
        fresh = reference.run(core.parameter_values(sequence[-1]), options, fresh=True)
        assert np.array_equal(kept.choice, fresh.choice) and np.array_equal(kept.value, fresh.value)
    event(f"re-evaluated over branch-major copies: {any(used)}")


def test_a_complete_tree_re_evaluates_over_branch_major_copies(monkeypatch: pytest.MonkeyPatch) -> None:
    # the way is taken where it applies (the property above holds its numbers)
    used = []
    branch_major = compiled.Compiled._branch_major
    monkeypatch.setattr(
        compiled.Compiled,
        "_branch_major",
        lambda self, *args: used.append(branch_major(self, *args)) or used[-1],
    )
    tree = _regular_tree(12, seed=5)
    sequence: list[dict[str, Any]] = [
        {},
        {"gain": 3.0},
        {"gain": 3.0, "q": 0.25},
        {"cost": 2.0},
        {"gain": 2.0},
    ]
    _check_again(tree, sequence, root_only=True)
    assert used == [True] * 4
    # a caller that reads other nodes after every call (a sweep, a PSA in chunks of one draw) rolls back
    # in the workspace: writing the copies back after every call would cost a level's worth
    used.clear()
    _check_again(tree, sequence)
    assert not any(used)
    assert compile_tree(tree)._layout() is not None
    assert compile_tree(_complete_tree(6, seed=3, wide=True))._layout() is None  # decisions between three


def test_values_that_overflow_over_branch_major_copies_are_refused_at_the_same_node() -> None:
    tree = _regular_tree(12, seed=5)
    dt.evaluate(tree, {"gain": 3.0})  # the copies in use from here
    huge = {"gain": 1.7e308, "cost": -1.7e308}
    with pytest.raises(dt.ModelError, match="overflow float range") as kept:
        dt.evaluate(tree, huge)
    fresh = _numpy_only(tree)
    with pytest.raises(dt.ModelError, match="overflow float range") as first:
        fresh.run(fresh.parameter_values(huge), Options(), fresh=True)
    assert kept.value.path == first.value.path
    values = fresh.parameter_values({"gain": 2.0})
    assert dt.evaluate(tree, {"gain": 2.0}).value == fresh.run(values, Options(), fresh=True).value[0, 0, 0]


def test_a_re_evaluation_checks_the_sums_where_the_changed_formulas_give_a_probability() -> None:
    """Probabilities without a COMPLEMENT are checked to sum to 1 again where a changed parameter
    enters them, whichever parameter changed before; the others keep their earlier check."""
    p = dt.Parameter("p", 0.5)
    q = dt.Parameter("q", 0.5)
    half = dt.Chance(
        "B",
        [
            dt.Branch("q", dt.Terminal("x", payoff=1), probability=q),
            dt.Branch("half", dt.Terminal("y", payoff=2), probability=0.5),
        ],
    )
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", dt.Chance("A", [
                    dt.Branch("p", dt.Terminal("u", payoff=3), probability=p),
                    dt.Branch("rest", dt.Terminal("v"), probability=1 - p),
                ])),
                dt.Branch("b", half),
            ],
        ),
        [p, q],
    )  # fmt: skip
    assert dt.evaluate(tree).value == 1.5
    assert math.isclose(dt.evaluate(tree, {"p": 0.7}).value, 2.1)
    with pytest.raises(dt.ModelError, match="probabilities sum to 0.9, not 1") as error:
        dt.evaluate(tree, {"p": 0.7, "q": 0.4})
    assert error.value.path == ("b",)
    assert dt.evaluate(tree, {"p": 0.2}).value == 1.5
    with pytest.raises(dt.ModelError, match="probabilities sum to 1.1, not 1"):
        dt.evaluate(tree, {"p": 0.2, "q": 0.6})


@pytest.mark.parametrize("exact", [True, False])
def test_re_evaluating_a_level_of_interleaved_chance_nodes_and_decisions(exact: bool) -> None:
    """A level whose chance nodes and decisions alternate is two blocks whose parents are spread
    out (not slices); re-evaluating one node there (in exact arithmetic, node by node through the
    blocks; in floats, in plain floats) gives the numbers of a first evaluation."""
    x = dt.Parameter("x", 1)

    def tree() -> dt.Tree:
        children = []
        for k in range(40):
            ends = [dt.Terminal(f"a{k}", payoff=x if k == 17 else k), dt.Terminal(f"b{k}", payoff=40 - k)]
            node: dt.Node = (
                dt.Chance(
                    f"c{k}",
                    [
                        dt.Branch("u", ends[0], probability="1/4"),
                        dt.Branch("v", ends[1], probability=dt.COMPLEMENT),
                    ],
                )
                if k % 2
                else dt.Decision(f"d{k}", [dt.Branch("u", ends[0]), dt.Branch("v", ends[1], payoff=-k / 2)])
            )
            children.append(dt.Branch(f"n{k}", node))
        groups = [dt.Branch(f"g{j}", dt.Decision(f"g{j}", children[5 * j : 5 * j + 5])) for j in range(8)]
        return dt.Tree(dt.Decision("root", groups), [x])  # at most 8 branches a node: node by node

    reused = tree()
    for value in (1, 200, 3, 150, 150, 0):
        got = dt.evaluate(reused, {"x": value}, exact=exact)
        expected = dt.evaluate(tree(), {"x": value}, exact=exact)
        assert got.value == expected.value and got.policy == expected.policy
        assert got.value_at(("g3", "n17")) == expected.value_at(("g3", "n17"))
        assert float(got.value_at(("g3", "n17"))) == (value + 3 * 23) / 4


@settings(max_examples=min(EXAMPLES, 60))
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.sampled_from([0, 5, 1023, 1024, 3000]),
    spread=st.integers(1, 5000),
)
def test_membership_by_a_table_of_flags_and_by_binary_search_agree(seed: int, size: int, spread: int) -> None:
    """The core's membership test reads a table of flags for many values within a small range and
    searches otherwise; both give Python's ``in`` (``-1``, the empty mark, is never a member)."""
    rng = np.random.default_rng(seed)
    values = rng.integers(0, spread, size)
    for wanted in (
        np.unique(rng.integers(0, spread, rng.integers(1, 40))),
        np.array([-1]),
        np.array([spread + 7]),
    ):
        members = set(wanted.tolist())
        assert compiled._among(values, wanted).tolist() == [int(v) in members for v in values]


@settings(max_examples=min(EXAMPLES, 60))
@given(model=models(), data=st.data())
def test_the_owners_of_many_edges_and_of_a_few_agree(model: Any, data: Any) -> None:
    """The node an edge leaves, read from a table for many edges and searched for a few, and -1
    for the edge above the root."""
    flat = model.tree.flat
    every = np.arange(len(flat.child))
    owner = flat.edge_owner()
    assert compiled._owners(flat, every).tolist() == owner.tolist()
    few_edges = np.asarray(
        data.draw(st.lists(st.sampled_from(every.tolist()), max_size=2)) if len(every) else [], dtype=np.intp
    )
    assert compiled._owners(flat, few_edges).tolist() == owner[few_edges].tolist()
    above = np.array([-1, *every.tolist()], dtype=np.intp)
    assert compiled._owners(flat, above).tolist() == [-1, *owner.tolist()]
