"""The diagram examples run, and the documentation's pictures can be regenerated."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import decisiontree as dt


@pytest.mark.graphviz
def test_make_doc_images_writes_the_pictures(tmp_path: Path) -> None:
    from paris_diagrams import make_doc_images

    written = make_doc_images(tmp_path)
    assert sorted(p.name for p in written) == ["game_tree.svg", "paris_summit.png", "paris_summit.svg"]
    assert (tmp_path / "paris_summit.png").read_bytes().startswith(b"\x89PNG")
    for name in ("paris_summit.svg", "game_tree.svg"):
        ET.fromstring((tmp_path / name).read_bytes())


@pytest.mark.graphviz
def test_paris_diagrams_main(tmp_path: Path) -> None:
    from paris_diagrams import main

    main(tmp_path)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"paris_summit_{v}.{s}" for v in ("chance", "decision") for s in ("html", "png", "svg")]


def test_paris_diagrams_without_graphviz_say_so_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from paris_diagrams import main

    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    main(tmp_path / "out")
    printed = capsys.readouterr().out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [f"paris_summit_{v}.{s}" for v in ("chance", "decision") for s in ("html", "svg")]
    assert printed.count("PNG skipped") == 1 and printed.count("wrote") == 4


def test_game_tree_is_solved_by_backward_induction() -> None:
    from game_tree import entry_game

    result = dt.evaluate(entry_game(), exact=True)
    assert result.policy[()] == "enter"
    assert result.policy[("enter",)] == "accommodate"
    assert result.value == {"Entrant": 2, "Incumbent": 4}


def test_large_tree_collapses_to_a_small_diagram() -> None:
    from large_tree import large_tree

    tree = large_tree(depth=6)
    assert tree.size == 1093
    graph = dt.to_dot(dt.evaluate(tree), collapse=3)
    assert graph.source.count("->") == 39 + 27  # 40 nodes drawn, 27 folded subtrees


@pytest.mark.graphviz
@pytest.mark.slow
def test_large_tree_main(tmp_path: Path) -> None:
    from large_tree import main

    main(tmp_path)
    ET.fromstring((tmp_path / "large_tree.svg").read_bytes())


def test_paris_diagrams_chance_nodes_share_one_colour_and_complements_are_numbers(tmp_path: Path) -> None:
    """Both Paris variants, drawn as the example draws them: grey chance nodes in each, and a
    complement probability shown as its number (``30%``), never TreeAge's ``#``."""
    import re

    from paris_diagrams import BRIEFING
    from paris_summit import paris_summit

    fills, dot_fills = set(), set()
    for variant in ("decision", "chance"):
        result = dt.evaluate(paris_summit(variant))
        options = dict(BRIEFING, actor_colors=variant == "decision")
        svg = dt.svg(result, **options)
        fills.update(re.findall(r"\.c\{fill:(#[0-9A-Fa-f]{6})", svg))
        texts = [
            "".join(t.itertext())
            for t in ET.fromstring(svg.encode()).iter("{http://www.w3.org/2000/svg}text")
        ]
        assert "30%" in texts and not [t for t in texts if "#" in t or "COMPLEMENT" in t], variant
        for formulas in (True, False):
            source = dt.to_dot(result, actor_colors=variant == "decision", formulas=formulas).source
            dot_fills.update(re.findall(r'shape=circle[^\]]*fillcolor="([^"]+)"', source))
            assert "# =" not in source and "COMPLEMENT" not in source
    assert len(fills) == 1 and dot_fills == fills
