"""The command line, through the real entry point (``python -m decisiontree``) in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from shared_trees import umbrella

import decisiontree as dt

ROOT = Path(__file__).resolve().parent.parent
PARIS = ROOT / "examples" / "paris_summit.yaml"


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "decisiontree", *map(str, args)],
        env={**os.environ, "COLUMNS": "250"},
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def paris() -> dt.Tree:
    sys.path.insert(0, str(ROOT / "examples"))
    from paris_summit import paris_summit

    return paris_summit("decision")


def test_evaluate_reproduces_the_python_example(paris: dt.Tree) -> None:
    expected = dt.evaluate(paris)
    done = run("evaluate", PARIS)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == paris.name
    assert lines[1] == "value: {Europe: 8, Ukraine: 60, US: 30, Russia: -31.5}"
    assert expected.choice("Paris summit") in lines[5]
    assert "(root)" in lines[5]
    for label in ("Spend + reassurance force", "Spend only", "No new commitment"):
        assert any(line.startswith(label) and line.endswith(expected.policy[(label,)]) for line in lines)

    as_json = json.loads(run("evaluate", PARIS, "--json").stdout)
    assert as_json["value"] == pytest.approx(dict(expected.value))
    assert {tuple(row["path"]): row["choice"] for row in as_json["policy"]} == dict(expected.policy)


def test_evaluate_exactly_with_parameters_set(paris: dt.Tree) -> None:
    done = run(
        "evaluate", PARIS, "--exact", "--set", "p_hold=0.3", "--set", "eu_war=70", "--json", "--top", "2"
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    expected = dt.evaluate(paris, {"p_hold": Fraction(3, 10), "eu_war": 70}, exact=True)
    assert {k: Fraction(str(v)) for k, v in data["value"].items()} == expected.value
    assert data["values"]["p_hold"] == "0.3"  # exact text: a JSON number would be the float near 3/10
    assert len(data["scenarios"]) == 2


def test_evaluate_under_a_decision_rule(tmp_path: Path) -> None:
    """Leaving the umbrella is worth -0.5 in expectation, but its worst outcome is -10."""
    tree = umbrella(rain="1/20")
    model = tmp_path / "umbrella.yaml"
    dt.dump(tree, model)
    expected = run("evaluate", model)
    assert expected.returncode == 0 and "value: -0.5" in expected.stdout
    worst = run("evaluate", model, "--rule", "maxi-min")
    assert worst.returncode == 0, worst.stderr
    assert "maxi-min value: -1" in worst.stdout and "take" in worst.stdout
    data = json.loads(run("evaluate", model, "--rule", "maxi-max", "--json").stdout)
    assert data["rule"] == "maxi-max" and data["value"] == 0
    assert data["value"] == dt.evaluate(tree, rule="maxi-max").value
    wrong = run("evaluate", model, "--rule", "maximin")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "--rule: expected one of expected, maxi-min, maxi-max, mini-min, mini-max" in wrong.stderr


def test_validate_and_convert_between_formats(tmp_path: Path, paris: dt.Tree) -> None:
    done = run("validate", PARIS)
    assert done.returncode == 0
    assert "valid" in done.stdout and "22 nodes" in done.stdout
    for suffix in (".json", ".yml"):
        assert run("convert", PARIS, "-o", tmp_path / f"paris{suffix}").returncode == 0
        assert dt.load(tmp_path / f"paris{suffix}") == paris


def test_converted_efg_solves_to_the_same_payoffs_in_pygambit(tmp_path: Path, paris: dt.Tree) -> None:
    gbt = pytest.importorskip("pygambit")
    out = tmp_path / "paris.efg"
    assert run("convert", PARIS, "-o", out).returncode == 0
    game = gbt.read_efg(str(out))
    equilibrium = gbt.nash.logit_solve(game).equilibria[0]
    ours = dt.evaluate(paris).value
    for player in game.players:
        assert float(equilibrium.payoff(player)) == pytest.approx(ours[player.label], abs=1e-4)
    assert dt.evaluate(dt.load(out)).value == pytest.approx(dict(ours))


def test_bad_files_exit_1_with_the_place_and_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = PARIS.read_text(encoding="utf-8").replace("probability: '#'", "probability: 0.1", 1)
    bad.write_text(text, encoding="utf-8")
    done = run("evaluate", bad)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    place, message = done.stderr.removeprefix(f"error: {bad}:").split(": ", 1)
    assert message == (
        'tree > "Spend + reassurance force" > "US accepts Europe": probabilities sum to 0.8, not 1\n'
    )
    line, column = map(int, place.split(":"))  # the sum is of formulas: known at evaluation, placed
    assert text.splitlines()[line - 1][column - 1 :] == "kind: chance"
    assert run("validate", bad).stderr == done.stderr

    numeric = tmp_path / "numeric.yaml"
    numeric.write_text(
        "tree:\n  kind: chance\n  name: c\n  branches:\n"
        "  - {label: a, probability: 0.5, node: {kind: terminal, name: A}}\n"
        "  - {label: b, probability: 0.4, node: {kind: terminal, name: B}}\n",
        encoding="utf-8",
    )
    done = run("evaluate", numeric)
    assert (done.returncode, done.stderr) == (
        1,
        f"error: {numeric}:2:3: tree (root): probabilities sum to 0.9, not 1\n",
    )

    typo = tmp_path / "typo.json"
    typo.write_text('{"tree": {"kind": "terminal", "name": "t", "payof": 1}}', encoding="utf-8")
    done = run("validate", typo)
    assert (done.returncode, done.stderr.strip()) == (
        1,
        f"error: {typo}:1:44: tree (root): unknown key 'payof' in a terminal node; did you mean 'payoff'?",
    )
    done = run("validate", tmp_path / "missing.yaml")
    assert done.returncode == 1
    assert "missing.yaml" in done.stderr and "Traceback" not in done.stderr


def test_help_shows_plain_flags_and_the_version() -> None:
    for command in ([], ["evaluate"], ["render"], ["sensitivity"], ["psa"], ["cea"], ["demo"]):
        done = run(*command, "--help")
        assert done.returncode == 0, done.stderr
        assert "--help" in done.stdout and "<bool>" not in done.stdout, command
    assert "--version" in run("--help").stdout
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"decisiontree {dt.__version__}\n")


def test_a_wrong_decision_path_suggests_the_closest_label() -> None:
    done = run("sensitivity", PARIS, "-d", "Spend + force")
    assert done.returncode == 2
    message = " ".join(line.strip("│ ") for line in done.stderr.splitlines())
    assert "unknown branch 'Spend + force' below tree (root); did you mean 'Spend + reassurance force'?" in (
        " ".join(message.split())
    )


def test_set_outside_the_declared_range_names_set_and_the_range() -> None:
    done = run("evaluate", PARIS, "--set", "p_hold=1.5")
    assert done.returncode == 2
    message = " ".join(" ".join(line.strip("│ ") for line in done.stderr.splitlines()).split())
    assert "--set" in message and "p_hold=1.5 is outside the parameter's declared range [0.3, 0.6]" in message
    assert run("evaluate", PARIS, "--set", "p_hold=0.6").returncode == 0  # the ends are in the range


def test_a_probability_sum_of_formulas_names_the_line_and_column(tmp_path: Path) -> None:
    model = tmp_path / "formulas.yaml"
    model.write_text(
        "parameters:\n  p: {value: 0.6, low: 0.4, high: 0.8}\n  q: 0.3\n"
        "tree:\n  kind: decision\n  name: d\n  branches:\n"
        "  - label: go\n    node:\n      kind: chance\n      name: c\n      branches:\n"
        "      - {label: a, probability: p, node: {kind: terminal, name: A}}\n"
        "      - {label: b, probability: q, node: {kind: terminal, name: B}}\n"
        "  - label: stay\n    node: {kind: terminal, name: S}\n",
        encoding="utf-8",
    )
    for command in ("validate", "evaluate"):
        done = run(command, model)
        assert (done.returncode, done.stderr) == (
            1,
            f'error: {model}:10:7: tree > "go": probabilities sum to 0.9, not 1\n',
        )


def test_psa_of_a_model_without_distributions_warns(tmp_path: Path) -> None:
    model = tmp_path / "certain.yaml"
    model.write_text(
        "parameters:\n  cost: {value: 20, low: 10, high: 40}\n"
        "tree:\n  kind: decision\n  name: d\n  branches:\n"
        "  - {label: buy, payoff: -cost, node: {kind: terminal, name: B, payoff: 30}}\n"
        "  - {label: skip, node: {kind: terminal, name: S}}\n",
        encoding="utf-8",
    )
    done = run("psa", model, "-n", "50", "--seed", "1")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith("warning: psa: no parameter of the model has a distribution")
    assert len(done.stderr.splitlines()) == 1  # one line, no source file or line of code
    assert "distribution: {type: Beta" in done.stderr
    assert "every draw is the base case" in done.stdout


def test_psa_of_the_readme_command_is_a_real_analysis() -> None:
    done = run("psa", PARIS, "-n", "10000", "--seed", "1")
    assert done.returncode == 0 and done.stderr == ""
    rows = [line.split() for line in done.stdout.splitlines()[3:]]
    shares = [float(next(cell for cell in row if cell.endswith("%"))[:-1]) for row in rows]
    assert len(shares) == 3 and all(0 < share < 100 for share in shares)
    assert all(float(row[-1]) > 1 for row in rows)  # every option's value spreads


def test_usage_errors_exit_2() -> None:
    assert run("evaluate", PARIS, "--no-such-option").returncode == 2
    done = run("evaluate", PARIS, "--set", "p_hodl=0.5")
    assert done.returncode == 2
    assert "did you mean 'p_hold'?" in done.stderr
    assert run("evaluate", PARIS, "--set", "p_hold").returncode == 2
    assert run("sensitivity", PARIS, "--decision", "Nowhere").returncode == 2


def test_sensitivity_tornado_and_switch_points(paris: dt.Tree) -> None:
    done = run("sensitivity", PARIS, "--tornado", "--threshold", "force_cost", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    bars = dt.tornado(paris)
    assert [b["parameter"] for b in data["tornado"]["bars"]] == [b.parameter for b in bars]
    expected = dt.thresholds(paris, "force_cost")
    found = data["thresholds"]["force_cost"]
    assert [Fraction(t["exact"]) for t in found["thresholds"]] == [Fraction(str(t)) for t in expected]
    assert [t["value"] for t in found["thresholds"]] == [float(t) for t in expected]
    ends = [end for interval in found["intervals"] for end in (interval["low"], interval["high"])]
    assert ends[0] == {"value": 10.0, "exact": "10"}  # integers too: one shape for every number
    for number in [*found["thresholds"], *ends]:
        assert sorted(number) == ["exact", "value"]
        assert isinstance(number["value"], float) and isinstance(number["exact"], str)
    human = run("sensitivity", PARIS, "--decision", "Spend only", "--threshold", "us_leverage")
    assert human.returncode == 0, human.stderr
    assert "us_leverage: switch points" in human.stdout
    assert "tornado" not in human.stdout


def test_psa_is_repeatable_with_a_seed(tmp_path: Path) -> None:
    model = tmp_path / "coin.yaml"
    model.write_text(
        """\
