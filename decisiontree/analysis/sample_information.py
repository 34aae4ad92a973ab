"""The expected value of sample (imperfect) information: the most a test is worth paying for.

A test, survey or report reveals a *signal* about an uncertainty before a
decision; unlike perfect information it can be wrong. Its value is what the
decision maker gains, on average, by deciding after the signal: the value of
taking the test at no cost less the value of the best alternative without it.
Build the test with :func:`~decisiontree.bayes_chance` (or by hand), offer it
as an option at a decision, and :func:`evsi` compares.

>>> import decisiontree as dt
>>> launch = dt.Decision("Launch", [
...     dt.Branch("national", dt.Chance("Market", [
...         dt.Branch("strong", dt.Terminal("hit", payoff=120), probability=0.4),
...         dt.Branch("weak", dt.Terminal("flop", payoff=-60), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("abandon", dt.Terminal("nothing")),
... ])
>>> test = dt.bayes_chance("Test", {
...     "strong": {"favourable": 0.8, "unfavourable": dt.COMPLEMENT},
...     "weak": {"favourable": 0.3, "unfavourable": dt.COMPLEMENT},
... }, launch, state="Market")
>>> tree = dt.Tree(dt.Decision("Test?", [
...     dt.Branch("test", test, payoff=-5),
...     dt.Branch("no test", launch),
... ]))
>>> evsi(tree, ("test",), exact=True)
78/5
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ArgumentError
from ..evaluate import evaluate
from ..model import Decision, Tree
from .bayes import _as_path, _check_tree, _node_at

if TYPE_CHECKING:
    pass

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
        No branch is at ``test``.

    Examples
    --------
    See the module example; the test (cost 5) is worth 15.6 > 5.
    """
    import sympy

    _check_tree(tree, "evsi")
    path = _as_path(test)
    if not path:
        raise ArgumentError("test must be the path to the branch that takes the test, not the root ()")
    decision = _node_at(tree, path[:-1])
    _node_at(tree, path)
    if not isinstance(decision, Decision):
        raise ArgumentError(
            f"the test's branch {path[-1]!r} must be an option of a decision, but it leaves the "
            f"{type(decision).__name__.lower()} node {decision.name!r}"
        )
    others = [b.label for b in decision.branches if b.label != path[-1]]
    if not others:
        raise ArgumentError(f"the decision {decision.name!r} has no option without the test to compare with")
    weights = _weights(tree, decision, objective, actor)
    result = evaluate(tree, values, exact=exact, objective=objective)
    with_test = result.value_at(path)
    options = result.option_values(path[:-1])
    best = max(_score(options[label], weights) for label in others)
    gain = _score(with_test, weights) - best
    if exact:
        return sympy.Rational(gain)
    return float(gain)


def _weights(tree: Tree, decision: Decision, objective: Any, actor: str | None) -> dict[str, Any] | None:
    """How to score a per-actor value: ``None`` for scalar payoffs."""
    if not tree.actors:
        return None
    if actor is not None:
        if actor not in tree.actors:
            raise ArgumentError(f"actor {actor!r} has no payoff; payoffs are for {', '.join(tree.actors)}")
        return {actor: 1}
    if decision.owner is not None:
        return {decision.owner: 1}
    if isinstance(objective, str):
        return {objective: 1}
    if isinstance(objective, Mapping):
        return dict(objective)
    raise ArgumentError(
        f"with per-actor payoffs, say whose value the test has: actor= or objective= "
        f"(the decision {decision.name!r} has no owner)"
    )


def _score(value: Any, weights: dict[str, Any] | None) -> Any:
    if weights is None:
        return value
    return sum(weight * value[key] for key, weight in weights.items())
