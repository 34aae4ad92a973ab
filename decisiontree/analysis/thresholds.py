"""Switch points: the parameter values at which the optimal choice at a decision changes.

Exact first: each option's value at the decision is an exact formula in the
parameter (the others at their base values, substituted exactly); sympy
solves the pairwise differences, and a root counts only where the optimal
option just left of it differs from the one just right of it. When sympy
cannot solve (or the formulas are too big), a numeric fallback brackets the
switches on a fine grid evaluated by the compiled core and refines each with
Brent's method (bisection without scipy). The result says which was used.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, low=0, high=1)
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-5), probability=dt.COMPLEMENT),
...     ]), payoff=-2),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> found = thresholds(tree, "p")
>>> found, found.method
([7/15], 'exact')
>>> [(str(i.low), str(i.high), i.optimal) for i in switch_points(tree, p)]
[('0', '7/15', 'pass'), ('7/15', '1', 'bet')]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from ..errors import ArgumentError, ExpressionError, ModelError, among, brief
from ..formulas import name as parameter_formula
from ..formulas import sympy_substitute
from ..model import Parameter, Tree
from ..number import as_sympy_number, number_repr, real_float, vouched_digits
from ..tables import Table, Tabular
from .sweep import sweep
from .symbolic import option_formulas

__all__ = ["Interval", "SwitchPoints", "Thresholds", "switch_points", "thresholds"]

MAX_EXACT_OPERATIONS = 5_000
"""Option formulas bigger than this (sympy operation count) go straight to the numeric method."""
GRID_POINTS = 2_001
"""Grid size of the numeric method's bracketing sweep."""

_DIGITS = 50


class Thresholds(Tabular, list[Any]):
    """A sorted list of switch points, with ``.method`` ("exact" or "numeric").

    Exact switch points are sympy numbers (``7/15``, ``sqrt(2)/2``); numeric
    ones are sympy ``Float``. :meth:`to_table` and printed intervals show them
    right to the last digit; sympy's own ``float()`` works with a few digits
    more than it shows, too few for a difference of nearly equal large numbers
    (``evalf(17, maxn=4100)`` gives those right).
    """

    method: str

    def __init__(self, values: Sequence[Any] = (), method: str = "exact") -> None:
        super().__init__(values)
        self.method = method

    def to_table(self) -> Table:
        """One row per switch point: its value (as a number) and, for an exact one, its exact form."""
        rows = [(_as_float(t), str(t) if self.method == "exact" else "") for t in self]
        return Table(("threshold", "exact"), rows, title=f"Switch points ({self.method})")


@attrs.frozen
class Interval:
    """A stretch ``[low, high]`` of the parameter on which ``optimal`` is the optimal option."""

    low: Any = attrs.field(repr=number_repr)
    high: Any = attrs.field(repr=number_repr)
    optimal: str


@attrs.frozen
class SwitchPoints(Tabular):
    """The optimal option on each interval between switch points.

    Iterates over its :class:`Interval` records; ``thresholds`` are the
    switch points and ``method`` says how they were found.
    """

    parameter: str
    decision: tuple[str, ...]
    intervals: tuple[Interval, ...]
    thresholds: Thresholds

    @property
    def method(self) -> str:
        return self.thresholds.method

    def __iter__(self) -> Iterator[Interval]:
        return iter(self.intervals)

    def __len__(self) -> int:
        return len(self.intervals)

    def to_table(self) -> Table:
        """The intervals: ``low``, ``high`` and the ``optimal`` option on each
        (``to_frame()`` gives it as a pandas DataFrame)."""
        rows = [(_as_float(i.low), _as_float(i.high), i.optimal) for i in self.intervals]
        title = f"Optimal option by value of {self.parameter} ({self.method})"
        return Table(("low", "high", "optimal"), rows, title=title)


def _as_float(value: Any) -> Any:
    """A switch point for a table: rationals stay exact, others (``sqrt(2)/2``) become floats."""
    if value is None or isinstance(value, (int, float)) or getattr(value, "is_Rational", False):
        return value
    return real_float(value)


