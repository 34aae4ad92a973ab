"""Ready-made invariant checks for tests of decision-tree models.

Each ``assert_*`` function raises :class:`AssertionError` with a message
naming the node (its path of branch labels) and the parameter values at
which the invariant fails, so it reads well in a pytest or hypothesis report.
Use them inside your own tests, typically with the strategies of
:mod:`decisiontree.strategies`:

>>> from hypothesis import given, settings
>>> import decisiontree as dt
>>> from decisiontree import strategies as dt_st, testing as dt_testing
>>> p = dt.Parameter("p", 0.5, low=0.1, high=0.9)
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("heads", dt.Terminal("win", payoff=10), probability=p),
...         dt.Branch("tails", dt.Terminal("lose", payoff=-5), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("pass", dt.Terminal("nothing")),
... ]), parameters=[p])
>>> @settings(max_examples=20)
... @given(dt_st.parameter_values(tree))
... def test_invariants(values):
...     dt_testing.assert_probabilities_sum_to_one(tree, values)
...     dt_testing.assert_value_within_payoff_bounds(tree, values)
>>> test_invariants()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from . import _arguments as arguments
from ._core import Compiled, Options, Rolled, compile_tree
from .errors import ArgumentError, ModelError, brief, format_path
from .evaluate import Result
from .model import CHANCE, Tree

__all__ = [
    "assert_choices_optimal",
    "assert_exact_matches_float",
    "assert_no_better_policy",
    "assert_policy_stable",
    "assert_probabilities_sum_to_one",
    "assert_scenarios_consistent",
    "assert_valid",
    "assert_value_within_payoff_bounds",
]

Path = tuple[str, ...]
TOLERANCE = 1e-9
"""Default slack for float comparisons, relative to the size of the numbers (at least 1)."""


# --------------------------------------------------------------------------- helpers


def _where(values: Mapping[Any, Any] | None) -> str:
    """The parameter values in words, for messages."""
    if not values:
        return "at the base values"
    shown = ", ".join(f"{getattr(k, 'name', k)}={_show(v)}" for k, v in values.items())
    return f"with {shown}"


def _show(number: Any) -> str:
    if isinstance(number, Fraction):
        return str(number)
    if isinstance(number, (float, np.floating)):
        return repr(float(number))
    if isinstance(number, np.generic):
        return _show(number.item())
    return str(number)


def _fail(message: str, path: Path | None, values: Mapping[Any, Any] | None) -> AssertionError:
    where = f" at {format_path(path)}" if path is not None else ""
    return AssertionError(f"{message}{where}, {_where(values)}")


def _close(a: Any, b: Any, tolerance: float) -> bool:
    if tolerance == 0:
        return bool(a == b)
    return bool(abs(float(a) - float(b)) <= tolerance * max(1.0, abs(float(a)), abs(float(b))))


def _check_tree(tree: Any) -> None:
    if not isinstance(tree, Tree):
        raise AssertionError(f"expected a decisiontree.Tree, got {type(tree).__name__} {brief(tree)}")


def _run(
    tree: Tree,
    values: Mapping[Any, Any] | None,
    exact: bool,
    objective: Any = None,
    forced: np.ndarray | None = None,
    shown: Any = "same",
) -> tuple[Compiled, Rolled, Any]:
    """The compiled tree rolled back at ``values``; model and argument errors become assertion failures
    (naming ``shown`` as the values, or ``values`` themselves)."""
    _check_tree(tree)
    core = compile_tree(tree)
    where = values if shown == "same" else shown
    try:
        params = core.parameter_values(arguments.values(tree, values, exact=exact, arrays=True), exact=exact)
        weights = arguments.objective_weights(core, objective, exact=exact)
        rolled = core.run(params, Options(weights), exact=exact, fresh=True, forced=forced)
    except ModelError as error:
        if where is None:
            raise AssertionError(f"the model is invalid for one of these sets of values: {error}") from None
        raise _fail(f"the model is invalid: {error.message}", error.path, where) from None
    except ArgumentError as error:
        raise _fail(str(error), None, where) from None
    return core, rolled, weights


def _label(core: Compiled, node: int, position: int) -> str:
    return core.flat.nodes[node].branches[position].label  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- structure


def assert_valid(tree: Tree, values: Mapping[Any, Any] | None = None, *, objective: Any = None) -> None:
    """Assert that ``tree`` is a model that evaluates at ``values`` (default: base values).

    Checks that it is a :class:`~decisiontree.Tree` (built, hence validated),
    that its probabilities are valid and its numbers finite at these values,
    and that every decision knows what to maximise (its owner's payoff, or
    ``objective`` in a tree of per-actor payoffs).

    >>> import decisiontree as dt
    >>> p = dt.Parameter("p", 0.5, low=0, high=2)
    >>> tree = dt.Tree(dt.Chance("c", [
    ...     dt.Branch("a", dt.Terminal("A"), probability=p),
    ...     dt.Branch("b", dt.Terminal("B"), probability=dt.COMPLEMENT),
    ... ]), parameters=[p])
    >>> assert_valid(tree)
    >>> assert_valid(tree, {"p": 1.5})
    Traceback (most recent call last):
    AssertionError: the model is invalid: probability of 'a' is 1.5, outside [0, 1] at tree (root), with p=1.5
    """
    core, rolled, _ = _run(tree, values, False, objective)
    _check_probabilities(core, rolled.probability[:, 0], values, TOLERANCE)


def assert_probabilities_sum_to_one(
    tree: Tree, values: Mapping[Any, Any] | None = None, *, exact: bool = False
) -> None:
    """Assert that every chance node's probabilities lie in [0, 1] and sum to 1.

    With ``exact=True`` the sums must be exactly 1; otherwise within 1e-9.
    ``COMPLEMENT`` branches count with the probability they take.

    >>> import decisiontree as dt
    >>> hold = dt.Parameter("p", 0.6, low=0.4, high=0.8)
    >>> tree = dt.Tree(dt.Chance("Ceasefire", [
    ...     dt.Branch("holds", dt.Terminal("peace", payoff=1), probability=hold),
    ...     dt.Branch("breaks", dt.Terminal("war"), probability=1 - hold),
    ... ]), parameters=[hold])
    >>> assert_probabilities_sum_to_one(tree, {"p": 0.7}, exact=True)
    """
    core, rolled, _ = _run(tree, values, exact)
    _check_probabilities(core, rolled.probability[:, 0], values, 0 if exact else TOLERANCE)


def _check_probabilities(
    core: Compiled, probability: np.ndarray, values: Mapping[Any, Any] | None, tolerance: float
) -> None:
    for node in np.flatnonzero(core.flat.kind == CHANCE):
        edges = core.flat.edges(int(node))
        chances = probability[edges.start : edges.stop]
        path = core.path(int(node))
        for position, p in enumerate(chances):
            if not (-tolerance <= p <= 1 + tolerance):
                raise _fail(
                    f"probability of {_label(core, int(node), position)!r} is {_show(p)}, outside [0, 1]",
                    path,
                    values,
                )
        total = sum(chances[1:], chances[0])
        if not _close(total, 1, tolerance):
            shown = ", ".join(_show(p) for p in chances)
            raise _fail(f"probabilities {shown} sum to {_show(total)}, not 1", path, values)


# --------------------------------------------------------------------------- values


def assert_value_within_payoff_bounds(
    tree: Tree, values: Mapping[Any, Any] | None = None, *, objective: Any = None, exact: bool = False
) -> None:
    """Assert that each node's value lies between the least and greatest payoff still to come.

    For every node (the root included) and every payoff component, the value
    of the subtree is at least the smallest and at most the largest total
    payoff from that node to a terminal below it: an expected value is an
    average, so it cannot leave the range of what it averages.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("c", [
    ...     dt.Branch("a", dt.Terminal("A", payoff=10), probability="1/4", payoff=-2),
    ...     dt.Branch("b", dt.Terminal("B", payoff=-4), probability=dt.COMPLEMENT),
    ... ]))
    >>> assert_value_within_payoff_bounds(tree, exact=True)
    """
    core, rolled, _ = _run(tree, values, exact, objective)
    low, high = _payoff_bounds(core, rolled)
    tolerance = 0 if exact else TOLERANCE
    value = rolled.value[:, :, 0]
    actors = core.actors or ("value",)
    for node in range(core.size):
        for a, actor in enumerate(actors):
            v, lo, hi = value[node, a], low[node, a], high[node, a]
            if (v < lo and not _close(v, lo, tolerance)) or (v > hi and not _close(v, hi, tolerance)):
                what = f"{actor} value" if core.actors else "value"
                raise _fail(
                    f"{what} {_show(v)} is outside the payoffs still to come, [{_show(lo)}, {_show(hi)}]",
                    core.path(node),
                    values,
                )


def _payoff_bounds(core: Compiled, rolled: Rolled) -> tuple[np.ndarray, np.ndarray]:
    """Smallest and largest total payoff from each node to a terminal below it, shape (N, A)."""
    low = rolled.value[:, :, 0].copy()  # terminals hold their own payoffs; the rest is overwritten
    high = low.copy()
    payoff = rolled.payoff[:, :, 0]
    for level in core.plan.levels:
        for block in level:
            shape = (block.count, block.branches, -1)
            below = payoff[block.edges]
            low[block.parents] = (below + low[block.children]).reshape(shape).min(axis=1)
            high[block.parents] = (below + high[block.children]).reshape(shape).max(axis=1)
    return low, high


def assert_exact_matches_float(
    tree: Tree,
    values: Mapping[Any, Any] | None = None,
    *,
    objective: Any = None,
    tolerance: float = TOLERANCE,
) -> None:
    """Assert that float and exact evaluation agree, up to how near-ties are broken.

    A decision whose best option beats the next best by at most
    ``tolerance`` (relative to the size of the numbers, at least 1) in exact
    arithmetic is a near-tie: floats may break it either way, and in a tree
    of several actors that can change the other actors' values by any
    amount. So the float evaluation follows the exact choice at near-ties;
    then every node's value must agree within ``tolerance`` and every other
    choice must be the same. The model's numbers must be rational at
    ``values`` (no ``sqrt(2)``).

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("c", [
    ...     dt.Branch(label, dt.Terminal(label, payoff=1), probability=0.1) for label in "abcdefghij"
    ... ]))
    >>> assert_exact_matches_float(tree)
    """
    core, by_exact, exact_weights = _run(tree, values, True, objective)
    near_ties = np.full(core.size, -1, dtype=np.intp)
    rows = core.plan.decision_row
    for decision in core.plan.decisions:
        node = int(decision)
        ranked = sorted(_scores(core, by_exact, exact_weights, node), reverse=True)
        if len(ranked) > 1 and _close(ranked[0], ranked[1], tolerance):
            near_ties[node] = by_exact.choice[rows[node], 0]
    _, by_float, _ = _run(tree, values, False, objective, forced=near_ties)
    for decision in core.plan.decisions:
        node = int(decision)
        f_choice, x_choice = int(by_float.choice[rows[node], 0]), int(by_exact.choice[rows[node], 0])
        if f_choice != x_choice:
            labels = [b.label for b in core.flat.nodes[node].branches]
            raise _fail(
                f"floats choose {labels[f_choice]!r} but exact arithmetic chooses {labels[x_choice]!r}",
                core.path(node),
                values,
            )
    actors = core.actors or ("value",)
    for node in range(core.size):
        for a, actor in enumerate(actors):
            f, x = by_float.value[node, a, 0], by_exact.value[node, a, 0]
            if not _close(f, x, tolerance):
                what = f"{actor} value" if core.actors else "value"
                raise _fail(f"{what} is {_show(f)} in floats but {x} exactly", core.path(node), values)


def _scores(core: Compiled, rolled: Rolled, weights: Any, node: int) -> list[Any]:
    """What the decision at ``node`` compares: each option's (weighted) value, branch payoff included."""
    scores = []
    table = None if weights is None else core.weight_table[weights]
    for edge in core.flat.edges(node):
        option = rolled.payoff[edge, :, 0] + rolled.value[core.flat.child[edge], :, 0]
        scores.append(option[0] if table is None else sum(table[node] * option))
    return scores


