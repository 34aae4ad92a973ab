"""What the harness does with a tree that was built, and with a command line.

:func:`use_tree` calls the public functions on a tree (evaluation, text,
files, diagrams, analyses), each as one step of a
:class:`~fuzzing.promise.Context`, and checks their results for ``inf`` and
``nan`` and the tree for a faithful round trip through its own file text.
:func:`run_cli` runs ``decisiontree.cli.main`` in this process and holds its
output to the command line's promise.

>>> import decisiontree as dt
>>> from fuzzing.promise import Context
>>> tree = dt.Tree(dt.Terminal("only", payoff=1))
>>> context = Context(seconds=10)
>>> _ = context.run(lambda c: use_tree(c, tree, CHEAP_USES))
>>> context.outcomes, context.steps > 5
([], True)
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Sequence
from contextlib import redirect_stderr, redirect_stdout
from typing import Any

from .promise import NOTHING, Context

__all__ = ["ALL_USES", "CHEAP_USES", "COSTLY_USES", "read_result", "run_cli", "use_tree"]

CHEAP_USES = frozenset({"evaluate", "text", "roundtrip", "dot"})
"""Calls made on every tree that was built."""

COSTLY_USES = ("exact", "efg", "symbolic", "tornado", "one_way", "thresholds", "psa", "risk", "evpi")
"""Calls made on some trees (each case says which)."""

ALL_USES = CHEAP_USES | frozenset(COSTLY_USES)


def _objective(tree: Any) -> Any:
    actors = tuple(getattr(tree, "actors", ()) or ())
    return actors[0] if actors else None


def _ranged(tree: Any) -> Any:
    for parameter in tree.parameters:
        if parameter.low is not None and parameter.high is not None:
            return parameter
    return None


def read_result(result: Any) -> dict[str, Any]:
    """Touch everything a user reads from a Result; the numbers, for the finite check."""
    out = {
        "value": result.value,
        "policy": list(result.policy.items()),
        "scenarios": [(s.probability, s.payoff) for s in result.scenarios],
        "str": str(result),
        "repr": repr(result),
    }
    out["root"] = result.value_at(())
    return out


def use_tree(context: Context, tree: Any, uses: frozenset[str] = ALL_USES) -> None:
    """Call the public functions ``uses`` names on ``tree``, each as one step."""
    import decisiontree as dt

    step, finite = context.step, context.finite
    objective = step("tree.actors", _objective, tree)
    step("repr(tree)", lambda: (repr(tree), tree == tree))
    result = NOTHING
    if "evaluate" in uses:
        read = step("evaluate", lambda: read_result(dt.evaluate(tree, objective=objective)))
        if read is not NOTHING:
            finite("evaluate", {k: read[k] for k in ("value", "scenarios", "root")})
            result = step("evaluate again", dt.evaluate, tree, None, objective=objective)
    if "exact" in uses:
        read = step("evaluate exact", lambda: read_result(dt.evaluate(tree, exact=True, objective=objective)))
        if read is not NOTHING:
            finite("evaluate exact", {k: read[k] for k in ("value", "scenarios", "root")})
    if "text" in uses:
        step("to_text(tree)", dt.to_text, tree)
        if result is not NOTHING:
            step("to_text(result)", dt.to_text, result)
    if "roundtrip" in uses:
        seconds = context.seconds
        # Linear time is fine: PyYAML takes about 0.15 ms per node to write and again to read.
        context.seconds = seconds + 6e-4 * tree.flat.size
        try:
            for fmt in ("yaml", "json"):
                _round_trip(context, tree, fmt)
        finally:
            context.seconds = seconds
    if "dot" in uses:
        step("to_dot", lambda: dt.to_dot(tree if result is NOTHING else result).source)
    if "efg" in uses:
        text = step("to_efg", dt.to_efg, tree)
        if text is not NOTHING:
            step("from_efg(to_efg)", dt.from_efg, text)
    if "symbolic" in uses:
        formula = step("expected_value", dt.expected_value, tree, objective=objective)
        if formula is not NOTHING:
            finite("expected_value", formula)
            step("str(expected_value)", str, formula)
    if "tornado" in uses:
        bars = step("tornado", lambda: _tornado(dt.tornado(tree, objective=objective, points=5)))
        if bars is not NOTHING:
            finite("tornado", bars)
    parameter = step("tree.parameters", _ranged, tree)
    if parameter is not NOTHING and parameter is not None:
        if "one_way" in uses:
            rows = step(
                "one_way", lambda: list(dt.one_way(tree, parameter.name, points=5, objective=objective))
            )
            if rows is not NOTHING:
                finite("one_way", rows)
        if "thresholds" in uses:
            found = step("thresholds", lambda: list(dt.thresholds(tree, parameter.name, objective=objective)))
            if found is not NOTHING:
                finite("thresholds", found)
    if "psa" in uses:
        draws = step("psa", lambda: _psa(dt.psa(tree, 64, seed=0, objective=objective)))
        if draws is not NOTHING:
            finite("psa", draws)
    if "risk" in uses:
        profile = step(
            "risk_profile", lambda: _risk(dt.risk_profile(tree, objective=objective, actor=objective))
        )
        if profile is not NOTHING:
            finite("risk_profile", profile)
    if "evpi" in uses:
        value = step("evpi", dt.evpi, tree, objective=objective)
        if value is not NOTHING:
            finite("evpi", value)


def _tornado(bars: Any) -> dict[str, Any]:
    return {"base": bars.base_value, "bars": list(bars)}


def _psa(result: Any) -> dict[str, Any]:
    return {"mean": dict(result.mean), "sd": dict(result.sd), "share": dict(result.probability_optimal)}


def _risk(profile: Any) -> dict[str, Any]:
    return {"outcomes": profile.outcomes, "probabilities": profile.probabilities, "mean": profile.mean}


def _round_trip(context: Context, tree: Any, fmt: str) -> None:
    """``loads(dumps(tree)) == tree``: a tree that was built must read back from its own file text."""
    import decisiontree as dt

    def write() -> tuple[str, Any]:
        try:
            return "ok", dt.dumps(tree, format=fmt)
        except dt.DecisionTreeError as error:
            return "refused", str(error)

    done, text = context.step(f"dumps {fmt}", write) or (None, None)
    if done is None:
        return
    if done == "refused":
        context.broken("roundtrip", f"dumps {fmt}", f"a tree that was built cannot be written: {text}")
        return

    def read() -> tuple[str, Any]:
        try:
            back = dt.loads(text, format=fmt)
        except dt.DecisionTreeError as error:
            return "refused", str(error)
        return (
            ("ok", None)
            if back == tree
            else ("different", _first_difference(text, dt.dumps(back, format=fmt)))
        )

    done, detail = context.step(f"loads(dumps {fmt})", read) or (None, None)
    if done == "refused":
        context.broken("roundtrip", f"loads(dumps {fmt})", f"its own {fmt} text does not read back: {detail}")
    elif done == "different":
        context.broken("roundtrip", f"loads(dumps {fmt})", f"reads back as a different tree: {detail}")


def _first_difference(a: str, b: str) -> str:
    for k, (x, y) in enumerate(zip(a.splitlines(), b.splitlines(), strict=False)):
        if x != y:
            return f"line {k + 1}: {x.strip()[:60]!r} became {y.strip()[:60]!r}"
    return "the same text, but the trees compare unequal"


# --------------------------------------------------------------------------- the command line

_NONFINITE = re.compile(r"(?<![\w.])[-+]?(?:inf|nan|infinity)(?![\w])", re.IGNORECASE)


def _cli(argv: Sequence[str]) -> tuple[Any, str, str]:
    from decisiontree import cli

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _asks_json(argv: Sequence[str]) -> bool:
    """Whether the command line reads ``--json`` as its JSON flag (not, say, as the value of
    ``--title``, or on a command without one), by the command line's own rules."""
    from decisiontree import cli
    from decisiontree._command_line import UsageError, split

    command = cli.COMMANDS.get(argv[0]) if argv else None
    if command is None:
        return False
    try:
        found, _ = split(command.options, argv[1:])
    except UsageError:
        return False
    return any(option.dest == "as_json" for option, _, _ in found)


