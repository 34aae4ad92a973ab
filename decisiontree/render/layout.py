"""Positions for a tree diagram in linear time: a tidy tree with sized nodes and labels.

Nodes of one depth share a column (a row, top to bottom); each branch runs
from its parent's border in a slanted line to a straight stem that ends at the
child's border, and the stem carries the branch's texts (the label above it,
probability and payoff below it; beside it when the tree grows downwards).
Across the columns, subtrees are packed as tightly as their nodes and labels
allow with the algorithm of Walker, in the linear-time form of Buchheim,
Jünger and Leipert (2002), iteratively so that deep trees do not recurse. The
positions serve the SVG writer, the HTML viewer's first view, and Graphviz
(``layout=nop2`` with given positions), which then only draws.

>>> sizes = [(30, 20), (20, 20), (20, 20)]
>>> placed = tidy([-1, 0, 0], sizes, [(0, 0, 0), (12, 10, 10), (12, 10, 10)])
>>> placed.y[0] == (placed.y[1] + placed.y[2]) / 2 and placed.y[1] < placed.y[2]
True
>>> placed.points[1][0][0] == placed.x[0] + 15  # branches start at the parent's border
True
>>> placed.points[1][-1][0] == placed.x[1] - 10  # and end at the child's border
True
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

__all__ = ["FAN", "GAP", "LABEL_GAP", "Placement", "tidy"]

FAN = 26.0
"""Length of the slanted part of a branch, along the tree's growth."""
GAP = 10.0
"""Space between neighbouring subtrees across the tree's growth."""
SIBLING_GAP = 6.0
"""Space between siblings."""
LABEL_GAP = 2.0
"""Space between a branch's stem and its texts."""
LABEL_PAD = 6.0
"""Stem length beyond its texts, at each end."""
MIN_STEM = 12.0

Point = tuple[float, float]


@attrs.frozen
class Placement:
    """Positions in points, ``y`` downwards, from the top left of the tree's bounding box."""

    x: list[float]
    """Centre of each node's box."""
    y: list[float]
    points: list[tuple[Point, ...]]
    """The branch into each node: parent's border, end of the slant, child's border (root: ``()``)."""
    label: list[Point]
    """The middle of each branch's stem, where its texts are centred."""
    width: float
    height: float
    direction: str


def tidy(
    parent: Sequence[int],
    sizes: Sequence[tuple[float, float]],
    labels: Sequence[tuple[float, float, float]],
    direction: str = "LR",
) -> Placement:
    """Place a tree given in display order (every parent before its children, siblings in order).

    Parameters
    ----------
    parent : sequence of int
        The parent of each node; -1 for the root (node 0).
    sizes : sequence of (width, height)
        Each node's box.
    labels : sequence of (length, before, after)
        The texts of the branch into each node: their extent along the stem,
        and across it on each side (above and below for ``LR``; for ``TB``,
        ``before`` is the height of the texts beside the stem and ``after`` 0).
    direction : str
        ``LR``, ``RL`` (columns), ``TB`` or ``BT`` (rows).
    """
    n = len(parent)
    across = direction in ("LR", "RL")
    if across:
        extent = [w for w, _ in sizes]
        half = [h / 2 for _, h in sizes]
        before = [max(h, b + LABEL_GAP if b else 0.0) for h, (_, b, _) in zip(half, labels, strict=True)]
        after = [max(h, a + LABEL_GAP if a else 0.0) for h, (_, _, a) in zip(half, labels, strict=True)]
        stem_text = [length for length, _, _ in labels]
    else:
        extent = [h for _, h in sizes]
        half = [w / 2 for w, _ in sizes]
        before = list(half)
        after = [
            max(h, length + LABEL_GAP + 2 if length else 0.0)
            for h, (length, _, _) in zip(half, labels, strict=True)
        ]
        stem_text = [b for _, b, _ in labels]
    depth = [0] * n
    has_children = [False] * n
    for v in range(1, n):
        depth[v] = depth[parent[v]] + 1
        has_children[parent[v]] = True
    levels = max(depth) + 1 if n else 0
    widest = [0.0] * levels  # the widest node with children, per level
    stem = [MIN_STEM] * levels
    for v in range(n):
        d = depth[v]
        if has_children[v] and extent[v] > widest[d]:
            widest[d] = extent[v]
        if v and stem_text[v] + 2 * LABEL_PAD > stem[d]:
            stem[d] = stem_text[v] + 2 * LABEL_PAD
    column = [0.0] * levels
    for d in range(1, levels):
        column[d] = column[d - 1] + widest[d - 1] + FAN + stem[d]

    # The layout tree: the nodes, plus a chain of placeholders after a leaf whose box
    # reaches into later columns, so that nothing is placed across it there.
    children: list[list[int]] = [[] for _ in range(n)]
    for v in range(1, n):
        children[parent[v]].append(v)
    up = list(parent)
    level = list(depth)
    ext_before, ext_after = list(before), list(after)
    for v in range(n):
        if has_children[v]:
            continue
        end = column[depth[v]] + extent[v]
        last = v
        for d in range(depth[v] + 1, levels):
            if end <= column[d] - stem[d] - FAN + 2:
                break
            dummy = len(up)
            up.append(last)
            level.append(d)
            ext_before.append(before[v])
            ext_after.append(after[v])
            children.append([])
            children[last].append(dummy)
            last = dummy
    breadth = _walker(up, children, ext_before, ext_after)
    low = min((breadth[v] - ext_before[v] for v in range(len(up))), default=0.0)
    high = max((breadth[v] + ext_after[v] for v in range(len(up))), default=0.0)
    breadth = [b - low for b in breadth[:n]]
    span = high - low

    # Wide fans get longer slants, so that steep branches stay readable.
    spread = [0.0] * levels
    for v in range(1, n):
        d = depth[v]
        spread[d] = max(spread[d], abs(breadth[v] - breadth[parent[v]]))
    for d in range(1, levels):
        column[d] = column[d - 1] + widest[d - 1] + min(max(FAN, 0.2 * spread[d]), 3 * FAN) + stem[d]
    length = max((column[depth[v]] + extent[v] for v in range(n)), default=0.0)

    centre = [column[depth[v]] + extent[v] / 2 for v in range(n)]
    paths: list[tuple[Point, ...]] = [()] * n
    marks: list[Point] = [(0.0, 0.0)] * n
    for v in range(1, n):
        p, d = parent[v], depth[v]
        start = column[depth[p]] + extent[p]
        paths[v] = (
            (start, breadth[p]),
            (column[d] - stem[d], breadth[v]),
            (column[d], breadth[v]),
        )
        marks[v] = (column[d] - stem[d] / 2, breadth[v])
    flip = direction in ("RL", "BT")
    if flip:
        centre = [length - c for c in centre]
        paths = [tuple((length - a, b) for a, b in path) for path in paths]
        marks = [(length - a, b) for a, b in marks]
    if across:
        return Placement(centre, breadth, paths, marks, length, span, direction)
    return Placement(
        breadth,
        centre,
        [tuple((b, a) for a, b in path) for path in paths],
        [(b, a) for a, b in marks],
        span,
        length,
        direction,
    )


