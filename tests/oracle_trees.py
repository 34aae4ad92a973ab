"""Random small decision trees for the oracle tests, with the meaning of every formula in them.

:func:`models` draws a :class:`Model`: a tree of at most about fifteen nodes
(scalar payoffs, or mapping payoffs with one to three keys; owners; branch
payoffs; ``COMPLEMENT``; parameters), an objective, and parameter values to
evaluate it at. Formula values come from a tiny grammar this module controls
(parameter arithmetic such as ``1 - q1`` or ``x1 * 3``, and text such as
``"0.5*x1 + 2"``), and each one's meaning is recorded as a Python function of
exact parameter values in :attr:`Model.meanings`, keyed by node path and slot
as :mod:`reference` expects. So the reference knows what every value means
without asking the library.

In about one tree in three some parameters are derived: formulas of the
others (``"q1*q2"``, ``"x1/(1 + q1*q1)"``, a posterior-like ratio, or a
formula of another derived parameter), declared before or after their inputs,
text or sympy; their meaning is in :attr:`Model.derived`, and formulas in the
tree use them like any parameter.

Numbers are exact decimals or rationals, handed to the model as ints, floats
(which mean their decimal value), ``Fraction``\\ s or text. In about one tree
in eight, about one payoff in ten is huge (``1e308``, so float sums overflow) or irrational (``"exp(2)"``,
``"exp(1000)"``; its meaning is then a 60-digit approximation and the model
is marked :attr:`Model.irrational`). Chance nodes share a few named
uncertainties (same labels and probabilities), so the value of information
on a name is well defined; rarely a node reuses a name with other
probabilities, which the library must refuse there.

Trees shrink towards one decision or chance node over terminals with payoff
0, scalar payoffs and no parameters; numbers shrink towards small integers.
Only :func:`models` is a strategy; the private functions take hypothesis's ``draw``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, TypeVar

import attrs
import sympy
from hypothesis import reject
from hypothesis import strategies as st
from reference import Env, Meaning, Path, exact, nodes

import decisiontree as dt
import decisiontree.strategies as dt_st
from decisiontree.formulas import Formula as ModelFormula

__all__ = ["Formula", "Model", "models", "wide_models"]

KEYS = ("A", "B", "C")
MAX_NODES = 15
"""The largest tree drawn."""

T = TypeVar("T")


@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


def _pick(draw: st.DrawFn, items: Sequence[T]) -> T:
    """One of ``items``; shrinks towards the first."""
    return items[draw(_integers(0, len(items) - 1))]


def _one_in(draw: st.DrawFn, n: int) -> bool:
    """True about once in ``n`` draws; shrinks towards False."""
    return draw(_integers(0, n - 1)) == n - 1


@attrs.frozen
class Formula:
    """A value as given to the model, and what it means (a function of the exact parameter values)."""

    value: Any
    meaning: Meaning
    irrational: bool = False


@attrs.frozen
class Uncertainty:
    """A named chance node's outcomes: its labels and the probability of each (a Formula or COMPLEMENT)."""

    name: str
    labels: tuple[str, ...]
    probabilities: tuple[Any, ...]


@attrs.frozen
class Environment:
    """What one tree's nodes are drawn from: its parameters, payoff keys and uncertainties."""

    probability_parameters: tuple[dt.Parameter, ...]
    """Parameters with values in [0, 1], derived ones included."""
    payoff_parameters: tuple[dt.Parameter, ...]
    keys: tuple[str, ...]
    declared: tuple[dt.Parameter, ...] = ()
    """Every parameter, in the order the tree declares them."""
    derived: dict[str, Meaning] = attrs.field(factory=dict, eq=False)
    """The meaning of each derived parameter, each after those it uses."""
    special: bool = False
    """Whether payoffs may be huge or irrational (in about one payoff in ten)."""
    chance_only: bool = False
    """Whether the tree has chance nodes only (no decisions)."""
    uncertainties: dict[int, Uncertainty] = attrs.field(factory=dict, eq=False)
    """The named uncertainties met so far (see :func:`_uncertainty`)."""

    @property
    def parameters(self) -> tuple[dt.Parameter, ...]:
        return self.probability_parameters + self.payoff_parameters

    @property
    def base_parameters(self) -> tuple[dt.Parameter, ...]:
        """The parameters that are not derived (an analysis may set them)."""
        return tuple(p for p in self.declared if not p.derived)


