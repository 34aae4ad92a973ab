"""League tables, dominance, ICERs, willingness to pay and acceptability curves.

Reference computations: a published league table (HERC's teaching example, as
dampack tests it), brute-force definitions of strong and extended dominance on
random inputs, brute-force net-benefit maximisation for the switch points, and
plain loops over draws for the acceptability curves and EVPI.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy
from hypothesis import given
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree import strategies as dt_st
from decisiontree.analysis.cost_effectiveness import DOMINATED, EXTENDEDLY_DOMINATED, FRONTIER, LeagueTable

T = dt.Terminal


def options_tree(points: dict[str, tuple[Any, Any]]) -> dt.Tree:
    """One decision with one terminal per strategy: ``{name: (cost, effect)}``."""
    return dt.Tree(
        dt.Decision(
            "strategy",
            [dt.Branch(name, T(name, payoff={"cost": c, "qaly": e})) for name, (c, e) in points.items()],
        )
    )


# --------------------------------------------------------------------------- a published league table


HERC = {  # strategy: (cost, effect)
    "E": (55000, 5),
    "D": (35000, 4),
    "C": (25000, 3),
    "B": (10000, 2),
    "A": (12000, 1.5),
    "UC": (5000, 1),
}
"""The cost-effectiveness teaching example of the US VA Health Economics Resource Center (HERC,
herc.research.va.gov, "Cost-effectiveness analysis"), as dampack's tests use it
(tests/testthat/test_calculate_icers.R): usual care UC and strategies A to E."""


@pytest.mark.parametrize("exact", [False, True])
def test_the_published_league_table(exact: bool) -> None:
    table = dt.league_table(options_tree(HERC), cost="cost", effect="qaly", exact=exact)
    # dampack's expected result: UC, B, D, E on the frontier with ICERs -, 5000, 12500, 20000;
    # C extendedly dominated, A (strongly) dominated
    assert [(r.name, r.icer) for r in table.frontier] == [
        ("UC", None),
        ("B", 5000),
        ("D", 12500),
        ("E", 20000),
    ]
    assert [(r.incremental_cost, r.incremental_effect) for r in table.frontier[1:]] == [
        (5000, 1),
        (25000, 2),
        (20000, 1),
    ]
    assert [r.name for r in table.extendedly_dominated] == ["C"]
    assert [r.name for r in table.dominated] == ["A"]
    assert table.row("A").dominated_by == ("B",)  # cheaper and more effective
    assert table.row("C").dominated_by == ("B", "D")  # a mix of B and D gives 3 QALYs for 22,500
    assert table.names == ("UC", "B", "A", "C", "D", "E")  # by increasing cost
    assert table.switch_points == (5000, 12500, 20000)
    if exact:
        assert all(isinstance(r.icer, sympy.Rational) for r in table.frontier[1:])


def test_from_values_matches_the_tree() -> None:
    names = list(HERC)
    table = LeagueTable.from_values(names, [HERC[n][0] for n in names], [HERC[n][1] for n in names])
    tree_table = dt.league_table(options_tree(HERC), cost="cost", effect="qaly")
    assert [(r.name, r.status, r.icer) for r in table.rows] == [
        (r.name, r.status, r.icer) for r in tree_table.rows
    ]


def test_net_benefit_and_optimal_strategy_by_willingness_to_pay() -> None:
    table = dt.league_table(options_tree(HERC), cost="cost", effect="qaly", exact=True)
    assert table.net_benefit(10000)["B"] == 10000 * 2 - 10000
    assert table.optimal(0).name == "UC"
    assert table.optimal(5000).name == "UC"  # a tie at the switch point goes to the cheaper strategy
    assert table.optimal(Fraction(10001, 2)).name == "B"
    assert table.optimal(12500).name == "B"
    assert table.optimal(10**9).name == "E"
    ranges = [(r.low, r.high, r.row.name) for r in table.optimal_ranges()]
    assert ranges == [(0, 5000, "UC"), (5000, 12500, "B"), (12500, 20000, "D"), (20000, None, "E")]
    arrays = table.net_benefit([0, 10000])
    assert arrays["E"].tolist() == [-55000.0, -5000.0]


def test_ties_in_cost_and_effect() -> None:
    table = dt.league_table(
        options_tree(
            {
                "cheap": (0, 1),
                "twin": (0, 1),  # identical: dampack counts the second as dominated
                "same cost, less effect": (0, Fraction(1, 2)),
                "same effect, dearer": (5, 1),
                "middle": (10, 2),
                "on the line": (20, 3),  # collinear with middle and top: stays on the frontier
                "top": (30, 4),
            }
        ),
        cost="cost",
        effect="qaly",
        exact=True,
    )
    assert [r.name for r in table.frontier] == ["cheap", "middle", "on the line", "top"]
    assert [r.icer for r in table.frontier] == [None, 10, 10, 10]
    assert table.switch_points == (10, 10, 10)
    assert table.row("twin").dominated_by == ("cheap",)
    assert table.row("same cost, less effect").dominated_by == ("cheap",)
    assert table.row("same effect, dearer").dominated_by == ("cheap",)
    assert [r.name for r in table.extendedly_dominated] == []
    assert table.optimal(10).name == "cheap" and table.optimal(Fraction(1001, 100)).name == "top"


def test_float_noise_does_not_make_spurious_dominance() -> None:
    # 0.1 + 0.2 != 0.3 in floats; the strategies are identical and a spurious ICER must not appear
    table = LeagueTable.from_values(["a", "b", "c"], [0.1 + 0.2, 0.3, 1.0], [1.0, 1.0, 2.0])
    assert [r.name for r in table.frontier] == ["a", "c"]
    assert table.row("b").status == DOMINATED
    collinear = LeagueTable.from_values(["x", "y", "z"], [0.0, 0.1 + 0.2, 0.6], [0.0, 0.1, 0.2])
    assert [r.name for r in collinear.frontier] == ["x", "y", "z"]


def test_a_single_strategy_and_one_that_dominates_all() -> None:
    alone = LeagueTable.from_values(["only"], [3], [1])
    assert [(r.name, r.status, r.icer) for r in alone.rows] == [("only", FRONTIER, None)]
    assert alone.switch_points == () and alone.optimal(100).name == "only"
    best = LeagueTable.from_values(["old", "new"], [10, 5], [1, 2])  # new is cost-saving and better
    assert [r.name for r in best.frontier] == ["new"] and best.row("old").dominated_by == ("new",)


def test_text_frame_and_repr() -> None:
    table = dt.league_table(options_tree(HERC), cost="cost", effect="qaly")
    text = str(table)
    assert text.splitlines()[0].split() == [
        "strategy", "cost", "qaly", "inc.", "cost", "inc.", "effect", "ICER", "status",
    ]  # fmt: skip
    assert "extendedly dominated by B and D" in text
    frame = table.to_frame()
    assert list(frame["strategy"]) == ["UC", "B", "A", "C", "D", "E"]
    assert frame["ICER"].isna().tolist() == [True, False, True, True, False, False]
    assert "4 on the frontier, 1 dominated, 1 extendedly dominated" in repr(table)


def test_bad_arguments() -> None:
    tree = options_tree(HERC)
    with pytest.raises(dt.NotFoundError, match="did you mean 'qaly'"):
        dt.league_table(tree, cost="cost", effect="qualy")
    with pytest.raises(dt.ArgumentError, match="different"):
        dt.league_table(tree, cost="cost", effect="cost")
    plain = dt.Tree(dt.Decision("d", [dt.Branch("a", T("a", payoff=1))]))
    with pytest.raises(dt.ArgumentError, match="mappings"):
        dt.league_table(plain, cost="cost", effect="qaly")
    table = dt.league_table(tree, cost="cost", effect="qaly")
    for bad in (-1, float("nan"), "lots", True):
        with pytest.raises(dt.ArgumentError, match="willingness to pay"):
            table.optimal(bad)
    with pytest.raises(dt.ArgumentError):
        table.net_benefit([[1, 2]])
    with pytest.raises(dt.NotFoundError, match="did you mean 'D'"):
        table.row("DD")
    with pytest.raises(dt.ArgumentError, match="finite"):
        LeagueTable.from_values(["a"], [float("inf")], [1])
    with pytest.raises(dt.ArgumentError, match="unique"):
        LeagueTable.from_values(["a", "a"], [1, 2], [1, 2])
    with pytest.raises(dt.ArgumentError, match="same length"):
        LeagueTable.from_values(["a", "b"], [1], [1, 2])
    with pytest.raises(dt.ArgumentError, match="same length"):
        LeagueTable.from_values(["a", "b"], [1, 2], [1, 2], policies=[None])
    with pytest.raises(dt.ArgumentError, match="a mapping or None"):
        LeagueTable.from_values(["a", "b"], [1, 2], [1, 2], policies=[None, "x"])
    for bad in (5, "ab", {"a": 1}):  # names, costs and effects are sequences
        for argument in ("names", "costs", "effects"):
            arguments = {"names": ["a"], "costs": [1], "effects": [1], argument: bad}
            with pytest.raises(dt.ArgumentError, match=f"{argument} must be a sequence"):
                LeagueTable.from_values(**arguments)
    with pytest.raises(dt.ArgumentError, match="strategy name must be text"):
        LeagueTable.from_values([1, 2], [1, 2], [1, 2])
    with pytest.raises(dt.ArgumentError, match="exact must be True or False"):
        LeagueTable.from_values(["a"], [1], [1], exact="yes")  # type: ignore[arg-type]
    deep: list = []
    for _ in range(100):  # beyond numpy's dimensions
        deep = [deep]
    with pytest.raises(dt.ArgumentError, match="willingness to pay must be numbers"):
        table.net_benefit(deep)
    with pytest.raises(dt.ArgumentError):
        table.row(np.array(["D", "D"]))  # type: ignore[arg-type]


# --------------------------------------------------------------------------- properties


def beaten(table: LeagueTable) -> None:
    """Every dominated or extendedly dominated strategy is beaten as its row states (exact numbers)."""
    order = {name: k for k, name in enumerate(table.names)}
    for row in table.dominated:
        (other,) = [table.row(name) for name in row.dominated_by]
        assert other.cost <= row.cost and other.effect >= row.effect
        identical = other.cost == row.cost and other.effect == row.effect
        assert identical or other.cost < row.cost or other.effect > row.effect
        if identical:
            assert order[other.name] < order[row.name]
    for row in table.extendedly_dominated:
        low, high = (table.row(name) for name in row.dominated_by)
        assert low.status == high.status == FRONTIER
        assert low.effect < row.effect < high.effect
        share = (row.effect - low.effect) / (high.effect - low.effect)  # the mix with row's effect
        assert low.cost + share * (high.cost - low.cost) < row.cost


def frontier_properties(table: LeagueTable) -> None:
    frontier = table.frontier
    assert frontier and frontier[0].icer is None
    for previous, row in itertools.pairwise(frontier):
        assert row.cost > previous.cost and row.effect > previous.effect
        assert row.icer == (row.cost - previous.cost) / (row.effect - previous.effect)
    icers = [row.icer for row in frontier[1:]]
    assert all(icer > 0 for icer in icers)
    assert icers == sorted(icers)  # ICERs increase along the frontier (equal for collinear strategies)
    assert table.switch_points == tuple(icers)


def best_by_brute_force(table: LeagueTable, wtp: Any) -> str:
    """The strategy with the highest net benefit; ties to the cheaper, then the first."""
    rows = table.rows
    top = max(wtp * r.effect - r.cost for r in rows)
    return min((r for r in rows if wtp * r.effect - r.cost == top), key=lambda r: r.cost).name


def switch_points_are_where_the_best_strategy_changes(table: LeagueTable) -> None:
    points = sorted(set(table.switch_points))
    probes = [Fraction(0)]
    for k, point in enumerate(points):  # just below, at and just above each switch point
        below = points[k - 1] if k else 0
        probes += [(below + point) / 2, point, point + 1]
    for wtp in probes:
        value = sympy.Rational(wtp.numerator, wtp.denominator) if isinstance(wtp, Fraction) else wtp
        assert table.optimal(value).name == best_by_brute_force(table, value)
        if value not in table.switch_points:
            continue
        tied = [
            r
            for r in table.rows
            if value * r.effect - r.cost == max(value * q.effect - q.cost for q in table.rows)
        ]
        assert len(tied) >= 2  # at a switch point the neighbours tie


def definitions(costs: list[Any], effects: list[Any]) -> list[str]:
    """Each strategy's status straight from the definitions, by brute force over pairs."""
    n = len(costs)
    status = []
    for x in range(n):
        strong = any(
            costs[y] <= costs[x]
            and effects[y] >= effects[x]
            and (costs[y] < costs[x] or effects[y] > effects[x] or y < x)
            for y in range(n)
            if y != x
        )
        if strong:
            status.append(DOMINATED)
            continue
        extended = False
        for a in range(n):
            for b in range(n):
                if effects[a] < effects[x] < effects[b]:
                    share = (effects[x] - effects[a]) / (effects[b] - effects[a])
                    extended = extended or costs[a] + share * (costs[b] - costs[a]) < costs[x]
        status.append(EXTENDEDLY_DOMINATED if extended else FRONTIER)
    return status


