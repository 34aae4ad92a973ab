"""SVG written directly: valid XML, every text as written, one text element per line, no Graphviz."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_trees import summit

import decisiontree as dt

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.encode("utf-8"))


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_a_heading_line_is_one_text_element_with_coloured_runs() -> None:
    """Browsers space runs of one <text> element as one line (no "Payoffs:( Entrant," gaps)."""
    from game_tree import entry_game

    root = parse(dt.svg(dt.evaluate(entry_game()), actor_colors=True))
    heading = root.find(f"{SVG}g[@class='heading']")
    assert heading is not None
    lines = texts(heading)
    assert lines[1] == "Payoffs: (Entrant, Incumbent)"
    assert lines[2] == "Decided by:   \u25a0 Entrant   \u25a0 Incumbent"
    squares = [t for t in heading.iter(f"{SVG}tspan") if t.text == "   \u25a0"]
    assert [t.get("fill") for t in squares] == ["#0072B2", "#E69F00"]  # legend squares in colour


def test_shapes_values_marks_and_tooltips() -> None:
    root = parse(dt.svg(dt.evaluate(summit(ceasefire_notes="Monitored by the OSCE"))))
    nodes = root.findall(f".//{SVG}g[@class='node']")
    assert [n.get("data-kind") for n in nodes] == ["decision", "chance", "terminal", "terminal", "terminal"]
    assert nodes[0].find(f"{SVG}rect") is not None and nodes[1].find(f"{SVG}circle") is not None
    assert nodes[2].find(f"{SVG}polygon") is not None
    assert nodes[1].find(f"{SVG}title").text == "Monitored by the OSCE"
    edges = {e.get("id"): e.get("data-edge") for e in root.findall(f".//{SVG}g[@class='edge']")}
    assert sorted(edges.values()) == ["chosen", "plain", "plain", "rejected"]
    rejected = next(e for e in root.findall(f".//{SVG}g[@class='edge']") if e.get("data-edge") == "rejected")
    assert len(rejected.findall(f"{SVG}line")) == 2  # the double bar
    shown = texts(root)
    for text in (
        "Paris summit",
        "20",
        "Ceasefire",
        "40",
        "holds",
        "p_hold = 60%",
        "40%",
        "-troop_cost = -20",
    ):
        assert text in shown


@pytest.mark.parametrize("direction", ["LR", "TB", "RL", "BT"])
def test_every_direction_gives_valid_svg(direction: str) -> None:
    root = parse(dt.svg(dt.evaluate(summit()), direction=direction, collapse=1))
    assert len(root.findall(f".//{SVG}g[@class='node']")) == 4  # three nodes and a summary
    assert "2 more nodes" in texts(root)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=3, unique=True), st.text(max_size=12))
def test_any_text_shows_as_written(labels: list[str], name: str) -> None:
    tree = dt.Tree(
        dt.Decision(name, [dt.Branch(label, dt.Terminal(label, payoff=k)) for k, label in enumerate(labels)]),
        name=name,
    )
    root = parse(dt.svg(dt.evaluate(tree)))  # valid XML whatever the text
    shown = texts(root)
    for label in labels:
        if label.isprintable():
            assert label in shown
    if name.isprintable() and name:
        assert root.find(f"{SVG}title").text == name


def test_backslashes_and_markup_reach_the_svg_unchanged() -> None:
    names = ["back\\slash\\N\\G", "<b>x</b> & y", 'say "hi"', "&amp;"]
    tree = dt.Tree(dt.Decision("root", [dt.Branch(n, dt.Terminal(n, notes=n)) for n in names]))
    root = parse(dt.svg(tree))
    shown = texts(root)
    titles = [t.text for t in root.iter(f"{SVG}title")]
    for name in names:
        assert name in shown and name in titles
