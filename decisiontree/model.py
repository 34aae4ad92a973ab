"""The model: nodes, branches, parameters and trees. Data and invariants only.

Every class is a frozen ``attrs`` class holding tuples; change one with
``attrs.evolve``. Structural equality, hashing and ``repr`` work without
recursion, so trees 100,000 levels deep behave like small ones.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> tree.size, tree.node_at(("yes",)).name
(3, 'win')
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, TypeAlias

import attrs
import sympy

from .errors import ModelError
from .expressions import rational, symbol
from .values import COMPLEMENT, Payoffs, Scalar, Value, as_sympy, to_payoff, to_probability, to_scalar

__all__ = [
    "Branch",
    "Chance",
    "Decision",
    "Node",
    "NodeIndex",
    "Parameter",
    "Terminal",
    "Tree",
]

Path: TypeAlias = tuple[str, ...]


# --------------------------------------------------------------------------- parameters


def _check_name(instance: Any, attribute: Any, name: Any) -> None:
    if not isinstance(name, str) or not name.isidentifier():
        raise ModelError(f"parameter name must be an identifier (letters, digits, underscores), got {name!r}")
    from .expressions import FUNCTIONS

    if name in FUNCTIONS:
        raise ModelError(f"parameter name {name!r} is a function name in expressions")


def _to_number(value: Any) -> int | float | Fraction:
    scalar = to_scalar(value, what="parameter value")
    if isinstance(scalar, sympy.Expr):
        raise ModelError(f"parameter values must be numbers, got {value!r}")
    if isinstance(scalar, float) and not math.isfinite(scalar):
        raise ModelError(f"parameter values must be finite, got {value!r}")
    return scalar


def _to_optional_number(value: Any) -> int | float | Fraction | None:
    return None if value is None else _to_number(value)


def _arith(operation: str, reflected: bool = False) -> Any:
    def method(self: Parameter, other: Any) -> sympy.Expr:
        other_value = _operand(other)
        if other_value is NotImplemented:
            return NotImplemented  # type: ignore[no-any-return]
        left, right = (other_value, self.symbol) if reflected else (self.symbol, other_value)
        return getattr(left, operation)(right)  # type: ignore[no-any-return]

    method.__name__ = f"__{'r' if reflected else ''}{operation.strip('_')}__"
    return method


def _operand(other: Any) -> Any:
    if isinstance(other, Parameter):
        return other.symbol
    if isinstance(other, float):
        return rational(other)
    if isinstance(other, (int, Fraction)):
        return sympy.Rational(other)
    if isinstance(other, sympy.Expr):
        return other
    return NotImplemented


@attrs.frozen
class Parameter:
    """A named input of the model, with a base value, a range and a distribution.

    Arithmetic on a parameter gives a sympy expression in its symbol:

    >>> p = Parameter("p_hold", 0.6, low=0.4, high=0.8)
    >>> 1 - p
    1 - p_hold
    >>> p * 100
    100*p_hold
    """

    name: str = attrs.field(validator=_check_name)
    value: int | float | Fraction = attrs.field(converter=_to_number)
    low: int | float | Fraction | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_number
    )
    high: int | float | Fraction | None = attrs.field(
        default=None, kw_only=True, converter=_to_optional_number
    )
    distribution: Any = attrs.field(default=None, kw_only=True)
    description: str = attrs.field(default="", kw_only=True)
    source: str = attrs.field(default="", kw_only=True)

    def __attrs_post_init__(self) -> None:
        low, high = self.low, self.high
        if low is not None and high is not None and low > high:
            raise ModelError(f"parameter {self.name!r}: low {low} is above high {high}")
        if (low is not None and self.value < low) or (high is not None and self.value > high):
            raise ModelError(
                f"parameter {self.name!r}: value {self.value} is outside its range [{low}, {high}]"
            )

    @property
    def symbol(self) -> sympy.Symbol:
        """The sympy symbol of this parameter."""
        return symbol(self.name)

    @property
    def has_range(self) -> bool:
        """True when both ``low`` and ``high`` are set."""
        return self.low is not None and self.high is not None

    def _sympy_(self) -> sympy.Symbol:
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

    def __neg__(self) -> sympy.Expr:
        return -self.symbol

    def __pos__(self) -> sympy.Expr:
        return self.symbol


# --------------------------------------------------------------------------- nodes


def _to_branches(branches: Iterable[Any]) -> tuple[Branch, ...]:
    if type(branches) is list or type(branches) is tuple:
        return tuple(branches)
    if isinstance(branches, (str, bytes, Mapping)) or not isinstance(branches, Iterable):
        raise ModelError(f"branches must be a sequence of Branch, got {type(branches).__name__}")
    return tuple(branches)


def _to_text(value: Any) -> str:
    if type(value) is not str and not isinstance(value, str):
        raise ModelError(f"names and labels must be text, got {value!r}")
    return value


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


@attrs.frozen(eq=False, repr=False)
class Terminal(_Node):
    """An end point with a payoff (a number, expression or per-actor mapping).

    >>> Terminal("Stable", payoff=100)
    Terminal('Stable', payoff=100)
    """

    kind: ClassVar[str] = "terminal"
    name: str = attrs.field(converter=_to_text)
    payoff: Value = attrs.field(default=0, converter=to_payoff)
    notes: str = attrs.field(default="", kw_only=True)


@attrs.frozen(eq=False, repr=False)
class Chance(_Node):
    """A node where the world chooses a branch with the branches' probabilities."""

    kind: ClassVar[str] = "chance"
    name: str = attrs.field(converter=_to_text)
    branches: tuple[Branch, ...] = attrs.field(converter=_to_branches)
    notes: str = attrs.field(default="", kw_only=True)


