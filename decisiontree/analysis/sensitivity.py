"""Deterministic sensitivity: one-way and two-way sweeps and tornado diagrams.

Every sweep is one vectorised rollback through the compiled core, with one
column per parameter setting; nothing calls :func:`~decisiontree.evaluate`
in a loop. Values are those of the options at one decision (the root by
default), branch payoffs included; in a tree of per-actor payoffs, the
component the decision maximises (its owner's, or ``objective``).

>>> import decisiontree as dt
>>> p = dt.Parameter("p", 0.5, low=0, high=1)
>>> tree = dt.Tree(dt.Decision("bet?", [
...     dt.Branch("bet", dt.Chance("coin", [
...         dt.Branch("win", dt.Terminal("W", payoff=10), probability=p),
...         dt.Branch("lose", dt.Terminal("L", payoff=-10), probability=dt.COMPLEMENT),
...     ])),
...     dt.Branch("pass", dt.Terminal("P")),
... ]), parameters=[p])
>>> for row in one_way(tree, "p", [0.25, 0.75]):
...     print(row.parameter_value, row.values, row.optimal, row.value)
0.25 {'bet': -5.0, 'pass': 0.0} pass 0.0
0.75 {'bet': 5.0, 'pass': 0.0} bet 5.0
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs
import numpy as np

from .. import _arguments as arguments
from ..errors import ArgumentError, items
from ..model import Parameter, Tree
from ..number import number_repr
from ..tables import Table, Tabular
from .sweep import sweep
from .thresholds import thresholds

__all__ = [
    "OneWay",
    "OneWayRow",
    "Tornado",
    "TornadoBar",
    "TwoWay",
    "TwoWayCell",
    "one_way",
    "tornado",
    "two_way",
]

Path = tuple[str, ...]


# --------------------------------------------------------------------------- one-way


@attrs.frozen
class OneWayRow:
    """One setting of a one-way sweep: each option's value, the optimal option and its value."""

    parameter_value: float = attrs.field(repr=number_repr)
    values: dict[str, float] = attrs.field(repr=number_repr)
    optimal: str
    value: float = attrs.field(repr=number_repr)


@attrs.frozen(eq=False)
class OneWay(Tabular):
    """A one-way sensitivity table: iterates over :class:`OneWayRow` records.

    ``option_values`` is the (n_options, K) array behind the rows and
    ``choice`` the position of the optimal option in each column.
    """

    tree: Tree = attrs.field(repr=False)
    parameter: str
    decision: Path
    objective: Any
    labels: tuple[str, ...]
    parameter_values: np.ndarray = attrs.field(repr=False)
    option_values: np.ndarray = attrs.field(repr=False)
    choice: np.ndarray = attrs.field(repr=False)
    policy: Mapping[Any, str] | None = None

    @property
    def value(self) -> np.ndarray:
        """The optimal option's value at each setting."""
        return np.asarray(np.take_along_axis(self.option_values, self.choice[None, :], axis=0)[0])

    @property
    def optimal(self) -> list[str]:
        """The optimal option's label at each setting."""
        return [self.labels[int(c)] for c in self.choice]

    @property
    def rows(self) -> tuple[OneWayRow, ...]:
        value = self.value
        return tuple(
            OneWayRow(
                float(x),
                {label: float(v) for label, v in zip(self.labels, self.option_values[:, k], strict=True)},
                self.labels[int(self.choice[k])],
                float(value[k]),
            )
            for k, x in enumerate(self.parameter_values)
        )

    def __iter__(self) -> Iterator[OneWayRow]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.parameter_values)

    def __getitem__(self, k: int) -> OneWayRow:
        return self.rows[k]

    def switch_points(self) -> Any:
        """The exact switch points within the swept range (see :func:`~decisiontree.thresholds`):
        where the best option at the decision changes, the table's policy holding the others."""
        return thresholds(
            self.tree,
            self.parameter,
            decision=self.decision,
            low=float(self.parameter_values.min()),
            high=float(self.parameter_values.max()),
            objective=self.objective,
            policy=self.policy,
        )

    def to_table(self) -> Table:
        """The sweep as a ``Table``: the parameter, one column per option,
        ``optimal`` and ``value`` (``to_frame()`` gives it as a pandas DataFrame)."""
        columns = [self.parameter, *self.labels, "optimal", "value"]
        rows = [(r.parameter_value, *r.values.values(), r.optimal, r.value) for r in self]
        return Table(columns, rows, title=f"One-way sensitivity to {self.parameter}")


