"""Probability distributions for parameters, sampled with numpy's ``Generator``.

Give a :class:`~decisiontree.Parameter` a ``distribution=`` and
:func:`~decisiontree.psa` draws it. Every distribution is a small frozen,
hashable ``attrs`` class with a ``mean``, a ``support`` ``(low, high)`` and a
vectorised ``sample(rng, n)``; arguments are checked on construction
(:class:`~decisiontree.ModelError` on bad ones).

>>> import numpy as np
>>> import decisiontree as dt
>>> cost = dt.Parameter("cost", 20, distribution=dt.Gamma.from_mean_sd(20, 5))
>>> round(cost.distribution.mean, 9)
20.0
>>> cost.distribution.sample(np.random.default_rng(1), 3).shape
(3,)

Joint distributions (:class:`Dirichlet`, :class:`MultivariateNormal`) draw
several parameters together. They name those parameters
(``parameters=("p_a", "p_b", "p_c")``) and are attached to any one of them
(or to each of them, the same object): :func:`~decisiontree.psa` samples the
vector once per draw and gives every named parameter its component. A
Dirichlet over a chance node's probabilities keeps them summing to 1; it may
name one parameter fewer than it has components when the last branch is a
``COMPLEMENT``.

Any object with ``mean`` and ``sample(rng, n)`` returning ``n`` numbers works
as a distribution too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, Protocol, runtime_checkable

import attrs
import numpy as np

from .errors import ArgumentError, ModelError, brief, count, finite_floats, items

__all__ = [
    "PERT",
    "Beta",
    "Dirichlet",
    "Distribution",
    "Empirical",
    "Gamma",
    "JointDistribution",
    "LogNormal",
    "MultivariateNormal",
    "Normal",
    "Triangular",
    "Uniform",
]


@runtime_checkable
class Distribution(Protocol):
    """What :func:`~decisiontree.psa` needs of a one-parameter distribution."""

    @property
    def mean(self) -> float: ...

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray: ...


@runtime_checkable
class JointDistribution(Protocol):
    """A distribution of several named parameters drawn together (one column each)."""

    @property
    def parameters(self) -> tuple[str, ...]: ...

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray: ...


# --------------------------------------------------------------------------- argument checks


def _float(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, np.integer, np.floating)):
        raise ModelError(f"{what} must be a number, got {brief(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ModelError(f"{what} is beyond float range (about 1.8e308)") from None
    if not math.isfinite(number):
        raise ModelError(f"{what} must be finite, got {brief(value)}")
    return number


def _where(instance: Any, attribute: Any) -> str:
    return f"{type(instance).__name__} {attribute.name}"


def _real(instance: Any, attribute: Any, value: Any) -> None:
    _float(value, _where(instance, attribute))


def _positive(instance: Any, attribute: Any, value: Any) -> None:
    if _float(value, _where(instance, attribute)) <= 0:
        raise ModelError(f"{_where(instance, attribute)} must be positive, got {brief(value)}")


def _non_negative(instance: Any, attribute: Any, value: Any) -> None:
    if _float(value, _where(instance, attribute)) < 0:
        raise ModelError(f"{_where(instance, attribute)} must not be negative, got {brief(value)}")


def _sequence(value: Any, what: str, minimum: int = 1) -> tuple[float, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise ModelError(f"{what} must be a sequence of numbers, got {brief(value)}")
    numbers = tuple(_float(v, f"each of {what}") for v in items(value, what, "numbers"))
    if len(numbers) < minimum:
        raise ModelError(f"{what} needs at least {minimum} number(s), got {len(numbers)}")
    return numbers


def _reals(instance: Any, attribute: Any, value: Any) -> None:
    _sequence(value, _where(instance, attribute))


def _shares(instance: Any, attribute: Any, value: Any) -> None:
    numbers = _sequence(value, _where(instance, attribute), minimum=2)
    if any(v <= 0 for v in numbers):
        raise ModelError(f"{_where(instance, attribute)} must all be positive, got {numbers}")


class _Numbers:
    """Turns every number argument into a ``float`` (and sequences into tuples) once validated."""

    __slots__ = ()

    def __attrs_post_init__(self) -> None:
        for field in attrs.fields(type(self)):  # type: ignore[misc, arg-type]
            value = getattr(self, field.name)
            if value is None or field.name == "parameters":
                continue
            if isinstance(value, (Sequence, np.ndarray)):
                value = tuple(
                    tuple(float(x) + 0.0 for x in v)
                    if isinstance(v, (Sequence, np.ndarray))
                    else float(v) + 0.0
                    for v in value
                )
            else:
                value = float(value) + 0.0  # -0.0 as 0.0: numpy reads the sign of zero where a check does not
            object.__setattr__(self, field.name, value)
        try:
            mean = np.asarray(self.mean, dtype=np.float64)
        except OverflowError:
            mean = np.asarray(math.inf)
        if not np.all(np.isfinite(mean)):
            raise ModelError(f"{self!r} has a mean beyond float range (about 1.8e308)")

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws from ``rng`` (``numpy.random.default_rng(seed)``): shape ``(n,)``,
        or ``(n, k)`` for ``k`` parameters drawn together; draws beyond float range are refused.

        >>> Uniform(0, 1).sample(np.random.default_rng(1), 2).shape
        (2,)
        """
        if not isinstance(rng, np.random.Generator):
            raise ArgumentError(
                f"rng must be a numpy Generator (numpy.random.default_rng(seed)), got {brief(rng)}"
            )
        return finite_draws(self._draw(rng, _count(n, np.size(self.mean))), repr(self))

    @property
    def mean(self) -> Any:
        raise NotImplementedError  # pragma: no cover - every distribution has its own

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        raise NotImplementedError  # pragma: no cover - every distribution has its own


