"""The model: nodes, branches, parameters and trees. Data and invariants only.

Every class is a frozen ``attrs`` class holding tuples; change one with
``attrs.evolve``. Structural equality, hashing and ``repr`` work without
recursion, so trees 100,000 levels deep behave like small ones, and a node
object may be used in several places (a shared subtree): it is validated,
stored and evaluated once.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> tree.size, tree.node_at(("yes",)).name
(3, 'win')
"""

from __future__ import annotations

import bisect
import difflib
import functools
import math
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from fractions import Fraction
from typing import Any, ClassVar, TypeAlias

import attrs
import numpy as np

from .errors import ArgumentError, ModelError, NotFoundError, TooLargeError, among, brief, format_path, items
from .expressions import check_name
from .formulas import Formula, name
from .number import MAX_DIGITS, as_fraction, check_digits, exact_text, fits_float
from .tables import Table, parameter_table
from .values import COMPLEMENT, Payoffs, Scalar, Value, check_text, to_payoff, to_probability, to_scalar

__all__ = [
    "DISPLAY",
    "MAX_PATHS",
    "MAX_SHARED_PATHS",
    "Branch",
    "Chance",
    "Decision",
    "FlatTree",
    "Node",
    "NodeIndex",
    "Parameter",
    "Terminal",
    "Tree",
    "did_you_mean",
]

Path: TypeAlias = tuple[str, ...]

MAX_PATHS = 5_000_000
"""The most nodes a tree may have path by path for its scenarios to be listed one by one."""

MAX_SHARED_PATHS = 250_000
"""The most nodes a tree with shared subtrees may have path by path to be expanded (its
:class:`NodeIndex`, scenarios, totals along paths, Gambit's format): expanding costs a few
microseconds per path, so a bigger one is refused (its values and policy need no expansion)."""

TERMINAL, CHANCE, DECISION = 0, 1, 2

DISPLAY: dict[str, Any] = {}
"""Display hooks, installed from above by the package's facade: ``"mimebundle"`` (Jupyter) and
``"text"`` (``str`` of a result). The model and the evaluation know nothing of rendering."""


def did_you_mean(kind: str, name: Any, known: Iterable[str], where: str = "") -> str:
    """``unknown <kind> <name> [where]``, with the closest known name when there is one; ``name``
    may be anything a user gave (what is not text is shown briefly: ``str()`` of a list nested
    100,000 deep recurses for ever).

    The one rule for suggestions, in the library and on the command line.

    >>> did_you_mean("parameter", "p_hodl", ["p_hold", "cost"])
    "unknown parameter 'p_hodl'; did you mean 'p_hold'?"
    >>> did_you_mean("branch", "Spend + force", ["Spend + reassurance force"], "below tree (root)")
    "unknown branch 'Spend + force' below tree (root); did you mean 'Spend + reassurance force'?"
    """
    plain = isinstance(name, str) and len(name) <= 1000  # anything else is shown briefly, unmatched
    close = difflib.get_close_matches(name, [str(k) for k in known], n=1) if plain else []
    hint = f"; did you mean {close[0]!r}?" if close else ""
    place = f" {where}" if where else ""
    shown = repr(name) if plain else brief(name)
    return f"unknown {kind} {shown}{place}{hint}"


# --------------------------------------------------------------------------- parameters


@functools.lru_cache(maxsize=4096)
def _name_formula(text: str) -> Formula:
    """The formula of a parameter's name, one object per name (a model uses a parameter in many places)."""
    return name(text)


def _check_parameter_name(instance: Any, attribute: Any, value: Any) -> None:
    problem = check_name(value)
    if problem is not None:
        raise ModelError(f"parameter name: {problem}")


def _to_parameter_value(value: Any) -> int | float | Fraction | Formula:
    scalar = to_scalar(value, what="parameter value")
    if isinstance(scalar, Formula) and not scalar.names:
        raise ModelError(
            f"parameter value {scalar} is not a rational number; "
            "give a number or a formula of other parameters"
        )
    return _finite(scalar, "parameter value")  # type: ignore[no-any-return]


def _finite(value: Any, what: str) -> Any:
    if type(value) is float:
        if not math.isfinite(value):
            raise ModelError(f"{what} must be finite, got {brief(value)}")
    elif type(value) is int or type(value) is Fraction:
        try:
            check_digits(value, what)
        except ValueError as error:
            raise ModelError(str(error)) from None
    return value


def _to_bound(value: Any) -> int | float | Fraction | None:
    if value is None:
        return None
    scalar = to_scalar(value, what="parameter range bound")
    if isinstance(scalar, Formula):
        raise ModelError(f"a parameter's range bounds must be numbers, got {scalar}")
    return _finite(scalar, "parameter range bound")  # type: ignore[no-any-return]


def _to_text(value: Any) -> str:
    return check_text(value, "text")


def _to_name(value: Any) -> str:
    return check_text(value, "name")


def _to_label(value: Any) -> str:
    return check_text(value, "branch label")


def _to_notes(value: Any) -> str:
    return check_text(value, "notes")


def _to_owner(value: Any) -> str | None:
    if value is None:
        return None
    owner = check_text(value, "owner")
    if not owner:
        raise ModelError("owner must be non-empty text or None")
    return owner


def _to_distribution(value: Any) -> Any:
    if value is not None and not any(callable(getattr(value, m, None)) for m in ("sample", "ppf")):
        raise ModelError(
            "distribution must have a sample(rng, n) method (see decisiontree.distributions), "
            f"got {type(value).__name__} {brief(value)}"
        )
    return value


def _sympy_operand(other: Any) -> Any:
    from .values import as_sympy

    if isinstance(other, Parameter):
        return other.symbol
    if type(other) is bool:
        return NotImplemented
    if isinstance(other, (int, float, Fraction, Formula)):
        return as_sympy(other)
    if hasattr(other, "free_symbols") and hasattr(other, "xreplace"):
        return other
    return NotImplemented


def _arith(operation: str, reflected: bool = False) -> Any:
    def method(self: Parameter, other: Any) -> Any:
        other_value = _sympy_operand(other)
        if other_value is NotImplemented:
            return NotImplemented
        left, right = (other_value, self.symbol) if reflected else (self.symbol, other_value)
        return getattr(left, operation)(right)

    method.__name__ = f"__{'r' if reflected else ''}{operation.strip('_')}__"
    return method


