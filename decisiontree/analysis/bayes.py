"""Bayes revision: tests and signals without writing Bayes' rule by hand.

Analysts know a *prior* over a state (is the market strong?) and how reliable
a *signal* is (the chance of a favourable test in a strong market); the tree
needs the chance of each signal and the *posteriors* after it. Three
functions apply Bayes' rule, as formulas of the same parameters, so that every
analysis (sensitivity, thresholds, Monte Carlo) still works on the result:

- :func:`flip` exchanges a chance node and the chance level right below it.
- :func:`bayes_chance` builds the chance node of a signal from a prior and
  likelihoods, with the posteriors on the state's chance nodes below it.
- :func:`state_first` puts the state back before its signals, with its prior,
  so that revealing the state (the value of perfect information) reveals it
  consistently with the signals.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Chance("Market", [
...     dt.Branch("strong", dt.Chance("Test", [
...         dt.Branch("favourable", dt.Terminal("a"), probability="4/5"),
...         dt.Branch("unfavourable", dt.Terminal("b"), probability=dt.COMPLEMENT),
...     ]), probability="2/5"),
...     dt.Branch("weak", dt.Chance("Test", [
...         dt.Branch("favourable", dt.Terminal("c"), probability="3/10"),
...         dt.Branch("unfavourable", dt.Terminal("d"), probability=dt.COMPLEMENT),
...     ]), probability=dt.COMPLEMENT),
... ]))
>>> flipped = flip(tree)
>>> [(b.label, b.probability) for b in flipped.root.branches]
[('favourable', Fraction(1, 2)), ('unfavourable', COMPLEMENT)]
>>> [(b.label, b.probability) for b in flipped.node_at(("favourable",)).branches]
[('strong', Fraction(16, 25)), ('weak', COMPLEMENT)]
"""

from __future__ import annotations

import difflib
import functools
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from ..errors import (
    ArgumentError,
    ModelError,
    NotFoundError,
    TooLargeError,
    brief,
    called,
    format_path,
    items,
)
from ..formulas import sympy_substitute
from ..model import Branch, Chance, Decision, Node, Terminal, Tree, did_you_mean
from ..values import COMPLEMENT, Payoffs, as_sympy, to_probability, to_scalar

if TYPE_CHECKING:
    import sympy

__all__ = ["bayes_chance", "flip", "state_first"]

Path = tuple[str, ...]
Vector: TypeAlias = "tuple[sympy.Expr, ...]"
_Key = tuple[int, int | None, int | None]
"""A node built in a context: (node index, the state once known, the rule fixing decisions)."""

MAX_NODES = 2_000_000
"""The largest tree :func:`state_first` builds (each state copies the part of the tree after a signal)."""

MAX_STRATEGIES = 10_000
"""The most strategies :func:`state_first` lists for the decisions between a signal and the state."""

RANDOM_POINTS = 4
"""How many random parameter settings, besides the base values, decide whether two formulas agree."""


# --------------------------------------------------------------------------- formulas


def as_formula(value: Any) -> sympy.Expr:
    """The sympy form of a model value (a number or a formula): the one place that knows how.

    Floats inside a formula (``(1 - p) * 0.3`` in Python makes a sympy float)
    count at their decimal value, as plain floats do, so formulas compare exactly.
    """
    import sympy

    formula = as_sympy(value)
    floats = formula.atoms(sympy.Float)
    if floats:
        formula = sympy_substitute(formula, {f: as_sympy(float(f)) for f in floats})
    return formula


def _tidy(expression: sympy.Expr) -> sympy.Expr:
    """The shorter of a formula and its cancelled form (numbers are exact rationals already)."""
    import sympy

    if not expression.free_symbols:
        return expression
    cancelled = sympy.cancel(expression)
    return cancelled if sympy.count_ops(cancelled) < sympy.count_ops(expression) else expression


def _resolved(branches: Sequence[Branch]) -> list[sympy.Expr]:
    """The branch probabilities as formulas, a COMPLEMENT as one minus the others."""
    return list(_resolved_values(tuple(b.probability for b in branches)))


@functools.lru_cache(maxsize=4096)
def _resolved_values(probabilities: tuple[Any, ...]) -> tuple[sympy.Expr, ...]:
    import sympy

    given = [None if p is COMPLEMENT else as_formula(p) for p in probabilities]
    rest = sympy.Integer(1) - sympy.Add(*(p for p in given if p is not None))
    return tuple(rest if p is None else p for p in given)


def _complement_at(branches: Sequence[Branch]) -> int | None:
    return next((k for k, b in enumerate(branches) if b.probability is COMPLEMENT), None)


def _probabilities(values: Sequence[sympy.Expr], complement: int | None) -> list[Any]:
    """Branch probabilities to write: COMPLEMENT at ``complement``; with formulas and no
    COMPLEMENT given, the last branch takes it (so the sum is 1 by construction)."""
    if complement is None and any(v.free_symbols for v in values):
        complement = len(values) - 1
    return [COMPLEMENT if k == complement else v for k, v in enumerate(values)]


def _bayes(prior: Sequence[sympy.Expr], likelihood: Sequence[Sequence[sympy.Expr]]) -> tuple[Any, Any]:
    """Bayes' rule. ``likelihood[x][s]`` is P(signal s | state x).

    Returns ``marginal[s]`` = P(s) and ``posterior[s][x]`` = P(x | s). Where a
    signal is impossible (its marginal is exactly 0) its posteriors are the
    prior: any distribution would do on a branch that is never taken.
    """
    import sympy

    signals = range(len(likelihood[0]))
    joint = [[prior[x] * likelihood[x][s] for x in range(len(prior))] for s in signals]
    marginal = [_tidy(sympy.Add(*joint[s])) for s in signals]
    posterior = [
        list(prior) if marginal[s] == 0 else [_tidy(joint[s][x] / marginal[s]) for x in range(len(prior))]
        for s in signals
    ]
    return marginal, posterior


def _is_zero(value: Any) -> bool:
    return not isinstance(value, Payoffs) and type(value) is not str and value == 0


def _part(payoff: Any, key: str) -> Any:
    return payoff[key] if isinstance(payoff, Payoffs) else payoff


def _add(a: Any, b: Any) -> Any:
    """The sum of two payoffs (numbers, formulas or per-actor mappings), exact."""
    if _is_zero(a):
        return b
    if _is_zero(b):
        return a
    if isinstance(a, Payoffs) or isinstance(b, Payoffs):
        keys = list(a if isinstance(a, Payoffs) else b)
        return Payoffs({k: _add(_part(a, k), _part(b, k)) for k in keys})
    return as_formula(a) + as_formula(b)


