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

from ..evaluate import reached, reached_counts
from ..model import DECISION as DECISION_KIND
from ..model import TERMINAL as TERMINAL_KIND
from ..model import Chance, Decision, Terminal
from ..values import COMPLEMENT
from .formatting import format_number
from .scene import formula_text, read_result, split_subject

__all__ = ["format_number", "summary", "to_text"]

_TAG = {Decision: "D", Chance: "C", Terminal: "T"}
_MAX_INDENT = 4 * 40
"""Beyond 40 levels the outline restarts its indentation (marked with ┆), so lines stay short."""


_POLICY_LINES = 20
"""The summary lists the choices at this many reachable decisions at most."""
_PATH_LABELS = 8
"""The summary shortens longer paths to their first and last three labels."""


def _path_text(path: tuple[str, ...]) -> str:
    """``a > b > c``; a long path as its ends and how many labels lie between.

    >>> _path_text(tuple("abcdefghij"))
    'a > b > c > ... (4 more) > h > i > j'
    """
    if len(path) <= _PATH_LABELS:
        return " > ".join(path)
    return " > ".join(path[:3]) + f" > ... ({len(path) - 6} more) > " + " > ".join(path[-3:])


def to_text(tree_or_result: Any) -> str:
    """An indented outline: node kinds ([D]ecision, [C]hance, [T]erminal), branch
    labels, probabilities, branch payoffs and, for a result, node values and the
    chosen branch at every decision. Beyond 40 levels the indentation
    restarts (marked ``┆``) so that very deep trees print in linear space.
    """
    tree, result = split_subject(tree_or_result, "to_text")
    actors = tree.actors
    if result is not None:
        rolled = read_result(result)
        arrays = result.arrays
        probability, payoff, own = arrays.probability.tolist(), arrays.payoff.tolist(), arrays.own.tolist()
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
                chosen = rolled.chosen[parent] == index.position[i]
                text += " (chosen)" if chosen else " (not chosen)"
            if branch.probability is COMPLEMENT:
                rest = f" = {format_number(rolled.probability[i])}" if result is not None else ""
                text += f"  p=COMPLEMENT{rest}"
            elif branch.probability is not None:
                text += f"  p={_shown(branch.probability, None if result is None else probability[i])}"
            if branch.payoff != 0:
                text += f"  payoff {_payoff(branch.payoff, None if result is None else payoff[i], actors)}"
            lines.append(text)
            head = indent + "└── "
            indent = indent + "    "
            if len(indent) > _MAX_INDENT:  # very deep trees: restart the indentation
                head, indent = "┆ └── ", "┆     "
        line = f"{head}[{_TAG[type(node)]}] {node.name}"
        if type(node) is Decision and node.owner:
            line += f" ({node.owner})"
        if type(node) is Terminal:
            line += f"  payoff {_payoff(node.payoff, None if result is None else own[i], actors)}"
        elif result is not None:
            line += f"  value {format_number(_value(rolled.value[i], actors))}"
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


def _value(row: tuple[Any, ...], actors: tuple[str, ...]) -> Any:
    return dict(zip(actors, row, strict=True)) if actors else row[0]


def _shown(value: Any, number: Any) -> str:
    """A value as written; a formula also shows its number (when there is a result)."""
    formula = formula_text(value)
    if formula:
        return formula if number is None else f"{formula} = {format_number(number)}"
    return format_number(value)


def _payoff(value: Any, row: list[Any] | None, actors: tuple[str, ...]) -> str:
    """A payoff as written, per actor for a mapping; ``row`` holds its numbers (one per actor)."""
    if isinstance(value, Mapping):
        parts = (f"{k}: {_shown(v, None if row is None else row[actors.index(k)])}" for k, v in value.items())
        return "{" + ", ".join(parts) + "}"
    return _shown(value, None if row is None else row[0])


def summary(result: Any, *, top: int = 5) -> str:
    """A few lines: root value, the choices on the optimal path, the likeliest scenarios."""
    tree = result.tree
    title = tree.name or tree.root.name
    measure = "expected value" if result.rule == "expected" else f"{result.rule} value"
    lines = [f"{title}: {measure} {format_number(result.value)}"]
    if result.certainty_equivalent is not None:
        lines.append(f"  certainty equivalent {format_number(result.certainty_equivalent)}")
    lines += _listed(result, top) if tree.listable else _unlisted(result, top)
    return "\n".join(lines)


def _policy_line(decision: Decision, path: tuple[str, ...], label: str) -> str:
    where = f" after {_path_text(path)}" if path else ""
    owner = f" ({decision.owner})" if decision.owner else ""
    return f"  {decision.name}{owner}{where}: {label}"


def _scenario_lines(scenarios: list[Any], count: int, top: int, more: str) -> list[str]:
    """``count`` scenarios, the first ``top`` of ``scenarios`` shown (the most likely first)."""
    lines = [f"Scenarios ({count:,}, most likely first):"]
    for scenario in scenarios[:top]:
        lines.append(
            f"  {float(scenario.probability):7.2%}  {_path_text(scenario.path) or '(root)'}"
            f"  payoff {format_number(scenario.payoff)}"
        )
    if count > top:
        lines.append(f"  ... {count - top:,} more{more}")
    return lines


def _listed(result: Any, top: int) -> list[str]:
    """The policy and scenario lines of a tree listed path by path."""
    index = result.tree.index
    reach = result.reach
    choice = result.arrays.choice
    decisions = [i for i, node in enumerate(index.nodes) if type(node) is Decision and reach[i] > 0]
    lines = ["Policy:"] if decisions else []
    for i in decisions[:_POLICY_LINES]:
        node = index.nodes[i]
        lines.append(_policy_line(node, index.path(i), node.branches[choice[i]].label))
    if len(decisions) > _POLICY_LINES:
        lines.append(f"  ... {len(decisions) - _POLICY_LINES:,} more decisions (see result.policy)")
    scenarios = result.ranked_scenarios()
    return lines + _scenario_lines(scenarios, len(scenarios), top, "")


def _unlisted(result: Any, top: int) -> list[str]:
    """The policy and scenario lines of a tree with too many paths to list: the first decisions the
    policy reaches (breadth first), how many there are, and the ``top`` likeliest scenarios."""
    flat = result.tree.flat
    counts = reached_counts(result)
    decisions = int(counts[flat.kind == DECISION_KIND].sum())
    terminals = int(counts[flat.kind == TERMINAL_KIND].sum())
    lines = ["Policy:"] if decisions else []
    shown = 0
    for path, node in reached(result):
        if shown == min(decisions, _POLICY_LINES):
            break
        if flat.kind[node] == DECISION_KIND:
            lines.append(_policy_line(flat.nodes[node], path, result.policy[path]))
            shown += 1
    if decisions > shown:
        lines.append(f"  ... {decisions - shown:,} more decisions (see result.policy[path])")
    more = " (see result.ranked_scenarios(top=k))"
    return lines + _scenario_lines(result.ranked_scenarios(top=top), terminals, top, more)