@attrs.frozen
class Parameter:
    """A named input of the model, with a base value, a range and a distribution.

    Parameters
    ----------
    name : str
        An identifier (letters, digits, ``_``), used in formulas and on the
        command line (``--set p_hold=0.5``).
    value : number or formula
        The base value: a number (a float means its decimal value), or a
        formula of other parameters (text or sympy), a *derived* parameter
        such as a posterior computed from a prior and a test's accuracy.
        Derived parameters may be declared in any order (a cycle is a
        :class:`~decisiontree.ModelError` naming it) and have no range or
        distribution of their own; every analysis varies their inputs and
        recomputes them, and none sets them: ``values={derived: x}`` and
        asking to sweep one raise :class:`~decisiontree.ArgumentError`
        naming the inputs.
    low, high : number, optional
        The range the model holds for: sensitivity analyses (tornado,
        thresholds, sweeps) vary the parameter over it.
    distribution : distribution, optional
        What Monte Carlo (:func:`~decisiontree.psa`) draws it from, such as
        ``Beta(6, 4)`` or ``PERT(0.4, 0.6, 0.8)``; without one it stays at
        its value.
    description : str
        What it is, in a few words: its label in tables and plots.
    source : str
        Where the number comes from: a reference, or the reasoning behind it.

    Examples
    --------
    Arithmetic on a parameter gives a sympy expression in its symbol:

    >>> p = Parameter("p_hold", 0.6, low=0.4, high=0.8)
    >>> 1 - p
    1 - p_hold
    >>> Parameter("p_fav", "sens*p + (1 - spec)*(1 - p)").derived
    True
    """

    name: str = attrs.field(validator=_check_parameter_name)
    value: int | float | Fraction | Formula = attrs.field(converter=_to_parameter_value)
    low: int | float | Fraction | None = attrs.field(default=None, kw_only=True, converter=_to_bound)
    high: int | float | Fraction | None = attrs.field(default=None, kw_only=True, converter=_to_bound)
    distribution: Any = attrs.field(default=None, kw_only=True, converter=_to_distribution)
    description: str = attrs.field(default="", kw_only=True, converter=_to_text)
    source: str = attrs.field(default="", kw_only=True, converter=_to_text)

    def __attrs_post_init__(self) -> None:
        low, high = self.low, self.high
        if isinstance(self.value, Formula):
            if low is not None or high is not None or self.distribution is not None:
                raise ModelError(
                    f"parameter {self.name!r} is derived ({self.value}); it has no range or distribution "
                    "of its own (give them to its inputs)"
                )
            if self.name in self.value.names:
                raise ModelError(f"parameter {self.name!r} is defined by a formula of itself ({self.value})")
            return
        value = as_fraction(self.value)  # floats by their decimal value: 0.03 is 3/100
        if low is not None and high is not None and as_fraction(low) > as_fraction(high):
            raise ModelError(f"parameter {self.name!r}: low {low} is above high {high}")
        if (low is not None and value < as_fraction(low)) or (high is not None and value > as_fraction(high)):
            raise ModelError(
                f"parameter {self.name!r}: value {self.value} is outside its range [{low}, {high}]"
            )

    @property
    def derived(self) -> bool:
        """True when the value is a formula of other parameters."""
        return isinstance(self.value, Formula)

    @property
    def symbol(self) -> Any:
        """The sympy symbol of this parameter (a real symbol named like it)."""
        return name(self.name).to_sympy()

    @property
    def has_range(self) -> bool:
        """True when both ``low`` and ``high`` are set."""
        return self.low is not None and self.high is not None

    def _formula_(self) -> Formula:
        return _name_formula(self.name)

    def _sympy_(self) -> Any:
        return self.symbol

    __add__ = _arith("__add__")
    __radd__ = _arith("__add__", reflected=True)
    __sub__ = _arith("__sub__")
    __rsub__ = _arith("__sub__", reflected=True)
    __mul__ = _arith("__mul__")
    __rmul__ = _arith("__mul__", reflected=True)
    __truediv__ = _arith("__truediv__")
    __rtruediv__ = _arith("__truediv__", reflected=True)
    __pow__ = _arith("__pow__")
    __rpow__ = _arith("__pow__", reflected=True)

    def __neg__(self) -> Any:
        return -self.symbol

    def __pos__(self) -> Any:
        return self.symbol


# --------------------------------------------------------------------------- nodes


def _to_branches(branches: Iterable[Any]) -> tuple[Branch, ...]:
    if type(branches) is list or type(branches) is tuple:
        return tuple(branches)
    return items(branches, "branches", "Branch")


class _Node:
    """Shared behaviour of the node classes: structural equality without recursion."""

    __slots__ = ()
    kind: ClassVar[str]
    name: str
    notes: str

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Node):
            return NotImplemented
        return _same_structure(self, other)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((self.kind, self.name, len(getattr(self, "branches", ()))))

    def __repr__(self) -> str:
        return _node_repr(self)


# The node and branch classes write their ``__init__`` by hand: it applies the fields' converters
# (plain text, numbers and lists pass through without a call) and sets the slots directly, since
# models of a million nodes are built through these constructors.


def _setters(cls: type, *names: str) -> tuple[Any, ...]:
    """The slot setters of ``cls``'s fields ``names`` (they bypass the frozen ``__setattr__``)."""
    return tuple(cls.__dict__[name].__set__ for name in names)


@attrs.frozen(eq=False, repr=False, init=False)
class Terminal(_Node):
    """An end point with a payoff (a number, formula or per-actor mapping).

    Parameters
    ----------
    name : str
        The node's name, shown in diagrams and scenarios.
    payoff : value, default 0
        The terminal's own payoff, added to the payoffs of the branches on
        its path: a number, ``Fraction``, ``Parameter``, formula (text such
        as ``"1 - p_hold"`` or sympy), or a per-actor mapping
        ``{"Europe": 10, "US": -5}``.
    notes : str
        Free text for readers (shown as a tooltip in diagrams).

    Examples
    --------
    >>> Terminal("Stable", payoff=100)
    Terminal('Stable', payoff=100)
    """

    kind: ClassVar[str] = "terminal"
    name: str = attrs.field(converter=_to_name)
    payoff: Value = attrs.field(default=0, converter=to_payoff)
    notes: str = attrs.field(default="", kw_only=True, converter=_to_notes)

    def __init__(self, name: Any, payoff: Any = 0, *, notes: Any = "") -> None:
        set_name, set_payoff, set_notes = _TERMINAL
        set_name(self, name if type(name) is str and name.isascii() else _to_name(name))
        set_payoff(self, payoff if type(payoff) is float or type(payoff) is int else to_payoff(payoff))
        set_notes(self, notes if type(notes) is str and notes.isascii() else _to_notes(notes))


@attrs.frozen(eq=False, repr=False, init=False)
class Chance(_Node):
    """A node where the world chooses a branch with the branches' probabilities.

    Parameters
    ----------
    name : str
        The uncertainty's name; chance nodes of the same name are the same
        uncertainty (for value of information).
    branches : sequence of Branch
        The outcomes, each with a ``probability``; they sum to 1, and one
        may be :data:`~decisiontree.COMPLEMENT` (the rest).
    notes : str
        Free text for readers.

    Examples
    --------
    >>> Chance("Coin", [Branch("heads", Terminal("H", payoff=1), probability="1/2"),
    ...                 Branch("tails", Terminal("T"), probability=COMPLEMENT)]).name
    'Coin'
    """

    kind: ClassVar[str] = "chance"
    name: str = attrs.field(converter=_to_name)
    branches: tuple[Branch, ...] = attrs.field(converter=_to_branches)
    notes: str = attrs.field(default="", kw_only=True, converter=_to_notes)

    def __init__(self, name: Any, branches: Any, *, notes: Any = "") -> None:
        set_name, set_branches, set_notes = _CHANCE
        set_name(self, name if type(name) is str and name.isascii() else _to_name(name))
        set_branches(self, tuple(branches) if type(branches) is list else _to_branches(branches))
        set_notes(self, notes if type(notes) is str and notes.isascii() else _to_notes(notes))


