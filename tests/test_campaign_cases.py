"""Inputs the long fuzz campaign (tools/fuzz_campaign.py) found breaking the promise: each now
gets the library's own error, quickly."""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis.errors import InvalidArgument

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree.analysis import thresholds as thresholds_module
from decisiontree.errors import DecisionTreeError, ExpressionError, FileFormatError, ModelError
from decisiontree.number import real_float


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
    data["version"] = -(10**5000)  # Python refuses to write out more than 4,300 digits
    refused(dt.from_dict, data, match=r"format version -\(a number of 5,001 digits\)", error=FileFormatError)

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


def test_roots_of_a_high_degree_are_refused_before_sympy_runs_for_ever() -> None:
    """sympy takes whole powers out of a root, with numbers that grow with the root's degree:
    ``208202360**(-3385854559759/10**19)`` (a probability of 0.99999...) ran for ever, written out
    or worked out from a sum. In floats it is a number like any other, and thresholds answer by the
    numeric method."""
    for text in ("(208202360)**-3.385854559759E-7", "(208202350 + 10)**-3.385854559759E-7"):
        refused(
            dt.parse_expression,
            text,
            match="more than 1,000 digits in exact arithmetic",
            error=ExpressionError,
        )
    assert str(dt.parse_expression("2**(1/2)")) == "sqrt(2)"  # small roots stay exact
    assert dt.parse_expression("(21/20)**(5/2)") == sympy.Rational(21, 20) ** sympy.Rational(5, 2)
    x = dt.Parameter("x", 5, low=0, high=10)
    p = "(208202360)**-3.385854559759E-7"
    gamble = dt.Chance(
        "c",
        [
            dt.Branch("win", dt.Terminal("W", payoff=x), probability=p),
            dt.Branch("lose", dt.Terminal("L", payoff=0), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("gamble", gamble), dt.Branch("sure", dt.Terminal("S", payoff=3))]), [x]
    )
    found = dt.thresholds(tree, "x")
    assert found.method == "numeric"
    assert [float(t) for t in found] == pytest.approx([3 / 208202360**-3.385854559759e-7], rel=1e-9)
    refused(dt.thresholds, tree, "x", method="exact", match="cannot solve", error=dt.ArgumentError)


