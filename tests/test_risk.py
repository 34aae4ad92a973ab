"""Risk attitude and risk profiles: utilities, certainty equivalents, dominance, plots."""

from __future__ import annotations

import math
from fractions import Fraction

import matplotlib
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import decisiontree as dt


def gamble_tree(win=100, lose=-40, sure=20):
    return dt.Tree(
        dt.Decision(
            "Go?",
            [
                dt.Branch(
                    "gamble",
                    dt.Chance(
                        "coin",
                        [
                            dt.Branch("heads", dt.Terminal("win", payoff=win), probability="1/2"),
                            dt.Branch("tails", dt.Terminal("lose", payoff=lose), probability="1/2"),
                        ],
                    ),
                ),
                dt.Branch("sure", dt.Terminal("sure thing", payoff=sure)),
            ],
        )
    )


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def test_profile_of_the_optimal_policy_exact():
    profile = dt.risk_profile(dt.evaluate(gamble_tree(), exact=True))
    assert profile.outcomes == (-40, 100)
    assert [str(p) for p in profile.probabilities] == ["1/2", "1/2"]
    assert profile.cumulative[-1] == 1
    assert profile.mean == 30
    assert profile.cdf(0) == profile.probabilities[0]
    assert profile.cdf(-100) == 0


def test_forced_policy_and_profiles_of_every_option():
    tree = gamble_tree()
    assert dt.risk_profile(tree, policy={(): "sure"}).outcomes == (20.0,)
    profiles = dt.risk_profiles(tree)
    assert list(profiles) == ["gamble", "sure"]
    values = dt.evaluate(tree).option_values()
    assert {k: p.mean for k, p in profiles.items()} == pytest.approx(values)
    assert profiles["gamble"].variance == pytest.approx(70**2)
    frame = profiles["gamble"].to_frame()
    assert list(frame.columns) == ["outcome", "probability", "cumulative"]
    with pytest.raises(dt.NotFoundError):
        dt.risk_profile(tree, policy={(): "sit"})
    with pytest.raises(dt.ArgumentError):
        dt.risk_profile(tree, policy={("gamble",): "heads"})
    with pytest.raises(dt.DecisionTreeError):
        dt.risk_profile("tree")


def test_equal_payoffs_merge():
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("A", payoff=5), probability="1/3"),
                dt.Branch("b", dt.Terminal("B", payoff=5), probability="1/3"),
                dt.Branch("c", dt.Terminal("C", payoff=1), probability=dt.COMPLEMENT),
            ],
        )
    )
    profile = dt.risk_profile(tree, exact=True)
    assert profile.outcomes == (1, 5)
    assert [str(p) for p in profile.probabilities] == ["1/3", "2/3"]


def test_paris_profiles_per_actor():
    from paris_summit import paris_summit

    tree = paris_summit("chance")
    profiles = dt.risk_profiles(tree)
    europe = dt.evaluate(tree).option_values()
    for label, profile in profiles.items():
        assert profile.mean == pytest.approx(europe[label]["Europe"])
        assert sum(profile.probabilities) == pytest.approx(1)
    ukraine = dt.risk_profiles(tree, actor="Ukraine")
    assert ukraine["Spend + reassurance force"].mean == pytest.approx(
        europe["Spend + reassurance force"]["Ukraine"]
    )
    inner = dt.risk_profiles(paris_summit("decision"), decision=("Spend only",))
    assert sum(inner["US accepts Europe"].probabilities) == pytest.approx(1)


def test_first_and_second_order_dominance():
    sure = dt.RiskProfile((20,), (1,))
    gamble = dt.RiskProfile((0, 40), (0.5, 0.5))
    better = dt.RiskProfile((10, 50), (0.5, 0.5))
    assert dt.dominates(better, gamble) and not dt.dominates(gamble, better)
    assert dt.dominates(better, gamble, order=2)
    assert not dt.dominates(sure, gamble) and not dt.dominates(gamble, sure)
    assert dt.dominates(sure, gamble, order=2) and not dt.dominates(gamble, sure, order=2)
    assert not dt.dominates(gamble, gamble) and not dt.dominates(gamble, gamble, order=2)
    with pytest.raises(dt.ArgumentError):
        dt.dominates(sure, gamble, order=3)


