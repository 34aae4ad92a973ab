"""Rollback: expected values, the optimal policy and the scenarios it leads to.

>>> import decisiontree as dt
>>> hold = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8)
>>> cost = dt.Parameter("troop_cost", 20, low=10, high=40)
>>> tree = dt.Tree(dt.Decision("Paris summit", [
...     dt.Branch("Deploy force", dt.Chance("Ceasefire", [
...         dt.Branch("holds", dt.Terminal("Stable", payoff=100), probability=hold),
...         dt.Branch("breaks", dt.Terminal("War", payoff=-50), probability=dt.COMPLEMENT),
...     ]), payoff=-cost),
...     dt.Branch("Stay out", dt.Terminal("Status quo", payoff=0)),
... ]), parameters=[hold, cost])
>>> result = dt.evaluate(tree)
>>> result.value, result.policy, result.value_at(("Deploy force",))
(20.0, {(): 'Deploy force'}, 40.0)
"""

from __future__ import annotations

import functools
import heapq
import math
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from . import _arguments as arguments
from ._core import RULES, Compiled, Options, Rolled, compile_tree, expanded_core
from .errors import ArgumentError, ModelError, NotFoundError, TooLargeError, among, brief
from .model import CHANCE, DECISION, DISPLAY, TERMINAL, FlatTree, Tree
from .number import as_sympy_number, number_repr
from .tables import Table, result_table
from .utility import ExponentialUtility, undefined_at

__all__ = ["NodeNumbers", "Policy", "Result", "ResultArrays", "Scenario", "evaluate", "node_numbers"]

Path = tuple[str, ...]


@attrs.frozen
class Scenario:
    """One way the future can unfold under the policy: a terminal reached.

    ``payoff`` is the total payoff on the path (branch payoffs plus the
    terminal's own), a number or a per-actor mapping.
    """

    path: Path
    probability: Any = attrs.field(repr=number_repr)
    payoff: Any = attrs.field(repr=number_repr)
    terminal: str = ""


class Policy(Mapping[Path, str]):
    """The chosen branch label at every decision node, keyed by path.

    A lazy, read-only mapping: paths are built when asked for, so trees with
    very deep decision chains (or shared subtrees reached by billions of
    paths) stay cheap. Compares equal to a plain dict.
    """

    def __init__(self, result: Result) -> None:
        self._result: Result = arguments.of_kind(result, Result, "Policy", "a Result (from evaluate)")

    def __getitem__(self, path: Path) -> str:
        tree = self._result.tree
        try:
            node = tree.flat.find(path)
        except (KeyError, TypeError):
            raise KeyError(path) from None
        if tree.flat.kind[node] != DECISION:
            raise KeyError(path)
        return self._result._label(node)

    def __iter__(self) -> Iterator[Path]:
        tree = self._result.tree
        if not tree.listable:
            raise TooLargeError(
                f"this tree has {tree.paths:,} nodes path by path, too many to list its policy; "
                "look a decision up with policy[path]"
            )
        return self._paths()

    def __len__(self) -> int:
        tree = self._result.tree
        flat = tree.flat
        decisions = flat.kind == DECISION
        if not flat.shared:
            return int(decisions.sum())
        total = int(flat.count_paths()[decisions].sum())
        if total > sys.maxsize:
            raise TooLargeError(f"the policy has {total:,} decision paths, more than a length can hold")
        return total

    def __repr__(self) -> str:
        """The first 1,000 entries in the order of iteration, read lazily (a tree too large to
        list shows them too, though it cannot be iterated in full)."""
        shown = []
        for k, path in enumerate(self._paths()):
            if k == 1000:
                shown.append("...")
                break
            shown.append(f"{path!r}: {self[path]!r}")
        return "{" + ", ".join(shown) + "}"

    def _paths(self) -> Iterator[Path]:
        """Every decision's path, breadth first, walked lazily over the distinct nodes."""
        flat = self._result.tree.flat
        for path, node in _breadth_first(flat, flat.edges):
            if flat.kind[node] == DECISION:
                yield path


