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

from ..compiled import DECISION, CompiledTree, compile_tree, decision_weights, parameter_values, segments
from ..errors import DecisionTreeError, ModelError
from ..model import Parameter, Tree, _unknown

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

_CELLS_PER_CHUNK = 4_000_000
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
) -> OptionSweep:
    """Option values and optimal choices at ``decision`` for ``K`` parameter settings.

    ``values`` maps parameter names (or Parameters) to numbers or length-K
    arrays (all arrays the same length); the others stay at their base
    values. One vectorised rollback through the compiled core, in chunks of
    draws for big trees.
    """
    core = compile_tree(tree)
    node = decision_node(tree, decision)
    params = parameter_values(tree, values)
    draws = _draws(params)
    weights = decision_weights(core, objective)
    chunk = max(1, _CELLS_PER_CHUNK // (core.size * core.width))
    parts = []
    for start in range(0, draws, chunk):
        stop = min(draws, start + chunk)
        part = {k: (v[start:stop] if np.ndim(v) else v) for k, v in params.items()}
        parts.append(_option_block(core, part, node, weights))
    scored = np.concatenate([p[0] for p in parts], axis=1)
    choice = np.concatenate([p[1] for p in parts])
    labels = tuple(b.label for b in tree.index.nodes[node].branches)  # type: ignore[union-attr]
    return OptionSweep(labels, scored, choice)


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
    rolled = core.rollback(arrays, weights)
    children = np.array(segments(core, node))
    totals = arrays.payoff[children] + rolled.value[children]  # (n_options, A, K)
    scored = totals[:, 0, :] if weights is None else np.einsum("a,nak->nk", weights[node], totals)
    return scored, rolled.choice[node]
