"""An independent reference evaluator: what a decision tree means, computed the obvious way.

The oracle tests hold every analysis of the library to this module. It walks
the public model objects (``tree.root``, ``node.branches``, ``branch.node``,
``branch.probability``, ``branch.payoff``, ``Terminal.payoff``,
``Decision.owner``, ``dt.COMPLEMENT``) by plain recursion, in exact
:class:`~fractions.Fraction` arithmetic, and calls no algorithm of the
library: no rollback, no compiled core, no formula evaluation. A float means
its decimal value (``0.1`` is exactly 1/10). A value that is a formula gets
its meaning from a side table, ``meanings``, filled by whoever built the
tree: ``{(path, slot, key): function of the exact parameter values}``, where
``path`` is the path of the node (for a branch: of the node it leads to),
``slot`` is ``"probability"`` or ``"payoff"`` (a branch's) or ``"terminal"``
(a terminal's own payoff), and ``key`` the payoff key (``None`` for scalars).

The semantics, from the design: decisions maximise and ties go to the first
branch in order; a chance node averages; a terminal's total payoff is the sum
of the branch payoffs on its path plus its own payoff; a node's value is what
is still to come from it (the payoffs on the branches leading to it are not
part of it); ``COMPLEMENT`` is one minus the sibling probabilities (0 where that is below 0 by
at most the float tolerance, 1e-9). With
mapping payoffs a decision with an ``owner`` maximises that owner's component,
one without maximises ``objective`` (a key, or ``{key: weight}``, weights being
any numbers, floats by their decimal value).

Derived parameters get their meaning from ``derived``: ``{name: function of
the exact values of the parameters declared before it}``, computed in that
order after the base values (and ``values``) are set.

Decision rules (``rule=``): ``"expected"`` as above; ``"maxi-min"`` and
``"maxi-max"`` make decisions maximise and chance nodes take their worst or
best outcome, ``"mini-min"`` and ``"mini-max"`` make decisions minimise and
chance nodes take their lowest or highest outcome; outcomes of probability 0
are left out. With mapping payoffs, where an objective counts (the tree has a
decision without an owner, or no decision at all) a chance node takes the
whole payoff of its worst (best) outcome scored by the objective, the first on
ties; otherwise each payoff key takes its own worst (best) outcome.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Drill?", [
...     dt.Branch("drill", dt.Chance("Oil", [
...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability="3/10"),
...         dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
...     ]), payoff=-20),
...     dt.Branch("walk away", dt.Terminal("nothing")),
... ]))
>>> solution = Reference(tree).solve()
>>> solution.value, solution.policy
(Fraction(10, 1), {(): 'drill'})
>>> Reference(tree).evpi("Oil")
Fraction(14, 1)
>>> Reference(tree).solve(rule="maxi-min").policy, Reference(tree).solve(rule="maxi-max").value
({(): 'walk away'}, Fraction(80, 1))
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

import decisiontree as dt

__all__ = [
    "RULES",
    "DecisionInfo",
    "Invalid",
    "Reference",
    "Solution",
    "exact",
    "nodes",
    "score",
]

Path = tuple[str, ...]
Vector = tuple[Fraction, ...]
Env = Mapping[str, Fraction]
Meaning = Callable[[Env], Fraction]
Meanings = Mapping[tuple[Path, str, "str | None"], Meaning]

RULES = {
    "expected": (1, 0),
    "maxi-min": (1, -1),
    "maxi-max": (1, 1),
    "mini-min": (-1, -1),
    "mini-max": (-1, 1),
}
"""rule -> (decisions maximise 1 or minimise -1; chance nodes average 0, take the lowest -1 or highest 1)."""


class Invalid(Exception):  # noqa: N818 - an expected outcome, not a failure of the reference
    """The library must refuse this: an invalid model or argument (a ``DecisionTreeError``)."""


def exact(number: Any) -> Fraction:
    """The exact value of a plain number; a float means its decimal value.

    >>> exact(0.1), exact(3), exact(Fraction(1, 3))
    (Fraction(1, 10), Fraction(3, 1), Fraction(1, 3))
    """
    kind = type(number)
    if kind is int or kind is Fraction:
        return Fraction(number)
    if kind is float:
        return Fraction(Decimal(repr(number)))
    raise TypeError(f"not a plain number: {number!r}")


def _is_plain(value: Any) -> bool:
    return type(value) in (int, float, Fraction)


@dataclass(frozen=True)
class DecisionInfo:
    """One decision as solved: each option's total (its branch payoff included), score and the choice.

    ``weights`` are what it maximises (None for scalar payoffs). Under a rule
    that minimises, ``best`` is the lowest score. Chance nodes that pick their
    worst or best outcome by a score are recorded the same way (their options
    being the outcomes of positive probability).
    """

    labels: tuple[str, ...]
    options: tuple[Vector, ...]
    scores: tuple[Fraction, ...]
    choice: int
    forced: bool
    weights: Vector | None

    @property
    def label(self) -> str:
        return self.labels[self.choice]

    @property
    def best(self) -> Fraction:
        return self.scores[self.choice]


@dataclass
class Solution:
    """A solved tree: values, policy, decisions, reach probabilities, path totals and scenarios.

    Vectors hold one component per payoff key (one component for scalar payoffs).
    """

    keys: tuple[str, ...]
    value_at: dict[Path, Vector] = field(default_factory=dict)
    policy: dict[Path, str] = field(default_factory=dict)
    decisions: dict[Path, DecisionInfo] = field(default_factory=dict)
    picks: dict[Path, DecisionInfo] = field(default_factory=dict)
    """Chance nodes that took their worst or best outcome by a score (a rule other than "expected")."""
    reach: dict[Path, Fraction] = field(default_factory=dict)
    paid: dict[Path, Vector] = field(default_factory=dict)
    """The branch payoffs on the path to each node (for a terminal, its own payoff included)."""
    terminals: list[Path] = field(default_factory=list)
    """Every terminal, in depth-first pre-order."""
    magnitude: Fraction = Fraction(0)
    """The largest absolute number met: model values, node and option values, scores, path totals."""

    @property
    def value(self) -> Any:
        """The root value: a Fraction, or ``{key: Fraction}`` for mapping payoffs."""
        return self.number(self.value_at[()])

    def number(self, vector: Vector) -> Any:
        """A vector as the library reports it: a number, or a ``{key: number}`` dict."""
        return dict(zip(self.keys, vector, strict=True)) if self.keys else vector[0]

    @property
    def scenarios(self) -> list[tuple[Path, Fraction, Any]]:
        """``(path, probability, total payoff)`` of every terminal reached with positive probability."""
        return [(p, self.reach[p], self.number(self.paid[p])) for p in self.terminals if self.reach[p] > 0]

    def risk_profile(self, weights: Vector | None) -> list[tuple[Fraction, Fraction]]:
        """``(outcome, probability)`` by outcome (scored by ``weights``), equal outcomes merged."""
        merged: dict[Fraction, Fraction] = {}
        for path in self.terminals:
            if self.reach[path] > 0:
                outcome = score(self.paid[path], weights)
                merged[outcome] = merged.get(outcome, Fraction(0)) + self.reach[path]
        return sorted(merged.items())


def score(vector: Vector, weights: Vector | None) -> Fraction:
    """The weighted sum of a vector's components (the only component without weights)."""
    if weights is None:
        return vector[0]
    return sum((w * x for w, x in zip(weights, vector, strict=True)), Fraction(0))


