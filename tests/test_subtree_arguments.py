"""Subtrees with arguments in model files: ``{ref: name, with: {argument: formula}}``.

A subtree written once under ``subtrees`` is used wherever a node goes; the
arguments of a reference replace names in every formula of that use of it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
import sympy

import decisiontree as dt

GAMBLE = """
parameters:
  p: {value: 0.4, low: 0, high: 0.5}
  cost: 5
tree:
  kind: decision
  name: Choose
  branches:
  - label: low odds
    node: {ref: gamble, with: {q: p/2}}
  - label: high odds
    payoff: -cost
    node: {ref: gamble, with: {q: p + 0.5}}
  - label: sure
    node: {kind: terminal, name: sure, payoff: 8}
subtrees:
  gamble:
    kind: chance
    name: Gamble
    branches:
    - {label: win, probability: q, node: {kind: terminal, name: won, payoff: 20}}
    - {label: lose, probability: '#', node: {kind: terminal, name: lost}}
"""


def value_of(text: str, **values: Any) -> Any:
    return dt.evaluate(dt.loads(text), values, exact=True).value


def test_each_reference_gets_its_own_arguments() -> None:
    """Low odds: 20 * 0.2 = 4; high odds: 20 * 0.9 - 5 = 13; sure 8."""
    tree = dt.loads(GAMBLE)
    low, high = tree.node_at(("low odds",)), tree.node_at(("high odds",))
    assert low is not high
    assert str(low.branches[0].probability) == "p/2"
    assert str(high.branches[0].probability) == "p + 0.5"
    assert low.branches[1].probability is dt.COMPLEMENT
    result = dt.evaluate(tree, exact=True)
    assert result.option_values() == {"low odds": 4, "high odds": 13, "sure": 8}
    at = dt.evaluate(tree, {"p": 0.1}, exact=True).option_values()
    assert at == {"low odds": 1, "high odds": 7, "sure": 8}
    assert dt.thresholds(tree, "p") == [sympy.Rational(3, 20)]  # 20 (p + 0.5) - 5 = 8


def test_arguments_may_be_numbers_given_exactly() -> None:
    text = GAMBLE.replace("{q: p/2}", "{q: 0.1}").replace("{q: p + 0.5}", "{q: '3/8'}")
    tree = dt.loads(text)
    assert tree.node_at(("low odds",)).branches[0].probability == Fraction(1, 10)
    assert tree.node_at(("high odds",)).branches[0].probability == Fraction(3, 8)
    assert dt.evaluate(tree, exact=True).option_values()["high odds"] == sympy.Rational(5, 2)  # 7.5 - 5


def test_arguments_reach_payoffs_branch_payoffs_and_per_actor_payoffs() -> None:
    text = """
parameters:
  base: 10
tree:
  kind: decision
  name: D
  owner: A
  branches:
  - {label: one, node: {ref: deal, with: {gain: base, fee: 1}}}
  - {label: two, node: {ref: deal, with: {gain: base*3, fee: 25}}}
subtrees:
  deal:
    kind: chance
    name: Deal
    branches:
    - label: done
      probability: 0.5
      payoff: {A: -fee, B: fee}
      node: {kind: terminal, name: done, payoff: {A: gain, B: gain/2}}
    - label: failed
      probability: '#'
      node: {kind: terminal, name: failed, payoff: {A: 0, B: 0}}
"""
    result = dt.evaluate(dt.loads(text), exact=True)
    # one: A 0.5 * (10 - 1) = 4.5; two: A 0.5 * (30 - 25) = 2.5: A takes one, B gets 0.5 * (1 + 5)
    assert result.option_values() == {
        "one": {"A": sympy.Rational(9, 2), "B": 3},
        "two": {"A": sympy.Rational(5, 2), "B": 20},
    }
    assert result.policy[()] == "one"


def test_arguments_nest_and_inner_ones_win() -> None:
    """The outer argument reaches the inner subtree, through the inner arguments too."""
    text = """
parameters:
  p: 0.5
tree:
  kind: decision
  name: Top
  branches:
  - {label: a, node: {ref: outer, with: {scale: 2}}}
  - {label: b, node: {ref: outer, with: {scale: 3}}}
subtrees:
  outer:
    kind: decision
    name: Outer
    branches:
    - {label: plain, node: {ref: leaf, with: {x: scale*10}}}
    - {label: shadowed, node: {ref: leaf, with: {x: 1, scale: 100}}}
  leaf:
    kind: chance
    name: Leaf
    branches:
    - {label: hit, probability: p, node: {kind: terminal, name: hit, payoff: x + scale}}
    - {label: miss, probability: '#', node: {kind: terminal, name: miss}}
"""
    result = dt.evaluate(dt.loads(text), exact=True)
    # a: plain 0.5 * (20 + 2) = 11, shadowed 0.5 * (1 + 100) = 50.5; b: plain 0.5 * 33 = 16.5
    assert result.option_values(("a",)) == {"plain": 11, "shadowed": sympy.Rational(101, 2)}
    assert result.option_values(("b",)) == {
        "plain": sympy.Rational(33, 2),
        "shadowed": sympy.Rational(101, 2),
    }


def test_an_argument_may_replace_a_declared_parameter() -> None:
    """The reader's own example: the subtree is written with the prior, each use gets a posterior."""
    text = """
parameters:
  p_strong: {value: 0.4, low: 0, high: 1}
  p_strong_given_favourable: 0.64
tree:
  kind: decision
  name: Test?
  branches:
  - {label: after a favourable test, node: {ref: launch, with: {p_strong: p_strong_given_favourable}}}
  - {label: without, node: {ref: launch}}
subtrees:
  launch:
    kind: chance
    name: Market
    branches:
    - {label: strong, probability: p_strong, node: {kind: terminal, name: s, payoff: 120}}
    - {label: weak, probability: '#', node: {kind: terminal, name: w, payoff: -60}}
"""
    result = dt.evaluate(dt.loads(text), exact=True)
    assert result.option_values() == {"after a favourable test": sympy.Rational(276, 5), "without": 12}