def thresholds(
    tree: Tree,
    parameter: str | Parameter,
    *,
    decision: Sequence[str] = (),
    low: Any = None,
    high: Any = None,
    objective: Any = None,
    method: str = "auto",
    policy: Mapping[Any, str] | None = None,
) -> Thresholds:
    """The values of ``parameter`` in ``[low, high]`` where the optimal choice at ``decision`` changes.

    Other parameters stay at their base values. A switch exactly at an end
    of the range counts (the choice just outside differs from the one just
    inside).

    Parameters
    ----------
    tree : Tree
        The model.
    parameter : str or Parameter
        The parameter to vary.
    decision : tuple of str
        The path of the decision (default the root).
    low, high : number, optional
        The range searched (default the parameter's ``low`` and ``high``).
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    method : {"auto", "exact", "numeric"}
        ``"auto"`` solves exactly with sympy and falls back to the numeric
        method when sympy cannot; ``"exact"`` raises instead of falling back.
    policy : mapping, optional
        ``{decision path: label}`` holding other decisions fixed (as in
        :func:`~decisiontree.one_way`); the best choice at ``decision`` itself
        is still what changes at the points, even if the policy names it
        (where the fixed choice stops or starts being the best).

    Returns
    -------
    Thresholds
        A sorted list of sympy numbers with a ``.method`` attribute.

    Examples
    --------
    >>> import decisiontree as dt
    >>> x = dt.Parameter("x", 0, low=-3, high=3)
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("square", dt.Terminal("S", payoff=x * x)),
    ...     dt.Branch("constant", dt.Terminal("C", payoff=2)),
    ... ]), parameters=[x])
    >>> thresholds(tree, x)
    [-sqrt(2), sqrt(2)]
    """
    return switch_points(
        tree,
        parameter,
        decision=decision,
        low=low,
        high=high,
        objective=objective,
        method=method,
        policy=policy,
    ).thresholds


def switch_points(
    tree: Tree,
    parameter: str | Parameter,
    *,
    decision: Sequence[str] = (),
    low: Any = None,
    high: Any = None,
    objective: Any = None,
    method: str = "auto",
    policy: Mapping[Any, str] | None = None,
) -> SwitchPoints:
    """The optimal option at ``decision`` on each interval of ``parameter`` between switch points.

    Takes the same arguments as :func:`thresholds`. Intervals cover
    ``[low, high]`` in order; each names the option optimal inside it.

    Examples
    --------
    >>> import decisiontree as dt
    >>> cost = dt.Parameter("cost", 5, low=0, high=20)
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("build", dt.Terminal("B", payoff=12 - cost)),
    ...     dt.Branch("wait", dt.Terminal("W", payoff=0)),
    ... ]), parameters=[cost])
    >>> for interval in switch_points(tree, "cost"):
    ...     print(interval.low, interval.high, interval.optimal)
    0 12 build
    12 20 wait
    """
    arguments.tree_of(tree, "thresholds")
    if not among(method, ("auto", "exact", "numeric")):
        raise ArgumentError(f"method must be 'auto', 'exact' or 'numeric', got {brief(method)}")
    param = arguments.varied(tree, parameter)
    lo, hi = arguments.parameter_range(param, low, high)
    node = arguments.decision(tree, decision)
    path = tuple(decision)
    fixed = {k: v for k, v in arguments.forced_choices(tree, policy) if k != node}
    others = {p: label for p, label in (policy or {}).items() if arguments.decision(tree, p) != node}
    found = None
    run = _Sweeper(tree, param.name, path, objective, others)
    if method != "numeric":
        found = _exact(tree, param, node, as_sympy_number(lo), as_sympy_number(hi), objective, fixed)
        if found is not None and not _confirmed(found, run, lo, hi):
            found = None  # sympy missed a switch (or saw one that is not there)
        if found is None and method == "exact":
            raise ArgumentError(
                f"sympy cannot solve for the switch points in {param.name!r} at {path!r} (or its answer "
                "failed the numeric check); use method='auto'"
            )
    if found is None:
        found = _numeric(run, float(lo), float(hi))
    points, choices, labels, how = found
    edges = [as_sympy_number(lo), *points, as_sympy_number(hi)]
    intervals = [
        Interval(edges[k], edges[k + 1], labels[choice])
        for k, choice in enumerate(choices)
        if choice is not None and edges[k] != edges[k + 1]
    ]
    if lo == hi:
        at = int(
            sweep(tree, {param.name: float(lo)}, decision=path, objective=objective, policy=others).choice[0]
        )
        intervals = [Interval(edges[0], edges[-1], labels[at])]
    return SwitchPoints(param.name, path, tuple(intervals), Thresholds(points, how))


