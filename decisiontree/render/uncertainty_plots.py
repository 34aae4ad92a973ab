"""Plots of uncertainty: risk profiles and Monte Carlo (PSA) results, with matplotlib.

Each function draws on ``ax`` (a new figure's axes by default) and returns the
axes (the rule of :mod:`decisiontree.render.axes`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .. import _arguments as arguments
from ..errors import ArgumentError, among, brief
from ..number import format_number
from .axes import axes, value_label

__all__ = ["plot_psa", "plot_risk_profile"]


_MAX_BINS = 10_000
"""A histogram of draws has at most this many bins."""


def plot_risk_profile(profiles: Any, ax: Any = None, *, cumulative: bool = True) -> Any:
    """Draw one or several risk profiles: cumulative step curves, or probability stems.

    Parameters
    ----------
    profiles : RiskProfile, sequence of them, or mapping label -> RiskProfile
        For instance ``dt.risk_profiles(tree)`` (every option at the root).
    ax : matplotlib Axes, optional
    cumulative : bool
        ``P(payoff <= x)`` as steps (default), else the probability of each payoff.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Go?", [
    ...     dt.Branch("gamble", dt.Chance("coin", [
    ...         dt.Branch("heads", dt.Terminal("win", payoff=100), probability=0.5),
    ...         dt.Branch("tails", dt.Terminal("lose", payoff=-40), probability=0.5),
    ...     ])),
    ...     dt.Branch("sure", dt.Terminal("sure thing", payoff=20)),
    ... ]))
    >>> ax = plot_risk_profile(dt.risk_profiles(tree))
    >>> [line.get_label() for line in ax.get_lines()]
    ['gamble', 'sure']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from ..analysis.risk import RiskProfile

    what = "risk profiles (from risk_profile or risk_profiles)"
    arguments.of_kind(profiles, (RiskProfile, Mapping, Sequence), "plot_risk_profile", what)
    if isinstance(profiles, RiskProfile):
        profiles = [profiles]
    given = list(profiles.items()) if isinstance(profiles, Mapping) else [(None, p) for p in profiles]
    if not given:
        raise ArgumentError(f"plot_risk_profile() needs at least one of the {what}")
    for _, profile in given:
        arguments.of_kind(profile, RiskProfile, "plot_risk_profile", what)
    items = [(profile.label if label is None else label, profile) for label, profile in given]
    cumulative = arguments.flag(cumulative, "cumulative")
    ax = axes(ax, (7, 4))
    low = min(float(p.outcomes[0]) for _, p in items)
    high = max(float(p.outcomes[-1]) for _, p in items)
    margin = 0.05 * (high - low or 1.0)
    for k, (label, profile) in enumerate(items):
        x = np.array([float(v) for v in profile.outcomes])
        if cumulative:
            y = np.array([float(v) for v in profile.cumulative])
            ax.step(
                np.r_[low - margin, x, high + margin],
                np.r_[0.0, y, 1.0],
                where="post",
                label=str(label) or None,
            )
        else:
            p = np.array([float(v) for v in profile.probabilities])
            offset = (k - (len(items) - 1) / 2) * margin * 0.3
            ax.vlines(x + offset, 0, p, color=f"C{k}", linewidth=3)
            ax.plot(x + offset, p, "o", color=f"C{k}", label=str(label) or None)
    ax.set_xlabel("total payoff")
    ax.set_ylabel("P(payoff ≤ x)" if cumulative else "probability")
    ax.set_ylim(-0.02, 1.02 if cumulative else None)
    ax.set_title("Risk profile" + ("s" if len(items) > 1 else ""))
    if any(label for label, _ in items):
        ax.legend()
    return ax


def plot_psa(result: Any, ax: Any = None, *, kind: str = "histogram", bins: int = 50) -> Any:
    """Draw a PSA result: option value histograms, or the share of draws each option is best.

    Parameters
    ----------
    result : PSAResult
    ax : matplotlib Axes, optional
    kind : {"histogram", "optimal"}
        ``"histogram"``: the distribution of each option's value over the
        draws, with its mean marked (an option whose value is the same in
        every draw is a solid vertical line, so that its one tall bin does
        not flatten the others); ``"optimal"``: a bar per option, the
        probability that it is the best option.
    bins : int
        Histogram bins.

    Examples
    --------
    >>> import decisiontree as dt
    >>> cost = dt.Parameter("cost", 10, distribution=dt.Uniform(0, 30))
    >>> tree = dt.Tree(dt.Decision("buy?", [
    ...     dt.Branch("buy", dt.Terminal("bought", payoff=20), payoff=-cost),
    ...     dt.Branch("skip", dt.Terminal("skipped")),
    ... ]), parameters=[cost])
    >>> ax = plot_psa(dt.psa(tree, 1000, seed=1), kind="optimal")
    >>> [tick.get_text() for tick in ax.get_xticklabels()]
    ['buy', 'skip']
    >>> ax = plot_psa(dt.psa(tree, 1000, seed=1))
    >>> ax.get_legend_handles_labels()[1]
    ['buy', 'skip (the same in every draw: 0)']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from ..analysis.psa import PSAResult

    arguments.of_kind(result, PSAResult, "plot_psa", "a PSAResult (from psa)")
    bins = arguments.count(bins, "bins", maximum=_MAX_BINS)
    if not among(kind, ("histogram", "optimal")):
        raise ArgumentError(f"kind must be 'histogram' or 'optimal', got {brief(kind)}")
    ax = axes(ax, (7, 4))
    if kind == "optimal":
        shares = result.probability_optimal
        positions = np.arange(len(shares))
        ax.bar(positions, list(shares.values()), color=[f"C{k}" for k in positions])
        ax.set_xticks(positions, list(shares))
        ax.set_ylim(0, 1)
        ax.set_ylabel("probability optimal")
        ax.set_title(f"How often each option is best ({result.n:,} draws)")
        return ax
    values = result.values
    constant = [bool(np.ptp(values[:, k]) == 0) if len(values) else True for k in range(len(result.labels))]
    varying = [k for k, fixed in enumerate(constant) if not fixed]
    edges = np.histogram_bin_edges(values[:, varying] if varying else values, bins=bins)
    for k, label in enumerate(result.labels):
        if constant[k]:
            at = float(values[0, k]) if len(values) else 0.0
            ax.axvline(
                at,
                color=f"C{k}",
                linewidth=2.5,
                label=f"{label} (the same in every draw: {format_number(at)})",
            )
            continue
        # one filled outline per option, not a bar per bin: as fast with 10,000 bins as with 50
        ax.hist(values[:, k], bins=edges, alpha=0.5, color=f"C{k}", label=label, histtype="stepfilled")
        ax.axvline(values[:, k].mean(), color=f"C{k}", linestyle="--")
    ax.set_xlabel(value_label(result.tree, result.decision))
    ax.set_ylabel("draws")
    ax.set_title(f"Option values over {result.n:,} draws (dashed: means)")
    ax.legend(fontsize=8)
    return ax
