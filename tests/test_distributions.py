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
    with pytest.raises(dt.ModelError):
        dt.Normal(0, 1).sample(np.random.default_rng(0), -1)


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
