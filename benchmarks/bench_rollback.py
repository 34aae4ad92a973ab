"""Rollback speed against a plain recursive pure-Python rollback, measured in the same run.

Random trees of about 10^3 .. 10^6 nodes, alternating decision and chance
levels (three branches each), with numeric and parameterised payoffs and
probabilities. For each size it prints:

* build: constructing the tree with the public constructors (``Branch``,
  ``Decision``, ``Chance``, ``Terminal``, ``Tree``, validation included) over
  building the same shape as nested tuples (target: at most 5x);
* naive: a plain recursive pure-Python rollback over the same model objects
  (and, for reference, over the nested tuples, which skips all model access);
* first: the first ``evaluate`` (compilation included) over the naive
  recursion (target: at most 2x);
* again: ``evaluate`` with new parameter values on the compiled tree over the
  naive recursion (target: at least 100x faster).

Run: ``python benchmarks/bench_rollback.py [max_exponent]`` (default 6).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np

import decisiontree as dt

BRANCHES = 3
PROBABILITIES = (0.2, 0.5, 0.3)


def shape(target: int) -> int:
    """The number of levels giving about ``target`` nodes with three branches per node."""
    levels, nodes = 0, 1
    while nodes * BRANCHES <= target:
        levels += 1
        nodes = (BRANCHES ** (levels + 1) - 1) // (BRANCHES - 1)
    return levels


def draws(levels: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    leaves = BRANCHES**levels
    return {
        "payoff": rng.integers(-100, 100, size=leaves),
        "symbolic": rng.random(leaves) < 0.1,
        "cost": rng.random(sum(BRANCHES**k for k in range(1, levels + 1))) < 0.05,
    }


gain = dt.Parameter("gain", 50, low=0, high=100)
cost = dt.Parameter("cost", 10, low=0, high=20)
q = dt.Parameter("q", 0.3, low=0.1, high=0.5)
GAIN, COST, Q = gain.symbol, cost.symbol, q.symbol


def build_model(levels: int, data: dict[str, np.ndarray]) -> dt.Tree:
    """Bottom-up with the public constructors."""
    nodes: list[Any] = [
        dt.Terminal(f"t{k}", payoff=GAIN if symbolic else int(p))
        for k, (p, symbolic) in enumerate(zip(data["payoff"], data["symbolic"], strict=True))
    ]
    costs = iter(data["cost"])
    for level in reversed(range(levels)):
        chance = level % 2 == 1
        grouped = []
        for g in range(0, len(nodes), BRANCHES):
            children = nodes[g : g + BRANCHES]
            if chance:
                symbolic = g % 7 == 0
                branches = [
                    dt.Branch(
                        f"o{k}",
                        child,
                        probability=(Q if k == 0 else dt.COMPLEMENT if k == 1 else 0.3)
                        if symbolic
                        else PROBABILITIES[k],
                    )
                    for k, child in enumerate(children)
                ]
                grouped.append(dt.Chance(f"c{level}.{g}", branches))
            else:
                branches = [
                    dt.Branch(f"a{k}", child, payoff=-COST if next(costs) else 0)
                    for k, child in enumerate(children)
                ]
                grouped.append(dt.Decision(f"d{level}.{g}", branches))
        nodes = grouped
    return dt.Tree(nodes[0], parameters=[gain, cost, q])


def build_tuples(levels: int, data: dict[str, np.ndarray]) -> tuple[Any, ...]:
    """The same shape as nested tuples: (kind, name, branches or payoff)."""
    nodes: list[Any] = [
        ("T", f"t{k}", ("gain", 1) if symbolic else int(p))
        for k, (p, symbolic) in enumerate(zip(data["payoff"], data["symbolic"], strict=True))
    ]
    costs = iter(data["cost"])
    for level in reversed(range(levels)):
        chance = level % 2 == 1
        grouped = []
        for g in range(0, len(nodes), BRANCHES):
            children = nodes[g : g + BRANCHES]
            if chance:
                symbolic = g % 7 == 0
                branches = tuple(
                    (
                        f"o{k}",
                        child,
                        (("q",) if k == 0 else ("0.7-q",) if k == 1 else 0.3)
                        if symbolic
                        else PROBABILITIES[k],
                        0,
                    )
                    for k, child in enumerate(children)
                )
                grouped.append(("C", f"c{level}.{g}", branches))
            else:
                branches = tuple(
                    (f"a{k}", child, None, ("cost", -1) if next(costs) else 0)
                    for k, child in enumerate(children)
                )
                grouped.append(("D", f"d{level}.{g}", branches))
        nodes = grouped
    return nodes[0]  # type: ignore[no-any-return]


def naive(node: tuple[Any, ...], values: dict[str, float]) -> float:
    """The plain recursive rollback over the nested tuples."""

    def number(x: Any) -> float:
        if isinstance(x, tuple):
            if x[0] == "0.7-q":
                return 0.7 - values["q"]
            if len(x) == 1:
                return values[x[0]]
            return x[1] * values[x[0]]
        return float(x)

    kind = node[0]
    if kind == "T":
        return number(node[2])
    options = [number(payoff) + naive(child, values) for _, child, _, payoff in node[2]]
    if kind == "D":
        return max(options)
    return sum(number(p) * v for (_, _, p, _), v in zip(node[2], options, strict=True))


def naive_model(tree: dt.Tree, values: dict[str, float]) -> float:
    """The plain recursive rollback over the model objects themselves.

    Expressions are evaluated once per distinct expression (memoised), as a
    careful pure-Python implementation would.
    """
    substitution = {dt.Parameter(name, v).symbol: v for name, v in values.items()}
    memo: dict[Any, float] = {}

    def number(x: Any) -> float:
        if type(x) is int or type(x) is float:
            return float(x)
        if x not in memo:
            memo[x] = float(x.xreplace(substitution)) if hasattr(x, "xreplace") else float(x)
        return memo[x]

    def value(node: Any) -> float:
        if type(node) is dt.Terminal:
            return number(node.payoff)
        options = [number(b.payoff) + value(b.node) for b in node.branches]
        if type(node) is dt.Decision:
            return max(options)
        known = [number(b.probability) for b in node.branches if b.probability is not dt.COMPLEMENT]
        rest = 1 - sum(known)
        probabilities = [
            rest if b.probability is dt.COMPLEMENT else number(b.probability) for b in node.branches
        ]
        return sum(p * v for p, v in zip(probabilities, options, strict=True))

    return value(tree.root)


def timed(function: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(max_exponent: int = 6) -> None:
    print(
        "build: public constructors vs nested tuples; naive: recursive rollback over the model"
        " (and over the tuples);\nfirst: evaluate incl. compilation; again: evaluate with new values"
    )
    print(f"{'nodes':>9} {'build':>7} {'tuples':>7} {'ratio':>6} | {'naive':>7} {'(tuples)':>8} {'first':>7}"
          f" {'ratio':>6} | {'again':>8} {'speed-up':>9}")  # fmt: skip
    for exponent in range(3, max_exponent + 1):
        levels = shape(10**exponent)
        data = draws(levels)
        repeat = 3 if exponent < 6 else 1
        t_tuples, tuples = timed(lambda: build_tuples(levels, data), repeat)  # noqa: B023
        t_build, tree = timed(lambda: build_model(levels, data), repeat)  # noqa: B023
        values = {"gain": 50.0, "cost": 10.0, "q": 0.3}
        t_tuple_naive, expected = timed(lambda: naive(tuples, values), repeat)  # noqa: B023
        t_naive, expected_model = timed(lambda: naive_model(tree, values), repeat)  # noqa: B023
        assert abs(expected - expected_model) < 1e-6 * max(1, abs(expected))
        start = time.perf_counter()
        first = dt.evaluate(tree).value
        t_first = time.perf_counter() - start
        assert abs(first - expected) < 1e-6 * max(1, abs(expected)), (first, expected)
        new = {"gain": 60.0, "cost": 5.0, "q": 0.4}
        t_again, again = timed(lambda: dt.evaluate(tree, new).value, 3)  # noqa: B023
        assert abs(again - naive(tuples, new)) < 1e-6 * max(1, abs(again))
        print(
            f"{tree.size:>9,} {t_build:>6.3f}s {t_tuples:>6.3f}s {t_build / t_tuples:>5.1f}x |"
            f" {t_naive:>6.3f}s {t_tuple_naive:>7.3f}s {t_first:>6.3f}s {t_first / t_naive:>5.2f}x |"
            f" {t_again:>7.4f}s {t_naive / t_again:>8.0f}x"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
