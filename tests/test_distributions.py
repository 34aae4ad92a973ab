"""Distributions: moments, alternative constructors, validation, sampling."""

from __future__ import annotations

import math

import numpy as np
import pytest

import decisiontree as dt

N = 200_000

EXAMPLES = [
    dt.Beta(2, 6),
    dt.Beta.from_mean_sd(0.3, 0.1),
    dt.Normal(5, 2),
    dt.LogNormal.from_mean_sd(100, 30),
    dt.Gamma.from_mean_sd(20, 5),
    dt.Uniform(-1, 3),
    dt.Triangular(0, 1, 5),
    dt.PERT(10, 20, 40),
    dt.PERT(0, 0, 1, shape=2),
    dt.Empirical([1, 2, 2, 7]),
    dt.Empirical([0, 10], weights=[3, 1]),
]


@pytest.mark.parametrize("distribution", EXAMPLES, ids=repr)
def test_sample_mean_matches_mean_and_stays_in_support(distribution):
    draws = distribution.sample(np.random.default_rng(0), N)
    assert draws.shape == (N,)
    low, high = distribution.support
    assert draws.min() >= low and draws.max() <= high
    scale = max(1.0, abs(distribution.mean), float(draws.std()))
    assert abs(draws.mean() - distribution.mean) < 0.02 * scale


@pytest.mark.parametrize(
    ("cls", "mean", "sd"), [(dt.Beta, 0.3, 0.1), (dt.Gamma, 20, 5), (dt.LogNormal, 100, 30)]
)
def test_from_mean_sd_gives_those_moments(cls, mean, sd):
    distribution = cls.from_mean_sd(mean, sd)
    assert distribution.mean == pytest.approx(mean)
    draws = distribution.sample(np.random.default_rng(1), N)
    assert draws.std() == pytest.approx(sd, rel=0.02)


def test_pert_and_triangular_means():
    assert dt.PERT(10, 20, 40).mean == pytest.approx((10 + 4 * 20 + 40) / 6)
    assert dt.Triangular(0, 3, 9).mean == 4


def test_degenerate_distributions_are_constant():
    rng = np.random.default_rng(2)
    for distribution in (dt.Normal(3, 0), dt.Uniform(3, 3), dt.Triangular(3, 3, 3), dt.PERT(3, 3, 3)):
        assert (distribution.sample(rng, 10) == 3).all()
    assert (dt.Empirical([3]).sample(rng, 10) == 3).all()


def test_frozen_equal_and_hashable():
    assert dt.Beta(2, 6) == dt.Beta(2.0, 6.0)
    assert hash(dt.Beta(2, 6)) == hash(dt.Beta(2.0, 6.0))
    assert len({dt.Normal(0, 1), dt.Normal(0.0, 1.0), dt.Normal(0, 2)}) == 2
    assert dt.Empirical([1, 2]) == dt.Empirical((1.0, 2.0))
    p = dt.Parameter("p", 0.5, distribution=dt.Beta(1, 1))
    assert p == dt.Parameter("p", 0.5, distribution=dt.Beta(1.0, 1.0))


@pytest.mark.parametrize(
    "build",
    [
        lambda: dt.Beta(0, 1),
        lambda: dt.Beta(1, -2),
        lambda: dt.Beta("1", 2),
        lambda: dt.Beta(True, 2),
        lambda: dt.Beta.from_mean_sd(0.5, 0.6),
        lambda: dt.Beta.from_mean_sd(1.2, 0.1),
        lambda: dt.Normal(float("nan"), 1),
        lambda: dt.Normal(0, -1),
        lambda: dt.LogNormal.from_mean_sd(-1, 1),
        lambda: dt.Gamma(0, 1),
        lambda: dt.Gamma.from_mean_sd(10, 0),
        lambda: dt.Uniform(2, 1),
        lambda: dt.Triangular(0, 5, 4),
        lambda: dt.PERT(1, 0, 2),
        lambda: dt.Empirical([]),
        lambda: dt.Empirical("abc"),
        lambda: dt.Empirical([1, 2], weights=[1]),
        lambda: dt.Empirical([1, 2], weights=[-1, 2]),
        lambda: dt.Dirichlet((1,)),
        lambda: dt.Dirichlet((1, 0)),
        lambda: dt.Dirichlet((1, 2, 3), parameters=("a",)),
        lambda: dt.Dirichlet((1, 2), parameters=("a", "a")),
        lambda: dt.Dirichlet((1, 2), parameters=("not a name",)),
        lambda: dt.Dirichlet.from_means((0.5, 0.6), 10),
        lambda: dt.MultivariateNormal((0, 0), ((1, 2), (2, 1))),
        lambda: dt.MultivariateNormal((0, 0), ((1, 0), (1, 1))),
        lambda: dt.MultivariateNormal((0,), ((1, 0), (0, 1))),
    ],
)
def test_bad_arguments_raise_model_error(build):
    with pytest.raises(dt.ModelError):
        build()


def test_bad_draw_count():
    """The number of draws is read as every count is: a whole number, refused up front past memory."""
    rng = np.random.default_rng(0)
    with pytest.raises(dt.ArgumentError, match="at least 0, got -1"):
        dt.Normal(0, 1).sample(rng, -1)
    with pytest.raises(dt.ArgumentError, match="whole number"):
        dt.Normal(0, 1).sample(rng, 1.5)
    with pytest.raises(dt.TooLargeError, match="memory"):
        dt.Normal(0, 1).sample(rng, 10**13)
    with pytest.raises(dt.TooLargeError, match=r"1,500,000,000 x 2 numbers"):
        dt.Dirichlet((1, 1)).sample(rng, 1_500_000_000)


