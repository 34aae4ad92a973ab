"""Cost-effectiveness: league tables, dominance, ICERs, net benefit and acceptability curves.

Every strategy of a tree (see :func:`~decisiontree.policies`) gets an
expected cost and an expected effect, two keys of the tree's mapping payoffs.
:func:`league_table` sorts them by cost, marks the strongly and the
extendedly dominated ones, and gives each strategy on the efficiency
frontier its incremental cost-effectiveness ratio (ICER) against the
previous one. The definitions, with their sources, are in the how-to guide
"Cost-effectiveness"; in short, for strategies sorted by increasing cost:

- *strongly dominated*: another strategy has at least the effect for at most
  the cost, one of them strictly (as dampack counts it: of identical
  strategies the first in order stays and the others are dominated by it);
- *extendedly dominated*: not strongly dominated, but a mix of two other
  strategies has at least its effect for less cost (its ICER exceeds the
  next strategy's: it lies above the frontier's lower-right convex hull);
- the *frontier*: the rest, by increasing cost; its ICERs increase, and
  they are exactly the willingness-to-pay values at which the strategy with
  the highest net monetary benefit ``wtp * effect - cost`` changes.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Screen", [
...     dt.Branch("none", dt.Terminal("A", payoff={"cost": 0, "qaly": 10})),
...     dt.Branch("every 5 years", dt.Terminal("B", payoff={"cost": 800, "qaly": 10.1})),
...     dt.Branch("every 2 years", dt.Terminal("C", payoff={"cost": 3000, "qaly": 10.15})),
...     dt.Branch("yearly", dt.Terminal("D", payoff={"cost": 4000, "qaly": 10.2})),
... ]))
>>> table = league_table(tree, cost="cost", effect="qaly", exact=True)
>>> [(row.name, row.icer) for row in table.frontier]
[('none', None), ('every 5 years', 8000), ('yearly', 32000)]
>>> [(row.name, row.dominated_by) for row in table.extendedly_dominated]
[('every 2 years', ('every 5 years', 'yearly'))]
>>> table.switch_points
(8000, 32000)
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from ..errors import ArgumentError, NotFoundError, among, brief, items
from ..model import Tree, did_you_mean
from ..number import number_repr
from ..tables import Table, Tabular
from .policies import Strategy, _evaluate_strategies
from .sampling import SamplingPlan, warn_if_certain

__all__ = [
    "DOMINATED",
    "EXTENDEDLY_DOMINATED",
    "FRONTIER",
    "Acceptability",
    "CostEffectivenessSamples",
    "LeagueRow",
    "LeagueTable",
    "WTPRange",
    "league_table",
    "psa_cost_effectiveness",
]

FRONTIER = "frontier"
DOMINATED = "dominated"
EXTENDEDLY_DOMINATED = "extendedly dominated"

FLOAT_RESOLUTION = 1e-9
"""In float arithmetic, costs (effects) closer than this share of the largest |cost| (|effect|) count as
equal when strategies are compared, so that rounding noise makes no spurious dominance."""

_CELLS = 4_000_000
"""Numbers per array when acceptability curves are computed for a chunk of WTP values."""


# --------------------------------------------------------------------------- the league table


@attrs.frozen
class LeagueRow:
    """One strategy in a league table.

    ``cost`` and ``effect`` are its expected cost and effect (floats, or
    sympy ``Rational`` in exact arithmetic); ``status`` is ``"frontier"``,
    ``"dominated"`` or ``"extendedly dominated"``. On the frontier,
    ``incremental_cost``, ``incremental_effect`` and ``icer`` compare it with
    the previous (cheaper) frontier strategy; they are ``None`` for the first
    frontier strategy and for dominated ones. ``dominated_by`` names who
    beats it: one strategy with at least its effect for at most its cost, or,
    for extended dominance, the two frontier strategies whose mix has its
    effect for less cost.
    """

    name: str
    policy: Mapping[tuple[str, ...], str] | None = attrs.field(eq=False, hash=False, repr=False)
    cost: Any = attrs.field(repr=number_repr)
    effect: Any = attrs.field(repr=number_repr)
    status: str
    icer: Any = attrs.field(default=None, repr=number_repr)
    incremental_cost: Any = attrs.field(default=None, repr=number_repr)
    incremental_effect: Any = attrs.field(default=None, repr=number_repr)
    dominated_by: tuple[str, ...] = ()


@attrs.frozen
class WTPRange:
    """The willingness-to-pay values from ``low`` to ``high`` (``None``: no upper end) where ``row`` is best.

    At ``low`` and ``high`` themselves the neighbouring strategy is as good.
    """

    low: Any = attrs.field(repr=number_repr)
    high: Any = attrs.field(repr=number_repr)
    row: LeagueRow


@attrs.frozen(eq=False)
class LeagueTable(Tabular):
    """A league table: every strategy's cost and effect, dominance and ICERs.

    ``rows`` holds every strategy by increasing cost (equal costs: more
    effect first, then the order of :func:`~decisiontree.policies`).
    """

    rows: tuple[LeagueRow, ...]
    cost_key: str = "cost"
    effect_key: str = "effect"
    exact: bool = False

    def __attrs_post_init__(self) -> None:
        """The rows of :func:`league_table` or :meth:`from_values` (which work out their statuses),
        read as rows of one table: :class:`LeagueRow`, with distinct names."""
        rows = items(self.rows, "a league table's rows", "LeagueRow", ArgumentError)
        for row in rows:
            arguments.of_kind(
                row, LeagueRow, "LeagueTable", "LeagueRow rows (from league_table or from_values)"
            )
        if len({row.name for row in rows}) != len(rows):
            raise ArgumentError(
                f"a league table's rows must have distinct names, got {brief([r.name for r in rows])}"
            )
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "cost_key", arguments.text(self.cost_key, "a league table's cost key"))
        object.__setattr__(self, "effect_key", arguments.text(self.effect_key, "a league table's effect key"))
        object.__setattr__(self, "exact", arguments.flag(self.exact, "exact"))

    @property
    def frontier(self) -> tuple[LeagueRow, ...]:
        """The efficiency frontier: the non-dominated strategies by increasing cost, each with its ICER."""
        return tuple(row for row in self.rows if row.status == FRONTIER)

    @property
    def dominated(self) -> tuple[LeagueRow, ...]:
        """The strongly dominated strategies."""
        return tuple(row for row in self.rows if row.status == DOMINATED)

    @property
    def extendedly_dominated(self) -> tuple[LeagueRow, ...]:
        """The strategies that are extendedly (but not strongly) dominated."""
        return tuple(row for row in self.rows if row.status == EXTENDEDLY_DOMINATED)

    @property
    def names(self) -> tuple[str, ...]:
        """The strategies' names, in the order of ``rows``."""
        return tuple(row.name for row in self.rows)

    def row(self, name: str) -> LeagueRow:
        """The row of the strategy called ``name`` (:class:`~decisiontree.NotFoundError` if none)."""
        for row in self.rows:
            if among(name, (row.name,)):
                return row
        raise NotFoundError(did_you_mean("strategy", name, self.names))

    @property
    def switch_points(self) -> tuple[Any, ...]:
        """The willingness-to-pay values where the best strategy changes: the frontier's ICERs.

        Exact in exact arithmetic. Strategies on one line of the frontier
        have equal ICERs, so the value then repeats.
        """
        return tuple(row.icer for row in self.frontier[1:])

    def optimal_ranges(self) -> tuple[WTPRange, ...]:
        """The best strategy at every willingness to pay from 0 up: a :class:`WTPRange` per frontier row."""
        frontier = self.frontier
        bounds = [0, *self.switch_points, None]
        return tuple(WTPRange(bounds[k], bounds[k + 1], row) for k, row in enumerate(frontier))

    def optimal(self, wtp: Any) -> LeagueRow:
        """The strategy with the highest net monetary benefit at willingness to pay ``wtp``.

        At a switch point two strategies tie; the cheaper one is returned.
        """
        value = _wtp(wtp, self.exact)
        frontier = self.frontier
        passed = sum(1 for icer in self.switch_points if icer < value)
        return frontier[passed]

    def net_benefit(self, wtp: Any) -> dict[str, Any]:
        """Each strategy's net monetary benefit ``wtp * effect - cost``: ``{name: value}``.

        ``wtp`` is one number (exact in an exact table) or an array of them
        (each value then an array of floats).
        """
        if _one(wtp):
            value = _wtp(wtp, self.exact)
            return {row.name: value * row.effect - row.cost for row in self.rows}
        values = _wtp_array(wtp)
        return {row.name: values * float(row.effect) - float(row.cost) for row in self.rows}

    def to_table(self) -> Table:
        """The table: strategy, cost, effect, increments, ICER, status and who dominates it.

        ``to_frame()`` gives it as a pandas DataFrame (floats; ``NaN`` where a row has no ICER).
        """
        numbers = (self.cost_key, self.effect_key, "incremental cost", "incremental effect", "ICER")
        rows = [
            (
                r.name,
                r.cost,
                r.effect,
                r.incremental_cost,
                r.incremental_effect,
                r.icer,
                r.status,
                " and ".join(r.dominated_by),
            )
            for r in self.rows
        ]
        return Table(("strategy", *numbers, "status", "dominated by"), rows, title="League table")

    def to_text(self) -> str:
        """The table as aligned plain text (what ``print(table)`` shows)."""
        header = ("strategy", self.cost_key, self.effect_key, "inc. cost", "inc. effect", "ICER", "status")
        lines = []
        for r in self.rows:
            status = r.status if not r.dominated_by else f"{r.status} by {' and '.join(r.dominated_by)}"
            lines.append(
                (
                    r.name,
                    _short(r.cost),
                    _short(r.effect),
                    _short(r.incremental_cost),
                    _short(r.incremental_effect),
                    _short(r.icer),
                    status,
                )
            )
        widths = [max(len(row[k]) for row in [header, *lines]) for k in range(len(header))]
        right = {1, 2, 3, 4, 5}
        out = []
        for n, row in enumerate([header, *lines]):
            pairs = enumerate(zip(row, widths, strict=True))
            cells = [c.rjust(w) if k in right else c.ljust(w) for k, (c, w) in pairs]
            out.append("  ".join(cells).rstrip())
            if n == 0:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return (
            f"<LeagueTable of {len(self.rows)} strategies: {len(self.frontier)} on the frontier, "
            f"{len(self.dominated)} dominated, {len(self.extendedly_dominated)} extendedly dominated>"
        )

    @classmethod
    def from_values(
        cls,
        names: Sequence[str],
        costs: Sequence[Any],
        effects: Sequence[Any],
        *,
        exact: bool = False,
        policies: Sequence[Mapping[tuple[str, ...], str] | None] | None = None,
    ) -> LeagueTable:
        """A league table of given costs and effects (as dampack's ``calculate_icers``).

        >>> table = LeagueTable.from_values(["A", "B", "C"], [0, 10, 30], [0, 1, 1.5], exact=True)
        >>> [(row.name, row.status, row.icer) for row in table.rows]
        [('A', 'frontier', None), ('B', 'frontier', 10), ('C', 'frontier', 40)]
        """
        exact = arguments.flag(exact, "exact")
        names = [arguments.text(n, "a strategy name") for n in items(names, "names", "text", ArgumentError)]
        if len(names) != len(set(names)):
            raise ArgumentError("strategy names must be unique")
        if not names:
            raise ArgumentError("a league table needs at least one strategy")
        costs = items(costs, "costs", "numbers", ArgumentError)
        effects = items(effects, "effects", "numbers", ArgumentError)
        given = (
            [None] * len(names)
            if policies is None
            else items(policies, "policies", "policies", ArgumentError)
        )
        if not len(costs) == len(effects) == len(given) == len(names):
            raise ArgumentError(
                f"names, costs, effects (and policies) must have the same length, got {len(names)}, "
                f"{len(costs)}, {len(effects)}" + ("" if policies is None else f", {len(given)}")
            )
        for policy in given:
            if policy is not None and not isinstance(policy, Mapping):
                raise ArgumentError(f"each policy must be a mapping or None, got {brief(policy)}")
        costs = [_finite(c, exact, f"the cost of {n!r}") for n, c in zip(names, costs, strict=True)]
        effects = [_finite(e, exact, f"the effect of {n!r}") for n, e in zip(names, effects, strict=True)]
        return cls(_rows(names, list(given), costs, effects, exact), exact=exact)


