"""The command line: ``decisiontree`` (also ``python -m decisiontree``).

Exit codes: 0 success, 1 an invalid model or file (a message naming the
place, no traceback), 2 a usage error.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import DecisionTreeError

__all__ = ["app", "main"]

app = typer.Typer(
    name="decisiontree",
    help="Build, evaluate, explain and render scenario decision trees.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEMO_SCRIPTS = ("paris_summit.py", "paris_sensitivity.py", "paris_uncertainty.py", "paris_diagrams.py")
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
    """Run the Paris-summit scenario end to end: evaluation, sensitivity, uncertainty, diagrams."""
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


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        app(args=argv, prog_name="decisiontree")
    except DecisionTreeError as error:
        typer.echo(f"error: {error}", err=True)
        return 1
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