# --------------------------------------------------------------------------- results


def assert_choices_optimal(result: Result, *, tolerance: float = TOLERANCE) -> None:
    """Assert that every decision in ``result`` picks an option its owner values most.

    For each decision (on and off the optimal path), the chosen option's
    value to the decision's owner (or to ``objective`` for unowned decisions,
    or the plain value) is at least every other option's, within
    ``tolerance``. For exact results, options before the chosen one must be
    strictly worse (ties go to the first branch). This is backward induction:
    no decision maker gains by choosing differently at their own decision.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("EU", [
    ...     dt.Branch("act", dt.Decision("US", [
    ...         dt.Branch("help", dt.Terminal("h", payoff={"EU": 5, "US": -1})),
    ...         dt.Branch("refuse", dt.Terminal("r", payoff={"EU": -5, "US": 1})),
    ...     ], owner="US")),
    ...     dt.Branch("wait", dt.Terminal("w", payoff={"EU": 0, "US": 0})),
    ... ], owner="EU"))
    >>> result = dt.evaluate(tree)
    >>> result.policy
    {(): 'wait', ('act',): 'refuse'}
    >>> assert_choices_optimal(result)
    """
    tree = result.tree
    for path, chosen in result.policy.items():
        node = tree.node_at(path)
        options = result.option_values(path)
        scores = {
            label: _score(value, getattr(node, "owner", None), result.objective)
            for label, value in options.items()
        }
        best = max(scores.values())
        if scores[chosen] < best and not _close(scores[chosen], best, 0 if result.exact else tolerance):
            better = max(scores, key=lambda label: scores[label])
            who = getattr(node, "owner", None) or "the objective"
            raise _fail(
                f"chooses {chosen!r} ({_show(scores[chosen])} to {who}) over {better!r} ({_show(best)})",
                path,
                result.values,
            )
        if result.exact:
            for label, score in scores.items():
                if label == chosen:
                    break
                if score >= scores[chosen]:
                    raise _fail(
                        f"chooses {chosen!r} although the earlier {label!r} is as good ({_show(score)})",
                        path,
                        result.values,
                    )