def _short(value: Any) -> str:
    if value is None:
        return ""
    number = float(value)
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number)}"
    return f"{number:.6g}" if abs(number) < 1e6 else f"{number:.0f}"


def _finite(value: Any, exact: bool, what: str) -> Any:
    return arguments.scalar(value, what, exact=exact)


def _one(wtp: Any) -> bool:
    """Whether ``wtp`` is one willingness to pay rather than several (:class:`ArgumentError` if neither)."""
    try:
        return bool(np.ndim(wtp) == 0)
    except (TypeError, ValueError):  # a list nested beyond numpy's dimensions, ...
        raise ArgumentError(f"the willingness to pay must be numbers, got {brief(wtp)}") from None


def _wtp(wtp: Any, exact: bool) -> Any:
    value = arguments.scalar(wtp, "the willingness to pay", exact=exact)
    if value < 0:
        raise ArgumentError(f"the willingness to pay must be a finite number >= 0, got {brief(wtp)}")
    return value


def _wtp_array(wtp: Any) -> np.ndarray:
    values = arguments.numbers(wtp, "willingness-to-pay values")
    if np.any(values < 0):
        raise ArgumentError("willingness-to-pay values must be finite numbers >= 0")
    return values


def _keys(costs: Sequence[Any], effects: Sequence[Any], exact: bool) -> tuple[list[Any], list[Any], bool]:
    """Comparison keys: the numbers themselves (exact), or integers on a grid far coarser than float noise."""
    if exact:
        return list(costs), list(effects), False

    def grid(values: Sequence[Any]) -> list[int]:
        scale = max((abs(float(v)) for v in values), default=0.0) or 1.0
        # divided by the scale first: a step of scale * FLOAT_RESOLUTION is 0 below about 1e-312
        return [round(float(v) / scale / FLOAT_RESOLUTION) for v in values]

    return grid(costs), grid(effects), True


