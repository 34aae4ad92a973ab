"""Bayes revision: flip, bayes_chance and state_first.

Every number here is held to an independent computation written out in the
test (joint probabilities, Bayes' rule by hand with Fractions), never to the
library's own Bayes code.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

import decisiontree as dt
from decisiontree.analysis.bayes import as_formula

F = Fraction


def symbols(names):
    """The library's symbols for parameters (real-valued)."""
    return [sympy.Symbol(name, real=True) for name in names.split()]


# --------------------------------------------------------------------------- helpers


def outcome(name, payoff=0):
    return dt.Terminal(name, payoff=payoff)


def two_level(prior, likelihoods, *, payoffs=None, lower_payoffs=None, upper="State", lower="Test"):
    """A chance node ``upper`` over ``prior`` with, below each state, ``lower`` over its likelihoods.

    ``prior``: {state: p}; ``likelihoods``: {state: {signal: p}}; terminals are named "state/signal".
    """
    branches = []
    for state, p in prior.items():
        inner = [
            dt.Branch(
                signal,
                outcome(f"{state}/{signal}", (payoffs or {}).get((state, signal), 0)),
                probability=q,
                payoff=(lower_payoffs or {}).get((state, signal), 0),
            )
            for signal, q in likelihoods[state].items()
        ]
        branches.append(dt.Branch(state, dt.Chance(lower, inner), probability=p))
    return dt.Chance(upper, branches)


def joint(tree, values=None):
    """{frozenset of (node name, label): (probability, total payoff)} of every path, exactly."""
    result = dt.evaluate(tree, values, exact=True)
    table = {}
    for scenario in result.scenarios:
        key = frozenset(
            (tree.node_at(scenario.path[:k]).name, scenario.path[k]) for k in range(len(scenario.path))
        )
        table[key] = (scenario.probability, scenario.payoff)
    return table


def resolved(node):
    """A chance node's probabilities with the COMPLEMENT resolved, as sympy formulas, by label."""
    explicit = {
        b.label: as_formula(b.probability) for b in node.branches if b.probability is not dt.COMPLEMENT
    }
    rest = 1 - sum(explicit.values(), sympy.Integer(0))
    return {b.label: explicit.get(b.label, rest) for b in node.branches}


def same(a, b):
    return sympy.cancel(as_formula(a) - as_formula(b)) == 0


# --------------------------------------------------------------------------- flip: numbers


PRIOR = {"strong": "2/5", "weak": dt.COMPLEMENT}
LIKELIHOODS = {
    "strong": {"favourable": "4/5", "unfavourable": dt.COMPLEMENT},
    "weak": {"favourable": "3/10", "unfavourable": dt.COMPLEMENT},
}


def test_flip_gives_marginals_and_posteriors_by_bayes_rule():
    tree = dt.Tree(two_level(PRIOR, LIKELIHOODS, upper="Market"))
    flipped = dt.flip(tree)
    # By hand: P(fav) = 2/5 * 4/5 + 3/5 * 3/10 = 8/25 + 9/50 = 1/2; P(strong | fav) = (8/25) / (1/2) = 16/25;
    # P(strong | unf) = (2/5 * 1/5) / (1/2) = 4/25.
    assert flipped.root.name == "Test"
    assert [b.label for b in flipped.root.branches] == ["favourable", "unfavourable"]
    assert resolved(flipped.root) == {"favourable": F(1, 2), "unfavourable": F(1, 2)}
    assert resolved(flipped.node_at(("favourable",))) == {"strong": F(16, 25), "weak": F(9, 25)}
    assert resolved(flipped.node_at(("unfavourable",))) == {"strong": F(4, 25), "weak": F(21, 25)}
    assert flipped.node_at(("favourable",)).name == "Market"
    assert flipped.node_at(("favourable", "weak")).name == "weak/favourable"
    assert joint(flipped) == joint(tree)


def test_flip_keeps_complements_where_they_were_and_numbers_exact():
    flipped = dt.flip(dt.Tree(two_level(PRIOR, LIKELIHOODS)))
    assert [b.probability for b in flipped.root.branches] == [F(1, 2), dt.COMPLEMENT]
    assert [b.probability for b in flipped.node_at(("favourable",)).branches] == [F(16, 25), dt.COMPLEMENT]


def test_flip_reads_floats_at_their_decimal_value():
    prior = {"a": 0.1, "b": 0.2, "c": 0.7}
    likelihoods = {s: {"x": q, "y": 1 - q} for s, q in zip(prior, (0.3, 0.6, 0.9), strict=True)}
    likelihoods = {s: {"x": q, "y": dt.COMPLEMENT} for s, q in zip(prior, (0.3, 0.6, 0.9), strict=True)}
    flipped = dt.flip(dt.Tree(two_level(prior, likelihoods)))
    # P(x) = 0.03 + 0.12 + 0.63 = 0.78 exactly; P(a | x) = 0.03 / 0.78 = 1/26.
    assert resolved(flipped.root)["x"] == F(78, 100)
    assert resolved(flipped.node_at(("x",))) == {"a": F(1, 26), "b": F(2, 13), "c": F(21, 26)}


def test_flip_twice_gives_back_the_original_tree():
    tree = dt.Tree(two_level(PRIOR, LIKELIHOODS))
    assert dt.flip(dt.flip(tree)) == tree