def _same_payoff(a: Any, b: Any) -> bool:
    import sympy

    if isinstance(a, Payoffs) or isinstance(b, Payoffs):
        keys = set(a if isinstance(a, Payoffs) else ()) | set(b if isinstance(b, Payoffs) else ())
        return all(_same_payoff(_part(a, k), _part(b, k)) for k in keys)
    difference = as_formula(a) - as_formula(b)
    return bool(difference == 0 or (difference.free_symbols and sympy.cancel(difference) == 0))


# --------------------------------------------------------------------------- paths and trees


def _check_tree(tree: Any, what: str) -> Tree:
    if not isinstance(tree, Tree):
        raise ArgumentError(f"{what}() needs a Tree, got {type(tree).__name__}")
    return tree


def _as_path(path: Any) -> Path:
    if isinstance(path, str):
        raise ArgumentError(f"a path is a tuple of branch labels, not text; did you mean ({brief(path)},)?")
    labels = items(path, "a path", "branch labels", ArgumentError)
    if not all(isinstance(label, str) for label in labels):
        raise ArgumentError(f"a path is a tuple of branch labels (text), got {brief(path)}")
    return labels


def _hint(name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _node_at(tree: Tree, path: Path) -> Node:
    """The node at ``path``; :class:`NotFoundError` naming the first label that leads nowhere."""
    node: Node = tree.root
    for depth, label in enumerate(path):
        branches = getattr(node, "branches", ())
        for branch in branches:
            if branch.label == label:
                node = branch.node
                break
        else:
            where = format_path(path[:depth])
            if not branches:
                raise NotFoundError(f"no branch {brief(label)} below {where}: that node is a terminal")
            labels = [b.label for b in branches]
            raise NotFoundError(f"no branch {brief(label)} below {where}{_hint(label, labels)}")
    return node


def _replace(tree: Tree, path: Path, new: Node) -> Tree:
    """The tree with the node at ``path`` replaced by ``new`` (same parameters and name)."""
    chain: list[tuple[Any, int]] = []
    node: Any = tree.root
    for label in path:
        k = next(k for k, b in enumerate(node.branches) if b.label == label)
        chain.append((node, k))
        node = node.branches[k].node
    for parent, k in reversed(chain):
        branches = list(parent.branches)
        branches[k] = attrs.evolve(branches[k], node=new)
        new = attrs.evolve(parent, branches=branches)
    return Tree(new, tree.parameters, name=tree.name, description=tree.description)


def _kind(node: Any) -> str:
    return {Terminal: "terminal", Chance: "chance node", Decision: "decision"}.get(type(node), "node")


# --------------------------------------------------------------------------- flip


def flip(tree: Tree, path: Sequence[str] = ()) -> Tree:
    """Bayes revision: the chance node at ``path`` and the chance level right below it change places.

    Below the chance node ``A`` at ``path`` every branch must lead to a chance
    node of one uncertainty ``B`` (same name, same outcome labels). In the
    flipped tree ``B`` comes first, with its marginal probabilities
    ``P(b) = sum_a P(a) P(b | a)``; below each outcome ``b`` sits ``A`` with
    the posteriors ``P(a | b) = P(a) P(b | a) / P(b)``, and below each ``(b,
    a)`` the subtree that followed ``(a, b)``. Every joint path probability
    and the value of the tree stay the same.

    Probabilities are formulas of the same parameters (exact rationals where
    the inputs are numbers; floats count at their decimal value), so every
    analysis still works on the flipped tree. A ``COMPLEMENT`` stays on the
    branch whose label carried it (``B``'s as in its first node); formulas
    without one get it on the last branch. Flipping twice gives back the
    original probabilities (except below an upper branch of probability 0,
    whose lower probabilities leave no trace in the joint distribution).

    Branch payoffs move with their branches: the payoff of ``a`` goes on
    every ``a`` branch of the new lower level. The payoff of ``b`` stays on
    the new top branch ``b`` when it is the same after every ``a``;
    otherwise it is added to the payoff of each ``a`` branch below ``b``.
    The total payoff of every path is unchanged. Names and notes go with
    their uncertainties.

    Where ``P(b)`` is exactly 0 the posteriors below ``b`` are the prior
    (that branch is never taken). With formulas, the posteriors are ratios:
    at parameter values where ``P(b)`` is 0 evaluation raises a
    ``ModelError`` (0/0).

    Parameters
    ----------
    tree : Tree
    path : tuple of str
        The branch labels from the root to the upper chance node; ``()`` is the root.

    Returns
    -------
    Tree
        The same parameters, name and description.

    Raises
    ------
    ModelError
        Naming the path, where the two levels cannot be flipped: the node is
        not a chance node; a branch below it leads to a decision (a decision
        in between would then be made knowing the lower uncertainty) or a
        terminal; the chance nodes below are different uncertainties or have
        different outcome labels.
    NotFoundError
        When no node sits at ``path``.

    Examples
    --------
    >>> import decisiontree as dt
    >>> p = dt.Parameter("p", 0.4, low=0, high=1)
    >>> sens = dt.Parameter("sens", 0.8, low=0.5, high=1)
    >>> def test(probability):
    ...     return dt.Chance("Test", [
    ...         dt.Branch("positive", dt.Terminal("+"), probability=probability),
    ...         dt.Branch("negative", dt.Terminal("-"), probability=dt.COMPLEMENT),
    ...     ])
    >>> tree = dt.Tree(dt.Chance("State", [
    ...     dt.Branch("ill", test(sens), probability=p),
    ...     dt.Branch("well", test("1/10"), probability=dt.COMPLEMENT),
    ... ]), parameters=[p, sens])
    >>> flipped = dt.flip(tree)
    >>> flipped.root.branches[0].probability
    Formula('p*sens - p/10 + 0.1')
    >>> flipped.node_at(("positive",)).branches[0].probability
    Formula('p*sens/(p*sens - p/10 + 0.1)')
    >>> dt.flip(flipped) == tree
    True
    """

    _check_tree(tree, "flip")
    path = _as_path(path)
    upper = _node_at(tree, path)
    if not isinstance(upper, Chance):
        raise ModelError(f"flip needs a chance node here, found the {_kind(upper)} {upper.name!r}", path)
    lowers: list[Chance] = []
    for branch in upper.branches:
        below = branch.node
        where = (*path, branch.label)
        if isinstance(below, Decision):
            raise ModelError(
                f"branch {branch.label!r} of {upper.name!r} leads to the decision {below.name!r}: the levels "
                "to flip must be two chance nodes with no decision in between (the decision would otherwise "
                "be made after the lower uncertainty is known)",
                where,
            )
        if not isinstance(below, Chance):
            raise ModelError(
                f"branch {branch.label!r} of {upper.name!r} ends at the {_kind(below)} {below.name!r}: every "
                f"branch must lead to a chance node to flip with",
                where,
            )
        lowers.append(below)
    first = lowers[0]
    labels = [b.label for b in first.branches]
    for branch, lower in zip(upper.branches[1:], lowers[1:], strict=True):
        where = (*path, branch.label)
        if lower.name != first.name:
            raise ModelError(
                f"the chance nodes below {upper.name!r} are different uncertainties: {first.name!r} after "
                f"{upper.branches[0].label!r}, {lower.name!r} after {branch.label!r}; only one uncertainty "
                f"can change places with {upper.name!r}",
                where,
            )
        other = [b.label for b in lower.branches]
        if sorted(other) != sorted(labels):
            raise ModelError(
                f"{first.name!r} has the outcomes {labels} after {upper.branches[0].label!r} but {other} "
                f"after {branch.label!r}; flipping needs the same outcomes after every branch",
                where,
            )
    prior = _resolved(upper.branches)
    rows: list[dict[str, tuple[sympy.Expr, Branch]]] = []
    for lower in lowers:
        vector = _resolved(lower.branches)
        rows.append({b.label: (v, b) for b, v in zip(lower.branches, vector, strict=True)})
    likelihood = [[row[label][0] for label in labels] for row in rows]
    marginal, posterior = _bayes(prior, likelihood)
    upper_complement = _complement_at(upper.branches)
    marginals = _probabilities(marginal, _complement_at(first.branches))
    branches = []
    for j, label in enumerate(labels):
        payoffs = [row[label][1].payoff for row in rows]
        shared = all(_same_payoff(payoffs[0], p) for p in payoffs[1:])
        inner = [
            Branch(
                a.label,
                row[label][1].node,
                probability=probability,
                payoff=a.payoff if shared else _add(a.payoff, row[label][1].payoff),
            )
            for a, row, probability in zip(
                upper.branches, rows, _probabilities(posterior[j], upper_complement), strict=True
            )
        ]
        branches.append(
            Branch(
                label,
                Chance(upper.name, inner, notes=upper.notes),
                probability=marginals[j],
                payoff=payoffs[0] if shared else 0,
            )
        )
    return _replace(tree, path, Chance(first.name, branches, notes=first.notes))


# --------------------------------------------------------------------------- bayes_chance


def _labelled(mapping: Any, what: str) -> dict[str, Any]:
    if not isinstance(mapping, Mapping) or not mapping:
        raise ArgumentError(f"{what} must be a non-empty mapping of outcome labels, got {brief(mapping)}")
    for key in mapping:
        if not isinstance(key, str):
            raise ArgumentError(f"{what}: outcome labels must be text, got {brief(key)}")
    return dict(mapping)


def _distribution(mapping: Mapping[str, Any], what: str) -> tuple[list[str], list[sympy.Expr], int | None]:
    """Labels, resolved formulas and COMPLEMENT position of one distribution given as a mapping."""
    import sympy

    labels = list(mapping)
    given = [to_probability(mapping[label]) for label in labels]
    if any(p is None for p in given):
        raise ModelError(f"{what}: every outcome needs a probability")
    complements = [k for k, p in enumerate(given) if p is COMPLEMENT]
    if len(complements) > 1:
        raise ModelError(f"{what}: more than one COMPLEMENT")
    try:
        explicit = [as_formula(p) for p in given if p is not COMPLEMENT]
    except (TypeError, ValueError) as error:  # a float nan or inf passes the first reading
        raise ModelError(f"{what}: {error}") from None
    for label, p in zip(labels, given, strict=True):
        if p is not COMPLEMENT and not as_formula(p).free_symbols and not 0 <= as_formula(p) <= 1:
            raise ModelError(f"{what}: probability {p} of {brief(label)} is outside [0, 1]")
    if not any(p.free_symbols for p in explicit):
        total = sympy.Add(*explicit)
        if (total > 1) if complements else (total != 1):
            raise ModelError(f"{what}: probabilities sum to {total}, not 1")
    rest = sympy.Integer(1) - sympy.Add(*explicit)
    vector = [rest if p is COMPLEMENT else as_formula(p) for p in given]
    return labels, vector, complements[0] if complements else None


def _subtrees(then: Any, signals: Sequence[str]) -> dict[str, Node]:
    if isinstance(then, (Terminal, Chance, Decision)):
        return dict.fromkeys(signals, then)
    if isinstance(then, Mapping):
        missing = [s for s in signals if s not in then]
        if missing:
            raise ArgumentError(f"then has no subtree for the signals {missing}")
        extra = [s for s in then if s not in signals]
        if extra:
            raise ArgumentError(f"then has subtrees for {extra}, which are not signals: {list(signals)}")
        chosen = {s: then[s] for s in signals}
    elif callable(then):
        chosen = {s: called(then, f"then({s!r})", s) for s in signals}
    else:
        raise ArgumentError(
            f"then must be a node, a mapping of signal labels to nodes or a function of the signal label, "
            f"got {type(then).__name__}"
        )
    for s, node in chosen.items():
        if not isinstance(node, (Terminal, Chance, Decision)):
            raise ArgumentError(f"the subtree after signal {brief(s)} is a {type(node).__name__}, not a node")
    return chosen


def _state_nodes(root: Node, state: str) -> list[tuple[Path, Chance]]:
    """Every chance node named ``state`` below ``root`` (with its path from ``root``), depth first."""
    found: list[tuple[Path, Chance]] = []
    stack: list[tuple[Path, Any]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, Chance) and node.name == state:
            found.append((path, node))
        for branch in reversed(getattr(node, "branches", ())):
            stack.append(((*path, branch.label), branch.node))
    return found


def _rewrite(root: Node, change: Callable[[Any], Any]) -> Node:
    """A copy of ``root`` with ``change`` applied to every node, bottom-up, iteratively.

    ``change(node)`` gets the node with its children already rewritten and
    returns the node to use. Shared subtrees are rewritten once.
    """
    done: dict[int, Any] = {}
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        children = [b.node for b in getattr(node, "branches", ())]
        if not expanded:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in done)
            continue
        if children and any(done[id(c)] is not c for c in children):
            node_with_children = attrs.evolve(
                node, branches=[attrs.evolve(b, node=done[id(b.node)]) for b in node.branches]
            )
        else:
            node_with_children = node
        done[id(node)] = change(node_with_children)
    return done[id(root)]  # type: ignore[no-any-return]


