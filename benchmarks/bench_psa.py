"""Benchmark: vectorised PSA against a loop of evaluate() calls, and on a local Dask cluster.

A tree of 1,081 nodes with 10 uncertain parameters, 100,000 draws. Targets:
under 2 s, at least 100x faster than calling ``evaluate`` once per draw (the
loop is timed on 1,000 draws and scaled), and identical numbers through a
local Dask cluster of 2 worker processes (its overhead is reported).

Run with ``python benchmarks/bench_psa.py`` (``--no-dask`` skips the cluster).
"""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

import decisiontree as dt

DRAWS = 100_000
LOOP_DRAWS = 1_000
SEED = 12345


def benchmark_tree() -> dt.Tree:
    """Decision (5) > chance (5) > decision (2) > chance (5) > chance (3): 1,081 nodes, 10 parameters."""
    P = dt.Parameter
    p = [P(f"p{k}", 0.4, distribution=dt.Beta.from_mean_sd(0.4, 0.08)) for k in range(2)]
    q = [P(f"q{k}", 0.3, distribution=dt.Beta.from_mean_sd(0.3, 0.05)) for k in range(2)]
    cost = [P(f"cost{k}", 10 + 5 * k, distribution=dt.Gamma.from_mean_sd(10 + 5 * k, 3)) for k in range(3)]
    gain = [P(f"gain{k}", 50, distribution=dt.PERT(30, 50, 90)) for k in range(3)]

    def outcome(i: int, j: int, k: int) -> dt.Chance:
        qq = q[(i + j + k) % 2]
        g = gain[(i + k) % 3]
        return dt.Chance("Result", [
            dt.Branch("great", dt.Terminal("great", payoff=g + i + j), probability=qq),
            dt.Branch("fair", dt.Terminal("fair", payoff=g / 2 - k), probability=(1 - qq) / 2),
            dt.Branch("poor", dt.Terminal("poor", payoff=-g / 4 + j), probability=dt.COMPLEMENT),
        ])  # fmt: skip

    def market(i: int, j: int, m: int) -> dt.Chance:
        pp = p[(i + j + m) % 2]
        shares = [pp, *[(1 - pp) / 4] * 3]
        return dt.Chance("Market", [
            *[dt.Branch(f"m{k}", outcome(i, j, k), probability=shares[k]) for k in range(4)],
            dt.Branch("m4", outcome(i, j, 4), probability=dt.COMPLEMENT),
        ])  # fmt: skip

    def stage(i: int) -> dt.Chance:
        pp = p[i % 2]
        shares = [pp, *[(1 - pp) / 4] * 3]
        return dt.Chance("Demand", [
            *[dt.Branch(f"d{j}", dt.Decision("Expand?", [
                dt.Branch("expand", market(i, j, 0), payoff=-cost[(i + j) % 3]),
                dt.Branch("hold", market(i, j, 1)),
            ]), probability=shares[j]) for j in range(4)],
            dt.Branch("d4", dt.Decision("Expand?", [
                dt.Branch("expand", market(i, 4, 0), payoff=-cost[i % 3]),
                dt.Branch("hold", market(i, 4, 1)),
            ]), probability=dt.COMPLEMENT),
        ])  # fmt: skip

    root = dt.Decision(
        "Strategy", [dt.Branch(f"plan {i}", stage(i), payoff=-cost[i % 3] / 2) for i in range(5)]
    )
    return dt.Tree(root, [*p, *q, *cost, *gain], name="PSA benchmark")


def best_of(runs: int, run: Any) -> tuple[float, Any]:
    """The shortest time of ``runs`` calls, and the last result (every run gives the same)."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def loop_baseline(tree: dt.Tree, result: dt.PSAResult, draws: int) -> float:
    """Seconds for ``evaluate`` called once per draw on the first ``draws`` draws of ``result``."""
    start = time.perf_counter()
    for k in range(draws):
        values = {name: float(result.samples[name][k]) for name in result.samples}
        option_values = dt.evaluate(tree, values).option_values()
        assert abs(option_values[result.labels[0]] - result.values[k, 0]) < 1e-9
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    tree = benchmark_tree()
    print(f"tree: {tree.size} nodes, {len(tree.parameters)} uncertain parameters; {DRAWS:,} draws")
    dt.psa(tree, 1000, seed=SEED)  # compile and warm up
    vectorised, local = best_of(3, lambda: dt.psa(tree, DRAWS, seed=SEED))
    print(f"vectorised psa:               {vectorised:8.2f} s   (target < 2 s; best of 3 runs)")
    loop = min(loop_baseline(tree, local, LOOP_DRAWS) for _ in range(3)) * DRAWS / LOOP_DRAWS
    print(f"evaluate() per draw (scaled): {loop:8.2f} s   (best of 3 runs on {LOOP_DRAWS:,} draws)")
    print(f"speed-up:                     {loop / vectorised:8.0f} x (target >= 100 x)")
    print("optimal: " + ", ".join(f"{k} {v:.1%}" for k, v in local.probability_optimal.items()))
    if "--no-dask" in argv:
        return
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        executor = client.get_executor()
        dt.psa(
            tree, 2000, seed=SEED, executor=executor, chunk_size=1000
        )  # workers receive and compile the tree
        start = time.perf_counter()
        remote = dt.psa(tree, DRAWS, seed=SEED, executor=executor)
        distributed = time.perf_counter() - start
    identical = np.array_equal(remote.values, local.values) and all(
        np.array_equal(remote.samples[k], local.samples[k]) for k in local.samples
    )
    print(
        f"Dask, 2 local worker processes: {distributed:6.2f} s   "
        f"({distributed / vectorised:.2f} x the local run)"
    )
    print(f"identical numbers through Dask: {identical}")
    if not identical:
        raise SystemExit("Dask run differs from the local run")


if __name__ == "__main__":
    main(sys.argv[1:])
