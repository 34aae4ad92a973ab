"""A tree of about 100,000 nodes: drawn whole, folded, and explored in the browser.

Ten alternating stages (a decision with three options, then a chance event
with three outcomes, ...) give 88,573 nodes. The whole tree draws as SVG in
seconds; ``collapse=3`` draws the first three stages and folds every deeper
subtree into one summary node showing how many nodes it holds and its
rolled-back value; the HTML viewer opens folded and unfolds on click.

Run it with ``python examples/large_tree.py [folder]``.
"""

from __future__ import annotations

import sys
import time
from fractions import Fraction
from pathlib import Path

import decisiontree as dt


def large_tree(depth: int = 10, width: int = 3) -> dt.Tree:
    """A full tree: ``depth`` stages alternating decisions and chance nodes, ``width`` branches each.

    Built bottom-up, level by level (no recursion); payoffs vary with the position.
    """
    probabilities = [Fraction(1, width)] * width
    level: list[dt.Terminal | dt.Chance | dt.Decision] = [
        dt.Terminal(f"end {k}", payoff=(k * 37) % 101 - 50) for k in range(width**depth)
    ]
    for stage in reversed(range(depth)):
        parents: list[dt.Terminal | dt.Chance | dt.Decision] = []
        for k in range(0, len(level), width):
            children = level[k : k + width]
            number = k // width
            if stage % 2 == 0:
                branches = [dt.Branch(f"option {j}", child, payoff=-j) for j, child in enumerate(children)]
                parents.append(dt.Decision(f"decide {stage}.{number}", branches))
            else:
                branches = [
                    dt.Branch(f"outcome {j}", child, probability=p)
                    for j, (child, p) in enumerate(zip(children, probabilities, strict=True))
                ]
                parents.append(dt.Chance(f"chance {stage}.{number}", branches))
        level = parents
    return dt.Tree(level[0], name=f"A tree of {(width ** (depth + 1) - 1) // (width - 1):,} nodes")


def main(output: Path | None = None) -> None:
    """Build and evaluate the large tree; draw it whole, folded below depth 3, and as the HTML viewer."""
    folder = Path("large-tree") if output is None else Path(output)
    start = time.perf_counter()
    tree = large_tree()
    result = dt.evaluate(tree)
    built = time.perf_counter() - start
    print(f"{tree.size:,} nodes built and evaluated in {built:.2f} s; value {result.value:.3f}")
    start = time.perf_counter()
    graph = dt.to_dot(result, collapse=3)
    print(f"DOT text with {graph.source.count('->')} edges in {time.perf_counter() - start:.2f} s")
    for name, options in (("large_tree.svg", {}), ("large_tree_top.svg", {"collapse": 3})):
        start = time.perf_counter()
        path = dt.render(result, folder / name, **options)
        print(f"wrote {path} in {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    path = dt.render(result, folder / "large_tree.html")
    print(f"wrote {path} in {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