def finite_draws(draws: Any, what: str) -> np.ndarray:
    """``draws`` as an array of floats, or a :class:`ModelError` naming ``what`` drew them unless they
    are finite numbers (:func:`~decisiontree.errors.finite_floats`): the rule for every distribution's
    draws, the user's too.

    >>> finite_draws([1.0, float("inf")], "Gamma(shape=2.0, scale=1e308)")
    Traceback (most recent call last):
    ...
    decisiontree.errors.ModelError: the draws of Gamma(shape=2.0, scale=1e308) must be finite numbers, got inf
    """
    return finite_floats(draws, f"the draws of {what}", ModelError)


def _names(values: Any) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise ModelError(f"parameters must be a sequence of parameter names, got {brief(values)}")
    names: tuple[Any, ...] = tuple(getattr(v, "name", v) for v in values)  # names or Parameters
    for name in names:
        if not isinstance(name, str) or not name.isidentifier():
            raise ModelError(f"parameters must be parameter names, got {brief(name)}")
    if len(set(names)) != len(names):
        raise ModelError(f"parameters are named twice in {names}")
    return names  # type: ignore[return-value]


def _average(values: Sequence[float], weights: Sequence[float]) -> float:
    """The weighted mean of ``values``, finite wherever it lies within float range (sums of large
    values, or of large weights times values, may pass it on the way).

    >>> _average((1e308, 1.5e308), (1, 1)), _average((0.0, 3.0, 6.0), (1, 1, 1))
    (1.25e+308, 3.0)
    """
    with np.errstate(over="ignore"):  # sums past float range are inf, then taken again scaled
        share = np.asarray(weights, dtype=np.float64)
        if not math.isfinite(float(share.sum())):
            share = share / share.max()
        total = float(share.sum())
        mean = float(np.dot(share, values)) / total
        if not math.isfinite(mean):  # the same on values scaled down by a power of two (exactly)
            exponent = math.frexp(float(np.abs(values).max()))[1]
            mean = math.ldexp(float(np.dot(share, np.ldexp(values, -exponent))) / total, exponent)
    return mean


