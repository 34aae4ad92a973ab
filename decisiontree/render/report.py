"""One report of a whole analysis: a self-contained HTML page, or Markdown.

``report`` evaluates a tree and runs the analyses that apply to it — the
recommended policy, scenarios, the parameter table, tornado and exact switch
points, a probabilistic sensitivity analysis when parameters have
distributions, the value of information, the league table when payoffs have
cost and effect — and writes them, with the diagram and charts, into one file.
Sections that do not apply are left out, each with one line saying why.

>>> import pathlib, tempfile, decisiontree as dt
>>> p = dt.Parameter("p", 0.3, low=0.1, high=0.6, description="P(oil)")
>>> tree = dt.Tree(dt.Decision("Drill?", [
...     dt.Branch("drill", dt.Chance("Oil", [
...         dt.Branch("wet", dt.Terminal("gusher", payoff=100), probability=p),
...         dt.Branch("dry", dt.Terminal("dry hole"), probability=dt.COMPLEMENT),
...     ]), payoff=-20),
...     dt.Branch("walk away", dt.Terminal("nothing")),
... ]), parameters=[p], name="Oil field")
>>> written = report(tree, pathlib.Path(tempfile.mkdtemp()) / "oil.html")
>>> page = written.read_text()
>>> "Oil field" in page and "<svg" in page and "Switch points" in page
True
"""

from __future__ import annotations

import base64
import html
import io
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import _arguments as arguments
from ..analysis.cost_effectiveness import league_table, psa_cost_effectiveness
from ..analysis.evpi import evpi
from ..analysis.evppi import regression_evppi
from ..analysis.psa import PSAResult, psa
from ..analysis.sensitivity import one_way, tornado
from ..analysis.sweep import sweep
from ..analysis.thresholds import switch_points
from ..errors import ArgumentError, DecisionTreeError, ModelError, brief, items
from ..evaluate import Result, evaluate
from ..model import Decision, Tree
from ..number import real_float
from ..tables import Table, distribution_text, path_text
from .backend import _display_depth, svg
from .formatting import auto_number, auto_probability, clean

__all__ = ["DRAWS", "FORMATS", "SEED", "report"]

DRAWS = 1000
"""Monte Carlo draws of the report's PSA unless ``draws=`` says otherwise."""

SEED = 20250217
"""The PSA's seed unless ``seed=`` says otherwise: the same report every time."""

FORMATS = {"html": "html", "htm": "html", "md": "markdown", "markdown": "markdown"}
"""File suffixes (and ``format=`` values) ``report`` knows, and the format each means."""

MAX_LISTED = 5_000
"""Trees with more nodes than this get no full policy table and no EVPI per uncertainty."""

DIAGRAM_NODES = 300
"""Trees with more nodes are drawn folded to their first levels (about this many nodes shown)."""

EFFECT_KEYS = ("effect", "qaly", "qalys", "QALY", "QALYs", "effectiveness")
"""Payoff keys taken as the effect of a cost-effectiveness tree (with a ``cost`` key) unless named."""


# --------------------------------------------------------------------------- the document


@attrs.frozen
class Strong:
    """Text shown in bold."""

    text: str


@attrs.frozen
class Paragraph:
    """A paragraph of text runs (plain strings and ``Strong``)."""

    parts: tuple[str | Strong, ...]
    muted: bool = False


@attrs.frozen
class Items:
    """A bulleted list of paragraphs."""

    items: tuple[Paragraph, ...]


@attrs.frozen
class TableBlock:
    """A table, with probabilities shown as percentages."""

    table: Table
    limit: int | None = None


@attrs.frozen
class Figure:
    """A picture: SVG text or PNG bytes, with a caption."""

    name: str
    caption: str
    svg: str = ""
    png: bytes = b""


Block = Paragraph | Items | TableBlock | Figure