# --------------------------------------------------------------------------- exact


Found = tuple[list[Any], list[int | None], tuple[str, ...], str]


def _exact(
    tree: Tree, param: Parameter, node: int, lo: Any, hi: Any, objective: Any, fixed: Mapping[int, int]
) -> Found | None:
    """Exact switch points and the optimal option on each interval, or None if sympy cannot."""
    import sympy

    x = parameter_formula(param.name).to_sympy()
    base = {
        parameter_formula(p.name).to_sympy(): as_sympy_number(p.value)
        for p in tree.parameters
        if p.name != param.name and not p.derived
    }
    try:
        labels, formulas = option_formulas(tree, node, objective=objective, substitute=base, fixed=fixed)
    except ExpressionError:  # a formula beyond exact arithmetic (numbers of too many digits in sympy)
        return None
    if sum(sympy.count_ops(f) for f in formulas) > MAX_EXACT_OPERATIONS:
        return None
    # Look a little beyond the ends too, so that a switch exactly at an end is seen.
    margin = (hi - lo) / 4 if hi > lo else sympy.Integer(1)
    try:
        critical = _Critical(x, lo - margin, hi + margin).points(formulas)
    except (_UnsolvableError, RecursionError, ExpressionError):
        return None  # sympy can recurse without end on nested kinks; numbers too large to put in
    try:
        roots = _ordered(critical)
        candidates = [r for r in roots if _within(r, lo, hi)]

        def best(at: Any) -> int | None:
            return _argmax([sympy_substitute(f, {x: at}) for f in formulas])

        # The optimal option is constant between consecutive critical points: sample each side of a candidate.
        switches: list[Any] = []
        for k, r in enumerate(roots):
            if not any(r is c for c in candidates):
                continue
            below = roots[k - 1] if k > 0 and _less(r - margin / 2, roots[k - 1]) else r - margin / 2
            above = (
                roots[k + 1] if k + 1 < len(roots) and _less(roots[k + 1], r + margin / 2) else r + margin / 2
            )
            before, after = best(_rational_between(below, r)), best(_rational_between(r, above))
            if before is not None and after is not None and before != after:
                switches.append(r)
        edges = [lo, *switches, hi]
        choices = [best(_rational_between(a, b)) if a != b else None for a, b in itertools.pairwise(edges)]
    except (_UnsolvableError, RecursionError, ExpressionError):
        return None
    return switches, choices, labels, "exact"


def _confirmed(found: Found, run: _Sweeper, lo: Any, hi: Any) -> bool:
    """Whether the compiled core, on the numeric method's grid, finds the option ``found`` names optimal
    inside each interval (or one within float noise of it). sympy's solvers are not trusted blindly:
    ``solveset`` has reported no root of ``exp(64 p) - 5 exp(p) + 3`` in ``[-0.1, 1.1]``, which has one.
    """
    points, choices, _, _ = found
    edges = np.array([real_float(e) for e in (lo, *points, hi)])
    if not edges[-1] > edges[0]:
        return True
    grid = np.linspace(edges[0], edges[-1], GRID_POINTS)
    try:
        checked = run(grid)
    except ModelError:  # the model is not valid everywhere in floats: nothing to compare with
        return True
    values = np.asarray(checked.values, dtype=float)  # (options, points)
    piece = np.searchsorted(edges, grid, side="right") - 1
    margin = 1e-9 * max(1.0, float(np.abs(edges).max()))
    inside = (piece >= 0) & (piece < len(choices))
    inside &= np.abs(grid - edges[np.clip(piece, 0, len(edges) - 1)]) > margin
    inside &= np.abs(edges[np.clip(piece + 1, 0, len(edges) - 1)] - grid) > margin
    for k in np.flatnonzero(inside):
        expected = choices[piece[k]]
        if expected is None:
            continue
        best, claimed = values[:, k].max(), values[expected, k]
        if best - claimed > 1e-9 * max(1.0, abs(best)):
            return False
    return True


