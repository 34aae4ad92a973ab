"""Trees several test modules use: the API contract's Paris-summit example and its variants, the umbrella."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import decisiontree as dt


def summit(
    *,
    cost_name: str = "troop_cost",
    cost_high: int = 40,
    ceasefire_notes: str = "",
    name: str = "Paris summit",
) -> dt.Tree:
    """Deploy a force (worth 150 p_hold - 50 - cost) or stay out (0); p_hold = 0.6, cost = 20."""
    hold = dt.Parameter("p_hold", 0.6, low=0.4, high=0.8, description="P(ceasefire holds)")
    cost = dt.Parameter(cost_name, 20, low=10, high=cost_high)
    ceasefire = dt.Chance(
        "Ceasefire",
        [
            dt.Branch("holds", dt.Terminal("Stable", payoff=100), probability=hold),
            dt.Branch("breaks", dt.Terminal("War", payoff=-50), probability=dt.COMPLEMENT),
        ],
        notes=ceasefire_notes,
    )
    return dt.Tree(
        dt.Decision(
            "Paris summit",
            [
                dt.Branch("Deploy force", ceasefire, payoff=-cost),
                dt.Branch("Stay out", dt.Terminal("Status quo", payoff=0)),
            ],
        ),
        parameters=[hold, cost],
        name=name,
    )


def umbrella(rain: Any = 0.2, parameters: Sequence[dt.Parameter] = ()) -> dt.Tree:
    """Take the umbrella (-1) or leave it and risk the rain (-10 with probability ``rain``)."""
    return dt.Tree(
        dt.Decision(
            "Umbrella?",
            [
                dt.Branch("take", dt.Terminal("dry", payoff=-1)),
                dt.Branch(
                    "leave",
                    dt.Chance(
                        "Rain",
                        [
                            dt.Branch("rain", dt.Terminal("wet", payoff=-10), probability=rain),
                            dt.Branch("sun", dt.Terminal("fine", payoff=0), probability=dt.COMPLEMENT),
                        ],
                    ),
                ),
            ],
        ),
        parameters,
    )
