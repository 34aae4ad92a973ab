"""The scene every view draws agrees with the evaluation, and reads results only through their public API."""

from __future__ import annotations

import ast
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from shared_trees import summit

import decisiontree as dt
from decisiontree.render.scene import build_scene

RENDER = Path(dt.__file__).parent / "render"


def test_values_probabilities_and_totals_match_the_result() -> None:
    result = dt.evaluate(summit())
    scene = build_scene(result)
    for node in scene.nodes:
        path = scene.path(node)
        assert node.value == (pytest.approx(float(result.value_at(path))),)
    by_path = {scene.path(n): n for n in scene.nodes if n.kind == "terminal"}
    for scenario in result.scenarios:
        node = by_path[scenario.path]
        assert node.path_probability == pytest.approx(float(scenario.probability))
        assert node.total == (pytest.approx(float(scenario.payoff)),)
    holds, breaks = by_path[("Deploy force", "holds")], by_path[("Deploy force", "breaks")]
    assert (holds.probability, holds.probability_text, holds.complement) == (
        pytest.approx(0.6),
        "p_hold",
        False,
    )
    assert (breaks.probability, breaks.probability_text, breaks.complement) == (pytest.approx(0.4), "", True)
    deploy = scene.nodes[1]
    assert deploy.branch_payoff == (-20.0,) and deploy.branch_payoff_text == ("-troop_cost",)
    assert [n.optimal for n in scene.nodes] == [True, True, True, True, False]
    assert [n.chosen for n in scene.nodes] == [None, True, None, None, False]


def test_display_order_is_depth_first_with_contiguous_subtrees() -> None:
    scene = build_scene(summit())
    assert [n.name for n in scene.nodes] == ["Paris summit", "Ceasefire", "Stable", "War", "Status quo"]
    assert [n.size for n in scene.nodes] == [5, 3, 1, 1, 1]
    assert [c.name for c in scene.children(scene.nodes[1])] == ["Stable", "War"]
    assert scene.path(scene.nodes[3]) == ("Deploy force", "breaks")


def test_a_bare_tree_has_numbers_but_no_values_or_marks() -> None:
    scene = build_scene(summit())
    assert not scene.evaluated and not scene.highlighted
    assert all(n.value is None and n.chosen is None for n in scene.nodes)
    assert scene.nodes[3].probability == pytest.approx(0.4)  # the complement at base values
    assert [(p.name, p.value, p.description) for p in scene.parameters] == [
        ("p_hold", 0.6, "P(ceasefire holds)"),
        ("troop_cost", 20.0, ""),
    ]


def test_exact_results_stay_exact() -> None:
    scene = build_scene(dt.evaluate(summit(), exact=True))
    war = scene.nodes[3]
    assert war.probability == Fraction(2, 5) and war.total == (-70,)


def test_per_actor_values_follow_the_actor_order() -> None:
    from game_tree import entry_game

    result = dt.evaluate(entry_game())
    scene = build_scene(result)
    assert scene.actors == ("Entrant", "Incumbent")
    assert scene.nodes[0].value == tuple(float(result.value[a]) for a in scene.actors)


@settings(max_examples=25, deadline=None)
@given(dt.strategies.trees(max_leaves=8))
def test_any_tree_scene_agrees_with_value_at(tree: dt.Tree) -> None:
    result = dt.evaluate(tree)
    scene = build_scene(result)
    assert len(scene.nodes) == tree.size
    actors = tree.actors
    for node in scene.nodes[:20]:
        expected = result.value_at(scene.path(node))
        if actors:
            assert node.value == pytest.approx(tuple(float(expected[a]) for a in actors))
        else:
            assert node.value == (pytest.approx(float(expected)),)


def test_the_render_package_reads_no_private_fields_and_no_core() -> None:
    for path in RENDER.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                assert "_core" not in module and not module.endswith("expressions"), (path.name, module)
            if isinstance(node, ast.Attribute) and node.attr in ("_choice", "_core", "_arrays", "_value"):
                raise AssertionError(f"{path.name} reads {node.attr}")