@attrs.frozen(eq=False, repr=False)
class Decision(_Node):
    """A node where an actor (``owner``) chooses the branch it values most."""

    kind: ClassVar[str] = "decision"
    name: str = attrs.field(converter=_to_text)
    branches: tuple[Branch, ...] = attrs.field(converter=_to_branches)
    owner: str | None = attrs.field(default=None)
    notes: str = attrs.field(default="", kw_only=True)


Node: TypeAlias = Terminal | Chance | Decision


@attrs.frozen(eq=False, repr=False)
class Branch:
    """An edge into ``node``: its label, probability (chance only) and payoff.

    ``payoff`` is incurred when the branch is taken.

    >>> Branch("holds", Terminal("Stable", payoff=100), probability="3/5")
    Branch('holds', Terminal('Stable', payoff=100), probability=Fraction(3, 5))
    """

    label: str = attrs.field(converter=_to_text)
    node: Node
    probability: Scalar | Any | None = attrs.field(default=None, converter=to_probability)
    payoff: Value = attrs.field(default=0, converter=to_payoff)

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


def _same_branch(a: Branch, b: Branch) -> bool:
    return (
        a.label == b.label and _same_value(a.probability, b.probability) and _same_value(a.payoff, b.payoff)
    )


def _same_value(a: Any, b: Any) -> bool:
    if type(a) is not type(b) and (isinstance(a, sympy.Basic) or isinstance(b, sympy.Basic)):
        try:
            return bool(as_sympy(a) == as_sympy(b))
        except TypeError:
            return False
    return bool(a == b)


def _same_structure(a: Any, b: Any) -> bool:
    stack = [(a, b)]
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
        for bx, by in zip(x.branches, y.branches, strict=True):
            if not _same_branch(bx, by):
                return False
            stack.append((bx.node, by.node))
    return True


def _node_repr(item: Any) -> str:
    """``repr`` of a node or branch, built without recursion."""
    out: list[str] = []
    stack: list[Any] = [item]
    while stack:
        top = stack.pop()
        if isinstance(top, str):
            out.append(top)
        elif isinstance(top, Branch):
            extras = ""
            if top.probability is not None:
                extras += f", probability={top.probability!r}"
            if top.payoff != 0:
                extras += f", payoff={top.payoff!r}"
            stack.extend([extras + ")", top.node, f"Branch({top.label!r}, "])
        elif isinstance(top, Terminal):
            extras = f", payoff={top.payoff!r}" if top.payoff != 0 else ""
            extras += f", notes={top.notes!r}" if top.notes else ""
            out.append(f"Terminal({top.name!r}{extras})")
        else:
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
    return "".join(out)


# --------------------------------------------------------------------------- the tree


def _to_parameters(parameters: Iterable[Parameter]) -> tuple[Parameter, ...]:
    if isinstance(parameters, (str, bytes, Mapping)) or not isinstance(parameters, Iterable):
        raise ModelError(f"parameters must be a sequence of Parameter, got {type(parameters).__name__}")
    return tuple(parameters)


