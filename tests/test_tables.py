"""Tables: Result.to_frame, a tree's parameters, every analysis result as a frame, HTML and CSV."""

from __future__ import annotations

import csv
import io
import json
import sys
from fractions import Fraction

import attrs
import numpy as np
import pytest
from shared_trees import summit

import decisiontree as dt
from decisiontree.tables import Table, Tabular, percent_text


def two_actor_tree() -> dt.Tree:
    p = dt.Parameter("p", 0.25, low=0, high=1, description="P(win)", source="a survey")
    return dt.Tree(
        dt.Decision(
            "Bet?",
            [
                dt.Branch(
                    "bet",
                    dt.Chance(
                        "Coin",
                        [
                            dt.Branch("win", dt.Terminal("won", payoff={"A": 10, "B": -10}), probability=p),
                            dt.Branch(
                                "lose",
                                dt.Terminal("lost", payoff={"A": -2, "B": 2}),
                                probability=dt.COMPLEMENT,
                            ),
                        ],
                    ),
                ),
                dt.Branch("pass", dt.Terminal("kept", payoff={"A": 0, "B": 0})),
            ],
            owner="A",
        ),
        parameters=[p],
        name="bet",
    )


# --------------------------------------------------------------------------- the Table itself


def test_table_text_html_markdown_and_csv() -> None:
    table = Table(
        ("option", "value", "share", "best"),
        [("build", 12.5, 0.25, True), ("wait", None, 0.75, False)],
        title="Options",
        percent=("share",),
    )
    text = table.to_text()
    assert text.splitlines()[0].split() == ["option", "value", "share", "best"]
    assert "25%" in text and "yes" in text
    page = table.to_html()
    assert "<caption>Options</caption>" in page
    assert '<td style="text-align:right">12.5</td>' in page  # numbers to the right
    assert "<td>build</td>" in page
    assert table.to_markdown().splitlines()[1] == "| --- | ---: | ---: | --- |"
    rows = list(csv.reader(io.StringIO(table.to_csv())))
    assert rows == [
        ["option", "value", "share", "best"],
        ["build", "12.5", "0.25", "true"],
        ["wait", "", "0.75", "false"],
    ]


def test_table_escapes_html_and_markdown() -> None:
    table = Table(("name",), [("<b>a|b</b>",)])
    assert "&lt;b&gt;" in table.to_html()
    assert "a\\|b" in table.to_markdown()


def test_table_rows_must_fit_the_columns() -> None:
    with pytest.raises(dt.ArgumentError, match="2 cells under 1 columns"):
        Table(("a",), [(1, 2)])
    with pytest.raises(dt.ArgumentError, match="no column"):
        Table(("a",), [(1,)]).column("b")


def test_csv_numbers_are_decimals_and_frames_hold_floats() -> None:
    import sympy

    table = Table(("x",), [(Fraction(1, 3),), (sympy.Rational(3, 8),), (sympy.Integer(4),), (2**60,), (0.1,)])
    assert table.to_csv().split()[1:] == ["0.333333333333333", "0.375", "4", str(2**60), "0.1"]
    assert Table(("x",), [(0.1 + 0.2,), (-13.000000000000014,)]).to_csv().split()[1:] == ["0.3", "-13"]
    frame = table.to_frame()
    assert frame["x"].tolist()[:3] == [1 / 3, 0.375, 4]
    assert json.loads(frame.to_json())["x"]["1"] == 0.375


def test_percent_text() -> None:
    assert [percent_text(p) for p in (0.25, Fraction(1, 3), 1, 0.0004)] == ["25%", "33.3%", "100%", "0.04%"]


def test_long_tables_are_cut_in_notebooks() -> None:
    table = Table(("k",), [(k,) for k in range(500)])
    assert "300 more rows" in table._repr_html_()
    assert table.to_html().count("<tr>") == 501


def test_without_pandas_frames_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    result = dt.evaluate(summit())
    with pytest.raises(dt.MissingDependencyError, match="frame"):
        result.to_frame()
    assert "<table" in dt.tornado(summit())._repr_html_()  # notebooks need no pandas


# --------------------------------------------------------------------------- evaluation and parameters


