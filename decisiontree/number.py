"""Exact numbers: the one place that turns numbers into rationals, sympy numbers and text.

A float means its decimal value (``0.1`` is exactly 1/10, as pygambit reads
it), text such as ``"3/8"`` or ``"0.25"`` is exact, and no number may hold more
than :data:`MAX_DIGITS` digits, so that no computation on a hostile input can
run for hours.

>>> as_fraction(0.1), as_fraction("3/8"), exact_text(Fraction(1, 10)), exact_text(Fraction(1, 3))
(Fraction(1, 10), Fraction(3, 8), '0.1', '1/3')
>>> json_number(Fraction(3, 8)), json_number(Fraction(1, 3)), json_number(2**60)
(0.375, '1/3', '1152921504606846976')
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction
from typing import Any

from .errors import ArgumentError, brief, called

__all__ = [
    "EXACT_BITS",
    "MAX_DIGITS",
    "as_fraction",
    "as_sympy_number",
    "check_digits",
    "exact_bits",
    "exact_text",
    "fits_float",
    "format_number",
    "formatter",
    "is_plain_number",
    "json_number",
    "number_repr",
    "real_float",
    "vouched_digits",
]

MAX_DIGITS = 1000
"""The most digits a numerator or denominator may have (about 3,300 bits)."""

EXACT_BITS = 200_000_000
"""The most bits the exact numbers of one computation may hold in all (about 25 MB).

