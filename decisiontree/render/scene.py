"""What every view draws: a tree or a result turned into plain rows, one per node.

A :class:`Scene` lists the nodes in display order (depth first, the branches in
their order, so a subtree is a contiguous run), each with its kind, name,
owner, notes, the branch into it (label, probability as a number and as a
formula, branch payoff), its own payoff, its rolled-back value, whether the
branch is chosen at a decision, whether it lies on the optimal path, its path
probability and total payoff; and the parameter table. The DOT, SVG, HTML and
text views read scenes, never the internals of a result. A tree whose shared
subtrees make it too large to list path by path is drawn with each shared
subtree in full at one place (on the policy's way where it passes) and folded
at the others (``same_as``).

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.25, low=0, high=1, description="P(win)")
>>> tree = dt.Tree(dt.Decision("Bet?", [
...     dt.Branch("bet", dt.Chance("Coin", [
...         dt.Branch("win", dt.Terminal("won", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("lost"), probability=dt.COMPLEMENT),
...     ]), payoff=-1),
...     dt.Branch("pass", dt.Terminal("kept")),
... ]), parameters=[p])
>>> scene = build_scene(dt.evaluate(tree))
>>> [(n.name, n.value, n.chosen, n.optimal) for n in scene.nodes]  # doctest: +NORMALIZE_WHITESPACE
[('Bet?', (1.5,), None, True), ('Coin', (2.5,), True, True), ('won', (10.0,), None, True),
 ('lost', (0.0,), None, True), ('kept', (0.0,), False, False)]
>>> won = scene.nodes[2]
>>> won.label, won.probability, won.probability_text, won.path_probability, won.total
('win', 0.25, 'p', 0.25, (9.0,))
>>> scene.nodes[3].complement, scene.nodes[3].probability
(True, 0.75)
>>> scene.parameters[0].description
'P(win)'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import attrs
import numpy as np

from .. import _arguments as arguments
from ..errors import DecisionTreeError, RenderError, brief
from ..evaluate import Result, distinct_numbers, distinct_values, node_numbers, policy_choices
from ..evaluate import evaluate as evaluate_tree
from ..formulas import Formula
from ..model import CHANCE, TERMINAL, Chance, Decision, Terminal, Tree
from ..values import COMPLEMENT

__all__ = [
    "ParameterRow",
    "Rolled",
    "Scene",
    "SceneNode",
    "build_scene",
    "formula_text",
    "read_result",
    "split_subject",
]

KINDS = {Decision: "decision", Chance: "chance", Terminal: "terminal"}


def formula_text(value: Any) -> str:
    """The formula of a model value as written, ``""`` for a plain number (or COMPLEMENT)."""
    return str(value) if type(value) is Formula and value.names else ""


def split_subject(subject: Any, what: str) -> tuple[Tree, Result | None]:
    """``(tree, result)`` for a tree (``result`` is ``None``) or an evaluation result."""
    if isinstance(subject, Tree):
        return subject, None
    if isinstance(subject, Result):
        return subject.tree, subject
    raise DecisionTreeError(f"{what}() needs a Tree or a Result, got {type(subject).__name__}")


# --------------------------------------------------------------------------- reading a result


@attrs.frozen
class Rolled:
    """What a view needs from an evaluation, per node in the order of ``tree.index``."""

    value: list[tuple[Any, ...]]
    """The rolled-back value of each node, one number per actor (one for plain payoffs)."""
    probability: list[Any]
    """The probability of the branch into each node, ``COMPLEMENT`` resolved (root: 1)."""
    chosen: list[int]
    """The position of the chosen branch at each decision; -1 elsewhere."""
    reach: Any
    """The probability of reaching each node under the policy."""
    values: Mapping[str, Any]
    """The parameter values the result was computed at."""
    exact: bool


def _rows(array: np.ndarray) -> list[tuple[Any, ...]]:
    return list(map(tuple, array.tolist()))


def read_result(result: Result) -> Rolled:
    """Everything the views take from a result, read from its node-by-node arrays."""
    arrays = result.arrays
    return Rolled(
        _rows(arrays.value),
        arrays.probability.tolist(),
        arrays.choice.tolist(),
        arrays.reach,
        dict(result.values),
        bool(result.exact),
    )


# --------------------------------------------------------------------------- the scene


@attrs.frozen
class ParameterRow:
    """One row of the parameter table."""

    name: str
    value: Any
    """The value the view shows the model at (a number)."""
    formula: str
    """For a derived parameter, its formula; else ``""``."""
    low: Any
    high: Any
    distribution: str
    description: str
    source: str


class SceneNode(NamedTuple):
    """One node as the views draw it. Numbers are tuples with one entry per actor
    (a single entry for plain payoffs); formulas are text, ``""`` for plain numbers."""

    id: int
    """Position in display order (depth first)."""
    tree_index: int
    """Position in ``tree.index`` (breadth first)."""
    parent: int
    """Display position of the parent; -1 for the root."""
    depth: int
    size: int
    """Nodes in the subtree, this one included (its subtree is ``id .. id + size - 1``)."""
    kind: str
    name: str
    owner: str | None
    notes: str
    label: str | None
    """The label of the branch into the node; ``None`` for the root."""
    probability: Any
    """The branch probability as a number; ``None`` below a decision and at the root."""
    probability_text: str
    complement: bool
    branch_payoff: tuple[Any, ...]
    branch_payoff_text: tuple[str, ...]
    payoff: tuple[Any, ...]
    """A terminal's own payoff (zeros elsewhere)."""
    payoff_text: tuple[str, ...]
    value: tuple[Any, ...] | None
    """The rolled-back value (what is still to come from here); ``None`` without values."""
    chosen: bool | None
    """At a decision's branch: chosen or not; ``None`` elsewhere or without a policy."""
    optimal: bool
    """On the path the policy follows (every decision above chooses this way)."""
    path_probability: Any
    """The product of the chance probabilities on the path (decisions count 1)."""
    total: tuple[Any, ...]
    """Branch payoffs on the path, plus the own payoff at a terminal."""
    same_as: int = -1
    """In a tree too large to draw path by path: the display position where this shared node's
    subtree is drawn in full; -1 where it is drawn here."""
    hidden: int = 0
    """With ``same_as``: the nodes, counted path by path, below this place and not drawn here."""

    @property
    def drawn_at(self) -> str:
        """Where a folded shared node is drawn in full: ``"above"`` or ``"below"``; else ``""``."""
        if self.same_as < 0:
            return ""
        return "above" if self.same_as < self.id else "below"