def one_way(
    tree: Tree,
    parameter: str | Parameter,
    values: Sequence[float] | np.ndarray | None = None,
    *,
    decision: Sequence[str] = (),
    objective: Any = None,
    points: int = 51,
    policy: Mapping[Any, str] | None = None,
    progress: bool | None = None,
) -> OneWay:
    """Vary one parameter, the others at their base values: the options' values at ``decision``.

    Parameters
    ----------
    tree : Tree
        The model.
    parameter : str or Parameter
        The parameter to vary.
    values : sequence of numbers, optional
        The settings (default: ``points`` evenly spaced over the parameter's range):
        a list, tuple, numpy array or pandas Series of numbers of any kind the
        library takes alone (``Fraction``, ``Decimal``, text such as ``"3/8"``),
        or one number.
    decision : tuple of str
        The path of the decision whose options are compared (default the root).
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    policy : mapping, optional
        ``{decision path: label}`` holding a strategy fixed (SilverDecisions'
        semantics): the values are those of the policy, not re-optimised; the
        decisions it does not name are optimised.
    progress : bool, optional
        A progress bar for a long sweep: by default shown in a terminal or a
        notebook once the run lasts a few seconds; ``True`` always, ``False`` never.

    Examples
    --------
    >>> import decisiontree as dt
    >>> cost = dt.Parameter("cost", 5, low=0, high=20)
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("build", dt.Terminal("B", payoff=12 - cost)),
    ...     dt.Branch("wait", dt.Terminal("W")),
    ... ]), parameters=[cost])
    >>> table = one_way(tree, cost, points=5)
    >>> table.optimal, table.value.tolist()
    (['build', 'build', 'build', 'wait', 'wait'], [12.0, 7.0, 2.0, 0.0, 0.0])
    """
    arguments.tree_of(tree, "one_way")
    param = arguments.varied(tree, parameter)
    xs = _settings(param, values, points)
    result = sweep(
        tree, {param.name: xs}, decision=decision, objective=objective, policy=policy, progress=progress
    )
    return OneWay(
        tree, param.name, tuple(decision), objective, result.labels, xs, result.values, result.choice, policy
    )


# --------------------------------------------------------------------------- two-way


@attrs.frozen
class TwoWayCell:
    """One point of a two-way grid: both parameter values, each option's value, the optimal option."""

    parameter_values: tuple[float, float] = attrs.field(repr=number_repr)
    values: dict[str, float] = attrs.field(repr=number_repr)
    optimal: str
    value: float = attrs.field(repr=number_repr)


@attrs.frozen(eq=False)
class TwoWay(Tabular):
    """A two-way sensitivity grid (a "strategy region"): iterates over :class:`TwoWayCell` records.

    ``choice[i, j]`` is the position of the optimal option when the first
    parameter is ``values1[i]`` and the second ``values2[j]``;
    ``option_values`` has shape (n_options, len(values1), len(values2)).
    """

    tree: Tree = attrs.field(repr=False)
    parameters: tuple[str, str]
    decision: Path
    objective: Any
    labels: tuple[str, ...]
    values1: np.ndarray = attrs.field(repr=False)
    values2: np.ndarray = attrs.field(repr=False)
    option_values: np.ndarray = attrs.field(repr=False)
    choice: np.ndarray = attrs.field(repr=False)
    policy: Mapping[Any, str] | None = None

    @property
    def value(self) -> np.ndarray:
        """The optimal option's value at each grid point, shape (len(values1), len(values2))."""
        return np.asarray(np.take_along_axis(self.option_values, self.choice[None], axis=0)[0])

    @property
    def optimal(self) -> np.ndarray:
        """The optimal option's label at each grid point (an object array)."""
        return np.asarray(np.asarray(self.labels, dtype=object)[self.choice])

    def __iter__(self) -> Iterator[TwoWayCell]:
        value = self.value
        for i, x in enumerate(self.values1):
            for j, y in enumerate(self.values2):
                yield TwoWayCell(
                    (float(x), float(y)),
                    {
                        label: float(v)
                        for label, v in zip(self.labels, self.option_values[:, i, j], strict=True)
                    },
                    self.labels[int(self.choice[i, j])],
                    float(value[i, j]),
                )

    def __len__(self) -> int:
        return len(self.values1) * len(self.values2)

    def to_table(self) -> Table:
        """The grid in long form: both parameters, each option, ``optimal`` and ``value``
        (``to_frame()`` gives it as a pandas DataFrame)."""
        first, second = self.parameters
        rows = [(*c.parameter_values, *c.values.values(), c.optimal, c.value) for c in self]
        title = f"Two-way sensitivity to {first} and {second}"
        return Table([first, second, *self.labels, "optimal", "value"], rows, title=title)


