"""Every analysis held to an independent reference evaluator on random small trees.

The reference (``tests/reference.py``) is plain recursion over the public
model objects in exact fractions; the trees and the meaning of their formulas
come from ``tests/oracle_trees.py``, and from the public strategies with numbers across
the float range (:func:`wide_models`). Exact mode must agree exactly, ties
included. Float mode must agree within ``TOLERANCE`` times the size of the
largest number in the tree (float rounding grows with it); the chosen option
is only checked where the reference's best option beats the others by a
clear margin, and a value only where no near-tie below it could change it.
Where the reference says the library must refuse (an unowned decision
without an objective, a name that is not one uncertainty), it must raise its
own ``DecisionTreeError``; exact mode must refuse irrational numbers, and
float mode may refuse numbers beyond the float range but never report
``inf`` or a wrong number for them.
"""

from __future__ import annotations

import itertools
import math
import os
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from functools import partial
from typing import Any, TypeVar

import attrs
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle_trees import Model, models, wide_models
from reference import RULES, DecisionInfo, Invalid, Path, Reference, Solution, exact, nodes

import decisiontree as dt

_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
EXAMPLES = 300 if _PROFILE == "ci" else min(settings().max_examples, 40)
"""Examples per property: 300 in CI, fewer while working (the "dev" profile gives fewer still)."""

TOLERANCE = Fraction(1, 10**9)
"""Float results may be off by this much times the largest number in the tree (plus one)."""
MARGIN = Fraction(1, 10**10)
"""A float-mode choice is checked only where the best option beats the others by this much (same scale)."""
FLOAT_MAX = Fraction(sys.float_info.max)

R = TypeVar("R")


# --------------------------------------------------------------------------- judging results


@attrs.frozen
class Judge:
    """Compares the library's numbers with the reference's: exactly, or within the float tolerance."""

    exact: bool
    scale: Fraction

    @classmethod
    def of(cls, exact: bool, *solutions: Solution) -> Judge:
        return cls(exact, 1 + max(s.magnitude for s in solutions))

    @property
    def overflows(self) -> bool:
        """Whether some number in the tree lies beyond the float range."""
        return self.scale > FLOAT_MAX

    def number(self, got: Any, want: Fraction, what: str) -> None:
        if self.exact:
            assert isinstance(got, (sympy.Rational, int, Fraction)) and not isinstance(got, bool), (
                f"{what}: {got!r} is not an exact rational"
            )
            value = Fraction(int(got.p), int(got.q)) if isinstance(got, sympy.Rational) else Fraction(got)
            assert value == want, f"{what}: got {got}, the reference says {want}"
            return
        x = float(got)
        assert math.isfinite(x), f"{what}: got {x}, the reference says {_show(want)}"
        assert abs(Fraction(x) - want) <= TOLERANCE * self.scale, (
            f"{what}: got {x!r}, the reference says {_show(want)}"
        )

    def probability(self, got: Any, want: Fraction, what: str) -> None:
        if self.exact:
            self.number(got, want, what)
            return
        x = float(got)
        assert math.isfinite(x) and abs(Fraction(x) - want) <= TOLERANCE, f"{what}: got {x!r}, want {want}"

    def payoff(self, got: Any, want: Any, what: str) -> None:
        if isinstance(want, Mapping):
            assert isinstance(got, Mapping), f"{what}: got {got!r}, want a mapping {want}"
            assert set(got) == set(want), f"{what}: keys {sorted(got)}, want {sorted(want)}"
            for key in want:
                self.number(got[key], want[key], f"{what}[{key!r}]")
        else:
            self.number(got, want, what)

    def clear(self, info: DecisionInfo) -> bool:
        """Whether the library must make the reference's choice here (always in exact mode)."""
        if self.exact or info.forced:
            return True
        margin = MARGIN * self.scale
        return all(abs(info.best - s) > margin for k, s in enumerate(info.scores) if k != info.choice)

    def value_safe(self, info: DecisionInfo) -> bool:
        """Whether the decision's value is the same (in float terms) whichever near-best option is taken."""
        if self.clear(info):
            return True
        margin = MARGIN * self.scale
        chosen = info.options[info.choice]
        return all(
            all(abs(a - b) <= margin for a, b in zip(option, chosen, strict=True))
            for s, option in zip(info.scores, info.options, strict=True)
            if abs(info.best - s) <= margin
        )

    def checkable(self, solution: Solution, path: Path, *, below: bool = False) -> bool:
        """Whether the value at ``path`` (the options' values there, with ``below``) must match."""
        n = len(path)
        return all(
            self.value_safe(info)
            for where, info in itertools.chain(solution.decisions.items(), solution.picks.items())
            if where[:n] == path and not (below and where == path)
        )


def _show(x: Fraction) -> str:
    if abs(x) <= FLOAT_MAX:
        return repr(float(x))
    return f"{Decimal(x.numerator) / Decimal(x.denominator):.6e}"