@attrs.frozen
class Scene:
    """A tree or result ready to draw: nodes in display order, parameters, title."""

    tree: Tree
    title: str
    description: str
    actors: tuple[str, ...]
    nodes: tuple[SceneNode, ...]
    parameters: tuple[ParameterRow, ...]
    values: Mapping[str, Any]
    evaluated: bool
    """True when nodes carry rolled-back values."""
    highlighted: bool
    """True when branches below decisions are marked chosen or not."""
    exact: bool

    def children(self, node: SceneNode) -> list[SceneNode]:
        """The children of ``node``, in branch order."""
        out = []
        k = node.id + 1
        end = node.id + node.size
        while k < end:
            child = self.nodes[k]
            out.append(child)
            k += child.size
        return out

    def node_at(self, path: tuple[str, ...]) -> SceneNode | None:
        """The node drawn at ``path``; ``None`` inside a shared subtree folded on the way there.
        :class:`~decisiontree.errors.NotFoundError` names a wrong label."""
        self.tree.flat.find(path)
        node = self.nodes[0]
        for label in path:
            if node.same_as >= 0:
                return None
            node = next(c for c in self.children(node) if c.label == label)
        return node

    def path(self, node: SceneNode) -> tuple[str, ...]:
        """The branch labels from the root to ``node``."""
        labels = []
        while node.parent >= 0:
            labels.append(node.label or "")
            node = self.nodes[node.parent]
        return tuple(reversed(labels))


