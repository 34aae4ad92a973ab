"""Formulas: arithmetic of parameters, held by the model without sympy.

A :class:`Formula` is a small immutable expression tree: numbers (exact
fractions), parameter names, ``+ - * / **`` and the functions ``min``,
``max``, ``exp``, ``log``, ``sqrt`` and ``abs``. It is what the model keeps
for every value that is not a plain number, whether it came from text
(``"1 - p_hold"``), from parameter arithmetic (``1 - hold``, a sympy
expression) or from sympy directly. One representation serves every use:

- ``str(formula)`` is text the safe parser reads back as the same formula;
- :meth:`Formula.evaluate` computes it exactly with fractions (bounded in size);
- :meth:`Formula.compile` gives a function evaluating it over numpy arrays;
- :meth:`Formula.to_sympy` gives the sympy expression for symbolic work
  (sympy is imported only then).

Building a formula folds exact constants (``"0.1 + 0.2"`` is the number 3/10)
and puts signs in one canonical place, so that printing and parsing again
gives an equal formula.

>>> from decisiontree.expressions import parse_formula
>>> f = parse_formula("1 - p_hold")
>>> f, sorted(f.names), f.evaluate({"p_hold": Fraction(3, 5)})
(Formula('1 - p_hold'), ['p_hold'], Fraction(2, 5))
>>> f.compile()({"p_hold": np.array([0.25, 0.5])})
array([0.75, 0.5 ])
"""

from __future__ import annotations

import math
import operator
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from .errors import ExpressionError
from .number import MAX_DIGITS, check_digits, exact_text, fits_float

__all__ = ["FUNCTIONS", "Formula", "NotExactError", "add", "call", "div", "mul", "name", "neg", "num", "pow_"]

FUNCTIONS: dict[str, tuple[int, int]] = {
    "min": (1, 64),
    "max": (1, 64),
    "exp": (1, 1),
    "log": (1, 2),
    "sqrt": (1, 1),
    "abs": (1, 1),
}
"""The functions a formula may call, with their smallest and largest number of arguments."""

Evaluator = Callable[[Mapping[str, Any]], Any]


class NotExactError(ArithmeticError):
    """A formula whose exact value is not a rational number, or too large to hold."""