def _score(value: Any, owner: str | None, objective: Any) -> Any:
    if not isinstance(value, Mapping):
        return value
    if owner is not None:
        return value[owner]
    if isinstance(objective, str):
        return value[objective]
    if isinstance(objective, Mapping):
        return sum(value[key] * weight for key, weight in objective.items())
    raise ArgumentError("an unowned decision in a tree of per-actor payoffs needs an objective")


def assert_scenarios_consistent(result: Result, *, tolerance: float = TOLERANCE) -> None:
    """Assert that the scenarios' probabilities sum to 1 and average to the value.

    The probability-weighted total payoffs of ``result.scenarios`` must equal
    ``result.value`` for every payoff component (exactly for exact results,
    within ``tolerance`` otherwise), and each probability must be positive.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("c", [
    ...     dt.Branch("a", dt.Terminal("A", payoff=10), probability="1/3"),
    ...     dt.Branch("b", dt.Terminal("B", payoff=1), probability=dt.COMPLEMENT, payoff=2),
    ... ]))
    >>> assert_scenarios_consistent(dt.evaluate(tree, exact=True))
    """
    tol = 0 if result.exact else tolerance
    scenarios = result.scenarios
    for scenario in scenarios:
        if not scenario.probability > 0:
            raise _fail(
                f"scenario probability {scenario.probability} is not positive", scenario.path, result.values
            )
    total = sum(s.probability for s in scenarios)
    if not _close(total, 1, tol):
        raise _fail(f"scenario probabilities sum to {_show(total)}, not 1", None, result.values)
    value = result.value
    components = value if isinstance(value, Mapping) else {"value": value}
    for key, expected in components.items():
        average = sum(
            s.probability * (s.payoff[key] if isinstance(s.payoff, Mapping) else s.payoff) for s in scenarios
        )
        if not _close(average, expected, tol):
            what = f"{key} value" if isinstance(value, Mapping) else "value"
            raise _fail(
                f"the scenarios average to {_show(average)} but the {what} is {_show(expected)}",
                (),
                result.values,
            )


