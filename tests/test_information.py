"""Value of information: exact EVPI by restructuring, EVPPI by Monte Carlo."""

from __future__ import annotations

from fractions import Fraction

import attrs
import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import decisiontree as dt


def drill_tree(oil_probability="3/10", parameters=()):
    return dt.Tree(
        dt.Decision(
            "Drill?",
            [
                dt.Branch(
                    "drill",
                    dt.Chance(
                        "Oil",
                        [
                            dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability=oil_probability),
                            dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-20,
                ),
                dt.Branch("walk away", dt.Terminal("nothing")),
            ],
        ),
        parameters=parameters,
    )


def test_drill_evpi_by_hand():
    # Without information: drill, 0.3 * 100 - 20 = 10. With it: drill only when wet, 0.3 * 80 = 24.
    assert dt.evpi(drill_tree(), node="Oil", exact=True) == 14
    assert isinstance(dt.evpi(drill_tree(), node="Oil", exact=True), sympy.Rational)
    assert dt.evpi(drill_tree(), node="Oil") == pytest.approx(14)
    assert dt.evpi(drill_tree()) == pytest.approx(14)  # the only uncertainty
    # When drilling is a bad bet, information is worth 0.3 * 80 - 0 = 24.
    assert dt.evpi(drill_tree("1/10"), node="Oil", exact=True) == 8


def test_evpi_with_parameters_and_values():
    p = dt.Parameter("p", 0.3, low=0, high=1)
    tree = drill_tree(p, parameters=[p])
    assert dt.evpi(tree, node="Oil", exact=True) == 14
    assert dt.evpi(tree, node="Oil", values={"p": Fraction(1, 10)}, exact=True) == 8


def test_information_tree_structure():
    informed = dt.perfect_information_tree(drill_tree(), "Oil")
    assert informed.root.name == "Oil"
    assert [b.label for b in informed.root.branches] == ["wet", "dry"]
    result = dt.evaluate(informed, exact=True)
    assert result.policy == {("wet",): "drill", ("dry",): "walk away"}
    # The drilling cost stays on the decision's branch; the collapsed chance node is gone.
    assert result.option_values(("wet",)) == {"drill": 80, "walk away": 0}
    assert result.value == 24


def test_same_named_nodes_revealed_together_keep_branch_payoffs():
    def option(cost, prize):
        return dt.Chance(
            "Weather",
            [
                dt.Branch("sun", dt.Terminal("s", payoff=prize), probability="1/4", payoff=5),
                dt.Branch("rain", dt.Terminal("r", payoff=0), probability="3/4"),
            ],
        )

    tree = dt.Tree(
        dt.Decision(
            "Plan",
            [
                dt.Branch("picnic", option(0, 100)),
                dt.Branch("cinema", dt.Terminal("film", payoff=30)),
            ],
        )
    )
    # Without: picnic 1/4 * 105 = 26.25 < 30. With: sun -> picnic 105, rain -> cinema 30.
    assert dt.evpi(tree, node="Weather", exact=True) == Fraction(105, 4) + Fraction(90, 4) - 30


def test_disagreeing_probabilities_name_both_paths():
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", drill_tree("3/10").root.branches[0].node),
                dt.Branch("b", drill_tree("1/2").root.branches[0].node),
            ],
        )
    )
    with pytest.raises(dt.ModelError) as error:
        dt.evpi(tree, node="Oil")
    message = str(error.value)
    assert "after 'a'" in message and "after 'b'" in message and "decision 'd'" in message
    assert error.value.path == ()


def test_disagreeing_labels_are_model_errors():
    other = dt.Chance(
        "Oil",
        [
            dt.Branch("gusher", dt.Terminal("g", payoff=1), probability="3/10"),
            dt.Branch("dry", dt.Terminal("d"), probability="7/10"),
        ],
    )
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", drill_tree().root.branches[0].node), dt.Branch("b", other)])
    )
    with pytest.raises(dt.ModelError, match="outcomes"):
        dt.evpi(tree, node="Oil")


def test_unknown_node_and_bad_coupling():
    with pytest.raises(dt.NotFoundError, match="unknown uncertainty"):
        dt.evpi(drill_tree(), node="Gas")
    with pytest.raises(dt.ArgumentError, match="coupling"):
        dt.evpi(drill_tree(), coupling="independent")
    with pytest.raises(dt.DecisionTreeError):
        dt.evpi("tree")


def test_comonotone_coupling_by_hand():
    # Two ways to sell; demand is high with 0.5 (advertise) or 0.2 (not). Revealing one uniform u:
    # u < 0.2: high for both; 0.2 <= u < 0.5: high only if advertised; u >= 0.5: low for both.
    def demand(p):
        return dt.Chance(
            "Demand",
            [
                dt.Branch("high", dt.Terminal("h", payoff=100), probability=p),
                dt.Branch("low", dt.Terminal("l", payoff=0), probability=dt.COMPLEMENT),
            ],
        )

    tree = dt.Tree(
        dt.Decision(
            "Sell",
            [dt.Branch("advertise", demand("1/2"), payoff=-40), dt.Branch("quietly", demand("1/5"))],
        )
    )
    # Without: advertise 10, quietly 20. With: 0.2 * 100 + 0.3 * 60 + 0.5 * 0 = 38.
    assert dt.evpi(tree, node="Demand", coupling="comonotone", exact=True) == 18
    assert dt.evpi(tree, node="Demand", coupling="comonotone") == pytest.approx(18)
    informed = dt.perfect_information_tree(tree, "Demand", coupling="comonotone", exact=True)
    assert [b.probability for b in informed.root.branches] == [
        Fraction(1, 5),
        Fraction(3, 10),
        Fraction(1, 2),
    ]
    assert informed.root.branches[0].label == "high" and informed.root.branches[2].label == "low"


