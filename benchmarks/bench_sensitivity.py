"""Benchmark: a one-way sweep of 1,000 values through the compiled core, against plain Python.

The tree has about 10^4 nodes (decision 16 > chance 6 > decision 4 > chance 4 >
chance 5: 9,713 nodes) and 4 parameters; ``p`` is swept. The sweep is one
vectorised rollback with 1,000 columns. The baseline is the plain recursive
rollback of the same tree as nested tuples, once per value (timed on 100
values and scaled to 1,000). Target: at least 50x faster. Also printed, without
a target: 1,000 ``evaluate`` calls, each re-evaluating only what ``p`` reaches.

Run with ``python benchmarks/bench_sensitivity.py``.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

import decisiontree as dt

VALUES = 1_000
LOOP_CALLS = 100


def benchmark_tree() -> dt.Tree:
    """About 10^4 nodes with the swept parameter deep in every chance node."""
    P = dt.Parameter
    p = P("p", 0.3, low=0.1, high=0.6)
    q = P("q", 0.25, low=0.1, high=0.4)
    cost = P("cost", 10, low=5, high=20)
    gain = P("gain", 50, low=30, high=90)

    def outcome(i: int, j: int, k: int) -> dt.Chance:
        return dt.Chance("Result", [
            dt.Branch(f"r{m}", dt.Terminal("end", payoff=gain * (m + 1) / 5 - k - j + i),
                      probability=q if m == 0 else ((1 - q) / 4 if m < 4 else dt.COMPLEMENT))
            for m in range(5)
        ])  # fmt: skip

    def market(i: int, j: int, k: int) -> dt.Chance:
        return dt.Chance("Market", [
            dt.Branch(f"m{n}", outcome(i, j, k),
                      probability=p if n == 0 else ((1 - p) / 3 if n < 3 else dt.COMPLEMENT))
            for n in range(4)
        ])  # fmt: skip

    def plan(i: int, j: int) -> dt.Decision:
        return dt.Decision(
            "Plan", [dt.Branch(f"plan {k}", market(i, j, k), payoff=-cost * k / 3) for k in range(4)]
        )

    def world(i: int) -> dt.Chance:
        return dt.Chance("World", [
            dt.Branch(f"w{j}", plan(i, j), probability=dt.COMPLEMENT if j == 5 else 0.125) for j in range(6)
        ])  # fmt: skip

    root = dt.Decision("Strategy", [dt.Branch(f"strategy {i}", world(i), payoff=-i) for i in range(16)])
    return dt.Tree(root, parameters=[p, q, cost, gain], name="sensitivity benchmark")


BASE = {"q": 0.25, "cost": 10.0, "gain": 50.0}
"""The parameters that stay at their base values in the sweep."""


def benchmark_tuples() -> tuple[Any, ...]:
    """The same tree as nested tuples, with ``q``, ``cost`` and ``gain`` at their base values.

    A terminal is ``("T", payoff)``, a decision ``("D", [(child, branch payoff), ...])`` and a
    chance node ``("C", [(child, probability), ...])``: a probability is a float, ``"p"``,
    ``"(1 - p) / 3"`` or ``None`` (the COMPLEMENT).
    """
    q, cost, gain = BASE["q"], BASE["cost"], BASE["gain"]

    def outcome(i: int, j: int, k: int) -> tuple[Any, ...]:
        return ("C", [
            (("T", gain * (m + 1) / 5 - k - j + i), q if m == 0 else ((1 - q) / 4 if m < 4 else None))
            for m in range(5)
        ])  # fmt: skip

    def market(i: int, j: int, k: int) -> tuple[Any, ...]:
        return ("C", [
            (outcome(i, j, k), "p" if n == 0 else ("(1 - p) / 3" if n < 3 else None)) for n in range(4)
        ])  # fmt: skip

    def plan(i: int, j: int) -> tuple[Any, ...]:
        return ("D", [(market(i, j, k), -cost * k / 3) for k in range(4)])

    def world(i: int) -> tuple[Any, ...]:
        return ("C", [(plan(i, j), None if j == 5 else 0.125) for j in range(6)])

    return ("D", [(world(i), -i) for i in range(16)])


def naive(node: tuple[Any, ...], p: float) -> float:
    """The plain recursive rollback of :func:`benchmark_tuples` at ``p``."""
    kind, items = node
    if kind == "T":
        return items  # type: ignore[no-any-return]
    if kind == "D":
        return max(payoff + naive(child, p) for child, payoff in items)
    total = known = 0.0
    rest = None
    for child, probability in items:
        value = naive(child, p)
        if probability is None:
            rest = value
            continue
        weight = p if probability == "p" else (1 - p) / 3 if probability == "(1 - p) / 3" else probability
        known += weight
        total += weight * value
    return total if rest is None else total + (1.0 - known) * rest


def main() -> None:
    tree = benchmark_tree()
    tuples = benchmark_tuples()
    values = np.linspace(0.1, 0.6, VALUES)
    dt.one_way(tree, "p", values[:2])  # compile once, as the loop below also reuses the compiled tree
    sweep = plain = loop = float("inf")
    for _ in range(5):  # best of 5 runs each, in turns, as timeit does
        start = time.perf_counter()
        table = dt.one_way(tree, "p", values)
        sweep = min(sweep, time.perf_counter() - start)
        start = time.perf_counter()
        rolled = [naive(tuples, float(v)) for v in values[:LOOP_CALLS]]
        plain = min(plain, (time.perf_counter() - start) * VALUES / LOOP_CALLS)
        start = time.perf_counter()
        looped = [dt.evaluate(tree, {"p": float(v)}).value for v in values[:LOOP_CALLS]]
        loop = min(loop, (time.perf_counter() - start) * VALUES / LOOP_CALLS)
    assert np.allclose(looped, table.value[:LOOP_CALLS]) and np.allclose(rolled, looped)

    print(f"tree: {tree.size:,} nodes, {len(tree.parameters)} parameters; sweep of {VALUES:,} values")
    print(f"one_way (vectorised, compiled core):              {sweep:8.3f} s")
    print(f"plain rollback of nested tuples x {VALUES:,} (scaled):  {plain:8.3f} s")
    print(f"evaluate() x {VALUES:,} (timed on {LOOP_CALLS}, scaled):        {loop:8.3f} s")
    print("(each the best of 5 runs)")
    print(f"speed-up over the plain rollback: {plain / sweep:.0f}x (target >= 50x)")
    print(
        "(a loop of evaluate() calls, each re-evaluating only what p reaches:"
        f" {loop / sweep:.1f}x the sweep's time)"
    )


if __name__ == "__main__":
    main()
