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
import math
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import numpy as np
import sympy

from .compiled import (
    DECISION,
    TERMINAL,
    Arrays,
    CompiledTree,
    compile_tree,
    decision_weights,
    parameter_values,
)
from .errors import DecisionTreeError, ModelError
from .model import Tree
from .utility import ExponentialUtility

__all__ = ["Policy", "Result", "Scenario", "evaluate"]

Path = tuple[str, ...]


@attrs.frozen
class Scenario:
    """One way the future can unfold under the policy: a terminal reached.

    ``payoff`` is the total payoff on the path (branch payoffs plus the
    terminal's own), a number or a per-actor mapping.
    """

    path: Path
    probability: Any
    payoff: Any
    terminal: str = ""


class Policy(Mapping[Path, str]):
    """The chosen branch label at every decision node, keyed by path.

    A lazy, read-only mapping: paths are built when asked for, so trees with
    very deep decision chains stay cheap. Compares equal to a plain dict.
    """

    def __init__(self, core: CompiledTree, choice: np.ndarray) -> None:
        self._core = core
        self._choice = choice
        self._decisions = np.flatnonzero(core.kind == DECISION)

    def _label(self, index: int) -> str:
        node = self._core.tree.index.nodes[index]
        return node.branches[int(self._choice[index])].label  # type: ignore[union-attr]

    def __getitem__(self, path: Path) -> str:
        try:
            index = self._core.tree.index.find(path)
        except (KeyError, TypeError):
            raise KeyError(path) from None
        if self._core.kind[index] != DECISION:
            raise KeyError(path)
        return self._label(index)

    def __iter__(self) -> Iterator[Path]:
        for index in self._decisions:
            yield self._core.path(int(index))

    def __len__(self) -> int:
        return len(self._decisions)

    def items(self) -> Any:
        return [(self._core.path(int(i)), self._label(int(i))) for i in self._decisions]

    def __repr__(self) -> str:
        return repr(dict(self.items()))


@attrs.frozen(eq=False)
class Result:
    """The evaluation of a tree: value, policy, scenarios and node values.

    Build one with :func:`evaluate`. Values are floats, or sympy ``Rational``
    with ``exact=True``, or ``{actor: value}`` dicts for per-actor payoffs.
    """

    tree: Tree
    values: Mapping[str, Any]
    exact: bool
    objective: Any
    utility: Any
    _core: CompiledTree = attrs.field(repr=False)
    _arrays: Arrays = attrs.field(repr=False)
    _value: np.ndarray = attrs.field(repr=False)
    _choice: np.ndarray = attrs.field(repr=False)
    _expected_utility: np.ndarray | None = attrs.field(repr=False, default=None)
    _certainty_equivalent: np.ndarray | None = attrs.field(repr=False, default=None)

    def _scalar(self, x: Any) -> Any:
        return sympy.Rational(x.numerator, x.denominator) if self.exact else float(x)

    def _number(self, row: np.ndarray) -> Any:
        items = [self._scalar(x) for x in row]
        if self._core.actors:
            return dict(zip(self._core.actors, items, strict=True))
        return items[0]

    @property
    def value(self) -> Any:
        """The expected total payoff at the root under the policy."""
        return self._number(self._value[0])

    def value_at(self, path: Path) -> Any:
        """The value of the subtree at ``path``: what is still to come from that node.

        Payoffs on the branches leading to it, the last one included, are not part of it.
        """
        return self._number(self._value[self.tree.index.find(path)])

    def node_value(self, index: int) -> Any:
        """The value of node ``index`` (breadth-first, as in ``tree.index``); see :meth:`value_at`."""
        return self._number(self._value[index])

    def branch_probability(self, index: int) -> Any:
        """The probability of the branch into node ``index`` (breadth-first), COMPLEMENT resolved."""
        return self._scalar(self._arrays.probability[index, 0])

    def chosen_branch(self, index: int) -> int:
        """The position of the branch chosen at decision ``index`` (breadth-first); -1 elsewhere."""
        return int(self._choice[index])

    def option_values(self, path: Path = ()) -> dict[str, Any]:
        """The value of each branch at the node at ``path``, its branch payoff included.

        At a decision these are the values the choice compares.
        """
        index = self.tree.index
        node = index.nodes[index.find(path)]
        branches = getattr(node, "branches", ())
        first = index.first_child[index.find(path)]
        payoff = self._arrays.payoff[:, :, 0]
        return {
            branch.label: self._number(payoff[first + k] + self._value[first + k])
            for k, branch in enumerate(branches)
        }

    @functools.cached_property
    def policy(self) -> Policy:
        """``{decision path: chosen label}`` for every decision, on and off the optimal path."""
        return Policy(self._core, self._choice)

    def choice(self, name: str) -> str:
        """The label chosen at the decision called ``name``.

        ``KeyError`` if no decision has that name, ``ValueError`` if several do.
        """
        nodes = self.tree.index.nodes
        found = [i for i in np.flatnonzero(self._core.kind == DECISION) if nodes[i].name == name]
        if not found:
            names = sorted({nodes[i].name for i in np.flatnonzero(self._core.kind == DECISION)})
            raise KeyError(f"no decision named {name!r}; decisions are {names}")
        if len(found) > 1:
            paths = [self._core.path(int(i)) for i in found]
            raise ValueError(f"{len(found)} decisions are named {name!r}, at {paths}; use policy[path]")
        return self.policy[self._core.path(int(found[0]))]

    @functools.cached_property
    def reach(self) -> np.ndarray:
        """The probability of reaching each node (breadth-first order) under the policy."""
        return self._core.reach(self._arrays, self._choice)[:, 0]

    @functools.cached_property
    def scenarios(self) -> tuple[Scenario, ...]:
        """One :class:`Scenario` per terminal reached with positive probability, in tree order."""
        core = self._core
        reach = self.reach
        terminals = sorted(
            (int(i) for i in np.flatnonzero((core.kind == TERMINAL) & (reach > 0))),
            key=self._preorder_key,
        )
        totals = self._totals
        nodes = self.tree.index.nodes
        return tuple(
            Scenario(core.path(i), self._scalar(reach[i]), self._number(totals[i]), nodes[i].name)
            for i in terminals
        )

    def _preorder_key(self, index: int) -> tuple[int, ...]:
        key = []
        while index > 0:
            key.append(int(self._core.position[index]))
            index = int(self._core.parent[index])
        return tuple(reversed(key))

    @functools.cached_property
    def _totals(self) -> np.ndarray:
        return self._core.totals(self._arrays)[:, :, 0]

    @property
    def expected_utility(self) -> Any:
        """The expected utility at the root (``None`` without a utility)."""
        return None if self._expected_utility is None else self._number(self._expected_utility)

    @property
    def certainty_equivalent(self) -> Any:
        """The sure payoff as good as the gamble at the root (``None`` without a utility)."""
        return None if self._certainty_equivalent is None else self._number(self._certainty_equivalent)

    def ranked_scenarios(self, top: int | None = None) -> list[Scenario]:
        """Scenarios from most to least likely (ties in tree order)."""
        ranked = sorted(self.scenarios, key=lambda s: -float(s.probability))
        return ranked if top is None else ranked[:top]

    def __str__(self) -> str:
        from .render.text import summary

        return summary(self)

    def __repr__(self) -> str:
        name = self.tree.name or self.tree.root.name
        return f"<Result {name!r}: value {_short(self.value)}, {len(self.policy)} decisions>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from .render.backend import mimebundle

        return mimebundle(self, include, exclude)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {float(v):.6g}" for k, v in value.items()) + "}"
    return f"{float(value):.6g}"


