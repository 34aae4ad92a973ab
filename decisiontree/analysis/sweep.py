"""The sweep engine: the value of every option at one decision for many parameter settings at once.

Sensitivity tables, tornado diagrams, numeric switch points and Monte Carlo
all ask the compiled core the same question — each option's value at a
decision, for ``K`` settings of the parameters — and get the answer from one
vectorised rollback per chunk of settings.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, low=0, high=1)
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> result = sweep(tree, {"p": [0.25, 0.75]})
>>> result.labels, result.values.tolist(), result.choice.tolist()
(('bet', 'pass'), [[-5.0, 5.0], [0.0, 0.0]], [1, 0])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from .._core import Options, compile_tree
from .._progress import progress_bar
from ..model import Tree

__all__ = ["CELLS_PER_CHUNK", "OptionSweep", "sweep"]

CELLS_PER_CHUNK = 250_000
"""Sweeps are cut into chunks of settings so that one chunk holds about this many numbers per array."""


@attrs.frozen(eq=False)
class OptionSweep:
    """The options at one decision over ``K`` parameter settings.

    ``values`` (n_options, K) is each option's value (its branch payoff
    included) in the payoff the decision maximises; ``choice`` (K,) the
    position of the chosen option (the optimal one, ties to the first as in
    :func:`~decisiontree.evaluate`, or the policy's); ``best`` (K,) its value.
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
    policy: Mapping[Any, str] | None = None,
    chunk_cells: int = CELLS_PER_CHUNK,
    progress: bool | None = None,
) -> OptionSweep:
    """Option values and choices at ``decision`` for ``K`` parameter settings.

    ``values`` maps parameter names (or Parameters) to numbers or length-K
    arrays; the others stay at their base values. ``policy`` holds decisions
    fixed (``{path: label}``); the others are optimised. One vectorised
    rollback per chunk of about ``chunk_cells`` numbers per array; a sweep of
    several chunks shows a progress bar when it runs long (``progress``).
    """
    node = arguments.decision(tree, decision)
    core = compile_tree(tree)
    params = core.parameter_values(arguments.values(tree, values, arrays=True))
    draws = max((len(v) for v in params.values() if np.ndim(v)), default=1)
    weights = arguments.objective_weights(core, objective)
    options = Options(weights, arguments.forced_choices(tree, policy))
    flat = core.flat
    edges = np.asarray(flat.edges(node))
    children = flat.child[edges]
    row = core.weight_table[weights][node] if weights is not None else None
    decision_row = core.plan.decision_row[node]
    chunk = max(1, chunk_cells // (core.size * core.width))
    scored_parts, choice_parts = [], []
    bar = progress_bar(-(-draws // chunk), "sweep", progress=progress) if draws > chunk else None
    for start in range(0, draws, chunk):
        stop = min(draws, start + chunk)
        part = {k: (v[start:stop] if np.ndim(v) else v) for k, v in params.items()}
        rolled = core.run(part, options)
        totals = rolled.payoff[edges] + rolled.value[children]  # (n_options, A, K)
        scored = totals[:, 0, :] if row is None else np.einsum("a,nak->nk", row, totals)
        scored_parts.append(np.array(scored, dtype=float))
        choice_parts.append(rolled.choice[decision_row].copy())
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    scored_all = np.concatenate(scored_parts, axis=1)
    choice = np.concatenate(choice_parts)
    if scored_all.shape[1] != draws:  # nothing varies: one column for every setting
        scored_all = np.repeat(scored_all, draws, axis=1)
        choice = np.repeat(choice, draws)
    labels = tuple(b.label for b in flat.nodes[node].branches)
    return OptionSweep(labels, scored_all, choice)