@settings(max_examples=50)
@given(
    st.lists(st.integers(-50, 50), min_size=1, max_size=5),
    st.lists(st.integers(1, 5), min_size=5, max_size=5),
    st.integers(0, 10),
)
def test_shifting_payoffs_up_dominates(outcomes, weights, shift):
    total = sum(weights[: len(outcomes)])
    probabilities = [w / total for w in weights[: len(outcomes)]]
    merged: dict[int, float] = {}
    for x, p in zip(outcomes, probabilities, strict=False):
        merged[x] = merged.get(x, 0) + p
    xs = sorted(merged)
    a = dt.RiskProfile(tuple(x + shift for x in xs), tuple(merged[x] for x in xs))
    b = dt.RiskProfile(tuple(xs), tuple(merged[x] for x in xs))
    assert dt.dominates(a, b) == (shift > 0)
    assert dt.dominates(a, b, order=2) == (shift > 0)
    assert not dt.dominates(b, a, order=2)


# --------------------------------------------------------------------------- utilities


def test_risk_averse_takes_the_sure_thing():
    tree = gamble_tree()
    neutral = dt.evaluate(tree)
    averse = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=50))
    assert neutral.choice("Go?") == "gamble"
    assert averse.choice("Go?") == "sure"
    assert averse.value == pytest.approx(20)
    # The gamble's certainty equivalent for R = 50: -50 log(E[exp(-X / 50)]).
    ce = -50 * math.log(0.5 * math.exp(-100 / 50) + 0.5 * math.exp(40 / 50))
    gamble = dt.risk_profiles(tree)["gamble"]
    assert gamble.certainty_equivalent(dt.ExponentialUtility(50)) == pytest.approx(ce)
    assert averse.certainty_equivalent == pytest.approx(20)
    assert dt.risk_profile(averse).outcomes == (20.0,)


@pytest.mark.parametrize("risk_tolerance", [math.inf, 1e6])
def test_huge_risk_tolerance_is_risk_neutral(risk_tolerance):
    tree = gamble_tree()
    result = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=risk_tolerance))
    assert result.policy == dt.evaluate(tree).policy
    assert result.certainty_equivalent == pytest.approx(30, rel=1e-4)


@settings(max_examples=50)
@given(st.integers(-100, 100), st.integers(-100, 100), st.integers(-100, 100))
def test_infinite_risk_tolerance_policy_equals_risk_neutral(win, lose, sure):
    tree = gamble_tree(win, lose, sure)
    neutral = dt.evaluate(tree)
    result = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=math.inf))
    assert result.value == pytest.approx(neutral.value)
    if abs((win + lose) / 2 - sure) > 1e-9:
        assert result.policy == neutral.policy


def test_general_utility_from_expression():
    import sympy

    x = sympy.Symbol("x", real=True)
    utility = dt.Utility.from_expression(-sympy.exp(-x / 50), x)
    tree = gamble_tree()
    assert dt.evaluate(tree, utility=utility).choice("Go?") == "sure"
    profile = dt.risk_profiles(tree)["gamble"]
    assert profile.certainty_equivalent(utility) == pytest.approx(
        profile.certainty_equivalent(dt.ExponentialUtility(50))
    )


# --------------------------------------------------------------------------- plots