@attrs.frozen(eq=False)
class ResultArrays:
    """A result's numbers node by node, in the order of ``tree.index`` (path by path).

    ``value`` (P, A): what is still to come at each node; ``choice`` (P,): the
    position of the branch chosen at a decision (-1 elsewhere);
    ``probability`` (P,): the probability of the branch into the node (1 for
    the root and below decisions); ``payoff`` (P, A): the payoff of the branch
    into the node; ``own`` (P, A): a terminal's own payoff; ``reach`` (P,): the
    probability of reaching the node under the policy; ``total`` (P, A): the
    payoff accumulated on the path to the node, its own payoff included.
    Floats, or Fractions for an exact result. ``A`` is 1 for scalar payoffs.
    """

    value: np.ndarray
    choice: np.ndarray
    probability: np.ndarray
    payoff: np.ndarray
    own: np.ndarray
    reach: np.ndarray
    total: np.ndarray


@attrs.frozen(eq=False)
class Result:
    """The evaluation of a tree: value, policy, scenarios and node values.

    Build one with :func:`evaluate`. Values are floats, or sympy ``Rational``
    with ``exact=True``, or ``{actor: value}`` dicts for per-actor payoffs.
    Everything but the root value is computed when first asked for.
    """

    tree: Tree
    values: Mapping[str, Any]
    exact: bool
    objective: Any
    utility: Any
    rule: str
    _core: Compiled = attrs.field(repr=False)
    _options: Options = attrs.field(repr=False)
    _root: np.ndarray = attrs.field(repr=False)
    _forced: np.ndarray | None = attrs.field(repr=False, default=None)
    _expected_utility: np.ndarray | None = attrs.field(repr=False, default=None)
    _certainty_equivalent: np.ndarray | None = attrs.field(repr=False, default=None)

    # ----- numbers

    def _scalar(self, x: Any) -> Any:
        return as_sympy_number(x) if self.exact else float(x)

    def _number(self, row: np.ndarray) -> Any:
        items = [as_sympy_number(x) for x in row] if self.exact else row.tolist()  # floats, as _scalar's
        if self.tree.actors:
            return dict(zip(self.tree.actors, items, strict=True))
        return items[0]

    @functools.cached_property
    def _rolled(self) -> Rolled:
        """Every node's value and choice (the rollback run again, in arrays of its own)."""
        return self._core.run(self.values, self._options, exact=self.exact, fresh=True, forced=self._forced)

    def _label(self, node: int) -> str:
        row = self._core.plan.decision_row[node]
        position = int(self._rolled.choice[row, 0])
        return self.tree.flat.nodes[node].branches[position].label  # type: ignore[no-any-return]

    @property
    def value(self) -> Any:
        """The expected total payoff at the root under the policy."""
        return self._number(self._root)

    def value_at(self, path: Path) -> Any:
        """The value of the subtree at ``path``: what is still to come from that node.

        Payoffs on the branches leading to it, the last one included, are not part of it.
        """
        return self._number(self._rolled.value[arguments.node(self.tree, path), :, 0])

    def option_values(self, path: Path = ()) -> dict[str, Any]:
        """The value of each branch at the node at ``path``, its branch payoff included.

        At a decision these are the values the choice compares.
        """
        node = arguments.node(self.tree, path)
        flat = self.tree.flat
        rolled = self._rolled
        out = {}
        for k, edge in enumerate(flat.edges(node)):
            branch = flat.nodes[node].branches[k]
            out[branch.label] = self._number(rolled.payoff[edge, :, 0] + rolled.value[flat.child[edge], :, 0])
        return out

    def _branch_probabilities(self, path: Path) -> list[Any]:
        """The probability of each branch of the chance node at ``path``, COMPLEMENT resolved."""
        node = arguments.node(self.tree, path)
        return [self._scalar(self._rolled.probability[edge, 0]) for edge in self.tree.flat.edges(node)]

    @functools.cached_property
    def policy(self) -> Policy:
        """``{decision path: chosen label}`` for every decision, on and off the optimal path."""
        return Policy(self)

    def choice(self, name: str) -> str:
        """The label chosen at the decision called ``name``.

        ``KeyError`` if no decision has that name, ``ValueError`` if several do.
        """
        if not isinstance(name, str):
            raise ArgumentError(f"a decision is named by text, got {brief(name)}")
        flat = self.tree.flat
        decisions = np.flatnonzero(flat.kind == DECISION)
        found = [int(i) for i in decisions if flat.nodes[i].name == name]
        if not found:
            names = sorted({flat.nodes[i].name for i in decisions})
            raise NotFoundError(f"no decision named {brief(name)}; decisions are {names}")
        if len(found) > 1:
            paths = [self._core.path(i) for i in found]
            raise ArgumentError(f"{len(found)} decisions are named {name!r}, at {paths}; use policy[path]")
        return self._label(found[0])

    # ----- node by node (path by path)

    @functools.cached_property
    def arrays(self) -> ResultArrays:
        """The result's numbers node by node (:class:`ResultArrays`), in the order of ``tree.index``."""
        index = self.tree.index
        rolled = self._rolled
        distinct = np.asarray(index.distinct, dtype=np.intp)
        value = rolled.value[distinct, :, 0]
        choice = np.full(len(distinct), -1, dtype=np.intp)
        rows = self._core.plan.decision_row[distinct]
        choice[rows >= 0] = rolled.choice[rows[rows >= 0], 0]
        probability, payoff, own = _by_node(
            self.tree, rolled.probability, rolled.payoff, rolled.value, self.exact
        )
        core = expanded_core(self.tree)
        if core is self._core:
            expanded = rolled
        else:
            forced = np.asarray(choice, dtype=np.intp)
            weights = arguments.objective_weights(core, self.objective, exact=self.exact)  # this core's table
            expanded = core.run(
                self.values,
                Options(weights, (), self.rule, self._options.risk_tolerance),
                exact=self.exact,
                forced=forced,
            )
        reach = core.reach(expanded)[:, 0]
        total = core.totals(expanded)[:, :, 0]
        return ResultArrays(value, choice, probability, payoff, own, reach, total)

    def node_value(self, index: int) -> Any:
        """The value of node ``index`` of ``tree.index``; see :meth:`value_at`."""
        distinct = self.tree.index.distinct
        return self._number(
            self._rolled.value[distinct[arguments.position(index, len(distinct), "node")], :, 0]
        )

    def branch_probability(self, index: int) -> Any:
        """The probability of the branch into node ``index`` of ``tree.index``, COMPLEMENT resolved."""
        probability = self.arrays.probability
        return self._scalar(probability[arguments.position(index, len(probability), "node")])

    def chosen_branch(self, index: int) -> int:
        """The position of the branch chosen at decision ``index`` of ``tree.index``; -1 elsewhere."""
        choice = self.arrays.choice
        return int(choice[arguments.position(index, len(choice), "node")])

    @property
    def reach(self) -> np.ndarray:
        """The probability of reaching each node of ``tree.index`` under the policy."""
        return self.arrays.reach

    @functools.cached_property
    def scenarios(self) -> tuple[Scenario, ...]:
        """One :class:`Scenario` per terminal reached with positive probability, in tree order."""
        if not self.tree.listable:
            raise TooLargeError(
                f"this tree has {self.tree.paths:,} paths; "
                "list the most probable ones with ranked_scenarios(top=k)"
            )
        arrays = self.arrays
        index = self.tree.index
        reached = (arrays.reach > 0).tolist()
        return tuple(
            Scenario(path, self._scalar(arrays.reach[i]), self._number(arrays.total[i]), index.nodes[i].name)
            for i, path in index.terminal_paths(reached.__getitem__)
        )

    def ranked_scenarios(self, top: int | None = None) -> list[Scenario]:
        """Scenarios from most to least likely (ties in tree order); the ``top`` most likely if given.

        With shared subtrees reached by more paths than can be listed, the
        ``top`` most likely are found directly (best first), without listing the others.
        """
        if top is not None:
            top = arguments.count(top, "top", minimum=0)
        if self.tree.listable:
            ranked = sorted(self.scenarios, key=lambda s: -float(s.probability))
            return ranked if top is None else ranked[:top]
        if top is None:
            raise TooLargeError(f"this tree has {self.tree.paths:,} paths; ask for ranked_scenarios(top=k)")
        return self._most_likely(top)

    def _most_likely(self, top: int) -> list[Scenario]:
        """The ``top`` most likely scenarios by best-first search, guided by each node's likeliest way down.

        A path's priority is its probability so far times that of the likeliest
        path below its last node (:meth:`_likeliest`): the likeliest terminal
        leaves the heap first, then the next, and the search expands only what
        the top scenarios pass through. Priorities are exact (a float is an
        exact fraction), so ties are ties and leave in tree order, which the
        branch positions give.
        """
        flat = self.tree.flat
        kind = flat.kind.tolist()
        start = flat.start.tolist()
        child = flat.child.tolist()
        onward = self._onward
        # the branches' probabilities as exact fractions (a decision's branches hold nan, never used)
        chance = [Fraction(p) if p == p else Fraction(0) for p in self._rolled.probability[:, 0].tolist()]
        likeliest = self._likeliest(chance)
        heap: list[tuple[Fraction, tuple[int, ...], int, Fraction]] = [(-likeliest[0], (), 0, Fraction(1))]
        out: list[Scenario] = []
        while heap and len(out) < top:
            _, positions, node, p = heapq.heappop(heap)
            if kind[node] == TERMINAL:
                out.append(self._scenario(positions))
            for edge in onward[node]:
                q = p * chance[edge] if kind[node] == CHANCE else p
                below = child[edge]
                heapq.heappush(heap, (-q * likeliest[below], (*positions, edge - start[node]), below, q))
        return out

    def _likeliest(self, chance: list[Fraction]) -> list[Fraction]:
        """The probability of the likeliest terminal path below each distinct node, under the policy
        (never 0: some branch of every chance node has a positive probability)."""
        flat = self.tree.flat
        kind = flat.kind.tolist()
        child = flat.child.tolist()
        onward = self._onward
        likeliest = [Fraction(1)] * flat.size
        for node in reversed(flat.topological_order().tolist()):
            if kind[node] == DECISION:
                likeliest[node] = likeliest[child[onward[node][0]]]
            elif kind[node] == CHANCE:
                likeliest[node] = max(chance[e] * likeliest[child[e]] for e in onward[node])
        return likeliest

    @functools.cached_property
    def _onward(self) -> list[tuple[int, ...]]:
        """The edges the policy goes on by from each distinct node: the chosen one at a decision,
        those of positive probability at a chance node, none at a terminal."""
        flat = self.tree.flat
        rows = self._core.plan.decision_row.tolist()
        choice = self._rolled.choice[:, 0].tolist()
        positive = (self._rolled.probability[:, 0] > 0).tolist()
        kind = flat.kind.tolist()
        start = flat.start.tolist()
        onward: list[tuple[int, ...]] = []
        for node in range(flat.size):
            if kind[node] == DECISION:
                onward.append((start[node] + choice[rows[node]],))
            elif kind[node] == CHANCE:
                onward.append(tuple(e for e in range(start[node], start[node + 1]) if positive[e]))
            else:
                onward.append(())
        return onward

    def _scenario(self, positions: tuple[int, ...]) -> Scenario:
        """The scenario of the terminal reached from the root by the branches at ``positions``."""
        flat = self.tree.flat
        rolled = self._rolled
        labels = []
        probability: Any = Fraction(1) if self.exact else 1.0
        total = 0 * rolled.value[0, :, 0]
        node = 0
        for k in positions:
            edge = int(flat.start[node]) + k
            if flat.kind[node] == CHANCE:
                probability = probability * rolled.probability[edge, 0]
            total = total + rolled.payoff[edge, :, 0]
            labels.append(flat.nodes[node].branches[k].label)
            node = int(flat.child[edge])
        return Scenario(
            tuple(labels),
            self._scalar(probability),
            self._number(total + rolled.value[node, :, 0]),
            flat.nodes[node].name,
        )

    @property
    def expected_utility(self) -> Any:
        """The expected utility at the root (``None`` without a utility)."""
        return None if self._expected_utility is None else self._number(self._expected_utility)

    @property
    def certainty_equivalent(self) -> Any:
        """The sure payoff as good as the gamble at the root (``None`` without a utility)."""
        return None if self._certainty_equivalent is None else self._number(self._certainty_equivalent)

    def to_table(self, what: str = "scenarios", *, path: Path = (), top: int | None = None) -> Table:
        """The result as a table: ``"scenarios"`` (most likely first; ``top`` of them),
        ``"policy"`` (every decision's choice) or ``"options"`` (the options at ``path``)."""
        return result_table(self, what, path=path, top=top)

    def to_frame(self, what: str = "scenarios", *, path: Path = (), top: int | None = None) -> Any:
        """The result as a pandas DataFrame; see ``to_table`` (needs pandas)."""
        return self.to_table(what, path=path, top=top).to_frame()

    def __str__(self) -> str:
        text = DISPLAY.get("text")
        return text(self) if text is not None else repr(self)

    def __repr__(self) -> str:
        name = self.tree.name or self.tree.root.name
        decisions = int((self.tree.flat.kind == DECISION).sum())
        return f"<Result {name!r}: value {_short(self.value)}, {decisions} decisions>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        bundle = DISPLAY.get("mimebundle")
        return bundle(self, include, exclude) if bundle is not None else {"text/plain": repr(self)}


