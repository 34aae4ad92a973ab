"""Inputs the long fuzz campaign (tools/fuzz_campaign.py) found breaking the promise: each now
gets the library's own error, quickly."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
import sympy

import decisiontree as dt
from decisiontree.errors import DecisionTreeError, ExpressionError, FileFormatError, ModelError


@pytest.fixture(scope="module")
def paris() -> dict[str, Any]:
    return dt.to_dict(dt.load("examples/paris_summit.yaml"))


def refused(function: Any, *args: Any, match: str, error: type = DecisionTreeError, **kwargs: Any) -> None:
    with pytest.raises(error, match=match):
        function(*args, **kwargs)


def test_plain_data_that_crashed_the_reader(paris: dict[str, Any]) -> None:
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    data = copy.deepcopy(paris)
    data["parameters"]["deterrence"]["distribution"] = {"type": "Empirical", "values": nested}
    refused(dt.from_dict, data, match="lists nested more than 8 deep", error=FileFormatError)

    data = copy.deepcopy(paris)
    data["tree"]["branches"][2]["node"]["branches"][1] = 10**5000  # shown briefly, not by str()
    refused(dt.from_dict, data, match=r"must be a mapping, got the number 1000", error=FileFormatError)

    data = copy.deepcopy(paris)
    data["version"] = Decimal("sNaN")  # cannot even be compared
    refused(dt.from_dict, data, match="format version .* is not known", error=FileFormatError)

    data = copy.deepcopy(paris)
    data["parameters"] = sympy.Eq(sympy.Symbol("p_hold"), 1)  # has no truth value
    refused(dt.from_dict, data, match="parameters must be a mapping", error=FileFormatError)


def test_an_empty_tagged_integer_in_yaml() -> None:
    refused(dt.loads, 'tree: {kind: terminal, name: t, payoff: !!int ""}', match="1:41: .* is not an integer")


def test_a_parameter_beyond_float_range_evaluates_exactly_only() -> None:
    tree = dt.Tree(dt.Terminal("t", payoff="p"), parameters=[dt.Parameter("p", "abs(-1e400)")])
    refused(dt.evaluate, tree, match="beyond float range.*exact=True", error=ModelError)  # OverflowError
    assert dt.evaluate(tree, exact=True).value == sympy.Integer(10) ** 400


def test_expressions_too_big_or_not_real_for_sympy() -> None:
    refused(dt.parse_expression, "-(((0.0016012464780194)**(13621419.5)))", match="more than 1,000 digits")
    refused(dt.parse_expression, "log(log(3/8))", match="not a real number", error=ExpressionError)
    assert str(dt.parse_expression("2**(1/2)")) == "sqrt(2)"


def test_psa_of_payoffs_near_the_float_limit_has_a_finite_spread() -> None:
    gamble = dt.Chance(
        "c",
        [
            dt.Branch("a", dt.Terminal("a", payoff="x"), probability=0.5),
            dt.Branch("b", dt.Terminal("b", payoff=1e308), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("risky", gamble), dt.Branch("safe", dt.Terminal("s", payoff=1e308))]),
        parameters=[dt.Parameter("x", 1.5e308, distribution=dt.Uniform(1.4e308, 1.6e308))],
    )
    result = dt.psa(tree, 200, seed=1)
    assert 1.2e308 < result.mean["risky"] < 1.3e308  # sums of these values overflow to inf
    assert 0 < result.sd["risky"] < 1e307 and result.sd["safe"] == 0


def test_arguments_of_the_wrong_kind_or_size_found_by_the_campaign(tmp_path: Any) -> None:
    from fractions import Fraction

    from decisiontree.errors import ArgumentError, RenderError

    tree = dt.load("examples/paris_summit.yaml")
    refused(dt.render, tree, Fraction(1, 3), match="path must be a file name", error=RenderError)
    refused(dt.to_dot, tree, actors=0, match="actors must be an actor's name", error=RenderError)
    refused(dt.ExponentialUtility, risk_tolerance=10**400, match="beyond float range", error=ArgumentError)
    refused(dt.Normal, 0, 10**400, match="sd is beyond float range", error=ModelError)
