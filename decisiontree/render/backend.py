"""Drawing trees and results into files, text and Jupyter, through Graphviz.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> dt.svg(tree).startswith("<?xml")  # doctest: +SKIP
True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..errors import GraphvizNotFoundError, RenderError
from .dot import to_dot
from .graphviz_run import FORMATS, pipe
from .text import to_text

__all__ = ["mimebundle", "render", "svg"]


def _format_of(path: Path, format: str | None) -> str:
    if format is None:
        suffix = path.suffix.lower().lstrip(".")
        if not suffix:
            raise RenderError(
                f"{path}: no file suffix; name the file .svg, .png, .pdf or .dot, or pass format="
            )
        format = suffix
    if not isinstance(format, str) or format.lower() not in FORMATS:
        known = ", ".join(sorted(set(FORMATS)))
        raise RenderError(f"{path}: unknown diagram format {format!r}; choose among {known}")
    return FORMATS[format.lower()]


def render(
    tree_or_result: Any, path: str | os.PathLike[str], format: str | None = None, **options: Any
) -> Path:
    """Draw a tree or result into a file: SVG, PNG, PDF, or the DOT source.

    Parameters
    ----------
    tree_or_result : Tree or Result
        What to draw (a result adds values and highlights its policy).
    path : str or path
        The file to write; its suffix gives the format (``.svg``, ``.png``,
        ``.pdf``, ``.jpg``; ``.dot`` or ``.gv`` for the source). Missing
        folders are created.
    format : str, optional
        Overrides the suffix.
    **options
        Passed to :func:`~decisiontree.to_dot` (``direction``, ``show``,
        ``highlight``, ``collapse``, ``actor_colors``, ...).

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
    """
    target = Path(path)
    kind = _format_of(target, format)
    graph = to_dot(tree_or_result, **options)
    data = graph.source.encode("utf-8") if kind == "dot" else pipe(graph, kind)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def svg(tree_or_result: Any, **options: Any) -> str:
    """The diagram as SVG text (for web pages, notebooks and reports).

    Takes the options of :func:`~decisiontree.to_dot`.
    """
    return pipe(to_dot(tree_or_result, **options), "svg").decode("utf-8")


def mimebundle(tree_or_result: Any, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """What Jupyter shows for a tree or result: the SVG diagram, or the text outline
    when no Graphviz (neither ``dot`` nor the WebAssembly one) is installed."""
    try:
        return to_dot(tree_or_result)._repr_mimebundle_(include, exclude)  # type: ignore[no-any-return]
    except GraphvizNotFoundError:
        return {"text/plain": to_text(tree_or_result)}
