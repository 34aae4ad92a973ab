"""The Paris-summit report: the whole analysis in one HTML page to hand to someone.

Takes the tree with the US response as a decision and the distributions of
``paris_uncertainty.py``, and writes ``paris_summit_report.html``: the question,
the diagram, Europe's recommended choice in words, the scenarios, the parameter
table, tornado and exact switch points, the Monte Carlo analysis and the value
of information, in one self-contained file (``dt.report``).

Run it with ``python examples/paris_report.py [folder]`` or ``decisiontree demo``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from paris_uncertainty import uncertain_tree

import decisiontree as dt


def main(output: Path | None = None) -> None:
    """Write ``paris_summit_report.html`` into ``output``."""
    folder = Path("paris-output") if output is None else Path(output)
    written = dt.report(uncertain_tree("decision"), folder / "paris_summit_report.html")
    print(f"Wrote the Paris-summit report: {written}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
