"""What every view draws: a tree or a result turned into plain rows, one per node.

A :class:`Scene` lists the nodes in display order (depth first, the branches in
their order, so a subtree is a contiguous run), each with its kind, name,
owner, notes, the branch into it (label, probability as a number and as a
formula, branch payoff), its own payoff, its rolled-back value, whether the
branch is chosen at a decision, whether it lies on the optimal path, its path
probability and total payoff; and the parameter table. The DOT, SVG, HTML and
text views read scenes, never the internals of a result.

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

import contextlib
import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, NamedTuple

import attrs
import sympy

from ..errors import DecisionTreeError, ModelError, RenderError
from ..model import Chance, Decision, Terminal, Tree
from ..values import COMPLEMENT, as_sympy

__all__ = [
    "Numbers",
    "ParameterRow",
    "Rolled",
    "Scene",
    "SceneNode",
    "build_scene",
    "building",
    "read_result",
    "split_subject",
    "sympy_form",
    "use_evaluator",
]

KINDS = {Decision: "decision", Chance: "chance", Terminal: "terminal"}

_evaluator: Callable[..., Any] | None = None


def use_evaluator(function: Callable[..., Any]) -> None:
    """Set the function that evaluates a bare tree when a view asks for values.

    The package installs :func:`decisiontree.evaluate` here when it is imported,
    so that views never import the evaluation layer themselves.
    """
    global _evaluator
    _evaluator = function


def sympy_form(value: Any) -> sympy.Expr:
    """The sympy form of a model value (a number or formula): the one way views read formulas."""
    return as_sympy(value)


@contextlib.contextmanager
def building() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big view is built (many small tuples,
    no cycles): it would otherwise rescan them over and over."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def split_subject(subject: Any, what: str) -> tuple[Tree, Any]:
    """``(tree, result)`` for a tree (``result`` is ``None``) or an evaluation result."""
    if isinstance(subject, Tree):
        return subject, None
    tree = getattr(subject, "tree", None)
    if isinstance(tree, Tree) and callable(getattr(subject, "node_value", None)):
        return tree, subject
    raise DecisionTreeError(f"{what}() needs a Tree or a Result, got {type(subject).__name__}")


# --------------------------------------------------------------------------- reading a result


@attrs.frozen
class Rolled:
    """What a view needs from an evaluation, per node in breadth-first order (as ``tree.index``)."""

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


def read_result(result: Any, *, node_values: bool = True) -> Rolled:
    """Everything the views take from a result, read through its public methods only.

    With ``node_values=False`` the node values are left out (``value`` is empty).
    """
    tree: Tree = result.tree
    index = tree.index
    actors = tree.actors
    size = len(index.nodes)
    if not node_values:
        value: list[tuple[Any, ...]] = []
    elif actors:
        value = [tuple(v[a] for a in actors) for v in map(result.node_value, range(size))]
    else:
        value = [(v,) for v in map(result.node_value, range(size))]
    chance = [type(node) is Chance for node in index.nodes]
    parent = index.parent
    probability: list[Any] = [1] * size
    for i in range(1, size):
        if chance[parent[i]]:
            probability[i] = result.branch_probability(i)
    chosen = [result.chosen_branch(i) if type(node) is Decision else -1 for i, node in enumerate(index.nodes)]
    return Rolled(value, probability, chosen, result.reach, dict(result.values), bool(result.exact))


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

    def path(self, node: SceneNode) -> tuple[str, ...]:
        """The branch labels from the root to ``node``."""
        labels = []
        while node.parent >= 0:
            labels.append(node.label or "")
            node = self.nodes[node.parent]
        return tuple(reversed(labels))


class Numbers:
    """Model values as numbers at given parameter values (formulas substituted, derived ones too)."""

    def __init__(self, tree: Tree, values: Mapping[str, Any], exact: bool) -> None:
        self.exact = exact
        self.values = {p.name: p.value for p in tree.parameters}
        self.values.update(values)
        self.cache: dict[Any, Any] = {}

    def __call__(self, value: Any) -> Any:
        kind = type(value)
        if kind is int or kind is float or kind is Fraction:
            return _exact(value) if self.exact else float(value)
        try:
            return self.cache[value]
        except KeyError:
            pass
        except TypeError:  # unhashable: not a model value
            raise RenderError(f"cannot show {value!r} as a number") from None
        expression = sympy_form(value)
        for _ in range(len(self.values) + 1):  # derived parameters: substitute until none is left
            if not expression.free_symbols:
                break
            expression = expression.xreplace(
                {
                    s: sympy_form(self.values[s.name])
                    for s in expression.free_symbols
                    if isinstance(s, sympy.Symbol) and s.name in self.values
                }
            )
        if expression.free_symbols:
            names = ", ".join(sorted(str(s) for s in expression.free_symbols))
            raise ModelError(f"no value for {names} to show {value}")
        number = expression if self.exact else float(expression)
        self.cache[value] = number
        return number

    @staticmethod
    def text(value: Any) -> str:
        """The formula of a value, ``""`` for a plain number."""
        kind = type(value)
        if kind is int or kind is float or kind is Fraction or value is None or value is COMPLEMENT:
            return ""
        return str(value) if sympy_form(value).free_symbols else ""


def _exact(value: Any) -> Any:
    return sympy_form(value)


def _check_values(tree: Tree, values: Any) -> None:
    if values is None:
        return
    if not isinstance(values, Mapping):
        raise RenderError(f"values must be a mapping {{parameter: number}}, got {values!r}")


def _policy_choice(tree: Tree, highlight: Any, rolled: Rolled | None) -> list[int] | None:
    """The branch position to mark at every decision (-1: none), or ``None`` for no marks."""
    if highlight is None or highlight is False:
        return None
    index = tree.index
    if highlight is True:
        return None if rolled is None else rolled.chosen
    if not isinstance(highlight, Mapping):
        raise RenderError(f"highlight must be True, False or a policy {{path: label}}, got {highlight!r}")
    choice = [-1] * len(index.nodes)
    for path, label in highlight.items():
        if isinstance(path, str) or not isinstance(path, tuple):
            raise RenderError(f"highlight: policy keys are paths (tuples of branch labels), got {path!r}")
        try:
            i = index.find(path)
        except KeyError as error:
            raise ModelError(f"highlight: {error.args[0]}", path) from None
        node = index.nodes[i]
        if type(node) is not Decision:
            raise ModelError("highlight: this node is not a decision", path)
        labels = [b.label for b in node.branches]
        if label not in labels:
            raise ModelError(f"highlight: no branch {label!r}; branches are {labels}", path)
        choice[i] = labels.index(label)
    return choice


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
    _check_values(tree, values)
    if result is None and (values is not None or evaluate or highlight is True):
        if _evaluator is None:  # pragma: no cover - the package installs it on import
            raise RenderError("no evaluator installed: pass a Result to show values")
        result = _evaluator(tree, values)
    rolled = read_result(result) if result is not None else None
    if highlight is None:
        highlight = rolled is not None
    choice = _policy_choice(tree, highlight, rolled)
    numbers = Numbers(tree, rolled.values if rolled else {}, rolled.exact if rolled else False)
    nodes = _scene_nodes(tree, rolled, choice, numbers)
    return Scene(
        tree=tree,
        title=tree.name,
        description=tree.description,
        actors=tree.actors,
        nodes=nodes,
        parameters=_parameter_rows(tree, numbers),
        values=dict(numbers.values),
        evaluated=rolled is not None,
        highlighted=choice is not None,
        exact=numbers.exact,
    )


def _components(
    value: Any, actors: Sequence[str], numbers: Numbers
) -> tuple[tuple[Any, ...], tuple[str, ...]]:
    """A payoff as numbers and formula texts, one per actor."""
    if not actors:
        return (numbers(value),), (numbers.text(value),)
    parts = [value[a] for a in actors] if isinstance(value, Mapping) else [value] * len(actors)
    return tuple(numbers(v) for v in parts), tuple(numbers.text(v) for v in parts)


def _scene_nodes(
    tree: Tree, rolled: Rolled | None, choice: list[int] | None, numbers: Numbers
) -> tuple[SceneNode, ...]:
    index = tree.index
    nodes, first = index.nodes, index.first_child
    actors = tree.actors
    zero_numbers, zero_texts = _components(0, actors, numbers)
    one = numbers(1)
    # Depth-first order, built iteratively: (breadth-first index, display parent, depth).
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
    optimal: list[bool] = []
    path_probability: list[Any] = []
    totals: list[tuple[Any, ...]] = []
    complements: dict[int, Any] = {}
    cache: dict[Any, tuple[tuple[Any, ...], tuple[str, ...]]] = {}

    def components(value: Any) -> tuple[tuple[Any, ...], tuple[str, ...]]:
        try:
            return cache[value]
        except KeyError:
            found = cache[value] = _components(value, actors, numbers)
            return found
        except TypeError:  # pragma: no cover - model values are hashable
            return _components(value, actors, numbers)

    position_of = index.position
    values = None if rolled is None else rolled.value
    scalar = not actors
    for k, (i, up, depth) in enumerate(order):
        node = nodes[i]
        kind = KINDS[type(node)]
        label = None
        probability: Any = None
        probability_text = ""
        complement = False
        branch_numbers, branch_texts = zero_numbers, zero_texts
        chosen: bool | None = None
        if up < 0:
            on_path, reach, total = True, one, zero_numbers
        else:
            parent_index = order[up][0]
            parent = nodes[parent_index]
            position = position_of[i]
            branch = parent.branches[position]  # type: ignore[union-attr]
            label = branch.label
            branch_numbers, branch_texts = components(branch.payoff)
            on_path = optimal[up]
            reach = path_probability[up]
            if type(parent) is Chance:
                complement = branch.probability is COMPLEMENT
                if rolled is not None:
                    probability = rolled.probability[i]
                elif complement:
                    probability = complements.get(parent_index)
                    if probability is None:
                        others = [
                            numbers(b.probability) for b in parent.branches if b.probability is not COMPLEMENT
                        ]
                        probability = complements[parent_index] = one - sum(others, numbers(0))
                else:
                    probability = numbers(branch.probability)
                if not complement:
                    probability_text = numbers.text(branch.probability)
                reach = reach * probability
            elif choice is not None and choice[parent_index] >= 0:
                chosen = choice[parent_index] == position
                on_path = on_path and chosen
            above = totals[up]
            if scalar:
                total = (above[0] + branch_numbers[0],)
            else:
                total = tuple(a + b for a, b in zip(above, branch_numbers, strict=True))
        if kind == "terminal":
            own, own_text = components(node.payoff)  # type: ignore[union-attr]
            if scalar:
                shown_total = (total[0] + own[0],)
            else:
                shown_total = tuple(a + b for a, b in zip(total, own, strict=True))
        else:
            own, own_text, shown_total = zero_numbers, zero_texts, total
        optimal.append(on_path)
        path_probability.append(reach)
        totals.append(total)
        out.append(
            SceneNode(
                k,
                i,
                up,
                depth,
                sizes[k],
                kind,
                node.name,
                node.owner if type(node) is Decision else None,
                node.notes,
                label,
                probability,
                probability_text,
                complement,
                branch_numbers,
                branch_texts,
                own,
                own_text,
                None if values is None else values[i],
                chosen,
                on_path,
                reach,
                shown_total,
            )
        )
    return tuple(out)


def _parameter_rows(tree: Tree, numbers: Numbers) -> tuple[ParameterRow, ...]:
    rows = []
    for parameter in tree.parameters:
        raw = numbers.values[parameter.name]
        formula = numbers.text(parameter.value)
        value = numbers(raw)
        distribution = parameter.distribution
        rows.append(
            ParameterRow(
                name=parameter.name,
                value=value,
                formula=formula,
                low=parameter.low,
                high=parameter.high,
                distribution="" if distribution is None else repr(distribution),
                description=parameter.description,
                source=getattr(parameter, "source", ""),
            )
        )
    return tuple(rows)
