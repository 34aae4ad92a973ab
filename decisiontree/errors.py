"""The exception hierarchy: every error the library raises on bad input."""

from __future__ import annotations

import math
import reprlib
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "ArgumentError",
    "DecisionTreeError",
    "DecisionTreeWarning",
    "ExpressionError",
    "FileFormatError",
    "GraphvizNotFoundError",
    "MissingDependencyError",
    "ModelError",
    "NoUncertaintyWarning",
    "NotFoundError",
    "NotRationalError",
    "RenderError",
    "TooLargeError",
    "brief",
    "called",
    "count",
    "finite_floats",
    "flag",
    "format_path",
]

MAX_CELLS = 2 * 10**9
"""The most numbers (8 bytes each) a computation may hold at once before it is refused up front."""


def format_path(path: Sequence[str] | None) -> str:
    """Name a node path in words.

    >>> format_path(("Deploy force", "Ceasefire"))
    'tree > "Deploy force" > "Ceasefire"'
    >>> format_path(())
    'tree (root)'
    """
    if path is None:
        return ""
    if not path:
        return "tree (root)"
    return "tree > " + " > ".join(f'"{label}"' for label in path)


class DecisionTreeError(Exception):
    """Base class of every error raised by decisiontree."""


class ModelError(DecisionTreeError, ValueError):
    """An invalid model; ``.path`` is the tuple of branch labels to the offending node."""

    def __init__(self, message: str, path: Sequence[str] | None = None) -> None:
        self.path: tuple[str, ...] | None = None if path is None else tuple(path)
        self.message = message
        where = format_path(self.path)
        super().__init__(f"{where}: {message}" if where else message)


class NotRationalError(ModelError):
    """A number that exact arithmetic cannot hold, such as ``sqrt(2)``; ``.value`` is its text."""

    def __init__(self, value: str, path: Sequence[str] | None = None) -> None:
        self.value = value
        super().__init__(
            f"{value} is not a rational number; exact arithmetic needs rationals (use exact=False)", path
        )


class ExpressionError(ModelError):
    """Text that cannot be parsed as an expression, or is not allowed in one."""

    def __init__(
        self,
        message: str,
        text: str = "",
        position: int | None = None,
        path: Sequence[str] | None = None,
    ) -> None:
        self.text = text
        self.position = position
        detail = message
        if text:
            shown = text if len(text) <= 80 else text[:77] + "..."
            detail = f"{message} in {shown!r}"
            if position is not None:
                detail += f" at column {position + 1}"
        super().__init__(detail, path)


class ArgumentError(DecisionTreeError, ValueError, TypeError):
    """A bad argument to a function: a wrong type or an impossible value (the model itself is fine)."""


class NotFoundError(ArgumentError, KeyError):
    """No parameter, node, decision or branch answers to the name, label or path asked for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class TooLargeError(ArgumentError):
    """A computation refused up front because it would take too much memory or time."""


class MissingDependencyError(DecisionTreeError, ImportError):
    """An optional library is not installed; the message names the pip extra that brings it."""

    def __init__(self, what: str, package: str, extra: str) -> None:
        self.extra = extra
        super().__init__(f"{what} needs {package}: pip install 'decisiontree[{extra}]'", name=package)


class RenderError(DecisionTreeError, ValueError):
    """Invalid drawing options, or a diagram Graphviz could not draw."""


class GraphvizNotFoundError(DecisionTreeError, RuntimeError):
    """Neither Graphviz's ``dot`` nor the WebAssembly Graphviz is available to draw a diagram."""


