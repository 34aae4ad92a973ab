"""The expected value of perfect information (EVPI), exactly, by restructuring the tree.

The EVPI on an uncertainty is what the decision maker gains, on average, by
learning its outcome before deciding. :func:`perfect_information_tree` moves
the uncertainty to the front — a chance node at the root with its outcomes,
below each a copy of the tree in which every chance node of that name takes
that outcome — and the EVPI is the value of that tree less the value of the
original. Untouched subtrees are shared between the copies, not copied.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Drill?", [
...     dt.Branch("drill", dt.Chance("Oil", [
...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability="3/10"),
...         dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
...     ]), payoff=-20),
...     dt.Branch("walk away", dt.Terminal("nothing")),
... ]))
>>> evpi(tree, node="Oil", exact=True)
14
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from .._core import compile_tree
from ..errors import ArgumentError, ModelError, NotFoundError, TooLargeError, among, brief, format_path
from ..evaluate import evaluate
from ..formulas import Formula, add
from ..model import CHANCE, Branch, Chance, Tree, did_you_mean
from ..number import as_fraction, as_sympy_number
from ..values import COMPLEMENT, Payoffs
from .bayes import state_first

__all__ = ["MAX_NODES", "evpi", "perfect_information_tree"]

MAX_NODES = 200_000
"""The largest restructured tree (distinct nodes) :func:`perfect_information_tree` builds: each
copy of the tree is built node by node in Python, a few microseconds per node."""

_COUPLINGS = (None, "comonotone")


@attrs.frozen
class _Outcome:
    """One revealed outcome: its label, probability, and the branch each revealed node takes."""

    label: str
    probability: Any
    selection: Mapping[int, int]


def _chance_names(tree: Tree) -> list[str]:
    flat = tree.flat
    names: list[str] = []
    for i in np.flatnonzero(flat.kind == CHANCE):
        name = flat.nodes[i].name
        if name not in names:
            names.append(name)
    return names


def _outcomes(tree: Tree, name: str, probability: np.ndarray, coupling: Any, exact: bool) -> list[_Outcome]:
    """The outcomes of the uncertainty ``name``, checking that its chance nodes agree."""
    flat = tree.flat
    found = [int(i) for i in np.flatnonzero(flat.kind == CHANCE) if flat.nodes[i].name == name]
    if not found:
        raise NotFoundError(did_you_mean("uncertainty (chance node name)", name, _chance_names(tree)))
    first = found[0]
    first_node: Any = flat.nodes[first]
    labels = tuple(b.label for b in first_node.branches)

    def vector(i: int) -> np.ndarray:
        return np.asarray(probability[flat.start[i] : flat.start[i + 1]])

    for i in found[1:]:
        other = tuple(b.label for b in flat.nodes[i].branches)
        if other != labels:
            raise ModelError(
                f"chance nodes named {name!r} differ: at {_where(tree, first)} the outcomes are {labels}, "
                f"at {_where(tree, i)} they are {other}",
                flat.path(i),
            )
    if coupling is None:
        reference = vector(first)
        for i in found[1:]:
            here = vector(i)
            same = (
                np.array_equal(here, reference) if exact else np.allclose(here, reference, rtol=0, atol=1e-9)
            )
            if not same:
                raise ModelError(
                    f"chance nodes named {name!r} have different probabilities: {_show(reference)} at "
                    f"{_where(tree, first)}, {_show(here)} at {_where(tree, i)}. "
                    f"Revealing {name!r} needs one "
                    "distribution of it: if these are posteriors after a test or signal, write the tree with "
                    "the state before the signal (see flip), so that the state itself can be revealed",
                    flat.path(i),
                )
        return [
            _Outcome(label, branch.probability, dict.fromkeys(found, k))
            for k, (label, branch) in enumerate(zip(labels, first_node.branches, strict=True))
        ]
    return _comonotone(found, [vector(i) for i in found], labels, exact)


def _comonotone(
    found: list[int], vectors: list[np.ndarray], labels: tuple[str, ...], exact: bool
) -> list[_Outcome]:
    """Outcomes under one uniform draw ``u``: each node takes the branch whose share of [0, 1] holds ``u``."""
    cumulative = [np.cumsum(v)[:-1] for v in vectors]
    points = sorted({x for c in cumulative for x in c if 0 < x < 1})
    if not exact:
        merged: list[Any] = []
        for x in points:
            if not merged or x - merged[-1] > 1e-12:
                merged.append(x)
        points = merged
    edges = [Fraction(0) if exact else 0.0, *points, Fraction(1) if exact else 1.0]
    outcomes = []
    for j, (a, b) in enumerate(itertools.pairwise(edges)):
        tolerance = 0 if exact else 1e-12
        selection = {
            i: int(np.searchsorted(c, a + tolerance, side="right"))
            for i, c in zip(found, cumulative, strict=True)
        }
        taken = {labels[k] for k in selection.values()}
        label = taken.pop() if len(taken) == 1 else f"u{j + 1} in [{float(a):.4g}, {float(b):.4g})"
        last = j == len(edges) - 2
        outcomes.append(_Outcome(label, COMPLEMENT if last and not exact else b - a, selection))
    return outcomes


def _where(tree: Tree, i: int) -> str:
    return format_path(tree.flat.path(i))


def _show(vector: np.ndarray) -> str:
    return "(" + ", ".join(f"{float(x):.6g}" for x in vector) + ")"


def _plus(a: Any, b: Any) -> Any:
    """The sum of two payoffs (numbers, formulas or per-actor mappings), exact."""
    if type(a) is int and a == 0:
        return b
    if type(b) is int and b == 0:
        return a
    if isinstance(a, Payoffs) or isinstance(b, Payoffs):
        keys = list(a if isinstance(a, Payoffs) else b)
        return Payoffs({k: _plus(_part(a, k), _part(b, k)) for k in keys})
    if isinstance(a, Formula) or isinstance(b, Formula):
        return add(_formula_or_number(a), _formula_or_number(b))
    return as_fraction(a) + as_fraction(b)


def _formula_or_number(value: Any) -> Any:
    return value if isinstance(value, Formula) else as_fraction(value)


def _part(payoff: Any, key: str) -> Any:
    return payoff[key] if isinstance(payoff, Payoffs) else payoff


def _collapse(tree: Tree, selection: Mapping[int, int]) -> tuple[Any, Any]:
    """A copy of the tree with each selected chance node replaced by its selected branch.

    Returns the new root and the payoff of the branches collapsed at the
    root. Untouched subtrees, and touched ones used in several places, are
    shared, not copied. Iterative, children before parents.
    """
    flat = tree.flat
    order = flat.topological_order()
    touched = np.zeros(flat.size, dtype=bool)
    touched[list(selection)] = True
    for i in order[::-1]:
        if not touched[i] and touched[flat.children(int(i))].any():
            touched[i] = True
    built: dict[int, tuple[Any, Any]] = {}

    def child(c: int) -> tuple[Any, Any]:
        return built[c] if touched[c] else (flat.nodes[c], 0)

    for i in order[::-1].tolist():
        if not touched[i]:
            continue
        node: Any = flat.nodes[i]
        children = flat.children(i).tolist()
        if i in selection:
            k = selection[i]
            below, carried = child(children[k])
            built[i] = (below, _plus(node.branches[k].payoff, carried))
            continue
        branches = []
        for branch, c in zip(node.branches, children, strict=True):
            below, carried = child(c)
            branches.append(attrs.evolve(branch, node=below, payoff=_plus(branch.payoff, carried)))
        built[i] = (attrs.evolve(node, branches=branches), 0)
    if not touched[0]:
        return tree.root, 0
    return built[0]


def perfect_information_tree(
    tree: Tree,
    node: str | None = None,
    *,
    values: Mapping[Any, Any] | None = None,
    coupling: str | None = None,
    exact: bool = False,
) -> Tree:
    """The tree in which the outcome of the uncertainty ``node`` is known before anything else.

    At the root sits a chance node with the uncertainty's outcomes; below
    each, a copy of the tree in which every chance node named ``node`` takes
    that outcome (its branch payoff kept). ``node=None`` reveals every named
    uncertainty, one after the other.

    Same-named chance nodes must have the same outcome labels and, at
    ``values``, the same probabilities, else :class:`ModelError` naming both
    paths; where they carry posteriors after a test or signal, the state
    itself is revealed, consistently with the signal (see
    :func:`~decisiontree.state_first`). ``coupling="comonotone"`` is a modelling assumption for
    same-named nodes whose probabilities differ because a *decision* shifts
    them (a safety investment lowering the chance of failure): one uniform
    draw ``u`` is revealed and each node takes the branch whose share of
    [0, 1] (in branch order) contains ``u``. It is wrong for posteriors after
    a test or signal, whose state must be revealed instead.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Umbrella?", [
    ...     dt.Branch("take", dt.Terminal("dry", payoff=-1)),
    ...     dt.Branch("leave", dt.Chance("Rain", [
    ...         dt.Branch("rain", dt.Terminal("wet", payoff=-10), probability=0.2),
    ...         dt.Branch("sun", dt.Terminal("fine", payoff=0), probability=0.8),
    ...     ])),
    ... ]))
    >>> informed = perfect_information_tree(tree, "Rain")
    >>> informed.root.name, [b.label for b in informed.root.branches]
    ('Rain', ['rain', 'sun'])
    >>> dt.evaluate(informed).policy
    {('rain',): 'take', ('sun',): 'leave'}
    """
    tree = arguments.tree_of(tree, "perfect_information_tree")
    if not among(coupling, _COUPLINGS):
        raise ArgumentError(f"coupling must be None or 'comonotone', got {brief(coupling)}")
    if node is not None and not isinstance(node, str):
        raise ArgumentError(f"node must be the name of chance nodes, got {brief(node)}")
    names = _chance_names(tree) if node is None else [node]
    if node is not None and coupling is None:
        tree = state_first(tree, node)  # a state met through posteriors is revealed as the state
    core = compile_tree(tree)
    params = core.parameter_values(arguments.values(tree, values, exact=exact), exact=exact)
    probability = core.numbers(params, exact=exact)[0][:, 0]
    outcomes = [_outcomes(tree, name, probability, coupling, exact) for name in names]
    copies = math.prod(len(o) for o in outcomes)
    if copies * tree.flat.size > MAX_NODES:
        raise TooLargeError(
            f"revealing {names} needs {copies:,} copies of a {tree.flat.size:,}-node tree "
            f"(over {MAX_NODES:,} nodes); reveal fewer uncertainties at a time"
        )
    level: dict[tuple[int, ...], tuple[Any, Any]] = {}
    for combination in itertools.product(*(range(len(o)) for o in outcomes)):
        selection: dict[int, int] = {}
        for name_outcomes, k in zip(outcomes, combination, strict=True):
            selection.update(name_outcomes[k].selection)
        level[combination] = _collapse(tree, selection)
    for depth in range(len(names) - 1, -1, -1):
        above: dict[tuple[int, ...], tuple[Any, Any]] = {}
        for prefix in itertools.product(*(range(len(o)) for o in outcomes[:depth])):
            branches = [
                Branch(outcome.label, below, probability=outcome.probability, payoff=carried)
                for k, outcome in enumerate(outcomes[depth])
                for below, carried in [level[(*prefix, k)]]
            ]
            above[prefix] = (Chance(names[depth], branches, notes="revealed before the first decision"), 0)
        level = above
    root = level[()][0] if names else tree.root
    title = f"{tree.name or tree.root.name} with perfect information on {node or 'everything'}"
    return Tree(root, tree.parameters, name=title, description=tree.description)


def evpi(
    tree: Tree,
    *,
    node: str | None = None,
    values: Mapping[Any, Any] | None = None,
    objective: str | Mapping[str, Any] | None = None,
    actor: str | None = None,
    exact: bool = False,
    coupling: str | None = None,
    utility: Any = None,
) -> Any:
    """The expected value of perfect information on the uncertainty ``node`` (all of them if ``None``).

    Exact, by restructuring: the value of :func:`perfect_information_tree`
    less the value of the tree, both at ``values``. With one decision maker
    it is never negative.

    Parameters
    ----------
    tree : Tree
    node : str, optional
        The name of the chance nodes whose outcome is revealed before the
        first decision; ``None`` reveals every named uncertainty together.
    values : mapping, optional
        Parameter values overriding the base values.
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    actor : str, optional
        Whose value of information to report with per-actor payoffs;
        default the owner of the first decision (or ``objective``). In a tree
        with several decision makers every one of them learns the outcome,
        so information can be worth less than nothing to one of them.
    exact : bool
        Exact rational arithmetic: the result is a sympy ``Rational``.
    coupling : {None, "comonotone"}
        How to reveal same-named chance nodes whose probabilities differ
        because a decision shifts them; see :func:`perfect_information_tree`.
    utility : Utility, optional
        With a utility (e.g. ``ExponentialUtility(risk_tolerance=R)``), the
        value of clairvoyance: the certainty equivalent with the information
        minus the certainty equivalent without it.

    Returns
    -------
    float, or sympy Rational with ``exact=True``

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Umbrella?", [
    ...     dt.Branch("take", dt.Terminal("dry", payoff=-1)),
    ...     dt.Branch("leave", dt.Chance("Rain", [
    ...         dt.Branch("rain", dt.Terminal("wet", payoff=-10), probability=0.2),
    ...         dt.Branch("sun", dt.Terminal("fine", payoff=0), probability=0.8),
    ...     ])),
    ... ]))
    >>> round(evpi(tree, node="Rain"), 12)
    0.8
    >>> averse = dt.ExponentialUtility(risk_tolerance=5)  # 1 - 5 ln(0.2 e^0.2 + 0.8):
    >>> round(evpi(tree, node="Rain", utility=averse), 4)
    0.7834
    """
    tree = arguments.tree_of(tree, "evpi")
    informed = perfect_information_tree(tree, node, values=values, coupling=coupling, exact=exact)
    core = compile_tree(tree)
    weights = arguments.reported_weights(core, actor=actor, objective=objective, exact=exact)
    before = evaluate(tree, values, exact=exact, objective=objective, utility=utility)
    after = evaluate(informed, values, exact=exact, objective=objective, utility=utility)
    if utility is None:
        gain = _score(after.value, weights) - _score(before.value, weights)
    else:
        gain = _score(after.certainty_equivalent, weights) - _score(before.certainty_equivalent, weights)
    if not exact:
        return float(gain)
    return as_sympy_number(as_fraction(gain))


def _score(value: Any, weights: np.ndarray | None) -> Any:
    """A number from a result value: itself for scalar payoffs, else the weighted components."""
    if weights is None:
        return value
    total: Any = 0
    for w, component in zip(weights, value.values(), strict=True):
        if w != 0:
            total = total + w * component
    return total
