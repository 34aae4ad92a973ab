"""The value of a test (EVSI), EVPI on posteriors, the market-test example and published cases.

Sources of the published numbers are named at each case; everything else is
held to reference computations written out by hand in the test.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree.strategies import probabilities

F = Fraction
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# --------------------------------------------------------------------------- the market test


@pytest.fixture(scope="module")
def market():
    from market_test import market_test

    return market_test()


def reference_market(p, sens, spec, cost):
    """(value of testing, value without) by hand: joint probabilities, no Bayes' rule needed."""
    no_test = max(120 * p - 60 * (1 - p), 50 * p - 10 * (1 - p), 0)
    with_test = -cost
    for strong, weak in ((p * sens, (1 - p) * (1 - spec)), (p * (1 - sens), (1 - p) * spec)):
        with_test += max(120 * strong - 60 * weak, 50 * strong - 10 * weak, 0)
    return with_test, no_test


def test_market_test_numbers(market):
    result = dt.evaluate(market, exact=True)
    assert result.value == sympy.Rational(113, 5)  # 22.6
    assert dt.evaluate(market).value == pytest.approx(22.6)
    assert result.policy == {
        (): "test",
        ("test", "favourable"): "national",
        ("test", "unfavourable"): "abandon",
        ("no test",): "regional",
    }
    assert reference_market(F(2, 5), F(4, 5), F(7, 10), 5) == (F(113, 5), 14)


def test_market_test_value_of_information(market):
    # EVSI: 27.6 with a free test against 14 without; EVPI on the market: 2/5 * 120 = 48 against 22.6.
    assert dt.evsi(market, ("test",), exact=True) == sympy.Rational(68, 5)
    assert dt.evsi(market, ("test",)) == pytest.approx(13.6)
    first = dt.state_first(market, "Market")
    assert dt.evaluate(first, exact=True).value == sympy.Rational(113, 5)
    assert dt.evpi(first, node="Market", exact=True) == sympy.Rational(127, 5)
    assert dt.evpi(first, node="Market") == pytest.approx(25.4)
    assert dt.evaluate(dt.perfect_information_tree(first, "Market"), exact=True).value == 48


@pytest.mark.parametrize(
    ("parameter", "expected"),
    [
        # Testing (national if favourable, abandon if not) is worth 114 p - 23 against regional 60 p - 10:
        # equal at p = 13/54. Above 7/17 an unfavourable test still goes regional: 131 p - 30 against
        # national 180 p - 60, equal at p = 30/49.
        ("p_strong", [sympy.Rational(13, 54), sympy.Rational(30, 49)]),
        ("test_cost", [sympy.Rational(68, 5)]),  # the EVSI
        # Sensitivity s: 48 s - 10.8 (national if favourable) + 15.8 - 20 s (regional if not) - 5 = 14 at
        # s = 1/2; below s = 0.09 a favourable test says "weak": 22.8 - 48 s - 5 = 14 at s = 19/240.
        ("sensitivity", [sympy.Rational(19, 240), sympy.Rational(1, 2)]),
        # Specificity c: 2.4 + 36 c + 4 - 6 c - 5 = 14 at c = 21/50; below 0.19: 14.6 - 30 c = 14 at 1/50.
        ("specificity", [sympy.Rational(1, 50), sympy.Rational(21, 50)]),
    ],
)
def test_market_test_exact_switch_points(market, parameter, expected):
    found = dt.thresholds(market, parameter)
    assert found == expected
    assert found.method == "exact"
    base = {"p": F(2, 5), "sens": F(4, 5), "spec": F(7, 10), "cost": F(5)}
    key = {"p_strong": "p", "sensitivity": "sens", "specificity": "spec", "test_cost": "cost"}[parameter]
    for point in expected:  # the reference agrees: at each switch point testing and not testing tie
        with_test, no_test = reference_market(**{**base, key: F(int(point.p), int(point.q))})
        assert with_test == no_test


