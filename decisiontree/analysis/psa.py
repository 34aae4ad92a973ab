"""Probabilistic sensitivity analysis: vectorised Monte Carlo over parameter distributions.

Every parameter with a ``distribution`` is drawn ``n`` times; the others stay
at their values. All draws go through the compiled core at once (one
rollback per chunk of draws, never a loop over draws), giving the value of
every option at a decision for every draw.

Reproducibility: draws are made in fixed blocks of :data:`BLOCK` draws, block
``b`` from the ``b``-th child of ``numpy.random.SeedSequence(seed)``. Chunks
only group whole blocks, so the same seed gives the same numbers whatever
``chunk_size`` and whichever executor runs the chunks.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, distribution=dt.Beta(5, 5))
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> result = dt.psa(tree, 2000, seed=7)
>>> sorted(result.probability_optimal)
['bet', 'pass']
>>> abs(result.mean["bet"]) < 0.5
True
"""

from __future__ import annotations

import concurrent.futures
import math
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from .._progress import progress_bar
from ..errors import ArgumentError, among, brief
from ..model import Tree
from ..tables import Table, Tabular
from .sampling import BLOCK, SamplingPlan, block_sizes, draw_samples, seed_sequence, warn_if_certain
from .sweep import sweep

__all__ = ["PSAResult", "psa"]

_CHUNK_CELLS = 1_000_000
"""Numbers per array in one rollback: Monte Carlo evaluates every formula per draw, so it
pays off to amortise that Python work over more draws than a one-parameter sweep does."""

DEFAULT_CHUNK = 10 * BLOCK
"""Draws per chunk (task) when ``chunk_size`` is not given."""


# --------------------------------------------------------------------------- trees that travel


_RECEIVED: dict[str, Tree] = {}
"""Trees unpickled in this process, by token, so a worker rebuilds each tree once."""


class PortableTree:
    """A tree to send to executor workers, rebuilt (and compiled) once per worker process.

    Trees pickle flat (see ``Tree.__reduce__``), so deep trees travel too.
    """

    def __init__(self, tree: Tree, token: str | None = None) -> None:
        self.tree = tree
        self.token = token or uuid.uuid4().hex

    def __reduce__(self) -> tuple[Callable[..., PortableTree], tuple[Any, ...]]:
        return (_receive, (self.token, self.tree))


def _receive(token: str, tree: Tree) -> PortableTree:
    known = _RECEIVED.get(token)
    if known is None:
        while len(_RECEIVED) >= 8:
            _RECEIVED.pop(next(iter(_RECEIVED)))
        known = _RECEIVED[token] = tree
    return PortableTree(known, token)


def _scaled(values: np.ndarray, reduce: Callable[..., np.ndarray]) -> np.ndarray:
    """``reduce(values, axis=0)`` for a mean or a standard deviation; where that overflows (values
    near the float limit), computed on the values divided by each column's largest size.

    >>> _scaled(np.array([[1e308], [1.5e308]]), np.mean).tolist()
    [1.2499999999999998e+308]
    """
    with np.errstate(over="ignore", invalid="ignore"):
        plain = reduce(values, axis=0)
    if np.isfinite(plain).all():
        return plain
    scale = np.abs(values).max(axis=0, initial=0.0)
    scale[scale == 0] = 1.0
    return reduce(values / scale, axis=0) * scale  # type: ignore[no-any-return]


@attrs.frozen
class _Job:
    """Everything a chunk needs; picklable."""

    tree: PortableTree
    plan: SamplingPlan
    fixed: Mapping[str, Any]
    decision: tuple[str, ...]
    objective: Any


