"""Cost-effectiveness plots: what they draw, on given axes, to files; a clear error without matplotlib."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from herc_league_table import herc_tree

import decisiontree as dt

plt = pytest.importorskip("matplotlib.pyplot")


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def uncertain_tree() -> dt.Tree:
    p = dt.Parameter("p", 0.6, distribution=dt.Beta(60, 40))
    return dt.Tree(dt.Decision("Treat?", [
        dt.Branch("drug", dt.Chance("response", [
            dt.Branch("responds", dt.Terminal("well", payoff={"cost": 1000, "qaly": 9}), probability=p),
            dt.Branch("does not", dt.Terminal("ill", payoff={"cost": 1000, "qaly": 6}),
                      probability=dt.COMPLEMENT),
        ])),
        dt.Branch("no drug", dt.Terminal("untreated", payoff={"cost": 200, "qaly": 7})),
    ]), parameters=[p])  # fmt: skip


def test_plane_marks_frontier_and_dominated(tmp_path: Path) -> None:
    table = dt.league_table(herc_tree(), cost="cost", effect="effect")
    _, given = plt.subplots()
    ax = dt.plot_ce_plane(table, ax=given, money="USD")
    assert ax is given
    (line,) = ax.get_lines()
    assert line.get_xdata().tolist() == [1, 2, 4, 5] and line.get_ydata().tolist() == [
        5000,
        10000,
        35000,
        55000,
    ]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["efficiency frontier", "frontier", "dominated", "extendedly dominated"]
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "C", "D", "E", "UC"]
    assert ax.get_ylabel() == "cost (USD)"
    ax.figure.savefig(tmp_path / "plane.png")
    assert (tmp_path / "plane.png").stat().st_size > 10_000


def test_plane_with_psa_clouds_ceac_and_evpi(tmp_path: Path) -> None:
    tree = uncertain_tree()
    samples = dt.psa_cost_effectiveness(tree, 500, cost="cost", effect="qaly", seed=4)
    ax = dt.plot_ce_plane(dt.league_table(tree, cost="cost", effect="qaly"), samples=samples, labels=False)
    assert len(ax.collections) == 2 + 2  # two clouds, two strategies
    curves = samples.acceptability(np.linspace(0, 3000, 31))
    ax = dt.plot_ceac(curves)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["acceptability frontier", "drug", "no drug"]
    assert ax.get_lines()[0].get_ydata() == pytest.approx(curves.frontier_probability)
    ax.figure.savefig(tmp_path / "ceac.png")
    ax = dt.plot_evpi(curves, money="USD")
    assert ax.get_lines()[0].get_ydata() == pytest.approx(curves.evpi)
    ax.figure.savefig(tmp_path / "evpi.png")
    assert all((tmp_path / f).stat().st_size > 10_000 for f in ("ceac.png", "evpi.png"))


def test_spider_plot_of_one_way_tables() -> None:
    gain = dt.Parameter("gain", 10, low=5, high=20)
    cost = dt.Parameter("cost", 4, low=2, high=6)
    zero = dt.Parameter("zero", 0, low=-1, high=1)
    tree = dt.Tree(dt.Decision("d", [
        dt.Branch("build", dt.Terminal("B", payoff=gain - cost + zero)),
        dt.Branch("wait", dt.Terminal("W")),
    ]), parameters=[gain, cost, zero])  # fmt: skip
    ax = dt.plot_spider({"the gain": dt.one_way(tree, "gain", [5, 10, 20]), "cost": dt.one_way(tree, "cost")})
    first = ax.get_lines()[0]
    assert first.get_label() == "the gain"
    assert first.get_xdata().tolist() == [-50.0, 0.0, 100.0] and first.get_ydata().tolist() == [
        1.0,
        6.0,
        16.0,
    ]
    second = ax.get_lines()[1]
    assert second.get_label() == "cost"
    assert second.get_xdata().tolist() == pytest.approx(np.linspace(-50, 50, 51).tolist())
    assert second.get_ydata().tolist() == pytest.approx([10 - c for c in np.linspace(2, 6, 51)])
    with pytest.raises(dt.ArgumentError, match="base value 0"):
        dt.plot_spider([dt.one_way(tree, "zero")])
    with pytest.raises(dt.ArgumentError, match="one-way tables"):
        dt.plot_spider([dt.tornado(tree)])
    with pytest.raises(dt.ArgumentError, match="at least one"):
        dt.plot_spider([])


def test_a_spider_plot_of_a_fixed_strategy_shows_its_value_where_another_is_better() -> None:
    cost = dt.Parameter("cost", 4, low=0, high=8)
    tree = dt.Tree(dt.Decision("d", [
        dt.Branch("build", dt.Terminal("B", payoff=6 - cost)),
        dt.Branch("wait", dt.Terminal("W")),
    ]), parameters=[cost])  # fmt: skip
    fixed = dt.one_way(tree, "cost", [2, 4, 8], policy={(): "build"})
    free = dt.one_way(tree, "cost", [2, 4, 8])
    ax = dt.plot_spider({"build": fixed, "best": free})
    built, best = ax.get_lines()[:2]
    assert built.get_xdata().tolist() == [-50.0, 0.0, 100.0]
    assert built.get_ydata().tolist() == [4.0, 2.0, -2.0]  # building at cost 8 loses 2
    assert best.get_ydata().tolist() == [4.0, 2.0, 0.0]  # re-optimised: wait
    plt.close("all")


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    table = dt.league_table(herc_tree(), cost="cost", effect="effect")
    with pytest.raises(dt.MissingDependencyError, match=r"decisiontree\[plot\]"):
        dt.plot_ce_plane(table)


def test_documentation_pictures_are_made_by_the_examples(tmp_path: Path) -> None:
    from herc_league_table import main

    main(output=tmp_path)
    assert (tmp_path / "cea_herc_plane.png").stat().st_size > 10_000
    docs = Path(__file__).resolve().parent.parent / "docs" / "images"
    for name in (
        "cea_herc_plane.png",
        "cea_plane.png",
        "cea_acceptability.png",
        "cea_evpi.png",
        "cea_spider.png",
    ):
        assert (docs / name).exists(), f"run the examples with docs/images to make {name}"