def bayes_chance(
    signal: str,
    likelihoods: Mapping[str, Mapping[str, Any]],
    then: Node | Mapping[str, Node] | Callable[[str], Node],
    *,
    state: str,
    prior: Mapping[str, Any] | None = None,
) -> Chance:
    """The chance node of a signal, built by Bayes' rule from a prior and likelihoods.

    A test, survey or report (the *signal*) tells something about a *state*.
    Give how likely each signal is in each state (the likelihoods) and what
    follows each signal; the result is a chance node named ``signal`` whose
    branches carry the marginal probability of each signal, and in whose
    subtrees every chance node named ``state`` carries the posterior
    probabilities of the state given that signal, as formulas of the same
    parameters. Nobody writes Bayes' rule by hand.

    Parameters
    ----------
    signal : str
        The name of the signal's chance node.
    likelihoods : mapping
        ``{state label: {signal label: P(signal | state)}}``. Each inner
        mapping is a distribution over the same signal labels (numbers,
        parameters, formulas or text; one may be ``COMPLEMENT``). The
        signal's branches come in the order of the first one.
    then : node, mapping or function
        What follows each signal: one node (the same subtree after every
        signal, typically the decision the test informs), a mapping
        ``{signal label: node}``, or a function of the signal label. Every
        chance node named ``state`` in it gets the posteriors; after every
        signal the state must appear at least once.
    state : str
        The name of the state's chance nodes in ``then``.
    prior : mapping, optional
        ``{state label: probability}``. By default the probabilities of the
        state's chance nodes in ``then``, which must then all agree. When
        given, those nodes may leave their probabilities out (``None``) or
        must carry this prior.

    Returns
    -------
    Chance
        Put it where the test is taken, for example below a decision to test.

    Raises
    ------
    ModelError
        Likelihoods or a prior that are not distributions; state nodes whose
        outcomes differ from the likelihoods' states or that disagree on the
        prior; a signal after which the state never appears.
    ArgumentError
        Arguments of the wrong kind.

    Examples
    --------
    A market test before a launch: P(strong) = 0.4, P(favourable | strong) =
    0.8, P(favourable | weak) = 0.3.

    >>> import decisiontree as dt
    >>> launch = dt.Decision("Launch", [
    ...     dt.Branch("national", dt.Chance("Market", [
    ...         dt.Branch("strong", dt.Terminal("hit", payoff=120), probability=0.4),
    ...         dt.Branch("weak", dt.Terminal("flop", payoff=-60), probability=dt.COMPLEMENT),
    ...     ])),
    ...     dt.Branch("abandon", dt.Terminal("nothing")),
    ... ])
    >>> test = dt.bayes_chance("Test", {
    ...     "strong": {"favourable": 0.8, "unfavourable": dt.COMPLEMENT},
    ...     "weak": {"favourable": 0.3, "unfavourable": dt.COMPLEMENT},
    ... }, launch, state="Market")
    >>> [(b.label, b.probability) for b in test.branches]
    [('favourable', Fraction(1, 2)), ('unfavourable', COMPLEMENT)]
    >>> market = test.branches[0].node.branches[0].node
    >>> [(b.label, b.probability) for b in market.branches]
    [('strong', Fraction(16, 25)), ('weak', COMPLEMENT)]
    >>> dt.evaluate(dt.Tree(test), exact=True).value
    138/5
    """

    if not isinstance(signal, str) or not signal:
        raise ArgumentError(f"signal must be the name of the signal's chance node, got {brief(signal)}")
    if not isinstance(state, str) or not state:
        raise ArgumentError(f"state must be the name of the state's chance nodes, got {brief(state)}")
    rows = _labelled(likelihoods, "likelihoods")
    table: dict[str, tuple[list[str], list[sympy.Expr], int | None]] = {}
    for x, row in rows.items():
        table[x] = _distribution(_labelled(row, f"likelihoods of {x!r}"), f"likelihoods of {state} {x!r}")
    first_state = next(iter(table))
    signals = table[first_state][0]
    for x, (labels, _, _) in table.items():
        if sorted(labels) != sorted(signals):
            raise ModelError(
                f"the likelihoods of {x!r} are over the signals {labels}, those of {first_state!r} over "
                f"{signals}; every state needs the same signals"
            )
    subtrees = _subtrees(then, signals)
    found = {s: _state_nodes(subtrees[s], state) for s in signals}
    for s in signals:
        if not found[s]:
            raise ModelError(
                f"after the signal {s!r} no chance node is named {state!r}: the state must follow every "
                "signal (the tree would otherwise not say how likely each signal is in each state)"
            )
    prior_labels, prior_vector, prior_complement = _prior(prior, found, state, signals)
    if sorted(prior_labels) != sorted(table):
        raise ModelError(
            f"the likelihoods are given for the states {list(table)} but {state!r} has the outcomes "
            f"{prior_labels}"
        )
    likelihood = []
    for x in prior_labels:
        labels, vector, _ = table[x]
        position = {label: k for k, label in enumerate(labels)}
        likelihood.append([vector[position[s]] for s in signals])
    marginal, posterior = _bayes(prior_vector, likelihood)
    first_complement = table[first_state][2]
    signal_complement = (
        None if first_complement is None else signals.index(table[first_state][0][first_complement])
    )
    branch_probabilities = _probabilities(marginal, signal_complement)
    branches = []
    for j, s in enumerate(signals):
        given = dict(zip(prior_labels, posterior[j], strict=True))

        def revise(node: Any, given: dict[str, sympy.Expr] = given) -> Any:
            if not (isinstance(node, Chance) and node.name == state):
                return node
            complement = _complement_at(node.branches)
            placeholders = all(b.probability is None for b in node.branches)
            if complement is None and placeholders and prior_complement is not None:
                complement = _position(node, prior_labels[prior_complement])
            values = _probabilities([given[b.label] for b in node.branches], complement)
            return attrs.evolve(
                node,
                branches=[attrs.evolve(b, probability=v) for b, v in zip(node.branches, values, strict=True)],
            )

        branches.append(Branch(s, _rewrite(subtrees[s], revise), probability=branch_probabilities[j]))
    return Chance(signal, branches)