def attempt(compute: Callable[[], R]) -> tuple[R | None, bool]:
    """The reference's answer, and whether the library must refuse instead."""
    try:
        return compute(), False
    except Invalid:
        return None, True


def run(
    call: Callable[[], R], *, invalid: bool, exact: bool, irrational: bool, judge: Judge | None
) -> R | None:
    """The library's answer, or None where it rightly refused; fails where it must refuse but did not."""
    try:
        result = call()
    except dt.DecisionTreeError:
        if invalid or (exact and irrational) or (judge is not None and not exact and judge.overflows):
            return None
        raise
    assert not invalid, "the library gave an answer where it must refuse (the reference found it invalid)"
    assert not (exact and irrational), "exact arithmetic gave an answer for an irrational number"
    return result


def reference(model: Model, values: Mapping[str, Any] | None = None) -> Reference:
    """The reference for ``model`` at ``values`` (default: the model's values; base values for the rest)."""
    return Reference(
        model.tree,
        model.meanings,
        model.values if values is None else values,
        model.objective,
        model.derived,
    )


def base_values(tree: dt.Tree) -> dict[str, Any]:
    """The base value of every parameter that is not derived."""
    return {p.name: p.value for p in tree.parameters if not p.derived}


def decision_paths(tree: dt.Tree) -> list[Path]:
    return [path for path, node in nodes(tree.root) if isinstance(node, dt.Decision)]


def labels_at(tree: dt.Tree, path: Path) -> list[str]:
    node = dict(nodes(tree.root))[path]
    return [b.label for b in node.branches]


def policies(tree: dt.Tree) -> st.SearchStrategy[dict[Path, str]]:
    """A forced choice at some of the decisions (none in a tree without decisions)."""
    optional = {path: st.sampled_from(labels_at(tree, path)) for path in decision_paths(tree)}
    return st.fixed_dictionaries({}, optional=optional)


@st.composite
def sweep_values(draw: st.DrawFn, parameter: dt.Parameter) -> Fraction:
    """An exact value within the parameter's range (within [-50, 50] without one)."""
    low, high = (
        (Fraction(-50), Fraction(50))
        if parameter.low is None
        else (exact(parameter.low), exact(parameter.high))
    )
    share = Fraction(draw(st.integers(0, 100)), 100)
    return low + (high - low) * share


def as_given(x: Fraction) -> Any:
    """``x`` as a float when that is its decimal value, else the Fraction."""
    number = float(x)
    return number if exact(number) == x else x


# --------------------------------------------------------------------------- evaluate


def check_result(judge: Judge, result: dt.Result, solution: Solution) -> None:
    """Value, policy, the value at every node and the scenarios of ``result`` against the reference."""
    if judge.checkable(solution, ()):
        judge.payoff(result.value, solution.value, "value")
    for path, vector in solution.value_at.items():
        if judge.checkable(solution, path):
            judge.payoff(result.value_at(path), solution.number(vector), f"value_at({path})")
    policy = dict(result.policy.items())
    assert set(policy) == set(solution.policy), (
        f"policy paths {sorted(policy)}, want {sorted(solution.policy)}"
    )
    for path, info in solution.decisions.items():
        if judge.clear(info):
            assert policy[path] == info.label, (
                f"choice at {path}: {policy[path]!r}, the reference says {info.label!r} "
                f"(options {dict(zip(info.labels, map(float, info.scores), strict=True))})"
            )
    check_scenarios(judge, result.scenarios, solution)


def check_scenarios(judge: Judge, got: Sequence[dt.Scenario], solution: Solution) -> None:
    want = solution.scenarios
    if not judge.exact:
        reached = [info for path, info in solution.decisions.items() if solution.reach[path] > 0]
        if not all(judge.clear(info) for info in reached):
            return  # a near-tie on the way: the library may follow either branch
        wanted = {path for path, _, _ in want}
        for s in got:
            if s.path not in wanted:  # only float dust, as 1 - 0.7 - 0.3 may leave
                assert float(s.probability) <= TOLERANCE, f"scenario {s.path} has probability 0, got {s}"
        got = [s for s in got if s.path in wanted]
    assert [s.path for s in got] == [path for path, _, _ in want], "scenario paths (in tree order)"
    for s, (path, probability, total) in zip(got, want, strict=True):
        judge.probability(s.probability, probability, f"probability of scenario {path}")
        judge.payoff(s.payoff, total, f"payoff of scenario {path}")


def check_evaluate(model: Model, rule: str) -> None:
    """``evaluate`` under ``rule``, exact and float, against the reference."""
    solution, invalid = attempt(lambda: reference(model).solve(rule=rule))
    for is_exact in (True, False):
        judge = None if solution is None else Judge.of(is_exact, solution)
        result = run(
            lambda e=is_exact: dt.evaluate(
                model.tree, model.values, exact=e, objective=model.objective, rule=rule
            ),
            invalid=invalid,
            exact=is_exact,
            irrational=model.irrational,
            judge=judge,
        )
        if result is not None and judge is not None and solution is not None:
            check_result(judge, result, solution)


