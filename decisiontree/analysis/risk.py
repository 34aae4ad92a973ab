"""Risk profiles: the distribution of the total payoff under a policy.

A risk profile lists the total payoffs a policy can lead to, with their
probabilities (equal payoffs merged), and their cumulative probabilities.
:func:`dominates` compares two profiles by first- or second-order stochastic
dominance.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Drill?", [
...     dt.Branch("drill", dt.Chance("Oil", [
...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability="3/10"),
...         dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
...     ]), payoff=-20),
...     dt.Branch("walk away", dt.Terminal("nothing")),
... ]))
>>> profile = risk_profile(dt.evaluate(tree, exact=True))
>>> profile.outcomes, profile.probabilities, profile.cumulative
((-20, 80), (7/10, 3/10), (7/10, 1))
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from .._core import FLOAT_TOLERANCE, Options, compile_tree, expanded_core
from ..errors import ArgumentError, among, brief, items
from ..evaluate import Result
from ..model import DECISION, TERMINAL, Tree
from ..number import as_fraction, as_sympy_number, number_repr
from ..tables import Table, Tabular
from ..utility import ExponentialUtility, Utility, undefined_at

__all__ = ["RiskProfile", "dominates", "risk_profile", "risk_profiles"]


@attrs.frozen
class RiskProfile(Tabular):
    """A discrete distribution of total payoff: sorted distinct ``outcomes`` and their ``probabilities``.

    Numbers are floats, or sympy ``Rational`` when built from an exact result.
    """

    outcomes: tuple[Any, ...] = attrs.field(repr=number_repr)
    probabilities: tuple[Any, ...] = attrs.field(repr=number_repr)
    label: str = ""

    def __attrs_post_init__(self) -> None:
        """A profile is a distribution: one or more increasing finite outcomes and probabilities in
        [0, 1] that sum to 1, within the float tolerance (1e-9) that trees allow for floats. Exact
        profiles need it too: floats mean their decimal values, so a tree of probabilities written
        as floats (``1 / 3`` and ``2 / 3``, or ``8 / 17`` and ``9 / 17``) sums to 1 only within it,
        and so does the exact profile of its result."""
        outcomes = items(self.outcomes, "a risk profile's outcomes", "numbers", ArgumentError)
        chances = items(self.probabilities, "a risk profile's probabilities", "numbers", ArgumentError)
        if not outcomes or len(outcomes) != len(chances):
            raise ArgumentError(
                f"a risk profile needs one probability per outcome, and at least one: got {len(outcomes)} "
                f"outcomes and {len(chances)} probabilities"
            )
        numbers = [_checked_number(x, "an outcome") for x in outcomes]
        if any(b <= a for a, b in itertools.pairwise(numbers)):
            raise ArgumentError(
                f"a risk profile's outcomes must be distinct and increasing, got {brief(outcomes)}"
            )
        shares = [_checked_number(p, "a probability") for p in chances]
        if any(not 0 <= p <= 1 + FLOAT_TOLERANCE for p in shares):
            raise ArgumentError(f"a risk profile's probabilities must lie in [0, 1], got {brief(chances)}")
        exact = all(_is_exact(p) for p in chances)
        total = sum(chances, Fraction(0)) if exact else math.fsum(shares)
        if abs(total - 1) > FLOAT_TOLERANCE:
            raise ArgumentError(f"a risk profile's probabilities must sum to 1, got {number_repr(total)}")
        object.__setattr__(self, "outcomes", outcomes)
        object.__setattr__(self, "probabilities", chances)
        object.__setattr__(self, "label", arguments.text(self.label, "a risk profile's label"))

    @property
    def cumulative(self) -> tuple[Any, ...]:
        """``P(payoff <= outcome)`` at each outcome (the last is 1; in an exact profile of floats'
        decimal values, the exact sum of the probabilities)."""
        total: Any = 0
        out = []
        for p in self.probabilities:
            total = total + p
            out.append(total)
        if out and isinstance(out[-1], float):
            out[-1] = min(out[-1], 1.0)
        return tuple(out)

    @property
    def mean(self) -> Any:
        """The expected total payoff."""
        return sum(
            (x * p for x, p in zip(self.outcomes, self.probabilities, strict=True)), 0 * self.outcomes[0]
        )

    @property
    def variance(self) -> Any:
        """The variance of the total payoff."""
        mean = self.mean
        return sum(
            (p * (x - mean) ** 2 for x, p in zip(self.outcomes, self.probabilities, strict=True)), 0 * mean
        )

    def cdf(self, x: float) -> Any:
        """``P(payoff <= x)``; ``x`` may be infinite.

        >>> RiskProfile((0, 10), (0.25, 0.75)).cdf(5), RiskProfile((0, 10), (0.25, 0.75)).cdf(float("inf"))
        (0.25, 1.0)
        """
        if not (isinstance(x, float) and math.isinf(x)):  # else compared in the outcomes' arithmetic
            exact = bool(self.outcomes) and _is_exact(self.outcomes[0])
            x = arguments.scalar(x, "x", exact=exact)
        return self._cdf(x)

    def _cdf(self, x: Any) -> Any:
        total: Any = 0
        for outcome, p in zip(self.outcomes, self.probabilities, strict=True):
            if outcome > x:
                break
            total = total + p
        return total

    def certainty_equivalent(self, utility: Any) -> float:
        """The sure payoff with the same expected utility as this profile."""
        arguments.of_kind(utility, (Utility, ExponentialUtility), "certainty_equivalent", "a utility")
        x = np.array([float(v) for v in self.outcomes])
        p = np.array([float(v) for v in self.probabilities])
        shift = float(x.min()) if isinstance(utility, ExponentialUtility) else 0.0
        utilities, bad = undefined_at(utility, x - shift)
        if bad >= 0:
            raise ArgumentError(
                f"utility {brief(utility.name)} is not a finite number at the outcome {number_repr(x[bad])}"
            )
        expected = np.dot(p, utilities)
        certainty, bad = undefined_at(utility, expected, inverse=True)
        if bad >= 0:
            raise ArgumentError(
                f"the inverse of utility {brief(utility.name)} is not a finite number at the expected "
                f"utility {number_repr(expected)}"
            )
        return float(certainty) + shift

    def to_table(self) -> Table:
        """The profile: outcome, probability, cumulative (``to_frame()`` gives it as a pandas DataFrame)."""
        rows = zip(self.outcomes, self.probabilities, self.cumulative, strict=True)
        title = "Risk profile" + (f" of {self.label}" if self.label else "")
        return Table(
            ("outcome", "probability", "cumulative"), rows, title=title, percent=("probability", "cumulative")
        )


def _profile(payoffs: Sequence[Any], probabilities: Sequence[Any], label: str) -> RiskProfile:
    merged: dict[Any, Any] = {}
    for x, p in zip(payoffs, probabilities, strict=True):
        if p > 0:
            merged[x] = merged.get(x, 0) + p
    outcomes = tuple(sorted(merged))
    return RiskProfile(outcomes, tuple(merged[x] for x in outcomes), label)


def _checked_number(x: Any, what: str) -> Any:
    """``x`` checked as a number of a profile, to compare (the profile keeps ``x`` itself): exact
    numbers as Fractions (a profile of an exact result may hold numbers beyond float range, or
    numbers that differ by less than floats tell apart), the rest as finite floats."""
    if type(x) is float and math.isfinite(x):
        return x
    if _is_exact(x) and not isinstance(x, bool):
        return as_fraction(x)
    return arguments.scalar(x, f"{what} of a risk profile")


def _is_exact(x: Any) -> bool:
    return isinstance(x, (int, Fraction)) or bool(getattr(x, "is_Rational", False))


def _number(x: Any, exact: bool) -> Any:
    return as_sympy_number(x) if exact else float(x)


def risk_profile(
    result_or_tree: Result | Tree,
    *,
    policy: Mapping[Sequence[str], str] | None = None,
    values: Mapping[Any, Any] | None = None,
    objective: str | Mapping[str, Any] | None = None,
    actor: str | None = None,
    exact: bool = False,
) -> RiskProfile:
    """The distribution of the total payoff under a policy.

    Parameters
    ----------
    result_or_tree : Result or Tree
        A :func:`~decisiontree.evaluate` result (its policy, values,
        objective and arithmetic are used, including a policy chosen under a
        utility), or a tree (evaluated at ``values``, risk neutral).
    policy : mapping, optional
        ``{decision path: label}`` forcing choices; decisions not named keep
        the result's choices (for a tree: the optimal ones given the forced
        ones).
    values, objective, exact
        For a tree: as in :func:`~decisiontree.evaluate`.
    actor : str, optional
        Whose payoff, with per-actor payoffs; default the owner of the first
        decision (or ``objective``).

    Returns
    -------
    RiskProfile

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Go?", [
    ...     dt.Branch("gamble", dt.Chance("coin", [
    ...         dt.Branch("heads", dt.Terminal("win", payoff=100), probability=0.5),
    ...         dt.Branch("tails", dt.Terminal("lose", payoff=-40), probability=0.5),
    ...     ])),
    ...     dt.Branch("sure", dt.Terminal("sure thing", payoff=20)),
    ... ]))
    >>> risk_profile(tree).outcomes
    (-40.0, 100.0)
    >>> risk_profile(tree, policy={(): "sure"}).outcomes
    (20.0,)
    """
    exact = arguments.flag(exact, "exact")
    if isinstance(result_or_tree, Result):
        result = result_or_tree
        tree, params, exact, objective = result.tree, result.values, result.exact, result.objective
        chosen = result.arrays.choice
    elif isinstance(result_or_tree, Tree):
        tree = result_or_tree
        core = compile_tree(tree)
        params = core.parameter_values(arguments.values(tree, values, exact=exact), exact=exact)
        chosen = None
    else:
        raise ArgumentError(f"risk_profile() needs a Result or a Tree, got {type(result_or_tree).__name__}")
    core = compile_tree(tree)
    expanded = expanded_core(tree)
    distinct = np.asarray(tree.index.distinct, dtype=np.intp)
    forced = (
        np.full(expanded.size, -1, dtype=np.intp) if chosen is None else np.asarray(chosen, dtype=np.intp)
    )
    for node, position in arguments.forced_choices(tree, policy):
        forced[distinct == node] = position
    weights = arguments.objective_weights(expanded, objective, exact=exact)
    rolled = expanded.run(params, Options(weights), exact=exact, forced=forced)
    reach = expanded.reach(rolled)[:, 0]
    totals = expanded.totals(rolled)[:, :, 0]
    reported = arguments.reported_weights(core, actor=actor, objective=objective, exact=exact)
    scored = totals[:, 0] if reported is None else totals @ reported
    terminals = np.flatnonzero(expanded.flat.kind == TERMINAL)
    label = ", ".join(f"{v}" for v in (policy or {}).values())
    return _profile(
        [_number(scored[i], exact) for i in terminals], [_number(reach[i], exact) for i in terminals], label
    )


def risk_profiles(
    result_or_tree: Result | Tree,
    *,
    decision: Sequence[str] = (),
    values: Mapping[Any, Any] | None = None,
    objective: str | Mapping[str, Any] | None = None,
    actor: str | None = None,
    exact: bool = False,
) -> dict[str, RiskProfile]:
    """The risk profile of every option at ``decision`` (default the root): label -> profile.

    Each option is forced at that decision; the other decisions keep their
    (optimal) choices. For a decision below the root, the choices on the way
    to it are forced too and the profile is conditional on reaching it.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Go?", [
    ...     dt.Branch("gamble", dt.Chance("coin", [
    ...         dt.Branch("heads", dt.Terminal("win", payoff=100), probability=0.5),
    ...         dt.Branch("tails", dt.Terminal("lose", payoff=-40), probability=0.5),
    ...     ])),
    ...     dt.Branch("sure", dt.Terminal("sure thing", payoff=20)),
    ... ]))
    >>> {label: p.mean for label, p in risk_profiles(tree).items()}
    {'gamble': 30.0, 'sure': 20.0}
    """
    tree = result_or_tree.tree if isinstance(result_or_tree, Result) else result_or_tree
    if not isinstance(tree, Tree):
        raise ArgumentError(f"risk_profiles() needs a Result or a Tree, got {type(tree).__name__}")
    node: Any = tree.flat.nodes[arguments.decision(tree, decision)]
    path = tuple(decision)
    forced: dict[Sequence[str], str] = {}
    for depth in range(len(path)):  # decisions on the way to the decision
        if tree.flat.kind[tree.flat.find(path[:depth])] == DECISION:
            forced[path[:depth]] = path[depth]
    profiles = {}
    for branch in node.branches:
        profile = risk_profile(
            result_or_tree,
            policy={**forced, path: branch.label},
            values=values,
            objective=objective,
            actor=actor,
            exact=exact,
        )
        if path:
            profile = _conditional(profile)
        profiles[branch.label] = attrs.evolve(profile, label=branch.label)
    return profiles


def _conditional(profile: RiskProfile) -> RiskProfile:
    total = sum(profile.probabilities, 0 * profile.probabilities[0]) if profile.probabilities else 0
    if not total:
        raise ArgumentError("this decision is reached with probability 0")
    return attrs.evolve(profile, probabilities=tuple(p / total for p in profile.probabilities))


def dominates(a: RiskProfile, b: RiskProfile, *, order: int = 1) -> bool:
    """True if profile ``a`` stochastically dominates ``b`` (and they differ).

    ``order=1``: first order, ``P(a <= x) <= P(b <= x)`` for every ``x``
    (every decision maker who prefers more to less prefers ``a``).
    ``order=2``: second order, ``∫ P(a <= t) dt <= ∫ P(b <= t) dt`` up to every
    ``x`` (every risk-averse decision maker prefers ``a``). Float profiles are
    compared with a tolerance of 1e-12; exact ones exactly.

    >>> import decisiontree as dt
    >>> sure = RiskProfile((20,), (1,))
    >>> gamble = RiskProfile((0, 40), (0.5, 0.5))
    >>> dominates(sure, gamble), dominates(sure, gamble, order=2), dominates(gamble, sure, order=2)
    (False, True, False)
    """
    if not among(order, (1, 2)):
        raise ArgumentError(f"order must be 1 or 2, got {brief(order)}")
    if not isinstance(a, RiskProfile) or not isinstance(b, RiskProfile):
        raise ArgumentError("dominates() compares two RiskProfile objects")
    points = sorted(set(a.outcomes) | set(b.outcomes))
    exact = all(_is_exact(x) for x in (*points, *a.probabilities, *b.probabilities))
    tolerance: Any = 0 if exact else 1e-12
    fa = [a._cdf(x) for x in points]
    fb = [b._cdf(x) for x in points]
    if order == 1:
        gaps = [x - y for x, y in zip(fa, fb, strict=True)]
    else:  # integrals of the step functions, piecewise linear with kinks at the points
        gaps, ia, ib = [], 0 * fa[0], 0 * fb[0]
        for k in range(len(points)):
            if k:
                width = points[k] - points[k - 1]
                ia, ib = ia + fa[k - 1] * width, ib + fb[k - 1] * width
            gaps.append(ia - ib)
        if not exact:
            scale = max(1.0, *(abs(float(x)) for x in points))
            tolerance = 1e-12 * scale
    worst = max(gaps)
    if worst > tolerance:
        return False
    differs = min(gaps) < -tolerance
    if order == 2 and not differs:
        differs = not math.isclose(float(a.mean), float(b.mean)) if not exact else a.mean != b.mean
    return bool(differs)
