"""The command line: ``decisiontree`` (also ``python -m decisiontree``).

Exit codes: 0 success, 1 an invalid model or file (a message naming the
place, no traceback), 2 a usage error.

The command line is read by :mod:`decisiontree._command_line` (click's rules,
on the standard library), so that a command does not pay for importing typer,
click, rich and pydantic; :data:`app` is the same command line as a typer
application, built on first use, for typer's test runner and for programs
that embed it.
"""

from __future__ import annotations

import errno
import functools
import json
import sys
import warnings
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ._command_line import (
    HELP,
    Command,
    Option,
    UsageError,
    command_help,
    echo,
    format_help,
    integer,
    read,
    split,
    usage_error,
)
from .errors import DecisionTreeError, DecisionTreeWarning, FileFormatError, ModelError

if TYPE_CHECKING:
    from .model import Tree

__all__ = ["app", "main"]  # noqa: F822 - app is built on first use, by the module's __getattr__

PROGRAM = "decisiontree"
SUMMARY = "Build, evaluate, explain and render scenario decision trees."
VERSION = Option(("--version",), "version", "Show the version and exit.", default=False)
FILE_HELP = "A model file: .yaml, .yml, .json or .efg."
COMMANDS: dict[str, Command] = {}
"""The commands by name, in the order ``--help`` lists them."""

_Function = TypeVar("_Function", bound=Callable[..., Any])


def _command(*options: Option, file: bool = True) -> Callable[[_Function], _Function]:
    """Make a function a command: its name, its docstring as its help, its options (and ``FILE``)."""

    def register(function: _Function) -> _Function:
        name = function.__name__
        argument = "FILE" if file else None
        COMMANDS[name] = Command(name, function.__doc__ or "", options, argument, FILE_HELP, function)
        return function

    return register


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


# --------------------------------------------------------------------------- shared options

SET = Option(
    ("--set", "-s"), "set_", "Override a parameter (repeatable): p_hold=0.7", "NAME=VALUE", many=True
)
OBJECTIVE = Option(
    ("--objective",),
    "objective",
    "What decisions without an owner maximise: a payoff key, or weights like Europe=1,US=0.5.",
    "KEY[=WEIGHT,...]",
)
DECISION = Option(
    ("--decision", "-d"), "decision", 'The decision, by its path: "Deploy force > Vote".', "PATH", default=""
)
JSON = Option(("--json",), "as_json", "Machine-readable JSON output.", default=False)
CSV = Option(("--csv",), "csv", "Also write the table as CSV into FILE.", "FILE", convert=Path)
EXACT = Option(("--exact",), "exact", "Exact rational arithmetic.", default=False)


@_command(
    Option(
        ("--output", "-o"),
        "output",
        "Folder for pictures and files.",
        "FOLDER",
        default=Path("paris-summit-output"),
        convert=Path,
        note="default: paris-summit-output",
    ),
    file=False,
)
def demo(output: Path) -> int:
    """Run the Paris-summit scenario end to end: evaluation, sensitivity, uncertainty, diagrams, report."""
    import runpy

    folder = examples_dir()
    scripts = [folder / name for name in DEMO_SCRIPTS if (folder / name).exists()]
    if not scripts:
        echo(f"error: the examples folder was not found at {folder}; run from a source checkout", err=True)
        return 2
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
    return 0


def _in_file(command: Callable[..., None]) -> Callable[..., None]:
    """Name the model file, and the node's line and column in it, in errors found after loading it.

    Such errors come from evaluation or analysis: a probability sum made of
    formulas, for instance, is only known at the parameters' values.
    """

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except FileFormatError:
            raise
        except ModelError as error:
            from .io.files import locate

            file = kwargs.get("file")
            line, column = (locate(file, error.path) if file is not None else None) or (None, None)
            raise FileFormatError(
                error.message, error.path, file=str(file), line=line, column=column
            ) from None

    return run


