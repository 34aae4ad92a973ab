"""The safe expression parser: what text may contain, and that nothing else gets through."""

from __future__ import annotations

import contextlib

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree.expressions import MAX_LENGTH, parse_expression


def symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


p, q = symbol("p"), symbol("q")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 - p", 1 - p),
        ("3/8", sympy.Rational(3, 8)),
        ("0.1 + 0.2 + 0.7", sympy.Integer(1)),
        ("1e-3", sympy.Rational(1, 1000)),
        ("1_000 * p", 1000 * p),
        ("-p**2", -(p**2)),
        ("(p + q) / 2", (p + q) / 2),
        ("min(p, q) + max(p, 1)", sympy.Min(p, q) + sympy.Max(p, 1)),
        ("exp(p) * log(q) + sqrt(4) + abs(-2)", sympy.exp(p) * sympy.log(q) + 4),
        ("log(8, 2)", sympy.Integer(3)),
        ("  +p  ", p),
    ],
)
def test_allowed_text(text: str, expected: sympy.Expr) -> None:
    assert sympy.simplify(parse_expression(text) - expected) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('true')", "not an allowed function"),
        ("p.__class__", "Attribute is not allowed"),
        ("open('x')", "'open' is not an allowed function"),
        ("[p]", "List is not allowed"),
        ("lambda: 1", "Lambda is not allowed"),
        ("p if q else 1", "IfExp is not allowed"),
        ("p < q", "Compare is not allowed"),
        ("'text'", "is not a number"),
        ("True", "is not a number"),
        ("1j", "is not a number"),
        ("2 ^ 3", "write '**'"),
        ("p % 2", "operator Mod is not allowed"),
        ("p // 2", "operator FloorDiv is not allowed"),
        ("1 / 0", "division by zero"),
        ("10 ** 10 ** 10", "more than 1,000 digits"),
        ("sqrt(-1)", "not a real number"),
        ("exp(1000)", "beyond float range"),
        ("(-8)**(1/3)", "not a real number"),
        ("min()", "takes 1..64 arguments"),
        ("exp(p, q)", "takes 1..1 arguments"),
        ("max(p, key=q)", "no keyword arguments"),
        ("exp", "without arguments"),
        ("1 +", "syntax error"),
        ("", "empty expression"),
        ("p\n+ q", "one line"),
        ("(" * 300 + "1" + ")" * 300, "nested"),
        ("1" * (MAX_LENGTH + 1), "longer than"),
    ],
)
def test_refused_text(text: str, message: str) -> None:
    with pytest.raises(dt.ExpressionError, match=message.replace("(", r"\(").replace("*", r"\*")):
        parse_expression(text)


def test_error_carries_text_and_column() -> None:
    with pytest.raises(dt.ExpressionError) as caught:
        parse_expression("p + open('x')")
    assert caught.value.text == "p + open('x')"
    assert caught.value.position == 4
    assert "at column 5" in str(caught.value)


def test_non_text_is_refused() -> None:
    with pytest.raises(dt.ExpressionError, match="expected text"):
        parse_expression(3)  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_any_text_parses_or_raises_an_expression_error(text: str) -> None:
    try:
        result = parse_expression(text)
    except dt.ExpressionError:
        return
    assert isinstance(result, sympy.Expr)
    assert all(s.is_Symbol for s in result.free_symbols)


@given(st.text(alphabet="pq0123456789.+-*/() ", max_size=30))
def test_arithmetic_text_parses_or_raises_an_expression_error(text: str) -> None:
    with contextlib.suppress(dt.ExpressionError):
        parse_expression(text)


def test_numbers_near_the_float_limit_compile_to_their_float() -> None:
    # 1.5e308 is a finite float: a sum with it must not turn into inf (it once did below 1e308 only).
    from decisiontree.expressions import parse_formula

    formula = parse_formula("q + 1.5e308")
    assert formula.compile()({"q": 0.0}) == 1.5e308
    assert parse_formula("-1.7e308").float_value() == -1.7e308
    assert parse_formula("2e308").float_value() == float("inf")  # too big: inf, which the core refuses


def test_columns_count_characters_not_bytes() -> None:
    """Python's syntax tree counts UTF-8 bytes; the column in a message counts characters."""
    with pytest.raises(dt.ExpressionError, match="at column 7"):
        dt.parse_expression("ééé + foo(1)")
    with pytest.raises(dt.ExpressionError, match="not in normal form .* at column 5"):
        dt.parse_expression("é + ｐ")