@settings(max_examples=EXAMPLES)
@given(model=models())
def test_evaluate_agrees_with_the_reference(model: Model) -> None:
    check_evaluate(model, "expected")


@settings(max_examples=EXAMPLES)
@given(model=models(), rule=st.sampled_from(sorted(set(RULES) - {"expected"})))
def test_evaluate_under_a_rule_agrees_with_the_reference(model: Model, rule: str) -> None:
    check_evaluate(model, rule)


@settings(max_examples=EXAMPLES)
@given(model=wide_models(), rule=st.sampled_from(sorted(RULES)))
def test_evaluate_agrees_with_the_reference_across_the_float_range(model: Model, rule: str) -> None:
    check_evaluate(model, rule)


# --------------------------------------------------------------------------- risk profiles


def check_profile(judge: Judge, profile: Any, want: list[tuple[Fraction, Fraction]]) -> None:
    outcomes, probabilities = list(profile.outcomes), list(profile.probabilities)
    assert len(outcomes) == len(probabilities)
    if judge.exact:
        assert len(outcomes) == len(want), f"outcomes {outcomes}, want {[x for x, _ in want]}"
        for k, (x, p) in enumerate(want):
            judge.number(outcomes[k], x, f"outcome {k}")
            judge.number(probabilities[k], p, f"probability of outcome {x}")
        return
    # Floats may split an outcome in two (rounding) or merge two within rounding: compare distributions.
    tolerance = TOLERANCE * judge.scale
    for x, p in zip(outcomes, probabilities, strict=True):
        assert math.isfinite(float(x)) and math.isfinite(float(p)), f"outcome {x} with probability {p}"
    got = [(Fraction(float(x)), Fraction(float(p))) for x, p in zip(outcomes, probabilities, strict=True)]
    for x, _ in got:
        assert any(abs(x - y) <= tolerance for y, _ in want), f"outcome {float(x)} is not a reference outcome"
    for y, _ in want:
        for edge in (y - tolerance, y + tolerance):
            mass_got = sum((p for x, p in got if x <= edge), Fraction(0))
            mass_want = sum((p for x, p in want if x <= edge), Fraction(0))
            assert abs(mass_got - mass_want) <= 2 * TOLERANCE, (
                f"P(payoff <= {_show(edge)}): got {float(mass_got)}, want {float(mass_want)}"
            )


@settings(max_examples=EXAMPLES)
@given(model=models() | models(mapping=True, chance_only=True) | wide_models(), data=st.data())
def test_risk_profile_under_a_policy_agrees_with_the_reference(model: Model, data: st.DataObject) -> None:
    """Without decisions, the objective says whose payoff the profile reports."""
    forced = data.draw(policies(model.tree), label="policy")
    ref = reference(model)

    def compute() -> tuple[Solution, list[tuple[Fraction, Fraction]]]:
        solution = ref.solve(forced)
        return solution, solution.risk_profile(ref.report_weights())

    answer, invalid = attempt(compute)
    for is_exact in (True, False):
        judge = None if answer is None else Judge.of(is_exact, answer[0])
        profile = run(
            lambda e=is_exact: dt.risk_profile(
                model.tree, policy=forced, values=model.values, objective=model.objective, exact=e
            ),
            invalid=invalid,
            exact=is_exact,
            irrational=model.irrational,
            judge=judge,
        )
        if profile is None or answer is None or judge is None:
            continue
        solution, want = answer
        reached = [i for p, i in solution.decisions.items() if solution.reach[p] > 0]
        if all(judge.clear(info) for info in reached):
            check_profile(judge, profile, want)


# --------------------------------------------------------------------------- expected_value


def substitute(formula: Any, env: Mapping[str, Fraction]) -> Any:
    """``formula`` with every parameter symbol replaced by its exact value."""
    mapping = {
        s: sympy.Rational(env[s.name].numerator, env[s.name].denominator) for s in formula.free_symbols
    }
    number = formula.xreplace(mapping)
    if not number.is_number or number.free_symbols:
        number = formula.subs(mapping)
    return number


@settings(max_examples=EXAMPLES)
@given(model=models() | wide_models(), data=st.data())
def test_expected_value_substituted_agrees_with_the_reference(model: Model, data: st.DataObject) -> None:
    forced = data.draw(st.none() | policies(model.tree), label="policy")
    ref = reference(model)
    solution, invalid = attempt(lambda: ref.solve(forced))
    formula = run(
        lambda: dt.expected_value(model.tree, policy=forced, objective=model.objective),
        invalid=invalid,
        exact=True,
        irrational=False,  # formulas may hold exp(2)
        judge=None,
    )
    if formula is None or solution is None:
        return
    got = (
        {k: substitute(f, ref.env) for k, f in formula.items()}
        if isinstance(formula, Mapping)
        else substitute(formula, ref.env)
    )
    want = solution.value
    if not model.irrational:
        Judge(True, Fraction(1)).payoff(got, want, "expected_value substituted")
        return
    scale = 1 + solution.magnitude
    pairs = [(got[k], want[k], k) for k in want] if isinstance(want, Mapping) else [(got, want, "value")]
    for g, w, what in pairs:
        assert g.is_number, f"{what}: {g} is not a number"
        approximation = Fraction(str(sympy.N(g, 60)))
        assert abs(approximation - w) <= scale / 10**40, f"{what}: got {sympy.N(g, 20)}, want {_show(w)}"