parameters:
  p: {value: 0.5, low: 0, high: 1, distribution: {type: Beta, a: 2, b: 2}}
tree:
  kind: decision
  name: Bet?
  branches:
  - label: bet
    node:
      kind: chance
      name: Coin
      branches:
      - {label: heads, probability: p, node: {kind: terminal, name: won, payoff: 10}}
      - {label: tails, probability: '#', node: {kind: terminal, name: lost, payoff: -10}}
  - label: pass
    node: {kind: terminal, name: nothing}
""",
        encoding="utf-8",
    )
    first = run("psa", model, "-n", "400", "--seed", "7", "--json")
    assert first.returncode == 0, first.stderr
    assert run("psa", model, "-n", "400", "--seed", "7", "--json").stdout == first.stdout
    data = json.loads(first.stdout)
    shares = {o["label"]: o["probability_optimal"] for o in data["options"]}
    assert shares["bet"] + shares["pass"] == pytest.approx(1)
    assert 0.3 < shares["bet"] < 0.7
    human = run("psa", model, "-n", "100", "--seed", "7")
    assert "optimal in" in human.stdout


def test_render_writes_dot_source(tmp_path: Path) -> None:
    out = tmp_path / "paris.dot"
    done = run("render", PARIS, "-o", out, "--direction", "TB")
    assert done.returncode == 0, done.stderr
    source = out.read_text(encoding="utf-8")
    assert "rankdir=TB" in source and "Paris summit" in source
    plain = tmp_path / "plain.dot"
    assert run("render", PARIS, "-o", plain, "--no-highlight").returncode == 0
    assert plain.read_text(encoding="utf-8") != source
    assert run("render", PARIS, "-o", out, "--direction", "XY").returncode == 2


@pytest.mark.graphviz
def test_render_writes_svg(tmp_path: Path) -> None:
    out = tmp_path / "paris.svg"
    done = run("render", PARIS, "-o", out)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").lstrip().startswith(("<?xml", "<svg"))


def test_main_returns_exit_codes(tmp_path: Path) -> None:
    from decisiontree.cli import main

    assert main(["validate", str(PARIS)]) == 0
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 1
    assert main(["validate", str(PARIS), "--bogus"]) == 2
