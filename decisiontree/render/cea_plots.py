"""Cost-effectiveness pictures with matplotlib (the optional extra ``plot``).

The cost-effectiveness plane with its efficiency frontier, acceptability
curves and frontier (CEAC, CEAF), the value of perfect information per
willingness to pay, and a spider plot of one-way sensitivity tables. Each
function draws on ``ax`` (a new figure when not given) and returns the
matplotlib ``Axes``; save it with ``ax.figure.savefig("plane.png")``.

>>> import decisiontree as dt
>>> table = dt.LeagueTable.from_values(["A", "B", "C"], [0, 10, 30], [0, 1, 1.2])
>>> ax = plot_ce_plane(table)
>>> ax.get_xlabel(), ax.get_ylabel()
('effect', 'cost')
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _arguments as arguments
from ..errors import ArgumentError
from .axes import axes, legend_below, parameter_label, value_label

__all__ = ["plot_ce_plane", "plot_ceac", "plot_evpi", "plot_spider"]

_PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")
_GREY = "#7F7F7F"
_CURVES = "acceptability curves (from CostEffectivenessSamples.acceptability)"


def _color(k: int) -> str:
    return _PALETTE[k % len(_PALETTE)]


def plot_ce_plane(
    table: Any, ax: Any = None, *, samples: Any = None, labels: bool = True, money: str = ""
) -> Any:
    """The cost-effectiveness plane: every strategy's effect (x) and cost (y), with the frontier.

    Frontier strategies are filled circles joined by the frontier line, each
    segment's slope being its ICER; strongly dominated strategies are
    crosses and extendedly dominated ones open circles.

    Parameters
    ----------
    table : LeagueTable
        From :func:`~decisiontree.league_table`.
    ax : matplotlib Axes, optional
    samples : CostEffectivenessSamples, optional
        Draws from :func:`~decisiontree.psa_cost_effectiveness`, shown as
        faint clouds around each strategy.
    labels : bool
        Write each strategy's name beside its point.
    money : str
        The unit of cost for the axis label, such as ``"CAD"``.
    """
    from ..analysis.cost_effectiveness import (
        DOMINATED,
        EXTENDEDLY_DOMINATED,
        FRONTIER,
        CostEffectivenessSamples,
        LeagueTable,
    )

    arguments.of_kind(table, LeagueTable, "plot_ce_plane", "a LeagueTable (from league_table)")
    if samples is not None:
        what = "samples from psa_cost_effectiveness"
        arguments.of_kind(samples, CostEffectivenessSamples, "plot_ce_plane", what)
    labels, money = arguments.flag(labels, "labels"), arguments.text(money, "money")
    ax = axes(ax, (7, 5))
    rows = table.rows
    index = {row.name: k for k, row in enumerate(rows)}
    if samples is not None:
        for k, name in enumerate(samples.names):
            ax.scatter(
                samples.effects[:, k],
                samples.costs[:, k],
                s=4,
                alpha=0.15,
                color=_color(index.get(name, k)),
                linewidths=0,
                zorder=1,
            )
    frontier = table.frontier
    ax.plot(
        [float(r.effect) for r in frontier],
        [float(r.cost) for r in frontier],
        color="black",
        linewidth=1.2,
        zorder=2,
        label="efficiency frontier",
    )
    markers = {
        FRONTIER: ("o", "frontier"),
        DOMINATED: ("X", "dominated"),
        EXTENDEDLY_DOMINATED: ("o", "extendedly dominated"),
    }
    shown: set[str] = set()
    for k, row in enumerate(rows):
        marker, legend = markers[row.status]
        hollow = row.status == EXTENDEDLY_DOMINATED
        color = _color(k) if row.status == FRONTIER else _GREY
        ax.scatter(
            [float(row.effect)],
            [float(row.cost)],
            s=60,
            marker=marker,
            facecolors="none" if hollow else color,
            edgecolors=color,
            linewidths=1.5,
            zorder=3,
            label=None if legend in shown else legend,
        )
        shown.add(legend)
        if labels:
            ax.annotate(
                row.name,
                (float(row.effect), float(row.cost)),
                xytext=(6, -4 if row.status == FRONTIER else 6),
                textcoords="offset points",
                fontsize=8,
                color="black" if row.status == FRONTIER else _GREY,
            )
    ax.set_xlabel(table.effect_key)
    ax.set_ylabel(f"{table.cost_key} ({money})" if money else table.cost_key)
    ax.set_title("Cost-effectiveness plane")
    ax.legend(fontsize=8, loc="best")
    ax.margins(0.12)
    return ax


def plot_ceac(curves: Any, ax: Any = None, *, frontier: bool = True, money: str = "") -> Any:
    """Cost-effectiveness acceptability curves, with the acceptability frontier (CEAF).

    Each strategy's curve is the share of draws in which it has the highest
    net monetary benefit at each willingness to pay. The frontier (a thick
    grey band) follows, at each willingness to pay, the strategy with the
    highest *expected* net benefit.

    Parameters
    ----------
    curves : Acceptability
        From :meth:`~decisiontree.CostEffectivenessSamples.acceptability`.
    ax : matplotlib Axes, optional
    frontier : bool
        Draw the acceptability frontier.
    money : str
        The unit of money for the axis label.
    """
    from ..analysis.cost_effectiveness import Acceptability

    arguments.of_kind(curves, Acceptability, "plot_ceac", _CURVES)
    frontier, money = arguments.flag(frontier, "frontier"), arguments.text(money, "money")
    ax = axes(ax, (7, 4.5))
    wtp = np.asarray(curves.wtp, dtype=float)
    if frontier:
        ax.plot(
            wtp,
            curves.frontier_probability,
            color="#BBBBBB",
            linewidth=7,
            solid_capstyle="round",
            label="acceptability frontier",
            zorder=1,
        )
    for k, name in enumerate(curves.names):
        ax.plot(wtp, curves.probability[:, k], color=_color(k), linewidth=1.8, label=name, zorder=2)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(f"willingness to pay per unit of effect ({money})" if money else "willingness to pay")
    ax.set_ylabel("probability cost-effective")
    ax.set_title("Cost-effectiveness acceptability")
    ax.legend(fontsize=8, loc="best")
    return ax


def plot_evpi(curves: Any, ax: Any = None, *, money: str = "") -> Any:
    """The expected value of perfect information (per decision) against the willingness to pay.

    Parameters
    ----------
    curves : Acceptability
        From :meth:`~decisiontree.CostEffectivenessSamples.acceptability`.
    ax : matplotlib Axes, optional
    money : str
        The unit of money for the axis labels.
    """
    from ..analysis.cost_effectiveness import Acceptability

    arguments.of_kind(curves, Acceptability, "plot_evpi", _CURVES)
    money = arguments.text(money, "money")
    ax = axes(ax, (7, 4.5))
    wtp = np.asarray(curves.wtp, dtype=float)
    ax.plot(wtp, curves.evpi, color=_PALETTE[0], linewidth=1.8, label="EVPI")
    ax.fill_between(wtp, 0, curves.evpi, color=_PALETTE[0], alpha=0.15)
    ax.set_xlabel(f"willingness to pay per unit of effect ({money})" if money else "willingness to pay")
    ax.set_ylabel(f"EVPI ({money})" if money else "EVPI")
    ax.set_ylim(bottom=0)
    ax.set_title("Expected value of perfect information")
    return ax


def _base(table: Any) -> float:
    parameter = table.tree.parameter(table.parameter)
    try:
        return float(parameter.value)
    except (TypeError, ValueError):
        raise ArgumentError(
            f"the spider plot needs a number as the base value of {table.parameter!r}, "
            f"got {parameter.value!r}"
        ) from None


def plot_spider(tables: Any, ax: Any = None, *, label: str = "") -> Any:
    """A spider plot: the value against each parameter's change from its base value, in percent.

    Each one-way table (from :func:`~decisiontree.one_way`, for instance
    with a fixed ``policy=``) is one line; the steeper the line, the more
    the value depends on that parameter. The base case is where the lines
    cross, at 0 %.

    Parameters
    ----------
    tables : sequence or mapping of one-way tables
        One table per parameter (a mapping's keys name the lines).
    ax : matplotlib Axes, optional
    label : str
        The y axis label (default: whose expected payoff, at which decision).
        Lines are labelled by the parameters' descriptions (their names
        when they have none), or by a mapping's keys.

    Examples
    --------
    >>> import decisiontree as dt
    >>> gain = dt.Parameter("gain", 10, low=5, high=20)
    >>> cost = dt.Parameter("cost", 4, low=2, high=6)
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("build", dt.Terminal("B", payoff=gain - cost)),
    ...     dt.Branch("wait", dt.Terminal("W")),
    ... ]), parameters=[gain, cost])
    >>> ax = plot_spider([dt.one_way(tree, "gain"), dt.one_way(tree, "cost")])
    >>> [line.get_label() for line in ax.get_lines()][:2]
    ['gain', 'cost']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from ..analysis.sensitivity import OneWay

    arguments.of_kind(
        tables, (Mapping, Sequence), "plot_spider", "a list or a mapping of one-way tables (from one_way)"
    )
    items = list(tables.items()) if isinstance(tables, Mapping) else [(None, t) for t in tables]
    if not items:
        raise ArgumentError("plot_spider() needs at least one one-way table")
    for _, table in items:
        arguments.of_kind(table, OneWay, "plot_spider", "one-way tables (from one_way)")
    label = arguments.text(label, "label")
    ax = axes(ax, (8, 6))
    for k, (name, table) in enumerate(items):
        base = _base(table)
        if base == 0:
            raise ArgumentError(
                f"{table.parameter!r} has base value 0, so its change cannot be shown in percent"
            )
        xs = (np.asarray(table.parameter_values, dtype=float) - base) / abs(base) * 100
        ax.plot(
            xs,
            np.asarray(table.value, dtype=float),
            color=_color(k),
            linewidth=1.8,
            marker="o",
            markersize=3,
            label=name or parameter_label(getattr(table, "tree", None), table.parameter, width=40),
        )
    ax.axvline(0, color="black", linewidth=0.8, linestyle=":")
    first = items[0][1]
    tree = getattr(first, "tree", None)
    ax.set_xlabel("change of the parameter from its base value (%)")
    ax.set_ylabel(label or value_label(tree, first.decision, getattr(first, "objective", None), width=40))
    ax.set_title("Spider plot")
    legend_below(ax, columns=2)
    return ax
