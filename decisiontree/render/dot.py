"""Graphviz diagrams of trees and results, as pure DOT text (no Graphviz binary needed).

The textbook look: decisions are squares, chance nodes circles, terminals
triangles; laid out left to right; branch labels above the branches,
probabilities and branch payoffs below them; rolled-back values at the nodes;
at every decision the optimal branch drawn bold and the others grey, dashed
and struck through with a double bar.

By default the diagram carries its own tidy layout (every node, branch and
label placed, ``layout=nop2``), so Graphviz only draws it: thousands of nodes
in a second. ``layout="dot"`` leaves the layout to Graphviz's ``dot`` instead.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10), payoff=-2),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> graph = dt.to_dot(dt.evaluate(tree))
>>> graph.body[0].split(" label=")[0].strip()  # the root: a decision, drawn as a box
'n0 [shape=box margin="0.1,0.06"'
>>> "<B>Go?</B></TD></TR><TR><TD>8<" in graph.source  # its name and rolled-back value
True
>>> "arrowtail=teetee" in graph.source  # the branch not chosen, struck through
True

Every text in the model is escaped before it reaches the DOT source, so names
with quotes, braces, backslashes, HTML or newlines show literally.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._gc import paused_gc
from ..errors import RenderError, among, brief
from .engine import pipe
from .figure import (
    DIRECTIONS,
    EDGE,
    FADED,
    FONT,
    INK,
    MUTED,
    PALETTE,
    SHOW,
    TRIANGLE,
    TRIANGLE_GAP,
    Figure,
    Item,
    Line,
    make_figure,
)
from .formatting import clean
from .layout import LABEL_GAP, Placement
from .svg import MARGIN, heading_size, place, write_svg

if TYPE_CHECKING:  # pragma: no cover
    import graphviz

__all__ = ["DIRECTIONS", "LAYOUTS", "PALETTE", "SHOW", "escape_html", "escape_string", "to_dot"]

LAYOUTS = ("tidy", "dot")
"""``tidy``: this package's layout, drawn by Graphviz as given; ``dot``: Graphviz's own."""

_LARGE = 2000  # drawn nodes above which Graphviz's dot layout is told to refine less (it is superlinear)
_TRIANGLES = {"LR": "\u25c0", "RL": "\u25b6", "TB": "\u25b2", "BT": "\u25bc"}
_COMPASS = {"LR": "w", "RL": "e", "TB": "n", "BT": "s"}
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def escape_html(text: Any) -> str:
    """Text for a Graphviz HTML-like label: shown literally, line breaks kept.

    >>> escape_html('<b>"A & B"</b>\\n{x}')
    '&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;<BR/>{x}'
    """
    return clean(str(text)).translate(_HTML_ESCAPES).replace("\n", "<BR/>")


def escape_string(text: Any) -> str:
    r"""Text for a quoted Graphviz attribute such as a tooltip: shown literally.

    Backslashes are doubled (Graphviz would read ``\N`` or ``\G`` as the node or
    graph name); the graphviz package then quotes double quotes.

    >>> escape_string('C:\\new "x"\nline 2')
    'C:\\\\new "x"\\nline 2'
    """
    return clean(str(text)).replace("\\", "\\\\").replace("\n", "\\n")


# --------------------------------------------------------------------------- HTML-like labels


def _html_spans(line: Line) -> str:
    parts = []
    for text, color, bold, italic in line[1]:
        html = escape_html(text)
        if italic:
            html = f"<I>{html}</I>"
        if bold:
            html = f"<B>{html}</B>"
        if color:
            html = f'<FONT COLOR="{color}">{html}</FONT>'
        parts.append(html)
    return "".join(parts)


def _html_line(line: Line, default: float) -> str:
    html = _html_spans(line)
    size = line[0]
    return html if size == default else f'<FONT POINT-SIZE="{size:g}">{html}</FONT>'


def _stack(rows: Sequence[str], attributes: str = "") -> str:
    """Rows of HTML stacked into one label (one table, so rows may themselves be tables)."""
    rows = [row for row in rows if row]
    if not rows:
        return "<>"
    cells = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"{attributes}>{cells}</TABLE>>'


def _node_label(item: Item, figure: Figure, fixed: bool) -> dict[str, str]:
    rows = [_html_line(line, 11) for line in item.lines]
    if item.kind == "terminal":
        direction = figure.direction
        across = direction in ("LR", "RL")
        glyph = f'<FONT POINT-SIZE="15" COLOR="{item.fill}">{_TRIANGLES[direction]}</FONT>'
        size = ""
        if fixed:
            w, h = (TRIANGLE[0], TRIANGLE[1]) if across else (TRIANGLE[1], TRIANGLE[0])
            size = f' FIXEDSIZE="TRUE" WIDTH="{w:.0f}" HEIGHT="{h:.0f}"'
        marker = f'<TD PORT="end"{size}>{glyph}</TD>'
        text = f'<TD ALIGN="LEFT" BALIGN="LEFT">{_stack(rows)[1:-1]}</TD>' if rows else ""
        gap = f'<TD FIXEDSIZE="TRUE" WIDTH="{TRIANGLE_GAP:.0f}" HEIGHT="1"></TD>' if fixed and rows else ""
        if direction in ("RL", "BT"):
            marker, text = text, marker
        cells = f"<TR>{marker}{gap}{text}</TR>" if across else f"<TR>{marker}</TR><TR>{text}</TR>"
        table = ""
        if fixed:
            table = f' FIXEDSIZE="TRUE" WIDTH="{item.width:.0f}" HEIGHT="{item.height:.0f}"'
        label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"{table}>{cells}</TABLE>>'
        return {"label": label, "shape": "none", "margin": "0"}
    if item.kind == "summary":
        return {
            "label": _stack(rows),
            "shape": "box",
            "style": "rounded,dashed,filled",
            "fillcolor": item.fill,
            "color": item.border,
            "fontcolor": MUTED,
        }
    attributes = (
        {"shape": "box", "margin": "0.1,0.06"}
        if item.kind == "decision"
        else {"shape": "circle", "margin": "0.03"}
    )
    attributes.update(label=_stack(rows), style="filled", fillcolor=item.fill, color=item.border)
    return attributes


def _edge_attributes(item: Item, figure: Figure, spacer: float | None) -> dict[str, str]:
    above = [_html_line(line, 10) for line in item.above]
    below = [_html_line(line, 10) for line in item.below]
    if spacer is not None and above and below:
        rows = [
            *above,
            f'<TABLE BORDER="0" FIXEDSIZE="TRUE" WIDTH="1" HEIGHT="{spacer:.0f}"><TR><TD></TD></TR></TABLE>',
            *below,
        ]
    else:
        rows = above + below
    attributes: dict[str, str] = {"label": _stack(rows)}
    if item.kind == "terminal":
        attributes["headport"] = "end:" + _COMPASS[figure.direction]
    if item.edge == "chosen":
        attributes.update(penwidth="2.4", color=INK)
    elif item.edge == "rejected":
        attributes.update(
            style="dashed",
            color=FADED,
            fontcolor=MUTED,
            dir="both",
            arrowtail="teetee",
            arrowsize="1.1",
            penwidth="1.2",
        )
    elif item.edge == "folded":
        attributes.update(style="dashed", color=FADED)
    return attributes


def _statement(name: str, attributes: Mapping[str, str], *, html: bool = True) -> str:
    """One DOT statement. With ``html``, the label is an HTML-like label built (and escaped)
    here; every other value is quoted as a plain string, never read as HTML."""
    parts = []
    for key, value in attributes.items():
        if key == "label" and html:
            shown = value
        elif key in _POINTS:  # numbers and commas: always quoted, nothing to escape
            shown = f'"{value}"'
        else:
            shown = _quoted(value)
        parts.append(f"{key}={shown}")
    return f"\t{name} [{' '.join(parts)}]\n"


_POINTS = frozenset({"pos", "lp"})
"""Attributes that hold positions we write ourselves (``"12.5,30"``, ``"e,1,2 3,4"``)."""


@functools.lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    """A value quoted as Graphviz's package quotes a plain string (most values recur: colours,
    styles, sizes)."""
    from graphviz.quoting import nohtml, quote

    return quote(nohtml(value))  # type: ignore[no-any-return]


def _heading_label(figure: Figure) -> str:
    if not figure.heading:
        return ""
    cells = "".join(
        f'<TR><TD ALIGN="LEFT">{_html_line(line, 12) if line[0] != 15 else _html_spans(line)}</TD></TR>'
        for line in figure.heading
    )
    title = figure.heading[0]
    if title[0] == 15:  # the title line: larger
        first = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="15">{_html_spans(title)}</FONT></TD></TR>'
        cells = first + cells.split("</TR>", 1)[1]
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{cells}</TABLE>>'


# --------------------------------------------------------------------------- to_dot


def to_dot(
    tree_or_result: Any,
    *,
    direction: str = "LR",
    show: Iterable[str] | str | None = None,
    highlight: bool | Mapping[tuple[str, ...], str] | None = None,
    collapse: int | Collection[tuple[str, ...]] | None = None,
    number_format: str | Callable[[float], str] | None = None,
    probability_format: str | Callable[[float], str] | None = None,
    actor_colors: bool | Mapping[str, str] | None = None,
    actors: Sequence[str] | str | None = None,
    values: Mapping[str, Any] | None = None,
    formulas: bool = True,
    title: str | None = None,
    font: str = FONT,
    layout: str = "tidy",
) -> graphviz.Digraph:
    """A Graphviz diagram of a tree or a result: one Graphviz node per tree node.

    Pure DOT text: nothing runs until the diagram is rendered (:func:`render`,
    ``.source``, or display in Jupyter, which draws SVG without Graphviz).

    Parameters
    ----------
    tree_or_result : Tree or Result
        A result adds the rolled-back values and highlights its policy.
    direction : str
        ``"LR"`` (left to right, the default), ``"TB"``, ``"RL"`` or ``"BT"``.
    show : set of str, optional
        Annotations among ``"probabilities"``, ``"payoffs"``, ``"values"``,
        ``"path_probabilities"`` (at terminals) and ``"cumulative_payoffs"``
        (total path payoff at terminals). Default: probabilities and payoffs,
        plus values for a result.
    highlight : bool or mapping, optional
        ``True``: the optimal policy (the tree is evaluated if needed); or a
        policy ``{decision path: chosen label}``. Chosen branches are bold;
        the others grey, dashed and marked with a double bar. Default: ``True``
        for a result.
    collapse : int or set of paths, optional
        Fold every subtree below this depth (the root is depth 0), or below
        these nodes, into one summary node with the number of nodes hidden and
        the subtree's value.
    number_format, probability_format : str or callable, optional
        ``"{:,.0f}"``, a format spec such as ``".1%"``, or a function of a float.
        Default: three significant digits; probabilities as percentages.
    actor_colors : bool or mapping, optional
        Colour decisions by owner (``True``: a colour-blind-safe palette; or
        ``{actor: "#rrggbb"}``), with a legend under the title.
    actors : sequence of str, optional
        Which payoff components of a per-actor tree to show (default: all).
    values : mapping, optional
        Parameter values to evaluate a tree at (implies ``"values"`` and the
        optimal policy); also the values formulas are shown with.
    formulas : bool
        Show symbolic probabilities and payoffs as formulas with their value
        (``p_hold = 60%``), else only the value.
    title : str, optional
        A title above the diagram; default the tree's name, ``""`` for none.
    font : str
        The font family (a comma-separated fallback list).
    layout : str
        ``"tidy"`` (the default): positions computed here in linear time, which
        Graphviz draws as given; ``"dot"``: Graphviz's own layered layout
        (slow beyond a few hundred nodes).

    Returns
    -------
    graphviz.Digraph

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("coin", [
    ...     dt.Branch("heads", dt.Terminal("H", payoff=1), probability="1/2"),
    ...     dt.Branch("tails", dt.Terminal("T"), probability=dt.COMPLEMENT),
    ... ]))
    >>> source = dt.to_dot(tree, direction="TB").source
    >>> "rankdir=TB" in source and "heads" in source and "50%" in source
    True
    """
    if not among(layout, LAYOUTS):
        raise RenderError(f"layout must be one of {', '.join(LAYOUTS)}, got {brief(layout)}")
    with paused_gc():
        figure = make_figure(
            tree_or_result,
            direction=direction,
            show=show,
            highlight=highlight,
            collapse=collapse,
            number_format=number_format,
            probability_format=probability_format,
            actor_colors=actor_colors,
            actors=actors,
            values=values,
            formulas=formulas,
            title=title,
            font=font,
        )
        return figure_to_dot(figure, place(figure) if layout == "tidy" else None)


def _pt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def figure_to_dot(figure: Figure, placement: Placement | None) -> graphviz.Digraph:
    """The DOT diagram of a figure: positioned when given a placement, else for ``dot`` to lay out."""
    graph = _diagram_class()(name="decisiontree")
    graph.graph_attr.update(
        rankdir=figure.direction,
        ordering="out",
        nodesep="0.18",
        ranksep="0.45",
        fontname=figure.font,
        fontsize="12",
        bgcolor="white",
        pad="0.25",
        splines="true",
    )
    graph.node_attr.update(fontname=figure.font, fontsize="11", penwidth="1.3", fontcolor=INK)
    graph.edge_attr.update(fontname=figure.font, fontsize="10", arrowhead="none", color=EDGE, fontcolor=INK)
    heading = _heading_label(figure)
    items = figure.items
    body: list[tuple[str, dict[str, str]]] = []
    if placement is None:
        if heading:
            graph.graph_attr.update(label=heading, labelloc="t", labeljust="l")
        for item in items:
            attributes = _node_label(item, figure, fixed=False)
            if item.kind == "chance":
                attributes["width"] = f"{item.width / 72:.2f}"
            if item.tooltip:
                attributes["tooltip"] = escape_string(item.tooltip)
            body.append((item.key, attributes))
            if item.parent >= 0:
                body.append((f"{items[item.parent].key} -> {item.key}", _edge_attributes(item, figure, None)))
        if len(body) > 2 * _LARGE:  # thousands of nodes: cap the refinement of the x positions
            graph.graph_attr.update(nslimit="1", nslimit1="1")
    else:
        heading_w, heading_h = heading_size(figure)
        width = max(placement.width, heading_w) + 2 * MARGIN
        height = placement.height + heading_h + 2 * MARGIN
        graph.graph_attr.update(layout="nop2", bb=f"0,0,{_pt(width)},{_pt(height)}", pad=f"{MARGIN / 72:.2f}")
        if heading:
            graph.graph_attr.update(
                label=heading,
                labelloc="t",
                labeljust="l",
                lp=f"{_pt(MARGIN + heading_w / 2)},{_pt(height - MARGIN - heading_h / 2 + 7)}",
            )
        top = MARGIN + heading_h

        def at(x: float, y: float) -> str:
            return f"{_pt(MARGIN + x)},{_pt(height - top - y)}"

        for k, item in enumerate(items):
            attributes = _node_label(item, figure, fixed=True)
            attributes.update(
                pos=at(placement.x[k], placement.y[k]),
                width=f"{item.width / 72:.4f}",
                height=f"{item.height / 72:.4f}",
                fixedsize="true",
            )
            if item.tooltip:
                attributes["tooltip"] = escape_string(item.tooltip)
            body.append((item.key, attributes))
            if item.parent < 0:
                continue
            edge = _edge_attributes(item, figure, 2 * LABEL_GAP)
            edge["pos"] = _spline(placement.points[k], item.edge == "rejected", at)
            x, y = placement.label[k]
            if figure.direction in ("LR", "RL"):
                y += (item.below_height - item.above_height) / 2
            else:
                x += LABEL_GAP + 2 + item.label_width / 2
            if edge["label"] != "<>":
                edge["lp"] = at(x, y)
            body.append((f"{items[item.parent].key} -> {item.key}", edge))
    graph.body.extend(_statement(name, attributes) for name, attributes in body)
    graph._statements = tuple(body)
    graph._figure = figure
    graph._placement = placement
    return graph


def _spline(points: Sequence[tuple[float, float]], tail: bool, at: Callable[[float, float], str]) -> str:
    """A polyline as Graphviz's B-spline ``pos``; with ``tail``, room for the double bar at the start."""
    (x0, y0) = points[0]
    parts = []
    if tail:  # the tail arrow (a double bar) runs from the start point along the first segment
        x1, y1 = points[1]
        length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9)
        run = min(11.0, length / 2)
        parts.append("s," + at(x0, y0))
        x0, y0 = x0 + (x1 - x0) * run / length, y0 + (y1 - y0) * run / length
    controls = [at(x0, y0)]
    previous = (x0, y0)
    for x, y in points[1:]:
        px, py = previous
        controls.append(at(px + (x - px) / 3, py + (y - py) / 3))
        controls.append(at(px + 2 * (x - px) / 3, py + 2 * (y - py) / 3))
        controls.append(at(x, y))
        previous = (x, y)
    return " ".join(parts + controls)