def test_market_test_example_and_its_file(market, tmp_path, capsys):
    from market_test import FILE, load_file, main, value_of_information

    main(output=tmp_path)
    out = capsys.readouterr().out
    assert "Expected value: 113/5 = 22.6" in out
    assert "EVSI of the test: 68/5 = 13.6" in out
    assert "EVPI on the market: 127/5 = 25.4" in out
    assert "P(favourable) = 1/2; P(strong | favourable) = 16/25" in out
    assert f"{FILE} (derived parameters, one launch subtree): the same numbers" in out
    assert dt.load(tmp_path / FILE) == market  # the code's model round-trips through dump
    loaded = load_file()
    assert value_of_information(loaded, exact=True) == {
        "value": sympy.Rational(113, 5),
        "evsi": sympy.Rational(68, 5),
        "evpi": sympy.Rational(127, 5),
    }


def test_market_test_file_writes_each_formula_once():
    """The committed file names the posteriors (derived parameters) and writes the launch once."""
    text = (EXAMPLES / "market_test.yaml").read_text(encoding="utf-8")
    assert text.count("kind: decision") == 2 and text.count("name: Market\n") == 1
    assert text.count("sensitivity*p_strong") == 2  # P(favourable) and P(strong | favourable), once each
    loaded = dt.load(EXAMPLES / "market_test.yaml")
    derived = {p.name for p in loaded.parameters if p.derived}
    assert derived == {"p_favourable", "p_strong_if_favourable", "p_strong_if_unfavourable"}


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"p_strong": 0.25},
        {"p_strong": 0.7, "test_cost": 1},
        {"sensitivity": 0.55, "specificity": 0.95},
        {"sensitivity": 0.05, "specificity": 0.1},
    ],
)
def test_market_test_example_and_its_file_agree(market, values):
    """Every strategy has the same exact value in the code's model and in the hand-written file."""
    from market_test import load_file

    loaded = load_file()
    assert dt.policy_values(loaded, values=values, exact=True) == dt.policy_values(
        market, values=values, exact=True
    )
    assert dt.evaluate(loaded, values, exact=True).policy == dt.evaluate(market, values, exact=True).policy
    with_test, no_test = reference_market(
        p=F(str(values.get("p_strong", "0.4"))),
        sens=F(str(values.get("sensitivity", "0.8"))),
        spec=F(str(values.get("specificity", "0.7"))),
        cost=F(str(values.get("test_cost", 5))),
    )
    assert dt.evaluate(loaded, values, exact=True).value == max(with_test, no_test)


@pytest.mark.parametrize("parameter", ["p_strong", "test_cost", "sensitivity", "specificity"])
def test_market_test_file_has_the_same_switch_points(market, parameter):
    from market_test import load_file

    assert dt.thresholds(load_file(), parameter) == dt.thresholds(market, parameter)


# --------------------------------------------------------------------------- evsi


def test_evsi_at_other_values_and_never_negative(market):
    for values in ({"p_strong": 0.1}, {"p_strong": 0.9}, {"sensitivity": 0.5, "specificity": 0.5}):
        gain = dt.evsi(market, ("test",), values=values, exact=True)
        merged = {"p": F(2, 5), "sens": F(4, 5), "spec": F(7, 10), "cost": 0}
        names = {"p_strong": "p", "sensitivity": "sens", "specificity": "spec"}
        merged.update({names[k]: F(str(v)) for k, v in values.items()})
        with_test, no_test = reference_market(**merged)
        assert gain == with_test - no_test >= 0


def test_evsi_leaves_out_only_the_test_branch_payoff():
    launch = dt.Decision(
        "Go?", [dt.Branch("go", dt.Terminal("g", payoff=10)), dt.Branch("stop", dt.Terminal("s"))]
    )
    tree = dt.Tree(
        dt.Decision(
            "Ask?",
            [
                dt.Branch("ask", dt.Chance("Answer", [dt.Branch("yes", launch, probability=1)]), payoff=-3),
                dt.Branch("skip", launch, payoff=-1),  # the alternative's own payoff counts
            ],
        )
    )
    assert dt.evsi(tree, ("ask",), exact=True) == 10 - 9


