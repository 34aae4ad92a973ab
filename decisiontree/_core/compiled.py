"""The compiled form of a tree and its rollback: the one vectorised numeric core.

:func:`compile_tree` turns the flat arrays that validation wrote
(:class:`~decisiontree.model.FlatTree`) into a rollback plan and a table of
the few slots that hold formulas. Every evaluation then

1. fills a *workspace* — probability, payoff and value arrays kept per thread
   and per number of draws ``K``, holding the model's plain numbers once — by
   writing only the formula slots and the ``COMPLEMENT``s that depend on them;
2. rolls values back level by level, block by block (sums of probability times
   value at chance nodes, the first best option at decisions), in place.

Re-evaluating with new parameter values redoes only the levels from the
deepest one a changed parameter reaches. Exact arithmetic runs the same code
on ``object`` arrays of :class:`fractions.Fraction`, built only when asked for.

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

import threading
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from ..errors import ModelError, NotRationalError
from ..formulas import Formula, NotExactError
from ..model import CHANCE, FlatTree, Tree
from ..number import as_fraction, exact_text
from ..values import COMPLEMENT, Payoffs
from .plan import Block, Plan, build_plan

__all__ = ["FLOAT_TOLERANCE", "RULES", "TIE", "Compiled", "Options", "Rolled", "compile_tree"]

FLOAT_TOLERANCE = 1e-9
"""Float probabilities may miss 0, 1 or a sum of 1 by this much."""
TIE = 1e-12
"""Relative margin within which float values count as tied (the first branch wins)."""
RULES = ("expected", "maxi-min", "maxi-max", "mini-min", "mini-max")
"""Decision rules: expected value, or a non-probabilistic rule (decisions max or min, chance min or max)."""

_RULE_SIGNS = {
    "expected": (1, 0),
    "maxi-min": (1, -1),
    "maxi-max": (1, 1),
    "mini-min": (-1, -1),
    "mini-max": (-1, 1),
}
"""rule -> (decisions maximise 1 / minimise -1, chance nodes: 0 expectation, -1 worst (min), 1 best (max))."""


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

    value: np.ndarray
    choice: np.ndarray
    probability: np.ndarray
    payoff: np.ndarray


class _Slots:
    """The formula slots of one tree: per distinct formula, where it goes and the lowest level it touches."""

    def __init__(self, flat: FlatTree, edge_level: np.ndarray) -> None:
        grouped: dict[Formula, dict[tuple[int, int], list[int]]] = {}
        for family, row, column, formula in flat.formulas:
            grouped.setdefault(formula, {}).setdefault((family, column), []).append(row)
        self.formulas: tuple[Formula, ...] = tuple(grouped)
        self.targets: tuple[tuple[tuple[int, int, np.ndarray], ...], ...] = tuple(
            tuple(
                (family, column, np.asarray(rows, dtype=np.intp)) for (family, column), rows in places.items()
            )
            for places in grouped.values()
        )
        self.level: tuple[int, ...] = tuple(
            min(int(edge_level[rows].min()) if family != 2 else 0 for family, _, rows in targets)
            for targets in self.targets
        )


class _Workspace:
    """Arrays for ``K`` draws of one thread: numbers of the model written once, formulas per call."""

    def __init__(self, core: Compiled, draws: int, exact: bool) -> None:
        flat = core.flat
        self.draws = draws
        self.exact = exact
        if exact:
            probability, payoff, own = core.exact_numbers()
        else:
            probability, payoff, own = core.float_numbers()
        dtype = object if exact else float
        shape = (core.size, core.width, draws)
        self.probability = np.empty((len(flat.child), draws), dtype=dtype)
        self.probability[:] = probability[:, None]
        self.payoff = np.empty((*payoff.shape, draws), dtype=dtype)
        self.payoff[:] = payoff[:, :, None]
        self.value = np.zeros(shape, dtype=dtype) if not exact else np.full(shape, Fraction(0), dtype=object)
        terminals = core.plan.terminal_array
        self.value[terminals] = own[terminals][:, :, None]
        self.choice = np.full((len(core.plan.decisions), draws), -1, dtype=np.intp)
        self.last: dict[str, Any] | None = None
        self.options: Options | None = None
        self.largest = np.zeros(len(core.slots.formulas))
        """The largest size of each formula's value in the last call (to bound overflow)."""


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
        paid = np.asarray(flat.payoff.any(axis=1), dtype=bool)
        for family, row, _, _ in flat.formulas:
            if family == 1:
                paid[row] = True
        self.plan: Plan = build_plan(flat, paid)
        edge_level = np.zeros(len(flat.child), dtype=np.intp)
        for level in self.plan.levels:
            for block in level:
                edge_level[block.edge_array] = block.level
        self.edge_level = edge_level
        self.slots = _Slots(flat, edge_level)
        self.parameters = tuple(p.name for p in tree.parameters)
        self.derived = {p.name: p.value for p in tree.parameters if isinstance(p.value, Formula)}
        self.derived_order = tree.derived_order
        self._complements = self._complement_plan()
        self._sum_checks = self._sum_plan()
        self._local = _Local()
        self._lock = threading.Lock()
        self._cache: dict[Any, Any] = {}
        self.weight_table: dict[Any, np.ndarray] = {}

    # ------------------------------------------------------------------ structure

    def path(self, node: int) -> tuple[str, ...]:
        """A path to ``node`` (the path, when no subtree is shared)."""
        if not self.flat.shared:
            return self.tree.index.path(node)
        return self.flat.path(node)

    def branch_of_edge(self, edge: int) -> Any:
        return self.flat.branch(edge)

    def _complement_plan(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For every COMPLEMENT: its edge, its siblings' edges, and whether any sibling is a formula."""
        flat = self.flat
        formula_edges = {row for family, row, _, f in flat.formulas if family == 0 and f.names}
        edges: list[int] = []
        siblings: list[int] = []
        starts: list[int] = []
        symbolic: list[bool] = []
        owner = np.searchsorted(flat.start, flat.complements, side="right") - 1
        for edge, node in zip(flat.complements.tolist(), owner.tolist(), strict=True):
            others = [e for e in range(int(flat.start[node]), int(flat.start[node + 1])) if e != edge]
            edges.append(edge)
            starts.append(len(siblings))
            siblings.extend(others)
            symbolic.append(any(e in formula_edges for e in others))
        return (
            np.asarray(edges, dtype=np.intp),
            np.asarray(siblings, dtype=np.intp),
            np.asarray(starts, dtype=np.intp),
            np.asarray(symbolic, dtype=bool),
        )

    def _sum_plan(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        nodes = np.asarray(self.flat.sum_checks, dtype=np.intp)
        edges = [np.arange(self.flat.start[n], self.flat.start[n + 1]) for n in nodes]
        lengths = [len(e) for e in edges]
        starts = (
            np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.intp)
            if lengths
            else np.zeros(0, np.intp)
        )
        return nodes, (np.concatenate(edges) if edges else np.zeros(0, np.intp)), starts

    # ------------------------------------------------------------------ numbers

    def float_numbers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's plain numbers as floats: probability (E,), payoff (E, A), own (N, A).

        Constant COMPLEMENTs are filled in.
        """
        cached = self._cache.get("float")
        if cached is None:
            flat = self.flat
            probability = flat.probability.copy()
            edges, siblings, starts, symbolic = self._complements
            constant = ~symbolic
            if constant.any():
                rest = 1 - _segment_sums(probability[siblings], starts)[constant]
                self._check_range(rest, edges[constant], FLOAT_TOLERANCE)
                probability[edges[constant]] = np.clip(rest, 0.0, 1.0)
            cached = (probability, flat.payoff, flat.own)
            self._cache["float"] = cached
        return cached  # type: ignore[no-any-return]

    def exact_numbers(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The model's plain numbers as Fractions (floats at their decimal value), built on first use."""
        cached = self._cache.get("exact")
        if cached is None:
            flat = self.flat
            width = self.width
            probability = np.full(len(flat.child), Fraction(0), dtype=object)
            payoff = np.full((len(flat.child), width), Fraction(0), dtype=object)
            own = np.full((self.size, width), Fraction(0), dtype=object)
            formula_slots = {(family, row, column) for family, row, column, f in flat.formulas}
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
            for family, row, column, formula in flat.formulas:
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
            edges, siblings, starts, symbolic = self._complements
            constant = np.flatnonzero(~symbolic)
            rest = 1 - _segment_sums(probability[siblings], starts)[constant]
            for k, number in zip(constant.tolist(), rest.tolist(), strict=True):
                if not 0 <= number <= 1:
                    self._range_error(number, int(edges[k]))
            probability[edges[constant]] = rest
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
        out: dict[str, Any] = {}
        for parameter in self.tree.parameters:
            if parameter.name in self.derived:
                continue
            given = values.get(parameter.name, parameter.value)
            out[parameter.name] = as_fraction(given) if exact else given
        if not exact:
            for name, value in list(out.items()):
                if type(value) is not float and np.ndim(value) == 0:
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

    # ------------------------------------------------------------------ resolving

    def _workspace(self, draws: int, exact: bool) -> _Workspace:
        spaces = self._local.workspaces
        space = spaces.get((draws, exact))
        if space is None:
            if len(spaces) > 4:
                spaces.pop(next(iter(spaces)))
            space = spaces[(draws, exact)] = _Workspace(self, draws, exact)
        return space

    def _resolve(self, space: _Workspace, values: Mapping[str, Any]) -> int:
        """Write the formula slots into ``space``; the lowest level whose values changed.

        Only formulas whose parameters changed since the workspace's last
        call are computed again (all of them on its first call).
        """
        last, space.last = space.last, None  # invalid until this call succeeds
        first = last is None or last.keys() != values.keys()
        changed: set[str] | None = None
        if not first:
            assert last is not None
            changed = {name for name, value in values.items() if not _same(last[name], value)}
        lowest = 0 if first else len(self.plan.levels)
        probabilities = False
        for k, formula in enumerate(self.slots.formulas):
            names = formula.names
            if not names:
                continue  # constant formulas are part of the workspace's numbers
            if changed is not None:
                if not (names & changed):
                    continue
                lowest = min(lowest, self.slots.level[k])
            number = self._formula_value(formula, values, space.exact, k)
            for family, column, rows in self.slots.targets[k]:
                if family == 0:
                    self._check_probability(number, rows, space.exact)
                    space.probability[rows] = number
                    probabilities = True
                elif family == 1:
                    space.payoff[rows, column] = number
                else:
                    space.value[rows, column] = number
            if not space.exact:
                space.largest[k] = float(np.max(np.abs(number)))
        if first or probabilities:
            self._resolve_complements(space)
            self._check_sums(space)
        space.last = dict(values)
        return lowest

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
        with np.errstate(all="ignore"):
            number = formula.compile()(values)
        if not np.all(np.isfinite(number)):
            raise ModelError(
                f"{formula} is not a finite number at these parameter values", self._formula_path(k)
            )
        return number

    def _formula_path(self, k: int) -> tuple[str, ...]:
        family, _, rows = self.slots.targets[k][0]
        return self._slot_path(family, int(rows[0]))

    def _check_probability(self, number: Any, rows: np.ndarray, exact: bool) -> None:
        tolerance = 0 if exact else FLOAT_TOLERANCE
        array = np.asarray(number)
        bad = not 0 <= number <= 1 if exact else bool(array.min() < -tolerance or array.max() > 1 + tolerance)
        if bad:
            values = array.reshape(-1)
            shown = (
                values[np.argmax((values < -tolerance) | (values > 1 + tolerance))] if not exact else number
            )
            self._range_error(shown, int(rows[0]))

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

    def _resolve_complements(self, space: _Workspace) -> None:
        edges, siblings, starts, symbolic = self._complements
        if not symbolic.any():
            return
        chosen = np.flatnonzero(symbolic)
        probability = space.probability
        rest = 1 - _segment_sums(probability[siblings], starts)[chosen]
        tolerance = 0 if space.exact else FLOAT_TOLERANCE
        bad = (rest < -tolerance) | (rest > 1 + tolerance)
        if bad.any():
            row, column = np.argwhere(bad)[0]
            self._range_error(rest[row, column], int(edges[chosen[row]]))
        probability[edges[chosen]] = rest if space.exact else np.clip(rest, 0.0, 1.0)

    def _check_sums(self, space: _Workspace) -> None:
        nodes, edges, starts = self._sum_checks
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
    ) -> Rolled:
        """Resolve ``values`` (from :meth:`parameter_values`) and roll back under ``options``.

        ``forced`` (N,) fixes the branch position at decisions (-1 leaves them
        free) and ``own`` (N, A, K) replaces the terminals' values (utilities);
        either one, or ``fresh=True``, computes in new arrays that the caller
        may keep. Otherwise the arrays belong to this thread's workspace and
        the next call overwrites them: copy what you keep.
        """
        if not exact:
            self.check_float_range()
        draws = 1
        for value in values.values():
            if np.ndim(value):
                draws = len(value)
                break
        if fresh or forced is not None or own is not None:
            space = _Workspace(self, draws, exact)
            self._resolve(space, values)
            if own is not None:
                terminals = self.plan.terminal_array
                space.value[terminals] = own[terminals]
                space.largest[:] = np.abs(own).max(initial=0.0)
            self._rollback(space, options, 0, forced)
            return Rolled(space.value, space.choice, space.probability, space.payoff)
        space = self._workspace(draws, exact)
        start = self._resolve(space, values)
        if space.options != options:
            start = 0
        space.options = None  # invalid while rolling back (an error would leave it half done)
        if start == 0 and draws > 1:
            start = self._share_draw_free_levels(space, values, options, exact)
        self._rollback(space, options, start)
        space.options = options
        return Rolled(space.value, space.choice, space.probability, space.payoff)

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
        space.value[:] = one.value
        space.choice[:] = one.choice
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
        self._resolve(space, values)
        return space.probability, space.payoff, space.value

    def _rollback(
        self, space: _Workspace, options: Options, start: int, forced: np.ndarray | None = None
    ) -> None:
        value, choice = space.value, space.choice
        exact = space.exact
        weights = None if options.weights is None else self.weight_table[options.weights]
        if forced is None:
            forced = self._forced(options.fixed)
        maximise, chance_rule = _RULE_SIGNS[options.rule]
        tolerance = options.risk_tolerance
        with np.errstate(over="ignore", invalid="ignore"):
            for level in self.plan.levels[start:]:
                for block in level:
                    contribution = value[block.children]
                    if options.branch_payoffs and block.paid:
                        contribution = contribution + space.payoff[block.edges]
                    shape = (block.count, block.branches, *contribution.shape[1:])
                    if block.kind == CHANCE:
                        probability = space.probability[block.edges]
                        judge = None if weights is None or not chance_rule else weights[block.parent_array]
                        value[block.parents] = _chance(
                            contribution, probability, shape, chance_rule, tolerance, judge
                        )
                    else:
                        first = _decide(contribution, shape, weights, block, maximise, exact)
                        if forced is not None:
                            rows = forced[block.parent_array]
                            if (rows >= 0).any():
                                first = np.where((rows < 0)[:, None], first, rows[:, None])
                        value[block.parents] = _take(contribution.reshape(shape), first)
                        choice[self.plan.decision_row[block.parent_array]] = first
        if not exact:
            self._check_finite(space)

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

    def _check_finite(self, space: _Workspace) -> None:
        """Refuse values that overflowed float range anywhere (cheaply ruled out when payoffs are small)."""
        depth = len(self.plan.levels) + 1
        bound = self._static_bound() + depth * float(space.largest.max(initial=0.0))
        value = space.value
        if bound < 1e300 and np.all(np.isfinite(value[0])):
            return
        bad = ~np.isfinite(value).all(axis=(1, 2))
        if bad.any():
            node = int(np.flatnonzero(bad)[-1])
            raise ModelError(
                "values overflow float range (about 1.8e308) at this node; evaluate with exact=True",
                self.path(node),
            )

    def _static_bound(self) -> float:
        """A bound on the size of any rolled-back value from the model's plain numbers."""
        cached = self._cache.get("bound")
        if cached is None:
            _probability, payoff, own = self.float_numbers()
            depth = len(self.plan.levels) + 1
            cached = float(np.abs(own).max(initial=0.0)) + depth * float(np.abs(payoff).max(initial=0.0))
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
                    chosen = choice[self.plan.decision_row[block.parent_array]]
                    taken = np.arange(block.branches)[None, :, None] == chosen[:, None, :]
                    below = np.where(taken, above, 0 * above)
                below = below.reshape(-1, draws)
                if self.flat.shared:
                    np.add.at(reach, self.flat.child[block.edge_array], below)
                else:
                    reach[block.children] = below
        return reach

    def totals(self, rolled: Rolled) -> np.ndarray:
        """The payoff (N, A, K) gathered on the path to each node, its own included (no shared subtrees)."""
        if self.flat.shared:
            raise ModelError("totals along paths need a tree without shared subtrees (use the expanded core)")
        payoff = rolled.payoff
        total = np.zeros((self.size, *payoff.shape[1:]), dtype=payoff.dtype)
        if payoff.dtype == object:
            total[:] = Fraction(0)
        for level in reversed(self.plan.levels):
            for block in level:
                above = np.repeat(total[block.parents], block.branches, axis=0)
                total[block.children] = above + payoff[block.edges]
        terminals = self.plan.terminal_array
        own = rolled.value[terminals]
        total[terminals] = total[terminals] + own
        return total


