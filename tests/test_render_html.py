"""The HTML viewer's page without a browser: standalone, escaped, with the data the script draws."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shared_trees import summit
from typer.testing import CliRunner

import decisiontree as dt
from decisiontree.cli import app


def data_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="dt-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


def test_the_page_is_standalone_and_offline() -> None:
    page = dt.to_html(dt.evaluate(summit()))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert page.count("<script") == 2  # the data and the viewer, both inline


def test_the_data_carries_what_the_viewer_shows() -> None:
    data = data_of(dt.to_html(dt.evaluate(summit())))
    assert data["title"] == "Paris summit"
    assert data["name"] == ["Paris summit", "Ceasefire", "Stable", "War", "Status quo"]
    assert data["parent"] == [-1, 0, 1, 1, 0]
    assert data["kind"] == "dcttt"
    assert data["optimal"] == "11110" and data["chosen"] == "-1--0"
    assert data["prob"][2:4] == ["60%", "40%"] and data["probFormula"][2] == "p_hold"
    assert data["pay"][1] == "-20" and data["payFormula"][1] == "-troop_cost"
    assert data["value"][0] == "20"
    assert data["parameters"][0]["description"] == "P(ceasefire holds)"
    assert data["depth"] >= 2  # a small tree opens unfolded


def test_every_text_is_escaped() -> None:
    nasty = "</script><script>alert(1)</script> & \u2028"
    tree = dt.Tree(dt.Decision(nasty, [dt.Branch(nasty, dt.Terminal(nasty, notes=nasty))]), name=nasty)
    page = dt.to_html(tree)
    assert "<script>alert(1)" not in page
    assert f"<title>{'&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;'}" in page
    data = data_of(page)
    assert data["title"] == nasty and data["name"] == [nasty, nasty] and data["notes"] == {"1": nasty}


def test_big_trees_open_folded(tmp_path: Path) -> None:
    from large_tree import large_tree

    data = data_of(dt.to_html(large_tree(depth=8)))
    assert len(data["name"]) == 9841 and data["depth"] == 4  # 121 nodes shown at first
    assert data_of(dt.to_html(large_tree(depth=4), depth=1))["depth"] == 1


def test_bad_options() -> None:
    with pytest.raises(dt.RenderError, match="depth"):
        dt.to_html(summit(), depth=-1)
    with pytest.raises(dt.RenderError, match="title must be text"):
        dt.to_html(summit(), title=3)  # type: ignore[arg-type]
    with pytest.raises(dt.DecisionTreeError, match="to_html\\(\\) needs a Tree or a Result"):
        dt.to_html("tree.yaml")


def test_render_and_the_command_line_write_html(tmp_path: Path) -> None:
    path = dt.render(dt.evaluate(summit()), tmp_path / "tree.html")
    assert data_of(path.read_text(encoding="utf-8"))["title"] == "Paris summit"
    model = Path(__file__).resolve().parent.parent / "examples" / "paris_summit.yaml"
    out = tmp_path / "cli" / "tree.html"
    result = CliRunner().invoke(app, ["render", str(model), "-o", str(out), "--collapse", "1"])
    assert result.exit_code == 0, result.output
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["depth"] == 1 and data["highlighted"]


def test_notebook_html_is_a_sandboxed_frame() -> None:
    from decisiontree.render.html import repr_html

    frame = repr_html(summit())
    assert frame.startswith('<iframe sandbox="allow-scripts"') and "srcdoc=" in frame
    assert "<script" not in frame  # the page is inside the attribute, escaped