def test_evsi_with_per_actor_payoffs():
    def launch(k):
        return dt.Decision(
            "Go?",
            [
                dt.Branch("go", dt.Terminal("g", payoff={"A": 10 * k, "B": -1})),
                dt.Branch("stop", dt.Terminal("s", payoff=0)),
            ],
            owner="A",
        )

    tree = dt.Tree(
        dt.Decision(
            "Ask?",
            [
                dt.Branch(
                    "ask",
                    dt.Chance(
                        "Answer",
                        [
                            dt.Branch("hi", launch(1), probability="1/2"),
                            dt.Branch("lo", launch(-1), probability="1/2"),
                        ],
                    ),
                ),
                dt.Branch("skip", dt.Chance("Same", [dt.Branch("x", launch(0), probability=1)])),
            ],
            owner="A",
        )
    )
    assert dt.evsi(tree, ("ask",), exact=True) == 5
    # B loses 1 whenever A goes: with the answer A goes half the time; without it A is indifferent and
    # goes (ties go to the first option). So the test is worth 1/2 to B.
    assert dt.evsi(tree, ("ask",), exact=True, actor="B") == sympy.Rational(1, 2)


def test_evsi_bad_arguments(market):
    with pytest.raises(dt.ArgumentError, match="not the root"):
        dt.evsi(market, ())
    with pytest.raises(dt.NotFoundError, match="did you mean 'test'"):
        dt.evsi(market, ("tset",))
    with pytest.raises(dt.ArgumentError, match="must be an option of a decision"):
        dt.evsi(market, ("test", "favourable"))
    with pytest.raises(dt.NotFoundError, match=r"did you mean \('test',\)"):
        dt.evsi(market, "test")  # a path is a tuple of labels, as everywhere
    lonely = dt.Tree(dt.Decision("D", [dt.Branch("test", dt.Terminal("t"))]))
    with pytest.raises(dt.ArgumentError, match="no option without the test"):
        dt.evsi(lonely, ("test",))
    actors = dt.Tree(
        dt.Decision(
            "D",
            [
                dt.Branch("a", dt.Terminal("t", payoff={"X": 1})),
                dt.Branch("b", dt.Terminal("u", payoff={"X": 2})),
            ],
        )
    )
    with pytest.raises(dt.ArgumentError, match="has no owner; pass objective="):
        dt.evsi(actors, ("a",))
    with pytest.raises(dt.NotFoundError, match="unknown actor 'Y'"):
        dt.evsi(actors, ("a",), objective="X", actor="Y")
    assert dt.evsi(actors, ("a",), objective="X") == -1


# --------------------------------------------------------------------------- published cases


def wildcatter(*, sounding_cost=None):
    """Raiffa's oil wildcatter as published in SAS/OR's PROC DTREE documentation (Getting Started).

    Drill: the hole is dry (0.5), wet (0.3, worth $700,000) or soaking (0.2, $1,200,000); drilling costs
    $150,000 (0.2), $300,000 (0.6) or $500,000 (0.2). With ``sounding_cost``, a seismic sounding first
    reports no, open or closed structure with the published conditional probabilities (Table 7.2).
    """

    def drill():
        oil = dt.Chance(
            "Oil_Deposit",
            [
                dt.Branch("Dry", dt.Terminal("dry", payoff=0), probability=0.5),
                dt.Branch("Wet", dt.Terminal("wet", payoff=700_000), probability=0.3),
                dt.Branch("Soaking", dt.Terminal("soaking", payoff=1_200_000), probability=0.2),
            ],
        )
        cost = dt.Chance(
            "Cost",
            [
                dt.Branch("Low", oil, probability=0.2, payoff=-150_000),
                dt.Branch("Fair", oil, probability=0.6, payoff=-300_000),
                dt.Branch("High", oil, probability=0.2, payoff=-500_000),
            ],
        )
        return dt.Decision(
            "Drill", [dt.Branch("Drill", cost), dt.Branch("Not_Drill", dt.Terminal("nothing"))]
        )

    if sounding_cost is None:
        return dt.Tree(drill())
    seismic = dt.bayes_chance(
        "Structure",
        {
            "Dry": {"No_Struct": 0.6, "Open_Struct": 0.3, "Closed_Struct": 0.1},
            "Wet": {"No_Struct": 0.3, "Open_Struct": 0.4, "Closed_Struct": 0.3},
            "Soaking": {"No_Struct": 0.1, "Open_Struct": 0.4, "Closed_Struct": 0.5},
        },
        drill(),
        state="Oil_Deposit",
    )
    return dt.Tree(
        dt.Decision(
            "Sounding",
            [dt.Branch("Noseismic", drill()), dt.Branch("Seismic", seismic, payoff=-sounding_cost)],
        )
    )


