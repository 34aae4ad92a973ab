"""Shared helpers of the analyses: naming parameters and decisions, and option values.

:func:`option_values` is the one place where sweeps (one-way, two-way,
tornado, numeric thresholds) and Monte Carlo ask the compiled core for the
value of every option at a decision, for many parameter settings at once.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, low=0, high=1)
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> labels, values = option_values(tree, {"p": [0.25, 0.75]})
>>> labels, values.tolist()
(('bet', 'pass'), [[-5.0, 5.0], [0.0, 0.0]])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np
import sympy

from ..compiled import DECISION, CompiledTree, compile_tree, decision_weights, parameter_values, segments
from ..errors import DecisionTreeError, ModelError
from ..expressions import symbol
from ..model import Parameter, Terminal, Tree, _unknown
from ..values import Payoffs

Path = tuple[str, ...]

__all__ = [
    "OptionSweep",
    "check_tree",
    "decision_node",
    "frame",
    "option_values",
    "parameter_range",
    "resolve_parameter",
    "sweep",
]

_CELLS_PER_CHUNK = 250_000
"""Sweeps are cut into chunks of draws so that one chunk holds about this many numbers per array."""


def check_tree(tree: Any, what: str) -> Tree:
    """``tree`` itself, or a :class:`DecisionTreeError` naming the function that needed a Tree."""
    if not isinstance(tree, Tree):
        raise DecisionTreeError(f"{what}() needs a Tree, got {type(tree).__name__}")
    return tree


def resolve_parameter(tree: Tree, parameter: Any) -> Parameter:
    """The tree's parameter named ``parameter`` (a name or a :class:`Parameter`).

    Unknown names raise :class:`ModelError` with a did-you-mean hint.
    """
    name = parameter.name if isinstance(parameter, Parameter) else parameter
    if not isinstance(name, str):
        raise ModelError(f"a parameter is given by its name or as a Parameter, got {parameter!r}")
    for declared in tree.parameters:
        if declared.name == name:
            return declared
    raise ModelError(_unknown("parameter", name, [p.name for p in tree.parameters]))


def parameter_range(parameter: Parameter, low: Any = None, high: Any = None) -> tuple[Any, Any]:
    """``(low, high)``: the arguments where given, else the parameter's own range."""
    low = parameter.low if low is None else low
    high = parameter.high if high is None else high
    if low is None or high is None:
        raise ModelError(
            f"parameter {parameter.name!r} has no range (low and high); declare one or pass low= and high="
        )
    for bound in (low, high):
        if isinstance(bound, bool) or (
            not isinstance(bound, (int, float)) and not hasattr(bound, "numerator")
        ):
            raise ModelError(f"parameter {parameter.name!r}: range bound {bound!r} is not a number")
    if not np.isfinite(float(low)) or not np.isfinite(float(high)):
        raise ModelError(f"parameter {parameter.name!r}: range [{low}, {high}] is not finite")
    if low > high:
        raise ModelError(f"parameter {parameter.name!r}: low {low} is above high {high}")
    return low, high


def decision_node(tree: Tree, decision: Sequence[str]) -> int:
    """The node index of the decision at path ``decision``; :class:`ModelError` if it is not one."""
    if isinstance(decision, str) or not isinstance(decision, Sequence):
        raise ModelError(f"decision must be a path (a tuple of branch labels), got {decision!r}")
    try:
        index = tree.index.find(tuple(decision))
    except KeyError as error:
        raise ModelError(f"no such node: {error.args[0]}", tuple(decision)) from None
    if compile_tree(tree).kind[index] != DECISION:
        raise ModelError("this node is not a decision", tuple(decision))
    return index


@attrs.frozen(eq=False)
class OptionSweep:
    """The options at one decision over ``K`` parameter settings.

    ``values`` (n_options, K) is each option's value (its branch payoff
    included) in the component the decision maximises; ``choice`` (K,) is
    the position of the optimal option, ties to the first as in
    :func:`~decisiontree.evaluate`; ``best`` (K,) the optimal option's value.
    """

    labels: tuple[str, ...]
    values: np.ndarray
    choice: np.ndarray

    @property
    def best(self) -> np.ndarray:
        return np.asarray(np.take_along_axis(self.values, self.choice[None, :], axis=0)[0])


