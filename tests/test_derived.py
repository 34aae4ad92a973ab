"""Derived parameters: formulas of other parameters, in code and in files, through every analysis.

The market test of issue 14 (prior P(strong) = 0.4, sensitivity 0.8,
specificity 0.7, test cost 5) is written here with the chance of a
favourable test and the two posteriors as derived parameters. Its numbers are
worked by hand in the comments, from the payoffs (national 120 / -60,
regional 50 / -10, abandon 0), and checked against the plain recursive
evaluator of ``tests/reference.py``, which knows nothing of formulas: the
meaning of each derived parameter is given to it as a Python function.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
import sympy
from reference import Reference
from shared_trees import umbrella

import decisiontree as dt

BASE = ("p_strong", "sensitivity", "specificity", "test_cost")

DERIVED = {
    "p_favourable": lambda e: e["sensitivity"] * e["p_strong"] + (1 - e["specificity"]) * (1 - e["p_strong"]),
    "p_strong_if_favourable": lambda e: e["sensitivity"] * e["p_strong"] / e["p_favourable"],
    "p_strong_if_unfavourable": lambda e: (1 - e["sensitivity"]) * e["p_strong"] / (1 - e["p_favourable"]),
}
"""What the derived parameters mean, for the reference evaluator (in dependency order)."""


def market(probability: Any, strong: int, weak: int) -> dt.Chance:
    return dt.Chance(
        "Market",
        [
            dt.Branch("strong", dt.Terminal("strong", payoff=strong), probability=probability),
            dt.Branch("weak", dt.Terminal("weak", payoff=weak), probability=dt.COMPLEMENT),
        ],
    )


def launch(probability: Any) -> dt.Decision:
    return dt.Decision(
        "Launch",
        [
            dt.Branch("national", market(probability, 120, -60)),
            dt.Branch("regional", market(probability, 50, -10)),
            dt.Branch("abandon", dt.Terminal("abandon")),
        ],
    )


def market_test(*, distributions: bool = False) -> dt.Tree:
    """The market test, the posteriors as derived parameters declared before their inputs."""
    p_strong = dt.Parameter(
        "p_strong", 0.4, low=0, high=1, distribution=dt.Beta(4, 6) if distributions else None
    )
    sensitivity = dt.Parameter(
        "sensitivity", 0.8, low=0, high=1, distribution=dt.Uniform(0.7, 0.9) if distributions else None
    )
    specificity = dt.Parameter("specificity", 0.7, low=0, high=1)
    test_cost = dt.Parameter("test_cost", 5, low=0, high=30)
    favourable = dt.Parameter(
        "p_favourable",
        sensitivity * p_strong + (1 - specificity) * (1 - p_strong),  # sympy arithmetic works too
        description="P(favourable test)",
    )
    if_favourable = dt.Parameter("p_strong_if_favourable", "sensitivity*p_strong/p_favourable")
    if_unfavourable = dt.Parameter(
        "p_strong_if_unfavourable", "(1 - sensitivity)*p_strong/(1 - p_favourable)"
    )
    test = dt.Chance(
        "Test result",
        [
            dt.Branch("favourable", launch(if_favourable), probability=favourable),
            dt.Branch("unfavourable", launch(if_unfavourable), probability=dt.COMPLEMENT),
        ],
    )
    return dt.Tree(
        dt.Decision(
            "Test?", [dt.Branch("test", test, payoff=-test_cost), dt.Branch("no test", launch(p_strong))]
        ),
        parameters=[
            if_favourable,
            if_unfavourable,
            favourable,
            p_strong,
            sensitivity,
            specificity,
            test_cost,
        ],
        name="Market test",
    )


def meanings(tree: dt.Tree) -> dict[Any, Any]:
    """The meaning of every formula in the market test's tree, for the reference evaluator."""
    out: dict[Any, Any] = {
        (("test",), "payoff", None): lambda e: -e["test_cost"],
        (("test", "favourable"), "probability", None): lambda e: e["p_favourable"],
    }
    for path, node in tree.walk():
        if isinstance(node, dt.Chance) and node.name == "Market":
            given = {("no test",): "p_strong", ("test", "favourable"): "p_strong_if_favourable"}.get(
                path[:-1], "p_strong_if_unfavourable"
            )
            out[((*path, "strong"), "probability", None)] = lambda e, name=given: e[name]
    return out


