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
