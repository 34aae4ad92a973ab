"""The command line: ``decisiontree`` (also ``python -m decisiontree``).

Exit codes: 0 success, 1 an invalid model or file (a message naming the
place, no traceback), 2 a usage error.
"""

from __future__ import annotations

import difflib
import functools
import json
import runpy
import sys
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .errors import DecisionTreeError, FileFormatError, ModelError

if TYPE_CHECKING:
    from .model import Tree

__all__ = ["app", "main"]

app = typer.Typer(
    name="decisiontree",
    help="Build, evaluate, explain and render scenario decision trees.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEMO_SCRIPTS = (
    "paris_summit.py",
    "paris_sensitivity.py",
    "paris_uncertainty.py",
    "paris_diagrams.py",
    "paris_report.py",
)
"""The founding scenario's example scripts, run in this order by ``demo``."""


def examples_dir() -> Path:
    """The ``examples/`` folder of a source checkout (beside the package)."""
    return Path(__file__).resolve().parent.parent / "examples"


@app.callback()
def _root() -> None:
    """Build, evaluate, explain and render scenario decision trees."""


@app.command()
def demo(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for pictures and files.")] = Path(
        "paris-summit-output"
    ),
) -> None:
    """Run the Paris-summit scenario end to end: evaluation, sensitivity, uncertainty, diagrams, report."""
    folder = examples_dir()
    scripts = [folder / name for name in DEMO_SCRIPTS if (folder / name).exists()]
    if not scripts:
        typer.echo(
            f"error: the examples folder was not found at {folder}; run from a source checkout", err=True
        )
        raise typer.Exit(2)
    output.mkdir(parents=True, exist_ok=True)
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))  # the scripts import the model from paris_summit.py
    for script in scripts:
        namespace = runpy.run_path(str(script), run_name="decisiontree_demo")
        run = namespace["main"]
        if "output" in run.__code__.co_varnames[: run.__code__.co_argcount]:
            run(output=output)
        else:
            run()


# --------------------------------------------------------------------------- shared options

