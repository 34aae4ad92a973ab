"""Strategies: every reduced policy of a tree, its readable name and its value.

A *reduced strategy* names one choice at every decision it reaches and no
choice at decisions it never reaches: in a tree where you first decide to
test and then, if the test is positive, whether to treat, "test → treat"
and "test → wait" are strategies, and so is "no test" (the treatment
decision after a test is never reached without one). A decision is
*reached* when the path to it takes the strategy's choice at every decision
above it, whatever the chance outcomes (probabilities do not matter, so the
list does not change with parameter values).

:func:`policies` lists them, :func:`policy_name` names any policy,
:func:`policy_values` values each strategy under an objective or for an
actor, and :func:`strategy_tree` builds the tree whose root decision has one
branch per strategy, so that any analysis of options (PSA, risk profiles,
sensitivity) applies to whole strategies.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Test?", [
...     dt.Branch("test", dt.Chance("result", [
...         dt.Branch("positive", dt.Decision("Treat?", [
...             dt.Branch("treat", dt.Terminal("treated", payoff=8)),
...             dt.Branch("wait", dt.Terminal("waited", payoff=2)),
...         ]), probability="1/4"),
...         dt.Branch("negative", dt.Terminal("healthy", payoff=10), probability=dt.COMPLEMENT),
...     ]), payoff=-1),
...     dt.Branch("no test", dt.Terminal("untested", payoff=8)),
... ]))
>>> [s.name for s in policies(tree)]
['test → treat', 'test → wait', 'no test']
>>> policy_values(tree, exact=True)
{'test → treat': 17/2, 'test → wait': 7, 'no test': 8}
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .. import _arguments as arguments
from .._core import compile_tree
from ..errors import ArgumentError, NotFoundError, NoUncertaintyWarning, TooLargeError, brief, items
from ..model import Branch, Decision, Tree, did_you_mean
from ..number import as_sympy_number

__all__ = [
    "MAX_POLICIES",
    "MAX_POLICY_LABELS",
    "MAX_STRATEGY_TREE_NODES",
    "Strategy",
    "policies",
    "policy_name",
    "policy_values",
    "strategy_tree",
]

Path = tuple[str, ...]

MAX_POLICIES = 10_000
"""The most strategies :func:`policies` lists unless given a larger ``limit``."""

MAX_POLICY_LABELS = 50_000_000
"""The most labels :func:`policies` writes: the paths and choices of all strategies together."""

MAX_STRATEGY_TREE_NODES = 2_000_000
"""The most nodes :func:`strategy_tree` builds (all strategies' reduced trees together)."""

NO_DECISION = "(no decision)"
"""The name of the one strategy of a tree without decisions."""


class Strategy(dict[Path, str]):
    """A reduced strategy: ``{decision path: chosen label}`` with a readable ``name``.

    A plain ``dict`` in every other respect (it compares equal to a dict
    with the same choices); the entries are in the tree's depth-first order.
    """

    __slots__ = ("name",)

    def __init__(self, choices: Iterable[tuple[Path, str]] | Mapping[Path, str] = (), name: str = "") -> None:
        pairs = (
            choices.items()
            if isinstance(choices, Mapping)
            else items(choices, "a strategy", "choice", ArgumentError)
        )
        super().__init__(_choice(pair) for pair in pairs)
        self.name = arguments.text(name, "a strategy's name")


def _choice(pair: Any) -> tuple[Path, str]:
    """A strategy's ``(decision path, label)`` pair, checked: the path a sequence of labels."""
    if type(pair) is tuple and len(pair) == 2 and type(pair[0]) is tuple and type(pair[1]) is str:
        path, label = pair  # the common case, made by :func:`policies`
    else:
        found = items(pair, "a strategy's choice", "(decision path, label) pair", ArgumentError)
        if len(found) != 2:
            raise ArgumentError(f"a strategy's choice is a (decision path, label) pair, got {brief(pair)}")
        path = items(found[0], "a decision path", "label", ArgumentError)
        label = arguments.text(found[1], "a strategy's label")
    if not all(isinstance(step, str) for step in path):
        raise ArgumentError(f"a decision path is a sequence of branch labels, got {brief(path)}")
    return path, label


# --------------------------------------------------------------------------- the tree's shape


@attrs.frozen
class _Shape:
    """What enumeration needs of a tree, computed once per tree in breadth-first order."""

    kind: tuple[str, ...]
    labels: tuple[tuple[str, ...], ...]
    """The branch labels of each node (empty for terminals)."""
    has_decision: tuple[bool, ...]
    """Whether the subtree of each node holds a decision."""
    size: tuple[int, ...]
    """The number of nodes in each subtree."""
    count: int
    """The number of reduced strategies."""
    labels_written: int
    """The number of labels in all strategies' paths and choices together."""


_SHAPES: weakref.WeakKeyDictionary[Tree, dict[str, Any]] = weakref.WeakKeyDictionary()
"""Derived data per (immutable) tree, dropped with the tree."""


def _cache(tree: Tree) -> dict[str, Any]:
    """This module's cache for ``tree``."""
    found = _SHAPES.get(tree)
    if found is None or found.get("tree") is not tree:
        found = _SHAPES[tree] = {"tree": tree}
    return found


def _shape(tree: Tree) -> _Shape:
    cached = _cache(tree).get("policies.shape")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    index = tree.index
    nodes, first = index.nodes, index.first_child
    kind = [node.kind for node in nodes]
    has_decision = [k == "decision" for k in kind]
    size = [1] * len(nodes)
    count = [1] * len(nodes)
    for i in range(len(nodes) - 1, -1, -1):  # children come after their parent
        if kind[i] == "terminal":
            continue
        children = range(first[i], first[i] + len(nodes[i].branches))  # type: ignore[union-attr]
        size[i] = 1 + sum(size[c] for c in children)
        has_decision[i] = has_decision[i] or any(has_decision[c] for c in children)
        if kind[i] == "decision":
            count[i] = sum(count[c] for c in children)
        else:
            total = 1
            for c in children:
                total *= count[c]
            count[i] = total
    # The strategies reaching a node: the ways to choose outside its subtree (top down), times its own.
    ways = [1] * len(nodes)
    depth = [0] * len(nodes)
    written = 0
    for i, node in enumerate(nodes):
        if kind[i] == "terminal":
            continue
        children = range(first[i], first[i] + len(node.branches))  # type: ignore[union-attr]
        for c in children:
            depth[c] = depth[i] + 1
            ways[c] = ways[i] if kind[i] == "decision" else ways[i] * (count[i] // count[c])
        if kind[i] == "decision":
            written += ways[i] * count[i] * (depth[i] + 1)
    labels = tuple(tuple(b.label for b in getattr(node, "branches", ())) for node in nodes)
    shape = _Shape(tuple(kind), labels, tuple(has_decision), tuple(size), count[0], written)
    _cache(tree)["policies.shape"] = shape
    return shape


def _strategies_word(count: int) -> str:
    return "strategy" if count == 1 else "strategies"


def _count_text(count: int) -> str:
    return f"{count:,}" if count < 10**15 else f"about {float(count):.3g}"


# --------------------------------------------------------------------------- enumeration

# A strategy's choices are built as linked lists of (item, rest) pairs, so that
# sharing a prefix costs nothing and deep trees need no recursion.
_Linked = tuple[Any, Any] | None


def _choices(tree: Tree, shape: _Shape) -> list[list[tuple[int, int]]]:
    """Every reduced strategy as ``[(decision index, branch position), ...]`` in depth-first order."""
    index = tree.index
    nodes, first = index.nodes, index.first_child
    kind, has_decision = shape.kind, shape.has_decision
    found: list[list[tuple[int, int]]] = []
    start: _Linked = (0, None) if has_decision[0] else None
    stack: list[tuple[_Linked, _Linked]] = [(start, None)]
    while stack:
        pending, chosen = stack.pop()
        while pending is not None:
            i, pending = pending
            branches = len(nodes[i].branches)  # type: ignore[union-attr]
            if kind[i] == "chance":
                for c in range(first[i] + branches - 1, first[i] - 1, -1):
                    if has_decision[c]:
                        pending = (c, pending)
                continue
            for k in range(branches - 1, -1, -1):  # a decision: one continuation per branch
                child = first[i] + k
                stack.append(((child, pending) if has_decision[child] else pending, ((i, k), chosen)))
            break
        else:
            items: list[tuple[int, int]] = []
            while chosen is not None:
                item, chosen = chosen
                items.append(item)
            items.reverse()
            found.append(items)
    return found


def _describe(tree: Tree, shape: _Shape, choice: Mapping[int, int]) -> str:
    """The readable name of the strategy making ``choice`` (decision index -> branch position)."""
    first = tree.index.first_child
    kind, labels, has_decision = shape.kind, shape.labels, shape.has_decision
    if not has_decision[0]:
        return NO_DECISION
    words: list[str] = []
    stack: list[int | str] = [0]  # nodes to describe, and text to write between them
    push, pop, write = stack.append, stack.pop, words.append
    while stack:
        item = pop()
        if type(item) is str:
            write(item)
            continue
        assert isinstance(item, int)
        start = first[item]
        if kind[item] == "decision":
            k = choice[item]
            write(labels[item][k])
            if has_decision[start + k]:
                push(start + k)
                push(" → ")
            continue
        parts = [k for k in range(len(labels[item])) if has_decision[start + k]]
        if len(parts) == 1:
            push(start + parts[0])
            continue
        push("]")
        for n, k in enumerate(reversed(parts)):
            push(start + k)
            push(f"{labels[item][k]}: ")
            if n < len(parts) - 1:
                push("; ")
        push("[")
    return "".join(words)


def _path(tree: Tree, shape: _Shape, paths: dict[int, Path], i: int) -> Path:
    """The path of node ``i``, built from its nearest ancestor's in ``paths`` (a cache for one call)."""
    found = paths.get(i)
    if found is not None:
        return found
    index = tree.index
    parent, position, labels = index.parent, index.position, shape.labels
    climb = []
    j = i
    while j > 0 and j not in paths:
        climb.append(j)
        j = parent[j]
    path = paths.get(j, ())
    for j in reversed(climb):
        path = (*path, labels[parent[j]][position[j]])
        paths[j] = path
    return path


def _strategy(
    tree: Tree, shape: _Shape, items: Sequence[tuple[int, int]], paths: dict[int, Path]
) -> Strategy:
    labels = shape.labels
    entries = [(_path(tree, shape, paths, i), labels[i][k]) for i, k in items]
    return Strategy(entries, _describe(tree, shape, dict(items)))


def policies(tree: Tree, *, limit: int = MAX_POLICIES) -> list[Strategy]:
    """Every reduced strategy of ``tree``: a ``{decision path: label}`` for each decision it reaches.

    Decisions a strategy never reaches are not enumerated (so a tree with a
    test and a treatment decision after each result has "no test" once, not
    once per treatment plan). Strategies come in the tree's order: the
    first takes the first branch at every decision it reaches, and the
    last choices vary fastest. Each is a :class:`Strategy` (a dict) with a
    readable ``name`` such as ``"wait → treatment A"``; when a chance node
    leads to several decisions the parts are named by outcome, as in
    ``"test → [positive: treat; negative: wait]"``. A tree without decisions
    has one empty strategy, named ``"(no decision)"``.

    Parameters
    ----------
    tree : Tree
    limit : int
        Refuse, with :class:`~decisiontree.TooLargeError` naming the count,
        trees with more strategies than this (the count is computed first,
        without listing them).

    Returns
    -------
    list of Strategy

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("now?", [
    ...     dt.Branch("wait", dt.Decision("then?", [
    ...         dt.Branch("treatment A", dt.Terminal("A", payoff=3)),
    ...         dt.Branch("treatment B", dt.Terminal("B", payoff=2)),
    ...     ])),
    ...     dt.Branch("act", dt.Terminal("acted", payoff=1)),
    ... ]))
    >>> for strategy in policies(tree):
    ...     print(f"{strategy.name:<17} {strategy}")
    wait → treatment A {(): 'wait', ('wait',): 'treatment A'}
    wait → treatment B {(): 'wait', ('wait',): 'treatment B'}
    act               {(): 'act'}
    """
    tree = arguments.tree_of(tree, "policies")
    shape = _shape(tree)
    paths: dict[int, Path] = {}
    return [_strategy(tree, shape, items, paths) for items in _listed(tree, shape, limit)]


def _listed(tree: Tree, shape: _Shape, limit: int) -> list[list[tuple[int, int]]]:
    """Every strategy's choices, after refusing too many strategies or too much output."""
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise ArgumentError(f"limit must be a positive integer, got {brief(limit)}")
    if shape.count > limit:
        raise TooLargeError(
            f"this tree has {_count_text(shape.count)} strategies; listing more than {limit:,} is "
            "refused (pass limit= to allow more, or fix some decisions first)"
        )
    if shape.labels_written > MAX_POLICY_LABELS:
        raise TooLargeError(
            f"listing this tree's {_count_text(shape.count)} {_strategies_word(shape.count)} would write "
            f"{_count_text(shape.labels_written)} labels (their decision paths and choices); more than "
            f"{MAX_POLICY_LABELS:,} is refused"
        )
    return _choices(tree, shape)


def _reduce(
    tree: Tree, shape: _Shape, policy: Any, paths: dict[int, Path]
) -> tuple[Strategy, dict[int, int]]:
    """The reduced strategy a policy mapping (possibly with extra, unreached decisions) follows."""
    if not isinstance(policy, Mapping):
        raise ArgumentError(f"a policy is a mapping {{decision path: label}}, got {type(policy).__name__}")
    nodes, first = tree.index.nodes, tree.index.first_child
    kind, labels, has_decision = shape.kind, shape.labels, shape.has_decision
    items: list[tuple[int, int]] = []
    stack = [0] if has_decision[0] else []
    while stack:
        i = stack.pop()
        if kind[i] == "decision":
            path = _path(tree, shape, paths, i)
            if path not in policy:
                raise ArgumentError(
                    f"the policy has no choice at the decision {nodes[i].name!r} at {path!r}, "
                    "which it reaches"
                )
            label = policy[path]
            if label not in labels[i]:
                raise NotFoundError(did_you_mean(f"branch at {brief(path)}:", label, labels[i]))
            k = labels[i].index(label)
            items.append((i, k))
            if has_decision[first[i] + k]:
                stack.append(first[i] + k)
        else:
            stack.extend(c for c in range(first[i] + len(labels[i]) - 1, first[i] - 1, -1) if has_decision[c])
    return _strategy(tree, shape, items, paths), dict(items)


def policy_name(tree: Tree, policy: Mapping[Path, str]) -> str:
    """The readable name of the strategy a policy follows, as in :func:`policies`.

    ``policy`` may name choices at decisions it never reaches (as a
    :class:`~decisiontree.Result`'s policy does); they are ignored.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("now?", [
    ...     dt.Branch("wait", dt.Decision("then?", [
    ...         dt.Branch("treatment A", dt.Terminal("A", payoff=3)),
    ...         dt.Branch("treatment B", dt.Terminal("B", payoff=2)),
    ...     ])),
    ...     dt.Branch("act", dt.Terminal("acted", payoff=1)),
    ... ]))
    >>> policy_name(tree, dt.evaluate(tree).policy)
    'wait → treatment A'
    """
    tree = arguments.tree_of(tree, "policy_name")
    return _reduce(tree, _shape(tree), policy, {})[0].name


# --------------------------------------------------------------------------- strategies as options


def _strategies(
    tree: Tree, strategies: Iterable[Mapping[Path, str]] | None
) -> list[tuple[Strategy, dict[int, int]]]:
    """Each strategy with its choices by node index: every strategy of the tree, or the given ones."""
    shape = _shape(tree)
    paths: dict[int, Path] = {}
    if strategies is None:
        listed = _listed(tree, shape, MAX_POLICIES)
        return [(_strategy(tree, shape, items, paths), dict(items)) for items in listed]
    if isinstance(strategies, Mapping):
        raise ArgumentError("strategies must be a list of policies, not one policy; wrap it in a list")
    given = items(strategies, "strategies", "policies", ArgumentError)
    found = [_reduce(tree, shape, s, paths) for s in given]
    if not found:
        raise ArgumentError("strategies is empty")
    seen: dict[str, int] = {}
    named = []
    for strategy, choice in found:  # the same strategy twice gets a numbered name: labels stay unique
        seen[strategy.name] = seen.get(strategy.name, 0) + 1
        if seen[strategy.name] > 1:
            strategy = Strategy(strategy.items(), f"{strategy.name} #{seen[strategy.name]}")
        named.append((strategy, choice))
    return named


def strategy_tree(
    tree: Tree, strategies: Iterable[Mapping[Path, str]] | None = None, *, name: str = "strategy"
) -> Tree:
    """A tree whose root decision has one branch per strategy, labelled with its name.

    Below each branch is ``tree`` with every decision the strategy reaches
    reduced to its chosen branch (decisions it does not reach are left as
    they are: they are never reached). Any analysis of the options at a
    decision then applies to whole strategies: ``dt.psa(strategy_tree(t),
    n)`` samples every strategy's value with the same draws.

    Parameters
    ----------
    tree : Tree
    strategies : list of policies, optional
        Default: every strategy of :func:`policies`.
    name : str
        The name of the new root decision.

    Raises
    ------
    TooLargeError
        When the strategies' trees together would have more than
        :data:`MAX_STRATEGY_TREE_NODES` nodes.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("now?", [
    ...     dt.Branch("wait", dt.Decision("then?", [
    ...         dt.Branch("treatment A", dt.Terminal("A", payoff=3)),
    ...         dt.Branch("treatment B", dt.Terminal("B", payoff=2)),
    ...     ])),
    ...     dt.Branch("act", dt.Terminal("acted", payoff=1)),
    ... ]))
    >>> dt.evaluate(strategy_tree(tree)).option_values()
    {'wait → treatment A': 3.0, 'wait → treatment B': 2.0, 'act': 1.0}
    """
    tree = arguments.tree_of(tree, "strategy_tree")
    return _build(tree, _strategies(tree, strategies), name)


def _build(tree: Tree, chosen: Sequence[tuple[Strategy, Mapping[int, int]]], name: str = "strategy") -> Tree:
    """The strategy tree of :func:`strategy_tree`, from strategies with their choices by node index."""
    shape = _shape(tree)
    index = tree.index
    nodes, first = index.nodes, index.first_child
    kind, has_decision = shape.kind, shape.has_decision
    total = 1 + sum(_reduced_size(tree, shape, choice) for _, choice in chosen)
    if total > MAX_STRATEGY_TREE_NODES:
        raise TooLargeError(
            f"the {len(chosen):,} strategies' trees have {total:,} nodes together; more than "
            f"{MAX_STRATEGY_TREE_NODES:,} is refused (pass fewer strategies)"
        )
    branches = []
    for strategy, choice in chosen:
        order: list[int] = []
        stack = [0] if has_decision[0] else []
        while stack:
            i = stack.pop()
            order.append(i)
            if kind[i] == "decision":
                child = first[i] + choice[i]
                if has_decision[child]:
                    stack.append(child)
            else:
                count = len(nodes[i].branches)  # type: ignore[union-attr]
                stack.extend(c for c in range(first[i], first[i] + count) if has_decision[c])
        built: dict[int, Any] = {}
        for i in reversed(order):  # children before parents
            node: Any = nodes[i]
            if kind[i] == "decision":
                k = choice[i]
                branch = node.branches[k]
                child = first[i] + k
                kept = attrs.evolve(branch, node=built.pop(child)) if child in built else branch
                built[i] = attrs.evolve(node, branches=(kept,))
            else:
                built[i] = attrs.evolve(
                    node,
                    branches=tuple(
                        attrs.evolve(b, node=built.pop(first[i] + k)) if first[i] + k in built else b
                        for k, b in enumerate(node.branches)
                    ),
                )
        branches.append(Branch(strategy.name, built.get(0, tree.root)))
    return Tree(Decision(name, branches), tree.parameters, name=tree.name, description=tree.description)


def _reduced_size(tree: Tree, shape: _Shape, choice: Mapping[int, int]) -> int:
    """The number of nodes of ``tree`` with the strategy's decisions reduced to their choice."""
    index = tree.index
    nodes, first = index.nodes, index.first_child
    kind, has_decision, size = shape.kind, shape.has_decision, shape.size
    total = 0
    stack = [0]
    while stack:
        i = stack.pop()
        if not has_decision[i]:
            total += size[i]
            continue
        total += 1
        if kind[i] == "decision":
            stack.append(first[i] + choice[i])
        else:
            stack.extend(range(first[i], first[i] + len(nodes[i].branches)))  # type: ignore[union-attr]
    return total


# --------------------------------------------------------------------------- values


def _evaluate_strategies(
    tree: Tree,
    strategies: Iterable[Mapping[Path, str]] | None = None,
    *,
    values: Mapping[Any, Any] | None = None,
    exact: bool = False,
    draws: int | None = None,
    seed: Any = None,
    keys: Sequence[str] = (),
    executor: Any = None,
    chunk_size: int | None = None,
) -> tuple[list[Strategy], Any]:
    """The one place that asks the library's evaluation for the value of whole strategies.

    Without ``draws``: ``(strategies, values)`` where ``values[s]`` is the
    expected total payoff of strategy ``s`` (a number, or ``{key: number}``
    for mapping payoffs), exact with ``exact=True``. With ``draws``: a Monte
    Carlo run over the parameters' distributions, ``values`` mapping each
    payoff key in ``keys`` to an ``(draws, strategies)`` float array, every
    key valued on the same draws (same ``seed``).
    """
    import numpy as np

    from ..evaluate import evaluate
    from .psa import psa

    pairs = _strategies(tree, strategies)
    options = _build(tree, pairs)
    chosen = [strategy for strategy, _ in pairs]
    actors = tree.actors
    if draws is None:
        result = evaluate(options, values, exact=exact, objective=actors[0] if actors else None)
        found = result.option_values(())
        return chosen, [found[s.name] for s in chosen]
    sampled = {}
    for key in keys:
        given = seed
        if isinstance(seed, np.random.SeedSequence):  # psa spawns from it: give each run a fresh copy
            given = np.random.SeedSequence(
                seed.entropy,
                spawn_key=seed.spawn_key,
                pool_size=seed.pool_size,
                n_children_spawned=seed.n_children_spawned,
            )
        with warnings.catch_warnings():  # the caller warns about a model without distributions
            warnings.simplefilter("ignore", NoUncertaintyWarning)
            run = psa(
                options,
                draws,
                seed=given,
                objective={key: 1},
                values=values,
                executor=executor,
                chunk_size=chunk_size,
                progress=False,
            )
        sampled[key] = run.values
    return chosen, sampled


def _weights(tree: Tree, objective: Any, actor: str | None, exact: bool) -> Any:
    """The (A,) weights of the reported payoff, or ``None`` to report whole mappings (or numbers)."""
    if actor is not None and objective is not None:
        raise ArgumentError("give actor= or objective=, not both")
    if actor is None and objective is None:
        return None
    core = compile_tree(tree)
    if actor is not None:
        return arguments.reported_weights(core, actor=actor, exact=exact)
    return arguments.objective_vector(core, objective, exact=exact)


def policy_values(
    tree: Tree,
    strategies: Iterable[Mapping[Path, str]] | None = None,
    *,
    values: Mapping[Any, Any] | None = None,
    exact: bool = False,
    objective: str | Mapping[str, Any] | None = None,
    actor: str | None = None,
) -> dict[str, Any]:
    """The expected value of every strategy: ``{strategy name: value}``.

    Parameters
    ----------
    tree : Tree
    strategies : list of policies, optional
        Default: every strategy of :func:`policies`.
    values, exact
        Parameter values and arithmetic, as in :func:`~decisiontree.evaluate`.
    objective : str or mapping, optional
        With mapping payoffs: the weighted sum ``{key: weight}`` (or one key)
        to report. Without ``objective`` or ``actor`` each value is the
        whole mapping.
    actor : str, optional
        With mapping payoffs: report this key's component.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Treat?", [
    ...     dt.Branch("drug", dt.Terminal("on drug", payoff={"cost": 900, "qaly": 2})),
    ...     dt.Branch("no drug", dt.Terminal("untreated", payoff={"cost": 100, "qaly": 1})),
    ... ]))
    >>> policy_values(tree, actor="qaly")
    {'drug': 2.0, 'no drug': 1.0}
    >>> policy_values(tree, objective={"qaly": 1000, "cost": -1}, exact=True)
    {'drug': 1100, 'no drug': 900}
    """
    tree = arguments.tree_of(tree, "policy_values")
    exact = arguments.flag(exact, "exact")
    weights = _weights(tree, objective, actor, exact)
    chosen, found = _evaluate_strategies(tree, strategies, values=values, exact=exact)
    if weights is None:
        return {s.name: v for s, v in zip(chosen, found, strict=True)}
    weights = [as_sympy_number(w) if exact else float(w) for w in weights]
    out = {}
    for strategy, value in zip(chosen, found, strict=True):
        total: Any = 0
        for key, weight in zip(tree.actors, weights, strict=True):
            total = total + weight * value[key]
        out[strategy.name] = total
    return out
