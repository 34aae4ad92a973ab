"""Hypothesis strategies for property-based tests of decision-tree models.

Shaped like hypothesis's own ``extra`` modules: every strategy is a function
named as a plural noun that returns a ``SearchStrategy``, options are
keyword-only, and bad arguments raise :class:`hypothesis.errors.InvalidArgument`
when the strategy is created, not when it is drawn from.

Import it as ``from decisiontree import strategies as dt_st``. When the
package is installed, ``st.from_type(dt.Tree)`` uses :func:`trees` too.

>>> from hypothesis import given, settings
>>> import decisiontree as dt
>>> from decisiontree import strategies as dt_st
>>> @settings(max_examples=20)
... @given(dt_st.trees(actors=["EU", "US"]))
... def test_every_decision_has_a_choice(tree):
...     result = dt.evaluate(tree)
...     assert set(result.policy) == {p for p, n in tree.walk() if isinstance(n, dt.Decision)}
>>> test_every_decision_has_a_choice()
"""

from __future__ import annotations

import contextvars
import functools
import math
import string
from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import attrs
import numpy as np
import sympy

from .distributions import finite_draws
from .errors import DecisionTreeError, ModelError, among, brief, called, items
from .model import Branch, Chance, Decision, Node, Parameter, Terminal, Tree
from .number import as_fraction, fits_float
from .values import COMPLEMENT


def _hypothesis_setup_hook() -> None:
    """Register strategies with hypothesis, so ``st.from_type(dt.Tree)`` draws :func:`trees`.

    Hypothesis calls this (the package's ``hypothesis`` entry point) while it
    is being imported, possibly from the import of this very module below:
    so it is defined before that import and looks :func:`trees` up only when
    a tree is asked for.
    """
    from hypothesis import strategies

    strategies.register_type_strategy(Tree, lambda _: trees())


from hypothesis import strategies as st  # noqa: E402  (after the hook: see its docstring)
from hypothesis.errors import InvalidArgument  # noqa: E402

__all__ = [
    "chance_nodes",
    "decision_nodes",
    "parameter_values",
    "payoffs",
    "policies",
    "probabilities",
    "terminals",
    "trees",
    "values",
]

Number: TypeAlias = int | float | Fraction
Path: TypeAlias = tuple[str, ...]

MAX_BRANCHES = 10_000
"""The most branches (and probabilities) a strategy draws for one node: hypothesis's lists are drawn
from a buffer of a few kilobytes, so more would never be drawn."""

KINDS = ("decision", "chance")
"""The kinds of inner node :func:`trees` can draw."""

MAX_DEPTH = 40
"""The deepest trees :func:`trees` draws: each level is a nested draw, within hypothesis's nesting limit."""

_WEIGHTS = st.integers(min_value=0, max_value=9)
"""Relative weights of a chance node's branches; all zero means equally likely."""


# --------------------------------------------------------------------------- argument checks


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise InvalidArgument(message)


def _check_number(value: Any, name: str) -> None:
    _check(
        isinstance(value, (int, float, Fraction)) and not isinstance(value, bool),
        f"{name} must be a number (int, float or Fraction), got {brief(value)}",
    )
    _check(fits_float(value), f"{name} must be finite and within float range, got {brief(value)}")


def _check_bounds(min_value: Any, max_value: Any) -> None:
    _check_number(min_value, "min_value")
    _check_number(max_value, "max_value")
    _check(
        as_fraction(min_value) <= as_fraction(max_value),
        f"min_value={brief(min_value)} must not be above max_value={brief(max_value)}",
    )


def _check_count(value: Any, name: str, minimum: int, maximum: int | None = None) -> None:
    _check(
        isinstance(value, int) and not isinstance(value, bool) and value >= minimum,
        f"{name} must be an integer >= {minimum}, got {brief(value)}",
    )
    if maximum is not None:
        _check(value <= maximum, f"{name} must be at most {maximum:,}, got {brief(value)}")


def _check_flag(value: Any, name: str) -> None:
    _check(isinstance(value, bool), f"{name} must be True or False, got {brief(value)}")


