"""Trees too large to draw path by path: each shared subtree drawn once, folded at its other places."""

from __future__ import annotations

import re
import shutil
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_results_too_large_to_list import shared, unlistable

import decisiontree as dt
import decisiontree.strategies as dt_st
from decisiontree.render.backend import mimebundle
from decisiontree.render.html import viewer_data
from decisiontree.render.scene import build_scene


def test_each_shared_subtree_is_drawn_in_full_once_on_the_policys_way() -> None:
    result = dt.evaluate(shared(40, 0.4))
    scene = build_scene(result)
    full = [n for n in scene.nodes if n.kind != "terminal" and n.same_as < 0]
    folded = [n for n in scene.nodes if n.same_as >= 0]
    assert sorted(n.name for n in full) == sorted(
        f"{k}{level}" for level in range(40) for k in "cd"[level % 2]
    )
    assert all(n.optimal for n in full)  # the policy takes b at every decision and passes every node
    assert len(folded) == 39  # a place of every node but the root is folded
    for node in folded:
        drawn = scene.nodes[node.same_as]
        assert drawn.name == node.name and drawn.same_as < 0 and drawn.optimal
        assert node.drawn_at == ("above" if drawn.id < node.id else "below")
        assert node.size == 1 and node.hidden == 2 ** (int(node.name[1:]) + 2) - 2  # path by path
    assert {n.drawn_at for n in folded} == {"above", "below"}
    assert [n.drawn_at for n in folded if n.label == "a"] == ["below"] * 20  # the options not taken
    assert scene.nodes[0].size == len(scene.nodes) == 40 + 39 + 2


def test_without_a_policy_a_shared_subtree_is_drawn_at_its_first_place() -> None:
    scene = build_scene(shared(40, 0.4))
    folded = [n for n in scene.nodes if n.same_as >= 0]
    assert len(folded) == 39 and all(n.drawn_at == "above" for n in folded)


def test_folded_places_show_what_lies_below_and_its_value() -> None:
    """Each number a drawn node shows is the result's at that node's path."""
    tree = shared(30, 0.4)
    result = dt.evaluate(tree)
    scene = build_scene(result)
    for node in scene.nodes:
        path = scene.path(node)
        assert node.value == pytest.approx((result.value_at(path),))
        if node.same_as >= 0:
            level = int(node.name[1:])
            assert node.hidden == 2 ** (level + 2) - 2  # the nodes below, path by path
    terminals = [n for n in scene.nodes if n.kind == "terminal"]
    assert [n.path_probability for n in terminals] == pytest.approx([0.4**15, 0.4**14 * 0.6])
    assert terminals[0].total == pytest.approx((1 + 15 * 2 + 15 * 0.5,))  # x pays 2, b 1/2, the end 1
    chosen = [n.chosen for n in scene.nodes if n.label in ("a", "b")]
    assert set(chosen) == {True, False} and scene.highlighted


def test_a_policy_to_highlight_is_a_policy_of_the_shared_tree() -> None:
    tree = shared(20, 0.4)
    scene = build_scene(tree, highlight={(): "a"})
    root_branches = [n for n in scene.nodes if n.parent == 0]
    assert [(n.label, n.chosen) for n in root_branches] == [("a", True), ("b", False)]
    with pytest.raises(dt.RenderError, match="highlight"):
        build_scene(tree, highlight="a")


@pytest.mark.parametrize("form", ["svg", "dot", "html"])
def test_every_view_draws_the_folded_places(form: str) -> None:
    result = dt.evaluate(shared(40, 0.4))
    if form == "svg":
        text = dt.svg(result)
    elif form == "dot":
        text = dt.to_dot(result).source
    else:
        text = dt.to_html(result)
    assert "as drawn below" in text and "as drawn above" in text
    assert "1,099,511,627,774 more nodes" in text  # below the root's second branch: 2^40 - 2
    assert text.count("c38") >= 2


def test_a_notebook_shows_a_tree_too_large_to_list() -> None:
    tree = shared(40, 0.4)
    for subject in (tree, dt.evaluate(tree)):
        bundle = mimebundle(subject)
        assert "more nodes" in bundle["image/svg+xml"]


