"""The model and its validation: one failing model per rule, each naming its path."""

from __future__ import annotations

import math
import sys
from fractions import Fraction

import attrs
import numpy as np
import pytest
import sympy

import decisiontree as dt


def leaf(name: str = "t", payoff: object = 0) -> dt.Terminal:
    return dt.Terminal(name, payoff=payoff)


def coin(p_heads: object = "1/2", p_tails: object = dt.COMPLEMENT) -> dt.Chance:
    return dt.Chance(
        "coin",
        [
            dt.Branch("heads", leaf("H", 1), probability=p_heads),
            dt.Branch("tails", leaf("T", 0), probability=p_tails),
        ],
    )


def nested(inner: dt.Chance | dt.Decision | dt.Terminal) -> dt.Decision:
    """``inner`` placed at the path ("go", "deeper")."""
    return dt.Decision(
        "root",
        [
            dt.Branch("go", dt.Decision("middle", [dt.Branch("deeper", inner), dt.Branch("out", leaf())])),
            dt.Branch("stay", leaf()),
        ],
    )


def error_of(build: object) -> dt.ModelError:
    with pytest.raises(dt.ModelError) as caught:
        build()  # type: ignore[operator]
    return caught.value


# --------------------------------------------------------------------------- construction


def test_nodes_are_frozen_and_hold_tuples() -> None:
    node = dt.Decision("d", [dt.Branch("a", leaf())])
    assert isinstance(node.branches, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        node.name = "x"  # type: ignore[misc]
    changed = attrs.evolve(node, name="e")
    assert changed.name == "e" and node.name == "d"


def test_values_keep_plain_numbers_and_parse_text() -> None:
    branch = dt.Branch("a", leaf(), probability="3/8", payoff="-2 * 5")
    assert branch.probability == Fraction(3, 8)
    assert branch.payoff == -10
    assert dt.Branch("b", leaf(), probability=0.25).probability == 0.25
    assert dt.Branch("c", leaf(), probability="#").probability is dt.COMPLEMENT


def test_parameter_arithmetic_gives_sympy_expressions() -> None:
    p = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8)
    assert 1 - p == 1 - sympy.Symbol("p_hold", real=True)
    assert p * 100 == 100 * p.symbol
    assert -p == -p.symbol
    assert p * 0.5 == p.symbol / 2  # floats mean their decimal value
    assert (p + p).free_symbols == {p.symbol}


def test_floats_mean_their_decimal_value() -> None:
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", leaf("A", 1), probability=0.1),
                dt.Branch("b", leaf("B", 2), probability=0.2),
                dt.Branch("c", leaf("C", 3), probability=0.7),
            ],
        )
    )
    result = dt.evaluate(tree, exact=True)
    assert sum(s.probability for s in result.scenarios) == 1
    assert result.value == sympy.Rational(26, 10)


def test_structural_equality_and_hash() -> None:
    a = dt.Tree(nested(coin()), name="x")
    b = dt.Tree(nested(coin()), name="x")
    assert a == b and hash(a) == hash(b)
    assert a != dt.Tree(nested(coin("1/3")), name="x")
    assert a.root != nested(coin(p_heads="1/3"))


def test_repr_reconstructs_small_trees() -> None:
    root = nested(coin())
    namespace = {name: getattr(dt, name) for name in dt.__all__}
    namespace["Fraction"] = Fraction
    assert eval(repr(root), namespace) == root  # noqa: S307 - trusted text written by the test


def test_tree_queries() -> None:
    tree = dt.Tree(nested(coin()))
    assert tree.size == 7
    assert tree.node_at(("go", "deeper")).name == "coin"
    assert [path for path, _ in tree.walk()][:3] == [(), ("go",), ("go", "deeper")]
    with pytest.raises(KeyError, match="nowhere"):
        tree.node_at(("nowhere",))


def test_parameters_are_checked() -> None:
    with pytest.raises(dt.ModelError, match="identifier"):
        dt.Parameter("not a name", 1)
    with pytest.raises(dt.ModelError, match="outside its range"):
        dt.Parameter("p", 2, low=0, high=1)
    with pytest.raises(dt.ModelError, match="above high"):
        dt.Parameter("p", 0.5, low=1, high=0)
    with pytest.raises(dt.ModelError, match="finite"):
        dt.Parameter("p", math.nan)
    p = dt.Parameter("p", 0.5)
    with pytest.raises(dt.ModelError, match="declared twice"):
        dt.Tree(leaf(), parameters=[p, p])