def test_powers_that_sympy_would_work_out_for_ever_are_refused() -> None:
    """sympy raises the numbers inside a power's base to the power itself: ``(2*q)**(10**400)`` is
    ``2**(10**400)*q**(10**400)``, and putting a parameter's value into ``(q - 0.0001...)**(q + 1e400)``
    makes a rational to that power. Both ran for ever (the second in thresholds, found by the fuzz
    campaign, seed 33); both are refused by the one digits rule."""
    for text in ("(2*q)**(10**400)", "(q/3)**(-10**400)", "(2**(1/3)*q)**(10**400)"):
        refused(dt.parse_expression, text, match="more than 1,000 digits", error=ExpressionError)
    assert str(dt.parse_expression("(2*q)**100")) == "1267650600228229401496703205376*q**100"

    p = dt.Parameter("p", 0.5, low=0.1, high=0.9)
    q = dt.Parameter("q", 2, low=1, high=3)
    gamble = dt.Chance(
        "gamble",
        [
            dt.Branch(
                "win", dt.Terminal("won", payoff=10), probability="-(q + -0.0001106969456827)**(q + 1e400)"
            ),
            dt.Branch("lose", dt.Terminal("lost", payoff=-1), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision("choose", [dt.Branch("gamble", gamble), dt.Branch("sure", dt.Terminal("kept"))]), [p, q]
    )
    for name in ("p", "q"):
        refused(dt.thresholds, tree, name, match="is not a finite number", error=ModelError)

    d = dt.Parameter("d", "2*q")  # the power's base is a number only once d is put in
    x = dt.Parameter("x", 1, low=0, high=2)
    options = [
        dt.Branch("a", dt.Terminal("A", payoff="d**(10**400)")),
        dt.Branch("b", dt.Terminal("B", payoff=x)),
    ]
    tree = dt.Tree(dt.Decision("d", options), [q, d, x])
    refused(dt.expected_value, tree, match="more than 1,000 digits", error=ExpressionError)
    refused(dt.thresholds, tree, "x", match="is not a finite number", error=ModelError)


def test_switch_points_written_with_huge_numbers_are_found_and_shown_right(tmp_path: Path) -> None:
    """A payoff ``0.5 p / (10**398 - 1 - q)`` (the fuzz campaign, seed 33): finding the exact roots
    for ``p``, sympy factored a 400-digit number (for ever); the switch point for ``q``, exactly
    ``(2*10**398 + 3)/4 - sqrt(...)/4``, about 5/2, was shown as 1.7e274 (sympy's ``float`` of a
    difference of nearly equal large numbers)."""
    p = dt.Parameter("p", 0.5, low=0.1, high=0.9)
    q = dt.Parameter("q", 2, low=1, high=3)
    payoff = "-.5*(p)/-(q - " + "9" * 398 + ")"
    gamble = dt.Chance(
        "gamble",
        [
            dt.Branch("win", dt.Terminal("won", payoff=payoff), probability=p),
            dt.Branch("lose", dt.Terminal("lost", payoff=-1), probability=dt.COMPLEMENT),
        ],
    )
    options = [dt.Branch("gamble", gamble, payoff="q - 2"), dt.Branch("sure", dt.Terminal("kept"))]
    tree = dt.Tree(dt.Decision("choose", options), [p, q])
    assert list(dt.thresholds(tree, "p")) == []  # by the numeric method: no switch in [0.1, 0.9]
    found = dt.switch_points(tree, "q")
    (point,) = found.thresholds
    assert float(point) > 1e274  # sympy's own float
    assert real_float(point) == pytest.approx(2.5, abs=1e-12)
    assert [(real_float(i.low), real_float(i.high), i.optimal) for i in found.intervals] == [
        (1.0, pytest.approx(2.5), "sure"),
        (pytest.approx(2.5), 3.0, "gamble"),
    ]
    assert "high=2.5," in repr(found)
    assert dt.thresholds(tree, "q").to_table().rows[0][0] == pytest.approx(2.5)
    assert dt.evaluate(tree, {"q": 2.499}).choice("choose") == "sure"
    assert dt.evaluate(tree, {"q": 2.501}).choice("choose") == "gamble"
    page = dt.report(tree, tmp_path / "report.md", plots=False).read_text(encoding="utf-8")
    assert "1.73" not in page
    switch_rows = [
        line for line in page.splitlines() if line.startswith("| q |") and line.endswith("| exact |")
    ]
    assert switch_rows == ["| q | 2.5 | sure from 1 to 2.5; gamble from 2.5 to 3 | exact |"]
    ax = dt.plot_one_way(dt.one_way(tree, "q", points=5))
    assert [line.get_xdata()[0] for line in ax.lines if line.get_linestyle() == "--"] == [pytest.approx(2.5)]
    pytest.importorskip("matplotlib.pyplot").close(ax.figure)


def test_roots_of_a_huge_degree_go_to_the_numeric_method() -> None:
    """A derived parameter ``q = p**(10**-400)`` (the fuzz campaign, seed 35): the exact thresholds
    for ``p`` handed sympy an equation in a root of degree 10**400, which it chased for ever. In
    floats ``q`` is 1, so the gamble is worth ``11 p - 2`` against a sure 0."""
    p = dt.Parameter("p", 0.5, low=0.1, high=0.9)
    q = dt.Parameter("q", "p**(10**-400)")
    gamble = dt.Chance(
        "gamble",
        [
            dt.Branch("win", dt.Terminal("won", payoff=10), probability=p),
            dt.Branch("lose", dt.Terminal("lost", payoff=-1), probability=dt.COMPLEMENT),
        ],
    )
    options = [dt.Branch("gamble", gamble, payoff="q - 2"), dt.Branch("sure", dt.Terminal("kept"))]
    found = dt.thresholds(dt.Tree(dt.Decision("choose", options), [p, q]), "p")
    assert found.method == "numeric"
    assert [float(t) for t in found] == pytest.approx([2 / 11], rel=1e-9)

    # the same in an exponent: 10**(r*p), r of a large denominator, is a polynomial of that degree in
    # 10**(p/denominator) to sympy's solver (seed 35 again, after the first fix)
    x = sympy.Symbol("x", real=True)
    r = sympy.Rational(265290977262, 10**16)
    solver = thresholds_module._Critical(x, sympy.Integer(0), sympy.Integer(1))
    for equation in (sympy.exp(r * x) - 2 + x, 10 ** (r * x) - 3 * x, sympy.exp(r * x) + sympy.exp(x) - 3):
        with pytest.raises(thresholds_module._UnsolvableError):
            solver._roots(equation, sympy.Integer(0), sympy.Integer(1))
    assert solver._roots(sympy.exp(x / 7) - 2 * sympy.exp(x / 3), sympy.Integer(0), sympy.Integer(1)) == set()


def test_powers_of_numbers_floats_cannot_hold() -> None:
    """In floats ``10**-400`` is 0 and ``10**400`` inf, so ``(10**-400)**p`` was 0 and ``(10**400)**(p/1000)``
    inf, where they are numbers like any other (the fuzz campaign, seed 35: ``((10**-400)**p)**0.0000265...``
    is ``10**(-0.0106 p)``, about 0.99, and thresholds saw 0). Such powers are worked out from the
    exact logarithm of the base."""
    p = dt.Parameter("p", 0.5, low=0.1, high=0.9)
    for text, expected in (
        ("((10**-400)**p)**0.0000265290977262", 10 ** (-400 * 0.5 * 0.0000265290977262)),
        ("(10**400)**(p/1000)", 10**0.2),
        ("(10**-400)**(1/100)", 1e-4),
        ("(1/10**400)**(-p/1000)", 10**0.2),
    ):
        tree = dt.Tree(dt.Terminal("t", payoff=text), [p])
        assert dt.evaluate(tree).value == pytest.approx(expected, rel=1e-12), text
    gamble = dt.Chance(
        "gamble",
        [
            dt.Branch("win", dt.Terminal("won", payoff="((10**-400)**p)**0.0000265290977262"), probability=p),
            dt.Branch("lose", dt.Terminal("lost", payoff=-1), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision("choose", [dt.Branch("gamble", gamble), dt.Branch("sure", dt.Terminal("kept"))]), [p]
    )
    (point,) = dt.thresholds(tree, "p")  # p w(p) = 1 - p, w(p) = 10**(-0.0106 p)
    w = 10 ** (-400 * 0.0000265290977262 * float(point))
    assert float(point) * w == pytest.approx(1 - float(point), rel=1e-9)


def test_psa_refuses_draws_by_what_it_keeps_per_draw(paris: dict[str, Any]) -> None:
    """``psa`` counted 4 numbers a draw for the Paris model when refusing too many draws up front,
    and keeps about 61 (its 25 samples and 3 option values in the chunks and again joined): 10**8
    draws passed the check and then needed about 49 GB. (The fuzz campaign, seed 35, found 5.6
    million draws running 17 s and taking 2.9 GB.)"""
    from decisiontree.errors import TooLargeError

    tree = dt.from_dict(paris)
    refused(dt.psa, tree, 10**8, seed=0, match="about 49 GB", error=TooLargeError)
    result = dt.psa(tree, 1000, seed=0)
    kept = sum(a.nbytes for a in result.samples.values()) + result.values.nbytes + result.optimal.nbytes
    assert 2 * kept <= 61 * 8 * 1000  # the numbers counted cover the chunks and the joined result


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


@pytest.mark.parametrize(
    ("tagged", "message"),
    [
        ("!!bool a", "'a' is not a boolean"),
        ("!!float abc", "'abc' is not a number"),
        ("!!null [1]", "scalar"),
    ],
)
def test_yaml_scalars_tagged_with_text_of_another_kind(tagged: str, message: str) -> None:
    """PyYAML's own constructors failed with KeyError or ValueError on such text."""
    refused(
        dt.loads,
        f"version: 1\nname: {tagged}\ntree: {{kind: terminal, name: t}}\n",
        match=f"2:7: .*{message}",
    )


def test_yes_no_arguments_must_be_true_or_false() -> None:
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=1)), dt.Branch("b", dt.Terminal("B"))])
    )
    for function in (dt.evaluate, dt.evpi, dt.risk_profile, dt.policy_values, dt.perfect_information_tree):
        refused(
            function, tree, exact=[], match=r"exact must be True or False, got \[\]", error=dt.ArgumentError
        )
    uncertain = dt.Parameter("u", 1, distribution=dt.Uniform(0, 2))
    chosen = dt.Tree(
        dt.Decision(
            "d", [dt.Branch("a", dt.Terminal("A", payoff=uncertain)), dt.Branch("b", dt.Terminal("B"))]
        ),
        [uncertain],
    )
    refused(
        dt.psa,
        chosen,
        10,
        progress="yes",
        match="progress must be True, False or None",
        error=dt.ArgumentError,
    )
    assert dt.evaluate(tree, exact=True).value == 1  # numpy's booleans are booleans too
    assert dt.evaluate(tree, exact=__import__("numpy").bool_(False)).value == 1.0


