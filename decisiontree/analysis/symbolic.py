"""Symbolic expected values: a node's value as an exact sympy formula of the parameters.

The traversal is the compiled core's order over distinct nodes, from the
terminals up, iteratively (no recursion, so deep trees work, and a shared
subtree's formula is built once). Numbers stay exact: a float such as ``0.6``
is the rational ``3/5``. Derived parameters are replaced by their formulas, so
results are formulas of the base parameters.

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

from .. import _arguments as arguments
from .._core import compile_tree, complement_dust
from ..errors import ModelError, TooLargeError, brief
from ..formulas import sympy_substitute
from ..model import CHANCE, DECISION, TERMINAL, Tree
from ..number import EXACT_BITS, exact_bits
from ..values import COMPLEMENT, Payoffs, as_sympy

__all__ = ["derived_substitution", "expected_value", "option_formulas"]

Path = tuple[str, ...]
Components = tuple[Any, ...]


def expected_value(
    tree: Tree,
    *,
    policy: Mapping[Path, str] | None = None,
    node: Sequence[str] = (),
    objective: Any = None,
) -> Any:
    """The value of the subtree at ``node`` as an exact formula of the parameters.

    Decisions not fixed by ``policy`` appear as ``Max`` of their options. In a
    tree of per-actor payoffs the result is a dict ``{actor: formula}`` and
    each free decision picks the option best for its owner (or for
    ``objective``, as in :func:`~decisiontree.evaluate`), written as a
    ``sympy.Piecewise`` over the owner's comparisons (ties to the first
    option). Substituting parameter values gives what
    :func:`~decisiontree.evaluate` computes, exactly, but for one case:
    where parameter values written as floats make a ``COMPLEMENT`` negative
    by at most the tolerance (1e-9), ``evaluate`` counts it as 0 while the
    formula keeps ``1 -`` the others. (A ``COMPLEMENT`` of plain numbers is
    0 in the formula too.)

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
    tree = arguments.tree_of(tree, "expected_value")
    start = arguments.node(tree, node)
    fixed = dict(arguments.forced_choices(tree, policy))
    values = _subtree_values(tree, start, fixed=fixed, objective=objective, substitute=None)
    components = values[start]
    if tree.actors:
        return dict(zip(tree.actors, components, strict=True))
    return components[0]


def derived_substitution(tree: Tree) -> dict[Any, Any]:
    """``{symbol of a derived parameter: its formula in base parameters}``."""
    out: dict[Any, Any] = {}
    for name in tree.derived_order:
        formula = tree.parameter(name).value
        out[as_sympy(_symbol_formula(name))] = sympy_substitute(as_sympy(formula), out)
    return out


def _symbol_formula(name: str) -> Any:
    from ..formulas import name as formula_name

    return formula_name(name)


def option_formulas(
    tree: Tree,
    decision: int,
    *,
    objective: Any = None,
    substitute: Mapping[Any, Any] | None = None,
    fixed: Mapping[int, int] | None = None,
) -> tuple[tuple[str, ...], list[Any]]:
    """The labels and the exact value of each option at the decision node ``decision`` (a node number).

    Each formula includes the option's branch payoff and is in the payoff
    the decision maximises (its owner's, or ``objective``). ``substitute``
    replaces symbols (e.g. the other parameters by their base values) in
    every model value, after derived parameters are replaced by their formulas.
    ``fixed`` (decision node -> branch position) holds decisions below fixed.
    """
    values = _subtree_values(tree, decision, fixed=fixed or {}, objective=objective, substitute=substitute)
    flat = tree.flat
    score = _scorer(tree, objective)
    converter = _Converter(tree, substitute)
    labels, formulas = [], []
    for k, edge in enumerate(flat.edges(decision)):
        branch = flat.nodes[decision].branches[k]
        total = _add(converter.components(branch.payoff), values[int(flat.child[edge])])
        labels.append(branch.label)
        formulas.append(score(decision, total))
    return tuple(labels), formulas


# --------------------------------------------------------------------------- internals


class _NotRealError(Exception):
    """A model value that is not a real number once parameter values are put in."""


class _Converter:
    """Model values as sympy, derived parameters and ``substitute`` replaced (memoised); a value
    that then is a number but not a real one (``(-1/2)**q`` at ``q = 3/2``) raises :class:`_NotRealError`."""

    def __init__(self, tree: Tree, substitute: Mapping[Any, Any] | None) -> None:
        self.actors = tree.actors
        derived = derived_substitution(tree)
        if substitute:
            derived = {k: sympy_substitute(v, substitute) for k, v in derived.items()}
            derived.update({k: v for k, v in substitute.items() if k not in derived})
        self.replace = derived
        self.memo: dict[Any, Any] = {}

    def scalar(self, value: Any) -> Any:
        key = (type(value), value)
        found = self.memo.get(key)
        if found is None:
            found = as_sympy(value)
            if self.replace and found.free_symbols:
                found = sympy_substitute(found, self.replace)
                if found.is_number and found.is_extended_real is False:
                    raise _NotRealError(value)
            self.memo[key] = found
        return found

    def components(self, value: Any) -> Components:
        if type(value) is Payoffs:
            return tuple(self.scalar(value[a]) for a in self.actors)
        if self.actors:  # the scalar 0 in a tree of per-actor payoffs
            return tuple(self.scalar(0) for _ in self.actors)
        return (self.scalar(value),)


