"""psa: vectorised Monte Carlo, reproducible whatever the chunking and executor."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import attrs
import numpy as np
import pytest

import decisiontree as dt
from decisiontree.analysis.psa import BLOCK, PortableTree


def linear_tree(**distributions):
    """Options whose values are multilinear in independent parameters (no inner decision)."""
    p = dt.Parameter("p", 0.4, distribution=distributions.get("p", dt.Beta.from_mean_sd(0.4, 0.1)))
    gain = dt.Parameter("gain", 100, distribution=distributions.get("gain", dt.Gamma.from_mean_sd(100, 20)))
    cost = dt.Parameter("cost", 30, distribution=distributions.get("cost", dt.PERT(10, 30, 60)))
    loss = dt.Parameter("loss", 20, distribution=distributions.get("loss", dt.Normal(20, 5)))
    return dt.Tree(
        dt.Decision(
            "Launch?",
            [
                dt.Branch(
                    "launch",
                    dt.Chance(
                        "Market",
                        [
                            dt.Branch("good", dt.Terminal("boom", payoff=gain), probability=p),
                            dt.Branch("bad", dt.Terminal("bust", payoff=-loss), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-cost,
                ),
                dt.Branch("license", dt.Terminal("fee", payoff="gain / 10")),
                dt.Branch("wait", dt.Terminal("nothing")),
            ],
        ),
        parameters=[p, gain, cost, loss],
    )


def test_degenerate_distributions_equal_evaluate():
    tree = linear_tree(
        p=dt.Uniform(0.4, 0.4), gain=dt.Normal(100, 0), cost=dt.Empirical([30]), loss=dt.PERT(20, 20, 20)
    )
    result = dt.psa(tree, 2500, seed=1)
    expected = dt.evaluate(tree).option_values()
    assert result.values.shape == (2500, 3)
    for k, label in enumerate(result.labels):
        assert np.allclose(result.values[:, k], expected[label])
    best = dt.evaluate(tree).choice("Launch?")
    assert result.probability_optimal[best] == 1


def test_means_converge_to_evaluate_at_the_means():
    tree = linear_tree()
    result = dt.psa(tree, 40_000, seed=2)
    at_means = dt.evaluate(tree, {p.name: p.distribution.mean for p in tree.parameters}).option_values()
    for label, mean in result.mean.items():
        error = result.sd[label] / np.sqrt(result.n)
        assert abs(mean - at_means[label]) < 5 * error + 1e-9


def test_samples_follow_the_distributions():
    result = dt.psa(linear_tree(), 20_000, seed=3)
    assert set(result.samples) == {"p", "gain", "cost", "loss"}
    assert result.samples["cost"].min() >= 10 and result.samples["cost"].max() <= 60
    assert result.samples["gain"].mean() == pytest.approx(100, rel=0.01)


def test_result_summaries():
    result = dt.psa(linear_tree(), 3000, seed=4)
    assert list(result.probability_optimal) == ["launch", "license", "wait"]
    assert sum(result.probability_optimal.values()) == pytest.approx(1)
    q = result.quantiles((0.1, 0.5, 0.9))
    assert all(a <= b <= c for a, b, c in q.values())
    assert result.quantiles(0.5)["wait"] == 0
    assert np.array_equal(result.best, result.values.max(axis=1))
    assert result.evpi >= 0
    frame = result.to_frame()
    assert list(frame.columns) == ["p", "gain", "cost", "loss", "launch", "license", "wait", "optimal"]
    assert len(frame) == 3000
    assert "3000 draws" in repr(result)


def test_parameters_without_distribution_stay_fixed_and_values_override():
    tree = linear_tree()
    fixed = attrs.evolve(tree, parameters=[attrs.evolve(p, distribution=None) for p in tree.parameters])
    with pytest.warns(dt.NoUncertaintyWarning, match="no parameter of the model has a distribution"):
        result = dt.psa(fixed, 10, seed=5)
    assert result.samples == {}
    assert np.allclose(result.values[:, 0], dt.evaluate(fixed).option_values()["launch"])
    partly = attrs.evolve(tree, parameters=[*fixed.parameters[:3], tree.parameters[3]])
    changed = dt.psa(partly, 10, seed=5, values={"gain": 200})
    assert np.allclose(changed.values[:, 1], 20)
    with pytest.raises(dt.ArgumentError, match="has a distribution"):
        dt.psa(tree, 10, values={"gain": 200})


def test_psa_without_distributions_warns_and_names_what_to_add():
    tree = linear_tree()
    certain = attrs.evolve(tree, parameters=[attrs.evolve(p, distribution=None) for p in tree.parameters])
    with pytest.warns(dt.NoUncertaintyWarning) as caught:
        dt.psa(certain, 10, seed=1)
    assert len(caught) == 1 and caught[0].filename == __file__  # points at the caller
    message = str(caught[0].message)
    assert "distribution=dt.Beta" in message and "distribution: {type: Beta" in message
    assert issubclass(dt.NoUncertaintyWarning, dt.DecisionTreeWarning)
    assert issubclass(dt.DecisionTreeWarning, UserWarning)
    dt.psa(tree, 10, seed=1)  # with distributions: no warning (pytest turns warnings into errors)


def test_same_seed_same_numbers_across_chunk_sizes():
    tree = linear_tree()
    n = 2 * BLOCK + 345
    reference = dt.psa(tree, n, seed=11)
    for chunk_size in (1, BLOCK, 2 * BLOCK, 10**6):
        again = dt.psa(tree, n, seed=11, chunk_size=chunk_size)
        assert np.array_equal(again.values, reference.values)
        assert all(np.array_equal(again.samples[k], reference.samples[k]) for k in reference.samples)
    assert not np.array_equal(dt.psa(tree, n, seed=12).values, reference.values)
    repeat = dt.psa(tree, n, seed=reference.entropy)
    assert np.array_equal(repeat.values, reference.values)
    unseeded = dt.psa(tree, 100)
    assert np.array_equal(dt.psa(tree, 100, seed=unseeded.entropy).values, unseeded.values)


def test_thread_and_process_pools_give_identical_numbers():
    tree = linear_tree()
    reference = dt.psa(tree, 3 * BLOCK, seed=21)
    with ThreadPoolExecutor(2) as pool:
        threaded = dt.psa(tree, 3 * BLOCK, seed=21, executor=pool, chunk_size=BLOCK)
    with ProcessPoolExecutor(2) as pool:
        processed = dt.psa(tree, 3 * BLOCK, seed=21, executor=pool, chunk_size=BLOCK)
    assert np.array_equal(threaded.values, reference.values)
    assert np.array_equal(processed.values, reference.values)
    assert np.array_equal(processed.optimal, reference.optimal)


def test_dask_local_cluster_gives_identical_numbers():
    distributed = pytest.importorskip("distributed")
    tree = linear_tree()
    reference = dt.psa(tree, 2 * BLOCK, seed=31)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = dt.psa(tree, 2 * BLOCK, seed=31, executor=client.get_executor(), chunk_size=BLOCK)
    assert np.array_equal(remote.values, reference.values)


def test_portable_tree_pickles_flat_and_rebuilds_equal():
    tree = linear_tree()
    dt.psa(tree, 10, seed=1)  # compiled and cached on the tree
    copy = pickle.loads(pickle.dumps(PortableTree(tree)))
    assert copy.tree == tree
    deep = dt.Terminal("end", payoff=1)
    for k in range(3000):
        deep = dt.Chance(f"c{k}", [dt.Branch("on", deep, probability=1)])
    deep_tree = dt.Tree(dt.Decision("d", [dt.Branch("go", deep), dt.Branch("stop", dt.Terminal("s"))]))
    assert pickle.loads(pickle.dumps(PortableTree(deep_tree))).tree.size == deep_tree.size


def test_dirichlet_keeps_probabilities_summing_to_one():
    shares = dt.Dirichlet((6, 3, 1), parameters=("p_up", "p_flat", "p_down"))
    p_up = dt.Parameter("p_up", 0.6, distribution=shares)
    p_flat = dt.Parameter("p_flat", 0.3, distribution=shares)  # the same object may sit on several
    p_down = dt.Parameter("p_down", 0.1)
    tree = dt.Tree(
        dt.Decision(
            "invest?",
            [
                dt.Branch(
                    "invest",
                    dt.Chance(
                        "market",
                        [
                            dt.Branch("up", dt.Terminal("U", payoff=10), probability=p_up),
                            dt.Branch("flat", dt.Terminal("F", payoff=0), probability=p_flat),
                            dt.Branch("down", dt.Terminal("D", payoff=-20), probability=p_down),
                        ],
                    ),
                ),
                dt.Branch("hold", dt.Terminal("H")),
            ],
        ),
        parameters=[p_up, p_flat, p_down],
    )
    result = dt.psa(tree, 5000, seed=6)
    total = result.samples["p_up"] + result.samples["p_flat"] + result.samples["p_down"]
    assert np.allclose(total, 1)
    assert result.mean["invest"] == pytest.approx(10 * 0.6 - 20 * 0.1, abs=0.1)


def test_multivariate_normal_draws_correlated_parameters():
    joint = dt.MultivariateNormal.from_sd_correlation(
        (10, 10), (2, 2), ((1, 0.9), (0.9, 1)), parameters=("a", "b")
    )
    a = dt.Parameter("a", 10, distribution=joint)
    b = dt.Parameter("b", 10)
    tree = dt.Tree(
        dt.Decision(
            "pick", [dt.Branch("A", dt.Terminal("a", payoff=a)), dt.Branch("B", dt.Terminal("b", payoff=b))]
        ),
        parameters=[a, b],
    )
    result = dt.psa(tree, 20_000, seed=7)
    assert np.corrcoef(result.samples["a"], result.samples["b"])[0, 1] == pytest.approx(0.9, abs=0.02)


def test_paris_per_actor_psa_values_europe():
    from paris_summit import paris_summit

    tree = paris_summit("decision")
    tree = attrs.evolve(
        tree,
        parameters=[attrs.evolve(p, distribution=dt.PERT(p.low, p.value, p.high)) for p in tree.parameters],
    )
    result = dt.psa(tree, 1000, seed=8)
    assert result.labels == tuple(dt.evaluate(tree).option_values())
    assert set(result.probability_optimal) == set(result.labels)
    inner = dt.psa(tree, 1000, seed=8, decision=("Spend only",))
    assert inner.labels == ("US accepts Europe", "US rebuffs Europe")


def test_bad_arguments():
    tree = linear_tree()
    for n in (0, -5, 2.5, True, "10"):
        with pytest.raises(dt.ArgumentError):
            dt.psa(tree, n)
    for seed in (-1, "x", 1.5):
        with pytest.raises(dt.ArgumentError):
            dt.psa(tree, 10, seed=seed)
    with pytest.raises(dt.ArgumentError):
        dt.psa(tree, 10, chunk_size=0)
    with pytest.raises(dt.ArgumentError, match="not a decision"):
        dt.psa(tree, 10, decision=("launch",))
    with pytest.raises(dt.NotFoundError):
        dt.psa(tree, 10, decision=("nowhere",))
    with pytest.raises(dt.ArgumentError):
        dt.psa("tree", 10)
    result = dt.psa(tree, 10)
    for q in (1.5, "x", {"a": 1}, True, [[0.5]], 10**400):
        with pytest.raises(dt.ArgumentError, match="quantiles"):
            result.quantiles(q)
    with pytest.raises(dt.ArgumentError, match="'draws' or 'summary'"):
        result.to_table(np.array(["draws", "summary"]))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("distributions", "match"),
    [
        ({"p": "Beta(1, 1)"}, "must have a sample"),
        ({"p": dt.Dirichlet((1, 1))}, "must name the parameters"),
        ({"p": dt.Dirichlet((1, 1), parameters=("q",))}, "does not include it"),
        ({"p": dt.Dirichlet((1, 1, 1), parameters=("p", "nope"))}, "not a parameter of the tree"),
        (
            {"gain": dt.Dirichlet((1, 1), parameters=("gain", "cost")), "cost": dt.Normal(0, 1)},
            "two distributions",
        ),
    ],
)
def test_bad_distributions_are_model_errors(distributions, match):
    with pytest.raises(dt.ModelError, match=match):
        dt.psa(linear_tree(**distributions), 10)


class WrongShape:
    mean = 0.0

    def sample(self, rng, n):
        return np.zeros((n, 2))


def test_custom_distribution_with_wrong_shape():
    with pytest.raises(dt.ModelError, match="shape"):
        dt.psa(linear_tree(loss=WrongShape()), 10)


class Failing:
    mean = 0.0

    def __init__(self, draws):
        self.draws = draws

    def sample(self, rng, n):
        return self.draws(n)

    def __repr__(self):
        return "Failing()"


@pytest.mark.parametrize(
    ("draws", "match"),
    [
        (lambda n: {}[n], "parameter 'loss': sampling Failing\\(\\) failed: 10"),  # its own exception
        (lambda n: ["x"] * n, "parameter 'loss': the draws of Failing\\(\\) must be numbers, got"),
        (lambda n: "1" * n, "parameter 'loss': the draws of Failing\\(\\) must be numbers, not text"),
        (lambda n: [10**400] * n, "must be numbers within float range"),
    ],
)
def test_a_distribution_of_the_users_that_fails_is_named(draws, match):
    with pytest.raises(dt.ModelError, match=match) as caught:
        dt.psa(linear_tree(loss=Failing(draws)), 10)
    if "failed" in match:
        assert isinstance(caught.value.__cause__, KeyError)  # the user's own exception, kept


def test_sample_outside_probability_range_is_model_error():
    with pytest.raises(dt.ModelError):
        dt.psa(linear_tree(p=dt.Normal(0.5, 2)), 1000, seed=1)


def test_progress_bar_runs(capsys):
    result = dt.psa(linear_tree(), 2 * BLOCK, seed=1, chunk_size=BLOCK, progress=True)
    assert result.n == 2 * BLOCK
    assert "psa" in capsys.readouterr().err