@attrs.frozen
class NodeNumbers:
    """A tree's numbers node by node, in the order of ``tree.index``, without rolling back.

    ``probability`` (P,): of the branch into each node (1 for the root and
    below decisions); ``payoff`` (P, A): of the branch into each node;
    ``own`` (P, A): a terminal's own payoff; ``values``: every parameter's
    value, derived ones included. Floats, or Fractions when exact.
    """

    probability: np.ndarray
    payoff: np.ndarray
    own: np.ndarray
    values: Mapping[str, Any]


def node_numbers(tree: Tree, values: Mapping[Any, Any] | None = None, *, exact: bool = False) -> NodeNumbers:
    """The numbers of ``tree`` at ``values`` (base values by default), node by node.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("Coin", [
    ...     dt.Branch("heads", dt.Terminal("win", payoff=10), probability="1/4"),
    ...     dt.Branch("tails", dt.Terminal("lose"), probability=dt.COMPLEMENT),
    ... ]))
    >>> numbers = node_numbers(tree, exact=True)
    >>> [str(p) for p in numbers.probability], [str(x) for x in numbers.own[:, 0]]
    (['1', '1/4', '3/4'], ['0', '10', '0'])
    """
    tree = arguments.tree_of(tree, "node_numbers")
    core = compile_tree(tree)
    params = core.parameter_values(arguments.values(tree, values, exact=exact), exact=exact)
    probability, payoff, own = core.numbers(params, exact=exact)
    return NodeNumbers(*_by_node(tree, probability, payoff, own, exact), params)