def test_base_values_and_ranges_beyond_float_range_in_float_analyses() -> None:
    huge, uncertain = (
        dt.Parameter("x", 10**400),
        dt.Parameter("u", 1, low=0, high=2, distribution=dt.Uniform(0, 2)),
    )
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", dt.Terminal("A", payoff=huge)),
                dt.Branch("b", dt.Terminal("B", payoff=uncertain)),
            ],
        ),
        [huge, uncertain],
    )
    beyond = r"'x' = \(a number of 401 digits\) is beyond float range"
    refused(dt.psa, tree, 10, seed=1, match=beyond, error=ModelError)
    refused(dt.tornado, tree, match=beyond, error=ModelError)
    wide = dt.Parameter("x", 1, low=-(10**400), high=5)
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=wide)), dt.Branch("b", dt.Terminal("B"))]),
        [wide],
    )
    for function in (dt.one_way, dt.thresholds):
        match = r"range \[-\(a number of 401 digits\), 5\] is not finite in floats"
        refused(function, tree, "x", match=match, error=dt.ArgumentError)


def test_a_gambit_payoff_of_a_billion_digits_is_refused_at_once() -> None:
    text = 'EFG 2 R "" { "P" }\n""\nt "" 1 "" { 1e999999999 }\n'
    refused(dt.from_efg, text, match="3: '1e999999999' is not a usable number", error=FileFormatError)


