"""SVG written straight from the tidy layout: no Graphviz needed, linear in the tree's size.

Each text line is one ``<text>`` element whose coloured or bold runs are
``<tspan>`` children, so browsers space them as one line. Notes become
``<title>`` tooltips. Every text is XML-escaped and shown as written.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("<win>", payoff=10), payoff=-2),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> svg = to_svg(dt.evaluate(tree))
>>> svg.startswith("<?xml") and "&lt;win&gt;" in svg and svg.count('class="node"') == 3
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._gc import paused_gc
from .figure import (
    CHANCE,
    DECISION,
    EDGE,
    FADED,
    INK,
    MUTED,
    SUMMARY,
    TERMINAL,
    TRIANGLE,
    TRIANGLE_GAP,
    Figure,
    Item,
    Line,
    block_size,
    make_figure,
)
from .formatting import clean
from .layout import LABEL_GAP, Placement, tidy
from .measure import LINE_HEIGHT

__all__ = ["MARGIN", "place", "to_svg", "write_svg"]

MARGIN = 18.0
"""Space around the drawing, in points."""
HEADING_GAP = 14.0

_XML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def _x(text: str) -> str:
    return text.translate(_XML)


def _n(value: float) -> str:
    """A coordinate, to a tenth of a point."""
    return f"{value:.1f}"


def place(figure: Figure) -> Placement:
    """The tidy layout of a figure's items."""
    items = figure.items
    return tidy(
        [item.parent for item in items],
        [(item.width, item.height) for item in items],
        [(item.label_width, item.above_height, item.below_height) for item in items],
        figure.direction,
    )


def heading_size(figure: Figure) -> tuple[float, float]:
    width, height = block_size(figure.heading)
    return width, (height + HEADING_GAP if figure.heading else 0.0)


def to_svg(tree_or_result: Any, **options: Any) -> str:
    """The diagram as SVG text, laid out and written without Graphviz.

    Takes the options of :func:`~decisiontree.to_dot` (``layout`` aside).
    """
    with paused_gc():
        figure = make_figure(tree_or_result, what="svg", **options)
        return write_svg(figure, place(figure))


def _lines(
    out: list[str],
    lines: Sequence[Line],
    x: float,
    top: float,
    anchor: str | None = None,
    inherited: float = 11,
) -> None:
    """Write lines of text, the first one's top at ``top``, at ``x``; the anchor and the font
    size are inherited from the enclosing element unless given."""
    y = top
    common = f'x="{x:.1f}"' if anchor is None else f'x="{x:.1f}" text-anchor="{anchor}"'
    for size, spans in lines:
        height = size * LINE_HEIGHT
        base = y + height / 2 + size * 0.35
        y += height
        sized = "" if size == inherited else f' font-size="{size:g}"'
        if len(spans) == 1:
            text, color, bold, italic = spans[0]
            if color is None and not italic:
                weight = ' font-weight="bold"' if bold else ""
                out.append(f'<text {common} y="{base:.1f}"{sized}{weight}>{text.translate(_XML)}</text>')
                continue
        parts = []
        for text, color, bold, italic in spans:
            style = ""
            if color:
                style += f' fill="{color}"'
            if bold:
                style += ' font-weight="bold"'
            if italic:
                style += ' font-style="italic"'
            escaped = text.translate(_XML)
            parts.append(f"<tspan{style}>{escaped}</tspan>" if style else escaped)
        out.append(f'<text {common} y="{base:.1f}"{sized}>{"".join(parts)}</text>')


_STYLE = (
    "<style>"
    f".d{{fill:{DECISION[0]};stroke:{DECISION[1]};stroke-width:1.3}}"
    f".c{{fill:{CHANCE[0]};stroke:{CHANCE[1]};stroke-width:1.3}}"
    f".t{{fill:{TERMINAL}}}"
    f".s{{fill:{SUMMARY[0]};stroke:{SUMMARY[1]};stroke-width:1;stroke-dasharray:4,3}}"
    f".plain{{fill:none;stroke:{EDGE};stroke-width:1.3}}"
    f".chosen{{fill:none;stroke:{INK};stroke-width:2.4}}"
    f".rejected{{fill:none;stroke:{FADED};stroke-width:1.2;stroke-dasharray:5,3}}"
    f".folded{{fill:none;stroke:{FADED};stroke-width:1.2;stroke-dasharray:4,3}}"
    f".bar{{stroke:{FADED};stroke-width:1.6}}"
    "</style>"
)