def distinct_numbers(subject: Tree | Result) -> tuple[np.ndarray, np.ndarray, np.ndarray, Mapping[str, Any]]:
    """A tree's numbers (at its base values) or a result's, by :class:`~decisiontree.model.FlatTree`
    number (each shared node once): branch probability (E,), branch payoff (E, A), own payoff
    (N, A; zero but at terminals) and every parameter's value (derived ones included)."""
    if isinstance(subject, Result):
        tree, params, exact = subject.tree, subject.values, subject.exact
    else:
        tree, exact = subject, False
        params = compile_tree(tree).parameter_values(arguments.values(tree, None, exact=False), exact=False)
    probability, payoff, own = compile_tree(tree).numbers(params, exact=exact)
    return probability[:, 0], payoff[:, :, 0], own[:, :, 0], params


def distinct_values(result: Result) -> np.ndarray:
    """Each :class:`~decisiontree.model.FlatTree` node's value (N, A): what is still to come there."""
    return result._rolled.value[:, :, 0]  # type: ignore[no-any-return]


def policy_choices(result: Result) -> dict[int, int]:
    """The branch position each decision chooses, by :class:`~decisiontree.model.FlatTree` node."""
    flat = result.tree.flat
    return {
        node: edges[0] - int(flat.start[node])
        for node, edges in enumerate(result._onward)
        if flat.kind[node] == DECISION
    }