def two_way(
    tree: Tree,
    parameter1: str | Parameter,
    values1: Sequence[float] | np.ndarray | None = None,
    parameter2: str | Parameter | None = None,
    values2: Sequence[float] | np.ndarray | None = None,
    *,
    decision: Sequence[str] = (),
    objective: Any = None,
    points: int = 41,
    policy: Mapping[Any, str] | None = None,
    progress: bool | None = None,
) -> TwoWay:
    """Vary two parameters over a grid, the others at their base values: the strategy region.

    ``values1`` and ``values2`` are numbers as ``one_way``'s ``values`` are, and
    default to ``points`` evenly spaced values over each parameter's range.
    Other arguments (``policy`` and ``progress`` too) as in ``one_way``: with a
    ``policy``, the decisions it names keep their choices over the whole grid
    instead of being re-optimised.

    Examples
    --------
    >>> import decisiontree as dt
    >>> gain = dt.Parameter("gain", 10, low=0, high=20)
    >>> cost = dt.Parameter("cost", 5, low=0, high=20)
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("build", dt.Terminal("B", payoff=gain - cost)),
    ...     dt.Branch("wait", dt.Terminal("W")),
    ... ]), parameters=[gain, cost])
    >>> grid = two_way(tree, gain, [0, 20], cost, [5, 15])
    >>> grid.optimal.tolist()
    [['wait', 'wait'], ['build', 'build']]
    """
    arguments.tree_of(tree, "two_way")
    if parameter2 is None:
        raise ArgumentError("two_way() needs two parameters")
    first, second = arguments.varied(tree, parameter1), arguments.varied(tree, parameter2)
    if first.name == second.name:
        raise ArgumentError(f"two_way() needs two different parameters, got {first.name!r} twice")
    xs, ys = _settings(first, values1, points), _settings(second, values2, points)
    arguments.count(len(xs) * len(ys), "points x points", cells=tree.flat.size)
    grid_x, grid_y = np.meshgrid(xs, ys, indexing="ij")
    result = sweep(
        tree,
        {first.name: grid_x.ravel(), second.name: grid_y.ravel()},
        decision=decision,
        objective=objective,
        policy=policy,
        progress=progress,
    )
    shape = (len(xs), len(ys))
    return TwoWay(
        tree,
        (first.name, second.name),
        tuple(decision),
        objective,
        result.labels,
        xs,
        ys,
        result.values.reshape(len(result.labels), *shape),
        result.choice.reshape(shape),
        policy,
    )


# --------------------------------------------------------------------------- tornado


@attrs.frozen
class TornadoBar:
    """One parameter's bar: the value at the decision with the parameter at ``low`` and at ``high``.

    ``changes_choice`` tells whether the optimal option changes anywhere in
    the range (checked on the sweep grid); ``optimal_low`` and
    ``optimal_high`` are the optimal options at the ends.
    """

    parameter: str
    low: float = attrs.field(repr=number_repr)
    high: float = attrs.field(repr=number_repr)
    value_low: float = attrs.field(repr=number_repr)
    value_high: float = attrs.field(repr=number_repr)
    swing: float = attrs.field(repr=number_repr)
    changes_choice: bool
    optimal_low: str
    optimal_high: str


@attrs.frozen(eq=False)
class Tornado(Tabular):
    """Tornado bars sorted by swing, largest first; iterates over :class:`TornadoBar` records.

    ``base_value`` and ``base_optimal`` are the value and the optimal option
    with every parameter at its base value; ``skipped`` names the parameters
    left out because they have no range; ``tree`` and ``objective`` are what
    was analysed (plots label the bars with the parameters' descriptions).
    """

    bars: tuple[TornadoBar, ...]
    base_value: float = attrs.field(repr=number_repr)
    base_optimal: str
    skipped: tuple[str, ...]
    decision: Path
    tree: Tree | None = attrs.field(default=None, kw_only=True, repr=False)
    objective: Any = attrs.field(default=None, kw_only=True, repr=False)

    def __iter__(self) -> Iterator[TornadoBar]:
        return iter(self.bars)

    def __len__(self) -> int:
        return len(self.bars)

    def __getitem__(self, k: int) -> TornadoBar:
        return self.bars[k]

    def to_table(self) -> Table:
        """One row per bar, with the fields of ``TornadoBar`` as columns
        (``to_frame()`` gives it as a pandas DataFrame)."""
        columns = [f.name for f in attrs.fields(TornadoBar)]
        rows = [attrs.astuple(b) for b in self.bars]
        return Table(columns, rows, title=f"Tornado (base case: {self.base_optimal})")