@pytest.mark.parametrize("rng", [0, None, "seed", np.random.RandomState(0)])
def test_draws_need_a_generator(rng: object) -> None:
    with pytest.raises(dt.ArgumentError, match="numpy Generator"):
        dt.Beta(2, 3).sample(rng, 3)  # type: ignore[arg-type]


def test_means_near_the_end_of_float_range() -> None:
    """Means are right where sums on the way pass float range, and refused where the mean itself does."""
    # ordinary means are the plain formulas, bit for bit
    assert dt.Beta(3, 7).mean == 3 / (3 + 7) and dt.PERT(10, 20, 40).mean == (10 + 4 * 20 + 40) / 6
    assert dt.Triangular(0.1, 0.2, 0.4).mean == (0.1 + 0.2 + 0.4) / 3
    assert dt.Dirichlet((0.1, 0.2, 0.4)).mean == tuple(a / (0.1 + 0.2 + 0.4) for a in (0.1, 0.2, 0.4))
    assert dt.Uniform(1e308, 1.5e308).mean == 1.25e308
    assert dt.Triangular(1e308, 1.2e308, 1.7e308).mean == pytest.approx(1.3e308)
    assert dt.PERT(0, 1e308, 1.6e308, shape=4).mean == pytest.approx(1e308 / 6 * 4 + 1.6e308 / 6)
    assert dt.Empirical([1e308, 1.5e308], weights=[1e308, 1e308]).mean == 1.25e308
    assert dt.Beta(1e308, 1e308).mean == 0.5
    assert dt.Dirichlet((1e308, 1e308, 2e307)).mean == pytest.approx((1 / 2.2, 1 / 2.2, 0.2 / 2.2))
    rng = np.random.default_rng(0)
    for wide in (dt.Uniform(-1e308, 1e308), dt.Triangular(-1e308, 0, 1.5e308), dt.PERT(-1.7e308, 0, 1.7e308)):
        drawn = wide.sample(rng, 10_000)  # their widths pass float range, their draws do not
        assert wide.low <= drawn.min() < -1e307 and 1e307 < drawn.max() <= wide.high
    draws = dt.Empirical([1.0, 2.0], weights=[1e308, 1e308]).sample(rng, 1000)
    assert set(draws) == {1.0, 2.0}
    for made in (lambda: dt.LogNormal(1000, 1), lambda: dt.Gamma(2, 1e308), lambda: dt.LogNormal(0, 40)):
        with pytest.raises(dt.ModelError, match="mean beyond float range"):
            made()
    with pytest.raises(dt.ModelError, match="beyond float range|must be finite"):
        dt.Gamma.from_mean_sd(1e308, 1e-300)
    with pytest.raises(dt.ModelError, match="beyond float range|must be finite"):
        dt.LogNormal.from_mean_sd(1e-300, 1e300)


@pytest.mark.parametrize(
    "distribution",
    [
        dt.LogNormal(705, 2),  # its mean, about 1e307, is within range; one draw in a hundred is not
        dt.Gamma(2, 5e307),
        dt.Normal(0, 1e308),
    ],
)
def test_draws_beyond_float_range_are_refused(distribution: object) -> None:
    """Never an ``inf`` handed on: by the distribution itself, and by a PSA naming the parameter."""
    with pytest.raises(dt.ModelError, match="the draws of .* must be finite numbers, got -?inf"):
        distribution.sample(np.random.default_rng(0), 1000)  # type: ignore[attr-defined]
    options = [dt.Branch("draw", dt.Terminal("t", payoff="x")), dt.Branch("keep", dt.Terminal("k"))]
    tree = dt.Tree(dt.Decision("d", options), [dt.Parameter("x", 1, distribution=distribution)])
    with pytest.raises(dt.ModelError, match=r"parameter 'x': the draws of .* must be finite numbers"):
        dt.psa(tree, 1000, seed=0)


def test_dirichlet_rows_sum_to_one():
    d = dt.Dirichlet.from_means((0.5, 0.3, 0.2), 50, parameters=("a", "b"))
    assert d.alphas == pytest.approx((25, 15, 10))
    draws = d.sample(np.random.default_rng(3), 10_000)
    assert draws.shape == (10_000, 3)
    assert np.allclose(draws.sum(axis=1), 1)
    assert draws.mean(axis=0) == pytest.approx(d.mean, abs=0.01)


def test_multivariate_normal_correlation():
    d = dt.MultivariateNormal.from_sd_correlation(
        (1, 2), (1, 3), ((1, -0.7), (-0.7, 1)), parameters=("a", "b")
    )
    draws = d.sample(np.random.default_rng(4), 50_000)
    assert np.corrcoef(draws.T)[0, 1] == pytest.approx(-0.7, abs=0.02)
    assert draws.std(axis=0) == pytest.approx((1, 3), rel=0.02)
    assert d.support == (-math.inf, math.inf)


def test_a_negative_zero_is_zero() -> None:
    """numpy reads the sign of zero where the checks do not: -0.0 is taken as 0.0."""
    rng = np.random.default_rng(0)
    assert list(dt.LogNormal(0, -0.0).sample(rng, 2)) == [1.0, 1.0]
    assert list(dt.Uniform(0, -0.0).sample(rng, 2)) == [0.0, 0.0]
    assert str(dt.Normal(-0.0, 1).mean) == "0.0"


def test_from_means_reads_the_parameters_as_the_constructor_does() -> None:
    with pytest.raises(dt.ModelError, match="parameters must be a sequence of parameter names"):
        dt.Dirichlet.from_means((0.3, 0.7), 10, parameters=5)  # type: ignore[arg-type]
    assert dt.Dirichlet.from_means((0.3, 0.7), 10, parameters=["a", "b"]).parameters == ("a", "b")