def test_per_actor_evpi_is_for_the_first_decision_owner():
    from paris_summit import paris_summit

    tree = paris_summit("chance")
    europe = dt.evpi(tree, node="Ceasefire", coupling="comonotone", exact=True)
    assert europe == dt.evpi(tree, node="Ceasefire", coupling="comonotone", actor="Europe", exact=True)
    assert europe > 0
    everything = dt.evpi(tree, coupling="comonotone", exact=True)
    assert everything >= europe
    with pytest.raises(dt.ModelError, match="different probabilities"):
        dt.evpi(tree, node="US response")


# --------------------------------------------------------------------------- properties


@st.composite
def small_trees(draw):
    """Scalar trees: a root decision over options that are terminals, chance nodes or decisions.

    Chance nodes have unique names, exact probabilities and integer payoffs.
    """
    counter = iter(range(1000))

    def node(depth):
        kind = draw(st.sampled_from(["terminal", "chance", "decision"] if depth < 3 else ["terminal"]))
        if kind == "terminal":
            return dt.Terminal(f"t{next(counter)}", payoff=draw(st.integers(-20, 20)))
        width = draw(st.integers(2, 3))
        children = [node(depth + 1) for _ in range(width)]
        payoffs = [draw(st.integers(-5, 5)) for _ in range(width)]
        if kind == "decision":
            branches = [
                dt.Branch(f"o{k}", c, payoff=x)
                for k, (c, x) in enumerate(zip(children, payoffs, strict=True))
            ]
            return dt.Decision(f"d{next(counter)}", branches)
        weights = [draw(st.integers(1, 4)) for _ in range(width)]
        probabilities = [Fraction(w, sum(weights)) for w in weights]
        branches = [
            dt.Branch(f"b{k}", c, probability=p, payoff=x)
            for k, (c, p, x) in enumerate(zip(children, probabilities, payoffs, strict=True))
        ]
        return dt.Chance(f"c{next(counter)}", branches)

    options = [node(1) for _ in range(draw(st.integers(2, 3)))]
    return dt.Tree(dt.Decision("root", [dt.Branch(f"option {k}", o) for k, o in enumerate(options)]))


@settings(max_examples=40)
@given(small_trees())
def test_evpi_is_never_negative_and_all_beats_each(tree):
    names = sorted({node.name for _, node in tree.walk() if isinstance(node, dt.Chance)})
    everything = dt.evpi(tree, exact=True)
    assert everything >= 0
    for name in names:
        one = dt.evpi(tree, node=name, exact=True)
        assert 0 <= one <= everything


@settings(max_examples=20)
@given(small_trees())
def test_float_evpi_matches_exact(tree):
    assert dt.evpi(tree) == pytest.approx(float(dt.evpi(tree, exact=True)), abs=1e-9)


# --------------------------------------------------------------------------- EVPPI


def bet_tree():
    p = dt.Parameter("p", 0.5, distribution=dt.Beta(5, 5))
    stake = dt.Parameter("stake", 10, distribution=dt.Uniform(9, 11))
    return dt.Tree(
        dt.Decision(
            "bet?",
            [
                dt.Branch(
                    "bet",
                    dt.Chance(
                        "coin",
                        [
                            dt.Branch("win", dt.Terminal("W", payoff=stake), probability=p),
                            dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
                        ],
                    ),
                ),
                dt.Branch("pass", dt.Terminal("P")),
            ],
        ),
        parameters=[p, stake],
    )


def test_evppi_of_everything_matches_psa_evpi():
    tree = bet_tree()
    both = dt.evppi(tree, ["p", "stake"], 20_000, seed=1)
    assert float(both) == pytest.approx(dt.psa(tree, 20_000, seed=1).evpi, abs=0.05)


def test_regression_and_nested_estimators_agree():
    tree = bet_tree()
    regression = dt.evppi(tree, "p", 20_000, seed=2)
    nested = dt.evppi(tree, [tree.parameter("p")], 2000, seed=2, method="nested", inner=50)
    # Exact: p decides alone; with stake at its mean 10, EVPPI = E[max(20p - 10, 0)] = 20 E[(p - 1/2)+].
    draws = np.random.default_rng(0).beta(5, 5, 1_000_000)
    exact = float(np.mean(np.maximum(20 * draws - 10, 0)))
    assert regression.value == pytest.approx(exact, abs=4 * regression.standard_error + 0.02)
    assert nested.value == pytest.approx(exact, abs=4 * nested.standard_error + 0.05)
    assert regression.method == "regression" and nested.method == "nested" and nested.inner == 50


def test_evppi_of_the_stake_by_hand():
    # Knowing the stake s ~ U(9, 11) alone: bet is worth E[p] s - 5 = (s - 10) / 2, so
    # EVPPI = E[max((s - 10) / 2, 0)] = 0.125.
    result = dt.evppi(bet_tree(), "stake", 20_000, seed=3)
    assert result.value == pytest.approx(0.125, abs=4 * result.standard_error + 0.01)


def test_evppi_bad_arguments():
    tree = bet_tree()
    with pytest.raises(dt.ArgumentError, match="no distribution"):
        dt.evppi(
            attrs.evolve(
                tree, parameters=[tree.parameters[0], attrs.evolve(tree.parameters[1], distribution=None)]
            ),
            "stake",
            100,
        )
    with pytest.raises(dt.NotFoundError):
        dt.evppi(tree, "nope", 100)
    with pytest.raises(dt.ArgumentError):
        dt.evppi(tree, "p", 100, method="magic")
    with pytest.raises(dt.ArgumentError):
        dt.evppi(tree, "p", 1)
    with pytest.raises(dt.ArgumentError, match="draws"):
        dt.evppi(tree, ["p", "stake"], 50, degree=6)