def _steeper(c: Sequence[Any], e: Sequence[Any], a: int, b: int, p: int, rounded: bool) -> bool:
    """ICER(a -> b) > ICER(b -> p), with costs and effects increasing from a to b to p."""
    left = (c[b] - c[a]) * (e[p] - e[b])
    right = (c[p] - c[b]) * (e[b] - e[a])
    if not rounded:
        return bool(left > right)
    # grid keys are off by up to half a step each: allow for it, so collinear points stay collinear
    slack = abs(c[b] - c[a]) + abs(e[p] - e[b]) + abs(c[p] - c[b]) + abs(e[b] - e[a]) + 2
    return bool(left - right > slack)


def _rows(
    names: Sequence[str],
    policies: Sequence[Mapping[tuple[str, ...], str] | None],
    costs: Sequence[Any],
    effects: Sequence[Any],
    exact: bool,
) -> tuple[LeagueRow, ...]:
    """Classify strategies: strong dominance by a sweep in cost order, extended dominance by a convex hull."""
    c, e, rounded = _keys(costs, effects, exact)
    order = sorted(range(len(names)), key=lambda i: (c[i], -e[i], i))
    status: dict[int, str] = {}
    beaten_by: dict[int, tuple[int, ...]] = {}
    best: int | None = None  # the most effective strategy so far (so at most the cost)
    candidates: list[int] = []
    for i in order:
        if best is not None and e[i] <= e[best]:
            status[i], beaten_by[i] = DOMINATED, (best,)
        else:
            candidates.append(i)
            best = i
    hull: list[int] = []  # the lower-right convex hull, costs and effects increasing
    dropped: list[int] = []
    for i in candidates:
        while len(hull) >= 2 and _steeper(c, e, hull[-2], hull[-1], i, rounded):
            dropped.append(hull.pop())
        hull.append(i)
    hull_effects = [e[i] for i in hull]
    for i in dropped:
        k = bisect.bisect_left(hull_effects, e[i])  # hull[k - 1] < e[i] < hull[k] in effect
        status[i], beaten_by[i] = EXTENDEDLY_DOMINATED, (hull[k - 1], hull[k])
    incremental: dict[int, tuple[Any, Any, Any]] = {}
    for previous, i in itertools.pairwise(hull):
        status[i] = FRONTIER
        more_cost = costs[i] - costs[previous]
        more_effect = effects[i] - effects[previous]
        incremental[i] = (more_cost, more_effect, more_cost / more_effect)
    status[hull[0]] = FRONTIER
    rows = []
    for i in order:
        more_cost, more_effect, icer = incremental.get(i, (None, None, None))
        rows.append(
            LeagueRow(
                names[i],
                policies[i],
                costs[i],
                effects[i],
                status[i],
                icer,
                more_cost,
                more_effect,
                tuple(names[j] for j in beaten_by.get(i, ())),
            )
        )
    return tuple(rows)