def _share(low: float, mode: float, high: float) -> float:
    """Where ``mode`` lies between ``low`` and ``high``, from 0 to 1, where the width may pass float range."""
    return (mode / 2 - low / 2) / (high / 2 - low / 2)


def _stretched(unit: np.ndarray, low: float, high: float) -> np.ndarray:
    """Draws on [0, 1] taken to [``low``, ``high``], where the width may pass float range."""
    return np.clip((low / 2 + unit * (high / 2 - low / 2)) * 2, low, high)


def _count(n: Any, width: int) -> int:
    return count(n, "the number of draws", minimum=0, cells=width)


def _ordered(low: float, mode: float, high: float, name: str) -> None:
    if not low <= mode <= high:
        raise ModelError(f"{name} needs low <= mode <= high, got ({low}, {mode}, {high})")


# --------------------------------------------------------------------------- one parameter


@attrs.frozen
class Beta(_Numbers):
    """The beta distribution on [0, 1], for probabilities.

    >>> Beta(2, 6).mean
    0.25
    >>> b = Beta.from_mean_sd(0.25, 0.1)
    >>> round(b.a, 6), round(b.b, 6)
    (4.4375, 13.3125)
    """

    a: float = attrs.field(validator=_positive)
    b: float = attrs.field(validator=_positive)

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> Beta:
        """The beta distribution with this mean and standard deviation (method of moments)."""
        m = _float(mean, "Beta mean")
        s = _float(sd, "Beta sd")
        if not 0 < m < 1 or not 0 < s * s < m * (1 - m):
            raise ModelError(
                f"no beta distribution has mean {m} and sd {s} "
                "(it needs 0 < mean < 1 and 0 < sd² < mean(1 - mean))"
            )
        k = m * (1 - m) / (s * s) - 1
        return cls(m * k, (1 - m) * k)

    @property
    def mean(self) -> float:
        return _average((1.0, 0.0), (self.a, self.b))  # a / (a + b), where a + b may pass float range

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.beta(self.a, self.b, n)


@attrs.frozen
class Normal(_Numbers):
    """The normal distribution; ``sd=0`` is the constant ``mean``.

    >>> Normal(10, 2).mean, Normal(10, 2).support
    (10.0, (-inf, inf))
    """

    mean: float = attrs.field(validator=_real)
    sd: float = attrs.field(validator=_non_negative)

    @property
    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf) if self.sd > 0 else (self.mean, self.mean)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.normal(self.mean, self.sd, n)


@attrs.frozen
class LogNormal(_Numbers):
    """The log-normal distribution: ``exp`` of a normal with mean ``mu`` and sd ``sigma``.

    Analysts usually know the mean and sd of the value itself: use
    :meth:`from_mean_sd`.

    >>> d = LogNormal.from_mean_sd(100, 30)
    >>> round(d.mean, 9)
    100.0
    """

    mu: float = attrs.field(validator=_real)
    sigma: float = attrs.field(validator=_non_negative)

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> LogNormal:
        """The log-normal distribution whose values have this mean and sd."""
        m, s = _float(mean, "LogNormal mean"), _float(sd, "LogNormal sd")
        if m <= 0 or s < 0:
            raise ModelError(f"LogNormal needs mean > 0 and sd >= 0, got mean {m}, sd {s}")
        sigma2 = math.log1p((s / m) * (s / m))  # inf, not an OverflowError, past float range
        return cls(math.log(m) - sigma2 / 2, math.sqrt(sigma2))

    @property
    def mean(self) -> float:
        return math.exp(self.mu + self.sigma**2 / 2)

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.lognormal(self.mu, self.sigma, n)


