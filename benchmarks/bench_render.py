"""Rendering timings: big trees to SVG, PNG and HTML, against Graphviz's own layout in the same run.

Prints seconds per step and ratios against the route through Graphviz's ``dot``
layout (``layout="dot"``, the only route before the tidy layout), measured in
the same run on the same 9,841-node tree, and against a 3-node tree drawn
through ``dot`` (mostly the cost of starting it).

Run: ``python benchmarks/bench_render.py`` (add ``--no-dot`` to skip the slow
``dot`` layout and print absolute times only).

Targets: a 10^4-node diagram to SVG at least 20x faster than through ``dot``'s
layout, to PNG through Graphviz with our positions at least 10x faster; a
10^5-node SVG in under 10 s; ``to_html`` of 10^4 nodes in under a second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))

from large_tree import large_tree

import decisiontree as dt
from decisiontree.render.backend import pipe


def timed(step: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    out = step()
    return time.perf_counter() - start, out


def main(with_dot: bool = True) -> None:
    small = dt.evaluate(
        dt.Tree(
            dt.Decision(
                "go?", [dt.Branch("yes", dt.Terminal("a", payoff=1)), dt.Branch("no", dt.Terminal("b"))]
            )
        )
    )
    baseline, _ = timed(lambda: pipe(dt.to_dot(small, layout="dot"), "svg"))
    print(f"baseline: 3-node tree to SVG through dot: {baseline:.3f} s")

    medium = dt.evaluate(large_tree(depth=8, width=3))  # 9,841 nodes
    size = f"{medium.tree.size:,}"
    rows: list[tuple[str, float]] = []
    reference = None
    if with_dot:
        reference, svg = timed(lambda: pipe(dt.to_dot(medium, layout="dot"), "svg"))
        rows.append((f"{size} nodes: SVG through dot's layout ({len(svg) / 1e6:.1f} MB)", reference))
        seconds, png = timed(lambda: pipe(dt.to_dot(medium, layout="dot"), "png"))
        rows.append((f"{size} nodes: PNG through dot's layout ({len(png) / 1e6:.1f} MB)", seconds))
    seconds, svg = timed(lambda: dt.svg(medium))
    rows.append((f"{size} nodes: SVG, tidy layout, written directly ({len(svg) / 1e6:.1f} MB)", seconds))
    svg_seconds = seconds
    seconds, graph = timed(lambda: dt.to_dot(medium))
    rows.append((f"{size} nodes: DOT text with positions", seconds))
    dot_seconds = seconds
    seconds, png = timed(lambda: pipe(graph, "png"))
    rows.append((f"{size} nodes: PNG through Graphviz, our positions ({len(png) / 1e6:.1f} MB)", seconds))
    png_seconds = dot_seconds + seconds
    rows.append((f"{size} nodes: PNG in all (DOT text + Graphviz drawing)", png_seconds))
    seconds, page = timed(lambda: dt.to_html(medium))
    rows.append((f"{size} nodes: to_html ({len(page) / 1e6:.1f} MB)", seconds))
    html_seconds = seconds

    big = dt.evaluate(large_tree(depth=10, width=3))  # 88,573 nodes
    seconds, svg = timed(lambda: dt.svg(big))
    rows.append((f"{big.tree.size:,} nodes: SVG, tidy layout ({len(svg) / 1e6:.1f} MB)", seconds))
    big_seconds = seconds
    for depth in (3, 5):
        seconds, _ = timed(lambda depth=depth: dt.svg(big, collapse=depth))
        rows.append((f"{big.tree.size:,} nodes: SVG, collapse={depth}", seconds))

    for name, seconds in rows:
        print(f"{name:<66} {seconds:8.3f} s  {seconds / baseline:8.1f} x baseline")
    print()
    if reference is not None:
        print(f"SVG:  {reference / svg_seconds:6.1f} x faster than through dot's layout (target 20 x)")
        print(f"PNG:  {reference / png_seconds:6.1f} x faster than through dot's layout (target 10 x)")
    print(f"10^5-node SVG in {big_seconds:.2f} s (target under 10 s)")
    print(f"to_html of 10^4 nodes in {html_seconds:.2f} s (target under 1 s)")


if __name__ == "__main__":
    main(with_dot="--no-dot" not in sys.argv[1:])
