"""The numeric core's speed and memory against plain Python, every ratio measured in the same run.

The trees are complete binary trees of 131,071 (2^17 - 1) and 1,048,575
(2^20 - 1) nodes whose levels alternate two-way decisions (the root) and
two-way chance nodes (the second branch ``COMPLEMENT``), with random plain
numbers and a few parameterised slots: ``gain`` on one terminal payoff in
16, ``cost`` on one decision branch payoff in 64, ``q`` on one chance
probability in 64, and ``deep`` on four terminal payoffs only.

Baselines, measured in the same run on the same numbers:

* *tuples*: the same tree as plain nested tuples, and a plain recursive
  rollback over them (the intrinsic work, with no model to consult);
* *model*: a plain recursive rollback over the model objects themselves.

Figures, each printed with its target and PASS or MISS:

* build: the tree through the public constructors (validation included) /
  the nested tuples (target <= 3x), printed beside the same build through
  classes that only store their arguments (:data:`PLAIN`): the least that any
  constructor written in Python costs on this interpreter. About half of that
  is Python's cyclic garbage collector going over the objects as they are
  made (it leaves alone tuples that hold only numbers and text): at 131,071
  nodes, the plain classes took 214 ms with it and 106 ms without, the
  tuples 99-102 ms either way, the library's classes 393 and 241 ms;
* first: the first ``evaluate`` (compilation included) / the tuple rollback
  (<= 0.5x);
* again: the tuple rollback / ``evaluate`` with new values of all parameters
  (>= 300x faster at 10^5 nodes, >= 100x at 10^6), printed beside a bare numpy
  rollback of every level of the same numbers (:func:`bare_rollback`);
* incremental: the same when only ``deep`` changed (>= 1,000x at 10^5);
* two actors (per-actor payoffs, decisions owned by alternate actors): first
  ``evaluate`` / the tuple rollback (<= 1x) and again (>= 20x faster);
* memory: peak resident memory of building and evaluating the 10^6-node tree /
  building and rolling back the nested tuples, each in a fresh process, both
  counted from the same starting point (imports and random numbers done)
  (<= 1.5x);
* PSA: seconds per node and draw at 524,287 nodes / at 1,023 nodes (<= 2x);
* shared: a 40-level tree in which every level uses the node below twice
  (2^40 paths, 41 distinct nodes) built, then evaluated (< 50 ms);
* import: ``import decisiontree`` / ``import numpy``, each in a fresh process
  with its bytecode cached as after installation (<= 3x);
* validate: the wall time of ``decisiontree validate examples/paris_summit.yaml``
  (< 0.5 s).

The first evaluation of a large tree writes tens of megabytes of new
arrays. Numpy asks Linux for transparent huge pages for arrays of 4 MB and
more; where the kernel then compacts memory on their first touch (its
``defrag`` setting ``madvise``, printed at the top), that first touch costs
several times what it costs otherwise. On the development machine, the
first evaluation at 1,048,575 nodes in a new process took 88-97 ms, and
47 ms with ``NUMPY_MADVISE_HUGEPAGE=0`` in the environment (numpy's own
switch); a second tree of the same size in the same process, 33-40 ms.

Timings are the best of a few runs; a re-evaluation's is the average over a
block of 41 calls in a row. The plain rollbacks and the re-evaluations they
are compared with are measured in turns (one rollback, then a block of each
kind, a few rounds), so that both see the machine alike. Run from a checkout:

    python benchmarks/bench_rollback.py            # 10^5 and 10^6 nodes (about two minutes)
    python benchmarks/bench_rollback.py --quick    # 10^5 nodes only, memory at 10^5
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np

import decisiontree as dt

ROOT = Path(__file__).resolve().parent.parent

BASE = {"gain": 50.0, "cost": 10.0, "q": 0.3, "deep": 5.0}
NEW = {"gain": 60.0, "cost": 5.0, "q": 0.4, "deep": 5.0}
"""Every parameter but ``deep`` changed."""
DEEP = {**BASE, "deep": 7.5}
"""Only ``deep`` changed."""

gain = dt.Parameter("gain", BASE["gain"], low=0, high=100, distribution=dt.Normal(50, 10))
cost = dt.Parameter("cost", BASE["cost"], low=0, high=20, distribution=dt.Gamma.from_mean_sd(10, 3))
q = dt.Parameter("q", BASE["q"], low=0.1, high=0.5, distribution=dt.Beta.from_mean_sd(0.3, 0.05))
deep = dt.Parameter("deep", BASE["deep"], low=0, high=10, distribution=dt.Uniform(0, 10))
PARAMETERS = (gain, cost, q, deep)


# --------------------------------------------------------------------------- the trees


def nodes_of(levels: int) -> int:
    """Nodes of a complete binary tree with ``levels`` levels of inner nodes."""
    return 2 ** (levels + 1) - 1


def draws(levels: int, seed: int = 1) -> dict[str, list[Any]]:
    """The random numbers of a tree, level by level, as Python lists (what both builds read)."""
    rng = np.random.default_rng(seed)
    leaves = 2**levels
    terminal = rng.uniform(-100, 100, leaves).round(2).tolist()
    other = rng.uniform(-100, 100, leaves).round(2).tolist()  # the second actor's payoffs
    slot = [None] * leaves
    for k in range(5, leaves, 16):
        slot[k] = "gain"
    for j in range(4):
        slot[(leaves * j) // 4 + leaves // 8] = "deep"
    inner = 2**levels - 1
    return {
        "terminal": terminal,
        "other": other,
        "slot": slot,
        "probability": rng.uniform(0.05, 0.95, inner).round(3).tolist(),
        "branch payoff": (-rng.uniform(0, 10, inner)).round(2).tolist(),
    }


def _is_chance(depth: int) -> bool:
    return depth % 2 == 1


def build_model(levels: int, data: dict[str, list[Any]], actors: int = 1, kit: Any = dt) -> dt.Tree:
    """The tree through the public constructors, bottom-up (per-actor payoffs when ``actors`` is 2).

    ``kit`` provides the classes (``Branch``, ``Decision``, ``Chance``,
    ``Terminal``, ``COMPLEMENT`` and ``Tree``): the library's, or :data:`PLAIN`'s.
    """
    Branch, Decision, Chance, Terminal, COMPLEMENT = (
        kit.Branch,
        kit.Decision,
        kit.Chance,
        kit.Terminal,
        kit.COMPLEMENT,
    )
    terminal, other, slot = data["terminal"], data["other"], data["slot"]
    by_name = {"gain": gain, "deep": deep}
    nodes: list[Any] = []
    for k in range(2**levels):
        payoff: Any = by_name[slot[k]] if slot[k] else terminal[k]
        if actors == 2:
            payoff = {"A": payoff, "B": other[k]}
        nodes.append(Terminal(f"t{k}", payoff=payoff))
    probability, branch_payoff = data["probability"], data["branch payoff"]
    for depth in reversed(range(levels)):
        first = 2**depth - 1  # the number of inner nodes above this level
        built = []
        if _is_chance(depth):
            for k in range(2**depth):
                p: Any = q if k % 64 == 2 else probability[first + k]
                built.append(
                    Chance(
                        f"c{depth}.{k}",
                        [
                            Branch("x", nodes[2 * k], probability=p),
                            Branch("y", nodes[2 * k + 1], probability=COMPLEMENT),
                        ],
                    )
                )
        else:
            owner = ("A" if depth % 4 == 0 else "B") if actors == 2 else None
            for k in range(2**depth):
                paid: Any = "-cost" if k % 64 == 1 else branch_payoff[first + k]
                if actors == 2:
                    paid = {"A": paid, "B": 0}
                built.append(
                    Decision(
                        f"d{depth}.{k}",
                        [Branch("a", nodes[2 * k], payoff=paid), Branch("b", nodes[2 * k + 1])],
                        owner=owner,
                    )
                )
        nodes = built
    return kit.Tree(nodes[0], parameters=PARAMETERS)  # type: ignore[no-any-return]


class _PlainTerminal:
    __slots__ = ("name", "notes", "payoff")

    def __init__(self, name: Any, payoff: Any = 0, *, notes: Any = "") -> None:
        self.name, self.payoff, self.notes = name, payoff, notes


class _PlainChance:
    __slots__ = ("branches", "name", "notes")

    def __init__(self, name: Any, branches: Any, *, notes: Any = "") -> None:
        self.name, self.branches, self.notes = name, tuple(branches), notes


class _PlainDecision:
    __slots__ = ("branches", "name", "notes", "owner")

    def __init__(self, name: Any, branches: Any, owner: Any = None, *, notes: Any = "") -> None:
        self.name, self.branches, self.owner, self.notes = name, tuple(branches), owner, notes


class _PlainBranch:
    __slots__ = ("label", "node", "payoff", "probability")

    def __init__(self, label: Any, node: Any, probability: Any = None, payoff: Any = 0) -> None:
        self.label, self.node, self.probability, self.payoff = label, node, probability, payoff


def _plain_tree(root: Any, parameters: Any) -> Any:
    return root


PLAIN = SimpleNamespace(
    Terminal=_PlainTerminal,
    Chance=_PlainChance,
    Decision=_PlainDecision,
    Branch=_PlainBranch,
    COMPLEMENT=None,
    Tree=_plain_tree,
)
"""Classes with the constructors' signatures that only store their arguments (no conversion, no
checks, no validation pass): what building through *any* constructor written in Python costs."""


def build_tuples(levels: int, data: dict[str, list[Any]], actors: int = 1) -> tuple[Any, ...]:
    """The same tree as nested tuples.

    A node is ``(kind, name, branches or payoff, owner)`` and a branch
    ``(label, node, probability, payoff)``; a number is a float, a parameter's
    name, or ``("-", name)``; ``None`` is the COMPLEMENT; a two-actor payoff is a pair.
    """
    terminal, other, slot = data["terminal"], data["other"], data["slot"]
    nodes: list[Any] = []
    for k in range(2**levels):
        payoff: Any = slot[k] or terminal[k]
        if actors == 2:
            payoff = (payoff, other[k])
        nodes.append(("T", f"t{k}", payoff, None))
    zero = (0.0, 0.0) if actors == 2 else 0.0
    probability, branch_payoff = data["probability"], data["branch payoff"]
    for depth in reversed(range(levels)):
        first = 2**depth - 1
        built = []
        if _is_chance(depth):
            for k in range(2**depth):
                p: Any = "q" if k % 64 == 2 else probability[first + k]
                built.append(
                    (
                        "C",
                        f"c{depth}.{k}",
                        (("x", nodes[2 * k], p, zero), ("y", nodes[2 * k + 1], None, zero)),
                        None,
                    )
                )
        else:
            owner = (0 if depth % 4 == 0 else 1) if actors == 2 else None
            for k in range(2**depth):
                paid: Any = ("-", "cost") if k % 64 == 1 else branch_payoff[first + k]
                if actors == 2:
                    paid = (paid, 0.0)
                built.append(
                    (
                        "D",
                        f"d{depth}.{k}",
                        (("a", nodes[2 * k], None, paid), ("b", nodes[2 * k + 1], None, zero)),
                        owner,
                    )
                )
        nodes = built
    return nodes[0]  # type: ignore[no-any-return]


def flat_levels(levels: int, data: dict[str, list[Any]], values: dict[str, float]) -> list[Any]:
    """The same tree's numbers at ``values`` as flat numpy arrays, level by level from the bottom
    (children of parent ``k`` at ``2k`` and ``2k + 1``): the terminals' payoffs, then per level its
    branch probabilities (chance) or branch payoffs (decisions), an array for its values and scratch."""
    leaves = 2**levels
    slot = data["slot"]
    terminal = np.array([values[slot[k]] if slot[k] else data["terminal"][k] for k in range(leaves)])
    out: list[Any] = [terminal]
    for depth in reversed(range(levels)):
        first, count = 2**depth - 1, 2**depth
        if _is_chance(depth):
            p = np.array(data["probability"][first : first + count])
            p[2::64] = values["q"]
            numbers = np.stack([p, 1 - p], axis=1).ravel()
        else:
            paid = np.array(data["branch payoff"][first : first + count])
            paid[1::64] = -values["cost"]
            numbers = np.stack([paid, np.zeros(count)], axis=1).ravel()
        out.append((_is_chance(depth), numbers, np.empty(count), np.empty(2 * count)))
    return out


def bare_rollback(flat: list[Any]) -> float:
    """Roll :func:`flat_levels` back in numpy, one level at a time, with nothing else: no model, no
    checks, no tie rule, no choices kept (chance: probability times value, summed in pairs;
    decisions: branch payoff plus value, the larger of each pair)."""
    below = flat[0]
    for chance_level, numbers, value, scratch in flat[1:]:
        if chance_level:
            np.multiply(numbers, below, out=scratch)
        else:
            np.add(numbers, below, out=scratch)
        (np.add if chance_level else np.maximum)(scratch[0::2], scratch[1::2], out=value)
        below = value
    return float(below[0])


# --------------------------------------------------------------------------- naive rollbacks


def _number(x: Any, values: dict[str, float]) -> float:
    if type(x) is float:
        return x
    if type(x) is str:
        return values[x]
    return -values[x[1]]


def naive(node: tuple[Any, ...], values: dict[str, float]) -> float:
    """The plain recursive rollback over the nested tuples."""
    kind = node[0]
    if kind == "T":
        return _number(node[2], values)
    if kind == "D":
        best = -math.inf
        for _, child, _, payoff in node[2]:
            value = _number(payoff, values) + naive(child, values)
            if value > best:
                best = value
        return best
    total = known = 0.0
    rest = None
    for _, child, p, payoff in node[2]:
        value = _number(payoff, values) + naive(child, values)
        if p is None:
            rest = value
        else:
            weight = _number(p, values)
            known += weight
            total += weight * value
    if rest is not None:
        total += (1.0 - known) * rest
    return total


def naive_actors(node: tuple[Any, ...], values: dict[str, float]) -> tuple[float, float]:
    """The plain recursive rollback of a two-actor tree: decisions maximise their owner's payoff."""
    kind = node[0]
    if kind == "T":
        a, b = node[2]
        return _number(a, values), _number(b, values)
    if kind == "D":
        owner = node[3]
        best: tuple[float, float] | None = None
        for _, child, _, (pa, pb) in node[2]:
            va, vb = naive_actors(child, values)
            value = (_number(pa, values) + va, _number(pb, values) + vb)
            if best is None or value[owner] > best[owner]:
                best = value
        assert best is not None
        return best
    ta = tb = known = 0.0
    rest: tuple[float, float] | None = None
    for _, child, p, (pa, pb) in node[2]:
        va, vb = naive_actors(child, values)
        value = (_number(pa, values) + va, _number(pb, values) + vb)
        if p is None:
            rest = value
        else:
            weight = _number(p, values)
            known += weight
            ta += weight * value[0]
            tb += weight * value[1]
    if rest is not None:
        ta += (1.0 - known) * rest[0]
        tb += (1.0 - known) * rest[1]
    return ta, tb