class Formula:
    """An immutable, hashable arithmetic formula of named parameters.

    Build formulas with :func:`~decisiontree.expressions.parse_formula` (text)
    or :meth:`from_sympy`; the model does that for you. ``op`` is one of
    ``num name add mul div pow neg call``; ``args`` are numbers, names or
    formulas.

    >>> Formula.from_sympy(__import__("sympy").Symbol("q") * 3 / 4)
    Formula('3*q/4')
    """

    __slots__ = ("_canonical", "_compiled", "_hash", "_names", "_sympy", "args", "op")

    op: str
    args: tuple[Any, ...]
    _canonical: tuple[Any, ...] | None
    _hash: int | None
    _names: frozenset[str] | None
    _compiled: Evaluator | None
    _sympy: Any

    def __init__(self, op: str, args: tuple[Any, ...]) -> None:
        object.__setattr__(self, "op", op)
        object.__setattr__(self, "args", args)
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_names", None)
        object.__setattr__(self, "_compiled", None)
        object.__setattr__(self, "_sympy", None)
        object.__setattr__(self, "_canonical", None)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError("formulas are immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        return (Formula, (self.op, self.args))

    # ------------------------------------------------------------------ identity

    @property
    def canonical(self) -> tuple[Any, ...]:
        """The formula with the terms of sums and products in a fixed order: equal for ``a + b`` and
        ``b + a`` (formulas compare and hash by it, as sympy's canonical forms do)."""
        cached = self._canonical
        if cached is None:
            op, args = self.op, self.args
            if op in ("num", "name"):
                cached = (op, *args)
            elif op == "call":
                cached = (op, args[0], *(a.canonical for a in args[1:]))
            else:
                parts = [a.canonical for a in args]
                if op in ("add", "mul"):
                    parts.sort(key=repr)
                cached = (op, *parts)
            object.__setattr__(self, "_canonical", cached)
        return cached  # type: ignore[no-any-return]

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            cached = hash(self.canonical)
            object.__setattr__(self, "_hash", cached)
        return cached  # type: ignore[no-any-return]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Formula):
            return self is other or (hash(self) == hash(other) and self.canonical == other.canonical)
        if hasattr(other, "free_symbols") and hasattr(other, "xreplace"):  # a sympy expression
            try:
                return bool(self.to_sympy() == other)
            except Exception:  # pragma: no cover - sympy refusing a comparison
                return False
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __repr__(self) -> str:
        return f"Formula({str(self)!r})"

    def __str__(self) -> str:
        return _text(self, 0)

    @property
    def is_number(self) -> bool:
        """True for a formula without parameters (such as ``sqrt(2)``)."""
        return not self.names

    @property
    def names(self) -> frozenset[str]:
        """The parameter names the formula uses."""
        cached = self._names
        if cached is None:
            found: set[str] = set()
            stack: list[Any] = [self]
            while stack:
                item = stack.pop()
                if item.op == "name":
                    found.add(item.args[0])
                elif item.op != "num":
                    stack.extend(a for a in item.args if isinstance(a, Formula))
            cached = frozenset(found)
            object.__setattr__(self, "_names", cached)
        return cached  # type: ignore[no-any-return]

    def parts(self) -> tuple[Formula, ...]:
        """The formulas directly inside this one."""
        return tuple(a for a in self.args if isinstance(a, Formula))

    # ------------------------------------------------------------------ values

    def evaluate(self, values: Mapping[str, Fraction]) -> Fraction:
        """The exact value with each parameter name replaced by a fraction.

        Raises :class:`NotExactError` when the value is irrational (``sqrt(2)``)
        or would have more than :data:`~decisiontree.number.MAX_DIGITS` digits,
        ``ZeroDivisionError`` on a division by zero and ``KeyError`` for a name
        without a value.
        """
        return _exact(self, values)

    def compile(self) -> Evaluator:
        """A function of ``{name: number or array}`` computing the formula with numpy.

        Call it inside ``np.errstate(all="ignore")`` and check the result for
        non-finite numbers; values are floats.
        """
        compiled = self._compiled
        if compiled is None:
            compiled = _compile(self)
            object.__setattr__(self, "_compiled", compiled)
        return compiled  # type: ignore[no-any-return]

    def float_value(self) -> float:
        """The value of a formula without parameters as a float (may be inf or nan)."""
        with np.errstate(all="ignore"):
            return float(self.compile()({}))

    def substitute(self, formulas: Mapping[str, Formula | Fraction | int]) -> Formula | Fraction:
        """The formula with some names replaced by formulas or numbers (folded where exact)."""
        return _substitute(self, formulas)

    # ------------------------------------------------------------------ sympy

    def to_sympy(self) -> Any:
        """The formula as a sympy expression (parameters as real symbols); cached."""
        cached = self._sympy
        if cached is None:
            cached = _to_sympy(self)
            object.__setattr__(self, "_sympy", cached)
        return cached

    def _sympy_(self) -> Any:
        return self.to_sympy()

    @classmethod
    def from_sympy(cls, expression: Any) -> Formula | Fraction:
        """A formula (or an exact number) from a sympy expression.

        Raises ``ValueError`` for what a model cannot hold: ``nan``, infinities,
        complex numbers, relations, piecewise functions and unknown functions.
        """
        return _from_sympy(expression)


# --------------------------------------------------------------------------- building


def num(value: Fraction | int) -> Formula:
    """A number (exact)."""
    return Formula("num", (Fraction(value),))


def name(text: str) -> Formula:
    """A parameter name."""
    return Formula("name", (text,))


def _number(item: Any) -> Fraction | None:
    if isinstance(item, Formula):
        return item.args[0] if item.op == "num" else None  # type: ignore[no-any-return]
    return Fraction(item)


def _formula(item: Any) -> Formula:
    return item if isinstance(item, Formula) else num(item)


def neg(item: Formula | Fraction | int) -> Formula:
    """``-item``, with the sign in its canonical place."""
    item = _formula(item)
    if item.op == "num":
        return num(-item.args[0])
    if item.op == "neg":
        return item.args[0]  # type: ignore[no-any-return]
    return Formula("neg", (item,))


def _fold(
    items: list[Formula], combine: Callable[[Fraction, Fraction], Fraction], constant: Fraction
) -> tuple[list[Formula], int, Fraction]:
    """``items`` with their numbers combined into one: the kept items, where the number stands
    (the place of the first number, -1 if none; its item still holds the old value) and the number.
    """
    first = -1
    kept: list[Formula] = []
    for item in items:
        if item.op == "num":
            if first < 0:
                first = len(kept)
                kept.append(item)
            constant = combine(constant, item.args[0])
        else:
            kept.append(item)
    if first >= 0:
        check_digits(constant)
    return kept, first, constant


def add(*terms: Formula | Fraction | int) -> Formula:
    """The sum of ``terms`` (nested sums flattened, numbers folded where the first number stands)."""
    flat: list[Formula] = []
    for term in map(_formula, terms):
        flat.extend(term.args if term.op == "add" else (term,))
    kept, first, constant = _fold(flat, operator.add, Fraction(0))
    if first >= 0:
        if constant == 0 and len(kept) > 1:
            kept.pop(first)
        else:
            kept[first] = num(constant)
    if len(kept) == 1:
        return kept[0]
    return Formula("add", tuple(kept))


def mul(*factors: Formula | Fraction | int) -> Formula:
    """The product of ``factors`` (flattened, numbers folded, the sign pulled to the front)."""
    flat: list[Formula] = []
    negative = False
    for factor in map(_formula, factors):
        if factor.op == "neg":
            negative = not negative
            factor = factor.args[0]
        flat.extend(factor.args if factor.op == "mul" else (factor,))
    kept, first, constant = _fold(flat, operator.mul, Fraction(1))
    if first >= 0:
        if constant == 0:
            return num(0)
        if constant < 0:
            negative, constant = not negative, -constant
        if constant == 1 and len(kept) > 1:
            kept.pop(first)
        else:
            kept[first] = num(constant)
    product = kept[0] if len(kept) == 1 else Formula("mul", tuple(kept))
    return neg(product) if negative else product


def div(numerator: Formula | Fraction | int, denominator: Formula | Fraction | int) -> Formula:
    """``numerator / denominator``; ``ZeroDivisionError`` when the denominator is the number 0."""
    top, bottom = _formula(numerator), _formula(denominator)
    negative = False
    if top.op == "neg":
        negative, top = True, top.args[0]
    if bottom.op == "neg":
        negative, bottom = not negative, bottom.args[0]
    if bottom.op == "num":
        value = bottom.args[0]
        if value == 0:
            raise ZeroDivisionError("division by zero")
        if value < 0:
            negative, bottom = not negative, num(-value)
        if top.op == "num":
            quotient = top.args[0] / bottom.args[0]
            check_digits(quotient)
            return num(-quotient if negative else quotient)
        if bottom.args[0] == 1:
            return neg(top) if negative else top
    result = Formula("div", (top, bottom))
    return neg(result) if negative else result


def pow_(base: Formula | Fraction | int, exponent: Formula | Fraction | int) -> Formula:
    """``base ** exponent``, folded when both are numbers and the result is exact and not too large."""
    base, exponent = _formula(base), _formula(exponent)
    if base.op == "num" and exponent.op == "num":
        try:
            return num(_power(base.args[0], exponent.args[0]))
        except NotExactError as error:
            if "digits" in str(error):
                raise
        return _real(Formula("pow", (base, exponent)))
    if exponent.op == "num" and exponent.args[0] == 1:
        return base
    return Formula("pow", (base, exponent))


def call(function: str, *arguments: Formula | Fraction | int) -> Formula:
    """A call of one of :data:`FUNCTIONS`, folded when the value is an exact number."""
    items = tuple(map(_formula, arguments))
    result = Formula("call", (function, *items))
    if all(item.op == "num" for item in items):
        try:
            return num(_exact(result, {}))
        except (NotExactError, ValueError, ZeroDivisionError):
            return _real(result)
    return result


def _real(constant: Formula) -> Formula:
    """A formula of numbers only, if its value is a real number within float range; else ``ValueError``."""
    value = constant.float_value()
    if math.isnan(value):
        raise ValueError(f"{constant} is not a real number")
    if math.isinf(value):
        raise ValueError(f"{constant} is beyond float range (about 1.8e308)")
    return constant


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    """``base ** exponent`` exactly; :class:`NotExactError` when irrational or too large."""
    if exponent.denominator != 1:
        if base < 0:
            raise NotExactError(f"({exact_text(base)})**({exact_text(exponent)}) is not a real number")
        root = _exact_root(base, exponent.denominator)
        if root is None:
            raise NotExactError(f"{exact_text(base)}**({exact_text(exponent)}) is not rational")
        base, exponent = root, Fraction(exponent.numerator)
    power = exponent.numerator
    if base == 0:
        if power < 0:
            raise ZeroDivisionError("zero to a negative power")
        return Fraction(0) if power else Fraction(1)
    if base in (1, -1):
        return base**power
    if _too_many_digits(base, abs(power)):
        raise NotExactError(f"{exact_text(base)}**{power} has more than {MAX_DIGITS:,} digits")
    return base**power


def _too_many_digits(base: Fraction, power: Fraction | int) -> bool:
    """Whether ``base`` to the ``power`` (not negative) may have more than :data:`MAX_DIGITS`
    digits in its numerator or denominator (counted from the bit length of its larger part: up to
    twice the true count).

    >>> _too_many_digits(Fraction(2), 1600), _too_many_digits(Fraction(2), 1700)
    (False, True)
    """
    bits = max(abs(base.numerator), base.denominator).bit_length() * power
    return bool(bits * 30103 > MAX_DIGITS * 100000)  # digits = bits * log10(2), in integers: any power


def _exact_root(value: Fraction, degree: int) -> Fraction | None:
    if degree > 64 or value < 0:
        return None
    top, bottom = _integer_root(value.numerator, degree), _integer_root(value.denominator, degree)
    if top is None or bottom is None:
        return None
    return Fraction(top, bottom)


def _integer_root(value: int, degree: int) -> int | None:
    guess = round(value ** (1 / degree)) if value.bit_length() < 1000 else None
    if guess is None:
        return None
    for candidate in (guess - 1, guess, guess + 1):
        if candidate >= 0 and candidate**degree == value:
            return int(candidate)
    return None


# --------------------------------------------------------------------------- exact values


def _exact(formula: Formula, values: Mapping[str, Fraction]) -> Fraction:
    op, args = formula.op, formula.args
    if op == "num":
        return args[0]  # type: ignore[no-any-return]
    if op == "name":
        return values[args[0]]
    if op == "add":
        total = sum((_exact(a, values) for a in args), Fraction(0))
        check_digits(total)
        return total
    if op == "mul":
        product = Fraction(1)
        for a in args:
            product *= _exact(a, values)
            check_digits(product)
        return product
    if op == "neg":
        return -_exact(args[0], values)
    if op == "div":
        quotient = _exact(args[0], values) / _exact(args[1], values)
        check_digits(quotient)
        return quotient
    if op == "pow":
        return _power(_exact(args[0], values), _exact(args[1], values))
    function, rest = args[0], [_exact(a, values) for a in args[1:]]
    if function == "min":
        return min(rest)
    if function == "max":
        return max(rest)
    if function == "abs":
        return abs(rest[0])
    if function == "sqrt":
        root = _exact_root(rest[0], 2)
        if root is None:
            raise NotExactError(f"sqrt({exact_text(rest[0])}) is not rational")
        return root
    if function == "exp" and rest[0] == 0:
        return Fraction(1)
    if function == "log" and rest[0] == 1 and (len(rest) == 1 or rest[1] not in (0, 1)):
        return Fraction(0)
    if function == "log" and len(rest) == 2 and rest[0] > 0 and rest[1] > 0 and rest[1] != 1:
        found = _exact_log(rest[0], rest[1])
        if found is not None:
            return found
    shown = ", ".join(exact_text(r) for r in rest)
    raise NotExactError(f"{function}({shown}) is not rational")


def _exact_log(value: Fraction, base: Fraction) -> Fraction | None:
    """``log(value, base)`` when it is a small whole number."""
    for power in range(-64, 65):
        try:
            if _power(base, Fraction(power)) == value:
                return Fraction(power)
        except (NotExactError, ZeroDivisionError):
            continue
    return None


def _substitute(formula: Formula, formulas: Mapping[str, Any]) -> Formula | Fraction:
    op, args = formula.op, formula.args
    if op == "num":
        return args[0]  # type: ignore[no-any-return]
    if op == "name":
        found = formulas.get(args[0])
        return formula if found is None else found
    parts = [_substitute(a, formulas) for a in (args[1:] if op == "call" else args)]
    built = _BUILDERS[op](*parts) if op != "call" else call(args[0], *parts)
    value = _number(built)
    return built if value is None else value


_BUILDERS: dict[str, Callable[..., Formula]] = {"add": add, "mul": mul, "div": div, "pow": pow_, "neg": neg}


# --------------------------------------------------------------------------- numpy


def _reduced(combine: Any, parts: list[Evaluator]) -> Evaluator:
    """The compiled parts combined left to right by the binary numpy function ``combine``."""
    first, rest = parts[0], parts[1:]

    def reduced(values: Mapping[str, Any]) -> Any:
        result = first(values)
        for part in rest:
            result = combine(result, part(values))
        return result

    return reduced


def _compile(formula: Formula) -> Evaluator:
    op, args = formula.op, formula.args
    if op == "num":
        value = float(args[0]) if fits_float(args[0]) else (math.inf if args[0] > 0 else -math.inf)
        return lambda values: value
    if op == "name":
        key = args[0]
        return lambda values: values[key]
    if op == "neg":
        inner = args[0].compile()
        return lambda values: np.negative(inner(values))
    if op in ("add", "mul"):
        return _reduced(np.add if op == "add" else np.multiply, [a.compile() for a in args])
    if op == "div":
        top, bottom = args[0].compile(), args[1].compile()
        return lambda values: np.divide(top(values), bottom(values))
    if op == "pow":
        scaled = _power_of_tiny_or_huge(formula)
        if scaled is not None:
            return scaled
        base, exponent = args[0].compile(), args[1].compile()
        return lambda values: np.power(np.asarray(base(values), dtype=float), exponent(values))
    function = args[0]
    parts = [a.compile() for a in args[1:]]
    if function in ("min", "max"):
        return _reduced(np.minimum if function == "min" else np.maximum, parts)
    if function == "log" and len(parts) == 2:
        value, base = parts
        return lambda values: np.log(value(values)) / np.log(base(values))
    numpy_function = {"exp": np.exp, "log": np.log, "sqrt": np.sqrt, "abs": np.abs}[function]
    inner = parts[0]
    return lambda values: numpy_function(np.asarray(inner(values), dtype=float))


def _power_of_tiny_or_huge(formula: Formula) -> Evaluator | None:
    """``b**e`` (or ``((b**e1)**e2)...``) for a positive number ``b`` that floats hold only as 0, a
    subnormal or inf (below about 2.2e-308 or above 1.8e308), as ``exp(e1*e2*... * log b)`` from
    the exact ``log b``: ``(10**-400)**(1/100)`` is 10**-4, not 0. ``None`` for other powers, which
    numpy computes as they are.

    >>> from decisiontree.expressions import parse_formula
    >>> [round(parse_formula(t).float_value(), 12) for t in ("(10**-400)**(1/100)", "(10**400)**(1/200)")]
    [0.0001, 100.0]
    """
    chain = []
    inner = formula
    while inner.op == "pow":
        chain.append(inner.args[1])
        inner = inner.args[0]
    if inner.op != "num" or inner.args[0] <= 0:
        return None
    base = inner.args[0]
    if fits_float(base) and float(base) >= sys.float_info.min:
        return None
    logarithm = math.log(base.numerator) - math.log(base.denominator)  # exact integers: any size
    exponents = [exponent.compile() for exponent in chain]

    def power(values: Mapping[str, Any]) -> Any:
        total = exponents[0](values)
        for exponent in exponents[1:]:
            total = np.multiply(total, exponent(values))
        return np.exp(np.multiply(total, logarithm))

    return power


# --------------------------------------------------------------------------- text

_PRECEDENCE = {"add": 1, "neg": 2, "mul": 3, "div": 3, "pow": 5}


_GROUP = 64
"""Terms of a sum (factors of a product) written in one run; longer ones are written in parenthesized
groups, so that reading them back nests a few levels deep instead of one level per term."""


def _text(formula: Formula, context: int) -> str:
    """The text of ``formula``, in parentheses when the surrounding operator binds tighter."""
    op, args = formula.op, formula.args
    if op == "num":
        text = exact_text(args[0])
        needs = ("/" in text and context >= 3) or (text.startswith("-") and context >= 2)
        return f"({text})" if needs else text
    if op == "name":
        return args[0]  # type: ignore[no-any-return]
    if op == "call":
        return f"{args[0]}({', '.join(_text(a, 0) for a in args[1:])})"
    if op in ("add", "mul") and len(args) > _GROUP:  # a long chain nests deep when read: group it
        separator, own = (" + ", 1) if op == "add" else ("*", 3)
        pieces = [_text(a, own) for a in args]  # a negative term reads "a + -b": the same formula
        while len(pieces) > _GROUP:
            pieces = [
                f"({separator.join(pieces[k : k + _GROUP])})" if k + 1 < len(pieces) else pieces[k]
                for k in range(0, len(pieces), _GROUP)
            ]
        text = separator.join(pieces)
        return f"({text})" if own < context else text
    if op == "add":
        pieces = [_text(args[0], 1)]
        for term in args[1:]:
            if term.op == "neg":
                pieces.append(" - " + _text(term.args[0], 2))
            elif term.op == "num" and term.args[0] < 0:
                pieces.append(" - " + _text(num(-term.args[0]), 2))
            else:
                pieces.append(" + " + _text(term, 1))
        text = "".join(pieces)
        own = 1
    elif op == "neg":
        text, own = "-" + _text(args[0], 3), 2
    elif op == "mul":
        text, own = "*".join(_text(a, 3) for a in args), 3
    elif op == "div":
        text, own = f"{_text(args[0], 3)}/{_text(args[1], 4)}", 3
    else:  # pow: right-associative in Python, so both sides in parentheses unless atoms
        text, own = f"{_text(args[0], 6)}**{_text(args[1], 6)}", 5
    return f"({text})" if own < context or (own == context and op in ("div", "pow")) else text


# --------------------------------------------------------------------------- sympy


def _to_sympy(formula: Formula) -> Any:
    import sympy

    expression = _sympy_parts(formula)
    if expression.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise ExpressionError(f"{formula} is not a finite number (it divides by zero)")
    if expression.is_number and expression.is_extended_real is False:
        raise ExpressionError(f"{formula} is not a real number")
    return expression


def _sympy_parts(formula: Formula) -> Any:
    import sympy

    op, args = formula.op, formula.args
    if op == "num":
        value = args[0]
        return (
            sympy.Integer(value.numerator)
            if value.denominator == 1
            else sympy.Rational(value.numerator, value.denominator)
        )
    if op == "name":
        return sympy.Symbol(args[0], real=True)
    parts = [a.to_sympy() for a in (args[1:] if op == "call" else args)]
    if op == "add":
        return sympy.Add(*parts)
    if op == "mul":
        return sympy.Mul(*parts)
    if op == "neg":
        return -parts[0]
    if op == "div":
        return parts[0] / parts[1]
    if op == "pow":
        base, exponent = parts
        _check_power(base, exponent, formula)
        return base**exponent
    functions = {
        "min": sympy.Min,
        "max": sympy.Max,
        "exp": sympy.exp,
        "log": sympy.log,
        "sqrt": sympy.sqrt,
        "abs": sympy.Abs,
    }
    return functions[args[0]](*parts)


def _check_power(base: Any, exponent: Any, shown: Any) -> None:
    """Refuse the sympy power ``base**exponent`` where working it out needs numbers of more than
    :data:`~.number.MAX_DIGITS` digits (sympy would compute them, for ever); ``shown`` names it in
    the message. sympy raises the numbers of the base to the power itself: a rational base, the
    rational factors of a product (``(2*q)**n`` is ``2**n*q**n``) and a power's base
    (``(2**(1/3))**n`` is ``2**(n/3)``).

    >>> import sympy
    >>> q = sympy.Symbol("q")
    >>> _check_power(2 * q, sympy.Integer(10**400), "(2*q)**(10**400)")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    decisiontree.errors.ExpressionError: (2*q)**(10**400) needs numbers of more than 1,000 digits ...
    >>> _check_power(2 * q, sympy.Integer(100), "(2*q)**100")  # 31 digits
    """
    if not exponent.is_Rational:
        return
    for number, power in _raised_numbers(base, exponent):
        if number in (0, 1, -1):
            continue
        power = Fraction(int(power.p), int(power.q))
        # sympy takes whole powers out of a root: its numbers grow with the root's degree too
        # (208202360**(-3385854559759/10**19) ran for ever)
        size = abs(power) if power.denominator == 1 else max(abs(power), Fraction(power.denominator))
        if _too_many_digits(Fraction(int(number.p), int(number.q)), size):
            text = str(shown)  # only now: a big expression takes long to write out
            text = text if len(text) <= 80 else f"{text[:40]}...{text[-20:]}"
            raise ExpressionError(
                f"{text} needs numbers of more than {MAX_DIGITS:,} digits in exact arithmetic"
            )


def _raised_numbers(base: Any, exponent: Any) -> Iterator[tuple[Any, Any]]:
    """The rational numbers that sympy may raise to a rational power working out ``base**exponent``
    (a rational ``exponent``), each with that power."""
    if base.is_Rational:
        yield base, exponent
    elif base.is_Pow and base.exp.is_Rational:
        yield from _raised_numbers(base.base, base.exp * exponent)
    elif base.is_Mul:
        for factor in base.args:
            yield from _raised_numbers(factor, exponent)


def sympy_substitute(expression: Any, replace: Mapping[Any, Any]) -> Any:
    """A sympy ``expression`` with ``replace``'s keys replaced by its values, as sympy's ``xreplace``
    does, refusing with :class:`~.errors.ExpressionError` a power that the numbers put in would
    make too large to work out exactly (see :func:`_check_power`): the one way the library puts
    numbers into sympy expressions.

    >>> import sympy
    >>> q = sympy.Symbol("q")
    >>> sympy_substitute(q**2 + 1, {q: sympy.Rational(1, 2)})
    5/4
    >>> sympy_substitute((q - 1)**(q + 10**400), {q: 2})
    1
    >>> sympy_substitute((q - 5)**(q + 10**400), {q: 2})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    decisiontree.errors.ExpressionError: (q - 5)**(q + 1000...000) needs numbers of more than 1,000 digits ...
    """
    import sympy

    def walk(e: Any) -> tuple[Any, bool]:
        if e in replace:
            return replace[e], True
        changed = False
        args = []
        for a in e.args:
            if isinstance(a, sympy.Basic):
                a, moved = walk(a)
                changed |= moved
            args.append(a)
        if not changed:
            return e, False
        if e.is_Pow:
            _check_power(args[0], args[1], e)
        return e.func(*args), True

    return walk(expression)[0] if replace else expression


def _from_sympy(expression: Any) -> Formula | Fraction:
    import sympy

    def convert(item: Any) -> Formula:
        if isinstance(item, sympy.Rational):
            return num(Fraction(int(item.p), int(item.q)))
        if isinstance(item, sympy.Float):
            from .number import as_fraction

            if not item.is_finite:
                raise ValueError(f"{item} is not a finite number")
            return num(as_fraction(str(item)))
        if isinstance(item, sympy.Symbol):
            return name(item.name)
        if item is sympy.E:
            return call("exp", 1)
        if item.is_Add:  # in the order sympy prints them: "2*a - b", not "-b + 2*a"
            return add(*(convert(a) for a in item.as_ordered_terms()))
        if item.is_Mul:
            top, bottom = [], []
            for factor in item.args:
                if factor.is_Pow and factor.exp.is_Rational and factor.exp < 0:
                    bottom.append(convert(factor.base ** (-factor.exp)))
                elif isinstance(factor, sympy.Rational) and factor.q != 1:
                    top.append(num(Fraction(int(factor.p))))
                    bottom.append(num(Fraction(int(factor.q))))
                else:
                    top.append(convert(factor))
            numerator = mul(*top) if top else num(1)
            return div(numerator, mul(*bottom)) if bottom else numerator
        if item.is_Pow:
            base, exponent = item.args
            if exponent == sympy.Rational(1, 2):
                return call("sqrt", convert(base))
            if exponent.is_Rational and exponent < 0:
                return div(num(1), convert(base ** (-exponent)))
            return pow_(convert(base), convert(exponent))
        functions = {sympy.exp: "exp", sympy.log: "log", sympy.Abs: "abs", sympy.Max: "max", sympy.Min: "min"}
        function = functions.get(item.func)
        if function is not None:
            arity = FUNCTIONS[function]
            if not arity[0] <= len(item.args) <= arity[1]:
                raise ValueError(f"{function}() with {len(item.args)} arguments")
            return call(function, *(convert(a) for a in item.args))
        if item in (sympy.nan, sympy.oo, -sympy.oo, sympy.zoo) or item.has(sympy.nan, sympy.oo, sympy.zoo):
            raise ValueError(f"{item} is not a finite number")
        if item.has(sympy.I) or item.is_real is False:
            raise ValueError(f"{item} is not a real number")
        raise ValueError(f"{type(item).__name__} ({item}) is not allowed in a model value")

    if not isinstance(expression, sympy.Expr):
        raise ValueError(f"{expression!r} is not a numeric expression")
    formula = convert(expression)
    return formula.args[0] if formula.op == "num" else formula  # type: ignore[no-any-return]


def names_of(values: Iterable[Any]) -> frozenset[str]:
    """The parameter names used by any formula among ``values``."""
    found: set[str] = set()
    for value in values:
        if isinstance(value, Formula):
            found |= value.names
    return frozenset(found)
