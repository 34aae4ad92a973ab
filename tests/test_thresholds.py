"""thresholds and switch_points: hand-solved cases, the numeric fallback, and properties on random trees."""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from paris_summit import paris_summit

import decisiontree as dt
from decisiontree.analysis.symbolic import option_formulas
from decisiontree.formulas import name as parameter_formula
from decisiontree.number import as_sympy_number as rational


def symbol(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


X = dt.Parameter("x", Fraction(1, 2), low=0, high=1)
x = X.symbol


def two_options(option: Any, other: Any = 0, parameter: dt.Parameter = X) -> dt.Tree:
    return dt.Tree(
        dt.Decision(
            "d",
            [dt.Branch("a", dt.Terminal("A", payoff=option)), dt.Branch("b", dt.Terminal("B", payoff=other))],
        ),
        parameters=[parameter],
    )


def bet_tree() -> dt.Tree:
    """Bet: pay 2, win 10 with probability x, else lose 5; switch where 15x - 7 = 0."""
    return dt.Tree(
        dt.Decision(
            "bet?",
            [
                dt.Branch("pass", dt.Terminal("P")),
                dt.Branch(
                    "bet",
                    dt.Chance(
                        "coin",
                        [
                            dt.Branch("win", dt.Terminal("W", payoff=10), probability=X),
                            dt.Branch("lose", dt.Terminal("L", payoff=-5), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-2,
                ),
            ],
        ),
        parameters=[X],
    )


# --------------------------------------------------------------------------- hand-solved cases


def test_a_known_fraction() -> None:
    found = dt.thresholds(bet_tree(), "x")
    assert found == [sympy.Rational(7, 15)]
    assert found.method == "exact"
    intervals = list(dt.switch_points(bet_tree(), X))
    assert [(i.low, i.high, i.optimal) for i in intervals] == [
        (0, sympy.Rational(7, 15), "pass"),
        (sympy.Rational(7, 15), 1, "bet"),
    ]


def test_quadratic_with_two_switch_points() -> None:
    # x**2 against x - 2/9: equal at 1/3 and 2/3, and the square is better outside.
    tree = two_options(X * X, X - Fraction(2, 9))
    assert dt.thresholds(tree, "x") == [sympy.Rational(1, 3), sympy.Rational(2, 3)]
    assert [i.optimal for i in dt.switch_points(tree, "x")] == ["a", "b", "a"]


def test_irrational_switch_points_stay_exact() -> None:
    wide = dt.Parameter("x", 0, low=-3, high=3)
    assert dt.thresholds(two_options(wide * wide, 2, wide), "x") == [-sympy.sqrt(2), sympy.sqrt(2)]


def test_no_switch_in_range() -> None:
    assert dt.thresholds(bet_tree(), "x", low=0, high=Fraction(2, 5)) == []
    (only,) = dt.switch_points(bet_tree(), "x", high=0.4)
    assert (only.low, only.high, only.optimal) == (0, sympy.Rational(2, 5), "pass")


@pytest.mark.parametrize(("low", "high"), [(0, Fraction(7, 15)), (Fraction(7, 15), 1)])
def test_a_switch_exactly_at_an_end_counts(low: Any, high: Any) -> None:
    assert dt.thresholds(bet_tree(), "x", low=low, high=high) == [sympy.Rational(7, 15)]
    numeric = dt.thresholds(bet_tree(), "x", low=low, high=high, method="numeric")
    assert [float(t) for t in numeric] == pytest.approx([7 / 15])


def test_touching_without_crossing_is_not_a_switch() -> None:
    assert dt.thresholds(two_options((X - Fraction(1, 2)) ** 2), "x") == []


def test_a_tie_on_a_stretch_is_not_a_switch() -> None:
    assert dt.thresholds(two_options(X, X), "x") == []


def test_nested_decisions_and_max() -> None:
    # Below the root the inner decision takes the better of x and 1 - x.
    inner = dt.Decision(
        "inner",
        [dt.Branch("up", dt.Terminal("U", payoff=X)), dt.Branch("down", dt.Terminal("D", payoff=1 - X))],
    )
    tree = dt.Tree(
        dt.Decision(
            "d", [dt.Branch("go", inner), dt.Branch("safe", dt.Terminal("S", payoff=Fraction(3, 5)))]
        ),
        parameters=[X],
    )
    assert dt.thresholds(tree, "x") == [sympy.Rational(2, 5), sympy.Rational(3, 5)]
    assert [i.optimal for i in dt.switch_points(tree, "x")] == ["go", "safe", "go"]


def test_numeric_fallback_when_sympy_cannot_solve() -> None:
    wide = dt.Parameter("x", 1, low=0, high=3)
    tree = two_options(sympy.exp(wide.symbol) - wide.symbol, 2, wide)
    found = dt.thresholds(tree, "x")
    assert found.method == "numeric"
    assert [float(t) for t in found] == pytest.approx([1.1461932206205825], abs=1e-10)
    with pytest.raises(dt.ArgumentError, match="cannot solve"):
        dt.thresholds(tree, "x", method="exact")


def test_sympy_recursing_without_end_falls_back_to_the_numeric_method() -> None:
    """Decisions of two owners nested three deep under a decision without one: simplifying their
    kinks near a point sends sympy into endless recursion (``RecursionError``), which means that
    sympy cannot, as any other failure of it does. The switch is at 15/17 (found by hypothesis)."""
    q1 = dt.Parameter("q1", Fraction(14, 15), low=Fraction(221, 300), high=Fraction(14, 15))
    dq1 = dt.Parameter("dq1", "q1*q1")

    def end(a: Any, b: Any) -> dt.Terminal:
        return dt.Terminal("T", payoff={"A": a, "B": b})

    inner = dt.Decision(
        "D",
        [
            dt.Branch("a", end("-(73*q1/15)", "q1")),
            dt.Branch("b", end("dq1*dq1 - 371/30", Fraction(319, 75))),
            dt.Branch(
                "c",
                end(Fraction(47, 300), Fraction(1, 30)),
                payoff={"A": Fraction(-461, 20), "B": "10*dq1/3"},
            ),
        ],
        owner="A",
    )
    middle = dt.Decision(
        "D",
        [
            dt.Branch("a", end(1.35, "17*dq1/15")),
            dt.Branch("b", inner, payoff={"A": "-((q1 - dq1)*7/30)", "B": "-dq1 - 49/15"}),
        ],
        owner="A",
    )
    top = dt.Decision(
        "D",
        [
            dt.Branch("a", end(Fraction(-617, 100), "(q1 - dq1)*1.8")),
            dt.Branch("b", end("dq1*q1", "11*dq1/30 - q1")),
            dt.Branch("c", middle),
        ],
        owner="B",
    )
    other = dt.Chance("U2", [dt.Branch("x", end(Fraction(-149, 60), "q1"), probability=1)])
    choice = dt.Decision("D", [dt.Branch("a", top), dt.Branch("b", other)])
    root = dt.Decision(
        "D", [dt.Branch("a", dt.Chance("U1", [dt.Branch("x", choice, probability=dt.COMPLEMENT)]))]
    )
    tree = dt.Tree(root, parameters=[dq1, q1])
    found = dt.switch_points(tree, "q1", decision=("a", "x"), objective="B")
    assert found.method == "numeric"
    assert [float(t) for t in found.thresholds] == pytest.approx([15 / 17], abs=1e-9)
    assert [i.optimal for i in found] == ["b", "a"]
    for value, expected in (
        (Fraction(15, 17) - Fraction(1, 10**6), "b"),
        (Fraction(15, 17) + Fraction(1, 10**6), "a"),
    ):
        assert dt.evaluate(tree, {"q1": value}, objective="B", exact=True).policy[("a", "x")] == expected
    with pytest.raises(dt.ArgumentError, match="cannot solve"):
        dt.thresholds(tree, "q1", decision=("a", "x"), objective="B", method="exact")


def test_an_exact_answer_that_misses_a_switch_is_not_trusted() -> None:
    """sympy's solveset reports no root of exp(64 x) - 5 exp(x) + 3 on the range, which has one near
    0.0112669 (at 0 the sure 5 beats 1 + 3): the numeric check catches it, and the numeric method answers."""
    wide = dt.Parameter("x", Fraction(1, 2), low=Fraction(-1, 10), high=Fraction(11, 10))
    tree = two_options(sympy.exp(64 * wide.symbol) + 3, 5 * sympy.exp(wide.symbol), wide)
    found = dt.switch_points(tree, "x")
    assert found.method == "numeric"
    assert [float(t) for t in found.thresholds] == pytest.approx([0.011266872861485], abs=1e-12)
    assert [i.optimal for i in found] == ["b", "a"]
    with pytest.raises(dt.ArgumentError, match="failed the numeric check"):
        dt.thresholds(tree, "x", method="exact")


def test_steep_exponentials_go_to_the_numeric_method_at_once() -> None:
    """sympy's time grows steeply with the exponent (over 20 s for exp(1000 x)): beyond e**100 in the
    range the exact method is not tried."""
    tree = two_options(sympy.exp(150 * x), 10**30)
    found = dt.thresholds(tree, "x")
    assert found.method == "numeric"
    assert [float(t) for t in found] == pytest.approx([30 * np.log(10) / 150], rel=1e-12)


def test_numeric_method_agrees_with_exact() -> None:
    tree = two_options(X * X, X - Fraction(2, 9))
    numeric = dt.thresholds(tree, "x", method="numeric")
    assert numeric.method == "numeric"
    assert [float(t) for t in numeric] == pytest.approx([1 / 3, 2 / 3], abs=1e-12)


@pytest.mark.parametrize(
    ("variant", "name", "expected"),
    [
        ("decision", "deterrence", [Fraction(5, 56)]),
        ("decision", "force_cost", [Fraction(57, 2)]),
        ("decision", "table_bonus", [Fraction(11, 280), Fraction(3, 20)]),
        ("chance", "deterrence", [Fraction(67, 280)]),
        ("chance", "spend_cost", [Fraction(9)]),
        ("chance", "p_hold", []),
    ],
)
def test_paris_switch_points(variant: str, name: str, expected: list[Fraction]) -> None:
    tree = paris_summit(variant)
    found = dt.thresholds(tree, name)
    assert found == [rational(e) for e in expected]
    numeric = dt.thresholds(tree, name, method="numeric")
    assert [float(t) for t in numeric] == pytest.approx([float(e) for e in expected], abs=1e-9)
    parameter = tree.parameter(name)
    for t in found:
        _assert_switch(tree, name, t, parameter.low, parameter.high)


def test_bad_arguments_are_argument_errors() -> None:
    with pytest.raises(dt.NotFoundError, match="did you mean 'x'"):
        dt.thresholds(bet_tree(), "xx")
    with pytest.raises(dt.ArgumentError, match="no range"):
        dt.thresholds(two_options(dt.Parameter("y", 1), parameter=dt.Parameter("y", 1)), "y")
    with pytest.raises(dt.ArgumentError, match="above high"):
        dt.thresholds(bet_tree(), "x", low=1, high=0)
    with pytest.raises(dt.ArgumentError, match="not a decision"):
        dt.thresholds(bet_tree(), "x", decision=("bet",))
    with pytest.raises(dt.ArgumentError, match="method"):
        dt.thresholds(bet_tree(), "x", method="guess")
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree"):
        dt.thresholds(None, "x")  # type: ignore[arg-type]


def test_switch_points_to_frame() -> None:
    frame = dt.switch_points(bet_tree(), "x").to_frame()
    assert list(frame.columns) == ["low", "high", "optimal"]
    assert list(frame["optimal"]) == ["pass", "bet"]


# --------------------------------------------------------------------------- properties on random trees

COEFFICIENTS = st.integers(-6, 6)
PROBABILITIES = st.sampled_from([X.symbol, 1 - X.symbol, Fraction(1, 3), Fraction(3, 4), X.symbol / 2])


def payoffs() -> st.SearchStrategy[Any]:
    return st.builds(lambda a, b, c: a + b * x + c * x * x, COEFFICIENTS, COEFFICIENTS, st.integers(-2, 2))


def _chance(children: list[Any], probability: Any) -> dt.Chance:
    return dt.Chance(
        "c",
        [
            dt.Branch("b0", children[0], probability=probability),
            dt.Branch("b1", children[1], probability=dt.COMPLEMENT),
        ],
    )


def _decision(children: list[Any]) -> dt.Decision:
    return dt.Decision("d", [dt.Branch(f"b{k}", child) for k, child in enumerate(children)])


def one_parameter_trees() -> st.SearchStrategy[dt.Tree]:
    """Small trees in one parameter ``x`` in [0, 1]; shrinks towards a root choice between two terminals."""
    leaves = st.builds(lambda payoff: dt.Terminal("t", payoff=payoff), payoffs())
    nodes = st.recursive(
        leaves,
        lambda kids: st.one_of(
            st.builds(_chance, st.lists(kids, min_size=2, max_size=2), PROBABILITIES),
            st.builds(_decision, st.lists(kids, min_size=2, max_size=2)),
        ),
        max_leaves=6,
    )
    options = st.lists(st.tuples(nodes, payoffs()), min_size=2, max_size=3)
    return options.map(
        lambda opts: dt.Tree(
            dt.Decision("root", [dt.Branch(f"o{k}", node, payoff=pay) for k, (node, pay) in enumerate(opts)]),
            parameters=[X],
        )
    )


def _choice_at(tree: dt.Tree, name: str, value: Fraction, decision: tuple[str, ...] = ()) -> str | None:
    try:
        return dt.evaluate(tree, {name: value}, exact=True).policy[decision]
    except dt.ModelError:  # outside the region where the model is valid
        return None


def _assert_switch(tree: dt.Tree, name: str, t: Any, low: Any, high: Any) -> None:
    step = Fraction(1, 10**7) * max(1, abs(Fraction(str(float(high)))) - Fraction(str(float(low))))
    centre = Fraction(str(sympy.N(t, 30)))
    before, after = _choice_at(tree, name, centre - step), _choice_at(tree, name, centre + step)
    assert before is not None
    assert after is not None
    assert before != after, f"no change of choice around {t}"


@settings(max_examples=40)
@given(one_parameter_trees())
def test_each_threshold_is_a_real_change_of_choice(tree: dt.Tree) -> None:
    found = dt.thresholds(tree, "x")
    assert found == sorted(found, key=float)
    for k, t in enumerate(found):
        gaps = [abs(float(t - u)) for u in found[:k] + found[k + 1 :]]
        if gaps and min(gaps) < 1e-5:
            continue
        if 0 < t < 1:
            _assert_switch(tree, "x", t, 0, 1)


@settings(max_examples=40)
@given(one_parameter_trees())
def test_no_change_between_consecutive_thresholds(tree: dt.Tree) -> None:
    found = [float(t) for t in dt.thresholds(tree, "x")]
    grid = np.linspace(0, 1, 401)
    table = dt.one_way(tree, "x", grid)
    ordered = np.sort(table.option_values, axis=0)
    clear = ordered[-1] - ordered[-2] > 1e-9 if len(table.labels) > 1 else np.ones(len(grid), bool)
    optimal = table.optimal
    points = [k for k in range(len(grid)) if clear[k]]
    for a, b in itertools.pairwise(points):
        if optimal[a] != optimal[b]:
            assert any(grid[a] - 1e-9 <= t <= grid[b] + 1e-9 for t in found), (grid[a], grid[b], found)


@settings(max_examples=40)
@given(one_parameter_trees(), st.fractions(0, 1, max_denominator=1000))
def test_expected_value_substituted_equals_evaluate(tree: dt.Tree, value: Fraction) -> None:
    formula = dt.expected_value(tree)
    number = formula.xreplace({symbol("x"): rational(value)})
    assert number == dt.evaluate(tree, {"x": value}, exact=True).value
    assert float(number) == pytest.approx(dt.evaluate(tree, {"x": float(value)}).value, abs=1e-9)


@settings(max_examples=25)
@given(one_parameter_trees())
def test_switch_points_cover_the_range_and_agree_with_evaluate(tree: dt.Tree) -> None:
    found = dt.switch_points(tree, "x")
    intervals = list(found)
    assert intervals[0].low == 0
    assert intervals[-1].high == 1
    for left, right in itertools.pairwise(intervals):
        assert left.high == right.low
        assert left.optimal != right.optimal
    for interval in intervals:
        middle = Fraction(str(sympy.N((interval.low + interval.high) / 2, 30)))
        assert _choice_at(tree, "x", middle) == interval.optimal


def _complex_between_integers(q_value: int, probability: str = "(-0.5)**(0.46 * q) * p") -> dt.Tree:
    """A gamble (at a cost of 2 - q) whose probability, such as (-1/2)**(0.46 q) * p, is not a real
    number for most q, against a sure 0."""
    p = dt.Parameter("p", 0.5, low=0.1, high=0.9)
    q = dt.Parameter("q", q_value, low=1, high=3)
    gamble = dt.Chance(
        "gamble",
        [
            dt.Branch("win", dt.Terminal("won", payoff=10), probability=probability),
            dt.Branch("lose", dt.Terminal("lost", payoff=-1), probability=dt.COMPLEMENT),
        ],
    )
    options = [dt.Branch("gamble", gamble, payoff="q - 2"), dt.Branch("sure", dt.Terminal("kept"))]
    return dt.Tree(dt.Decision("choose", options), [p, q])


@pytest.mark.parametrize("method", ["auto", "numeric"])
@pytest.mark.parametrize(("parameter", "q_value"), [("q", 2), ("p", 3)])
def test_a_formula_that_is_not_real_is_refused_by_name(parameter: str, q_value: int, method: str) -> None:
    # found by the fuzz tests: sympy's solver chased (-1/2)**(0.46 q) until memory ran out, and with q
    # put in, sympy.Max raised "The argument ... is not comparable"
    tree = _complex_between_integers(q_value)
    with pytest.raises(
        dt.ModelError, match="is not a (real|finite) number at these parameter values"
    ) as refused:
        dt.thresholds(tree, parameter, method=method)
    assert refused.value.path == ("gamble",)


def test_a_formula_that_is_not_real_once_values_are_put_in_is_refused_by_name() -> None:
    tree = _complex_between_integers(3)
    p, q = parameter_formula("p").to_sympy(), parameter_formula("q").to_sympy()
    values = {p: sympy.Rational(1, 2), q: sympy.Integer(3)}
    with pytest.raises(dt.ModelError, match="is not a real number at these parameter values") as refused:
        option_formulas(tree, 0, substitute=values)
    assert refused.value.path == ("gamble",)
    assert str(dt.expected_value(tree)).startswith("Max(")  # the formula itself is fine


def test_exact_switch_points_between_values_far_below_float_noise() -> None:
    """Found by the oracle property: options worth ``v (1 + 2 p)`` and ``2 v`` with ``v = 5e-324``
    switch at p = 1/2 in exact evaluation, but the exact method took values closer than 1e-40
    for ties and found no switch point ("a" from 0 to 1)."""
    p = dt.Parameter("p", 0.5, low=0, high=1)
    v = dt.Parameter("v", 5e-324)
    gamble = dt.Chance(
        "c",
        [
            dt.Branch("x", dt.Terminal("X", payoff="2*v"), probability=p),
            dt.Branch("y", dt.Terminal("Y"), probability=1 - p),
        ],
    )
    tree = dt.Tree(
        dt.Decision(
            "d", [dt.Branch("a", gamble, payoff=v), dt.Branch("c", dt.Terminal("C", payoff=v), payoff=v)]
        ),
        [p, v],
    )
    assert dt.thresholds(tree, "p", method="exact") == [sympy.Rational(1, 2)]
    assert [i.optimal for i in dt.switch_points(tree, "p").intervals] == ["c", "a"]
    for x, optimal in ((0.4, "c"), (0.6, "a")):
        assert dt.evaluate(tree, {"p": x}, exact=True).choice("d") == optimal
