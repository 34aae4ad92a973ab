"""Evaluation against hand-computed trees, exact arithmetic, players and utilities."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
import sympy
from shared_trees import summit

import decisiontree as dt


def paris() -> dt.Tree:
    """The example from the API contract."""
    return summit()


def test_contract_example() -> None:
    result = dt.evaluate(paris())
    assert result.value == 20.0
    assert result.policy == {(): "Deploy force"}
    assert result.value_at(("Deploy force",)) == 40.0
    assert result.value_at(("Deploy force", "holds")) == 100.0
    assert result.value_at(("Stay out",)) == 0.0
    assert result.choice("Paris summit") == "Deploy force"
    assert result.option_values() == {"Deploy force": 20.0, "Stay out": 0.0}
    assert [(s.path, s.probability, s.payoff) for s in result.scenarios] == [
        (("Deploy force", "holds"), 0.6, 80.0),
        (("Deploy force", "breaks"), 0.4, -70.0),
    ]


def test_exact_evaluation_gives_rationals() -> None:
    result = dt.evaluate(paris(), exact=True)
    assert result.value == 20
    assert isinstance(result.value, sympy.Rational)
    assert [s.probability for s in result.scenarios] == [sympy.Rational(3, 5), sympy.Rational(2, 5)]
    thirds = dt.Tree(
        dt.Chance(
            "c", [dt.Branch(str(k), dt.Terminal(str(k), payoff=k), probability="1/3") for k in range(3)]
        )
    )
    assert dt.evaluate(thirds, exact=True).value == 1


def test_values_change_the_policy() -> None:
    tree = paris()
    low = dt.evaluate(tree, {"p_hold": 0.4})
    assert low.policy == {(): "Stay out"}
    # 150 p - 70 = 0 at p = 7/15: deploying is worth exactly zero there, the tie goes to the first branch
    tie = dt.evaluate(tree, {"p_hold": sympy.Rational(7, 15)}, exact=True)
    assert tie.value == 0
    assert tie.policy == {(): "Deploy force"}
    assert dt.evaluate(tree, {"p_hold": 7 / 15}).policy == {(): "Deploy force"}


def test_ties_go_to_the_first_branch() -> None:
    options = [dt.Branch(label, dt.Terminal(label, payoff=5)) for label in ("b", "a", "c")]
    assert dt.evaluate(dt.Tree(dt.Decision("d", options))).policy == {(): "b"}
    # floats that differ only by rounding count as tied
    near = [
        dt.Branch("first", dt.Terminal("x", payoff=0.1 + 0.2)),
        dt.Branch("second", dt.Terminal("y", payoff=0.3)),
    ]
    assert dt.evaluate(dt.Tree(dt.Decision("d", list(reversed(near))))).choice("d") == "second"
    assert dt.evaluate(dt.Tree(dt.Decision("d", near))).choice("d") == "first"


@pytest.mark.parametrize("rule", ["expected", "mini-max"])
def test_the_tie_rule_on_a_wide_level_of_decisions(rule: str) -> None:
    """Many two-option decisions rolled back together: options closer than 1e-12 (relative, at
    least 1e-12 absolute) tie and the first wins; beyond that the better one wins, as one by one."""
    offsets = [0.0, 1e-13, -1e-13, 5e-13, 3e-12, -3e-12, 1e-9, -1e-9, 1.0, -1.0]
    bases = [0.0, 1e-15, 0.3, -2.5, 1e3, -1e6, 7e9]
    pairs = [(b, b + b * o if abs(b) > 1 else b + o) for b in bases for o in offsets]
    decisions = [
        dt.Branch(
            f"p{k}",
            dt.Decision(
                f"d{k}",
                [dt.Branch("a", dt.Terminal("a", payoff=a)), dt.Branch("b", dt.Terminal("b", payoff=b))],
            ),
            probability=1 / len(pairs) if k else dt.COMPLEMENT,
        )
        for k, (a, b) in enumerate(pairs)
    ]
    result = dt.evaluate(dt.Tree(dt.Chance("all", decisions)), rule=rule)
    sign = 1 if rule == "expected" else -1
    for k, (a, b) in enumerate(pairs):
        second = sign * a < sign * b - 1e-12 * max(abs(b), 1.0)
        assert result.choice(f"d{k}") == ("b" if second else "a"), (a, b)
        assert result.value_at((f"p{k}",)) == (b if second else a)


def oil() -> dt.Tree:
    """The wildcatter: drill at a cost of 70 (or sell the rights for 10); oil is worth 200."""
    return dt.Tree(
        dt.Decision(
            "Drill?",
            [
                dt.Branch(
                    "drill",
                    dt.Chance(
                        "Oil",
                        [
                            dt.Branch("wet", dt.Terminal("gusher", payoff=200), probability="0.4"),
                            dt.Branch("dry", dt.Terminal("dry hole"), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-70,
                ),
                dt.Branch("sell", dt.Terminal("rights sold", payoff=10)),
            ],
        )
    )


def test_wildcatter_by_hand() -> None:
    result = dt.evaluate(oil(), exact=True)
    assert result.value == 10  # 0.4 * 200 - 70 = 10 = selling; tie goes to drilling
    assert result.choice("Drill?") == "drill"
    assert result.value_at(("drill",)) == 80
    assert sum(s.probability * s.payoff for s in result.scenarios) == result.value


def test_policy_covers_decisions_off_the_optimal_path() -> None:
    inner = dt.Decision(
        "later", [dt.Branch("x", dt.Terminal("x", payoff=1)), dt.Branch("y", dt.Terminal("y", payoff=2))]
    )
    tree = dt.Tree(dt.Decision("now", [dt.Branch("a", dt.Terminal("a", payoff=5)), dt.Branch("b", inner)]))
    result = dt.evaluate(tree)
    assert result.policy == {(): "a", ("b",): "y"}
    assert len(result.policy) == 2
    assert result.policy[("b",)] == "y"
    with pytest.raises(KeyError):
        result.policy[("a",)]
    assert [s.path for s in result.scenarios] == [("a",)]


def test_choice_by_name() -> None:
    same = [dt.Branch("x", dt.Terminal("x", payoff=1)), dt.Branch("y", dt.Terminal("y"))]
    tree = dt.Tree(
        dt.Decision(
            "root", [dt.Branch("a", dt.Decision("twin", same)), dt.Branch("b", dt.Decision("twin", same))]
        )
    )
    result = dt.evaluate(tree)
    with pytest.raises(KeyError, match="no decision named 'nobody'"):
        result.choice("nobody")
    with pytest.raises(ValueError, match="2 decisions are named 'twin'"):
        result.choice("twin")


def entry_game() -> dt.Tree:
    """Entry deterrence: the incumbent's threat to fight is not credible."""
    return dt.Tree(
        dt.Decision(
            "Entrant",
            [
                dt.Branch(
                    "Enter",
                    dt.Decision(
                        "Incumbent",
                        [
                            dt.Branch(
                                "Fight", dt.Terminal("price war", payoff={"Entrant": -1, "Incumbent": -1})
                            ),
                            dt.Branch(
                                "Accommodate", dt.Terminal("shared", payoff={"Entrant": 1, "Incumbent": 1})
                            ),
                        ],
                        owner="Incumbent",
                    ),
                ),
                dt.Branch("Stay out", dt.Terminal("monopoly", payoff={"Entrant": 0, "Incumbent": 2})),
            ],
            owner="Entrant",
        )
    )