def _chance(
    contribution: np.ndarray,
    probability: np.ndarray,
    shape: tuple[int, ...],
    rule: int,
    tolerance: float | None,
    judge: np.ndarray | None = None,
) -> np.ndarray:
    """The value of chance nodes: expectation, worst or best outcome, or a certainty equivalent.

    Under a worst or best outcome rule, ``judge`` (P, A) scores the outcomes of
    per-actor payoffs where a row is not zero: the node takes the whole payoff
    of its worst (best) possible outcome by that score, the first on ties; a
    zero row (or none) takes each payoff key's own worst (best).
    """
    values = contribution.reshape(shape)
    weights = probability.reshape(shape[0], shape[1], 1, shape[-1])
    if rule == 0 and tolerance is None:
        if shape[1] == 2:
            return weights[:, 0] * values[:, 0] + weights[:, 1] * values[:, 1]  # type: ignore[no-any-return]
        return (weights * values).sum(axis=1)  # type: ignore[no-any-return]
    # Outcomes of probability 0 are ignored; in floats, so is the dust rounding leaves where the
    # probability is 0 exactly (0.1 + 0.2 + 0.7 leaves 1.1e-16 for a complement).
    possible: np.ndarray = np.asarray(weights > (0 if values.dtype == object else FLOAT_TOLERANCE))
    if rule != 0 and judge is not None and judge.any():
        scored = np.asarray(judge.any(axis=1))
        picked = _pick_outcome(values, possible[:, :, 0, :], judge, rule)
        if scored.all():
            return picked
        return np.where(scored[:, None, None], picked, _chance(contribution, probability, shape, rule, None))
    if rule != 0:
        if values.dtype == object:
            pick = max if rule > 0 else min
            out = np.empty((shape[0], *shape[2:]), dtype=object)
            for p, a, k in np.ndindex(*out.shape):
                out[p, a, k] = pick(values[p, b, a, k] for b in range(shape[1]) if possible[p, b, 0, k])
            return out
        masked = np.where(possible, values, -np.inf if rule > 0 else np.inf)
        return masked.max(axis=1) if rule > 0 else masked.min(axis=1)  # type: ignore[no-any-return]
    assert tolerance is not None
    lowest = np.where(possible, values, np.inf).min(axis=1, keepdims=True)
    shifted = np.exp(-(values - lowest) / tolerance)
    total = (np.where(possible, weights * shifted, 0.0)).sum(axis=1)
    return lowest[:, 0] - tolerance * np.log(total)  # type: ignore[no-any-return]


