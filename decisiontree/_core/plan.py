"""The rollback plan: which nodes are rolled back together, level by level, from the terminals up.

A *level* is a set of parents whose children all have their values before
the level is rolled back: the breadth-first layers of a tree whose node
objects are all distinct, or the heights (longest way down to a terminal) of
a tree with shared subtrees. Each level is cut into *blocks* of parents of
one kind, with the same number of branches (and, for decisions, the same
owner), so a block rolls back as one ``(parents, branches, ...)`` array
operation. Where a block's parents, edges or children are contiguous (every
level of a complete tree), they are slices, and rolling back reads and
writes memory in place.

In a tree without shared subtrees, numbering is breadth first: node ``n``
(``n >= 1``) is reached through edge ``n - 1``, so the parent of a node and
the children of an edge need no arrays of their own.
"""

from __future__ import annotations

import functools

import attrs
import numpy as np

from ..model import DECISION, TERMINAL, FlatTree

__all__ = ["Block", "Plan", "build_plan"]

Index = slice | np.ndarray


def indices(index: Index) -> np.ndarray:
    """``index`` as an array of integers."""
    if isinstance(index, slice):
        return np.arange(index.start, index.stop, dtype=np.intp)
    return index


@attrs.frozen(eq=False)
class Block:
    """Parents of one kind with ``branches`` branches each, rolled back together.

    ``parents`` (P,), ``edges`` and ``children`` (P * branches, parent-major)
    are slices when contiguous, else index arrays; ``rows`` are the parents'
    rows in a choice array (decisions only). Decisions of a block share their
    ``owner`` (a payoff column, or -1). ``paid`` tells whether any of the
    edges may carry a branch payoff.
    """

    kind: int
    branches: int
    count: int
    parents: Index
    edges: Index
    children: Index
    rows: Index
    owner: int
    paid: bool
    level: int

    @property
    def parent_array(self) -> np.ndarray:
        return indices(self.parents)

    @property
    def edge_array(self) -> np.ndarray:
        return indices(self.edges)


class Plan:
    """The blocks of every level, deepest level first, and where the terminals and decisions are."""

    def __init__(
        self,
        levels: tuple[tuple[Block, ...], ...],
        terminals: Index,
        decisions: np.ndarray,
        size: int,
        layer_start: np.ndarray | None,
        node_level: np.ndarray | None,
    ) -> None:
        self.levels = levels
        self.terminals = terminals
        self.decisions = decisions
        """Every decision node, in node order (the rows of a choice array)."""
        self.size = size
        self.sizes = tuple(sum(block.count for block in level) for level in levels)
        """The number of parents in each level."""
        self._layer_start = layer_start
        self._node_level = node_level

    @functools.cached_property
    def terminal_array(self) -> np.ndarray:
        return indices(self.terminals)

    @functools.cached_property
    def decision_row(self) -> np.ndarray:
        """``decision_row[node]``: the row of a decision node in a choice array (-1 elsewhere)."""
        row = np.full(self.size, -1, dtype=np.intp)
        row[self.decisions] = np.arange(len(self.decisions))
        return row

    def level_of(self, nodes: np.ndarray) -> np.ndarray:
        """The level in which each of the inner ``nodes`` is rolled back."""
        if self._node_level is not None:
            return self._node_level[nodes]  # type: ignore[no-any-return]
        assert self._layer_start is not None
        depth = np.searchsorted(self._layer_start, nodes, side="right") - 1
        return len(self.levels) - 1 - depth  # type: ignore[no-any-return]

    @property
    def shared(self) -> bool:
        return self._node_level is not None


def _as_index(members: np.ndarray) -> Index:
    """A slice when ``members`` are consecutive increasing integers, else the array itself."""
    if len(members) == 0:
        return slice(0, 0)
    first, last = int(members[0]), int(members[-1])
    if last - first + 1 == len(members) and (len(members) < 3 or bool(np.all(np.diff(members) == 1))):
        return slice(first, last + 1)
    return members


def _edges_of(flat: FlatTree, members: Index, branches: int) -> Index:
    if isinstance(members, slice):
        return slice(int(flat.start[members.start]), int(flat.start[members.stop]))
    edges = (flat.start[members][:, None] + np.arange(branches)).ravel()
    return _as_index(edges)


def _children_of(flat: FlatTree, edges: Index) -> Index:
    if not flat.shared:  # breadth-first numbering: edge e leads to node e + 1
        if isinstance(edges, slice):
            return slice(edges.start + 1, edges.stop + 1)
        return edges + 1
    return _as_index(flat.child[edges])