def test_backward_induction_by_hand() -> None:
    result = dt.evaluate(entry_game())
    assert result.policy == {(): "Enter", ("Enter",): "Accommodate"}
    assert result.value == {"Entrant": 1.0, "Incumbent": 1.0}
    assert dt.evaluate(entry_game(), exact=True).value == {"Entrant": 1, "Incumbent": 1}
    assert result.scenarios[0].payoff == {"Entrant": 1.0, "Incumbent": 1.0}


def test_decisions_of_one_depth_with_different_owners_each_serve_their_owner() -> None:
    """Forty decisions side by side (too many to roll back one by one), alike but for their
    owners, alternately A and B: each takes what its owner prefers."""

    def side(k: int) -> dt.Decision:
        return dt.Decision(
            f"d{k}",
            [
                dt.Branch("left", dt.Terminal(f"left {k}", payoff={"A": 2, "B": 0})),
                dt.Branch("right", dt.Terminal(f"right {k}", payoff={"A": 0, "B": 3})),
            ],
            owner="AB"[k % 2],
        )

    outcomes = [dt.Branch(f"o{k}", side(k), probability="1/40") for k in range(39)]
    tree = dt.Tree(dt.Chance("draw", [*outcomes, dt.Branch("o39", side(39), probability=dt.COMPLEMENT)]))
    for exact in (False, True):
        result = dt.evaluate(tree, exact=exact)
        assert result.policy == {(f"o{k}",): "left" if k % 2 == 0 else "right" for k in range(40)}
        assert {actor: float(v) for actor, v in result.value.items()} == pytest.approx({"A": 1.0, "B": 1.5})