Exact arithmetic on deep trees grows its numbers with the depth (a chain of
100,000 chances of 9/10 ends in numbers of 100,000 digits), so the work and
memory grow with the square of the depth; past this the computation is refused.
"""

_LIMIT = 10**MAX_DIGITS
_DECIMAL = re.compile(r"[+-]?(\d[\d_]*)?(\.\d*)?([eE][+-]?\d+)?")


def is_plain_number(value: object) -> bool:
    """True for an ``int`` (not a ``bool``), a ``float`` or a ``Fraction``."""
    kind = type(value)
    return kind is int or kind is float or kind is Fraction


def check_digits(value: int | Fraction, what: str = "number") -> None:
    """Raise ``ValueError`` if ``value`` has more than :data:`MAX_DIGITS` digits."""
    if type(value) is int:
        if -_LIMIT < value < _LIMIT:
            return
    elif -_LIMIT < value.numerator < _LIMIT and value.denominator < _LIMIT:  # type: ignore[union-attr]
        return
    raise ValueError(f"{what} has more than {MAX_DIGITS:,} digits")


def _from_text(text: str) -> Fraction:
    """``"3/8"``, ``"-2"``, ``"0.25"``, ``"1e-3"`` as an exact fraction, checking the size first."""
    stripped = text.strip()
    numerator, slash, denominator = stripped.partition("/")
    if slash:
        return _from_text(numerator) / _nonzero(_from_text(denominator), text)
    if not _DECIMAL.fullmatch(stripped) or not any(c.isdigit() for c in stripped):
        raise ValueError(f"{brief(text)} is not a number")
    try:
        decimal = Decimal(stripped.replace("_", ""))
    except InvalidOperation:
        raise ValueError(f"{brief(text)} is not a number") from None
    return _from_decimal(decimal)


def _nonzero(value: Fraction, text: str) -> Fraction:
    if value == 0:
        raise ValueError(f"{brief(text)} divides by zero")
    return value


def _from_decimal(decimal: Decimal) -> Fraction:
    if not decimal.is_finite():
        raise ValueError(f"{decimal} is not a finite number")
    if decimal.is_zero():
        return Fraction(0)
    digits = len(decimal.as_tuple().digits)
    exponent = decimal.as_tuple().exponent
    assert isinstance(exponent, int)
    if abs(exponent) + digits > MAX_DIGITS:
        raise ValueError(f"{decimal:.6g} has more than {MAX_DIGITS:,} digits")
    return Fraction(decimal)


def as_fraction(value: Any, what: str = "number") -> Fraction:
    """The exact value of a number: floats by their decimal text, text such as ``"3/8"``.

    Accepts ``int``, ``float``, ``Fraction``, ``Decimal``, sympy rationals,
    numpy numbers and text. Raises ``ValueError`` for anything that is not a
    finite rational number of at most :data:`MAX_DIGITS` digits, and
    ``TypeError`` for what is not a number at all.

    >>> as_fraction(0.6), as_fraction("1e-3"), as_fraction(Decimal("2.50"))
    (Fraction(3, 5), Fraction(1, 1000), Fraction(5, 2))
    """
    kind = type(value)
    if kind is int:
        check_digits(value, what)
        return Fraction(value)
    if kind is Fraction:
        check_digits(value, what)
        return value  # type: ignore[no-any-return]
    if kind is float:
        if not math.isfinite(value):
            raise ValueError(f"{what} {value} is not finite")
        return Fraction(Decimal(repr(value)))
    if kind is bool:
        raise TypeError(f"{what} must be a number, not {brief(value)}")
    if isinstance(value, str):
        return _from_text(value)
    if isinstance(value, Decimal):
        return _from_decimal(value)
    if isinstance(value, int):
        return as_fraction(int(value), what)
    if isinstance(value, float):
        return as_fraction(float(value), what)
    if isinstance(value, Fraction):
        return as_fraction(Fraction(value.numerator, value.denominator), what)
    numerator, denominator = getattr(value, "p", None), getattr(value, "q", None)
    if type(numerator) is int and type(denominator) is int:  # a sympy Rational
        return as_fraction(Fraction(numerator, denominator), what)
    if hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0 and hasattr(value, "item"):
        return as_fraction(value.item(), what)  # a numpy number
    if getattr(value, "is_number", False):
        raise ValueError(f"{what} {value} is not a rational number")
    raise TypeError(f"{what} must be a number, got {type(value).__name__}")


def exact_bits(numbers: Any) -> int:
    """The bits of the numerators and denominators of ``numbers`` (Fractions, ints or sympy
    rationals; other values count 0), an iterable or a numpy array of objects.

    >>> exact_bits([Fraction(3, 8), 5])  # 2 + 4 bits, then 3 + 1
    10
    """
    total = 0
    for x in numbers.flat if hasattr(numbers, "flat") else numbers:
        kind = type(x)
        if kind is Fraction or kind is int:
            total += x.numerator.bit_length() + x.denominator.bit_length()
            continue
        top, bottom = getattr(x, "p", None), getattr(x, "q", None)  # a sympy rational
        if type(top) is int and type(bottom) is int:
            total += top.bit_length() + bottom.bit_length()
    return total


def fits_float(value: Any) -> bool:
    """True when ``float(value)`` is finite (a real number within float range)."""
    try:
        return math.isfinite(real_float(value))
    except OverflowError:
        return False


WORKING_DIGITS = 4 * MAX_DIGITS + 100
"""The most digits :func:`vouched_digits` works with to find a sympy number's first ones."""


def real_float(value: Any) -> float:
    """``float(value)``, right to the last digit also for an exact sympy number that is not rational
    (a radical, a root of a polynomial). sympy's own ``float`` works those out with a few more
    digits than it shows, so a difference of nearly equal large numbers comes out wrong (a switch
    point of exactly 5/2 written with 400-digit numbers showed as 1.7e274); here they go through
    :func:`vouched_digits`.

    >>> import sympy
    >>> big = sympy.Integer(10) ** 200
    >>> value = sympy.sqrt(big**2 + 1) - big  # 1/(2*10**200), nearly
    >>> float(value), real_float(value)
    (1.8092513943330656e+75, 5e-201)
    """
    if getattr(value, "is_number", False) and not getattr(value, "is_Rational", True):
        value = vouched_digits(value, 17)
    return float(value)