@attrs.frozen(eq=False, repr=False, init=False)
class Decision(_Node):
    """A node where an actor (``owner``) chooses the branch it values most.

    Parameters
    ----------
    name : str
        The decision's name (``Result.choice(name)`` finds it).
    branches : sequence of Branch
        The options, with unique labels; ties go to the first.
    owner : str, optional
        Who decides: with per-actor payoffs the decision maximises the
        owner's component (backward induction); without an owner it needs
        ``evaluate(..., objective=...)``.
    notes : str
        Free text for readers.

    Examples
    --------
    >>> Decision("Go?", [Branch("yes", Terminal("Y", payoff=1))], owner="Europe").owner
    'Europe'
    """

    kind: ClassVar[str] = "decision"
    name: str = attrs.field(converter=_to_name)
    branches: tuple[Branch, ...] = attrs.field(converter=_to_branches)
    owner: str | None = attrs.field(default=None, converter=_to_owner)
    notes: str = attrs.field(default="", kw_only=True, converter=_to_notes)

    def __init__(self, name: Any, branches: Any, owner: Any = None, *, notes: Any = "") -> None:
        set_name, set_branches, set_owner, set_notes = _DECISION
        set_name(self, name if type(name) is str and name.isascii() else _to_name(name))
        set_branches(self, tuple(branches) if type(branches) is list else _to_branches(branches))
        set_owner(self, None if owner is None else _to_owner(owner))
        set_notes(self, notes if type(notes) is str and notes.isascii() else _to_notes(notes))


Node: TypeAlias = Terminal | Chance | Decision


@attrs.frozen(eq=False, repr=False, init=False)
class Branch:
    """An edge into ``node``: its label, probability (chance only) and payoff.

    Parameters
    ----------
    label : str
        The branch's label, unique among its siblings; paths are tuples of labels.
    node : Terminal, Chance or Decision
        The node it leads to (a node may be used in several places).
    probability : value, optional
        Below a chance node: a number, ``Fraction``, ``Parameter``, formula
        or :data:`~decisiontree.COMPLEMENT`. Below a decision: none.
    payoff : value, default 0
        Incurred when the branch is taken (a cost is a negative payoff);
        a number, formula or per-actor mapping like a terminal's.

    Examples
    --------
    >>> Branch("holds", Terminal("Stable", payoff=100), probability="3/5")
    Branch('holds', Terminal('Stable', payoff=100), probability=Fraction(3, 5))
    """

    label: str = attrs.field(converter=_to_label)
    node: Node
    probability: Scalar | Any | None = attrs.field(default=None, converter=to_probability)
    payoff: Value = attrs.field(default=0, converter=to_payoff)

    def __init__(self, label: Any, node: Node, probability: Any = None, payoff: Any = 0) -> None:
        set_label, set_node, set_probability, set_payoff = _BRANCH
        set_label(self, label if type(label) is str and label.isascii() else _to_label(label))
        set_node(self, node)
        set_probability(
            self,
            probability
            if probability is None or type(probability) is float or probability is COMPLEMENT
            else to_probability(probability),
        )
        set_payoff(self, payoff if type(payoff) is float or type(payoff) is int else to_payoff(payoff))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Branch):
            return NotImplemented
        return _same_branch(self, other) and _same_structure(self.node, other.node)

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((self.label, hash(self.node)))

    def __repr__(self) -> str:
        return _node_repr(self)


_TERMINAL = _setters(Terminal, "name", "payoff", "notes")
_CHANCE = _setters(Chance, "name", "branches", "notes")
_DECISION = _setters(Decision, "name", "branches", "owner", "notes")
_BRANCH = _setters(Branch, "label", "node", "probability", "payoff")


def _same_branch(a: Branch, b: Branch) -> bool:
    return (
        a.label == b.label and _same_value(a.probability, b.probability) and _same_value(a.payoff, b.payoff)
    )


def _same_value(a: Any, b: Any) -> bool:
    if type(a) is type(b):
        return bool(a == b)
    if isinstance(a, Formula) or isinstance(b, Formula) or a is COMPLEMENT or b is COMPLEMENT:
        return False
    if isinstance(a, Payoffs) or isinstance(b, Payoffs):
        return bool(a == b)
    try:  # numbers of different types compare by their exact (decimal) value
        return as_fraction(a) == as_fraction(b)
    except (TypeError, ValueError):
        return False


def _same_structure(a: Any, b: Any) -> bool:
    """Structural equality, iteratively; shared subtrees are compared once."""
    stack = [(a, b)]
    seen: set[tuple[int, int]] = set()
    while stack:
        x, y = stack.pop()
        if x is y:
            continue
        if type(x) is not type(y) or x.name != y.name or x.notes != y.notes:
            return False
        if type(x) is Terminal:
            if not _same_value(x.payoff, y.payoff):
                return False
            continue
        if type(x) is Decision and x.owner != y.owner:
            return False
        if len(x.branches) != len(y.branches):
            return False
        pair = (id(x), id(y))
        if pair in seen:
            continue
        seen.add(pair)
        for bx, by in zip(x.branches, y.branches, strict=True):
            if type(bx) is not Branch or type(by) is not Branch:
                if bx != by:
                    return False
                continue
            if not _same_branch(bx, by):
                return False
            stack.append((bx.node, by.node))
    return True


_REPR_LIMIT = 100_000
"""Characters after which ``repr`` of a node stops (a shared subtree may stand for billions of paths)."""