def test_the_fuzz_suite_reads_json_flags_by_the_command_line_s_rules() -> None:
    """``--title --json`` gives the title "--json": the harness must not then expect JSON output."""
    from fuzzing.checks import _asks_json

    assert _asks_json(["evaluate", "m.yaml", "--json"])
    assert not _asks_json(["render", "m.yaml", "-o", "t.svg", "--title", "--json"])
    assert not _asks_json(["evaluate", "m.yaml", "--set", "--json"])


def test_scenarios_of_a_shared_tree_with_per_actor_payoffs_and_an_objective() -> None:
    """The path-by-path arrays of a shared tree ran the expanded tree with the shared tree's weight
    table (KeyError); they are the arrays of the same tree written out without sharing."""

    def choose() -> dt.Decision:
        return dt.Decision(
            "d",
            [
                dt.Branch("x", dt.Terminal("a", payoff={"A": 1, "B": 2})),
                dt.Branch("y", dt.Terminal("b", payoff={"A": 2, "B": 0})),
            ],
        )

    shared_node = choose()
    shared = dt.Tree(
        dt.Chance(
            "c", [dt.Branch("p", shared_node, probability=0.5), dt.Branch("q", shared_node, probability=0.5)]
        )
    )
    plain = dt.Tree(
        dt.Chance("c", [dt.Branch("p", choose(), probability=0.5), dt.Branch("q", choose(), probability=0.5)])
    )
    for objective in ("A", {"A": 1, "B": 1}):
        for exact in (False, True):
            got = dt.evaluate(shared, objective=objective, exact=exact)
            want = dt.evaluate(plain, objective=objective, exact=exact)
            assert got.scenarios == want.scenarios
            assert got.value == want.value and dict(got.policy) == dict(want.policy)


