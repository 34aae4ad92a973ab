"""Rendering timings: DOT text and SVG through Graphviz's dot for big trees.

Prints seconds per step and ratios against a baseline measured in the same run
(the 3-node tree drawn through dot, which is mostly the cost of starting dot).

Run: ``python benchmarks/bench_render.py``

Measured with Graphviz 2.43 on a shared two-core machine (wall-clock seconds):

    baseline: 3-node tree to SVG through dot                 0.059
    9,841-node tree: DOT text                                0.42
    9,841-node tree: SVG through dot (11 MB)                70     (172 before large
                                                                    diagrams set nslimit=1)
    88,573-node tree: DOT text, not collapsed                2.5
    88,573-node tree: DOT text / SVG, collapse=3 (67 nodes)  0.014 / 0.047
    88,573-node tree: DOT text / SVG, collapse=5 (607 nodes) 0.041 / 0.14

Graphviz's layout, not the DOT text, is the cost, and it grows faster than the
number of nodes; ``collapse`` keeps any tree drawable.
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


def main() -> None:
    small = dt.evaluate(
        dt.Tree(
            dt.Decision(
                "go?", [dt.Branch("yes", dt.Terminal("a", payoff=1)), dt.Branch("no", dt.Terminal("b"))]
            )
        )
    )
    baseline, _ = timed(lambda: pipe(dt.to_dot(small), "svg"))
    print(f"baseline: 3-node tree to SVG through dot            {baseline:8.3f} s")

    rows = []
    medium = dt.evaluate(large_tree(depth=8, width=3))  # 9,841 nodes
    seconds, graph = timed(lambda: dt.to_dot(medium))
    rows.append((f"{medium.tree.size:,}-node tree: DOT text", seconds))
    seconds, svg = timed(lambda: pipe(graph, "svg"))
    rows.append((f"{medium.tree.size:,}-node tree: SVG through dot ({len(svg) / 1e6:.1f} MB)", seconds))

    big = dt.evaluate(large_tree(depth=10, width=3))  # 88,573 nodes
    seconds, graph = timed(lambda: dt.to_dot(big))
    rows.append((f"{big.tree.size:,}-node tree: DOT text, not collapsed", seconds))
    for depth in (3, 5):
        seconds, graph = timed(lambda depth=depth: dt.to_dot(big, collapse=depth))
        rows.append((f"{big.tree.size:,}-node tree: DOT text, collapse={depth}", seconds))
        seconds, _ = timed(lambda graph=graph: pipe(graph, "svg"))
        drawn = graph.source.count("->") + 1
        rows.append((f"{big.tree.size:,}-node tree: SVG, collapse={depth} ({drawn:,} nodes drawn)", seconds))
    for name, seconds in rows:
        print(f"{name:<52} {seconds:8.3f} s  {seconds / baseline:8.1f} x baseline")


if __name__ == "__main__":
    main()