def test_objective_weights_for_unowned_decisions() -> None:
    options = [
        dt.Branch("green", dt.Terminal("g", payoff={"cost": -10, "benefit": 30})),
        dt.Branch("grey", dt.Terminal("r", payoff={"cost": -2, "benefit": 15})),
    ]
    tree = dt.Tree(dt.Decision("plan", options))
    assert dt.evaluate(tree, objective="cost").choice("plan") == "grey"
    assert dt.evaluate(tree, objective="benefit").choice("plan") == "green"
    weighted = dt.evaluate(tree, objective={"cost": 2, "benefit": 1})
    assert weighted.choice("plan") == "grey"  # 2 * -10 + 30 = 10 < 2 * -2 + 15 = 11
    assert weighted.option_values()["grey"] == {"cost": -2.0, "benefit": 15.0}


def test_exponential_utility_by_hand() -> None:
    gamble = dt.Chance(
        "coin",
        [
            dt.Branch("heads", dt.Terminal("win", payoff=100), probability=0.5),
            dt.Branch("tails", dt.Terminal("lose", payoff=0), probability=0.5),
        ],
    )
    tree = dt.Tree(
        dt.Decision("bet?", [dt.Branch("gamble", gamble), dt.Branch("sure", dt.Terminal("sure", payoff=40))])
    )
    assert dt.evaluate(tree).choice("bet?") == "gamble"
    averse = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=100))
    certainty = -100 * math.log(0.5 + 0.5 * math.exp(-1))
    assert averse.choice("bet?") == "sure"
    assert averse.value == pytest.approx(40)
    assert averse.certainty_equivalent == pytest.approx(40)
    assert averse.option_values()["gamble"] == pytest.approx(50)
    assert certainty == pytest.approx(37.989, abs=1e-3)
    tolerant = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=1000))
    assert tolerant.choice("bet?") == "gamble"
    assert tolerant.certainty_equivalent == pytest.approx(-1000 * math.log(0.5 + 0.5 * math.exp(-0.1)))
    assert tolerant.expected_utility == pytest.approx(1 - math.exp(-tolerant.certainty_equivalent / 1000))


def test_utility_uses_total_path_payoffs_and_large_losses() -> None:
    risky = dt.Chance(
        "market",
        [
            dt.Branch("up", dt.Terminal("up", payoff=10_000), probability=0.5),
            dt.Branch("down", dt.Terminal("down", payoff=-10_000), probability=0.5),
        ],
    )
    tree = dt.Tree(
        dt.Decision(
            "invest?", [dt.Branch("invest", risky, payoff=-5), dt.Branch("keep", dt.Terminal("cash"))]
        )
    )
    result = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=1))
    assert result.choice("invest?") == "keep"
    assert result.certainty_equivalent == 0
    invest = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=1e9))
    assert invest.choice("invest?") == "keep"  # the entry fee makes investing worse for the risk neutral too
    assert dt.evaluate(tree, utility=dt.ExponentialUtility(math.inf)).value == 0


