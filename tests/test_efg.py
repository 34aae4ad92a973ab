# ruff: noqa: E501  (error messages are checked whole)
"""Gambit's .efg format, cross-checked with pygambit: our backward induction is its subgame-perfect equilibrium."""

from __future__ import annotations

import io
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree.errors import FileFormatError

gbt = pytest.importorskip("pygambit")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def solve(text: str) -> tuple[list[str], list[float], list[list[Fraction]]]:
    """pygambit on an .efg text: the players, the logit-limit (subgame-perfect) payoffs, all pure agent equilibria."""
    game = gbt.read_efg(io.StringIO(text))
    players = [p.label for p in game.players]
    logit = gbt.nash.logit_solve(game).equilibria[0]
    agent = gbt.nash.enumpure_agent_solve(game).equilibria
    exact = [[Fraction(str(e.payoff(p))) for p in game.players] for e in agent]
    return players, [float(logit.payoff(p)) for p in game.players], exact


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-4 * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------- random perfect-information games


@st.composite
def games(draw: st.DrawFn) -> dt.Tree:
    """Small games: decisions owned by players, chance nodes with rational probabilities, distinct payoffs."""
    players = draw(st.sampled_from([("A",), ("A", "B"), ("A", "B", "C")]))
    values = iter(draw(st.lists(st.integers(-1000, 1000), min_size=200, max_size=200, unique=True)))
    budget = draw(st.integers(1, 8))

    def payoffs() -> dict[str, int]:
        return {p: next(values) for p in players}

    def node(depth: int) -> dt.Terminal | dt.Chance | dt.Decision:
        nonlocal budget
        if budget <= 0 or depth > 4 or (depth > 0 and draw(st.integers(0, 2)) == 0):
            return dt.Terminal(f"t{next(values)}", payoffs())
        n = draw(st.integers(2, 3))
        budget -= n
        children = [node(depth + 1) for _ in range(n)]
        branch_payoff = payoffs() if draw(st.booleans()) else 0
        if draw(st.integers(0, 2)) == 0:
            weights = draw(st.lists(st.integers(1, 9), min_size=n, max_size=n))
            return dt.Chance(f"c{next(values)}", [
                dt.Branch(f"o{k}", child, probability=Fraction(w, sum(weights)), payoff=branch_payoff if k == 0 else 0)
                for k, (w, child) in enumerate(zip(weights, children, strict=True))
            ])  # fmt: skip
        owner = draw(st.sampled_from(players))
        return dt.Decision(f"d{next(values)}", [
            dt.Branch(f"a{k}", child, payoff=branch_payoff if k == 0 else 0) for k, child in enumerate(children)
        ], owner=owner)  # fmt: skip

    return dt.Tree(node(0), name="random game")


def has_ties(tree: dt.Tree) -> bool:
    result = dt.evaluate(tree, exact=True)
    for path, node in tree.walk():
        if isinstance(node, dt.Decision):
            options = [v[node.owner] for v in result.option_values(path).values()]
            if len(set(options)) != len(options):
                return True
    return False


@settings(max_examples=25, deadline=None)
@given(games())
def test_backward_induction_equals_pygambits_subgame_perfect_equilibrium(tree: dt.Tree) -> None:
    assume(not has_ties(tree))
    ours = dt.evaluate(tree, exact=True).value
    players, logit, pure = solve(dt.to_efg(tree))
    assert players == list(tree.actors)
    assert all(close(float(ours[p]), x) for p, x in zip(players, logit, strict=True)), (ours, logit)
    assert [ours[p] for p in players] in pure


def per_player(value: object, players: tuple[str, ...]) -> object:
    """A one-player game reads back with scalar payoffs."""
    return value if isinstance(value, dict) or len(players) > 1 else {players[0]: value}


@settings(max_examples=25, deadline=None)
@given(games())
def test_our_export_reads_back_with_the_same_values(tree: dt.Tree) -> None:
    back = dt.from_efg(dt.to_efg(tree))
    value = dt.evaluate(back, exact=True).value
    assert per_player(value, tree.actors) == dt.evaluate(tree, exact=True).value
    assert dt.evaluate(back, exact=True).policy == dt.evaluate(tree, exact=True).policy


# --------------------------------------------------------------------------- the Paris summit