@attrs.define(eq=False)
class Spec:
    """A node before it is built: ``kind`` is "terminal", "chance" or "decision"."""

    kind: str
    name: str
    payoff: Any = None
    branches: list[list[Any]] = attrs.Factory(list)
    """[label, node, probability, payoff] per branch."""
    owner: str | None = None


@attrs.frozen
class Model:
    """A drawn tree, the meaning of its formulas, an objective and parameter values."""

    tree: dt.Tree
    meanings: Mapping[tuple[Path, str, str | None], Meaning]
    objective: Any
    values: Mapping[str, Any]
    irrational: bool
    derived: Mapping[str, Meaning] = attrs.field(factory=dict)
    """The meaning of each derived parameter (see :class:`reference.Reference`)."""


# --------------------------------------------------------------------------- numbers


def _float_form(x: Fraction) -> float | None:
    """``x`` as a float whose decimal value is exactly ``x``, if there is one."""
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return None
    with localcontext() as context:
        context.prec = 40
        number = float(str(Decimal(x.numerator) / Decimal(x.denominator)))
    return number if Fraction(Decimal(repr(number))) == x else None


def _text_form(x: Fraction) -> str:
    number = _float_form(x)
    if number is not None and x.denominator != 1:
        return repr(number)
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def _given_as(draw: st.DrawFn, x: Fraction, *, text: bool = True) -> Any:
    """The number ``x`` as the model may be handed it: int, float, Fraction or text."""
    forms: list[Any] = []
    if x.denominator == 1:
        forms.append(int(x))
    number = _float_form(x)
    if number is not None:
        forms.append(number)
    forms.append(x)
    if text:
        forms.append(_text_form(x))
    return _pick(draw, forms)


def _decimal(draw: st.DrawFn, low: int, high: int, places: int = 2) -> Fraction:
    """An exact number in ``[low, high]``: a multiple of 1/300 (1/30 with ``places=1``).

    So a decimal with up to two (one) digits after the point, or a number of
    thirds, sixths, ... which no float holds; one draw, shrinking towards 0.
    """
    scale = 3 * 10**places
    return Fraction(draw(_integers(low * scale, high * scale)), scale)


def _between(low: Fraction, high: Fraction, share: Fraction) -> Fraction:
    return low + (high - low) * share


def _constant(x: Fraction) -> Meaning:
    return lambda env: x


def _parameter(p: dt.Parameter) -> Meaning:
    return lambda env: env[p.name]


def _rational(x: Fraction) -> sympy.Rational:
    return sympy.Rational(x.numerator, x.denominator)


def _exp(k: int) -> Fraction:
    with localcontext() as context:
        context.prec = 60
        return Fraction(Decimal(k).exp())


# --------------------------------------------------------------------------- payoffs


def _parameter_formula(draw: st.DrawFn, parameters: tuple[dt.Parameter, ...]) -> Formula:
    """A formula in the parameters: parameter arithmetic (sympy) or text."""
    p, q = _pick(draw, parameters), _pick(draw, parameters)
    a = _decimal(draw, -5, 5, places=1)
    b = _decimal(draw, -20, 20, places=1)
    given = _given_as(draw, a, text=False)
    mp, mq = _parameter(p), _parameter(q)
    kind = draw(_integers(0, 7))
    if kind == 0:
        return Formula(p, mp)
    if kind == 1:
        return Formula(p * given, lambda env: mp(env) * a)
    if kind == 2:
        return Formula(given - p, lambda env: a - mp(env))
    if kind == 3:
        return Formula(p * q, lambda env: mp(env) * mq(env))
    if kind == 4:
        return Formula(-p + q * given, lambda env: -mp(env) + mq(env) * a)
    if kind == 5:
        return Formula(f"{_text_form(a)}*{p.name} + {_text_form(b)}", lambda env: a * mp(env) + b)
    if kind == 6:
        return Formula(f"({p.name} - {q.name})*{_text_form(a)}", lambda env: (mp(env) - mq(env)) * a)
    return Formula(f"{p.name}*{q.name} - {_text_form(b)}", lambda env: mp(env) * mq(env) - b)