def _plus(a: Vector, b: Vector) -> Vector:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def _times(p: Fraction, a: Vector) -> Vector:
    return tuple(p * x for x in a)


def nodes(root: Any) -> Iterator[tuple[Path, Any]]:
    """Every ``(path, node)`` below and including ``root``, breadth first."""
    queue: deque[tuple[Path, Any]] = deque([((), root)])
    while queue:
        path, node = queue.popleft()
        yield path, node
        for branch in getattr(node, "branches", ()):
            queue.append(((*path, branch.label), branch.node))


class Reference:
    """The reference evaluation of ``tree`` at parameter ``values`` (base values for the others).

    ``meanings`` gives the meaning of every formula value (see the module
    docstring); plain numbers need none. ``objective`` is as in
    :func:`decisiontree.evaluate`.
    """

    def __init__(
        self,
        tree: dt.Tree,
        meanings: Meanings | None = None,
        values: Mapping[str, Any] | None = None,
        objective: Any = None,
        derived: Mapping[str, Meaning] | None = None,
    ) -> None:
        self.tree = tree
        self.meanings = dict(meanings or {})
        derived = dict(derived or {})
        self.env: dict[str, Fraction] = {
            p.name: exact(p.value) for p in tree.parameters if p.name not in derived
        }
        for name, value in (values or {}).items():
            if name in derived:
                raise Invalid(f"{name!r} is derived; its value cannot be set")
            self.env[name] = exact(value)
        for name, meaning in derived.items():
            try:
                self.env[name] = meaning(self.env)
            except ZeroDivisionError:
                raise Invalid(f"the derived parameter {name!r} divides by zero") from None
        self.objective = objective
        self.keys = self._keys()

    # ------------------------------------------------------------------ values

    def _keys(self) -> tuple[str, ...]:
        for _, node in nodes(self.tree.root):
            payoffs = [node.payoff] if isinstance(node, dt.Terminal) else [b.payoff for b in node.branches]
            for payoff in payoffs:
                if isinstance(payoff, Mapping):
                    return tuple(payoff)
        return ()

    def number(self, value: Any, path: Path, slot: str, key: str | None = None) -> Fraction:
        """The meaning of one model value: from the side table, else the plain number itself."""
        meaning = self.meanings.get((path, slot, key))
        if meaning is not None:
            return meaning(self.env)
        if _is_plain(value):
            return exact(value)
        raise LookupError(f"no meaning recorded for {value!r} at {path}, {slot}, {key}")

    def payoff(self, value: Any, path: Path, slot: str) -> Vector:
        """A payoff as a vector over the keys (a scalar 0 is the zero mapping)."""
        if not self.keys:
            return (self.number(value, path, slot),)
        if isinstance(value, Mapping):
            return tuple(self.number(value[k], path, slot, k) for k in self.keys)
        if self.number(value, path, slot) != 0:
            raise Invalid(f"a scalar payoff in a mapping tree at {path}")
        return tuple(Fraction(0) for _ in self.keys)

    def probabilities(self, node: dt.Chance, path: Path) -> list[Fraction]:
        """The branch probabilities, ``COMPLEMENT`` as one minus the others; 0 where the others pass 1
        by no more than the float tolerance, 1e-9 (floats meaning their decimal values,
        ``0.8333333333333334 + 0.16666666666666666`` is above 1, and the model is valid)."""
        given = [
            None
            if b.probability is dt.COMPLEMENT
            else self.number(b.probability, (*path, b.label), "probability")
            for b in node.branches
        ]
        rest = 1 - sum((p for p in given if p is not None), Fraction(0))
        if Fraction(-1, 10**9) <= rest < 0:
            rest = Fraction(0)
        return [rest if p is None else p for p in given]

    def weights(self, node: dt.Decision) -> Vector | None:
        """What a decision maximises: its owner's component, else the objective; None for scalars."""
        if not self.keys:
            return None
        if node.owner is not None:
            return tuple(Fraction(k == node.owner) for k in self.keys)
        return self.objective_weights()

    def objective_weights(self) -> Vector:
        """The objective as weights over the keys."""
        objective = self.objective
        if objective is None:
            raise Invalid("an unowned decision in a mapping tree needs an objective")
        spec = {objective: 1} if isinstance(objective, str) else dict(objective)
        for key in spec:
            if key not in self.keys:
                raise Invalid(f"objective key {key!r} is not a payoff key")
        return tuple(exact(spec.get(k, 0)) for k in self.keys)

    def judge_weights(self) -> Vector | None:
        """How a chance node scores its outcomes under a worst or best outcome rule: the objective
        where it counts (a decision without an owner, or no decision), else None (key by key)."""
        if not self.keys or self.objective is None:
            return None
        decisions = [node for _, node in nodes(self.tree.root) if isinstance(node, dt.Decision)]
        if decisions and all(node.owner is not None for node in decisions):
            return None
        return self.objective_weights()

    def report_weights(self) -> Vector | None:
        """Whose payoff analyses report: the first decision's (breadth first), else the objective."""
        if not self.keys:
            return None
        for _, node in nodes(self.tree.root):
            if isinstance(node, dt.Decision):
                return self.weights(node)
        return self.objective_weights()

    # ------------------------------------------------------------------ solving

    def solve(
        self,
        forced: Mapping[Path, str] | None = None,
        reveal: Mapping[str, int] | None = None,
        rule: str = "expected",
    ) -> Solution:
        """Roll the tree back.

        ``forced`` fixes the label at some decisions (by path); ``reveal``
        makes every chance node of a name take the outcome at that position
        with probability one (its branch payoff kept); ``rule`` is the
        decision rule (see the module docstring).
        """
        forced = dict(forced or {})
        reveal = dict(reveal or {})
        width = max(1, len(self.keys))
        solution = Solution(self.keys)
        sense, extreme = RULES[rule]
        judge = self.judge_weights() if extreme else None
        magnitude = [Fraction(0)]

        def note(*vectors: Vector) -> None:
            for vector in vectors:
                for x in vector:
                    magnitude[0] = max(magnitude[0], abs(x))

        def walk(node: Any, path: Path) -> Vector:
            if isinstance(node, dt.Terminal):
                value = self.payoff(node.payoff, path, "terminal")
                note(value)
                solution.value_at[path] = value
                return value
            options = []
            for branch in node.branches:
                below = (*path, branch.label)
                paid = self.payoff(branch.payoff, below, "payoff")
                option = _plus(paid, walk(branch.node, below))
                note(paid, option)
                options.append(option)
            if isinstance(node, dt.Chance):
                if node.name in reveal:
                    value = options[reveal[node.name]]
                elif extreme:
                    value = self.outcome(node, path, options, extreme, judge, solution)
                else:
                    value = tuple(Fraction(0) for _ in range(width))
                    for p, option in zip(self.probabilities(node, path), options, strict=True):
                        value = _plus(value, _times(p, option))
            else:
                weights = self.weights(node)
                scores = tuple(score(option, weights) for option in options)
                note(scores)
                labels = tuple(b.label for b in node.branches)
                # forced, or the first best (the first lowest for a rule that minimises)
                best = max(scores) if sense > 0 else min(scores)
                choice = labels.index(forced[path]) if path in forced else scores.index(best)
                solution.decisions[path] = DecisionInfo(
                    labels, tuple(options), scores, choice, path in forced, weights
                )
                solution.policy[path] = labels[choice]
                value = options[choice]
            note(value)
            solution.value_at[path] = value
            return value

        walk(self.tree.root, ())

        def down(node: Any, path: Path, reach: Fraction, paid: Vector) -> None:
            solution.reach[path] = reach
            if isinstance(node, dt.Terminal):
                total = _plus(paid, self.payoff(node.payoff, path, "terminal"))
                note(total)
                solution.paid[path] = total
                solution.terminals.append(path)
                return
            solution.paid[path] = paid
            if isinstance(node, dt.Chance):
                if node.name in reveal:
                    shares = [Fraction(k == reveal[node.name]) for k in range(len(node.branches))]
                else:
                    shares = self.probabilities(node, path)
            else:
                chosen = solution.policy[path]
                shares = [Fraction(b.label == chosen) for b in node.branches]
            for branch, share in zip(node.branches, shares, strict=True):
                below = (*path, branch.label)
                total = _plus(paid, self.payoff(branch.payoff, below, "payoff"))
                note(total)
                down(branch.node, below, reach * share, total)

        down(self.tree.root, (), Fraction(1), tuple(Fraction(0) for _ in range(width)))
        solution.magnitude = magnitude[0]
        return solution

    def outcome(
        self,
        node: dt.Chance,
        path: Path,
        options: list[Vector],
        extreme: int,
        judge: Vector | None,
        solution: Solution,
    ) -> Vector:
        """A chance node's worst (``extreme`` -1) or best (1) outcome of positive probability."""
        possible = [
            (branch.label, option)
            for branch, option, p in zip(node.branches, options, self.probabilities(node, path), strict=True)
            if p > 0
        ]
        pick = max if extreme > 0 else min
        if judge is None:
            return tuple(pick(option[a] for _, option in possible) for a in range(len(options[0])))
        scores = tuple(score(option, judge) for _, option in possible)
        choice = scores.index(pick(scores))
        labels = tuple(label for label, _ in possible)
        vectors = tuple(option for _, option in possible)
        solution.picks[path] = DecisionInfo(labels, vectors, scores, choice, False, judge)
        return vectors[choice]

    # ------------------------------------------------------------------ value of information

    def uncertainties(self) -> list[str]:
        """The names of the chance nodes, breadth first, each once."""
        names: list[str] = []
        for _, node in nodes(self.tree.root):
            if isinstance(node, dt.Chance) and node.name not in names:
                names.append(node.name)
        return names

    def outcomes(self, name: str) -> list[Fraction]:
        """The probability of each outcome of ``name``; :class:`Invalid` if its chance nodes differ."""
        found = [(p, n) for p, n in nodes(self.tree.root) if isinstance(n, dt.Chance)]
        found = [(p, n) for p, n in found if n.name == name]
        if not found:
            raise Invalid(f"no chance node is named {name!r}")
        first_path, first = found[0]
        labels = [b.label for b in first.branches]
        probabilities = self.probabilities(first, first_path)
        for path, node in found[1:]:
            if [b.label for b in node.branches] != labels:
                raise Invalid(f"chance nodes named {name!r} have different outcomes")
            if self.probabilities(node, path) != probabilities:
                raise Invalid(f"chance nodes named {name!r} have different probabilities")
        return probabilities

    def evpi(self, name: str | None = None) -> Fraction:
        """The expected value of perfect information on ``name`` (every uncertainty if None), by hand.

        For each outcome (combination of outcomes), the tree with every chance
        node of that name taking it, evaluated, weighted by the outcome's
        probability; less the value of the tree. Scored by :meth:`report_weights`.
        """
        return self.evpi_solutions(name)[0]

    def evpi_solutions(self, name: str | None = None) -> tuple[Fraction, list[Solution]]:
        """:meth:`evpi` and the solutions it compared: the tree's, then each revealed one's."""
        names = self.uncertainties() if name is None else [name]
        outcomes = [self.outcomes(n) for n in names]
        weights = self.report_weights()
        base = self.solve()
        solutions = [base]
        informed = Fraction(0)
        for combination in itertools.product(*(range(len(o)) for o in outcomes)):
            probability = Fraction(1)
            for o, k in zip(outcomes, combination, strict=True):
                probability *= o[k]
            revealed = self.solve(reveal=dict(zip(names, combination, strict=True)))
            solutions.append(revealed)
            informed += probability * score(revealed.value_at[()], weights)
        return informed - score(base.value_at[()], weights), solutions