def test_paris_summit_exports_to_a_game_pygambit_solves_the_same_way() -> None:
    sys.path.insert(0, str(EXAMPLES))
    from paris_summit import paris_summit

    tree = paris_summit("decision")
    players, logit, pure = solve(dt.to_efg(tree))
    ours = dt.evaluate(tree, exact=True).value
    assert players == ["Europe", "Ukraine", "US", "Russia"]
    assert all(close(float(ours[p]), x) for p, x in zip(players, logit, strict=True))
    assert [ours[p] for p in players] in pure


def test_parameters_can_be_set_for_the_export() -> None:
    p = dt.Parameter("p", 0.5, low=0, high=1)
    tree = dt.Tree(dt.Chance("c", [
        dt.Branch("a", dt.Terminal("A", payoff=1), probability=p),
        dt.Branch("b", dt.Terminal("B"), probability=dt.COMPLEMENT),
    ]), [p])  # fmt: skip
    assert '{ "a" 1/2 "b" 1/2 }' in dt.to_efg(tree)
    assert '{ "a" 3/10 "b" 7/10 }' in dt.to_efg(tree, {"p": 0.3})


# --------------------------------------------------------------------------- games made by pygambit


def test_games_built_and_exported_by_pygambit_load_back() -> None:
    game = gbt.Game.new_tree(players=["Entrant", "Incumbent"], title="Entry with demand")
    game.append_move(game.root, "Entrant", ["Out", "In"])
    enter = game.root.children["In"]
    game.append_move(enter, game.players.chance, ["High", "Low"])
    game.set_chance_probs(enter.infoset, [gbt.Rational(1, 3), gbt.Rational(2, 3)])
    for demand in enter.children:
        game.append_move(demand, "Incumbent", ["Fight", "Accommodate"])
    payoffs = {("Out",): [0, 10], ("In", "High", "Fight"): [-2, 4], ("In", "High", "Accommodate"): [6, 5],
               ("In", "Low", "Fight"): [-3, 1], ("In", "Low", "Accommodate"): [2, 3]}  # fmt: skip
    for path, (x, y) in payoffs.items():
        node = game.root
        for label in path:
            node = node.children[label]
        game.set_outcome(node, game.add_outcome(" ".join(path), [x, y]))
    tree = dt.from_efg(game.to_efg())
    assert tree.name == "Entry with demand"
    assert tree.actors == ("Entrant", "Incumbent")
    result = dt.evaluate(tree, exact=True)
    assert result.policy[()] == "In"
    assert result.value == {"Entrant": Fraction(6 + 4, 3), "Incumbent": Fraction(5 + 6, 3)}
    logit = gbt.nash.logit_solve(game).equilibria[0]
    assert close(float(result.value["Entrant"]), float(logit.payoff("Entrant")))


def test_outcomes_at_inner_nodes_become_branch_payoffs() -> None:
    text = """EFG 2 R "toll" { "Driver" } "a toll, then a choice"
p "Road" 1 1 "" { "toll road" "free road" } 0
p "Exit" 1 2 "" { "early" "late" } 1 "toll" { -2 }
t "" 2 "early" { 10 }
t "" 3 "late" { 7 }
t "Free" 4 "free" { 5 }
"""
    tree = dt.from_efg(text)
    assert tree.description == "a toll, then a choice"
    assert tree.root.branches[0].payoff == -2
    assert dt.evaluate(tree).value == 8
    assert tree.root.owner == "Driver"


def test_one_player_or_identical_payoffs_give_a_scalar_tree() -> None:
    tree = dt.Tree(dt.Decision("Go?", [dt.Branch("yes", dt.Terminal("win", payoff="3/2")), dt.Branch("no", dt.Terminal("stay"))], owner="Me"))  # fmt: skip
    back = dt.from_efg(dt.to_efg(tree))
    assert back.actors == ()
    assert back == tree


def test_repeated_names_are_made_unique_for_gambit() -> None:
    leaf = dt.Terminal("same", payoff=1)
    tree = dt.Tree(
        dt.Decision(
            "d", [dt.Branch("a", leaf), dt.Branch("b", leaf), dt.Branch("c", dt.Terminal("same (1)"))]
        )
    )
    text = dt.to_efg(tree)
    assert '"same (2)"' in text and '"same (3)"' in text
    gbt.read_efg(io.StringIO(text))


# --------------------------------------------------------------------------- errors