# --------------------------------------------------------------------------- policies


def assert_no_better_policy(
    tree: Tree,
    policy: Mapping[Path, str],
    values: Mapping[Any, Any] | None = None,
    *,
    objective: Any = None,
    tolerance: float = TOLERANCE,
) -> None:
    """Assert that ``policy`` is worth no more than the optimal policy.

    ``policy`` maps decision paths to labels (decisions it leaves out are
    chosen optimally). Only meaningful when every decision maximises the same
    thing: plain-number payoffs, one owner throughout, or ``objective`` with
    no owners; otherwise :class:`~decisiontree.ArgumentError` (with
    several owners, see :func:`assert_choices_optimal`).

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("go?", [
    ...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
    ...     dt.Branch("no", dt.Terminal("stay")),
    ... ]))
    >>> assert_no_better_policy(tree, {(): "no"})
    """
    _check_tree(tree)
    core, optimal_run, weights = _run(tree, values, False, objective)
    decisions = core.plan.decisions
    table = None if weights is None else core.weight_table[weights]
    if table is not None and len({tuple(table[i]) for i in decisions}) > 1:
        raise ArgumentError(
            "assert_no_better_policy needs every decision to maximise the same thing; "
            "this tree's decisions have different owners"
        )
    fixed = np.full(core.size, -1, dtype=np.intp)
    for node, position in arguments.forced_choices(tree, policy):
        fixed[node] = position
    optimal = optimal_run.value[0, :, 0].copy()
    forced = _run(tree, values, False, objective, forced=fixed)[1].value[0, :, 0]
    scoring = np.ones(1) if table is None or not len(decisions) else table[decisions[0]]
    worth, best = float(scoring @ forced), float(scoring @ optimal)
    if worth > best and not _close(worth, best, tolerance):
        message = f"the policy {dict(policy)} is worth {_show(worth)}, more than the optimal {_show(best)}"
        raise _fail(message, (), values)


