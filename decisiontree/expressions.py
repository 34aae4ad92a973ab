"""The safe expression parser: text such as ``"1 - p_hold"`` to a sympy expression.

Text is parsed with Python's own parser (``ast.parse``, which never runs
anything) and then walked against an allow-list: numbers, names, ``+ - * / **``,
parentheses, unary signs and a few functions. Anything else is an
:class:`~decisiontree.errors.ExpressionError`. Decimal literals keep their
decimal value: ``"0.1"`` is exactly 1/10.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

import sympy

from .errors import ExpressionError

__all__ = ["FUNCTIONS", "MAX_LENGTH", "parse_expression", "rational", "symbol"]

MAX_LENGTH = 10_000
"""Longest expression text accepted."""

_MAX_EXPONENT = 10_000

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "min": sympy.Min,
    "max": sympy.Max,
    "exp": sympy.exp,
    "log": sympy.log,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
}
"""The functions an expression may call, by name."""

_ARITY = {"min": (1, 64), "max": (1, 64), "exp": (1, 1), "log": (1, 2), "sqrt": (1, 1), "abs": (1, 1)}

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def symbol(name: str) -> sympy.Symbol:
    """The sympy symbol standing for the parameter ``name`` (real-valued).

    >>> symbol("p_hold")
    p_hold
    """
    return sympy.Symbol(name, real=True)


def rational(value: int | float | Fraction | Decimal | str) -> sympy.Rational:
    """An exact sympy number; floats and decimal text keep their decimal value.

    >>> rational(0.1)
    1/10
    """
    if isinstance(value, float):
        value = Decimal(repr(value))
    fraction = Fraction(value)
    return sympy.Rational(fraction.numerator, fraction.denominator)


def parse_expression(text: str) -> sympy.Expr:
    """Parse ``text`` into a sympy expression, safely.

    Names become real sympy symbols (whether they are declared parameters is
    the tree's check, not the parser's).

    >>> parse_expression("1 - p_hold")
    1 - p_hold
    >>> parse_expression("0.1 + 0.2")
    3/10
    >>> parse_expression("__import__('os')")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    decisiontree.errors.ExpressionError: '__import__' is not an allowed function ...
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected text, got {type(text).__name__}")
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> sympy.Expr:
    """Parse (cached: expressions are immutable, and models repeat the same text)."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH} characters", text[:40] + "...")
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("empty expression", text)
    if "\n" in stripped or "\r" in stripped:
        raise ExpressionError("an expression must be on one line", text)
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        column = (error.offset - 1) if error.offset else None
        detail = f" ({error.msg})" if error.msg and error.msg != "invalid syntax" else ""
        raise ExpressionError(f"syntax error{detail}", text, column) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression too deeply nested", text) from None
    try:
        result = _Walker(stripped).walk(tree.body)
    except RecursionError:
        raise ExpressionError("expression too deeply nested", text) from None
    except _RejectedError as error:
        raise ExpressionError(error.args[0], text, error.args[1]) from None
    except (ArithmeticError, ValueError, TypeError) as error:
        raise ExpressionError(f"cannot compute ({error})", text) from None
    if not isinstance(result, sympy.Expr):
        raise ExpressionError("not a numeric expression", text)
    if result.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo, sympy.I):
        raise ExpressionError("expression is not a finite real number (division by zero?)", text)
    return result


class _RejectedError(Exception):
    """Raised inside the walker with (message, column); becomes an ExpressionError."""


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, message: str, node: ast.AST) -> _RejectedError:
        return _RejectedError(message, getattr(node, "col_offset", None))

    def walk(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise self.fail(f"function {node.id!r} used without arguments", node)
            return symbol(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.walk(node.operand)
            return -operand if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        kind = type(node).__name__
        raise self.fail(f"{kind} is not allowed (only numbers, names, + - * / ** and a few functions)", node)

    def number(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{value!r} is not a number", node)
        if isinstance(value, int):
            return sympy.Integer(value)
        source = ast.get_source_segment(self.text, node) or repr(value)
        try:
            return rational(Decimal(source.replace("_", "")))
        except (InvalidOperation, ValueError, OverflowError):
            raise self.fail(f"{source!r} is not a finite number", node) from None

    def binary(self, node: ast.BinOp) -> sympy.Expr:
        if isinstance(node.op, ast.BitXor):
            raise self.fail("'^' is not a power here; write '**'", node)
        left = self.walk(node.left)
        right = self.walk(node.right)
        if isinstance(node.op, ast.Pow):
            if right.is_number and abs(right) > _MAX_EXPONENT:
                raise self.fail(f"exponent larger than {_MAX_EXPONENT}", node)
            return left**right
        operation = _BINARY.get(type(node.op))
        if operation is None:
            raise self.fail(f"operator {type(node.op).__name__} is not allowed", node)
        if isinstance(node.op, ast.Div) and right == 0:
            raise self.fail("division by zero", node)
        return operation(left, right)

    def call(self, node: ast.Call) -> sympy.Expr:
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            shown = name if name is not None else ast.get_source_segment(self.text, node.func)
            raise self.fail(f"{shown!r} is not an allowed function", node)
        if node.keywords:
            raise self.fail(f"{name}() takes no keyword arguments", node)
        low, high = _ARITY[name]
        if not low <= len(node.args) <= high:
            raise self.fail(f"{name}() takes {low}..{high} arguments, got {len(node.args)}", node)
        args = [self.walk(arg) for arg in node.args]
        return FUNCTIONS[name](*args)
