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

from ..evaluate import distinct_numbers, distinct_values, policy_choices, reached, reached_counts
from ..model import DECISION as DECISION_KIND
from ..model import TERMINAL as TERMINAL_KIND
from ..model import Chance, Decision, Terminal, Tree
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

    A tree whose shared subtrees give it too many paths to list shows each shared
    subtree in full once, the first time the outline meets it, and folded into
    one line elsewhere: ``(as above: N more nodes)``.
    """
    tree, result = split_subject(tree_or_result, "to_text")
    source = _Listed(tree, result) if tree.listable else _Folded(tree, result)
    actors = tree.actors
    lines: list[str] = []
    # stack of (node, its parent and position or None, prefix for the node line, prefix for children)
    stack: list[tuple[Any, tuple[Any, int] | None, str, str]] = [(source.root, None, "", "")]
    while stack:
        key, above, head, indent = stack.pop()
        node = source.node(key)
        if above is not None:
            parent, k = above
            branch = source.node(parent).branches[k]
            text = f"{head}{branch.label}"
            choice = source.choice(parent)
            if choice is not None:
                text += " (chosen)" if choice == k else " (not chosen)"
            probability, payoff = source.branch_numbers(parent, k)
            if branch.probability is COMPLEMENT:
                rest = f" = {format_number(probability)}" if probability is not None else ""
                text += f"  p=COMPLEMENT{rest}"
            elif branch.probability is not None:
                text += f"  p={_shown(branch.probability, probability)}"
            if branch.payoff != 0:
                text += f"  payoff {_payoff(branch.payoff, payoff, actors)}"
            lines.append(text)
            head = indent + "└── "
            indent = indent + "    "
            if len(indent) > _MAX_INDENT:  # very deep trees: restart the indentation
                head, indent = "┆ └── ", "┆     "
        line = f"{head}[{_TAG[type(node)]}] {node.name}"
        if type(node) is Decision and node.owner:
            line += f" ({node.owner})"
        if type(node) is Terminal:
            line += f"  payoff {_payoff(node.payoff, source.own(key), actors)}"
        elif result is not None:
            line += f"  value {format_number(_value(source.value(key), actors))}"
        hidden = source.folded(key)
        if hidden:
            line += f"  (as above: {hidden:,} more nodes)"
        lines.append(line)
        if isinstance(node, Terminal) or hidden:
            continue
        count = len(node.branches)
        for k in reversed(range(count)):
            last = k == count - 1
            stack.append(
                (
                    source.child(key, k),
                    (key, k),
                    indent + ("└── " if last else "├── "),
                    indent + ("    " if last else "│   "),
                )
            )
    return "\n".join(lines)


class _Listed:
    """An outline's nodes path by path (``tree.index``): shared subtrees in full at every place."""

    root = 0

    def __init__(self, tree: Tree, result: Any) -> None:
        self.index = tree.index
        self.result = result
        if result is not None:
            self.rolled = read_result(result)
            arrays = result.arrays
            self.payoff, self.own_payoff = arrays.payoff.tolist(), arrays.own.tolist()

    def node(self, i: int) -> Any:
        return self.index.nodes[i]

    def child(self, i: int, k: int) -> int:
        return self.index.first_child[i] + k  # type: ignore[no-any-return]

    def choice(self, i: int) -> int | None:
        """The position chosen at decision ``i`` of a result; ``None`` elsewhere."""
        if self.result is None or type(self.index.nodes[i]) is not Decision:
            return None
        return self.rolled.chosen[i]

    def branch_numbers(self, i: int, k: int) -> tuple[Any, Any]:
        """The probability and payoff numbers of branch ``k`` of node ``i`` (``None`` without a result)."""
        if self.result is None:
            return None, None
        child = self.child(i, k)
        return self.rolled.probability[child], self.payoff[child]

    def own(self, i: int) -> Any:
        return None if self.result is None else self.own_payoff[i]

    def value(self, i: int) -> Any:
        return self.rolled.value[i]

    def folded(self, i: int) -> int:
        return 0


class _Folded:
    """An outline's nodes once each (``tree.flat``): a shared subtree in full where the outline
    first meets it, folded elsewhere (for trees with too many paths to list)."""

    root = 0

    def __init__(self, tree: Tree, result: Any) -> None:
        self.flat = flat = tree.flat
        self.result = result
        self.choices: dict[int, int] = {}
        if result is not None:
            probability, payoff, own, _ = distinct_numbers(result)
            self.probability, self.payoff, self.own_payoff = (
                probability.tolist(),
                payoff.tolist(),
                own.tolist(),
            )
            self.values = distinct_values(result).tolist()
            self.choices = policy_choices(result)
        self.below = flat.count_nodes_below()
        self.met: set[int] = set()

    def node(self, n: int) -> Any:
        return self.flat.nodes[n]

    def child(self, n: int, k: int) -> int:
        return int(self.flat.child[int(self.flat.start[n]) + k])

    def choice(self, n: int) -> int | None:
        return self.choices.get(n)

    def branch_numbers(self, n: int, k: int) -> tuple[Any, Any]:
        edge = int(self.flat.start[n]) + k
        return (None, None) if self.result is None else (self.probability[edge], self.payoff[edge])

    def own(self, n: int) -> Any:
        return None if self.result is None else self.own_payoff[n]

    def value(self, n: int) -> Any:
        return self.values[n]

    def folded(self, n: int) -> int:
        """How many nodes below ``n`` (path by path) the outline folds away: all of them, once it
        has shown ``n`` in full; 0 the first time."""
        if n in self.met:
            return int(self.below[n]) - 1
        self.met.add(n)
        return 0


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
