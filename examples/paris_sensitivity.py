"""How sure is Europe's choice in Paris, and at what value of which input does it flip?

For both variants of the Paris-summit tree (the US response as a decision of
the US, or as a chance event) this prints the exact switch points of Europe's
choice for the key probabilities and costs, and a tornado table of Europe's
value; it draws the tornado diagram and the strategy region of the force's
acceptance chance against its cost.

Run it with ``python examples/paris_sensitivity.py [output folder]``; the
pictures in the documentation come from ``python examples/paris_sensitivity.py docs/images``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from paris_summit import paris_summit

import decisiontree as dt
from decisiontree.analysis.sensitivity import Tornado

KEY_PARAMETERS = (
    "p_hold",
    "deterrence",
    "table_bonus",
    "p_accept_force",
    "p_accept_spend",
    "force_cost",
    "spend_cost",
    "exposure",
    "eu_seat",
)
"""Europe's key probabilities and costs."""


def switch_point_report(tree: dt.Tree) -> list[str]:
    """One line per key parameter: where Europe's choice flips within the parameter's range."""
    lines = []
    for name in KEY_PARAMETERS:
        found = dt.switch_points(tree, name)
        parameter = tree.parameter(name)
        if not found.thresholds:
            lines.append(
                f"  {name:<15} no switch in [{parameter.low}, {parameter.high}]: {found.intervals[0].optimal}"
            )
            continue
        points = ", ".join(f"{t} (= {float(t):.4g})" for t in found.thresholds)
        lines.append(f"  {name:<15} switches at {points} [{found.method}]")
        for interval in found:
            lines.append(f"  {'':<15}   {interval.low} .. {interval.high}: {interval.optimal}")
    return lines


def tornado_report(bars: Tornado, top: int = 10) -> list[str]:
    """The widest tornado bars as a table."""
    lines = [f"  {'parameter':<15} {'low':>6} {'high':>6} {'at low':>8} {'at high':>8} {'swing':>7}  flips?"]
    for bar in list(bars)[:top]:
        flips = f"yes ({bar.optimal_low} -> {bar.optimal_high})" if bar.changes_choice else ""
        lines.append(
            f"  {bar.parameter:<15} {bar.low:>6g} {bar.high:>6g} {bar.value_low:>+8.2f} "
            f"{bar.value_high:>+8.2f} {bar.swing:>7.2f}  {flips}"
        )
    return lines


def sensitivity_pictures(output: Path) -> list[Path]:
    """Write ``tornado.png`` and ``strategy_region.png`` (the "chance" variant) into ``output``."""
    import matplotlib.pyplot as plt

    output.mkdir(parents=True, exist_ok=True)
    tree = paris_summit("chance")
    written = []
    ax = dt.plot_tornado(dt.tornado(tree), top=9)
    ax.set_title("Paris summit: Europe's value, its 9 most influential inputs")
    written.append(output / "tornado.png")
    ax.figure.savefig(written[-1], dpi=110)
    plt.close(ax.figure)
    grid = dt.two_way(tree, "p_accept_force", None, "force_cost", None, points=121)
    ax = dt.plot_strategy_region(grid)
    ax.set_title("Paris summit: Europe's best option")
    written.append(output / "strategy_region.png")
    ax.figure.savefig(written[-1], dpi=110)
    plt.close(ax.figure)
    return written


def main(output: Path | None = None) -> None:
    """Print switch points and tornado tables for both variants and write the pictures."""
    output = Path("paris-summit-output") if output is None else Path(output)
    for variant in ("decision", "chance"):
        tree = paris_summit(variant)
        print(f"=== {tree.name}: where does Europe's choice flip? ===")
        print(f"Base case: {dt.evaluate(tree).choice('Paris summit')}")
        print("\n".join(switch_point_report(tree)))
        bars = dt.tornado(tree)
        print(f"Tornado of Europe's value (base {bars.base_value:+.2f}, {bars.base_optimal}):")
        print("\n".join(tornado_report(bars)))
        if bars.skipped:
            print(f"  skipped (no range): {', '.join(bars.skipped)}")
        print()
    for path in sensitivity_pictures(output):
        print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