def reference(tree: dt.Tree, values: dict[str, Any] | None = None) -> Reference:
    return Reference(tree, meanings(tree), values, derived=DERIVED)


def rational(x: Any) -> Fraction:
    return Fraction(int(x.p), int(x.q)) if isinstance(x, sympy.Rational) else Fraction(x)


# --------------------------------------------------------------------------- the model


def test_a_derived_parameter_is_a_formula_of_others() -> None:
    derived = dt.Parameter("p_fav", "sens*p + (1 - spec)*(1 - p)")
    assert derived.derived
    assert isinstance(derived.value, dt.Formula)
    assert derived.value.names == {"sens", "p", "spec"}
    p, sens = dt.Parameter("p", 0.4), dt.Parameter("sens", 0.8)
    assert dt.Parameter("q", sens * p).value == dt.Parameter("q", "sens*p").value  # sympy or text
    assert not dt.Parameter("p", 0.4).derived
    constant = dt.Parameter("three", "2 + 1")  # no parameter in it: a plain number
    assert not constant.derived and constant.value == 3


@pytest.mark.parametrize(
    "keywords",
    [{"low": 0}, {"high": 1}, {"distribution": dt.Uniform(0, 1)}],
    ids=["low", "high", "distribution"],
)
def test_a_derived_parameter_has_no_range_or_distribution_of_its_own(keywords: dict[str, Any]) -> None:
    with pytest.raises(dt.ModelError, match="'d' is derived .*give them to its inputs"):
        dt.Parameter("d", "1 - p", **keywords)


@pytest.mark.parametrize(
    ("formulas", "cycle"),
    [
        ({"a": "b + 1", "b": "c*2", "c": "a", "x": 1}, "a -> b -> c -> a"),
        ({"x": 1, "a": "x + b", "b": "a/2"}, "a -> b -> a"),
        ({"p": 0.5, "q": "1 - p", "r": "q*s", "s": "r + p"}, "r -> s -> r"),
    ],
)
def test_a_cycle_is_a_model_error_naming_it(formulas: dict[str, Any], cycle: str) -> None:
    parameters = [dt.Parameter(name, value) for name, value in formulas.items()]
    with pytest.raises(dt.ModelError, match=f"derived parameters form a cycle: {cycle}$"):
        dt.Tree(dt.Terminal("t", payoff="x" if "x" in formulas else "p"), parameters)


def test_a_derived_parameter_of_itself_is_refused() -> None:
    with pytest.raises(dt.ModelError, match="'a' is defined by a formula of itself"):
        dt.Parameter("a", "a + 1")


def test_an_undeclared_name_in_a_derived_parameter_is_a_model_error() -> None:
    with pytest.raises(
        dt.ModelError, match="parameter 'p_fav' = sens\\*p: unknown parameter 'sens'; did you mean 'sns'"
    ):
        dt.Tree(
            dt.Terminal("t", payoff="p_fav"),
            [dt.Parameter("p_fav", "sens*p"), dt.Parameter("p", 0.5), dt.Parameter("sns", 1)],
        )


def test_derived_parameters_may_be_declared_in_any_order() -> None:
    tree = market_test()
    assert tree.derived_order.index("p_favourable") < tree.derived_order.index("p_strong_if_favourable")
    assert dt.evaluate(tree, exact=True).value == sympy.Rational(113, 5)


# --------------------------------------------------------------------------- evaluate


def test_the_market_test_through_derived_parameters() -> None:
    """P(fav) = 0.8*0.4 + 0.3*0.6 = 1/2; P(strong | fav) = 16/25, P(strong | unfav) = 4/25.

    After a favourable test national is worth 16/25*120 - 9/25*60 = 55.2, after an unfavourable
    one every launch loses (national -31.2, regional -0.4): test = 55.2/2 - 5 = 22.6. Without the
    test regional (20 - 6 = 14) beats national (48 - 36 = 12).
    """
    tree = market_test()
    result = dt.evaluate(tree, exact=True)
    assert result.value == sympy.Rational(113, 5)
    assert result.policy == {
        (): "test",
        ("test", "favourable"): "national",
        ("test", "unfavourable"): "abandon",
        ("no test",): "regional",
    }
    assert result.option_values(("test", "favourable"))["national"] == sympy.Rational(276, 5)
    assert result.option_values(("no test",)) == {"national": 12, "regional": 14, "abandon": 0}
    numbers = result  # every parameter's value, derived ones included
    assert numbers.values["p_favourable"] == Fraction(1, 2)
    assert numbers.values["p_strong_if_favourable"] == Fraction(16, 25)
    assert numbers.values["p_strong_if_unfavourable"] == Fraction(4, 25)
    want = reference(tree).solve()
    assert want.value == Fraction(113, 5) and want.policy == dict(result.policy.items())
    assert dt.evaluate(tree).value == pytest.approx(22.6, abs=1e-12)