def _check_keys(tree: Any, cost: Any, effect: Any, what: str) -> Tree:
    if not isinstance(tree, Tree):
        raise ArgumentError(f"{what}() needs a Tree, got {type(tree).__name__}")
    actors = tree.actors
    if not actors:
        raise ArgumentError(
            f"{what}() needs a tree whose payoffs are mappings with a cost and an effect key, "
            "such as {'cost': 120, 'qaly': 0.8}; this tree's payoffs are plain numbers"
        )
    for role, key in (("cost", cost), ("effect", effect)):
        if not isinstance(key, str):
            raise ArgumentError(f"{role} must be a payoff key (text), got {brief(key)}")
        if key not in actors:
            raise NotFoundError(did_you_mean(f"{role} key", key, actors))
    if cost == effect:
        raise ArgumentError(f"cost and effect must be different payoff keys, got {brief(cost)} for both")
    return tree


def league_table(
    tree: Tree,
    *,
    cost: str,
    effect: str,
    values: Mapping[Any, Any] | None = None,
    exact: bool = False,
    strategies: Iterable[Mapping[tuple[str, ...], str]] | None = None,
) -> LeagueTable:
    """The cost-effectiveness league table of every strategy of ``tree``.

    Parameters
    ----------
    tree : Tree
        A tree with mapping payoffs that include the ``cost`` and ``effect`` keys.
    cost, effect : str
        The payoff keys of the cost (money spent: more is worse) and of the
        effect (health gained, such as QALYs: more is better).
    values : mapping, optional
        Parameter values overriding the defaults, as in :func:`~decisiontree.evaluate`.
    exact : bool
        Exact rational arithmetic: costs, effects, ICERs and switch points
        are sympy ``Rational`` and every comparison is exact. In float
        arithmetic, costs (effects) that agree to :data:`FLOAT_RESOLUTION`
        of the largest one count as equal.
    strategies : list of policies, optional
        The strategies to compare; default every strategy of :func:`~decisiontree.policies`.

    Returns
    -------
    LeagueTable

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Treat?", [
    ...     dt.Branch("drug", dt.Chance("response", [
    ...         dt.Branch("responds", dt.Terminal("well", payoff={"cost": 1000, "qaly": 9}),
    ...                   probability="3/5"),
    ...         dt.Branch("does not", dt.Terminal("ill", payoff={"cost": 1000, "qaly": 6}),
    ...                   probability=dt.COMPLEMENT),
    ...     ])),
    ...     dt.Branch("no drug", dt.Terminal("untreated", payoff={"cost": 200, "qaly": 7})),
    ... ]))
    >>> table = league_table(tree, cost="cost", effect="qaly", exact=True)
    >>> print(table)
    strategy  cost  qaly  inc. cost  inc. effect  ICER  status
    --------  ----  ----  ---------  -----------  ----  --------
    no drug    200     7                                frontier
    drug      1000   7.8        800          0.8  1000  frontier
    >>> table.row("drug").effect, table.optimal(999).name, table.optimal(1001).name
    (39/5, 'no drug', 'drug')
    """
    tree = _check_keys(tree, cost, effect, "league_table")
    chosen, found = _evaluate_strategies(tree, strategies, values=values, exact=exact)
    rows = _rows(
        [s.name for s in chosen],
        chosen,
        [v[cost] for v in found],
        [v[effect] for v in found],
        exact,
    )
    return LeagueTable(rows, cost, effect, exact)