def _load(path: Path) -> Tree:
    from .io.files import load

    return load(path)


def _number_option(option: str, text: str, *, exact: bool | None = None) -> Any:
    """An option's number, by the library's rule for one number (text such as ``3/8`` too): exact
    with ``exact``, else a finite float; ``exact=None`` where the command has no ``--exact``."""
    from ._arguments import scalar
    from .errors import ArgumentError

    try:
        return scalar(text, "the value", exact=bool(exact), advice="" if exact is None else "use --exact")
    except ArgumentError as error:
        raise usage_error(option, str(error)) from None


def _values(tree: Tree, settings: Sequence[str] | None) -> dict[str, Any]:
    """``NAME=VALUE`` pairs as parameter overrides (exact numbers for ``3/8`` and ``0.7``).

    A value must lie in the parameter's declared range, when it has one: the
    range says where the model holds (probabilities made of several parameters
    stay within [0, 1] there).
    """
    from .model import did_you_mean
    from .number import as_fraction, format_number
    from .values import to_scalar

    names = [p.name for p in tree.parameters]
    values: dict[str, Any] = {}
    for setting in settings or ():
        name, equals, text = setting.partition("=")
        name = name.strip()
        if not equals or not name or not text.strip():
            raise usage_error("--set", f"expected NAME=VALUE, got {setting!r}")
        if name not in names:
            raise usage_error("--set", did_you_mean("parameter", name, names))
        try:
            value = to_scalar(text.strip(), what=f"--set {name}")
        except ModelError as error:
            raise usage_error("--set", str(error)) from None
        if not isinstance(value, (int, float, Fraction)):
            raise usage_error("--set", f"{name}: {text!r} is not a number")
        parameter = tree.parameter(name)
        low, high = parameter.low, parameter.high
        if (low is not None and as_fraction(value) < as_fraction(low)) or (
            high is not None and as_fraction(value) > as_fraction(high)
        ):
            shown = f"[{format_number(low) if low is not None else '-inf'}, "
            shown += f"{format_number(high) if high is not None else 'inf'}]"
            raise usage_error(
                "--set",
                f"{name}={text.strip()} is outside the parameter's declared range {shown}; "
                "widen low/high in the model to go beyond it",
            )
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
            raise usage_error("--objective", f"bad weight in {part!r}") from None
    return weights


def _decision(tree: Tree, text: str) -> tuple[str, ...]:
    """A decision path written ``A > B`` (quotes around labels optional); ``""`` is the root.

    A wrong label is a usage error with the closest label (``model.did_you_mean``).
    """
    labels = tuple(label.strip().strip('"') for label in text.split(">")) if text.strip() else ()
    try:
        tree.index.find(labels)
    except KeyError as error:
        raise usage_error("--decision", str(error.args[0])) from None
    return labels


def _plain(value: Any) -> Any:
    """Data for JSON: numbers by :func:`~decisiontree.number.json_number` (exact text where a
    float would round or overflow, so the output never holds ``Infinity``), containers recursively;
    an irrational number as the nearest float."""
    from .number import json_number

    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    try:
        return json_number(value)
    except (ValueError, TypeError):
        return float(value)


def _switch_point(value: Any, method: str) -> dict[str, Any]:
    """A switch point or an interval end in JSON: always ``{"value": float, "exact": text or null}``.

    One shape for every such number, whatever it is (an integer, ``57/2``,
    ``sqrt(2)/2``): ``value`` to compute with, ``exact`` the exact number as
    text (``null`` when it was found numerically).
    """
    return {"value": float(value), "exact": str(value) if method == "exact" else None}


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
    echo(json.dumps(data, indent=2, ensure_ascii=False))