class _UnsolvableError(Exception):
    """sympy cannot find every critical point exactly."""


def _kinked() -> tuple[Any, ...]:
    import sympy

    return (sympy.Max, sympy.Min, sympy.Piecewise)


MAX_EXACT_SOLVES = 3_000
"""Equations solved exactly before the numeric method takes over."""
MAX_DEGREE = 200
"""Equations with powers (or roots) beyond this degree are not solved exactly (the numeric search is used)."""
MAX_FACTORED_BITS = 64
"""The largest integer (in bits) that exact root-finding may have sympy factor (quickly, by its
Pollard rho); a larger one can take for ever, and the numeric method answers instead."""
MAX_EXPONENT = 100
"""Equations with exponentials beyond ``e**100`` in the range are not solved exactly (sympy's time
grows steeply with the exponent: 0.35 s for ``exp(100 p)`` on [-0.1, 1.1], over 20 s for ``exp(1000 p)``)."""


class _Critical:
    """Every point of ``[start, end]`` where the order of the option formulas can change.

    Formulas hold ``Max``/``Min`` (decisions below) and ``Piecewise`` (decisions
    by other actors). Their kinks are found innermost first: between the
    kinks already known every inner one is a smooth expression, so the next
    kinks are roots of smooth equations, solved interval by interval. Then
    the pairwise differences of the options are solved the same way.
    """

    def __init__(self, x: Any, start: Any, end: Any) -> None:
        self.x, self.start, self.end = x, start, end
        self.solves = 0

    def points(self, formulas: list[Any]) -> set[Any]:
        import sympy

        breaks: set[Any] = set()
        for kink in self._kinks_innermost_first(formulas):
            found: set[Any] = set()
            for a, b, mid in self._intervals(breaks):
                for equation in self._kink_equations(kink, mid):
                    found |= self._roots(equation, a, b)
            breaks |= found
        switches: set[Any] = set()
        for a, b, mid in self._intervals(breaks):
            smooth = [self._smooth(f, mid) for f in formulas]
            for j in range(len(smooth)):
                for k in range(j + 1, len(smooth)):
                    switches |= self._roots(smooth[j] - smooth[k], a, b)
                switches |= self._roots(sympy.denom(sympy.together(smooth[j])), a, b)  # poles
        return breaks | switches

    def _kinks_innermost_first(self, formulas: list[Any]) -> list[Any]:
        import sympy

        height: dict[Any, int] = {}
        for formula in formulas:
            for kink in sorted(formula.atoms(*_kinked()), key=sympy.count_ops):
                inner = [height.get(k, 0) for k in kink.atoms(*_kinked()) if k != kink]
                height[kink] = 1 + max(inner, default=0)
        return sorted(height, key=lambda k: height[k])

    def _intervals(self, breaks: set[Any]) -> list[tuple[Any, Any, Any]]:

        edges = _ordered({self.start, self.end, *breaks})
        return [(a, b, _rational_between(a, b)) for a, b in itertools.pairwise(edges)]

    def _kink_equations(self, kink: Any, mid: Any) -> list[Any]:
        import sympy

        if isinstance(kink, sympy.Piecewise):
            equations = []
            for pair in kink.args:
                for relation in pair.cond.atoms(sympy.core.relational.Relational):
                    equations.append(self._smooth(relation.lhs - relation.rhs, mid))
                equations.append(self._smooth(pair.expr, mid))  # pieces may hold kinks of their own
            return [e for e in equations if not isinstance(e, sympy.Piecewise)]
        args = [self._smooth(a, mid) for a in kink.args]
        return [args[j] - args[k] for j in range(len(args)) for k in range(j + 1, len(args))]

    def _smooth(self, expression: Any, mid: Any) -> Any:
        """``expression`` with every kink replaced by its active part near ``mid``."""
        import sympy

        x = self.x

        def value(e: Any) -> Any:
            return vouched_digits(sympy_substitute(e, {x: mid}), _DIGITS)

        def pick_max(*args: Any) -> Any:
            return max(args, key=value)

        def pick_min(*args: Any) -> Any:
            return min(args, key=value)

        def pick_piece(*pairs: Any) -> Any:
            for pair in pairs:
                if bool(sympy_substitute(pair.cond, {x: mid})):
                    return pair.expr  # type: ignore[no-any-return]
            raise _UnsolvableError

        smooth = expression
        for kind, pick in ((sympy.Max, pick_max), (sympy.Min, pick_min), (sympy.Piecewise, pick_piece)):
            if smooth.has(kind):
                smooth = smooth.replace(kind, pick)
        return smooth

    def _roots(self, equation: Any, a: Any, b: Any) -> set[Any]:
        """Exact real roots of a smooth ``equation`` in ``[a, b]``."""
        import sympy

        x = self.x
        if not equation.has(x):
            return set()
        self.solves += 1
        if self.solves > MAX_EXACT_SOLVES:
            raise _UnsolvableError
        powers = equation.atoms(sympy.Pow)
        if any(power.exp.is_Rational and _degree(power.exp) > MAX_DEGREE for power in powers):
            raise _UnsolvableError  # a dense polynomial of that degree (in x or a root of x): not in memory
        if any(power.exp.has(x) and not power.base.is_positive for power in powers):
            raise _UnsolvableError  # (-1/2)**x is complex between integers: sympy's solvers chase it for ever
        exponents = [p.exp for p in powers if p.exp.has(x)]
        exponents += [e.args[0] for e in equation.atoms(sympy.exp) if e.args[0].has(x)]
        if any(_degree(r) > MAX_DEGREE for e in exponents for r in e.atoms(sympy.Rational)):
            raise _UnsolvableError  # b**(x*p/q) is a polynomial of degree p in b**(x/q) to sympy: for ever
        numerator, _ = sympy.fraction(sympy.together(equation))
        if numerator.is_polynomial(x):
            polynomial = sympy.Poly(numerator, x)
            if polynomial.is_zero:
                return set()
            if _factors_large_integers(polynomial):
                raise _UnsolvableError
            try:
                roots = set(polynomial.real_roots())
            except (NotImplementedError, sympy.PolynomialError) as error:
                raise _UnsolvableError from error
            except (ValueError, TypeError):  # sympy failing to simplify radicals of huge numbers
                try:
                    roots = set(polynomial.real_roots(radicals=False))
                except (NotImplementedError, sympy.PolynomialError, ValueError, TypeError) as error:
                    raise _UnsolvableError from error
        else:
            if _steep(equation, x, a, b):
                raise _UnsolvableError  # sympy would rewrite huge exponentials for ever
            try:
                solutions = sympy.solveset(equation, x, sympy.Interval(a, b))
            except (NotImplementedError, ValueError, TypeError) as error:
                raise _UnsolvableError from error
            found = _points(solutions)
            if found is None:
                raise _UnsolvableError
            roots = found
        return {r for r in roots if _within(r, a, b)}


