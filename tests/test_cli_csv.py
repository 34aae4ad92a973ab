"""The command line's --csv: the table an analysis command shows, as CSV beside --json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import decisiontree as dt
from decisiontree.cli import main

ROOT = Path(__file__).resolve().parent.parent
PARIS = ROOT / "examples" / "paris_summit.yaml"
MIGRAINE = ROOT / "examples" / "sumatriptan.yaml"
MARKET = ROOT / "examples" / "market_test.yaml"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def test_evaluate_writes_the_scenarios(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "scenarios.csv"
    assert main(["evaluate", str(PARIS), "--csv", str(target), "--json"]) == 0
    out, err = capsys.readouterr()
    shown = json.loads(out)["scenarios"]  # --json still prints JSON alone on stdout
    assert err.strip() == f"wrote {target}"
    written = rows(target)
    assert [r["scenario"] for r in written] == [" > ".join(s["path"]) for s in shown]
    assert [float(r["probability"]) for r in written] == pytest.approx([0.7, 0.3])
    assert written[1]["probability"] == "0.3"  # no float noise
    assert written[0]["Europe"] == "50"


def test_sensitivity_writes_the_tornado_or_the_switch_points(tmp_path: Path) -> None:
    tree = dt.load(PARIS)
    assert main(["sensitivity", str(PARIS), "--csv", str(tmp_path / "bars.csv")]) == 0
    bars = rows(tmp_path / "bars.csv")
    assert [r["parameter"] for r in bars] == [bar.parameter for bar in dt.tornado(tree)]
    assert bars[0]["swing"] == "42"
    assert main(["sensitivity", str(PARIS), "-t", "eu_seat", "--csv", str(tmp_path / "switch.csv")]) == 0
    assert rows(tmp_path / "switch.csv") == [
        {"parameter": "eu_seat", "low": "10", "high": "16.5", "optimal": "No new commitment"},
        {"parameter": "eu_seat", "low": "16.5", "high": "40", "optimal": "Spend + reassurance force"},
    ]
    both = tmp_path / "both.csv"
    assert main(["sensitivity", str(PARIS), "--tornado", "-t", "eu_seat", "--csv", str(both)]) == 0
    assert len(rows(both)) == len(bars)
    assert len(rows(tmp_path / "both-thresholds.csv")) == 2


def test_psa_writes_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "psa.csv"
    assert main(["psa", str(MARKET), "-n", "200", "--seed", "3", "--csv", str(target), "--json"]) == 0
    options = json.loads(capsys.readouterr().out)["options"]
    written = rows(target)
    assert [r["option"] for r in written] == [o["label"] for o in options]
    assert [float(r["probability optimal"]) for r in written] == [o["probability_optimal"] for o in options]
    assert [float(r["mean"]) for r in written] == pytest.approx([o["mean"] for o in options])


def test_cea_writes_the_league_table(tmp_path: Path) -> None:
    target = tmp_path / "league.csv"
    assert main(["cea", str(MIGRAINE), "--cost", "cost", "--effect", "qaly", "--csv", str(target)]) == 0
    written = rows(target)
    assert [r["strategy"] for r in written] == ["Caffeine/ergotamine", "Sumatriptan"]
    assert written[0]["ICER"] == ""
    assert float(written[1]["ICER"]) == pytest.approx(29363.02, abs=0.01)