@attrs.frozen
class Section:
    """A titled part of the report."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@attrs.frozen
class Omitted:
    """A section left out, and why."""

    title: str
    reason: str


@attrs.frozen
class Document:
    """The report before it is written: a title, an introduction, sections and what was left out."""

    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    omitted: tuple[Omitted, ...]


def _p(*parts: str | Strong, muted: bool = False) -> Paragraph:
    return Paragraph(tuple(parts), muted)


def _number(value: Any) -> str:
    """A number as the report shows it: three significant digits, thousands separated."""
    if value is None:
        return ""
    if isinstance(value, Mapping):
        return ", ".join(f"{k} {_number(v)}" for k, v in value.items())
    return auto_number(real_float(value))  # exact switch points too, to the last digit


def _share(value: Any) -> str:
    return "" if value is None else auto_probability(real_float(value))


def _denoised(value: float, scale: Any) -> float:
    """``value`` as 0 when it is rounding noise next to numbers of the size of ``scale``."""
    import numpy as np

    size = float(np.max(np.abs(scale))) if np.size(scale) else 0.0
    return 0.0 if abs(value) <= 1e-9 * max(size, 1.0) else value


def _span(low: Any, high: Any) -> str:
    """A range, kept on one line: ``0.3 to 0.6``."""
    return f"{_number(low)}\u00a0to\u00a0{_number(high)}"


def _exact(value: Any) -> str:
    """A switch point: its exact form when short (``7/15``), with the decimal value."""
    text = str(value)
    approx = _number(value)
    if getattr(value, "is_Integer", False) or text == approx or len(text) > 24:
        return approx
    return f"{text}\u00a0≈\u00a0{approx}"


# --------------------------------------------------------------------------- the analyses


@attrs.define
class _Context:
    tree: Tree
    result: Result | None
    decision: tuple[str, ...]
    objective: Any
    draws: int
    seed: Any
    top: int
    plots: bool
    cost: str | None
    effect: str | None
    wtp: Any
    sections: list[Section] = attrs.field(factory=list)
    omitted: list[Omitted] = attrs.field(factory=list)
    psa: PSAResult | None = None
    evpi: float = 0.0
    matplotlib: bool = True

    @property
    def seed_text(self) -> str:
        """The seed as the report writes it (a seed may be an integer of any size)."""
        return brief(self.seed)

    def omit(self, title: str, reason: str) -> None:
        self.omitted.append(Omitted(title, reason))

    def add(self, key: str, title: str, blocks: Sequence[Block]) -> None:
        self.sections.append(Section(key, title, tuple(blocks)))


def _whose(tree: Tree, decision: tuple[str, ...], objective: Any, wtp: Any = None) -> tuple[str, str]:
    """Who chooses at the decision, and what its numbers measure: ``("Europe", " for Europe")``,
    ``("", " in net monetary benefit ...")``; ``("", "")`` for plain payoffs."""
    if not tree.actors:
        return "", ""
    owner = getattr(tree.node_at(decision), "owner", None)
    if owner:
        return str(owner), f" for {owner}"
    if wtp is not None:
        return "", f" in net monetary benefit at a willingness to pay of {_number(wtp)}"
    if isinstance(objective, str):
        return "", f" in {objective}"
    if isinstance(objective, Mapping):
        terms = []
        for key, weight in objective.items():
            w = float(weight)
            sign = "-" if w < 0 else "+"
            size = "" if abs(w) == 1 else f"{_number(abs(w))} × "
            terms.append(f"{sign} {size}{key}")
        text = " ".join(terms)
        return "", " in " + (text[2:] if text.startswith("+ ") else "-" + text[2:])
    return "", ""


def _figure(name: str, caption: str, draw: Callable[[], Any]) -> Figure:
    """A matplotlib chart as PNG: ``draw()`` returns axes or a figure, closed afterwards."""
    import matplotlib.pyplot as plt

    drawn = draw()
    figure = drawn if hasattr(drawn, "savefig") else drawn.figure
    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    finally:
        plt.close(figure)
    return Figure(name, caption, png=buffer.getvalue())


def _summary(ctx: _Context) -> None:
    assert ctx.result is not None
    tree, result = ctx.tree, ctx.result
    node = tree.node_at(ctx.decision)
    options = sweep(tree, decision=ctx.decision, objective=ctx.objective, progress=False)
    values = dict(zip(options.labels, (float(v) for v in options.values[:, 0]), strict=True))
    best = options.labels[int(options.choice[0])]
    who, measure = _whose(tree, ctx.decision, ctx.objective, ctx.wtp)
    where = "" if not ctx.decision else f" (after {path_text(ctx.decision)})"
    chooser = f"{who} should choose" if who else "choose"
    others = sorted(((v, k) for k, v in values.items() if k != best), reverse=True)
    blocks: list[Block] = [
        _p(
            f"At {node.name}{where}, {chooser} ",
            Strong(best),
            f": expected value {_number(values[best])}{measure}",
            (", against " + ", ".join(f"{_number(v)} for {k}" for v, k in others) + "." if others else "."),
        )
    ]
    if tree.actors:
        blocks.append(_p("Expected payoffs under this policy: ", _number(result.value), "."))
    elif ctx.decision:
        blocks.append(_p("Expected value of the whole tree under this policy: ", _number(result.value), "."))
    if tree.paths <= MAX_LISTED:
        policy = result.to_table("policy")
        later = [
            row
            for row in policy.records()
            if row["reached with probability"] > 0 and row["at"] != path_text(ctx.decision)
        ]
        if later:
            items = [
                _p(
                    f"At {row['decision']} (after {row['at']}"
                    + (f"; {row['owner']} decides" if row.get("owner") else "")
                    + f", reached with probability {_share(row['reached with probability'])}): ",
                    Strong(row["choice"]),
                )
                for row in later[:12]
            ]
            if len(later) > 12:
                items.append(_p(f"... and {len(later) - 12} more decisions (see the policy table)."))
            blocks += [_p("Then:"), Items(tuple(items))]
        blocks.append(TableBlock(policy, limit=60))
    else:
        ctx.omit("Policy table", f"the tree has {tree.paths:,} nodes; Result.to_frame('policy') lists them")
    ctx.add("recommendation", "Recommendation", blocks)


def _diagram(ctx: _Context) -> None:
    subject: Any = ctx.result if ctx.result is not None else ctx.tree
    depth = _display_depth(ctx.tree, DIAGRAM_NODES)
    owners = any(getattr(node, "owner", None) for node in ctx.tree.flat.nodes)
    picture = svg(subject, collapse=depth, formulas=False, actor_colors=owners or None, title="")
    caption = "The tree" + (", the optimal policy in bold" if ctx.result is not None else "")
    if depth is not None:
        caption += f" (folded below level {depth}: the tree has {ctx.tree.paths:,} nodes)"
    ctx.add("diagram", "Diagram", [Figure("diagram", caption, svg=picture)])


def _scenarios(ctx: _Context) -> None:
    assert ctx.result is not None
    table = ctx.result.to_table("scenarios", top=ctx.top)
    blocks: list[Block] = []
    if ctx.tree.paths <= MAX_LISTED:
        count = len(ctx.result.scenarios)
        if count > len(table):
            shown = sum(float(p) for p in table.column("probability"))
            blocks.append(
                _p(
                    f"The {len(table)} most likely of {count} scenarios under the policy "
                    f"(together {_share(shown)} of the probability)."
                )
            )
        else:
            blocks.append(_p(f"All {count} scenarios under the policy, most likely first."))
    blocks.append(TableBlock(table))
    ctx.add("scenarios", "Scenarios", blocks)


def _parameters(ctx: _Context) -> None:
    tree = ctx.tree
    if not tree.parameters:
        ctx.omit("Parameters", "the model has no parameters")
        return
    values = ctx.result.values if ctx.result is not None else {}
    rows = []
    for p in tree.parameters:
        shown = f"{p.value} = {_number(values[p.name])}" if p.derived and p.name in values else p.value
        span = _span(p.low, p.high) if p.has_range else ""
        rows.append((p.name, shown, span, distribution_text(p.distribution), p.description, p.source))
    columns = ["parameter", "value", "range", "distribution", "description", "source"]
    keep = [k for k, name in enumerate(columns) if k < 2 or any(row[k] for row in rows)]
    table = Table([columns[k] for k in keep], [[row[k] for k in keep] for row in rows], title="Parameters")
    blocks: list[Block] = [TableBlock(table)]
    missing = [columns[k] for k in range(2, len(columns)) if k not in keep]
    if missing:
        blocks.append(_p(f"No parameter has a {' or a '.join(missing)}.", muted=True))
    ctx.add("parameters", "Parameters", blocks)


def _sensitivity(ctx: _Context) -> None:
    tree = ctx.tree
    ranged = [p for p in tree.parameters if p.has_range and not p.derived]
    if not ranged:
        ctx.omit("Sensitivity", "no parameter has a range (low and high) to vary")
        return
    bars = tornado(tree, decision=ctx.decision, objective=ctx.objective, progress=False)
    _, measure = _whose(tree, ctx.decision, ctx.objective, ctx.wtp)
    moving = [bar for bar in bars if bar.swing > 0 or bar.changes_choice]
    still = [bar.parameter for bar in bars if bar not in moving]
    rows = [
        (
            bar.parameter,
            _span(bar.low, bar.high),
            bar.value_low,
            bar.value_high,
            bar.swing,
            f"{bar.optimal_low} → {bar.optimal_high}"
            if bar.optimal_low != bar.optimal_high
            else ("yes, inside the range" if bar.changes_choice else ""),
        )
        for bar in moving
    ]
    columns = ("parameter", "range", "value at low", "value at high", "swing", "best choice changes")
    blocks: list[Block] = [
        _p(
            f"Each parameter varied over its range, the others at their base values: the value at the "
            f"decision{measure} (base case {_number(bars.base_value)}, ",
            Strong(bars.base_optimal),
            "), widest swing first.",
        )
    ]
    if ctx.plots and ctx.matplotlib and moving:
        from .plots import plot_tornado

        shown = attrs.evolve(bars, bars=tuple(moving))
        blocks.append(_figure("tornado", "Tornado diagram", lambda: plot_tornado(shown, top=15)))
    blocks.append(TableBlock(Table(columns, rows, title="Tornado")))
    if still:
        blocks.append(_p(f"No effect on this value within their ranges: {', '.join(still)}.", muted=True))
    ctx.add("sensitivity", "Sensitivity", blocks)
    _thresholds(ctx, [bar.parameter for bar in bars if bar.changes_choice])


def _thresholds(ctx: _Context, names: Sequence[str]) -> None:
    if not names:
        ctx.add(
            "thresholds",
            "Switch points",
            [
                _p(
                    "No single parameter changes the best choice within its range "
                    "(each varied alone, the others at their base values)."
                )
            ],
        )
        return
    rows = []
    for name in names:
        found = switch_points(ctx.tree, name, decision=ctx.decision, objective=ctx.objective)
        story = "; ".join(
            f"{interval.optimal} from {_number(interval.low)} to {_number(interval.high)}"
            for interval in found
        )
        points = ", ".join(_exact(t) for t in found.thresholds) or "none"
        rows.append((name, points, story, found.method))
    table = Table(("parameter", "switch points", "best choice", "method"), rows, title="Switch points")
    blocks: list[Block] = [
        _p(
            "The values at which the best choice changes, each parameter varied alone "
            "(exact where the formulas can be solved):"
        ),
        TableBlock(table),
    ]
    if ctx.plots and ctx.matplotlib:
        from .plots import plot_one_way

        first = names[0]
        sweep_table = one_way(ctx.tree, first, decision=ctx.decision, objective=ctx.objective, progress=False)
        blocks.append(
            _figure("one_way", f"The options' values against {first}", lambda: plot_one_way(sweep_table))
        )
    ctx.add("thresholds", "Switch points", blocks)


def _psa(ctx: _Context) -> None:
    tree = ctx.tree
    sampled = [p.name for p in tree.parameters if p.distribution is not None]
    if not sampled:
        ctx.omit(
            "Probabilistic sensitivity analysis",
            "no parameter has a distribution (give parameters one, such as Beta or PERT, to see how "
            "uncertain the recommendation is)",
        )
        return
    result = psa(
        tree, ctx.draws, seed=ctx.seed, decision=ctx.decision, objective=ctx.objective, progress=False
    )
    ctx.psa = result
    ctx.evpi = _denoised(result.evpi, result.values)
    shares = result.probability_optimal
    best = max(shares, key=lambda k: shares[k])
    _, measure = _whose(tree, ctx.decision, ctx.objective, ctx.wtp)
    fixed = len(tree.parameters) - len(sampled)
    blocks: list[Block] = [
        _p(
            f"{len(sampled)} parameter{'s' if len(sampled) != 1 else ''} drawn from "
            f"{'their distributions' if len(sampled) != 1 else 'its distribution'} {result.n:,} times "
            f"(seed {ctx.seed_text})" + (f"; the other {fixed} at their values. " if fixed else ". "),
            Strong(best),
            f" is the best option in {_share(shares[best])} of the draws. Resolving all of this "
            f"uncertainty before deciding would be worth {_number(ctx.evpi)}{measure} "
            "(the expected value of perfect information, by Monte Carlo).",
        ),
        TableBlock(result.to_table("summary")),
    ]
    if ctx.plots and ctx.matplotlib:
        from .uncertainty_plots import plot_psa

        def draw() -> Any:
            import matplotlib.pyplot as plt

            figure, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
            plot_psa(result, ax=axes[0])
            plot_psa(result, ax=axes[1], kind="optimal")
            return figure

        blocks.append(_figure("psa", "The options' values over the draws, and how often each is best", draw))
    ctx.add("psa", "Probabilistic sensitivity analysis", blocks)


def _chance_names(tree: Tree) -> list[str]:
    names: list[str] = []
    for node in tree.flat.nodes:
        if node.kind == "chance" and node.name not in names:
            names.append(node.name)
    return names


def _information(ctx: _Context) -> None:
    tree = ctx.tree
    _, measure = _whose(tree, ctx.decision, ctx.objective, ctx.wtp)
    blocks: list[Block] = []
    names = _chance_names(tree)
    if ctx.decision:
        ctx.omit("Value of information (exact)", "it is computed for the first decision, not a later one")
    elif not names:
        ctx.omit("Value of information (exact)", "the tree has no chance node")
    elif tree.paths > MAX_LISTED:
        ctx.omit(
            "Value of information (exact)", f"the tree has {tree.paths:,} nodes (more than {MAX_LISTED:,})"
        )
    else:
        rows: list[tuple[str, float | None, str]] = []
        notes: list[str] = []
        assert ctx.result is not None
        values = ctx.result.value
        for name in [*names, None]:
            label = name if name is not None else "all of them together"
            try:
                value, how = evpi(tree, node=name, objective=ctx.objective), ""
            except ModelError:
                try:
                    value = evpi(tree, node=name, objective=ctx.objective, coupling="comonotone")
                    how = "comonotone"
                    notes.append(label)
                except DecisionTreeError as error:
                    rows.append((label, None, f"not computed: {error}"))
                    continue
            scale = list(values.values()) if isinstance(values, Mapping) else [values]
            note = "one draw fixes every such node" if how else ""
            rows.append((label, _denoised(float(value), [float(v) for v in scale]), note))
        blocks += [
            _p(
                f"What knowing an uncertainty's outcome before the first decision would be worth{measure}, "
                "exactly, at the base values (EVPI):"
            ),
            TableBlock(
                Table(("uncertainty", "EVPI", "note"), rows, title="Expected value of perfect information")
            ),
        ]
        if notes:
            blocks.append(
                _p(
                    f"{', '.join(notes)}: the probabilities differ between places in the tree (a choice "
                    "shifts them), so the outcome is revealed as one uniform draw that fixes every such node "
                    "together.",
                    muted=True,
                )
            )
    if ctx.psa is not None and ctx.psa.samples:
        result = ctx.psa
        estimates: list[tuple[str, float, float]] = []
        for name in result.samples:
            try:
                found = regression_evppi(result, [name])
            except DecisionTreeError:
                continue
            estimates.append((name, _denoised(found.value, result.values), found.standard_error))
        if estimates:
            estimates.sort(key=lambda row: -row[1])
            blocks += [
                _p(
                    f"What learning one parameter's true value would be worth{measure} (EVPPI, by "
                    f"regression on the {result.n:,} draws of the PSA; total EVPI {_number(ctx.evpi)}):"
                ),
                TableBlock(
                    Table(("parameter", "EVPPI", "standard error"), estimates, title="EVPPI per parameter")
                ),
            ]
            floor = _placebo(result)
            if floor is not None:
                blocks.append(
                    _p(
                        "The regression estimate is biased upwards by noise: parameters that carry no "
                        f"information (a parameter's draws shuffled) get up to {_number(floor)} by the same "
                        f"method (the largest of {PLACEBOS} tries), so estimates of about that size "
                        "cannot be told from zero; more draws lower this noise.",
                        muted=True,
                    )
                )
    if blocks:
        ctx.add("information", "Value of information", blocks)


PLACEBOS = 20
"""Shuffled parameters whose regression EVPPI shows the estimator's noise level."""


