"""Re-evaluating a complete tree over branch-major copies of its numbers: what changed lies side by side.

In a complete tree, each level of the rollback plan is one block that
holds a whole breadth-first layer. Chance nodes have at most
:data:`~.rules.SEQUENTIAL` branches and decisions have two. The plan
numbers such a layer's children parent by parent: the two children of
parent ``i`` are ``2i`` and ``2i + 1``. A parameter in the same place of
every copy of a repeated subtree (every 16th terminal) then reaches
evenly spaced parents, and numpy reads those one cache line each.

This module numbers each layer's children *branch-major* instead: the
first children of all ``P`` parents, then all the second children. Child
``b`` of parent ``i`` is ``b * P + i``. Applied from the top down, this
order reverses the bits of a node's breadth-first position in its layer.
The same place in every copy of a subtree, which fixes the lowest bits of
that position, fixes the highest bits in this order. So the parents it
reaches form a few runs of neighbours. Rolling back a run reads and writes
whole contiguous arrays:

* chance nodes: ``p0 * v0 + p1 * v1 + ...``, in this order;
* decisions: :func:`.blocks.best_of_two`.

These are the same operations as those of :mod:`.blocks` and :mod:`.few`,
so the numbers are the same to the last bit. The tests hold them to it.

A workspace keeps copies of its values, probabilities and payoffs in this
order (:class:`Copies`). The workspace's own arrays stay the reference.
The copies are gathered from them when they are behind, and written back
to them when another way of rolling back, or a caller, reads the values
(:meth:`Copies.scatter`). Writing back costs several times what rolling back
over the copies saves, so they serve callers that read the root's value
alone (``evaluate``), not those that read other nodes after every call. Of
the top layer the copies cover, the values are written back at once: the
narrow levels above roll back from the workspace (:mod:`.few`).

A decision (node 0) between two chance nodes (1 and 2) with two outcomes
each (terminals 3 to 6); edge ``e`` leads to node ``e + 1``. The copies
cover the chance nodes' level: their children, branch-major, are the first
outcomes 3 and 5, then the second ones 4 and 6:

>>> from decisiontree.model import CHANCE
>>> layout = Layout([(CHANCE, 2, 1, 2, 2, 0, False)], size=7)
>>> layout.node_order.tolist(), layout.edge_order.tolist()
([1, 2, 3, 5, 4, 6], [2, 4, 3, 5])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..model import CHANCE
from .blocks import best_of_two

__all__ = ["RUNS", "Copies", "Layout", "Level"]

RUNS = 4
"""At most this many runs of parents of a level are rolled back one by one; more, the whole level."""

Run = tuple[np.ndarray, list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]]
"""Views for rolling back a run of parents: their values, and per branch the children's values,
the probabilities, the payoffs and scratch space."""

Level = tuple[int, int, int, int, int, int, bool]
"""``(kind, branches, first parent, parents, first edge, plan level, payoffs added)``: one block of
the plan, its parents a breadth-first layer numbered from ``first parent`` (edge ``e`` leads to node
``e + 1``, and parent ``first parent + i`` has edges ``first edge + branches * i + b``)."""


class Layout:
    """The branch-major order of the levels of a complete tree, from the top level down.

    ``levels`` are :data:`Level` tuples from the top level the copies cover
    down to the bottom one, whose children are terminals. Node
    ``node_order[j]`` is at position ``j`` of the copies: the top level's
    parents, then each level's children in branch-major order, the
    terminals last. Edge ``edge_order[j]`` likewise, level by level.
    """

    def __init__(self, levels: Sequence[Level], size: int) -> None:
        parents = np.arange(levels[0][2], levels[0][2] + levels[0][3], dtype=np.intp)
        node_parts, edge_parts = [parents], []
        self.kind: list[int] = []
        self.branches: list[int] = []
        self.count: list[int] = []
        self.parents: list[int] = []
        """Per level, top first: where its parents begin in the copies."""
        self.edges: list[int] = []
        self.paid: list[bool] = []
        self.plan_level: list[int] = []
        node_at = edge_at = 0
        for kind, branches, first_parent, count, first_edge, plan_level, paid in levels:
            # edge b of the parent at position i of the copies is at b * count + i
            within = (parents - first_parent) * branches
            edges_of = (first_edge + within[None, :] + np.arange(branches)[:, None]).ravel()
            edge_parts.append(edges_of)
            self.kind.append(kind)
            self.branches.append(branches)
            self.count.append(count)
            self.parents.append(node_at)
            self.edges.append(edge_at)
            self.paid.append(paid)
            self.plan_level.append(plan_level)
            node_at += count
            edge_at += count * branches
            parents = edges_of + 1  # the children, branch-major
            node_parts.append(parents)
        self.node_order = np.concatenate(node_parts)
        self.edge_order = np.concatenate(edge_parts)
        self.node_position = np.full(size, -1, dtype=np.intp)
        self.node_position[self.node_order] = np.arange(len(self.node_order))
        self._child_starts = np.asarray([self.children(k) for k in range(len(self.kind))])

    def children(self, k: int) -> int:
        """Where the children of level ``k`` begin in the copies."""
        return self.parents[k] + self.count[k]

    def edge_positions(self, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Those of ``edges`` that the copies hold (below their top level's parents), and where."""
        at = self.node_position[edges + 1]  # edge e leads to node e + 1
        held = at >= self._child_starts[0]
        at = at[held]
        k = np.searchsorted(self._child_starts, at, side="right") - 1
        return edges[held], at - self._child_starts[k] + np.asarray(self.edges)[k]

    def reach(
        self, dirty: dict[int, np.ndarray], sparse: int
    ) -> list[tuple[int, list[tuple[int, int]]]] | None:
        """The runs of parents to roll back, level by level from the bottom up: ``(k, [(start, stop),
        ...])``, positions within level ``k``, from ``dirty``: by plan level, the inner nodes whose own
        numbers changed. A parent is reached where it is dirty or one of its children was reached.

        ``None`` where some level's reached parents are more than :data:`RUNS` runs and fewer than
        one in ``sparse`` of its parents: a node-by-node way does better there."""
        below: np.ndarray | None = None
        found: list[tuple[int, list[tuple[int, int]]]] = []
        for k in range(len(self.kind) - 1, -1, -1):
            count = self.count[k]
            parts = []
            nodes = dirty.get(self.plan_level[k])
            if nodes is not None:
                parts.append(self.node_position[nodes] - self.parents[k])
            if below is not None:
                parts.append(below % count)  # child b * count + i has parent i
            if not parts:
                continue
            reached = np.unique(np.concatenate(parts))
            breaks = np.flatnonzero(np.diff(reached) > 1) + 1
            if len(breaks) >= RUNS:
                if len(reached) * sparse <= count:
                    return None
                runs = [(0, count)]
            else:
                starts = [0, *breaks.tolist()]
                stops = [*breaks.tolist(), len(reached)]
                runs = [
                    (int(reached[i]), int(reached[j - 1]) + 1) for i, j in zip(starts, stops, strict=True)
                ]
            found.append((k, runs))
            below = reached
        return found


