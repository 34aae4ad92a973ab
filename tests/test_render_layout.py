"""The tidy layout: nothing overlaps, order is kept, branches meet node borders, deep trees work."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree.render.figure import make_figure
from decisiontree.render.layout import LABEL_GAP, tidy
from decisiontree.render.svg import place, to_svg

SVG = "{http://www.w3.org/2000/svg}"


@st.composite
def shapes(draw: st.DrawFn) -> tuple[list[int], list[tuple[float, float]], list[tuple[float, float, float]]]:
    """A random tree in display order (every node attached to an earlier one), with random sizes."""
    n = draw(st.integers(1, 60))
    attach = [draw(st.integers(0, v - 1)) for v in range(1, n)]
    children: list[list[int]] = [[] for _ in range(n)]
    for v, p in enumerate(attach, start=1):
        children[p].append(v)
    order, stack = [], [0]
    while stack:
        v = stack.pop()
        order.append(v)
        stack.extend(reversed(children[v]))
    where = {v: k for k, v in enumerate(order)}
    parent = [-1] + [where[attach[v - 1]] for v in order[1:]]
    size = st.floats(4, 80)
    sizes = [(draw(size), draw(size)) for _ in range(n)]
    labels = [(0.0, 0.0, 0.0)] + [
        (draw(st.floats(0, 60)), draw(st.floats(0, 30)), draw(st.floats(0, 30))) for _ in range(n - 1)
    ]
    return parent, sizes, labels


def depths(parent: list[int]) -> list[int]:
    out = [0] * len(parent)
    for v in range(1, len(parent)):
        out[v] = out[parent[v]] + 1
    return out


@settings(max_examples=150, deadline=None)
@given(shapes(), st.sampled_from(["LR", "TB", "RL", "BT"]))
def test_nodes_and_their_labels_never_overlap_and_siblings_keep_their_order(shape, direction) -> None:
    parent, sizes, labels = shape
    placed = tidy(parent, sizes, labels, direction)
    across = direction in ("LR", "RL")
    breadth = placed.y if across else placed.x
    level = depths(parent)

    def extent(v: int) -> tuple[float, float]:
        w, h = sizes[v]
        length, before, after = labels[v]
        if across:
            return max(h / 2, before + LABEL_GAP if before else 0), max(
                h / 2, after + LABEL_GAP if after else 0
            )
        return w / 2, max(w / 2, length + LABEL_GAP + 2 if length else 0)

    for d in set(level):
        row = sorted((v for v in range(len(parent)) if level[v] == d), key=lambda v: breadth[v])
        for a, b in itertools.pairwise(row):
            assert breadth[b] - breadth[a] >= extent(a)[1] + extent(b)[0] - 1e-6
    for v in range(len(parent)):
        kids = [w for w in range(len(parent)) if parent[w] == v]
        assert all(breadth[a] < breadth[b] for a, b in itertools.pairwise(kids))
    assert placed.width >= 0 and placed.height >= 0


@given(shapes())
def test_branches_run_from_the_parents_border_to_the_childs(shape) -> None:
    parent, sizes, labels = shape
    placed = tidy(parent, sizes, labels, "LR")
    for v in range(1, len(parent)):
        p = parent[v]
        start, _, end = placed.points[v]
        assert start == pytest.approx((placed.x[p] + sizes[p][0] / 2, placed.y[p]))
        assert end == pytest.approx((placed.x[v] - sizes[v][0] / 2, placed.y[v]))
        assert placed.label[v][1] == pytest.approx(placed.y[v])  # the texts sit on the child's stem


def test_a_parent_sits_between_its_first_and_last_child() -> None:
    placed = tidy([-1, 0, 0, 0], [(20, 20)] * 4, [(0, 0, 0)] * 4)
    assert placed.y[0] == pytest.approx((placed.y[1] + placed.y[3]) / 2)


def test_a_chain_of_ten_thousand_decisions_lays_out_without_recursion() -> None:
    node: dt.Terminal | dt.Decision = dt.Terminal("end", payoff=1)
    for k in range(10_000):
        node = dt.Decision(f"d{k}", [dt.Branch("go", node), dt.Branch("stop", dt.Terminal(f"s{k}"))])
    svg = to_svg(dt.evaluate(dt.Tree(node)))
    root = ET.fromstring(svg.encode())
    assert len(root.findall(f".//{SVG}g[@class='node']")) == 20_001


def test_the_paris_summit_labels_and_nodes_do_not_overlap() -> None:
    """On a real tree, no two drawn boxes (nodes and branch texts) intersect."""
    from paris_summit import paris_summit

    figure = make_figure(dt.evaluate(paris_summit("decision")), formulas=False)
    placed = place(figure)
    boxes = []
    for k, item in enumerate(figure.items):
        x, y = placed.x[k], placed.y[k]
        boxes.append((x - item.width / 2, y - item.height / 2, x + item.width / 2, y + item.height / 2))
        if item.parent >= 0:
            mx, my = placed.label[k]
            w = item.label_width
            boxes.append(
                (mx - w / 2, my - item.above_height - LABEL_GAP, mx + w / 2, my + item.below_height + 2)
            )
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            assert overlap_x <= 0.5 or overlap_y <= 0.5, (a, b)