def _placebo(result: PSAResult) -> float | None:
    """The noise level of regression EVPPI: the largest estimate for a parameter without
    information (each sampled parameter's draws shuffled in turn, ``PLACEBOS`` tries)."""
    import numpy as np

    names = list(result.samples)
    rng = np.random.default_rng(0)
    found = []
    for k in range(PLACEBOS):
        name = names[k % len(names)]
        shuffled = rng.permutation(result.samples[name])
        placebo = attrs.evolve(result, samples={**result.samples, name: shuffled})
        try:
            found.append(regression_evppi(placebo, [name]).value)
        except DecisionTreeError:
            return None
    return float(max(found))


def _cost_effect(tree: Tree, cost: str | None, effect: str | None) -> tuple[str | None, str | None]:
    keys = tree.actors
    if cost is None and "cost" in keys:
        cost = "cost"
    if effect is None:
        effect = next((k for k in EFFECT_KEYS if k in keys), None)
    return cost, effect


def _league(ctx: _Context) -> None:
    cost, effect = ctx.cost, ctx.effect
    if cost is None or effect is None:
        ctx.omit(
            "League table",
            "the payoffs have no cost and effect keys (name them with cost= and effect=)"
            if ctx.tree.actors
            else "the payoffs are single numbers, not cost and effect",
        )
        return
    table = league_table(ctx.tree, cost=cost, effect=effect)
    rows = [
        (
            row.name,
            row.cost,
            row.effect,
            row.icer,
            row.status + (f" by {' and '.join(row.dominated_by)}" if row.dominated_by else ""),
        )
        for row in table.rows
    ]
    blocks: list[Block] = [
        _p(f"Every strategy's expected {cost} and {effect}, by increasing {cost}; ICERs along the frontier."),
        TableBlock(Table(("strategy", cost, effect, "ICER", "status"), rows, title="League table")),
    ]
    ranges = table.optimal_ranges()
    if ranges:
        blocks.append(
            Items(
                tuple(
                    _p(
                        f"at a willingness to pay from {_number(r.low)}"
                        + ("" if r.high is None else f" to {_number(r.high)}")
                        + ": ",
                        Strong(r.row.name),
                    )
                    for r in ranges
                )
            )
        )
    if ctx.plots and ctx.matplotlib:
        from .cea_plots import plot_ce_plane

        blocks.append(_figure("ce_plane", "The cost-effectiveness plane", lambda: plot_ce_plane(table)))
    if any(p.distribution is not None for p in ctx.tree.parameters):
        blocks += _acceptability(ctx, table)
    ctx.add("league", "Cost-effectiveness", blocks)


