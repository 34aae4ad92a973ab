"""The safe expression parser: text such as ``"1 - p_hold"`` to a :class:`~decisiontree.formulas.Formula`.

Text is parsed with Python's own parser (``ast.parse``, which never runs
anything) and then walked against an allow-list: numbers, names, ``+ - * / **``,
parentheses, unary signs and the functions of :data:`~decisiontree.formulas.FUNCTIONS`.
Anything else is an :class:`~decisiontree.errors.ExpressionError`. Decimal
literals keep their decimal value (``"0.1"`` is exactly 1/10), and no number,
written or computed while folding constants, may exceed
:data:`~decisiontree.number.MAX_DIGITS` digits.

>>> parse_formula("0.1 + 0.2"), parse_formula("max(p, 1 - p) * 3/8")
(Formula('0.3'), Formula('max(p, 1 - p)*3/8'))
"""

from __future__ import annotations

import ast
import functools
import re
from typing import Any

from .errors import ExpressionError
from .formulas import FUNCTIONS, Formula, NotExactError, add, call, div, mul, name, neg, num, pow_
from .number import MAX_DIGITS, as_fraction

__all__ = [
    "FUNCTIONS",
    "MAX_LENGTH",
    "MAX_NAME",
    "RESERVED",
    "check_name",
    "parse_expression",
    "parse_formula",
]

MAX_LENGTH = 10_000
"""Longest expression text accepted."""
MAX_NAME = 1_000
"""The longest parameter name: far below :data:`MAX_LENGTH`, so that a formula of a few names is
written in a file that reads back."""

RESERVED = frozenset({"True", "False", "None", *FUNCTIONS})
"""Names that cannot be parameters: Python's constants and the functions of formulas."""

_LONG_NUMBER = re.compile(r"\d[\d_]{" + str(MAX_DIGITS) + ",}")


def check_name(text: object) -> str | None:
    """Why ``text`` cannot name a parameter, or ``None`` when it can.

    A name is a Python identifier in its normal (NFKC) form that is neither a
    keyword nor reserved, so that the text format writes and reads it back.

    >>> check_name("p_hold"), check_name("lambda"), check_name("ｐ")
    (None, "'lambda' is a Python keyword", "'ｐ' is not in normal form (it reads as 'p')")
    """
    import keyword
    import unicodedata

    if not isinstance(text, str):
        return f"a name must be text, got {type(text).__name__}"
    if len(text) > MAX_NAME:
        return f"a name is at most {MAX_NAME:,} characters, got {len(text):,} ({text[:20]!r}...)"
    if not text.isidentifier():
        return f"{text!r} is not an identifier (letters, digits and underscores, not starting with a digit)"
    normal = unicodedata.normalize("NFKC", text)
    if normal != text:
        return f"{text!r} is not in normal form (it reads as {normal!r})"
    if keyword.iskeyword(text) or keyword.issoftkeyword(text):
        return f"{text!r} is a Python keyword"
    if text in RESERVED:
        return f"{text!r} is reserved (a constant or a function of formulas)"
    return None


def parse_formula(text: str) -> Formula:
    """Parse ``text`` into a :class:`~decisiontree.formulas.Formula`, safely (cached).

    Names become parameter names (whether they are declared is the tree's
    check, not the parser's).

    >>> parse_formula("__import__('os')")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    decisiontree.errors.ExpressionError: '__import__' is not an allowed function ...
    """
    if not isinstance(text, str):
        raise ExpressionError(f"expected text, got {type(text).__name__}")
    return _parse(text)


def parse_expression(text: str) -> Any:
    """Parse ``text`` into a sympy expression, safely (through :func:`parse_formula`).

    >>> parse_expression("1 - p_hold"), parse_expression("0.1 + 0.2")
    (1 - p_hold, 3/10)
    """
    return parse_formula(text).to_sympy()


