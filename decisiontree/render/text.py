"""Plain-text views: an indented outline of a tree or result, and a short summary.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10), payoff=-2),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> print(dt.to_text(dt.evaluate(tree)))
[D] Go?  value 8
├── yes (chosen)  payoff -2
│   └── [T] win  payoff 10
└── no (not chosen)
    └── [T] stay  payoff 0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import ArgumentError
from ..evaluate import Result
from ..formulas import Formula
from ..model import Chance, Decision, Terminal, Tree
from ..number import format_number as _format_scalar
from ..values import COMPLEMENT

__all__ = ["format_number", "summary", "to_text"]

_TAG = {Decision: "D", Chance: "C", Terminal: "T"}
_MAX_INDENT = 4 * 40
"""Beyond 40 levels the outline restarts its indentation (marked with ┆), so lines stay short."""


def format_number(value: Any, spec: str = ".6g") -> str:
    """Show a number, expression or per-actor mapping compactly.

    >>> from fractions import Fraction
    >>> format_number(0.6), format_number(Fraction(3, 8)), format_number({"EU": 1.5, "US": -2})
    ('0.6', '3/8', '{EU: 1.5, US: -2}')
    """
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {format_number(v, spec)}" for k, v in value.items()) + "}"
    if isinstance(value, Formula):
        return str(value)
    return _format_scalar(value)


def to_text(tree_or_result: Any) -> str:
    """An indented outline: node kinds ([D]ecision, [C]hance, [T]erminal), branch
    labels, probabilities, branch payoffs and, for a result, node values and the
    chosen branch at every decision. Beyond 40 levels the indentation
    restarts (marked ``┆``) so that very deep trees print in linear space.
    """
    result = tree_or_result if isinstance(tree_or_result, Result) else None
    tree: Tree = result.tree if result is not None else tree_or_result
    if not isinstance(tree, Tree):
        raise ArgumentError(f"to_text() needs a Tree or a Result, got {type(tree_or_result).__name__}")
    index = tree.index
    lines: list[str] = []
    # stack of (node index, incoming branch or None, prefix for the node line, prefix for children)
    stack: list[tuple[int, Any, str, str]] = [(0, None, "", "")]
    while stack:
        i, branch, head, indent = stack.pop()
        node = index.nodes[i]
        if branch is not None:
            parent = index.parent[i]
            text = f"{head}{branch.label}"
            if result is not None and type(index.nodes[parent]) is Decision:
                chosen = result.chosen_branch(parent) == index.position[i]
                text += " (chosen)" if chosen else " (not chosen)"
            if branch.probability is COMPLEMENT:
                rest = f" = {format_number(result.branch_probability(i))}" if result is not None else ""
                text += f"  p=COMPLEMENT{rest}"
            elif branch.probability is not None:
                text += f"  p={_shown(branch.probability, result)}"
            if branch.payoff != 0:
                text += f"  payoff {_shown(branch.payoff, result)}"
            lines.append(text)
            head = indent + "└── "
            indent = indent + "    "
            if len(indent) > _MAX_INDENT:  # very deep trees: restart the indentation
                head, indent = "┆ └── ", "┆     "
        line = f"{head}[{_TAG[type(node)]}] {node.name}"
        if type(node) is Decision and node.owner:
            line += f" ({node.owner})"
        if type(node) is Terminal:
            line += f"  payoff {_shown(node.payoff, result)}"
        elif result is not None:
            line += f"  value {format_number(result.node_value(i))}"
        lines.append(line)
        if not isinstance(node, Terminal):
            first = index.first_child[i]
            count = len(node.branches)
            for k in reversed(range(count)):
                last = k == count - 1
                stack.append(
                    (
                        first + k,
                        node.branches[k],
                        indent + ("└── " if last else "├── "),
                        indent + ("    " if last else "│   "),
                    )
                )
    return "\n".join(lines)


def _shown(value: Any, result: Any) -> str:
    """A value as written; a formula also shows its number under the result's values."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_shown(v, result)}" for k, v in value.items()) + "}"
    if isinstance(value, Formula) and value.names:
        if result is None:
            return str(value)
        if result.exact:
            number: Any = value.evaluate(result.values)
        else:
            number = float(value.compile()(result.values))
        return f"{value} = {format_number(number)}"
    return format_number(value)


def summary(result: Any, *, top: int = 5) -> str:
    """A few lines: root value, the choices on the optimal path, the likeliest scenarios."""
    tree = result.tree
    title = tree.name or tree.root.name
    lines = [f"{title}: expected value {format_number(result.value)}"]
    if result.certainty_equivalent is not None:
        lines.append(f"  certainty equivalent {format_number(result.certainty_equivalent)}")
    reach = result.reach
    index = tree.index
    chosen = [
        (index.path(i), node, label)
        for i, node in enumerate(index.nodes)
        if type(node) is Decision and reach[i] > 0
        for label in [node.branches[result.chosen_branch(i)].label]
    ]
    if chosen:
        lines.append("Policy:")
        for path, node, label in chosen:
            where = f" after {' > '.join(path)}" if path else ""
            owner = f" ({node.owner})" if node.owner else ""
            lines.append(f"  {node.name}{owner}{where}: {label}")
    scenarios = result.ranked_scenarios()
    lines.append(f"Scenarios ({len(scenarios)}, most likely first):")
    for scenario in scenarios[:top]:
        lines.append(
            f"  {float(scenario.probability):7.2%}  {' > '.join(scenario.path) or '(root)'}"
            f"  payoff {format_number(scenario.payoff)}"
        )
    if len(scenarios) > top:
        lines.append(f"  ... {len(scenarios) - top} more")
    return "\n".join(lines)