class _Numbers(NamedTuple):
    """The numbers a scene shows, node by node in the order of ``tree.index``."""

    probability: list[Any]
    payoff: list[tuple[Any, ...]]
    own: list[tuple[Any, ...]]
    values: dict[str, Any]
    exact: bool


def _numbers(tree: Tree, result: Result | None) -> _Numbers:
    if result is None:
        numbers = node_numbers(tree)
        arrays: Any = numbers
        values = dict(numbers.values)
    else:
        arrays = result.arrays
        values = dict(result.values)
    exact = result is not None and result.exact
    return _Numbers(arrays.probability.tolist(), _rows(arrays.payoff), _rows(arrays.own), values, exact)


def _policy_choice(tree: Tree, highlight: Any, result: Result | None) -> dict[int, int] | None:
    """The branch position to mark at each decision, by :class:`~decisiontree.model.FlatTree` node
    (a shared decision is marked alike wherever it is used), or ``None`` for no marks."""
    if highlight is None:
        highlight = result is not None
    if highlight is False:
        return None
    if highlight is True:
        return None if result is None else policy_choices(result)
    if not isinstance(highlight, Mapping):
        raise RenderError(
            f"highlight must be True, False or a policy {{path: label}}, got {brief(highlight)}"
        )
    return dict(arguments.forced_choices(tree, highlight))


def build_scene(
    subject: Any,
    *,
    values: Mapping[str, Any] | None = None,
    evaluate: bool = False,
    highlight: Any = None,
    what: str = "to_dot",
) -> Scene:
    """The scene of a tree or result.

    Parameters
    ----------
    subject : Tree or Result
        A result brings values and its policy.
    values : mapping, optional
        Parameter values to evaluate a tree at (a tree only).
    evaluate : bool
        Evaluate a tree (at ``values``) to show values and its policy.
    highlight : bool or mapping, optional
        ``True``: mark the optimal policy; a ``{path: label}`` policy; ``False``:
        no marks. Default: ``True`` when there are values.
    what : str
        The public function's name, for error messages.
    """
    tree, result = split_subject(subject, what)
    if result is not None and values is not None:
        raise RenderError("values= re-evaluates a tree; pass a Tree, or evaluate the result with them")
    if values is not None and not isinstance(values, Mapping):
        raise RenderError(f"values must be a mapping {{parameter: number}}, got {brief(values)}")
    if result is None and (values is not None or evaluate or highlight is True):
        result = evaluate_tree(tree, values)
    marks = _policy_choice(tree, highlight, result)
    if not tree.listable:
        return _shared_scene(tree, result, marks)
    rolled = read_result(result) if result is not None else None
    choice = None if marks is None else [marks.get(node, -1) for node in tree.index.distinct]
    numbers = _numbers(tree, result)
    return Scene(
        tree=tree,
        title=tree.name,
        description=tree.description,
        actors=tree.actors,
        nodes=_scene_nodes(tree, rolled, choice, numbers),
        parameters=_parameter_rows(tree, numbers),
        values=numbers.values,
        evaluated=rolled is not None,
        highlighted=choice is not None,
        exact=numbers.exact,
    )


def _texts(value: Any, actors: Sequence[str]) -> tuple[str, ...]:
    """A payoff's formula texts, one per actor."""
    if not actors:
        return (formula_text(value),)
    if isinstance(value, Mapping):
        return tuple(formula_text(value[a]) for a in actors)
    return (formula_text(value),) * len(actors)