# --------------------------------------------------------------------------- sweeps: one_way, tornado


def option_check(
    judge: Judge,
    solution: Solution,
    path: Path,
    values: Mapping[str, Any],
    best: Any,
    optimal: str | None,
    what: str,
) -> None:
    """Option values, the best value and the optimal option at decision ``path`` against the reference."""
    info = solution.decisions[path]
    if judge.checkable(solution, path, below=True):
        for label, s in zip(info.labels, info.scores, strict=True):
            if label in values:
                judge.number(values[label], s, f"{what}: value of option {label!r}")
        judge.number(best, info.best, f"{what}: best value")
    if optimal is not None and judge.clear(info):
        assert optimal == info.label, f"{what}: optimal {optimal!r}, the reference says {info.label!r}"


WIDE_WITH_PARAMETERS = wide_models(symbolic=True, decision_root=True).filter(
    lambda model: model.tree.parameters
)
"""The public strategies' trees with parameters, numbers across the float range, a decision at the root."""


@settings(max_examples=EXAMPLES)
@given(model=models(decision_root=True, min_parameters=1) | WIDE_WITH_PARAMETERS, data=st.data())
def test_one_way_agrees_with_the_reference(model: Model, data: st.DataObject) -> None:
    tree = model.tree
    parameter = data.draw(st.sampled_from(tree.parameters), label="parameter")
    decision = data.draw(st.sampled_from(decision_paths(tree)), label="decision")
    base = base_values(tree)
    start = Fraction(1, 2) if parameter.derived else exact(parameter.value)  # derived: must be refused
    xs = [start, *data.draw(st.lists(sweep_values(parameter), max_size=3), label="settings")]
    forced = data.draw(st.none() | policies(tree), label="policy")  # a fixed strategy, or none
    answers = [attempt(lambda x=x: reference(model, {**base, parameter.name: x}).solve(forced)) for x in xs]
    invalid = any(bad for _, bad in answers)
    solutions = [s for s, _ in answers if s is not None]
    judge = Judge.of(False, *solutions) if solutions else None
    table = run(
        lambda: dt.one_way(
            tree,
            data.draw(st.sampled_from([parameter, parameter.name])),
            [as_given(x) for x in xs],
            decision=decision,
            objective=model.objective,
            policy=forced,
        ),
        invalid=invalid,
        exact=False,
        irrational=False,
        judge=judge,
    )
    if table is None or judge is None:
        return
    rows = list(table)
    assert len(rows) == len(xs)
    for x, row, solution in zip(xs, rows, solutions, strict=True):
        at = attrs.evolve(judge, scale=judge.scale + abs(x))  # the value as a float: rounded at its size
        at.number(row.parameter_value, x, "parameter value")
        option_check(judge, solution, decision, row.values, row.value, row.optimal, f"one_way at {float(x)}")


def evaluated_score(
    model: Model,
    values: Mapping[str, Any],
    decision: Path,
    solution: Solution,
    policy: Mapping[Path, str] | None = None,
) -> float:
    """What :func:`dt.evaluate` says the decision is worth (under ``policy``), in what it maximises."""
    value = dt.evaluate(model.tree, values, objective=model.objective, policy=policy).value_at(decision)
    weights = solution.decisions[decision].weights
    if weights is not None:
        value = sum(float(w) * float(value[k]) for k, w in zip(solution.keys, weights, strict=True))
    assert math.isfinite(float(value)), f"evaluate gives {value} at {decision}"
    return float(value)