def test_exact_with_a_utility_is_refused() -> None:
    with pytest.raises(dt.DecisionTreeError, match="exact"):
        dt.evaluate(paris(), exact=True, utility=dt.ExponentialUtility(10))
    with pytest.raises(dt.ArgumentError, match="risk_tolerance"):
        dt.ExponentialUtility(-1)


def test_evaluate_needs_a_tree() -> None:
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree"):
        dt.evaluate(paris().root)  # type: ignore[arg-type]


def test_a_lone_terminal() -> None:
    result = dt.evaluate(dt.Tree(dt.Terminal("only", payoff=7)))
    assert result.value == 7
    assert result.policy == {}
    assert result.scenarios == (dt.Scenario((), 1.0, 7.0, "only"),)


def test_text_view_and_summary() -> None:
    result = dt.evaluate(paris())
    text = dt.to_text(result)
    assert "[D] Paris summit  value 20" in text
    assert "Deploy force (chosen)  payoff -troop_cost = -20" in text
    assert "Stay out (not chosen)" in text
    assert "holds  p=p_hold = 0.6" in text
    assert "breaks  p=COMPLEMENT = 0.4" in text
    assert "holds  p=p_hold = 3/5" in dt.to_text(dt.evaluate(paris(), exact=True))
    summary = str(result)
    assert summary.splitlines()[0] == "Paris summit: expected value 20"
    assert "60.00%  Deploy force > holds  payoff 80" in summary
    assert "Paris summit" in repr(result)
    assert dt.to_text(paris()).startswith("[D] Paris summit\n")


def test_a_chain_100000_levels_deep() -> None:
    depth = 100_000
    node: dt.Terminal | dt.Decision = dt.Terminal("end")
    for level in range(depth):
        node = dt.Decision(
            f"d{level}", [dt.Branch("go", node, payoff=1), dt.Branch("stop", dt.Terminal("stop"))]
        )
    tree = dt.Tree(node)
    assert tree == dt.Tree(node)
    result = dt.evaluate(tree)
    assert result.value == depth
    assert result.value_at(("go",) * 10) == depth - 10
    assert result.policy[("go",) * 5] == "go"
    assert len(result.policy) == depth
    assert len(repr(tree.root)) > depth
    assert dt.to_text(tree).count("\n") == 4 * depth


def test_a_chance_chain_100000_levels_deep() -> None:
    half = Fraction(1, 2)
    node: dt.Terminal | dt.Chance = dt.Terminal("end")
    for level in range(100_000):
        node = dt.Chance(
            f"c{level}",
            [
                dt.Branch("on", node, probability=half),
                dt.Branch("off", dt.Terminal("off", payoff=2), probability=half),
            ],
        )
    result = dt.evaluate(dt.Tree(node))
    assert result.value == pytest.approx(2)


def test_a_chance_node_with_100000_branches() -> None:
    width = 100_000
    branches = [
        dt.Branch(f"b{k}", dt.Terminal(f"t{k}", payoff=k), probability=dt.COMPLEMENT if k == 0 else 1e-5)
        for k in range(width)
    ]
    tree = dt.Tree(dt.Chance("wide", branches))
    result = dt.evaluate(tree)
    assert result.value == pytest.approx((width - 1) / 2)
    assert len(result.scenarios) == width
    assert sum(s.probability for s in result.scenarios) == pytest.approx(1)
    decision = dt.Tree(
        dt.Decision("pick", [dt.Branch(f"b{k}", dt.Terminal(f"t{k}", payoff=k % 977)) for k in range(width)])
    )
    assert dt.evaluate(decision).choice("pick") == "b976"


