"""Explore a tree in a notebook: a slider per parameter, the tree and its value redrawn as they move.

Needs ipywidgets (``pip install 'decisiontree[notebook]'``). Every move
re-evaluates the tree on the fast core (one rollback) and redraws the SVG
diagram, the value and the options at the root decision.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from .. import _arguments as arguments
from .._optional import require
from ..errors import ArgumentError, items
from ..evaluate import Result, evaluate
from ..model import Parameter, Tree
from .backend import _display_depth, svg
from .formatting import format_number

__all__ = ["Explorer", "explore"]

STEPS = 100
"""Slider positions across a parameter's range."""


class Explorer:
    """Sliders for a tree's parameters and the evaluated tree they drive (see ``explore``).

    ``sliders`` maps parameter names to their ipywidgets sliders; ``result``
    is the evaluation at the sliders' values; ``widget`` is what a notebook
    shows (displaying the explorer shows it).
    """

    def __init__(
        self,
        tree: Tree,
        parameters: Sequence[Parameter],
        values: Mapping[str, Any],
        objective: Any,
        steps: int,
        diagram: Mapping[str, Any],
    ) -> None:
        widgets = require("ipywidgets", "explore()", "ipywidgets", "notebook")
        self.tree = tree
        self.objective = objective
        self._diagram = {"collapse": _display_depth(tree), "formulas": False, **diagram}
        self.sliders: dict[str, Any] = {}
        for p in parameters:
            low, high = float(p.low), float(p.high)  # type: ignore[arg-type]
            slider = widgets.FloatSlider(
                value=float(values.get(p.name, p.value)),  # type: ignore[arg-type]
                min=low,
                max=high,
                step=(high - low) / steps if high > low else 1.0,
                description=p.name,
                tooltip=p.description or p.name,
                continuous_update=False,
                readout_format=".3g",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="95%"),
            )
            slider.observe(self._moved, names="value")
            self.sliders[p.name] = slider
        self._fixed = {k: v for k, v in values.items() if k not in self.sliders}
        reset = widgets.Button(description="Reset", tooltip="Every parameter back to its base value")
        reset.on_click(self._reset)
        self._base = {name: slider.value for name, slider in self.sliders.items()}
        self.summary = widgets.HTML()
        self.picture = widgets.HTML(layout=widgets.Layout(overflow="auto"))
        note = (
            ""
            if self.sliders
            else "<p><em>No parameter has a range (low and high): nothing to vary.</em></p>"
        )
        controls = widgets.VBox(
            [widgets.HTML(note), *self.sliders.values(), reset],
            layout=widgets.Layout(width="32%", max_height="640px", overflow="auto"),
        )
        self.widget = widgets.VBox([widgets.HBox([controls, self.summary]), self.picture])
        self.result: Result = self._draw()

    @property
    def values(self) -> dict[str, Any]:
        """The parameter values the tree is evaluated at now."""
        return {**self._fixed, **{name: slider.value for name, slider in self.sliders.items()}}

    def _draw(self) -> Result:
        result = evaluate(self.tree, self.values, objective=self.objective)
        self.result = result
        self.summary.value = _summary(result)
        self.picture.value = svg(result, **self._diagram)
        return result

    def _moved(self, change: Any) -> None:
        self._draw()

    def _reset(self, button: Any = None) -> None:
        for name, slider in self.sliders.items():
            slider.value = self._base[name]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)


def _summary(result: Result) -> str:
    """The value and the options at the root, as HTML."""
    parts = [f"<p><strong>Value:</strong> {html.escape(format_number(result.value))}</p>"]
    if result.tree.root.kind != "terminal":
        parts.append(result.to_table("options").to_html(number=format_number))
    return '<div style="padding-left: 1.5em">' + "".join(parts) + "</div>"


def explore(
    tree: Tree,
    *,
    values: Mapping[Any, Any] | None = None,
    objective: Any = None,
    parameters: Sequence[str | Parameter] | None = None,
    steps: int = STEPS,
    **diagram: Any,
) -> Explorer:
    """Sliders for the parameters of ``tree`` that re-evaluate it and redraw the tree and its value.

    Shows, in a Jupyter notebook, a slider per parameter with a range (from
    ``low`` to ``high``), the value of the tree with the options at the root
    decision, and the diagram with the optimal policy highlighted. Moving a
    slider re-evaluates the tree (one rollback on the fast core) and redraws.

    Parameters
    ----------
    tree : Tree
        The model.
    values : mapping, optional
        Starting values (default: the base values).
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    parameters : sequence, optional
        The parameters to give sliders (default: every one with a range).
    steps : int
        Slider positions across each range.
    **diagram
        Options of the diagram (``to_dot``'s, such as
        ``direction`` or ``actor_colors``).

    Returns
    -------
    Explorer
        Displays as the widget; ``.sliders`` and ``.result`` for code.

    Raises
    ------
    MissingDependencyError
        Without ipywidgets (``pip install 'decisiontree[notebook]'``).
    """
    tree = arguments.tree_of(tree, "explore")
    steps = arguments.count(steps, "steps")
    given = arguments.values(tree, values)
    if parameters is None:
        chosen = [p for p in tree.parameters if p.has_range and not p.derived]
    else:
        chosen = [arguments.varied(tree, p) for p in items(parameters, "parameters", "names", ArgumentError)]
        for p in chosen:
            arguments.parameter_range(p)  # a slider needs a range
    evaluate(tree, given, objective=objective)  # bad values or objective fail here, before any widget
    return Explorer(tree, chosen, given, objective, steps, diagram)
