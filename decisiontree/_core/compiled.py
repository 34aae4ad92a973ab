"""The compiled form of a tree and its rollback: the one vectorised numeric core.

:func:`compile_tree` turns the flat arrays that validation wrote
(:class:`~decisiontree.model.FlatTree`) into a rollback plan and a table of
the few slots that hold formulas; it is vectorised throughout (no loop over
nodes). Every evaluation then

1. fills a *workspace* — probability, payoff and value arrays kept per thread
   and per number of draws ``K``, holding the model's plain numbers once — by
   writing only the formula slots and the ``COMPLEMENT``s that depend on them;
2. rolls values back level by level, block by block (sums of probability times
   value at chance nodes, the first best option at decisions), in place.

Re-evaluating with new parameter values redoes only what a changed parameter
reaches: a few nodes one by one in plain floats (:mod:`.few`); in a complete
tree whose root value alone is wanted (``evaluate``), the runs of parents it
reaches in branch-major copies of the numbers (:mod:`.branch_major`); else
the nodes above its slots, level by level, as long as their values change;
where a parameter sits in the same place of every copy of a repeated
subtree, the evenly spaced parents it reaches through strided views of their
blocks; where the changed nodes are many, whole levels from the lowest one
reached. Every way applies the same operations in the same order, so they
give the same numbers.
Exact arithmetic runs the same code on ``object`` arrays of
:class:`fractions.Fraction`, built only when asked for.

Values carry two trailing axes: ``A`` payoff columns (1 for scalar payoffs,
one per actor or criterion otherwise) and ``K`` draws.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=3)),
...                                  dt.Branch("b", dt.Terminal("B", payoff=5))]))
>>> core = compile_tree(tree)
>>> rolled = core.run(core.parameter_values({}))
>>> float(rolled.value[0, 0, 0]), rolled.choice.tolist()
(5.0, [[1]])
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from ..errors import ModelError, NotRationalError, TooLargeError, brief
from ..formulas import Formula, NotExactError
from ..model import CHANCE, TERMINAL, FlatTree, Tree
from ..number import EXACT_BITS, as_fraction, exact_bits, exact_text, fits_float
from ..values import COMPLEMENT, Payoffs
from .blocks import best_of_two, chance, decide, second_taken, take
from .branch_major import Copies, Layout, Level
from .few import LIMIT, Step, roll, spread, steps
from .plan import Block, Plan, build_plan, indices
from .rules import FLOAT_TOLERANCE, RULE_SIGNS, RULES, SEQUENTIAL, TIE, complement_dust

__all__ = ["FLOAT_TOLERANCE", "RULES", "TIE", "Compiled", "Options", "Rolled", "compile_tree"]

_SPARSE = 16
"""A level is rolled back node by node (the changed ones) while they are fewer than 1/_SPARSE of it."""

_NARROW = 16
"""Levels of at most this many parents at the top of a tree are rolled back node by node (see :mod:`.few`)."""

_OFFSETS = np.arange(SEQUENTIAL)


@attrs.frozen
class Options:
    """How to roll back: hashable, so a workspace knows whether its values still hold.

    ``weights`` is ``None`` or a key of :attr:`Compiled.weight_table` (per-node
    scoring weights); ``fixed`` a tuple of ``(node, position)`` forced choices;
    ``risk_tolerance`` makes chance nodes take exponential-utility certainty
    equivalents.
    """

    weights: Any = None
    fixed: tuple[tuple[int, int], ...] = ()
    rule: str = "expected"
    risk_tolerance: float | None = None
    branch_payoffs: bool = True


@attrs.frozen(eq=False)
class Rolled:
    """The outcome of a rollback: ``value`` (N, A, K) at every node and ``choice`` (D, K) at every decision.

    ``choice[row]`` is the position of the branch chosen at decision
    ``plan.decisions[row]``. ``probability`` (E, K) and ``payoff`` (E, A, K)
    are the resolved branch numbers (views of the workspace: copy what you keep).
    """

    probability: np.ndarray
    payoff: np.ndarray
    _space: _Workspace

    @property
    def value(self) -> np.ndarray:
        """The values (brought up to date where the rollback left them in branch-major copies)."""
        return self._space.current()

    @property
    def root(self) -> np.ndarray:
        """The root's values (A, K), without bringing the other nodes' up to date."""
        return self._space.value[0]  # type: ignore[no-any-return]

    @property
    def choice(self) -> np.ndarray:
        """The choices (read back from the values where the rollback left them: :meth:`_Workspace.settle`)."""
        return self._space.settle()


def _owners(flat: FlatTree, edges: np.ndarray) -> np.ndarray:
    """The node each of ``edges`` leaves (-1 for edge -1, above the root): read from
    :meth:`FlatTree.edge_owner` where ``edges`` are a large part of all (two and a half times
    faster for half of them), else by binary search."""
    if 4 * len(edges) > len(flat.child) and edges.min() >= 0:  # -1 (above the root) has none
        return flat.edge_owner()[edges]  # type: ignore[no-any-return]
    return np.searchsorted(flat.start, edges, side="right") - 1  # type: ignore[no-any-return]


def _parents(flat: FlatTree, nodes: np.ndarray) -> np.ndarray:
    """The parent of each of ``nodes`` (-1 for the root) in a tree without shared subtrees: breadth-first
    numbering reaches node ``n`` through edge ``n - 1``. Sorted nodes give sorted parents."""
    return _owners(flat, nodes - 1)


def _as_slice(rows: np.ndarray) -> Any:
    """``rows`` as a slice where they are consecutive (faster to write through), else as they are."""
    if len(rows) and int(rows[-1]) - int(rows[0]) + 1 == len(rows):
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


def _as_steps(rows: np.ndarray) -> Any:
    """Increasing ``rows`` as a slice where they are evenly spaced (every 16th terminal of a regular
    tree: much faster to write through than an index array), else as they are."""
    if len(rows) > 1:
        step = int(rows[1]) - int(rows[0])
        even = step > 0 and int(rows[-1]) - int(rows[0]) == step * (len(rows) - 1)
        if even and (len(rows) == 2 or bool((np.diff(rows) == step).all())):
            return slice(int(rows[0]), int(rows[-1]) + 1, step)
    return _as_slice(rows)


def _contiguous(block: Block) -> bool:
    """Whether ``block``'s parents, edges, children and choice rows are slices: it then rolls back in
    place, through views (:class:`_BlockViews`)."""
    return all(isinstance(index, slice) for index in (block.parents, block.children, block.edges, block.rows))


def _rows(rows: Any) -> np.ndarray:
    """Rows given as a slice or an array, as an array."""
    return np.arange(rows.start, rows.stop, rows.step or 1) if isinstance(rows, slice) else rows


def _distinct(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of an integer array."""
    return _distinct_sorted(np.sort(values))


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of a sorted integer array."""
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


class _Slots:
    """The formula slots of one tree: per distinct formula, where it goes and the lowest level it touches."""

    def __init__(self, flat: FlatTree, plan: Plan) -> None:
        self.formulas: tuple[Formula, ...] = flat.formulas
        slots = flat.slots
        targets: list[list[tuple[int, int, Any]]] = [[] for _ in flat.formulas]
        if len(slots):
            order = np.lexsort((slots[:, 1], slots[:, 2], slots[:, 0], slots[:, 3]))
            ordered = slots[order]
            key = (ordered[:, 3] * 3 + ordered[:, 0]) * (flat.width + 1) + ordered[:, 2]
            cuts = np.flatnonzero(np.diff(key)) + 1
            for group in np.split(ordered, cuts):
                family, _, column, formula = (int(x) for x in group[0])
                rows = np.ascontiguousarray(group[:, 1], dtype=np.intp)
                targets[formula].append((family, column, _as_steps(rows)))
        self.targets: tuple[tuple[tuple[int, int, Any], ...], ...] = tuple(map(tuple, targets))
        """Per formula: ``(family, column, rows)``, rows a slice where evenly spaced."""
        self._flat = flat
        self._plan = plan
        self._dirty: dict[int, tuple[tuple[int, np.ndarray], ...]] = {}
        self._uses: dict[str, tuple[int, ...]] | None = None
        self._any: list[int] = []
        self.level: tuple[int, ...] = tuple(self._lowest(k) for k in range(len(self.formulas)))

    def using(self, names: set[str] | None) -> list[int]:
        """The formulas that use any of ``names`` (``None``: all that use a parameter), in order."""
        uses = self._uses
        if uses is None:
            found: dict[str, list[int]] = {}
            for k, formula in enumerate(self.formulas):
                for name in formula.names:
                    found.setdefault(name, []).append(k)
            uses = self._uses = {name: tuple(ks) for name, ks in found.items()}
            self._any = sorted({k for ks in uses.values() for k in ks})
        if names is None:
            return self._any
        if len(names) == 1:
            return list(uses.get(next(iter(names)), ()))
        return sorted({k for name in names for k in uses.get(name, ())})

    def _nodes(self, k: int) -> np.ndarray:
        """The inner nodes whose value formula ``k`` enters directly (no shared subtrees)."""
        flat = self._flat
        parts = []
        for family, _, places in self.targets[k]:
            rows = _rows(places)
            if family == 2:  # terminals: their parents (node n is reached through edge n - 1)
                rows = rows[rows > 0] - 1
            parts.append(_owners(flat, rows))
        return _distinct(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.intp)

    def _lowest(self, k: int) -> int:
        if not self._plan.levels:
            return 0
        if self._plan.shared:
            lowest = len(self._plan.levels)
            for family, _, rows in self.targets[k]:
                if family == 2:
                    return 0
                lowest = min(lowest, int(self._plan.level_of(_owners(self._flat, _rows(rows))).min()))
            return lowest
        nodes = self._nodes(k)
        return int(self._plan.level_of(nodes).min()) if len(nodes) else len(self._plan.levels)

    def dirty(self, k: int) -> tuple[tuple[int, np.ndarray], ...]:
        """``(level, nodes)`` pairs: the inner nodes that formula ``k`` enters directly, by level."""
        found = self._dirty.get(k)
        if found is None:
            nodes = self._nodes(k)
            level = self._plan.level_of(nodes)
            order = np.argsort(level, kind="stable")
            cuts = np.flatnonzero(np.diff(level[order])) + 1
            found = tuple((int(level[part[0]]), nodes[part]) for part in np.split(order, cuts) if len(part))
            self._dirty[k] = found
        return found


class _Workspace:
    """Arrays for ``K`` draws of one thread: numbers of the model written once, formulas per call."""

    def __init__(self, core: Compiled, draws: int, exact: bool) -> None:
        self.draws = draws
        self.exact = exact
        self.bits = 0
        """The bits of the exact numbers rolled back so far this call (see :data:`EXACT_BITS`)."""
        if exact:
            probability, payoff, own = core.exact_numbers()
        else:
            probability, payoff, own = core.float_numbers()
        if draws == 1 and not exact:
            self.probability = probability.reshape(-1, 1)  # a new array of its own
        else:
            self.probability = np.empty((len(probability), draws), dtype=probability.dtype)
            self.probability[:] = probability[:, None]
        if not core.has_payoff_formulas and not exact:  # never written: the model's numbers, shared
            self.payoff = np.broadcast_to(payoff[:, :, None], (*payoff.shape, draws))
        else:
            self.payoff = np.empty((*payoff.shape, draws), dtype=payoff.dtype)
            self.payoff[:] = payoff[:, :, None]
        self.value = np.empty((*own.shape, draws), dtype=own.dtype)
        self.value[:] = own[:, :, None]  # zero but at terminals
        self.choice = np.full((len(core.plan.decisions), draws), -1, dtype=np.intp)
        self.unsettled: dict[int, tuple[_BlockViews, bool]] = {}
        """Blocks of two-way decisions whose choices the rollback left to be read back from the values
        (see :func:`.blocks.second_taken`), with whether their branch payoffs were added."""
        self.last: dict[str, Any] | None = None
        self.options: Options | None = None
        self.largest = [0.0] * len(core.slots.formulas)
        """The largest size of each formula's value in the last call (to bound overflow)."""
        self.largest_max = 0.0
        self.copies: Copies | None = None
        """The numbers in branch-major order, where a re-evaluation used them (see :mod:`.branch_major`)."""
        self.views: dict[int, _BlockViews] = {}
        """Per block: views of these arrays for rolling back in place (built on first use)."""
        self._pool: dict[str, np.ndarray] = {}
        self._flat_views: tuple[Any, ...] | None = None
        self._buffers: dict[str, np.ndarray] = {}
        self._slots: dict[tuple[int, int], np.ndarray] = {}

    def flat_views(self, core: Compiled) -> tuple[Any, ...]:
        """Value, probability, payoff and choice as flat memoryviews (one payoff column, one draw)."""
        if self._flat_views is None:
            payoff = self.payoff if self.payoff.flags.writeable else np.ascontiguousarray(core.flat.payoff)
            arrays: tuple[Any, ...] = (self.value, self.probability, payoff, self.choice)
            self._flat_views = tuple(  # cast() refuses arrays that are not contiguous: never a copy
                memoryview(array).cast("B").cast(array.dtype.char) if array.size else [] for array in arrays
            )
        return self._flat_views

    def slot_rows(self, family: int, column: int) -> np.ndarray:
        """Where formula slots of ``family`` (0 probability, 1 branch payoff, 2 own payoff) and payoff
        ``column`` are written, one row per edge or node: 1-D for one draw (numpy indexes those
        twice as fast)."""
        key = (family, column)
        found = self._slots.get(key)
        if found is None:
            array = self.probability if family == 0 else (self.payoff, self.value)[family - 1][:, column]
            found = self._slots[key] = array[:, 0] if self.draws == 1 else array
        return found

    def current(self) -> np.ndarray:
        """The values, with those the rollback left in the branch-major copies written back."""
        if self.copies is not None and (self.copies.ahead or self.copies.terminals):
            self.copies.scatter(self.value.reshape(-1))
        return self.value

    def leave_copies(self) -> None:
        """Bring the values up to date before another way of rolling back reads and writes them; the
        branch-major copies then fall behind."""
        if self.copies is not None:
            self.current()
            self.copies.behind = True

    def settle(self) -> np.ndarray:
        """The choices, with those the rollback left unwritten read back from the values."""
        self.current()
        for views, paid in self.unsettled.values():
            views.settle(paid)
        self.unsettled.clear()
        return self.choice

    def buffer(self, name: str, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        """An array of its own for ``name``, kept for the next call (its contents are not)."""
        found = self._buffers.get(name)
        if found is None or found.shape != shape or found.dtype != dtype:
            found = self._buffers[name] = np.empty(shape, dtype=dtype)
        return found

    def block_views(self, core: Compiled, block: Block) -> _BlockViews:
        views = self.views.get(id(block))
        if views is None:
            if not self._pool:  # scratch space for the largest block, shared by all blocks
                width, draws = self.value.shape[1:]
                largest = max((b.count * b.branches for level in core.plan.levels for b in level), default=0)
                parents = max((b.count for level in core.plan.levels for b in level), default=0)
                self._pool = {
                    "sum": np.empty(largest * width * draws),
                    "margin": np.empty(parents * draws),
                    "first": np.empty(parents * draws, dtype=bool),
                }
            views = self.views[id(block)] = _BlockViews(self, block, self._pool)
        return views


class _BlockViews:
    """A contiguous block's branch values (P, B, A, K), probabilities (P, B, 1, K), payoffs, parent
    values (P, A, K) and choices (P, K) as views of one workspace's arrays, and scratch space."""

    def __init__(self, space: _Workspace, block: Block, pool: dict[str, np.ndarray]) -> None:
        value = space.value
        count, width, draws = block.count, value.shape[1], value.shape[2]
        shape = (count, block.branches, width, draws)
        self.values = value[block.children].reshape(shape)
        self.out = value[block.parents]
        self.payoff = space.payoff[block.edges].reshape(shape) if block.paid else None
        self.weights = space.probability[block.edges].reshape(count, block.branches, 1, -1)
        self.choice = space.choice[block.rows]
        self.sum = pool["sum"][: math.prod(shape)].reshape(shape)
        self.margin = pool["margin"][: count * draws].reshape(count, draws)
        self.first = pool["first"][: count * draws].reshape(count, draws)
        # With one payoff column and one draw, the same memory in fewer dimensions: numpy's fixed
        # cost per call, which dominates small blocks, grows with the number of dimensions.
        self.plain: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None
        """One payoff column and one draw: values, values with payoffs added (``sum``) and
        probabilities as (P, B), parent values as (P,)."""
        if width == 1 and draws == 1:
            branches = (count, block.branches)
            self.plain = (
                self.values.reshape(branches),
                self.sum.reshape(branches),
                self.weights.reshape(branches),
                self.out.reshape(count),
            )
        self.pairs: tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None
        """A decision between two options of one payoff column: the options' values as they are
        and with the branch payoffs added, each (P, K), or (P,) for one draw (see ``pair_out``); their
        choices are read back from the values (:meth:`settle`)."""
        if block.kind != CHANCE and block.branches == 2 and width == 1:
            if self.plain is not None:
                plain_values, plain_sum, _, out = self.plain
                self.pairs = (plain_values[:, 0], plain_values[:, 1]), (plain_sum[:, 0], plain_sum[:, 1])
                self.pair_out = (out, (self.margin[:, 0], self.first[:, 0]))
            else:
                values, paid = self.values, self.sum
                self.pairs = (values[:, 0, 0], values[:, 1, 0]), (paid[:, 0, 0], paid[:, 1, 0])
                self.pair_out = (self.out[:, 0], (self.margin, self.first))
        self._unsettled = space.unsettled
        self._key = id(block)
        self._whole = self
        self._columns: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None
        self._parts: dict[tuple[int, int, int], _BlockViews] = {}

    def part(self, rows: slice) -> _BlockViews:
        """The same views for the evenly spaced parents ``rows`` of the block only (kept for the next call).

        Rolling them back alone writes their values and leaves the other parents' as they are; the
        block's choices are then read back from the values in full (:meth:`unsettle`).
        """
        key = (rows.start, rows.stop, rows.step)
        found = self._parts.get(key)
        if found is None:
            found = self._parts[key] = copy.copy(self)
            for name in ("values", "out", "payoff", "weights", "choice", "sum", "margin", "first"):
                array = getattr(self, name)
                setattr(found, name, None if array is None else array[rows])
            if self.plain is not None:
                found.plain = tuple(array[rows] for array in self.plain)  # type: ignore[assignment]
                if found.payoff is not None:  # numpy would loop over the branches innermost
                    found._columns = [
                        (found.values[:, b], found.payoff[:, b], found.sum[:, b])
                        for b in range(self.values.shape[1])
                    ]
            if self.pairs is not None:
                found.pairs = tuple((a[rows], b[rows]) for a, b in self.pairs)  # type: ignore[assignment]
                out, (margin, first) = self.pair_out
                found.pair_out = (out[rows], (margin[rows], first[rows]))
        return found

    def paid(self) -> np.ndarray:
        """The branch values with the branch payoffs added, in :attr:`sum`."""
        assert self.payoff is not None
        if self._columns is None:
            return np.add(self.values, self.payoff, out=self.sum)
        for values, payoff, total in self._columns:
            np.add(values, payoff, out=total)
        return self.sum

    def unsettle(self, paid: bool) -> None:
        """Leave this block's choices to be read back from the values when they are wanted."""
        self._unsettled[self._key] = (self._whole, paid)

    def mark_settled(self) -> None:
        """This block's choices were written in full."""
        self._unsettled.pop(self._key, None)

    def settle(self, paid: bool) -> None:
        """Write the choices of this two-way decision block, read back from the values (see :attr:`pairs`)."""
        low = self.values[:, 0, 0]
        if paid:
            assert self.payoff is not None
            low = np.add(low, self.payoff[:, 0, 0], out=self.margin)
        second_taken(low, self.out[:, 0], self.choice)


class _Local(threading.local):
    workspaces: dict[tuple[int, bool], _Workspace]

    def __init__(self) -> None:
        self.workspaces = {}


class Compiled:
    """A tree as flat arrays and a rollback plan, ready for vectorised evaluation."""

    def __init__(self, tree: Tree, flat: FlatTree | None = None) -> None:
        flat = tree.flat if flat is None else flat
        self.tree = tree
        self.flat = flat
        self.actors = flat.actors
        self.width = flat.width
        self.size = flat.size
        payoff_rows = flat.slots[flat.slots[:, 0] == 1, 1]
        self.has_payoff_formulas = bool(len(payoff_rows))
        paid = np.asarray(flat.payoff.any(axis=1), dtype=bool)
        paid[payoff_rows] = True
        self.plan: Plan = build_plan(flat, paid)
        self.slots = _Slots(flat, self.plan)
        self.parameters = tuple(p.name for p in tree.parameters)
        self.derived = {p.name: p.value for p in tree.parameters if isinstance(p.value, Formula)}
        self.derived_order = tree.derived_order
        self._complements = self._complement_plan()
        self._sum_checks = self._sum_plan()
        widest = max((block.branches for level in self.plan.levels for block in level), default=1)
        self._sparse = not flat.shared and widest <= SEQUENTIAL and self.width <= SEQUENTIAL
        """Whether re-evaluation may roll back node by node (see :meth:`_incremental`)."""
        self._local = _Local()
        self._lock = threading.Lock()
        self._cache: dict[Any, Any] = {}
        self.weight_table: dict[Any, np.ndarray] = {}
        self.judging: set[Any] = set()
        """The keys of :attr:`weight_table` whose chance nodes judge whole outcomes by the objective
        under a worst or best outcome rule (else each payoff key takes its own worst or best)."""
        self._options: dict[Any, Options] = {}

    def options(
        self, weights: Any = None, fixed: tuple[tuple[int, int], ...] = (), rule: str = "expected"
    ) -> Options:
        """``Options(weights, fixed, rule)``, the same object each time (a workspace then sees at
        once that the options of its last rollback still hold)."""
        key = (weights, fixed, rule)
        found = self._options.get(key)
        if found is None:
            found = Options(weights, fixed, rule)
            if len(self._options) < 256:
                self._options[key] = found
        return found

    # ------------------------------------------------------------------ structure

    def path(self, node: int) -> tuple[str, ...]:
        """A path to ``node`` (the path, when no subtree is shared)."""
        if not self.flat.shared:
            return self.tree.index.path(node)
        return self.flat.path(node)

    def branch_of_edge(self, edge: int) -> Any:
        return self.flat.branch(edge)

    def _segments(self, nodes: np.ndarray, skip: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The edges of ``nodes``, node after node (less the edges ``skip``, one per node), and where
        each node's edges start."""
        start = self.flat.start
        degree = start[nodes + 1] - start[nodes]
        total = int(degree.sum())
        first = np.repeat(start[nodes], degree)
        offset = np.arange(total) - np.repeat(np.cumsum(degree) - degree, degree)
        edges = first + offset
        if skip is not None:
            edges = edges[edges != np.repeat(skip, degree)]
            degree = degree - 1
        starts = np.zeros(len(nodes), dtype=np.intp)
        np.cumsum(degree[:-1], out=starts[1:])
        return edges, starts

    def _complement_plan(self) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """For the COMPLEMENTs whose siblings are all numbers (``"constant"``) and the others
        (``"symbolic"``): the COMPLEMENT edges, their siblings' edges and where each one's siblings start."""
        flat = self.flat
        edges = flat.complements
        self._one_sibling = False
        """Whether every COMPLEMENT with formula siblings has exactly one sibling."""
        if not len(edges):
            empty = (np.zeros(0, np.intp),) * 3
            return {"constant": empty, "symbolic": empty}  # type: ignore[dict-item]
        owner = _owners(flat, edges)
        first = flat.start[owner]
        counts = flat.start[owner + 1] - first - 1  # siblings per COMPLEMENT
        single = bool((counts == 1).all())
        if single:  # two branches each: the sibling is the other edge
            siblings = 2 * first + 1 - edges
            starts = np.arange(len(edges))
        else:
            siblings, starts = self._segments(owner, edges)
        slots = flat.slots
        varying = np.asarray([bool(f.names) for f in flat.formulas], dtype=bool)
        formula_edges = np.sort(slots[(slots[:, 0] == 0) & varying[slots[:, 3]], 1]) if len(slots) else None
        if formula_edges is None or not len(formula_edges):
            symbolic = np.zeros(len(edges), dtype=bool)
        else:
            symbolic = _segments_holding(siblings, starts, formula_edges)
        out = {
            name: _by_length(*_chosen_segments((edges, siblings, starts), chosen))
            for name, chosen in (("constant", ~symbolic), ("symbolic", symbolic))
        }
        self._one_sibling = single or bool((counts[symbolic] == 1).all())
        return out

    def _sum_plan(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        nodes = np.asarray(self.flat.sum_checks, dtype=np.intp)
        edges, starts = self._segments(nodes)
        return nodes, edges, starts

    # ------------------------------------------------------------------ numbers

    def float_numbers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's plain numbers as floats: probability (E,; a new array), payoff (E, A), own (N, A).

        Constant COMPLEMENTs are filled in.
        """
        flat = self.flat
        rest = self._cache.get("complements")
        edges = self._complements["constant"][0]
        if rest is None:
            _, siblings, starts = self._complements["constant"]
            rest = 1 - _segment_sums(flat.probability[siblings], starts)
            self._check_range(rest, edges, FLOAT_TOLERANCE)
            rest = _clipped(rest)
            self._cache["complements"] = rest
        probability = flat.probability.copy()
        probability[edges] = rest
        return probability, flat.payoff, flat.own

    def exact_numbers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's plain numbers as Fractions (floats at their decimal value), built on first use."""
        cached = self._cache.get("exact")
        if cached is None:
            flat = self.flat
            width = self.width
            probability = np.full(len(flat.child), Fraction(0), dtype=object)
            payoff = np.full((len(flat.child), width), Fraction(0), dtype=object)
            own = np.full((self.size, width), Fraction(0), dtype=object)
            formula_slots = {(f, r, c) for f, r, c, _ in flat.slots.tolist()}
            for node_number, node in enumerate(flat.nodes):
                if type(node).kind == "terminal":
                    self._exact_payoff(node.payoff, own, node_number, 2, formula_slots, node_number)
                    continue
                first = int(flat.start[node_number])
                for k, branch in enumerate(node.branches):
                    edge = first + k
                    p = branch.probability
                    if p is not None and p is not COMPLEMENT and (0, edge, 0) not in formula_slots:
                        probability[edge] = as_fraction(p)
                    self._exact_payoff(branch.payoff, payoff, edge, 1, formula_slots, node_number)
            for family, row, column, k in flat.slots.tolist():
                formula = flat.formulas[k]
                if not formula.names:
                    target = probability if family == 0 else payoff if family == 1 else own
                    try:
                        number = formula.evaluate({})
                    except (NotExactError, ZeroDivisionError):
                        raise NotRationalError(str(formula), self._slot_path(family, row)) from None
                    if family == 0:
                        target[row] = number
                    else:
                        target[row, column] = number
            edges, siblings, starts = self._complements["constant"]
            rest = _exact_complements(1 - _segment_sums(probability[siblings], starts))
            for k, number in enumerate(rest.tolist()):
                if not 0 <= number <= 1:
                    self._range_error(number, int(edges[k]))
            probability[edges] = rest
            cached = (probability, payoff, own)
            self._cache["exact"] = cached
        return cached  # type: ignore[no-any-return]

    def _exact_payoff(
        self, value: Any, target: np.ndarray, row: int, family: int, formulas: set[Any], node: int
    ) -> None:
        if type(value) is int and value == 0:
            return
        items = [value[a] for a in self.actors] if type(value) is Payoffs else [value]
        for column, item in enumerate(items):
            if (family, row, column) not in formulas:
                target[row, column] = as_fraction(item)

    def _slot_path(self, family: int, row: int) -> tuple[str, ...]:
        if family == 2:
            return self.path(row)
        owner = int(np.searchsorted(self.flat.start, row, side="right")) - 1
        return self.path(owner)

    # ------------------------------------------------------------------ parameter values

    def parameter_values(self, values: Mapping[str, Any], *, exact: bool = False) -> dict[str, Any]:
        """Base values with ``values`` overriding them, and every derived parameter computed.

        ``values`` maps names to floats or length-K arrays (or Fractions with
        ``exact=True``); they are trusted (checked by the argument layer).
        """
        out: dict[str, Any]
        if exact:
            out = {name: as_fraction(values.get(name, base)) for name, base in self._bases(False).items()}
        else:
            out = self._bases(True).copy()
            for name, given in values.items():
                if name in out:
                    out[name] = given
            for name, value in out.items():
                if type(value) is not float and np.ndim(value) == 0:
                    if not fits_float(value):
                        raise ModelError(
                            f"parameter {name!r} is beyond float range (about 1.8e308); "
                            "evaluate with exact=True"
                        )
                    out[name] = float(value)
        for name in self.derived_order:
            formula = self.derived[name]
            if exact:
                try:
                    out[name] = formula.evaluate(out)
                except ZeroDivisionError:
                    raise ModelError(
                        f"derived parameter {name!r} = {formula} divides by zero at these values"
                    ) from None
                except NotExactError as error:
                    raise NotRationalError(f"derived parameter {name} = {formula}: {error}") from None
            else:
                with np.errstate(all="ignore"):
                    number = formula.compile()(out)
                if not np.all(np.isfinite(number)):
                    raise ModelError(
                        f"derived parameter {name!r} = {formula} is not a finite number at these values"
                    )
                out[name] = float(number) if np.ndim(number) == 0 else np.asarray(number, dtype=float)
        return out

    def _bases(self, floats: bool) -> dict[str, Any]:
        """The base values of the parameters that are not derived, by name; with ``floats``, as floats
        where they fit (the rest as they are, refused by :meth:`parameter_values` unless replaced)."""
        found = self._cache.get(("bases", floats))
        if found is None:
            found = {p.name: p.value for p in self.tree.parameters if p.name not in self.derived}
            if floats:
                found = {name: float(v) if fits_float(v) else v for name, v in found.items()}
            self._cache[("bases", floats)] = found
        return found  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ resolving

    def _workspace(self, draws: int, exact: bool) -> _Workspace:
        spaces = self._local.workspaces
        space = spaces.get((draws, exact))
        if space is None:
            if len(spaces) > 4:
                spaces.pop(next(iter(spaces)))
            space = spaces[(draws, exact)] = _Workspace(self, draws, exact)
        return space

    def _resolve(self, space: _Workspace, values: Mapping[str, Any]) -> list[int] | None:
        """Write the formula slots into ``space``; the formulas whose value may have changed
        (``None``: everything, on a workspace's first call).

        Only formulas whose parameters changed since the workspace's last
        call are computed again (all of them on its first call).
        """
        last, space.last = space.last, None  # invalid until this call succeeds
        first = last is None or last.keys() != values.keys()
        changed: set[str] | None = None
        if not first:
            assert last is not None
            changed = {
                name
                for name, value in values.items()
                if last[name] is not value and not _same(last[name], value)
            }
            if not changed:
                space.last = last
                return []
        redone: list[int] = []
        probabilities = False
        exact = space.exact
        single = self._one_sibling and not exact  # every COMPLEMENT beside a formula follows it at once
        copies = space.copies if space.copies is not None and not space.copies.behind else None
        for k in self.slots.using(changed):
            formula = self.slots.formulas[k]
            redone.append(k)
            number = self._formula_value(formula, values, exact, k)
            if copies is not None:  # a terminal's numbers go to the copies alone, until wanted
                for family, rows, at in self._copy_places(k, copies.layout):
                    if family == 2:
                        copies.value[at] = number
                        copies.terminals[k] = (rows, at)
            for family, column, rows in self.slots.targets[k]:
                if family == 2 and copies is not None:
                    continue
                target = space.slot_rows(family, column)
                if family == 0:
                    self._check_probability(number, rows, exact)
                    target[rows] = number
                    if single:
                        target[self._following(k)] = _complement(number)
                    probabilities = True
                else:
                    target[rows] = number
            if not exact:
                size = abs(number) if isinstance(number, float) else float(np.abs(number).max())
                space.largest[k] = size
        if not exact:
            space.largest_max = max(space.largest, default=0.0)
        if first or probabilities:
            if not single:
                self._resolve_complements(space, None if first else redone)
            self._check_sums(space, None if first else redone)
        space.last = dict(values)
        return None if first else redone

    def _formula_value(self, formula: Formula, values: Mapping[str, Any], exact: bool, k: int) -> Any:
        if exact:
            try:
                return formula.evaluate(values)
            except ZeroDivisionError:
                raise ModelError(
                    f"{formula} divides by zero at these parameter values", self._formula_path(k)
                ) from None
            except NotExactError as error:
                raise NotRationalError(f"{formula} ({error})", self._formula_path(k)) from None
        number = formula.compile()(values)  # inside the caller's np.errstate
        if not (math.isfinite(number) if isinstance(number, float) else bool(np.isfinite(number).all())):
            raise ModelError(
                f"{formula} is not a finite number at these parameter values", self._formula_path(k)
            )
        return number

    def _formula_path(self, k: int) -> tuple[str, ...]:
        family, _, rows = self.slots.targets[k][0]
        return self._slot_path(family, int(_rows(rows)[0]))

    def _check_probability(self, number: Any, rows: Any, exact: bool) -> None:
        tolerance = 0 if exact else FLOAT_TOLERANCE
        if exact:
            bad = not 0 <= number <= 1
        elif isinstance(number, float):
            bad = not -tolerance <= number <= 1 + tolerance
        else:
            array = np.asarray(number)
            bad = bool(array.min() < -tolerance or array.max() > 1 + tolerance)
        if bad:
            values = np.asarray(number).reshape(-1)
            shown = (
                values[np.argmax((values < -tolerance) | (values > 1 + tolerance))] if not exact else number
            )
            self._range_error(shown, int(_rows(rows)[0]))

    def _range_error(self, value: Any, edge: int) -> None:
        owner = int(np.searchsorted(self.flat.start, edge, side="right")) - 1
        branch = self.flat.nodes[owner].branches[edge - int(self.flat.start[owner])]
        what = "the COMPLEMENT" if branch.probability is COMPLEMENT else "probability"
        raise ModelError(f"{what} of {branch.label!r} is {_show(value)}, outside [0, 1]", self.path(owner))

    def _check_range(self, values: np.ndarray, edges: np.ndarray, tolerance: float) -> None:
        bad = (values < -tolerance) | (values > 1 + tolerance)
        if bad.any():
            k = int(np.argmax(bad))
            self._range_error(values[k], int(edges[k]))

    def _resolve_complements(self, space: _Workspace, redone: list[int] | None) -> None:
        """Write the COMPLEMENTs beside the probabilities that the formulas ``redone`` gave (``None``:
        beside every formula); the others keep the numbers they had."""
        edges, siblings, starts = self._segments_beside("complements", self._complements["symbolic"], redone)
        if not len(edges):
            return
        probability = space.probability
        gathered = space.buffer("siblings", (len(siblings), *probability.shape[1:]), probability.dtype)
        rest = 1 - _segment_sums(np.take(probability, siblings, axis=0, out=gathered), starts)
        if space.exact:
            rest = _exact_complements(rest)
        tolerance = 0 if space.exact else FLOAT_TOLERANCE
        if space.exact or rest.min() < -tolerance or rest.max() > 1 + tolerance:
            bad = (rest < -tolerance) | (rest > 1 + tolerance)
            if bad.any():
                row, column = np.argwhere(bad)[0]
                self._range_error(rest[row, column], int(edges[row]))
        if not space.exact:
            rest = _clipped(rest)
        probability[edges] = rest

    def _segments_beside(
        self, name: str, plan: tuple[np.ndarray, np.ndarray, np.ndarray], redone: list[int] | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The part of ``plan`` (edges or nodes, the edges of their segments, where each segment
        starts: the COMPLEMENTs' siblings, the sums to check) whose segments hold a probability that
        one of the formulas ``redone`` gives (all of it for ``None``), in the same order."""
        if redone is None or not len(plan[0]):
            return plan
        key = (name, tuple(redone))
        found = self._cache.get(key)
        if found is None:
            _, members, starts = plan
            written = [_rows(rows) for k in redone for family, _, rows in self.slots.targets[k] if not family]
            mine = np.sort(np.concatenate(written)) if written else np.zeros(1, dtype=np.intp) - 1
            found = _chosen_segments(plan, _segments_holding(members, starts, mine))
            if len(self._cache) < 256:
                self._cache[key] = found
        return found  # type: ignore[no-any-return]

    def _following(self, k: int) -> Any:
        """The COMPLEMENT edges whose one sibling is a probability that formula ``k`` gives (where
        every COMPLEMENT beside a formula has one sibling): an array, or a slice where evenly spaced."""
        found = self._cache.get(("following", k))
        if found is None:
            edges, siblings, _ = self._complements["symbolic"]
            mine = np.sort(
                np.concatenate([_rows(rows) for family, _, rows in self.slots.targets[k] if family == 0])
            )
            found = _as_steps(edges[_among(siblings, mine)])
            self._cache[("following", k)] = found
        return found

    def _check_sums(self, space: _Workspace, redone: list[int] | None) -> None:
        """Refuse probabilities without a COMPLEMENT that do not sum to 1, at the nodes where the
        formulas ``redone`` give one (``None``: at every node whose probabilities hold a formula)."""
        nodes, edges, starts = self._segments_beside("sums", self._sum_checks, redone)
        if not len(nodes):
            return
        sums = _segment_sums(space.probability[edges], starts)
        off = (sums != 1) if space.exact else (np.abs(sums - 1) > FLOAT_TOLERANCE)
        if off.any():
            row, column = np.argwhere(off)[0]
            raise ModelError(
                f"probabilities sum to {_show(sums[row, column])}, not 1", self.path(int(nodes[row]))
            )

    def check_float_range(self) -> None:
        """Refuse float arithmetic on a tree holding numbers beyond float range."""
        if self.flat.oversized:
            family, row, _ = self.flat.oversized[0]
            raise ModelError(
                "a number in this tree is beyond float range (about 1.8e308); evaluate with exact=True",
                self._slot_path(family, row),
            )

    # ------------------------------------------------------------------ running

    def run(
        self,
        values: Mapping[str, Any],
        options: Options = Options(),
        *,
        exact: bool = False,
        fresh: bool = False,
        forced: np.ndarray | None = None,
        own: np.ndarray | None = None,
        root_only: bool = False,
    ) -> Rolled:
        """Resolve ``values`` (from :meth:`parameter_values`) and roll back under ``options``.

        ``forced`` (N,) fixes the branch position at decisions (-1 leaves them
        free) and ``own`` (N, A, K) replaces the terminals' values (utilities);
        either one, or ``fresh=True``, computes in new arrays that the caller
        may keep. Otherwise the arrays belong to this thread's workspace and
        the next call overwrites them: copy what you keep. ``root_only``: the
        caller reads the root's values alone (:attr:`Rolled.root`), so a
        re-evaluation may leave the others in branch-major copies (reading
        them then writes the copies back: see :mod:`.branch_major`).
        """
        if not exact:
            self.check_float_range()
        with np.errstate(all="ignore"):  # overflow is refused after the rollback (see _check_finite)
            return self._run(values, options, exact, fresh, forced, own, root_only)

    def _run(
        self,
        values: Mapping[str, Any],
        options: Options,
        exact: bool,
        fresh: bool,
        forced: np.ndarray | None,
        own: np.ndarray | None,
        root_only: bool,
    ) -> Rolled:
        draws = 1
        for value in values.values():
            if type(value) is not float and type(value) is not Fraction and np.ndim(value):
                draws = len(value)
                break
        if fresh or forced is not None or own is not None:
            space = _Workspace(self, draws, exact)
            self._resolve(space, values)
            if own is not None:
                terminals = self.plan.terminals
                space.value[terminals] = own[terminals]
                space.largest_max = float(np.abs(own).max(initial=0.0))
                space.largest = [space.largest_max] * len(space.largest)
            self._rollback(space, options, 0, forced)
            return Rolled(space.probability, space.payoff, space)
        space = self._workspace(draws, exact)
        space.bits = 0
        redone = self._resolve(space, values)
        if space.options is not options and space.options != options:
            redone = None
        space.options = None  # invalid while rolling back (an error would leave it half done)
        if redone is None:
            start = self._share_draw_free_levels(space, values, options, exact) if draws > 1 else 0
            self._rollback(space, options, start)
        elif redone:
            if self._changed_only(options):
                if (
                    not self._few(space, options, redone)
                    and not (root_only and self._branch_major(space, options, redone))
                    and not self._reached(space, options, redone)
                ):
                    self._incremental(space, options, redone)
            else:
                self._rollback(space, options, min(self.slots.level[k] for k in redone))
        space.options = options
        return Rolled(space.probability, space.payoff, space)

    def _share_draw_free_levels(
        self, space: _Workspace, values: Mapping[str, Any], options: Options, exact: bool
    ) -> int:
        """Roll back the levels that no varying parameter reaches once, for one draw, and copy them to all.

        Returns the first level that must be rolled back for every draw.
        """
        varying = {name for name, value in values.items() if np.ndim(value)}
        split = len(self.plan.levels)
        for k, formula in enumerate(self.slots.formulas):
            if formula.names & varying:
                split = min(split, self.slots.level[k])
        if split == 0:
            return 0
        single = {name: (value[0] if np.ndim(value) else value) for name, value in values.items()}
        one = self.run(single, options, exact=exact)
        for level in self.plan.levels[:split]:  # the terminals keep their values (some may vary)
            for block in level:
                space.value[block.parents] = one.value[block.parents]
                if block.kind != CHANCE:
                    space.choice[block.rows] = one.choice[block.rows]
                    space.unsettled.pop(id(block), None)
        return split

    def numbers(
        self, values: Mapping[str, Any], *, exact: bool = False
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's numbers at ``values``, without rolling back: branch probability (E, K),
        branch payoff (E, A, K) and own payoff (N, A, K; zero but at terminals)."""
        if not exact:
            self.check_float_range()
        draws = max((len(v) for v in values.values() if np.ndim(v)), default=1)
        space = _Workspace(self, draws, exact)
        with np.errstate(all="ignore"):
            self._resolve(space, values)
        return space.probability, space.payoff, space.value

    def _scoring(self, options: Options) -> dict[int, Any]:
        """How each decision block scores its options: ``id(block) ->`` ``None`` (the only payoff
        column), ``("column", c)``, ``("row", weights (A,))`` or ``("rows", weights (N, A))``."""
        key = ("scoring", options.weights)
        found = self._cache.get(key)
        if found is None:
            found = {}
            table = None if options.weights is None else self.weight_table[options.weights]
            for level in self.plan.levels:
                for block in level:
                    if block.kind == CHANCE or table is None:
                        continue
                    rows = table[block.parents]
                    first = rows[0]
                    if not bool((rows == first).all()):
                        found[id(block)] = ("rows", table)
                        continue
                    nonzero = [a for a in range(self.width) if first[a] != 0]
                    if len(nonzero) == 1 and first[nonzero[0]] == 1:
                        found[id(block)] = ("column", nonzero[0])
                    else:
                        found[id(block)] = ("row", first)
            self._cache[key] = found
        return found  # type: ignore[no-any-return]

    def _judge(self, options: Options, rule: int, parents: Any) -> np.ndarray | None:
        """The objective's weights (P, A) that judge whole outcomes at chance nodes under a worst or
        best outcome rule (see :attr:`judging`); ``None`` for the expected value, scalar payoffs or
        payoff keys judged one by one."""
        if rule == 0 or options.weights not in self.judging:
            return None
        return self.weight_table[options.weights][parents]  # type: ignore[no-any-return]

    def _roll(
        self,
        space: _Workspace,
        options: Options,
        block: Block,
        scoring: dict[int, Any],
        forced: np.ndarray | None,
        nodes: np.ndarray | None = None,
    ) -> np.ndarray | None:
        """Roll back ``block`` through gathered copies: all of it, or only its parents ``nodes`` (returns
        their values); contiguous float blocks go through :meth:`_roll_in_place` instead."""
        value = space.value
        branches = block.branches
        if nodes is None:
            count, edges, parents, rows = block.count, block.edges, block.parents, block.rows
            contribution = value[block.children]
        else:
            # breadth-first numbering: edge e leads to node e + 1
            count, parents = len(nodes), _as_slice(nodes)
            if isinstance(parents, slice):  # consecutive nodes (often one): views, not copies
                first_edge = int(self.flat.start[parents.start])
                edges = slice(first_edge, int(self.flat.start[parents.stop]))
                contribution = value[edges.start + 1 : edges.stop + 1]
                if block.kind != CHANCE:
                    row = int(np.searchsorted(self.plan.decisions, parents.start))
                    rows = slice(row, row + count)
                else:
                    rows = block.rows
            else:
                edges = self.flat.start[nodes]
                if branches > 1:
                    edges = (edges[:, None] + _OFFSETS[:branches]).ravel()
                contribution = value[edges + 1]
                rows = np.searchsorted(self.plan.decisions, nodes) if block.kind != CHANCE else block.rows
        if options.branch_payoffs and block.paid:
            contribution = contribution + space.payoff[edges]
        values = contribution.reshape(count, branches, *contribution.shape[1:])
        out = value[parents] if nodes is None and isinstance(parents, slice) else None
        maximise, chance_rule = RULE_SIGNS[options.rule]
        if block.kind == CHANCE:
            weights = space.probability[edges].reshape(count, branches, 1, -1)
            judge = self._judge(options, chance_rule, parents)
            result = chance(values, weights, chance_rule, options.risk_tolerance, out, judge=judge)
        else:
            spec = scoring.get(id(block))
            if spec is not None and spec[0] == "rows":
                spec = ("rows", spec[1][parents])
            first = decide(values, spec, maximise, space.exact)
            largest = spec is None and maximise > 0
            if forced is not None:
                fixed = forced[parents]
                if bool((fixed >= 0).any()):
                    first = np.where((fixed < 0)[:, None], first, fixed[:, None])
                    largest = False
            result = take(values, first, out, largest)
            space.choice[rows] = first
            if nodes is None:
                space.unsettled.pop(id(block), None)
        if space.exact:
            self._spend(space, result, parents)
        if nodes is not None:
            return result
        if result is not out:
            value[parents] = result
        return None

    def _spend(self, space: _Workspace, numbers: np.ndarray, parents: Any) -> None:
        """Count the bits of newly computed exact ``numbers``; refuse past :data:`EXACT_BITS`."""
        space.bits += exact_bits(numbers)
        if space.bits > EXACT_BITS:
            node = parents.start if isinstance(parents, slice) else int(np.asarray(parents)[0])
            depth = len(self.path(node))
            raise TooLargeError(
                f"exact arithmetic on this tree needs numbers of more than {EXACT_BITS:,} bits in all "
                f"(they have grown to {_digits(numbers):,} digits at node "
                f"{brief(self.flat.nodes[node].name)}, {depth:,} levels down); "
                "evaluate with floats (exact=False)"
            )

    def _roll_in_place(
        self,
        options: Options,
        block: Block,
        scoring: dict[int, Any],
        forced: np.ndarray | None,
        views: _BlockViews,
        limit: float,
    ) -> None:
        """Roll back a contiguous block (floats) through views of the workspace and its scratch space;
        ``limit``: see :meth:`_tie_limit`."""
        paid = options.branch_payoffs and views.payoff is not None
        values = views.paid() if paid else views.values
        maximise, chance_rule = RULE_SIGNS[options.rule]
        if block.kind == CHANCE:
            if views.plain is not None and chance_rule == 0 and options.risk_tolerance is None:
                plain_values, plain_sum, weights, out = views.plain
                chance(plain_sum if paid else plain_values, weights, 0, None, out, plain_sum)
                return
            judge = self._judge(options, chance_rule, block.parents)
            result = chance(
                values, views.weights, chance_rule, options.risk_tolerance, views.out, views.sum, judge
            )
            if result is not views.out:
                views.out[...] = result
            return
        spec = scoring.get(id(block))
        if spec is None and forced is None and views.pairs is not None:
            low, high = views.pairs[paid]
            best_of_two(low, high, maximise, limit, *views.pair_out)
            views.unsettle(paid)
            return
        if spec is not None and spec[0] == "rows":
            spec = ("rows", spec[1][block.parents])
        first = decide(values, spec, maximise, False, (views.margin, views.first))
        largest = spec is None and maximise > 0
        if forced is not None:
            fixed = forced[block.parents]
            if bool((fixed >= 0).any()):
                first = np.where((fixed < 0)[:, None], first, fixed[:, None])
                largest = False
        take(values, first, views.out, largest)
        views.choice[...] = first
        views.mark_settled()

    def _rollback(
        self,
        space: _Workspace,
        options: Options,
        start: int,
        forced: np.ndarray | None = None,
        reach: dict[int, slice | None] | None = None,
    ) -> None:
        """Roll back every level from ``start`` up (the narrow levels at the top node by node in
        plain floats, where :meth:`_plain` allows); below those, where ``reach`` is given, only its
        blocks (by ``id``), each in full (``None``) or the evenly spaced parents it names."""
        space.leave_copies()
        if forced is None:
            forced = self._forced(options.fixed)
        scoring = self._scoring(options)
        levels = self.plan.levels
        stop, top, begins = (
            self._narrow_top() if forced is None and self._plain(space, options) else (len(levels), [], [])
        )
        limit = None if space.exact else self._tie_limit(space)
        for level in levels[start:stop]:
            for block in level:
                rows = None
                if reach is not None:
                    if id(block) not in reach:
                        continue
                    rows = reach[id(block)]
                if limit is None or not _contiguous(block):
                    self._roll(space, options, block, scoring, forced)
                    continue
                views = space.block_views(self, block)
                views = views if rows is None else views.part(rows)
                self._roll_in_place(options, block, scoring, forced, views, limit)
        if top:
            roll(top if start <= stop else top[begins[start - stop] :], *space.flat_views(self))
        if not space.exact:
            self._check_finite(space, options)

    def _incremental(self, space: _Workspace, options: Options, redone: list[int]) -> None:
        """Roll back what the formulas ``redone`` reach: the nodes they enter, then their parents
        whose children's values changed, level by level, up to where nothing changes.

        Where a level's changed nodes are many, whole levels are rolled back from there up.
        """
        pending: dict[int, list[np.ndarray]] = {}
        for k in redone:
            for level, nodes in self.slots.dirty(k):
                pending.setdefault(level, []).append(nodes)
        if not pending:
            return
        space.leave_copies()
        forced = self._forced(options.fixed)
        scoring = self._scoring(options)
        levels = self.plan.levels
        sizes = self.plan.sizes
        value = space.value
        single = value.shape[1] * value.shape[2] == 1
        level = min(pending)
        carried: np.ndarray | None = None
        while level < len(levels):
            parts = pending.pop(level, None)
            if parts is None:
                if carried is None:
                    if not pending:
                        break
                    level = min(pending)
                    continue
                nodes = carried
            else:
                if carried is not None:
                    parts.append(carried)
                if sum(len(part) for part in parts) * _SPARSE > sizes[level]:  # many: no need to count
                    self._rollback(space, options, level, forced)
                    return
                nodes = parts[0] if len(parts) == 1 else _distinct(np.concatenate(parts))
            if len(nodes) * _SPARSE > sizes[level]:
                self._rollback(space, options, level, forced)
                return
            blocks = levels[level]
            if len(blocks) == 1:
                new = self._roll(space, options, blocks[0], scoring, forced, nodes)
                assert new is not None
                where = _as_slice(nodes)
                differs = new != value[where]
                differs = differs.reshape(-1) if single else differs.reshape(len(nodes), -1).any(axis=1)
                value[where] = new
                changed = nodes[differs]
            else:
                moved = []
                for block in blocks:
                    members = _members(nodes, block.parents)
                    if not len(members):
                        continue
                    new = self._roll(space, options, block, scoring, forced, members)
                    assert new is not None
                    differs = (new != value[members]).reshape(len(members), -1).any(axis=1)
                    value[members] = new
                    moved.append(members[differs])
                changed = np.sort(np.concatenate(moved))
            carried = _distinct_sorted(_parents(self.flat, changed)) if len(changed) else None
            level += 1
        if not space.exact:
            self._check_finite(space, options)

    def _branch_major(self, space: _Workspace, options: Options, redone: list[int]) -> bool:
        """Roll back what the formulas ``redone`` reach over the branch-major copies of the numbers
        (for a caller that reads the root alone), where :meth:`_plain` allows, the tree is complete
        (:meth:`_layout`) and the parents reached are a few runs of neighbours in every level (see
        :mod:`.branch_major`); whether it was."""
        if not self._plain(space, options):
            return False
        layout = self._layout()
        if layout is None:
            return False
        key = ("runs", tuple(redone))
        runs = self._cache.get(key)
        if runs is None:
            dirty: dict[int, list[np.ndarray]] = {}
            for k in redone:
                for level, nodes in self.slots.dirty(k):
                    dirty.setdefault(level, []).append(nodes)
            runs = (
                layout.reach({level: np.concatenate(parts) for level, parts in dirty.items()}, _SPARSE) or ()
            )
            if len(self._cache) < 256:
                self._cache[key] = runs
        if not runs:
            return False
        copies = space.copies
        if copies is None:
            copies = space.copies = Copies(layout)
        if copies.behind:
            copies.gather(space.value.reshape(-1), space.probability.reshape(-1), space.payoff.reshape(-1))
        else:  # a terminal's formula was written there already (see _resolve)
            for k in redone:
                for family, rows, at in self._copy_places(k, layout):
                    if family != 2:  # from the workspace's 1-D views (numpy gathers those faster)
                        target = copies.payoff if family else copies.probability
                        target[at] = space.slot_rows(family, 0)[rows]
        maximise, limit = RULE_SIGNS[options.rule][0], self._tie_limit(space)
        for k, parts in runs:
            for start, stop in parts:
                copies.roll(k, start, stop, maximise, limit)
            if layout.kind[k] != CHANCE:  # its choices, read back from the values when wanted
                block = self.plan.levels[layout.plan_level[k]][0]
                space.block_views(self, block).unsettle(layout.paid[k])
        top = layout.count[0]  # the top level's parents, in their own order: back to the workspace
        first = int(layout.node_order[0])
        space.value.reshape(-1)[first : first + top] = copies.value[:top]
        copies.ahead.discard(0)
        roll(self._narrow_top()[1], *space.flat_views(self))
        self._check_finite(space, options)
        return True

    def _layout(self) -> Layout | None:
        """The branch-major order of the levels below the narrow top, where the tree is complete
        there (:meth:`_complete_level`); ``None`` for other trees."""
        if "layout" not in self._cache:
            stop = self._narrow_top()[0]
            found = [self._complete_level(number) for number in reversed(range(stop))]
            levels = [level for level in found if level is not None]
            complete = stop > 0 and not self.flat.shared and len(levels) == len(found)
            self._cache["layout"] = Layout(levels, self.size) if complete else None
        return self._cache["layout"]  # type: ignore[no-any-return]

    def _complete_level(self, number: int) -> Level | None:
        """Level ``number`` of the plan as a :data:`.branch_major.Level`, where it is one block of chance
        nodes of at most :data:`~.rules.SEQUENTIAL` branches, or of decisions between two, whose
        children are the parents of the level below (or terminals, at the bottom); else ``None``."""
        blocks = self.plan.levels[number]
        block = blocks[0]
        if len(blocks) != 1 or not isinstance(block.parents, slice) or not isinstance(block.edges, slice):
            return None
        if not (block.branches == 2 or (block.kind == CHANCE and block.branches <= SEQUENTIAL)):
            return None
        if number:
            below = self.plan.levels[number - 1]
            if len(below) != 1 or below[0].parents != block.children:
                return None
        elif not bool((self.flat.kind[block.children] == TERMINAL).all()):
            return None
        return (
            block.kind,
            block.branches,
            block.parents.start,
            block.count,
            block.edges.start,
            number,
            block.paid,
        )

    def _copy_places(self, k: int, layout: Layout) -> list[tuple[int, Any, Any]]:
        """Where formula ``k``'s numbers go in the branch-major copies: ``(family, rows, places)``,
        the rows of the workspace and the places in the copies, as slices where evenly spaced. For
        probabilities, every branch of the chance nodes: the COMPLEMENTs beside the formula too."""
        key = ("copied", k)
        found = self._cache.get(key)
        if found is None:
            found = []
            for family, _, places in self.slots.targets[k]:
                rows = _rows(places)
                if family == 2:
                    at = layout.node_position[rows]
                    rows, at = rows[at >= 0], at[at >= 0]
                else:
                    if family == 0:
                        owners = _distinct(_owners(self.flat, rows))
                        first, stop = self.flat.start[owners], self.flat.start[owners + 1]
                        rows = np.concatenate(
                            [np.arange(a, b) for a, b in zip(first.tolist(), stop.tolist(), strict=True)]
                        )
                    rows, at = layout.edge_positions(rows)
                order = np.argsort(at)
                rows, at = rows[order], at[order]
                increasing = bool((np.diff(rows) > 0).all())  # rows in the copies' order may not be
                found.append((family, _as_steps(rows) if increasing else rows, _as_steps(at)))
            if len(self._cache) < 256:
                self._cache[key] = found
        return found  # type: ignore[no-any-return]

    def _reached(self, space: _Workspace, options: Options, redone: list[int]) -> bool:
        """Roll back only the nodes that the formulas ``redone`` may reach, where :meth:`_plain`
        allows and they are evenly spaced within some blocks (the same place in every copy of a
        repeated subtree): those blocks through strided views of their reached parents, whole blocks
        elsewhere (see :meth:`_reach`); whether it was."""
        if not self._plain(space, options):
            return False
        key = ("reach", tuple(redone))
        found = self._cache.get(key)
        if found is None:
            found = self._reach(redone) or ()  # () where no block gains
            if len(self._cache) < 256:
                self._cache[key] = found
        if not found:
            return False
        start, reach = found
        self._rollback(space, options, start, None, reach)
        return True

    def _reach(self, redone: list[int]) -> tuple[int, dict[int, slice | None]] | None:
        """The lowest level that the formulas ``redone`` enter, and per block (by ``id``) the parents
        they may reach below the narrow top: ``None`` for the whole block, or a slice of evenly
        spaced positions in it where those are at most half of a chance block or a decision block
        between two options (:meth:`_BlockViews.part`); ``None`` where no block has such a slice, or
        where a block has a few scattered parents reached (:meth:`_incremental` gathers those).

        A parent is reached where a formula enters it or one of its children was reached; every other
        node keeps its value, so rolling back a whole block where only part is reached gives the same
        numbers.
        """
        pending: dict[int, list[np.ndarray]] = {}
        for k in redone:
            for level, nodes in self.slots.dirty(k):
                pending.setdefault(level, []).append(nodes)
        if not pending:
            return None
        start, stop = min(pending), self._narrow_top()[0]
        reach: dict[int, slice | None] = {}
        nodes = np.zeros(0, dtype=np.intp)
        gains = False
        for level in range(start, stop):
            nodes = _distinct(np.concatenate([nodes, *pending.get(level, [])]))
            for block in self.plan.levels[level]:
                parents = block.parents
                if not isinstance(parents, slice) or not _contiguous(block):
                    return None
                low, high = np.searchsorted(nodes, (parents.start, parents.stop))
                if low == high:
                    continue
                rows = _as_steps(nodes[low:high] - parents.start)
                split = isinstance(rows, slice) and (high - low) * 2 <= block.count
                if split and (block.kind == CHANCE or block.branches == 2):
                    reach[id(block)] = rows
                    gains = True
                elif (high - low) * _SPARSE <= block.count:
                    return None  # a few scattered parents: node by node (see :meth:`_incremental`)
                else:
                    reach[id(block)] = None
            nodes = _distinct_sorted(_parents(self.flat, nodes))
        return (start, reach) if gains else None

    def _changed_only(self, options: Options) -> bool:
        """Whether a re-evaluation may roll back only the nodes whose values changed (see
        :meth:`_incremental`): expected values (a node's value is that of its children, node by
        node) in a tree without shared subtrees and with at most :data:`~.rules.SEQUENTIAL`
        branches per node (a block then gives the same numbers for any of its parents)."""
        return self._sparse and options.rule == "expected" and options.risk_tolerance is None

    def _plain(self, space: _Workspace, options: Options) -> bool:
        """Whether :mod:`.few` covers this call: where :meth:`_changed_only` allows, floats, one
        payoff column, one draw, branch payoffs, and no objective weights or forced choices."""
        return (
            self._changed_only(options)
            and not space.exact
            and space.value.shape[1:] == (1, 1)
            and options.weights is None
            and not options.fixed
            and options.branch_payoffs
        )

    def _narrow_top(self) -> tuple[int, list[Step], list[int]]:
        """The narrow levels at the top (at most :data:`_NARROW` parents each), rolled back node by
        node: the first of them, their steps, and where each one's steps begin."""
        found = self._cache.get("narrow top")
        if found is None:
            sizes = self.plan.sizes
            stop = len(sizes)
            while stop and sizes[stop - 1] <= _NARROW:
                stop -= 1
            begins = np.concatenate([[0], np.cumsum(sizes[stop:])]).astype(int).tolist()
            top = []
            if stop < len(sizes):
                nodes = np.concatenate(
                    [block.parent_array for level in self.plan.levels[stop:] for block in level]
                )
                top = self._steps(nodes)
            found = self._cache["narrow top"] = (stop, top, begins)
        return found  # type: ignore[no-any-return]

    def _steps(self, nodes: np.ndarray) -> list[Step]:
        """The steps of :func:`.few.roll` for the inner ``nodes``, children first."""
        paid = self._cache.get("paid nodes")
        if paid is None:
            paid = np.zeros(self.size, dtype=bool)
            for level in self.plan.levels:
                for block in level:
                    paid[block.parents] = block.paid
            self._cache["paid nodes"] = paid
        flat = self.flat
        order = np.sort(nodes)[::-1]  # breadth first: every child comes after its parent
        first = flat.start[order]
        parent = _parents(flat, order)
        row = np.searchsorted(self.plan.decisions, order)
        branches = flat.start[order + 1] - first
        return steps(order, flat.kind[order] == CHANCE, first, branches, paid[order], row, parent)

    def _few(self, space: _Workspace, options: Options, redone: list[int]) -> bool:
        """Roll back what the formulas ``redone`` reach node by node in plain floats (:mod:`.few`),
        where :meth:`_plain` allows and they are a few nodes; whether it was."""
        if not self._plain(space, options):
            return False
        key = ("few", tuple(redone))
        found = self._cache.get(key)
        if found is None:
            found = self._few_steps(redone) or ()  # () for too many
            if len(self._cache) < 256:
                self._cache[key] = found
        if not found:
            return False
        reachable, entered = found
        space.leave_copies()
        spread(reachable, entered, *space.flat_views(self))
        self._check_finite(space, options)
        return True

    def _few_steps(self, redone: list[int]) -> tuple[dict[int, Step], list[int]] | None:
        """The steps of :func:`.few.spread` for the nodes that the formulas ``redone`` may reach
        (their ways up to the root), by node, and the nodes they enter directly; ``None`` when
        those ways hold more than :data:`.few.LIMIT` nodes."""
        parts = [nodes for k in redone for _, nodes in self.slots.dirty(k)]
        nodes = _distinct(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.intp)
        entered = nodes.tolist()
        reached = [nodes]
        total = len(nodes)
        while len(nodes) and total <= LIMIT:
            nodes = _distinct_sorted(_parents(self.flat, nodes))
            nodes = nodes[nodes >= 0]
            reached.append(nodes)
            total += len(nodes)
        if total > LIMIT:
            return None
        return {step[0]: step for step in self._steps(_distinct(np.concatenate(reached)))}, entered

    def _forced(self, fixed: tuple[tuple[int, int], ...]) -> np.ndarray | None:
        if not fixed:
            return None
        forced = self._cache.get(("forced", fixed))
        if forced is None:
            forced = np.full(self.size, -1, dtype=np.intp)
            for node, position in fixed:
                forced[node] = position
            if len(self._cache) < 256:
                self._cache[("forced", fixed)] = forced
        return forced  # type: ignore[no-any-return]

    def _check_finite(self, space: _Workspace, options: Options) -> None:
        """Refuse values that overflowed float range anywhere (cheaply ruled out when payoffs are small);
        where branch payoffs were paid (rolled back), option values and sums along paths too; under
        objective weights, the weighted values that decisions compare."""
        depth = len(self.plan.levels) + 1
        bound = self._static_bound() + depth * space.largest_max
        weighed = options.weights is not None and bound * self._weight_norm(options.weights) >= 1e300
        value = space.value
        if bound >= 1e300 or weighed:
            value = space.current()
        if bound < 1e300 and not weighed:
            root = value[0]
            if math.isfinite(root.item(0)) if root.size == 1 else bool(np.isfinite(root).all()):
                return
        paid = options.branch_payoffs
        bad = ~np.isfinite(value).all(axis=(1, 2))
        if bad.any():
            node = int(np.flatnonzero(bad)[-1])
            raise ModelError(
                "values overflow float range (about 1.8e308) at this node; evaluate with exact=True",
                self.path(node),
            )
        if paid and bound >= 1e300:
            self._check_sums_along_paths(space)
        if weighed:
            self._check_weighed(space, options)

    def _weight_norm(self, weights: Any) -> float:
        """A bound on the sum of the absolute objective ``weights`` at any node, so on how much a
        weighted value may outgrow the values it weighs: the sum over payoff columns of each
        column's largest absolute weight, read without node-sized copies (at 1,048,575 nodes, new
        arrays for the rows' sums took a third of a first evaluation with two actors)."""
        key = ("weight norm", weights)
        found = self._cache.get(key)
        if found is None:
            table = self.weight_table[weights]
            columns = (table if table.dtype == float else table.astype(float)).T
            found = self._cache[key] = sum(
                max(float(c.max(initial=0.0)), -float(c.min(initial=0.0))) for c in columns
            )
        return found  # type: ignore[no-any-return]

    def _check_weighed(self, space: _Workspace, options: Options) -> None:
        """Refuse options whose weighted value (what a decision, or a chance node judging outcomes by the
        objective, compares) overflows float range though their values do not: the comparison of
        infinities would choose at random. Only where numbers are huge."""
        flat, value = self.flat, space.value
        totals = value[flat.child] + space.payoff if options.branch_payoffs else value[flat.child]
        owner = flat.edge_owner()
        compared = flat.kind[owner] != CHANCE
        if options.weights in self.judging and options.rule != "expected":
            compared[:] = True
        table = self.weight_table[options.weights].astype(float)
        with np.errstate(all="ignore"):
            score = np.einsum("ea,eak->ek", table[owner], totals.astype(float))
        bad = compared & ~np.isfinite(score).all(axis=1)
        if bad.any():
            raise ModelError(
                "the objective's weighted value of this option overflows float range (about 1.8e308), "
                "though its payoffs do not; evaluate with exact=True",
                self.path(int(flat.child[np.flatnonzero(bad)[0]])),
            )

    def _check_sums_along_paths(self, space: _Workspace) -> None:
        """Refuse options whose value (branch payoff plus the value below) and paths whose payoffs
        add up beyond float range, though the values of the nodes themselves do not (a decision
        may turn an overflowing option down): views show both. Only where numbers are huge."""
        flat, value, payoff = self.flat, space.value, space.payoff
        bad = ~np.isfinite(payoff + value[flat.child]).all(axis=(1, 2))
        if bad.any():
            raise ModelError(
                "this option's value (its branch payoff plus the value below) overflows float range "
                "(about 1.8e308); evaluate with exact=True",
                self.path(int(flat.child[np.flatnonzero(bad)[0]])),
            )
        # the highest and the lowest sum of branch payoffs from the root, over every way to each node
        high, low = np.full(value.shape, -np.inf), np.full(value.shape, np.inf)
        high[0] = low[0] = 0.0
        for level in reversed(self.plan.levels):  # parents before their children
            for block in level:
                above, edges = np.repeat(block.parent_array, block.branches), block.edge_array
                children = indices(block.children)
                np.maximum.at(high, children, high[above] + payoff[edges])
                np.minimum.at(low, children, low[above] + payoff[edges])
        terminals = self.plan.terminal_array
        high[terminals] += value[terminals]
        low[terminals] += value[terminals]
        bad = ~(np.isfinite(high) & np.isfinite(low)).all(axis=(1, 2))
        if bad.any():
            raise ModelError(
                "the payoffs along a way to this node add up beyond float range (about 1.8e308); "
                "evaluate with exact=True",
                self.path(int(np.flatnonzero(bad)[0])),
            )

    def _tie_limit(self, space: _Workspace) -> float:
        """Twice the widest tie margin of any option this call: options further apart never tie.

        From the bound on every rolled-back value that :meth:`_check_finite` uses.
        """
        bound = self._static_bound() + (len(self.plan.levels) + 1) * space.largest_max
        return 2 * TIE * max(bound, 1.0)

    def _static_bound(self) -> float:
        """A bound on the size of any rolled-back value from the model's plain numbers."""
        cached = self._cache.get("bound")
        if cached is None:
            depth = len(self.plan.levels) + 1
            cached = _largest(self.flat.own) + depth * _largest(self.flat.payoff)
            self._cache["bound"] = cached
        return cached  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ along paths

    def reach(self, rolled: Rolled) -> np.ndarray:
        """The probability (N, K) of passing through each node under the choices (summed over paths)."""
        probability, choice = rolled.probability, rolled.choice
        draws = probability.shape[1]
        exact = probability.dtype == object
        reach = np.zeros((self.size, draws), dtype=object if exact else float)
        if exact:
            reach[:] = Fraction(0)
        reach[0] = 1
        for level in reversed(self.plan.levels):
            for block in level:
                above = reach[block.parents][:, None, :]
                if block.kind == CHANCE:
                    below = above * probability[block.edges].reshape(block.count, block.branches, draws)
                else:
                    chosen = choice[block.rows]
                    taken = np.arange(block.branches)[None, :, None] == chosen[:, None, :]
                    below = np.where(taken, above, 0 * above)
                below = below.reshape(-1, draws)
                if self.flat.shared:
                    np.add.at(reach, self.flat.child[block.edges], below)
                else:
                    reach[block.children] = below
        return reach

    def totals(self, rolled: Rolled) -> np.ndarray:
        """The payoff (N, A, K) gathered on the path to each node, its own included (no shared subtrees)."""
        return self.path_totals(rolled.payoff, rolled.value)

    def path_totals(self, payoff: np.ndarray, value: np.ndarray) -> np.ndarray:
        """:meth:`totals` from branch payoffs (E, A, K) and values (N, A, K) whose terminal rows
        are the terminals' own payoffs (as :meth:`numbers` gives them): no rollback needed."""
        if self.flat.shared:
            raise ModelError("totals along paths need a tree without shared subtrees (use the expanded core)")
        total = np.zeros((self.size, *payoff.shape[1:]), dtype=payoff.dtype)
        if payoff.dtype == object:
            total[:] = Fraction(0)
        for level in reversed(self.plan.levels):
            for block in level:
                above = np.repeat(total[block.parents], block.branches, axis=0)
                total[block.children] = above + payoff[block.edges]
        terminals = self.plan.terminals
        total[terminals] = total[terminals] + value[terminals]
        return total


def _digits(numbers: np.ndarray) -> int:
    """The most decimal digits of a numerator or denominator among exact ``numbers`` (about)."""
    bits = max((max(x.numerator.bit_length(), x.denominator.bit_length()) for x in numbers.flat), default=0)
    return int(bits * math.log10(2)) + 1


def _largest(numbers: np.ndarray) -> float:
    """The largest size of ``numbers`` (0 for none), without a temporary array."""
    if not numbers.size:
        return 0.0
    return max(abs(float(numbers.max())), abs(float(numbers.min())))


def _members(nodes: np.ndarray, parents: slice | np.ndarray) -> np.ndarray:
    """The ``nodes`` (sorted) that are among ``parents``."""
    if isinstance(parents, slice):
        lo, hi = np.searchsorted(nodes, [parents.start, parents.stop])
        return nodes[lo:hi]  # type: ignore[no-any-return]
    return nodes[_among(nodes, parents)] if len(parents) else nodes[:0]


def _complement(probability: Any) -> Any:
    """``1 - probability`` in floats (a number or an array; checked to lie in [0, 1] within the
    tolerance), clipped to [0, 1] like every float COMPLEMENT."""
    if isinstance(probability, float):  # the same number without numpy's cost per call (np.float64 too)
        rest = 1.0 - probability
        return 0.0 if rest < 0.0 else 1.0 if rest > 1.0 else rest
    return _clipped(np.subtract(1.0, probability))


def _clipped(rest: Any) -> Any:
    """A float COMPLEMENT, ``1 -`` the sum of its siblings, clipped to [0, 1]: rounding may leave
    it a little outside (``1 - (0.1 + 0.2 + 0.7)`` is -1.1e-16), and the tolerance was checked."""
    return np.maximum(np.minimum(rest, 1.0), 0.0)


def _exact_complements(rest: np.ndarray) -> np.ndarray:
    """Exact COMPLEMENTs with float rounding taken out: those a little below 0 are 0 (see
    :func:`.rules.complement_dust`)."""
    dust = complement_dust(rest)
    if dust.any():
        rest = rest.copy()
        rest[dust] = Fraction(0)
    return rest


def _segment_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums over axis 0 of the consecutive segments of ``values`` beginning at ``starts``, each
    added up in order (segments of the same length together: ``reduceat`` is slow on columns).

    Segments of one length that lie next to each other are read through a view, without a
    copy (:func:`_by_length` orders segments so). Segments may be empty (they sum to 0);
    Fractions work too.

    >>> _segment_sums(np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), np.array([0, 2, 4, 4])).tolist()
    [3.0, 7.0, 0.0, 11.0]
    """
    sums = np.zeros((len(starts), *values.shape[1:]), dtype=values.dtype)
    if values.dtype == object:
        sums[:] = Fraction(0)
    if not len(starts):
        return sums
    lengths = np.diff(starts, append=len(values))
    for length in _distinct(lengths):
        length = int(length)
        if not length:
            continue
        segments = np.flatnonzero(lengths == length)
        first, count = int(segments[0]), len(segments)
        if int(segments[-1]) - first + 1 == count:  # next to each other: a view
            start = int(starts[first])
            parts = values[start : start + count * length].reshape(count, length, *values.shape[1:])
            where: Any = slice(first, first + count)
        else:
            parts = values[starts[segments][:, None] + np.arange(length)]  # (n, length, ...)
            where = segments
        total = sums[where]
        for k in range(length):
            total += parts[:, k]
        sums[where] = total
    return sums


def _among(values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of ``values`` (node or edge numbers, not negative) are in ``wanted`` (sorted, not
    empty): through a table of flags where that is no larger than a few times ``values`` (the
    siblings of every COMPLEMENT of a large tree: a tenth of the time), else by binary search.
    Numpy's ``isin`` costs 20 ms on its first call.

    >>> _among(np.array([3, 1, 4]), np.array([1, 4])).tolist()
    [False, True, True]
    >>> _among(np.arange(100), np.array([-1])).any()
    np.False_
    """
    top = int(wanted[-1])
    if len(values) >= 1024 and wanted[0] >= 0 and top < 4 * len(values):
        table = np.zeros(top + 2, dtype=bool)
        table[wanted] = True
        return table[np.minimum(values, top + 1)]  # type: ignore[no-any-return]
    return wanted[np.minimum(np.searchsorted(wanted, values), len(wanted) - 1)] == values  # type: ignore[no-any-return]


def _segments_holding(members: np.ndarray, starts: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of the segments of ``members`` (the ``i``-th begins at ``starts[i]``; one may be
    empty) hold one of ``wanted`` (sorted, not empty).

    >>> _segments_holding(np.array([5, 6, 7, 8]), np.array([0, 2, 2, 3]), np.array([7])).tolist()
    [False, False, True, False]
    """
    found = np.add.reduceat(np.append(_among(members, wanted).astype(np.intp), 0), starts) > 0
    return found & (np.diff(starts, append=len(members)) > 0)  # type: ignore[no-any-return]


def _chosen_segments(
    plan: tuple[np.ndarray, np.ndarray, np.ndarray], chosen: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The segments ``chosen`` (booleans) of ``plan`` (heads, the members of their segments, where
    each segment begins), in the same order.

    >>> _chosen_segments((np.array([0, 1]), np.array([5, 6, 7]), np.array([0, 2])), np.array([False, True]))
    (array([1]), array([7]), array([0]))
    """
    heads, members, starts = plan
    lengths = np.diff(starts, append=len(members))
    kept = lengths[chosen]
    kept_starts = np.zeros(len(kept), dtype=np.intp)
    np.cumsum(kept[:-1], out=kept_starts[1:])
    return heads[chosen], members[np.repeat(chosen, lengths)], kept_starts


def _by_length(
    edges: np.ndarray, siblings: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The same segments (``edges[i]``'s siblings: ``siblings[starts[i]:starts[i + 1]]``) ordered
    by their length, so that :func:`_segment_sums` reads each length through one view."""
    lengths = np.diff(starts, append=len(siblings))
    if not len(edges) or bool((lengths == lengths[0]).all()):
        return edges, siblings, starts
    order = np.argsort(lengths, kind="stable")
    new_lengths = lengths[order]
    new_starts = np.zeros(len(order), dtype=np.intp)
    np.cumsum(new_lengths[:-1], out=new_starts[1:])
    rows = np.repeat(starts[order] - new_starts, new_lengths) + np.arange(len(siblings))
    return edges[order], siblings[rows], new_starts


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
    if type(old) is float and type(new) is float:
        return old == new
    if np.ndim(old) == 0 and np.ndim(new) == 0:
        return bool(old == new)
    return np.ndim(old) == np.ndim(new) and bool(np.array_equal(old, new))


def _show(number: Any) -> str:
    if isinstance(number, Fraction):
        return exact_text(number)
    return f"{float(number):.10g}"


def compile_tree(tree: Tree) -> Compiled:
    """The compiled form of ``tree``, built once and cached on the (immutable) tree."""
    cache = tree._cache
    core = cache.get("core")
    if core is None:
        core = cache["core"] = Compiled(tree)
    return core  # type: ignore[no-any-return]


def expanded_core(tree: Tree) -> Compiled:
    """The compiled form of ``tree`` path by path: node ``i`` is node ``i`` of ``tree.index``.

    The same as :func:`compile_tree` when no subtree is shared; otherwise every
    place a shared subtree is used gets its own nodes (what path-dependent
    results need: totals along paths, scenarios, utilities other than the
    exponential). :class:`~decisiontree.errors.TooLargeError` beyond
    :data:`~decisiontree.model.MAX_SHARED_PATHS` nodes.
    """
    if not tree.flat.shared:
        return compile_tree(tree)
    cache = tree._cache
    core = cache.get("expanded core")
    if core is None:
        core = cache["expanded core"] = Compiled(tree, _expanded_flat(tree))
    return core  # type: ignore[no-any-return]


def _expanded_flat(tree: Tree) -> FlatTree:
    flat, index = tree.flat, tree.index
    distinct = np.asarray(index.distinct, dtype=np.intp)
    parent = np.asarray(index.parent, dtype=np.intp)
    position = np.asarray(index.position, dtype=np.intp)
    size = len(distinct)
    degree = np.diff(flat.start)[distinct]
    start = np.zeros(size + 1, dtype=np.intp)
    np.cumsum(degree, out=start[1:])
    child = np.arange(1, size, dtype=np.intp)
    edge_map = flat.start[distinct[parent[1:]]] + position[1:]  # expanded edge -> distinct edge
    edges_of: dict[int, list[int]] = {}
    for expanded_edge, edge in enumerate(edge_map.tolist()):
        edges_of.setdefault(edge, []).append(expanded_edge)
    nodes_of: dict[int, list[int]] = {}
    for place, node in enumerate(distinct.tolist()):
        nodes_of.setdefault(node, []).append(place)

    def rows(family: int, row: int) -> list[int]:
        return nodes_of.get(row, []) if family == 2 else edges_of.get(row, [])

    slots = [(f, r, c, k) for f, row, c, k in flat.slots.tolist() for r in rows(f, row)]
    oversized = tuple((f, r, c) for f, row, c in flat.oversized for r in rows(f, row))
    complements = np.asarray(
        [e for edge in flat.complements.tolist() for e in edges_of.get(edge, [])], dtype=np.intp
    )
    checks = tuple(p for node in flat.sum_checks for p in nodes_of.get(node, []))
    return FlatTree(
        nodes=index.nodes,
        kind=flat.kind[distinct],
        start=start,
        child=child,
        probability=flat.probability[edge_map],
        payoff=flat.payoff[edge_map],
        own=flat.own[distinct],
        owner=flat.owner[distinct],
        actors=flat.actors,
        formulas=flat.formulas,
        slots=np.asarray(slots, dtype=np.int64).reshape(-1, 4),
        complements=np.sort(complements),
        sum_checks=tuple(sorted(checks)),
        oversized=oversized,
        shared=False,
    )
