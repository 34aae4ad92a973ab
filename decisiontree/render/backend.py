"""Files and notebook displays of diagrams: SVG written directly, PNG/PDF/JPG through Graphviz.

SVG needs no Graphviz: it is written straight from this package's layout. PNG,
PDF and JPG are drawn by Graphviz's ``dot`` program from the same positions
(``layout=nop2``), so even big trees take seconds. ``.html`` writes the
interactive viewer (:func:`~decisiontree.to_html`), ``.dot`` the DOT text.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> dt.svg(tree).startswith("<?xml")
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import RenderError, brief
from .dot import to_dot
from .engine import INSTALL_HINT, pipe
from .html import to_html
from .scene import build_scene, split_subject
from .svg import to_svg

__all__ = ["DISPLAY_LIMIT", "FORMATS", "INSTALL_HINT", "mimebundle", "pipe", "render", "svg"]

FORMATS = {
    "svg": "svg",
    "png": "png",
    "pdf": "pdf",
    "jpg": "jpg",
    "jpeg": "jpg",
    "dot": "dot",
    "gv": "dot",
    "html": "html",
    "htm": "html",
}
"""File suffixes (and ``format=`` values) :func:`render` knows, and the format each means."""

DISPLAY_LIMIT = 1500
"""Nodes above which a notebook shows a tree folded to its first levels."""


def _format_of(path: Path, format: str | None) -> str:
    if format is None:
        suffix = path.suffix.lower().lstrip(".")
        if not suffix:
            raise RenderError(
                f"{path}: no file suffix; name the file .svg, .png, .pdf, .html or .dot, or pass format="
            )
        format = suffix
    if not isinstance(format, str) or format.lower() not in FORMATS:
        known = ", ".join(sorted(set(FORMATS)))
        raise RenderError(f"{path}: unknown diagram format {brief(format)}; choose among {known}")
    return FORMATS[format.lower()]


def render(
    tree_or_result: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Path:
    """Draw a tree or result into a file: SVG, PNG, PDF, JPG, HTML, or the DOT source.

    Parameters
    ----------
    tree_or_result : Tree or Result
        What to draw (a result adds values and highlights its policy).
    path : str or path
        The file to write; its suffix gives the format (``.svg``, ``.png``,
        ``.pdf``, ``.jpg``; ``.html`` for the interactive viewer; ``.dot`` or
        ``.gv`` for the source). Missing folders are created.
    format : str, optional
        Overrides the suffix.
    **options
        Passed to :func:`~decisiontree.to_dot` (``direction``, ``show``,
        ``highlight``, ``collapse``, ``actor_colors``, ``layout``, ...), or to
        :func:`~decisiontree.to_html` for HTML.

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib, decisiontree as dt
    >>> tree = dt.Tree(dt.Decision("Go?", [
    ...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
    ...     dt.Branch("no", dt.Terminal("stay")),
    ... ]))
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> dt.render(tree, folder / "go.dot").read_text().startswith("digraph")
    True
    >>> dt.render(tree, folder / "go.svg").read_text().startswith("<?xml")  # no Graphviz needed
    True
    """
    if not isinstance(path, str | os.PathLike):
        raise RenderError(f"path must be a file name (text or a path), got {brief(path)}")
    target = Path(path)
    kind = _format_of(target, format)
    if kind == "html":
        text = to_html(tree_or_result, **options)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target
    if kind == "svg":
        data = svg(tree_or_result, **options).encode("utf-8")
    else:
        graph = to_dot(tree_or_result, **options)
        data = graph.source.encode("utf-8") if kind == "dot" else pipe(graph, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def svg(tree_or_result: Any, **options: Any) -> str:
    """The diagram as SVG text (for web pages, notebooks and reports); needs no Graphviz.

    Takes the options of :func:`~decisiontree.to_dot`; with ``layout="dot"``
    Graphviz lays the diagram out (``dot``, or the WebAssembly Graphviz).
    """
    layout = options.pop("layout", "tidy")
    if layout == "tidy":
        return to_svg(tree_or_result, **options)
    return pipe(to_dot(tree_or_result, layout=layout, **options), "svg").decode("utf-8")


def _display_depth(tree: Any, limit: int = DISPLAY_LIMIT) -> int | None:
    """The depth to fold a big tree at for a notebook (about ``limit`` nodes shown), or ``None``.

    A tree too large to list is drawn with its shared subtrees once (see :func:`build_scene`);
    the nodes of that drawing are counted.
    """
    if tree.listable:
        index = tree.index
        depth = [0] * len(index.nodes)
        for i in range(1, len(index.nodes)):
            depth[i] = depth[index.parent[i]] + 1
    else:
        depth = [node.depth for node in build_scene(tree).nodes]
    if len(depth) <= limit:
        return None
    counts = [0] * max(depth)
    for d in depth:
        if d:
            counts[d - 1] += 1
    shown, level = 1, 0
    while level < len(counts) and shown + counts[level] <= limit:
        shown += counts[level]
        level += 1
    return max(level, 1)


def mimebundle(tree_or_result: Any, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """What Jupyter shows for a tree or result: the SVG diagram (folded to its first
    levels beyond :data:`DISPLAY_LIMIT` nodes). Needs no Graphviz."""
    tree, _ = split_subject(tree_or_result, "display")
    depth = _display_depth(tree)
    bundle = {"image/svg+xml": to_svg(tree_or_result, collapse=depth)}
    if include:
        bundle = {key: value for key, value in bundle.items() if key in include}
    if exclude:
        bundle = {key: value for key, value in bundle.items() if key not in exclude}
    return bundle