def test_exact_evaluation_refuses_irrational_numbers() -> None:
    tree = dt.Tree(
        dt.Decision(
            "d", [dt.Branch("a", dt.Terminal("t", payoff="sqrt(2)")), dt.Branch("b", dt.Terminal("u"))]
        )
    )
    assert dt.evaluate(tree).value == pytest.approx(math.sqrt(2))
    with pytest.raises(dt.ModelError, match="not a rational number") as caught:
        dt.evaluate(tree, exact=True)
    assert caught.value.path == ("a",)
    x = dt.Parameter("x", 2, low=1, high=4)
    symbolic = dt.Tree(dt.Terminal("t", payoff=dt.parse_expression("sqrt(x)")), parameters=[x])
    with pytest.raises(dt.NotRationalError, match=r"sqrt\(2\) is not rational") as caught:
        dt.evaluate(symbolic, exact=True)
    assert dt.evaluate(symbolic, {"x": 4}, exact=True).value == 2


def test_bad_arguments_to_evaluate_are_clear_errors() -> None:
    tree = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("t", payoff={"x": 1}))]))
    with pytest.raises(dt.ArgumentError, match="values must map parameter names to numbers"):
        dt.evaluate(tree, values=5, objective="x")  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="objective weights must be finite numbers"):
        dt.evaluate(tree, objective={"x": "heavy"})
    with pytest.raises(dt.DecisionTreeError, match="utility must be"):
        dt.evaluate(tree, objective="x", utility=5)
    result = dt.evaluate(tree, objective="x")
    with pytest.raises(KeyError, match=r"did you mean \('a',\)"):
        result.value_at("a")  # type: ignore[arg-type]
    assert (result.node_value(1), result.branch_probability(1), result.chosen_branch(0)) == ({"x": 1}, 1, 0)
    for method in (result.node_value, result.branch_probability, result.chosen_branch):
        with pytest.raises(dt.NotFoundError, match="there is no node 2: they are numbered 0 to 1"):
            method(2)
        for bad in (-1, 1.0, "1", True, np.array([0, 1]), 2**63):
            with pytest.raises(dt.ArgumentError):
                method(bad)  # type: ignore[arg-type]
    with pytest.raises(dt.ArgumentError, match="'parameters'"):
        tree.to_table(np.array(["parameters", "x"]))  # type: ignore[arg-type]


def tree_with_a_choice() -> dt.Tree:
    return dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A")), dt.Branch("b", dt.Terminal("B"))]))


def test_views_and_runs_refuse_things_that_are_not_trees() -> None:
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree or a Result"):
        dt.to_text(5)
    with pytest.raises(dt.DecisionTreeError, match="executor must be"):
        dt.psa(tree_with_a_choice(), 10, executor=5)


def test_exact_complement_of_floats_summing_past_one_by_rounding_is_zero() -> None:
    # As decimals these two floats sum to 1 + 5e-17: float rounding, within the model's tolerance.
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("x", payoff=1), probability=0.6363636363636364),
                dt.Branch("b", dt.Terminal("y"), probability=0.36363636363636365),
                dt.Branch("c", dt.Terminal("z", payoff=5), probability=dt.COMPLEMENT),
            ],
        )
    )
    exact = dt.evaluate(tree, exact=True)
    assert exact.value == Fraction("0.6363636363636364")
    assert float(exact.value) == pytest.approx(dt.evaluate(tree).value)
    with pytest.raises(dt.ModelError, match="outside"):  # a real excess is still refused
        dt.evaluate(
            dt.Tree(
                dt.Chance(
                    "c",
                    [
                        dt.Branch("a", dt.Terminal("x"), probability=dt.Parameter("p", 0.3)),
                        dt.Branch("b", dt.Terminal("y"), probability=0.5),
                        dt.Branch("c", dt.Terminal("z"), probability=dt.COMPLEMENT),
                    ],
                ),
                parameters=[dt.Parameter("p", 0.3)],
            ),
            {"p": Fraction(3, 5)},
            exact=True,
        )


def _overflowing_option() -> dt.Tree:
    """A decision turns down an option worth about -2e308 (beyond float range); every node's value is 0."""
    T = dt.Terminal
    ways = [dt.Branch("x", T("T"), probability=0), dt.Branch("y", T("T"), probability=1, payoff=-1e308)]
    below = dt.Chance("U", ways)
    return dt.Tree(dt.Decision("D", [dt.Branch("a", T("A")), dt.Branch("b", below, payoff=-1e308)]))