@pytest.mark.parametrize(
    "values",
    [
        {"p_strong": 0.5},
        {"sensitivity": 0.95, "specificity": 0.6},
        {"p_strong": Fraction(1, 3), "test_cost": 0},
    ],
)
def test_evaluate_recomputes_derived_parameters_from_values(values: dict[str, Any]) -> None:
    tree = market_test()
    want = reference(tree, values).solve()
    got = dt.evaluate(tree, values, exact=True)
    assert rational(got.value) == want.value
    assert dict(got.policy.items()) == want.policy
    assert dt.evaluate(tree, values).value == pytest.approx(float(want.value), abs=1e-12)


def test_values_cannot_set_a_derived_parameter() -> None:
    """A derived parameter is a function of its inputs: set those; every analysis refuses it alike."""
    tree = market_test(distributions=True)
    message = (
        r"'p_favourable' is derived \(.*\); vary its inputs instead \(p_strong, sensitivity, specificity\)"
    )
    calls = [
        lambda: dt.evaluate(tree, {"p_favourable": 0.5}),
        lambda: dt.evaluate(tree, {tree.parameter("p_favourable"): 0.5}, exact=True),
        lambda: dt.one_way(tree, "p_favourable", [0.4, 0.6]),
        lambda: dt.two_way(tree, "p_strong", [0.4], "p_favourable", [0.5]),
        lambda: dt.tornado(tree, parameters=["p_strong", "p_favourable"]),
        lambda: dt.thresholds(tree, "p_favourable", low=0, high=1),
        lambda: dt.psa(tree, 10, seed=1, values={"p_favourable": 0.5}),
        lambda: dt.evppi(tree, ["p_favourable"], 100, seed=1),
        lambda: dt.evpi(tree, node="Test result", values={"p_favourable": 0.5}),
    ]
    for call in calls:
        with pytest.raises(dt.ArgumentError, match=message):
            call()


def test_a_derived_parameter_that_divides_by_zero_is_refused_with_its_name() -> None:
    tree = market_test()
    certain = {"p_strong": 1, "sensitivity": 1}  # P(unfavourable) = 0: its posterior is 0/0
    for exact, words in ((True, "divides by zero"), (False, "is not a finite number")):
        with pytest.raises(dt.ModelError, match=f"derived parameter 'p_strong_if_unfavourable' = .* {words}"):
            dt.evaluate(tree, certain, exact=exact)


# --------------------------------------------------------------------------- sweeps


def test_one_way_and_two_way_sweep_the_inputs_through_the_formulas() -> None:
    tree = market_test()
    xs = [0.1, 0.3, 0.5, 0.9]
    table = dt.one_way(tree, "sensitivity", xs)
    for x, row in zip(xs, table, strict=True):
        want = reference(tree, {"sensitivity": x}).solve()
        assert row.value == pytest.approx(float(want.value), abs=1e-9)
        assert row.optimal == want.policy[()]
        scores = dict(zip(want.decisions[()].labels, want.decisions[()].scores, strict=True))
        assert row.values == pytest.approx({k: float(v) for k, v in scores.items()}, abs=1e-9)
    grid = dt.two_way(tree, "p_strong", [0.2, 0.5], "specificity", [0.6, 0.9])
    for cell in grid:
        p, c = cell.parameter_values
        want = reference(tree, {"p_strong": p, "specificity": c}).solve()
        assert cell.value == pytest.approx(float(want.value), abs=1e-9) and cell.optimal == want.policy[()]


def test_tornado_varies_base_parameters_only() -> None:
    """Derived parameters get no bar and are not 'skipped': their inputs have the bars."""
    tree = market_test()
    bars = dt.tornado(tree)
    assert sorted(b.parameter for b in bars) == sorted(BASE)
    assert bars.skipped == ()
    assert bars.base_value == pytest.approx(22.6)
    for bar in bars:
        for end, got in ((bar.low, bar.value_low), (bar.high, bar.value_high)):
            want = reference(tree, {bar.parameter: end}).solve().value
            assert got == pytest.approx(float(want), abs=1e-6), (bar.parameter, end)