def _plain_label(label: str) -> str:
    """An HTML label as plain text lines, for Graphviz builds without HTML labels."""
    import html
    import re

    tags = re.compile(r"<[^>]*>")
    text = label[1:-1].replace("</TR>", "\n").replace("<BR/>", "\n")
    lines = (html.unescape(line).strip() for line in tags.sub("", text).split("\n"))
    return escape_string("\n".join(line for line in lines if line))


def _plain(attributes: Mapping[str, str]) -> dict[str, str]:
    """Statement attributes without HTML: labels as text, ports dropped."""
    out = {key: value for key, value in attributes.items() if key != "headport"}
    if "label" in out:
        out["label"] = _plain_label(out["label"])
    if "headport" in attributes:
        out["headport"] = attributes["headport"].split(":")[-1]
    return out


@functools.cache
def _diagram_class() -> type[graphviz.Digraph]:
    """A ``graphviz.Digraph`` that shows in Jupyter as this package's SVG (no Graphviz needed)."""
    import graphviz
    from graphviz.quoting import nohtml

    class Diagram(graphviz.Digraph):  # type: ignore[misc]
        """A decision-tree diagram: a ``graphviz.Digraph`` that also knows its own SVG."""

        _statements: tuple[tuple[str, dict[str, str]], ...] = ()
        _figure: Figure | None = None
        _placement: Placement | None = None

        def _repr_image_svg_xml(self) -> str:
            """SVG for Jupyter, written directly from the layout (Graphviz's own for ``layout="dot"``)."""
            figure = self._figure
            if figure is None or self._placement is None:
                return pipe(self, "svg").decode("utf-8")
            return write_svg(figure, self._placement)

        @property
        def plain_source(self) -> str:
            """The DOT source with plain-text labels instead of HTML-like ones.

            For Graphviz builds without HTML labels (the WebAssembly one):
            the same nodes and edges, without fonts, colours per number or ports.
            """
            plain = self.copy()
            plain.graph_attr = {key: nohtml(value) for key, value in _plain(self.graph_attr).items()}
            mine = [_statement(n, _plain(attributes), html=False) for n, attributes in self._statements]
            plain.body = mine + list(self.body[len(mine) :])
            return plain.source  # type: ignore[no-any-return]

        def copy(self) -> Any:
            duplicate = super().copy()
            duplicate._statements = self._statements
            duplicate._figure = self._figure
            duplicate._placement = self._placement
            return duplicate

    Diagram.__module__ = __name__
    Diagram.__qualname__ = "Diagram"
    return Diagram
