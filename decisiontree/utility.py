"""Utility functions: risk attitude for :func:`~decisiontree.evaluate`.

With a utility, decisions maximise the expected utility of the *total* path
payoff; the certainty equivalent is the sure payoff with the same utility.

>>> import numpy as np
>>> u = ExponentialUtility(risk_tolerance=100)
>>> float(u.inverse(u(np.array(50.0))))
50.0
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

from .errors import ArgumentError, brief, called, finite_floats
from .formulas import Formula
from .number import fits_float, number_repr

__all__ = ["ExponentialUtility", "LinearUtility", "Utility", "undefined_at"]


def _positive(instance: Any, attribute: Any, value: float) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and not fits_float(value):
        raise ArgumentError("risk_tolerance beyond float range (about 1.8e308): use inf for risk neutrality")
    if not (isinstance(value, (int, float)) and value > 0) or math.isnan(value):
        raise ArgumentError(f"risk_tolerance must be a positive number (or inf), got {brief(value)}")


def _what(utility: Any, inverse: bool) -> str:
    name = brief(getattr(utility, "name", "utility"))
    return f"the inverse of utility {name}" if inverse else f"utility {name}"


def undefined_at(utility: Any, numbers: np.ndarray, *, inverse: bool = False) -> tuple[np.ndarray, int]:
    """``utility`` at finite ``numbers`` (with ``inverse``: its inverse), one result per number, and the
    flat position of the first number where the result is not a finite number (-1 where every one
    is): the one rule for a utility that does not fit the numbers it is given (a logarithm of a loss).

    >>> undefined_at(Utility(np.log, np.exp, name="log"), np.array([1.0, -1.0]))[1]
    1
    """
    raw = getattr(utility, "_inverse" if inverse else "_utility", None)
    if raw is None:  # a utility of the user's own kind: its methods as they are
        raw = utility.inverse if inverse else utility
    with np.errstate(all="ignore"):
        found = called(lambda x: np.asarray(raw(x), dtype=float), _what(utility, inverse), numbers)
    if found.shape != np.shape(numbers):
        raise ArgumentError(
            f"{_what(utility, inverse)} must give one number for each number it is given, got {brief(found)}"
        )
    bad = np.flatnonzero(~np.isfinite(found))
    return found, int(bad[0]) if len(bad) else -1


def _checked(utility: Any, x: Any, inverse: bool) -> np.ndarray:
    """A utility (or its inverse) at ``x``, called by the user: finite numbers in, finite numbers out."""
    what = _what(utility, inverse)
    numbers = finite_floats(x, f"the numbers given to {what}")
    found, bad = undefined_at(utility, numbers, inverse=inverse)
    if bad >= 0:
        raise ArgumentError(f"{what} is not a finite number at {number_repr(numbers.flat[bad])}")
    return found


def _callable(instance: Any, attribute: Any, value: Any) -> None:
    if not callable(value):
        raise ArgumentError(f"a utility's {attribute.name} must be a function, got {brief(value)}")


def _text(instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise ArgumentError(f"a utility's name must be text, got {brief(value)}")


@attrs.frozen
class Utility:
    """A utility from a pair of functions: ``function(x)`` and its ``inverse(u)``.

    Both must accept numpy arrays. Build one from sympy with
    :meth:`from_expression`.

    >>> u = Utility(np.sqrt, np.square, name="sqrt")
    >>> float(u(np.array(9.0)))
    3.0
    """

    function: Callable[[np.ndarray], np.ndarray] = attrs.field(validator=_callable)
    inverse_function: Callable[[np.ndarray], np.ndarray] = attrs.field(validator=_callable)
    name: str = attrs.field(default="utility", kw_only=True, validator=_text)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return _checked(self, x, False)

    def inverse(self, u: np.ndarray) -> np.ndarray:
        """The payoff whose utility is ``u`` (the certainty equivalent of an expected utility)."""
        return _checked(self, u, True)

    def _utility(self, x: np.ndarray) -> Any:
        return self.function(x)

    def _inverse(self, u: np.ndarray) -> Any:
        return self.inverse_function(u)

    @classmethod
    def from_expression(cls, expression: Any, variable: Any) -> Utility:
        """A utility from a sympy expression in ``variable``; sympy finds the inverse.

        >>> import sympy
        >>> x = sympy.Symbol("x", real=True)
        >>> u = Utility.from_expression(sympy.log(x + 1), x)
        >>> round(float(u.inverse(u(np.array(3.0)))), 9)
        3.0
        """
        import sympy

        # sympy objects only: sympy reads text by evaluating it, and text is never executed here
        if not isinstance(variable, sympy.Symbol):
            raise ArgumentError(
                f"from_expression() takes a sympy Symbol as the variable, got {brief(variable)}"
            )
        if not isinstance(expression, sympy.Expr) or variable not in expression.free_symbols:
            raise ArgumentError(
                f"from_expression() takes a sympy expression in {brief(variable)}, got {brief(expression)}"
            )
        y = sympy.Symbol("_u", real=True)
        try:
            solutions = sympy.solve(sympy.Eq(expression, y), variable)
        except (NotImplementedError, TypeError, ValueError) as error:
            raise ArgumentError(
                f"sympy cannot invert utility {brief(expression)}: {brief(str(error))}"
            ) from None
        if len(solutions) != 1:
            raise ArgumentError(
                f"cannot invert utility {brief(expression)} uniquely ({len(solutions)} solutions)"
            )
        try:
            forward, backward = Formula.from_sympy(expression), Formula.from_sympy(solutions[0])
        except ValueError as error:
            raise ArgumentError(f"utility {brief(expression)}: {error}") from None
        if not isinstance(forward, Formula) or not isinstance(backward, Formula):
            raise ArgumentError(f"utility {brief(expression)} does not depend on {brief(variable)}")
        forward_function, backward_function = forward.compile(), backward.compile()
        x_name, u_name = variable.name, y.name
        made = cls(
            lambda x: forward_function({x_name: np.asarray(x, dtype=float)}),
            lambda u: backward_function({u_name: np.asarray(u, dtype=float)}),
            name=brief(expression),
        )
        _check_inverse(made)
        return made


def _check_inverse(utility: Utility) -> None:
    """An :class:`ArgumentError` unless ``utility.inverse`` undoes ``utility`` where both are defined
    (sympy's ``solve`` is not trusted blindly: a wrong inverse would give wrong certainty equivalents)."""
    x = np.array([-10.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 10.0, 100.0])
    with np.errstate(all="ignore"):  # the functions themselves: undefined where they are not
        u = np.asarray(utility.function(x), dtype=float)
        back = np.asarray(utility.inverse_function(u), dtype=float)
    defined = np.isfinite(u) & np.isfinite(back)
    if not np.allclose(back[defined], x[defined], rtol=1e-9, atol=1e-9):
        wrong = int(np.flatnonzero(defined & ~np.isclose(back, x, rtol=1e-9, atol=1e-9))[0])
        raise ArgumentError(
            f"the inverse sympy found for utility {utility.name} does not undo it "
            f"(at {x[wrong]:g} it gives back {back[wrong]:g})"
        )


@attrs.frozen
class LinearUtility(Utility):
    """Risk neutrality: ``u(x) = x``."""

    function: Callable[[np.ndarray], np.ndarray] = attrs.field(default=np.asarray, init=False)
    inverse_function: Callable[[np.ndarray], np.ndarray] = attrs.field(default=np.asarray, init=False)
    name: str = attrs.field(default="linear", init=False)


@attrs.frozen
class ExponentialUtility:
    """Constant absolute risk aversion: ``u(x) = 1 - exp(-x / R)``.

    ``R`` is the risk tolerance, in payoff units: roughly the largest sum one
    would stake on a fair coin to win ``R`` or lose ``R / 2``. As ``R`` grows
    the decision maker becomes risk neutral; ``R = inf`` is exactly that.

    >>> u = ExponentialUtility(risk_tolerance=10)
    >>> round(float(u(np.array(10.0))), 4)
    0.6321
    """

    risk_tolerance: float = attrs.field(validator=_positive)

    @property
    def name(self) -> str:
        return f"exponential (risk tolerance {self.risk_tolerance:g})"

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return _checked(self, x, False)

    def inverse(self, u: np.ndarray) -> np.ndarray:
        """The payoff whose utility is ``u`` (below 1: utilities of finite payoffs are)."""
        return _checked(self, u, True)

    def _utility(self, x: np.ndarray) -> np.ndarray:
        if math.isinf(self.risk_tolerance):
            return x
        return -np.expm1(-x / self.risk_tolerance)  # type: ignore[no-any-return]

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        if math.isinf(self.risk_tolerance):
            return u
        return np.asarray(-self.risk_tolerance * np.log1p(-u))