def _position(node: Chance, label: str) -> int | None:
    return next((k for k, b in enumerate(node.branches) if b.label == label), None)


def _prior(
    prior: Mapping[str, Any] | None,
    found: Mapping[str, list[tuple[Path, Chance]]],
    state: str,
    signals: Sequence[str],
) -> tuple[list[str], list[sympy.Expr], int | None]:
    """The prior's labels, formulas and COMPLEMENT position, checked against the state's nodes."""
    import sympy

    nodes = [((s, *path), node) for s in signals for path, node in found[s]]
    reference_path, reference = nodes[0]
    if prior is not None:
        labels, vector, complement = _distribution(_labelled(prior, "prior"), f"prior of {state!r}")
    else:
        if any(b.probability is None for b in reference.branches):
            raise ModelError(
                f"the chance node {state!r} after {_relative(reference_path)} has branches without "
                "probabilities; give the prior, or put it on the state's chance nodes"
            )
        labels = [b.label for b in reference.branches]
        vector = _resolved(reference.branches)
        complement = _complement_at(reference.branches)
    expected = dict(zip(labels, vector, strict=True))
    for path, node in nodes:
        where = _relative(path)
        own = [b.label for b in node.branches]
        if sorted(own) != sorted(labels):
            raise ModelError(
                f"the chance node {state!r} after {where} has the outcomes {own}, the prior {labels}"
            )
        if all(b.probability is None for b in node.branches) and prior is not None:
            continue
        if any(b.probability is None for b in node.branches):
            raise ModelError(f"the chance node {state!r} after {where} has branches without probabilities")
        for branch, value in zip(node.branches, _resolved(node.branches), strict=True):
            difference = value - expected[branch.label]
            if difference != 0 and not (difference.free_symbols and sympy.cancel(difference) == 0):
                source = "the prior" if prior is not None else f"the one after {_relative(reference_path)}"
                raise ModelError(
                    f"the chance node {state!r} after {where} gives {branch.label!r} the probability "
                    f"{value}, {source} {expected[branch.label]}; the state's nodes must carry one prior"
                )
    return labels, vector, complement