points = st.lists(
    st.tuples(st.integers(0, 12), st.integers(-3, 8).map(lambda e: Fraction(e, 2))), min_size=1, max_size=8
)


@given(points)
def test_statuses_follow_the_definitions(pairs: list[tuple[int, Fraction]]) -> None:
    names = [f"s{k}" for k in range(len(pairs))]
    costs = [sympy.Integer(c) for c, _ in pairs]
    effects = [sympy.Rational(e.numerator, e.denominator) for _, e in pairs]
    table = LeagueTable.from_values(names, costs, effects, exact=True)
    expected = dict(zip(names, definitions(costs, effects), strict=True))
    assert {r.name: r.status for r in table.rows} == expected
    beaten(table)
    frontier_properties(table)
    switch_points_are_where_the_best_strategy_changes(table)
    floats = LeagueTable.from_values(names, [float(c) for c in costs], [float(e) for e in effects])
    assert [(r.name, r.status, r.dominated_by) for r in floats.rows] == [
        (r.name, r.status, r.dominated_by) for r in table.rows
    ]


cost_effect_trees = dt_st.trees(
    max_leaves=8,
    max_branches=3,
    kinds=("decision", "chance"),
    actors=("cost", "qaly"),
    min_value=0,
    max_value=20,
)


@given(cost_effect_trees)
def test_league_tables_of_random_trees(tree: dt.Tree) -> None:
    table = dt.league_table(tree, cost="cost", effect="qaly", exact=True)
    assert len(table.rows) == len(dt.policies(tree))
    beaten(table)
    frontier_properties(table)
    switch_points_are_where_the_best_strategy_changes(table)
    values = dt.policy_values(tree, exact=True)
    assert {r.name: (r.cost, r.effect) for r in table.rows} == {
        name: (v["cost"], v["qaly"]) for name, v in values.items()
    }
    floats = dt.league_table(tree, cost="cost", effect="qaly")  # exact and float agree
    assert [(r.name, r.status, r.dominated_by) for r in floats.rows] == [
        (r.name, r.status, r.dominated_by) for r in table.rows
    ]
    for a, b in zip(floats.frontier, table.frontier, strict=True):
        assert (a.icer is None and b.icer is None) or a.icer == pytest.approx(float(b.icer), rel=1e-9)


