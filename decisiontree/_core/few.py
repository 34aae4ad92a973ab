"""Re-evaluating a few nodes in plain floats: faster than numpy where only a handful changed.

When new parameter values reach only a few nodes (a formula on four
terminals of a tree of 131,071 nodes reaches about sixty: their ways up to
the root), rolling those back one by one in Python floats is several times
faster than one numpy call per level, whose fixed cost is a microsecond or
more. The rules are those of the block functions in :mod:`.blocks`,
operation by operation, so the numbers are the same to the last bit (the
tests hold them to it):

* a chance node's value is ``p0 * v0``, then ``+ p_b * v_b`` branch after
  branch, each ``v`` its child's value plus the branch payoff (where the
  node's block carries payoffs);
* a decision takes the first option whose value is at least the best one's
  less :data:`~.rules.TIE` times the best one's size (at least 1).

Only the common case is covered: one payoff column, one draw, floats, the
expected-value rule, no forced choices and no objective weights, in a tree
without shared subtrees, at most :data:`~.rules.SEQUENTIAL` branches per
node (wider ones are summed by numpy's pairwise sum, not repeated here).

:func:`roll` rolls back every node it is given; :func:`spread` starts
from the nodes whose numbers changed and goes up only as far as values
change. A decision (node 0) between a chance node (node 1) and a sure 4;
edge ``e`` leads to node ``e + 1``:

>>> value = [0.0, 0.0, 4.0, 10.0, 0.0]
>>> probability, payoff, choice = [1.0, 1.0, 0.3, 0.7], [0.0] * 4, [-1]
>>> steps = [(1, True, 2, 2, False, -1, 0), (0, False, 0, 2, False, 0, -1)]
>>> roll(steps, value, probability, payoff, choice)
>>> value[:2], choice  # the decision takes the sure 4 (its second branch)
([4.0, 3.0], [True])
>>> value[3] = 20.0  # the chance node's first outcome is worth more
>>> spread({step[0]: step for step in steps}, [1], value, probability, payoff, choice)
>>> value[:2], choice
([6.0, 6.0], [False])
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, MutableSequence, Sequence

import numpy as np

from .rules import TIE

__all__ = ["LIMIT", "Step", "roll", "spread", "steps"]

LIMIT = 512
"""At most this many nodes are re-evaluated one by one; more go through numpy, level by level."""

Step = tuple[int, bool, int, int, bool, int, int]
"""``(node, is a chance node, first edge, branches, payoffs added, decision row, parent)``."""


def steps(*columns: np.ndarray) -> list[Step]:
    """Steps from their columns (node, is a chance node, first edge, branches, payoffs added,
    decision row, parent; one row per node, children first).

    >>> steps(np.array([1, 0]), np.array([True, False]), np.array([2, 0]), np.array([2, 2]),
    ...       np.array([False, False]), np.array([-1, 0]), np.array([0, -1]))
    [(1, True, 2, 2, False, -1, 0), (0, False, 0, 2, False, 0, -1)]
    """
    return list(zip(*(column.tolist() for column in columns), strict=True))


def roll(
    steps: Iterable[Step],
    value: MutableSequence[float],
    probability: Sequence[float],
    payoff: Sequence[float],
    choice: MutableSequence[int],
) -> None:
    """Roll back every one of ``steps`` (children first) in place: node values in ``value``,
    choices in ``choice``, by edge ``probability`` and ``payoff`` (flat sequences: lists, or
    memoryviews of arrays). The rules live in this loop alone, without a call per node (a
    call costs as much as the arithmetic)."""
    for node, chance, first, branches, paid, row, _ in steps:
        if branches == 2:  # breadth first: edge e leads to node e + 1
            low = value[first + 1]
            high = value[first + 2]
            if paid:
                low += payoff[first]
                high += payoff[first + 1]
            if chance:
                total = probability[first] * low
                total += probability[first + 1] * high
                value[node] = total
            else:
                second = low < high - TIE * (high if high > 1.0 else -high if high < -1.0 else 1.0)
                choice[row] = second
                value[node] = high if second else low
            continue
        edges = range(first, first + branches)
        options = [value[e + 1] + payoff[e] for e in edges] if paid else [value[e + 1] for e in edges]
        if chance:
            total = probability[first] * options[0]
            for b in range(1, branches):
                total += probability[first + b] * options[b]
            value[node] = total
            continue
        best = max(options)
        threshold = best - TIE * (best if best > 1.0 else -best if best < -1.0 else 1.0)
        taken = next((b for b in range(branches) if options[b] >= threshold), 0)  # none past an overflow
        choice[row] = taken
        value[node] = options[taken]


def spread(
    steps: Mapping[int, Step],
    entered: Iterable[int],
    value: MutableSequence[float],
    probability: Sequence[float],
    payoff: Sequence[float],
    choice: MutableSequence[int],
) -> None:
    """Roll back the nodes ``entered`` (whose own numbers changed), then the parents of every
    node whose value changed, children first, up to where nothing changes (see :func:`roll`);
    ``steps`` holds the step of every node that may be reached."""
    roll(_upwards(steps, entered, value), value, probability, payoff, choice)


def _upwards(steps: Mapping[int, Step], entered: Iterable[int], value: Sequence[float]) -> Iterator[Step]:
    """The steps :func:`spread` rolls back, children first: each is yielded before its node is
    rolled back and looked at again after, when :func:`roll` asks for the next (one loop, no call
    per node), so that a node's parent follows only where its value changed."""
    queue = [-node for node in entered]  # the highest number first: breadth first, children first
    heapq.heapify(queue)
    queued = set(queue)
    while queue:
        step = steps[-heapq.heappop(queue)]
        node, parent = step[0], step[6]
        before = value[node]
        yield step
        if value[node] != before and parent >= 0 and -parent not in queued:
            queued.add(-parent)
            heapq.heappush(queue, -parent)