def _node_repr(item: Any) -> str:
    """``repr`` of a node or branch, built without recursion, at most about 100,000 characters."""
    out: list[str] = []
    size = 0
    stack: list[Any] = [item]
    while stack:
        if size > _REPR_LIMIT:
            out.append(" ...")
            break
        top = stack.pop()
        if isinstance(top, str):
            piece = top
        elif isinstance(top, Branch):
            extras = ""
            if top.probability is not None:
                extras += f", probability={top.probability!r}"
            if not (type(top.payoff) is int and top.payoff == 0):
                extras += f", payoff={top.payoff!r}"
            stack.extend([extras + ")", top.node, f"Branch({top.label!r}, "])
            continue
        elif isinstance(top, Terminal):
            extras = "" if type(top.payoff) is int and top.payoff == 0 else f", payoff={top.payoff!r}"
            extras += f", notes={top.notes!r}" if top.notes else ""
            piece = f"Terminal({top.name!r}{extras})"
        elif isinstance(top, (Chance, Decision)):
            extras = ""
            if isinstance(top, Decision) and top.owner is not None:
                extras += f", owner={top.owner!r}"
            if top.notes:
                extras += f", notes={top.notes!r}"
            parts: list[Any] = []
            for k, branch in enumerate(top.branches):
                if k:
                    parts.append(", ")
                parts.append(branch)
            stack.append(("," if len(top.branches) == 1 else "") + ")" + extras + ")")
            stack.extend(reversed(parts))
            stack.append(f"{type(top).__name__}({top.name!r}, (")
            continue
        else:
            piece = repr(top)
        out.append(piece)
        size += len(piece)
    return "".join(out)


# --------------------------------------------------------------------------- the flat form


@attrs.frozen(eq=False)
class FlatTree:
    """A validated tree as flat arrays over its *distinct* node objects.

    Nodes are numbered in breadth-first order of discovery: the root is 0 and
    a node used in several places (a shared subtree) has one number. The
    branches ("edges") of node ``i`` are ``start[i]:start[i + 1]``, in order;
    edge ``e`` leads to node ``child[e]``. Written by the validation pass, read
    by the numeric core.

    ``probability`` (E,) and ``payoff`` (E, A) hold the branches' plain
    numbers and ``own`` (N, A) the terminals' payoffs (``A`` = 1 for scalar
    payoffs, else one column per actor); a slot whose value is a formula or
    ``COMPLEMENT`` holds ``nan`` (probabilities) or 0 (payoffs) and is listed in
    ``slots`` (S, 4) as ``(family, row, column, formula)`` rows, with
    family 0 for probabilities, 1 for branch payoffs and 2 for terminal
    payoffs, and ``formula`` a position in ``formulas`` (each distinct formula
    once), or in ``complements``. ``oversized`` lists the slots of exact numbers beyond
    float range, which float arithmetic refuses.
    """

    nodes: list[Any]
    kind: np.ndarray
    start: np.ndarray
    child: np.ndarray
    probability: np.ndarray
    payoff: np.ndarray
    own: np.ndarray
    owner: np.ndarray
    actors: tuple[str, ...]
    formulas: tuple[Formula, ...]
    slots: np.ndarray
    complements: np.ndarray
    sum_checks: tuple[int, ...]
    oversized: tuple[tuple[int, int, int], ...]
    shared: bool

    @property
    def size(self) -> int:
        """The number of distinct nodes."""
        return len(self.nodes)

    @property
    def width(self) -> int:
        """Payoff columns: 1 for scalar payoffs, else the number of actors."""
        return max(1, len(self.actors))

    def edges(self, node: int) -> range:
        """The edge numbers of ``node``'s branches, in order."""
        return range(int(self.start[node]), int(self.start[node + 1]))

    def children(self, node: int) -> np.ndarray:
        """The node numbers ``node``'s branches lead to, in branch order."""
        return self.child[self.start[node] : self.start[node + 1]]  # type: ignore[no-any-return]

    def edge_owner(self) -> np.ndarray:
        """The node each edge leaves (E,)."""
        return np.repeat(np.arange(self.size), np.diff(self.start))

    def branch(self, edge: int) -> Branch:
        """The :class:`Branch` object of edge ``edge``."""
        owner = int(np.searchsorted(self.start, edge, side="right")) - 1
        return self.nodes[owner].branches[edge - int(self.start[owner])]  # type: ignore[no-any-return]

    def find(self, path: Sequence[str]) -> int:
        """The node at ``path`` (a tuple of branch labels); :class:`NotFoundError` names a wrong label."""
        return _find(self.nodes, path, lambda index, k: int(self.child[self.start[index] + k]))

    def path(self, node: int) -> Path:
        """One path to ``node``: the one through which it was first reached (the only one in a tree)."""
        return _first_path(node, self.child, self.start, self.nodes)

    def count_paths(self) -> np.ndarray:
        """How many paths lead to each distinct node (object integers: they may be huge)."""
        counts = np.zeros(self.size, dtype=object)
        counts[0] = 1
        for node in self.topological_order():
            for c in self.children(int(node)):
                counts[c] += counts[node]
        return counts

    def count_nodes_below(self) -> np.ndarray:
        """How many nodes, counted path by path, each distinct node's subtree holds, itself included
        (object integers: they may be huge)."""
        below = np.ones(self.size, dtype=object)
        for node in reversed(self.topological_order().tolist()):
            for c in self.children(node):
                below[node] += below[c]
        return below

    def topological_order(self) -> np.ndarray:
        """The distinct nodes, every node before all the nodes below it."""
        if not self.shared:
            return np.arange(self.size)
        indegree = np.bincount(self.child, minlength=self.size)
        order = [0]
        position = 0
        while position < len(order):
            node = order[position]
            for c in self.children(node):
                indegree[c] -= 1
                if indegree[c] == 0:
                    order.append(int(c))
            position += 1
        return np.asarray(order)


def _find(nodes: Sequence[Any], path: Sequence[str], child: Callable[[int, int], int]) -> int:
    """The index of the node at ``path`` given ``child(index, k)``, the index of branch ``k``'s node.

    :class:`NotFoundError` names a wrong label, with the labels that would do.
    """
    if isinstance(path, str) or not isinstance(path, Sequence):
        raise NotFoundError(
            f"a path is a tuple of branch labels, not {type(path).__name__}"
            + (f"; did you mean ({brief(path)},)?" if isinstance(path, str) else "")
        )
    index = 0
    for depth, label in enumerate(path):
        branches = getattr(nodes[index], "branches", ())
        for k, branch in enumerate(branches):
            if branch.label == label:
                index = child(index, k)
                break
        else:
            where = f"below {format_path(tuple(path[:depth]))}"
            if not branches:
                raise NotFoundError(f"no branch {brief(label)} {where}: that node is a terminal")
            raise NotFoundError(did_you_mean("branch", label, [b.label for b in branches], where))
    return index


def _first_path(node: int, child: Any, start: Any, nodes: list[Any]) -> Path:
    labels: list[str] = []
    child_array = np.asarray(child) if not isinstance(child, np.ndarray) else child
    starts = list(start)
    while node != 0:
        edge = int(np.argmax(child_array == node))
        owner = bisect.bisect_right(starts, edge) - 1
        labels.append(nodes[owner].branches[edge - starts[owner]].label)
        node = owner
    return tuple(reversed(labels))


def _probe_references() -> tuple[int, int]:
    """The references a branch held by one node, and a node held by one branch, show in the scanner's loop.

    The loop below has the same shape as :meth:`_Scanner.run`'s, so the counts match.
    """
    for _k, branch in enumerate((Branch("probe", Terminal("probe")),)):
        target = branch.node
        return sys.getrefcount(target), sys.getrefcount(branch)
    raise AssertionError  # pragma: no cover