def _acceptability(ctx: _Context, table: Any) -> list[Block]:
    """Acceptability curves from a PSA of every strategy's cost and effect."""
    import numpy as np

    assert ctx.cost is not None and ctx.effect is not None
    samples = psa_cost_effectiveness(ctx.tree, ctx.draws, cost=ctx.cost, effect=ctx.effect, seed=ctx.seed)
    icers = [float(x) for x in table.switch_points if x is not None and float(x) > 0]
    if not icers:  # no trade-off on the frontier: scale by the steepest cost per unit of effect
        rows = table.rows
        icers = [
            abs(float(a.cost) - float(b.cost)) / abs(float(a.effect) - float(b.effect))
            for a in rows
            for b in rows
            if float(a.effect) != float(b.effect)
        ] or [1.0]
    wtp = np.linspace(0, 2.5 * max(icers), 101)
    curves = samples.acceptability(wtp)
    at = float(max(icers))
    shares = samples.acceptability([at]).probability[0]
    best = int(np.argmax(shares))
    blocks: list[Block] = [
        _p(
            f"Over {samples.n:,} draws of the parameters (seed {ctx.seed_text}), at a willingness to pay of "
            f"{_number(at)}, ",
            Strong(samples.names[best]),
            f" has the highest net monetary benefit in {_share(shares[best])} of the draws.",
        )
    ]
    if ctx.plots and ctx.matplotlib:
        from .cea_plots import plot_ceac

        blocks.append(_figure("ceac", "Cost-effectiveness acceptability curves", lambda: plot_ceac(curves)))
    return blocks