@settings(max_examples=EXAMPLES)
@given(model=models(decision_root=True, min_parameters=1) | WIDE_WITH_PARAMETERS, data=st.data())
def test_tornado_ends_agree_with_the_reference(model: Model, data: st.DataObject) -> None:
    tree = model.tree
    decision = data.draw(st.sampled_from(decision_paths(tree)), label="decision")
    ranged = [p for p in tree.parameters if p.low is not None and p.high is not None]
    base = base_values(tree)
    settings_ = [base] + [{**base, p.name: end} for p in ranged for end in (p.low, p.high)]
    forced = data.draw(st.none() | policies(tree), label="policy")  # a fixed strategy, or none
    answers = [attempt(lambda v=v: reference(model, v).solve(forced)) for v in settings_]
    invalid = any(bad for _, bad in answers)
    solutions = [s for s, _ in answers if s is not None]
    judge = Judge.of(False, *solutions) if solutions else None
    bars = run(
        lambda: dt.tornado(tree, decision=decision, objective=model.objective, policy=forced),
        invalid=invalid,
        exact=False,
        irrational=False,
        judge=judge,
    )
    if bars is None or judge is None:
        return
    assert sorted(b.parameter for b in bars) == sorted(p.name for p in ranged)
    unranged = [p.name for p in tree.parameters if p not in ranged and not p.derived]
    assert sorted(bars.skipped) == sorted(unranged)
    swings = [b.swing for b in bars]
    assert swings == sorted(swings, reverse=True), f"bars are not sorted by swing: {swings}"
    option_check(judge, solutions[0], decision, {}, bars.base_value, bars.base_optimal, "tornado base")
    by_name = {b.parameter: b for b in bars}
    for k, p in enumerate(ranged):
        bar = by_name[p.name]
        low, high = solutions[1 + 2 * k], solutions[2 + 2 * k]
        ends = attrs.evolve(judge, scale=judge.scale + abs(exact(p.low)) + abs(exact(p.high)))
        ends.number(bar.low, exact(p.low), f"{p.name}: low")  # the ends as floats: rounded at their size
        ends.number(bar.high, exact(p.high), f"{p.name}: high")
        option_check(judge, low, decision, {}, bar.value_low, bar.optimal_low, f"{p.name} at low")
        option_check(judge, high, decision, {}, bar.value_high, bar.optimal_high, f"{p.name} at high")
        for end, solution, got in ((p.low, low, bar.value_low), (p.high, high, bar.value_high)):
            if judge.checkable(solution, decision) and not judge.overflows:
                evaluated = evaluated_score(model, {p.name: end}, decision, solution, forced)
                judge.number(got, Fraction(evaluated), f"{p.name} at {float(end)}: the bar against evaluate")
        if judge.checkable(low, decision, below=True) and judge.checkable(high, decision, below=True):
            swing = abs(high.decisions[decision].best - low.decisions[decision].best)
            judge.number(bar.swing, swing, f"{p.name}: swing")


# --------------------------------------------------------------------------- thresholds

SAMPLES = (Fraction(1732, 10000), Fraction(5107, 10000), Fraction(8413, 10000))
"""Where inside each interval between switch points the choice is sampled (odd spots, to miss ties)."""


def approximate(number: Any) -> Fraction:
    """A sympy number as a Fraction: exactly if rational, else to 60 correct digits.

    sympy's plain ``N`` may lose every digit to cancellation (a root near 1 written as the
    difference of two numbers of 300 digits); ``strict=True`` refuses such a value, so the
    precision is raised until the digits can be vouched for.
    """
    if isinstance(number, sympy.Rational):
        return Fraction(int(number.p), int(number.q))
    from sympy.core.evalf import PrecisionExhausted

    for digits in (60, 400, 2000):
        try:
            return Fraction(str(sympy.N(number, digits, strict=True)))
        except PrecisionExhausted:
            continue
    raise AssertionError(f"cannot evaluate {number} to 2000 digits")


@settings(max_examples=EXAMPLES)
@given(model=models(decision_root=True, min_parameters=1) | WIDE_WITH_PARAMETERS, data=st.data())
def test_thresholds_separate_different_choices(model: Model, data: st.DataObject) -> None:
    tree = model.tree
    parameter = data.draw(st.sampled_from(tree.parameters), label="parameter")
    decision = data.draw(st.sampled_from(decision_paths(tree)), label="decision")
    bounds: dict[str, Any] = {}
    if parameter.low is None or parameter.high is None:
        low, high = sorted([data.draw(sweep_values(parameter)), data.draw(sweep_values(parameter))])
        bounds = {"low": as_given(low), "high": as_given(high)}
    else:
        low, high = exact(parameter.low), exact(parameter.high)
    base = base_values(tree)

    def choice(x: Fraction) -> int:
        return reference(model, {**base, parameter.name: x}).solve().decisions[decision].choice

    _, invalid = attempt(lambda: choice(low))
    points = run(
        lambda: dt.thresholds(tree, parameter.name, decision=decision, objective=model.objective, **bounds),
        invalid=invalid,
        exact=True,
        irrational=False,
        judge=None,
    )
    if points is None:
        return
    found = [approximate(t) for t in points]
    assert found == sorted(found), f"thresholds are not sorted: {points}"
    numeric = getattr(points, "method", "exact") != "exact"
    width = high - low
    eps = width / 10**6 if numeric else (1 + width) / 10**30
    for t, shown in zip(found, points, strict=True):
        assert low - eps <= t <= high + eps, f"threshold {shown} is outside [{low}, {high}]"
        assert choice(t - eps) != choice(t + eps), f"the optimal choice is the same on both sides of {shown}"
    edges = [low, *[min(max(t, low), high) for t in found], high]
    for a, b in itertools.pairwise(edges):
        if b - a <= 2 * eps:
            continue
        seen = {choice(a + (b - a) * c) for c in SAMPLES}
        assert len(seen) == 1, (
            f"the optimal choice changes between {float(a)} and {float(b)}, not at a threshold"
        )