class FileFormatError(ModelError):
    """A model file that cannot be read; names the file, line and column where known."""

    def __init__(
        self,
        message: str,
        path: Sequence[str] | None = None,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.file = file
        self.line = line
        self.column = column
        super().__init__(message, path)
        self.message = message
        where = ":".join(str(part) for part in (file, line, column) if part is not None)
        detail = str(self.args[0])
        if where:
            self.args = (f"{where}: {detail}",)

    def __str__(self) -> str:
        return str(self.args[0])


class DecisionTreeWarning(UserWarning):
    """Base class of every warning issued by decisiontree."""


class NoUncertaintyWarning(DecisionTreeWarning):
    """A Monte Carlo analysis of a model in which no parameter has a distribution: every draw is the same."""


_BRIEF = reprlib.Repr()
_BRIEF.maxlevel = 3
_BRIEF.maxtuple = _BRIEF.maxlist = _BRIEF.maxdict = _BRIEF.maxset = _BRIEF.maxfrozenset = 6
_BRIEF.maxstring = _BRIEF.maxlong = _BRIEF.maxother = 60


def brief(value: Any) -> str:
    """A short repr of any value for an error message, in bounded time even for huge nested data.

    >>> brief(list(range(100))), brief(-(10**5000))
    ('[0, 1, 2, 3, 4, 5, ...]', '-(a number of 5,001 digits)')
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:  # reprlib cuts these
        return f"{'-' if value < 0 else ''}(a number of {_digits(abs(value)):,} digits)"
    try:
        return _BRIEF.repr(value)
    except Exception:  # a user's object whose repr fails
        return "(unprintable)"


def _digits(number: int) -> int:
    """How many decimal digits ``number`` (positive) has, without writing it out (Python refuses to
    write out more than 4,300)."""
    digits = int(number.bit_length() * math.log10(2))  # at most one short
    return digits + int(number >= 10**digits)


def among(value: Any, choices: Collection[Any]) -> bool:
    """Whether ``value`` is one of ``choices``, for checking arguments: never an error of its own
    (an array is not compared element by element, nor a list hashed).

    >>> among("tidy", ("tidy", "dot")), among(["tidy"], ("tidy", "dot"))
    (True, False)
    """
    if type(value) is str:  # the common case, and never an error
        return value in choices
    if not isinstance(value, Hashable):
        return False
    try:
        return value in choices
    except ArithmeticError:  # a signalling NaN of decimal compares with an error
        return False


def items(value: Any, what: str, item: str, error: type[Exception] = ModelError) -> tuple[Any, ...]:
    """``value``'s items as a tuple; ``error`` unless it is a sequence (not text or a mapping)
    that can be gone through (a 0-d numpy array claims to be iterable, and is not).

    The one rule for sequences a user gives (branches, parameters, names, ...).

    >>> items(["a", "b"], "names", "text")
    ('a', 'b')
    """
    if not isinstance(value, (str, bytes, Mapping)) and isinstance(value, Iterable):
        try:
            return tuple(value)
        except TypeError:
            pass
    raise error(f"{what} must be a sequence of {item}, got {type(value).__name__} {brief(value)}")


def called(function: Any, what: str, *args: Any, error: type[Exception] = ArgumentError) -> Any:
    """``function(*args)``, a function the user gave: whatever it raises becomes ``error`` naming
    ``what``, the original kept as the cause (the library's own errors pass as they are).

    >>> called(lambda x: 1 / x, "scale", 4)
    0.25
    """
    try:
        return function(*args)
    except DecisionTreeError:
        raise
    except Exception as failure:  # the user's own code: any failure is theirs
        raise error(f"{what} failed: {str(failure)[:200]}") from failure


def finite_floats(value: Any, what: str, error: type[Exception] = ArgumentError) -> np.ndarray:
    """``value``, a number or an array of numbers of any shape, as finite floats; ``error`` naming
    ``what`` for text, numbers beyond float range, things that are not numbers, NaN and infinities.

    The one rule for numbers given in bulk: a distribution's draws, a utility's argument.

    >>> finite_floats([1, 2.5], "the draws").tolist()
    [1.0, 2.5]
    """
    if isinstance(value, (str, bytes)) or getattr(getattr(value, "dtype", None), "kind", "") in ("U", "S"):
        raise error(f"{what} must be numbers, not text: {brief(value)}")
    try:
        array = np.asarray(value, dtype=float)
    except OverflowError:
        raise error(
            f"{what} must be numbers within float range (about 1.8e308), got {brief(value)}"
        ) from None
    except (TypeError, ValueError):
        raise error(f"{what} must be numbers, got {brief(value)}") from None
    if not np.isfinite(array).all():
        raise error(f"{what} must be finite numbers, got {array[~np.isfinite(array)].flat[0]}")
    return array


def flag(value: Any, what: str) -> bool:
    """A yes/no argument (``exact``, ...): ``True`` or ``False`` (numpy's too), else :class:`ArgumentError`.

    >>> flag(True, "exact")
    True
    """
    if value is True or value is False:
        return value  # type: ignore[no-any-return]
    if isinstance(value, np.bool_):
        return bool(value)
    raise ArgumentError(f"{what} must be True or False, got {brief(value)}")


def count(value: Any, what: str, *, minimum: int = 1, maximum: int | None = None, cells: int = 1) -> int:
    """A whole number of at least ``minimum``; refused up front when ``value * cells`` numbers would not fit.

    >>> count(10, "n")
    10
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ArgumentError(f"{what} must be a whole number, got {type(value).__name__} {brief(value)}")
    number = int(value)
    if number < minimum:
        raise ArgumentError(f"{what} must be at least {minimum}, got {_whole(number)}")
    if maximum is not None and number > maximum:
        raise TooLargeError(f"{what} must be at most {maximum:,}, got {_whole(number)}")
    if number * cells > MAX_CELLS:
        memory = f"about {number * cells * 8 / 1e9:,.0f} GB" if number < 2**64 else "more"
        raise TooLargeError(
            f"{what} = {_whole(number)} would need {memory} of memory "
            f"({_whole(number)} x {cells:,} numbers); use a smaller {what}"
        )
    return number


def _whole(number: int) -> str:
    """A whole number for a message, with thousands separators, however large.

    >>> _whole(12345), _whole(-(10**5000))
    ('12,345', '-(a number of 5,001 digits)')
    """
    return f"{number:,}" if abs(number) < 10**40 else brief(number)