def test_published_wildcatter_values():
    # SAS/OR PROC DTREE, "Sensitivity Analysis and Value of Perfect Information": "The currently optimal
    # decision yields 140000", "The value of perfect information of stage Oil_Deposit yields 155000"
    # (new optimal 295000); knowing the cost first yields 150000, so its value is 10000.
    tree = wildcatter()
    assert dt.evaluate(tree, exact=True).value == 140_000
    assert dt.evpi(tree, node="Oil_Deposit", exact=True) == 155_000
    assert dt.evpi(tree, node="Cost", exact=True) == 10_000


def test_published_wildcatter_with_the_sounding():
    # The likelihoods and the $60,000 cost are SAS's (Table 7.2); the values below are worked by hand:
    # P(NS) = .41, P(OS) = .35, P(CS) = .24; the expected revenue after NS is 87/.41 = 212.2k < 310k,
    # so no drilling; after OS 180/.35 = 514.3k and after CS 183/.24 = 762.5k: drill. A free sounding is
    # worth .35 (514.3 - 310) + .24 (762.5 - 310) = 180.1k, so EVSI = 40.1k < 60k: do not sound.
    tree = wildcatter(sounding_cost=60_000)
    result = dt.evaluate(tree, exact=True)
    assert result.value == 140_000
    assert result.policy[()] == "Noseismic"
    assert result.policy[("Seismic", "No_Struct")] == "Not_Drill"
    assert result.policy[("Seismic", "Closed_Struct")] == "Drill"
    assert dt.evsi(tree, ("Seismic",), exact=True) == 40_100
    assert dt.Tree(tree.node_at(("Seismic",))).root.branches[2].probability == F(24, 100)
    # Revealing the deposit in the tree with the sounding: still 295000 - 140000.
    assert dt.evpi(dt.state_first(tree, "Oil_Deposit"), node="Oil_Deposit", exact=True) == 155_000


def samuelson_marks(test=None):
    """The oil partners of Samuelson & Marks, *Managerial Economics* (7th ed., Wiley 2012), chapter 13.

    Drilling nets $600,000 if wet (0.4), loses $200,000 if dry. ``test``: ``(P(good), P(wet | good),
    P(wet | bad))`` of a seismic test, written as hand-made posteriors.
    """

    def drill(p_wet):
        return dt.Decision(
            "Drill?",
            [
                dt.Branch(
                    "drill",
                    dt.Chance(
                        "Oil",
                        [
                            dt.Branch("wet", dt.Terminal("wet", payoff=600_000), probability=p_wet),
                            dt.Branch("dry", dt.Terminal("dry", payoff=-200_000), probability=dt.COMPLEMENT),
                        ],
                    ),
                ),
                dt.Branch("do not drill", dt.Terminal("nothing")),
            ],
        )

    if test is None:
        return dt.Tree(drill("0.4"))
    good, wet_if_good, wet_if_bad = test
    seismic = dt.Chance(
        "Seismic",
        [
            dt.Branch("good", drill(wet_if_good), probability=good),
            dt.Branch("bad", drill(wet_if_bad), probability=dt.COMPLEMENT),
        ],
    )
    return dt.Tree(dt.Decision("Test?", [dt.Branch("test", seismic), dt.Branch("no test", drill("0.4"))]))


