"""Sensitivity plots: files written and non-empty; the documentation's pictures come from the example."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from paris_summit import paris_summit

import decisiontree as dt

plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _saved(ax: object, path: Path) -> Path:
    ax.figure.savefig(path)  # type: ignore[attr-defined]
    return path


def test_tornado_plot(tmp_path: Path) -> None:
    bars = dt.tornado(paris_summit("decision"))
    ax = dt.plot_tornado(bars, top=6)
    assert len(ax.get_yticklabels()) == 6
    assert _saved(ax, tmp_path / "tornado.png").stat().st_size > 5_000


def test_one_way_plot_marks_switch_points(tmp_path: Path) -> None:
    tree = paris_summit("decision")
    ax = dt.plot_one_way(dt.one_way(tree, "force_cost"))
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert [line.get_xdata()[0] for line in dashed] == [28.5]
    assert _saved(ax, tmp_path / "one_way.png").stat().st_size > 5_000


def test_strategy_region_plot_on_given_axes(tmp_path: Path) -> None:
    _, given = plt.subplots()
    grid = dt.two_way(paris_summit("chance"), "p_accept_force", None, "force_cost", None, points=21)
    ax = dt.plot_strategy_region(grid, ax=given)
    assert ax is given
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "base case" in legend
    assert _saved(ax, tmp_path / "region.png").stat().st_size > 5_000


def test_missing_matplotlib_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(dt.DecisionTreeError, match="matplotlib"):
        dt.plot_tornado(dt.tornado(paris_summit("chance")))


def test_documentation_pictures_are_made_by_the_example(tmp_path: Path) -> None:
    from paris_sensitivity import sensitivity_pictures

    written = sensitivity_pictures(tmp_path)
    assert [p.name for p in written] == ["tornado.png", "strategy_region.png"]
    assert all(p.stat().st_size > 10_000 for p in written)


def test_example_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from paris_sensitivity import main

    main(tmp_path)
    out = capsys.readouterr().out
    assert "force_cost      switches at 57/2 (= 28.5) [exact]" in out
    assert "deterrence      switches at 67/280" in out
    assert (tmp_path / "tornado.png").exists()


def _overlaps(box: object, others: list[object]) -> bool:
    return any(box.overlaps(other) for other in others)  # type: ignore[attr-defined]


def test_tornado_labels_with_descriptions_and_keeps_the_legend_off_the_bars() -> None:
    tree = paris_summit("chance")
    ax = dt.plot_tornado(dt.tornado(tree), top=9)
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0].startswith("P(ceasefire holds), no force")  # the widest bar, at the top
    assert ax.get_xlabel() == "Europe's expected payoff at 'Paris summit'"
    legend = ax.get_legend().get_window_extent()
    bars = [patch.get_window_extent() for patch in ax.patches]
    assert bars and not _overlaps(legend, bars)
    assert legend.y1 < ax.get_window_extent().y0  # under the axes


def test_psa_histogram_draws_an_option_that_never_varies_as_a_line() -> None:
    hold = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8, distribution=dt.Beta(6, 4))
    tree = dt.Tree(
        dt.Decision(
            "Summit",
            [
                dt.Branch(
                    "Deploy",
                    dt.Chance(
                        "Ceasefire",
                        [
                            dt.Branch("holds", dt.Terminal("S", payoff=100), probability=hold),
                            dt.Branch("breaks", dt.Terminal("W", payoff=-50), probability=dt.COMPLEMENT),
                        ],
                    ),
                ),
                dt.Branch("Stay out", dt.Terminal("Q")),
            ],
        ),
        [hold],
    )
    result = dt.psa(tree, 4000, seed=1)
    ax = dt.plot_psa(result)
    (outline,) = ax.patches  # one histogram, a filled outline: the varying option's
    corners = outline.get_xy()
    assert corners[:, 1].max() < 0.2 * result.n  # no single bin of 4,000 draws flattening the rest
    assert len(np.unique(corners[:, 0])) == 51  # 50 bins
    names = ax.get_legend_handles_labels()[1]
    assert names == ["Deploy", "Stay out (the same in every draw: 0)"]
    assert ax.get_xlabel() == "Expected payoff at 'Summit'"


def test_strategy_region_is_filled_contours_labelled_by_descriptions() -> None:
    from matplotlib.collections import QuadMesh

    tree = paris_summit("chance")
    grid = dt.two_way(tree, "p_accept_force", None, "force_cost", None, points=21)
    ax = dt.plot_strategy_region(grid)
    assert not [c for c in ax.collections if isinstance(c, QuadMesh)]  # no grid of cells
    assert len(ax.collections) == len({int(c) for c in grid.choice.ravel()})  # one filled region each
    assert ax.get_xlabel() == tree.parameter("p_accept_force").description
    assert ax.get_ylabel() == tree.parameter("force_cost").description
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert legend.y1 < ax.get_window_extent().y0  # under the axes, off the regions


def test_no_plot_says_value_at_the_root_decision() -> None:
    tree = paris_summit("chance")
    texts = []
    for ax in (
        dt.plot_tornado(dt.tornado(tree)),
        dt.plot_one_way(dt.one_way(tree, "force_cost")),
        dt.plot_strategy_region(dt.two_way(tree, "p_hold", None, "force_cost", None, points=5)),
    ):
        texts += [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
    assert not [t for t in texts if "value at" in t or "root decision" in t]
    assert "Europe's cost of sending troops" in texts  # the one-way plot's parameter, by description


def test_every_plot_function_follows_one_ax_rule() -> None:
    """The thing to draw first, ``ax`` second (by position or name), every other option by name."""
    import inspect

    functions = [getattr(dt, name) for name in dt.__all__ if name.startswith("plot_")]
    assert len(functions) >= 9
    for function in functions:
        parameters = list(inspect.signature(function).parameters.values())
        assert parameters[1].name == "ax" and parameters[1].default is None, function.__name__
        assert parameters[1].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD, function.__name__
        assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters[2:]), function.__name__
    tree = paris_summit("chance")
    _, given = plt.subplots()
    assert dt.plot_tornado(dt.tornado(tree), given) is given
    assert dt.plot_risk_profile(dt.risk_profiles(tree), given) is given
    with pytest.raises(dt.ArgumentError, match="ax must be a matplotlib Axes"):
        dt.plot_tornado(dt.tornado(tree), ax="not axes")