def test_thresholds_are_solved_exactly_through_the_formulas() -> None:
    """The market test's switch points, by hand (cost k, prior p, sensitivity s, specificity c).

    k: a free test is worth 27.6 against regional's 14: k = 13.6 = 68/5.
    p: P(fav)*value(national | fav) = 114p - 18 and 43p - 3 (regional), after an unfavourable
    test 66p - 42 and 17p - 7; no test max(180p - 60, 60p - 10, 0). Low: 114p - 23 = 60p - 10,
    p = 13/54; high: 114p - 18 + 17p - 7 - 5 = 180p - 60, p = 30/49.
    s: high, 48s - 10.8 + 20(1 - s) - 4.2 - 5 = 14, s = 1/2; low, 48(1 - s) - 25.2 - 5 = 14,
    s = 19/240 (the test read backwards).
    """
    tree = market_test()
    expected = {
        "test_cost": [Fraction(68, 5)],
        "p_strong": [Fraction(13, 54), Fraction(30, 49)],
        "sensitivity": [Fraction(19, 240), Fraction(1, 2)],
        "specificity": [Fraction(1, 50), Fraction(21, 50)],
    }
    for name, points in expected.items():
        found = dt.thresholds(tree, name)
        assert all(isinstance(t, sympy.Rational) for t in found), found
        assert [rational(t) for t in found] == points
        for t in points:  # the choice changes there (the reference, exactly on either side)
            sides = [
                reference(tree, {name: t + d}).solve().policy[()]
                for d in (Fraction(-1, 10**6), Fraction(1, 10**6))
            ]
            assert sides[0] != sides[1], (name, t)


def test_expected_value_is_a_formula_of_the_base_parameters() -> None:
    tree = market_test()
    formula = dt.expected_value(tree)
    assert {s.name for s in formula.free_symbols} <= set(BASE)
    base = {sympy.Symbol(n, real=True): sympy.Rational(str(tree.parameter(n).value)) for n in BASE}
    symbols = {s.name: s for s in formula.free_symbols}
    at = {symbols[s.name]: v for s, v in base.items() if s.name in symbols}
    assert sympy.nsimplify(formula.xreplace(at)) == sympy.Rational(113, 5)
    fixed = dt.expected_value(tree, policy={(): "no test", ("no test",): "national"})
    assert sympy.simplify(fixed - (180 * symbols["p_strong"] - 60)) == 0


# --------------------------------------------------------------------------- Monte Carlo, information


def test_psa_draws_the_inputs_and_recomputes_the_derived_parameters() -> None:
    tree = market_test(distributions=True)
    result = dt.psa(tree, 300, seed=14)
    assert sorted(result.samples) == ["p_strong", "sensitivity"]
    for k in (0, 1, 150, 299):
        at = {name: float(draws[k]) for name, draws in result.samples.items()}
        options = dt.evaluate(tree, at).option_values()
        assert result.values[k].tolist() == pytest.approx(
            [options[label] for label in result.labels], abs=1e-9
        )


def test_a_joint_distribution_cannot_draw_a_derived_parameter() -> None:
    p = dt.Parameter("p", 0.3, distribution=dt.Dirichlet([1, 1], parameters=("p", "q")))
    q = dt.Parameter("q", "1 - p")
    tree = dt.Tree(
        dt.Decision(
            "D", [dt.Branch("a", dt.Terminal("a", payoff="10*q")), dt.Branch("b", dt.Terminal("b", payoff=5))]
        ),
        [p, q],
    )
    with pytest.raises(
        dt.ModelError, match="names 'q', which is derived \\(1 - p\\); draw its inputs instead"
    ):
        dt.psa(tree, 10, seed=1)


def test_evpi_through_a_derived_probability() -> None:
    """Rain with P = base * season (0.5 * 0.4 = 0.2): take the umbrella (-1) or risk -10."""
    base = dt.Parameter("base", 0.5, low=0, high=1)
    season = dt.Parameter("season", 0.4, low=0, high=1)
    rain = dt.Parameter("p_rain", "base*season")
    tree = umbrella(rain, [rain, base, season])
    means = {(("leave", "rain"), "probability", None): lambda e: e["p_rain"]}
    derived = {"p_rain": lambda e: e["base"] * e["season"]}
    for values in ({}, {"season": 0.08}, {"base": 1, "season": 1}):
        want = Reference(tree, means, values, derived=derived).evpi("Rain")
        assert rational(dt.evpi(tree, node="Rain", values=values, exact=True)) == want
    assert Reference(tree, means, {}, derived=derived).evpi("Rain") == Fraction(4, 5)


