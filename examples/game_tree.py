"""A multi-actor game tree: entry deterrence, drawn with each decision coloured by its owner.

An entrant decides whether to enter a market. If it enters, the incumbent
fights with a price war or accommodates; a price war may end quickly or drag
on. If it stays out, the incumbent may still invest in extra capacity. Each
actor maximises its own payoff (backward induction), so the threat to fight
is not credible: the entrant enters and the incumbent accommodates.

Run it with ``python examples/game_tree.py [folder]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import decisiontree as dt

war_ends = dt.Parameter("p_short_war", 0.3, low=0.1, high=0.6, description="Chance a price war is short")


def entry_game() -> dt.Tree:
    """The entry-deterrence game: payoffs ``{"Entrant": ..., "Incumbent": ...}`` in millions."""

    def pay(entrant: float, incumbent: float) -> dict[str, float]:
        return {"Entrant": entrant, "Incumbent": incumbent}

    price_war = dt.Chance(
        "Price war",
        [
            dt.Branch("short", dt.Terminal("Entrant survives", payoff=pay(1, 2)), probability=war_ends),
            dt.Branch("long", dt.Terminal("Both bleed", payoff=pay(-4, -3)), probability=dt.COMPLEMENT),
        ],
        notes="A long war costs both sides; a short one ends with the entrant established.",
    )
    incumbent = dt.Decision(
        "Incumbent responds",
        [
            dt.Branch("fight", price_war, payoff=pay(0, -1)),
            dt.Branch("accommodate", dt.Terminal("Shared market", payoff=pay(3, 4))),
        ],
        owner="Incumbent",
    )
    capacity = dt.Decision(
        "Incumbent invests",
        [
            dt.Branch("expand", dt.Terminal("Monopoly, expanded", payoff=pay(0, 9)), payoff=pay(0, -2)),
            dt.Branch("hold", dt.Terminal("Monopoly", payoff=pay(0, 8))),
        ],
        owner="Incumbent",
    )
    return dt.Tree(
        dt.Decision(
            "Entrant decides",
            [dt.Branch("enter", incumbent, payoff=pay(-1, 0)), dt.Branch("stay out", capacity)],
            owner="Entrant",
        ),
        parameters=[war_ends],
        name="Entry deterrence",
    )


def main(output: Path | None = None) -> None:
    """Evaluate the game and draw it (SVG; PNG too when Graphviz's dot is installed)."""
    folder = Path("game-tree") if output is None else Path(output)
    result = dt.evaluate(entry_game())
    print(dt.to_text(result))
    for suffix in ("svg", "png"):
        try:
            print(f"wrote {dt.render(result, folder / f'game_tree.{suffix}', actor_colors=True)}")
        except dt.DecisionTreeError as error:
            print(f"{suffix}: {error}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