def _degree(exponent: Any) -> int:
    """The degree of the polynomial a rational ``exponent`` of ``x`` makes: ``x**(3/2)`` is ``y**3`` in
    ``y = x**(1/2)``, and ``x**(10**-400)`` is a root of degree ``10**400``.

    >>> import sympy
    >>> _degree(sympy.Integer(-7)), _degree(sympy.Rational(3, 2)), _degree(sympy.Rational(1, 10**400)) > 9
    (7, 3, True)
    """
    return max(abs(int(exponent.p)), int(exponent.q))


def _factors_large_integers(polynomial: Any) -> bool:
    """Whether sympy, finding the real roots of ``polynomial``, would factor an integer of more than
    :data:`MAX_FACTORED_BITS` bits (which can take for ever): it factors the common divisor of all
    but the leading coefficient of the polynomial made integral and primitive, where there are
    more than two terms (a divisor that is a whole power of the root gives integer roots).

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> big = 10**400 + 1
    >>> _factors_large_integers(sympy.Poly(x**2 + big * x + big, x))
    True
    >>> _factors_large_integers(sympy.Poly(x**2 + 6 * x + 3, x))
    False
    """
    import sympy

    domain = polynomial.get_domain()
    if not (domain.is_ZZ or domain.is_QQ):  # coefficients with radicals or symbols: not this way
        return False
    _, integral = polynomial.clear_denoms(convert=True)
    coefficients = [abs(int(c)) for c in integral.primitive()[1].coeffs()]  # the terms' (not zero)
    return len(coefficients) > 2 and sympy.igcd(*coefficients[1:]).bit_length() > MAX_FACTORED_BITS


