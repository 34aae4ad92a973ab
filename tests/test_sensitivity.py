"""one_way, two_way and tornado: agreement with evaluate, sorting, records and frames, bad input."""

from __future__ import annotations

import math
import sys
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from paris_summit import paris_summit

import decisiontree as dt
from decisiontree.analysis.sweep import sweep


def option_values(tree, values=None, **options):
    found = sweep(tree, values, **options)
    return found.labels, found.values


gain = dt.Parameter("gain", 10, low=5, high=20)
cost = dt.Parameter("cost", 5, low=4, high=6)
fee = dt.Parameter("fee", 1)


def simple_tree() -> dt.Tree:
    return dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("build", dt.Terminal("B", payoff=gain - cost - fee)),
                dt.Branch("wait", dt.Terminal("W", payoff=cost)),
            ],
        ),
        parameters=[gain, cost, fee],
    )


def test_one_way_rows_agree_with_evaluate() -> None:
    tree = simple_tree()
    table = dt.one_way(tree, "gain", [5, 8, 12, 20])
    assert len(table) == 4
    for row in table:
        result = dt.evaluate(tree, {"gain": row.parameter_value})
        assert row.values == pytest.approx(result.option_values())
        assert row.optimal == result.choice("d")
        assert row.value == pytest.approx(result.value)
    assert [r.optimal for r in table] == ["wait", "wait", "build", "build"]


def test_one_way_defaults_to_the_range() -> None:
    table = dt.one_way(simple_tree(), gain, points=4)
    assert table.parameter_values.tolist() == [5, 10, 15, 20]
    assert table[0].parameter_value == 5


def test_one_way_switch_points_are_exact() -> None:
    assert dt.one_way(simple_tree(), "gain").switch_points() == [11]


def test_two_way_grid_agrees_with_evaluate() -> None:
    tree = simple_tree()
    grid = dt.two_way(tree, "gain", [5, 12, 20], "cost", [4, 6])
    assert grid.choice.shape == (3, 2)
    assert len(grid) == 6
    for cell in grid:
        g, c = cell.parameter_values
        result = dt.evaluate(tree, {"gain": g, "cost": c})
        assert cell.optimal == result.choice("d")
        assert cell.value == pytest.approx(result.value)
        assert cell.values == pytest.approx(result.option_values())
    assert grid.optimal.tolist() == [["wait", "wait"], ["build", "wait"], ["build", "build"]]


@pytest.mark.parametrize("variant", ["decision", "chance"])
def test_tornado_is_sorted_and_matches_one_way_at_the_ends(variant: str) -> None:
    tree = paris_summit(variant)
    bars = dt.tornado(tree)
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True)
    assert bars.skipped == ()
    base = dt.evaluate(tree)
    assert bars.base_value == pytest.approx(base.value["Europe"])
    assert bars.base_optimal == base.choice("Paris summit")
    for bar in list(bars)[:8]:
        ends = dt.one_way(tree, bar.parameter, [bar.low, bar.high])
        assert [bar.value_low, bar.value_high] == pytest.approx(ends.value.tolist())
        assert bar.swing == pytest.approx(abs(bar.value_high - bar.value_low))
        assert bar.changes_choice == bool(dt.thresholds(tree, bar.parameter))


def test_tornado_skips_parameters_without_a_range() -> None:
    bars = dt.tornado(simple_tree())
    assert [b.parameter for b in bars] == ["gain", "cost"]
    assert bars.skipped == ("fee",)
    assert bars[0].changes_choice
    only = dt.tornado(simple_tree(), parameters=[cost])
    assert [b.parameter for b in only] == ["cost"]


@pytest.mark.parametrize("alone", ["cost", cost], ids=["name", "Parameter"])
def test_tornado_wants_a_sequence_of_parameters_not_one(alone: object) -> None:
    with pytest.raises(dt.ArgumentError, match="parameters must be a sequence of names or Parameters"):
        dt.tornado(simple_tree(), parameters=alone)  # type: ignore[arg-type]


def test_mapping_trees_show_the_deciding_owners_component() -> None:
    tree = paris_summit("decision")
    # Below the root, the US decides: its own component is shown.
    table = dt.one_way(tree, "us_leverage", [5, 20], decision=("Spend only",))
    for row in table:
        result = dt.evaluate(tree, {"us_leverage": row.parameter_value})
        # option values at the US decision, its branch payoffs included, in the US's component
        expected = {k: v["US"] for k, v in result.option_values(("Spend only",)).items()}
        assert row.values == pytest.approx(expected)
        assert row.optimal == result.policy[("Spend only",)]