def test_flip_reorders_lower_outcomes_to_the_first_nodes_order():
    likelihoods = {
        "strong": {"favourable": "4/5", "unfavourable": dt.COMPLEMENT},
        "weak": {"unfavourable": "7/10", "favourable": dt.COMPLEMENT},
    }
    tree = dt.Tree(two_level(PRIOR, likelihoods))
    flipped = dt.flip(tree)
    assert [b.label for b in flipped.root.branches] == ["favourable", "unfavourable"]
    assert resolved(flipped.root) == {"favourable": F(1, 2), "unfavourable": F(1, 2)}
    assert joint(flipped) == joint(tree)


def test_flip_of_an_impossible_signal_keeps_the_prior_below_it():
    likelihoods = {
        "strong": {"favourable": 1, "never": 0},
        "weak": {"favourable": 1, "never": 0},
    }
    flipped = dt.flip(dt.Tree(two_level(PRIOR, likelihoods)))
    assert resolved(flipped.root) == {"favourable": 1, "never": 0}
    assert resolved(flipped.node_at(("never",))) == {"strong": F(2, 5), "weak": F(3, 5)}
    assert dt.evaluate(flipped, exact=True).value == 0


def test_flip_below_the_root_and_with_more_outcomes():
    prior = {"dry": "1/2", "wet": "3/10", "soaking": "1/5"}
    likelihoods = {
        "dry": {"NS": "3/5", "OS": "3/10", "CS": "1/10"},
        "wet": {"NS": "3/10", "OS": "2/5", "CS": "3/10"},
        "soaking": {"NS": "1/10", "OS": "2/5", "CS": "1/2"},
    }
    tree = dt.Tree(
        dt.Decision(
            "Sound?", [dt.Branch("sound", two_level(prior, likelihoods)), dt.Branch("skip", outcome("0"))]
        )
    )
    flipped = dt.flip(tree, ("sound",))
    # By hand: P(NS) = .3 + .09 + .02 = .41, P(OS) = .15 + .12 + .08 = .35, P(CS) = .05 + .09 + .1 = .24.
    assert resolved(flipped.node_at(("sound",))) == {"NS": F(41, 100), "OS": F(35, 100), "CS": F(24, 100)}
    assert resolved(flipped.node_at(("sound", "CS"))) == {
        "dry": F(5, 24),
        "wet": F(9, 24),
        "soaking": F(10, 24),
    }
    assert dt.flip(flipped, ("sound",)) == tree


# --------------------------------------------------------------------------- flip: payoffs


def test_flip_moves_branch_payoffs_with_their_branches():
    payoffs = {("strong", "favourable"): 100, ("weak", "unfavourable"): -7}
    shared = {("strong", "favourable"): -3, ("weak", "favourable"): -3}  # the same after every state
    differing = {("strong", "unfavourable"): 11, ("weak", "unfavourable"): 2}
    lower = {**shared, **differing}
    chance = two_level(PRIOR, LIKELIHOODS, payoffs=payoffs, lower_payoffs=lower)
    chance = dt.Chance(
        chance.name,
        [
            dt.Branch(b.label, b.node, probability=b.probability, payoff=p)
            for b, p in zip(chance.branches, (5, -1), strict=True)
        ],
    )
    tree = dt.Tree(chance)
    flipped = dt.flip(tree)
    # The state's payoffs (5, -1) go on every state branch below; "favourable" costs 3 after both
    # states, so it stays on the new top branch; "unfavourable" pays 11 or 2, so it joins the states'.
    assert [b.payoff for b in flipped.root.branches] == [-3, 0]
    assert [b.payoff for b in flipped.node_at(("favourable",)).branches] == [5, -1]
    assert [b.payoff for b in flipped.node_at(("unfavourable",)).branches] == [16, 1]
    assert joint(flipped) == joint(tree)  # every path: the same probability and total payoff
    assert dt.evaluate(flipped, exact=True).value == dt.evaluate(tree, exact=True).value
    shared_only = dt.Tree(two_level(PRIOR, LIKELIHOODS, payoffs=payoffs, lower_payoffs=shared))
    assert dt.flip(dt.flip(shared_only)) == shared_only  # shared payoffs come back where they were


def test_flip_with_per_actor_payoffs():
    tree = dt.Tree(
        dt.Chance(
            "State",
            [
                dt.Branch(
                    s,
                    dt.Chance(
                        "Test",
                        [
                            dt.Branch(
                                "+",
                                dt.Terminal("t", payoff={"A": 1, "B": k}),
                                probability=q,
                                payoff={"A": k, "B": 0},
                            ),
                            dt.Branch(
                                "-", dt.Terminal("u", payoff={"A": 0, "B": 2}), probability=dt.COMPLEMENT
                            ),
                        ],
                    ),
                    probability=p,
                    payoff={"A": 0, "B": k},
                )
                for s, p, q, k in (("x", "1/3", "1/4", 1), ("y", dt.COMPLEMENT, "1/2", 2))
            ],
        )
    )
    flipped = dt.flip(tree)
    assert joint(flipped) == joint(tree)
    # "+" pays A 1 after x and 2 after y: not shared, so it joins the state branches' payoffs; flipping
    # back keeps every path's total (though not where each part sits).
    assert [b.payoff for b in flipped.node_at(("+",)).branches] == [{"A": 1, "B": 1}, {"A": 2, "B": 2}]
    assert joint(dt.flip(flipped)) == joint(tree)


# --------------------------------------------------------------------------- flip: formulas