@attrs.frozen
class _Places:
    """Builds the scene node at one place of the drawing from the place it hangs from: one rule
    for what a path accumulates (probability, payoffs, whether the policy's way runs there)."""

    actors: tuple[str, ...]
    zero: tuple[Any, ...]
    one: Any
    zero_texts: tuple[str, ...]

    def node(
        self,
        at: tuple[int, int, int, int, int],
        model: Any,
        above: SceneNode | None,
        parent: Any,
        position: int,
        mark: int,
        numbers: tuple[Any, tuple[Any, ...], tuple[Any, ...], tuple[Any, ...] | None],
    ) -> SceneNode:
        """``at``: (display position, tree index, display parent, depth, size); ``parent``: the
        model node above, whose branch ``position`` leads here (``mark``: its marked branch, -1 for
        none); ``numbers``: the branch probability, branch payoff, own payoff and value here."""
        actors, zero = self.actors, self.zero
        probability, branch, own, value = numbers
        zero_texts = self.zero_texts
        label, shown_p, p_text, complement, chosen = None, None, "", False, None
        branch_texts = zero_texts
        if above is None:
            optimal, reach, total = True, self.one, zero
        else:
            taken = parent.branches[position]
            label, branch_texts = taken.label, _texts(taken.payoff, actors)
            optimal, reach = above.optimal, above.path_probability
            if type(parent) is Chance:
                complement = taken.probability is COMPLEMENT
                shown_p = probability
                p_text = "" if complement else formula_text(taken.probability)
                reach = reach * probability
            elif mark >= 0:
                chosen = mark == position
                optimal = optimal and chosen
            above_total = above.total
            total = (above_total[0] + branch[0],) if len(branch) == 1 else _plus(above_total, branch)
        if type(model) is Terminal:
            own_texts = _texts(model.payoff, actors)
            total_here = (total[0] + own[0],) if len(own) == 1 else _plus(total, own)
        else:
            own, own_texts, total_here = zero, zero_texts, total
        k, index, up, depth, size = at
        return SceneNode(
            k, index, up, depth, size, KINDS[type(model)], model.name,
            model.owner if type(model) is Decision else None, model.notes, label, shown_p, p_text,
            complement, branch if above is not None else zero, branch_texts, own, own_texts, value,
            chosen, optimal, reach, total_here,
        )  # fmt: skip