@attrs.frozen
class Gamma(_Numbers):
    """The gamma distribution with ``shape`` k and ``scale`` θ (mean kθ), for costs.

    >>> Gamma.from_mean_sd(20, 10)
    Gamma(shape=4.0, scale=5.0)
    """

    shape: float = attrs.field(validator=_positive)
    scale: float = attrs.field(validator=_positive)

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> Gamma:
        """The gamma distribution with this mean and standard deviation."""
        m, s = _float(mean, "Gamma mean"), _float(sd, "Gamma sd")
        if m <= 0 or s <= 0:
            raise ModelError(f"Gamma needs mean > 0 and sd > 0, got mean {m}, sd {s}")
        return cls((m / s) * (m / s), s * (s / m))  # inf, not an OverflowError, past float range

    @property
    def mean(self) -> float:
        return self.shape * self.scale

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, math.inf)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.gamma(self.shape, self.scale, n)


@attrs.frozen
class Uniform(_Numbers):
    """The uniform distribution on ``[low, high]`` (``low == high`` is a constant).

    >>> Uniform(10, 30).mean
    20.0
    """

    low: float = attrs.field(validator=_real)
    high: float = attrs.field(validator=_real)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        if self.low > self.high:
            raise ModelError(f"Uniform needs low <= high, got ({self.low}, {self.high})")

    @property
    def mean(self) -> float:
        return _average((self.low, self.high), (1, 1))

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        if not math.isfinite(self.high - self.low):
            return _stretched(rng.uniform(0, 1, n), self.low, self.high)
        return rng.uniform(self.low, self.high, n)


@attrs.frozen
class Triangular(_Numbers):
    """The triangular distribution from ``low``, most likely ``mode`` and ``high``.

    >>> Triangular(0, 3, 6).mean
    3.0
    """

    low: float = attrs.field(validator=_real)
    mode: float = attrs.field(validator=_real)
    high: float = attrs.field(validator=_real)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _ordered(self.low, self.mode, self.high, "Triangular")

    @property
    def mean(self) -> float:
        return _average((self.low, self.mode, self.high), (1, 1, 1))

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        if self.low == self.high:
            return np.full(n, self.low)
        width = self.high - self.low
        if not math.isfinite(width * width):  # numpy's triangular multiplies widths
            unit = rng.triangular(0, _share(self.low, self.mode, self.high), 1, n)
            return _stretched(unit, self.low, self.high)
        return rng.triangular(self.low, self.mode, self.high, n)


@attrs.frozen
class PERT(_Numbers):
    """The (modified) PERT distribution: a beta scaled to ``[low, high]`` peaking at ``mode``.

    ``shape`` (default 4) sets how strongly values gather around the mode;
    the mean is ``(low + shape * mode + high) / (shape + 2)``.

    >>> PERT(10, 20, 40).mean
    21.666666666666668
    """

    low: float = attrs.field(validator=_real)
    mode: float = attrs.field(validator=_real)
    high: float = attrs.field(validator=_real)
    shape: float = attrs.field(default=4.0, kw_only=True, validator=_non_negative)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _ordered(self.low, self.mode, self.high, "PERT")

    @property
    def mean(self) -> float:
        return _average((self.low, self.mode, self.high), (1, self.shape, 1))

    @property
    def support(self) -> tuple[float, float]:
        return (self.low, self.high)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        width = self.high - self.low
        if width == 0:
            return np.full(n, self.low)
        a = 1 + self.shape * (self.mode - self.low) / width
        b = 1 + self.shape * (self.high - self.mode) / width
        if not math.isfinite(a * b * width):
            share = _share(self.low, self.mode, self.high)
            unit = rng.beta(1 + self.shape * share, 1 + self.shape * (1 - share), n)
            return _stretched(unit, self.low, self.high)
        return self.low + width * rng.beta(a, b, n)


def _weights(instance: Any, attribute: Any, value: Any) -> None:
    if value is None:
        return
    weights = _sequence(value, "Empirical weights")
    if any(w < 0 for w in weights) or sum(weights) <= 0:
        raise ModelError(f"Empirical weights must be non-negative with a positive sum, got {weights}")


