"""Values in a model: numbers, expressions, ``COMPLEMENT`` and per-actor payoffs.

A value is kept as the user gave it when it is a plain number (``int``,
``float``, ``Fraction``), so building big trees costs no sympy work; text is
parsed by :func:`~decisiontree.expressions.parse_expression`; parameters become
their sympy symbols. Floats mean their decimal value in exact arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, TypeAlias

import sympy

from .errors import ModelError
from .expressions import parse_expression, rational

__all__ = [
    "COMPLEMENT",
    "Payoffs",
    "Scalar",
    "Value",
    "as_float",
    "as_fraction",
    "as_sympy",
    "is_number",
    "to_payoff",
    "to_probability",
    "to_scalar",
]

Scalar: TypeAlias = "int | float | Fraction | sympy.Expr"
Value: TypeAlias = "Scalar | Payoffs"


class _Complement:
    """The rest of a chance node's probability; written ``#`` in files."""

    _instance: _Complement | None = None

    def __new__(cls) -> _Complement:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "COMPLEMENT"

    def __reduce__(self) -> str:
        return "COMPLEMENT"


COMPLEMENT: Final = _Complement()
"""On at most one branch of a chance node: one minus the other probabilities."""


class Payoffs(Mapping[str, "Scalar"]):
    """An immutable, hashable mapping of payoffs per actor or criterion.

    >>> p = Payoffs({"Europe": 10, "US": -5})
    >>> p["US"], sorted(p)
    (-5, ['Europe', 'US'])
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        converted: dict[str, Scalar] = {}
        for key, value in (items or {}).items():
            if not isinstance(key, str) or not key:
                raise ModelError(f"payoff keys must be non-empty text, got {key!r}")
            converted[key] = to_scalar(value, what=f"payoff for {key!r}")
        self._items = converted

    def __getitem__(self, key: str) -> Scalar:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(frozenset(self._items))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._items) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Payoffs({self._items!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Payoffs, (self._items,))


_NOT_NUMERIC = (
    sympy.logic.boolalg.BooleanFunction,
    sympy.logic.boolalg.BooleanAtom,
    sympy.core.relational.Relational,
)


def to_scalar(value: Any, *, what: str = "value") -> Scalar:
    """Normalise one number or expression (not ``COMPLEMENT``, not a mapping).

    >>> to_scalar("3/8"), to_scalar(0.5), to_scalar(Fraction(1, 3))
    (Fraction(3, 8), 0.5, Fraction(1, 3))
    """
    kind = type(value)
    if kind is int or kind is float or kind is Fraction:
        return value  # type: ignore[no-any-return]
    if isinstance(value, bool):
        raise ModelError(f"{what} must be a number, not {value!r}")
    if isinstance(value, str):
        expression = parse_expression(value)
        return _simplest(expression)
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr) or isinstance(value, _NOT_NUMERIC):
            raise ModelError(f"{what} must be a numeric expression, got {value!r}")
        return _simplest(value)
    sympy_form = getattr(value, "_sympy_", None)
    if sympy_form is not None:  # a Parameter
        return sympy_form()  # type: ignore[no-any-return]
    if isinstance(value, Decimal):
        return Fraction(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if hasattr(value, "dtype") and hasattr(value, "item") and getattr(value, "ndim", 1) == 0:
        return to_scalar(value.item(), what=what)  # a numpy scalar
    raise ModelError(f"{what} must be a number, text or expression, got {type(value).__name__} {value!r}")


def _simplest(expression: sympy.Expr) -> Scalar:
    """Plain numbers as Python numbers; anything with symbols stays sympy."""
    if isinstance(expression, sympy.Integer):
        return int(expression)
    if isinstance(expression, sympy.Rational):
        return Fraction(int(expression.p), int(expression.q))
    return expression


def to_probability(value: Any) -> Scalar | _Complement | None:
    """Normalise a branch probability: a scalar, ``COMPLEMENT`` (also ``"#"``) or None."""
    kind = type(value)
    if kind is float or kind is int:
        return value  # type: ignore[no-any-return]
    if value is None or value is COMPLEMENT:
        return value
    if isinstance(value, str) and value.strip() == "#":
        return COMPLEMENT
    return to_scalar(value, what="probability")


def to_payoff(value: Any) -> Value:
    """Normalise a payoff: a scalar or a per-actor mapping."""
    kind = type(value)
    if kind is int or kind is float:
        return value  # type: ignore[no-any-return]
    if kind is Payoffs:
        return value
    if isinstance(value, Mapping):
        return Payoffs(value)
    return to_scalar(value, what="payoff")


def is_number(value: object) -> bool:
    """True for a plain number (no free symbols)."""
    kind = type(value)
    if kind is int or kind is float or kind is Fraction:
        return True
    return isinstance(value, sympy.Expr) and not value.free_symbols


def as_fraction(value: Any) -> Fraction:
    """The exact value of a number: floats by their decimal text.

    >>> as_fraction(0.1)
    Fraction(1, 10)
    """
    kind = type(value)
    if kind is int or kind is Fraction:
        return Fraction(value)
    if kind is float:
        if not math.isfinite(value):
            raise ValueError(f"{value} is not finite")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, sympy.Expr):
        if value.free_symbols:
            raise ValueError(f"{value} has free symbols")
        raise ValueError(f"{value} is not a rational number; exact evaluation needs rationals")
    return Fraction(value)


def as_sympy(value: Any) -> sympy.Expr:
    """A number or expression as sympy (floats exactly at their decimal value); never text.

    >>> as_sympy(0.1), as_sympy(Fraction(1, 3))
    (1/10, 1/3)
    """
    kind = type(value)
    if kind is int:
        return sympy.Integer(value)
    if kind is float:
        return rational(value)
    if kind is Fraction:
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, sympy.Expr):
        return value
    raise TypeError(f"expected a number or sympy expression, got {type(value).__name__}")


def as_float(value: Any) -> float:
    """The value of a number as a float."""
    return float(value)
