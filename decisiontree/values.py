"""Values in a model: numbers, formulas, ``COMPLEMENT`` and per-actor payoffs.

A value is kept as the user gave it when it is a plain number (``int``,
``float``, ``Fraction``), so building big trees costs no parsing; text is
parsed by the safe parser; a :class:`~decisiontree.Parameter`, a sympy
expression or text with parameter names becomes a
:class:`~decisiontree.formulas.Formula`. Floats mean their decimal value in
exact arithmetic.

>>> to_scalar("3/8"), to_scalar(0.5), to_scalar("1 - p")
(Fraction(3, 8), 0.5, Formula('1 - p'))
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, Final, TypeAlias

from .errors import ModelError, brief
from .expressions import MAX_LENGTH, parse_formula
from .formulas import Formula
from .number import as_fraction, as_sympy_number

__all__ = [
    "COMPLEMENT",
    "Payoffs",
    "Scalar",
    "Value",
    "as_sympy",
    "check_text",
    "file_text",
    "is_number",
    "to_payoff",
    "to_probability",
    "to_scalar",
]

Scalar: TypeAlias = "int | float | Fraction | Formula"
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


def check_text(value: Any, what: str) -> str:
    """``value`` if it is text a model file can hold, else a :class:`ModelError`.

    Text must be a ``str`` without lone surrogates (which no file encoding can write).

    >>> check_text("Paris", "name")
    'Paris'
    """
    if type(value) is not str:
        if not isinstance(value, str):
            raise ModelError(f"{what} must be text, got {type(value).__name__} {brief(value)}")
        value = str(value)
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ModelError(
                f"{what} {brief(value)} holds a lone surrogate, which no file can store"
            ) from None
    return value  # type: ignore[no-any-return]


class Payoffs(Mapping[str, "Scalar"]):
    """An immutable, hashable mapping of payoffs per actor or criterion.

    >>> p = Payoffs({"Europe": 10, "US": -5})
    >>> p["US"], sorted(p)
    (-5, ['Europe', 'US'])
    """

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        if items is None:
            items = {}
        if not isinstance(items, Mapping):
            raise ModelError(f"payoffs map actor or criterion names to numbers, got {brief(items)}")
        converted: dict[str, Scalar] = {}
        for key, value in items.items():
            if not isinstance(key, str) or not key:
                raise ModelError(f"payoff keys must be non-empty text, got {brief(key)}")
            check_text(key, "payoff key")
            converted[key] = to_scalar(value, what=f"payoff for {key!r}")
        if not converted:
            raise ModelError("a payoff mapping needs at least one key (write 0 for no payoff)")
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


def _simplest(formula: Formula) -> Scalar:
    """A formula that is just a number as a Python number; anything else stays a formula."""
    if formula.op != "num":
        return formula
    number: Fraction = formula.args[0]
    return number.numerator if number.denominator == 1 else number


def file_text(value: Any) -> str:
    """A number or formula as model files write it: its text, without spaces where the spaced text
    would pass :data:`MAX_LENGTH` (spaces only part operators, so it reads back the same).

    >>> file_text(parse_formula("p + 1"))
    'p + 1'
    """
    text = str(value)
    return text if len(text) <= MAX_LENGTH else text.replace(" ", "")


def _written(formula: Formula, what: str) -> Formula:
    """``formula``, if a model file can hold it (:func:`file_text` at most :data:`MAX_LENGTH`
    characters, what the file reader accepts); else a :class:`ModelError`."""
    try:
        length = len(file_text(formula))
    except RecursionError:
        raise ModelError(f"{what}: expression too deeply nested") from None
    if length > MAX_LENGTH:
        raise ModelError(
            f"{what}: an expression of {length:,} characters as text; a model's expressions are at most "
            f"{MAX_LENGTH:,}, so that its file reads back"
        )
    return formula


def to_scalar(value: Any, *, what: str = "value") -> Scalar:
    """Normalise one number or formula (not ``COMPLEMENT``, not a mapping).

    Plain numbers stay as they are (their range is the tree's check, which
    names the node); text, parameters and sympy expressions become formulas,
    or numbers when they are just numbers.

    >>> to_scalar("3/8"), to_scalar(Fraction(1, 3)), to_scalar(Decimal("0.25"))
    (Fraction(3, 8), Fraction(1, 3), Fraction(1, 4))
    """
    kind = type(value)
    if kind is int or kind is float or kind is Fraction:
        return value  # type: ignore[no-any-return]
    if kind is bool:
        raise ModelError(f"{what} must be a number, not {brief(value)}")
    if kind is Formula:
        return _simplest(_written(value, what))
    if isinstance(value, str):
        return _simplest(_written(parse_formula(value), what))
    formula_of = getattr(type(value), "_formula_", None)
    if formula_of is not None:  # a Parameter
        return formula_of(value)  # type: ignore[no-any-return]
    if isinstance(value, (Decimal, int, float, Fraction)) or _is_numpy_number(value):
        try:
            number = as_fraction(value, what)
        except (TypeError, ValueError) as error:
            raise ModelError(str(error)) from None
        if isinstance(value, float) or (_is_numpy_number(value) and value.dtype.kind == "f"):
            return float(value)
        return number.numerator if number.denominator == 1 else number
    if _is_sympy(value):
        try:
            converted = _from_sympy(value)
        except (ValueError, ZeroDivisionError, ArithmeticError) as error:
            raise ModelError(f"{what}: {error}") from None
        except RecursionError:
            raise ModelError(f"{what}: expression too deeply nested") from None
        except TypeError:  # unhashable: not a sympy expression a model can hold
            raise ModelError(f"{what} must be a number, text or expression, got {brief(value)}") from None
        return _written(converted, what) if type(converted) is Formula else converted
    raise ModelError(
        f"{what} must be a number, text or expression, got {type(value).__name__} {brief(value)}"
    )


@functools.lru_cache(maxsize=4096)
def _from_sympy(expression: Any) -> Scalar:
    """A sympy expression as a formula or number (cached: models repeat the same expressions)."""
    converted = Formula.from_sympy(expression)
    if isinstance(converted, Formula):
        return converted
    return converted.numerator if converted.denominator == 1 else converted


def _is_numpy_number(value: Any) -> bool:
    return hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0 and hasattr(value, "item")


def _is_sympy(value: Any) -> bool:
    return type(value).__module__.startswith("sympy") or any(
        cls.__module__.startswith("sympy") for cls in type(value).__mro__[1:-1]
    )


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
        return value  # type: ignore[no-any-return]
    if isinstance(value, Mapping):
        return Payoffs(value)
    return to_scalar(value, what="payoff")


def is_number(value: object) -> bool:
    """True for a plain number (no parameters)."""
    kind = type(value)
    if kind is int or kind is float or kind is Fraction:
        return True
    return isinstance(value, Formula) and not value.names


def as_sympy(value: Any) -> Any:
    """A model value as sympy: numbers exactly (floats at their decimal value), formulas converted.

    >>> as_sympy(0.1), as_sympy(Fraction(1, 3)), as_sympy(to_scalar("2*p"))
    (1/10, 1/3, 2*p)
    """
    if isinstance(value, Formula):
        return value.to_sympy()
    formula_of = getattr(type(value), "_formula_", None)
    if formula_of is not None:
        return formula_of(value).to_sympy()
    if _is_sympy(value):
        return value
    return as_sympy_number(value)