@attrs.frozen(eq=False)
class NodeIndex:
    """The nodes of a validated tree in breadth-first order.

    The children of a node are contiguous: node ``i``'s children are
    ``first_child[i] .. first_child[i] + len(nodes[i].branches) - 1``.
    """

    nodes: list[Node]
    parent: list[int]
    position: list[int]
    first_child: list[int]
    actors: tuple[str, ...]

    def path(self, index: int) -> Path:
        """The branch labels from the root to node ``index``."""
        labels: list[str] = []
        parent, position, nodes = self.parent, self.position, self.nodes
        while index > 0:
            up = parent[index]
            labels.append(nodes[up].branches[position[index]].label)  # type: ignore[union-attr]
            index = up
        return tuple(reversed(labels))

    def find(self, path: Sequence[str]) -> int:
        """The index of the node at ``path``; ``KeyError`` naming the first unknown label."""
        if isinstance(path, str):
            raise KeyError(f"a path is a tuple of branch labels, not text; did you mean ({path!r},)?")
        index = 0
        for depth, label in enumerate(path):
            node = self.nodes[index]
            branches = getattr(node, "branches", ())
            for k, branch in enumerate(branches):
                if branch.label == label:
                    index = self.first_child[index] + k
                    break
            else:
                raise KeyError(f"no branch {label!r} below {tuple(path[:depth])!r}")
        return index