def vouched_digits(value: Any, digits: int) -> Any:
    """An exact sympy number as a sympy ``Float`` of ``digits`` digits that sympy vouches for,
    working with as many more as they need, up to :data:`WORKING_DIGITS`; zero where sympy still
    cannot tell the number from zero (it is then below ``10**-1000`` times its parts).

    >>> import sympy
    >>> big = sympy.Integer(10) ** 200
    >>> vouched_digits(sympy.sqrt(big**2 + 1) - big, 5), vouched_digits(sympy.sqrt(2) ** 2 - 2, 5)
    (5.0000e-201, 0)
    """
    import sympy
    from sympy.core.evalf import PrecisionExhausted

    try:
        return sympy.N(value, digits, maxn=WORKING_DIGITS, strict=True)
    except PrecisionExhausted:
        return sympy.Float(0)


def as_sympy_number(value: Any) -> Any:
    """A number as an exact sympy number (floats at their decimal value).

    >>> as_sympy_number(0.1), as_sympy_number(Fraction(3, 8)), as_sympy_number(4)
    (1/10, 3/8, 4)
    """
    import sympy

    fraction = _fraction(value)  # a computed exact number may have any number of digits
    if fraction.denominator == 1:
        return sympy.Integer(fraction.numerator)
    return sympy.Rational(fraction.numerator, fraction.denominator)


def _terminating(fraction: Fraction) -> bool:
    denominator = fraction.denominator
    for factor in (2, 5):
        while denominator % factor == 0:
            denominator //= factor
    return denominator == 1


def _fraction(value: Any) -> Fraction:
    """A computed number as a fraction, whatever its size (inputs are checked by :func:`as_fraction`)."""
    kind = type(value)
    if kind is Fraction:
        return value  # type: ignore[no-any-return]
    if kind is int:
        return Fraction(value)
    numerator, denominator = getattr(value, "p", None), getattr(value, "q", None)
    if type(numerator) is int and type(denominator) is int:  # a sympy Rational
        return Fraction(numerator, denominator)
    if kind is float and math.isfinite(value):
        return Fraction(Decimal(repr(value)))
    return as_fraction(value)


_STR_LIMIT = 10**4000
"""Integers below this in size are written by ``str`` (within Python's 4,300-digit limit)."""


def _integer_text(number: int) -> str:
    """Every digit of an integer, also beyond Python's 4,300-digit limit for ``str``."""
    return str(number) if -_STR_LIMIT < number < _STR_LIMIT else str(Decimal(number))