def _overflowing_path(shared: bool) -> dt.Tree:
    """Payoffs of 1e308 twice on the way down (the values on the way up stay within range); with
    ``shared``, the node below is reached by a second way too, whose total is 0."""
    end = dt.Chance("E", [dt.Branch("x", dt.Terminal("T", payoff=-1e308), probability=1, payoff=1e308)])
    middle = dt.Chance("M", [dt.Branch("x", end, probability=1, payoff=1e308 if not shared else 0)])
    other = dt.Chance("O", [dt.Branch("x", end, probability=1, payoff=1e308)])
    ways = [dt.Branch("m", middle, probability=0.5), dt.Branch("o", other, probability=0.5)]
    return dt.Tree(dt.Chance("R", ways if shared else [dt.Branch("m", middle, probability=1)]))


@pytest.mark.parametrize(
    ("tree", "place", "message"),
    [
        (_overflowing_option(), '"b"', "option's value"),
        (_overflowing_path(False), '"m" > "x" > "x"', "payoffs along a way"),
        (_overflowing_path(True), '"m" > "x" > "x"', "payoffs along a way"),  # the node's first path
    ],
)
def test_options_and_paths_beyond_float_range_are_refused(tree: dt.Tree, place: str, message: str) -> None:
    """Views show option values and totals along paths: in floats these would be infinite (and
    numpy warned while every view was drawn), so evaluation refuses, naming the place; exact
    arithmetic has them."""
    with pytest.raises(dt.ModelError, match=message) as caught:
        dt.evaluate(tree)
    assert place in str(caught.value) and "exact=True" in str(caught.value)
    result = dt.evaluate(tree, exact=True)
    assert all(isinstance(s.payoff, int | Fraction | sympy.Rational) for s in result.scenarios)
    dt.to_text(result)


def test_weighted_values_beyond_float_range_are_refused() -> None:
    # 2 x 0.9e308 and 2 x 1e308 both round to inf: the decision compared infinities and took the
    # first option, the worse one; the tornado reported a base value of inf
    options = [
        dt.Branch("a", dt.Terminal("A", payoff={"A": 0.9e308, "B": 0})),
        dt.Branch("b", dt.Terminal("B", payoff={"A": 1e308, "B": 0})),
    ]
    tree = dt.Tree(dt.Decision("D", options))
    assert dt.evaluate(tree, objective={"A": 2}, exact=True).choice("D") == "b"
    for call in (lambda: dt.evaluate(tree, objective={"A": 2}), lambda: dt.tornado(tree, objective={"A": 2})):
        with pytest.raises(dt.ModelError, match="objective's weighted value of this option overflows"):
            call()
    assert dt.evaluate(tree, objective={"A": 1, "B": 1}).choice("D") == "b"  # within range: as before


def test_weighted_values_beyond_float_range_are_refused_for_negative_weights_too() -> None:
    """Small payoffs, a huge negative weight: -1e307 x 100 and -1e307 x 50 are both -inf in floats,
    so the comparison would take the first option, the worse one. The bound on how much weighing
    can grow a value counts weights by their size, whatever their sign."""
    options = [
        dt.Branch("a", dt.Terminal("A", payoff={"cost": 100, "benefit": 1})),
        dt.Branch("b", dt.Terminal("B", payoff={"cost": 50, "benefit": 1})),
    ]
    tree = dt.Tree(dt.Decision("D", options))
    objective = {"cost": -1e307, "benefit": 1}
    assert dt.evaluate(tree, objective=objective, exact=True).choice("D") == "b"
    with pytest.raises(dt.ModelError, match="objective's weighted value of this option overflows"):
        dt.evaluate(tree, objective=objective)
    assert dt.evaluate(tree, objective={"cost": -1, "benefit": 1}).choice("D") == "b"