def formula_tree():
    p = dt.Parameter("p", 0.4, low=0, high=1)
    sens = dt.Parameter("sens", 0.8, low=0.5, high=1)
    spec = dt.Parameter("spec", 0.7, low=0.5, high=1)
    cost = dt.Parameter("cost", 10, low=0, high=40)
    decision = dt.Decision(
        "Treat?",
        [
            dt.Branch("treat", dt.Terminal("treated", payoff=-cost)),
            dt.Branch("wait", dt.Terminal("waited")),
        ],
    )
    ill = dt.Chance(
        "Test",
        [
            dt.Branch("positive", dt.Terminal("ill +", payoff=-100), probability=sens),
            dt.Branch("negative", dt.Terminal("ill -", payoff=-100), probability=dt.COMPLEMENT),
        ],
    )
    well = dt.Chance(
        "Test",
        [
            dt.Branch("positive", dt.Terminal("well +"), probability=1 - spec),
            dt.Branch("negative", dt.Terminal("well -"), probability=spec),
        ],
    )
    del decision
    return dt.Tree(
        dt.Chance(
            "Disease",
            [dt.Branch("ill", ill, probability=p), dt.Branch("well", well, probability=dt.COMPLEMENT)],
        ),
        parameters=[p, sens, spec, cost],
    )


VALUES = [
    {"p": F(a, 10), "sens": F(b, 10), "spec": F(c, 10)}
    for a in (0, 1, 4, 9, 10)
    for b in (5, 8, 10)
    for c in (5, 7, 10)
]


def test_flip_keeps_the_parameters_in_formulas():
    tree = formula_tree()
    flipped = dt.flip(tree)
    top = resolved(flipped.root)
    p, sens, spec = symbols("p sens spec")
    assert same(top["positive"], p * sens + (1 - p) * (1 - spec))
    assert same(resolved(flipped.node_at(("positive",)))["ill"], p * sens / (p * sens + (1 - p) * (1 - spec)))
    assert same(
        resolved(flipped.node_at(("negative",)))["ill"], p * (1 - sens) / (p * (1 - sens) + (1 - p) * spec)
    )
    assert flipped.parameters == tree.parameters


@pytest.mark.parametrize("values", VALUES, ids=str)
def test_flip_preserves_every_path_at_many_parameter_values(values):
    tree = formula_tree()
    flipped = dt.flip(tree)
    twice = dt.flip(flipped)
    marginal = values["p"] * values["sens"] + (1 - values["p"]) * (1 - values["spec"])
    if marginal in (0, 1):  # a posterior is 0/0 there: evaluation refuses instead of guessing
        with pytest.raises(dt.ModelError, match="not a finite number|divides by zero"):
            dt.evaluate(flipped, values, exact=True)
        return
    assert joint(flipped, values) == joint(tree, values)
    assert joint(twice, values) == joint(tree, values)


def test_flip_twice_gives_back_the_original_formulas_exactly():
    tree = formula_tree()
    twice = dt.flip(dt.flip(tree))
    for path in [(), ("ill",), ("well",)]:
        original, back = resolved(tree.node_at(path)), resolved(twice.node_at(path))
        assert original.keys() == back.keys()
        assert all(same(original[k], back[k]) for k in original)
    assert twice.root.branches[0].probability == symbols("p")[0]  # literally, not just equal