def _blocks(
    flat: FlatTree, members: Index, number: int, paid_edges: np.ndarray, decisions: np.ndarray
) -> tuple[Block, ...]:
    """The blocks of one level: ``members`` (its parents) grouped by kind, branches and owner."""
    if isinstance(members, slice) and members.stop - members.start == 1:  # deep, narrow trees: fast
        groups: list[Index] = [members]
    else:
        groups = _groups(flat, members)
    blocks = []
    for group in groups:
        first = group.start if isinstance(group, slice) else int(group[0])
        count = (group.stop - group.start) if isinstance(group, slice) else len(group)
        branches = int(flat.start[first + 1] - flat.start[first])
        block_kind = int(flat.kind[first])
        edges = _edges_of(flat, group, branches)
        if block_kind == DECISION:
            if isinstance(group, slice):
                row = int(np.searchsorted(decisions, first))
                rows: Index = slice(row, row + count)
            else:
                rows = _as_index(np.searchsorted(decisions, group))
            block_owner = int(flat.owner[first])
        else:
            rows, block_owner = slice(0, 0), -1
        blocks.append(
            Block(
                kind=block_kind,
                branches=branches,
                count=count,
                parents=group,
                edges=edges,
                children=_children_of(flat, edges),
                rows=rows,
                owner=block_owner,
                paid=bool(paid_edges[edges].any()),
                level=number,
            )
        )
    return tuple(blocks)


def _groups(flat: FlatTree, members: Index) -> list[Index]:
    """``members`` grouped by kind, number of branches and owner, each group in increasing order."""
    if isinstance(members, slice):  # a layer of one group (a complete tree's): seen through views
        kind, owner = flat.kind[members], flat.owner[members]
        degree = np.diff(flat.start[members.start : members.stop + 1])
        if kind.min() == kind.max() and degree.min() == degree.max() and owner.min() == owner.max():
            return [members]
    member_array = indices(members)
    degree = flat.start[member_array + 1] - flat.start[member_array]
    kind = flat.kind[member_array].astype(np.int64)
    owner = np.where(kind == DECISION, flat.owner[member_array].astype(np.int64) + 1, 0)
    top_degree = int(degree.max()) + 1
    key = (kind * top_degree + degree) * (int(owner.max()) + 1) + owner
    if int(key.min()) == int(key.max()):
        groups: list[Index] = [members]
    else:
        order = np.argsort(key, kind="stable")
        cuts = np.flatnonzero(np.diff(key[order])) + 1
        groups = [_as_index(np.sort(member_array[part])) for part in np.split(order, cuts)]
    return groups


def _heights(flat: FlatTree) -> np.ndarray:
    """Every node's height: the longest way down to a terminal."""
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
    return height


def build_plan(flat: FlatTree, paid_edges: np.ndarray) -> Plan:
    """The plan of ``flat``; ``paid_edges`` (E,) marks the edges that may carry a branch payoff."""
    decisions = np.flatnonzero(flat.kind == DECISION)
    levels: list[tuple[Block, ...]] = []
    layer_start = node_level = None
    if not flat.shared:  # breadth-first layers: the children of a layer form the next layer
        bounds, lo, hi = [], 0, 1
        while lo < hi:
            bounds.append((lo, hi))
            lo, hi = int(flat.start[lo]) + 1, int(flat.start[hi]) + 1
        inner_layers = []
        for lo, hi in bounds:
            kinds = flat.kind[lo:hi]
            if int(kinds.max()) == TERMINAL:
                break  # the deepest layers: terminals only
            inner_layers.append((lo, hi))
        for lo, hi in reversed(inner_layers):
            kinds = flat.kind[lo:hi]
            inner = kinds != TERMINAL
            members: Index = slice(lo, hi) if bool(inner.all()) else _as_index(lo + np.flatnonzero(inner))
            levels.append(_blocks(flat, members, len(levels), paid_edges, decisions))
        layer_start = np.asarray([lo for lo, _ in inner_layers], dtype=np.intp)
    else:  # heights: every child is rolled back before any of its parents
        height = _heights(flat)
        node_level = (height - 1).astype(np.int32)
        order = np.argsort(height, kind="stable")
        cuts = np.flatnonzero(np.diff(height[order])) + 1
        for group in np.split(order, cuts):
            if int(height[group[0]]) == 0:
                continue  # terminals
            levels.append(_blocks(flat, _as_index(np.sort(group)), len(levels), paid_edges, decisions))
    terminals = _as_index(np.flatnonzero(flat.kind == TERMINAL))
    return Plan(tuple(levels), terminals, decisions, flat.size, layer_start, node_level)