def _walker(
    parent: list[int], children: list[list[int]], before: list[float], after: list[float]
) -> list[float]:
    """Breadth positions by Walker's algorithm in Buchheim et al.'s linear-time form, iteratively."""
    n = len(parent)
    prelim = [0.0] * n
    mod = [0.0] * n
    shift = [0.0] * n
    change = [0.0] * n
    thread = [-1] * n
    ancestor = list(range(n))
    number = [0] * n
    left_sibling = [-1] * n
    for kids in children:
        for k, w in enumerate(kids):
            number[w] = k
            if k:
                left_sibling[w] = kids[k - 1]
    default_ancestor = [-1] * n

    def separation(a: int, b: int) -> float:
        gap = SIBLING_GAP if parent[a] == parent[b] else GAP
        return after[a] + before[b] + gap

    def next_left(v: int) -> int:
        kids = children[v]
        return kids[0] if kids else thread[v]

    def next_right(v: int) -> int:
        kids = children[v]
        return kids[-1] if kids else thread[v]

    def move_subtree(wm: int, wp: int, amount: float) -> None:
        subtrees = number[wp] - number[wm]
        change[wp] -= amount / subtrees
        shift[wp] += amount
        change[wm] += amount / subtrees
        prelim[wp] += amount
        mod[wp] += amount

    def apportion(v: int, default: int) -> int:
        w = left_sibling[v]
        if w < 0:
            return default
        vip = vop = v
        vim = w
        vom = children[parent[v]][0]
        sip, sop, sim, som = mod[vip], mod[vop], mod[vim], mod[vom]
        while True:
            right_of_vim = next_right(vim)
            left_of_vip = next_left(vip)
            if right_of_vim < 0 or left_of_vip < 0:
                break
            vim, vip = right_of_vim, left_of_vip
            vom, vop = next_left(vom), next_right(vop)
            ancestor[vop] = v
            amount = (prelim[vim] + sim) - (prelim[vip] + sip) + separation(vim, vip)
            if amount > 0:
                candidate = ancestor[vim]
                moved = candidate if parent[candidate] == parent[v] else default
                move_subtree(moved, v, amount)
                sip += amount
                sop += amount
            sim += mod[vim]
            sip += mod[vip]
            som += mod[vom]
            sop += mod[vop]
        if next_right(vim) >= 0 and next_right(vop) < 0:
            thread[vop] = next_right(vim)
            mod[vop] += sim - sop
        if next_left(vip) >= 0 and next_left(vom) < 0:
            thread[vom] = next_left(vip)
            mod[vom] += sip - som
            default = v
        return default

    # First walk in post-order: children (left to right) before their parent.
    stack = [(0, False)] if n else []
    while stack:
        v, done = stack.pop()
        if not done:
            stack.append((v, True))
            stack.extend((w, False) for w in reversed(children[v]))
            continue
        kids = children[v]
        sibling = left_sibling[v]
        if kids:
            total_shift = total_change = 0.0
            for w in reversed(kids):
                prelim[w] += total_shift
                mod[w] += total_shift
                total_change += change[w]
                total_shift += shift[w] + total_change
            midpoint = (prelim[kids[0]] + prelim[kids[-1]]) / 2
            if sibling >= 0:
                prelim[v] = prelim[sibling] + separation(sibling, v)
                mod[v] = prelim[v] - midpoint
            else:
                prelim[v] = midpoint
        elif sibling >= 0:
            prelim[v] = prelim[sibling] + separation(sibling, v)
        up = parent[v]
        if up >= 0:
            if default_ancestor[up] < 0:
                default_ancestor[up] = v
            default_ancestor[up] = apportion(v, default_ancestor[up])
    # Second walk in pre-order: add the modifiers of the ancestors.
    position = [0.0] * n
    modsum = [0.0] * n
    for v in _preorder(children, n):
        position[v] = prelim[v] + modsum[v]
        below = modsum[v] + mod[v]
        for w in children[v]:
            modsum[w] = below
    return position


def _preorder(children: list[list[int]], n: int) -> list[int]:
    order: list[int] = []
    stack = [0] if n else []
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(children[v]))
    return order