_SINGLY_HELD = _probe_references() if hasattr(sys, "getrefcount") else (-1, -1)
"""A node (branch) with no more references than this is held by one branch (node) only, so the
scan cannot meet it again and need not remember it; anything else may be shared and is looked up."""


def _held_elsewhere(_: object) -> int:
    """Where references are not counted: a count above :data:`_SINGLY_HELD`, so every node is looked up."""
    return 0


Describe: TypeAlias = "str | tuple[str, str | None, str | None]"
"""What a value is, for messages: text, or ``(text, branch label, actor)`` (either may be None),
turned into text only when a message needs it."""


def _text(what: Describe) -> str:
    if isinstance(what, str):
        return what
    text, label, actor = what
    if label is not None:
        text += f" {label!r}"
    if actor is not None:
        text += f" for {actor!r}"
    return text


class _Scanner:
    """The validation pass: checks every rule once per distinct node and writes the flat columns."""

    def __init__(self, declared: set[str]) -> None:
        self.declared = declared
        self.actors: tuple[str, ...] | None = None
        self.first_scalar: int | None = None
        self.nodes: list[Any] = []
        self.kind = bytearray()
        self.start = array("q")
        self.child = array("q")
        self.probability = array("d")
        self.payoff: list[array[float]] = [array("d")]
        self.own: list[array[float]] = [array("d")]
        self.formulas: list[Formula] = []
        self.formula_number: dict[Formula, int] = {}
        self.slots: list[tuple[int, int, int, int]] = []
        self.complements = array("q")
        self.sum_checks: list[int] = []
        self.oversized: list[tuple[int, int, int]] = []
        self.decisions_with_owner: list[int] = []
        self.shared = False
        self.implicit = True
        """Whether ``child`` is still implicit: breadth-first numbering of distinct nodes (no node
        met twice yet), where edge ``e`` leads to node ``e + 1``."""

    # ----- errors

    def path(self, node: int) -> Path:
        if node == 0:
            return ()
        return _first_path(node, self.child_array(), self.start, self.nodes)

    def child_array(self) -> np.ndarray:
        """The edges' children so far: edge ``e`` leads to node ``e + 1`` until a node is met again."""
        if self.implicit:
            return np.arange(1, len(self.nodes), dtype=np.intp)
        return np.frombuffer(self.child, dtype=np.int64).astype(np.intp, copy=False)

    def fail(self, message: str, node: int) -> ModelError:
        return ModelError(message, self.path(node))

    # ----- values

    def formula(self, value: Formula, node: int, what: Describe) -> None:
        for text in sorted(value.names):
            if text not in self.declared:
                raise self.fail(
                    f"{_text(what)} {value}: {did_you_mean('parameter', text, self.declared)}", node
                )

    def number(self, value: Any, node: int, what: Describe, slot: tuple[int, int, int]) -> float:
        """A plain number or a formula as a float for the columns (0.0 for formulas with parameters).

        ``what`` names the value in messages: text, or ``(text, label)`` for "text of 'label'",
        or ``(text, label, actor)`` for "text of 'label' for 'actor'" (built only for a message).
        """
        kind = type(value)
        if kind is float:
            if value - value != 0:  # inf or nan
                raise self.fail(f"{_text(what)} {value} is not a finite number", node)
            return value  # type: ignore[no-any-return]
        if kind is int or kind is Fraction:
            if not (-_BIG < value < _BIG) or (kind is Fraction and value.denominator >= _BIG):
                raise self.fail(f"{_text(what)} has more than {MAX_DIGITS:,} digits", node)
            if fits_float(value):
                return float(value)
            self.oversized.append(slot)
            return 0.0
        if kind is Formula:
            number = self.formula_number.get(value)
            if number is None:
                self.formula(value, node, what)
                number = self.formula_number[value] = len(self.formulas)
                self.formulas.append(value)
            family, row, column = slot
            self.slots.append((family, row, column, number))
            if value.names:
                return 0.0
            constant = value.float_value()
            if not math.isfinite(constant):
                raise self.fail(f"{_text(what)} {value} is not a finite real number (≈ {constant})", node)
            return float(constant)
        raise self.fail(
            f"{_text(what)} must be a number or formula, got {type(value).__name__} {brief(value)}", node
        )

    def payoff_into(
        self, value: Any, columns: list[array[float]], node: int, row: int, slot: int, label: str | None
    ) -> None:
        """Append a payoff to ``columns``: a terminal's (``label`` None) or a branch's."""
        if value.__class__ is int and not value:
            for column in columns:
                column.append(0.0)
            return
        what: Describe = ("payoff", None, None) if label is None else ("payoff of branch", label, None)
        if type(value) is Payoffs:
            actors = self.actors
            if actors is None:
                self.start_actors(value, node)
                columns = self.payoff if slot == 1 else self.own
                actors = self.actors or ()
            elif tuple(value) != actors and set(value) != set(actors):
                raise self.fail(
                    f"{_text(what)} has keys {sorted(value)} but other payoffs have {sorted(actors)}", node
                )
            for k, actor in enumerate(actors):
                item = value[actor]
                if type(item) is float and item - item == 0:
                    columns[k].append(item)
                else:
                    columns[k].append(self.number(item, node, (what[0], what[1], actor), (slot, row, k)))
            return
        if self.actors is not None:
            raise self.fail(
                f"{_text(what)} {brief(value)} is a plain number in a tree of per-actor payoffs "
                "(only 0 is allowed)",
                node,
            )
        if self.first_scalar is None:
            self.first_scalar = node
        columns[0].append(self.number(value, node, what, (slot, row, 0)))

    def start_actors(self, value: Payoffs, node: int) -> None:
        """The first mapping payoff: its keys are the actors; what came before must have been 0."""
        if self.first_scalar is not None:
            raise self.fail(
                "a scalar payoff in a tree of per-actor payoffs (only 0 is allowed)", self.first_scalar
            )
        self.actors = tuple(value)
        for columns in (self.payoff, self.own):
            length = len(columns[0])
            columns[:] = [array("d", bytes(8 * length)) for _ in self.actors]

    # ----- the pass

    def run(self, root: Any) -> FlatTree:
        nodes = self.nodes
        add_node = nodes.append
        add_kind = self.kind.append
        add_start = self.start.append
        child = self.child
        add_child = child.append
        add_probability = self.probability.append
        getrefcount = getattr(sys, "getrefcount", None) or _held_elsewhere
        node_limit, branch_limit = _SINGLY_HELD
        implicit = self.implicit
        seen: dict[int, int] = {}
        add_node(root)
        seen[id(root)] = 0
        nan = math.nan
        edges = 0  # len(child)
        actors = self.actors
        own, payoff_columns = self.own, self.payoff
        add_own, add_payoff = own[0].append, payoff_columns[0].append
        for i, node in enumerate(nodes):  # the list grows as children are met: breadth first
            node_type = type(node)
            add_start(edges)
            if node_type is Terminal:
                add_kind(TERMINAL)
                payoff = node.payoff
                if actors is None and payoff.__class__ is int and not payoff:
                    add_own(0.0)
                elif type(payoff) is float and actors is None and payoff - payoff == 0:
                    add_own(payoff)
                    if self.first_scalar is None:
                        self.first_scalar = i
                else:
                    self.payoff_into(payoff, own, i, i, 2, None)
                    if self.actors is not actors:  # the first per-actor payoff: new columns
                        actors = self.actors
                        add_own, add_payoff = own[0].append, payoff_columns[0].append
                continue
            if node_type is Chance:
                add_kind(CHANCE)
                chance = True
            elif node_type is Decision:
                add_kind(DECISION)
                chance = False
                if node.owner is not None:
                    self.decisions_with_owner.append(i)
            else:
                where = "the root" if i == 0 else "a branch"
                raise self.fail(f"{where} leads to a {node_type.__name__}, not a node", i)
            if actors is None:
                add_own(0.0)
            else:
                for column in own:
                    column.append(0.0)
            branches = node.branches
            if not branches:
                raise self.fail(f"{node.kind} node {node.name!r} has no branches", i)
            total = 0.0
            exact_total: Any = 0
            inexact = False
            complement = -1
            symbolic = False
            for branch in branches:
                if type(branch) is not Branch:
                    k = next(k for k, b in enumerate(branches) if b is branch)
                    raise self.fail(f"branch {k} is a {type(branch).__name__}, not a Branch", i)
                target = branch.node
                if getrefcount(target) > node_limit or getrefcount(branch) > branch_limit:
                    found = seen.get(id(target))
                    if found is None:
                        found = seen[id(target)] = len(nodes)
                        add_node(target)
                    elif implicit:  # the first node met twice: the children are written from now on
                        self.shared = True
                        self.implicit = implicit = False
                        child.extend(range(1, edges + 1))
                    if not implicit:
                        add_child(found)
                elif implicit:
                    add_node(target)
                else:
                    add_child(len(nodes))
                    add_node(target)
                edge = edges
                edges += 1
                p = branch.probability
                if chance:
                    if type(p) is float:
                        if not 0.0 <= p <= 1.0:
                            raise self.fail(f"probability {p} of {branch.label!r} is outside [0, 1]", i)
                        add_probability(p)
                        total += p
                        inexact = True
                    elif p is COMPLEMENT:
                        if complement >= 0:
                            raise self.fail("more than one COMPLEMENT branch", i)
                        complement = edge
                        add_probability(nan)
                    elif p is None:
                        raise self.fail(f"branch {branch.label!r} of a chance node needs a probability", i)
                    else:
                        value = self.number(p, i, ("probability of", branch.label, None), (0, edge, 0))
                        if type(p) is Formula and p.names:
                            add_probability(nan)
                            symbolic = True
                        else:
                            if not 0 <= value <= 1:
                                raise self.fail(f"probability {p} of {branch.label!r} is outside [0, 1]", i)
                            add_probability(value)
                            if type(p) is Formula:
                                total += value
                                inexact = True
                            elif type(p) is int or type(p) is Fraction:
                                if not 0 <= p <= 1:
                                    raise self.fail(
                                        f"probability {p} of {branch.label!r} is outside [0, 1]", i
                                    )
                                exact_total += p
                else:
                    if p is not None:
                        raise self.fail(f"branch {branch.label!r} of a decision has a probability", i)
                    add_probability(nan)
                payoff = branch.payoff
                if payoff.__class__ is int and not payoff:  # no payoff: the common case
                    if actors is None:
                        add_payoff(0.0)
                    else:
                        for column in payoff_columns:
                            column.append(0.0)
                elif (
                    actors is None
                    and type(payoff) is float
                    and payoff - payoff == 0
                    and self.first_scalar is not None
                ):
                    add_payoff(payoff)
                else:
                    self.payoff_into(payoff, payoff_columns, i, edge, 1, branch.label)
                    if self.actors is not actors:
                        actors = self.actors
                        add_own, add_payoff = own[0].append, payoff_columns[0].append
            if len(branches) == 2:
                if branches[0].label == branches[1].label:
                    raise self.fail(f"duplicate branch label {branches[0].label!r}", i)
            elif len(branches) > 2 and len({b.label for b in branches}) != len(branches):
                seen_labels: set[str] = set()
                for b in branches:
                    if b.label in seen_labels:
                        raise self.fail(f"duplicate branch label {b.label!r}", i)
                    seen_labels.add(b.label)
            if chance:
                if complement >= 0:
                    self.complements.append(complement)
                if symbolic:
                    if complement < 0:
                        self.sum_checks.append(i)
                elif inexact and exact_total == 0:  # floats only
                    if total > 1 + 1e-9 if complement >= 0 else abs(total - 1) > 1e-9:
                        self.check_sum(total, exact_total, inexact, complement >= 0, i)
                else:
                    self.check_sum(total, exact_total, inexact, complement >= 0, i)
        add_start(edges)
        return self.finish()

    def check_sum(self, total: float, exact_total: Any, inexact: bool, complement: bool, node: int) -> None:
        if inexact:
            whole = total + float(exact_total)
            off = whole > 1 + 1e-9 if complement else abs(whole - 1) > 1e-9
        else:
            whole = exact_total
            off = whole > 1 if complement else whole != 1
        if off:
            shown = f"{float(whole):.10g}"
            if shown == "1":  # off by less than ten digits show
                shown = exact_text(whole)
            if complement:
                raise self.fail(f"probabilities sum to {shown} before the COMPLEMENT, above 1", node)
            raise self.fail(f"probabilities sum to {shown}, not 1", node)

    def finish(self) -> FlatTree:
        actors = self.actors or ()
        nodes = self.nodes
        owner = np.full(len(nodes), -1, dtype=np.int16)
        if actors:
            position = {a: k for k, a in enumerate(actors)}
            for d in self.decisions_with_owner:
                who = nodes[d].owner
                if who not in position:
                    raise self.fail(
                        f"owner {brief(who)} has no payoff; payoffs are for {', '.join(actors)}", d
                    )
                owner[d] = position[who]
        width = max(1, len(actors))
        edges = len(self.probability)

        def matrix(columns: list[array[float]], rows: int) -> np.ndarray:
            if width == 1:
                return np.frombuffer(columns[0], dtype=float).reshape(rows, 1)
            return np.column_stack([np.frombuffer(c, dtype=float) for c in columns])

        return FlatTree(
            nodes=nodes,
            kind=np.frombuffer(self.kind, dtype=np.int8),
            start=np.frombuffer(self.start, dtype=np.int64).astype(np.intp, copy=False),
            child=self.child_array(),
            probability=np.frombuffer(self.probability, dtype=float),
            payoff=matrix(self.payoff, edges),
            own=matrix(self.own, len(nodes)),
            owner=owner,
            actors=actors,
            formulas=tuple(self.formulas),
            slots=np.asarray(self.slots, dtype=np.int64).reshape(-1, 4),
            complements=np.frombuffer(self.complements, dtype=np.int64).astype(np.intp, copy=False),
            sum_checks=tuple(self.sum_checks),
            oversized=tuple(self.oversized),
            shared=self.shared,
        )


