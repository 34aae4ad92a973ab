"""The expected value of sample (imperfect) information: the most a test is worth paying for.

A test, survey or report reveals a *signal* about an uncertainty before a
decision; unlike perfect information it can be wrong. Its value is what the
decision maker gains, on average, by deciding after the signal: the value of
taking the test at no cost less the value of the best alternative without it.
Build the test with :func:`~decisiontree.bayes_chance` (or by hand), offer it
as an option at a decision, and :func:`evsi` compares.

>>> import decisiontree as dt
>>> drill = dt.Decision("Drill?", [
...     dt.Branch("drill", dt.Chance("Oil", [
...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability=0.3),
...         dt.Branch("dry", dt.Terminal("dry hole", payoff=-40), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("walk away", dt.Terminal("nothing")),
... ])
>>> seismic = dt.bayes_chance("Seismic", {
...     "wet": {"closed": 0.9, "open": dt.COMPLEMENT},
...     "dry": {"closed": 0.2, "open": dt.COMPLEMENT},
... }, drill, state="Oil")
>>> tree = dt.Tree(dt.Decision("Test?", [
...     dt.Branch("test", seismic, payoff=-10),
...     dt.Branch("no test", drill),
... ]))
>>> evsi(tree, ("test",), exact=True)
97/5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _arguments as arguments
from .._core import compile_tree
from ..errors import ArgumentError
from ..evaluate import evaluate
from ..model import DECISION, Tree
from ..number import as_sympy_number

__all__ = ["evsi"]


def evsi(
    tree: Tree,
    test: Sequence[str],
    *,
    values: Mapping[Any, Any] | None = None,
    exact: bool = False,
    objective: str | Mapping[str, Any] | None = None,
    actor: str | None = None,
) -> Any:
    """The expected value of sample information of the test taken at the option ``test``.

    ``test`` is the path to the branch, at a decision, that takes the test
    (for example ``("test",)`` below a root decision ``"Test?"``). The EVSI is
    the value of that option with the test free (the payoff of the branch
    itself, the test's cost, left out) less the value of the best other
    option at that decision, everything else optimal, at ``values``. It is
    the most one should pay for the test: the test is worth taking exactly
    when its cost is below the EVSI. When the other options are the same
    decision problem without the signal, it is never negative (a signal can
    be ignored) and never above the value of perfect information on the
    state. Costs incurred elsewhere (for example subtracted from every
    terminal) are not left out; set them to zero with ``values``.

    Parameters
    ----------
    tree : Tree
    test : tuple of str
        Path from the root to the test option's branch.
    values : mapping, optional
        Parameter values overriding the base values.
    exact : bool
        Exact rational arithmetic: the result is a sympy ``Rational``.
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    actor : str, optional
        With per-actor payoffs, whose value the test has; default the owner
        of the decision, else ``objective``.

    Returns
    -------
    float, or sympy Rational with ``exact=True``

    Raises
    ------
    ArgumentError
        ``test`` is not a path to a branch of a decision with another option.
    NotFoundError
        No branch is at ``test`` (or it is not a tuple of labels); ``actor`` is
        not a payoff key.

    Examples
    --------
    See the module example: drilling without the test is worth 0.3 * 100 - 0.7 * 40 = 2;
    with a free test, drilling only after a closed structure, 27 - 5.6 = 21.4. The test (cost
    10) is worth 19.4 > 10.
    """
    arguments.tree_of(tree, "evsi")
    arguments.node(tree, test)
    path = tuple(test)
    if not path:
        raise ArgumentError("test must be the path to the branch that takes the test, not the root ()")
    at = arguments.node(tree, path[:-1])
    decision = tree.flat.nodes[at]
    if tree.flat.kind[at] != DECISION:
        raise ArgumentError(
            f"the test's branch {path[-1]!r} must be an option of a decision, but it leaves the "
            f"{decision.kind} node {decision.name!r}"
        )
    others = [b.label for b in decision.branches if b.label != path[-1]]
    if not others:
        raise ArgumentError(f"the decision {decision.name!r} has no option without the test to compare with")
    weights = _weights(tree, at, objective, actor)
    result = evaluate(tree, values, exact=exact, objective=objective)
    with_test = result.value_at(path)
    options = result.option_values(path[:-1])
    best = max(_score(tree, options[label], weights) for label in others)
    gain = _score(tree, with_test, weights) - best
    return as_sympy_number(gain) if exact else float(gain)


def _weights(tree: Tree, decision: int, objective: Any, actor: str | None) -> np.ndarray | None:
    """How to score a per-actor value: ``actor``'s component, else what the decision maximises
    (its owner's, or ``objective``); ``None`` for scalar payoffs."""
    core = compile_tree(tree)
    if actor is not None:
        return arguments.reported_weights(core, actor=actor, exact=True)  # type: ignore[no-any-return]
    if not tree.actors:
        return None
    key = arguments.objective_weights(core, objective, exact=True)
    return np.asarray(core.weight_table[key][decision])


def _score(tree: Tree, value: Any, weights: np.ndarray | None) -> Any:
    if weights is None:
        return value
    return sum(w * value[key] for key, w in zip(tree.actors, weights, strict=True) if w)