def _pick_outcome(values: np.ndarray, possible: np.ndarray, judge: np.ndarray, rule: int) -> np.ndarray:
    """The payoff (P, A, K) of each chance node's worst (``rule`` < 0) or best possible outcome by
    ``judge`` (P, A) weights; ``values`` (P, B, A, K), ``possible`` (P, B, K); the first on ties."""
    score = (values * judge[:, None, :, None]).sum(axis=2)  # (P, B, K)
    if values.dtype == object:
        first = np.zeros((score.shape[0], score.shape[2]), dtype=np.intp)
        pick = max if rule > 0 else min
        for p, k in np.ndindex(*first.shape):
            candidates = [b for b in range(score.shape[1]) if possible[p, b, k]]
            best = pick(score[p, b, k] for b in candidates)
            first[p, k] = next(b for b in candidates if score[p, b, k] == best)
    else:
        masked = np.where(possible, score, -np.inf if rule > 0 else np.inf)
        first = masked.argmax(axis=1) if rule > 0 else masked.argmin(axis=1)
    return _take(values, first)


def _decide(
    contribution: np.ndarray,
    shape: tuple[int, ...],
    weights: np.ndarray | None,
    block: Block,
    maximise: int,
    exact: bool,
) -> np.ndarray:
    """The position (P, K) of the first best option at each decision of the block."""
    values = contribution.reshape(shape)  # (P, B, A, K)
    if weights is None:
        score = values[:, :, 0, :]
    else:
        rows = weights[block.parent_array]  # (P, A)
        score = (values * rows[:, None, :, None]).sum(axis=2)
    if maximise < 0:
        score = -score
    best = score.max(axis=1, keepdims=True)
    if exact:
        return np.asarray((score == best).argmax(axis=1))
    margin = np.abs(best)
    np.maximum(margin, 1.0, out=margin)
    threshold = best - TIE * margin
    if shape[1] == 2:
        return np.asarray(score[:, 0] < threshold[:, 0], dtype=np.intp)
    return np.asarray((score >= threshold).argmax(axis=1))