# --------------------------------------------------------------------------- state_first


class _Agreement:
    """Whether two probability formulas are the same function of the parameters.

    Exactly where sympy can tell (a rational function whose difference
    cancels to 0 or not); numerically otherwise, at the base values and at
    a few random values of the parameters (within their ranges). A verdict
    says where they differ.
    """

    def __init__(self, tree: Tree) -> None:
        from .symbolic import derived_substitution

        self.tree = tree
        self._points: list[tuple[str, dict[sympy.Symbol, sympy.Expr]]] | None = None
        self._derived = derived_substitution(tree)
        """Derived parameters by their formulas in base parameters: they are functions of them."""

    def points(self) -> list[tuple[str, dict[sympy.Symbol, sympy.Expr]]]:
        import sympy

        if self._points is None:
            rng = random.Random(14)
            base: dict[sympy.Symbol, sympy.Expr] = {}
            derived: dict[sympy.Symbol, sympy.Expr] = {}
            for parameter in self.tree.parameters:
                value = parameter.value
                if isinstance(value, (int, float, Fraction)):
                    base[parameter.symbol] = as_formula(value)
                else:  # a parameter defined by a formula of others
                    derived[parameter.symbol] = as_formula(to_scalar(value))
            settings = [("the base values", base)]
            for _ in range(RANDOM_POINTS):
                drawn: dict[sympy.Symbol, sympy.Expr] = {}
                for parameter in self.tree.parameters:
                    if parameter.symbol not in base:
                        continue
                    if parameter.low is not None and parameter.high is not None:
                        low, high = as_formula(parameter.low), as_formula(parameter.high)
                        share = sympy.Rational(rng.randint(1, 999), 1000)
                        drawn[parameter.symbol] = low + (high - low) * share
                    else:
                        shift = sympy.Rational(rng.randint(-200, 200), 1000)
                        centre = base[parameter.symbol]
                        drawn[parameter.symbol] = centre * (1 + shift) if centre != 0 else abs(shift)
                shown = ", ".join(f"{s}={float(v):.4g}" for s, v in drawn.items())
                settings.append((shown, drawn))
            self._points = [(label, _complete(values, derived)) for label, values in settings]
        return self._points

    def differ(self, u: Sequence[sympy.Expr], v: Sequence[sympy.Expr]) -> str | None:
        """``None`` when the vectors agree; otherwise where they differ, in words."""
        import sympy

        if tuple(u) == tuple(v):
            return None
        for a, b in zip(u, v, strict=True):
            difference = a - b
            if self._derived and difference != 0:
                difference = sympy_substitute(difference, self._derived)
            if difference == 0:
                continue
            if not difference.free_symbols:
                return "at every parameter value"
            proven = difference.is_rational_function()
            if proven and sympy.cancel(difference) == 0:
                continue
            for k, (label, point) in enumerate(self.points()):
                number = sympy_substitute(difference, point)
                if number.free_symbols or not number.is_finite:
                    continue
                if number != 0:
                    return f"at {label}" if k == 0 else f"at the base values but not at {label}"
            if proven:
                return "as formulas"
        return None


def _complete(
    values: dict[sympy.Symbol, sympy.Expr], derived: dict[sympy.Symbol, sympy.Expr]
) -> dict[sympy.Symbol, sympy.Expr]:
    """Base values plus each derived parameter's formula evaluated at them."""
    result = dict(values)
    pending = dict(derived)
    for _ in range(len(derived)):
        for symbol, formula in list(pending.items()):
            value = sympy_substitute(formula, result)
            if not value.free_symbols:
                result[symbol] = value
                del pending[symbol]
    return result


def _relative(path: Path) -> str:
    """A path below a node that is not yet in a tree, in words."""
    return " > ".join(f'"{label}"' for label in path)


def _show(vector: Sequence[sympy.Expr], labels: Sequence[str]) -> str:
    return "(" + ", ".join(f"{label}: {value}" for label, value in zip(labels, vector, strict=True)) + ")"