def test_plots_return_axes():
    matplotlib.use("Agg")
    tree = gamble_tree()
    ax = dt.plot_risk_profile(dt.risk_profiles(tree))
    assert [line.get_label() for line in ax.get_lines()] == ["gamble", "sure"]
    ax = dt.plot_risk_profile(dt.risk_profiles(tree)["gamble"], cumulative=False)
    assert ax.get_ylabel() == "probability"
    cost = dt.Parameter("cost", 10, distribution=dt.Uniform(0, 30))
    psa_tree = dt.Tree(
        dt.Decision(
            "buy?",
            [
                dt.Branch("buy", dt.Terminal("b", payoff=20), payoff=-cost),
                dt.Branch("skip", dt.Terminal("s")),
            ],
        ),
        parameters=[cost],
    )
    result = dt.psa(psa_tree, 500, seed=1)
    ax = dt.plot_psa(result)
    assert len(ax.patches) > 0
    ax = dt.plot_psa(result, kind="optimal")
    heights = [p.get_height() for p in ax.patches]
    assert np.allclose(heights, list(result.probability_optimal.values()))
    with pytest.raises(dt.DecisionTreeError):
        dt.plot_psa(result, kind="pie")
    with pytest.raises(dt.DecisionTreeError):
        dt.plot_psa("result")
    with pytest.raises(dt.DecisionTreeError):
        dt.plot_risk_profile(42)


def test_cdf_and_certainty_equivalent_read_their_arguments() -> None:
    """``x`` is any real number, compared in the outcomes' arithmetic (infinite bounds too); a utility
    must be one."""
    assert dt.RiskProfile((0.1, 0.2), (0.5, 0.5)).cdf(0.1) == 0.5  # floats: the outcome 0.1 is 0.1
    profile = dt.RiskProfile((Fraction(1, 3), 10), (0.25, 0.75))  # exact: 1/3 is above the float 1/3
    assert profile.cdf(float("inf")) == 1 and profile.cdf(float("-inf")) == 0
    assert profile.cdf(1 / 3) == 0  # the float 1/3 lies just below the exact 1/3
    assert profile.cdf(Fraction(1, 3)) == 0.25 and profile.cdf(0.3334) == 0.25
    for bad in ("x", [1], {"a": 1}, float("nan"), None):
        with pytest.raises(dt.ArgumentError):
            profile.cdf(bad)  # type: ignore[arg-type]
    for bad in (3, "exponential", None, lambda x: x):
        with pytest.raises(dt.ArgumentError, match="utility"):
            profile.certainty_equivalent(bad)


@pytest.mark.parametrize("expression", ["log(x + 1)", "__import__('os').getcwd()", "(9**9999)**9999"])
def test_a_utility_from_text_is_refused_never_evaluated(expression: str) -> None:
    """sympy reads text by evaluating it; the library takes sympy objects only."""
    x = sympy.Symbol("x", real=True)
    with pytest.raises(dt.ArgumentError, match="sympy expression"):
        dt.Utility.from_expression(expression, x)
    with pytest.raises(dt.ArgumentError, match="sympy Symbol"):
        dt.Utility.from_expression(sympy.log(x + 1), expression)
    with pytest.raises(dt.ArgumentError, match="sympy expression in x"):
        dt.Utility.from_expression(sympy.Integer(10) ** 5000, x)


def test_an_inverse_that_does_not_undo_the_utility_is_refused() -> None:
    """The rule from_expression applies to what sympy solves: a wrong inverse is refused, not used."""
    from decisiontree.utility import _check_inverse

    _check_inverse(dt.Utility(np.exp, np.log))
    with pytest.raises(dt.ArgumentError, match="does not undo it"):
        _check_inverse(dt.Utility(np.exp, np.sqrt, name="exp"))


@pytest.mark.parametrize("actor", [np.array(["EU", "US"]), sympy.Integer(10) ** 5000, [["EU"]], 5])
def test_an_actor_that_is_not_a_payoff_key_is_refused(actor: object) -> None:
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff={"EU": 1, "US": 2}))], owner="EU")
    )
    with pytest.raises(dt.NotFoundError, match="payoff keys are EU, US"):
        dt.risk_profile(tree, actor=actor)  # type: ignore[arg-type]