def _check_actors(actors: Any) -> tuple[str, ...] | None:
    if actors is None:
        return None
    names = items(actors, "actors", "names such as ['EU', 'US'] (or None)", InvalidArgument)
    _check(len(names) > 0, "actors must name at least one actor (or be None for plain-number payoffs)")
    for name in names:
        _check(isinstance(name, str) and bool(name), f"actors must be non-empty strings, got {brief(name)}")
    _check(len(set(names)) == len(names), f"actors must be distinct, got {list(names)}")
    return names


def _as_strategy(value: Any, name: str, check: Callable[[Any], Any]) -> st.SearchStrategy[Any]:
    """A strategy as it is; any other value as ``st.just(value)``, once ``check`` (a rule of the
    model, raising its error) accepts it: a bad value is refused here, not at every draw."""
    if isinstance(value, st.SearchStrategy):
        return value
    _check(value is not None, f"{name} must be a value or a strategy, got None")
    try:
        check(value)
    except DecisionTreeError as error:
        raise InvalidArgument(f"{name}: {error}") from None
    return st.just(value)


def _payoff(value: Any) -> None:
    Tree(Terminal("payoff", payoff=value))  # the model's rules for a payoff, finite included


def _node(value: Any) -> None:
    if not isinstance(value, (Terminal, Chance, Decision)):
        raise ModelError(f"a node (Terminal, Chance or Decision) or a strategy of nodes, got {brief(value)}")


def _check_tree(tree: Any) -> None:
    _check(
        isinstance(tree, Tree), f"tree must be a decisiontree.Tree, got {type(tree).__name__} {brief(tree)}"
    )


# --------------------------------------------------------------------------- numbers


def values(
    *, min_value: Number = -100, max_value: Number = 100, exact: bool = True
) -> st.SearchStrategy[Number]:
    """Numbers for payoffs: ints and Fractions, or floats with ``exact=False``.

    Parameters
    ----------
    min_value, max_value : number
        Inclusive bounds.
    exact : bool
        ``True`` draws ints and Fractions (exact in every evaluation mode);
        ``False`` draws finite floats.

    A float bound means its decimal value, as everywhere in the library
    (``min_value=0.1`` is 1/10). Exact draws are integers and fractions of
    denominator at most 12; where none lies between the bounds (both within
    1e-300 of each other, say), the bounds themselves.

    Examples from this strategy shrink towards 0 (or the bound nearest to it),
    and towards integers.

    >>> from hypothesis import find
    >>> find(values(min_value=3), lambda x: True)
    3
    >>> find(values(exact=False), lambda x: x > 1.5)
    2.0
    >>> find(values(min_value=0.1, max_value=0.2), lambda x: True)
    Fraction(1, 10)
    >>> find(values(min_value=1e-300, max_value=2e-300), lambda x: True)  # doctest: +ELLIPSIS
    Fraction(1, 1000...000)
    """
    _check_bounds(min_value, max_value)
    _check_flag(exact, "exact")
    if not exact:
        return st.floats(
            min_value=_float_bound(min_value, 1), max_value=_float_bound(max_value, -1), allow_nan=False
        )
    low, high = as_fraction(min_value), as_fraction(max_value)
    # the fractions of denominator at most 12 nearest the bounds, inside them
    first = min(Fraction(math.ceil(low * d), d) for d in range(1, 13))
    last = max(Fraction(math.floor(high * d), d) for d in range(1, 13))
    if first > last:
        return st.sampled_from(sorted({low, high}, key=abs))
    fractions = st.fractions(min_value=first, max_value=last, max_denominator=12)
    if math.ceil(low) > math.floor(high):
        return fractions
    return st.integers(min_value=math.ceil(low), max_value=math.floor(high)) | fractions


def _float_bound(bound: Number, inward: int) -> float:
    """A bound as a float: a float as it is, an int or Fraction rounded towards the inside of the
    interval (up for a lower bound, ``inward`` 1; down for an upper bound, -1)."""
    nearest = float(bound)
    if type(bound) is float or nearest * inward >= bound * inward:
        return nearest
    return math.nextafter(nearest, inward * math.inf)