# --------------------------------------------------------------------------- validation rules


def test_no_branches() -> None:
    error = error_of(lambda: dt.Tree(nested(dt.Chance("empty", []))))
    assert error.path == ("go", "deeper")
    assert "no branches" in str(error) and '"go" > "deeper"' in str(error)


def test_duplicate_labels() -> None:
    inner = dt.Decision("d", [dt.Branch("same", leaf()), dt.Branch("same", leaf())])
    error = error_of(lambda: dt.Tree(nested(inner)))
    assert error.path == ("go", "deeper")
    assert "duplicate branch label 'same'" in str(error)


def test_probability_on_a_decision_branch() -> None:
    inner = dt.Decision("d", [dt.Branch("a", leaf(), probability=0.5), dt.Branch("b", leaf())])
    error = error_of(lambda: dt.Tree(nested(inner)))
    assert error.path == ("go", "deeper")
    assert "decision has a probability" in str(error)


def test_missing_probability_on_a_chance_branch() -> None:
    error = error_of(lambda: dt.Tree(nested(coin(p_tails=None))))
    assert error.path == ("go", "deeper")
    assert "'tails'" in str(error) and "needs a probability" in str(error)


@pytest.mark.parametrize("bad", [-0.1, 1.5, "3/2", Fraction(-1, 2)])
def test_probability_outside_unit_interval(bad: object) -> None:
    error = error_of(lambda: dt.Tree(nested(coin(p_heads=bad))))
    assert error.path == ("go", "deeper")
    assert "outside [0, 1]" in str(error)


def test_probabilities_must_sum_to_one_exactly_for_exact_inputs() -> None:
    error = error_of(lambda: dt.Tree(nested(coin("1/2", "1/3"))))
    assert error.path == ("go", "deeper")
    assert "sum to 0.8333333333" in str(error)
    # floats that only exist in binary are accepted within 1e-9
    third = 1 / 3
    chance = dt.Chance("c", [dt.Branch(str(k), leaf(str(k)), probability=third) for k in range(3)])
    assert dt.evaluate(dt.Tree(chance)).value == 0
    with pytest.raises(dt.ModelError, match="sum to 0.9"):
        dt.Tree(
            dt.Chance("c", [dt.Branch("a", leaf(), probability=0.5), dt.Branch("b", leaf(), probability=0.4)])
        )


def test_complement_rest_must_not_be_negative() -> None:
    chance = dt.Chance(
        "c",
        [
            dt.Branch("a", leaf(), probability=0.7),
            dt.Branch("b", leaf(), probability=0.6),
            dt.Branch("c", leaf(), probability=dt.COMPLEMENT),
        ],
    )
    error = error_of(lambda: dt.Tree(chance))
    assert error.path == () and "before the COMPLEMENT" in str(error)


def test_more_than_one_complement() -> None:
    error = error_of(lambda: dt.Tree(nested(coin(dt.COMPLEMENT, dt.COMPLEMENT))))
    assert error.path == ("go", "deeper")
    assert "more than one COMPLEMENT" in str(error)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_nan_and_infinite_numbers(bad: float) -> None:
    error = error_of(lambda: dt.Tree(nested(leaf("x", bad))))
    assert error.path == ("go", "deeper")
    assert "not a finite number" in str(error)
    branch_error = error_of(lambda: dt.Tree(nested(dt.Decision("d", [dt.Branch("a", leaf(), payoff=bad)]))))
    assert branch_error.path == ("go", "deeper")
    probability_error = error_of(lambda: dt.Tree(nested(coin(p_heads=bad))))
    assert probability_error.path == ("go", "deeper")


def test_undeclared_names_are_errors_with_a_suggestion() -> None:
    p = dt.Parameter("p_hold", 0.6, low=0, high=1)
    error = error_of(lambda: dt.Tree(nested(coin("p_hlod")), parameters=[p]))
    assert error.path == ("go", "deeper")
    assert "unknown parameter 'p_hlod'; did you mean 'p_hold'?" in str(error)
    payoff_error = error_of(lambda: dt.Tree(nested(leaf("x", "10 * gain")), parameters=[p]))
    assert payoff_error.path == ("go", "deeper") and "'gain'" in str(payoff_error)


