"""Arguments of the public functions, checked in one place.

Every analysis, view and the command line turn what a user passes — a tree,
parameter names, values, node paths, a policy, an objective, counts — into
what the core needs through these functions, so each rule and each message
exists once. Bad arguments raise :class:`~decisiontree.errors.ArgumentError`
(also a ``ValueError`` and a ``TypeError``); lookups that find nothing raise
:class:`~decisiontree.errors.NotFoundError` (also a ``KeyError``) with the
closest name.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from ._core import Compiled
from .errors import ArgumentError, ModelError, NotFoundError, among, brief, count, finite_floats, flag
from .formulas import Formula
from .model import CHANCE, DECISION, Parameter, Tree, did_you_mean
from .number import as_fraction, as_sympy_number, fits_float

__all__ = [
    "base_values",
    "count",
    "decision",
    "flag",
    "forced_choices",
    "node",
    "numbers",
    "objective_vector",
    "objective_weights",
    "parameter",
    "parameter_range",
    "position",
    "reported_weights",
    "scalar",
    "tree_of",
    "values",
    "varied",
]

Path = tuple[str, ...]


def of_kind(value: Any, kind: type | tuple[type, ...], function: str, what: str) -> Any:
    """``value`` when it is a ``kind``, else an :class:`ArgumentError` naming ``function`` and
    ``what`` it takes (say, where such values come from).

    >>> of_kind(3, str, "plot_x", "a label")
    Traceback (most recent call last):
    ...
    decisiontree.errors.ArgumentError: plot_x() takes a label, got 3
    """
    if not isinstance(value, kind):
        raise ArgumentError(f"{function}() takes {what}, got {brief(value)}")
    return value


def text(value: Any, what: str) -> str:
    """``value`` when it is text, else an :class:`ArgumentError` naming ``what``.

    >>> text("CAD", "money")
    'CAD'
    """
    if not isinstance(value, str):
        raise ArgumentError(f"{what} must be text, got {type(value).__name__} {brief(value)}")
    return value


def tree_of(tree: Any, function: str) -> Tree:
    """``tree`` itself, or an :class:`ArgumentError` naming the function that needed a Tree."""
    if not isinstance(tree, Tree):
        raise ArgumentError(f"{function}() needs a Tree, got {type(tree).__name__}")
    return tree


def position(value: Any, size: int, what: str) -> int:
    """``value`` as a position in ``range(size)`` (a node's number in ``tree.index``), else an
    :class:`ArgumentError` naming ``what``.

    >>> position(2, 5, "node")
    2
    """
    number = count(value, what, minimum=0)
    if number >= size:
        raise NotFoundError(f"there is no {what} {number:,}: they are numbered 0 to {size - 1:,}")
    return number


def parameter(tree: Tree, given: Any) -> Parameter:
    """The tree's parameter named ``given`` (a name or a :class:`Parameter`).

    Unknown names raise :class:`NotFoundError` with a did-you-mean hint.
    """
    name = given.name if isinstance(given, Parameter) else given
    if not isinstance(name, str):
        raise ArgumentError(
            f"a parameter is given by its name or as a Parameter, got {type(given).__name__} {brief(given)}"
        )
    return tree.parameter(name)


def varied(tree: Tree, given: Any) -> Parameter:
    """A parameter that an analysis may set: declared and not derived."""
    found = parameter(tree, given)
    if found.derived:
        inputs = ", ".join(sorted(found.value.names))  # type: ignore[union-attr]
        raise ArgumentError(
            f"parameter {found.name!r} is derived ({found.value}); vary its inputs instead ({inputs})"
        )
    return found


def _number(name: str, value: Any, exact: bool, arrays: bool) -> Any:
    if type(value) is float and value - value == 0 and not exact:  # the common case: a finite float
        return value
    if exact:
        try:
            return as_fraction(value, f"parameter {name!r}")
        except (TypeError, ValueError) as error:
            raise ArgumentError(f"parameter {name!r}: {error}") from None
    if isinstance(value, (str, bytes, bool)) or value is None:
        raise ArgumentError(f"parameter {name!r}: {brief(value)} is not a number")
    if type(value) is float or type(value) is int:
        number = float(value) if type(value) is int and abs(value) < 2**1000 else value
        if type(number) is int:
            raise ArgumentError(f"parameter {name!r}: {brief(value)} is beyond float range; use exact=True")
        if not math.isfinite(number):
            raise ArgumentError(f"parameter {name!r}: {brief(value)} is not finite")
        return number
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ArgumentError(f"parameter {name!r}: {brief(value)} is not a number") from None
    if array.ndim > (1 if arrays else 0):
        raise ArgumentError(
            f"parameter {name!r}: expected one number"
            + (" or a 1-D array" if arrays else "")
            + f", got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise ArgumentError(f"parameter {name!r}: {brief(value)} is not finite")
    return float(array) if array.ndim == 0 else array


def scalar(value: Any, what: str, *, exact: bool = False, advice: str = "use exact=True") -> Any:
    """One number the user gives (a number of any kind, or text such as ``"3/8"``): a sympy
    ``Rational`` with ``exact``, else a finite float; :class:`ArgumentError` otherwise.

    ``advice``: what a number beyond float range suggests (``""``: nothing, where exact
    arithmetic is not offered).

    >>> scalar("3/8", "the cost", exact=True), scalar(0.1, "the cost")
    (3/8, 0.1)
    """
    exact = flag(exact, "exact")
    try:
        fraction = as_fraction(value, what)
    except (TypeError, ValueError):
        irrational = not exact and getattr(value, "is_number", False) and getattr(value, "is_real", False)
        if irrational and not isinstance(value, bool):  # sqrt(2) is a float, not an exact number
            number = float(value)
            if math.isfinite(number):
                return number
        kind = "rational number" if exact else "finite number"
        raise ArgumentError(f"{what} must be a {kind}, got {brief(value)}") from None
    if exact:
        return as_sympy_number(fraction)
    if not fits_float(fraction):
        raise ArgumentError(
            f"{what} {brief(value)} is beyond float range (about 1.8e308)" + (f"; {advice}" if advice else "")
        )
    return float(fraction)


def numbers(values: Any, what: str) -> np.ndarray:
    """Numbers the user gives (one, or a sequence) as a non-empty 1-D array of finite floats, each
    one a number as :func:`scalar` takes it (text such as ``"3/8"`` too, never ``True``);
    :class:`ArgumentError` naming ``what`` otherwise.

    >>> numbers([0, 0.5, "3/8"], "the costs").tolist(), numbers(3, "the cost").tolist()
    ([0.0, 0.5, 0.375], [3.0])
    """
    if not isinstance(values, np.ndarray) and hasattr(values, "__array__"):  # a pandas Series, ...
        values = np.asarray(values)
    if isinstance(values, np.ndarray) and values.ndim > 1:
        raise ArgumentError(f"{what} must be one number or a non-empty 1-D sequence of numbers")
    if isinstance(values, np.ndarray) and not values.ndim and values.dtype.kind not in "fiu":
        values = values.item()  # one thing: a number, or not
    if isinstance(values, (str, bytes)) or (
        isinstance(values, Iterable) and not isinstance(values, (Sequence, np.ndarray))
    ):  # text, a set, a mapping, a generator: no numbers in order
        raise ArgumentError(f"{what} must be a sequence of numbers, got {brief(values)}")
    if isinstance(values, np.ndarray) and values.dtype.kind in "fiu":  # numbers already: one pass
        array = finite_floats(values, what).reshape(values.shape or (1,))
    elif isinstance(values, (Sequence, np.ndarray)):
        array = np.array([_float(item, f"{what}: item {k}") for k, item in enumerate(values)], dtype=float)
    else:
        array = np.array([_float(values, what)])
    if array.ndim != 1 or array.size == 0:
        raise ArgumentError(f"{what} must be one number or a non-empty 1-D sequence of numbers")
    return array


def _float(value: Any, what: str) -> float:
    """One number as a finite float, by the rule of :func:`scalar` (for analyses in floats alone)."""
    if type(value) is float and value - value == 0:  # the common case, without the exact detour
        return value  # type: ignore[no-any-return]
    return scalar(value, what, advice="")  # type: ignore[no-any-return]


def base_values(tree: Tree) -> dict[str, float]:
    """The base value of every parameter that is not derived, as a float (for analyses in floats:
    a base value beyond float range is a :class:`ModelError`)."""
    out = {}
    for p in tree.parameters:
        if isinstance(p.value, Formula):
            continue
        if not fits_float(p.value):
            raise ModelError(
                f"parameter {p.name!r} = {brief(p.value)} is beyond float range (about 1.8e308), "
                "and this analysis computes in floats"
            )
        out[p.name] = float(p.value)
    return out


def values(
    tree: Tree, given: Mapping[Any, Any] | None, *, exact: bool = False, arrays: bool = False
) -> dict[str, Any]:
    """The overrides ``given`` (by name or Parameter) as numbers: floats, Fractions with ``exact``,
    or 1-D arrays of equal length with ``arrays``. Derived parameters cannot be set."""
    exact = flag(exact, "exact")
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise ArgumentError(f"values must map parameter names to numbers, got {type(given).__name__}")
    out: dict[str, Any] = {}
    lengths: set[int] = set()
    settable = tree._cache.get("settable")
    if settable is None:
        settable = tree._cache["settable"] = frozenset(p.name for p in tree.parameters if not p.derived)
    for key, value in given.items():
        name = key if type(key) is str and key in settable else varied(tree, key).name
        number = _number(name, value, exact, arrays)
        if type(number) is not float and np.ndim(number):
            lengths.add(len(number))
        out[name] = number
    if len(lengths) > 1:
        raise ArgumentError(f"parameter arrays must all have the same length, got lengths {sorted(lengths)}")
    return out


def parameter_range(found: Parameter, low: Any = None, high: Any = None) -> tuple[Any, Any]:
    """``(low, high)``: the arguments where given, else the parameter's own range."""
    low = found.low if low is None else low
    high = found.high if high is None else high
    if low is None or high is None:
        raise ArgumentError(
            f"parameter {found.name!r} has no range (low and high); declare one or pass low= and high="
        )
    for bound in (low, high):
        if isinstance(bound, bool) or not isinstance(bound, (int, float, Fraction, np.number)):
            raise ArgumentError(f"parameter {found.name!r}: range bound {brief(bound)} is not a number")
        if not fits_float(bound):
            raise ArgumentError(
                f"parameter {found.name!r}: range [{brief(low)}, {brief(high)}] is not finite in floats"
            )
    if as_fraction(low) > as_fraction(high):  # by decimal value, as Parameter checks its range
        raise ArgumentError(f"parameter {found.name!r}: low {low} is above high {high}")
    return low, high


def node(tree: Tree, path: Any) -> int:
    """The (distinct) node number at ``path``; :class:`NotFoundError` naming the first unknown label."""
    if isinstance(path, str) or not isinstance(path, Sequence):
        hint = f"; did you mean ({brief(path)},)?" if isinstance(path, str) else ""
        raise NotFoundError(
            f"a node is given by its path (a tuple of branch labels), got {brief(path)}{hint}"
        )
    return tree.flat.find(tuple(path))


def decision(tree: Tree, path: Any) -> int:
    """The node number of the decision at ``path``; :class:`ArgumentError` when it is not a decision."""
    found = node(tree, path)
    if tree.flat.kind[found] != DECISION:
        kind = "chance node" if tree.flat.kind[found] == CHANCE else "terminal"
        raise ArgumentError(f"the node at {brief(tuple(path))} is a {kind}, not a decision")
    return found


def forced_choices(tree: Tree, policy: Mapping[Any, str] | None) -> tuple[tuple[int, int], ...]:
    """``((decision node, branch position), ...)`` from a ``{path: label}`` policy, checked.

    A decision shared by several paths is forced wherever it is used.
    """
    if policy is None:
        return ()
    if not isinstance(policy, Mapping):
        raise ArgumentError(f"policy must map decision paths to branch labels, got {type(policy).__name__}")
    out: dict[int, int] = {}
    for path, label in policy.items():
        found = decision(tree, path)
        labels = [b.label for b in tree.flat.nodes[found].branches]
        if label not in labels:
            raise NotFoundError(
                f"{did_you_mean('branch', label, labels)} at the decision {brief(tuple(path))}"
            )
        position = labels.index(label)
        if out.get(found, position) != position:
            raise ArgumentError(
                f"the policy chooses two branches at the shared decision {brief(tuple(path))}"
            )
        out[found] = position
    return tuple(sorted(out.items()))


def _objective_spec(core: Compiled, objective: Any, exact: bool) -> tuple[Any, ...]:
    """The objective as ``(weight per actor)`` in the tree's actor order, checked."""
    exact = flag(exact, "exact")
    actors = core.actors
    if isinstance(objective, str):
        objective = {objective: 1}
    if not isinstance(objective, Mapping):
        raise ArgumentError(
            f"objective must be a payoff key or a {{key: weight}} mapping, got {brief(objective)}"
        )
    if not objective:
        raise ArgumentError("objective must name at least one payoff key")
    for key in objective:
        if key not in actors:
            raise NotFoundError(
                f"{did_you_mean('objective key', str(key), actors)}; keys are {', '.join(actors)}"
            )
    weights = []
    for actor in actors:
        weight = objective.get(actor, 0)
        try:
            exact_weight = as_fraction(weight, f"objective weight of {actor!r}")
        except (TypeError, ValueError) as error:
            raise ArgumentError(f"objective weights must be finite numbers: {error}") from None
        if not exact and not fits_float(exact_weight):
            raise ArgumentError(
                f"objective weight of {actor!r} is beyond float range (about 1.8e308); use exact=True"
            )
        weights.append(exact_weight if exact else float(exact_weight))
    return tuple(weights)


def objective_vector(core: Compiled, objective: Any, *, exact: bool = False) -> np.ndarray:
    """An objective (a payoff key or ``{key: weight}``) as (A,) weights in the tree's actor order."""
    if not core.actors:
        raise ArgumentError(f"objective {brief(objective)} given, but the payoffs are plain numbers")
    return np.asarray(_objective_spec(core, objective, exact), dtype=object if exact else float)


def objective_weights(core: Compiled, objective: Any, *, exact: bool = False) -> Any:
    """The key of the (N, A) scoring weights in ``core.weight_table``: each decision's owner's
    column, else ``objective``; ``None`` for scalar payoffs.

    Raises :class:`ArgumentError` when an unowned decision of a tree with
    per-actor payoffs has no objective, or the objective is given for scalar payoffs.
    """
    if not core.actors:
        if objective is not None:
            raise ArgumentError(f"objective {brief(objective)} given, but the payoffs are plain numbers")
        return None
    spec = None if objective is None else _objective_spec(core, objective, exact)
    key = ("weights", spec, exact)
    if key in core.weight_table:
        return key
    flat = core.flat
    decisions = core.plan.decisions
    owner = flat.owner[decisions]
    unowned = decisions[owner < 0]
    if spec is None and len(unowned):
        raise ArgumentError(
            "the decision at "
            f"{core.path(int(unowned[0]))!r} has no owner; "
            "pass objective= (a payoff key or weights) to evaluate it"
        )
    dtype = object if exact else float
    weights = np.zeros((core.size, core.width), dtype=dtype)
    if exact:
        weights[:] = Fraction(0)
    if spec is not None:
        weights[unowned] = np.asarray(spec, dtype=dtype)
    owned = decisions[owner >= 0]
    weights[owned, flat.owner[owned]] = Fraction(1) if exact else 1.0
    if spec is not None and (len(unowned) or not len(decisions)):
        # Chance nodes judge their worst or best outcome by the objective (non-probabilistic rules),
        # even one of zero weights (every outcome ties: the first possible one is taken).
        weights[flat.kind == CHANCE] = np.asarray(spec, dtype=dtype)
        core.judging.add(key)
    core.weight_table[key] = weights
    return key


def reported_weights(
    core: Compiled, *, actor: str | None = None, objective: Any = None, exact: bool = False
) -> Any:
    """The (A,) weights of the payoff an analysis reports; ``None`` for scalar payoffs.

    ``actor`` names one column; otherwise the first decision (breadth first)
    decides: its owner's column, or ``objective`` when it has no owner. A tree
    without decisions needs ``actor`` or ``objective``.
    """
    exact = flag(exact, "exact")
    actors = core.actors
    if not actors:
        if actor is not None:
            raise ArgumentError(f"actor {brief(actor)} given, but the payoffs are plain numbers")
        return None
    one, zero = (Fraction(1), Fraction(0)) if exact else (1.0, 0.0)
    dtype = object if exact else float
    if actor is not None:
        if not among(actor, actors):
            raise NotFoundError(
                f"{did_you_mean('actor', actor, actors)}; payoff keys are {', '.join(actors)}"
            )
        return np.array([one if a == actor else zero for a in actors], dtype=dtype)
    decisions = core.plan.decisions
    if len(decisions):
        key = objective_weights(core, objective, exact=exact)
        return np.asarray(core.weight_table[key][int(decisions[0])])
    if objective is None:
        raise ArgumentError(
            "this tree has no decision; pass actor= (or objective=) to say whose payoff to use"
        )
    return np.asarray(_objective_spec(core, objective, exact), dtype=dtype)