_HUGE: tuple[Any, ...] = (1e308, -1e308, 1.5e308, "1e308")


def _scalar_payoff(draw: st.DrawFn, env: Environment) -> Formula:
    """A scalar payoff: a constant, a formula in the parameters, rarely huge or irrational."""
    if env.special and _one_in(draw, 10):
        if draw(_integers(0, 1)):
            value = _pick(draw, _HUGE)
            return Formula(value, _constant(exact(value) if isinstance(value, float) else Fraction(value)))
        k = _pick(draw, (1, 2, 1000))
        return Formula(f"exp({k})", _constant(_exp(k)), irrational=True)
    if env.parameters and draw(_integers(0, 1)):
        return _parameter_formula(draw, env.parameters)
    x = _decimal(draw, -100, 100)
    return Formula(_given_as(draw, x), _constant(x))


def _payoff(draw: st.DrawFn, env: Environment) -> Any:
    """A payoff for ``env``: a Formula, or for mapping payoffs ``{key: Formula}``."""
    if not env.keys:
        return _scalar_payoff(draw, env)
    return {key: _scalar_payoff(draw, env) for key in env.keys}


def _branch_payoff(draw: st.DrawFn, env: Environment) -> Any:
    """A branch payoff: mostly none (0), else a payoff; in mapping trees sometimes the scalar 0."""
    if not _one_in(draw, 3):
        return None
    if env.keys and _one_in(draw, 4):
        return Formula(0, _constant(Fraction(0)))
    return _payoff(draw, env)


# --------------------------------------------------------------------------- probabilities


@attrs.frozen
class Factor:
    """A number in [0, 1] for stick breaking.

    As a sympy-able value and as text, its meaning, and its exact value when it is a constant.
    """

    value: Any
    text: str
    meaning: Meaning
    constant: Fraction | None

    def complement(self) -> Factor:
        """One minus this factor."""
        if self.constant is not None:
            return _constant_factor(1 - self.constant)
        m = self.meaning
        return Factor(1 - self.value, f"1 - ({self.text})", lambda env: 1 - m(env), None)


def _constant_factor(x: Fraction) -> Factor:
    return Factor(_rational(x), _text_form(x), _constant(x), x)


def _factor(draw: st.DrawFn, env: Environment) -> Factor:
    """A constant in [0, 1], a probability parameter ``q`` or ``1 - q``."""
    kind = draw(_integers(0, 2 if env.probability_parameters else 0))
    if kind == 0:
        return _constant_factor(_decimal(draw, 0, 1, places=draw(_integers(1, 2))))
    q = _pick(draw, env.probability_parameters)
    factor = Factor(q, q.name, _parameter(q), None)
    return factor if kind == 1 else factor.complement()


def _product(meanings: list[Meaning]) -> Meaning:
    def meaning(env: Env) -> Fraction:
        out = Fraction(1)
        for m in meanings:
            out *= m(env)
        return out

    return meaning


def _probabilities(draw: st.DrawFn, env: Environment, n: int) -> tuple[Any, ...]:
    """``n`` probabilities summing to one by stick breaking; maybe one of them ``COMPLEMENT``.

    Share ``k`` is ``f_k * (1 - f_1) ... (1 - f_{k-1})`` and the last share the
    rest, with each ``f`` a constant in [0, 1], a probability parameter ``q``
    or ``1 - q``; given as numbers, sympy products or text.
    """
    factors = [_factor(draw, env) for _ in range(n - 1)]
    shares: list[Any] = []
    for k in range(n):
        parts = [f.complement() for f in factors[:k]]
        if k < n - 1:
            parts.append(factors[k])
        meaning = _product([f.meaning for f in parts])
        if all(f.constant is not None for f in parts):
            x = meaning({})
            shares.append(Formula(_given_as(draw, x), _constant(x)))
        elif draw(_integers(0, 1)):
            shares.append(Formula("*".join(f"({f.text})" for f in parts), meaning))
        else:
            product: Any = 1
            for f in parts:
                product = product * f.value
            shares.append(Formula(product, meaning))
    complement = draw(_integers(0, n))  # 0: none
    if complement:
        shares[complement - 1] = _pick(draw, (dt.COMPLEMENT, "#"))
    return tuple(shares)