def evaluate(
    tree: Tree,
    values: Mapping[Any, Any] | None = None,
    *,
    exact: bool = False,
    objective: str | Mapping[str, Any] | None = None,
    utility: Any = None,
) -> Result:
    """Roll a tree back: the expected value, the optimal policy and the scenarios.

    Decisions maximise (ties go to the first branch); chance nodes average.
    With per-actor payoffs, a decision with an ``owner`` maximises that
    owner's component (backward induction); an unowned one maximises
    ``objective`` (a payoff key or ``{key: weight}``).

    Parameters
    ----------
    tree : Tree
        The model.
    values : mapping, optional
        ``{parameter name or Parameter: number}`` overriding the base values.
    exact : bool
        Exact rational arithmetic (results are sympy ``Rational``).
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    utility : Utility, optional
        For example ``ExponentialUtility(risk_tolerance=100)``: decisions then
        maximise the expected utility of the total path payoff.

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
    """
    if not isinstance(tree, Tree):
        raise DecisionTreeError(f"evaluate() needs a Tree, got {type(tree).__name__}")
    if utility is not None and not (callable(utility) and callable(getattr(utility, "inverse", None))):
        raise DecisionTreeError(
            f"utility must be a Utility or ExponentialUtility (a function with an inverse), got {utility!r}"
        )
    if exact and utility is not None:
        raise DecisionTreeError("exact=True cannot be combined with a utility (utilities are not rational)")
    core = compile_tree(tree)
    params = parameter_values(tree, values, exact=exact)
    for name, value in params.items():
        if np.ndim(value) != 0:
            raise ModelError(f"parameter {name!r}: evaluate() takes one number per parameter")
    weights = decision_weights(core, objective, exact=exact)
    arrays = core.resolve(params, exact=exact)
    expected_utility = certainty = None
    if utility is None:
        rolled = core.rollback(arrays, weights)
    else:
        totals = core.totals(arrays)
        terminal = (core.kind == TERMINAL)[:, None, None]
        if isinstance(utility, ExponentialUtility):  # certainty equivalents, rolled back stably
            tolerance = None if math.isinf(utility.risk_tolerance) else float(utility.risk_tolerance)
            own = np.where(terminal, totals, 0.0)
            by_utility = core.rollback(
                arrays, weights, own=own, with_branch_payoffs=False, risk_tolerance=tolerance
            )
            certainty = by_utility.value[0, :, 0]
        else:
            own = np.where(terminal, utility(totals), 0.0)
            by_utility = core.rollback(arrays, weights, own=own, with_branch_payoffs=False)
            certainty = utility.inverse(by_utility.value[0, :, 0])
        rolled = core.rollback(arrays, weights, fixed=by_utility.choice[:, 0])
        expected_utility = utility(certainty)
    return Result(
        tree=tree,
        values=params,
        exact=exact,
        objective=objective,
        utility=utility,
        core=core,
        arrays=arrays,
        value=rolled.value[:, :, 0],
        choice=rolled.choice[:, 0],
        expected_utility=expected_utility,
        certainty_equivalent=certainty,
    )
