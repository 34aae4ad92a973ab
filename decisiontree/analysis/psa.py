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
import sys
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from ..errors import DecisionTreeError, ModelError
from ..model import Branch, Chance, Decision, Terminal, Tree
from ._options import check_tree, decision_node, sweep

__all__ = ["BLOCK", "PSAResult", "SamplingPlan", "psa"]

BLOCK = 1000
"""Draws per seeded block; chunks are whole numbers of blocks."""

_CHUNK_CELLS = 1_000_000
"""Numbers per array in one rollback: Monte Carlo evaluates every formula per draw, so it
pays off to amortise that Python work over more draws than a one-parameter sweep does."""

DEFAULT_CHUNK = 10 * BLOCK
"""Draws per chunk (task) when ``chunk_size`` is not given."""


# --------------------------------------------------------------------------- what to sample


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
                raw = np.asarray(distribution.sample(rng, n), dtype=float)
            except DecisionTreeError:
                raise
            except (TypeError, ValueError) as error:
                raise ModelError(
                    f"parameter {names[0]!r}: sampling {distribution!r} failed: {error}"
                ) from None
            columns = raw.reshape(n, -1) if raw.size == n * max(1, raw.size // max(n, 1)) and n else raw
            if len(names) == 1 and raw.shape != (n,):
                raise ModelError(
                    f"parameter {names[0]!r}: {distribution!r} gave shape {raw.shape}, not ({n},)"
                )
            if len(names) > 1 and (raw.ndim != 2 or raw.shape[0] != n or raw.shape[1] < len(names)):
                raise ModelError(
                    f"parameters {names}: {distribution!r} gave shape {raw.shape}, not ({n}, {len(names)})"
                )
            if not np.all(np.isfinite(raw)):
                raise ModelError(f"parameter {names[0]!r}: {distribution!r} drew a value that is not finite")
            columns = raw.reshape(n, 1) if raw.ndim == 1 else raw
            for k, name in enumerate(names):
                out[name] = columns[:, k]
        return out


def _block_sizes(n: int) -> list[int]:
    full, rest = divmod(n, BLOCK)
    return [BLOCK] * full + ([rest] if rest else [])


def _seed_sequence(seed: Any) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise ModelError(f"seed must be None, a non-negative integer or a numpy SeedSequence, got {seed!r}")
    if seed is not None and seed < 0:
        raise ModelError(f"seed must be non-negative, got {seed!r}")
    return np.random.SeedSequence(None if seed is None else int(seed))


def draw_samples(
    plan: SamplingPlan, seeds: Sequence[np.random.SeedSequence], sizes: Sequence[int]
) -> dict[str, np.ndarray]:
    """The draws of consecutive blocks, block ``b`` from generator ``seeds[b]``."""
    blocks = [plan.draw(np.random.default_rng(s), size) for s, size in zip(seeds, sizes, strict=True)]
    return {name: np.concatenate([b[name] for b in blocks]) for name in plan.names}


# --------------------------------------------------------------------------- trees that travel


_RECEIVED: dict[str, Tree] = {}
"""Trees unpickled in this process, by token, so a worker rebuilds each tree once."""


class PortableTree:
    """A tree to send to executor workers: pickled as flat node records, rebuilt once per process.

    Pickling the nodes flat (not nested) keeps deep trees within Python's
    recursion limit, and the compiled form is not sent: workers compile
    their own copy once.
    """

    def __init__(self, tree: Tree, token: str | None = None) -> None:
        self.tree = tree
        self.token = token or uuid.uuid4().hex

    def __reduce__(self) -> tuple[Callable[..., PortableTree], tuple[Any, ...]]:
        tree = self.tree
        return (_receive, (self.token, _flatten(tree), tree.parameters, tree.name, tree.description))


def _flatten(tree: Tree) -> list[tuple[Any, ...]]:
    records: list[tuple[Any, ...]] = []
    for node in tree.index.nodes:
        if type(node) is Terminal:
            records.append(("terminal", node.name, node.notes, node.payoff))
        else:
            branches = tuple((b.label, b.probability, b.payoff) for b in node.branches)  # type: ignore[union-attr]
            owner = node.owner if type(node) is Decision else None
            records.append((node.kind, node.name, node.notes, branches, owner))
    return records


def _unflatten(records: list[tuple[Any, ...]]) -> Any:
    built: list[Any] = [None] * len(records)
    first_child: list[int] = []
    count = 1
    for record in records:
        first_child.append(count if record[0] != "terminal" else -1)
        if record[0] != "terminal":
            count += len(record[3])
    for i in range(len(records) - 1, -1, -1):
        record = records[i]
        if record[0] == "terminal":
            built[i] = Terminal(record[1], record[3], notes=record[2])
            continue
        start = first_child[i]
        branches = [
            Branch(label, built[start + k], probability, payoff)
            for k, (label, probability, payoff) in enumerate(record[3])
        ]
        for k in range(len(branches)):
            built[start + k] = None
        if record[0] == "chance":
            built[i] = Chance(record[1], branches, notes=record[2])
        else:
            built[i] = Decision(record[1], branches, record[4], notes=record[2])
    return built[0]


def _receive(
    token: str, records: list[tuple[Any, ...]], parameters: Sequence[Any], name: str, description: str
) -> PortableTree:
    tree = _RECEIVED.get(token)
    if tree is None:
        tree = Tree(_unflatten(records), list(parameters), name=name, description=description)
        while len(_RECEIVED) >= 8:
            _RECEIVED.pop(next(iter(_RECEIVED)))
        _RECEIVED[token] = tree
    return PortableTree(tree, token)


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
        job.tree.tree, values, decision=job.decision, objective=job.objective, chunk_cells=_CHUNK_CELLS
    )
    draws = sum(sizes)
    option_values = result.values
    if option_values.shape[1] != draws:  # no parameter is sampled: one column for all draws
        option_values = np.repeat(option_values, draws, axis=1)
    choice = np.broadcast_to(result.choice, (draws,)).copy()
    return samples, option_values, choice