def test_mapping_payoffs_must_share_keys() -> None:
    root = dt.Decision(
        "d",
        [
            dt.Branch("a", leaf("A", {"EU": 1, "US": 2})),
            dt.Branch("b", leaf("B", {"EU": 1, "RU": 2})),
        ],
    )
    error = error_of(lambda: dt.Tree(root))
    assert error.path == ("b",)
    assert "['EU', 'RU']" in str(error) and "['EU', 'US']" in str(error)


def test_scalar_payoff_in_a_mapping_tree() -> None:
    zero_ok = dt.Tree(
        dt.Decision("d", [dt.Branch("a", leaf("A", {"EU": 1})), dt.Branch("b", leaf("B", 0))], owner="EU")
    )
    assert dt.evaluate(zero_ok).value == {"EU": 1.0}
    root = dt.Decision("d", [dt.Branch("a", leaf("A", 5)), dt.Branch("b", leaf("B", {"EU": 1}))], owner="EU")
    error = error_of(lambda: dt.Tree(root))
    assert error.path == ("a",) and "scalar payoff" in str(error)


def test_owner_must_have_a_payoff() -> None:
    inner = dt.Decision(
        "d", [dt.Branch("a", leaf("A", {"EU": 1})), dt.Branch("b", leaf("B", {"EU": 2}))], owner="UK"
    )
    error = error_of(lambda: dt.Tree(dt.Decision("root", [dt.Branch("x", inner)], owner="EU")))
    assert error.path == ("x",) and "owner 'UK'" in str(error)


def test_objective_must_be_a_payoff_key() -> None:
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", leaf("A", {"EU": 1})), dt.Branch("b", leaf("B", {"EU": 2}))])
    )
    with pytest.raises(dt.NotFoundError, match="objective key 'US'"):
        dt.evaluate(tree, objective="US")
    with pytest.raises(dt.ArgumentError, match=r"decision at \(\) has no owner"):
        dt.evaluate(tree)
    with pytest.raises(dt.ArgumentError, match="plain numbers"):
        dt.evaluate(dt.Tree(leaf("x", 1)), objective="EU")


def test_bad_text_is_an_expression_error() -> None:
    with pytest.raises(dt.ExpressionError, match="not an allowed function"):
        dt.Branch("a", leaf(), payoff="__import__('os').getcwd()")
    with pytest.raises(dt.ExpressionError, match="syntax error"):
        dt.Terminal("t", payoff="1 +")
    assert issubclass(dt.ExpressionError, dt.ModelError)
    assert issubclass(dt.ModelError, ValueError) and issubclass(dt.ModelError, dt.DecisionTreeError)


def test_symbolic_probabilities_are_checked_when_values_are_known() -> None:
    p = dt.Parameter("p", 0.5, low=0, high=1)
    tree = dt.Tree(nested(coin(p, p)), parameters=[p])
    assert dt.evaluate(tree).value == 0.5
    with pytest.raises(dt.ModelError, match="sum to 1.2") as caught:
        dt.evaluate(tree, {"p": 0.6})
    assert caught.value.path == ("go", "deeper")
    with pytest.raises(dt.ModelError, match="sum to 1.2") as caught:
        dt.evaluate(tree, {"p": 0.6}, exact=True)
    assert caught.value.path == ("go", "deeper")


