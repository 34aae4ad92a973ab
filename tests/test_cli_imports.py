"""The command line starts without typer, click, rich or pydantic; ``cli.app`` stays a typer application."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARIS = ROOT / "examples" / "paris_summit.yaml"
HEAVY = {"typer", "click", "rich", "pydantic", "pydantic_core"}


def python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )


def test_validate_imports_neither_typer_click_rich_nor_pydantic() -> None:
    done = python("-X", "importtime", "-m", "decisiontree", "validate", str(PARIS))
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout
    imported = {
        line.rpartition("|")[2].strip().split(".")[0]
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert {"decisiontree", "numpy"} <= imported  # the listing is there
    assert not imported & HEAVY, sorted(imported & HEAVY)


def test_no_command_imports_them() -> None:
    """Every command's help, a command that runs, a usage error and a model error, in one process."""
    code = f"""
import contextlib, io, json, sys
from decisiontree.cli import COMMANDS, main
codes = []
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    codes.append(main(["--help"]))
    codes += [main([name, "--help"]) for name in COMMANDS]
    codes.append(main(["evaluate", {str(PARIS)!r}, "--json"]))
    codes.append(main(["evaluate", {str(PARIS)!r}, "--top", "x"]))
    codes.append(main(["validate", "missing.yaml"]))
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {sorted(HEAVY)!r})
print(json.dumps([codes, heavy]))
"""
    done = python("-c", code)
    assert done.returncode == 0, done.stderr
    codes, heavy = json.loads(done.stdout)
    assert codes == [0] * 10 + [0, 2, 1]
    assert heavy == []


def test_app_is_a_typer_application_built_on_first_use() -> None:
    code = """
import sys
import decisiontree.cli as cli
before = "typer" in sys.modules
app = cli.app
import typer
print(before, isinstance(app, typer.Typer), cli.app is app)
"""
    done = python("-c", code)
    assert (done.returncode, done.stdout.split()) == (0, ["False", "True", "True"]), done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(PARIS)],
        ["evaluate", str(PARIS), "--json", "--top", "1", "--set", "p_hold=3/8"],
        ["evaluate", str(PARIS), "--set", "p_hodl=0.5"],
        ["validate", "--", str(PARIS)],
        ["sensitivity", str(PARIS), "--help"],
        ["--version"],
        ["nope"],
        [],
    ],
    ids=" ".join,
)
def test_app_runs_the_same_command_line_as_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from typer.testing import CliRunner

    from decisiontree.cli import app, main

    code = main(args)
    out, err = capsys.readouterr()
    result = CliRunner().invoke(app, args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, out, err)