def test_evppi_of_an_input_through_a_derived_parameter() -> None:
    """go = 10*d with d = 2p - 1 and p ~ Uniform(0, 1): E[max(20p - 10, 0)] = 2.5, max(E, 0) = 0."""
    p = dt.Parameter("p", 0.5, distribution=dt.Uniform(0, 1))
    d = dt.Parameter("d", "2*p - 1")
    tree = dt.Tree(
        dt.Decision(
            "D", [dt.Branch("go", dt.Terminal("g", payoff="10*d")), dt.Branch("stop", dt.Terminal("s"))]
        ),
        [d, p],
    )
    found = dt.evppi(tree, ["p"], 20_000, seed=3)
    assert found.value == pytest.approx(2.5, abs=0.1)
    assert dt.psa(tree, 20_000, seed=3).evpi == pytest.approx(2.5, abs=0.1)
    with pytest.raises(dt.ArgumentError, match="'d' is derived"):
        dt.evppi(tree, ["d"], 100, seed=3)


def test_state_first_recognises_posteriors_written_as_derived_parameters() -> None:
    """Revealing the market reveals the state: 0.4 * 120 = 48, less 22.6, is 25.4."""
    tree = market_test()
    first = dt.state_first(tree, "Market")
    assert dt.evaluate(first, exact=True).value == sympy.Rational(113, 5)
    assert dt.evpi(first, node="Market", exact=True) == sympy.Rational(127, 5)
    assert dt.evsi(tree, ("test",), exact=True) == sympy.Rational(68, 5)


# --------------------------------------------------------------------------- model files


def test_derived_parameters_round_trip_through_yaml_and_json() -> None:
    tree = market_test()
    for form in ("yaml", "json"):
        text = dt.dumps(tree, format=form)
        back = dt.loads(text, format=form)
        assert back == tree
        assert [p.name for p in back.parameters] == [p.name for p in tree.parameters]
        assert back.parameter("p_favourable").description == "P(favourable test)"
        assert dt.evaluate(back, exact=True).value == sympy.Rational(113, 5)
    assert "p_strong_if_favourable: sensitivity*p_strong/p_favourable\n" in dt.dumps(tree)


def test_a_model_file_may_define_a_parameter_by_a_formula() -> None:
    text = """
parameters:
  p: {value: 0.25, low: 0, high: 1}
  q: 1 - p                       # bare text: a derived parameter
  r: {value: q/2, description: half of q}
tree:
  kind: chance
  name: C
  branches:
  - {label: a, probability: r, node: {kind: terminal, name: A, payoff: 10}}
  - {label: b, probability: '#', node: {kind: terminal, name: B}}
"""
    tree = dt.loads(text)
    assert tree.parameter("q").derived and tree.parameter("r").description == "half of q"
    assert dt.evaluate(tree, exact=True).value == sympy.Rational(15, 4)  # 10 * (1 - 0.25) / 2
    assert dt.evaluate(tree, {"p": 0.5}, exact=True).value == sympy.Rational(5, 2)


@pytest.mark.parametrize(
    ("parameters", "message", "line"),
    [
        ("  a: b + 1\n  b: c*2\n  c: a\n", "derived parameters form a cycle: a -> b -> c -> a", None),
        ("  a: bb + 1\n  b: 1\n", "parameter 'a' = bb \\+ 1: unknown parameter 'bb'; did you mean 'b'", None),
        ("  b: 1\n  a: {value: b + 1, low: 0, high: 5}\n", "'a' is derived .*no range or distribution", 3),
    ],
    ids=["cycle", "unknown name", "range"],
)
def test_bad_derived_parameters_in_a_file_name_the_problem(
    parameters: str, message: str, line: int | None
) -> None:
    text = f"parameters:\n{parameters}tree: {{kind: terminal, name: T, payoff: a}}\n"
    with pytest.raises(dt.FileFormatError, match=message) as caught:
        dt.loads(text)
    if line is not None:
        assert caught.value.line == line