_BIG = 10**MAX_DIGITS


# --------------------------------------------------------------------------- paths


@attrs.frozen(eq=False)
class NodeIndex:
    """The nodes of a tree path by path, in breadth-first order.

    Node ``i``'s children are ``first_child[i] .. first_child[i] + n - 1``
    (``n`` its number of branches); ``parent[i]`` and ``position[i]`` say which
    branch leads to it. In a tree whose node objects are all distinct this is
    the numbering of :class:`FlatTree`; where a subtree is shared, every place
    it is used has its own entries here, and ``distinct[i]`` is the
    :class:`FlatTree` number of node ``i``.
    """

    nodes: list[Any]
    parent: list[int]
    position: list[int]
    first_child: list[int]
    distinct: list[int]
    actors: tuple[str, ...]

    def children(self, index: int) -> range:
        """The indices of node ``index``'s children (empty for a terminal)."""
        first = self.first_child[index]
        if first < 0:
            return range(0)
        return range(first, first + len(self.nodes[index].branches))

    def path(self, index: int) -> Path:
        """The branch labels from the root to node ``index``."""
        labels: list[str] = []
        parent, position, nodes = self.parent, self.position, self.nodes
        while index > 0:
            up = parent[index]
            labels.append(nodes[up].branches[position[index]].label)
            index = up
        return tuple(reversed(labels))

    def find(self, path: Sequence[str]) -> int:
        """The index of the node at ``path``; :class:`NotFoundError` (a ``KeyError``) names a wrong label."""
        return _find(self.nodes, path, lambda index, k: self.first_child[index] + k)

    def terminal_paths(self, keep: Callable[[int], bool]) -> Iterator[tuple[int, Path]]:
        """``(index, path)`` of every terminal in tree order (depth first, branches in order),
        visiting only nodes for which ``keep(index)`` holds; each path is built once, from the
        labels on the way down, so a deep tree is walked in linear time."""
        labels: list[str] = []
        stack: list[tuple[int, int]] = [(0, 0)]  # (node, depth of its path)
        nodes, first_child = self.nodes, self.first_child
        while stack:
            index, depth = stack.pop()
            del labels[max(depth - 1, 0) :]
            if depth:
                labels.append(nodes[self.parent[index]].branches[self.position[index]].label)
            first = first_child[index]
            if first < 0:
                yield index, tuple(labels)
                continue
            for child in reversed(range(first, first + len(nodes[index].branches))):
                if keep(child):
                    stack.append((child, depth + 1))