def probabilities(
    n: int | st.SearchStrategy[int], *, exact: bool = True
) -> st.SearchStrategy[tuple[Number, ...]]:
    """Probability vectors of length ``n``: Fractions summing to exactly 1.

    Parameters
    ----------
    n : int or strategy of ints
        The number of probabilities (at least 1).
    exact : bool
        ``True`` gives Fractions whose sum is exactly 1; ``False`` gives floats
        whose sum is within 1e-9 of 1.

    Entries may be 0. Examples shrink towards the uniform vector.

    >>> from hypothesis import find
    >>> find(probabilities(3), lambda p: True)
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    >>> find(probabilities(2, exact=False), lambda p: p[0] > p[1])
    (1.0, 0.0)
    """
    _check_flag(exact, "exact")
    if isinstance(n, st.SearchStrategy):
        return n.flatmap(lambda size: probabilities(size, exact=exact))
    _check_count(n, "n", 1, MAX_BRANCHES)
    return st.lists(_WEIGHTS, min_size=n, max_size=n).map(lambda w: _normalise(w, exact))


def _normalise(weights: Sequence[int], exact: bool) -> tuple[Number, ...]:
    total = sum(weights)
    if total == 0:
        weights, total = [1] * len(weights), len(weights)
    if exact:
        return tuple(Fraction(w, total) for w in weights)
    return tuple(w / total for w in weights)


def payoffs(
    *,
    actors: Sequence[str] | None = None,
    min_value: Number = -100,
    max_value: Number = 100,
    exact: bool = True,
) -> st.SearchStrategy[Any]:
    """Payoffs: a number, or ``{actor: number}`` when ``actors`` are given.

    Parameters
    ----------
    actors : sequence of str, optional
        The payoff keys (actors or criteria); ``None`` for plain numbers.
    min_value, max_value, exact
        As for :func:`values`, for every component.

    Examples shrink towards 0 for every actor.

    >>> from hypothesis import find
    >>> find(payoffs(actors=["EU", "US"]), lambda p: p["US"] >= 5)
    {'EU': 0, 'US': 5}
    """
    names = _check_actors(actors)
    numbers = values(min_value=min_value, max_value=max_value, exact=exact)
    if names is None:
        return numbers
    return _in_order(names, numbers)


_payoffs = payoffs  # for the functions below whose `payoffs` argument hides it