def _take(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """``values[p, first[p, k], :, k]`` for every parent ``p`` and draw ``k``: shape (P, A, K)."""
    if values.shape[1] == 2 and values.dtype != object:
        return np.where(first[:, None, :] == 1, values[:, 1], values[:, 0])
    index = np.broadcast_to(first[:, None, None, :], (values.shape[0], 1, values.shape[2], values.shape[3]))
    return np.take_along_axis(values, index, axis=1)[:, 0]


def _segment_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sums over axis 0 of the consecutive segments of ``values`` beginning at ``starts``.

    Segments may be empty (they sum to 0); Fractions work too.
    """
    zero = np.zeros((1, *values.shape[1:]), dtype=values.dtype)
    if values.dtype == object:
        zero[:] = Fraction(0)
    if not len(starts):
        return zero[:0]
    padded = np.concatenate([values, zero])  # so that a segment may start at the end
    sums = np.add.reduceat(padded, starts, axis=0)
    sums[np.diff(np.append(starts, len(values))) == 0] = zero[0]
    return sums


def _same(old: Any, new: Any) -> bool:
    if old is new:
        return True
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
    :data:`~decisiontree.model.MAX_PATHS` nodes.
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

    formulas = tuple((f, r, c, formula) for f, row, c, formula in flat.formulas for r in rows(f, row))
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
        formulas=formulas,
        complements=np.sort(complements),
        sum_checks=tuple(sorted(checks)),
        oversized=oversized,
        shared=False,
    )
