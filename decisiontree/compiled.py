"""The flat-array form of a tree: one vectorised numeric core for every algorithm.

Nodes are numbered breadth first (the order of :class:`~decisiontree.model.NodeIndex`),
so the children of each node are one contiguous *segment* of the arrays, and the
segments of one depth are contiguous too. Rollback runs level by level from
the deepest up, with ``numpy`` ``reduceat`` over segments: sums at chance
nodes, first maximum at decision nodes.

Values carry two trailing axes: ``A`` payoff components (1 for scalar payoffs,
one per actor or criterion otherwise) and ``K`` draws (1 for a single
evaluation, many for sweeps and Monte Carlo). Exact arithmetic uses the same
code on ``object`` arrays of :class:`fractions.Fraction`.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=3)),
...                                  dt.Branch("b", dt.Terminal("B", payoff=5))]))
>>> core = compile_tree(tree)
>>> arrays = core.resolve({})
>>> float(core.rollback(arrays).value[0, 0, 0])
5.0
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import sympy

from .errors import ModelError, NotRationalError
from .expressions import rational, symbol
from .model import Chance, Decision, Terminal, Tree
from .numeric import evaluate_expression
from .values import COMPLEMENT, Payoffs, as_fraction

__all__ = ["Arrays", "CompiledTree", "Rollback", "compile_tree"]

TERMINAL, CHANCE, DECISION = 0, 1, 2
FLOAT_TOLERANCE = 1e-9
"""Float probabilities may miss 0, 1 or a sum of 1 by this much."""
_TIE = 1e-12
"""Relative margin within which float values count as tied (the first branch wins)."""

_KINDS = {Terminal: TERMINAL, Chance: CHANCE, Decision: DECISION}


@attrs.frozen(eq=False)
class _Slots:
    """Values of one kind (probabilities, branch payoffs or own payoffs), shape (M, A).

    Plain numbers sit in ``constant``; each distinct expression lists the flat
    positions (``row * A + component``) it fills.
    """

    raw: list[Any]
    width: int
    constant: np.ndarray
    expressions: tuple[sympy.Expr, ...]
    positions: tuple[np.ndarray, ...]

    @classmethod
    def build(cls, raw: list[Any], actors: tuple[str, ...]) -> _Slots:
        width = max(1, len(actors))
        if width == 1:
            try:
                constant = np.array(raw, dtype=float).reshape(-1, 1)
                return cls(raw, 1, constant, (), ())
            except (TypeError, ValueError):
                pass
        constant = np.zeros((len(raw), width))
        found: dict[sympy.Expr, list[int]] = {}
        for row, value in enumerate(raw):
            items = value.values() if type(value) is Payoffs else (value,)
            for component, item in enumerate(items):
                if isinstance(item, sympy.Expr) and item.free_symbols:
                    found.setdefault(item, []).append(row * width + component)
                elif item != 0:
                    constant[row, component] = float(item)
        positions = tuple(np.array(p, dtype=np.intp) for p in found.values())
        return cls(raw, width, constant, tuple(found), positions)

    def exact_constant(self, actors: tuple[str, ...], core: CompiledTree) -> np.ndarray:
        """The plain numbers as Fractions; an irrational one is a ModelError naming its node."""
        out = np.full((len(self.raw), self.width), Fraction(0), dtype=object)
        for row, value in enumerate(self.raw):
            items = [value[a] for a in actors] if type(value) is Payoffs else [value]
            for component, item in enumerate(items):
                if not (isinstance(item, sympy.Expr) and item.free_symbols):
                    try:
                        out[row, component] = as_fraction(item)
                    except ValueError:
                        raise NotRationalError(str(item), core.path(row)) from None
        return out


@attrs.frozen(eq=False)
class Arrays:
    """Resolved numbers: ``probability`` (N, K), ``payoff`` and ``own`` (N, A, K).

    ``probability[i]`` and ``payoff[i]`` belong to the branch into node ``i``
    (probability 0 below decisions); ``own[i]`` is a terminal's own payoff.
    """

    probability: np.ndarray
    payoff: np.ndarray
    own: np.ndarray


@attrs.frozen(eq=False)
class Rollback:
    """The outcome of a rollback: ``value`` (N, A, K) and ``choice`` (N, K).

    ``value[i]`` is what is still to come at node ``i``; ``choice[i]`` is the
    position of the branch chosen at decision ``i`` (-1 elsewhere).
    """

    value: np.ndarray
    choice: np.ndarray


@attrs.frozen(eq=False)
class _Level:
    """The children at one depth (``lo:hi``) and the segments their parents form."""

    lo: int
    hi: int
    starts: np.ndarray
    segment: np.ndarray
    rows: np.ndarray
    chance: np.ndarray
    chance_parents: np.ndarray | None
    decision_parents: np.ndarray | None
    uniform: int
    """The number of branches of every parent at this depth, or 0 if they differ."""
    has_payoff: bool
    """Whether any branch into this depth may carry a payoff."""

    @classmethod
    def build(cls, core: CompiledTree, paid: np.ndarray, lo: int, hi: int, s0: int, s1: int) -> _Level:
        """``paid`` marks the nodes whose incoming branch may carry a payoff."""
        parents = core.seg_parent[s0:s1]
        chance = core.kind[parents] == CHANCE
        lengths = core.seg_len[s0:s1]
        return cls(
            lo=lo,
            hi=hi,
            starts=core.seg_start[s0:s1] - lo,
            segment=core.seg_of[lo:hi] - s0,
            rows=np.arange(hi - lo)[:, None],
            chance=chance,
            chance_parents=parents[chance] if chance.any() else None,
            decision_parents=parents[~chance] if not chance.all() else None,
            uniform=int(lengths[0]) if lengths.min() == lengths.max() else 0,
            has_payoff=bool(paid[lo:hi].any()),
        )


@attrs.frozen(eq=False)
class CompiledTree:
    """A tree as flat arrays, ready for vectorised evaluation."""

    tree: Tree
    kind: np.ndarray
    parent: np.ndarray
    position: np.ndarray
    seg_parent: np.ndarray
    seg_start: np.ndarray
    seg_len: np.ndarray
    seg_of: np.ndarray
    levels: tuple[tuple[int, int, int, int], ...]
    actors: tuple[str, ...]
    owner: np.ndarray
    probability: _Slots
    payoff: _Slots
    own: _Slots
    symbols: tuple[sympy.Symbol, ...]
    sum_checks: tuple[tuple[sympy.Expr, int], ...]
    """(sum of a chance node's probabilities, node index) where formulas must be checked to sum to 1."""
    rests: Mapping[sympy.Expr, tuple[Any, ...]]
    """Each COMPLEMENT formula and the sibling probabilities it completes (evaluated as 1 - their sum)."""
    _cache: dict[str, Any] = attrs.field(factory=dict)

    @property
    def size(self) -> int:
        return len(self.kind)

    @property
    def plan(self) -> tuple[_Level, ...]:
        """Per depth, the index arrays rollback needs (built once)."""
        plan = self._cache.get("plan")
        if plan is None:
            paid = np.asarray(self.payoff.constant.any(axis=1))
            for positions in self.payoff.positions:
                paid[positions // self.payoff.width] = True
            plan = tuple(_Level.build(self, paid, *level) for level in self.levels)
            self._cache["plan"] = plan
        return plan  # type: ignore[no-any-return]

    @property
    def width(self) -> int:
        return max(1, len(self.actors))

    # ------------------------------------------------------------------ values

    def resolve(self, values: Mapping[str, Any], *, exact: bool = False) -> Arrays:
        """Numbers for every slot given parameter ``values`` (scalars or length-K arrays)."""
        if exact:
            return self._resolve_exact(values)
        draws = 1
        for value in values.values():
            size = np.size(value)
            if size != 1:
                draws = size
        probability = self._fill(self.probability, values, draws)[:, 0, :]
        self._check_sums(values, exact=False)
        payoff, own = self._fill(self.payoff, values, draws), self._fill(self.own, values, draws)
        return Arrays(probability, payoff, own)

    def _fill(self, slots: _Slots, values: Mapping[str, Any], draws: int) -> np.ndarray:
        """The (M, A, K) values of one slot family; a read-only broadcast when all are constant."""
        constant = slots.constant[:, :, None]
        if not slots.expressions:
            return np.broadcast_to(constant, (*slots.constant.shape, draws))
        out = constant.copy() if draws == 1 else np.repeat(constant, draws, axis=2)
        by_symbol = {s: values[s.name] for s in self.symbols}
        flat = out.reshape(-1, draws)
        for positions, expression in zip(slots.positions, slots.expressions, strict=True):
            row = int(positions[0]) // slots.width
            try:
                if slots is self.probability and expression in self.rests:  # as 1 - the siblings' sum
                    siblings = [_numeric(p, by_symbol) for p in self.rests[expression]]
                    result = np.asarray(1 - sum(siblings[1:], siblings[0]), dtype=float)
                else:
                    result = np.asarray(evaluate_expression(expression, by_symbol), dtype=float)
            except TypeError as error:
                raise ModelError(str(error), self.path(row)) from None
            if not np.isfinite(result).all():
                raise ModelError(
                    f"{expression} is not a finite number at these parameter values", self.path(row)
                )
            if slots is self.probability:
                self._check_range(result, row, FLOAT_TOLERANCE)
            flat[positions] = result.reshape(1, -1)
        return out

    def _resolve_exact(self, values: Mapping[str, Any]) -> Arrays:
        exact = {symbol(name): sympy.Rational(v.numerator, v.denominator) for name, v in values.items()}
        filled = []
        for slots, name in ((self.probability, "probability"), (self.payoff, "payoff"), (self.own, "payoff")):
            key = f"exact-{id(slots)}"
            if key not in self._cache:
                self._cache[key] = slots.exact_constant(self.actors, self)
            out = self._cache[key].copy()
            flat = out.reshape(-1)
            for expression, positions in zip(slots.expressions, slots.positions, strict=True):
                number = expression.xreplace(exact)
                row = int(positions[0]) // slots.width
                try:
                    flat[positions] = as_fraction(number)
                except (ValueError, TypeError):
                    raise NotRationalError(f"{name} {expression} = {number}", self.path(row)) from None
                if slots is self.probability:
                    self._check_range(np.array([flat[positions[0]]], dtype=object), row, 0)
            filled.append(out[:, :, None])
        self._check_sums(exact, exact=True)
        return Arrays(filled[0][:, 0, :], filled[1], filled[2])

    def _check_range(self, values: np.ndarray, row: int, tolerance: float) -> None:
        """Raise a ModelError naming the branch into ``row`` if a probability lies outside [0, 1]."""
        if values.min() >= -tolerance and values.max() <= 1 + tolerance:
            return
        bad = values[(values < -tolerance) | (values > 1 + tolerance)][0]
        parent = int(self.parent[row])
        branch = self.tree.index.nodes[parent].branches[int(self.position[row])]  # type: ignore[union-attr]
        what = "the COMPLEMENT" if branch.probability is COMPLEMENT else "probability"
        raise ModelError(f"{what} of {branch.label!r} is {_show(bad)}, outside [0, 1]", self.path(parent))

    def _check_sums(self, values: Mapping[Any, Any], *, exact: bool) -> None:
        """Chance nodes whose probabilities are formulas without a COMPLEMENT must sum to 1."""
        for total, parent in self.sum_checks:
            if exact:
                number = total.xreplace(values)
                off = number != 1
            else:
                by_symbol = {s: values[s.name] for s in self.symbols}
                number = np.asarray(evaluate_expression(total, by_symbol), dtype=float)
                off = bool((np.abs(number - 1) > FLOAT_TOLERANCE).any())
            if off:
                shown = number if exact else number.reshape(-1)[np.argmax(np.abs(number - 1).reshape(-1))]
                raise ModelError(f"probabilities sum to {_show(shown)}, not 1", self.path(parent))

    def path(self, index: int) -> tuple[str, ...]:
        """The branch labels from the root to node ``index``."""
        return self.tree.index.path(index)

    # ------------------------------------------------------------------ rollback

    def rollback(
        self,
        arrays: Arrays,
        weights: np.ndarray | None = None,
        *,
        fixed: np.ndarray | None = None,
        own: np.ndarray | None = None,
        with_branch_payoffs: bool = True,
        risk_tolerance: float | None = None,
        in_place: bool = False,
    ) -> Rollback:
        """Roll values back from the terminals to the root.

        ``weights`` (N, A) scores each decision's options (default: the only
        component); ``fixed`` (N,) forces a branch position at decisions
        (-1 leaves them free); ``own`` replaces terminal values (e.g. utilities).
        With ``risk_tolerance`` R, chance nodes take the certainty equivalent of
        an exponential utility, ``-R log E[exp(-x / R)]``, computed stably.
        ``in_place=True`` lets the values overwrite the terminal payoffs' array
        when it is writable (the caller no longer needs ``arrays.own``).
        """
        own_values = arrays.own if own is None else own
        value = own_values if in_place and own_values.flags.writeable else own_values.copy()
        draws = value.shape[2]
        choice = np.full((self.size, draws), -1, dtype=np.int32)
        exact = value.dtype == object
        width = value.shape[1]
        for level in reversed(self.plan):
            lo, hi = level.lo, level.hi
            contribution = value[lo:hi]
            if with_branch_payoffs and level.has_payoff:
                contribution = arrays.payoff[lo:hi] + contribution
            if level.chance_parents is not None:
                if risk_tolerance is not None:
                    sums = _certainty_equivalents(
                        arrays.probability[lo:hi, None, :], contribution, level, risk_tolerance
                    )
                elif 0 < level.uniform <= _STRIDED:
                    weighted = arrays.probability[lo:hi, None, :] * contribution
                    sums = weighted[0 :: level.uniform].copy()
                    for k in range(1, level.uniform):
                        sums += weighted[k :: level.uniform]
                else:
                    weighted = arrays.probability[lo:hi, None, :] * contribution
                    sums = np.add.reduceat(weighted, level.starts, axis=0)
                value[level.chance_parents] = sums if level.decision_parents is None else sums[level.chance]
            if level.decision_parents is not None:
                if width == 1 or weights is None:
                    score = contribution[:, 0, :]
                else:
                    score = (weights[self.parent[lo:hi]][:, :, None] * contribution).sum(axis=1)
                if 0 < level.uniform <= _STRIDED:  # the same few branches everywhere: strided views
                    first = _first_best_strided(score, level.uniform, exact) + level.starts[:, None]
                else:
                    best = np.maximum.reduceat(score, level.starts, axis=0)
                    if not exact:
                        best -= _TIE * np.maximum(1.0, np.abs(best))
                    chosen = np.where(score >= best[level.segment], level.rows, hi - lo)
                    first = np.minimum.reduceat(chosen, level.starts, axis=0)
                starts = level.starts
                if level.chance_parents is not None:
                    first, starts = first[~level.chance], starts[~level.chance]
                if fixed is not None:
                    forced = fixed[level.decision_parents]
                    first = np.where((forced < 0)[:, None], first, (starts + forced)[:, None])
                if draws == 1:
                    taken = contribution[first[:, 0]]
                elif width == 1:
                    taken = np.take_along_axis(contribution, first[:, None, :], axis=0)
                else:
                    taken = np.take_along_axis(contribution, first[:, None, :].repeat(width, axis=1), axis=0)
                value[level.decision_parents] = taken
                choice[level.decision_parents] = first - starts[:, None]
        return Rollback(value, choice)

    def reach(self, arrays: Arrays, choice: np.ndarray) -> np.ndarray:
        """The probability (N, K) of reaching each node under the choices."""
        draws = arrays.probability.shape[1]
        exact = arrays.probability.dtype == object
        if choice.ndim == 1:
            choice = choice[:, None]
        reach = np.zeros((self.size, draws), dtype=object if exact else float)
        reach[0] = 1
        for lo, hi, _, _ in self.levels:
            parents = self.parent[lo:hi]
            up = reach[parents]
            chance = (self.kind[parents] == CHANCE)[:, None]
            taken = choice[parents] == self.position[lo:hi, None]
            reach[lo:hi] = np.where(chance, up * arrays.probability[lo:hi], np.where(taken, up, 0 * up))
        return reach

    def totals(self, arrays: Arrays) -> np.ndarray:
        """The total payoff (N, A, K) on the path to each node, its own payoff included."""
        total = arrays.payoff.copy()
        total[0] = 0 * total[0]
        for lo, hi, _, _ in self.levels:
            total[lo:hi] += total[self.parent[lo:hi]]
        return np.asarray(total + arrays.own)


_STRIDED = 8
"""Up to this many branches per decision, the first best branch is found with strided views."""


def _first_best_strided(score: np.ndarray, branches: int, exact: bool) -> np.ndarray:
    """For consecutive groups of ``branches`` rows, the position of the first (near-)maximum."""
    views = [score[k::branches] for k in range(branches)]
    best = views[0]
    for view in views[1:]:
        best = np.maximum(best, view)
    if not exact:
        margin = np.abs(best)
        np.maximum(margin, 1.0, out=margin)
        best = best - _TIE * margin
    first = np.full(best.shape, branches - 1, dtype=np.intp)
    for k in reversed(range(branches - 1)):
        first = np.where(views[k] >= best, k, first)
    return first


def _certainty_equivalents(
    probability: np.ndarray, values: np.ndarray, level: _Level, risk_tolerance: float
) -> np.ndarray:
    """Per segment, ``-R log sum p exp(-x / R)``, shifted by the segment's minimum so nothing overflows."""
    lowest = np.minimum.reduceat(values, level.starts, axis=0)
    shifted = np.exp(-(values - lowest[level.segment]) / risk_tolerance)
    total = np.add.reduceat(probability * shifted, level.starts, axis=0)
    return np.asarray(lowest - risk_tolerance * np.log(total))


def _show(number: Any) -> str:
    return f"{float(number):.10g}"


def compile_tree(tree: Tree) -> CompiledTree:
    """The compiled form of ``tree``, built once and cached on the (immutable) tree."""
    cached = tree._cache.get("compiled")
    if cached is None:
        cached = _compile(tree)
        tree._cache["compiled"] = cached
    return cached  # type: ignore[no-any-return]


def _compile(tree: Tree) -> CompiledTree:
    index = tree.index
    nodes = index.nodes
    size = len(nodes)
    kind = np.array([_KINDS[type(n)] for n in nodes], dtype=np.int8)
    parent = np.array(index.parent, dtype=np.intp)
    parent[0] = 0
    position = np.array(index.position, dtype=np.intp)
    inner = np.flatnonzero(kind != TERMINAL)
    first_child = np.array(index.first_child, dtype=np.intp)
    seg_start = first_child[inner]
    seg_len = np.array([len(nodes[i].branches) for i in inner], dtype=np.intp)  # type: ignore[union-attr]
    seg_of = np.zeros(size, dtype=np.intp)
    seg_of[1:] = np.repeat(np.arange(len(inner)), seg_len)

    levels: list[tuple[int, int, int, int]] = []
    lo, hi = 0, 1
    while True:
        s0, s1 = np.searchsorted(inner, [lo, hi])
        if s0 == s1:
            break
        child_lo, child_hi = int(seg_start[s0]), int(seg_start[s1 - 1] + seg_len[s1 - 1])
        levels.append((child_lo, child_hi, int(s0), int(s1)))
        lo, hi = child_lo, child_hi

    branches = [b for n in nodes if type(n) is not Terminal for b in n.branches]  # type: ignore[union-attr]
    actors = index.actors
    raw_probabilities, sum_checks, rests = _complete(
        index, [0, *(b.probability for b in branches)], np.flatnonzero(kind == CHANCE).tolist()
    )
    probability = _Slots.build(raw_probabilities, ())
    payoff = _Slots.build([0, *(b.payoff for b in branches)], actors)
    own = _Slots.build([n.payoff if type(n) is Terminal else 0 for n in nodes], actors)
    owners = {a: k for k, a in enumerate(actors)}
    owner = np.full(size, -1, dtype=np.intp)
    for i in inner:
        node = nodes[i]
        if type(node) is Decision and node.owner in owners:
            owner[i] = owners[node.owner]
    return CompiledTree(
        tree=tree,
        kind=kind,
        parent=parent,
        position=position,
        seg_parent=inner,
        seg_start=seg_start,
        seg_len=seg_len,
        seg_of=seg_of,
        levels=tuple(levels),
        actors=actors,
        owner=owner,
        probability=probability,
        payoff=payoff,
        own=own,
        symbols=tuple(p.symbol for p in tree.parameters),
        sum_checks=sum_checks,
        rests=rests,
    )


def _complete(
    index: Any, raw: list[Any], chance: list[int]
) -> tuple[list[Any], tuple[tuple[sympy.Expr, int], ...], dict[sympy.Expr, tuple[Any, ...]]]:
    """Probabilities with each COMPLEMENT replaced by its value or formula, and the sums to check.

    ``raw[i]`` is the probability of the branch into node ``i`` (None below
    decisions); ``chance`` lists the chance nodes. Siblings that repeat a
    pattern share one (cached) computation.
    """
    out = [0 if p is None else p for p in raw]
    checks: list[tuple[sympy.Expr, int]] = []
    rests: dict[sympy.Expr, tuple[Any, ...]] = {}
    nodes, first_child = index.nodes, index.first_child
    for i in chance:
        first = first_child[i]
        given = out[first : first + len(nodes[i].branches)]
        complement_at, symbolic = -1, False
        for k, p in enumerate(given):
            kind = type(p)
            if kind is float or kind is int or kind is Fraction:
                continue
            if p is COMPLEMENT:
                complement_at = k
            elif isinstance(p, sympy.Expr) and p.free_symbols:
                symbolic = True
        if complement_at >= 0:
            others = tuple(p for p in given if p is not COMPLEMENT)
            rest = _rest(others, symbolic)
            out[first + complement_at] = rest
            if symbolic:
                rests.setdefault(rest, others)
        elif symbolic:
            total = _total(tuple(given))
            if total is not None:
                checks.append((total, i))
    return out, tuple(checks), rests


def _numeric(value: Any, by_symbol: Mapping[sympy.Symbol, Any]) -> Any:
    if isinstance(value, sympy.Expr):
        return evaluate_expression(value, by_symbol)
    return float(value)


@functools.lru_cache(maxsize=1024)
def _total(given: tuple[Any, ...]) -> sympy.Expr | None:
    """The sum of a chance node's probabilities, or None when it is identically 1."""
    total = sympy.Add(*(_exact_expression(p) for p in given))
    return None if sympy.expand(total - 1) == 0 else total


@functools.lru_cache(maxsize=1024)
def _rest(others: tuple[Any, ...], symbolic: bool) -> Any:
    """One minus the other probabilities: a Fraction for numbers, a formula otherwise."""
    if not symbolic:
        try:
            return 1 - sum((as_fraction(p) for p in others), Fraction(0))
        except ValueError:  # an irrational number: keep the exact formula
            pass
    return 1 - sympy.Add(*(_exact_expression(p) for p in others))


def _exact_expression(value: Any) -> sympy.Expr:
    if isinstance(value, sympy.Expr):
        return value
    return rational(value)


def decision_weights(
    core: CompiledTree, objective: str | Mapping[str, Any] | None, *, exact: bool = False
) -> np.ndarray | None:
    """The (N, A) scoring weights of every decision: its owner's component, else ``objective``.

    Raises :class:`ModelError` for an unknown objective key, or when an
    unowned decision in a tree of per-actor payoffs has no objective.
    """
    actors = core.actors
    if not actors:
        if objective is not None:
            raise ModelError(f"objective {objective!r} given, but the payoffs are plain numbers", ())
        return None
    one: Any = Fraction(1) if exact else 1.0
    zero: Any = Fraction(0) if exact else 0.0
    default = None
    if objective is not None:
        spec: Mapping[str, Any] = {objective: 1} if isinstance(objective, str) else objective
        if not isinstance(spec, Mapping):
            raise ModelError(
                f"objective must be a payoff key or a {{key: weight}} mapping, got {objective!r}", ()
            )
        for key in spec:
            if key not in actors:
                raise ModelError(
                    f"objective key {key!r} is not a payoff key; keys are {', '.join(actors)}", ()
                )
        try:
            default = np.array(
                [(as_fraction(spec.get(a, 0)) if exact else float(spec.get(a, 0))) for a in actors],
                dtype=object if exact else float,
            )
        except (TypeError, ValueError):
            raise ModelError(f"objective weights must be numbers, got {dict(spec)!r}", ()) from None
    weights = np.full((core.size, len(actors)), zero, dtype=object if exact else float)
    for i in np.flatnonzero(core.kind == DECISION):
        owner = core.owner[i]
        if owner >= 0:
            weights[i, owner] = one
        elif default is not None:
            weights[i] = default
        else:
            raise ModelError(
                "this decision has no owner; pass objective= (a payoff key or weights) to evaluate it",
                core.path(int(i)),
            )
    return weights


def parameter_values(tree: Tree, values: Mapping[Any, Any] | None, *, exact: bool = False) -> dict[str, Any]:
    """Base parameter values with ``values`` (by name or Parameter) overriding them."""
    out: dict[str, Any] = {p.name: p.value for p in tree.parameters}
    if values is not None and not isinstance(values, Mapping):
        raise ModelError(f"values must map parameter names to numbers, got {type(values).__name__}")
    for key, value in (values or {}).items():
        name = getattr(key, "name", key)
        if name not in out:
            from .model import _unknown

            raise ModelError(_unknown("parameter", str(name), out))
        out[name] = value
    for name, value in out.items():
        out[name] = _number(name, value, exact=exact)
    return out


def _number(name: str, value: Any, *, exact: bool) -> Any:
    if exact:
        try:
            return as_fraction(value)
        except (TypeError, ValueError) as error:
            raise ModelError(f"parameter {name!r}: {value!r} is not an exact number ({error})") from None
    if isinstance(value, (str, bytes, bool)):
        raise ModelError(f"parameter {name!r}: {value!r} is not a number")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ModelError(f"parameter {name!r}: {value!r} is not a number") from None
    if not np.all(np.isfinite(array)):
        raise ModelError(f"parameter {name!r}: {value!r} is not finite")
    return float(array) if array.ndim == 0 else array


def segments(core: CompiledTree, node: int) -> range:
    """The node indices of the children of ``node``."""
    seg = int(np.searchsorted(core.seg_parent, node))
    start = int(core.seg_start[seg])
    return range(start, start + int(core.seg_len[seg]))