def test_objective_for_unowned_decisions() -> None:
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("a", dt.Terminal("A", payoff={"me": gain, "you": 0})),
                dt.Branch("b", dt.Terminal("B", payoff={"me": 0, "you": 12})),
            ],
        ),
        parameters=[gain],
    )
    with pytest.raises(dt.ArgumentError, match="objective"):
        dt.one_way(tree, "gain")
    table = dt.one_way(tree, "gain", [5, 20], objective={"me": 1, "you": 1})
    assert [r.optimal for r in table] == ["b", "a"]
    assert dt.thresholds(tree, "gain", objective={"me": 1, "you": 1}) == [12]


def test_option_values_helper_is_vectorised() -> None:
    labels, values = option_values(simple_tree(), {"gain": np.array([5.0, 20.0])})
    assert labels == ("build", "wait")
    assert values.tolist() == [[-1.0, 14.0], [5.0, 5.0]]


def test_frames() -> None:
    tree = simple_tree()
    frame = dt.one_way(tree, "gain", [5, 20]).to_frame()
    assert list(frame.columns) == ["gain", "build", "wait", "optimal", "value"]
    assert list(frame["optimal"]) == ["wait", "build"]
    grid = dt.two_way(tree, "gain", [5, 20], "cost", [4, 6]).to_frame()
    assert list(grid.columns) == ["gain", "cost", "build", "wait", "optimal", "value"]
    assert len(grid) == 4
    bars = dt.tornado(tree).to_frame()
    assert list(bars["parameter"]) == ["gain", "cost"]


def test_without_pandas_tables_still_iterate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    table = dt.one_way(simple_tree(), "gain", [5, 20])
    assert [r.optimal for r in table] == ["wait", "build"]
    with pytest.raises(dt.DecisionTreeError, match="pandas"):
        table.to_frame()


def test_bad_input_is_an_argument_error() -> None:
    tree = simple_tree()
    with pytest.raises(dt.NotFoundError, match="did you mean 'gain'"):
        dt.one_way(tree, "gian")
    with pytest.raises(dt.ArgumentError, match="no range"):
        dt.one_way(tree, "fee")
    with pytest.raises(dt.ArgumentError, match="values: item 0 must be a finite number, got 'a'"):
        dt.one_way(tree, "gain", ["a", "b"])
    with pytest.raises(dt.ArgumentError, match="values must be a sequence of numbers, got '5'"):
        dt.one_way(tree, "gain", "5")
    with pytest.raises(dt.ArgumentError, match="values: item 1 must be a finite number, got nan"):
        dt.one_way(tree, "gain", [1, float("nan")])
    with pytest.raises(dt.ArgumentError, match="values must be finite numbers, got inf"):
        dt.one_way(tree, "gain", np.array([1, np.inf]))
    with pytest.raises(dt.ArgumentError, match="values: item 0 must be a finite number, got True"):
        dt.one_way(tree, "gain", [True, False])  # not 1 and 0: a flag is not a number here either
    with pytest.raises(dt.ArgumentError, match="values must be a sequence of numbers, got {1, 2}"):
        dt.one_way(tree, "gain", {1, 2})  # no order
    # every number the library takes alone, text such as "3/8" too, is taken in a sequence
    swept = dt.one_way(tree, "gain", ["3/8", Fraction(1, 2), Decimal("0.75"), np.float32(1), 2])
    assert swept.parameter_values.tolist() == [0.375, 0.5, 0.75, 1.0, 2.0]
    with pytest.raises(dt.ArgumentError, match="different"):
        dt.two_way(tree, "gain", [1], gain, [2])
    with pytest.raises(dt.ArgumentError, match="two parameters"):
        dt.two_way(tree, "gain", [1])
    with pytest.raises(dt.ArgumentError, match="not a decision"):
        dt.tornado(tree, decision=("build",))
    with pytest.raises(dt.NotFoundError, match="unknown branch 'nope'"):
        dt.tornado(tree, decision=("nope",))
    with pytest.raises(dt.ArgumentError, match="parameter"):
        dt.one_way(tree, 3)  # type: ignore[arg-type]
    with pytest.raises(dt.DecisionTreeError, match="needs a Tree"):
        dt.tornado("tree")  # type: ignore[arg-type]


def test_big_sweeps_are_chunked() -> None:
    # Enough columns to need several chunks on a tree with many nodes.
    p = dt.Parameter("p", 0.5, low=0, high=1)
    branches = [
        dt.Branch(
            f"o{k}",
            dt.Chance(
                "c",
                [
                    dt.Branch("h", dt.Terminal("H", payoff=k), probability=p),
                    dt.Branch("t", dt.Terminal("T", payoff=-k), probability=dt.COMPLEMENT),
                ],
            ),
        )
        for k in range(400)
    ]
    tree = dt.Tree(dt.Decision("d", branches), parameters=[p])
    xs = np.linspace(0, 1, 5001)
    table = dt.one_way(tree, "p", xs)
    assert table.value == pytest.approx(np.maximum(0, 399 * (2 * xs - 1)))


