"""Symbolic expected values: a node's value as an exact sympy formula of the parameters.

The traversal is the compiled core's: nodes in breadth-first order, rolled
back from the deepest level up, iteratively (no recursion, so deep trees
work). Numbers stay exact: a float such as ``0.6`` is the rational ``3/5``.

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, low=0, high=1)
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-5), probability=dt.COMPLEMENT),
...     ]), payoff=-1),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> expected_value(tree)
Max(0, 15*p - 6)
>>> expected_value(tree, policy={(): "bet"})
15*p - 6
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from ..compiled import CHANCE, DECISION, TERMINAL, compile_tree, decision_weights
from ..errors import ModelError
from ..expressions import rational
from ..model import Tree
from ..values import COMPLEMENT, Payoffs, as_sympy
from ._options import check_tree

__all__ = ["expected_value", "option_formulas"]

Path = tuple[str, ...]
Components = tuple[sympy.Expr, ...]


def expected_value(
    tree: Tree,
    *,
    policy: Mapping[Path, str] | None = None,
    node: Sequence[str] = (),
    objective: Any = None,
) -> sympy.Expr | dict[str, sympy.Expr]:
    """The value of the subtree at ``node`` as an exact formula of the parameters.

    Decisions not fixed by ``policy`` appear as ``Max`` of their options. In a
    tree of per-actor payoffs the result is a dict ``{actor: formula}`` and
    each free decision picks the option best for its owner (or for
    ``objective``, as in :func:`~decisiontree.evaluate`), written as a
    ``sympy.Piecewise`` over the owner's comparisons (ties to the first
    option). Substituting parameter values gives what
    :func:`~decisiontree.evaluate` computes, exactly.

    Parameters
    ----------
    tree : Tree
        The model.
    policy : mapping, optional
        ``{decision path: label}`` fixing some or all decisions (a
        :attr:`Result.policy <decisiontree.Result.policy>` works).
    node : tuple of str
        The path of the node whose value is wanted (default the root). As in
        :meth:`Result.value_at <decisiontree.Result.value_at>`, the payoffs of
        the branches leading to it are not included.
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("a", dt.Terminal("A", payoff={"me": 1, "you": 0})),
    ...     dt.Branch("b", dt.Terminal("B", payoff={"me": 0, "you": 2})),
    ... ], owner="me"))
    >>> expected_value(tree)
    {'me': 1, 'you': 0}
    """
    check_tree(tree, "expected_value")
    start = _find(tree, node)
    values = _subtree_values(tree, start, policy=policy, objective=objective, substitute=None)
    return _as_result(tree, values[start])


def option_formulas(
    tree: Tree,
    decision: int,
    *,
    objective: Any = None,
    substitute: Mapping[sympy.Symbol, sympy.Expr] | None = None,
) -> tuple[tuple[str, ...], list[sympy.Expr]]:
    """The labels and the exact value of each option at the decision node ``decision`` (an index).

    Each formula includes the option's branch payoff and is in the component
    the decision maximises (its owner's, or ``objective``). ``substitute``
    replaces symbols (e.g. the other parameters by their base values) in
    every model value before the formulas are built.
    """
    values = _subtree_values(tree, decision, policy=None, objective=objective, substitute=substitute)
    index = tree.index
    node = index.nodes[decision]
    first = index.first_child[decision]
    score = _scorer(tree, objective)
    labels, formulas = [], []
    for k, branch in enumerate(node.branches):  # type: ignore[union-attr]
        total = _add(_components(branch.payoff, tree, substitute), values[first + k])
        labels.append(branch.label)
        formulas.append(score(decision, total))
    return tuple(labels), formulas


# --------------------------------------------------------------------------- internals


def _find(tree: Tree, path: Sequence[str]) -> int:
    if isinstance(path, str) or not isinstance(path, Sequence):
        raise ModelError(f"a node is given by its path (a tuple of branch labels), got {path!r}")
    try:
        return tree.index.find(tuple(path))
    except KeyError as error:
        raise ModelError(f"no such node: {error.args[0]}", tuple(path)) from None


def _fixed_choices(tree: Tree, policy: Mapping[Path, str] | None) -> dict[int, int]:
    """``{decision index: branch position}`` from a ``{path: label}`` policy, checked."""
    if policy is None:
        return {}
    if not isinstance(policy, Mapping):
        raise ModelError(f"policy must be a mapping of decision paths to labels, got {policy!r}")
    kind = compile_tree(tree).kind
    fixed = {}
    for path, label in policy.items():
        index = _find(tree, path)
        if kind[index] != DECISION:
            raise ModelError("the policy names a node that is not a decision", tuple(path))
        labels = [b.label for b in tree.index.nodes[index].branches]  # type: ignore[union-attr]
        if label not in labels:
            raise ModelError(f"the policy chooses {label!r}, but the options are {labels}", tuple(path))
        fixed[index] = labels.index(label)
    return fixed


def _descendants(tree: Tree, start: int) -> list[int]:
    """``start`` and every node below it, in breadth-first (index) order."""
    index = tree.index
    order = [start]
    i = 0
    while i < len(order):
        node = order[i]
        first = index.first_child[node]
        if first >= 0:
            order.extend(range(first, first + len(index.nodes[node].branches)))  # type: ignore[union-attr]
        i += 1
    return order


def _exact(value: Any, substitute: Mapping[sympy.Symbol, sympy.Expr] | None) -> sympy.Expr:
    expression = as_sympy(value)  # numbers exactly, floats at their decimal value
    floats = expression.atoms(sympy.Float)
    if floats:
        expression = expression.xreplace({f: rational(float(f)) for f in floats})
    if substitute:
        expression = expression.xreplace(substitute)
    return expression


def _components(value: Any, tree: Tree, substitute: Mapping[sympy.Symbol, sympy.Expr] | None) -> Components:
    actors = tree.actors
    if type(value) is Payoffs:
        return tuple(_exact(value[a], substitute) for a in actors)
    if actors:  # the scalar 0 in a tree of per-actor payoffs
        return tuple(sympy.Integer(0) for _ in actors)
    return (_exact(value, substitute),)


def _add(a: Components, b: Components) -> Components:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _scorer(tree: Tree, objective: Any) -> Any:
    """A function ``(decision index, components) -> the expression that decision maximises``."""
    if not tree.actors:
        if objective is not None:
            raise ModelError(f"objective {objective!r} given, but the payoffs are plain numbers", ())
        return lambda _i, components: components[0]
    weights = decision_weights(compile_tree(tree), objective, exact=True)

    def score(i: int, components: Components) -> sympy.Expr:
        row = weights[i]  # type: ignore[index]
        return sympy.Add(
            *(
                sympy.Rational(w.numerator, w.denominator) * c
                for w, c in zip(row, components, strict=True)
                if w
            )
        )

    return score


def _subtree_values(
    tree: Tree,
    start: int,
    *,
    policy: Mapping[Path, str] | None,
    objective: Any,
    substitute: Mapping[sympy.Symbol, sympy.Expr] | None,
) -> dict[int, Components]:
    """The value (one formula per component) of ``start`` and every node below it."""
    core = compile_tree(tree)
    fixed = _fixed_choices(tree, policy)
    nodes = tree.index.nodes
    first_child = tree.index.first_child
    needs_score = any(core.kind[i] == DECISION for i in _descendants(tree, start)) and bool(tree.actors)
    score = _scorer(tree, objective) if needs_score else None
    values: dict[int, Components] = {}
    for i in reversed(_descendants(tree, start)):
        node = nodes[i]
        kind = core.kind[i]
        if kind == TERMINAL:
            values[i] = _components(node.payoff, tree, substitute)  # type: ignore[union-attr]
            continue
        branches = node.branches  # type: ignore[union-attr]
        first = first_child[i]
        options = [
            _add(_components(b.payoff, tree, substitute), values[first + k]) for k, b in enumerate(branches)
        ]
        if kind == CHANCE:
            values[i] = _chance(branches, options, substitute)
        elif i in fixed:
            values[i] = options[fixed[i]]
        elif score is None:
            values[i] = (sympy.Max(*(o[0] for o in options)),)
        else:
            values[i] = _choose(i, options, score)
    return values


def _chance(branches: Sequence[Any], options: list[Components], substitute: Any) -> Components:
    probabilities: list[sympy.Expr | None] = []
    for branch in branches:
        p = branch.probability
        probabilities.append(None if p is COMPLEMENT else _exact(p, substitute))
    if None in probabilities:
        rest = 1 - sympy.Add(*(p for p in probabilities if p is not None))
        probabilities = [rest if p is None else p for p in probabilities]
    width = len(options[0])
    return tuple(
        sympy.Add(*(p * o[a] for p, o in zip(probabilities, options, strict=True))) for a in range(width)
    )


def _choose(i: int, options: list[Components], score: Any) -> Components:
    """The chosen option's components: first option whose score is at least every later one's."""
    scores = [score(i, o) for o in options]
    conditions = []
    for k in range(len(options) - 1):
        conditions.append(sympy.And(*(_at_least(scores[k], scores[j]) for j in range(k + 1, len(options)))))
    conditions.append(sympy.true)
    pieces = []
    for option, condition in zip(options, conditions, strict=True):
        if condition is sympy.false:
            continue
        pieces.append((option, condition))
        if condition is sympy.true:
            break
    if len(pieces) == 1:
        return pieces[0][0]
    width = len(options[0])
    return tuple(_piecewise([(o[a], c) for o, c in pieces]) for a in range(width))


def _piecewise(pieces: list[tuple[sympy.Expr, Any]]) -> sympy.Expr:
    """``Piecewise(*pieces)`` built as is: sympy would rewrite every condition that holds an
    inner ``Piecewise`` into if-then-else form, which is slow and not needed here."""
    from sympy.functions.elementary.piecewise import ExprCondPair

    pairs = [sympy.Tuple.__new__(ExprCondPair, e, c) for e, c in pieces]
    return sympy.Basic.__new__(sympy.Piecewise, *pairs)  # type: ignore[no-any-return]


def _at_least(a: sympy.Expr, b: sympy.Expr) -> Any:
    """``a >= b``: decided when both are numbers, else an unevaluated relation (cheap to build)."""
    difference = a - b
    if difference.is_number:
        return sympy.true if difference >= 0 else sympy.false
    return sympy.Ge(a, b, evaluate=False)


def _as_result(tree: Tree, components: Components) -> sympy.Expr | dict[str, sympy.Expr]:
    if tree.actors:
        return dict(zip(tree.actors, components, strict=True))
    return components[0]