FileArgument = Annotated[
    Path, typer.Argument(metavar="FILE", help="A model file: .yaml, .yml, .json or .efg.")
]
SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", "-s", metavar="NAME=VALUE", help="Override a parameter (repeatable): p_hold=0.7"),
]
ObjectiveOption = Annotated[
    str | None,
    typer.Option(
        "--objective",
        metavar="KEY[=WEIGHT,...]",
        help="What decisions without an owner maximise: a payoff key, or weights like Europe=1,US=0.5.",
    ),
]
DecisionOption = Annotated[
    str,
    typer.Option(
        "--decision", "-d", metavar="PATH", help='The decision, by its path: "Deploy force > Vote".'
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]
CsvOption = Annotated[
    Path | None, typer.Option("--csv", metavar="FILE", help="Also write the table as CSV into FILE.")
]


def _in_file(command: Callable[..., None]) -> Callable[..., None]:
    """Name the model file in errors found after loading it (by evaluation or analysis)."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except FileFormatError:
            raise
        except ModelError as error:
            raise FileFormatError(error.message, error.path, file=str(kwargs.get("file"))) from None

    return run


def _load(path: Path) -> Tree:
    from .io.files import load

    return load(path)


def _values(tree: Tree, settings: Sequence[str] | None) -> dict[str, Any]:
    """``NAME=VALUE`` pairs as parameter overrides (exact numbers for ``3/8`` and ``0.7``)."""
    from .values import to_scalar

    names = [p.name for p in tree.parameters]
    values: dict[str, Any] = {}
    for setting in settings or ():
        name, equals, text = setting.partition("=")
        name = name.strip()
        if not equals or not name or not text.strip():
            raise typer.BadParameter(f"expected NAME=VALUE, got {setting!r}", param_hint="--set")
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise typer.BadParameter(f"the model has no parameter {name!r}{hint}", param_hint="--set")
        try:
            value = to_scalar(text.strip(), what=f"--set {name}")
        except ModelError as error:
            raise typer.BadParameter(str(error), param_hint="--set") from None
        if not isinstance(value, (int, float, Fraction)):
            raise typer.BadParameter(f"{name}: {text!r} is not a number", param_hint="--set")
        values[name] = value
    return values


def _objective(text: str | None) -> str | dict[str, Any] | None:
    if text is None or "=" not in text:
        return text
    weights: dict[str, Any] = {}
    for part in text.split(","):
        key, _, weight = part.partition("=")
        try:
            weights[key.strip()] = Fraction(weight.strip())
        except (ValueError, ZeroDivisionError):
            raise typer.BadParameter(f"bad weight in {part!r}", param_hint="--objective") from None
    return weights


def _decision(tree: Tree, text: str) -> tuple[str, ...]:
    """A decision path written ``A > B`` (quotes around labels optional); ``""`` is the root."""
    labels = tuple(label.strip().strip('"') for label in text.split(">")) if text.strip() else ()
    try:
        tree.index.find(labels)
    except KeyError as error:
        raise typer.BadParameter(str(error.args[0]), param_hint="--decision") from None
    return labels


def _plain(value: Any) -> Any:
    """Data for JSON: numbers by :func:`~decisiontree.number.json_number` (exact text where a
    float would round or overflow, so the output never holds ``Infinity``), containers recursively."""
    from .number import json_number

    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    return json_number(value)


def _shown(path: Sequence[str]) -> str:
    return " > ".join(path) if path else "(root)"


def _table(rows: Sequence[Sequence[str]], header: Sequence[str], right: Sequence[int] = ()) -> str:
    """A plain-text table with aligned columns."""
    widths = [max(len(str(row[k])) for row in [header, *rows]) for k in range(len(header))]
    lines = []
    for n, row in enumerate([header, *rows]):
        cells = [
            str(cell).rjust(w) if k in right else str(cell).ljust(w)
            for k, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _write_csv(path: Path | None, table: Any) -> None:
    """Write a ``Table`` as CSV (numbers as decimals), saying so on stderr."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        table.to_csv(file)
    typer.echo(f"wrote {path}", err=True)


# --------------------------------------------------------------------------- commands


@app.command()
@_in_file
def validate(file: FileArgument) -> None:
    """Check a model file; print a one-line summary, or the first problem with its place."""
    from ._core import compile_tree
    from .model import CHANCE, DECISION

    tree = _load(file)
    core = compile_tree(tree)
    core.numbers(core.parameter_values({}))  # probabilities at the base values
    flat = tree.flat
    size = tree.paths
    if flat.shared:
        counts = flat.count_paths()
        decisions = int(counts[flat.kind == DECISION].sum())
        chances = int(counts[flat.kind == CHANCE].sum())
        distinct = f", {flat.size:,} distinct"
    else:
        decisions, chances, distinct = (
            int((flat.kind == DECISION).sum()),
            int((flat.kind == CHANCE).sum()),
            "",
        )
    actors = f"; payoffs for {', '.join(tree.actors)}" if tree.actors else ""
    typer.echo(
        f"{file}: valid: {tree.name or 'unnamed model'}: {size:,} nodes{distinct} ({decisions:,} decisions, "
        f"{chances:,} chance, {size - decisions - chances:,} terminals), "
        f"{len(tree.parameters)} parameters{actors}"
    )


@app.command()
@_in_file
def evaluate(
    file: FileArgument,
    set_: SetOption = None,
    exact: Annotated[bool, typer.Option("--exact", help="Exact rational arithmetic.")] = False,
    objective: ObjectiveOption = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Scenarios to list, most likely first.")] = 10,
    as_json: JsonOption = False,
    csv: CsvOption = None,
) -> None:
    """Roll the tree back: its value, the optimal policy and the most likely scenarios.

    --csv writes the scenarios listed (probability, path, terminal, payoffs).
    """
    from .evaluate import evaluate as run
    from .render.text import format_number

    tree = _load(file)
    values = _values(tree, set_)
    result = run(tree, values, exact=exact, objective=_objective(objective))
    names = {path: tree.node_at(path).name for path in result.policy}
    policy = [(path, names[path], label) for path, label in result.policy.items()]
    scenarios = result.ranked_scenarios(top)
    _write_csv(csv, result.to_table("scenarios", top=top))
    if as_json:
        _echo_json(
            {
                "name": tree.name,
                "exact": exact,
                "values": _plain(result.values),
                "value": _plain(result.value),
                "policy": [{"path": list(p), "decision": n, "choice": c} for p, n, c in policy],
                "scenarios": [
                    {"path": list(s.path), "probability": _plain(s.probability), "payoff": _plain(s.payoff)}
                    for s in scenarios
                ],
            }
        )
        return
    if tree.name:
        typer.echo(tree.name)
    if values:
        typer.echo("with " + ", ".join(f"{k} = {format_number(v)}" for k, v in values.items()))
    typer.echo(f"value: {format_number(result.value)}")
    typer.echo("")
    typer.echo(_table([(_shown(p), n, c) for p, n, c in policy], ("at", "decision", "choice")))
    typer.echo("")
    typer.echo(
        _table(
            [(format_number(s.probability), _shown(s.path), format_number(s.payoff)) for s in scenarios],
            ("probability", "scenario", "payoff"),
            right=(0,),
        )
    )


@app.command()
@_in_file
def render(
    file: FileArgument,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The picture: .svg, .png, .pdf, .dot, or .html (interactive)."),
    ],
    direction: Annotated[
        str, typer.Option("--direction", help="LR (left to right) or TB (top to bottom), also RL, BT.")
    ] = "LR",
    highlight: Annotated[
        bool, typer.Option("--highlight/--no-highlight", help="Evaluate and highlight the optimal policy.")
    ] = True,
    collapse: Annotated[
        int | None, typer.Option("--collapse", min=0, help="Draw only this many levels below the root.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="A title above the diagram.")] = None,
    set_: SetOption = None,
    objective: ObjectiveOption = None,
    format: Annotated[
        str | None, typer.Option("--format", help="Overrides the output suffix: svg, png, pdf, dot, html.")
    ] = None,
) -> None:
    """Draw the tree (with values and the optimal policy unless --no-highlight)."""
    from .evaluate import evaluate as run
    from .render.backend import render as draw

    if direction.upper() not in ("LR", "TB", "RL", "BT"):
        raise typer.BadParameter(f"expected LR, TB, RL or BT, got {direction!r}", param_hint="--direction")
    tree = _load(file)
    subject: Any = tree
    values = _values(tree, set_)
    if highlight:
        subject = run(tree, values, objective=_objective(objective))
    options: dict[str, Any] = {"direction": direction.upper()}
    if collapse is not None:
        options["collapse"] = collapse
    if title is not None:
        options["title"] = title
    if values and not highlight:
        options["values"] = values
    if (format or output.suffix.lstrip(".")).lower() in ("html", "htm"):  # the interactive viewer
        options.pop("direction")
        if "collapse" in options:
            options["depth"] = options.pop("collapse")
    written = draw(subject, output, format=format, **options)
    typer.echo(f"wrote {written}")


@app.command()
@_in_file
def sensitivity(
    file: FileArgument,
    tornado: Annotated[bool, typer.Option("--tornado", help="Tornado table (the default).")] = False,
    threshold: Annotated[
        list[str] | None,
        typer.Option("--threshold", "-t", metavar="PARAM", help="Switch points of a parameter (repeatable)."),
    ] = None,
    decision: DecisionOption = "",
    objective: ObjectiveOption = None,
    as_json: JsonOption = False,
    csv: CsvOption = None,
) -> None:
    """How the choice at a decision depends on the parameters: tornado bars and switch points.

    --csv writes the tornado bars; with --threshold alone, the switch-point
    intervals (one row per interval, the parameter first); with both, the
    intervals go to a second file named like FILE with "-thresholds" added.
    """
    from .analysis.sensitivity import tornado as run_tornado
    from .analysis.thresholds import switch_points
    from .render.text import format_number

    tree = _load(file)
    path = _decision(tree, decision)
    goal = _objective(objective)
    names = [p.name for p in tree.parameters]
    for name in threshold or ():
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise typer.BadParameter(f"the model has no parameter {name!r}{hint}", param_hint="--threshold")
    out: dict[str, Any] = {"decision": list(path)}
    lines: list[str] = []
    intervals: list[tuple[Any, ...]] = []
    if tornado or not threshold:
        bars = run_tornado(tree, decision=path, objective=goal)
        _write_csv(csv, bars.to_table())
        out["tornado"] = {
            "base_value": _plain(bars.base_value),
            "base_optimal": bars.base_optimal,
            "skipped": list(bars.skipped),
            "bars": [{k: _plain(v) for k, v in _fields(bar).items()} for bar in bars],
        }
        lines.append(
            f"tornado at {_shown(path)}: base choice {bars.base_optimal!r}, "
            f"value {format_number(bars.base_value)}"
        )
        rows = [
            (
                bar.parameter,
                format_number(bar.low),
                format_number(bar.high),
                format_number(bar.value_low),
                format_number(bar.value_high),
                format_number(bar.swing),
                f"{bar.optimal_low} -> {bar.optimal_high}" if bar.changes_choice else "no",
            )
            for bar in bars
        ]
        header = ("parameter", "low", "high", "value at low", "value at high", "swing", "choice changes")
        lines.append(_table(rows, header, right=(1, 2, 3, 4, 5)))
        if bars.skipped:
            lines.append(f"(no range, left out: {', '.join(bars.skipped)})")
    out["thresholds"] = {}
    for name in threshold or ():
        found = switch_points(tree, name, decision=path, objective=goal)
        intervals += [(name, *row) for row in found.to_table().rows]
        out["thresholds"][name] = {
            "thresholds": [_plain(t) for t in found.thresholds],
            "method": found.method,
            "intervals": [
                {"low": _plain(i.low), "high": _plain(i.high), "optimal": i.optimal} for i in found
            ],
        }
        if lines:
            lines.append("")
        shown = ", ".join(format_number(t) for t in found.thresholds) or "none"
        lines.append(f"{name}: switch points {shown} ({found.method})")
        lines.append(
            _table(
                [(format_number(i.low), format_number(i.high), i.optimal) for i in found],
                ("from", "to", "optimal choice"),
                right=(0, 1),
            )
        )
    if threshold and csv is not None:
        from .tables import Table

        target = (
            csv if not (tornado or not threshold) else csv.with_name(f"{csv.stem}-thresholds{csv.suffix}")
        )
        _write_csv(target, Table(("parameter", "low", "high", "optimal"), intervals))
    if as_json:
        _echo_json(out)
    else:
        typer.echo("\n".join(lines))


def _fields(record: Any) -> dict[str, Any]:
    import attrs

    return attrs.asdict(record, recurse=False)


@app.command()
@_in_file
def psa(
    file: FileArgument,
    n: Annotated[int, typer.Option("-n", "--draws", min=1, help="Number of Monte Carlo draws.")] = 1000,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed for repeatable draws.")] = None,
    decision: DecisionOption = "",
    objective: ObjectiveOption = None,
    as_json: JsonOption = False,
    csv: CsvOption = None,
) -> None:
    """Probabilistic sensitivity analysis: draw the parameters from their distributions.

    --csv writes the summary per option (probability optimal, mean, sd, 95% interval).
    """
    from .analysis.psa import psa as run

    tree = _load(file)
    path = _decision(tree, decision)
    result = run(tree, n, seed=seed, decision=path, objective=_objective(objective))
    share, mean, sd = result.probability_optimal, result.mean, result.sd
    _write_csv(csv, result.to_table("summary"))
    if as_json:
        _echo_json(
            {
                "decision": list(path),
                "n": result.n,
                "seed": _plain(result.entropy) if seed is None else seed,
                "options": [
                    {"label": k, "probability_optimal": share[k], "mean": mean[k], "sd": sd[k]}
                    for k in result.labels
                ],
            }
        )
        return
    typer.echo(f"{result.n} draws at {_shown(path)} (seed {seed if seed is not None else result.entropy})")
    rows = [(k, f"{share[k]:.1%}", f"{mean[k]:.6g}", f"{sd[k]:.6g}") for k in result.labels]
    typer.echo(_table(rows, ("option", "optimal in", "mean value", "sd"), right=(1, 2, 3)))


@app.command()
@_in_file
def convert(
    file: FileArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="The new file: .yaml, .yml, .json or .efg.")],
) -> None:
    """Convert a model between YAML, JSON and Gambit's .efg (the format comes from the suffix)."""
    from .io.files import dump

    written = dump(_load(file), output)
    typer.echo(f"wrote {written}")


