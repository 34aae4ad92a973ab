"""The ``cea`` command: the league table as text and JSON, and its usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from herc_league_table import herc_tree

import decisiontree as dt

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decisiontree", "cea", *map(str, args)],
        env={**os.environ, "COLUMNS": "250"},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_text_and_json(tmp_path: Path) -> None:
    model = dt.dump(herc_tree(), tmp_path / "herc.yaml")
    done = run(model, "--cost", "cost", "--effect", "effect", "--wtp", "6000")
    assert done.returncode == 0, done.stderr
    assert (
        "C         25000       3                                 extendedly dominated by B and D"
        in done.stdout
    )
    assert "best at a willingness to pay from 5,000 to 12,500: B" in done.stdout
    assert "at a willingness to pay of 6,000, B is best; net benefits:" in done.stdout
    done = run(model, "--cost", "cost", "--effect", "effect", "--json", "--exact")
    data = json.loads(done.stdout)
    assert [(s["name"], s["status"], s["icer"]) for s in data["strategies"]] == [
        ("UC", "frontier", None),
        ("B", "frontier", 5000),
        ("A", "dominated", None),
        ("C", "extendedly dominated", None),
        ("D", "frontier", 12500),
        ("E", "frontier", 20000),
    ]
    assert data["strategies"][2]["effect"] == 1.5  # a fraction a float holds exactly stays a number
    assert data["switch_points"] == [5000, 12500, 20000]
    for exact in ((), ("--exact",)):  # a fraction is a number here as in --set and in the library
        done = run(model, "--cost", "cost", "--effect", "effect", "--json", "--wtp", "25000/2", *exact)
        assert done.returncode == 0, done.stderr
        assert (json.loads(done.stdout)["wtp"], json.loads(done.stdout)["optimal"]) == (12500, "B")


def test_usage_errors(tmp_path: Path) -> None:
    model = dt.dump(herc_tree(), tmp_path / "herc.yaml")
    done = run(model, "--cost", "costs", "--effect", "effect")
    assert done.returncode == 2 and "did you mean 'cost'" in done.stderr
    done = run(model, "--cost", "cost", "--effect", "effect", "--wtp", "lots")
    assert done.returncode == 2 and "--wtp: the value must be a finite number, got 'lots'" in done.stderr
    done = run(model, "--cost", "cost", "--effect", "effect", "--wtp", "inf")
    assert done.returncode == 2 and "must be a finite number, got 'inf'" in done.stderr
    done = run(model, "--cost", "cost", "--effect", "effect", "--wtp", "1e400")
    assert done.returncode == 2
    assert "'1e400' is beyond float range (about 1.8e308); use --exact" in done.stderr
    done = run(model, "--cost", "cost", "--effect", "effect", "--wtp", "1e400", "--exact", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["wtp"] == "1" + "0" * 400
    done = run(model, "--cost", "cost", "--effect", "effect", "--wtp", "-5")
    assert done.returncode == 1 and "willingness to pay must be" in done.stderr
    plain = dt.dump(
        dt.Tree(dt.Decision("d", [dt.Branch("a", dt.Terminal("a", payoff=1))])), tmp_path / "p.yaml"
    )
    done = run(plain, "--cost", "cost", "--effect", "effect")
    assert done.returncode == 1 and "mappings" in done.stderr and "Traceback" not in done.stderr
