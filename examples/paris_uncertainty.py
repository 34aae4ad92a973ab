"""Uncertainty in the Paris-summit model: Monte Carlo, value of information, risk profiles.

The base values of ``paris_summit.py`` are best guesses, and each parameter
carries a distribution (Beta for the US's acceptance chances, Gamma for
Europe's costs, PERT within the stated ranges for the ceasefire chances and
the payoffs). Here we ask:

1. How often is each of Europe's options the best one when the inputs vary
   together (probabilistic sensitivity analysis, both variants of the tree)?
2. What would Europe gain by knowing beforehand whether the ceasefire holds,
   or how the US will respond (expected value of perfect information)?
3. What spread of outcomes does each option carry (risk profiles)?

Run it with ``python examples/paris_uncertainty.py`` or ``decisiontree demo``;
it writes ``risk_profiles.png`` and ``psa.png``.
"""

from __future__ import annotations

from pathlib import Path

from paris_summit import paris_summit

import decisiontree as dt

DRAWS = 20_000
SEED = 2025


def main(output: Path | None = None) -> None:
    """Print the PSA, EVPI and risk profiles; write ``risk_profiles.png`` and ``psa.png``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    output = Path("paris-output") if output is None else Path(output)
    output.mkdir(parents=True, exist_ok=True)

    results = {}
    for variant in ("decision", "chance"):
        tree = paris_summit(variant)
        result = dt.psa(tree, DRAWS, seed=SEED)
        results[variant] = result
        print(f"=== PSA: {tree.name}, {result.n:,} draws (seed {SEED}) ===")
        print(f"  {'option':<28} {'P(best)':>8} {'mean':>8} {'95% interval':>20}")
        intervals = result.quantiles((0.025, 0.975))
        for label in result.labels:
            low, high = intervals[label]
            print(
                f"  {label:<28} {result.probability_optimal[label]:>8.1%} {result.mean[label]:>+8.2f}"
                f"   [{low:+7.2f}, {high:+7.2f}]"
            )
        print(
            f"  Value to Europe of resolving all parameter uncertainty (Monte Carlo EVPI): {result.evpi:.2f}"
        )
        print()

    tree = paris_summit("chance")
    print("=== Value of perfect information to Europe (chance variant, base values, exact) ===")
    print("  The ceasefire's and the US's odds depend on Europe's choice, so each uncertainty is")
    print("  revealed as one uniform draw that fixes every node's outcome (coupling='comonotone').")
    for node in ("Ceasefire", "US response", None):
        value = dt.evpi(tree, node=node, coupling="comonotone", exact=True)
        print(f"  EVPI on {node or 'both together':<16} {float(value):6.2f}  (= {value})")
    print()

    print("=== Risk profiles of Europe's options (chance variant, base values) ===")
    profiles = dt.risk_profiles(tree)
    for label, profile in profiles.items():
        spread = ", ".join(
            f"{float(x):+.0f} ({float(p):.0%})"
            for x, p in zip(profile.outcomes, profile.probabilities, strict=True)
        )
        print(f"  {label:<28} mean {float(profile.mean):+6.2f}: {spread}")
    labels = list(profiles)
    for a in labels:
        for b in labels:
            if a != b and dt.dominates(profiles[a], profiles[b], order=2):
                kind = "first" if dt.dominates(profiles[a], profiles[b]) else "second"
                print(f"  {a!r} dominates {b!r} ({kind} order)")
    averse = dt.evaluate(tree, utility=dt.ExponentialUtility(risk_tolerance=30))
    print(
        f"  A risk-averse Europe (risk tolerance 30) chooses {averse.choice('Paris summit')!r}, "
        f"certainty equivalent {averse.certainty_equivalent['Europe']:+.2f}"
    )

    ax = dt.plot_risk_profile(profiles)
    ax.set_title("Europe's payoff under each option (US response as a chance)")
    ax.figure.savefig(output / "risk_profiles.png", dpi=120)
    figure, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
    dt.plot_psa(results["chance"], ax=axes[0])
    dt.plot_psa(results["chance"], ax=axes[1], kind="optimal")
    figure.savefig(output / "psa.png", dpi=120)
    plt.close("all")
    print(f"\nWrote {output / 'risk_profiles.png'} and {output / 'psa.png'}")


if __name__ == "__main__":
    main()