def test_reprs_show_numbers_without_float_noise() -> None:
    """Records keep their exact floats; their reprs show them as people read them."""
    g = dt.Parameter("gain", 0.2, low=0.1, high=0.7)
    h = dt.Parameter("other", 1, low=0, high=2)
    tree = dt.Tree(
        dt.Decision("d", [dt.Branch("a", dt.Terminal("A", payoff=g * 3)), dt.Branch("b", dt.Terminal("B"))]),
        [g, h],
    )
    bar = next(iter(dt.tornado(tree)))
    assert bar.value_low == 0.1 * 3 != 0.3  # the float itself is unchanged
    assert "value_low=0.3," in repr(bar) and "swing=1.8," in repr(bar)
    row = next(iter(dt.one_way(tree, "gain", [0.1])))
    assert repr(row) == "OneWayRow(parameter_value=0.1, values={'a': 0.3, 'b': 0}, optimal='a', value=0.3)"
    cell = next(iter(dt.two_way(tree, "gain", [0.1], "other", [1])))
    assert "values={'a': 0.3, 'b': 0}" in repr(cell)
    assert "0000" not in repr(dt.tornado(tree)) + repr(dt.evaluate(tree, {"gain": 0.1}).scenarios)


def test_sweeps_of_one_parameter_after_another_recompute_the_complements_beside_it() -> None:
    """A sweep works out again only the COMPLEMENTs beside the swept parameter's probabilities; those
    beside another parameter's keep their numbers until that one is swept (same workspace)."""
    p = dt.Parameter("p", 0.3, low=0.1, high=0.6)
    q = dt.Parameter("q", 0.2, low=0.1, high=0.3)

    def chance(name: str, x: dt.Parameter, below: list[float]) -> dt.Chance:
        rest = [(1 - x) / 3, (1 - x) / 3, dt.COMPLEMENT]
        return dt.Chance(
            name,
            [
                dt.Branch(f"{name}{k}", dt.Terminal(f"t{k}", payoff=v), probability=w)
                for k, (v, w) in enumerate(zip(below, [x, *rest], strict=True))
            ],
        )

    halves = dt.Chance(  # beside formulas of p other than p itself
        "S",
        [
            dt.Branch("s0", dt.Terminal("s0", payoff=50), probability=p / 2),
            dt.Branch("s1", dt.Terminal("s1", payoff=-10), probability=p / 4),
            dt.Branch("s2", dt.Terminal("s2", payoff=8), probability=dt.COMPLEMENT),
        ],
    )
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("by p", chance("P", p, [10, -5, 3, 40])),
                dt.Branch("by q", chance("Q", q, [30, 0, -20, 12])),
                dt.Branch("both", chance("R", p, [5, 25, 0, 1]), payoff=-1),
                dt.Branch("halves", halves),
            ],
        ),
        [p, q],
    )
    xs = [0.15, 0.25, 0.35, 0.45]
    for name in ("p", "q", "p", "q"):
        swept = dt.one_way(tree, name, [x if name == "p" else x / 2 for x in xs])
        for value, got in zip(swept.parameter_values.tolist(), swept.value.tolist(), strict=True):
            assert math.isclose(got, dt.evaluate(tree, {name: value}).value, rel_tol=1e-12), (name, value)


def test_sweep_values_may_be_any_array_numpy_reads() -> None:
    """A pandas Series (anything with ``__array__``) is read as numpy reads it, item by item where
    it holds other things than numbers."""
    pd = pytest.importorskip("pandas")
    tree = simple_tree()
    swept = dt.one_way(tree, "gain", pd.Series([1.0, 2.5, 4.0]))
    assert swept.parameter_values.tolist() == [1.0, 2.5, 4.0]
    assert dt.one_way(tree, "gain", pd.Series(["3/8", 2])).parameter_values.tolist() == [0.375, 2.0]
    with pytest.raises(dt.ArgumentError, match="values: item 0 must be a finite number"):
        dt.one_way(tree, "gain", pd.Series([True, False]))
    one = np.array(Fraction(1, 4), dtype=object)  # one number in an array of no dimension
    assert dt.one_way(tree, "gain", one).parameter_values.tolist() == [0.25]
    for wrong in (np.zeros(0), np.ones((2, 2)), np.array("3/8")):
        with pytest.raises(
            dt.ArgumentError, match="must be one number or a non-empty 1-D|sequence of numbers"
        ):
            dt.one_way(tree, "gain", wrong)