def test_analyses_work_on_the_flipped_tree():
    p = dt.Parameter("p", 0.4, low=0, high=1, distribution=dt.Beta(4, 6))
    sens = dt.Parameter("sens", 0.8, low=0.5, high=1, distribution=dt.Uniform(0.6, 1))

    def test(probability, positive, negative):
        return dt.Chance(
            "Test",
            [
                dt.Branch("positive", outcome("+", positive), probability=probability),
                dt.Branch("negative", outcome("-", negative), probability=dt.COMPLEMENT),
            ],
        )

    disease = dt.Chance(
        "Disease",
        [
            dt.Branch("ill", test(sens, -10, -100), probability=p),
            dt.Branch("well", test("1/10", -10, 0), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision("Screen?", [dt.Branch("screen", disease), dt.Branch("skip", outcome("skip", -45))]),
        parameters=[p, sens],
    )
    flipped = dt.flip(tree, ("screen",))
    assert flipped.node_at(("screen",)).name == "Test"
    assert sympy.simplify(dt.expected_value(flipped) - dt.expected_value(tree)) == 0
    xs = [0, 0.25, 0.5, 1]
    assert [r.value for r in dt.one_way(flipped, "p", xs)] == pytest.approx(
        [r.value for r in dt.one_way(tree, "p", xs)]
    )
    assert dt.thresholds(flipped, "p") == dt.thresholds(tree, "p")
    assert [b.swing for b in dt.tornado(flipped)] == pytest.approx([b.swing for b in dt.tornado(tree)])
    original = dt.psa(tree, 300, seed=3)
    again = dt.psa(flipped, 300, seed=3)
    assert again.values == pytest.approx(original.values)
    assert again.probability_optimal == original.probability_optimal


def test_thresholds_on_a_flipped_tree_are_the_same_exact_switch_points():
    p = dt.Parameter("p", 0.4, low=0, high=1)
    stake = dt.Parameter("stake", 30, low=0, high=100)

    def signal_then(state_payoff):
        return dt.Chance(
            "Test",
            [
                dt.Branch("+", outcome("+", state_payoff), probability="3/4"),
                dt.Branch("-", outcome("-", state_payoff), probability=dt.COMPLEMENT),
            ],
        )

    bet = dt.Chance(
        "State",
        [
            dt.Branch("good", signal_then(stake), probability=p),
            dt.Branch("bad", signal_then(-20), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision("Bet?", [dt.Branch("bet", bet), dt.Branch("pass", outcome("pass"))]),
        parameters=[p, stake],
    )
    flipped = dt.flip(tree, ("bet",))
    # bet is worth 30 p - 20 (1 - p): it pays when p > 2/5; stake = 20 (1 - p) / p = 30 at p = 2/5.
    assert dt.thresholds(tree, "p") == dt.thresholds(flipped, "p") == [sympy.Rational(2, 5)]
    assert dt.thresholds(flipped, "stake") == [30]


# --------------------------------------------------------------------------- flip: refusals


def test_flip_refuses_levels_that_cannot_be_flipped():
    decision_below = dt.Tree(
        dt.Chance(
            "State",
            [
                dt.Branch("a", dt.Decision("D", [dt.Branch("x", outcome("x"))]), probability="1/2"),
                dt.Branch(
                    "b", dt.Chance("Test", [dt.Branch("x", outcome("y"), probability=1)]), probability="1/2"
                ),
            ],
        )
    )
    with pytest.raises(dt.ModelError, match="leads to the decision 'D'") as error:
        dt.flip(decision_below)
    assert error.value.path == ("a",)
    terminal_below = dt.Tree(dt.Chance("State", [dt.Branch("a", outcome("x"), probability=1)]))
    with pytest.raises(dt.ModelError, match="ends at the terminal 'x'"):
        dt.flip(terminal_below)
    with pytest.raises(dt.ModelError, match="found the decision") as error:
        dt.flip(dt.Tree(dt.Decision("D", [dt.Branch("x", outcome("x"))])))
    assert error.value.path == ()
    different = dt.Tree(
        dt.Chance(
            "State",
            [
                dt.Branch(
                    "a", dt.Chance("Test", [dt.Branch("+", outcome("1"), probability=1)]), probability="1/2"
                ),
                dt.Branch(
                    "b", dt.Chance("Survey", [dt.Branch("+", outcome("2"), probability=1)]), probability="1/2"
                ),
            ],
        )
    )
    with pytest.raises(
        dt.ModelError, match="different uncertainties: 'Test' after 'a', 'Survey' after 'b'"
    ) as error:
        dt.flip(different)
    assert error.value.path == ("b",)
    labels = dt.Tree(
        dt.Chance(
            "State",
            [
                dt.Branch(
                    "a", dt.Chance("Test", [dt.Branch("+", outcome("1"), probability=1)]), probability="1/2"
                ),
                dt.Branch(
                    "b", dt.Chance("Test", [dt.Branch("pos", outcome("2"), probability=1)]), probability="1/2"
                ),
            ],
        )
    )
    with pytest.raises(dt.ModelError, match=r"the outcomes \['\+'\] after 'a' but \['pos'\] after 'b'"):
        dt.flip(labels)


def test_flip_bad_arguments():
    tree = dt.Tree(two_level(PRIOR, LIKELIHOODS))
    with pytest.raises(
        dt.NotFoundError, match="no branch 'stron' below tree \\(root\\); did you mean 'strong'"
    ):
        dt.flip(tree, ("stron",))
    with pytest.raises(dt.NotFoundError, match="is a terminal"):
        dt.flip(tree, ("strong", "favourable", "x"))
    with pytest.raises(dt.ArgumentError, match=r"did you mean \('strong',\)"):
        dt.flip(tree, "strong")
    with pytest.raises(dt.ArgumentError, match="needs a Tree"):
        dt.flip(tree.root)
    with pytest.raises(dt.ArgumentError, match="tuple of branch labels"):
        dt.flip(tree, (1,))
    with pytest.raises(KeyError):  # NotFoundError is a KeyError too
        dt.flip(tree, ("nowhere",))


# --------------------------------------------------------------------------- bayes_chance


def launch(p, *, regional=True):
    def market(strong, weak):
        return dt.Chance(
            "Market",
            [
                dt.Branch("strong", dt.Terminal("strong", payoff=strong), probability=p),
                dt.Branch("weak", dt.Terminal("weak", payoff=weak), probability=dt.COMPLEMENT),
            ],
        )

    options = [dt.Branch("national", market(120, -60))]
    if regional:
        options.append(dt.Branch("regional", market(50, -10)))
    options.append(dt.Branch("abandon", dt.Terminal("abandon")))
    return dt.Decision("Launch", options)


MARKET_LIKELIHOODS = {
    "strong": {"favourable": 0.8, "unfavourable": dt.COMPLEMENT},
    "weak": {"favourable": 0.3, "unfavourable": dt.COMPLEMENT},
}


def test_bayes_chance_puts_posteriors_on_every_state_node():
    test = dt.bayes_chance("Test result", MARKET_LIKELIHOODS, launch(0.4), state="Market")
    assert test.name == "Test result"
    assert [(b.label, b.probability) for b in test.branches] == [
        ("favourable", F(1, 2)),
        ("unfavourable", dt.COMPLEMENT),
    ]
    tree = dt.Tree(test)
    for signal, strong in (("favourable", F(16, 25)), ("unfavourable", F(4, 25))):
        for option in ("national", "regional"):
            assert resolved(tree.node_at((signal, option))) == {"strong": strong, "weak": 1 - strong}
    # By hand: after favourable, national pays 16/25 * 120 - 9/25 * 60 = 55.2; after unfavourable
    # everything but abandoning loses (4/25 * 50 - 21/25 * 10 = -0.4), so 0. Value 1/2 * 55.2 = 27.6.
    result = dt.evaluate(tree, exact=True)
    assert result.value == sympy.Rational(138, 5)
    assert result.policy == {("favourable",): "national", ("unfavourable",): "abandon"}


def test_bayes_chance_with_formulas_keeps_the_parameters():
    p = dt.Parameter("p", 0.4, low=0, high=1)
    sens = dt.Parameter("sens", 0.8, low=0, high=1)
    spec = dt.Parameter("spec", 0.7, low=0, high=1)
    test = dt.bayes_chance(
        "Test",
        {
            "strong": {"favourable": sens, "unfavourable": dt.COMPLEMENT},
            "weak": {"favourable": "1 - spec", "unfavourable": dt.COMPLEMENT},
        },
        launch(p),
        state="Market",
    )
    tree = dt.Tree(test, parameters=[p, sens, spec])
    ps, ss, sp = symbols("p sens spec")
    assert same(test.branches[0].probability, ps * ss + (1 - ps) * (1 - sp))
    assert same(
        resolved(tree.node_at(("unfavourable", "national")))["strong"],
        ps * (1 - ss) / (ps * (1 - ss) + (1 - ps) * sp),
    )
    assert dt.evaluate(tree, exact=True).value == sympy.Rational(138, 5)
    assert dt.evaluate(tree, {"p": 0.5, "sens": 0.9, "spec": 0.9}).value == pytest.approx(
        0.5 * (0.9 * 120 - 0.1 * 60) * 1 + 0
    )


def test_bayes_chance_state_right_after_the_signal_equals_flip():
    prior = {"dry": "1/2", "wet": "3/10", "soaking": "1/5"}
    likelihoods = {
        "dry": {"NS": "3/5", "OS": "3/10", "CS": dt.COMPLEMENT},
        "wet": {"NS": "3/10", "OS": "2/5", "CS": dt.COMPLEMENT},
        "soaking": {"NS": "1/10", "OS": "2/5", "CS": dt.COMPLEMENT},
    }
    below = {"dry": outcome("dry", -70), "wet": outcome("wet", 50), "soaking": outcome("soaking", 200)}
    state = dt.Chance("Oil", [dt.Branch(s, below[s], probability=p) for s, p in prior.items()])
    built = dt.bayes_chance("Seismic", likelihoods, state, state="Oil")
    state_first = dt.Chance(
        "Oil",
        [
            dt.Branch(
                s,
                dt.Chance(
                    "Seismic", [dt.Branch(r, below[s], probability=q) for r, q in likelihoods[s].items()]
                ),
                probability=p,
            )
            for s, p in prior.items()
        ],
    )
    flipped = dt.flip(dt.Tree(state_first)).root
    assert joint(dt.Tree(built)) == joint(dt.Tree(flipped))
    for signal in ("NS", "OS", "CS"):
        a, b = resolved(dt.Tree(built).node_at((signal,))), resolved(dt.Tree(flipped).node_at((signal,)))
        assert a == b


def test_bayes_chance_then_as_a_mapping_or_a_function_and_a_given_prior():
    def after(signal):
        sell = 1000 if signal == "positive" else 600
        return dt.Decision(
            "Dig?",
            [
                dt.Branch("sell", outcome("sold", sell)),
                dt.Branch(
                    "dig",
                    dt.Chance(
                        "Gas", [dt.Branch("gas", outcome("gas", 2500)), dt.Branch("no gas", outcome("dry"))]
                    ),
                    payoff=-300,
                ),
            ],
        )

    likelihoods = {
        "gas": {"positive": 0.9, "negative": dt.COMPLEMENT},
        "no gas": {"positive": 0.3, "negative": dt.COMPLEMENT},
    }
    prior = {"gas": 0.7, "no gas": dt.COMPLEMENT}
    by_function = dt.bayes_chance("Test", likelihoods, after, state="Gas", prior=prior)
    by_mapping = dt.bayes_chance(
        "Test", likelihoods, {s: after(s) for s in ("negative", "positive")}, state="Gas", prior=prior
    )
    assert by_function == by_mapping
    tree = dt.Tree(by_function)
    # By hand: P(+) = .63 + .09 = .72, P(gas | +) = .875, P(gas | -) = .07 / .28 = .25.
    assert resolved(tree.root) == {"positive": F(72, 100), "negative": F(28, 100)}
    assert resolved(tree.node_at(("positive", "dig"))) == {"gas": F(7, 8), "no gas": F(1, 8)}
    assert resolved(tree.node_at(("negative", "dig"))) == {"gas": F(1, 4), "no gas": F(3, 4)}
    assert [b.probability for b in tree.node_at(("negative", "dig")).branches] == [F(1, 4), dt.COMPLEMENT]


def test_bayes_chance_refusals():
    good = {"strong": {"f": "1/2", "u": dt.COMPLEMENT}, "weak": {"f": "1/4", "u": dt.COMPLEMENT}}
    with pytest.raises(dt.ModelError, match="every state needs the same signals"):
        dt.bayes_chance("T", {"strong": {"f": 1}, "weak": {"g": 1}}, launch(0.4), state="Market")
    with pytest.raises(dt.ModelError, match="sum to 3/4, not 1"):
        dt.bayes_chance(
            "T", {"strong": {"f": "1/2", "u": "1/4"}, "weak": {"f": 1, "u": 0}}, launch(0.4), state="Market"
        )
    with pytest.raises(dt.ModelError, match="outside"):
        dt.bayes_chance(
            "T",
            {"strong": {"f": 2, "u": dt.COMPLEMENT}, "weak": {"f": 1, "u": 0}},
            launch(0.4),
            state="Market",
        )
    with pytest.raises(dt.ModelError, match="more than one COMPLEMENT"):
        dt.bayes_chance(
            "T",
            {"strong": {"f": dt.COMPLEMENT, "u": dt.COMPLEMENT}, "weak": {"f": 1, "u": 0}},
            launch(0.4),
            state="Market",
        )
    with pytest.raises(
        dt.ModelError, match="likelihoods are given for the states \\['strong', 'middling'\\]"
    ):
        dt.bayes_chance("T", {"strong": {"f": 1}, "middling": {"f": 1}}, launch(0.4), state="Market")
    with pytest.raises(dt.ModelError, match="after the signal 'u' no chance node is named 'Market'"):
        dt.bayes_chance("T", good, {"f": launch(0.4), "u": outcome("stop")}, state="Market")
    with pytest.raises(dt.ModelError, match="after the signal 'f' no chance node is named 'Markt'"):
        dt.bayes_chance("T", good, launch(0.4), state="Markt")
    mixed = dt.Decision("Launch", [dt.Branch("a", launch(0.4)), dt.Branch("b", launch(0.5))])
    with pytest.raises(dt.ModelError, match="must carry one prior"):
        dt.bayes_chance("T", good, mixed, state="Market")
    with pytest.raises(dt.ModelError, match="must carry one prior"):
        dt.bayes_chance("T", good, launch(0.4), state="Market", prior={"strong": 0.5, "weak": 0.5})
    with pytest.raises(dt.ArgumentError, match="then has no subtree for the signals \\['u'\\]"):
        dt.bayes_chance("T", good, {"f": launch(0.4)}, state="Market")
    with pytest.raises(dt.ArgumentError, match="then must be a node"):
        dt.bayes_chance("T", good, 42, state="Market")
    with pytest.raises(dt.ModelError, match="prior of 'Market': .*not finite"):
        dt.bayes_chance("T", good, launch(0.4), state="Market", prior={"strong": float("nan"), "weak": "#"})
    with pytest.raises(dt.ArgumentError, match="likelihoods must be a non-empty mapping"):
        dt.bayes_chance("T", [], launch(0.4), state="Market")
    with pytest.raises(dt.ArgumentError, match="signal must be the name"):
        dt.bayes_chance("", good, launch(0.4), state="Market")


def test_bayes_chance_state_nodes_may_leave_probabilities_to_the_prior():
    placeholder = dt.Chance(
        "Market", [dt.Branch("strong", outcome("s", 100)), dt.Branch("weak", outcome("w", -50))]
    )
    test = dt.bayes_chance(
        "T",
        {"strong": {"f": "3/4", "u": dt.COMPLEMENT}, "weak": {"f": "1/4", "u": dt.COMPLEMENT}},
        placeholder,
        state="Market",
        prior={"strong": "1/2", "weak": dt.COMPLEMENT},
    )
    tree = dt.Tree(test)
    assert [b.probability for b in tree.node_at(("f",)).branches] == [F(3, 4), dt.COMPLEMENT]
    with pytest.raises(dt.ModelError, match="branches without probabilities"):
        dt.bayes_chance("T", {"strong": {"f": 1}, "weak": {"f": 1}}, placeholder, state="Market")


# --------------------------------------------------------------------------- state_first


def hand_written_market(
    favourable="1/2", strong_if_favourable="16/25", strong_if_unfavourable="4/25", prior="2/5"
):
    return dt.Tree(
        dt.Decision(
            "Test?",
            [
                dt.Branch(
                    "test",
                    dt.Chance(
                        "Test",
                        [
                            dt.Branch("favourable", launch(strong_if_favourable), probability=favourable),
                            dt.Branch(
                                "unfavourable", launch(strong_if_unfavourable), probability=dt.COMPLEMENT
                            ),
                        ],
                    ),
                    payoff=-5,
                ),
                dt.Branch("no test", launch(prior)),
            ],
        )
    )


def market_nodes(tree):
    return [
        (path, node) for path, node in tree.walk() if isinstance(node, dt.Chance) and node.name == "Market"
    ]


def test_state_first_on_hand_written_posteriors():
    tree = hand_written_market()
    first = dt.state_first(tree, "Market")
    for _, node in market_nodes(first):
        assert resolved(node) == {"strong": F(2, 5), "weak": F(3, 5)}
    assert (
        dt.evaluate(first, exact=True).value == dt.evaluate(tree, exact=True).value == sympy.Rational(113, 5)
    )
    # The test's likelihoods in each state, recovered: P(favourable | strong) = (1/2 * 16/25) / (2/5) = 4/5.
    rule = first.node_at(("test", "favourable: national; unfavourable: abandon"))
    assert rule.name == "Market"
    assert resolved(first.node_at(("test", "favourable: national; unfavourable: abandon", "strong"))) == {
        "favourable": F(4, 5),
        "unfavourable": F(1, 5),
    }
    assert resolved(first.node_at(("test", "favourable: national; unfavourable: abandon", "weak")))[
        "favourable"
    ] == F(3, 10)
    assert dt.evaluate(first).policy[("test",)] == "favourable: national; unfavourable: abandon"
    # Revealing the market: 2/5 * 120 = 48 against 22.6.
    assert dt.evpi(first, node="Market", exact=True) == sympy.Rational(127, 5)
    assert dt.evpi(first, node="Market") == pytest.approx(25.4)


def test_evpi_on_posteriors_is_refused_or_right_never_wrong():
    tree = hand_written_market()
    try:
        value = dt.evpi(tree, node="Market", exact=True)
    except dt.ModelError as error:
        assert "comonotone" not in str(error) or "after different choices" in str(error)  # noqa: PT017
    else:
        assert value == sympy.Rational(127, 5)


def test_state_first_recognises_trees_built_with_bayes_chance_and_from_files(tmp_path):
    p = dt.Parameter("p", 0.4, low=0, high=1)
    sens = dt.Parameter("sens", 0.8, low=0, high=1)
    spec = dt.Parameter("spec", 0.7, low=0, high=1)
    test = dt.bayes_chance(
        "Test",
        {
            "strong": {"favourable": sens, "unfavourable": dt.COMPLEMENT},
            "weak": {"favourable": 1 - spec, "unfavourable": dt.COMPLEMENT},
        },
        launch(p),
        state="Market",
    )
    tree = dt.Tree(
        dt.Decision("Test?", [dt.Branch("test", test, payoff=-5), dt.Branch("no test", launch(p))]),
        parameters=[p, sens, spec],
    )
    loaded = dt.loads(dt.dumps(tree))
    for model in (tree, loaded):
        first = dt.state_first(model, "Market")
        for _, node in market_nodes(first):
            assert node.branches[0].probability == symbols("p")[0]
        assert dt.evpi(first, node="Market", exact=True) == sympy.Rational(127, 5)
        for values in ({"p": 0.3, "sens": 0.9, "spec": 0.6}, {"p": 0.7, "sens": 0.6, "spec": 0.95}):
            assert dt.evaluate(first, values).value == pytest.approx(dt.evaluate(model, values).value)
            assert dt.evpi(first, node="Market", values=values) == pytest.approx(
                reference_market_evpi(**values)
            )


def reference_market_evpi(p, sens, spec, cost=5):
    """By hand: the value with the market known, less the value of the tree (test or not)."""
    known = p * 120  # launch nationally when strong, abandon when weak; never pay for the test
    no_test = max(120 * p - 60 * (1 - p), 50 * p - 10 * (1 - p), 0)
    fav_strong, fav_weak = p * sens, (1 - p) * (1 - spec)
    unf_strong, unf_weak = p * (1 - sens), (1 - p) * spec
    with_test = max(120 * fav_strong - 60 * fav_weak, 50 * fav_strong - 10 * fav_weak, 0) + max(
        120 * unf_strong - 60 * unf_weak, 50 * unf_strong - 10 * unf_weak, 0
    )
    return known - max(no_test, with_test - cost)


def test_state_first_of_a_flipped_tree_flips_it_back():
    tree = dt.Tree(two_level(PRIOR, LIKELIHOODS, upper="Market", payoffs={("strong", "favourable"): 9}))
    flipped = dt.flip(tree)
    first = dt.state_first(flipped, "Market")
    assert first.root.name == "Market"
    assert joint(first) == joint(tree)
    assert resolved(first.root) == {"strong": F(2, 5), "weak": F(3, 5)}
    assert resolved(first.node_at(("strong",))) == {"favourable": F(4, 5), "unfavourable": F(1, 5)}


def test_state_first_leaves_a_tree_without_signals_as_it_is():
    tree = dt.Tree(dt.Decision("Go?", [dt.Branch("go", launch("2/5")), dt.Branch("stay", outcome("s"))]))
    assert dt.state_first(tree, "Market") == tree


def posterior(prior, *likelihoods):
    """P(strong | signals) and P(signals) by hand: prior times the likelihoods, normalised."""
    strong, weak = prior, 1 - prior
    for on_strong, on_weak in likelihoods:
        strong, weak = strong * on_strong, weak * on_weak
    return strong / (strong + weak), strong + weak


def test_state_first_nested_signals():
    # Two tests in a row, the second optional (cost 1); posteriors worked out by hand.
    t1 = {"+": (F(4, 5), F(3, 10)), "-": (F(1, 5), F(7, 10))}
    t2 = {"++": (F(3, 5), F(1, 5)), "--": (F(2, 5), F(4, 5))}
    prior = F(2, 5)

    def after_first(s1):
        p1, _ = posterior(prior, t1[s1])
        branches = []
        for s2 in ("++", "--"):
            p12, both = posterior(prior, t1[s1], t2[s2])
            branches.append(dt.Branch(s2, launch(p12), probability=both / posterior(prior, t1[s1])[1]))
        return dt.Decision(
            "Again?",
            [dt.Branch("again", dt.Chance("T2", branches), payoff=-1), dt.Branch("stop", launch(p1))],
        )

    tree = dt.Tree(
        dt.Chance(
            "T1", [dt.Branch(s1, after_first(s1), probability=posterior(prior, t1[s1])[1]) for s1 in t1]
        )
    )
    assert resolved(tree.node_at(("+", "again", "++", "national")))["strong"] == F(16, 19)
    first = dt.state_first(tree, "Market")
    for _, node in market_nodes(first):
        assert resolved(node) == {"strong": prior, "weak": 1 - prior}
    assert dt.evaluate(first, exact=True).value == dt.evaluate(tree, exact=True).value
    # The second test's likelihoods in each state, recovered below the first's.
    seen = 0
    for path, node in first.walk():
        if node.name == "T2":
            [state] = [label for label in path if label in ("strong", "weak")]
            assert resolved(node)["++"] == {"strong": F(3, 5), "weak": F(1, 5)}[state], path
            seen += 1
    assert seen
    # Revealing the market: the value is 2/5 * 120 = 48 whatever the tests say.
    assert dt.evpi(first, node="Market", exact=True) == 48 - dt.evaluate(tree, exact=True).value


def test_state_first_refuses_posteriors_of_another_prior():
    inconsistent = hand_written_market(strong_if_favourable="7/10")  # implies a prior of 0.43, not 0.4
    with pytest.raises(
        dt.ModelError, match="different probabilities after different choices at the decision 'Test\\?'"
    ) as error:
        dt.state_first(inconsistent, "Market")
    message = str(error.value)
    assert "(strong: 43/100, weak: 57/100)" in message and "(strong: 2/5, weak: 3/5)" in message


def test_state_first_refuses_formulas_that_agree_only_at_the_base_values():
    p = dt.Parameter("p", 0.4, low=0, high=1)
    q = dt.Parameter("q", 0.4, low=0, high=1)  # the posteriors are written with q where they mean p
    tree = dt.Tree(
        dt.Decision(
            "Test?",
            [
                dt.Branch(
                    "test",
                    dt.Chance(
                        "Test",
                        [
                            dt.Branch(
                                "favourable",
                                launch(q * 8 / (q * 8 + (1 - q) * 3)),
                                probability=p * 0.8 + (1 - p) * 0.3,
                            ),
                            dt.Branch(
                                "unfavourable",
                                launch(q * 2 / (q * 2 + (1 - q) * 7)),
                                probability=dt.COMPLEMENT,
                            ),
                        ],
                    ),
                ),
                dt.Branch("no test", launch(p)),
            ],
        ),
        parameters=[p, q],
    )
    assert dt.evaluate(tree).value == pytest.approx(27.6)  # at the base values everything agrees
    with pytest.raises(dt.ModelError, match="at the base values but not at"):
        dt.state_first(tree, "Market")


def test_state_first_refuses_a_choice_that_changes_the_odds_without_suggesting_a_wrong_number():
    from paris_summit import paris_summit

    with pytest.raises(dt.ModelError, match="after different choices at the decision") as error:
        dt.state_first(paris_summit("chance"), "Ceasefire")
    assert "give them the same probabilities" not in str(error.value)


def test_state_first_refuses_a_signal_after_which_the_state_never_appears():
    tree = dt.Tree(
        dt.Chance(
            "Test",
            [
                dt.Branch("favourable", launch("16/25"), probability="1/2"),
                dt.Branch("unfavourable", outcome("stop"), probability="1/4"),
                dt.Branch("unclear", launch("1/5"), probability=dt.COMPLEMENT),
            ],
        )
    )
    with pytest.raises(dt.ModelError, match="after 'unfavourable' no chance node is named 'Market'"):
        dt.state_first(tree, "Market")


def test_state_first_bad_arguments():
    tree = hand_written_market()
    with pytest.raises(dt.NotFoundError, match="did you mean 'Market'"):
        dt.state_first(tree, "Markt")
    with pytest.raises(dt.ArgumentError, match="needs a Tree"):
        dt.state_first(tree.root, "Market")
    with pytest.raises(dt.ArgumentError, match="name of the state"):
        dt.state_first(tree, 3)
    outcomes = dt.Tree(
        dt.Decision(
            "D",
            [
                dt.Branch("a", launch("1/2")),
                dt.Branch("b", dt.Chance("Market", [dt.Branch("up", outcome("u"), probability=1)])),
            ],
        )
    )
    with pytest.raises(dt.ModelError, match="different outcomes"):
        dt.state_first(outcomes, "Market")


def test_state_first_is_idempotent():
    first = dt.state_first(hand_written_market(), "Market")
    assert dt.state_first(first, "Market") is first


def test_state_first_refuses_the_state_met_again_after_it_is_known():
    # The market first, then a test, then posteriors of the market again: two draws of one state.
    twice = dt.Tree(
        dt.Chance(
            "Market",
            [
                dt.Branch(
                    "strong",
                    dt.Chance(
                        "Test",
                        [
                            dt.Branch("+", launch("16/25"), probability="4/5"),
                            dt.Branch("-", launch("4/25"), probability=dt.COMPLEMENT),
                        ],
                    ),
                    probability="2/5",
                ),
                dt.Branch(
                    "weak",
                    dt.Chance(
                        "Test",
                        [
                            dt.Branch("+", launch("16/25"), probability="3/10"),
                            dt.Branch("-", launch("4/25"), probability=dt.COMPLEMENT),
                        ],
                    ),
                    probability=dt.COMPLEMENT,
                ),
            ],
        )
    )
    with pytest.raises(dt.ModelError, match="the state is met again") as error:
        dt.state_first(twice, "Market")
    assert error.value.path == ("strong",)


def test_state_first_refuses_to_merge_decisions_of_several_owners():
    def launch_by(owner, p):
        market = dt.Chance(
            "Market",
            [
                dt.Branch("strong", dt.Terminal("strong", payoff={"A": 120, "B": 1}), probability=p),
                dt.Branch("weak", dt.Terminal("weak", payoff={"A": -60, "B": 1}), probability=dt.COMPLEMENT),
            ],
        )
        return dt.Decision(
            "Launch", [dt.Branch("go", market), dt.Branch("abandon", dt.Terminal("no"))], owner=owner
        )

    tree = dt.Tree(
        dt.Chance(
            "Test",
            [
                dt.Branch("favourable", launch_by("A", "16/25"), probability="1/2"),
                dt.Branch("unfavourable", launch_by("B", "4/25"), probability=dt.COMPLEMENT),
            ],
        )
    )
    with pytest.raises(dt.ModelError, match="decisions of several owners \\(A, B\\)"):
        dt.state_first(tree, "Market")