@app.command()
@_in_file
def cea(
    file: FileArgument,
    cost: Annotated[str, typer.Option("--cost", help="The payoff key of the cost.")],
    effect: Annotated[str, typer.Option("--effect", help="The payoff key of the effect (QALYs, ...).")],
    set_: SetOption = None,
    exact: Annotated[bool, typer.Option("--exact", help="Exact rational arithmetic.")] = False,
    wtp: Annotated[
        str | None,
        typer.Option("--wtp", metavar="NUMBER", help="Also show each strategy's net benefit at this WTP."),
    ] = None,
    as_json: JsonOption = False,
    csv: CsvOption = None,
) -> None:
    """Cost-effectiveness league table: every strategy's cost, effect, dominance and ICER.

    --csv writes the league table.
    """
    from .analysis.cost_effectiveness import league_table
    from .number import exact_text, fits_float, format_number

    def shown(value: Any) -> str:
        """Money with thousands separators; an exact fraction also in full."""
        if not fits_float(value):
            return format_number(value)
        text = f"{float(value):,.6g}"
        exact_text_ = exact_text(value, decimals=False) if exact else ""
        return text if not exact or "/" not in exact_text_ else f"{text} (= {exact_text_})"

    tree = _load(file)
    for option, key in (("--cost", cost), ("--effect", effect)):
        if tree.actors and key not in tree.actors:
            close = difflib.get_close_matches(key, tree.actors, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise typer.BadParameter(f"the model has no payoff key {key!r}{hint}", param_hint=option)
    table = league_table(tree, cost=cost, effect=effect, values=_values(tree, set_), exact=exact)
    willingness: Any = None
    if wtp is not None:
        try:
            willingness = Fraction(wtp.strip()) if exact else float(wtp)
        except (ValueError, ZeroDivisionError):
            raise typer.BadParameter(f"{wtp!r} is not a number", param_hint="--wtp") from None
    _write_csv(csv, table.to_table())
    benefit = table.net_benefit(willingness) if willingness is not None else {}
    best = table.optimal(willingness).name if willingness is not None else None
    if as_json:
        out: dict[str, Any] = {
            "name": tree.name,
            "cost": cost,
            "effect": effect,
            "exact": exact,
            "strategies": [
                {
                    "name": row.name,
                    "policy": [{"path": list(p), "choice": c} for p, c in (row.policy or {}).items()],
                    "cost": _plain(row.cost),
                    "effect": _plain(row.effect),
                    "incremental_cost": _plain(row.incremental_cost),
                    "incremental_effect": _plain(row.incremental_effect),
                    "icer": _plain(row.icer),
                    "status": row.status,
                    "dominated_by": list(row.dominated_by),
                    **({"net_benefit": _plain(benefit[row.name])} if benefit else {}),
                }
                for row in table.rows
            ],
            "frontier": [row.name for row in table.frontier],
            "switch_points": [_plain(x) for x in table.switch_points],
        }
        if willingness is not None:
            out["wtp"], out["optimal"] = _plain(willingness), best
        _echo_json(out)
        return
    if tree.name:
        typer.echo(tree.name)
    typer.echo(f"cost: {cost}, effect: {effect}{', exact' if exact else ''}")
    typer.echo("")
    typer.echo(table.to_text())
    typer.echo("")
    for r in table.optimal_ranges():
        upper = "" if r.high is None else f" to {shown(r.high)}"
        typer.echo(f"best at a willingness to pay from {shown(r.low)}{upper}: {r.row.name}")
    if willingness is not None:
        typer.echo("")
        typer.echo(f"at a willingness to pay of {shown(willingness)}, {best} is best; net benefits:")
        for row in table.rows:
            typer.echo(f"  {row.name}: {shown(benefit[row.name])}")


@app.command()
@_in_file
def report(
    file: FileArgument,
    output: Annotated[Path, typer.Option("--output", "-o", help="The report: .html (one file) or .md.")],
    set_: SetOption = None,
    objective: ObjectiveOption = None,
    decision: DecisionOption = "",
    draws: Annotated[
        int | None, typer.Option("-n", "--draws", min=2, help="Monte Carlo draws of the PSA [default: 1000].")
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option("--seed", help="Seed of the PSA [default: fixed, the same report every time]."),
    ] = None,
    cost: Annotated[
        str | None, typer.Option("--cost", help="The payoff key of the cost (league table).")
    ] = None,
    effect: Annotated[
        str | None, typer.Option("--effect", help="The payoff key of the effect (league table).")
    ] = None,
    wtp: Annotated[
        str | None,
        typer.Option(
            "--wtp", metavar="NUMBER", help="Maximise net monetary benefit at this willingness to pay."
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="The report's title.")] = None,
    format: Annotated[
        str | None, typer.Option("--format", help="Overrides the output suffix: html or md.")
    ] = None,
) -> None:
    """Write one report of the whole analysis: policy, scenarios, sensitivity, PSA, value of information."""
    from .render.report import report as write

    tree = _load(file)
    options: dict[str, Any] = {"draws": draws, "seed": seed, "title": title, "format": format}
    if wtp is not None:
        try:
            options["wtp"] = float(wtp)
        except ValueError:
            raise typer.BadParameter(f"{wtp!r} is not a number", param_hint="--wtp") from None
    written = write(
        tree,
        output,
        values=_values(tree, set_),
        objective=_objective(objective),
        decision=_decision(tree, decision),
        cost=cost,
        effect=effect,
        **{key: value for key, value in options.items() if value is not None},
    )
    typer.echo(f"wrote {written}")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        app(args=argv, prog_name="decisiontree")
    except DecisionTreeError as error:
        typer.echo(f"error: {error}", err=True)
        return 1
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        typer.echo(f"error: {where}{error.strerror or error}", err=True)
        return 1
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