# --------------------------------------------------------------------------- Monte Carlo


@attrs.frozen(eq=False)
class Acceptability(Tabular):
    """Acceptability curves and the value of perfect information, per willingness to pay.

    For each ``wtp`` value (W of them) and strategy (S): ``probability``
    (W, S) is the share of draws in which the strategy has the highest net
    monetary benefit (the cost-effectiveness acceptability curves, CEAC);
    ``expected_net_benefit`` (W, S) its mean net benefit; ``optimal`` (W,)
    the position of the strategy with the highest *expected* net benefit,
    and ``frontier_probability`` (W,) that strategy's probability of being
    the best (together the acceptability frontier, CEAF); ``evpi`` (W,)
    the expected value of perfect information, the mean of the best net
    benefit per draw less the best mean net benefit.

    Ties (equal net benefit) go to the cheaper strategy, then to the first.
    """

    wtp: np.ndarray
    names: tuple[str, ...]
    probability: np.ndarray = attrs.field(repr=False)
    expected_net_benefit: np.ndarray = attrs.field(repr=False)
    optimal: np.ndarray = attrs.field(repr=False)
    frontier_probability: np.ndarray = attrs.field(repr=False)
    evpi: np.ndarray = attrs.field(repr=False)

    @property
    def optimal_names(self) -> list[str]:
        """The name of the strategy with the highest expected net benefit at each ``wtp``."""
        return [self.names[int(k)] for k in self.optimal]

    def to_table(self) -> Table:
        """One row per WTP: each strategy's acceptability, the CEAF strategy and probability, and EVPI
        (``to_frame()`` gives it as a pandas DataFrame)."""
        columns = ("wtp", *self.names, "optimal", "frontier probability", "EVPI")
        rows = [
            (
                float(w),
                *(float(x) for x in self.probability[k]),
                self.names[int(self.optimal[k])],
                float(self.frontier_probability[k]),
                float(self.evpi[k]),
            )
            for k, w in enumerate(self.wtp)
        ]
        shares = (*self.names, "frontier probability")
        return Table(columns, rows, title="Cost-effectiveness acceptability", percent=shares)