def tornado(
    tree: Tree,
    *,
    decision: Sequence[str] = (),
    parameters: Sequence[str | Parameter] | None = None,
    objective: Any = None,
    points: int = 101,
    policy: Mapping[Any, str] | None = None,
    progress: bool | None = None,
) -> Tornado:
    """Swing each parameter over its range, the others at their base values: a tornado diagram.

    Parameters
    ----------
    tree : Tree
        The model.
    decision : tuple of str
        The path of the decision whose value is shown (default the root).
    parameters : sequence, optional
        The parameters to include (default all); those without a range are
        skipped and listed in ``.skipped``.
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    points : int
        Settings per parameter on which a change of the optimal option is looked for.
    policy : mapping, optional
        ``{decision path: label}`` holding a strategy fixed: the bars show the
        policy's value, not the re-optimised one.
    progress : bool, optional
        A progress bar for a long sweep, as in ``one_way``.

    Examples
    --------
    >>> import decisiontree as dt
    >>> gain = dt.Parameter("gain", 10, low=5, high=20)
    >>> cost = dt.Parameter("cost", 5, low=4, high=6)
    >>> fee = dt.Parameter("fee", 1)
    >>> tree = dt.Tree(dt.Decision("d", [
    ...     dt.Branch("build", dt.Terminal("B", payoff=gain - cost - fee)),
    ...     dt.Branch("wait", dt.Terminal("W")),
    ... ]), parameters=[gain, cost, fee])
    >>> bars = tornado(tree)
    >>> [(b.parameter, b.value_low, b.value_high, b.swing) for b in bars]
    [('gain', 0.0, 14.0, 14.0), ('cost', 5.0, 3.0, 2.0)]
    >>> bars.skipped, bars[0].changes_choice
    (('fee',), True)
    """
    arguments.tree_of(tree, "tornado")
    arguments.decision(tree, decision)
    points = arguments.count(points, "points", minimum=2)
    if parameters is None:
        chosen = [p for p in tree.parameters if not p.derived]
    else:  # one name or Parameter alone is not a sequence: refused by the one rule for sequences
        given = items(parameters, "parameters", "names or Parameters", ArgumentError)
        chosen = [arguments.varied(tree, p) for p in given]
    ranged = [p for p in chosen if p.has_range]
    skipped = tuple(p.name for p in chosen if not p.has_range)
    base = arguments.base_values(tree)
    draws = arguments.count(len(ranged) * points + 1, "points x parameters", cells=tree.flat.size)
    columns: dict[str, Any] = {}
    for j, param in enumerate(ranged):
        column = np.full(draws, base[param.name], dtype=float)  # the last column: all at base
        column[j * points : (j + 1) * points] = _settings(param, None, points)
        columns[param.name] = column
    result = sweep(tree, columns, decision=decision, objective=objective, policy=policy, progress=progress)
    best, choice, labels = result.best, result.choice, result.labels
    bars = []
    for j, param in enumerate(ranged):
        block = slice(j * points, (j + 1) * points)
        low, high = best[block][0], best[block][-1]
        changes = bool(np.any(choice[block] != choice[block][0]))
        bars.append(
            TornadoBar(
                param.name,
                float(param.low),  # type: ignore[arg-type]
                float(param.high),  # type: ignore[arg-type]
                float(low),
                float(high),
                float(abs(high - low)),
                changes,
                labels[int(choice[block][0])],
                labels[int(choice[block][-1])],
            )
        )
    bars.sort(key=lambda b: -b.swing)
    return Tornado(
        tuple(bars),
        float(best[-1]),
        labels[int(choice[-1])],
        skipped,
        tuple(decision),
        tree=tree,
        objective=objective,
    )


# --------------------------------------------------------------------------- helpers


MAX_POINTS = 1_000_000
"""Evenly spaced points a sweep may ask for: more than any table or plot can show."""


def _settings(param: Parameter, values: Any, points: int) -> np.ndarray:
    """The sweep values: as given, or ``points`` evenly spaced over the parameter's range."""
    if values is None:
        points = arguments.count(points, "points", maximum=MAX_POINTS)
        low, high = arguments.parameter_range(param)
        return np.linspace(float(low), float(high), points)
    return arguments.numbers(values, f"parameter {param.name!r}: values")
