"""Sensitivity plots: files written and non-empty; the documentation's pictures come from the example."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

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