@attrs.frozen(eq=False)
class CostEffectivenessSamples(Tabular):
    """Monte Carlo draws of every strategy's cost and effect (from :func:`psa_cost_effectiveness`).

    ``costs`` and ``effects`` are (n, S) arrays: draw by strategy, in the
    order of ``names``; both come from the same parameter draws.
    """

    tree: Tree = attrs.field(repr=False)
    names: tuple[str, ...]
    policies: tuple[Strategy, ...] = attrs.field(repr=False)
    costs: np.ndarray = attrs.field(repr=False)
    effects: np.ndarray = attrs.field(repr=False)
    cost_key: str = "cost"
    effect_key: str = "effect"
    entropy: Any = attrs.field(default=None, repr=False)
    """The seed's entropy: passing it as ``seed`` repeats the run."""

    @property
    def n(self) -> int:
        """The number of draws."""
        return int(self.costs.shape[0])

    @property
    def mean_cost(self) -> dict[str, float]:
        """Each strategy's mean cost over the draws."""
        return dict(zip(self.names, (float(x) for x in self.costs.mean(axis=0)), strict=True))

    @property
    def mean_effect(self) -> dict[str, float]:
        """Each strategy's mean effect over the draws."""
        return dict(zip(self.names, (float(x) for x in self.effects.mean(axis=0)), strict=True))

    def to_table(self, what: str = "draws") -> Table:
        """The draws (``"draws"``: each strategy's cost and effect per draw) or a ``"summary"``
        (each strategy's mean cost and effect)."""
        if not among(what, ("draws", "summary")):
            raise ArgumentError(f"what must be 'draws' or 'summary', got {brief(what)}")
        if what == "summary":
            rows = [(name, self.mean_cost[name], self.mean_effect[name]) for name in self.names]
            title = f"Mean cost and effect over {self.n:,} draws"
            return Table(("strategy", self.cost_key, self.effect_key), rows, title=title)
        columns = [f"{key}: {name}" for name in self.names for key in (self.cost_key, self.effect_key)]
        stacked = np.empty((self.n, 2 * len(self.names)))
        stacked[:, 0::2], stacked[:, 1::2] = self.costs, self.effects
        return Table(columns, stacked.tolist(), title=f"{self.n:,} draws of cost and effect")

    def to_frame(self, what: str = "draws") -> Any:
        """The draws (or the ``"summary"``) as a pandas DataFrame; see ``to_table``."""
        return self.to_table(what).to_frame()

    def _repr_html_(self) -> str:
        return self.to_table("summary").to_html()

    def league_table(self) -> LeagueTable:
        """The league table of the strategies' mean costs and effects."""
        table = LeagueTable.from_values(
            self.names,
            list(self.costs.mean(axis=0)),
            list(self.effects.mean(axis=0)),
            policies=list(self.policies),
        )
        return attrs.evolve(table, cost_key=self.cost_key, effect_key=self.effect_key)

    def net_benefit(self, wtp: Any) -> np.ndarray:
        """Net monetary benefit per draw and strategy: (n, S) for one WTP, (W, n, S) for several."""
        if _one(wtp):
            return np.asarray(float(_wtp(wtp, False)) * self.effects - self.costs)
        values = _wtp_array(wtp)
        return np.asarray(values[:, None, None] * self.effects[None] - self.costs[None])

    def acceptability(self, wtp: Any) -> Acceptability:
        """CEAC, CEAF and EVPI at each willingness to pay in ``wtp`` (vectorised over WTP and draws).

        >>> import numpy as np
        >>> costs = np.array([[0.0, 10.0], [0.0, 30.0]])  # two draws of two strategies
        >>> effects = np.array([[0.0, 1.0], [0.0, 1.0]])
        >>> samples = CostEffectivenessSamples(None, ("old", "new"), (), costs, effects)
        >>> curves = samples.acceptability([0, 20, 40])
        >>> curves.probability.tolist(), curves.optimal_names, curves.evpi.tolist()
        ([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]], ['old', 'old', 'new'], [0.0, 5.0, 0.0])
        """
        values = _wtp_array(np.atleast_1d(wtp) if _one(wtp) else wtp)
        costs, effects = self.costs, self.effects
        n, strategies = costs.shape
        mean_cost, mean_effect = costs.mean(axis=0), effects.mean(axis=0)
        expected = values[:, None] * mean_effect[None, :] - mean_cost[None, :]  # (W, S)
        optimal = _best(expected, np.broadcast_to(mean_cost, expected.shape))
        probability = np.empty((values.size, strategies))
        best_mean = np.empty(values.size)
        per_chunk = max(1, _CELLS // max(1, n * strategies))
        for start in range(0, values.size, per_chunk):  # chunks of WTP values, never a loop over draws
            chunk = values[start : start + per_chunk]
            benefit = chunk[:, None, None] * effects[None] - costs[None]  # (w, n, S)
            winner = _best(benefit, np.broadcast_to(costs, benefit.shape))  # (w, n)
            counts = np.zeros((chunk.size, strategies))
            np.add.at(counts, (np.arange(chunk.size)[:, None], winner), 1.0)
            probability[start : start + chunk.size] = counts / n
            best_mean[start : start + chunk.size] = np.take_along_axis(benefit, winner[..., None], axis=2)[
                ..., 0
            ].mean(axis=1)
        frontier_probability = probability[np.arange(values.size), optimal]
        evpi = best_mean - expected[np.arange(values.size), optimal]
        return Acceptability(
            values,
            self.names,
            probability,
            expected,
            optimal,
            frontier_probability,
            np.maximum(evpi, 0.0),
        )


def _best(benefit: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """The position of the highest value on the last axis; ties to the lower cost, then to the first."""
    top = benefit.max(axis=-1, keepdims=True)
    tied_cost = np.where(benefit == top, cost, np.inf)
    return np.asarray(np.argmin(tied_cost, axis=-1))


def psa_cost_effectiveness(
    tree: Tree,
    n: int,
    *,
    cost: str,
    effect: str,
    seed: Any = None,
    values: Mapping[Any, Any] | None = None,
    strategies: Iterable[Mapping[tuple[str, ...], str]] | None = None,
    executor: Any = None,
    chunk_size: int | None = None,
) -> CostEffectivenessSamples:
    """Probabilistic sensitivity analysis of every strategy's cost and effect.

    Draws the parameters with a ``distribution`` ``n`` times (as
    :func:`~decisiontree.psa` does; the same ``seed`` gives the same draws)
    and values every strategy's cost and effect on each draw. From the
    result, :meth:`CostEffectivenessSamples.acceptability` gives the
    acceptability curves, the acceptability frontier and the EVPI per
    willingness to pay.

    Examples
    --------
    >>> import decisiontree as dt
    >>> p = dt.Parameter("p", 0.6, distribution=dt.Beta(60, 40))
    >>> tree = dt.Tree(dt.Decision("Treat?", [
    ...     dt.Branch("drug", dt.Chance("response", [
    ...         dt.Branch("responds", dt.Terminal("well", payoff={"cost": 1000, "qaly": 9}), probability=p),
    ...         dt.Branch("does not", dt.Terminal("ill", payoff={"cost": 1000, "qaly": 6}),
    ...                   probability=dt.COMPLEMENT),
    ...     ])),
    ...     dt.Branch("no drug", dt.Terminal("untreated", payoff={"cost": 200, "qaly": 7})),
    ... ]), parameters=[p])
    >>> samples = psa_cost_effectiveness(tree, 2000, cost="cost", effect="qaly", seed=1)
    >>> curves = samples.acceptability([500, 5000])
    >>> curves.optimal_names
    ['no drug', 'drug']
    >>> bool(curves.probability[1, 0] > 0.95)
    True
    """
    tree = _check_keys(tree, cost, effect, "psa_cost_effectiveness")
    arguments.count(n, "n (the number of draws)")
    warn_if_certain(SamplingPlan.from_tree(tree), "psa_cost_effectiveness")
    if seed is None:
        seed = int(np.random.SeedSequence().entropy)  # type: ignore[arg-type]
    chosen, sampled = _evaluate_strategies(
        tree,
        strategies,
        values=values,
        draws=n,
        seed=seed,
        keys=(cost, effect),
        executor=executor,
        chunk_size=chunk_size,
    )
    return CostEffectivenessSamples(
        tree,
        tuple(s.name for s in chosen),
        tuple(chosen),
        sampled[cost],
        sampled[effect],
        cost,
        effect,
        seed,
    )