def _add(a: Components, b: Components) -> Components:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _scorer(tree: Tree, objective: Any) -> Any:
    """A function ``(decision node, components) -> the expression that decision maximises``."""
    import sympy

    if not tree.actors:
        if objective is not None:
            arguments.objective_weights(compile_tree(tree), objective)  # the argument layer's message
        return lambda _i, components: components[0]
    core = compile_tree(tree)
    weights = core.weight_table[arguments.objective_weights(core, objective, exact=True)]

    def score(i: int, components: Components) -> Any:
        row = weights[i]
        return sympy.Add(*(as_sympy(w) * c for w, c in zip(row, components, strict=True) if w))

    return score


def _below(tree: Tree, start: int) -> list[int]:
    """``start`` and every distinct node below it, each after all the nodes above it."""
    flat = tree.flat
    if start == 0:
        return [int(n) for n in flat.topological_order()]
    reached = {start}
    order = [start]
    position = 0
    while position < len(order):
        for c in flat.children(order[position]).tolist():
            if c not in reached:
                reached.add(c)
                order.append(c)
        position += 1
    if not flat.shared:
        return order
    rank = {int(n): k for k, n in enumerate(flat.topological_order())}
    return sorted(order, key=rank.__getitem__)


def _subtree_values(
    tree: Tree,
    start: int,
    *,
    fixed: Mapping[int, int],
    objective: Any,
    substitute: Mapping[Any, Any] | None,
) -> dict[int, Components]:
    """The value (one formula per component) of ``start`` and of its children (and, in a tree
    with shared subtrees, of every node below it).

    :class:`TooLargeError` when the exact numbers grow past :data:`EXACT_BITS` bits in all.
    """
    import sympy

    flat = tree.flat
    order = _below(tree, start)
    kinds = flat.kind
    needs_score = bool(tree.actors) and any(kinds[i] == DECISION for i in order)
    score = _scorer(tree, objective) if needs_score else None
    converter = _Converter(tree, substitute)
    values: dict[int, Components] = {}
    bits = 0
    i = start
    try:
        for i in reversed(order):
            node = flat.nodes[i]
            kind = kinds[i]
            if kind == TERMINAL:
                values[i] = converter.components(node.payoff)
                continue
            children = flat.children(i).tolist()
            options = [
                _add(converter.components(b.payoff), values[c])
                for b, c in zip(node.branches, children, strict=True)
            ]
            if kind == CHANCE:
                values[i] = _chance(node.branches, options, converter)
            elif i in fixed:
                values[i] = options[fixed[i]]
            elif score is None:
                values[i] = (sympy.Max(*(o[0] for o in options)),)
            else:
                values[i] = _choose(i, options, score)
            bits += exact_bits(values[i])
            if bits > EXACT_BITS:
                raise TooLargeError(
                    f"the exact value of this tree needs numbers of more than {EXACT_BITS:,} bits in all "
                    f"(at node {brief(node.name)}); use evaluate() with floats"
                )
            if not flat.shared and i != start:
                for c in children:  # used once: only the values of start and its children are kept
                    del values[c]
    except _NotRealError as error:
        raise ModelError(
            f"{error.args[0]} is not a real number at these parameter values", compile_tree(tree).path(i)
        ) from None
    return values


def _chance(branches: Sequence[Any], options: list[Components], converter: _Converter) -> Components:
    import sympy

    probabilities: list[Any] = [
        None if b.probability is COMPLEMENT else converter.scalar(b.probability) for b in branches
    ]
    if None in probabilities:
        rest = 1 - sympy.Add(*(p for p in probabilities if p is not None))
        if rest.is_Rational and complement_dust(rest):
            rest = sympy.Integer(0)
        probabilities = [rest if p is None else p for p in probabilities]
    width = len(options[0])
    return tuple(
        sympy.Add(*(p * o[a] for p, o in zip(probabilities, options, strict=True))) for a in range(width)
    )


def _choose(i: int, options: list[Components], score: Any) -> Components:
    """The chosen option's components: first option whose score is at least every later one's."""
    import sympy

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
        return pieces[0][0]  # type: ignore[no-any-return]
    width = len(options[0])
    return tuple(_piecewise([(o[a], c) for o, c in pieces]) for a in range(width))


def _piecewise(pieces: list[tuple[Any, Any]]) -> Any:
    """``Piecewise(*pieces)`` built as is: sympy would rewrite every condition that holds an
    inner ``Piecewise`` into if-then-else form, which is slow and not needed here."""
    import sympy
    from sympy.functions.elementary.piecewise import ExprCondPair

    pairs = [sympy.Tuple.__new__(ExprCondPair, e, c) for e, c in pieces]
    return sympy.Basic.__new__(sympy.Piecewise, *pairs)


def _at_least(a: Any, b: Any) -> Any:
    """``a >= b``: decided when both are numbers, else an unevaluated relation (cheap to build)."""
    import sympy

    difference = a - b
    if difference.is_number:
        return sympy.true if difference >= 0 else sympy.false
    return sympy.Ge(a, b, evaluate=False)