def sweep(
    tree: Tree,
    values: Mapping[Any, Any] | None = None,
    *,
    decision: Sequence[str] = (),
    objective: Any = None,
    chunk_cells: int = _CELLS_PER_CHUNK,
) -> OptionSweep:
    """Option values and optimal choices at ``decision`` for ``K`` parameter settings.

    ``values`` maps parameter names (or Parameters) to numbers or length-K
    arrays (all arrays the same length); the others stay at their base
    values. One vectorised rollback through the compiled core, in chunks of
    about ``chunk_cells`` numbers per array (small chunks stay in the
    processor's cache; large ones spend less time per chunk in Python).
    """
    decision_node(tree, decision)
    params = parameter_values(tree, values)
    draws = _draws(params)
    if draws > 1:
        tree = _swept_part(tree, params, tuple(decision), objective)
    core = compile_tree(tree)
    node = tree.index.find(tuple(decision))
    weights = decision_weights(core, objective)
    chunk = max(1, chunk_cells // (core.size * core.width))
    parts = []
    for start in range(0, draws, chunk):
        stop = min(draws, start + chunk)
        part = {k: (v[start:stop] if np.ndim(v) else v) for k, v in params.items()}
        parts.append(_option_block(core, part, node, weights))
    scored = np.concatenate([p[0] for p in parts], axis=1)
    choice = np.concatenate([p[1] for p in parts])
    labels = tuple(b.label for b in tree.index.nodes[node].branches)  # type: ignore[union-attr]
    return OptionSweep(labels, scored, choice)


def _swept_part(tree: Tree, params: Mapping[str, Any], decision: Path, objective: Any) -> Tree:
    """The tree with every subtree that no swept parameter reaches replaced by a terminal
    holding its value (rolled back once); the original tree when that saves little.

    Sweeps then roll back only the part of the tree that changes from column to column.
    """
    swept = frozenset(name for name, value in params.items() if np.ndim(value) != 0)
    fixed = tuple(sorted((name, float(value)) for name, value in params.items() if name not in swept))
    key = ("swept part", swept, fixed, decision, repr(objective))
    cached = tree._cache.get(key)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    index = tree.index
    nodes, parent = index.nodes, index.parent
    kept = _reached_by(tree, {symbol(name) for name in swept})
    start = index.find(decision)
    i = start  # the decision stays a decision
    while i >= 0 and not kept[i]:
        kept[i] = True
        i = parent[i]
    if sum(len(_children(tree, i)) for i, k in enumerate(kept) if k) * 2 > len(nodes):
        reduced = tree
    else:
        core = compile_tree(tree)
        arrays = core.resolve(
            dict(params.items()) | {name: float(np.ravel(params[name])[0]) for name in swept}
        )
        value = core.rollback(arrays, decision_weights(core, objective)).value[:, :, 0]
        built: dict[int, Any] = {}
        for i in reversed(range(len(nodes))):
            if not kept[i]:
                continue
            node = nodes[i]
            if isinstance(node, Terminal):
                built[i] = node
                continue
            branches = []
            for k, child in enumerate(_children(tree, i)):
                original = node.branches[k]
                if child in built:
                    replacement = built.pop(child)
                else:
                    payoff = _payoff(value[child], tree.actors)
                    replacement = Terminal(nodes[child].name, payoff=payoff)
                branches.append(attrs.evolve(original, node=replacement))
            built[i] = attrs.evolve(node, branches=tuple(branches))
        reduced = Tree(built[0], tree.parameters, name=tree.name, description=tree.description)
    tree._cache[key] = reduced
    return reduced


def _children(tree: Tree, i: int) -> range:
    first = tree.index.first_child[i]
    if first < 0:
        return range(0)
    return range(first, first + len(tree.index.nodes[i].branches))  # type: ignore[union-attr]


def _reached_by(tree: Tree, symbols: set[Any]) -> list[bool]:
    """Per node: whether its value (what is still to come there) holds one of ``symbols``.

    A terminal's own payoff counts for the terminal; the probability and the
    payoff of a branch count for the node the branch leaves.
    """
    index = tree.index
    nodes, parent, position = index.nodes, index.parent, index.position

    def holds(value: Any) -> bool:
        items = value.values() if isinstance(value, Payoffs) else (value,)
        return any(isinstance(v, sympy.Expr) and bool(v.free_symbols & symbols) for v in items)

    reached = [False] * len(nodes)
    for i, node in enumerate(nodes):
        if isinstance(node, Terminal) and holds(node.payoff):
            reached[i] = True
        if i > 0:
            branch = nodes[parent[i]].branches[position[i]]  # type: ignore[union-attr]
            if holds(branch.probability) or holds(branch.payoff):
                reached[parent[i]] = True
    for i in range(len(nodes) - 1, 0, -1):  # children come after parents in breadth-first order
        if reached[i]:
            reached[parent[i]] = True
    return reached


def _payoff(row: np.ndarray, actors: tuple[str, ...]) -> Any:
    if actors:
        return {actor: float(v) for actor, v in zip(actors, row, strict=True)}
    return float(row[0])


def option_values(
    tree: Tree,
    values: Mapping[Any, Any] | None = None,
    *,
    decision: Sequence[str] = (),
    objective: Any = None,
) -> tuple[tuple[str, ...], np.ndarray]:
    """``(labels, values)``: each option's value at ``decision``, shape (n_options, K).

    See :func:`sweep`, which also gives the optimal choices.
    """
    result = sweep(tree, values, decision=decision, objective=objective)
    return result.labels, result.values


def frame(records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A pandas DataFrame of ``records`` (a :class:`DecisionTreeError` when pandas is missing)."""
    try:
        import pandas as pd
    except ImportError:
        raise DecisionTreeError(
            "to_frame() needs pandas: pip install 'decisiontree[frame]' (the table also iterates as records)"
        ) from None
    return pd.DataFrame(list(records), columns=list(columns))


def _draws(params: Mapping[str, Any]) -> int:
    sizes = {int(np.size(v)) for v in params.values() if np.ndim(v) != 0}
    if len(sizes) > 1:
        raise ModelError(f"parameter arrays must all have the same length, got lengths {sorted(sizes)}")
    for name, value in params.items():
        if np.ndim(value) > 1:
            raise ModelError(f"parameter {name!r}: values must be a number or a 1-D array")
    return sizes.pop() if sizes else 1


def _option_block(
    core: CompiledTree, params: Mapping[str, Any], node: int, weights: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    arrays = core.resolve(params)
    rolled = core.rollback(arrays, weights, in_place=True)  # arrays.own is not needed afterwards
    children = np.array(segments(core, node))
    totals = arrays.payoff[children] + rolled.value[children]  # (n_options, A, K)
    scored = totals[:, 0, :] if weights is None else np.einsum("a,nak->nk", weights[node], totals)
    return scored, rolled.choice[node]
