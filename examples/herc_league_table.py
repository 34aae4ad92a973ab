"""A league table with strong and extended dominance: the HERC teaching example.

Six strategies (usual care UC, and A to E) with their costs and effects, from
the cost-effectiveness analysis course pages of the US Department of Veterans
Affairs' Health Economics Resource Center (HERC, herc.research.va.gov), as
dampack's tests reproduce them (``tests/testthat/test_calculate_icers.R``):
A is dominated by B (dearer and less effective), C is extendedly dominated
(a mix of B and D gives its effect for less), and the frontier UC, B, D, E has
ICERs of 5,000, 12,500 and 20,000 per unit of effect.

Run it with ``python examples/herc_league_table.py [output folder]``; the
picture in the how-to guide comes from ``python examples/herc_league_table.py docs/images``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import decisiontree as dt

STRATEGIES = {  # name: (cost, effect)
    "UC": (5000, 1),
    "A": (12000, 1.5),
    "B": (10000, 2),
    "C": (25000, 3),
    "D": (35000, 4),
    "E": (55000, 5),
}


def herc_tree() -> dt.Tree:
    """One decision with a branch per strategy, each ending in its cost and effect."""
    return dt.Tree(
        dt.Decision(
            "Strategy",
            [
                dt.Branch(name, dt.Terminal(name, payoff={"cost": cost, "effect": effect}))
                for name, (cost, effect) in STRATEGIES.items()
            ],
        ),
        name="HERC league-table example",
    )


def main(output: Path | None = None) -> None:
    """Print the exact league table; draw the cost-effectiveness plane when given a folder."""
    table = dt.league_table(herc_tree(), cost="cost", effect="effect", exact=True)
    print(table)
    for r in table.optimal_ranges():
        upper = "any higher" if r.high is None else r.high
        print(f"best from {r.low} to {upper} per unit of effect: {r.row.name}")
    if output is not None:
        import matplotlib.pyplot as plt

        Path(output).mkdir(parents=True, exist_ok=True)
        ax = dt.plot_ce_plane(table)
        ax.set_title("HERC example: the frontier UC → B → D → E")
        path = Path(output) / "cea_herc_plane.png"
        ax.figure.savefig(path, dpi=110)
        plt.close(ax.figure)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