def _gamble(loss: float) -> dt.Tree:
    return dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("risky", dt.Terminal("loss", payoff=loss)),
                dt.Branch("safe", dt.Terminal("gain", payoff=3)),
            ],
        )
    )


def test_a_utility_undefined_at_a_payoff_names_the_terminal() -> None:
    log = dt.Utility(np.log, np.exp, name="log")
    # before: NaN utilities rolled back, reported as an overflow with the hint exact=True, which a
    # utility cannot take
    with pytest.raises(dt.ModelError, match=r"utility 'log' is not a finite number .* payoff -5") as error:
        dt.evaluate(_gamble(-5), utility=log)
    assert error.value.path == ("risky",) and "exact" not in str(error.value)
    result = dt.evaluate(_gamble(5), utility=log)  # defined at every payoff: as before
    assert result.choice("d") == "risky" and result.certainty_equivalent == pytest.approx(5)
    profile = dt.RiskProfile((-5.0, 3.0), (0.5, 0.5))
    with pytest.raises(dt.ArgumentError, match=r"utility 'log' is not a finite number at the outcome -5"):
        profile.certainty_equivalent(log)
    half = dt.Utility(np.sqrt, lambda u: np.log(u - 10), name="odd inverse")  # undefined at its mean
    with pytest.raises(dt.ArgumentError, match="inverse of utility 'odd inverse' is not a finite number"):
        dt.RiskProfile((1.0, 4.0), (0.5, 0.5)).certainty_equivalent(half)


def test_a_utility_reads_its_arguments() -> None:
    hostile = (
        "1.5",
        b"1",
        np.array(["1"]),
        {"a": 1},
        [1, "x"],
        math.nan,
        math.inf,
        [0, -math.inf],
        10**400,
        object(),
    )
    for bad in hostile:
        for call in (dt.ExponentialUtility(10), dt.ExponentialUtility(10).inverse, dt.LinearUtility()):
            with pytest.raises(dt.ArgumentError, match="utility"):
                call(bad)  # type: ignore[operator]
    assert dt.ExponentialUtility(10)(np.array([0.0, 10.0])).tolist() == pytest.approx([0.0, 1 - math.exp(-1)])
    # finite numbers whose utility (or inverse) is not: an overflow, and utilities of 1 and more
    for call, x in ((dt.ExponentialUtility(10), -1e308), (dt.ExponentialUtility(10).inverse, 1.0)):
        with pytest.raises(dt.ArgumentError, match="is not a finite number at"):
            call(np.array([0.5, x]))
    for function, inverse, name in ((1, np.exp, "x"), (np.log, "exp", "x"), (np.log, np.exp, 3)):
        with pytest.raises(dt.ArgumentError, match="a utility's"):
            dt.Utility(function, inverse, name=name)  # type: ignore[arg-type]
    broken = dt.Utility(lambda x: 1 / 0, np.exp, name="broken")
    with pytest.raises(dt.ArgumentError, match="utility 'broken' failed: division by zero"):
        dt.evaluate(_gamble(-5), utility=broken)
    scalar = dt.Utility(lambda x: 1.0, np.exp, name="constant")
    with pytest.raises(dt.ArgumentError, match="must give one number for each number"):
        dt.evaluate(_gamble(-5), utility=scalar)