def test_sweep_and_willingness_to_pay_values_beyond_float_range() -> None:
    cost = dt.Parameter("cost", 1, low=0, high=2)
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=cost)), dt.Branch("b", dt.Terminal("B"))]),
        [cost],
    )
    refused(
        dt.one_way,
        tree,
        "cost",
        10**400,
        match=r"values \(a number of 401 digits\) is beyond float range \(about 1.8e308\)$",
        error=dt.ArgumentError,
    )
    refused(dt.one_way, tree, "cost", "12", match="must be a sequence of numbers", error=dt.ArgumentError)
    cea = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", dt.Terminal("A", payoff={"cost": 10, "effect": 2})),
                dt.Branch("b", dt.Terminal("B", payoff={"cost": 0, "effect": 1})),
            ],
        )
    )
    table = dt.league_table(cea, cost="cost", effect="effect")
    refused(
        table.net_benefit,
        [1, 10**400],
        match="willingness-to-pay values: .* beyond float range",
        error=dt.ArgumentError,
    )
    assert table.net_benefit([0, 20])["a"].tolist() == [-10.0, 30.0]


def test_an_unknown_name_that_is_not_text_is_shown_briefly() -> None:
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    tree = dt.Tree(dt.Terminal("t"), parameters=[dt.Parameter("p_hold", 0.5)])
    refused(tree.parameter, nested, match=r"unknown parameter \[\[\[\[", error=dt.NotFoundError)
    refused(tree.parameter, "p" * 100_000, match=r"unknown parameter 'ppp.*\.\.\.", error=dt.NotFoundError)
    refused(tree.parameter, "p_hodl", match="did you mean 'p_hold'", error=dt.NotFoundError)


def test_a_zero_dimensional_array_is_no_sequence() -> None:
    # numpy's 0-d arrays claim to be iterable, and fail when gone through
    nothing = np.array(np.nan)
    refused(dt.Tree, dt.Terminal("t"), parameters=nothing, match="parameters must be a sequence of Parameter")
    refused(dt.Decision, "d", nothing, match="branches must be a sequence of Branch, got ndarray")
    refused(dt.Chance, "c", nothing, match="branches must be a sequence of Branch, got ndarray")
    tree = dt.load("examples/paris_summit.yaml")
    refused(
        dt.tornado, tree, parameters=nothing, match="parameters must be a sequence", error=dt.ArgumentError
    )
    for argument in ("actors", "kinds"):
        with pytest.raises(InvalidArgument, match=f"{argument} must be a sequence"):
            dt_st.trees(**{argument: nothing})


_HOSTILE = [np.array([1.0, 2.0]), "yes", [1], {"a": 1}, 3, None]


@pytest.mark.parametrize("value", _HOSTILE, ids=repr)
def test_pictures_refuse_what_they_cannot_draw(value: Any) -> None:
    """Every plot function names what it takes (before: AttributeError, TypeError or ValueError)."""
    from decisiontree.errors import ArgumentError

    for name in [name for name in dt.__all__ if name.startswith("plot_")]:
        with pytest.raises(ArgumentError, match=rf"{name}\(\) takes"):
            getattr(dt, name)(value)


@pytest.mark.parametrize("value", [np.array([1.0, 2.0]), "yes", 2, None], ids=repr)
def test_yes_no_arguments_are_checked_before_use(paris: dict[str, Any], value: Any) -> None:
    """Before: ``evaluate(tree, exact=np.array([1.0, 2.0]))`` asked numpy for an array's truth value,
    and ``risk_profile(result, exact="yes")`` or ``to_dot(tree, formulas="yes")`` went unchecked."""
    from decisiontree.errors import ArgumentError

    tree = dt.from_dict(paris)
    result = dt.evaluate(tree)
    for function, subject in [
        (dt.evaluate, tree),
        (dt.policy_values, tree),
        (dt.risk_profile, result),
        (dt.risk_profiles, tree),
    ]:
        refused(function, subject, exact=value, match="exact must be True or False", error=ArgumentError)
    refused(dt.to_dot, tree, formulas=value, match="formulas must be True or False", error=ArgumentError)