# --------------------------------------------------------------------------- putting it together


def _question(tree: Tree, decision: tuple[str, ...]) -> str:
    node = tree.node_at(decision)
    if not isinstance(node, Decision):
        return ""
    labels = [b.label for b in node.branches]
    who = getattr(node, "owner", None) or "the decision maker"
    options = ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]
    return f"What should {who} choose at {node.name}: {options}?"


def _base(tree: Tree, values: Mapping[Any, Any] | None) -> Tree:
    """The tree with ``values`` as its parameters' base values (so every analysis starts from them)."""
    given = arguments.values(tree, values)
    if not given:
        return tree
    changed = [attrs.evolve(p, value=given[p.name]) if p.name in given else p for p in tree.parameters]
    return attrs.evolve(tree, parameters=changed)


def build(
    tree: Tree,
    *,
    values: Mapping[Any, Any] | None = None,
    objective: Any = None,
    decision: Sequence[str] = (),
    title: str | None = None,
    question: str | None = None,
    draws: int = DRAWS,
    seed: Any = SEED,
    cost: str | None = None,
    effect: str | None = None,
    wtp: Any = None,
    top: int = 10,
    plots: bool = True,
) -> Document:
    """The report's contents (see ``report``), before they are written."""
    tree = arguments.tree_of(tree, "report")
    path = items(decision, "decision", "branch labels", ArgumentError)
    arguments.decision(tree, path)
    plots = arguments.flag(plots, "plots")
    for what, text in (("title", title), ("question", question), ("cost", cost), ("effect", effect)):
        if text is not None:
            arguments.text(text, what)
    draws = arguments.count(draws, "draws", minimum=2)
    top = arguments.count(top, "top")
    cost, effect = _cost_effect(tree, cost, effect)
    for option, key in (("cost", cost), ("effect", effect)):
        if key is not None and key not in tree.actors:
            raise ArgumentError(
                f"{option}={key!r} is not a payoff key of this tree ({', '.join(tree.actors)})"
            )
    if wtp is not None:
        if cost is None or effect is None:
            raise ArgumentError("wtp= needs cost and effect keys (cost= and effect=)")
        if objective is not None:
            raise ArgumentError("give objective= or wtp=, not both")
        objective = {effect: wtp, cost: -1}
    tree = _base(tree, values)
    unowned = any(n.kind == "decision" and n.owner is None for n in tree.flat.nodes)
    ctx = _Context(tree, None, path, objective, draws, seed, top, plots, cost, effect, wtp)
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        ctx.matplotlib = False
        if plots:
            ctx.omit("Charts", "matplotlib is not installed (pip install 'decisiontree[plot]')")
    if tree.actors and objective is None and unowned:
        reason = (
            "the decisions have no owner and no objective was given (pass objective= with a payoff key or "
            "weights" + (", or wtp= to maximise net monetary benefit)" if cost and effect else ")")
        )
        ctx.omit("Recommendation, scenarios, sensitivity and value of information", reason)
        _diagram(ctx)
        _parameters(ctx)
        _league(ctx)
    else:
        ctx.result = evaluate(tree, objective=objective)
        steps = (_summary, _diagram, _scenarios, _parameters, _sensitivity, _psa, _information, _league)
        for step in steps:
            try:
                step(ctx)
            except DecisionTreeError as error:  # a refusal (too large, unsolvable): say so, go on
                ctx.omit(step.__name__.strip("_").replace("_", " ").capitalize(), f"not computed: {error}")
    name = title if title is not None else (tree.name or tree.root.name)
    intro: list[Block] = []
    if tree.description:
        intro.append(_p(tree.description))
    asked = clean(question) if question is not None else _question(tree, path)
    if asked:
        intro.append(_p(Strong("Question:"), " ", asked))
    given = arguments.values(tree, values)
    if given:
        intro.append(
            _p(
                "At "
                + ", ".join(f"{k} = {_number(v)}" for k, v in given.items())
                + "; other parameters at their base values.",
                muted=True,
            )
        )
    return Document(clean(name), tuple(intro), tuple(ctx.sections), tuple(ctx.omitted))