@attrs.frozen(eq=True)
class Tree:
    """A validated decision tree: a root node and the parameters it uses.

    Validation runs on construction and raises :class:`~decisiontree.ModelError`
    naming the path of the first problem.

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
    _index: NodeIndex = attrs.field(init=False, eq=False, repr=False, hash=False)
    _cache: dict[Any, Any] = attrs.field(init=False, eq=False, repr=False, hash=False, factory=dict)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", _index_tree(self.root, self.parameters))

    def __hash__(self) -> int:
        return hash((self.name, hash(self.root), len(self.parameters)))

    @property
    def index(self) -> NodeIndex:
        """The breadth-first node index built by validation."""
        return self._index

    @property
    def size(self) -> int:
        """The number of nodes."""
        return len(self._index.nodes)

    def __len__(self) -> int:
        return len(self._index.nodes)

    @property
    def actors(self) -> tuple[str, ...]:
        """The payoff keys (actors or criteria) of a mapping tree; ``()`` for scalar payoffs."""
        return self._index.actors

    def parameter(self, name: str) -> Parameter:
        """The declared parameter called ``name`` (``KeyError`` if none)."""
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(_unknown("parameter", name, [p.name for p in self.parameters]))

    def node_at(self, path: Sequence[str]) -> Node:
        """The node reached by following the branch labels in ``path``."""
        return self._index.nodes[self._index.find(path)]

    def walk(self) -> Iterator[tuple[Path, Node]]:
        """Every ``(path, node)`` in depth-first pre-order, iteratively."""
        stack: list[tuple[Path, Node]] = [((), self.root)]
        while stack:
            path, node = stack.pop()
            yield path, node
            if not isinstance(node, Terminal):
                for branch in reversed(node.branches):
                    stack.append(((*path, branch.label), branch.node))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from .render.backend import mimebundle

        return mimebundle(self, include, exclude)


def _unknown(kind: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind} {name!r}{hint}"


class _Checker:
    """One breadth-first pass that validates a tree and records its node index."""

    def __init__(self, parameters: tuple[Parameter, ...]) -> None:
        self.declared = {p.name for p in parameters}
        self.actors: tuple[str, ...] | None = None
        self.first_mapping: int | None = None
        self.first_scalar: int | None = None
        self.nodes: list[Any] = []
        self.parent: list[int] = []
        self.position: list[int] = []
        self.owners: list[int] = []

    def path(self, index: int) -> Path:
        return NodeIndex(self.nodes, self.parent, self.position, [], ()).path(index)

    def fail(self, message: str, index: int) -> ModelError:
        return ModelError(message, self.path(index))

    def check_symbols(self, value: sympy.Expr, index: int, what: str) -> None:
        for name in sorted(s.name for s in value.free_symbols):
            if name not in self.declared:
                raise self.fail(f"{what} {value}: {_unknown('parameter', name, self.declared)}", index)

    def check_scalar(self, value: Any, index: int, what: str) -> None:
        kind = type(value)
        if kind is float:
            if not math.isfinite(value):
                raise self.fail(f"{what} {value} is not a finite number", index)
        elif isinstance(value, sympy.Expr):
            self.check_symbols(value, index, what)
        elif kind is not int and kind is not Fraction:
            raise self.fail(f"{what} must be a number or expression, got {value!r}", index)

    def check_payoff(self, value: Any, index: int, what: str) -> None:
        if type(value) is Payoffs:
            keys = tuple(value)
            if self.actors is None:
                self.actors, self.first_mapping = keys, index
            elif set(keys) != set(self.actors):
                raise self.fail(
                    f"{what} has keys {sorted(keys)} but other payoffs have {sorted(self.actors)}",
                    index,
                )
            for key in keys:
                self.check_scalar(value[key], index, f"{what} for {key!r}")
            return
        self.check_scalar(value, index, what)
        if self.first_scalar is None and value != 0:
            self.first_scalar = index

    def check_probabilities(self, node: Chance, index: int) -> None:
        numeric: list[Any] = []
        complements = 0
        symbolic = False
        for branch in node.branches:
            p = branch.probability
            if p is None:
                raise self.fail(f"branch {branch.label!r} of a chance node needs a probability", index)
            if p is COMPLEMENT:
                complements += 1
                continue
            self.check_scalar(p, index, f"probability of {branch.label!r}")
            if isinstance(p, sympy.Expr) and p.free_symbols:
                symbolic = True  # checked when values are known
                continue
            if not 0 <= p <= 1:
                raise self.fail(f"probability {p} of {branch.label!r} is outside [0, 1]", index)
            numeric.append(p)
        if complements > 1:
            raise self.fail("more than one COMPLEMENT branch", index)
        if symbolic:
            return
        total: Any
        if any(type(p) is float for p in numeric):
            total = math.fsum(float(p) for p in numeric)
            off = total > 1 + 1e-9 if complements else abs(total - 1) > 1e-9
        else:
            total = sum((_frac(p) for p in numeric), Fraction(0))
            off = total > 1 if complements else total != 1
        if off:
            shown = f"{float(total):.10g}"
            if complements:
                raise self.fail(f"probabilities sum to {shown} before the COMPLEMENT, above 1", index)
            raise self.fail(f"probabilities sum to {shown}, not 1", index)

    def run(self, root: Any) -> NodeIndex:
        nodes, parent, position = self.nodes, self.parent, self.position
        nodes.append(root)
        parent.append(-1)
        position.append(-1)
        first_child: list[int] = []
        decisions: list[int] = []
        i = 0
        while i < len(nodes):
            node = nodes[i]
            kind = type(node)
            if kind is Terminal:
                first_child.append(-1)
                self.check_payoff(node.payoff, i, "payoff")
            elif kind is Chance or kind is Decision:
                branches = node.branches
                if not branches:
                    raise self.fail(f"{kind.kind} node {node.name!r} has no branches", i)
                first_child.append(len(nodes))
                for k, branch in enumerate(branches):
                    if type(branch) is not Branch:
                        raise self.fail(f"branch {k} is a {type(branch).__name__}, not a Branch", i)
                    nodes.append(branch.node)
                    parent.append(i)
                    position.append(k)
                labels = {branch.label for branch in branches}
                if len(labels) != len(branches):
                    seen: set[str] = set()
                    duplicate = next(b.label for b in branches if b.label in seen or seen.add(b.label))  # type: ignore[func-returns-value]
                    raise self.fail(f"duplicate branch label {duplicate!r}", i)
                if kind is Chance:
                    self.check_probabilities(node, i)
                else:
                    decisions.append(i)
                    for branch in branches:
                        if branch.probability is not None:
                            raise self.fail(f"branch {branch.label!r} of a decision has a probability", i)
                for branch in branches:
                    payoff = branch.payoff
                    if payoff.__class__ is not int or payoff:
                        self.check_payoff(payoff, i, f"payoff of branch {branch.label!r}")
            else:
                where = "the root" if i == 0 else "a branch"
                raise self.fail(f"{where} leads to a {kind.__name__}, not a node", i)
            i += 1
        actors = self.actors or ()
        if self.actors is not None:
            if self.first_scalar is not None:
                raise self.fail(
                    "a scalar payoff in a tree of per-actor payoffs (only 0 is allowed)",
                    self.first_scalar,
                )
            for d in decisions:
                owner = nodes[d].owner
                if owner is not None and owner not in actors:
                    raise self.fail(f"owner {owner!r} has no payoff; payoffs are for {', '.join(actors)}", d)
        return NodeIndex(nodes, parent, position, first_child, actors)


def _frac(value: Any) -> Fraction:
    if not isinstance(value, sympy.Expr):
        return Fraction(value)
    if isinstance(value, sympy.Rational):
        return Fraction(int(value.p), int(value.q))
    return Fraction(float(value))


def _index_tree(root: Any, parameters: tuple[Any, ...]) -> NodeIndex:
    names: set[str] = set()
    for parameter in parameters:
        if not isinstance(parameter, Parameter):
            raise ModelError(f"parameters must be Parameter objects, got {parameter!r}")
        if parameter.name in names:
            raise ModelError(f"parameter {parameter.name!r} is declared twice")
        names.add(parameter.name)
    return _Checker(parameters).run(root)