def _labels(draw: st.DrawFn, pool: tuple[str, ...]) -> tuple[str, ...]:
    """The first one to three labels of ``pool``; two at first."""
    return pool[: _pick(draw, (2, 3, 1))]


# --------------------------------------------------------------------------- parameters


def _parameter_within(
    draw: st.DrawFn, name: str, value: Fraction, low: Fraction, high: Fraction
) -> dt.Parameter:
    """A parameter with exactly this value and range, each given as int, float, Fraction or text."""
    try:
        return dt.Parameter(
            name, _given_as(draw, value), low=_given_as(draw, low), high=_given_as(draw, high)
        )
    except dt.ModelError:  # see test_oracle.test_parameter_range_compares_decimal_values
        return dt.Parameter(name, value, low=low, high=high)


def _probability_parameter(draw: st.DrawFn, name: str) -> dt.Parameter:
    low, high = sorted([_decimal(draw, 0, 1), _decimal(draw, 0, 1)])
    return _parameter_within(draw, name, _between(low, high, _decimal(draw, 0, 1)), low, high)


def _payoff_parameter(draw: st.DrawFn, name: str) -> dt.Parameter:
    value = _decimal(draw, -20, 20)
    if _one_in(draw, 4):
        return dt.Parameter(name, _given_as(draw, value))  # no range: no tornado bar, no thresholds
    low = value - _decimal(draw, 0, 20)
    high = value + _decimal(draw, 0, 20)
    return _parameter_within(draw, name, value, low, high)


def _derived_probability(
    draw: st.DrawFn, name: str, qs: tuple[dt.Parameter, ...], earlier: tuple[dt.Parameter, ...]
) -> tuple[dt.Parameter, Meaning]:
    """A derived parameter with values in [0, 1] whatever its inputs (in [0, 1]) are."""
    a, b = _pick(draw, qs), _pick(draw, qs)
    ma, mb = _parameter(a), _parameter(b)
    kind = draw(_integers(0, 4 if earlier else 3))
    if kind == 0:
        value: Any = a * b if draw(_integers(0, 1)) else f"{a.name}*{b.name}"
        return dt.Parameter(name, value), lambda env: ma(env) * mb(env)
    if kind == 1:
        return dt.Parameter(name, f"1 - {a.name}"), lambda env: 1 - ma(env)
    if kind == 2:
        return dt.Parameter(name, f"({a.name} + {b.name})/2"), lambda env: (ma(env) + mb(env)) / 2
    if kind == 3:  # like a posterior: a ratio whose denominator never vanishes
        text = f"{a.name}*{b.name}/({a.name}*{b.name} + (1 - {a.name})*(1 - {b.name}) + 1/2)"

        def posterior(env: Env) -> Fraction:
            joint = ma(env) * mb(env)
            return joint / (joint + (1 - ma(env)) * (1 - mb(env)) + Fraction(1, 2))

        return dt.Parameter(name, text), posterior
    d = _pick(draw, earlier)
    md = _parameter(d)
    return dt.Parameter(name, f"{d.name}*{a.name}"), lambda env: md(env) * ma(env)