@attrs.frozen
class Empirical(_Numbers):
    """Resampling (with replacement) from given values, optionally weighted.

    Use it for draws from an earlier simulation, or a bootstrap of data.

    >>> Empirical([1, 2, 3, 6]).mean
    3.0
    >>> Empirical([0, 10], weights=[3, 1]).mean
    2.5
    """

    values: tuple[float, ...] = attrs.field(validator=_reals)
    weights: tuple[float, ...] | None = attrs.field(default=None, kw_only=True, validator=_weights)

    def __attrs_post_init__(self) -> None:
        if self.weights is not None and len(self.weights) != len(self.values):
            raise ModelError(f"Empirical has {len(self.values)} values but {len(self.weights)} weights")
        super().__attrs_post_init__()

    def _probabilities(self) -> np.ndarray | None:
        if self.weights is None:
            return None
        w = np.asarray(self.weights, dtype=float)
        w = w / w.max()  # the sum may pass float range
        return np.asarray(w / w.sum())

    @property
    def mean(self) -> float:
        return _average(self.values, (1,) * len(self.values) if self.weights is None else self.weights)

    @property
    def support(self) -> tuple[float, float]:
        return (min(self.values), max(self.values))

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws with replacement."""
        return np.asarray(rng.choice(np.asarray(self.values), size=n, p=self._probabilities()))


# --------------------------------------------------------------------------- several parameters


def _check_parameter_count(names: tuple[str, ...], size: int, what: str, *, spare: bool) -> None:
    allowed = (size - 1, size) if spare else (size,)
    if names and len(names) not in allowed:
        extra = f" or {size - 1} (the last share going to a COMPLEMENT branch)" if spare else ""
        raise ModelError(
            f"{what} has {size} components, so it names {size}{extra} parameters, not {len(names)}"
        )


@attrs.frozen
class Dirichlet(_Numbers):
    """The Dirichlet distribution: a random probability vector, for a chance node's branches.

    Each draw is a vector of non-negative shares summing to 1. ``parameters``
    names the parameters that receive the components, in order; attach the
    distribution to one of them. Name one parameter fewer than there are
    ``alphas`` when the last branch is a ``COMPLEMENT``.
    :meth:`from_means` builds one from the mean shares and a total
    concentration (the larger, the tighter).

    >>> import decisiontree as dt
    >>> d = Dirichlet((6, 3, 1), parameters=("p_up", "p_flat"))
    >>> d.mean
    (0.6, 0.3, 0.1)
    >>> p_up = dt.Parameter("p_up", 0.6, distribution=d)
    >>> p_flat = dt.Parameter("p_flat", 0.3)
    >>> tree = dt.Tree(dt.Decision("invest?", [
    ...     dt.Branch("invest", dt.Chance("market", [
    ...         dt.Branch("up", dt.Terminal("U", payoff=10), probability=p_up),
    ...         dt.Branch("flat", dt.Terminal("F", payoff=0), probability=p_flat),
    ...         dt.Branch("down", dt.Terminal("D", payoff=-20), probability=dt.COMPLEMENT),
    ...     ])),
    ...     dt.Branch("hold", dt.Terminal("H")),
    ... ]), parameters=[p_up, p_flat])
    >>> draws = dt.psa(tree, 100, seed=1).samples
    >>> bool(((draws["p_up"] + draws["p_flat"]) <= 1).all())
    True
    """

    alphas: tuple[float, ...] = attrs.field(validator=_shares)
    parameters: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_names)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        _check_parameter_count(self.parameters, len(self.alphas), "Dirichlet", spare=True)

    @classmethod
    def from_means(
        cls, means: Sequence[float], concentration: float, *, parameters: Sequence[str] = ()
    ) -> Dirichlet:
        """The Dirichlet with these mean shares and total concentration ``sum(alphas)``."""
        shares = _sequence(means, "Dirichlet means", minimum=2)
        if abs(sum(shares) - 1) > 1e-9 or min(shares) <= 0:
            raise ModelError(f"Dirichlet means must be positive and sum to 1, got {shares}")
        total = _float(concentration, "Dirichlet concentration")
        if total <= 0:
            raise ModelError(f"Dirichlet concentration must be positive, got {brief(concentration)}")
        return cls(tuple(total * s for s in shares), parameters=parameters)

    @property
    def mean(self) -> tuple[float, ...]:
        total = sum(self.alphas)
        if not math.isfinite(total):  # the same on alphas scaled down by a power of two (exactly)
            exponent = math.frexp(max(self.alphas))[1]
            scaled = tuple(math.ldexp(a, -exponent) for a in self.alphas)
            return tuple(a / sum(scaled) for a in scaled)
        return tuple(a / total for a in self.alphas)

    @property
    def support(self) -> tuple[float, float]:
        return (0.0, 1.0)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws, shape ``(n, len(alphas))``; each row sums to 1."""
        return rng.dirichlet(self.alphas, n)


