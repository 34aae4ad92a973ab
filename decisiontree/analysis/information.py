"""Value of information: EVPI by restructuring the tree, EVPPI by Monte Carlo.

The expected value of perfect information on an uncertainty is what the
decision maker gains, on average, by learning its outcome before deciding.
:func:`evpi` computes it exactly: :func:`perfect_information_tree` moves the
uncertainty to the front (a chance node at the root with its outcomes, below
each a copy of the tree in which every chance node of that name takes that
outcome), and the EVPI is the value of that tree less the value of the
original.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Drill?", [
...     dt.Branch("drill", dt.Chance("Oil", [
...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability="3/10"),
...         dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
...     ]), payoff=-20),
...     dt.Branch("walk away", dt.Terminal("nothing")),
... ]))
>>> evpi(tree, node="Oil", exact=True)
14
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import sympy

from ..compiled import compile_tree, parameter_values
from ..errors import ModelError
from ..evaluate import evaluate
from ..model import Branch, Chance, Parameter, Tree
from ..values import COMPLEMENT, Payoffs, as_fraction, is_number
from ._options import check_tree, decision_node, sweep
from ._scoring import payoff_weights, score
from .psa import SamplingPlan, _block_sizes, _seed_sequence, draw_samples, psa

__all__ = ["EVPPIResult", "evpi", "evppi", "perfect_information_tree"]

MAX_NODES = 2_000_000
"""The largest restructured tree :func:`perfect_information_tree` builds."""

_COUPLINGS = (None, "comonotone")


# --------------------------------------------------------------------------- restructuring


@attrs.frozen
class _Outcome:
    """One revealed outcome: its label, probability, and the branch each revealed node takes."""

    label: str
    probability: Any
    selection: Mapping[int, int]


def _chance_names(tree: Tree) -> list[str]:
    names: list[str] = []
    for node in tree.index.nodes:
        if type(node) is Chance and node.name not in names:
            names.append(node.name)
    return names


def _outcomes(tree: Tree, name: str, probability: np.ndarray, coupling: Any, exact: bool) -> list[_Outcome]:
    """The outcomes of the uncertainty ``name``, checking that its chance nodes agree."""
    index = tree.index
    found = [i for i, node in enumerate(index.nodes) if type(node) is Chance and node.name == name]
    if not found:
        known = _chance_names(tree)
        raise ModelError(f"no chance node is named {name!r}; chance nodes are named {known}")
    first = found[0]
    first_node: Any = index.nodes[first]
    labels = tuple(b.label for b in first_node.branches)

    def vector(i: int) -> np.ndarray:
        start = index.first_child[i]
        return np.asarray(probability[start : start + len(labels)])

    for i in found[1:]:
        other = tuple(b.label for b in index.nodes[i].branches)  # type: ignore[union-attr]
        if other != labels:
            raise ModelError(
                f"chance nodes named {name!r} differ: at {_where(tree, first)} the outcomes are {labels}, "
                f"at {_where(tree, i)} they are {other}",
                index.path(i),
            )
    if coupling is None:
        reference = vector(first)
        for i in found[1:]:
            here = vector(i)
            same = (
                np.array_equal(here, reference) if exact else np.allclose(here, reference, rtol=0, atol=1e-9)
            )
            if not same:
                raise ModelError(
                    f"chance nodes named {name!r} have different probabilities: "
                    f"{_show(reference)} at {_where(tree, first)}, {_show(here)} at {_where(tree, i)}; "
                    "give them the same probabilities, or pass coupling='comonotone'",
                    index.path(i),
                )
        return [
            _Outcome(label, branch.probability, dict.fromkeys(found, k))
            for k, (label, branch) in enumerate(zip(labels, first_node.branches, strict=True))
        ]
    return _comonotone(name, found, [vector(i) for i in found], labels, exact)


def _comonotone(
    name: str, found: list[int], vectors: list[np.ndarray], labels: tuple[str, ...], exact: bool
) -> list[_Outcome]:
    """Outcomes under one uniform draw ``u``: each node takes the branch whose share of [0, 1] holds ``u``."""
    cumulative = [np.cumsum(v)[:-1] for v in vectors]
    points = sorted({x for c in cumulative for x in c if 0 < x < 1})
    if not exact:
        merged: list[Any] = []
        for x in points:
            if not merged or x - merged[-1] > 1e-12:
                merged.append(x)
        points = merged
    edges = [Fraction(0) if exact else 0.0, *points, Fraction(1) if exact else 1.0]
    outcomes = []
    for j, (a, b) in enumerate(itertools.pairwise(edges)):
        tolerance = 0 if exact else 1e-12
        selection = {
            i: int(np.searchsorted(c, a + tolerance, side="right"))
            for i, c in zip(found, cumulative, strict=True)
        }
        taken = {labels[k] for k in selection.values()}
        label = taken.pop() if len(taken) == 1 else f"u{j + 1} in [{float(a):.4g}, {float(b):.4g})"
        last = j == len(edges) - 2
        outcomes.append(_Outcome(label, COMPLEMENT if last and not exact else b - a, selection))
    return outcomes


def _where(tree: Tree, i: int) -> str:
    from ..errors import format_path

    return format_path(tree.index.path(i))


def _show(vector: np.ndarray) -> str:
    return "(" + ", ".join(f"{float(x):.6g}" for x in vector) + ")"


def _plus(a: Any, b: Any) -> Any:
    """The sum of two payoffs (numbers, expressions or per-actor mappings)."""
    if type(a) is int and a == 0:
        return b
    if type(b) is int and b == 0:
        return a
    if isinstance(a, Payoffs) or isinstance(b, Payoffs):
        keys = list(a if isinstance(a, Payoffs) else b)
        return Payoffs({k: _plus(_part(a, k), _part(b, k)) for k in keys})
    if is_number(a) and is_number(b) and not isinstance(a, sympy.Expr) and not isinstance(b, sympy.Expr):
        return a + b
    return _exact(a) + _exact(b)


def _part(payoff: Any, key: str) -> Any:
    return payoff[key] if isinstance(payoff, Payoffs) else payoff


def _exact(value: Any) -> Any:
    if isinstance(value, sympy.Expr):
        return value
    fraction = as_fraction(value)
    return sympy.Rational(fraction.numerator, fraction.denominator)


def _collapse(tree: Tree, selection: Mapping[int, int]) -> tuple[Any, Any]:
    """A copy of the tree with each selected chance node replaced by its selected branch.

    Returns the new root and the payoff of the branches collapsed at the root.
    Untouched subtrees are shared, not copied. Iterative (bottom-up over the
    breadth-first index).
    """
    index = tree.index
    nodes, first_child = index.nodes, index.first_child
    size = len(nodes)
    touched = np.zeros(size, dtype=bool)
    for i in selection:
        touched[i] = True
    parent = index.parent
    for i in range(size - 1, 0, -1):
        if touched[i]:
            touched[parent[i]] = True
    new: dict[int, Any] = {}
    extra: dict[int, Any] = {}
    for i in range(size - 1, -1, -1):
        if not touched[i]:
            continue
        node: Any = nodes[i]
        start = first_child[i]
        children = range(start, start + len(node.branches))

        def child(c: int) -> tuple[Any, Any]:
            if touched[c]:
                return new.pop(c), extra.pop(c)
            return nodes[c], 0

        if i in selection:
            k = selection[i]
            below, carried = child(start + k)
            new[i], extra[i] = below, _plus(node.branches[k].payoff, carried)
            for c in children:
                if c != start + k and touched[c]:
                    new.pop(c), extra.pop(c)
            continue
        branches = []
        for branch, c in zip(node.branches, children, strict=True):
            below, carried = child(c)
            branches.append(attrs.evolve(branch, node=below, payoff=_plus(branch.payoff, carried)))
        new[i], extra[i] = attrs.evolve(node, branches=branches), 0
    if not touched[0]:
        return tree.root, 0
    return new[0], extra[0]


def perfect_information_tree(
    tree: Tree,
    node: str | None = None,
    *,
    values: Mapping[Any, Any] | None = None,
    coupling: str | None = None,
    exact: bool = False,
) -> Tree:
    """The tree in which the outcome of the uncertainty ``node`` is known before anything else.

    At the root sits a chance node with the uncertainty's outcomes; below
    each, a copy of the tree in which every chance node named ``node`` takes
    that outcome (its branch payoff kept). ``node=None`` reveals every named
    uncertainty, one after the other.

    Same-named chance nodes must have the same outcome labels and, at
    ``values``, the same probabilities, else :class:`ModelError` naming both
    paths. With ``coupling="comonotone"`` their probabilities may differ
    (for instance when a decision shifts them): one uniform draw ``u`` is
    revealed and each node takes the branch whose share of [0, 1] (in branch
    order) contains ``u``; the root then has one branch per interval of
    ``u`` on which the outcomes are fixed, with probabilities computed at
    ``values``.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Umbrella?", [
    ...     dt.Branch("take", dt.Terminal("dry", payoff=-1)),
    ...     dt.Branch("leave", dt.Chance("Rain", [
    ...         dt.Branch("rain", dt.Terminal("wet", payoff=-10), probability=0.2),
    ...         dt.Branch("sun", dt.Terminal("fine", payoff=0), probability=0.8),
    ...     ])),
    ... ]))
    >>> informed = perfect_information_tree(tree, "Rain")
    >>> informed.root.name, [b.label for b in informed.root.branches]
    ('Rain', ['rain', 'sun'])
    >>> dt.evaluate(informed).policy
    {('rain',): 'take', ('sun',): 'leave'}
    """
    check_tree(tree, "perfect_information_tree")
    if coupling not in _COUPLINGS:
        raise ModelError(f"coupling must be None or 'comonotone', got {coupling!r}")
    if node is not None and not isinstance(node, str):
        raise ModelError(f"node must be the name of chance nodes, got {node!r}")
    names = _chance_names(tree) if node is None else [node]
    core = compile_tree(tree)
    probability = core.resolve(parameter_values(tree, values, exact=exact), exact=exact).probability[:, 0]
    outcomes = [_outcomes(tree, name, probability, coupling, exact) for name in names]
    copies = math.prod(len(o) for o in outcomes)
    if copies * tree.size > MAX_NODES:
        raise ModelError(
            f"revealing {names} needs {copies} copies of a {tree.size}-node tree (over {MAX_NODES:,} nodes); "
            "reveal fewer uncertainties at a time"
        )
    level: dict[tuple[int, ...], tuple[Any, Any]] = {}
    for combination in itertools.product(*(range(len(o)) for o in outcomes)):
        selection: dict[int, int] = {}
        for name_outcomes, k in zip(outcomes, combination, strict=True):
            selection.update(name_outcomes[k].selection)
        level[combination] = _collapse(tree, selection)
    for depth in range(len(names) - 1, -1, -1):
        above: dict[tuple[int, ...], tuple[Any, Any]] = {}
        for prefix in itertools.product(*(range(len(o)) for o in outcomes[:depth])):
            branches = [
                Branch(outcome.label, below, probability=outcome.probability, payoff=carried)
                for k, outcome in enumerate(outcomes[depth])
                for below, carried in [level[(*prefix, k)]]
            ]
            above[prefix] = (Chance(names[depth], branches, notes="revealed before the first decision"), 0)
        level = above
    root = level[()][0] if names else tree.root
    title = f"{tree.name or tree.root.name} with perfect information on {node or 'everything'}"
    parameters: Any = tree.parameters
    return Tree(root, parameters, name=title, description=tree.description)


def evpi(
    tree: Tree,
    *,
    node: str | None = None,
    values: Mapping[Any, Any] | None = None,
    objective: str | Mapping[str, Any] | None = None,
    actor: str | None = None,
    exact: bool = False,
    coupling: str | None = None,
) -> Any:
    """The expected value of perfect information on the uncertainty ``node`` (all of them if ``None``).

    Exact, by restructuring: the value of :func:`perfect_information_tree`
    less the value of the tree, both at ``values``. With one decision maker
    it is never negative.

    Parameters
    ----------
    tree : Tree
    node : str, optional
        The name of the chance nodes whose outcome is revealed before the
        first decision; ``None`` reveals every named uncertainty together.
    values : mapping, optional
        Parameter values overriding the base values.
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    actor : str, optional
        Whose value of information to report with per-actor payoffs;
        default the owner of the first decision (or ``objective``). Note that
        in a tree with several decision makers every one of them learns the
        outcome, so information can be worth less than nothing to one of them.
    exact : bool
        Exact rational arithmetic: the result is a sympy ``Rational``.
    coupling : {None, "comonotone"}
        How to reveal same-named chance nodes whose probabilities differ;
        see :func:`perfect_information_tree`.

    Returns
    -------
    float, or sympy Rational with ``exact=True``

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Umbrella?", [
    ...     dt.Branch("take", dt.Terminal("dry", payoff=-1)),
    ...     dt.Branch("leave", dt.Chance("Rain", [
    ...         dt.Branch("rain", dt.Terminal("wet", payoff=-10), probability=0.2),
    ...         dt.Branch("sun", dt.Terminal("fine", payoff=0), probability=0.8),
    ...     ])),
    ... ]))
    >>> round(evpi(tree, node="Rain"), 12)
    0.8
    """
    check_tree(tree, "evpi")
    informed = perfect_information_tree(tree, node, values=values, coupling=coupling, exact=exact)
    weights = payoff_weights(tree, actor=actor, objective=objective, exact=exact)
    before = evaluate(tree, values, exact=exact, objective=objective).value
    after = evaluate(informed, values, exact=exact, objective=objective).value
    gain = score(after, weights, tree.actors) - score(before, weights, tree.actors)
    if not exact:
        return float(gain)
    return gain if isinstance(gain, sympy.Basic) else _exact(gain)


# --------------------------------------------------------------------------- EVPPI


@attrs.frozen
class EVPPIResult:
    """An EVPPI estimate: ``value``, its Monte Carlo ``standard_error`` and how it was computed.

    ``float(result)`` is the value.
    """

    value: float
    standard_error: float
    method: str
    parameters: tuple[str, ...]
    n: int
    inner: int | None = None

    def __float__(self) -> float:
        return self.value


def _focal(tree: Tree, plan: SamplingPlan, parameters: Any) -> tuple[str, ...]:
    from ._options import resolve_parameter

    if isinstance(parameters, (str, Parameter)):
        parameters = [parameters]
    if not isinstance(parameters, Sequence) or not parameters:
        raise ModelError(
            f"parameters must be a parameter name or a non-empty list of them, got {parameters!r}"
        )
    names = tuple(resolve_parameter(tree, p).name for p in parameters)
    sampled = set(plan.names)
    for name in names:
        if name not in sampled:
            raise ModelError(f"parameter {name!r} has no distribution, so it carries no uncertainty to learn")
    return names


def _gain(conditional: np.ndarray) -> tuple[float, float]:
    """EVPPI and its standard error from conditional option values (n_options, n)."""
    best = conditional.max(axis=0)
    k = int(conditional.mean(axis=1).argmax())
    difference = best - conditional[k]
    n = difference.size
    error = float(difference.std(ddof=1) / math.sqrt(n)) if n > 1 else math.inf
    return float(difference.mean()), error


def _basis(x: np.ndarray, degree: int) -> np.ndarray:
    scale = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(scale > 0, scale, 1)
    columns = [np.ones(len(z))]
    for d in range(1, degree + 1):
        for combination in itertools.combinations_with_replacement(range(z.shape[1]), d):
            columns.append(np.prod(z[:, list(combination)], axis=1))
    return np.column_stack(columns)


def evppi(
    tree: Tree,
    parameters: Any,
    n: int,
    *,
    seed: int | np.random.SeedSequence | None = None,
    method: str = "regression",
    inner: int = 200,
    degree: int | None = None,
    decision: Sequence[str] = (),
    objective: str | Mapping[str, Any] | None = None,
    executor: Any = None,
    chunk_size: int | None = None,
) -> EVPPIResult:
    """The expected value of partial perfect information on some parameters, by Monte Carlo.

    What learning the true values of ``parameters`` (before the decision) is
    worth, the other parameters staying uncertain:
    ``E_θ[max_option E[value | θ]] - max_option E[value]``.

    Two estimators:

    - ``method="regression"`` (default; Strong, Oakley and Brennan 2014): one
      PSA of ``n`` draws; each option's value is regressed on a polynomial
      (``degree``, default 4 for one parameter, 3 for two, 2 for more, all
      cross terms included) of the focal parameters, and the fitted values
      stand in for the conditional expectations. Cheap; its error has two
      parts: Monte Carlo noise (``standard_error``, which treats the fit as
      exact) and the bias of a polynomial that cannot follow the true
      conditional expectation (check by raising ``degree``). Overfitting
      biases it slightly upwards when terms are many compared with ``n``.
    - ``method="nested"``: ``n`` outer draws of the focal parameters, each
      with ``inner`` draws of the others, all through the vectorised core
      (``n * inner`` rollbacks). No model of the conditional expectation,
      but the maximum over noisy inner means biases it upwards by roughly
      the inner-sample variance, ``O(1 / inner)``. It needs every parameter
      of a joint distribution in or out of the focal set together.

    Returns
    -------
    EVPPIResult
        ``float(result)`` is the estimate.

    Examples
    --------
    >>> import decisiontree as dt
    >>> p = dt.Parameter("p", 0.5, distribution=dt.Beta(5, 5))
    >>> tree = dt.Tree(dt.Decision("bet?", [
    ...     dt.Branch("bet", dt.Chance("coin", [
    ...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
    ...         dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
    ...     ])),
    ...     dt.Branch("pass", dt.Terminal("P")),
    ... ]), parameters=[p])
    >>> result = evppi(tree, "p", 5000, seed=1)
    >>> round(result.value, 1)
    1.2
    """
    check_tree(tree, "evppi")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ModelError(f"n must be an integer of at least 2, got {n!r}")
    plan = SamplingPlan.from_tree(tree)
    focal = _focal(tree, plan, parameters)
    if method == "regression":
        result = psa(
            tree,
            int(n),
            seed=seed,
            executor=executor,
            chunk_size=chunk_size,
            decision=decision,
            objective=objective,
        )
        if degree is None:
            degree = {1: 4, 2: 3}.get(len(focal), 2)
        if isinstance(degree, bool) or not isinstance(degree, int) or degree < 1:
            raise ModelError(f"degree must be a positive integer, got {degree!r}")
        basis = _basis(np.column_stack([result.samples[name] for name in focal]), degree)
        if basis.shape[1] * 10 > n:
            raise ModelError(
                f"{basis.shape[1]} regression terms need at least {basis.shape[1] * 10} draws; "
                "raise n or lower degree"
            )
        coefficients, *_ = np.linalg.lstsq(basis, result.values, rcond=None)
        value, error = _gain((basis @ coefficients).T)
        return EVPPIResult(value, error, "regression", focal, int(n))
    if method != "nested":
        raise ModelError(f"method must be 'regression' or 'nested', got {method!r}")
    if isinstance(inner, bool) or not isinstance(inner, int) or inner < 2:
        raise ModelError(f"inner must be an integer of at least 2, got {inner!r}")
    conditional = _nested(tree, plan, focal, int(n), inner, seed, tuple(decision), objective)
    value, error = _gain(conditional)
    return EVPPIResult(value, error, "nested", focal, int(n), inner)


def _nested(
    tree: Tree,
    plan: SamplingPlan,
    focal: tuple[str, ...],
    n: int,
    inner: int,
    seed: Any,
    decision: tuple[str, ...],
    objective: Any,
) -> np.ndarray:
    outer_plan = plan.restricted(focal)
    inner_plan = SamplingPlan(tuple(u for u in plan.units if u not in outer_plan.units))
    for names, _ in outer_plan.units:
        if not set(names) <= set(focal):
            raise ModelError(
                f"parameters {names} are drawn together; the nested estimator needs all of them or none "
                "(or use method='regression')"
            )
    decision_node(tree, decision)
    fixed = {k: v for k, v in parameter_values(tree, None).items() if k not in set(plan.names)}
    outer_seed, inner_seed = _seed_sequence(seed).spawn(2)
    sizes = _block_sizes(n)
    outer = draw_samples(outer_plan, outer_seed.spawn(len(sizes)), sizes)
    inner_seeds = inner_seed.spawn(n)
    group = max(1, 200_000 // inner)
    parts = []
    for start in range(0, n, group):
        stop = min(n, start + group)
        draws = [inner_plan.draw(np.random.default_rng(s), inner) for s in inner_seeds[start:stop]]
        values: dict[str, Any] = dict(fixed)
        for name in inner_plan.names:
            values[name] = np.concatenate([d[name] for d in draws])
        for name in outer_plan.names:
            values[name] = np.repeat(outer[name][start:stop], inner)
        option_values = sweep(tree, values, decision=decision, objective=objective).values
        parts.append(option_values.reshape(option_values.shape[0], stop - start, inner).mean(axis=2))
    return np.concatenate(parts, axis=1)