def test_the_page_marks_the_folded_places() -> None:
    scene = build_scene(dt.evaluate(shared(18, 0.4)))  # 2^19 - 1 nodes path by path
    data = viewer_data(scene)
    folded = [k for k, node in enumerate(scene.nodes) if node.same_as >= 0]
    where = {k: scene.nodes[k].drawn_at for k in folded}
    assert folded and all(data["name"][k].endswith(f"(as drawn {where[k]})") for k in folded)
    assert all(data["notes"][str(k)].startswith(f"Drawn in full {where[k]}") for k in folded)


def test_the_png_is_drawn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed")
    path = dt.render(dt.evaluate(shared(40, 0.4)), tmp_path / "shared.png")
    assert path.read_bytes().startswith(b"\x89PNG")


def test_folding_by_path_in_a_tree_too_large_to_list() -> None:
    """A path names a drawn node to fold; inside a shared subtree already folded there is nothing to do."""
    result = dt.evaluate(shared(40, 0.4))
    whole = dt.to_dot(result).source
    fewer = dt.to_dot(result, collapse={("b", "x")}).source
    assert whole.count("more nodes") == 39
    assert fewer.count("more nodes") == 3  # the root's a, c38's y, and the fold asked for at (b, x)
    assert dt.to_dot(result, collapse={("a", "x")}).source == whole  # inside the folded place of a
    with pytest.raises(dt.NotFoundError, match="'z'"):
        dt.to_dot(result, collapse={("b", "z")})


_FOLDED = re.compile(r"  \(as above: ([\d,]+) more nodes\)$")


def _unfolds_to(folded: str, listed: str) -> int:
    """Check that ``folded`` is the outline ``listed`` with each folded subtree's lines (two per
    hidden node: its branch and itself) left out; returns how many lines were folded away."""
    rows, full = folded.splitlines(), listed.splitlines()
    at = hidden = 0
    for row in rows:
        found = _FOLDED.search(row)
        assert full[at] == (row if found is None else row[: found.start()]), (at, row, full[at])
        skipped = 0 if found is None else 2 * int(found.group(1).replace(",", ""))
        at += 1 + skipped
        hidden += skipped
    assert at == len(full)
    return hidden


@st.composite
def shared_trees(draw: st.DrawFn) -> dt.Tree:
    """Two generated trees, one of them used at three places (and the other at two)."""
    first = draw(dt_st.trees(max_leaves=6, max_depth=3, exact=False)).root
    second = draw(dt_st.trees(max_leaves=6, max_depth=3, exact=False)).root
    middle = dt.Decision("middle", [dt.Branch("first", first, payoff=1), dt.Branch("second", second)])
    ways = [
        dt.Branch("up", middle, probability=0.25),
        dt.Branch("down", dt.Chance("again", [dt.Branch("more", second, probability=1)]), probability=0.5),
        dt.Branch("side", first, probability=dt.COMPLEMENT),
    ]
    return dt.Tree(dt.Chance("top", ways))


@settings(max_examples=60)
@given(tree=shared_trees(), evaluated=st.booleans())
def test_the_outline_folds_shared_subtrees(tree: dt.Tree, evaluated: bool) -> None:
    """Unfolded, the outline of a tree too large to list is the outline path by path: every folded
    line names a subtree shown in full above and counts its nodes."""
    subject: object = dt.evaluate(tree) if evaluated else tree
    listed = dt.to_text(subject)
    with unlistable():
        folded = dt.to_text(subject)
    first, second = tree.root.branches[2].node, tree.root.branches[1].node.branches[0].node
    inner = not (isinstance(first, dt.Terminal) and isinstance(second, dt.Terminal))
    assert (_unfolds_to(folded, listed) > 0) == inner


def test_the_outline_of_a_tree_of_forty_shared_levels() -> None:
    tree = shared(40, Fraction(2, 5))
    text = dt.to_text(dt.evaluate(tree))
    rows = text.splitlines()
    assert len(rows) == 1 + 2 * 80  # the root, then a branch and a node per edge of the distinct nodes
    assert rows[0] == "[D] d39  value 27"  # by hand: see test_results_too_large_to_list
    assert rows[-1].endswith(f"(as above: {2**40 - 2:,} more nodes)")
    assert sum(1 for row in rows if _FOLDED.search(row)) == 39  # every inner node but the root; not "end"
