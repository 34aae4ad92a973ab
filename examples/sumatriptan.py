"""Oral sumatriptan versus oral caffeine/ergotamine for migraine: a published cost-utility decision tree.

The model of Evans KW, Boan JA, Evans JL, Shuaib A. "Economic evaluation of
oral sumatriptan compared with oral caffeine/ergotamine for migraine",
PharmacoEconomics 1997;12(5):565-577, as replicated in Box 2.3 of Briggs A,
Claxton K, Sculpher M. "Decision Modelling for Health Economic Evaluation",
Oxford University Press, 2006, and in the rdecision R package's vignette
"Sumatriptan versus caffeine for migraine" (whose tests state the published
results). A patient treats a migraine attack with one of the two drugs; the
attack is relieved or not; a relieved attack may recur and be relieved by a
second dose; an unrelieved patient endures the attack or goes to the
emergency department, where a few are admitted to hospital. Costs are in
1997 Canadian dollars; each outcome has a utility for the 24 hours of the
attack, and its QALYs are that utility times 1/365 of a year.

The published results this reproduces (see ``tests/test_sumatriptan_example.py``):
expected cost CAD 22.06 (sumatriptan) and 4.73 (caffeine/ergotamine),
expected utility 0.41 and 0.20, and an ICER of CAD 29,366 per QALY gained.

Run it with ``python examples/sumatriptan.py [output folder]``; the pictures
in the how-to guide come from ``python examples/sumatriptan.py docs/images``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import decisiontree as dt

SUMATRIPTAN = "Sumatriptan"
CAFFEINE = "Caffeine/ergotamine"

PARAMETERS = {
    # Costs (CAD 1997); Evans et al. 1997, as in Briggs et al. 2006, Box 2.3.
    "c_sumatriptan": (16.10, "Cost of a dose of oral sumatriptan"),
    "c_caffeine": (1.32, "Cost of a dose of oral caffeine/ergotamine"),
    "c_emergency": (63.16, "Cost of a visit to the emergency department"),
    "c_admission": (1093, "Cost of a hospital admission"),
    # Probabilities.
    "p_relief_caffeine": (0.379, "P(relief of the attack | caffeine/ergotamine)"),
    "d_relief": (0.179, "P(relief | sumatriptan) - P(relief | caffeine/ergotamine); 95% CI 0.091 to 0.268"),
    "p_no_recurrence_sumatriptan": (0.594, "P(no recurrence after relief | sumatriptan)"),
    "p_no_recurrence_caffeine": (0.703, "P(no recurrence after relief | caffeine/ergotamine)"),
    "p_emergency": (0.08, "P(emergency department visit | no relief)"),
    "p_admission": (0.002, "P(hospital admission | emergency department visit)"),
    # Utilities of the 24 hours of an attack.
    "u_relief": (1.0, "Utility: relief, no recurrence"),
    "u_recurrence": (0.9, "Utility: relief, recurrence relieved by a second dose"),
    "u_endure": (-0.3, "Utility: no relief, endures the attack (also: admitted to hospital)"),
    "u_emergency": (0.1, "Utility: no relief, relieved in the emergency department"),
}
"""Name -> (value, description) of every input."""

DISTRIBUTIONS = {
    "c_sumatriptan": dt.Gamma(16.10, 1.0),
    "c_caffeine": dt.Gamma(1.32, 1.0),
    "d_relief": dt.Normal(0.179, (0.268 - 0.091) / (2 * 1.96)),
}
"""Uncertain inputs for a probabilistic analysis. The drug costs as in rdecision's replication
(Gamma with shape = the mean, scale 1); the difference in relief rates normal with the published
95% confidence interval (Evans et al. 1997, Table VIII: 0.091 to 0.268)."""


def sumatriptan_tree(*, uncertain: bool = False) -> dt.Tree:
    """The decision tree of Evans et al. (1997): one decision, two treatment arms.

    Payoffs are ``{"cost", "utility", "qaly"}`` mappings: cost in CAD, the
    utility of the attack's 24 hours, and QALYs (utility / 365).
    ``uncertain`` gives the drug costs and the difference in relief rates
    the distributions of :data:`DISTRIBUTIONS` (for a probabilistic
    sensitivity analysis).
    """
    p = {
        name: dt.Parameter(
            name,
            value,
            description=text,
            distribution=DISTRIBUTIONS.get(name) if uncertain else None,
        )
        for name, (value, text) in PARAMETERS.items()
    }

    def spend(amount: Any) -> dict[str, Any]:
        return {"cost": amount, "utility": 0, "qaly": 0}

    def outcome(name: str, utility: Any) -> dt.Terminal:
        return dt.Terminal(name, payoff={"cost": 0, "utility": utility, "qaly": utility / 365})

    def arm(drug: str, dose: dt.Parameter, relief: Any, no_recurrence: dt.Parameter) -> dt.Chance:
        return dt.Chance(f"{drug}: attack", [
            dt.Branch("relief", dt.Chance(f"{drug}: recurrence", [
                dt.Branch("no recurrence", outcome("relieved", p["u_relief"]), probability=no_recurrence),
                dt.Branch("recurrence, second dose",
                          outcome("relieved after a second dose", p["u_recurrence"]),
                          probability=dt.COMPLEMENT, payoff=spend(dose)),
            ]), probability=relief),
            dt.Branch("no relief", dt.Chance(f"{drug}: no relief", [
                dt.Branch("endures attack", outcome("endured", p["u_endure"]), probability=dt.COMPLEMENT),
                dt.Branch("emergency department", dt.Chance(f"{drug}: emergency", [
                    dt.Branch("relief", outcome("relieved in emergency", p["u_emergency"]),
                              probability=dt.COMPLEMENT),
                    dt.Branch("hospitalisation", outcome("admitted", p["u_endure"]),
                              probability=p["p_admission"], payoff=spend(p["c_admission"])),
                ]), probability=p["p_emergency"], payoff=spend(p["c_emergency"])),
            ]), probability=dt.COMPLEMENT),
        ])  # fmt: skip

    root = dt.Decision("Migraine treatment", [
        dt.Branch(SUMATRIPTAN, arm("sumatriptan", p["c_sumatriptan"], p["p_relief_caffeine"] + p["d_relief"],
                                   p["p_no_recurrence_sumatriptan"]), payoff=spend(p["c_sumatriptan"])),
        dt.Branch(CAFFEINE, arm("caffeine/ergotamine", p["c_caffeine"], p["p_relief_caffeine"],
                                p["p_no_recurrence_caffeine"]), payoff=spend(p["c_caffeine"])),
    ])  # fmt: skip
    return dt.Tree(
        root,
        list(p.values()),
        name="Sumatriptan versus caffeine/ergotamine for migraine",
        description=(
            "Evans et al., PharmacoEconomics 1997;12:565-77; Briggs, Claxton & Sculpher 2006, Box 2.3."
        ),
    )


def pictures(output: Path, draws: int = 2000) -> list[Path]:
    """Write the cost-effectiveness plane, acceptability curves, EVPI and a spider plot into ``output``."""
    import matplotlib.pyplot as plt
    import numpy as np

    output.mkdir(parents=True, exist_ok=True)
    written = []
    table = dt.league_table(sumatriptan_tree(), cost="cost", effect="qaly")
    samples = dt.psa_cost_effectiveness(
        sumatriptan_tree(uncertain=True), draws, cost="cost", effect="qaly", seed=2006
    )
    ax = dt.plot_ce_plane(table, samples=samples, money="CAD")
    ax.set_title("Sumatriptan vs caffeine/ergotamine: cost-effectiveness plane")
    written.append(output / "cea_plane.png")
    ax.figure.savefig(written[-1], dpi=110)
    plt.close(ax.figure)
    curves = samples.acceptability(np.linspace(0, 60_000, 121))
    ax = dt.plot_ceac(curves, money="CAD per QALY")
    written.append(output / "cea_acceptability.png")
    ax.figure.savefig(written[-1], dpi=110)
    plt.close(ax.figure)
    ax = dt.plot_evpi(curves, money="CAD per QALY")
    ax.set_ylabel("EVPI per attack (CAD)")
    written.append(output / "cea_evpi.png")
    ax.figure.savefig(written[-1], dpi=110)
    plt.close(ax.figure)
    tables = list(spider_tables().values())  # lines labelled by the parameters' descriptions
    ax = dt.plot_spider(tables, label=f"net benefit of sumatriptan at {WTP:,} CAD/QALY (CAD)")
    written.append(output / "cea_spider.png")
    ax.figure.savefig(written[-1], dpi=110)
    plt.close(ax.figure)
    return written


WTP = 30_000
"""A willingness to pay (CAD per QALY) for the spider plot."""

SPIDER_PARAMETERS = (
    "d_relief",
    "c_sumatriptan",
    "p_no_recurrence_sumatriptan",
    "u_recurrence",
    "p_emergency",
)


def spider_tables(change: float = 0.2, points: int = 9) -> dict[str, Any]:
    """One-way tables of sumatriptan's net benefit at :data:`WTP`, each input within +-``change`` of its base.

    The strategy is held fixed (``policy=``): where caffeine/ergotamine would be better, the
    lines still show sumatriptan's net benefit.
    """
    import numpy as np

    tree = sumatriptan_tree()
    tables = {}
    for name in SPIDER_PARAMETERS:
        base = float(tree.parameter(name).value)
        values = np.linspace(base * (1 - change), base * (1 + change), points)
        tables[name] = dt.one_way(
            tree, name, values, objective={"qaly": WTP, "cost": -1}, policy={(): SUMATRIPTAN}
        )
    return tables


def main(output: Path | None = None) -> None:
    """Print the league table and the strategies' values; write the pictures when given a folder."""
    tree = sumatriptan_tree()
    exact = dt.league_table(tree, cost="cost", effect="qaly", exact=True)
    print(tree.name)
    print(dt.league_table(tree, cost="cost", effect="qaly"))
    print()
    icer = exact.frontier[-1].icer
    print(f"ICER, exactly: {icer} CAD per QALY (= {float(icer):,.1f})")
    utilities = dt.policy_values(tree, actor="utility")
    print("expected utility of the attack: " + ", ".join(f"{k} {v:.4f}" for k, v in utilities.items()))
    if output is not None:
        for path in pictures(Path(output)):
            print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