def test_result_scenarios_policy_and_options() -> None:
    result = dt.evaluate(summit())  # deploy: 0.6 * 100 - 0.4 * 50 - 20 = 20
    scenarios = result.to_frame()
    assert list(scenarios.columns) == ["probability", "scenario", "terminal", "payoff"]
    assert scenarios["scenario"].tolist() == ["Deploy force > holds", "Deploy force > breaks"]
    assert scenarios["probability"].tolist() == pytest.approx([0.6, 0.4])
    assert scenarios["payoff"].tolist() == pytest.approx([80, -70])
    assert len(result.to_frame(top=1)) == 1
    policy = result.to_frame("policy")
    assert policy.to_dict("records") == [
        {
            "at": "(root)",
            "decision": "Paris summit",
            "choice": "Deploy force",
            "reached with probability": 1.0,
        }
    ]
    options = result.to_frame("options")
    assert options.to_dict("records") == [
        {"option": "Deploy force", "value": 20.0, "chosen": True},
        {"option": "Stay out", "value": 0.0, "chosen": False},
    ]
    chance = result.to_frame("options", path=("Deploy force",))
    assert chance["probability"].tolist() == pytest.approx([0.6, 0.4])
    assert chance["value"].tolist() == pytest.approx([100, -50])


def test_result_tables_of_a_per_actor_tree_have_a_column_per_actor() -> None:
    result = dt.evaluate(two_actor_tree(), exact=True)
    scenarios = result.to_table()
    assert scenarios.columns == ("probability", "scenario", "terminal", "A", "B")
    assert scenarios.rows[0][:2] == (Fraction(3, 4), "bet > lose")  # most likely first
    assert result.to_table("policy").columns == (
        "at",
        "decision",
        "owner",
        "choice",
        "reached with probability",
    )
    assert result.to_table("options").columns == ("option", "A", "B", "chosen")
    assert result.to_table("options", path=("bet",)).rows[1][1] == Fraction(3, 4)  # exact numbers stay exact


def test_result_table_arguments_are_checked() -> None:
    result = dt.evaluate(summit())
    with pytest.raises(dt.ArgumentError, match="'scenarios', 'policy', 'options'"):
        result.to_table("scenario")
    with pytest.raises(dt.ArgumentError, match="terminal"):
        result.to_table("options", path=("Stay out",))
    with pytest.raises(dt.NotFoundError, match="did you mean"):
        result.to_table("options", path=("Deploy forc",))


def test_off_path_decisions_are_reached_with_probability_zero() -> None:
    tree = dt.Tree(
        dt.Decision(
            "first",
            [
                dt.Branch(
                    "a",
                    dt.Decision(
                        "then", [dt.Branch("x", dt.Terminal("X", payoff=1)), dt.Branch("y", dt.Terminal("Y"))]
                    ),
                ),
                dt.Branch(
                    "b",
                    dt.Decision(
                        "then", [dt.Branch("x", dt.Terminal("X", payoff=5)), dt.Branch("y", dt.Terminal("Y"))]
                    ),
                ),
            ],
        )
    )
    policy = dt.evaluate(tree).to_table("policy")
    assert policy.rows == (("(root)", "first", "b", 1.0), ("a", "then", "x", 0.0), ("b", "then", "x", 1.0))


def test_tree_parameters() -> None:
    tree = two_actor_tree()
    derived = attrs.evolve(tree, parameters=[*tree.parameters, dt.Parameter("q", "1 - p")])
    frame = derived.to_frame()
    assert list(frame.columns) == [
        "parameter",
        "value",
        "low",
        "high",
        "distribution",
        "description",
        "source",
    ]
    assert frame.iloc[0].to_dict() == {
        "parameter": "p",
        "value": 0.25,
        "low": 0,
        "high": 1,
        "distribution": "",
        "description": "P(win)",
        "source": "a survey",
    }
    assert frame.iloc[1]["value"] == "1 - p"
    with pytest.raises(dt.ArgumentError):
        tree.to_table("nodes")


# --------------------------------------------------------------------------- every analysis result


def uncertain() -> dt.Tree:
    tree = summit()
    hold, cost = tree.parameters
    return attrs.evolve(
        tree,
        parameters=[
            attrs.evolve(hold, distribution=dt.Beta(6, 4)),
            attrs.evolve(cost, distribution=dt.Uniform(10, 40)),
        ],
    )