def _run_chunk(
    job: _Job, seeds: Sequence[np.random.SeedSequence], sizes: Sequence[int]
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    samples = draw_samples(job.plan, seeds, sizes)
    values = {**job.fixed, **samples}
    result = sweep(
        job.tree.tree,
        values,
        decision=job.decision,
        objective=job.objective,
        chunk_cells=_CHUNK_CELLS,
        progress=False,
    )
    draws = sum(sizes)
    option_values = result.values
    if option_values.shape[1] != draws:  # no parameter is sampled: one column for all draws
        option_values = np.repeat(option_values, draws, axis=1)
    choice = np.broadcast_to(result.choice, (draws,)).copy()
    return samples, option_values, choice


# --------------------------------------------------------------------------- the result


@attrs.frozen(eq=False)
class PSAResult(Tabular):
    """The outcome of :func:`psa`.

    ``samples`` maps each sampled parameter to its ``n`` draws; ``values``
    (n, n_options) is each option's value at ``decision`` per draw (its
    branch payoff included, in the component the decision maximises);
    ``optimal`` (n,) the position of the best option per draw (ties to the
    first, as in :func:`~decisiontree.evaluate`).
    """

    tree: Tree = attrs.field(repr=False)
    decision: tuple[str, ...]
    labels: tuple[str, ...]
    samples: Mapping[str, np.ndarray] = attrs.field(repr=False)
    values: np.ndarray = attrs.field(repr=False)
    optimal: np.ndarray = attrs.field(repr=False)
    entropy: Any = attrs.field(repr=False)
    """The entropy of the seed sequence: ``psa(..., seed=entropy)`` repeats the run."""

    @property
    def n(self) -> int:
        """The number of draws."""
        return int(self.values.shape[0])

    @property
    def mean(self) -> dict[str, float]:
        """The mean value of each option over the draws."""
        return dict(zip(self.labels, (float(v) for v in _scaled(self.values, np.mean)), strict=True))

    @property
    def sd(self) -> dict[str, float]:
        """The standard deviation of each option's value over the draws."""
        spread = (
            _scaled(self.values, lambda x, axis: x.std(axis=axis, ddof=1))
            if self.n > 1
            else np.zeros(len(self.labels))
        )
        return dict(zip(self.labels, (float(v) for v in spread), strict=True))

    def quantiles(self, q: float | Sequence[float] = (0.025, 0.5, 0.975)) -> dict[str, Any]:
        """Quantiles of each option's value: a float per option for one ``q``, else a tuple."""
        qs = arguments.numbers(q, "quantiles")
        if not np.all((qs >= 0) & (qs <= 1)):
            raise ArgumentError(f"quantiles must be in [0, 1], got {brief(q)}")
        found = np.quantile(self.values, qs, axis=0)
        if np.ndim(q) == 0:
            return {label: float(found[0, k]) for k, label in enumerate(self.labels)}
        return {label: tuple(float(x) for x in found[:, k]) for k, label in enumerate(self.labels)}

    @property
    def probability_optimal(self) -> dict[str, float]:
        """Every option label -> the share of draws in which it is the best option."""
        counts = np.bincount(self.optimal, minlength=len(self.labels))
        return {label: float(c) / self.n for label, c in zip(self.labels, counts, strict=True)}

    @property
    def best(self) -> np.ndarray:
        """The value of the best option in each draw, shape (n,)."""
        return np.asarray(np.take_along_axis(self.values, self.optimal[:, None], axis=1)[:, 0])

    @property
    def evpi(self) -> float:
        """The expected value of perfect information on all sampled parameters (Monte Carlo).

        The mean over draws of the best option's value, less the best mean value.
        """
        return float(self.best.mean() - self.values.mean(axis=0).max())

    def to_table(self, what: str = "draws") -> Table:
        """The draws, or a summary of each option.

        ``"draws"``: one row per draw, the sampled parameters, each option's
        value and the optimal option. ``"summary"``: one row per option, the
        share of draws in which it is optimal, its mean, standard deviation
        and 95% interval (what a notebook shows).
        """
        if not among(what, ("draws", "summary")):
            raise ArgumentError(f"what must be 'draws' or 'summary', got {brief(what)}")
        if what == "summary":
            interval = self.quantiles((0.025, 0.975))
            mean, sd, share = self.mean, self.sd, self.probability_optimal
            rows = [(k, share[k], mean[k], sd[k], *interval[k]) for k in self.labels]
            header = ("option", "probability optimal", "mean", "sd", "2.5%", "97.5%")
            title = f"{self.n:,} draws at {' > '.join(self.decision) or 'the root'}"
            return Table(header, rows, title=title, percent=("probability optimal",))
        columns = list(self.samples)
        columns += [label if label not in columns else f"value of {label}" for label in self.labels]
        columns.append("optimal" if "optimal" not in columns else "optimal option")
        stacked = np.column_stack([*self.samples.values(), self.values]) if self.samples else self.values
        labels = np.asarray(self.labels, dtype=object)[self.optimal]
        rows = [(*numbers, label) for numbers, label in zip(stacked.tolist(), labels.tolist(), strict=True)]
        return Table(columns, rows, title=f"{self.n:,} draws")

    def to_frame(self, what: str = "draws") -> Any:
        """The draws (or the ``"summary"``) as a pandas DataFrame; see ``to_table``."""
        return self.to_table(what).to_frame()

    def _repr_html_(self) -> str:
        return self.to_table("summary").to_html()

    def __repr__(self) -> str:
        shares = ", ".join(f"{label}: {share:.1%}" for label, share in self.probability_optimal.items())
        return f"<PSAResult {self.n} draws at {self.decision!r}; optimal {shares}>"


# --------------------------------------------------------------------------- psa


def _chunk_blocks(chunk_size: Any) -> int:
    if chunk_size is None:
        return DEFAULT_CHUNK // BLOCK
    return max(1, math.ceil(arguments.count(chunk_size, "chunk_size") / BLOCK))


def psa(
    tree: Tree,
    n: int,
    *,
    seed: int | np.random.SeedSequence | None = None,
    executor: concurrent.futures.Executor | None = None,
    chunk_size: int | None = None,
    decision: Sequence[str] = (),
    objective: str | Mapping[str, Any] | None = None,
    values: Mapping[Any, Any] | None = None,
    progress: bool | None = None,
) -> PSAResult:
    """Probabilistic sensitivity analysis: draw the parameters ``n`` times and roll back each draw.

    Parameters with a ``distribution`` are sampled; the others stay at their
    value (or at ``values``). All draws of a chunk go through one vectorised
    rollback of the compiled tree. A model in which no parameter has a
    distribution gives the base case in every draw: that runs, with a
    :class:`~decisiontree.NoUncertaintyWarning` (a ``UserWarning``) saying what
    to add, since "best in 100% of draws, sd 0" would read as a certainty that
    no analysis found.

    Parameters
    ----------
    tree : Tree
        The model; its parameters' ``distribution`` say what to sample.
    n : int
        The number of draws.
    seed : int or numpy.random.SeedSequence, optional
        The same seed gives the same numbers whatever ``chunk_size`` and
        ``executor``. ``None`` draws fresh entropy (kept in ``result.entropy``).
    executor : concurrent.futures.Executor, optional
        Runs the chunks: a ``ThreadPoolExecutor``, a ``ProcessPoolExecutor``,
        or a Dask client's ``client.get_executor()``. Default: a thread per CPU core
        (numpy works outside Python's global lock, so the chunks run in parallel).
    chunk_size : int, optional
        Draws per chunk (task), rounded up to whole blocks of :data:`BLOCK`
        draws; default 10,000.
    decision : tuple of str
        The path of the decision whose options are valued (default the root).
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    values : mapping, optional
        Values for parameters that are not sampled, overriding their base values.
    progress : bool, optional
        A progress bar over the chunks: by default shown in a terminal or a
        notebook once the run lasts a few seconds; ``True`` always, ``False`` never.

    Returns
    -------
    PSAResult

    Examples
    --------
    >>> import decisiontree as dt
    >>> cost = dt.Parameter("cost", 10, distribution=dt.Uniform(0, 30))
    >>> tree = dt.Tree(dt.Decision("buy?", [
    ...     dt.Branch("buy", dt.Terminal("bought", payoff=20), payoff=-cost),
    ...     dt.Branch("skip", dt.Terminal("skipped")),
    ... ]), parameters=[cost])
    >>> result = dt.psa(tree, 10_000, seed=1)
    >>> share = result.probability_optimal["buy"]  # P(cost < 20) = 2/3
    >>> abs(share - 2 / 3) < 0.02
    True
    """
    arguments.tree_of(tree, "psa")
    node = arguments.decision(tree, decision)
    path = tuple(decision)
    options = len(tree.flat.children(node))
    plan = SamplingPlan.from_tree(tree)
    # kept per draw: the samples, the options' values and the choice, in the chunks and again joined
    # (the options' values a third time, turned): about 490 bytes a draw for the Paris model
    n = arguments.count(n, "n (the number of draws)", cells=2 * (len(plan.names) + options + 1) + options)
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise ArgumentError(f"executor must be a concurrent.futures.Executor, got {brief(executor)}")
    warn_if_certain(plan, "psa")
    fixed = _fixed_values(tree, plan, values)
    sequence = seed_sequence(seed)
    sizes = block_sizes(n)
    seeds = sequence.spawn(len(sizes))
    per_chunk = _chunk_blocks(chunk_size)
    chunks = [(start, min(len(sizes), start + per_chunk)) for start in range(0, len(sizes), per_chunk)]
    job = _Job(PortableTree(tree), plan, fixed, path, objective)  # type: ignore[arg-type]
    sweep(tree, fixed, decision=path, objective=objective)  # check the objective and compile here, once
    bar = progress_bar(len(chunks), "psa", progress=progress)
    parts: list[Any] = [None] * len(chunks)
    threads = min(len(chunks), os.cpu_count() or 1) if executor is None else 0
    local = concurrent.futures.ThreadPoolExecutor(threads) if threads > 1 else None
    try:
        if executor is None and local is None:
            for k, (a, b) in enumerate(chunks):
                parts[k] = _run_chunk(job, seeds[a:b], sizes[a:b])
                if bar is not None:
                    bar.update(1)
        else:
            pool = executor if executor is not None else local
            assert pool is not None
            futures = {
                pool.submit(_run_chunk, job, seeds[a:b], sizes[a:b]): k for k, (a, b) in enumerate(chunks)
            }
            for future in concurrent.futures.as_completed(futures):
                parts[futures[future]] = future.result()
                if bar is not None:
                    bar.update(1)
    finally:
        if local is not None:
            local.shutdown()
        if bar is not None:
            bar.close()
    samples = {name: np.concatenate([p[0][name] for p in parts]) for name in plan.names}
    option_values = np.concatenate([p[1] for p in parts], axis=1).T.copy()
    optimal = np.concatenate([p[2] for p in parts])
    labels = tuple(b.label for b in tree.flat.nodes[node].branches)
    return PSAResult(tree, path, labels, samples, option_values, optimal, sequence.entropy)


def _fixed_values(tree: Tree, plan: SamplingPlan, values: Mapping[Any, Any] | None) -> dict[str, Any]:
    """The values of the parameters that are not sampled (``values`` overriding them)."""
    given = arguments.values(tree, values)
    sampled = set(plan.names)
    for name in given:
        if name in sampled:
            raise ArgumentError(
                f"parameter {name!r} has a distribution; it cannot also be given a fixed value"
            )
    fixed = {name: value for name, value in arguments.base_values(tree).items() if name not in sampled}
    fixed.update(given)
    return fixed
