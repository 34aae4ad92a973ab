"""How the command line reads its words (click's rules, which it kept when it left typer), its
``--help`` pages and its usage errors (exit status 2, the usage line, then ``Error: ...``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import decisiontree as dt
from decisiontree.cli import COMMANDS, main

ROOT = Path(__file__).resolve().parent.parent
PARIS = str(ROOT / "examples" / "paris_summit.yaml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_value_is_the_next_word_whatever_it_looks_like(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tree.dot"
    code, _, err = run(capsys, "render", PARIS, "-o", str(out), "--title", "--json", "--no-highlight")
    assert code == 0, err
    assert "--json" in out.read_text(encoding="utf-8")  # the title, not the flag
    code, _, err = run(capsys, "evaluate", PARIS, "--set", "--json")
    assert code == 2 and "Invalid value for --set: expected NAME=VALUE, got '--json'" in err


@pytest.mark.parametrize(
    "args",
    [
        ("-sp_hold=0.4",),
        ("--set=p_hold=0.4",),
        ("-s", "p_hold=0.4"),
        ("--set", "p_hold=0.3", "--set", "p_hold=0.4"),  # repeatable: the last one counts
    ],
    ids=" ".join,
)
def test_the_ways_to_give_a_value(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", PARIS, *args, "--json")
    assert code == 0, err
    assert json.loads(out)["values"]["p_hold"] == 0.4  # the base value is 0.45


def test_one_letter_options_take_the_rest_of_the_word(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "psa", PARIS, "-n50", "--seed=3", "--json")
    assert code == 0, err
    assert (json.loads(out)["n"], json.loads(out)["seed"]) == (50, 3)
    code, _, err = run(capsys, "psa", PARIS, "-n=5")  # the value is "=5"
    assert code == 2 and "Invalid value for '-n' / '--draws': Input should be a valid integer" in err


def test_options_and_arguments_in_any_order_and_double_dash(capsys: pytest.CaptureFixture[str]) -> None:
    expected = run(capsys, "evaluate", PARIS, "--top", "1", "--json")
    assert expected[0] == 0
    assert run(capsys, "evaluate", "--top", "1", "--json", PARIS) == expected
    assert run(capsys, "evaluate", "--top", "1", "--json", "--", PARIS) == expected
    code, _, err = run(capsys, "evaluate", "--", PARIS, "--json")  # after --, a word is an argument
    assert code == 2 and "Got unexpected extra argument(s) (--json)" in err


def test_the_last_value_wins_and_is_the_only_one_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", PARIS, "--top", "x", "--top", "1", "--json")
    assert code == 0, err
    assert len(json.loads(out)["scenarios"]) == 1


def test_help_comes_first_but_not_before_an_unknown_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", "--top", "x", "--help")
    assert (code, err) == (0, "") and out.startswith("Usage: decisiontree evaluate [OPTIONS] FILE")
    code, out, err = run(capsys, "evaluate", PARIS, "--help", "--bogus")
    assert (code, out) == (2, "") and "No such option: --bogus" in err


def test_a_usage_error_shows_the_usage_line_and_one_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "evaluate", PARIS, "--top", "-1") == (
        2,
        "",
        "Usage: decisiontree evaluate [OPTIONS] FILE\n"
        "Try 'decisiontree evaluate --help' for help.\n"
        "\n"
        "Error: Invalid value for '--top': Input should be greater than or equal to 0\n",
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("evaluate", PARIS, "--jsn"), "No such option: --jsn (Possible options: --csv, --json, --set)"),
        (("evaluate", PARIS, "--json=1"), "Option '--json' does not take a value."),
        (("evaluate", PARIS, "--top"), "Option '--top' requires an argument."),
        (("evaluate", PARIS, "--top", "1.5"), "Invalid value for '--top': Input should be a valid integer"),
        (("evaluate", PARIS, "--version"), "No such option: --version (Possible options: --json)"),
        (("validate", "-1"), "No such option: -1"),
        (("validate", "-h"), "No such option: -h"),
        (("evaluate", PARIS, "extra", "more"), "Got unexpected extra argument(s) (extra more)"),
        (("evaluate",), "Missing argument 'FILE'."),
        (("render", PARIS), "Missing option '--output' / '-o'."),
        (("cea", PARIS, "--effect", "x"), "Missing option '--cost'."),
        (("evalute", PARIS), "No such command 'evalute'. Did you mean 'evaluate', 'validate'?"),
        (("zzz",), "No such command 'zzz'."),
        (("--verison",), "No such option: --verison (Possible options: --version)"),
        (("--",), "Missing command."),
        (("sensitivity", PARIS, "-t", "eu_sat"), "did you mean 'eu_seat'?"),
        (("demo", "--output"), "Option '--output' requires an argument."),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_usage_errors(args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith("Usage: decisiontree ")
    assert message in err.splitlines()[-1]


def test_the_version_and_no_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version", "evaluate") == (0, f"decisiontree {dt.__version__}\n", "")
    code, out, err = run(capsys)
    assert (code, err) == (2, "") and out.startswith("Usage: decisiontree [OPTIONS] COMMAND [ARGS]...")


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_the_programs_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--help")
    assert (code, err) == (0, "")
    assert "--version" in out and "--help" in out
    for command in COMMANDS.values():
        assert f"  {command.name} " in out
        assert _plain(command.summary) in _plain(out)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_each_commands_help_lists_every_option_with_its_help(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")  # narrow: long lines wrap
    code, out, err = run(capsys, name, "--help")
    assert (code, err) == (0, "")
    command = COMMANDS[name]
    assert out.startswith(f"Usage: decisiontree {name} [OPTIONS]")
    for option in command.options:
        for spelling in (*option.names, *option.off):
            assert spelling in out, spelling
        assert _plain(option.help) in _plain(out), option.help
        if option.metavar:
            assert option.metavar in out
    assert ("FILE  A model file" in out) == (command.argument is not None)
    assert "--help" in out and "<bool>" not in out


def test_terminal_codes_in_a_model_are_dropped_when_not_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = tmp_path / "colour.json"
    model.write_text(
        '{"name": "M\\u001b[31mred", "tree": {"kind": "decision", "name": "d\\u001b[0m", "branches": '
        '[{"label": "a", "node": {"kind": "terminal", "name": "t", "payoff": 1}}]}}',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "evaluate", str(model))
    assert code == 0, err
    assert out.startswith("Mred\n") and "\x1b" not in out