def reached(result: Result) -> Iterator[tuple[Path, int]]:
    """The nodes the policy reaches, as ``(path, FlatTree node)``, breadth first and lazily: a
    tree of shared subtrees is walked path by path only as far as the caller reads.

    A node is reached when every chance branch on its path has a positive probability and
    every decision on it chose the branch taken.
    """
    return _breadth_first(result.tree.flat, result._onward.__getitem__)


def _breadth_first(flat: FlatTree, edges: Callable[[int], Iterable[int]]) -> Iterator[tuple[Path, int]]:
    """``(path, FlatTree node)`` breadth first from the root along the ``edges(node)`` taken, lazily."""
    queue: deque[tuple[Path, int]] = deque([((), 0)])
    while queue:
        path, node = queue.popleft()
        yield path, node
        first = int(flat.start[node])
        branches = flat.nodes[node].branches if flat.kind[node] != TERMINAL else ()
        for edge in edges(node):
            queue.append(((*path, branches[edge - first].label), int(flat.child[edge])))


def reached_counts(result: Result) -> np.ndarray:
    """How many reached paths (see :func:`reached`) lead to each FlatTree node (exact integers)."""
    flat = result.tree.flat
    onward = result._onward
    counts = np.zeros(flat.size, dtype=object)
    counts[0] = 1
    for node in flat.topological_order().tolist():
        for edge in onward[node]:
            counts[flat.child[edge]] += counts[node]
    return counts