def _in_order(actors: Sequence[str], each: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """``{actor: value}`` with the actors in the order given."""
    return st.fixed_dictionaries(dict.fromkeys(actors, each)).map(lambda d: {a: d[a] for a in actors})


# --------------------------------------------------------------------------- nodes


def _label(position: int) -> str:
    """Branch labels by position: "a", "b", ... then "a1", "b1", ..."""
    letter = string.ascii_lowercase[position % 26]
    return letter if position < 26 else f"{letter}{position // 26}"


def terminals(*, payoffs: Any = None, name: str = "end") -> st.SearchStrategy[Terminal]:
    """Terminal nodes whose payoff comes from ``payoffs``.

    Parameters
    ----------
    payoffs : strategy or value, optional
        The terminal's payoff (a strategy, or one fixed payoff); default
        :func:`payoffs` with its defaults.
    name : str
        The node name.

    Examples shrink towards a payoff of 0.

    >>> from hypothesis import find
    >>> find(terminals(), lambda t: t.payoff < 0)
    Terminal('end', payoff=-1)
    """
    _check(isinstance(name, str), f"name must be a string, got {brief(name)}")
    source = _payoffs() if payoffs is None else _as_strategy(payoffs, "payoffs", _payoff)
    return st.builds(Terminal, st.just(name), source)


def _children(children: Any, max_branches: int) -> st.SearchStrategy[list[Node]]:
    _check_count(max_branches, "max_branches", 1, MAX_BRANCHES)
    source = _as_strategy(children, "children", _node)
    return st.lists(source, min_size=1, max_size=max_branches)


def chance_nodes(
    children: Any,
    *,
    max_branches: int = 3,
    exact: bool = True,
    complement: bool = False,
    branch_payoffs: Any = 0,
    name: str = "chance",
) -> st.SearchStrategy[Chance]:
    """Chance nodes with 1 to ``max_branches`` branches into ``children``.

    Parameters
    ----------
    children : strategy of nodes, or a node
        Where each branch leads, e.g. :func:`terminals`.
    max_branches : int
        The most branches a node has.
    exact : bool
        Probabilities as Fractions summing to exactly 1, or floats (``False``).
    complement : bool
        Let the last branch take ``COMPLEMENT`` (the rest of the probability).
    branch_payoffs : strategy or value
        The payoff of each branch (default 0, valid in any tree).
    name : str
        The node name.

    Branch labels are "a", "b", "c", ... Examples shrink towards one branch,
    then towards equally likely branches.

    >>> from hypothesis import find
    >>> find(chance_nodes(terminals()), lambda node: len(node.branches) > 1)
    Chance('chance', (Branch('a', Terminal('end'), probability=Fraction(1, 2)), \
Branch('b', Terminal('end'), probability=Fraction(1, 2))))
    """
    _check_flag(exact, "exact")
    _check_flag(complement, "complement")
    _check(isinstance(name, str), f"name must be a string, got {brief(name)}")
    nodes = _children(children, max_branches)
    extras = _as_strategy(branch_payoffs, "branch_payoffs", _payoff)

    @st.composite
    def build(draw: Callable[..., Any]) -> Chance:
        targets = draw(nodes)
        weights = [draw(_WEIGHTS) for _ in targets]
        use_complement = complement and len(targets) > 1 and draw(st.booleans())
        chances: list[Any] = list(_normalise(weights, exact))
        if use_complement:
            chances[-1] = COMPLEMENT
        branches = [
            Branch(_label(k), node, probability=p, payoff=draw(extras))
            for k, (node, p) in enumerate(zip(targets, chances, strict=True))
        ]
        return Chance(name, branches)

    return build()


def decision_nodes(
    children: Any,
    *,
    owners: Any = None,
    max_branches: int = 3,
    branch_payoffs: Any = 0,
    name: str = "decision",
) -> st.SearchStrategy[Decision]:
    """Decision nodes with 1 to ``max_branches`` options leading to ``children``.

    Parameters
    ----------
    children : strategy of nodes, or a node
        Where each option leads, e.g. :func:`terminals`.
    owners : sequence of str, strategy or None
        Who decides: ``None`` for unowned decisions, a sequence of actor
        names to pick from, or a strategy of owners.
    max_branches : int
        The most options a decision has.
    branch_payoffs : strategy or value
        The payoff of each option (default 0, valid in any tree).
    name : str
        The node name.

    Option labels are "a", "b", "c", ... Examples shrink towards one option
    and towards the first owner.

    >>> from hypothesis import find
    >>> find(decision_nodes(terminals(), owners=["EU", "US"]), lambda node: True)
    Decision('decision', (Branch('a', Terminal('end')),), owner='EU')
    """
    _check(isinstance(name, str), f"name must be a string, got {brief(name)}")
    nodes = _children(children, max_branches)
    extras = _as_strategy(branch_payoffs, "branch_payoffs", _payoff)
    who: st.SearchStrategy[str | None]
    if owners is None:
        who = st.none()
    elif isinstance(owners, st.SearchStrategy):
        who = owners
    else:
        names = _check_actors(owners)
        assert names is not None
        who = st.sampled_from(names)

    @st.composite
    def build(draw: Callable[..., Any]) -> Decision:
        owner = draw(who)
        targets = draw(nodes)
        branches = [Branch(_label(k), node, payoff=draw(extras)) for k, node in enumerate(targets)]
        return Decision(name, branches, owner=owner)

    return build()


# --------------------------------------------------------------------------- trees


@attrs.frozen
class _Shape:
    """The options of :func:`trees`, checked."""

    max_leaves: int
    max_depth: int
    max_branches: int
    kinds: tuple[str, ...]
    actors: tuple[str, ...] | None
    exact: bool
    complement: bool
    symbolic: bool
    parameters: int
    min_value: Number
    max_value: Number


def trees(
    *,
    max_leaves: int = 10,
    max_depth: int = 4,
    max_branches: int = 3,
    kinds: Sequence[str] = KINDS,
    actors: Sequence[str] | None = None,
    exact: bool = True,
    complement: bool = True,
    symbolic: bool = False,
    parameters: int = 2,
    min_value: Number = -100,
    max_value: Number = 100,
) -> st.SearchStrategy[Tree]:
    """Valid decision trees of bounded size.

    Parameters
    ----------
    max_leaves : int
        The most terminal nodes in a tree.
    max_depth : int
        The most branches on a path from the root (0: the root is a terminal;
        at most ``MAX_DEPTH``, 40).
    max_branches : int
        The most branches at any node.
    kinds : sequence of "decision", "chance"
        The kinds of inner node to use.
    actors : sequence of str, optional
        With actors, payoffs are ``{actor: number}`` mappings and every
        decision is owned by one of the actors; without, payoffs are numbers.
    exact : bool
        Numbers as ints and Fractions (probabilities summing to exactly 1), or
        floats with ``exact=False``.
    complement : bool
        Let chance nodes use ``COMPLEMENT`` on their last branch.
    symbolic : bool
        Let probabilities and payoffs be expressions of parameters the tree
        declares, each with a range. A chance node's probabilities are then
        ``p`` and shares of ``1 - p``, so they stay valid over the whole range.
    parameters : int
        With ``symbolic=True``, the most probability parameters (``p1``, ...)
        and the most payoff parameters (``v1``, ...) a tree declares.
    min_value, max_value : number
        Bounds of every numeric payoff and of the payoff parameters' ranges.

    Nodes are named after their kind and the order they were drawn in
    ("decision 1", "chance 2", "end 3"); branch labels are "a", "b", ...
    Trees are drawn node by node (a node's branches one after another), so
    failing examples shrink to few, shallow nodes: towards a lone terminal,
    then towards fewer branches, earlier kinds, zero payoffs and equally
    likely outcomes.

    >>> from hypothesis import find, settings
    >>> def leaves(tree):
    ...     return sum(isinstance(node, Terminal) for node in tree.index.nodes)
    >>> once = settings(derandomize=True, database=None)
    >>> tree = find(trees(), lambda tree: leaves(tree) >= 3, settings=once)
    >>> [type(node).__name__ for node in tree.index.nodes]
    ['Decision', 'Terminal', 'Terminal', 'Terminal']
    """
    _check_count(max_leaves, "max_leaves", 1)
    _check_count(max_depth, "max_depth", 0)
    _check(
        max_depth <= MAX_DEPTH,
        f"max_depth must be at most {MAX_DEPTH} (hypothesis draws each level as a nested draw), "
        f"got {brief(max_depth)}; build deeper trees with the model classes directly",
    )
    _check_count(max_branches, "max_branches", 1, MAX_BRANCHES)
    kinds = items(kinds, "kinds", f"kinds drawn from {list(KINDS)}", InvalidArgument)
    _check(len(kinds) > 0, f"kinds must name at least one of {list(KINDS)}")
    for kind in kinds:
        _check(among(kind, KINDS), f"kinds must be drawn from {list(KINDS)}, got {brief(kind)}")
    _check(len(set(kinds)) == len(kinds), f"kinds must not repeat, got {list(kinds)}")
    names = _check_actors(actors)
    _check_flag(exact, "exact")
    _check_flag(complement, "complement")
    _check_flag(symbolic, "symbolic")
    _check_count(parameters, "parameters", 1)
    _check_bounds(min_value, max_value)
    shape = _Shape(
        max_leaves, max_depth, max_branches, kinds, names, exact, complement, symbolic, parameters,
        min_value, max_value,
    )  # fmt: skip
    return _trees(shape)


@attrs.define
class _Drawing:
    """The state of one tree being drawn: what its nodes draw from, and what they made so far."""

    shape: _Shape
    payoff: st.SearchStrategy[Any]
    chances: st.SearchStrategy[Parameter] | None
    kinds: st.SearchStrategy[str]
    owners: st.SearchStrategy[str | None]
    first: bool = True
    nodes: int = 0
    leaves: int = 0


_DRAWING: contextvars.ContextVar[_Drawing] = contextvars.ContextVar("decisiontree_tree_drawing")
"""The tree being drawn; its node strategies are built once per :func:`trees` call and read it."""


@st.composite
def _trees(draw: Callable[..., Any], shape: _Shape) -> Tree:
    chances: list[Parameter] = []
    amounts: list[Parameter] = []
    if shape.symbolic:
        chances = draw(st.lists(_chance_parameters(), min_size=1, max_size=shape.parameters))
        amounts = draw(st.lists(_payoff_parameters(shape), min_size=1, max_size=shape.parameters))
        chances = [attrs.evolve(p, name=f"p{k + 1}") for k, p in enumerate(chances)]
        amounts = [attrs.evolve(p, name=f"v{k + 1}") for k, p in enumerate(amounts)]
    drawing = _Drawing(
        shape,
        payoff=_tree_payoffs(shape, amounts),
        chances=st.sampled_from(chances) if chances else None,
        kinds=st.sampled_from(("end", *shape.kinds)),
        owners=st.sampled_from(shape.actors) if shape.actors else st.none(),
    )
    token = _DRAWING.set(drawing)
    try:
        node = draw(_root_nodes(shape))
    finally:
        _DRAWING.reset(token)
    return Tree(node, chances + amounts)


@functools.lru_cache(maxsize=64)
def _root_nodes(shape: _Shape) -> st.SearchStrategy[Node]:
    """The strategy of a tree's root: nodes at each depth, built from the deepest up (no recursion).

    Each subtree and each branch is one nested draw, which is what lets
    hypothesis shrink a tree by deleting a branch or by replacing a node
    with one of its subtrees. Nesting is bounded by ``max_depth``.
    """
    branches: st.SearchStrategy[Any] | None = None
    nodes: st.SearchStrategy[Node] = st.nothing()
    for depth in reversed(range(shape.max_depth + 1)):
        nodes = _nodes(depth, branches)
        branches = _branches(nodes)
    return nodes


@st.composite
def _nodes(draw: Callable[..., Any], depth: int, branches: st.SearchStrategy[Any] | None) -> Node:
    """A node at ``depth``: a terminal, or an inner node with ``branches`` (none below ``max_depth``)."""
    drawing = _DRAWING.get()
    drawing.nodes += 1
    count = drawing.nodes
    kind = "end" if branches is None else draw(drawing.kinds)
    if kind == "end" or branches is None:
        drawing.leaves += 1
        return Terminal(f"end {count}", payoff=draw(drawing.payoff))
    owner = draw(drawing.owners) if kind == "decision" else None
    drawn: list[tuple[Any, int, Node]] = []
    while len(drawn) < drawing.shape.max_branches:
        drawing.first = not drawn
        item = draw(branches)
        if item is None:
            break
        drawn.append(item)
    labels = [_label(k) for k in range(len(drawn))]
    payoffs = [payoff for payoff, _, _ in drawn]
    nodes = [node for _, _, node in drawn]
    if kind == "decision":
        options = [
            Branch(label, node, payoff=payoff)
            for label, node, payoff in zip(labels, nodes, payoffs, strict=True)
        ]
        return Decision(f"decision {count}", options, owner=owner)
    chances = _chances(draw, drawing, [weight for _, weight, _ in drawn])
    return Chance(
        f"chance {count}",
        [
            Branch(label, node, probability=chance, payoff=payoff)
            for label, node, chance, payoff in zip(labels, nodes, chances, payoffs, strict=True)
        ],
    )


def _chances(draw: Callable[..., Any], drawing: _Drawing, weights: list[int]) -> list[Any]:
    """A chance node's probabilities: numbers from the weights, or ``p`` and shares of ``1 - p``."""
    n = len(weights)
    p: list[Any]
    if drawing.chances is not None and n > 1 and draw(st.booleans()):
        share = draw(drawing.chances).symbol
        rest = [Fraction(w) for w in _normalise(weights[1:], exact=True)]
        p = [share, *((1 - share) * sympy.Rational(w.numerator, w.denominator) for w in rest)]
    else:
        p = list(_normalise(weights, drawing.shape.exact))
    if drawing.shape.complement and n > 1 and draw(st.booleans()):
        p[-1] = COMPLEMENT
    return p


@st.composite
def _branches(draw: Callable[..., Any], nodes: st.SearchStrategy[Node]) -> tuple[Any, int, Node] | None:
    """One branch: its payoff, its weight (used by chance nodes) and its subtree; ``None`` for no more.

    Like an element of ``st.lists``, each branch first draws whether it is
    there at all (ignored for a node's first branch, which is always there),
    so deleting any one branch's draws leaves a valid tree. There is no
    other branch once the tree has ``max_leaves`` terminals: each branch adds
    at least one.
    """
    drawing = _DRAWING.get()
    if drawing.leaves >= drawing.shape.max_leaves:
        return None
    there = draw(st.booleans())
    if not (there or drawing.first):
        return None
    payoff = draw(drawing.payoff)
    weight = draw(_WEIGHTS)
    return payoff, weight, draw(nodes)


def _chance_parameters() -> st.SearchStrategy[Parameter]:
    """Probability parameters: base value midway in a range inside [0, 1]; shrink to [0, 1]."""

    def build(steps: tuple[int, int]) -> Parameter:
        low, high = Fraction(steps[0], 20), 1 - Fraction(steps[1], 20)
        return Parameter("p", (low + high) / 2, low=low, high=high)

    steps = st.tuples(st.integers(0, 10), st.integers(0, 10))
    return steps.map(build)


def _payoff_parameters(shape: _Shape) -> st.SearchStrategy[Parameter]:
    """Payoff parameters: a base value with a range inside [min_value, max_value]."""
    numbers = values(min_value=shape.min_value, max_value=shape.max_value, exact=shape.exact)

    def build(drawn: tuple[Number, int, int]) -> Parameter:
        value, below, above = drawn
        low = min(value, max(shape.min_value, value - 10 + below))
        high = max(value, min(shape.max_value, value + 10 - above))
        return Parameter("v", value, low=low, high=high)

    return st.tuples(numbers, st.integers(0, 10), st.integers(0, 10)).map(build)


def _tree_payoffs(shape: _Shape, amounts: list[Parameter]) -> st.SearchStrategy[Any]:
    """Terminal and branch payoffs: numbers, or (symbolic) a payoff parameter or the mean of two."""
    scalar: st.SearchStrategy[Any] = values(
        min_value=shape.min_value, max_value=shape.max_value, exact=shape.exact
    )
    if amounts:
        symbols = [p.symbol for p in amounts]
        one = st.sampled_from(symbols)
        mean = st.tuples(one, one).map(lambda pair: (pair[0] + pair[1]) / 2)
        scalar = scalar | one | mean
    if shape.actors is None:
        return scalar
    return _in_order(shape.actors, scalar)


# --------------------------------------------------------------------------- parameter values and policies


def parameter_values(
    tree: Tree,
    *,
    within: str = "range",
    names: Iterable[str] | None = None,
    exact: bool = False,
) -> st.SearchStrategy[dict[str, Number]]:
    """Values for every parameter of ``tree``, as ``{name: number}`` for ``evaluate``.

    Parameters
    ----------
    tree : Tree
        The model whose parameters to vary.
    within : "range" or "distribution"
        ``"range"``: each parameter with a range (``low`` and ``high``) takes
        values in it; ``"distribution"``: each parameter with a distribution
        takes values its distribution can produce: anywhere in its
        ``support`` when that is a finite interval, else through its
        quantile function ``ppf``, else from its ``sample(rng, n)``. The other
        parameters stay at their base value.
    names : iterable of str, optional
        Vary only these parameters (the others stay at their base value).
    exact : bool
        Fractions instead of floats (for ranges and finite supports), for
        ``evaluate(..., exact=True)``.

    Examples shrink towards the parameters' base values; a parameter that
    has to move for a test to fail moves to a simple point, often an end of
    its range.

    >>> from hypothesis import find
    >>> import decisiontree as dt
    >>> p = dt.Parameter("p", 0.5, low=0.2, high=0.9)
    >>> tree = dt.Tree(dt.Chance("coin", [
    ...     dt.Branch("heads", dt.Terminal("H", payoff=1), probability=p),
    ...     dt.Branch("tails", dt.Terminal("T"), probability=dt.COMPLEMENT),
    ... ]), parameters=[p])
    >>> find(parameter_values(tree), lambda v: True)
    {'p': 0.5}
    >>> find(parameter_values(tree), lambda v: v["p"] < 0.3)["p"] >= 0.2
    True
    """
    _check_tree(tree)
    _check(
        among(within, ("range", "distribution")),
        f"within must be 'range' or 'distribution', got {brief(within)}",
    )
    _check_flag(exact, "exact")
    declared = [p.name for p in tree.parameters if not p.derived]
    varied = set(declared)
    if names is not None:
        given = items(names, "names", "parameter names", InvalidArgument)
        for name in given:
            unknown = f"names: {brief(name)} is not a parameter of the tree; it has {declared}"
            _check(among(name, declared), unknown)
        varied = set(given)
    strategies: dict[str, st.SearchStrategy[Number]] = {}
    for parameter in tree.parameters:
        if parameter.derived:
            continue  # computed from the others
        base: Number = as_fraction(parameter.value) if exact else float(parameter.value)  # type: ignore[arg-type]
        source: st.SearchStrategy[Number] = st.just(base)
        if parameter.name in varied:
            if within == "range" and parameter.has_range and parameter.low != parameter.high:
                source = _within_range(parameter, exact)
            elif within == "distribution" and parameter.distribution is not None:
                source = _from_distribution(parameter, exact)
        strategies[parameter.name] = source
    return st.fixed_dictionaries(strategies)


def _within_range(parameter: Parameter, exact: bool) -> st.SearchStrategy[Number]:
    """Values in the parameter's range."""
    assert parameter.low is not None
    assert parameter.high is not None
    return _between(parameter.value, parameter.low, parameter.high, exact)  # type: ignore[arg-type]


def _between(base: Number, low: Number, high: Number, exact: bool) -> st.SearchStrategy[Number]:
    """Values in [low, high]: a step from ``base`` towards ``low`` or ``high``, shrinking to no step.

    ``base`` outside the interval is first moved to its nearest end.
    """
    if exact:
        lo, hi = as_fraction(low), as_fraction(high)
        start = min(hi, max(lo, as_fraction(base)))

        def exact_step(t: int) -> Number:
            return start + ((hi - start) if t >= 0 else (start - lo)) * Fraction(t, 100)

        return st.integers(-100, 100).map(exact_step)
    flo, fhi = float(low), float(high)
    fstart = min(fhi, max(flo, float(base)))

    def float_step(t: float) -> Number:
        end = fhi if t >= 0 else flo  # a weighted mean of two floats: no overflow near the float range's ends
        moved = fstart * (1 - abs(t)) + end * abs(t)
        return min(fhi, max(flo, moved))

    return st.floats(-1, 1).map(float_step)


def _from_distribution(parameter: Parameter, exact: bool) -> st.SearchStrategy[Number]:
    """Values a parameter's distribution can produce.

    Within its ``support`` when that is a finite interval (so the ends are
    tried too); else through its quantile function ``ppf`` if it has one,
    else from ``sample(rng, 1)`` with a drawn seed.
    """
    distribution = parameter.distribution
    support = getattr(distribution, "support", None)
    if isinstance(support, tuple) and len(support) == 2 and all(map(_finite, support)):
        return _between(parameter.value, support[0], support[1], exact)  # type: ignore[arg-type]
    what = f"parameter {parameter.name!r}: its distribution {distribution!r}"
    ppf = getattr(distribution, "ppf", None)
    if callable(ppf):
        return st.floats(1e-6, 1 - 1e-6).map(
            lambda u: called(
                lambda q: float(finite_draws(ppf(q), what).ravel()[0]),
                f"{what}'s ppf",
                u,
                error=InvalidArgument,
            )
        )
    sample: Any = getattr(distribution, "sample", None)
    if not callable(sample):
        raise InvalidArgument(
            f"parameter {parameter.name!r}: its distribution {distribution!r} has no finite support, "
            "ppf(q) or sample(rng, n), so within='distribution' cannot draw from it"
        )

    def draw_one(seed: int) -> Number:
        return float(finite_draws(sample(np.random.default_rng(seed), 1), what).ravel()[0])

    return st.integers(0, 2**32 - 1).map(
        lambda seed: called(draw_one, f"{what}'s sample", seed, error=InvalidArgument)
    )


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float, Fraction)) and math.isfinite(x)


def policies(tree: Tree) -> st.SearchStrategy[dict[Path, str]]:
    """Full policies for ``tree``: ``{decision path: chosen label}`` for every decision.

    Examples shrink towards the first option at every decision.

    >>> from hypothesis import find
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("go?", [
    ...     dt.Branch("yes", dt.Terminal("win", payoff=1)),
    ...     dt.Branch("no", dt.Terminal("stay")),
    ... ]))
    >>> find(policies(tree), lambda policy: True)
    {(): 'yes'}
    """
    _check_tree(tree)
    options = {
        path: st.sampled_from([b.label for b in node.branches])
        for path, node in tree.walk()
        if isinstance(node, Decision)
    }
    return st.fixed_dictionaries(options)