def state_first(tree: Tree, node: str) -> Tree:
    """The tree in which the uncertainty ``node`` is drawn first, from its prior, before its signals.

    In a tree that meets a state (the market) only through posteriors after
    a signal (a market test), the chance nodes of the state carry different
    probabilities. This function finds every *signal*: a chance node after
    whose branches the state's chance nodes carry different probabilities.
    It puts a chance node of the state with its prior in the signal's place
    (the prior implied by the signal's probabilities and the posteriors,
    ``P(x) = sum_s P(s) P(x | s)``), below each state the signal with its
    likelihoods ``P(s | x) = P(s) P(x | s) / P(x)``, and below that the rest
    of the tree with the state known: every later chance node of the state
    is replaced by the branch of that state (its branch payoff kept). All as
    formulas of the same parameters.

    In the result every chance node named ``node`` carries the same prior
    (same labels, same probabilities), so revealing the state before the
    first decision (:func:`~decisiontree.perfect_information_tree`) reveals
    it consistently with every signal: that is the right tree for the value
    of perfect information on the state. Trees built with
    :func:`bayes_chance` or :func:`flip` are recognised, and so are
    hand-written trees whose posteriors are posteriors of one prior: formulas
    that agree exactly (sympy cancels their difference to 0) or, where sympy
    cannot tell, numerically at the base values and at random values of the
    parameters. A tree whose state's nodes all carry the prior already comes
    back as it is.

    Decisions between a signal and the state (decide after the test, then
    learn the market) cannot follow the state in a tree without knowing it.
    They become one choice, at the signal's place, of a *rule*: an option
    per reduced strategy, labelled with what is chosen after each outcome
    (``"favourable: national; unfavourable: abandon"``); below each rule,
    the state, the signal and the rest with those choices made. So the
    result has the same value as the tree, and the standard value of
    perfect information on it (:func:`~decisiontree.evpi`) is the right
    one. Decisions after the state, or that never meet it, keep their place.

    Parameters
    ----------
    tree : Tree
    node : str
        The name of the state's chance nodes.

    Returns
    -------
    Tree
        Same parameters, name and description.

    Raises
    ------
    NotFoundError
        No chance node is named ``node``.
    ModelError
        Naming the paths, where the state's nodes cannot be explained as one
        prior revised by signals: different outcome labels; different
        probabilities after different choices of a decision (a choice changes
        the odds); a signal after one of whose outcomes the state never
        appears; posteriors that are not posteriors of the prior the state
        carries elsewhere (exactly or at some parameter values); the state
        met again, with other odds, after it is known; decisions of several
        owners between a signal and the state.
    TooLargeError
        The result would exceed ``MAX_NODES`` nodes, or the decisions after a
        signal have more than ``MAX_STRATEGIES`` strategies.

    Examples
    --------
    A hand-written market test: after a favourable test (probability 1/2)
    the market is strong with probability 16/25, after an unfavourable one
    with 4/25; without the test, 2/5.

    >>> import decisiontree as dt
    >>> def launch(p):
    ...     return dt.Decision("Launch", [
    ...         dt.Branch("national", dt.Chance("Market", [
    ...             dt.Branch("strong", dt.Terminal("hit", payoff=120), probability=p),
    ...             dt.Branch("weak", dt.Terminal("flop", payoff=-60), probability=dt.COMPLEMENT),
    ...         ])),
    ...         dt.Branch("abandon", dt.Terminal("nothing")),
    ...     ])
    >>> tree = dt.Tree(dt.Decision("Test?", [
    ...     dt.Branch("test", dt.Chance("Test", [
    ...         dt.Branch("favourable", launch("16/25"), probability="1/2"),
    ...         dt.Branch("unfavourable", launch("4/25"), probability=dt.COMPLEMENT),
    ...     ]), payoff=-5),
    ...     dt.Branch("no test", launch("2/5")),
    ... ]))
    >>> first = dt.state_first(tree, "Market")
    >>> dt.evaluate(first, exact=True).value == dt.evaluate(tree, exact=True).value
    True
    >>> dt.evaluate(first).policy[("test",)]
    'favourable: national; unfavourable: abandon'
    >>> dt.evpi(first, node="Market", exact=True)
    127/5
    """
    import sympy

    _check_tree(tree, "state_first")
    if not isinstance(node, str):
        raise ArgumentError(f"node must be the name of the state's chance nodes, got {brief(node)}")
    index = tree.index
    nodes, first_child = index.nodes, index.first_child
    name = node
    found = [i for i, n in enumerate(nodes) if type(n) is Chance and n.name == name]
    if not found:
        names = sorted({n.name for n in nodes if type(n) is Chance})
        raise NotFoundError(
            f"{did_you_mean('uncertainty (chance node name)', name, names)}; chance nodes are {names}"
        )
    reference: Any = nodes[found[0]]
    labels = tuple(b.label for b in reference.branches)
    order = {label: k for k, label in enumerate(labels)}
    for i in found[1:]:
        other = tuple(b.label for b in nodes[i].branches)  # type: ignore[union-attr]
        if sorted(other) != sorted(labels):
            raise ModelError(
                f"chance nodes named {name!r} have different outcomes: {list(labels)} at "
                f"{format_path(index.path(found[0]))}, {list(other)} here",
                index.path(i),
            )
    agreement = _Agreement(tree)
    size = len(nodes)
    met: list[Vector | None] = [None] * size  # the state's distribution as met below each node
    signal = [False] * size
    signal_below = [False] * size  # a signal at or below the node

    def children(i: int) -> range:
        start = first_child[i]
        return range(start, start + len(getattr(nodes[i], "branches", ())))

    for i in range(size - 1, -1, -1):
        here: Any = nodes[i]
        if type(here) is Terminal:
            continue
        kids = children(i)
        signal_below[i] = any(signal_below[c] for c in kids)
        if type(here) is Chance and here.name == name:
            vector = _resolved(here.branches)
            own = tuple(vector[[b.label for b in here.branches].index(label)] for label in labels)
            for c in kids:
                below = met[c]
                if below is not None and (signal_below[c] or agreement.differ(below, own) is not None):
                    raise ModelError(
                        f"below this chance node named {name!r}, other chance nodes of that name carry "
                        f"other probabilities (the state is met again, with different odds, after it is "
                        "known), so revealing it is not defined",
                        index.path(c),
                    )
            met[i] = own
            continue
        present: list[tuple[int, Vector]] = [(c, v) for c in kids if (v := met[c]) is not None]
        if not present:
            continue
        first_c, first_vector = present[0]
        differing = [(c, v, agreement.differ(first_vector, v)) for c, v in present[1:]]
        differing = [(c, v, where) for c, v, where in differing if where is not None]
        if not differing:
            met[i] = first_vector
            continue
        c, v, where = differing[0]
        if type(here) is Decision:
            raise ModelError(
                f"chance nodes named {name!r} carry different probabilities after different choices at the "
                f"decision {here.name!r}: {_show(first_vector, labels)} after "
                f"{here.branches[first_c - first_child[i]].label!r}, {_show(v, labels)} after "
                f"{here.branches[c - first_child[i]].label!r} ({where}). If the choice changes the odds, "
                f"the outcomes of {name!r} after different choices are different events, and revealing "
                "them together needs an assumption on how they are linked (coupling='comonotone' assumes "
                "they are perfectly linked); if these are posteriors after a signal, put the signal "
                "before the decision",
                index.path(i),
            )
        missing = [k for k, c in enumerate(kids) if met[c] is None]
        if missing:
            raise ModelError(
                f"after the outcomes of {here.name!r} the chance nodes named {name!r} carry different "
                f"probabilities, so {here.name!r} is a signal of {name!r}; but after "
                f"{here.branches[missing[0]].label!r} no chance node is named {name!r}, so how likely that "
                f"outcome is in each state cannot be recovered. Put the state's chance nodes after every "
                f"outcome (bayes_chance does)",
                index.path(i),
            )
        weights = _resolved(here.branches)
        mixed = tuple(
            _tidy(sympy.Add(*(w * met[c][x] for w, c in zip(weights, kids, strict=True))))  # type: ignore[index]
            for x in range(len(labels))
        )
        met[i] = mixed
        signal[i] = True
        signal_below[i] = True

    # The prior every node will carry: that of a state node no signal precedes, if there is one.
    after_signal = [False] * size
    for i in range(1, size):
        parent = index.parent[i]
        after_signal[i] = after_signal[parent] or signal[parent]
    plain = [i for i in found if not after_signal[i]]
    prior_node: Any = nodes[plain[0]] if plain else reference
    if plain:
        vector = _resolved(prior_node.branches)
        prior = tuple(vector[[b.label for b in prior_node.branches].index(label)] for label in labels)
    else:
        prior = met[0]  # type: ignore[assignment]
    root_met = met[0]
    assert root_met is not None
    where = agreement.differ(root_met, prior)
    if where is not None:  # cannot happen: every plain state node agrees with the root's (checked above)
        raise ModelError(f"the prior of {name!r} is not one ({where})")

    copies = sum(1 for i in range(size) if signal[i] and not after_signal[i])
    if copies and len(labels) * size > MAX_NODES:
        raise TooLargeError(
            f"putting {name!r} first copies the tree after each signal {len(labels)} times "
            f"(over {MAX_NODES:,} nodes)"
        )
    return _rebuild(tree, name, labels, order, prior, prior_node, met, signal)