def test_complement_below_zero_with_values() -> None:
    p = dt.Parameter("p", 0.25, low=0, high=1)
    chance = dt.Chance(
        "c",
        [
            dt.Branch("a", leaf("A"), probability=p),
            dt.Branch("b", leaf("B"), probability=0.5),
            dt.Branch("c", leaf("C"), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(chance, parameters=[p])
    assert dt.evaluate(tree).scenarios[2].probability == 0.25
    with pytest.raises(dt.ModelError, match="COMPLEMENT of 'c' is -0.2"):
        dt.evaluate(tree, {"p": 0.7})


def test_things_that_are_not_nodes_or_branches() -> None:
    error = error_of(lambda: dt.Tree(dt.Decision("d", [dt.Branch("a", "not a node")])))  # type: ignore[arg-type]
    assert error.path == ("a",) and "not a node" in str(error)
    error = error_of(lambda: dt.Tree(dt.Decision("d", ["not a branch"])))  # type: ignore[list-item]
    assert error.path == () and "not a Branch" in str(error)
    second = [dt.Branch("a", dt.Terminal("A")), 7, dt.Branch("c", dt.Terminal("C"))]
    error = error_of(lambda: dt.Tree(dt.Decision("d", second)))  # type: ignore[list-item]
    assert error.path == () and "branch 1 is a int, not a Branch" in str(error)
    with pytest.raises(dt.ModelError, match="text"):
        dt.Terminal(3)  # type: ignore[arg-type]
    with pytest.raises(dt.ModelError, match="must be a number"):
        dt.Terminal("t", payoff=[1, 2])
    with pytest.raises(dt.ModelError, match="must be a number"):
        dt.Terminal("t", payoff=True)
    with pytest.raises(dt.ModelError, match="sequence of Branch"):
        dt.Decision("d", "ab")  # type: ignore[arg-type]


def test_values_override_and_unknown_names() -> None:
    p = dt.Parameter("p", 0.5, low=0, high=1)
    tree = dt.Tree(coin(p), parameters=[p])
    assert dt.evaluate(tree, {"p": 0.25}).value == 0.25
    assert dt.evaluate(tree, {p: 0.75}).value == 0.75
    with pytest.raises(dt.NotFoundError, match="did you mean 'p'"):
        dt.evaluate(tree, {"pp": 0.3})
    with pytest.raises(dt.ArgumentError, match="not a number"):
        dt.evaluate(tree, {"p": "half"})
    with pytest.raises(dt.ArgumentError, match="not finite"):
        dt.evaluate(tree, {"p": math.nan})


def test_a_parameter_name_is_at_most_a_thousand_characters() -> None:
    """A tree whose formulas name a 100,000-character parameter could be built but not read back from
    its own file (an expression is at most 10,000 characters): names are capped far below that."""
    long = dt.Parameter("x" * 1_000, 0.5)
    tree = dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=long * 2))]), [long])
    assert dt.loads(dt.dumps(tree)) == tree
    with pytest.raises(dt.ModelError, match="a name is at most 1,000 characters, got 100,000"):
        dt.Parameter("x" * 100_000, 0.5)
    with pytest.raises(dt.DecisionTreeError, match="a name is at most 1,000 characters"):
        dt.loads("parameters:\n  " + "y" * 1_001 + ": 1\ntree: {kind: terminal, name: t}\n")


def test_payoffs_read_a_mapping_only() -> None:
    assert dict(dt.Payoffs({"EU": 1, "US": "2/3"})) == {"EU": 1, "US": Fraction(2, 3)}
    for bad in (1, "EU", [("EU", 1)], np.array([1.0]), object()):
        with pytest.raises(dt.ModelError, match="payoffs map actor or criterion names to numbers"):
            dt.Payoffs(bad)  # type: ignore[arg-type]


def test_without_reference_counts_the_scan_looks_every_node_up_and_finds_the_same_tree(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where references are not counted (an interpreter other than CPython), the validation pass
    remembers every node it meets: the same flat tree, shared nodes and shared branches found."""
    from decisiontree import model

    p = dt.Parameter("p", 0.3)
    end = dt.Terminal("end", payoff={"A": 1, "B": 2})
    twice = dt.Branch("again", end)  # one branch object under two decisions
    chance = dt.Chance(
        "c", [dt.Branch("x", end, probability=p), dt.Branch("y", dt.Terminal("y"), probability=dt.COMPLEMENT)]
    )
    roots = [
        dt.Decision(
            "shared node", [dt.Branch("a", chance, payoff={"A": -1, "B": 0}), dt.Branch("b", chance)]
        ),
        dt.Decision(
            "shared branch",
            [dt.Branch("d", dt.Decision("d", [twice])), dt.Branch("e", dt.Decision("e", [twice]))],
        ),
        dt.Decision(
            "no sharing", [dt.Branch("a", dt.Terminal("t", payoff={"A": 0, "B": 1})), dt.Branch("b", chance)]
        ),
    ]
    counted = [dt.Tree(root, [p]).flat for root in roots]
    monkeypatch.delattr(sys, "getrefcount")
    monkeypatch.setattr(model, "_SINGLY_HELD", (-1, -1))
    for root, expected in zip(roots, counted, strict=True):
        found = dt.Tree(root, [p]).flat
        assert found.size == expected.size and found.shared == expected.shared
        for column in ("kind", "start", "child", "probability", "payoff", "own", "slots", "complements"):
            assert np.array_equal(getattr(found, column), getattr(expected, column), equal_nan=True), column
    assert [flat.shared for flat in counted] == [True, True, False]
