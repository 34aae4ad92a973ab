"""The expected value of partial perfect information (EVPPI), by Monte Carlo.

What learning the true values of some parameters is worth before deciding,
the others staying uncertain. Two estimators: regression on one PSA
(Strong, Oakley and Brennan 2014) and nested Monte Carlo.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, distribution=dt.Beta(5, 5))
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> round(evppi(tree, "p", 5000, seed=1).value, 1)
1.2
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from .._progress import progress_bar
from ..errors import ArgumentError, among, brief
from ..model import Parameter, Tree
from ..number import number_repr
from ..tables import Table, Tabular
from .psa import PSAResult, psa
from .sampling import SamplingPlan, block_sizes, draw_samples, seed_sequence
from .sweep import sweep

__all__ = ["EVPPIResult", "evppi", "regression_evppi"]


@attrs.frozen
class EVPPIResult(Tabular):
    """An EVPPI estimate: ``value``, its Monte Carlo ``standard_error`` and how it was computed.

    ``float(result)`` is the value; ``to_frame()`` gives it as a one-row table.
    """

    value: float = attrs.field(repr=number_repr)
    standard_error: float = attrs.field(repr=number_repr)
    method: str
    parameters: tuple[str, ...]
    n: int
    inner: int | None = None

    def __float__(self) -> float:
        return self.value

    def to_table(self) -> Table:
        """One row: the parameters, the estimate, its standard error and how it was computed."""
        columns = ("parameters", "EVPPI", "standard error", "method", "draws", "inner draws")
        row = (", ".join(self.parameters), self.value, self.standard_error, self.method, self.n, self.inner)
        return Table(columns, [row], title="Expected value of partial perfect information")


_MAX_DEGREE = 20
"""The highest degree of the regression estimator's polynomial (its terms grow fast with it)."""


def _focal(tree: Tree, plan: SamplingPlan, parameters: Any) -> tuple[str, ...]:
    if isinstance(parameters, (str, Parameter)):
        parameters = [parameters]
    if not isinstance(parameters, Sequence) or not parameters:
        raise ArgumentError(
            f"parameters must be a parameter name or a non-empty list of them, got {brief(parameters)}"
        )
    names = tuple(arguments.varied(tree, p).name for p in parameters)
    sampled = set(plan.names)
    for name in names:
        if name not in sampled:
            raise ArgumentError(
                f"parameter {name!r} has no distribution, so it carries no uncertainty to learn"
            )
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
    progress: bool | None = None,
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

    ``progress`` shows a progress bar as ``psa`` does.

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
    arguments.tree_of(tree, "evppi")
    n = arguments.count(n, "n", minimum=2)
    if not among(method, ("regression", "nested")):
        raise ArgumentError(f"method must be 'regression' or 'nested', got {brief(method)}")
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
            progress=progress,
        )
        return regression_evppi(result, focal, degree)
    inner = arguments.count(inner, "inner", minimum=2, cells=n)
    conditional = _nested(tree, plan, focal, int(n), inner, seed, tuple(decision), objective, progress)
    value, error = _gain(conditional)
    return EVPPIResult(value, error, "nested", focal, int(n), inner)


def regression_evppi(result: PSAResult, focal: Sequence[str], degree: int | None = None) -> EVPPIResult:
    """EVPPI on the sampled parameters ``focal`` by regression on the draws of one PSA.

    The estimator of ``evppi`` (``method="regression"``), for reusing one
    PSA for several parameters.
    """
    focal = tuple(focal)
    for name in focal:
        if name not in result.samples:
            raise ArgumentError(f"parameter {name!r} was not sampled in this PSA")
    if degree is None:
        degree = {1: 4, 2: 3}.get(len(focal), 2)
    degree = arguments.count(degree, "degree", maximum=_MAX_DEGREE)
    terms = math.comb(len(focal) + degree, degree)  # the products of at most ``degree`` parameters
    if terms * 10 > result.n:
        raise ArgumentError(
            f"{brief(terms)} regression terms need at least {brief(terms * 10)} draws; "
            "raise n or lower degree"
        )
    basis = _basis(np.column_stack([result.samples[name] for name in focal]), degree)
    coefficients, *_ = np.linalg.lstsq(basis, result.values, rcond=None)
    value, error = _gain((basis @ coefficients).T)
    return EVPPIResult(value, error, "regression", focal, result.n)


def _nested(
    tree: Tree,
    plan: SamplingPlan,
    focal: tuple[str, ...],
    n: int,
    inner: int,
    seed: Any,
    decision: tuple[str, ...],
    objective: Any,
    progress: bool | None = None,
) -> np.ndarray:
    outer_plan = plan.restricted(focal)
    inner_plan = SamplingPlan(tuple(u for u in plan.units if u not in outer_plan.units))
    for names, _ in outer_plan.units:
        if not set(names) <= set(focal):
            raise ArgumentError(
                f"parameters {names} are drawn together; the nested estimator needs all of them or none "
                "(or use method='regression')"
            )
    arguments.decision(tree, decision)
    sampled = set(plan.names)
    fixed = {name: value for name, value in arguments.base_values(tree).items() if name not in sampled}
    outer_seed, inner_seed = seed_sequence(seed).spawn(2)
    sizes = block_sizes(n)
    outer = draw_samples(outer_plan, outer_seed.spawn(len(sizes)), sizes)
    inner_seeds = inner_seed.spawn(n)
    group = max(1, 200_000 // inner)
    parts = []
    bar = progress_bar(-(-n // group), "evppi", progress=progress)
    for start in range(0, n, group):
        stop = min(n, start + group)
        draws = [inner_plan.draw(np.random.default_rng(s), inner) for s in inner_seeds[start:stop]]
        values: dict[str, Any] = dict(fixed)
        for name in inner_plan.names:
            values[name] = np.concatenate([d[name] for d in draws])
        for name in outer_plan.names:
            values[name] = np.repeat(outer[name][start:stop], inner)
        option_values = sweep(tree, values, decision=decision, objective=objective, progress=False).values
        parts.append(option_values.reshape(option_values.shape[0], stop - start, inner).mean(axis=2))
        if bar is not None:
            bar.update(1)
    if bar is not None:
        bar.close()
    return np.concatenate(parts, axis=1)
