"""Sensitivity pictures with matplotlib (the optional extra ``plot``).

Each function draws on ``ax`` (a new figure when not given) and returns the
matplotlib ``Axes``; save it with ``ax.figure.savefig("tornado.png")``.

>>> import decisiontree as dt
>>> gain = dt.Parameter("gain", 10, low=5, high=20)
>>> tree = dt.Tree(dt.Decision("d", [
...     dt.Branch("build", dt.Terminal("B", payoff=gain - 8)),
...     dt.Branch("wait", dt.Terminal("W")),
... ]), parameters=[gain])
>>> ax = plot_tornado(dt.tornado(tree))
>>> ax.get_xlabel()
'value at the root decision'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from typing import Any

from ..errors import DecisionTreeError

__all__ = ["plot_one_way", "plot_strategy_region", "plot_tornado"]

_LOW, _HIGH = "#4C72B0", "#DD8452"
_PALETTE = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C")


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise DecisionTreeError("plots need matplotlib: pip install 'decisiontree[plot]'") from None
    if ax is None:
        _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _where(decision: tuple[str, ...]) -> str:
    return "the root decision" if not decision else "decision " + " > ".join(decision)


def _number(value: Any) -> str:
    return f"{float(value):.4g}"


def plot_tornado(bars: Any, ax: Any = None, *, top: int | None = None) -> Any:
    """A tornado diagram of :func:`~decisiontree.tornado` bars, widest at the top.

    Each bar runs from the base value to the value with the parameter at the
    low end (blue) and at the high end (orange) of its range, written after
    its name; parameters whose range holds a change of the optimal option
    are starred. ``top`` keeps only the widest bars.
    """
    bar_list = list(bars)[:top]
    ax = _axes(ax, (8, 0.4 * max(len(bar_list), 2) + 1.6))
    base = float(getattr(bars, "base_value", 0.0))
    count = len(bar_list)
    for k, bar in enumerate(bar_list):
        y = count - 1 - k
        ax.barh(
            y,
            bar.value_low - base,
            left=base,
            color=_LOW,
            height=0.6,
            label="parameter at low" if k == 0 else None,
        )
        ax.barh(
            y,
            bar.value_high - base,
            left=base,
            color=_HIGH,
            height=0.6,
            label="parameter at high" if k == 0 else None,
        )
    labels = [
        f"{b.parameter} [{_number(b.low)}, {_number(b.high)}]{' *' if b.changes_choice else ''}"
        for b in bar_list
    ]
    ax.set_yticks(range(count - 1, -1, -1), labels)
    ax.axvline(base, color="black", linewidth=1)
    ax.set_xlabel(f"value at {_where(tuple(getattr(bars, 'decision', ())))}")
    optimal = getattr(bars, "base_optimal", None)
    ax.set_title("Tornado diagram" + (f" (base case: {optimal}, {_number(base)})" if optimal else ""))
    if bar_list:
        handles, names = ax.get_legend_handles_labels()
        if any(b.changes_choice for b in bar_list):
            from matplotlib.patches import Patch

            handles.append(Patch(color="none"))
            names.append("* the optimal option changes in the range")
        ax.legend(handles, names, loc="lower right", fontsize=8)
    return ax


def plot_one_way(table: Any, ax: Any = None, *, switch_points: bool = True) -> Any:
    """A one-way sensitivity plot: each option's value against the parameter.

    The optimal option's value (for a table with a fixed ``policy``, the
    policy's) is drawn as a thick grey envelope and the exact switch points
    (from :func:`~decisiontree.thresholds`) as dashed vertical lines with
    their values.
    """
    ax = _axes(ax, (7, 4.5))
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
            ax.axvline(float(point), color="black", linestyle="--", linewidth=1, zorder=0)
            ax.annotate(
                f"{point}" if len(str(point)) <= 10 else _number(point),
                (float(point), 1),
                xycoords=("data", "axes fraction"),
                xytext=(3, -12),
                textcoords="offset points",
                fontsize=8,
            )
    ax.set_xlabel(table.parameter)
    ax.set_ylabel(f"value at {_where(table.decision)}")
    ax.set_title(f"One-way sensitivity to {table.parameter}")
    ax.legend(fontsize=8)
    return ax


def plot_strategy_region(grid: Any, ax: Any = None) -> Any:
    """A two-way strategy-region map: the optimal option at each grid point, with a legend.

    The base case (both parameters at their base values) is marked with a cross.
    """
    ax = _axes(ax, (7, 5))
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    labels = grid.labels
    colors = [_PALETTE[k % len(_PALETTE)] for k in range(len(labels))]
    cmap = ListedColormap(colors)
    norm = BoundaryNorm([k - 0.5 for k in range(len(labels) + 1)], len(labels))
    ax.pcolormesh(grid.values1, grid.values2, grid.choice.T, cmap=cmap, norm=norm, shading="nearest")
    first, second = grid.parameters
    tree = grid.tree
    ax.plot(
        float(tree.parameter(first).value),
        float(tree.parameter(second).value),
        marker="x",
        color="black",
        markersize=9,
        linestyle="none",
        label="base case",
    )
    present = sorted({int(c) for c in grid.choice.ravel()})
    handles = [Patch(color=colors[k], label=labels[k]) for k in present]
    handles.append(ax.lines[-1])
    ax.legend(handles=handles, fontsize=8, loc="best", framealpha=0.9)
    ax.set_xlabel(first)
    ax.set_ylabel(second)
    ax.set_title(f"Optimal option at {_where(grid.decision)}")
    return ax