@functools.lru_cache(maxsize=4096)
def _parse(text: str) -> Formula:
    """Parse (cached: formulas are immutable, and models repeat the same text)."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression longer than {MAX_LENGTH:,} characters", text[:40] + "...")
    stripped = text.strip()
    if not stripped:
        raise ExpressionError("empty expression", text)
    if "\n" in stripped or "\r" in stripped:
        raise ExpressionError("an expression must be on one line", text)
    long = _LONG_NUMBER.search(stripped)
    if long:
        raise ExpressionError(f"a number with more than {MAX_DIGITS:,} digits", text, long.start())
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        column = (error.offset - 1) if error.offset else None
        detail = f" ({error.msg})" if error.msg and error.msg != "invalid syntax" else ""
        raise ExpressionError(f"syntax error{detail}", text, column) from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError("expression too deeply nested", text) from None
    try:
        return _Walker(stripped).walk(tree.body)
    except RecursionError:
        raise ExpressionError("expression too deeply nested", text) from None
    except _RejectedError as error:
        raise ExpressionError(error.args[0], text, error.args[1]) from None
    except ZeroDivisionError:
        raise ExpressionError("division by zero", text) from None
    except (ArithmeticError, ValueError, TypeError) as error:
        raise ExpressionError(str(error), text) from None


class _RejectedError(Exception):
    """Raised inside the walker with (message, column); becomes an ExpressionError."""


class _Walker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.encoded = text.encode("utf-8")  # ast's offsets count UTF-8 bytes

    def source(self, node: ast.AST) -> str:
        """The text of ``node``: the expression is one line, so a slice (``ast.get_source_segment``
        splits the whole text into lines at every call, quadratic in the length)."""
        start, end = getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)
        if start is None or end is None:
            return ""
        return self.encoded[start:end].decode("utf-8", errors="replace")

    def fail(self, message: str, node: ast.AST) -> _RejectedError:
        offset = getattr(node, "col_offset", None)  # in UTF-8 bytes: the column counts characters
        if offset is not None:
            offset = len(self.encoded[:offset].decode("utf-8", errors="ignore"))
        return _RejectedError(message, offset)

    def walk(self, node: ast.AST) -> Formula:
        if isinstance(node, ast.Constant):
            return self.number(node)
        if isinstance(node, ast.Name):
            if node.id in FUNCTIONS:
                raise self.fail(f"function {node.id!r} used without arguments", node)
            written = self.source(node)
            if written != node.id:
                raise self.fail(f"name {written!r} is not in normal form (it reads as {node.id!r})", node)
            return name(node.id)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = self.walk(node.operand)
            return neg(operand) if isinstance(node.op, ast.USub) else operand
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        kind = type(node).__name__
        raise self.fail(f"{kind} is not allowed (only numbers, names, + - * / ** and a few functions)", node)

    def number(self, node: ast.Constant) -> Formula:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"{value!r} is not a number", node)
        source = self.source(node) or repr(value)
        try:
            return num(as_fraction(source.replace("_", "") if isinstance(value, float) else value))
        except (ValueError, TypeError) as error:
            raise self.fail(f"{source!r} is not a usable number ({error})", node) from None

    def binary(self, node: ast.BinOp) -> Formula:
        if isinstance(node.op, ast.BitXor):
            raise self.fail("'^' is not a power here; write '**'", node)
        left = self.walk(node.left)
        right = self.walk(node.right)
        try:
            if isinstance(node.op, ast.Add):
                return add(left, right)
            if isinstance(node.op, ast.Sub):
                return add(left, neg(right))
            if isinstance(node.op, ast.Mult):
                return mul(left, right)
            if isinstance(node.op, ast.Div):
                return div(left, right)
            if isinstance(node.op, ast.Pow):
                return pow_(left, right)
        except ZeroDivisionError:
            raise self.fail("division by zero", node) from None
        except NotExactError as error:
            raise self.fail(str(error), node) from None
        except ValueError as error:  # not a real number, or beyond float range: the message says which
            raise self.fail(str(error), node) from None
        raise self.fail(f"operator {type(node.op).__name__} is not allowed", node)

    def call(self, node: ast.Call) -> Formula:
        function = node.func.id if isinstance(node.func, ast.Name) else None
        if function not in FUNCTIONS:
            shown = function if function is not None else self.source(node.func)
            raise self.fail(f"{shown!r} is not an allowed function", node)
        if node.keywords:
            raise self.fail(f"{function}() takes no keyword arguments", node)
        low, high = FUNCTIONS[function]
        if not low <= len(node.args) <= high:
            raise self.fail(f"{function}() takes {low}..{high} arguments, got {len(node.args)}", node)
        if any(isinstance(arg, ast.Starred) for arg in node.args):
            raise self.fail(f"{function}() takes plain arguments", node)
        return call(function, *(self.walk(arg) for arg in node.args))
