"""What every plot shares: where it draws (the ``ax=`` rule) and how it names things.

Every plot function takes the thing to draw first and ``ax=None`` second
(by position or by name; every other option by name only), draws on ``ax``
or on a new figure's axes, and returns the axes. Parameters are labelled by
their description (their name when they have none), values by who values
them and at which decision.

>>> import decisiontree as dt
>>> p = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8, description="P(ceasefire holds)")
>>> tree = dt.Tree(dt.Decision("Summit", [
...     dt.Branch("go", dt.Terminal("G", payoff={"EU": p * 10, "US": 1})),
...     dt.Branch("stay", dt.Terminal("S", payoff={"EU": 5, "US": 2})),
... ], owner="EU"), [p])
>>> parameter_label(tree, "p_hold"), value_label(tree, ())
('P(ceasefire holds)', "EU's expected payoff at 'Summit'")
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from .._optional import require
from ..errors import ArgumentError
from ..model import Tree

__all__ = ["axes", "legend_below", "parameter_label", "value_label"]


def axes(ax: Any, size: tuple[float, float], what: str = "plots") -> Any:
    """``ax`` itself, or the axes of a new figure of ``size`` inches (constrained layout).

    A missing matplotlib is a :class:`~decisiontree.MissingDependencyError`
    naming the extra; an ``ax`` that is not a matplotlib ``Axes`` an
    :class:`~decisiontree.ArgumentError`.
    """
    if ax is not None:
        if not callable(getattr(ax, "plot", None)) or getattr(ax, "figure", None) is None:
            raise ArgumentError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
        return ax
    plt = require("matplotlib.pyplot", what, "matplotlib", "plot")
    return plt.subplots(figsize=size, layout="constrained")[1]


def legend_below(
    ax: Any, handles: list[Any] | None = None, names: list[str] | None = None, columns: int = 2
) -> None:
    """A legend under the axes, outside the data, so that it never covers a bar, line or region."""
    if handles is None or names is None:
        handles, names = ax.get_legend_handles_labels()
    ax.legend(
        handles,
        names,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncols=max(1, min(columns, len(names))),
        fontsize=8,
        frameon=False,
    )


def _wrap(text: str, width: int | None) -> str:
    return text if width is None else "\n".join(textwrap.wrap(text, width)) or text


def parameter_label(tree: Tree | None, name: str, width: int | None = None) -> str:
    """A parameter's description, else its name; wrapped to ``width`` characters per line."""
    if tree is not None:
        try:
            description = tree.parameter(name).description.strip()
        except KeyError:
            description = ""
        if description:
            return _wrap(description, width)
    return name


def value_label(
    tree: Tree | None, decision: Sequence[str], objective: Any = None, width: int | None = None
) -> str:
    """What a value on an axis is: ``"Europe's expected payoff at 'Paris summit'"``.

    Whose payoff: the decision's owner in a tree of per-actor payoffs, else
    the ``objective`` (a key, or ``"weighted payoff"`` for weights).
    """
    if tree is None:
        return "expected payoff"
    try:
        node = tree.node_at(tuple(decision))
    except KeyError:
        return "expected payoff"
    who = ""
    if tree.actors:
        owner = getattr(node, "owner", None)
        if isinstance(objective, str):
            who = objective
        elif isinstance(objective, Mapping):
            who = ""
        elif owner:
            who = owner
    kind = "expected weighted payoff" if isinstance(objective, Mapping) else "expected payoff"
    text = f"{who}'s {kind}" if who else kind[0].upper() + kind[1:]
    return _wrap(f"{text} at {node.name!r}", width)