def _derived_payoff(
    draw: st.DrawFn,
    name: str,
    xs: tuple[dt.Parameter, ...],
    qs: tuple[dt.Parameter, ...],
    earlier: tuple[dt.Parameter, ...],
) -> tuple[dt.Parameter, Meaning]:
    """A derived payoff parameter: a linear, product or rational formula of the others."""
    x, y = _pick(draw, xs), _pick(draw, xs)
    mx, my = _parameter(x), _parameter(y)
    kind = draw(_integers(0, 3 if earlier else 2))
    if kind == 1 and qs:
        q = _pick(draw, qs)
        mq = _parameter(q)
        value: Any = x * q if draw(_integers(0, 1)) else f"{x.name}*{q.name}"
        return dt.Parameter(name, value), lambda env: mx(env) * mq(env)
    if kind == 2 and qs:
        q = _pick(draw, qs)
        mq = _parameter(q)
        return (
            dt.Parameter(name, f"{x.name}/(1 + {q.name}*{q.name})"),
            lambda env: mx(env) / (1 + mq(env) * mq(env)),
        )
    if kind == 3:
        d = _pick(draw, earlier)
        md = _parameter(d)
        return dt.Parameter(name, f"{d.name} + 3"), lambda env: md(env) + 3
    return dt.Parameter(name, f"2*{x.name} - {y.name}"), lambda env: 2 * mx(env) - my(env)


def _environment(
    draw: st.DrawFn, *, mapping: bool | None, min_parameters: int, chance_only: bool
) -> Environment:
    """Parameters (up to two probabilities ``q1, q2`` and two payoffs ``x1, x2``, sometimes up to
    two of each derived from them: ``dq1, dq2``, ``dx1, dx2``) and keys."""
    n_q = draw(_integers(0, 2))
    n_x = draw(_integers(max(0, min_parameters - n_q), 2))
    qs = tuple(_probability_parameter(draw, f"q{k + 1}") for k in range(n_q))
    xs = tuple(_payoff_parameter(draw, f"x{k + 1}") for k in range(n_x))
    derived: dict[str, Meaning] = {}
    dqs: tuple[dt.Parameter, ...] = ()
    dxs: tuple[dt.Parameter, ...] = ()
    if (qs or xs) and _one_in(draw, 3):
        for k in range(draw(_integers(0, 2)) if qs else 0):
            parameter, meaning = _derived_probability(draw, f"dq{k + 1}", qs, dqs)
            dqs, derived[parameter.name] = (*dqs, parameter), meaning
        for k in range(draw(_integers(0 if dqs else 1, 2)) if xs else 0):
            parameter, meaning = _derived_payoff(draw, f"dx{k + 1}", xs, qs, dxs)
            dxs, derived[parameter.name] = (*dxs, parameter), meaning
    base, extra = qs + xs, dqs + dxs
    declared = extra + base if draw(_integers(0, 1)) else base + extra  # any order is allowed
    if mapping is None:
        mapping = bool(draw(_integers(0, 1)))
    keys = KEYS[: draw(_integers(1, 3))] if mapping else ()
    return Environment(
        qs + dqs,
        xs + dxs,
        keys,
        declared,
        derived,
        special=_one_in(draw, 8),
        chance_only=chance_only,
    )


# --------------------------------------------------------------------------- trees


def _uncertainty(draw: st.DrawFn, env: Environment) -> Uncertainty:
    """One of three named uncertainties, each drawn when first met."""
    k = draw(_integers(0, 2))
    if k not in env.uncertainties:
        labels = _labels(draw, ("x", "y", "z"))
        env.uncertainties[k] = Uncertainty(f"U{k + 1}", labels, _probabilities(draw, env, len(labels)))
    return env.uncertainties[k]


def _inner(draw: st.DrawFn, env: Environment, *, decision: bool) -> Spec:
    """A chance node (of one of the named uncertainties) or a decision; its branches lead nowhere yet."""
    if env.chance_only or (not decision and draw(_integers(0, 1))):
        uncertainty = _uncertainty(draw, env)
        probabilities = uncertainty.probabilities
        if _one_in(draw, 12):  # the same name with other probabilities: not one uncertainty
            probabilities = _probabilities(draw, env, len(uncertainty.labels))
        branches = [
            [label, None, p, _branch_payoff(draw, env)]
            for label, p in zip(uncertainty.labels, probabilities, strict=True)
        ]
        return Spec("chance", uncertainty.name, branches=branches)
    labels = _labels(draw, ("a", "b", "c"))
    branches = [[label, None, None, _branch_payoff(draw, env)] for label in labels]
    owners: tuple[str | None, ...] = (None, *env.keys) if env.keys else (None, None, "Europe")
    return Spec("decision", "D", branches=branches, owner=_pick(draw, owners))