def _steep(equation: Any, x: Any, a: Any, b: Any) -> bool:
    """Whether an exponential in ``equation`` reaches beyond ``e**MAX_EXPONENT`` on ``[a, b]``."""
    import sympy

    for atom in equation.atoms(sympy.exp):
        argument = atom.args[0]
        if not argument.has(x):
            continue
        try:
            ends = [abs(float(sympy_substitute(argument, {x: end}))) for end in (a, b)]
        except (TypeError, ValueError, OverflowError, ExpressionError):
            return True
        if not all(e <= MAX_EXPONENT for e in ends):  # nan included
            return True
    return False


def _within(value: Any, low: Any, high: Any) -> bool:
    """``low <= value <= high`` for exact numbers, deciding by many digits where sympy cannot tell."""
    return not _less(value, low) and not _less(high, value)


def _less(a: Any, b: Any) -> bool:
    """``a < b`` for exact real numbers (radicals, roots of polynomials)."""
    import sympy

    if isinstance(a, sympy.Rational) and isinstance(b, sympy.Rational):
        return bool(a < b)
    from sympy.core.evalf import PrecisionExhausted

    difference = b - a
    for digits in (_DIGITS, 4 * _DIGITS, 16 * _DIGITS, 64 * _DIGITS):
        try:
            value = sympy.N(difference, digits, strict=True)  # refuses digits it cannot vouch for
        except PrecisionExhausted:
            continue
        if value.is_Number and value != 0:
            return bool(value > 0)
    if difference.equals(0):
        return False
    raise _UnsolvableError


def _points(solutions: Any) -> set[Any] | None:
    """The points of a solution set: finite sets, and the ends of stretches where two options tie."""
    import sympy

    if solutions is sympy.S.EmptySet:
        return set()
    if isinstance(solutions, sympy.FiniteSet):
        return set(solutions) if all(s.is_number and s.is_real for s in solutions) else None
    if isinstance(solutions, sympy.Interval):
        return {e for e in (solutions.start, solutions.end) if e.is_finite}
    if isinstance(solutions, sympy.Union):
        out: set[Any] = set()
        for part in solutions.args:
            found = _points(part)
            if found is None:
                return None
            out |= found
        return out
    return None


def _rational_between(low: Any, high: Any) -> Any:
    """A rational number strictly between two exact numbers ``low < high`` (near their middle)."""
    import sympy

    middle = (low + high) / 2
    if isinstance(middle, sympy.Rational):
        return middle
    for digits in (_DIGITS, 4 * _DIGITS, 16 * _DIGITS, 64 * _DIGITS):
        guess = sympy.Rational(str(sympy.N(middle, digits)))
        if _less(low, guess) and _less(guess, high):
            return guess
    raise _UnsolvableError