def exact_text(value: Any, *, decimals: bool = True) -> str:
    """The exact text of a number that :func:`as_fraction` reads back: ``"3"``, ``"0.1"``, ``"1/3"``.

    Short exact decimals are used where they exist (unless ``decimals=False``),
    fractions otherwise; numbers of any size are written in full.

    >>> exact_text(3), exact_text(0.375), exact_text(Fraction(2, 3)), exact_text(Fraction(-1, 8))
    ('3', '0.375', '2/3', '-0.125')
    """
    fraction = _fraction(value)
    if fraction.denominator == 1:
        return _integer_text(fraction.numerator)
    if decimals and _terminating(fraction) and fraction.denominator <= 10**12:
        sign = "-" if fraction < 0 else ""
        whole, rest = divmod(abs(fraction.numerator), fraction.denominator)
        places = 0
        scale = 1
        while (rest * scale) % fraction.denominator:
            scale *= 10
            places += 1
        digits = str(rest * scale // fraction.denominator).rjust(places, "0")
        return f"{sign}{whole}.{digits}"
    return f"{_integer_text(fraction.numerator)}/{_integer_text(fraction.denominator)}"


def json_number(value: Any) -> Any:
    """A number for JSON: an ``int`` or ``float`` when that is exact, else its exact text.

    JSON has no fractions and no numbers beyond float range; such numbers, and
    integers a float would round, are written as exact text, so a JSON file never
    holds ``Infinity`` or a rounded value.

    >>> json_number(5), json_number(0.25), json_number(Fraction(1, 3)), json_number(2**2000)[:12]
    (5, 0.25, '1/3', '114813069527')
    """
    if type(value) is float:
        return value if math.isfinite(value) else str(value)
    fraction = _fraction(value)
    if fraction.denominator == 1:
        return fraction.numerator if abs(fraction.numerator) < 2**53 else exact_text(fraction)
    as_float = float(fraction) if fits_float(fraction) else math.inf
    if math.isfinite(as_float) and Fraction(as_float) == fraction:
        return as_float
    return exact_text(fraction)


def format_number(value: Any, digits: int = 6) -> str:
    """A number shown for people: ``digits`` significant digits, float noise removed.

    ``20.000000000000085`` shows as ``20``, ``1.7768e-15`` next to nothing as
    ``0`` only when it is below ``1e-12`` in size; exact fractions keep their
    short exact form.

    >>> format_number(20.000000000000085), format_number(0.1 + 0.2), format_number(Fraction(1, 3))
    ('20', '0.3', '1/3')
    >>> format_number(1234567.891), format_number(-13.000000000000014), format_number(2.5e-20)
    ('1.23457e+06', '-13', '0')
    """
    if isinstance(value, Fraction) or (type(value) is int) or getattr(value, "is_Rational", False):
        fraction = _fraction(value)
        if fraction.denominator == 1 and abs(fraction.numerator) < 10**12:
            return str(fraction.numerator)
        if max(abs(fraction.numerator), fraction.denominator) < 10**12:
            text = exact_text(fraction, decimals=False)
            if len(text) <= 12:
                return text
        if not fits_float(fraction):
            return _scientific(fraction, digits)
        value = float(fraction)
    number = real_float(value)
    if not math.isfinite(number):
        return str(number)
    if abs(number) < 1e-12:
        return "0"
    shown = f"{number:.{digits}g}"
    if "e" not in shown and "." in shown:
        shown = shown.rstrip("0").rstrip(".")
    return "0" if shown in ("-0", "0") else shown


def number_repr(value: Any) -> str:
    """The ``repr`` of a result's number field: :func:`format_number` for numbers, also inside
    mappings and tuples, ``repr`` for the rest (``attrs.field(repr=number_repr)``).

    >>> number_repr(15.599999999999998), number_repr({"go": -13.000000000000014}), number_repr(None)
    ('15.6', "{'go': -13}", 'None')
    >>> number_repr((0.30000000000000004, Fraction(1, 3)))
    '(0.3, 1/3)'
    """
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key!r}: {number_repr(item)}" for key, item in value.items()) + "}"
    if isinstance(value, tuple):
        items = [number_repr(item) for item in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return repr(value)
    if isinstance(value, (int, float, Fraction)) or getattr(value, "is_number", False):
        try:
            return format_number(value)
        except (TypeError, ValueError):
            return repr(value)
    if hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0:  # a numpy number
        return format_number(float(value))
    return repr(value)


def _scientific(fraction: Fraction, digits: int) -> str:
    """A number beyond float range in scientific notation (``1.23457e+602``)."""
    with localcontext() as context:
        context.prec = digits
        decimal = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    return f"{decimal:.{digits - 1}e}".replace("e+", "e+").replace("E", "e")


def formatter(
    spec: Any, name: str, default: Callable[[Any], str], error: type[Exception] = ArgumentError
) -> Callable[[Any], str]:
    """A number formatter from ``None`` (``default``), a format string (``"{:,.0f}"`` or ``",.0f"``) or
    a function giving text: the one rule for every ``number_format`` and table formatter a user gives.

    Whatever the user's own string or function does wrong, for any number, is an ``error`` naming
    ``name`` (see :func:`~decisiontree.errors.called`), as is a result that is not text.

    >>> formatter(",.0f", "number", format_number)(1234.5)
    '1,234'
    """
    if spec is None:
        return default
    if isinstance(spec, str):
        template = spec if "{" in spec else "{:" + spec + "}"
        function: Callable[[Any], Any] = template.format
    elif callable(spec):
        function = spec
    else:
        raise error(f"{name} must be a format string such as '{{:,.0f}}' or a function, got {brief(spec)}")

    what = f"{name} {brief(spec)}"

    def formatted(x: Any) -> str:
        text = called(function, what, x, error=error)
        if not isinstance(text, str):
            raise error(f"{name} must give text, got {type(text).__name__} from {brief(spec)}")
        return text

    formatted(0.5)  # refused at once, before any work
    return formatted