def _index_of(flat: FlatTree, paths: int) -> NodeIndex:
    """The path-by-path index: the flat arrays themselves when nothing is shared, else expanded."""
    if not flat.shared:
        owner = flat.edge_owner()
        size = flat.size
        parent = np.full(size, -1, dtype=np.intp)
        parent[flat.child] = owner
        position = np.zeros(size, dtype=np.intp)
        position[flat.child] = np.arange(len(flat.child)) - flat.start[owner]
        first_child = np.full(size, -1, dtype=np.intp)
        inner = np.flatnonzero(np.diff(flat.start) > 0)
        first_child[inner] = flat.child[flat.start[inner]]
        return NodeIndex(
            flat.nodes,
            parent.tolist(),
            position.tolist(),
            first_child.tolist(),
            list(range(size)),
            flat.actors,
        )
    if paths > MAX_SHARED_PATHS:
        raise TooLargeError(
            f"this tree shares subtrees: it has {paths:,} nodes path by path "
            f"({flat.size:,} distinct); listing them one by one is refused above {MAX_SHARED_PATHS:,}"
        )
    nodes: list[Any] = [flat.nodes[0]]
    distinct_list = [0]
    parent_list = [-1]
    position_list = [-1]
    first_list: list[int] = []
    i = 0
    while i < len(distinct_list):
        children = flat.children(distinct_list[i])
        first_list.append(len(distinct_list) if len(children) else -1)
        for k, c in enumerate(children):
            distinct_list.append(int(c))
            nodes.append(flat.nodes[c])
            parent_list.append(i)
            position_list.append(k)
        i += 1
    return NodeIndex(nodes, parent_list, position_list, first_list, distinct_list, flat.actors)


# --------------------------------------------------------------------------- the tree


def _to_parameters(parameters: Iterable[Parameter]) -> tuple[Parameter, ...]:
    out = items(parameters, "parameters", "Parameter")
    names: set[str] = set()
    for parameter in out:
        if not isinstance(parameter, Parameter):
            raise ModelError(
                f"parameters must be Parameter objects, got {type(parameter).__name__} {brief(parameter)}"
            )
        if parameter.name in names:
            raise ModelError(f"parameter {parameter.name!r} is declared twice")
        names.add(parameter.name)
    return out


def _derived_order(parameters: tuple[Parameter, ...]) -> tuple[str, ...]:
    """Derived parameters in an order where each comes after the derived ones it uses; cycles refused."""
    by_name = {p.name: p for p in parameters}
    derived = {p.name: p.value for p in parameters if isinstance(p.value, Formula)}
    for parameter, formula in derived.items():
        for used in sorted(formula.names):
            if used not in by_name:
                raise ModelError(
                    f"parameter {brief(parameter)} = {formula}: {did_you_mean('parameter', used, by_name)}"
                )
    order: list[str] = []
    state: dict[str, int] = {}
    for first in derived:
        stack: list[tuple[str, Iterator[str]]] = [(first, iter(sorted(derived[first].names)))]
        if state.get(first) == 2:
            continue
        state[first] = 1
        while stack:
            current, pending = stack[-1]
            for used in pending:
                if used not in derived:
                    continue
                if state.get(used) == 1:
                    cycle = [p for p, _ in stack]
                    cycle = [*cycle[cycle.index(used) :], used]
                    raise ModelError(f"derived parameters form a cycle: {' -> '.join(cycle)}")
                if state.get(used) != 2:
                    state[used] = 1
                    stack.append((used, iter(sorted(derived[used].names))))
                    break
            else:
                stack.pop()
                state[current] = 2
                order.append(current)
    return tuple(order)


