"""What Monte Carlo draws: the sampling plan of a tree's parameters, drawn reproducibly.

Draws are made in fixed blocks of :data:`BLOCK` draws, block ``b`` from the
``b``-th child of ``numpy.random.SeedSequence(seed)``, so the same seed gives
the same numbers however the draws are grouped into chunks and whichever
executor runs them. :func:`~decisiontree.psa` and
:func:`~decisiontree.evppi` both sample through this module.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 1, distribution=dt.Uniform(0, 2))
>>> tree = dt.Tree(dt.Terminal("t", payoff="p"), parameters=[p])
>>> plan = SamplingPlan.from_tree(tree)
>>> plan.names, draw_samples(plan, seeds(1, 5), block_sizes(5))["p"].shape
(('p',), (5,))
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from ..distributions import finite_draws
from ..errors import ArgumentError, ModelError, NoUncertaintyWarning, brief, called
from ..model import Tree

__all__ = [
    "BLOCK",
    "SamplingPlan",
    "block_sizes",
    "draw_samples",
    "seed_sequence",
    "seeds",
    "warn_if_certain",
]

BLOCK = 1000
"""Draws per seeded block; chunks are whole numbers of blocks."""


@attrs.frozen
class SamplingPlan:
    """Which parameters to draw and how: ``units`` of (parameter names, distribution).

    A one-parameter distribution is a unit of one name; a joint distribution
    (:class:`~decisiontree.Dirichlet`, :class:`~decisiontree.MultivariateNormal`)
    is one unit for all the parameters it names, sampled once per draw.
    Plans are small and picklable: they travel to executor workers.
    """

    units: tuple[tuple[tuple[str, ...], Any], ...]

    @classmethod
    def from_tree(cls, tree: Tree) -> SamplingPlan:
        """The plan of ``tree``'s parameters; :class:`ModelError` on a bad or conflicting distribution."""
        declared = {p.name for p in tree.parameters}
        derived = {p.name: p.value for p in tree.parameters if p.derived}
        owner: dict[str, Any] = {}
        units: list[tuple[tuple[str, ...], Any]] = []
        for parameter in tree.parameters:
            distribution = parameter.distribution
            if distribution is None:
                continue
            if not callable(getattr(distribution, "sample", None)):
                raise ModelError(
                    f"parameter {parameter.name!r}: distribution {distribution!r} "
                    "has no sample(rng, n) method"
                )
            joint = getattr(distribution, "parameters", None)
            if joint is not None:
                names = tuple(joint)
                if not names:
                    raise ModelError(
                        f"parameter {parameter.name!r}: a {type(distribution).__name__} must name the "
                        "parameters it draws (parameters=(...))"
                    )
                if parameter.name not in names:
                    raise ModelError(
                        f"parameter {parameter.name!r} carries a {type(distribution).__name__} over "
                        f"{names}, which does not include it"
                    )
                for name in names:
                    if name not in declared:
                        raise ModelError(
                            f"parameter {parameter.name!r}: its {type(distribution).__name__} names "
                            f"{name!r}, which is not a parameter of the tree"
                        )
                    if name in derived:
                        raise ModelError(
                            f"parameter {parameter.name!r}: its {type(distribution).__name__} names "
                            f"{name!r}, which is derived ({derived[name]}); draw its inputs instead"
                        )
            else:
                names = (parameter.name,)
            if all(name in owner and owner[name] == distribution for name in names):
                continue  # the same joint distribution attached to several of its parameters
            for name in names:
                if name in owner:
                    raise ModelError(
                        f"parameter {name!r} is drawn by two distributions: "
                        f"{owner[name]!r} and {distribution!r}"
                    )
                owner[name] = distribution
            units.append((names, distribution))
        return cls(tuple(units))

    @property
    def names(self) -> tuple[str, ...]:
        """Every sampled parameter, in the order of the plan."""
        return tuple(name for names, _ in self.units for name in names)

    def restricted(self, names: Iterable[str]) -> SamplingPlan:
        """The units that draw any of ``names``."""
        wanted = set(names)
        return SamplingPlan(tuple(u for u in self.units if wanted.intersection(u[0])))

    def draw(self, rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
        """``{name: n draws}`` for every sampled parameter."""
        out: dict[str, np.ndarray] = {}
        for names, distribution in self.units:
            try:
                drawn = called(distribution.sample, f"sampling {distribution!r}", rng, n, error=ModelError)
                raw = finite_draws(drawn, repr(distribution))
            except ModelError as error:  # a refusal of the distribution or of its draws: say whose
                if type(error) is not ModelError:
                    raise
                raise ModelError(f"parameter {names[0]!r}: {error}") from error.__cause__
            if len(names) == 1 and raw.shape != (n,):
                raise ModelError(
                    f"parameter {names[0]!r}: {distribution!r} gave shape {raw.shape}, not ({n},)"
                )
            if len(names) > 1 and (raw.ndim != 2 or raw.shape[0] != n or raw.shape[1] < len(names)):
                raise ModelError(
                    f"parameters {names}: {distribution!r} gave shape {raw.shape}, not ({n}, {len(names)})"
                )
            columns = raw.reshape(n, 1) if raw.ndim == 1 else raw
            for k, name in enumerate(names):
                out[name] = columns[:, k]
        return out


def warn_if_certain(plan: SamplingPlan, what: str, stacklevel: int = 3) -> None:
    """Warn (:class:`~decisiontree.NoUncertaintyWarning`) when ``plan`` draws nothing.

    Without a distribution every draw is the base case: each option is best in
    0% or 100% of the draws and every spread is zero, which is no uncertainty
    analysis at all. The message says what to add.
    """
    if plan.units:
        return
    warnings.warn(
        NoUncertaintyWarning(
            f"{what}: no parameter of the model has a distribution, so every draw is the base case "
            "(each option is best in 0% or 100% of draws, with no spread); give the uncertain "
            "parameters a distribution: Parameter(..., distribution=dt.Beta(6, 4)) in code, "
            "'distribution: {type: Beta, a: 6, b: 4}' in a model file"
        ),
        stacklevel=stacklevel,
    )


def block_sizes(n: int) -> list[int]:
    full, rest = divmod(n, BLOCK)
    return [BLOCK] * full + ([rest] if rest else [])


def seed_sequence(seed: Any) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise ArgumentError(
            f"seed must be None, a non-negative integer or a numpy SeedSequence, got {brief(seed)}"
        )
    if seed is not None and seed < 0:
        raise ArgumentError(f"seed must be non-negative, got {brief(seed)}")
    return np.random.SeedSequence(None if seed is None else int(seed))


def draw_samples(
    plan: SamplingPlan, seeds: Sequence[np.random.SeedSequence], sizes: Sequence[int]
) -> dict[str, np.ndarray]:
    """The draws of consecutive blocks, block ``b`` from generator ``seeds[b]``."""
    blocks = [plan.draw(np.random.default_rng(s), size) for s, size in zip(seeds, sizes, strict=True)]
    return {name: np.concatenate([b[name] for b in blocks]) for name in plan.names}


def seeds(seed: Any, n: int) -> list[np.random.SeedSequence]:
    """The seed of every block of ``n`` draws."""
    return seed_sequence(seed).spawn(len(block_sizes(n)))