# --------------------------------------------------------------------------- psa


@settings(max_examples=EXAMPLES)
@given(model=models(decision_root=True) | WIDE_WITH_PARAMETERS, data=st.data())
def test_psa_at_fixed_values_agrees_with_the_reference(model: Model, data: st.DataObject) -> None:
    tree = model.tree
    decision = data.draw(st.sampled_from(decision_paths(tree)), label="decision")
    parameters, drawn, fixed = [], {}, {}
    for p in tree.parameters:
        if p.derived:  # computed from the draws of its inputs
            parameters.append(p)
            continue
        kind = data.draw(st.sampled_from(["fixed", "normal", "uniform", "empirical"]), label=f"{p.name} is")
        if kind == "fixed":
            parameters.append(p)
            if p.name in model.values:
                fixed[p.name] = model.values[p.name]
            continue
        at = float(data.draw(sweep_values(p)))
        distribution = {
            "normal": dt.Normal(at, 0),
            "uniform": dt.Uniform(at, at),
            "empirical": dt.Empirical([at]),
        }[kind]
        parameters.append(attrs.evolve(p, distribution=distribution))
        drawn[p.name] = at
    sampled = dt.Tree(tree.root, parameters, name=tree.name)
    n = data.draw(st.integers(1, 4), label="n")
    solution, invalid = attempt(reference(model, {**fixed, **drawn}).solve)
    judge = None if solution is None else Judge.of(False, solution)

    def monte_carlo() -> Any:
        with warnings.catch_warnings():  # all parameters fixed: the draws repeat the base case
            warnings.simplefilter("ignore", dt.NoUncertaintyWarning)
            return dt.psa(
                sampled,
                n,
                seed=data.draw(st.integers(0, 2**32 - 1), label="seed"),
                decision=decision,
                objective=model.objective,
                values=fixed,
            )

    result = run(
        monte_carlo,
        invalid=invalid,
        exact=False,
        irrational=False,
        judge=judge,
    )
    if result is None or solution is None or judge is None:
        return
    info = solution.decisions[decision]
    assert tuple(result.labels) == info.labels
    assert result.values.shape == (n, len(info.labels))
    assert sorted(result.samples) == sorted(drawn)
    for name, at in drawn.items():
        assert list(result.samples[name]) == [at] * n, f"draws of {name}"
    for k in range(n):
        values = dict(zip(info.labels, result.values[k], strict=True))
        best = result.values[k][int(result.optimal[k])]
        optimal = info.labels[int(result.optimal[k])]
        option_check(judge, solution, decision, values, best, optimal, f"psa draw {k}")
    if judge.clear(info):
        assert result.probability_optimal == {label: float(label == info.label) for label in info.labels}


# --------------------------------------------------------------------------- evpi


@settings(max_examples=EXAMPLES)
@given(model=models() | wide_models(), data=st.data())
def test_evpi_agrees_with_revealing_by_hand(model: Model, data: st.DataObject) -> None:
    ref = reference(model)
    node = data.draw(st.sampled_from([*ref.uncertainties(), None]), label="node")
    answer, invalid = attempt(lambda: ref.evpi_solutions(node))
    for is_exact in (True, False):
        judge = None if answer is None else Judge.of(is_exact, *answer[1])
        got = run(
            lambda e=is_exact: dt.evpi(
                model.tree, node=node, values=model.values, objective=model.objective, exact=e
            ),
            invalid=invalid,
            exact=is_exact,
            irrational=model.irrational,
            judge=judge,
        )
        if got is None or answer is None or judge is None:
            continue
        want, solutions = answer
        if all(judge.checkable(s, ()) for s in solutions):
            judge.number(got, want, f"evpi on {node}")


# --------------------------------------------------------------------------- Gambit files


class GambitReference(Reference):
    """The reference for a tree as Gambit's format holds it: each chance node's probabilities
    divided by their sum (1, but for floats' decimal values within the tolerance)."""

    def probabilities(self, node: dt.Chance, path: Path) -> list[Fraction]:
        chances = super().probabilities(node, path)
        total = sum(chances, Fraction(0))
        return chances if total == 1 else [p / total for p in chances]


