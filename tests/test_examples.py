"""Every example script runs, and the demo runs the founding scenario end to end."""

from __future__ import annotations

import inspect
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.py") if not p.name.startswith(("test_", "conftest")))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_runs(script: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    namespace = runpy.run_path(str(script), run_name="example")
    main = namespace["main"]
    if "output" in inspect.signature(main).parameters:
        main(output=tmp_path)
    else:
        main()
    assert capsys.readouterr().out.strip(), f"{script.name} printed nothing"


def test_paris_example_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    from paris_summit import main

    main()
    out = capsys.readouterr().out
    assert "Europe's choice: Spend + reassurance force" in out
    assert "Exactly:          Europe 8, Ukraine 60, US 30, Russia -63/2" in out
    assert "Europe's choice: No new commitment" in out
    assert "after 'Spend only': US rebuffs Europe" in out


@pytest.mark.graphviz
def test_demo_runs_end_to_end(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "decisiontree", "demo", "--output", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Europe's choice: Spend + reassurance force" in done.stdout
    assert any(tmp_path.iterdir())
    assert "Europe should choose" in (tmp_path / "paris_summit_report.html").read_text(encoding="utf-8")