def test_export_errors_name_the_problem() -> None:
    unowned = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("t", payoff={"A": 1, "B": 2}))]))
    with pytest.raises(dt.ModelError, match="decision 'd' has no owner"):
        dt.to_efg(unowned)
    accented = dt.Tree(dt.Decision("d", [dt.Branch("café", dt.Terminal("t"))]))
    with pytest.raises(dt.ModelError, match="branch label 'café' cannot be written to Gambit"):
        dt.to_efg(accented)
    irrational = dt.Tree(dt.Terminal("t", payoff="sqrt(2)"))
    with pytest.raises(
        dt.ModelError, match=r"Gambit needs exact rational numbers: sqrt\(2\) is not a rational"
    ):
        dt.to_efg(irrational)


GOOD = """EFG 2 R "g" { "A" "B" }
""
p "" 1 1 "" { "l" "r" } 0
t "" 1 "x" { 1, 2 }
p "" 2 1 "" { "l" "r" } 0
t "" 2 "y" { 3, 4 }
t "" 3 "z" { 5, 6 }
"""


def test_the_good_game_loads() -> None:
    assert dt.evaluate(dt.from_efg(GOOD)).value == {"A": 5, "B": 6}


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'p "" 2 1 "" { "l" "r" } 0',
            'p "" 1 1 "" { "l" "r" } 0',
            "g.efg:5: information set 1 of player 1 also holds the node on line 3: only games of perfect information can be read",
        ),
        ("EFG 2 R", "NFG 1 R", "g.efg:1: not a Gambit extensive-form file: it must start with 'EFG 2 R'"),
        ('p "" 2 1', 'p "" 3 1', "g.efg:5: player 3 does not exist (there are 2)"),
        ('t "" 3 "z" { 5, 6 }\n', "", "g.efg:6: the file ends before all children of the node on line 5"),
        ('t "" 1 "x" { 1, 2 }', 't "" 1', "g.efg:4: outcome 1 is used before its payoffs are given"),
        ('p "" 2 1 "" { "l" "r" } 0', 'p "" 2 1 "" { "l" "l" } 0', "g.efg:5: two actions are labelled 'l'"),
        ("{ 3, 4 }", "{ 3 }", "g.efg:6: 1 payoffs for 2 players"),
        ("{ 5, 6 }", "{ 5, 6 } }", "g.efg:7: text after the end of the game tree"),
        ("{ 5, 6 }", "{ 5, 6/0 }", "g.efg:7: '6/0' is not a usable number ('6/0' divides by zero)"),
        (
            "{ 5, 6 }",
            "{ 5, 1e999999999 }",
            "g.efg:7: '1e999999999' is not a usable number (1e+999999999 has more than 1,000 digits)",
        ),
        (
            't "" 3 "z" { 5, 6 }',
            't "" 3 "z" { 5, 6 }\nt "" 4 "w" { 0, 0 }',
            "g.efg:8: text after the end of the game tree",
        ),
        (
            'p "" 1 1 "" { "l" "r" } 0',
            'c "" 1 "" { "l" 1/2 "r" 1/3 } 0',
            "g.efg:3: tree (root): probabilities sum to 0.8333333333, not 1",
        ),
        ('t "" 1 "x"', 't "" 1 @ "x"', "g.efg:4: unexpected text '@ \"x\" { 1,'"),
    ],
)
def test_import_errors_give_the_line(old: str, new: str, expected: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    with pytest.raises(FileFormatError) as caught:
        dt.from_efg(text, name="g.efg")
    assert str(caught.value) == expected


def test_load_reads_efg_files(tmp_path: Path) -> None:
    path = tmp_path / "game.efg"
    path.write_text(GOOD, encoding="utf-8")
    assert dt.load(path) == dt.from_efg(GOOD)


def test_probabilities_written_as_floats_make_an_exact_distribution() -> None:
    """Found by the oracle property: 1/3 and 2/3 written as floats sum to 0.9999999999999999, and
    their EFG text did not read back ("probabilities sum to ..., not 1"); Gambit needs an exact
    distribution, so they are divided by their sum: 1/3 and 2/3 again."""
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("A", payoff=3), probability=1 / 3),
                dt.Branch("b", dt.Terminal("B"), probability=2 / 3),
            ],
        )
    )
    text = dt.to_efg(tree)
    assert '{ "a" 1/3 "b" 2/3 }' in text
    assert dt.evaluate(dt.from_efg(text), exact=True).value == 1