def _node(out: list[str], item: Item, x: float, y: float, direction: str) -> None:
    w, h = item.width, item.height
    kind = item.kind
    text_top = y - item.text_height / 2
    if kind == "terminal":
        out.append(f'<g class="node" id="{item.key}" data-kind="terminal">')
    elif kind == "summary":
        out.append(
            f'<g class="node" id="{item.key}" data-kind="summary" text-anchor="middle" fill="{MUTED}">'
        )
    else:
        out.append(f'<g class="node" id="{item.key}" data-kind="{kind}" text-anchor="middle">')
    if item.tooltip:
        out.append(f"<title>{item.tooltip.translate(_XML)}</title>")
    box = f'x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" height="{h:.1f}"'
    if kind == "decision":
        colours = "" if item.fill == DECISION[0] else f' style="fill:{item.fill};stroke:{item.border}"'
        out.append(f'<rect class="d" {box}{colours}/>')
        _lines(out, item.lines, x, text_top)
    elif kind == "chance":
        out.append(f'<circle class="c" cx="{x:.1f}" cy="{y:.1f}" r="{w / 2:.1f}"/>')
        _lines(out, item.lines, x, text_top)
    elif kind == "summary":
        out.append(f'<rect class="s" {box} rx="6"/>')
        _lines(out, item.lines, x, text_top)
    else:
        along, across = TRIANGLE
        if direction in ("LR", "RL"):
            sign = 1 if direction == "LR" else -1
            tip = x - sign * w / 2
            back = tip + sign * along
            points = (tip, y, back, y - across / 2, back, y + across / 2)
            text_x = back + sign * TRIANGLE_GAP
            _lines(out, item.lines, text_x, text_top, None if sign > 0 else "end")
        else:
            sign = 1 if direction == "TB" else -1
            tip = y - sign * h / 2
            back = tip + sign * along
            points = (x, tip, x - across / 2, back, x + across / 2, back)
            top = back + TRIANGLE_GAP if sign > 0 else back - TRIANGLE_GAP - item.text_height
            _lines(out, item.lines, x, top, "middle")
        a, b, c, d, e, f = points
        out.append(f'<polygon class="t" points="{a:.1f},{b:.1f} {c:.1f},{d:.1f} {e:.1f},{f:.1f}"/>')
    out.append("</g>")


def _edge(
    out: list[str],
    item: Item,
    points: Sequence[tuple[float, float]],
    mark: tuple[float, float],
    direction: str,
) -> None:
    edge = item.edge
    faded = f' fill="{MUTED}"' if edge == "rejected" else ""
    out.append(f'<g class="edge" id="e{item.key[1:]}" data-edge="{edge}" font-size="10"{faded}>')
    (x0, y0), (x1, y1), (x2, y2) = points
    out.append(f'<path class="{edge}" d="M{x0:.1f},{y0:.1f} L{x1:.1f},{y1:.1f} L{x2:.1f},{y2:.1f}"/>')
    if edge == "rejected":  # the double bar across a branch not chosen
        length = max(((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5, 1e-9)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        for at in (7.0, 10.5):
            cx, cy = x0 + ux * at, y0 + uy * at
            out.append(
                f'<line class="bar" x1="{cx - uy * 5:.1f}" y1="{cy + ux * 5:.1f}" '
                f'x2="{cx + uy * 5:.1f}" y2="{cy - ux * 5:.1f}"/>'
            )
    x, y = mark
    if direction in ("LR", "RL"):
        if item.above:
            _lines(out, item.above, x, y - LABEL_GAP - item.above_height, "middle", 10)
        if item.below:
            _lines(out, item.below, x, y + LABEL_GAP, "middle", 10)
    elif item.above or item.below:
        _lines(out, item.above + item.below, x + LABEL_GAP + 2, y - item.above_height / 2, None, 10)
    out.append("</g>")


def write_svg(figure: Figure, placement: Placement) -> str:
    """SVG text of a placed figure."""
    heading_w, heading_h = heading_size(figure)
    width = max(placement.width, heading_w) + 2 * MARGIN
    height = placement.height + heading_h + 2 * MARGIN
    fonts = ", ".join(
        f"'{name.strip()}'" if " " in name.strip() else name.strip() for name in figure.font.split(",")
    )
    title = _x(clean(figure.scene.title or figure.scene.tree.root.name))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" font-family="{_x(fonts)}" font-size="11" '
        f'fill="{INK}" xml:space="preserve" style="white-space:pre">',
        _STYLE,
        f"<title>{title}</title>",
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="white"/>',
    ]
    if figure.heading:
        out.append('<g class="heading">')
        _lines(out, figure.heading, MARGIN, MARGIN)
        out.append("</g>")
    out.append(f'<g class="tree" transform="translate({_n(MARGIN)},{_n(MARGIN + heading_h)})">')
    items = figure.items
    direction = figure.direction
    for k, item in enumerate(items):
        if item.parent >= 0:
            _edge(out, item, placement.points[k], placement.label[k], direction)
    for k, item in enumerate(items):
        _node(out, item, placement.x[k], placement.y[k], direction)
    out.append("</g>\n</svg>\n")
    return "\n".join(out)
