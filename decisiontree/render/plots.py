"""Sensitivity pictures with matplotlib (the optional extra ``plot``).

Each function draws on ``ax`` (a new figure when not given) and returns the
matplotlib ``Axes``; save it with ``ax.figure.savefig("tornado.png")``.
Parameters are labelled by their descriptions, values by whose payoff they
are and at which decision (see :mod:`decisiontree.render.axes`).

>>> import decisiontree as dt
>>> gain = dt.Parameter("gain", 10, low=5, high=20, description="Gain from building")
>>> tree = dt.Tree(dt.Decision("Build?", [
...     dt.Branch("build", dt.Terminal("B", payoff=gain - 8)),
...     dt.Branch("wait", dt.Terminal("W")),
... ]), parameters=[gain])
>>> ax = plot_tornado(dt.tornado(tree))
>>> ax.get_xlabel(), [tick.get_text() for tick in ax.get_yticklabels()]
("Expected payoff at 'Build?'", ['Gain from building [5, 20] *'])
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import _arguments as arguments
from ..number import format_number, real_float
from .axes import axes, legend_below, parameter_label, value_label

__all__ = ["plot_one_way", "plot_strategy_region", "plot_tornado"]

_LOW, _HIGH = "#4C72B0", "#DD8452"
_PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")


def plot_tornado(bars: Any, ax: Any = None, *, top: int | None = None) -> Any:
    """A tornado diagram of :func:`~decisiontree.tornado` bars, widest at the top.

    Each bar runs from the base value to the value with the parameter at the
    low end (blue) and at the high end (orange) of its range; each is
    labelled by the parameter's description and range. Parameters whose
    range holds a change of the optimal option are starred. The legend sits
    under the axes, clear of the bars. ``top`` keeps only the widest bars.
    """
    from ..analysis.sensitivity import Tornado

    arguments.of_kind(bars, Tornado, "plot_tornado", "tornado bars (from tornado)")
    top = None if top is None else arguments.count(top, "top", minimum=0)
    bar_list = list(bars)[:top]
    tree = getattr(bars, "tree", None)
    ax = axes(ax, (9, 0.45 * max(len(bar_list), 2) + 2.2))
    base = float(getattr(bars, "base_value", 0.0))
    count = len(bar_list)
    for k, bar in enumerate(bar_list):
        y = count - 1 - k
        ax.barh(y, bar.value_low - base, left=base, color=_LOW, height=0.6)
        ax.barh(y, bar.value_high - base, left=base, color=_HIGH, height=0.6)
    labels = [
        f"{parameter_label(tree, b.parameter, width=40)} [{format_number(b.low)}, "
        f"{format_number(b.high)}]{' *' if b.changes_choice else ''}"
        for b in bar_list
    ]
    ax.set_yticks(range(count - 1, -1, -1), labels)
    ax.set_ylim(-0.6, max(count, 1) - 0.4)
    ax.axvline(base, color="black", linewidth=1)
    decision = tuple(getattr(bars, "decision", ()))
    ax.set_xlabel(value_label(tree, decision, getattr(bars, "objective", None)))
    optimal = getattr(bars, "base_optimal", None)
    ax.set_title("Tornado diagram" + (f" (base case: {optimal}, {format_number(base)})" if optimal else ""))
    if bar_list:
        from matplotlib.patches import Patch

        handles = [Patch(color=_LOW), Patch(color=_HIGH)]
        names = ["parameter at the low end", "parameter at the high end"]
        if any(b.changes_choice for b in bar_list):
            handles.append(Patch(color="none"))
            names.append("* the optimal option changes within the range")
        legend_below(ax, handles, names, 2)
    return ax


def plot_one_way(table: Any, ax: Any = None, *, switch_points: bool = True) -> Any:
    """A one-way sensitivity plot: each option's value against the parameter.

    The optimal option's value (for a table with a fixed ``policy``, the
    policy's) is drawn as a thick grey envelope and the exact switch points
    (from :func:`~decisiontree.thresholds`) as dashed vertical lines with
    their values; the parameter is labelled by its description.
    """
    from ..analysis.sensitivity import OneWay

    arguments.of_kind(table, OneWay, "plot_one_way", "a one-way table (from one_way)")
    switch_points = arguments.flag(switch_points, "switch_points")
    ax = axes(ax, (7, 4.5))
    xs = table.parameter_values
    envelope = "optimal" if getattr(table, "policy", None) is None else "policy"
    ax.plot(xs, table.value, color="#BBBBBB", linewidth=6, solid_capstyle="round", label=envelope, zorder=1)
    for k, label in enumerate(table.labels):
        ax.plot(
            xs,
            table.option_values[k],
            color=_PALETTE[k % len(_PALETTE)],
            linewidth=1.8,
            label=label,
            zorder=2,
        )
    if switch_points:
        for point in table.switch_points():
            at = real_float(point)  # an exact switch point, to the last digit
            ax.axvline(at, color="black", linestyle="--", linewidth=1, zorder=0)
            ax.annotate(
                f"{point}" if len(str(point)) <= 10 else format_number(point),
                (at, 1),
                xycoords=("data", "axes fraction"),
                xytext=(3, -12),
                textcoords="offset points",
                fontsize=8,
            )
    tree = getattr(table, "tree", None)
    ax.set_xlabel(parameter_label(tree, table.parameter, width=60))
    ax.set_ylabel(value_label(tree, table.decision, getattr(table, "objective", None), width=40))
    ax.set_title(f"One-way sensitivity to {parameter_label(tree, table.parameter)}")
    ax.legend(fontsize=8)
    return ax


def plot_strategy_region(grid: Any, ax: Any = None) -> Any:
    """A two-way strategy-region map: where each option is the optimal one, with a legend.

    Regions are filled contours of each option's lead over the best other
    option (from the grid's option values), so their borders are the lines
    where two options are worth the same, not a staircase of grid cells.
    Axes are labelled by the parameters' descriptions; the base case (both
    parameters at their base values) is marked with a cross; the legend sits
    under the axes.
    """
    from ..analysis.sensitivity import TwoWay

    arguments.of_kind(grid, TwoWay, "plot_strategy_region", "a two-way grid (from two_way)")
    ax = axes(ax, (7, 5.5))
    from matplotlib.patches import Patch

    labels = grid.labels
    colors = [_PALETTE[k % len(_PALETTE)] for k in range(len(labels))]
    x = np.asarray(grid.values1, dtype=float)
    y = np.asarray(grid.values2, dtype=float)
    values = np.asarray(grid.option_values, dtype=float)
    present = sorted({int(c) for c in np.asarray(grid.choice).ravel()})
    if len(x) > 1 and len(y) > 1 and len(labels) > 1:
        for k in reversed(present):  # ties go to the first option: drawn last, on top
            others = np.delete(values, k, axis=0).max(axis=0)
            lead = values[k] - others
            top = max(float(np.nanmax(lead)), 0.0) + 1.0
            ax.contourf(x, y, lead.T, levels=[0.0, top], colors=[colors[k]], antialiased=True)
    else:  # a single row or column of the grid: nothing to contour
        from matplotlib.colors import BoundaryNorm, ListedColormap

        norm = BoundaryNorm([k - 0.5 for k in range(len(labels) + 1)], len(labels))
        ax.pcolormesh(
            x, y, np.asarray(grid.choice).T, cmap=ListedColormap(colors), norm=norm, shading="nearest"
        )
    first, second = grid.parameters
    tree = grid.tree
    ax.set_xlim(float(x.min()), float(x.max()))
    ax.set_ylim(float(y.min()), float(y.max()))
    (base,) = ax.plot(
        float(tree.parameter(first).value),
        float(tree.parameter(second).value),
        marker="x",
        color="black",
        markersize=9,
        markeredgewidth=2,
        linestyle="none",
    )
    handles = [Patch(color=colors[k]) for k in present] + [base]
    names = [labels[k] for k in present] + ["base case"]
    legend_below(ax, handles, names, 2)
    ax.set_xlabel(parameter_label(tree, first, width=60))
    ax.set_ylabel(parameter_label(tree, second, width=45))
    where = value_label(tree, grid.decision, getattr(grid, "objective", None))
    ax.set_title(f"Optimal option ({where})")
    return ax