def naive_model(tree: dt.Tree, values: dict[str, float]) -> float:
    """The plain recursive rollback over the model objects (each distinct formula computed once)."""
    memo: dict[Any, float] = {}

    def number(x: Any) -> float:
        if type(x) is float or type(x) is int:
            return float(x)
        found = memo.get(x)
        if found is None:
            found = memo[x] = float(x.compile()(values)) if isinstance(x, dt.Formula) else float(x)
        return found

    def value(node: Any) -> float:
        if type(node) is dt.Terminal:
            return number(node.payoff)
        options = [number(b.payoff) + value(b.node) for b in node.branches]
        if type(node) is dt.Decision:
            return max(options)
        known = sum(number(b.probability) for b in node.branches if b.probability is not dt.COMPLEMENT)
        return sum(
            (1.0 - known if b.probability is dt.COMPLEMENT else number(b.probability)) * v
            for b, v in zip(node.branches, options, strict=True)
        )

    return value(tree.root)


# --------------------------------------------------------------------------- measuring


def best_of(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The shortest of ``repeat`` runs (seconds) and the last result."""
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


class Report:
    """Figures with their targets; prints each as it comes and a summary at the end."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, bool]] = []

    def add(self, figure: str, shown: str, target: str, met: bool) -> None:
        self.rows.append((figure, shown, target, met))
        print(f"  {figure:<58} {shown:>12}   target {target:<13} {'PASS' if met else 'MISS'}", flush=True)

    def ratio(self, figure: str, ratio: float, limit: float, *, at_least: bool = False) -> None:
        """``ratio`` (a "times" figure) against ``limit``: at most, or at least with ``at_least``."""
        shown = f"{ratio:,.0f}x" if ratio >= 100 else f"{ratio:.2f}x"
        target = f">= {limit:,g}x" if at_least else f"<= {limit:g}x"
        self.add(figure, shown, target, ratio >= limit if at_least else ratio <= limit)

    def seconds(self, figure: str, seconds: float, limit: float) -> None:
        shown = f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
        target = f"< {limit * 1000:g} ms" if limit < 1 else f"< {limit:g} s"
        self.add(figure, shown, target, seconds < limit)

    def summary(self) -> None:
        missed = [row[0] for row in self.rows if not row[3]]
        print(f"\n{len(self.rows) - len(missed)} of {len(self.rows)} targets met", end="")
        print("; missed: " + "; ".join(missed) if missed else "")


def alternate(
    function: Callable[[dict[str, float]], Any], a: dict[str, float], b: dict[str, float], calls: int
) -> float:
    """The time per call of ``calls`` calls in a row, each with values different from the call
    before: the average over the block, as a loop of re-evaluations sees it (the fastest single
    call would catch the machine's quiet moments, which the plain rollback it is compared with,
    one long call, cannot). A first round of ``a``, ``b``, ``a`` brings what the calls keep
    between them to the steady state of the loop (after re-evaluations of another kind, the
    first call may gather the numbers anew: about 2 ms at 131,071 nodes)."""
    for values in (a, b, a):
        function(values)
    start = time.perf_counter()
    for k in range(calls):
        function(b if k % 2 == 0 else a)
    return (time.perf_counter() - start) / calls


def measure_size(levels: int, report: Report, *, repeat: int = 3, calls: int = 41) -> None:
    """Build, first evaluate, re-evaluate and incremental re-evaluate at one size, against both baselines."""
    size = nodes_of(levels)
    label = f"{size:,} nodes"
    print(f"\n{label}: complete binary tree, decision and chance levels alternating")
    data = draws(levels)
    t_tuples = t_build = t_plain = math.inf
    for _ in range(repeat):  # in turns, so that all three see the machine alike
        t_tuples = min(t_tuples, best_of(lambda: build_tuples(levels, data), 1)[0])
        t_plain = min(t_plain, best_of(lambda: build_model(levels, data, kit=PLAIN), 1)[0])
        t_build = min(t_build, best_of(lambda: build_model(levels, data), 1)[0])
    tuples = build_tuples(levels, data)
    tree = build_model(levels, data)
    assert tree.size == size, (tree.size, size)
    expected = naive(tuples, BASE)
    t_model, on_model = best_of(lambda: naive_model(tree, BASE), repeat)
    assert close(expected, on_model), (expected, on_model)
    gc.collect()
    start = time.perf_counter()
    first = dt.evaluate(tree).value
    t_first = time.perf_counter() - start
    assert close(first, expected), (first, expected)
    for values in (NEW, DEEP):
        assert close(dt.evaluate(tree, values).value, naive(tuples, values))
    flat = flat_levels(levels, data, NEW)
    assert close(bare_rollback(flat), naive(tuples, NEW))
    t_naive = t_again = t_deep = t_bare = math.inf
    for _ in range(repeat + 2):  # interleaved, so that the baseline and the core see the machine alike
        t_naive = min(t_naive, best_of(lambda: naive(tuples, BASE), 1)[0])
        t_again = min(t_again, alternate(lambda v: dt.evaluate(tree, v).value, BASE, NEW, calls))
        t_deep = min(t_deep, alternate(lambda v: dt.evaluate(tree, v).value, BASE, DEEP, calls))
        t_bare = min(t_bare, alternate(lambda v: bare_rollback(flat), BASE, NEW, calls))
    print(
        f"  tuples: build {t_tuples:.3f} s, rollback {t_naive:.3f} s; model objects: build {t_build:.3f} s,"
        f" rollback {t_model:.3f} s; evaluate: first {t_first * 1000:.1f} ms, again {t_again * 1e3:.3f} ms,"
        f" incremental {t_deep * 1e3:.3f} ms; first evaluate / model-object rollback {t_first / t_model:.2f}x"
    )
    report.ratio(f"{label}: build / nested tuples", t_build / t_tuples, 3)
    print(
        f"  (classes that only store their arguments, no checks: {t_plain / t_tuples:.2f}x the nested tuples,"
        " the least any constructor written in Python costs)"
    )
    report.ratio(f"{label}: first evaluate / tuple rollback", t_first / t_naive, 0.5)
    big = size > 500_000
    report.ratio(
        f"{label}: re-evaluate, speed-up over tuple rollback",
        t_naive / t_again,
        100 if big else 300,
        at_least=True,
    )
    print(
        f"  (a bare numpy rollback of every level of the same numbers, over flat arrays with no model,"
        f" no checks and no tie rule: {t_bare * 1e3:.3f} ms, {t_naive / t_bare:,.0f}x faster than the"
        " tuple rollback; the core rolls back only the parents that new values reach)"
    )
    if not big:
        report.ratio(f"{label}: incremental re-evaluate, speed-up", t_naive / t_deep, 1000, at_least=True)
    else:
        print(f"  (incremental re-evaluate: {t_naive / t_deep:,.0f}x faster than the tuple rollback)")


def measure_actors(levels: int, report: Report, *, repeat: int = 3, calls: int = 41) -> None:
    """First evaluate and re-evaluate of a two-actor tree against the tuple rollback."""
    label = f"{nodes_of(levels):,} nodes"
    data = draws(levels, seed=2)
    tuples2 = build_tuples(levels, data, actors=2)
    tree2 = build_model(levels, data, actors=2)
    expected2 = naive_actors(tuples2, BASE)
    gc.collect()
    start = time.perf_counter()
    first2 = dt.evaluate(tree2).value
    t_first2 = time.perf_counter() - start
    assert close(first2["A"], expected2[0]) and close(first2["B"], expected2[1]), (first2, expected2)
    t_naive2 = t_again2 = math.inf
    for _ in range(repeat + 2):  # interleaved, as in measure_size
        t_naive2 = min(t_naive2, best_of(lambda: naive_actors(tuples2, BASE), 1)[0])
        t_again2 = min(t_again2, alternate(lambda v: dt.evaluate(tree2, v).value, BASE, NEW, calls))
    print(
        f"  two actors: tuple rollback {t_naive2:.3f} s; evaluate: first {t_first2 * 1000:.1f} ms,"
        f" again {t_again2 * 1e3:.3f} ms"
    )
    report.ratio(f"{label}: two actors, first evaluate / tuple rollback", t_first2 / t_naive2, 1)
    report.ratio(f"{label}: two actors, re-evaluate speed-up", t_naive2 / t_again2, 20, at_least=True)


def _peak_memory(kind: str, levels: int) -> tuple[int, int]:
    """Run in a fresh process: (resident memory at the start, peak), in kB."""
    script = (
        "import sys, resource; sys.path.insert(0, sys.argv[1]); import bench_rollback as b;"
        "b.memory_child(sys.argv[2], int(sys.argv[3]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(Path(__file__).parent), kind, str(levels)],
        capture_output=True,
        text=True,
        check=True,
    )
    start, peak = done.stdout.split()
    return int(start), int(peak)


def _high_water() -> int:
    """This process's peak resident memory in kB.

    Linux's ``VmHWM``: ``getrusage``'s ``ru_maxrss`` would start from the parent's
    peak, which a new process inherits on Linux.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(kind: str, levels: int) -> None:
    """What :func:`_peak_memory` runs: the random numbers, then one of the two builds and rollbacks."""
    data = draws(levels)
    gc.collect()
    start = _high_water()
    if kind == "model":
        tree = build_model(levels, data)
        dt.evaluate(tree).value  # noqa: B018
    else:
        naive(build_tuples(levels, data), BASE)
    print(start, _high_water())


def measure_memory(levels: int, report: Report) -> None:
    start_m, peak_m = _peak_memory("model", levels)
    start_t, peak_t = _peak_memory("tuples", levels)
    print(
        f"\npeak memory at {nodes_of(levels):,} nodes: model {peak_m / 1024:.0f} MB"
        f" (from {start_m / 1024:.0f} MB),"
        f" nested tuples {peak_t / 1024:.0f} MB (from {start_t / 1024:.0f} MB)"
    )
    ratio = max(1, peak_m - start_m) / max(1, peak_t - start_t)
    report.ratio(f"{nodes_of(levels):,} nodes: peak memory, build + evaluate / tuples", ratio, 1.5)


def measure_psa(small: int, large: int, report: Report, *, cells: float = 5e7) -> None:
    """Seconds per node and draw of ``psa`` on two sizes, the same number of node-draws each."""
    per: dict[int, float] = {}
    for levels in (small, large):
        tree = build_model(levels, draws(levels))
        n = max(10, int(cells / tree.size))
        dt.psa(tree, 10, seed=1)  # compile and warm up
        seconds, _ = best_of(lambda: dt.psa(tree, n, seed=1), 2)  # noqa: B023
        per[levels] = seconds / (tree.size * n)
        print(f"  psa: {tree.size:,} nodes x {n:,} draws in {seconds:.2f} s:", end="")
        print(f" {per[levels] * 1e9:.2f} ns per node-draw")
    report.ratio(
        f"psa: cost per node-draw, {nodes_of(large):,} / {nodes_of(small):,} nodes",
        per[large] / per[small],
        2,
    )


def shared_tree(levels: int = 40) -> dt.Tree:
    """Every level uses the node below twice: 2^levels paths over levels + 1 distinct nodes."""
    p = dt.Parameter("p", 0.4, low=0, high=1)
    node: Any = dt.Terminal("end", payoff=1.0)
    for level in range(levels):
        if level % 2:
            node = dt.Decision(
                f"d{level}", [dt.Branch("a", node, payoff=-1.0), dt.Branch("b", node, payoff=0.5)]
            )
        else:
            node = dt.Chance(
                f"c{level}",
                [
                    dt.Branch("x", node, probability=p, payoff=2.0),
                    dt.Branch("y", node, probability=dt.COMPLEMENT),
                ],
            )
    return dt.Tree(node, parameters=[p])


def measure_shared(report: Report, levels: int = 40) -> None:
    gc.collect()
    start = time.perf_counter()
    tree = shared_tree(levels)
    built = time.perf_counter()
    value = dt.evaluate(tree).value
    done = time.perf_counter()
    again = alternate(lambda v: dt.evaluate(tree, v).value, {"p": 0.4}, {"p": 0.6}, 11)
    print(
        f"\nshared: {levels} levels, {tree.paths:,} paths, {tree.flat.size} distinct nodes: built in"
        f" {(built - start) * 1000:.1f} ms, first evaluate {(done - built) * 1000:.1f} ms"
        f" (value {value:.6g}),"
        f" again {again * 1000:.2f} ms"
    )
    report.seconds(f"shared {levels}-level tree (2^{levels} paths): first evaluate", done - built, 0.05)


def _fresh_seconds(code: str, repeat: int) -> float:
    """The best time of ``code``'s own stopwatch over fresh processes (bytecode cached, as installed)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    best = math.inf
    for k in range(repeat + 1):
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        if k:  # the first run writes the bytecode
            best = min(best, float(done.stdout))
    return best


def measure_startup(report: Report, repeat: int = 5) -> None:
    stopwatch = "import time; t = time.perf_counter(); import {}; print(time.perf_counter() - t)"
    t_numpy = _fresh_seconds(stopwatch.format("numpy"), repeat)
    t_package = _fresh_seconds(stopwatch.format("decisiontree"), repeat)
    print(f"\nimport: numpy {t_numpy * 1000:.0f} ms, decisiontree {t_package * 1000:.0f} ms (numpy included)")
    report.ratio("import decisiontree / import numpy", t_package / t_numpy, 3)
    example = ROOT / "examples" / "paris_summit.yaml"
    run = (
        "import subprocess, sys, time; t = time.perf_counter();"
        f"subprocess.run([sys.executable, '-m', 'decisiontree', 'validate', {str(example)!r}], check=True,"
        " stdout=subprocess.DEVNULL); print(time.perf_counter() - t)"
    )
    t_validate = _fresh_seconds(run, repeat)
    print(
        f"decisiontree validate examples/paris_summit.yaml: {t_validate * 1000:.0f} ms"
        " (interpreter start included)"
    )
    report.seconds("decisiontree validate examples/paris_summit.yaml", t_validate, 0.5)


def huge_pages() -> str:
    """Linux's transparent huge page settings and numpy's switch for them, for the header."""
    settings = []
    for name in ("enabled", "defrag"):
        try:
            text = Path(f"/sys/kernel/mm/transparent_hugepage/{name}").read_text()
        except OSError:
            return "transparent huge pages: unknown"
        chosen = text[text.find("[") + 1 : text.find("]")] if "[" in text else text.strip()
        settings.append(f"{name} {chosen}")
    switch = os.environ.get("NUMPY_MADVISE_HUGEPAGE", "unset")
    return f"transparent huge pages: {', '.join(settings)}; NUMPY_MADVISE_HUGEPAGE {switch}"


def main(argv: Sequence[str] | None = None) -> Report:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="10^5 nodes only (memory at 10^5, a smaller PSA)"
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check that everything runs")
    arguments = parser.parse_args(argv)
    report = Report()
    if arguments.smoke:
        sizes, memory, psa, repeat, calls, cells = [4], 4, (3, 6), 1, 3, 1e5
    elif arguments.quick:
        sizes, memory, psa, repeat, calls, cells = [16], 16, (9, 18), 3, 41, 2e7
    else:
        sizes, memory, psa, repeat, calls, cells = [16, 19], 19, (9, 18), 3, 41, 5e7
    print(
        f"numpy {np.__version__}, Python {sys.version.split()[0]}; best of {repeat} runs; plain rollbacks"
        f" and re-evaluations interleaved, best of {repeat + 2} rounds of one rollback and a block of"
        f" {calls} calls; {huge_pages()}"
    )
    for levels in sizes:
        measure_size(levels, report, repeat=repeat if levels < 19 else 2, calls=calls)
        measure_actors(levels, report, repeat=repeat if levels < 19 else 2, calls=calls)
    measure_memory(memory, report)
    print()
    measure_psa(*psa, report, cells=cells)
    measure_shared(report, 40 if not arguments.smoke else 10)
    measure_startup(report, repeat=5 if not arguments.smoke else 1)
    report.summary()
    return report


if __name__ == "__main__":
    main()