def _write_csv(path: Path | None, table: Any) -> None:
    """Write a ``Table`` as CSV (numbers as decimals), saying so on stderr."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        table.to_csv(file)
    echo(f"wrote {path}", err=True)


# --------------------------------------------------------------------------- commands


@_command()
@_in_file
def validate(file: Path) -> None:
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
    echo(
        f"{file}: valid: {tree.name or 'unnamed model'}: {size:,} nodes{distinct} ({decisions:,} decisions, "
        f"{chances:,} chance, {size - decisions - chances:,} terminals), "
        f"{len(tree.parameters)} parameters{actors}"
    )


@_command(
    SET,
    EXACT,
    OBJECTIVE,
    Option(
        ("--rule",),
        "rule",
        "The decision rule: expected, or maxi-min, maxi-max, mini-min, mini-max (worst or best outcome).",
        "RULE",
        default="expected",
        note="default: expected",
    ),
    Option(
        ("--top",),
        "top",
        "Scenarios to list, most likely first.",
        "N",
        default=10,
        convert=integer(0),
        note="default: 10; x>=0",
    ),
    JSON,
    CSV,
)
@_in_file
def evaluate(
    file: Path,
    set_: list[str] | None,
    exact: bool,
    objective: str | None,
    rule: str,
    top: int,
    as_json: bool,
    csv: Path | None,
) -> None:
    """Roll the tree back: its value, the optimal policy and the most likely scenarios.

    --rule maxi-min (and the other non-probabilistic rules) judges each
    option by its worst (best) outcome instead of its expected value; the
    value shown is then the rule's. --csv writes the scenarios listed
    (probability, path, terminal, payoffs).
    """
    from ._core import RULES
    from .evaluate import evaluate as run
    from .number import exact_text
    from .render.text import format_number

    if rule not in RULES:
        raise usage_error("--rule", f"expected one of {', '.join(RULES)}, got {rule!r}")
    tree = _load(file)
    values = _values(tree, set_)
    result = run(tree, values, exact=exact, objective=_objective(objective), rule=rule)
    names = {path: tree.node_at(path).name for path in result.policy}
    policy = [(path, names[path], label) for path, label in result.policy.items()]
    scenarios = result.ranked_scenarios(top)
    _write_csv(csv, result.to_table("scenarios", top=top))
    if as_json:
        _echo_json(
            {
                "name": tree.name,
                "exact": exact,
                "rule": rule,
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
        echo(tree.name)
    if values:
        echo("with " + ", ".join(f"{k} = {exact_text(v)}" for k, v in values.items()))  # as typed
    shown = "value" if rule == "expected" else f"{rule} value"
    echo(f"{shown}: {format_number(result.value)}")
    echo("")
    echo(_table([(_shown(p), n, c) for p, n, c in policy], ("at", "decision", "choice")))
    echo("")
    echo(
        _table(
            [(format_number(s.probability), _shown(s.path), format_number(s.payoff)) for s in scenarios],
            ("probability", "scenario", "payoff"),
            right=(0,),
        )
    )


@_command(
    Option(
        ("--output", "-o"),
        "output",
        "The picture: .svg, .png, .pdf, .dot, or .html (interactive).",
        "FILE",
        convert=Path,
        required=True,
    ),
    Option(
        ("--direction",),
        "direction",
        "LR (left to right) or TB (top to bottom), also RL, BT.",
        "LR|TB|RL|BT",
        default="LR",
        note="default: LR",
    ),
    Option(
        ("--highlight",),
        "highlight",
        "Evaluate and highlight the optimal policy.",
        default=True,
        off=("--no-highlight",),
        note="default: highlight",
    ),
    Option(
        ("--collapse",),
        "collapse",
        "Draw only this many levels below the root.",
        "LEVELS",
        convert=integer(0),
        note="x>=0",
    ),
    Option(("--title",), "title", "A title above the diagram.", "TEXT"),
    SET,
    OBJECTIVE,
    Option(("--format",), "format", "Overrides the output suffix: svg, png, pdf, dot, html.", "FORMAT"),
)
@_in_file
def render(
    file: Path,
    output: Path,
    direction: str,
    highlight: bool,
    collapse: int | None,
    title: str | None,
    set_: list[str] | None,
    objective: str | None,
    format: str | None,
) -> None:
    """Draw the tree (with values and the optimal policy unless --no-highlight)."""
    from .evaluate import evaluate as run
    from .render.backend import render as draw

    if direction.upper() not in ("LR", "TB", "RL", "BT"):
        raise usage_error("--direction", f"expected LR, TB, RL or BT, got {direction!r}")
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
    echo(f"wrote {written}")


@_command(
    Option(("--tornado",), "tornado", "Tornado table (the default).", default=False),
    Option(
        ("--threshold", "-t"), "threshold", "Switch points of a parameter (repeatable).", "PARAM", many=True
    ),
    DECISION,
    OBJECTIVE,
    JSON,
    CSV,
)
@_in_file
def sensitivity(
    file: Path,
    tornado: bool,
    threshold: list[str] | None,
    decision: str,
    objective: str | None,
    as_json: bool,
    csv: Path | None,
) -> None:
    """How the choice at a decision depends on the parameters: tornado bars and switch points.

    --csv writes the tornado bars; with --threshold alone, the switch-point
    intervals (one row per interval, the parameter first); with both, the
    intervals go to a second file named like FILE with "-thresholds" added.
    """
    from .analysis.sensitivity import tornado as run_tornado
    from .analysis.thresholds import switch_points
    from .model import did_you_mean
    from .render.text import format_number

    tree = _load(file)
    path = _decision(tree, decision)
    goal = _objective(objective)
    names = [p.name for p in tree.parameters]
    for name in threshold or ():
        if name not in names:
            raise usage_error("--threshold", did_you_mean("parameter", name, names))
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
        method = found.method
        out["thresholds"][name] = {
            "thresholds": [_switch_point(t, method) for t in found.thresholds],
            "method": method,
            "intervals": [
                {
                    "low": _switch_point(i.low, method),
                    "high": _switch_point(i.high, method),
                    "optimal": i.optimal,
                }
                for i in found
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
        echo("\n".join(lines))


def _fields(record: Any) -> dict[str, Any]:
    import attrs

    return attrs.asdict(record, recurse=False)


@_command(
    Option(
        ("-n", "--draws"),
        "n",
        "Number of Monte Carlo draws.",
        "N",
        default=1000,
        convert=integer(1),
        note="default: 1000; x>=1",
    ),
    Option(("--seed",), "seed", "Seed for repeatable draws.", "SEED", convert=integer()),
    DECISION,
    OBJECTIVE,
    JSON,
    CSV,
)
@_in_file
def psa(
    file: Path,
    n: int,
    seed: int | None,
    decision: str,
    objective: str | None,
    as_json: bool,
    csv: Path | None,
) -> None:
    """Probabilistic sensitivity analysis: draw the parameters from their distributions.

    --csv writes the summary per option (probability optimal, mean, sd, 95% interval).
    """
    from .analysis.psa import psa as run
    from .number import format_number

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
                "sampled": list(result.samples),
                "options": [
                    {"label": k, "probability_optimal": share[k], "mean": mean[k], "sd": sd[k]}
                    for k in result.labels
                ],
            }
        )
        return
    echo(f"{result.n} draws at {_shown(path)} (seed {seed if seed is not None else result.entropy})")
    rows = [(k, f"{share[k]:.1%}", format_number(mean[k]), format_number(sd[k])) for k in result.labels]
    echo(_table(rows, ("option", "optimal in", "mean value", "sd"), right=(1, 2, 3)))
    if not result.samples:
        echo("(no parameter has a distribution: every draw is the base case)")


@_command(
    Option(
        ("--output", "-o"),
        "output",
        "The new file: .yaml, .yml, .json or .efg.",
        "FILE",
        convert=Path,
        required=True,
    )
)
@_in_file
def convert(file: Path, output: Path) -> None:
    """Convert a model between YAML, JSON and Gambit's .efg (the format comes from the suffix)."""
    from .io.files import dump

    written = dump(_load(file), output)
    echo(f"wrote {written}")