@attrs.frozen(eq=True)
class Tree:
    """A validated decision tree: a root node and the parameters it uses.

    Parameters
    ----------
    root : Terminal, Chance or Decision
        The root node.
    parameters : sequence of Parameter
        Every parameter the tree's formulas use (an undeclared name is a
        ``ModelError``).
    name, description : str
        The model's title and what it is about.

    Notes
    -----
    Validation runs on construction and raises :class:`~decisiontree.ModelError`
    naming the path of the first problem. A node object may be used in several
    places; it is then validated, stored and evaluated once.

    >>> import decisiontree as dt
    >>> p = dt.Parameter("p", 0.5, low=0, high=1)
    >>> tree = dt.Tree(dt.Chance("coin", [
    ...     dt.Branch("heads", dt.Terminal("H", payoff=1), probability=p),
    ...     dt.Branch("tails", dt.Terminal("T", payoff=0), probability=dt.COMPLEMENT),
    ... ]), parameters=[p], name="coin")
    >>> dt.evaluate(tree).value
    0.5
    """

    root: Node
    parameters: tuple[Parameter, ...] = attrs.field(default=(), converter=_to_parameters)
    name: str = attrs.field(default="", kw_only=True, converter=_to_text)
    description: str = attrs.field(default="", kw_only=True, converter=_to_text)
    _flat: FlatTree = attrs.field(init=False, eq=False, repr=False, hash=False)
    _derived: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False, hash=False)
    _cache: dict[Any, Any] = attrs.field(init=False, eq=False, repr=False, hash=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_derived", _derived_order(self.parameters))
        declared = {p.name for p in self.parameters}
        object.__setattr__(self, "_flat", _Scanner(declared).run(self.root))

    def __hash__(self) -> int:
        return hash((self.name, hash(self.root), len(self.parameters)))

    def __repr__(self) -> str:
        shown = _node_repr(self.root)
        return f"Tree({shown}, parameters={self.parameters!r}, name={self.name!r})"

    @property
    def flat(self) -> FlatTree:
        """The flat arrays written by validation (distinct nodes; see :class:`FlatTree`)."""
        return self._flat

    @property
    def derived_order(self) -> tuple[str, ...]:
        """The names of the derived parameters, each after those it uses."""
        return self._derived

    @property
    def paths(self) -> int:
        """The number of nodes counted path by path (a shared subtree counts once per place)."""
        cached = self._cache.get("paths")
        if cached is None:
            cached = int(self._flat.count_paths().sum()) if self._flat.shared else self._flat.size
            self._cache["paths"] = cached
        return cached  # type: ignore[no-any-return]

    @property
    def listable(self) -> bool:
        """Whether the tree's paths can be listed one by one: at most :data:`MAX_PATHS` nodes
        path by path, or :data:`MAX_SHARED_PATHS` when subtrees are shared."""
        return self.paths <= (MAX_SHARED_PATHS if self._flat.shared else MAX_PATHS)

    @property
    def index(self) -> NodeIndex:
        """The path-by-path node index (:class:`NodeIndex`); a tree with shared subtrees is refused
        beyond :data:`MAX_SHARED_PATHS` nodes path by path."""
        cached = self._cache.get("index")
        if cached is None:
            cached = _index_of(self._flat, self.paths)
            self._cache["index"] = cached
        return cached  # type: ignore[no-any-return]

    @property
    def size(self) -> int:
        """The number of nodes, counted path by path (see :attr:`paths`)."""
        return self.paths

    def __len__(self) -> int:
        return self.paths

    @property
    def actors(self) -> tuple[str, ...]:
        """The payoff keys (actors or criteria) of a mapping tree; ``()`` for scalar payoffs."""
        return self._flat.actors

    def parameter(self, name: str) -> Parameter:
        """The declared parameter called ``name`` (:class:`NotFoundError`, a ``KeyError``, if none)."""
        by_name = self._cache.get("parameters")
        if by_name is None:
            by_name = self._cache["parameters"] = {p.name: p for p in self.parameters}  # names are unique
        found = by_name.get(name) if type(name) is str else None
        if found is None:
            raise NotFoundError(did_you_mean("parameter", name, list(by_name)))
        return found  # type: ignore[no-any-return]

    def node_at(self, path: Sequence[str]) -> Node:
        """The node reached by following the branch labels in ``path``."""
        return self._flat.nodes[self._flat.find(path)]  # type: ignore[no-any-return]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        bundle = DISPLAY.get("mimebundle")
        return bundle(self, include, exclude) if bundle is not None else {"text/plain": repr(self)}

    def to_table(self, what: str = "parameters") -> Table:
        """The parameters as a table: value, range, distribution, description and source."""
        if not among(what, ("parameters",)):
            raise ArgumentError(f"a tree tabulates its 'parameters', not {brief(what)}")
        return parameter_table(self)

    def to_frame(self, what: str = "parameters") -> Any:
        """The parameters as a pandas DataFrame; see ``to_table`` (needs pandas)."""
        return self.to_table(what).to_frame()

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle without recursion (deep trees) and keep shared subtrees shared."""
        flat = self._flat
        records: list[tuple[Any, ...]] = []
        for node in flat.nodes:
            if type(node) is Terminal:
                records.append((TERMINAL, node.name, node.notes, node.payoff, None))
                continue
            branches = tuple((b.label, b.probability, b.payoff) for b in node.branches)
            owner = node.owner if type(node) is Decision else None
            records.append(
                (CHANCE if type(node) is Chance else DECISION, node.name, node.notes, branches, owner)
            )
        return (
            _rebuild,
            (records, flat.start.tolist(), flat.child.tolist(), self.parameters, self.name, self.description),
        )

    def walk(self) -> Iterator[tuple[Path, Node]]:
        """Every ``(path, node)`` in depth-first pre-order, iteratively (shared subtrees once per place)."""
        stack: list[tuple[Path, Node]] = [((), self.root)]
        while stack:
            path, node = stack.pop()
            yield path, node
            if not isinstance(node, Terminal):
                for branch in reversed(node.branches):
                    stack.append(((*path, branch.label), branch.node))


def _rebuild(
    records: list[tuple[Any, ...]],
    start: list[int],
    child: list[int],
    parameters: tuple[Parameter, ...],
    name: str,
    description: str,
) -> Tree:
    """A tree from the records of :meth:`Tree.__reduce__`, children built before parents."""
    built: list[Any] = [None] * len(records)
    done = [False] * len(records)
    stack = [0]
    while stack:  # depth-first post-order over distinct nodes, iteratively
        node = stack[-1]
        pending = [c for c in child[start[node] : start[node + 1]] if not done[c]]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        if done[node]:
            continue
        kind, node_name, notes, body, owner = records[node]
        if kind == TERMINAL:
            built[node] = Terminal(node_name, body, notes=notes)
        else:
            branches = [
                Branch(label, built[c], probability, payoff)
                for (label, probability, payoff), c in zip(
                    body, child[start[node] : start[node + 1]], strict=True
                )
            ]
            built[node] = (
                Chance(node_name, branches, notes=notes)
                if kind == CHANCE
                else Decision(node_name, branches, owner, notes=notes)
            )
        done[node] = True
    return Tree(built[0], parameters, name=name, description=description)
