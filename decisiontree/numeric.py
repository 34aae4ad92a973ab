"""Numeric evaluation of sympy expressions over numpy arrays, without generating code.

The compiled core evaluates each distinct expression of a tree for many
parameter draws at once. Each expression is turned once into a small tree of
Python closures over numpy operations (cached), so evaluating it is a handful
of vectorised operations; nothing but numpy runs.

>>> import numpy as np, sympy
>>> p = sympy.Symbol("p", real=True)
>>> evaluate_expression(1 - p**2, {p: np.array([0.0, 0.5, 1.0])})
array([1.  , 0.75, 0.  ])
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy

__all__ = ["compile_expression", "evaluate_expression"]

Evaluator = Callable[[Mapping[sympy.Symbol, Any]], Any]

_FUNCTIONS: dict[Any, Callable[..., Any]] = {
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.Abs: np.abs,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tanh: np.tanh,
}

_COMPARISONS: dict[Any, Callable[[Any, Any], Any]] = {
    sympy.StrictGreaterThan: np.greater,
    sympy.GreaterThan: np.greater_equal,
    sympy.StrictLessThan: np.less,
    sympy.LessThan: np.less_equal,
    sympy.Equality: np.equal,
    sympy.Unequality: np.not_equal,
}


def evaluate_expression(expression: sympy.Expr, values: Mapping[sympy.Symbol, Any]) -> Any:
    """The value of ``expression`` with each symbol replaced by a number or array.

    Raises ``KeyError`` for a symbol without a value and ``TypeError`` for a
    construct it does not know (callers turn both into model errors).
    """
    evaluator = compile_expression(expression)
    with np.errstate(all="ignore"):
        return evaluator(values)


@functools.lru_cache(maxsize=8192)
def compile_expression(expression: sympy.Basic) -> Evaluator:
    """A function of ``{symbol: value}`` computing ``expression`` with numpy (cached).

    Call it inside ``np.errstate(all="ignore")`` and check the result for
    non-finite numbers, as :func:`evaluate_expression` does.
    """
    node = expression
    if node.is_Symbol:
        return lambda values: values[node]
    if node.is_Number or node.is_NumberSymbol:
        number = float(node)
        return lambda values: number
    if isinstance(node, (sympy.And, sympy.Or, sympy.Not)) or type(node) in _COMPARISONS:
        return _condition(node)
    if node is sympy.true or node is sympy.false:
        truth = bool(node)
        return lambda values: truth
    parts = [compile_expression(arg) for arg in node.args]
    if node.is_Add:
        return _fold(np.add, parts)
    if node.is_Mul:
        return _fold(np.multiply, parts)
    if node.is_Pow:
        base, exponent = parts
        return lambda values: np.power(base(values), exponent(values))
    if isinstance(node, sympy.Max):
        return _fold(np.maximum, parts)
    if isinstance(node, sympy.Min):
        return _fold(np.minimum, parts)
    if node.func is sympy.log and len(parts) == 2:
        value, base = parts
        return lambda values: np.log(value(values)) / np.log(base(values))
    function = _FUNCTIONS.get(node.func)
    if function is not None:
        return lambda values: function(*(part(values) for part in parts))
    if isinstance(node, sympy.Piecewise):
        pieces = [(compile_expression(value), compile_expression(cond)) for value, cond in node.args]

        def piecewise(values: Mapping[sympy.Symbol, Any]) -> Any:
            result: Any = np.nan
            for value, condition in reversed(pieces):
                result = np.where(condition(values), value(values), result)
            return result

        return piecewise
    raise TypeError(f"cannot evaluate {type(node).__name__} numerically")


def _fold(operation: Any, parts: list[Evaluator]) -> Evaluator:
    first, rest = parts[0], parts[1:]

    def fold(values: Mapping[sympy.Symbol, Any]) -> Any:
        result = first(values)
        for part in rest:
            result = operation(result, part(values))
        return result

    return fold


def _condition(node: Any) -> Evaluator:
    if isinstance(node, (sympy.And, sympy.Or)):
        parts = [compile_expression(arg) for arg in node.args]
        combine = np.logical_and if isinstance(node, sympy.And) else np.logical_or
        return _fold(combine, parts)
    if isinstance(node, sympy.Not):
        inner = compile_expression(node.args[0])
        return lambda values: np.logical_not(inner(values))
    compare = _COMPARISONS[type(node)]
    left, right = compile_expression(node.lhs), compile_expression(node.rhs)
    return lambda values: compare(left(values), right(values))