def _plus(a: tuple[Any, ...], b: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _scene_nodes(
    tree: Tree, rolled: Rolled | None, choice: list[int] | None, numbers: _Numbers
) -> tuple[SceneNode, ...]:
    index = tree.index
    nodes, first = index.nodes, index.first_child
    # the root has no branch into it: zero payoff, probability 1
    places = _Places(tree.actors, numbers.payoff[0], numbers.probability[0], _texts(0, tree.actors))
    # Depth-first order, built iteratively: (index position, display parent, depth).
    order: list[tuple[int, int, int]] = []
    stack = [(0, -1, 0)]
    while stack:
        i, up, depth = stack.pop()
        here = len(order)
        order.append((i, up, depth))
        node = nodes[i]
        if not isinstance(node, Terminal):
            start = first[i]
            stack.extend((start + k, here, depth + 1) for k in reversed(range(len(node.branches))))
    sizes = [1] * len(order)
    for k in range(len(order) - 1, 0, -1):
        sizes[order[k][1]] += sizes[k]
    out: list[SceneNode] = []
    position_of = index.position
    values = None if rolled is None else rolled.value
    probability_of, payoff_of, own_of = numbers.probability, numbers.payoff, numbers.own
    node = places.node
    for k, (i, up, depth) in enumerate(order):
        above = order[up][0] if up >= 0 else -1
        out.append(
            node(
                (k, i, up, depth, sizes[k]),
                nodes[i],
                out[up] if up >= 0 else None,
                nodes[above] if up >= 0 else None,
                position_of[i],
                -1 if choice is None or up < 0 else choice[above],
                (probability_of[i], payoff_of[i], own_of[i], None if values is None else values[i]),
            )
        )
    return tuple(out)


def _shared_scene(tree: Tree, result: Result | None, choice: dict[int, int] | None) -> Scene:
    """The scene of a tree whose shared subtrees make it too large to draw path by path: each
    subtree is drawn in full at one place and folded at the others (``same_as``). That place is the
    first, depth first, on the way the policy goes (the decisions' marks), or the first of all
    when the way does not pass it."""
    flat = tree.flat
    exact = result is not None and result.exact
    probability, payoff, own, values = distinct_numbers(tree if result is None else result)
    node_values = None if result is None else _rows(distinct_values(result))
    below = flat.count_nodes_below()
    kind, start, child = flat.kind.tolist(), flat.start.tolist(), flat.child.tolist()
    zero = tuple(0 * x for x in own[0].tolist())
    places = _Places(tree.actors, zero, Fraction(1) if exact else 1.0, _texts(0, tree.actors))
    on_way = _on_the_way(tree, choice)
    out: list[SceneNode] = []
    distinct: list[int] = []  # the flat node drawn at each display position
    drawn: dict[int, int] = {}
    stack = [(0, -1, -1, 0)]  # (flat node, edge into it, display parent, depth)
    while stack:
        node, edge, up, depth = stack.pop()
        here = len(out)
        owner = distinct[up] if up >= 0 else -1
        chance = None if up < 0 or kind[owner] != CHANCE else probability[edge]
        place = places.node(
            (here, here, up, depth, 1),
            flat.nodes[node],
            out[up] if up >= 0 else None,
            flat.nodes[owner] if up >= 0 else None,
            edge - start[owner] if up >= 0 else -1,
            -1 if choice is None or up < 0 else choice.get(owner, -1),
            (
                chance if exact or chance is None else chance.item(),
                tuple(payoff[edge].tolist()) if up >= 0 else zero,
                tuple(own[node].tolist()),
                None if node_values is None else node_values[node],
            ),
        )
        full = kind[node] != TERMINAL and node not in drawn and (place.optimal or node not in on_way)
        if full:
            drawn[node] = here
            edges = reversed(range(start[node], start[node + 1]))
            stack.extend((child[e], e, here, depth + 1) for e in edges)
        elif kind[node] != TERMINAL:
            place = place._replace(same_as=0, hidden=below[node] - 1)  # the place in full: set below
        distinct.append(node)
        out.append(place)
    sizes = [1] * len(out)
    for k in range(len(out) - 1, 0, -1):
        sizes[out[k].parent] += sizes[k]
    nodes = tuple(
        node._replace(size=size, same_as=drawn[flat_node] if node.same_as >= 0 else -1)
        for node, size, flat_node in zip(out, sizes, distinct, strict=True)
    )
    return Scene(
        tree=tree,
        title=tree.name,
        description=tree.description,
        actors=tree.actors,
        nodes=nodes,
        parameters=_parameter_rows(tree, _Numbers([], [], [], dict(values), exact)),
        values=values,
        evaluated=result is not None,
        highlighted=choice is not None,
        exact=exact,
    )


def _on_the_way(tree: Tree, choice: dict[int, int] | None) -> set[int]:
    """The distinct nodes the marked way passes: every branch of a chance node, the marked branch
    of a decision (every branch of one without a mark)."""
    flat = tree.flat
    seen = {0}
    stack = [0]
    while stack:
        node = stack.pop()
        edges = flat.edges(node)
        mark = -1 if choice is None else choice.get(node, -1)
        for below in flat.children(node).tolist() if mark < 0 else [int(flat.child[edges[mark]])]:
            if below not in seen:
                seen.add(below)
                stack.append(below)
    return seen


def _parameter_rows(tree: Tree, numbers: _Numbers) -> tuple[ParameterRow, ...]:
    rows = []
    for parameter in tree.parameters:
        distribution = parameter.distribution
        rows.append(
            ParameterRow(
                name=parameter.name,
                value=numbers.values[parameter.name],
                formula=formula_text(parameter.value),
                low=parameter.low,
                high=parameter.high,
                distribution="" if distribution is None else repr(distribution),
                description=parameter.description,
                source=getattr(parameter, "source", ""),
            )
        )
    return tuple(rows)