@settings(max_examples=EXAMPLES)
@given(model=models() | wide_models())
def test_efg_round_trip_keeps_the_values(model: Model) -> None:
    """Gambit's format needs exact distributions: probabilities written as floats that sum to 1
    only within the tolerance come back divided by their sum (:class:`GambitReference`)."""
    tree = model.tree
    ref = GambitReference(tree, model.meanings, model.values, model.objective, model.derived)
    unowned = tree.actors and any(
        node.owner is None for _, node in nodes(tree.root) if isinstance(node, dt.Decision)
    )
    solution, invalid = attempt(ref.solve)
    text = run(
        lambda: dt.to_efg(tree, model.values),
        invalid=invalid or bool(unowned),
        exact=True,
        irrational=model.irrational,
        judge=None,
    )
    if text is None or solution is None:
        return
    back = dt.from_efg(text)
    collapsed = bool(tree.actors) and not back.actors  # all players always paid alike: scalar payoffs

    def want(vector: tuple[Fraction, ...]) -> Any:
        if collapsed:
            assert len(set(vector)) == 1, f"payoffs collapsed to one number, but they differ: {vector}"
            return vector[0]
        return solution.number(vector)

    for is_exact in (True, False):
        judge = Judge.of(is_exact, solution)  # floats refuse path totals beyond their range
        result = run(
            partial(dt.evaluate, back, exact=is_exact),
            invalid=False,
            exact=is_exact,
            irrational=False,
            judge=judge,
        )
        if result is None:
            continue
        if judge.checkable(solution, ()):
            judge.payoff(result.value, want(solution.value_at[()]), "value after the round trip")
        if not is_exact:
            continue
        assert dict(result.policy.items()) == solution.policy
        for path, vector in solution.value_at.items():
            if path in solution.terminals:
                ahead = solution.paid[path]  # the terminal's outcome is its path's total
            else:  # branch payoffs moved into the terminals below
                ahead = tuple(a + b for a, b in zip(solution.paid[path], vector, strict=True))
            judge.payoff(result.value_at(path), want(ahead), f"value_at({path}) after the round trip")


# --------------------------------------------------------------------------- the reference itself


def oil_wildcatter() -> dt.Tree:
    """The wildcatter of the ``evaluate`` docstring: drill (cost 20) for a 3/10 chance of 100."""
    return dt.Tree(
        dt.Decision(
            "Drill?",
            [
                dt.Branch(
                    "drill",
                    dt.Chance(
                        "Oil",
                        [
                            dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability="3/10"),
                            dt.Branch("dry", dt.Terminal("dry hole", payoff=0), probability=dt.COMPLEMENT),
                        ],
                    ),
                    payoff=-20,
                ),
                dt.Branch("walk away", dt.Terminal("nothing")),
            ],
        )
    )


def test_reference_solves_the_oil_wildcatter() -> None:
    ref = Reference(oil_wildcatter())
    solution = ref.solve()
    assert solution.value == 10
    assert solution.policy == {(): "drill"}
    assert solution.scenarios == [
        (("drill", "wet"), Fraction(3, 10), 80),
        (("drill", "dry"), Fraction(7, 10), -20),
    ]
    assert solution.risk_profile(None) == [(-20, Fraction(7, 10)), (80, Fraction(3, 10))]
    assert ref.evpi("Oil") == 14  # drill only when wet: 3/10 * 80 = 24, less 10


def test_reference_solves_the_paris_summit_of_the_design() -> None:
    from shared_trees import summit

    meanings = {
        (("Deploy force",), "payoff", None): lambda env: -env["troop_cost"],
        (("Deploy force", "holds"), "probability", None): lambda env: env["p_hold"],
    }
    solution = Reference(summit(), meanings).solve()
    assert solution.value == 20  # 0.6 * 100 - 0.4 * 50 - 20
    assert solution.number(solution.value_at[("Deploy force",)]) == 40
    assert solution.policy == {(): "Deploy force"}
    tie = Reference(summit(), meanings, {"troop_cost": 40}).solve()  # deploying is worth 0, as staying out
    assert tie.value == 0 and tie.policy == {(): "Deploy force"}  # ties go to the first branch
    shaky = Reference(summit(), meanings, {"p_hold": 0.4}).solve()  # deploying: 40 - 30 - 20 = -10
    assert shaky.value == 0 and shaky.policy == {(): "Stay out"}


def test_reference_values_the_umbrella_information() -> None:
    from shared_trees import umbrella

    ref = Reference(umbrella())
    assert ref.solve().value == -1  # leaving costs 0.2 * 10 = 2 on average
    assert ref.evpi("Rain") == Fraction(4, 5)  # 0.2 * -1 + 0.8 * 0, less -1


def test_reference_solves_the_entry_game_by_backward_induction() -> None:
    """Selten's chain-store stage game: entry is met by accommodation, the subgame-perfect outcome (1, 1)."""
    tree = dt.Tree(
        dt.Decision(
            "Enter?",
            [
                dt.Branch(
                    "in",
                    dt.Decision(
                        "Respond",
                        [
                            dt.Branch("fight", dt.Terminal("war", payoff={"Entrant": -1, "Incumbent": -1})),
                            dt.Branch(
                                "accommodate", dt.Terminal("share", payoff={"Entrant": 1, "Incumbent": 1})
                            ),
                        ],
                        owner="Incumbent",
                    ),
                ),
                dt.Branch("out", dt.Terminal("monopoly", payoff={"Entrant": 0, "Incumbent": 2})),
            ],
            owner="Entrant",
        )
    )
    solution = Reference(tree).solve()
    assert solution.policy == {(): "in", ("in",): "accommodate"}
    assert solution.value == {"Entrant": 1, "Incumbent": 1}


