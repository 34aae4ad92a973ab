"""The rollback plan: which nodes are rolled back together, level by level, from the terminals up.

A *level* is a set of parents whose children all have their values before
the level is rolled back: the breadth-first layers of a tree whose node
objects are all distinct, or the heights (longest way down to a terminal) of
a tree with shared subtrees. Each level is cut into *blocks* of parents of
one kind with the same number of branches, so a block rolls back as one
``(parents, branches, ...)`` array operation. Where a block's parents, edges
or children are contiguous (every level of a complete tree), they are
slices, and rolling back reads and writes memory in place.
"""

from __future__ import annotations

import attrs
import numpy as np

from ..model import DECISION, TERMINAL, FlatTree

__all__ = ["Block", "Plan", "build_plan"]

Index = slice | np.ndarray


@attrs.frozen(eq=False)
class Block:
    """Parents of one kind with ``branches`` branches each, rolled back together.

    ``parents`` (P,), ``edges`` and ``children`` (P * branches, parent-major)
    are slices when contiguous, else index arrays. ``paid`` tells whether any
    of the edges may carry a branch payoff.
    """

    kind: int
    branches: int
    count: int
    parents: Index
    edges: Index
    children: Index
    parent_array: np.ndarray
    edge_array: np.ndarray
    paid: bool
    level: int


@attrs.frozen(eq=False)
class Plan:
    """The blocks of every level, deepest level first, and where the terminals are."""

    levels: tuple[tuple[Block, ...], ...]
    terminals: Index
    terminal_array: np.ndarray
    decisions: np.ndarray
    """Every decision node, in node order (the rows of a choice array)."""
    decision_row: np.ndarray
    """``decision_row[node]``: the row of a decision node in a choice array (-1 elsewhere)."""


def _as_index(indices: np.ndarray) -> Index:
    """A slice when ``indices`` are consecutive increasing integers, else the array itself."""
    if len(indices) == 0:
        return slice(0, 0)
    first, last = int(indices[0]), int(indices[-1])
    if last - first + 1 == len(indices) and (len(indices) < 2 or bool(np.all(np.diff(indices) == 1))):
        return slice(first, last + 1)
    return indices


def _layers(flat: FlatTree) -> list[np.ndarray]:
    """Node sets whose children all lie in earlier sets (read backwards): depth layers or heights."""
    if not flat.shared:  # breadth-first numbering: the children of a layer form the next layer
        layers, lo, hi = [], 0, 1
        while lo < hi:
            layers.append(np.arange(lo, hi))
            lo, hi = int(flat.start[lo]) + 1, int(flat.start[hi]) + 1
        return layers
    return _heights(flat)


def _heights(flat: FlatTree) -> list[np.ndarray]:
    """Nodes grouped by height (longest way down to a terminal), highest first."""
    size = flat.size
    inner = np.flatnonzero(flat.kind != TERMINAL)
    height = np.zeros(size, dtype=np.intp)
    if len(inner):
        starts = flat.start[inner]
        for _ in range(size + 1):
            below = np.maximum.reduceat(height[flat.child], starts) + 1
            if np.array_equal(below, height[inner]):
                break
            height[inner] = below
        else:  # pragma: no cover - frozen nodes cannot form a cycle
            raise AssertionError("the tree's nodes form a cycle")
    top = int(height.max()) if size else 0
    order = np.argsort(-height, kind="stable")
    bounds = np.searchsorted(-height[order], np.arange(-top, 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(len(bounds) - 1)] + [order[bounds[-1] :]]


def build_plan(flat: FlatTree, paid_edges: np.ndarray) -> Plan:
    """The plan of ``flat``; ``paid_edges`` (E,) marks the edges that may carry a branch payoff."""
    degree = np.diff(flat.start)
    levels: list[tuple[Block, ...]] = []
    layers = [layer for layer in _layers(flat) if len(layer)]
    for layer in reversed(layers):
        parents = layer[flat.kind[layer] != TERMINAL]
        if not len(parents):
            continue
        number = len(levels)
        key = flat.kind[parents].astype(np.int64) * (int(degree.max()) + 1) + degree[parents]
        blocks = []
        for value in np.unique(key):
            members = parents[key == value] if len(np.unique(key)) > 1 else parents
            branches = int(degree[members[0]])
            edges = (flat.start[members][:, None] + np.arange(branches)).ravel()
            children = flat.child[edges]
            blocks.append(
                Block(
                    kind=int(flat.kind[members[0]]),
                    branches=branches,
                    count=len(members),
                    parents=_as_index(members),
                    edges=_as_index(edges),
                    children=_as_index(children),
                    parent_array=members,
                    edge_array=edges,
                    paid=bool(paid_edges[edges].any()),
                    level=number,
                )
            )
        levels.append(tuple(blocks))
    terminals = np.flatnonzero(flat.kind == TERMINAL)
    decisions = np.flatnonzero(flat.kind == DECISION)
    row = np.full(flat.size, -1, dtype=np.intp)
    row[decisions] = np.arange(len(decisions))
    return Plan(tuple(levels), _as_index(terminals), terminals, decisions, row)
