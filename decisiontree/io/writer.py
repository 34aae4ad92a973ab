"""A tree as the plain data of a model file (what :func:`~decisiontree.dump` writes).

Every node object is written once: a subtree used in several places goes
under ``subtrees`` and each place refers to it with ``{ref: name}``, so the
file grows with the distinct nodes, not with the paths. Trees deeper than
:data:`NESTING_LIMIT` levels continue in generated subtrees (``deep-1``,
``deep-2``, ...), so no file nests deeper than that: readers parse nesting
recursively, and a 100,000-level tree must still round-trip.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any, Final

import attrs
import numpy as np

from ..errors import ArgumentError, brief
from ..formulas import Formula
from ..model import TERMINAL, Decision, Parameter, Terminal, Tree
from ..number import exact_text
from ..values import COMPLEMENT, Payoffs, file_text, to_scalar
from .syntax import Flow

__all__ = ["FORMAT_VERSION", "NESTING_LIMIT", "expression_text", "to_dict"]

FORMAT_VERSION: Final = 1
"""The version of the model file format written by :func:`~decisiontree.dump`."""

NESTING_LIMIT: Final = 16
"""Tree levels nested in one outline before a generated subtree continues it."""


def expression_text(value: Any) -> str:
    """Text that :func:`~decisiontree.expressions.parse_formula` reads back as ``value``.

    >>> from decisiontree.expressions import parse_formula
    >>> expression_text(parse_formula("max(p, 1 - p) * 3/8"))
    'max(p, 1 - p)*3/8'
    """
    return file_text(to_scalar(value, what="expression"))


def number_out(value: Any) -> Any:
    """A model value as file data: numbers as they are, fractions and formulas as text, ``#``."""
    kind = type(value)
    if kind is int or kind is float:
        return value
    if kind is Fraction:
        return value.numerator if value.denominator == 1 else exact_text(value, decimals=False)
    if value is COMPLEMENT:
        return "#"
    if kind is Formula:
        return expression_text(value)
    return value


def _payoff_out(value: Any, actors: tuple[str, ...]) -> Any:
    if isinstance(value, Payoffs):
        return Flow((actor, number_out(value[actor])) for actor in actors)
    return number_out(value)


def _is_zero(value: Any) -> bool:
    return (type(value) is int or type(value) is Fraction) and value == 0


def _plain(value: Any) -> Any:
    """A distribution field as plain data (numbers, text, lists)."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, Fraction):
        return number_out(value)
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if hasattr(value, "tolist"):  # a numpy array or scalar
        return _plain(value.tolist())
    raise ArgumentError(f"cannot write {type(value).__name__} {brief(value)} in a model file")


def _distribution_out(distribution: Any) -> dict[str, Any]:
    from .. import distributions

    kind = type(distribution)
    name = kind.__name__
    if name not in distributions.__all__ or getattr(distributions, name) is not kind or not attrs.has(kind):
        raise ArgumentError(
            f"cannot write distribution {distribution!r}: only the classes in decisiontree.distributions"
        )
    out = Flow(type=name)
    for field in attrs.fields(kind):
        if field.init:
            out[field.name] = _plain(getattr(distribution, field.name))
    return out


def _parameter_out(parameter: Parameter) -> Any:
    out: dict[str, Any] = {"value": number_out(parameter.value)}
    if parameter.low is not None:
        out["low"] = number_out(parameter.low)
    if parameter.high is not None:
        out["high"] = number_out(parameter.high)
    if parameter.distribution is not None:
        out["distribution"] = _distribution_out(parameter.distribution)
    if parameter.description:
        out["description"] = parameter.description
    if parameter.source:
        out["source"] = parameter.source
    return out if len(out) > 1 else out["value"]


_SLUG = re.compile(r"[^A-Za-z0-9_-]+")


def _subtree_names(tree: Tree, shared: np.ndarray) -> dict[int, str]:
    """Readable, unique names for the shared subtrees (from their node names)."""
    names: dict[int, str] = {}
    used: set[str] = set()
    for node in np.flatnonzero(shared).tolist():
        base = _SLUG.sub("-", tree.flat.nodes[node].name).strip("-").lower() or "subtree"
        if base.startswith("deep-"):
            base = "shared-" + base
        name, k = base, 2
        while name in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name)
        names[node] = name
    return names


def to_dict(tree: Tree) -> dict[str, Any]:
    """The model as plain data (dicts, lists, numbers, text): what :func:`~decisiontree.dump` writes.

    Exact fractions are written as text (``"3/8"``), formulas as text the safe
    parser reads back, ``COMPLEMENT`` as ``"#"``; defaults (empty notes, zero
    payoffs) are left out; a subtree used in several places is written once.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("coin", [
    ...     dt.Branch("heads", dt.Terminal("H", payoff=1), probability="1/2"),
    ...     dt.Branch("tails", dt.Terminal("T"), probability=dt.COMPLEMENT),
    ... ]))
    >>> to_dict(tree)["tree"]["branches"][1]
    {'label': 'tails', 'probability': '#', 'node': {'kind': 'terminal', 'name': 'T'}}
    """
    if not isinstance(tree, Tree):
        raise ArgumentError(f"to_dict() needs a Tree, got {type(tree).__name__}")
    flat = tree.flat
    actors = tree.actors
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    if tree.name:
        data["name"] = tree.name
    if tree.description:
        data["description"] = tree.description
    if actors:
        data["actors"] = list(actors)
    if tree.parameters:
        data["parameters"] = {p.name: _parameter_out(p) for p in tree.parameters}
    uses = np.bincount(flat.child, minlength=flat.size)
    shared = (uses > 1) & (flat.kind != TERMINAL)
    names = _subtree_names(tree, shared) if shared.any() else {}
    subtrees: dict[str, Any] = {}
    root: dict[str, Any] = {}
    data["tree"] = root
    deep = 0
    stack: list[tuple[int, int, dict[str, Any]]] = [(0, 0, root)]
    while stack:
        index, depth, out = stack.pop()
        node = flat.nodes[index]
        if depth >= NESTING_LIMIT and not isinstance(node, Terminal):
            deep += 1
            name = f"deep-{deep}"
            out["ref"] = name
            out = subtrees[name] = {}
            depth = 0
        out["kind"] = node.kind
        out["name"] = node.name
        if isinstance(node, Decision) and node.owner is not None:
            out["owner"] = node.owner
        if isinstance(node, Terminal) and not _is_zero(node.payoff):
            out["payoff"] = _payoff_out(node.payoff, actors)
        if node.notes:
            out["notes"] = node.notes
        if isinstance(node, Terminal):
            continue
        branches = out["branches"] = []
        children = []
        for branch, child in zip(node.branches, flat.children(index).tolist(), strict=True):
            entry: dict[str, Any] = {"label": branch.label}
            if branch.probability is not None:
                entry["probability"] = number_out(branch.probability)
            if not _is_zero(branch.payoff):
                entry["payoff"] = _payoff_out(branch.payoff, actors)
            branches.append(entry)
            if child in names:
                name = names[child]
                entry["node"] = {"ref": name}
                if name not in subtrees:
                    subtrees[name] = {}
                    children.append((child, 0, subtrees[name]))
                continue
            target: dict[str, Any] = {}
            entry["node"] = target
            children.append((child, depth + 1, target))
        stack.extend(reversed(children))
    if subtrees:
        data["subtrees"] = subtrees
    return data