def assert_policy_stable(
    tree: Tree,
    values: Any,
    *,
    at: Path | None = (),
    reference: Mapping[Any, Any] | None = None,
    objective: Any = None,
    max_examples: int = 50,
) -> None:
    """Assert that the optimal choice does not change across parameter values.

    The choice at the decision at path ``at`` (the root by default; ``None``
    for the whole policy, every decision) is computed at ``reference`` (the
    base values by default) and must be the same at each of ``values``:

    - a mapping ``{name: number}``: one set of values;
    - an iterable of such mappings: each one (evaluated together, vectorised);
    - a hypothesis strategy of such mappings, e.g.
      ``dt_st.parameter_values(tree)``: a search of up to ``max_examples``
      examples that reports the minimal counter-example. Use this form in a
      plain test function, not inside ``@given`` (hypothesis does not nest).

    The failure message names the decision, both choices and the values.

    >>> import decisiontree as dt
    >>> from decisiontree import strategies as dt_st
    >>> cost = dt.Parameter("cost", 5, low=0, high=8)
    >>> tree = dt.Tree(dt.Decision("go?", [
    ...     dt.Branch("yes", dt.Terminal("win", payoff=10), payoff=-cost),
    ...     dt.Branch("no", dt.Terminal("stay")),
    ... ]), parameters=[cost])
    >>> assert_policy_stable(tree, dt_st.parameter_values(tree), max_examples=20)
    >>> assert_policy_stable(tree, {"cost": 12})
    Traceback (most recent call last):
    AssertionError: the choice changes from 'yes' (at the base values) to 'no' at tree (root), with cost=12
    """
    _check_tree(tree)
    if at is not None:
        arguments.decision(tree, at)
    expected = _choices(tree, [reference or {}], at, objective)[0]
    where = _where(reference) if reference else "at the base values"

    def check(batch: list[Mapping[Any, Any]]) -> None:
        for drawn, found in zip(batch, _choices(tree, batch, at, objective), strict=True):
            for path, label in found.items():
                if label != expected[path]:
                    raise _fail(
                        f"the choice changes from {expected[path]!r} ({where}) to {label!r}", path, drawn
                    )

    from hypothesis.strategies import SearchStrategy

    if isinstance(values, SearchStrategy):
        from hypothesis import HealthCheck, given, settings

        @settings(
            max_examples=max_examples,
            database=None,
            deadline=None,
            suppress_health_check=[HealthCheck.nested_given, HealthCheck.too_slow],
        )
        @given(values)
        def search(drawn: Mapping[Any, Any]) -> None:
            check([drawn])

        search()
    elif isinstance(values, Mapping):
        check([values])
    elif isinstance(values, Iterable):
        check(list(values))
    else:
        raise ArgumentError(f"values must be a mapping, mappings or a strategy, got {brief(values)}")


def _choices(
    tree: Tree, batch: Sequence[Mapping[Any, Any]], at: Path | None, objective: Any
) -> list[dict[Path, str]]:
    """The chosen label at ``at`` (or every decision) for each set of values, in one vectorised rollback."""
    if not batch:
        return []
    names = {arguments.parameter(tree, key).name for values in batch for key in values}
    base = {p.name: p.value for p in tree.parameters}
    columns = {
        name: np.array([_lookup(values, name, base[name]) for values in batch], dtype=float) for name in names
    }
    core, rolled, _ = _run(tree, columns, False, objective, shown=batch[0] if len(batch) == 1 else None)
    nodes = [tree.flat.find(at)] if at is not None else [int(i) for i in core.plan.decisions]
    out = []
    draws = rolled.choice.shape[1]
    for k in range(len(batch)):
        found = {}
        for node in nodes:
            branches = core.flat.nodes[node].branches
            found[core.path(node)] = branches[
                int(rolled.choice[core.plan.decision_row[node], min(k, draws - 1)])
            ].label
        out.append(found)
    return out


def _lookup(values: Mapping[Any, Any], name: str, default: Any) -> Any:
    for key, value in values.items():
        if getattr(key, "name", key) == name:
            return value
    return default