@_command(
    Option(("--cost",), "cost", "The payoff key of the cost.", "KEY", required=True),
    Option(("--effect",), "effect", "The payoff key of the effect (QALYs, ...).", "KEY", required=True),
    SET,
    EXACT,
    Option(("--wtp",), "wtp", "Also show each strategy's net benefit at this WTP.", "NUMBER"),
    JSON,
    CSV,
)
@_in_file
def cea(
    file: Path,
    cost: str,
    effect: str,
    set_: list[str] | None,
    exact: bool,
    wtp: str | None,
    as_json: bool,
    csv: Path | None,
) -> None:
    """Cost-effectiveness league table: every strategy's cost, effect, dominance and ICER.

    --csv writes the league table.
    """
    from .analysis.cost_effectiveness import league_table
    from .model import did_you_mean
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
            raise usage_error(option, did_you_mean("payoff key", key, tree.actors))
    table = league_table(tree, cost=cost, effect=effect, values=_values(tree, set_), exact=exact)
    willingness = None if wtp is None else _number_option("--wtp", wtp, exact=exact)
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
        echo(tree.name)
    echo(f"cost: {cost}, effect: {effect}{', exact' if exact else ''}")
    echo("")
    echo(table.to_text())
    echo("")
    for r in table.optimal_ranges():
        upper = "" if r.high is None else f" to {shown(r.high)}"
        echo(f"best at a willingness to pay from {shown(r.low)}{upper}: {r.row.name}")
    if willingness is not None:
        echo("")
        echo(f"at a willingness to pay of {shown(willingness)}, {best} is best; net benefits:")
        for row in table.rows:
            echo(f"  {row.name}: {shown(benefit[row.name])}")


