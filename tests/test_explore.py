"""dt.explore: a slider per parameter that re-evaluates the tree and redraws it (ipywidgets)."""

from __future__ import annotations

import sys

import pytest
from shared_trees import summit

import decisiontree as dt

pytest.importorskip("ipywidgets")


def test_sliders_span_the_ranges_and_redraw_the_tree() -> None:
    explorer = dt.explore(summit())
    hold = explorer.sliders["p_hold"]
    assert (hold.min, hold.max, hold.value) == (0.4, 0.8, 0.6)
    assert hold.tooltip == "P(ceasefire holds)"
    assert list(explorer.sliders) == ["p_hold", "troop_cost"]
    assert explorer.result.choice("Paris summit") == "Deploy force"
    assert "<strong>Value:</strong> 20" in explorer.summary.value
    assert explorer.picture.value.startswith("<?xml")
    before = explorer.picture.value
    hold.value = 0.4  # deploying is worth 150 * 0.4 - 70 = -10
    assert explorer.values == {"p_hold": 0.4, "troop_cost": 20.0}
    assert explorer.result.choice("Paris summit") == "Stay out"
    assert "<strong>Value:</strong> 0" in explorer.summary.value
    assert explorer.picture.value != before
    explorer._reset()
    assert explorer.result.choice("Paris summit") == "Deploy force"
    assert "application/vnd.jupyter.widget-view+json" in explorer._repr_mimebundle_()


def test_chosen_parameters_start_values_and_fixed_ones() -> None:
    explorer = dt.explore(summit(), parameters=["troop_cost"], values={"p_hold": 0.5})
    assert list(explorer.sliders) == ["troop_cost"]
    assert explorer.values == {"p_hold": 0.5, "troop_cost": 20.0}
    assert explorer.result.value == pytest.approx(150 * 0.5 - 70)
    with pytest.raises(dt.ArgumentError, match="no range"):
        dt.explore(dt.Tree(summit().root, [*summit().parameters[:1], dt.Parameter("troop_cost", 20)]),
                   parameters=["troop_cost"])  # fmt: skip
    with pytest.raises(dt.NotFoundError, match="did you mean"):
        dt.explore(summit(), parameters=["p_hodl"])
    with pytest.raises(dt.ArgumentError, match="parameters must be a sequence"):
        dt.explore(summit(), parameters=5)  # type: ignore[arg-type]


def test_a_tree_without_ranges_shows_a_note() -> None:
    tree = dt.Tree(summit().root, [dt.Parameter("p_hold", 0.6), dt.Parameter("troop_cost", 20)])
    explorer = dt.explore(tree)
    assert explorer.sliders == {}
    assert "nothing to vary" in explorer.widget.children[0].children[0].children[0].value


def test_without_ipywidgets_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(dt.MissingDependencyError, match="notebook"):
        dt.explore(summit())