# --------------------------------------------------------------------------- the result


@attrs.frozen(eq=False)
class PSAResult:
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
        return dict(zip(self.labels, (float(v) for v in self.values.mean(axis=0)), strict=True))

    @property
    def sd(self) -> dict[str, float]:
        """The standard deviation of each option's value over the draws."""
        spread = self.values.std(axis=0, ddof=1) if self.n > 1 else np.zeros(len(self.labels))
        return dict(zip(self.labels, (float(v) for v in spread), strict=True))

    def quantiles(self, q: float | Sequence[float] = (0.025, 0.5, 0.975)) -> dict[str, Any]:
        """Quantiles of each option's value: a float per option for one ``q``, else a tuple."""
        qs = np.asarray(q, dtype=float)
        if qs.ndim > 1 or not np.all((qs >= 0) & (qs <= 1)):
            raise ModelError(f"quantiles must be in [0, 1], got {q!r}")
        found = np.quantile(self.values, qs, axis=0)
        if qs.ndim == 0:
            return {label: float(found[k]) for k, label in enumerate(self.labels)}
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

    def to_frame(self) -> Any:
        """The draws as a pandas DataFrame: sampled parameters, option values and the optimal option."""
        import pandas as pd

        columns: dict[str, Any] = dict(self.samples)
        for k, label in enumerate(self.labels):
            columns[label if label not in columns else f"value of {label}"] = self.values[:, k]
        name = "optimal" if "optimal" not in columns else "optimal option"
        columns[name] = pd.Categorical.from_codes(self.optimal, categories=pd.Index(self.labels))
        return pd.DataFrame(columns)

    def __repr__(self) -> str:
        shares = ", ".join(f"{label}: {share:.1%}" for label, share in self.probability_optimal.items())
        return f"<PSAResult {self.n} draws at {self.decision!r}; optimal {shares}>"


# --------------------------------------------------------------------------- psa


def _chunk_blocks(chunk_size: Any) -> int:
    if chunk_size is None:
        return DEFAULT_CHUNK // BLOCK
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, (int, np.integer)) or chunk_size < 1:
        raise ModelError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    return max(1, math.ceil(int(chunk_size) / BLOCK))


def _progress_bar(progress: Any, total: int) -> Any:
    if progress is None:
        progress = sys.stderr.isatty() and total > 1
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm is an optional extra
        if progress is True:
            raise DecisionTreeError(
                "progress=True needs tqdm: pip install 'decisiontree[progress]'"
            ) from None
        return None
    return tqdm(total=total, unit="chunk", desc="psa")


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
    rollback of the compiled tree.

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
        Show a tqdm progress bar over chunks; default only on an interactive terminal.

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
    check_tree(tree, "psa")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ModelError(f"n (the number of draws) must be a positive integer, got {n!r}")
    n = int(n)
    path = tuple(decision) if not isinstance(decision, str) else decision
    node = decision_node(tree, path)  # type: ignore[arg-type]
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise DecisionTreeError(f"executor must be a concurrent.futures.Executor, got {executor!r}")
    plan = SamplingPlan.from_tree(tree)
    fixed = _fixed_values(tree, plan, values)
    sequence = _seed_sequence(seed)
    sizes = _block_sizes(n)
    seeds = sequence.spawn(len(sizes))
    per_chunk = _chunk_blocks(chunk_size)
    chunks = [(start, min(len(sizes), start + per_chunk)) for start in range(0, len(sizes), per_chunk)]
    job = _Job(PortableTree(tree), plan, fixed, path, objective)  # type: ignore[arg-type]
    sweep(tree, fixed, decision=path, objective=objective)  # check the objective and compile here, once
    bar = _progress_bar(progress, len(chunks))
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
    labels = tuple(b.label for b in tree.index.nodes[node].branches)  # type: ignore[union-attr]
    return PSAResult(tree, path, labels, samples, option_values, optimal, sequence.entropy)  # type: ignore[arg-type]


def _fixed_values(tree: Tree, plan: SamplingPlan, values: Mapping[Any, Any] | None) -> dict[str, Any]:
    from ..compiled import parameter_values

    fixed = parameter_values(tree, values)
    sampled = set(plan.names)
    for key in values or {}:
        name = getattr(key, "name", key)
        if name in sampled:
            raise ModelError(f"parameter {name!r} has a distribution; it cannot also be given a fixed value")
    return {name: value for name, value in fixed.items() if name not in sampled}