def _grow(draw: st.DrawFn, env: Environment, *, decision_root: bool) -> Spec:
    """A tree grown from an inner root by hanging inner nodes on free branches while a drawn flag says so.

    The branches left free get terminals. Stops before :data:`MAX_NODES`;
    shrinks towards the root alone over terminals.
    """
    root = _inner(draw, env, decision=decision_root)
    free = [(root, k) for k in range(len(root.branches))]
    size = 1 + len(free)
    while size + 3 <= MAX_NODES and draw(_integers(0, 5)):
        parent, k = free.pop(draw(_integers(0, len(free) - 1)))
        node = _inner(draw, env, decision=False)
        parent.branches[k][1] = node
        free += [(node, j) for j in range(len(node.branches))]
        size += len(node.branches)
    for parent, k in free:
        parent.branches[k][1] = Spec("terminal", "T", payoff=_payoff(draw, env))
    return root


class _Builder:
    """Builds the model's nodes from specs, recording each formula's meaning by path and slot."""

    def __init__(self) -> None:
        self.meanings: dict[tuple[Path, str, str | None], Meaning] = {}
        self.irrational = False

    def value(self, given: Any, path: Path, slot: str, key: str | None = None) -> Any:
        if isinstance(given, dict):
            return {k: self.value(v, path, slot, k) for k, v in given.items()}
        if not isinstance(given, Formula):
            return given  # COMPLEMENT, given as such or as "#"
        self.meanings[(path, slot, key)] = given.meaning
        self.irrational = self.irrational or given.irrational
        return given.value

    def build(self, spec: Spec, path: Path) -> Any:
        if spec.kind == "terminal":
            return dt.Terminal(spec.name, payoff=self.value(spec.payoff, path, "terminal"))
        branches = []
        for label, child, probability, payoff in spec.branches:
            below = (*path, label)
            keywords: dict[str, Any] = {}
            if probability is not None:
                keywords["probability"] = self.value(probability, below, "probability")
            if payoff is not None:
                keywords["payoff"] = self.value(payoff, below, "payoff")
            branches.append(dt.Branch(label, self.build(child, below), **keywords))
        if spec.kind == "chance":
            return dt.Chance(spec.name, branches)
        return dt.Decision(spec.name, branches, owner=spec.owner)


_WEIGHTS: tuple[Any, ...] = (1, -1, 0, 2, 0.5, -0.1, Fraction(1, 3), Fraction(-2, 3), 0.3, -0.7)


def _objective(draw: st.DrawFn, keys: tuple[str, ...]) -> Any:
    """None, a key, or ``{key: weight}`` with negative, zero and fractional (also float) weights."""
    if not keys:
        return None
    kind = draw(_integers(0, 2))
    if kind == 0:
        return _pick(draw, keys)
    if kind == 2:
        return None
    chosen = [k for k in keys if draw(_integers(0, 1))] or [_pick(draw, keys)]
    return {k: _pick(draw, _WEIGHTS) for k in chosen}


def _values(draw: st.DrawFn, parameters: tuple[dt.Parameter, ...]) -> dict[str, Any]:
    """Values for some of the parameters, within their ranges, as exact decimals or rationals."""
    out: dict[str, Any] = {}
    for p in parameters:
        if not draw(_integers(0, 1)):
            continue
        if p.low is None or p.high is None:
            low, high = Fraction(-50), Fraction(50)
        else:
            low, high = exact(p.low), exact(p.high)
        out[p.name] = _given_as(draw, _between(low, high, _decimal(draw, 0, 1)), text=False)
    return out