def analysis_results() -> dict[str, Tabular]:
    tree = uncertain()
    cea = dt.Tree(
        dt.Decision(
            "treat?",
            [
                dt.Branch("drug", dt.Terminal("D", payoff={"cost": "c", "qaly": 2})),
                dt.Branch("none", dt.Terminal("N", payoff={"cost": 0, "qaly": 1})),
            ],
        ),
        parameters=[dt.Parameter("c", 100, low=50, high=150, distribution=dt.Uniform(50, 150))],
    )
    samples = dt.psa_cost_effectiveness(cea, 200, cost="cost", effect="qaly", seed=1)
    return {
        "one_way": dt.one_way(tree, "p_hold", points=3),
        "two_way": dt.two_way(tree, "p_hold", [0.4, 0.8], "troop_cost", [10, 40]),
        "tornado": dt.tornado(tree),
        "thresholds": dt.thresholds(tree, "p_hold"),
        "switch_points": dt.switch_points(tree, "p_hold"),
        "psa": dt.psa(tree, 200, seed=1),
        "evppi": dt.evppi(tree, "p_hold", 500, seed=1),
        "risk_profile": dt.risk_profile(tree),
        "league_table": dt.league_table(cea, cost="cost", effect="qaly"),
        "samples": samples,
        "acceptability": samples.acceptability([0, 100, 200]),
    }


def test_every_analysis_result_is_a_frame_and_an_html_table() -> None:
    for name, result in analysis_results().items():
        assert isinstance(result, Tabular), name
        table = result.to_table()
        assert isinstance(table, Table) and len(table) > 0, name
        frame = result.to_frame()
        assert list(frame.columns) == list(table.columns), name
        assert len(frame) == len(table), name
        page = result._repr_html_()
        assert page.startswith('<table class="decisiontree-table">'), name
        assert table.to_csv().count("\n") == len(table) + 1, name


def test_analysis_tables_hold_the_analysis_numbers() -> None:
    results = analysis_results()
    switch = results["thresholds"]
    assert switch.to_table().rows == ((Fraction(7, 15), "7/15"),)  # 150 p - 70 = 0: exact
    intervals = results["switch_points"].to_table()
    assert [row[2] for row in intervals.rows] == ["Stay out", "Deploy force"]
    psa = results["psa"]
    summary = psa.to_table("summary")
    assert summary.column("mean") == pytest.approx(list(psa.mean.values()))
    assert summary.column("probability optimal") == list(psa.probability_optimal.values())
    assert "probability optimal" in psa._repr_html_()  # notebooks show the summary, not the draws
    draws = psa.to_frame()
    assert list(draws.columns) == ["p_hold", "troop_cost", "Deploy force", "Stay out", "optimal"]
    assert np.array_equal(draws["p_hold"].to_numpy(), psa.samples["p_hold"])
    evppi = results["evppi"]
    assert evppi.to_table().rows[0][:2] == ("p_hold", evppi.value)
    samples = results["samples"]
    assert samples.to_table("summary").column("cost") == pytest.approx(list(samples.mean_cost.values()))
    assert samples.to_frame().shape == (200, 4)
    with pytest.raises(dt.ArgumentError):
        psa.to_table("everything")


def test_tables_read_their_formatters_and_options() -> None:
    table = Table(("option", "cost", "chance"), [("a", 1234.5, 0.25)], percent=("chance",))
    assert table.to_text(number=",.2f", percent="{:.0%}").splitlines()[-1].split() == ["a", "1,234.50", "25%"]
    assert "1,234" in table.to_markdown(number=lambda x: f"{x:,.0f}")
    for bad, message in (
        (3, "number must be a format string"),
        ("{:q}", "number '{:q}' failed: Unknown format code 'q'"),
        (lambda x: 1 / 0, "failed: division by zero"),
        (lambda x: x, "number must give text, got float"),
        (lambda x: "x" if x == 0.5 else None, "number must give text, got NoneType"),  # a later number
    ):
        with pytest.raises(dt.ArgumentError, match=message):
            table.to_html(number=bad)
    for options, message in (({"caption": "yes"}, "caption must be True or False"), ({"limit": -1}, "limit")):
        with pytest.raises(dt.ArgumentError, match=message):
            table.to_html(**options)
    for file, message in ((3, "file must be a text file"), (io.BytesIO(), "open for text")):
        with pytest.raises(dt.ArgumentError, match=message):
            table.to_csv(file)