def test_published_oil_partners():
    # Samuelson & Marks, ch. 13: drilling is worth $120,000; perfect information also $120,000 (it
    # saves the $200,000 lost on the 60 percent of dry sites).
    assert dt.evaluate(samuelson_marks(), exact=True).value == 120_000
    assert dt.evpi(samuelson_marks(), node="Oil", exact=True) == 120_000
    # The imperfect test (Figure 13.2): good half the time, then oil with probability .6 and drilling
    # earns $280,000; after a bad test (.2) drilling would lose $40,000. The test is worth 140,000 - 120,000.
    tree = samuelson_marks(("0.5", "0.6", "0.2"))
    result = dt.evaluate(tree, exact=True)
    assert result.value_at(("test", "good")) == 280_000
    assert result.option_values(("test", "bad"))["drill"] == -40_000
    assert result.value == 140_000
    assert dt.evsi(tree, ("test",), exact=True) == 20_000
    # Its hand-written posteriors are recognised: revealing the oil is worth .4 * 600,000 - 140,000.
    assert dt.evpi(dt.state_first(tree, "Oil"), node="Oil", exact=True) == 100_000
    # The second test (table: good & wet .1, good & dry .1, bad & wet .3, bad & dry .5): P(wet | good) =
    # .5 gives $200,000, P(wet | bad) = .375 gives $100,000: one drills either way, so the test is worth 0.
    worthless = samuelson_marks(("0.2", "0.5", "0.375"))
    assert dt.evaluate(worthless, exact=True).value_at(("test", "bad")) == 100_000
    assert dt.evsi(worthless, ("test",), exact=True) == 0


def test_published_shale_gas():
    # Kaminsky et al., Central European Journal of Operational Research 26, 135-159 (2018), as encoded in
    # rdecision's tests (test-model-ShaleGas.R): sensitivity .9, specificity .7, P(gas) = .7; selling
    # pays 800 (600 after a negative test, 1000 after a positive one); digging costs 300 and gas is worth
    # 2500; the test costs 50. Published: the optimal strategy is test, sell if negative, dig if
    # positive; "test, sell, sell" has a benefit of 888.
    def dig():
        return dt.Chance(
            "Gas",
            [
                dt.Branch("gas", dt.Terminal("gas", payoff=2500), probability=0.7),
                dt.Branch("no gas", dt.Terminal("dry"), probability=dt.COMPLEMENT),
            ],
        )

    def after(signal):
        sell = {"negative": 600, "positive": 1000}[signal]
        return dt.Decision(
            "Sell or dig",
            [dt.Branch("sell", dt.Terminal("sold", payoff=sell)), dt.Branch("dig", dig(), payoff=-300)],
        )

    test = dt.bayes_chance(
        "Test",
        {
            "gas": {"negative": 0.1, "positive": dt.COMPLEMENT},
            "no gas": {"negative": 0.7, "positive": dt.COMPLEMENT},
        },
        after,
        state="Gas",
    )
    tree = dt.Tree(
        dt.Decision(
            "Sell, dig or test",
            [
                dt.Branch("sell", dt.Terminal("sold", payoff=800)),
                dt.Branch("dig", dig(), payoff=-300),
                dt.Branch("test", test, payoff=-50),
            ],
        )
    )
    result = dt.evaluate(tree, exact=True)
    assert result.policy == {(): "test", ("test", "negative"): "sell", ("test", "positive"): "dig"}
    sell_sell = {(): "test", ("test", "negative"): "sell", ("test", "positive"): "sell"}
    assert dt.expected_value(tree, policy=sell_sell) == 888 - 50
    # By hand: P(+) = .72, P(gas | +) = .875: digging gives 2187.5 - 300; P(-) = .28, selling 600.
    assert result.value == F(28, 100) * 600 + F(72, 100) * (F(7, 8) * 2500 - 300) - 50 == 1477


# --------------------------------------------------------------------------- properties


@st.composite
def signal_problems(draw):
    """A prior over 2-3 states, likelihoods of 2-3 signals and payoffs of 2-3 actions, all exact."""
    states = draw(st.integers(2, 3))
    signals = draw(st.integers(2, 3))
    actions = draw(st.integers(2, 3))
    prior = draw(probabilities(states))
    likelihoods = [draw(probabilities(signals)) for _ in range(states)]
    payoffs = [[draw(st.integers(-100, 100)) for _ in range(states)] for _ in range(actions)]
    return prior, likelihoods, payoffs