class Copies:
    """One workspace's values, probabilities and branch payoffs in :class:`Layout` order (one payoff
    column, one draw), and whether they are behind the workspace or it is behind them."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.value = np.empty(len(layout.node_order))
        self.probability = np.empty(len(layout.edge_order))
        self.payoff = np.empty(len(layout.edge_order))
        self._sums = np.empty(max(n * b for n, b in zip(layout.count, layout.branches, strict=True)))
        self._scratch = np.empty(max(layout.count))
        self._near = np.empty(max(layout.count), dtype=bool)
        self.behind = True
        """Whether the workspace has numbers these copies lack (gather them all before use)."""
        self.ahead: set[int] = set()
        """The levels whose values the workspace lacks (see :meth:`scatter`)."""
        self.terminals: dict[int, tuple[Any, Any]] = {}
        """Terminals whose values the workspace lacks, by formula: their rows there and places here."""
        self._views: dict[tuple[int, int, int], Run] = {}

    def gather(self, value: np.ndarray, probability: np.ndarray, payoff: np.ndarray) -> None:
        """Copy every number from the workspace's flat arrays (by node, by edge, by edge)."""
        layout = self.layout
        np.take(value, layout.node_order, out=self.value)
        np.take(probability, layout.edge_order, out=self.probability)
        np.take(payoff, layout.edge_order, out=self.payoff)
        self.behind = False
        self.ahead.clear()
        self.terminals.clear()

    def scatter(self, value: np.ndarray) -> None:
        """Write the values of the levels rolled back here, and of the terminals whose formulas were
        written here, into the workspace's flat ``value`` array."""
        layout = self.layout
        for k in self.ahead:
            at = slice(layout.parents[k], layout.parents[k] + layout.count[k])
            value[layout.node_order[at]] = self.value[at]
        for rows, at in self.terminals.values():
            value[rows] = self.value[at]
        self.ahead.clear()
        self.terminals.clear()

    def _views_of(self, k: int, start: int, stop: int) -> Run:
        """For parents ``start:stop`` of level ``k``: their values, and per branch the children's
        values, the probabilities, the payoffs and scratch space (numpy is fastest on 1-D arrays)."""
        key = (k, start, stop)
        found = self._views.get(key)
        if found is None:
            layout = self.layout
            count, n = layout.count[k], stop - start
            children, edges = layout.children(k), layout.edges[k]
            branches = []
            for b in range(layout.branches[k]):
                at = b * count + start
                branches.append(
                    (
                        self.value[children + at : children + at + n],
                        self.probability[edges + at : edges + at + n],
                        self.payoff[edges + at : edges + at + n],
                        self._sums[b * n : (b + 1) * n],
                    )
                )
            found = (self.value[layout.parents[k] + start : layout.parents[k] + stop], branches)
            if len(self._views) < 1024:
                self._views[key] = found
        return found

    def roll(self, k: int, start: int, stop: int, maximise: int, limit: float) -> None:
        """Roll back the parents ``start:stop`` of level ``k`` (expected values, floats): chance nodes
        ``p0 * v0 + p1 * v1 + ...`` in this order, decisions by :func:`.blocks.best_of_two`, each
        ``v`` a child's value plus the branch payoff where the level carries payoffs."""
        layout = self.layout
        out, branches = self._views_of(k, start, stop)
        paid = layout.paid[k]
        self.ahead.add(k)
        n = stop - start
        if layout.kind[k] == CHANCE:
            scratch = self._scratch[:n]
            for b, (values, weights, payoffs, sums) in enumerate(branches):
                if paid:
                    values = np.add(values, payoffs, out=sums)
                if b == 0:
                    np.multiply(weights, values, out=out)
                else:
                    out += np.multiply(weights, values, out=scratch)
            return
        (low, _, low_payoffs, low_sums), (high, _, high_payoffs, high_sums) = branches
        if paid:
            low = np.add(low, low_payoffs, out=low_sums)
            high = np.add(high, high_payoffs, out=high_sums)
        best_of_two(low, high, maximise, limit, out, (self._scratch[:n], self._near[:n]))