def run_cli(context: Context, argv: Sequence[str], *, expect_failure: bool = False) -> None:
    """Run ``decisiontree ARGV`` in this process and hold it to the command line's promise.

    No traceback; exit status 0, 1 (with exactly one line, ``error: ...``, on
    stderr, after any one-line ``warning: ...`` the run gave first) or 2 (a
    usage error); non-zero if ``expect_failure``; valid JSON with ``--json``;
    no ``inf`` or ``nan`` printed as a value.
    """
    command = argv[0] if argv else "(none)"
    done = context.step(f"cli {command}", _cli, argv)
    if done is NOTHING:
        return
    code, out, err = done
    where = f"cli {command}"
    if "Traceback (most recent call last)" in out + err:
        context.broken("cli", f"{where}: traceback printed", err.strip().splitlines()[-1][:200])
        return
    if not isinstance(code, int) or code not in (0, 1, 2):
        context.broken("cli", f"{where}: exit status {code!r}", err.strip()[:200])
        return
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("warning: ")]
    if code == 1 and (len(lines) != 1 or not lines[0].startswith("error: ")):
        shown = " | ".join(lines)[:200]
        context.broken("cli", f"{where}: error message is not one line 'error: ...'", shown or "(nothing)")
        return
    if code == 2 and not lines:
        context.broken("cli", f"{where}: usage error without a message", "(nothing on stderr)")
        return
    if code != 0:
        return
    if expect_failure:
        context.broken("cli", f"{where}: accepted a bad argument", " ".join(argv)[:200])
        return
    if _asks_json(argv):
        try:
            data = json.loads(out, parse_constant=_reject_constant)
        except ValueError as error:
            context.broken("cli", f"{where} --json: invalid JSON", str(error)[:200])
            return
        context.finite(f"{where} --json", data)
        return
    for line in out.splitlines():
        if command == "evaluate" and line.startswith("value:") and _NONFINITE.search(line):
            context.broken("nonfinite", f"{where}: value printed as inf or nan", line[:200])
        if (
            command == "psa"
            and len(line.split()) >= 3
            and any(_NONFINITE.fullmatch(t) for t in line.split()[-2:])
        ):
            context.broken("nonfinite", f"{where}: mean or sd printed as inf or nan", line[:200])