def test_a_risk_profile_is_a_distribution() -> None:
    # before: accepted, and cdf(1.5) was 0 for unsorted outcomes, -1 for a negative probability
    hostile = [
        (((2, 1), (0.5, 0.5)), "distinct and increasing"),
        (((1, 1), (0.5, 0.5)), "distinct and increasing"),
        (((1, 2), (0.5, 0.7)), "sum to 1, got 1.2"),
        (((1,), (-1,)), r"lie in \[0, 1\]"),
        (((math.nan,), (1,)), "an outcome of a risk profile must be a finite number"),
        (((), ()), "at least one"),
        (((1, 2), (1,)), "one probability per outcome"),
        (("ab", (0.5, 0.5)), "outcomes must be a sequence of numbers"),
        (((1,), (Fraction(1, 3),)), "sum to 1, got 1/3"),
    ]
    for args, message in hostile:
        with pytest.raises(dt.ArgumentError, match=message):
            dt.RiskProfile(*args)
    with pytest.raises(dt.ArgumentError, match="label must be text"):
        dt.RiskProfile((1,), (1,), 3)  # type: ignore[arg-type]
    assert dt.RiskProfile([0, 1], [0.1 + 0.2, 0.7]).cdf(0.5) == pytest.approx(0.3)  # float rounding
    exact = dt.RiskProfile((sympy.Rational(1, 3), 2), (sympy.Rational(1, 3), sympy.Rational(2, 3)))
    assert exact.mean == sympy.Rational(13, 9)
    # exact outcomes are compared exactly: beyond float range, or apart by less than floats tell
    huge = 10**400
    far = dt.RiskProfile((huge, huge + Fraction(1, 300)), (Fraction(1, 30), Fraction(29, 30)))
    assert far.cdf(huge) == Fraction(1, 30)
    with pytest.raises(dt.ArgumentError, match="distinct and increasing"):
        dt.RiskProfile((huge + 1, huge), (Fraction(1, 2), Fraction(1, 2)))


def test_the_risk_profile_of_an_exact_result_beyond_float_range() -> None:
    # found by the oracle property: the profile of payoffs of 1e308 plus 1e308 was refused
    huge = dt.Terminal("huge", payoff=10**308)
    tree = dt.Tree(dt.Chance("c", [dt.Branch("x", huge, probability=1, payoff=10**308)]))
    profile = dt.risk_profile(tree, exact=True)
    assert profile.outcomes == (2 * 10**308,) and profile.probabilities == (1,)


def _floats(first: float, second: float, payoff: float | None) -> dt.Tree:
    """Two outcomes of payoff 0 with probabilities written as floats, and a COMPLEMENT paying
    ``payoff`` (none where ``payoff`` is None)."""
    rest = (
        []
        if payoff is None
        else [dt.Branch("rest", dt.Terminal("R", payoff=payoff), probability=dt.COMPLEMENT)]
    )
    return dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("A"), probability=first),
                dt.Branch("b", dt.Terminal("B"), probability=second),
                *rest,
            ],
        )
    )


@pytest.mark.parametrize(
    ("first", "second", "payoff"), [(8 / 17, 9 / 17, 1.0), (2 / 3, 1 / 3, 1.0), (2 / 3, 1 / 3, None)]
)
def test_the_exact_risk_profile_of_probabilities_written_as_floats(
    first: float, second: float, payoff: float | None
) -> None:
    """Found by the oracle property: floats mean their decimal values, which sum to 1.00000000000000004
    (8/17 and 9/17; a COMPLEMENT is then 0) or 0.9999999999999999 (2/3 and 1/3; it is 1e-16), and
    the exact profile was refused ("must lie in [0, 1]", "must sum to 1, got 1") although the tree
    is valid within the tolerance. It is the scenarios' probabilities, merged by payoff."""
    tree = _floats(first, second, payoff)
    merged: dict[sympy.Rational, sympy.Rational] = {}
    for scenario in dt.evaluate(tree, exact=True).scenarios:
        merged[scenario.payoff] = merged.get(scenario.payoff, 0) + scenario.probability
    profile = dt.risk_profile(tree, exact=True)
    assert profile.outcomes == tuple(sorted(merged))
    assert profile.probabilities == tuple(merged[x] for x in sorted(merged))
    assert merged[0] == sympy.Rational(repr(first)) + sympy.Rational(repr(second))
    assert dt.risk_profile(tree).probabilities[0] == pytest.approx(1.0)