def state_names(n):
    return [f"x{k}" for k in range(n)]


def signal_names(n):
    return [f"s{k}" for k in range(n)]


def decision_problem(prior, payoffs):
    names = state_names(len(prior))
    return dt.Decision(
        "Act",
        [
            dt.Branch(
                f"a{k}",
                dt.Chance(
                    "State",
                    [
                        dt.Branch(x, dt.Terminal(f"{x}/a{k}", payoff=v), probability=p)
                        for x, p, v in zip(names, prior, row, strict=True)
                    ],
                ),
            )
            for k, row in enumerate(payoffs)
        ],
    )


@given(signal_problems())
def test_flip_preserves_joint_probabilities_and_value_and_flips_back(problem):
    prior, likelihoods, payoffs = problem
    states, signals = state_names(len(prior)), signal_names(len(likelihoods[0]))
    tree = dt.Tree(
        dt.Chance(
            "State",
            [
                dt.Branch(
                    x,
                    dt.Chance(
                        "Signal",
                        [
                            dt.Branch(s, dt.Terminal(f"{x}/{s}", payoff=payoffs[0][i] + j), probability=q)
                            for j, (s, q) in enumerate(zip(signals, likelihoods[i], strict=True))
                        ],
                    ),
                    probability=p,
                    payoff=payoffs[1][i],
                )
                for i, (x, p) in enumerate(zip(states, prior, strict=True))
            ],
        )
    )
    flipped = dt.flip(tree)
    before = {
        tuple(sorted(s.path)): (s.probability, s.payoff) for s in dt.evaluate(tree, exact=True).scenarios
    }
    after = {
        tuple(sorted(s.path)): (s.probability, s.payoff) for s in dt.evaluate(flipped, exact=True).scenarios
    }
    assert after == before
    assert dt.evaluate(flipped, exact=True).value == dt.evaluate(tree, exact=True).value
    back = dt.flip(flipped)
    for x_branch, back_branch in zip(tree.root.branches, back.root.branches, strict=True):
        assert F(x_branch.probability) == F(back_branch.probability)  # Fractions: exactly the original
        if x_branch.probability == 0:
            continue  # likelihoods in an impossible state leave no trace in the joint distribution
        for a, b in zip(x_branch.node.branches, back_branch.node.branches, strict=True):
            assert F(a.probability) == F(b.probability)


@given(signal_problems())
def test_evpi_at_least_evsi_at_least_zero(problem):
    prior, likelihoods, payoffs = problem
    states, signals = state_names(len(prior)), signal_names(len(likelihoods[0]))
    act = decision_problem(prior, payoffs)
    table = {x: dict(zip(signals, row, strict=True)) for x, row in zip(states, likelihoods, strict=True)}
    test = dt.bayes_chance("Signal", table, act, state="State")
    tree = dt.Tree(dt.Decision("Test?", [dt.Branch("test", test), dt.Branch("no test", act)]))
    evsi = dt.evsi(tree, ("test",), exact=True)
    evpi = dt.evpi(dt.Tree(act), node="State", exact=True)
    assert evpi >= evsi >= 0
    # By hand: EVSI = sum over signals of the best action's joint payoff, less the best action's value.
    no_test = max(sum(p * v for p, v in zip(prior, row, strict=True)) for row in payoffs)
    with_test = sum(
        max(sum(prior[i] * likelihoods[i][j] * row[i] for i in range(len(prior))) for row in payoffs)
        for j in range(len(signals))
    )
    assert evsi == with_test - no_test
    known = sum(p * max(row[i] for row in payoffs) for i, p in enumerate(prior))
    assert evpi == known - no_test
    # Revealing the state in the tree with the free test: the tree is worth with_test.
    first = dt.state_first(tree, "State")
    assert dt.evaluate(first, exact=True).value == with_test
    assert dt.evpi(first, node="State", exact=True) == known - with_test
