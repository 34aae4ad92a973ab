"""Hostile input keeps the promise: the library's own exception, never a crash, a hang or a silent inf.

Every input runs in a worker process (``fuzzing.Worker``) with a time limit
per public call: a ``SIGALRM`` after a few seconds, and a kill a few seconds
later if the call is stuck inside C code. A failure prints the input, each
broken promise and its traceback; hypothesis shrinks the input first.

The number of examples per test is scaled by the hypothesis profile: with
``CI`` set the whole module takes one to two minutes once the library keeps
its promise (a failing input that hangs costs seconds). Set ``FUZZ_SHRINK=1``
to shrink failing inputs. For a long campaign, see ``tools/fuzz_campaign.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzzing import (
    KNOWN,
    KNOWN_COMMANDS,
    Worker,
    bad_calls,
    code_models,
    command_lines,
    diagrams,
    expressions,
    extremes,
    model_data,
    model_files,
    shapes,
)
from fuzzing.code_models import (
    ARGUMENTS,
    BASE_TREES,
    TREES,
    CallCase,
    ModelCase,
    ShapeCase,
    Special,
    base_tree,
    every_call,
)
from fuzzing.command_lines import with_paris
from fuzzing.expressions import ExpressionCase
from fuzzing.model_files import ALIAS_BOMB, BASES, FileCase, emit, known_files
from fuzzing.workers import HarnessCase, run_here
from hypothesis import HealthCheck, Phase, given, settings

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 5.0
"""The soft time limit of one public call; the worker is killed a few seconds after it."""


def examples(n: int) -> int:
    """``n`` examples under the default and CI profiles, proportionally fewer under ``dev``."""
    return max(5, n * settings.default.max_examples // 100)


def fuzz(n: int) -> settings:
    """Settings for a fuzz test of about ``n`` examples; shrinking only with ``FUZZ_SHRINK`` set.

    Shrinking an input that hangs costs seconds per attempt, and hundreds of
    attempts: by default a failure shows the first failing input as drawn.
    """
    phases = tuple(Phase) if os.environ.get("FUZZ_SHRINK") else tuple(p for p in Phase if p != Phase.shrink)
    return settings(
        max_examples=examples(n),
        deadline=None,
        phases=phases,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    with Worker(seconds=SECONDS) as running:
        yield running


@pytest.fixture(scope="module")
def quick_worker() -> Iterator[Worker]:
    with Worker(seconds=1.0) as running:
        yield running


def hold(worker: Worker, case: object) -> None:
    """Run ``case`` in the worker; fail with every broken promise it shows."""
    report = worker.run(case)
    assert report.ok, report.explain(case)


# --------------------------------------------------------------------------- the harness itself


@pytest.mark.parametrize(
    ("what", "status"),
    [
        ("fine", None),
        ("error", None),
        ("crash", "crash"),
        ("hang", "hang"),
        ("c-hang", "hang"),
        ("die", "crash"),
    ],
)
def test_the_harness_reports_crashes_hangs_and_dead_workers(
    quick_worker: Worker, what: str, status: str | None
) -> None:
    report = quick_worker.run(HarnessCase(what))
    assert [o.status for o in report.outcomes] == ([status] if status else [])
    assert quick_worker.run(HarnessCase("fine")).ok  # a fresh worker replaces a killed one


def test_run_here_runs_a_case_in_this_process() -> None:
    report = run_here(ExpressionCase("1 + p", "payoff"), SECONDS)
    assert report.ok and report.steps > 10


def test_the_base_documents_are_valid_and_written_back_unchanged() -> None:
    import decisiontree as dt

    for base in BASES():
        tree = dt.loads(base.text, format=base.fmt)
        assert dt.loads(emit(base.data, base.fmt), format=base.fmt) == tree, base.name
        if base.fmt == "yaml":
            assert dt.loads(emit(base.data, "yaml", flow=True)) == tree, base.name


@pytest.mark.parametrize("name", [*BASE_TREES, *sorted(set(TREES.values()))])
def test_every_base_tree_builds_and_is_used_every_way(worker: Worker, name: str) -> None:
    """The trees the calls are made on are valid (the per-actor one was not, once, and every call on it
    stopped at building it), and the template with no hostile value keeps the promise every way."""
    tree = base_tree(name)
    assert tree.flat.size > 1
    if name in ("small", "actors"):
        assert bool(tree.actors) == (name == "actors")
        report = worker.run(ModelCase((), actors=name == "actors"))
        assert report.ok and report.errors == 0 and report.steps > 10, report.explain(ModelCase(()))


def test_an_unmutated_model_keeps_the_promise(worker: Worker) -> None:
    for base in BASES():
        hold(worker, FileCase(base.fmt, base.text, None, base.name, ()))


# --------------------------------------------------------------------------- classes 1-4, 7: model files


@fuzz(120)
@given(case=model_files())
def test_mutated_model_files(worker: Worker, case: FileCase) -> None:
    hold(worker, case)


@pytest.mark.parametrize("case", known_files(), ids=lambda case: case.summary)
def test_the_issues_model_files(worker: Worker, case: FileCase) -> None:
    hold(worker, case)


@fuzz(50)
@given(case=model_data())
def test_mutated_data_for_from_dict(worker: Worker, case: object) -> None:
    hold(worker, case)


# --------------------------------------------------------------------------- classes 3-4: expressions


@fuzz(150)
@given(case=expressions())
def test_generated_expressions(worker: Worker, case: ExpressionCase) -> None:
    hold(worker, case)


@pytest.mark.parametrize("text", KNOWN)
@pytest.mark.parametrize("where", ["parse", "payoff", "probability"])
def test_known_hostile_expressions(worker: Worker, text: str, where: str) -> None:
    hold(worker, ExpressionCase(text, where))


# --------------------------------------------------------------------------- classes 4-6, 8: built in code


@fuzz(120)
@given(case=code_models())
def test_models_built_with_hostile_arguments(worker: Worker, case: ModelCase) -> None:
    hold(worker, case)


@fuzz(150)
@given(case=bad_calls())
def test_public_functions_with_hostile_arguments(worker: Worker, case: CallCase) -> None:
    hold(worker, case)


@pytest.mark.parametrize("function", sorted(ARGUMENTS))
def test_every_argument_with_every_hostile_value(worker: Worker, function: str) -> None:
    """A sweep where the test above samples: each argument of ``function`` given every value of the
    harness's lists in turn (on the small tree, or its per-actor twin where the function takes an actor
    or an objective; ``tools/fuzz_campaign.py --sweep`` sweeps every base tree)."""
    broken = []
    per_actor = {"actor", "objective"} & set(ARGUMENTS[function])
    for case in every_call(function, "actors" if per_actor else "small"):
        report = worker.run(case)
        if not report.ok:
            broken.append(report.explain(case))
    assert not broken, f"{len(broken)} broken promises; the first:\n{broken[0]}"


@pytest.mark.parametrize(
    ("function", "argument", "value"),
    [
        ("psa", "n", 10**13),
        ("psa", "n", 10**30),
        ("one_way", "points", 10**12),
        ("two_way", "points", 10**7),
        ("tornado", "points", 10**12),
        ("evaluate", "values.p", 10**400),
        ("evaluate", "values.p", "1e999999999"),
        ("to_text", "subject", Special("sympy.Integer(10)**5000")),
        ("render", "path", "."),
    ],
)
def test_the_issues_sizes_and_arguments(worker: Worker, function: str, argument: str, value: object) -> None:
    hold(worker, CallCase("small", function, argument, value))


@pytest.mark.parametrize(
    ("slot", "value"),
    [
        ("decision.owner", 5),
        ("decision.owner", ["x"]),
        ("decision.notes", Special("sympy.Eq(p, 1)")),
        ("parameter.name", "ｐ"),
        ("parameter.name", "lambda"),
        ("parameter.name", "True"),
        ("parameter.name", "None"),
        ("terminal.name", "\ud800"),
        ("terminal.payoff", {}),
        ("terminal.payoff", "(-8)**(1/3)"),
        ("terminal.payoff", "exp(1000)"),
        ("branch.probability", Special("np.nan")),
        ("branch.payoff", Special("sympy.Integer(10)**5000")),
        ("parameter.value", Special("sympy.Symbol('p')")),
        ("terminal.payoff", Special("sympy.Float('1e400')")),
    ],
)
def test_the_issues_bad_models(worker: Worker, slot: str, value: object) -> None:
    hold(worker, ModelCase(((slot, value),)))


@pytest.mark.parametrize("value", ["nan", "oo", "zoo", "I"])
def test_sympy_values_that_are_not_real_numbers(worker: Worker, value: str) -> None:
    import sympy

    hold(worker, ModelCase((("terminal.payoff", getattr(sympy, value)),)))


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity"])
def test_decimal_values_that_are_not_finite(worker: Worker, value: str) -> None:
    from decimal import Decimal

    hold(worker, ModelCase((("branch.payoff", Decimal(value)),)))


# --------------------------------------------------------------------------- classes 6-7: sizes and sharing


@fuzz(30)
@given(case=shapes())
def test_hostile_sizes_and_sharing(worker: Worker, case: object) -> None:
    hold(worker, case)


@pytest.mark.parametrize(
    "case",
    [ShapeCase("shared", 40, operation) for operation in ("evaluate", "to_text", "dumps", "to_dot")]
    + [ShapeCase("huge exact", 5000, "str(result)"), ShapeCase("wide", 100_000, "evaluate")],
    ids=lambda case: case.summary,
)
def test_the_issues_sharing_and_digits(worker: Worker, case: ShapeCase) -> None:
    hold(worker, case)


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    [ShapeCase("decision chain", 100_000, operation) for operation in ("to_efg", "policy", "roundtrip")],
    ids=lambda case: case.summary,
)
def test_the_issues_deep_chains(worker: Worker, case: ShapeCase) -> None:
    hold(worker, case)


# --------------------------------------------------------------------------- class 8: diagrams


@pytest.mark.graphviz
@fuzz(40)
@given(case=extremes())
def test_valid_trees_with_numbers_at_the_ends_of_the_float_range(worker: Worker, case: object) -> None:
    hold(worker, case)


@fuzz(30)
@given(case=diagrams())
def test_texts_show_literally_in_diagrams(worker: Worker, case: object) -> None:
    hold(worker, case)


# --------------------------------------------------------------------------- class 9: the command line


@fuzz(120)
@given(case=command_lines())
def test_command_lines(worker: Worker, case: object) -> None:
    hold(worker, case)


@pytest.mark.parametrize("case", KNOWN_COMMANDS, ids=lambda case: case.summary)
def test_the_issues_command_lines(worker: Worker, case: object) -> None:
    hold(worker, with_paris(case))


def _limit_memory() -> None:
    import resource

    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(
        resource.RLIMIT_AS, (4 << 30 if hard == resource.RLIM_INFINITY else min(4 << 30, hard), hard)
    )


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m decisiontree ARGS``, with 4 GiB of address space at most and a minute to finish."""
    return subprocess.run(
        [sys.executable, "-m", "decisiontree", *args],
        env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
        preexec_fn=_limit_memory,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "model.yaml", "--set", "p_hold=1e400"),
        ("psa", "model.yaml", "-n", "10000000000000"),
        ("validate", "folder.yaml"),
        ("evaluate", "unreadable.yaml"),
        ("render", "model.yaml", "-o", "out.exe"),
        ("convert", "bomb.yaml", "-o", "out.json"),
    ],
    ids=" ".join,
)
def test_a_real_process_prints_one_line_and_no_traceback(tmp_path: Path, args: tuple[str, ...]) -> None:
    shutil.copy(ROOT / "examples" / "paris_summit.yaml", tmp_path / "model.yaml")
    (tmp_path / "folder.yaml").mkdir()
    unreadable = tmp_path / "unreadable.yaml"
    shutil.copy(ROOT / "examples" / "paris_summit.yaml", unreadable)
    unreadable.chmod(0)
    (tmp_path / "bomb.yaml").write_text(ALIAS_BOMB)
    done = _run(*args, cwd=tmp_path)
    unreadable.chmod(0o600)
    assert "Traceback" not in done.stderr, done.stderr
    if args[1] == "unreadable.yaml" and os.geteuid() == 0:
        return  # root reads every file
    if "--set" in args:  # a value outside the parameter's declared range: a usage error naming --set
        assert done.returncode == 2 and "Invalid value for --set" in done.stderr, done.stderr
        return
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