# --------------------------------------------------------------------------- Monte Carlo


def naive_curves(costs: np.ndarray, effects: np.ndarray, wtp: list[float]) -> tuple[Any, Any, Any]:
    """CEAC, CEAF strategy and EVPI with plain loops over WTP values and draws."""
    n, s = costs.shape
    ceac, ceaf, evpi = [], [], []
    for w in wtp:
        counts = [0] * s
        best_total = 0.0
        for d in range(n):
            benefit = [w * effects[d, k] - costs[d, k] for k in range(s)]
            top = max(benefit)
            winner = min((k for k in range(s) if benefit[k] == top), key=lambda k: costs[d, k])
            counts[winner] += 1
            best_total += top
        means = [w * effects[:, k].mean() - costs[:, k].mean() for k in range(s)]
        best = max(range(s), key=lambda k: (means[k], -costs[:, k].mean()))
        ceac.append([c / n for c in counts])
        ceaf.append(best)
        evpi.append(best_total / n - means[best])
    return np.array(ceac), np.array(ceaf), np.array(evpi)


@given(st.integers(1, 30), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_acceptability_matches_loops(n: int, s: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    costs = rng.gamma(2.0, 100.0, (n, s))
    effects = rng.normal(1.0, 0.3, (n, s))
    names = tuple(f"s{k}" for k in range(s))
    samples = dt.CostEffectivenessSamples(None, names, (), costs, effects)  # type: ignore[arg-type]
    wtp = [0.0, 50.0, 200.0, 1000.0, 10_000.0]
    curves = samples.acceptability(wtp)
    ceac, ceaf, evpi = naive_curves(costs, effects, wtp)
    assert curves.probability == pytest.approx(ceac)
    assert curves.optimal.tolist() == ceaf.tolist()
    assert curves.evpi == pytest.approx(np.maximum(evpi, 0), abs=1e-9)
    assert curves.probability.sum(axis=1) == pytest.approx(1.0)
    assert np.all(curves.evpi >= 0)
    assert curves.frontier_probability == pytest.approx(ceac[np.arange(len(wtp)), ceaf])


def uncertain_tree() -> dt.Tree:
    p = dt.Parameter("p_response", 0.6, distribution=dt.Beta(12, 8))
    drug = dt.Parameter("drug_cost", 1000, distribution=dt.Gamma(100, 10))
    return dt.Tree(dt.Decision("Treat?", [
        dt.Branch("drug", dt.Chance("response", [
            dt.Branch("responds", T("well", payoff={"cost": drug, "qaly": 9}), probability=p),
            dt.Branch("does not", T("ill", payoff={"cost": drug + 500, "qaly": 6}),
                      probability=dt.COMPLEMENT),
        ])),
        dt.Branch("no drug", T("untreated", payoff={"cost": 200, "qaly": 7})),
        dt.Branch("half dose", dt.Chance("half response", [
            dt.Branch("responds", T("well", payoff={"cost": drug / 2, "qaly": 8}), probability=p / 2),
            dt.Branch("does not", T("ill", payoff={"cost": drug / 2 + 500, "qaly": 6}),
                      probability=dt.COMPLEMENT),
        ])),
    ]), parameters=[p, drug])  # fmt: skip


def test_psa_draws_and_the_library_psa_agree() -> None:
    tree = uncertain_tree()
    samples = dt.psa_cost_effectiveness(tree, 3000, cost="cost", effect="qaly", seed=11)
    assert samples.names == ("drug", "no drug", "half dose") and samples.n == 3000
    assert samples.costs[:, 1] == pytest.approx(200) and samples.effects[:, 1] == pytest.approx(7)
    again = dt.psa_cost_effectiveness(tree, 3000, cost="cost", effect="qaly", seed=samples.entropy)
    assert np.array_equal(again.costs, samples.costs) and np.array_equal(again.effects, samples.effects)
    wtp = 300.0
    curves = samples.acceptability([wtp])
    # the library's own psa of net benefit at this WTP, on the same draws
    run = dt.psa(dt.strategy_tree(tree), 3000, seed=11, objective={"qaly": wtp, "cost": -1})
    assert run.values == pytest.approx(samples.net_benefit(wtp))
    assert curves.evpi[0] == pytest.approx(run.evpi, abs=1e-6)
    assert curves.probability[0] == pytest.approx(list(run.probability_optimal.values()))
    assert samples.mean_cost["drug"] == pytest.approx(float(samples.costs[:, 0].mean()))
    table = samples.league_table()
    assert {r.name for r in table.rows} == set(samples.names)


def test_certain_draws_give_step_acceptability_at_the_icers() -> None:
    tree = options_tree(HERC)
    with pytest.warns(dt.NoUncertaintyWarning, match="psa_cost_effectiveness: no parameter"):
        samples = dt.psa_cost_effectiveness(tree, 5, cost="cost", effect="qaly", seed=1)
    table = dt.league_table(tree, cost="cost", effect="qaly")
    wtp = [0, 4999, 5001, 12499, 12501, 19999, 20001, 10**6]
    curves = samples.acceptability(wtp)
    assert (
        curves.optimal_names
        == [table.optimal(w).name for w in wtp]
        == ["UC", "UC", "B", "B", "D", "D", "E", "E"]
    )
    assert set(curves.probability.ravel()) <= {0.0, 1.0}
    assert curves.evpi == pytest.approx(0)
    frame = curves.to_frame()
    assert list(frame.columns) == ["wtp", *samples.names, "optimal", "frontier probability", "EVPI"]


def test_acceptability_works_in_chunks_of_wtp(monkeypatch: pytest.MonkeyPatch) -> None:
    from decisiontree.analysis import cost_effectiveness

    samples = dt.psa_cost_effectiveness(uncertain_tree(), 400, cost="cost", effect="qaly", seed=5)
    wtp = np.linspace(0, 2000, 41)
    whole = samples.acceptability(wtp)
    monkeypatch.setattr(cost_effectiveness, "_CELLS", 1)  # one WTP value per chunk
    chunked = samples.acceptability(wtp)
    assert np.array_equal(whole.probability, chunked.probability)
    assert np.allclose(whole.evpi, chunked.evpi)


def test_psa_cost_effectiveness_with_a_seed_sequence_uses_the_same_draws_for_cost_and_effect() -> None:
    sequence = np.random.SeedSequence(123)
    samples = dt.psa_cost_effectiveness(uncertain_tree(), 200, cost="cost", effect="qaly", seed=sequence)
    reference = dt.psa_cost_effectiveness(uncertain_tree(), 200, cost="cost", effect="qaly", seed=123)
    assert np.array_equal(samples.costs, reference.costs)
    assert np.array_equal(samples.effects, reference.effects)


def test_json_safe_numbers_in_the_frame() -> None:
    frame = dt.league_table(options_tree(HERC), cost="cost", effect="qaly", exact=True).to_frame()
    assert json.loads(frame.to_json())["ICER"]["1"] == 5000.0


def test_a_league_table_is_made_of_league_rows() -> None:
    rows = dt.LeagueTable.from_values(["A", "B"], [0, 10], [0, 1]).rows
    assert dt.LeagueTable(list(rows)).rows == rows  # a list is read as the table's rows
    hostile = [
        ({"rows": 3}, "rows must be a sequence of LeagueRow"),
        ({"rows": (1, 2)}, r"LeagueTable\(\) takes LeagueRow rows"),
        ({"rows": rows + rows}, "distinct names"),
        ({"rows": rows, "cost_key": 3}, "cost key must be text"),
        ({"rows": rows, "exact": "yes"}, "exact must be True or False"),
    ]
    for arguments, message in hostile:
        with pytest.raises(dt.ArgumentError, match=message):
            dt.LeagueTable(**arguments)


@pytest.mark.parametrize("tiny", [5e-324, 1e-310, 1e-300])
def test_costs_and_effects_near_the_smallest_floats(tiny: float) -> None:
    """Found by holding the league table to exact arithmetic on the public strategies' trees with
    numbers down to 5e-324: the float grid's step, the largest effect times 1e-9, was 0 below
    about 1e-312, and comparing strategies divided by it (ZeroDivisionError)."""
    tree = dt.Tree(
        dt.Decision(
            "d",
            [
                dt.Branch("more", dt.Terminal("M", payoff={"cost": tiny, "qaly": tiny})),
                dt.Branch("less", dt.Terminal("L", payoff={"cost": 0.0, "qaly": 0.0})),
            ],
            owner="cost",
        )
    )
    floats = dt.league_table(tree, cost="cost", effect="qaly")
    exact = dt.league_table(tree, cost="cost", effect="qaly", exact=True)
    assert [(r.name, r.status) for r in floats.rows] == [(r.name, r.status) for r in exact.rows]
    assert [r.name for r in floats.frontier] == ["less", "more"]
    assert floats.frontier[1].icer == 1.0