@pytest.mark.parametrize("value", [np.array(["expected", "x"]), np.array([1.0, 2.0]), ["expected"]], ids=repr)
def test_choices_among_names_are_never_compared_element_by_element(paris: dict[str, Any], value: Any) -> None:
    """Before: ``evaluate(tree, rule=np.array([...]))`` asked numpy for an array's truth value."""
    tree = dt.from_dict(paris)
    refused(dt.evaluate, tree, rule=value, match="rule must be one of")
    refused(dt.to_dot, tree, direction=value, match="direction must be one of")
    refused(dt.to_dot, tree, layout=value, match="layout must be one of")
    refused(dt.evaluate(tree).to_table, value, match="what must be one of")
    refused(dt.thresholds, tree, "p_hold", method=value, match="method must be")


def test_sizes_and_texts_of_pictures_are_checked(paris: dict[str, Any]) -> None:
    """Found by sweeping every argument of the plot functions with hostile values: ``top=""``,
    ``bins=""`` and text arguments given a 5,001-digit number failed inside matplotlib or numpy."""
    from decisiontree.errors import ArgumentError, TooLargeError

    tree = dt.from_dict(paris)
    refused(dt.plot_tornado, dt.tornado(tree, points=3), top="", match="top must be a whole number")
    refused(dt.plot_tornado, dt.tornado(tree, points=3), top=10**309, match="a number of 310 digits")
    psa = dt.psa(tree, 16, seed=0)
    refused(dt.plot_psa, psa, bins="", match="bins must be a whole number", error=ArgumentError)
    refused(dt.plot_psa, psa, bins=10**5000, match="a number of 5,001 digits", error=TooLargeError)
    # the campaign's seed 33 ran plot_psa(bins=3561) past its 5 s: a bar per bin and option (13 s
    # at the 10,000 allowed); each option is now one filled outline, whatever the bins
    ax = dt.plot_psa(psa, bins=10_000)
    varying = [k for k in range(len(psa.labels)) if np.ptp(psa.values[:, k]) > 0]
    assert len(ax.patches) == len(varying) > 0
    pytest.importorskip("matplotlib.pyplot").close(ax.figure)
    refused(dt.plot_risk_profile, [], match="at least one", error=ArgumentError)
    table = dt.LeagueTable.from_values(["A", "B"], [0, 10], [0, 1])
    refused(dt.plot_ce_plane, table, money=10**5000, match="money must be text", error=ArgumentError)
    one_way = dt.one_way(tree, "p_hold", points=3)
    refused(dt.plot_spider, [one_way], label=5, match="label must be text", error=ArgumentError)


def test_strategies_and_depths_from_the_sweep(paris: dict[str, Any]) -> None:
    """``policy_values(tree, strategies=5)`` iterated an int; ``to_html(depth=10**5000)`` wrote it out."""
    from decisiontree.errors import ArgumentError

    tree = dt.from_dict(paris)
    for function, strategies in [(dt.policy_values, 5), (dt.strategy_tree, 1.5)]:
        refused(function, tree, strategies=strategies, match="must be a sequence", error=ArgumentError)
    page = dt.to_html(dt.evaluate(tree), depth=10**5000)
    assert '"depth":' in page


def test_the_sweep_of_every_argument_of_the_analyses(paris: dict[str, Any]) -> None:
    """Found by giving every argument every hostile value: messages that wrote out a 5,001-digit
    number (Python refuses), ``evppi(method=array)``, ``evppi(degree=2**63)`` building its
    regression terms for ever, ``result.choice(np.array(...))``."""
    from decisiontree.errors import ArgumentError
    from decisiontree.errors import TooLargeError as TooLarge

    tree = dt.from_dict(paris)
    huge = 10**5000
    refused(dt.evaluate, tree, values={"p_hold": huge}, match="a number of 5,001 digits", error=ArgumentError)
    refused(dt.evaluate, tree, utility=huge, match="a number of 5,001 digits", error=ArgumentError)
    refused(dt.evppi, tree, huge, 64, match="a number of 5,001 digits", error=ArgumentError)
    refused(dt.evppi, tree, "p_hold", 64, method=np.array([1.0, 2.0]), match="method must be")
    refused(dt.evppi, tree, "p_hold", 64, degree=2**63, match="degree must be at most 20", error=TooLarge)
    refused(dt.evaluate(tree).choice, np.array([1.0, 2.0]), match="named by text", error=ArgumentError)