@_command(
    Option(
        ("--output", "-o"),
        "output",
        "The report: .html (one file) or .md.",
        "FILE",
        convert=Path,
        required=True,
    ),
    SET,
    OBJECTIVE,
    DECISION,
    Option(
        ("-n", "--draws"),
        "draws",
        "Monte Carlo draws of the PSA.",
        "N",
        convert=integer(2),
        note="default: 1000; x>=2",
    ),
    Option(
        ("--seed",),
        "seed",
        "Seed of the PSA.",
        "SEED",
        convert=integer(),
        note="default: fixed, the same report every time",
    ),
    Option(("--cost",), "cost", "The payoff key of the cost (league table).", "KEY"),
    Option(("--effect",), "effect", "The payoff key of the effect (league table).", "KEY"),
    Option(("--wtp",), "wtp", "Maximise net monetary benefit at this willingness to pay.", "NUMBER"),
    Option(("--title",), "title", "The report's title.", "TEXT"),
    Option(("--format",), "format", "Overrides the output suffix: html or md.", "FORMAT"),
)
@_in_file
def report(
    file: Path,
    output: Path,
    set_: list[str] | None,
    objective: str | None,
    decision: str,
    draws: int | None,
    seed: int | None,
    cost: str | None,
    effect: str | None,
    wtp: str | None,
    title: str | None,
    format: str | None,
) -> None:
    """Write one report of the whole analysis: policy, scenarios, sensitivity, PSA, value of information."""
    from .render.report import report as write

    tree = _load(file)
    options: dict[str, Any] = {"draws": draws, "seed": seed, "title": title, "format": format}
    if wtp is not None:
        options["wtp"] = _number_option("--wtp", wtp)
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
    echo(f"wrote {written}")