def _ordered(numbers: Any) -> list[Any]:
    """Exact real numbers in increasing order (equal ones merged)."""
    out: list[Any] = []
    for number in numbers:
        position = 0
        while position < len(out) and _less(out[position], number):
            position += 1
        if position < len(out) and not _less(number, out[position]):
            continue  # equal to one already there
        out.insert(position, number)
    return out


def _argmax(values: list[Any]) -> int | None:
    """The first largest of exact numbers (None if one is not a finite real), compared exactly as
    exact evaluation compares them: ``3 * 10**-324`` is above ``2 * 10**-324`` however small both."""
    for v in values:
        n = vouched_digits(v, _DIGITS)
        if not (n.is_real and n.is_finite):
            return None
    best = 0
    for k in range(1, len(values)):
        if _less(values[best], values[k]):
            best = k
    return best


# --------------------------------------------------------------------------- numeric


@attrs.frozen
class _Sweeper:
    """The options' values and the choice at ``decision`` for values ``xs`` of parameter ``name``,
    through the compiled core (see :func:`~decisiontree.analysis.sweep.sweep`)."""

    tree: Tree
    name: str
    decision: tuple[str, ...]
    objective: Any
    policy: Mapping[Any, str]

    def __call__(self, xs: Any) -> Any:
        values = {self.name: np.atleast_1d(np.asarray(xs, dtype=float))}
        return sweep(self.tree, values, decision=self.decision, objective=self.objective, policy=self.policy)


def _numeric(run: _Sweeper, lo: float, hi: float) -> Found:
    """Switch points by bracketing on a grid through the compiled core, then Brent's method."""
    import sympy

    grid = np.linspace(lo, hi, GRID_POINTS) if hi > lo else np.array([lo])
    result = run(grid)
    labels, choice, values = result.labels, result.choice, result.values
    switches: list[float] = []
    tolerance = 1e-13 * max(1.0, abs(lo), abs(hi))
    for k in np.flatnonzero(choice[1:] != choice[:-1]):
        a, b = float(grid[k]), float(grid[k + 1])
        first, second = int(choice[k]), int(choice[k + 1])
        switches.append(_refine(run, a, b, first, second, values[:, k], values[:, k + 1], tolerance))
    choices: list[int | None] = [int(choice[0])]
    for k in np.flatnonzero(choice[1:] != choice[:-1]):
        choices.append(int(choice[k + 1]))
    step = 1e-9 * max(hi - lo, abs(lo), abs(hi), 1e-300)
    outside_low, outside_high = _choice_at(run, lo - step), _choice_at(run, hi + step)
    if outside_low is not None and outside_low != choices[0]:
        switches.insert(0, lo)
        choices.insert(0, outside_low)
    if outside_high is not None and outside_high != choices[-1]:
        switches.append(hi)
        choices.append(outside_high)
    return [sympy.Float(s) for s in switches], choices, labels, "numeric"


def _choice_at(run: Callable[[Any], Any], x: float) -> int | None:
    try:
        return int(run([x]).choice[0])
    except ModelError:  # outside the region where the model is valid
        return None


def _refine(
    run: Callable[[Any], Any],
    a: float,
    b: float,
    first: int,
    second: int,
    at_a: Any,
    at_b: Any,
    tolerance: float,
) -> float:
    def gap(x: float) -> float:
        values = run([x]).values[:, 0]
        return float(values[first] - values[second])

    if (at_a[first] - at_a[second]) * (at_b[first] - at_b[second]) < 0:
        try:
            from scipy.optimize import brentq
        except ImportError:
            pass
        else:
            return float(brentq(gap, a, b, xtol=tolerance))
    while b - a > tolerance:  # bisection on the choice itself
        middle = (a + b) / 2
        if int(run([middle]).choice[0]) == first:
            a = middle
        else:
            b = middle
    return (a + b) / 2