def test_the_same_arguments_give_one_shared_node() -> None:
    text = GAMBLE.replace("{q: p + 0.5}", "{q: 'p/2'}")
    tree = dt.loads(text)
    assert tree.node_at(("low odds",)) is tree.node_at(("high odds",))
    assert tree.flat.size == 5  # the decision, one gamble and its two terminals, the sure terminal


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_a_model_with_arguments_round_trips(form: str) -> None:
    """Written back, each use is its own node (formulas differ): the tree and its numbers are kept."""
    tree = dt.loads(GAMBLE)
    back = dt.loads(dt.dumps(tree, format=form), format=form)
    assert back == tree
    assert dt.evaluate(back, exact=True).value == dt.evaluate(tree, exact=True).value == 13
    assert "with" not in dt.to_dict(tree)["tree"]["branches"][0]["node"]


def test_json_files_take_arguments_too() -> None:
    import json

    import yaml

    data = yaml.safe_load(GAMBLE)
    assert dt.loads(json.dumps(data), format="json") == dt.loads(GAMBLE)


# --------------------------------------------------------------------------- errors


def load_error(text: str) -> str:
    with pytest.raises(dt.FileFormatError) as caught:
        dt.loads(text)
    return str(caught.value)


def test_an_argument_no_formula_uses_is_an_error_with_a_suggestion() -> None:
    """A misspelt argument would silently leave the subtree on the value it was meant to replace."""
    text = GAMBLE.replace("{q: p + 0.5}", "{qq: p + 0.5}")
    with pytest.raises(dt.FileFormatError) as caught:
        dt.loads(text)
    message = str(caught.value)
    assert "argument 'qq' of the reference to subtree 'gamble' is not used by any formula in it" in message
    assert "did you mean 'q'?" in message
    assert caught.value.line == 13
    assert caught.value.path == ("high odds",)


def test_an_argument_shadowed_everywhere_is_unused() -> None:
    text = """
tree:
  kind: decision
  name: D
  branches:
  - {label: a, node: {ref: outer, with: {x: 1}}}
subtrees:
  outer:
    kind: decision
    name: O
    branches:
    - {label: b, node: {ref: leaf, with: {x: 2}}}
  leaf: {kind: terminal, name: T, payoff: x}
"""
    assert "argument 'x' of the reference to subtree 'outer' is not used" in load_error(text)


def test_a_name_left_without_an_argument_is_an_undeclared_parameter() -> None:
    text = GAMBLE.replace("node: {ref: gamble, with: {q: p/2}}", "node: {ref: gamble}")
    message = load_error(text)
    assert "unknown parameter 'q'" in message and 'tree > "low odds"' in message


def test_an_argument_naming_an_undeclared_parameter_is_an_error() -> None:
    message = load_error(GAMBLE.replace("{q: p/2}", "{q: pp/2}"))
    assert "unknown parameter 'pp'; did you mean 'p'?" in message


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        ("[q, 1]", "the arguments of a reference ('with') must be a mapping, got a list"),
        ("{q: [1, 2]}", "argument 'q' must be a number or a formula, got a list"),
        ("{q: {a: 1}}", "argument 'q' must be a number or a formula, got a mapping"),
        ("{q: true}", "argument 'q' must be a number or a formula, got true (a boolean)"),
        ("{q: null}", "argument 'q' must be a number or a formula, got nothing"),
        ("{q: .nan}", "argument 'q' must be a finite number, got nan"),
        ("{q: -.inf}", "argument 'q' must be a finite number, got -inf"),
        ("{1q: 0.5}", "argument '1q' is not an identifier"),
        ("{q: 'p +'}", "argument 'q': "),
        ("{q: 'p/0'}", "argument 'q': "),
    ],
)
def test_arguments_of_the_wrong_type_name_the_place(arguments: str, expected: str) -> None:
    text = GAMBLE.replace("{q: p/2}", arguments)
    with pytest.raises(dt.FileFormatError) as caught:
        dt.loads(text)
    assert expected in str(caught.value)
    assert caught.value.line is not None


def test_a_reference_has_only_ref_and_with() -> None:
    message = load_error(GAMBLE.replace("{ref: gamble, with: {q: p/2}}", "{ref: gamble, width: {q: p/2}}"))
    assert "unknown key 'width' in a reference" in message and "did you mean 'with'?" in message


def test_huge_integers_in_plain_data_are_refused_by_name() -> None:
    """Plain data (``from_dict``) may hold integers beyond Python's 4,300-digit text limit."""
    import yaml

    data = yaml.safe_load(GAMBLE)
    data["tree"]["branches"][0]["node"]["with"]["q"] = 10**5000
    with pytest.raises(dt.FileFormatError, match="argument 'q': a number with more than 1,000 digits"):
        dt.from_dict(data)
    data = yaml.safe_load(GAMBLE)
    data["tree"]["branches"][0]["label"] = 10**5000
    with pytest.raises(dt.FileFormatError, match="label must be text, got the number 1000000"):
        dt.from_dict(data)