@st.composite
def models(
    draw: st.DrawFn,
    *,
    mapping: bool | None = None,
    decision_root: bool = False,
    chance_only: bool = False,
    min_parameters: int = 0,
) -> Model:
    """A random small tree with the meaning of its formulas, an objective and parameter values.

    The root is a chance or decision node (a decision with ``decision_root``);
    trees have at most :data:`MAX_NODES` nodes.
    ``mapping`` forces mapping (True) or scalar (False) payoffs;
    ``chance_only`` leaves out decisions; ``min_parameters`` asks for at
    least that many parameters.
    """
    env = _environment(draw, mapping=mapping, min_parameters=min_parameters, chance_only=chance_only)
    spec = _grow(draw, env, decision_root=decision_root)
    builder = _Builder()
    try:
        tree = dt.Tree(builder.build(spec, ()), env.declared, name="oracle")
    except dt.DecisionTreeError as error:
        # A constant beyond float range (exp(1000)) may be refused as soon as it is written:
        # that keeps the promise (no silent inf). Any other refusal of a valid model is a bug.
        if "beyond float range" not in str(error):
            raise
        reject()
    return Model(
        tree,
        builder.meanings,
        _objective(draw, tree.actors),
        _values(draw, env.base_parameters),
        builder.irrational,
        env.derived,
    )


# --------------------------------------------------------------------------- the public strategies' trees


BOUNDS = (1e308, 1e300, 1e200, 1e15, 1e-300, 5e-324)
"""Bounds of the numbers in :func:`wide_models`: across the float range, down to its smallest numbers."""


@st.composite
def wide_models(draw: st.DrawFn, *, symbolic: bool = False, decision_root: bool = False) -> Model:
    """The public strategies' trees with numbers up to a bound in :data:`BOUNDS` in size: floats
    written in code (whose decimal values may sum to 1 only within the tolerance, as ``8 / 17``
    and ``9 / 17`` do) or exact numbers, with one or two payoff keys.

    ``symbolic``: with parameters (probabilities and payoffs that are sympy expressions of them);
    what each means is read from its sympy form with sympy's own arithmetic. ``decision_root``: the
    tree is the first option of a decision at the root, whose second is a terminal of payoff 0.
    """
    bound = draw(st.sampled_from(BOUNDS), label="bound")
    actors = draw(st.sampled_from([None, ("A", "B")]), label="actors")
    tree = draw(
        dt_st.trees(
            min_value=-bound,
            max_value=bound,
            exact=draw(st.booleans(), label="exact"),
            actors=actors,
            symbolic=symbolic,
            max_leaves=12,
            max_depth=5,
        )
    )
    if decision_root and not isinstance(tree.root, dt.Decision):
        nothing = dt.Terminal("nothing", payoff=dict.fromkeys(actors, 0) if actors else 0)
        owner = actors[0] if actors else None
        root = dt.Decision("top", [dt.Branch("go", tree.root), dt.Branch("stop", nothing)], owner=owner)
        tree = dt.Tree(root, tree.parameters)
    return Model(tree, _sympy_meanings(tree), actors[0] if actors else None, {}, irrational=False)


def _sympy_meanings(tree: dt.Tree) -> dict[tuple[Path, str, str | None], Meaning]:
    """The meaning of every formula in ``tree``: its sympy form at the exact parameter values."""
    meanings: dict[tuple[Path, str, str | None], Meaning] = {}

    def note(value: Any, path: Path, slot: str) -> None:
        for key, item in value.items() if isinstance(value, Mapping) else [(None, value)]:
            if isinstance(item, ModelFormula):
                meanings[(path, slot, key)] = _sympy_meaning(item.to_sympy())

    for path, node in nodes(tree.root):
        if isinstance(node, dt.Terminal):
            note(node.payoff, path, "terminal")
            continue
        for branch in node.branches:
            note(branch.probability, (*path, branch.label), "probability")
            note(branch.payoff, (*path, branch.label), "payoff")
    return meanings


def _sympy_meaning(expression: Any) -> Meaning:
    def meaning(env: Env) -> Fraction:
        rationals = {s: _rational(env[s.name]) for s in expression.free_symbols}
        number = expression.xreplace(rationals)
        return Fraction(int(number.p), int(number.q))

    return meaning