def _with_branches(node: Any, below: Sequence[tuple[Any, Any]], probabilities: Sequence[Any]) -> Any:
    """``node`` with new children (each with a payoff carried up into its branch) and probabilities.

    The node itself when nothing changes, so untouched parts of a tree are shared, not copied.
    """
    if all(
        child is branch.node and _is_zero(carried) and probability is branch.probability
        for branch, (child, carried), probability in zip(node.branches, below, probabilities, strict=True)
    ):
        return node
    return attrs.evolve(
        node,
        branches=[
            attrs.evolve(branch, node=child, probability=probability, payoff=_add(branch.payoff, carried))
            for branch, (child, carried), probability in zip(node.branches, below, probabilities, strict=True)
        ],
    )


def _strategies(
    tree: Tree, start: int, name: str, met: Sequence[Vector | None]
) -> list[tuple[tuple[int, int], ...]]:
    """Every reduced strategy of the decisions between the signal ``start`` and the state's nodes.

    A strategy is a tuple of ``(decision index, branch position)``. Decisions
    after a node of the state, or with no node of the state below, are not
    part of it (they keep their place). ``[()]`` when there are none.
    """
    index = tree.index
    nodes, first_child = index.nodes, index.first_child

    def inside(i: int) -> bool:
        here: Any = nodes[i]
        return met[i] is not None and not (type(here) is Chance and here.name == name)

    order: list[int] = []
    stack = [start]
    while stack:
        i = stack.pop()
        order.append(i)
        if type(nodes[i]) is not Terminal and inside(i):
            start_child = first_child[i]
            stack.extend(range(start_child, start_child + len(nodes[i].branches)))  # type: ignore[union-attr]
    counts: dict[int, int] = {}
    for i in reversed(order):
        here: Any = nodes[i]
        if not inside(i) or type(here) is Terminal:
            counts[i] = 1
            continue
        kids = range(first_child[i], first_child[i] + len(here.branches))
        if type(here) is Decision:
            counts[i] = sum(counts[c] for c in kids)
        else:
            counts[i] = 1
            for c in kids:
                counts[i] *= counts[c]
        if counts[i] > MAX_STRATEGIES:
            raise TooLargeError(
                f"the decisions after the signal {nodes[start].name!r} have over {MAX_STRATEGIES:,} "
                "strategies; putting the state before them would list them all"
            )
    found: dict[int, list[tuple[tuple[int, int], ...]]] = {}
    for i in reversed(order):
        here = nodes[i]
        if not inside(i) or type(here) is Terminal:
            found[i] = [()]
            continue
        kids = range(first_child[i], first_child[i] + len(here.branches))
        if type(here) is Decision:
            found[i] = [((i, k), *rest) for k, c in enumerate(kids) for rest in found[c]]
        else:
            combined: list[tuple[tuple[int, int], ...]] = [()]
            for c in kids:
                combined = [a + b for a in combined for b in found[c]]
            found[i] = combined
    return found[start]


def _rule_label(tree: Tree, start: int, strategy: tuple[tuple[int, int], ...]) -> str:
    """``"favourable: national; unfavourable: abandon"``: the choice after each signal, in tree order."""
    index = tree.index
    depth = len(index.path(start))
    parts = []
    for i, k in sorted(strategy, key=lambda item: index.path(item[0])):
        where = " > ".join(index.path(i)[depth:])
        parts.append(f"{where}: {index.nodes[i].branches[k].label}")  # type: ignore[union-attr]
    return "; ".join(parts)