# --------------------------------------------------------------------------- writing


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1f2328;
       max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { font-size: 1.9rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #d0d7de; padding-bottom: 0.25rem; margin-top: 2.2rem; }
nav { font-size: 0.9rem; margin: 1rem 0 1.5rem; display: flex; flex-wrap: wrap; gap: 0.2rem 0.9rem; }
nav a { color: #0969da; text-decoration: none; white-space: nowrap; }
.table { overflow-x: auto; }
p.muted, li.muted { color: #59636e; font-size: 0.92rem; }
table.decisiontree-table { border-collapse: collapse; margin: 0.8rem 0 1.2rem; font-size: 0.9rem; }
table.decisiontree-table caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
table.decisiontree-table th { background: #f6f8fa; border-bottom: 2px solid #d0d7de; padding: 0.35rem 0.6rem;
                              text-align: left; }
table.decisiontree-table td { border-bottom: 1px solid #eaeef2; padding: 0.3rem 0.6rem; vertical-align: top; }
table.decisiontree-table tr:nth-child(even) td { background: #fbfcfd; }
figure { margin: 1rem 0 1.6rem; }
figure .picture { overflow-x: auto; border: 1px solid #eaeef2; border-radius: 6px; padding: 0.5rem; }
figure svg, figure img { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { color: #59636e; font-size: 0.88rem; margin-top: 0.35rem; }
footer { margin-top: 3rem; color: #8c959f; font-size: 0.8rem; }
@media print { nav { display: none; } figure .picture { border: none; } }
"""


def _html_text(paragraph: Paragraph) -> str:
    return "".join(
        f"<strong>{html.escape(part.text)}</strong>" if isinstance(part, Strong) else html.escape(part)
        for part in paragraph.parts
    )


def _html_svg(text: str) -> str:
    """An SVG document as inline markup (no XML declaration or doctype)."""
    return re.sub(r"^\s*<\?xml[^>]*\?>\s*(<!DOCTYPE[^>]*>\s*)?", "", text)


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        muted = ' class="muted"' if block.muted else ""
        return f"<p{muted}>{_html_text(block)}</p>"
    if isinstance(block, Items):
        return "<ul>" + "".join(f"<li>{_html_text(item)}</li>" for item in block.items) + "</ul>"
    if isinstance(block, TableBlock):
        table = block.table.to_html(number=_number, percent=_share, caption=False, limit=block.limit)
        return f'<div class="table">{table}</div>'
    if block.svg:
        picture = _html_svg(block.svg)
    else:
        data = base64.b64encode(block.png).decode("ascii")
        picture = f'<img alt="{html.escape(block.caption)}" src="data:image/png;base64,{data}">'
    return (
        f'<figure id="figure-{block.name}"><div class="picture">{picture}</div>'
        f"<figcaption>{html.escape(block.caption)}</figcaption></figure>"
    )


def to_html_report(document: Document) -> str:
    """The report as one self-contained HTML page (styles, pictures and charts inline)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="decisiontree">',
        f"<title>{html.escape(document.title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{html.escape(document.title)}</h1>",
        *(_html_block(block) for block in document.intro),
        "</header>",
        "<nav>"
        + "".join(f'<a href="#{s.key}">{html.escape(s.title)}</a>' for s in document.sections)
        + ('<a href="#omitted">Not in this report</a>' if document.omitted else "")
        + "</nav>",
    ]
    for section in document.sections:
        parts.append(f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>')
        parts.extend(_html_block(block) for block in section.blocks)
        parts.append("</section>")
    if document.omitted:
        parts.append('<section id="omitted"><h2>Not in this report</h2><ul>')
        parts.extend(
            f'<li class="muted"><strong>{html.escape(o.title)}</strong>: {html.escape(o.reason)}.</li>'
            for o in document.omitted
        )
        parts.append("</ul></section>")
    parts.append("<footer>Written by decisiontree.</footer></body></html>")
    return "\n".join(parts) + "\n"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text)


def _md_text(paragraph: Paragraph) -> str:
    text = "".join(
        f"**{_md_escape(part.text)}**" if isinstance(part, Strong) else _md_escape(part)
        for part in paragraph.parts
    )
    return f"*{text}*" if paragraph.muted else text


def to_markdown_report(document: Document, images: Path, link: str) -> str:
    """The report in Markdown; pictures are written into ``images``, linked as ``link/<name>``."""
    out = [f"# {_md_escape(document.title)}", ""]

    def block_text(block: Block) -> str:
        if isinstance(block, Paragraph):
            return _md_text(block)
        if isinstance(block, Items):
            return "\n".join(f"- {_md_text(item)}" for item in block.items)
        if isinstance(block, TableBlock):
            table = block.table
            if block.limit is not None and len(table) > block.limit:
                table = Table(table.columns, table.rows[: block.limit], percent=table.percent)
            return table.to_markdown(number=_number, percent=_share)
        images.mkdir(parents=True, exist_ok=True)
        name = f"{block.name}.svg" if block.svg else f"{block.name}.png"
        if block.svg:
            (images / name).write_text(block.svg, encoding="utf-8")
        else:
            (images / name).write_bytes(block.png)
        return f"![{_md_escape(block.caption)}]({link}/{name})\n\n*{_md_escape(block.caption)}*"

    for block in document.intro:
        out += [block_text(block), ""]
    for section in document.sections:
        out += [f"## {_md_escape(section.title)}", ""]
        for block in section.blocks:
            out += [block_text(block), ""]
    if document.omitted:
        out += ["## Not in this report", ""]
        out += [f"- **{_md_escape(o.title)}**: {_md_escape(o.reason)}." for o in document.omitted]
        out.append("")
    return "\n".join(out)


def report(
    tree: Tree,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    values: Mapping[Any, Any] | None = None,
    objective: Any = None,
    decision: Sequence[str] = (),
    title: str | None = None,
    question: str | None = None,
    draws: int = DRAWS,
    seed: Any = SEED,
    cost: str | None = None,
    effect: str | None = None,
    wtp: Any = None,
    top: int = 10,
    plots: bool = True,
) -> Path:
    """Write one report of the whole analysis of ``tree``: HTML (self-contained) or Markdown.

    The report tells the model's story: its name, question and description;
    the diagram; the recommended policy in words, with the policy table;
    scenarios ranked by probability; the parameter table (value, range,
    distribution, description, source); a tornado table and chart with the
    exact switch points of the parameters that change the best choice; a
    probabilistic sensitivity analysis with charts when parameters have
    distributions; the value of information (exact EVPI per uncertainty, and
    EVPPI per parameter from the PSA's draws); and the league table when the
    payoffs have cost and effect keys. Sections that do not apply are left
    out, each listed with one line saying why.

    Parameters
    ----------
    tree : Tree
        The model.
    path : str or path
        The file to write: ``.html`` (one file: styles, the diagram as SVG and
        the charts as PNG inline; nothing is fetched when it is opened) or
        ``.md`` (Markdown; pictures go into a folder ``<name>_files`` beside it).
    format : {"html", "markdown"}, optional
        Overrides the suffix.
    values : mapping, optional
        Parameter values to use as base values throughout the report.
    objective : str or mapping, optional
        What unowned decisions maximise in a tree of per-actor payoffs.
    decision : tuple of str
        The decision the recommendation, sensitivity and PSA are about
        (default the root).
    title, question : str, optional
        The report's title (default the tree's name) and the question it
        answers (default: what the decision's owner should choose).
    draws, seed
        The PSA's number of draws (default ``DRAWS``) and seed (default
        ``SEED``, so the same model gives the same report).
    cost, effect : str, optional
        The payoff keys of cost and effect for the league table; by default
        ``"cost"`` and the first of ``EFFECT_KEYS`` present.
    wtp : number, optional
        A willingness to pay: decisions then maximise net monetary benefit
        ``wtp * effect - cost`` (instead of ``objective``).
    top : int
        How many of the most likely scenarios to list.
    plots : bool
        Draw the charts (needs matplotlib); the diagram is always drawn.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    target = Path(arguments.of_kind(path, (str, os.PathLike), "report", "a file path (text or a Path)"))
    kind = _format_of(target, format)
    document = build(
        tree,
        values=values,
        objective=objective,
        decision=decision,
        title=title,
        question=question,
        draws=draws,
        seed=seed,
        cost=cost,
        effect=effect,
        wtp=wtp,
        top=top,
        plots=plots,
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "html":
        text = to_html_report(document)
    else:
        folder = f"{target.stem}_files"
        text = to_markdown_report(document, target.parent / folder, folder)
    target.write_text(text, encoding="utf-8")
    return target


def _format_of(path: Path, format: str | None) -> str:
    given = arguments.text(format, "format") if format is not None else path.suffix.lstrip(".")
    if given.lower() not in FORMATS:
        raise ArgumentError(
            f"{brief(str(path))}: a report is .html or .md (Markdown), got "
            f"{brief(given) if given else 'no suffix'}; name the file so or pass format="
        )
    return FORMATS[given.lower()]