def _warnings_as_lines() -> None:
    """Show the library's warnings as one ``warning: ...`` line on stderr, without a source line.

    Call it inside ``warnings.catch_warnings()``, which restores the defaults.
    """
    if not sys.warnoptions:
        warnings.simplefilter("default", DecisionTreeWarning)
    shown = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: Any = None,
        line: str | None = None,
    ) -> None:
        if issubclass(category, DecisionTreeWarning):
            echo(f"warning: {message}", err=True)
        else:
            shown(message, category, filename, lineno, file, line)

    warnings.showwarning = show


def _program_help() -> str:
    return format_help(
        f"{PROGRAM} [OPTIONS] COMMAND [ARGS]...",
        SUMMARY,
        [
            ("Options", [("--version", VERSION.help), ("--help", HELP.help)]),
            ("Commands", [(command.name, command.summary) for command in COMMANDS.values()]),
        ],
    )


def _run(args: Sequence[str]) -> int:
    """Read the command line and run its command; a usage error is shown under the usage line (status 2)."""
    command: Command | None = None
    try:
        if not args:
            echo(_program_help())
            return 2
        found, rest = split([VERSION], args, interspersed=False)
        for option, _, _ in found:  # --help and --version act at once, whatever follows
            if option is HELP:
                echo(_program_help())
                return 0
            from . import __version__

            echo(f"{PROGRAM} {__version__}")
            return 0
        if not rest:
            raise UsageError("Missing command.")
        name = rest.pop(0)
        if name not in COMMANDS:
            from difflib import get_close_matches

            close = ", ".join(repr(match) for match in get_close_matches(name, list(COMMANDS)))
            raise UsageError(f"No such command {name!r}." + (f" Did you mean {close}?" if close else ""))
        command = COMMANDS[name]
        values = read(command, rest)
        if values is None:
            echo(command_help(PROGRAM, command))
            return 0
        if command.argument is not None:
            values["file"] = Path(values["file"])
        assert command.run is not None
        code = command.run(**values)
        return code if isinstance(code, int) else 0
    except UsageError as error:
        where = f"{PROGRAM} {command.name}" if command is not None else PROGRAM
        usage = (
            f"{PROGRAM} {command.usage}" if command is not None else f"{PROGRAM} [OPTIONS] COMMAND [ARGS]..."
        )
        echo(f"Usage: {usage}\nTry '{where} --help' for help.\n", err=True)
        echo(f"Error: {error}", err=True)
        return 2


class _QuietFlush:
    """A standard stream whose ``flush`` ignores a closed pipe (``decisiontree ... | head``)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def flush(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            if error.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        with warnings.catch_warnings():
            _warnings_as_lines()
            return _run(args)
    except DecisionTreeError as error:
        echo(f"error: {error}", err=True)
        return 1
    except OSError as error:
        if error.errno == errno.EPIPE:  # the reader of the output has gone: stop quietly
            sys.stdout, sys.stderr = _QuietFlush(sys.stdout), _QuietFlush(sys.stderr)
            return 1
        where = f"{error.filename}: " if error.filename else ""
        echo(f"error: {where}{error.strerror or error}", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except EOFError:
        echo(err=True)
        echo("Aborted!", err=True)
        return 1
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)


def __getattr__(name: str) -> Any:
    """``app``: the same command line as a typer application (typer is imported on first use)."""
    if name == "app":
        return _typer_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _typer_app() -> Any:
    """A typer application whose one command hands its whole command line to :func:`main`."""
    import typer

    application = typer.Typer(
        name=PROGRAM, help=SUMMARY, add_completion=False, pretty_exceptions_enable=False
    )
    passed = {
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "allow_interspersed_args": False,  # the words after the command's name reach main as typed
        "help_option_names": [],
    }

    def run(context: typer.Context) -> None:
        raise typer.Exit(main(context.args))

    run.__annotations__ = {"context": typer.Context, "return": None}  # objects, not text, for typer
    application.command(context_settings=passed)(run)
    return application


if __name__ == "__main__":
    sys.exit(main())