def _rebuild(
    tree: Tree,
    name: str,
    labels: tuple[str, ...],
    order: Mapping[str, int],
    prior: Vector,
    prior_node: Any,
    met: Sequence[Vector | None],
    signal: Sequence[bool],
) -> Tree:
    """The tree with the state first at each signal and known after it (see :func:`state_first`).

    Nodes are built for a context ``(state, strategy)``: the state's position
    once it is known (``None`` before), and the strategy fixing the decisions
    between the current signal and the state (an index into ``rules``).
    """
    index = tree.index
    nodes, first_child = index.nodes, index.first_child
    prior_complement = _complement_at(prior_node.branches)
    complement_label = None if prior_complement is None else prior_node.branches[prior_complement].label
    rules: list[dict[int, int]] = []

    def prior_branches(ordered_labels: Sequence[str], own_complement: int | None) -> list[Any]:
        complement = own_complement
        if complement is None and complement_label is not None:
            complement = list(ordered_labels).index(complement_label)
        return _probabilities([prior[order[label]] for label in ordered_labels], complement)

    regions: dict[int, list[int]] = {}  # a signal before the state -> the rules of its decisions

    def region(i: int) -> list[int]:
        if i not in regions:
            strategies = _strategies(tree, i, name, met)
            if strategies == [()]:
                regions[i] = []
            else:
                regions[i] = list(range(len(rules), len(rules) + len(strategies)))
                rules.extend(dict(strategy) for strategy in strategies)
                _labels[i] = [_rule_label(tree, i, strategy) for strategy in strategies]
        return regions[i]

    _labels: dict[int, list[str]] = {}

    def requirements(i: int, ctx: int | None, rule: int | None) -> list[_Key]:
        here: Any = nodes[i]
        kids = range(first_child[i], first_child[i] + len(here.branches))
        if type(here) is Chance and here.name == name:
            if ctx is None:
                return [(c, order[b.label], rule) for c, b in zip(kids, here.branches, strict=True)]
            k = next(k for k, b in enumerate(here.branches) if order[b.label] == ctx)
            return [(first_child[i] + k, ctx, rule)]
        if type(here) is Decision and rule is not None and i in rules[rule]:
            return [(first_child[i] + rules[rule][i], ctx, rule)]
        if signal[i] and ctx is None:
            chosen = region(i)
            if chosen:
                return [(i, x, r) for r in chosen for x in range(len(labels))]
            return [(i, x, None) for x in range(len(labels))]
        return [(c, ctx, rule) for c in kids]

    built: dict[_Key, tuple[Any, Any]] = {}
    stack: list[tuple[int, int | None, int | None, bool]] = [(0, None, None, False)]
    while stack:
        i, ctx, rule, expanded = stack.pop()
        key = (i, ctx, rule)
        if key in built:
            continue
        here: Any = nodes[i]
        if met[i] is None:  # nothing of the state below: unchanged
            built[key] = (here, 0)
            continue
        needed = requirements(i, ctx, rule)
        if not expanded:
            stack.append((i, ctx, rule, True))
            stack.extend((*need, False) for need in needed if need not in built)
            continue
        if len(built) > MAX_NODES:
            raise TooLargeError(f"putting {name!r} first builds over {MAX_NODES:,} nodes")
        kids = range(first_child[i], first_child[i] + len(here.branches))
        if (type(here) is Chance and here.name == name and ctx is not None) or (
            type(here) is Decision and rule is not None and i in rules[rule]
        ):  # the state is known, or the decision is fixed: the node becomes the branch taken
            [need] = needed
            below, carried = built[need]
            built[key] = (below, _add(here.branches[need[0] - first_child[i]].payoff, carried))
            continue
        if type(here) is Chance and here.name == name:
            own = [b.label for b in here.branches]
            resolved = _resolved(here.branches)
            same = all(resolved[k] == prior[order[label]] for k, label in enumerate(own))
            probabilities = (
                [b.probability for b in here.branches]
                if same
                else prior_branches(own, _complement_at(here.branches))
            )
            built[key] = (_with_branches(here, [built[need] for need in needed], probabilities), 0)
            continue
        if signal[i] and ctx is None:  # the state first, with its prior, then the signal
            chosen: list[int | None] = [*regions[i]] if regions.get(i) else [None]
            options = []
            for r in chosen:
                state_branches = [
                    Branch(label, built[(i, x, r)][0], probability=probability, payoff=built[(i, x, r)][1])
                    for x, (label, probability) in enumerate(
                        zip(labels, prior_branches(labels, None), strict=True)
                    )
                ]
                notes = f"drawn before the signal {here.name!r}, by Bayes' rule"
                options.append(Chance(name, state_branches, notes=notes))
            if chosen == [None]:
                built[key] = (options[0], 0)
                continue
            decided = sorted({nodes[d].name for r in chosen for d in rules[r]})  # type: ignore[index]
            owners = {nodes[d].owner for r in chosen for d in rules[r]}  # type: ignore[index, union-attr]
            if len(owners) > 1:
                raise ModelError(
                    f"decisions of several owners ({', '.join(sorted(str(o) for o in owners))}) lie between "
                    f"the signal {here.name!r} and {name!r}; they cannot be turned into one rule",
                    index.path(i),
                )
            built[key] = (
                Decision(
                    " / ".join(decided),
                    [Branch(label, option) for label, option in zip(_labels[i], options, strict=True)],
                    owner=owners.pop(),
                    notes=f"a rule: what to choose after each outcome of the signal {here.name!r}",
                ),
                0,
            )
            continue
        probabilities = [b.probability for b in here.branches]
        if signal[i]:  # the state is known: the signal's likelihoods in that state
            assert ctx is not None
            weights = _resolved(here.branches)
            total = met[i][ctx]  # type: ignore[index]
            likelihood = [
                w if total == 0 else _tidy(w * met[c][ctx] / total)  # type: ignore[index]
                for w, c in zip(weights, kids, strict=True)
            ]
            probabilities = _probabilities(likelihood, _complement_at(here.branches))
        built[key] = (_with_branches(here, [built[need] for need in needed], probabilities), 0)
    root, carried = built[(0, None, None)]
    if not _is_zero(carried):  # only a known state or a fixed decision carries a payoff up; never the root
        raise ModelError("a branch payoff was left over at the root")
    if root is tree.root:
        return tree
    return Tree(root, tree.parameters, name=tree.name, description=tree.description)
