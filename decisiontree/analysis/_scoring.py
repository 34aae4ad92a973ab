"""Whose payoff an analysis reports in a tree of per-actor payoffs."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from ..compiled import DECISION, compile_tree, decision_weights
from ..errors import ModelError
from ..model import Tree

__all__ = ["payoff_weights", "score"]


def payoff_weights(
    tree: Tree, *, actor: str | None = None, objective: Any = None, exact: bool = False
) -> np.ndarray | None:
    """The (A,) weights of the payoff components an analysis reports; ``None`` for scalar payoffs.

    ``actor`` names one component; otherwise the first decision (breadth
    first) decides: its owner's component, or ``objective`` if it has no
    owner. A tree without decisions needs ``actor`` or ``objective``.
    """
    core = compile_tree(tree)
    if not core.actors:
        if actor is not None:
            raise ModelError(f"actor {actor!r} given, but the payoffs are plain numbers")
        return None
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    if actor is not None:
        if actor not in core.actors:
            raise ModelError(f"actor {actor!r} is not a payoff key; keys are {', '.join(core.actors)}")
        return np.array([one if a == actor else zero for a in core.actors], dtype=object if exact else float)
    decisions = np.flatnonzero(core.kind == DECISION)
    if len(decisions):
        weights = decision_weights(core, objective, exact=exact)
        assert weights is not None
        return np.asarray(weights[int(decisions[0])])
    if objective is None:
        raise ModelError("this tree has no decision; pass actor= (or objective=) to say whose payoff to use")
    spec: Mapping[str, Any] = {objective: 1} if isinstance(objective, str) else objective
    for key in spec:
        if key not in core.actors:
            raise ModelError(f"objective key {key!r} is not a payoff key; keys are {', '.join(core.actors)}")
    convert = Fraction if exact else float
    return np.array([convert(spec.get(a, 0)) for a in core.actors], dtype=object if exact else float)


def score(value: Any, weights: np.ndarray | None, actors: tuple[str, ...]) -> Any:
    """A number from a result value: itself for scalar payoffs, else the weighted components."""
    if weights is None:
        return value
    total: Any = 0
    for w, actor in zip(weights, actors, strict=True):
        if w != 0:
            total = total + w * value[actor]
    return total
