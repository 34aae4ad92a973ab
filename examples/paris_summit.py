"""The founding scenario: Europe's leaders in Paris (see ``seeds/``).

European leaders, sidelined from US-Russia talks, meet in Paris to decide on
defence spending and a post-ceasefire reassurance force for Ukraine. The US
may accept Europe at the negotiating table or rebuff it; the ceasefire may
hold or break. Four actors care about the outcome: Europe, Ukraine, the US
and Russia. Payoffs are on a common index scale (about -100 to 100) per actor.

Three stages:

1. **Europe decides** (owner ``Europe``): spending plus a reassurance force,
   spending only, or no new commitment.
2. **The US responds**: accepts Europe at the table or rebuffs it. In the
   ``"decision"`` variant the US chooses to maximise its own payoff
   (backward induction); in the ``"chance"`` variant its response is a
   chance event whose probability depends on Europe's commitment.
3. **The ceasefire** holds or breaks, more likely to hold with a force on the
   ground and with Europe at the table.

Run it with ``python examples/paris_summit.py`` or ``decisiontree demo``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import decisiontree as dt

P = dt.Parameter

# Each parameter: a best guess, a range for sensitivity analysis, a distribution for Monte Carlo
# (Beta for the US's acceptance chances, Gamma for Europe's costs, PERT within the range, peaking
# at the best guess, for the rest: bounded, so p_hold + deterrence + table_bonus never exceeds
# 0.6 + 0.25 + 0.15 = 1), a short description (its label in tables and plots) and, as its source,
# the reasoning behind it, quoting the seed.

# fmt: off
# --- probabilities ---------------------------------------------------------------------------
p_hold = P(
    "p_hold", 0.45, low=0.30, high=0.60, distribution=dt.PERT(0.30, 0.45, 0.60),
    description="P(ceasefire holds), no force, Europe off the table",
    source="The seed stresses 'the consequences if a ceasefire breaks': a coin flip at best.",
)
deterrence = P(
    "deterrence", 0.15, low=0.05, high=0.25, distribution=dt.PERT(0.05, 0.15, 0.25),
    description="Added P(holds) from a reassurance force",
    source="The force 'aims to serve as a reassurance force'.",
)
table_bonus = P(
    "table_bonus", 0.10, low=0.00, high=0.15, distribution=dt.PERT(0.00, 0.10, 0.15),
    description="Added P(holds) with Europe at the table",
    source="Through Europe, Kyiv is at the table: 'no crucial decisions should be made without "
    "Kyiv's input'.",
)
p_accept_force = P(
    "p_accept_force", 0.60, low=0.35, high=0.85, distribution=dt.Beta(12, 8),
    description="P(US accepts Europe) after spending + force",
    source="Proactive steps 're-emphasize Europe's value to the US'.",
)
p_accept_spend = P(
    "p_accept_spend", 0.40, low=0.20, high=0.60, distribution=dt.Beta(8, 12),
    description="P(US accepts Europe) after spending only",
    source="The Trump administration's stance is 'unclear'.",
)
p_accept_none = P(
    "p_accept_none", 0.15, low=0.05, high=0.30, distribution=dt.Beta(3, 17),
    description="P(US accepts Europe), no new commitment",
    source="'The potential for rebuff ... looms large'.",
)

# --- Europe's payoffs --------------------------------------------------------------------------
spend_cost = P(
    "spend_cost", 15, low=8, high=25, distribution=dt.Gamma(16, 0.9375),
    description="Europe's cost of higher defence spending",
    source="Leaders 'face domestic pressures' and 'domestic economic issues'.",
)
force_cost = P(
    "force_cost", 20, low=10, high=40, distribution=dt.Gamma(6.25, 3.2),
    description="Europe's cost of sending troops",
    source="A political and money cost: 'public sentiment leans against further military "
    "involvement' (Italy).",
)
eu_peace = P(
    "eu_peace", 60, low=40, high=80, distribution=dt.PERT(40, 60, 80),
    description="Europe's value of a holding ceasefire",
    source="A stable continent.",
)
eu_war = P(
    "eu_war", 50, low=30, high=80, distribution=dt.PERT(30, 50, 80),
    description="Europe's loss if the ceasefire breaks",
    source="'Serious implications for the region's defence'.",
)
exposure = P(
    "exposure", 30, low=10, high=50, distribution=dt.PERT(10, 30, 50),
    description="Europe's extra loss with troops in a war",
    source="Troops deployed when the ceasefire breaks: troop numbers, command structures and "
    "'consequences if a ceasefire breaks'.",
)
eu_seat = P(
    "eu_seat", 25, low=10, high=40, distribution=dt.PERT(10, 25, 40),
    description="Europe's value of a seat at the table",
    source="After being 'sidelined in US-Russia talks'.",
)

# --- Ukraine's payoffs -------------------------------------------------------------------------
ua_peace = P(
    "ua_peace", 70, low=50, high=90, distribution=dt.PERT(50, 70, 90),
    description="Ukraine's value of a holding ceasefire",
)
ua_war = P(
    "ua_war", 80, low=60, high=100, distribution=dt.PERT(60, 80, 100),
    description="Ukraine's loss if the ceasefire breaks",
)
ua_reassurance = P(
    "ua_reassurance", 20, low=5, high=35, distribution=dt.PERT(5, 20, 35),
    description="Ukraine's value of European troops",
    source="'Europe stands beside Ukraine'.",
)
ua_voice = P(
    "ua_voice", 15, low=5, high=25, distribution=dt.PERT(5, 15, 25),
    description="Ukraine's value of Europe at the table",
    source="'Ensuring Ukraine's involvement in ceasefire negotiations'.",
)

# --- the US's payoffs --------------------------------------------------------------------------
us_peace = P(
    "us_peace", 20, low=10, high=30, distribution=dt.PERT(10, 20, 30),
    description="The US's value of a holding ceasefire",
)
us_war = P(
    "us_war", 20, low=10, high=40, distribution=dt.PERT(10, 20, 40),
    description="The US's loss if the ceasefire breaks",
)
us_burden = P(
    "us_burden", 10, low=5, high=20, distribution=dt.PERT(5, 10, 20),
    description="US gain per level of European commitment",
    source="Levels are spending and the force: 'Europe ... taking proactive steps in its own defence', "
    "less 'over-reliance on the US'.",
)
us_leverage = P(
    "us_leverage", 14, low=5, high=20, distribution=dt.PERT(5, 14, 20),
    description="US cost of sharing the table",
    source="A bilateral deal with Russia is faster ('talks with Russia about Ukraine's future').",
)
us_alliance = P(
    "us_alliance", 8, low=2, high=15, distribution=dt.PERT(2, 8, 15),
    description="US alliance gain per level of commitment",
    source="Gained by accepting a committed Europe at the table as a partner.",
)

# --- Russia's payoffs --------------------------------------------------------------------------
ru_peace = P(
    "ru_peace", 10, low=0, high=20, distribution=dt.PERT(0, 10, 20),
    description="Russia's value of a holding ceasefire",
)
ru_war = P(
    "ru_war", 5, low=-20, high=30, distribution=dt.PERT(-20, 5, 30),
    description="Russia's value of the ceasefire breaking",
)
ru_force = P(
    "ru_force", 25, low=10, high=40, distribution=dt.PERT(10, 25, 40),
    description="Russia's cost of a European force",
    source="'Putin [is] likely monitoring Europe's moves closely'.",
)
ru_unity = P(
    "ru_unity", 15, low=5, high=25, distribution=dt.PERT(5, 15, 25),
    description="Russia's cost of a united Western table",
    source="Instead of bilateral talks with the US.",
)
# fmt: on

PARAMETERS = [
    p_hold, deterrence, table_bonus, p_accept_force, p_accept_spend, p_accept_none,
    spend_cost, force_cost, eu_peace, eu_war, exposure, eu_seat,
    ua_peace, ua_war, ua_reassurance, ua_voice,
    us_peace, us_war, us_burden, us_leverage, us_alliance,
    ru_peace, ru_war, ru_force, ru_unity,
]  # fmt: skip

ACTORS = ("Europe", "Ukraine", "US", "Russia")

OPTIONS = {  # Europe's options: (commitment level, force deployed, US acceptance chance)
    "Spend + reassurance force": (2, True, p_accept_force),
    "Spend only": (1, False, p_accept_spend),
    "No new commitment": (0, False, p_accept_none),
}


def payoffs(**by_actor: Any) -> dict[str, Any]:
    """A per-actor payoff; actors not named get 0."""
    return {actor: by_actor.get(actor, 0) for actor in ACTORS}


def ceasefire(force: bool, at_table: bool) -> dt.Chance:
    """Stage 3: the ceasefire holds or breaks."""
    holds = p_hold + (deterrence if force else 0) + (table_bonus if at_table else 0)
    return dt.Chance("Ceasefire", [
        dt.Branch("holds", dt.Terminal("Ceasefire holds", payoff=payoffs(
            Europe=eu_peace, Ukraine=ua_peace, US=us_peace, Russia=ru_peace)), probability=holds),
        dt.Branch("breaks", dt.Terminal("Ceasefire breaks", payoff=payoffs(
            Europe=-eu_war - (exposure if force else 0), Ukraine=-ua_war, US=-us_war, Russia=ru_war)),
            probability=dt.COMPLEMENT),
    ])  # fmt: skip


def us_response(level: int, force: bool, accept_chance: dt.Parameter, us: str) -> dt.Decision | dt.Chance:
    """Stage 2: the US accepts Europe at the table or rebuffs it."""
    accept = dt.Branch(
        "US accepts Europe", ceasefire(force, at_table=True),
        payoff=payoffs(Europe=eu_seat, Ukraine=ua_voice, US=level * us_alliance - us_leverage,
                       Russia=-ru_unity),
        probability=accept_chance if us == "chance" else None,
    )  # fmt: skip
    rebuff = dt.Branch(
        "US rebuffs Europe",
        ceasefire(force, at_table=False),
        probability=dt.COMPLEMENT if us == "chance" else None,
    )
    if us == "chance":
        return dt.Chance("US response", [accept, rebuff])
    return dt.Decision("US response", [accept, rebuff], owner="US")


def paris_summit(us: str = "decision") -> dt.Tree:
    """The Paris-summit tree; ``us`` is ``"decision"`` (the US chooses) or ``"chance"``."""
    if us not in ("decision", "chance"):
        raise ValueError(f"us must be 'decision' or 'chance', got {us!r}")
    branches = []
    for label, (level, force, accept_chance) in OPTIONS.items():
        cost = payoffs(
            Europe=-(spend_cost if level else 0) - (force_cost if force else 0),
            Ukraine=ua_reassurance if force else 0,
            US=level * us_burden,
            Russia=-ru_force if force else 0,
        )
        branches.append(dt.Branch(label, us_response(level, force, accept_chance, us), payoff=cost))
    return dt.Tree(
        dt.Decision("Paris summit", branches, owner="Europe"),
        parameters=PARAMETERS,
        name=f"Paris summit (US response as a {us})",
        description="European leaders decide on defence spending and a reassurance force for Ukraine.",
    )


def main(output: Path | None = None) -> None:
    """Evaluate both variants and print the policy and the scenarios (nothing is written to ``output``)."""
    for variant in ("decision", "chance"):
        tree = paris_summit(variant)
        result = dt.evaluate(tree)
        print(f"=== {tree.name} ===")
        print(f"Europe's choice: {result.choice('Paris summit')}")
        print("Expected payoffs: " + ", ".join(f"{a} {v:+.2f}" for a, v in result.value.items()))
        exact = dt.evaluate(tree, exact=True)
        print("Exactly:          " + ", ".join(f"{a} {v}" for a, v in exact.value.items()))
        print("Value of each option to Europe, its costs included:")
        for label, value in result.option_values().items():
            print(f"  {label:<28} {value['Europe']:+8.2f}")
        if variant == "decision":
            print("US responses (backward induction):")
            for label in OPTIONS:
                print(f"  after {label!r}: {result.policy[(label,)]}")
        print("Scenarios, most likely first:")
        for scenario in result.ranked_scenarios():
            payoff = ", ".join(f"{a} {v:+.0f}" for a, v in scenario.payoff.items())
            print(f"  {scenario.probability:6.1%}  {' > '.join(scenario.path)}")
            print(f"          {payoff}")
        print()


if __name__ == "__main__":
    main()