def test_reference_minimises_a_cost_with_a_negative_weight() -> None:
    tree = dt.Tree(
        dt.Decision(
            "Supplier",
            [
                dt.Branch("dear", dt.Terminal("A", payoff={"cost": 30})),
                dt.Branch("cheap", dt.Terminal("B", payoff={"cost": 0.1})),
            ],
        )
    )
    assert Reference(tree, objective={"cost": -1}).solve().policy == {(): "cheap"}
    assert Reference(tree, objective={"cost": 0}).solve().policy == {(): "dear"}  # a tie: the first
    assert Reference(tree, objective={"cost": 0.1}).solve().decisions[()].scores == (3, Fraction(1, 100))
    with pytest.raises(Invalid):
        Reference(tree).solve()


def test_a_complement_below_zero_within_the_tolerance_is_zero() -> None:
    """Floats written in code as 5/6 and 1/6 mean 0.8333333333333334 and 0.16666666666666666, which
    pass 1 by 6e-17: the model is valid (within 1e-9), and the COMPLEMENT is 0, not -6e-17, in the
    library and the reference alike."""
    tree = dt.Tree(
        dt.Chance(
            "c",
            [
                dt.Branch("a", dt.Terminal("A"), probability=5 / 6),
                dt.Branch("b", dt.Terminal("B"), probability=1 / 6),
                dt.Branch("c", dt.Terminal("C", payoff=1e-301), probability=dt.COMPLEMENT),
            ],
        )
    )
    assert Reference(tree).solve().value == 0
    assert dt.evaluate(tree, exact=True).value == 0
    assert dt.evaluate(tree).value == 0.0


def test_parameter_range_compares_decimal_values() -> None:
    """A float means its decimal value, so 0.03 lies in [3/100, 1] (its binary value is just below)."""
    parameter = dt.Parameter("q", 0.03, low=Fraction(3, 100), high=1)
    assert parameter.low == Fraction(3, 100)


def test_evpi_adds_float_payoffs_by_their_decimal_values() -> None:
    """Revealing ``U`` carries its payoff 5.18 into the branch above (1.52): exactly 6.7, so EVPI is 0."""
    tree = dt.Tree(
        dt.Decision(
            "D",
            [
                dt.Branch(
                    "go",
                    dt.Chance(
                        "U",
                        [
                            dt.Branch("x", dt.Terminal("T"), probability=0.5, payoff=5.18),
                            dt.Branch("y", dt.Terminal("T"), probability=0.5),
                        ],
                    ),
                    payoff=1.52,
                ),
                dt.Branch("stay", dt.Terminal("S")),
            ],
        )
    )
    assert Reference(tree).evpi("U") == 0
    assert dt.evpi(tree, node="U", exact=True) == 0


@pytest.mark.parametrize("huge", ["1e100", "1e308"])
def test_thresholds_with_a_huge_payoff(huge: str) -> None:
    """A gamble of (1 - q) * huge against q**2: one switch, just below q = 1 (no raw sympy error)."""
    q = dt.Parameter("q", Fraction(1, 2), low=0, high=1)
    tree = dt.Tree(
        dt.Decision(
            "D",
            [
                dt.Branch(
                    "gamble",
                    dt.Chance(
                        "U",
                        [
                            dt.Branch("x", dt.Terminal("T"), probability=q),
                            dt.Branch("z", dt.Terminal("T", payoff=huge), probability=1 - q),
                        ],
                    ),
                ),
                dt.Branch(
                    "square",
                    dt.Chance(
                        "V",
                        [
                            dt.Branch("x", dt.Terminal("T"), probability=1 - q * q),
                            dt.Branch("y", dt.Terminal("T", payoff=1), probability=q * q),
                        ],
                    ),
                ),
            ],
        ),
        parameters=[q],
    )
    points = dt.thresholds(tree, "q")
    assert len(points) == 1 and abs(approximate(points[0]) - 1) < Fraction(1, 10**90)
    meanings = {
        (("gamble", "x"), "probability", None): lambda env: env["q"],
        (("gamble", "z"), "probability", None): lambda env: 1 - env["q"],
        (("square", "x"), "probability", None): lambda env: 1 - env["q"] ** 2,
        (("square", "y"), "probability", None): lambda env: env["q"] ** 2,
    }
    sides = [approximate(points[0]) + d for d in (Fraction(-1, 10**30), Fraction(1, 10**30))]
    assert [Reference(tree, meanings, {"q": x}).solve().policy[()] for x in sides] == ["gamble", "square"]
