"""Numeric evaluation of sympy expressions over numpy arrays, without generating code.

The compiled core evaluates each distinct expression of a tree for many
parameter draws at once. Walking the (small) expression tree with numpy
operations is fast, needs no compilation step and runs nothing but numpy.

>>> import numpy as np, sympy
>>> p = sympy.Symbol("p", real=True)
>>> evaluate_expression(1 - p**2, {p: np.array([0.0, 0.5, 1.0])})
array([1.  , 0.75, 0.  ])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import sympy

__all__ = ["evaluate_expression"]

_FUNCTIONS: dict[Any, Callable[..., Any]] = {
    sympy.exp: np.exp,
    sympy.log: np.log,
    sympy.Abs: np.abs,
    sympy.sqrt: np.sqrt,
    sympy.sin: np.sin,
    sympy.cos: np.cos,
    sympy.tanh: np.tanh,
}


def evaluate_expression(expression: sympy.Expr, values: Mapping[sympy.Symbol, Any]) -> Any:
    """The value of ``expression`` with each symbol replaced by a number or array.

    Raises ``KeyError`` for a symbol without a value and ``TypeError`` for a
    construct it does not know (callers turn both into model errors).
    """
    with np.errstate(all="ignore"):
        return _value(expression, values)


def _value(node: sympy.Expr, values: Mapping[sympy.Symbol, Any]) -> Any:
    if node.is_Symbol:
        return values[node]
    if node.is_Number or node.is_NumberSymbol:
        return float(node)
    args = [_value(arg, values) for arg in node.args]
    if node.is_Add:
        total = args[0]
        for arg in args[1:]:
            total = total + arg
        return total
    if node.is_Mul:
        product = args[0]
        for arg in args[1:]:
            product = product * arg
        return product
    if node.is_Pow:
        return np.power(args[0], args[1])
    if isinstance(node, sympy.Max):
        return _reduce(np.maximum, args)
    if isinstance(node, sympy.Min):
        return _reduce(np.minimum, args)
    function = _FUNCTIONS.get(node.func)
    if function is not None:
        if node.func is sympy.log and len(args) == 2:
            return np.log(args[0]) / np.log(args[1])
        return function(*args)
    if isinstance(node, sympy.Piecewise):
        result: Any = np.nan
        for (value, _), condition in zip(reversed(args), reversed(node.args), strict=True):
            result = np.where(_condition(condition.cond, values), value, result)
        return result
    raise TypeError(f"cannot evaluate {type(node).__name__} numerically")


def _condition(condition: Any, values: Mapping[sympy.Symbol, Any]) -> Any:
    if condition is sympy.true:
        return True
    if condition is sympy.false:
        return False
    if isinstance(condition, sympy.And):
        return np.logical_and.reduce([_condition(c, values) for c in condition.args])
    if isinstance(condition, sympy.Or):
        return np.logical_or.reduce([_condition(c, values) for c in condition.args])
    if isinstance(condition, sympy.Not):
        return np.logical_not(_condition(condition.args[0], values))
    operators: dict[Any, Callable[[Any, Any], Any]] = {
        sympy.StrictGreaterThan: np.greater,
        sympy.GreaterThan: np.greater_equal,
        sympy.StrictLessThan: np.less,
        sympy.LessThan: np.less_equal,
        sympy.Equality: np.equal,
        sympy.Unequality: np.not_equal,
    }
    operator = operators.get(type(condition))
    if operator is None:
        raise TypeError(f"cannot evaluate condition {condition}")
    return operator(_value(condition.lhs, values), _value(condition.rhs, values))


def _reduce(function: Any, args: list[Any]) -> Any:
    result = args[0]
    for arg in args[1:]:
        result = function(result, arg)
    return result