def _by_node(
    tree: Tree, probability: np.ndarray, payoff: np.ndarray, value: np.ndarray, exact: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Branch probabilities and payoffs (per edge of ``tree.flat``) and own payoffs (the values at
    its terminals), first draw, read node by node in the order of ``tree.index``."""
    index = tree.index
    flat = tree.flat
    distinct = np.asarray(index.distinct, dtype=np.intp)
    size = len(distinct)
    one = Fraction(1) if exact else 1.0
    by_node = np.full(size, one, dtype=object if exact else float)
    branch_payoff = np.zeros((size, flat.width), dtype=object if exact else float)
    if exact:
        branch_payoff[:] = Fraction(0)
    if size > 1:
        parent = distinct[np.asarray(index.parent[1:], dtype=np.intp)]
        edge = flat.start[parent] + np.asarray(index.position[1:], dtype=np.intp)
        by_node[1:] = np.where(flat.kind[parent] == CHANCE, probability[edge, 0], np.asarray(one))
        branch_payoff[1:] = payoff[edge, :, 0]
    own = value[distinct, :, 0]
    own = np.where((flat.kind[distinct] == TERMINAL)[:, None], own, 0 * own)
    return by_node, branch_payoff, own


def _short(value: Any) -> str:
    from .number import format_number

    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {format_number(v)}" for k, v in value.items()) + "}"
    return format_number(value)


def evaluate(
    tree: Tree,
    values: Mapping[Any, Any] | None = None,
    *,
    exact: bool = False,
    objective: str | Mapping[str, Any] | None = None,
    utility: Any = None,
    rule: str = "expected",
    policy: Mapping[Path, str] | None = None,
) -> Result:
    """Roll a tree back: the expected value, the optimal policy and the scenarios.

    Decisions maximise (ties go to the first branch); chance nodes average.
    With per-actor payoffs, a decision with an ``owner`` maximises that
    owner's component (backward induction); an unowned one maximises
    ``objective`` (a payoff key or ``{key: weight}``; negative weights
    minimise).

    Parameters
    ----------
    tree : Tree
        The model.
    values : mapping, optional
        ``{parameter name or Parameter: number}`` overriding the base values;
        derived parameters are recomputed from them. A derived parameter
        itself cannot be set (:class:`~decisiontree.ArgumentError` naming its
        inputs): set its inputs, or declare it as a plain parameter.
    exact : bool
        Exact rational arithmetic (results are sympy ``Rational``).
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    utility : Utility, optional
        For example ``ExponentialUtility(risk_tolerance=100)``: decisions then
        maximise the expected utility of the total path payoff.
    rule : str
        ``"expected"`` (the default), or a non-probabilistic rule:
        ``"maxi-min"`` (decisions maximise, chance nodes take their worst
        possible outcome), ``"maxi-max"`` (best outcome), ``"mini-min"`` and
        ``"mini-max"`` (decisions minimise, for costs; chance nodes take the
        lowest or the highest outcome). Outcomes of probability 0 are ignored
        (in floats, below 1e-9). With per-actor payoffs and an objective a
        chance node takes the whole payoff of its worst (best) outcome by the
        objective; with owners only, each actor's own worst (best). The
        value reported is the rule's, not an expectation; see
        "Rollback: what the numbers mean" in the docs for when to use which.
    policy : mapping, optional
        ``{decision path: label}`` holding some decisions fixed; the others
        are optimised given them.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Drill?", [
    ...     dt.Branch("drill", dt.Chance("Oil", [
    ...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability="3/10"),
    ...         dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
    ...     ]), payoff=-20),
    ...     dt.Branch("walk away", dt.Terminal("nothing")),
    ... ]))
    >>> result = dt.evaluate(tree, exact=True)
    >>> result.value, result.choice("Drill?")
    (10, 'drill')
    >>> [(s.path, s.probability, s.payoff) for s in result.scenarios]
    [(('drill', 'wet'), 3/10, 80), (('drill', 'dry'), 7/10, -20)]
    >>> dt.evaluate(tree, rule="maxi-min").choice("Drill?")
    'walk away'
    """
    tree = arguments.tree_of(tree, "evaluate")
    exact = arguments.flag(exact, "exact")
    if not among(rule, RULES):
        raise ArgumentError(f"rule must be one of {', '.join(map(repr, RULES))}, got {brief(rule)}")
    if utility is not None and not (callable(utility) and callable(getattr(utility, "inverse", None))):
        raise ArgumentError(
            "utility must be a Utility or ExponentialUtility (a function with an inverse), "
            f"got {brief(utility)}"
        )
    if exact and utility is not None:
        raise ArgumentError("exact=True cannot be combined with a utility (utilities are not rational)")
    if utility is not None and rule != "expected":
        raise ArgumentError(f"a utility needs the expected-value rule, not {brief(rule)}")
    core = compile_tree(tree)
    params = core.parameter_values(arguments.values(tree, values, exact=exact), exact=exact)
    weights = arguments.objective_weights(core, objective, exact=exact)
    fixed = arguments.forced_choices(tree, policy)
    options = core.options(weights, fixed, rule)
    if utility is None:
        root = core.run(params, options, exact=exact, root_only=True).root[:, 0].copy()
        return Result(tree, params, exact, objective, utility, rule, core, options, root)
    if isinstance(
        utility, ExponentialUtility
    ):  # certainty equivalents roll back like values (delta property)
        tolerance = None if math.isinf(utility.risk_tolerance) else float(utility.risk_tolerance)
        by_utility = core.run(params, Options(weights, fixed, rule, tolerance), exact=exact, fresh=True)
        certainty = by_utility.value[0, :, 0].copy()
    else:
        expanded = expanded_core(tree)
        if expanded is not core:
            raise ArgumentError(
                "a utility other than ExponentialUtility depends on the payoff gathered along each path; "
                "this tree shares subtrees, so use ExponentialUtility (its choices do not depend on the path)"
            )
        plain = core.run(params, options, exact=exact, fresh=True)
        terminals = core.plan.terminal_array
        totals = core.totals(plain)[terminals]
        utilities, bad = undefined_at(utility, totals)
        if bad >= 0:
            row = np.unravel_index(bad, totals.shape)
            raise ModelError(
                f"utility {brief(utility.name)} is not a finite number at this terminal's total payoff "
                f"{number_repr(totals[row])}; use a utility defined for every payoff the tree can give",
                core.path(int(terminals[row[0]])),
            )
        own = np.zeros((core.size, *totals.shape[1:]))
        own[terminals] = utilities
        by_utility = core.run(
            params, Options(weights, fixed, rule, None, branch_payoffs=False), exact=exact, own=own
        )
        expected = by_utility.value[0, :, 0]
        certainty, bad = undefined_at(utility, expected, inverse=True)
        if bad >= 0:
            raise ModelError(
                f"the certainty equivalent (the inverse of utility {brief(utility.name)} at the expected "
                f"utility {number_repr(expected[bad])}) is not a finite number"
            )
    forced = np.full(core.size, -1, dtype=np.intp)
    forced[core.plan.decisions] = by_utility.choice[:, 0]
    rolled = core.run(params, options, exact=exact, forced=forced)
    return Result(
        tree,
        params,
        exact,
        objective,
        utility,
        rule,
        core,
        options,
        rolled.value[0, :, 0].copy(),
        forced=forced,
        expected_utility=np.asarray(utility(certainty), dtype=float),
        certainty_equivalent=certainty,
    )