def _matrix(values: Any, what: str) -> tuple[tuple[float, ...], ...]:
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, np.ndarray)):
        raise ModelError(f"{what} must be a square matrix of numbers, got {brief(values)}")
    return tuple(_sequence(row, what) for row in items(values, what, "rows of numbers"))


def _square(instance: Any, attribute: Any, value: Any) -> None:
    _matrix(value, _where(instance, attribute))


@attrs.frozen
class MultivariateNormal(_Numbers):
    """Correlated normal parameters: a mean vector and a covariance matrix.

    ``parameters`` names the parameters receiving the components; attach the
    distribution to one of them. :meth:`from_sd_correlation` builds the
    covariance from standard deviations and a correlation matrix.

    >>> d = MultivariateNormal.from_sd_correlation(
    ...     (10, 20), (1, 2), ((1, 0.5), (0.5, 1)), parameters=("a", "b"))
    >>> d.covariance
    ((1.0, 1.0), (1.0, 4.0))
    """

    means: tuple[float, ...] = attrs.field(validator=_reals)
    covariance: tuple[tuple[float, ...], ...] = attrs.field(validator=_square)
    parameters: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_names)

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        k = len(self.means)
        if len(self.covariance) != k or any(len(row) != k for row in self.covariance):
            raise ModelError(f"covariance must be {k} x {k} for {k} means")
        matrix = np.array(self.covariance)
        if not np.allclose(matrix, matrix.T):
            raise ModelError("covariance must be symmetric")
        eigenvalues = np.linalg.eigvalsh(matrix)
        if eigenvalues.min() < -1e-9 * max(1.0, float(np.abs(eigenvalues).max())):
            raise ModelError("covariance must be positive semi-definite")
        _check_parameter_count(self.parameters, k, "MultivariateNormal", spare=False)

    @classmethod
    def from_sd_correlation(
        cls,
        means: Sequence[float],
        sds: Sequence[float],
        correlation: Sequence[Sequence[float]],
        *,
        parameters: Sequence[str] = (),
    ) -> MultivariateNormal:
        """The covariance ``sd_i * sd_j * correlation_ij``."""
        sd = np.array(_sequence(sds, "MultivariateNormal sds"))
        if (sd < 0).any():
            raise ModelError(f"standard deviations must not be negative, got {tuple(sd)}")
        r = np.array(_matrix(correlation, "correlation"))
        if r.shape != (len(sd), len(sd)) or not np.allclose(np.diag(r), 1) or np.abs(r).max() > 1:
            raise ModelError(
                "correlation must be a square matrix with ones on the diagonal, entries in [-1, 1]"
            )
        covariance = np.outer(sd, sd) * r
        return cls(
            tuple(means),
            tuple(tuple(float(x) for x in row) for row in covariance),
            parameters=parameters,
        )

    @property
    def mean(self) -> tuple[float, ...]:
        return self.means

    @property
    def support(self) -> tuple[float, float]:
        return (-math.inf, math.inf)

    def _draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` draws, shape ``(n, len(means))``."""
        return rng.multivariate_normal(self.means, self.covariance, n, method="eigh")
