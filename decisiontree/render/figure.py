"""What a diagram shows, before it is placed: shapes, texts, colours and line styles.

The textbook look: decisions are squares, chance nodes circles, terminals
triangles pointing back at their branch; branch labels above the branch,
probabilities and branch payoffs below it; rolled-back values in the nodes;
at every decision the chosen branch bold and the others grey, dashed and
struck through with a double bar. Texts are lines of spans (text, colour,
bold, italic) so that DOT, SVG and HTML writers show the same thing, and are
measured once here.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff=10), payoff=-2),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> figure = make_figure(dt.evaluate(tree))
>>> [(i.kind, i.edge, plain_lines(i.lines)) for i in figure.items]  # doctest: +NORMALIZE_WHITESPACE
[('decision', 'none', ['Go?', '8']), ('terminal', 'chosen', ['win', '10']),
 ('terminal', 'rejected', ['stay', '0'])]
>>> plain_lines(figure.items[1].above), plain_lines(figure.items[1].below)
(['yes'], ['-2'])
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from .._arguments import flag
from ..errors import ArgumentError, RenderError, among, brief, items
from ..model import Tree
from ..number import formatter
from .formatting import auto_number, auto_probability, clean
from .measure import LINE_HEIGHT, units
from .scene import Scene, SceneNode, build_scene

__all__ = [
    "DIRECTIONS",
    "FONT",
    "PALETTE",
    "SHOW",
    "Figure",
    "Item",
    "Line",
    "Span",
    "block_size",
    "make_figure",
    "plain_lines",
]

SHOW = ("probabilities", "payoffs", "values", "path_probabilities", "cumulative_payoffs")
"""The annotations ``show=`` may ask for."""

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe and Ito's colour-blind-safe palette: the default actor colours, in order."""

DIRECTIONS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica,Arial,Liberation Sans,DejaVu Sans,sans-serif"

INK = "#222222"  # text and chosen branches
MUTED = "#6B6B6B"  # secondary text
FADED = "#A6A6A6"  # branches not chosen
EDGE = "#555555"
DECISION = ("#D9E8F5", "#1F5A8C")  # fill, border without actor colours
CHANCE = ("#F2F2F2", "#5E5E5E")  # the same with and without actor colours
TERMINAL = "#5E5E5E"
SUMMARY = ("#FAFAFA", MUTED)

NODE_SIZE = 11.0
EDGE_SIZE = 10.0
TITLE_SIZE = 15.0
LEGEND_SIZE = 10.0
OWNER_SIZE = 9.0
TRIANGLE = (11.0, 13.0)  # along the branch, across it
TRIANGLE_GAP = 4.0
BOX_PADDING = (8.0, 4.0)

Span = tuple[str, str | None, bool, bool]
"""A run of text: ``(text, colour or None, bold, italic)``."""
Line = tuple[float, tuple[Span, ...]]
"""A line of text: ``(font size in points, spans)``."""


def plain_lines(lines: Iterable[Line]) -> list[str]:
    """The text of each line, without styles."""
    return ["".join(span[0] for span in spans) for _, spans in lines]


def line_width(line: Line) -> float:
    size, spans = line
    return sum(units(text, bold) for text, _, bold, _ in spans) * size / 1000


def block_size(lines: Sequence[Line]) -> tuple[float, float]:
    """Width and height in points of lines of text stacked and centred."""
    width = height = 0.0
    for size, spans in lines:
        total = 0
        for text, _, bold, _ in spans:
            total += units(text, bold)
        line = total * size / 1000
        if line > width:
            width = line
        height += size * LINE_HEIGHT
    return width, height


def _text_lines(
    text: str, size: float, color: str | None = None, bold: bool = False, italic: bool = False
) -> list[Line]:
    """Lines of one text (a name may hold line breaks), control characters made visible."""
    if text.isprintable():
        return [(size, ((text, color, bold, italic),))]
    return [(size, ((part, color, bold, italic),)) for part in clean(text).split("\n")]


# --------------------------------------------------------------------------- options


def check_show(show: Any, evaluated: bool) -> frozenset[str]:
    if show is None:
        return frozenset({"probabilities", "payoffs"} | ({"values"} if evaluated else set()))
    given = (show,) if isinstance(show, str) else items(show, "show", f"{', '.join(SHOW)}", RenderError)
    for item in given:
        if not among(item, SHOW):
            raise RenderError(f"show: unknown annotation {brief(item)}; choose among {', '.join(SHOW)}")
    return frozenset(given)


def check_colors(actor_colors: Any, actors: tuple[str, ...], owners: Iterable[str]) -> dict[str, str]:
    if actor_colors is None or actor_colors is False:
        return {}
    names = list(actors) + sorted(set(owners) - set(actors))
    if actor_colors is True:
        if not names:
            raise RenderError(
                "actor_colors=True, but the tree has no actors (no owners, no per-actor payoffs)"
            )
        return {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(names)}
    if not isinstance(actor_colors, Mapping):
        raise RenderError(
            f"actor_colors must be True or a mapping actor -> colour, got {brief(actor_colors)}"
        )
    colors: dict[str, str] = {}
    for actor, color in actor_colors.items():
        if actor not in names:
            raise RenderError(f"actor_colors: unknown actor {brief(actor)}; actors are {', '.join(names)}")
        if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}|[A-Za-z]+[0-9]*", color):
            raise RenderError(
                f"actor_colors: colour of {brief(actor)} must be '#rrggbb' or a colour name, "
                f"got {brief(color)}"
            )
        colors[actor] = color
    return colors


def check_actors(shown: Any, actors: tuple[str, ...]) -> tuple[str, ...]:
    if shown is None:
        return actors
    if not isinstance(shown, str | list | tuple | set | frozenset):
        raise RenderError(f"actors must be an actor's name or a list of names, got {brief(shown)}")
    names = (shown,) if isinstance(shown, str) else tuple(shown)
    for actor in names:
        if not among(actor, actors):
            known = ", ".join(actors) if actors else "none: the payoffs are plain numbers"
            raise RenderError(f"actors: unknown actor {brief(actor)}; actors are {known}")
    if not names:
        raise RenderError("actors: give at least one actor to show")
    return names


def _hex(color: str) -> tuple[int, int, int] | None:
    if re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)
    return None


def _mix(color: str, other: tuple[int, int, int], share: float) -> str:
    """``color`` moved ``share`` of the way to ``other`` (named colours are kept)."""
    rgb = _hex(color)
    if rgb is None:
        return color
    mixed = (round(c + (o - c) * share) for c, o in zip(rgb, other, strict=True))
    return "#" + "".join(f"{c:02X}" for c in mixed)


def tint(color: str) -> str:
    return _mix(color, (255, 255, 255), 0.78)


def shade(color: str) -> str:
    return _mix(color, (0, 0, 0), 0.3)


# --------------------------------------------------------------------------- the figure


class Item(NamedTuple):
    """One node to draw (a tree node or a summary of a folded subtree) and the branch into it."""

    key: str
    """``n<i>`` for tree node ``i`` (breadth first), ``s<i>`` for the summary below it."""
    node: SceneNode
    kind: str
    """``decision``, ``chance``, ``terminal`` or ``summary``."""
    parent: int
    """Position of the parent item; -1 for the root."""
    lines: tuple[Line, ...]
    fill: str
    border: str
    width: float
    height: float
    text_width: float
    text_height: float
    tooltip: str
    above: tuple[Line, ...]
    """Text above the branch into it (the label)."""
    below: tuple[Line, ...]
    """Text below the branch (probability, payoff)."""
    edge: str
    """``none`` (the root), ``plain``, ``chosen``, ``rejected`` or ``folded``."""
    label_width: float
    above_height: float
    below_height: float


@attrs.frozen
class Figure:
    """Everything a diagram shows, in display order, with the sizes of its pieces."""

    scene: Scene
    items: tuple[Item, ...]
    heading: tuple[Line, ...]
    direction: str
    font: str
    colors: Mapping[str, str]
    show: frozenset[str]


class _Labels:
    """The texts of one figure: numbers, formulas and vectors of per-actor payoffs."""

    def __init__(self, scene: Scene, options: Mapping[str, Any]) -> None:
        self.number: Callable[[float], str] = options["number"]
        self.probability: Callable[[float], str] = options["probability"]
        self.colors: Mapping[str, str] = options["colors"]
        self.actors: tuple[str, ...] = options["actors"]
        self.formulas: bool = options["formulas"]
        self.all_actors = scene.actors
        self.columns = [scene.actors.index(a) for a in self.actors]
        self.numbers: dict[float, str] = {}
        self.probabilities: dict[float, str] = {}

    def fmt(self, x: Any) -> str:
        x = float(x)
        try:
            return self.numbers[x]
        except KeyError:
            text = self.numbers[x] = clean(self.number(x))
            return text

    def fmt_p(self, p: Any) -> str:
        p = float(p)
        try:
            return self.probabilities[p]
        except KeyError:
            text = self.probabilities[p] = clean(self.probability(p))
            return text

    def vector(
        self, row: Sequence[Any], size: float, *, owner: str | None = None, wrap: bool = False
    ) -> list[Line]:
        """A value: a number, or for per-actor payoffs a vector ``(a, b, c)`` in the order of the
        legend under the title, each number in its actor's colour, the owner's in bold."""
        if not self.all_actors:
            return [(size, ((self.fmt(row[0]), None, False, False),))]
        if len(self.actors) == 1:
            actor, c = self.actors[0], self.columns[0]
            return [
                (size, ((clean(actor), MUTED, False, False), (" " + self.fmt(row[c]), None, False, False)))
            ]
        numbers: list[Span] = []
        for actor, c in zip(self.actors, self.columns, strict=True):
            color = shade(self.colors[actor]) if actor in self.colors else None
            numbers.append((self.fmt(row[c]), color, actor == owner, False))
        half = (len(numbers) + 1) // 2 if wrap and len(numbers) > 2 else len(numbers)
        lines = []
        for start, stop in ((0, half), (half, len(numbers))):
            if start == stop:
                continue
            spans: list[Span] = [("(" if start == 0 else "", None, False, False)]
            for k in range(start, stop):
                spans.append(numbers[k])
                spans.append((", " if k < len(numbers) - 1 else ")", None, False, False))
            lines.append((size, tuple(s for s in spans if s[0])))
        return lines

    def formula(self, text: str, number: Any, fmt: Callable[[Any], str]) -> str:
        """A model value as text: a formula also shows its number (``p_hold = 60%``)."""
        if self.formulas and text:
            return f"{clean(text)} = {fmt(number)}"
        return fmt(number)

    def payoff(self, numbers: Sequence[Any], texts: Sequence[str], size: float) -> list[Line]:
        """Lines for a branch payoff: formulas per actor, or the compact vector for numbers."""
        if not self.all_actors:
            if numbers[0] == 0 and not texts[0]:
                return []
            return [(size, ((self.formula(texts[0], numbers[0], self.fmt), None, False, False),))]
        symbolic = self.formulas and any(texts[c] for c in self.columns)
        if not symbolic:
            return self.vector(numbers, size) if any(numbers[c] != 0 for c in self.columns) else []
        lines: list[Line] = []
        for actor, c in zip(self.actors, self.columns, strict=True):
            if numbers[c] != 0 or texts[c]:
                text = f"{clean(actor)}: {self.formula(texts[c], numbers[c], self.fmt)}"
                lines.append((size, ((text, None, False, False),)))
        return lines


def _visible(scene: Scene, collapse: Any) -> tuple[list[SceneNode], set[int]]:
    """The nodes to draw in display order, and the ids of those whose subtrees fold."""
    nodes = scene.nodes
    stop_depth: int | None = None
    stop_at: set[int] = set()
    shared = {node.id for node in nodes if node.same_as >= 0}  # drawn in full at another place
    if collapse is None or collapse is False:
        return list(nodes), shared
    if isinstance(collapse, int) and not isinstance(collapse, bool):
        if collapse < 0:
            raise RenderError(f"collapse depth must be 0 or more, got {collapse}")
        stop_depth = collapse
    elif isinstance(collapse, Collection) and not isinstance(collapse, (str, Mapping)):
        for path in items(collapse, "collapse", "paths (tuples of labels)", RenderError):
            if isinstance(path, str) or not isinstance(path, tuple):
                raise RenderError(
                    f"collapse: give a depth or a set of paths (tuples of labels), got {brief(path)}"
                )
            node = scene.node_at(path)
            if node is not None and node.kind == "terminal":
                raise ArgumentError(
                    f"collapse: the node at {brief(path)} is a terminal; there is nothing to fold"
                )
            if node is not None:
                stop_at.add(node.id)
    else:
        raise RenderError(f"collapse must be a depth (int) or a set of paths, got {brief(collapse)}")
    shown: list[SceneNode] = []
    folded: set[int] = set(shared)
    k = 0
    while k < len(nodes):
        node = nodes[k]
        shown.append(node)
        if node.kind != "terminal" and (
            node.id in stop_at or (stop_depth is not None and node.depth >= stop_depth)
        ):
            folded.add(node.id)
            k += node.size
        else:
            k += 1
    return shown, folded


def make_figure(
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
    what: str = "to_dot",
) -> Figure:
    """The figure of a tree or result; the options of :func:`~decisiontree.to_dot`."""
    if not among(direction, DIRECTIONS):
        raise RenderError(f"direction must be one of {', '.join(DIRECTIONS)}, got {brief(direction)}")
    if not isinstance(font, str) or not font:
        raise RenderError(f"font must be a font family name, got {brief(font)}")
    if title is not None and not isinstance(title, str):
        raise RenderError(f"title must be text, got {brief(title)}")
    evaluated = not isinstance(tree_or_result, Tree) or values is not None
    shown = check_show(show, evaluated)
    scene = build_scene(
        tree_or_result, values=values, evaluate="values" in shown, highlight=highlight, what=what
    )
    owners = {n.owner for n in scene.nodes if n.owner}
    options = {
        "number": formatter(number_format, "number_format", auto_number, RenderError),
        "probability": formatter(probability_format, "probability_format", auto_probability, RenderError),
        "colors": check_colors(actor_colors, scene.actors, owners),
        "actors": check_actors(actors, scene.actors),
        "formulas": flag(formulas, "formulas"),
    }
    labels = _Labels(scene, options)
    visible, folded = _visible(scene, collapse)
    items = _items(scene, visible, folded, labels, shown, direction)
    heading = _heading(scene.title if title is None else title, labels, owners)
    return Figure(scene, tuple(items), tuple(heading), direction, font, labels.colors, shown)


def _node_lines(node: SceneNode, labels: _Labels, show: frozenset[str], values: bool) -> list[Line]:
    if node.kind == "terminal":
        lines = _text_lines(node.name, NODE_SIZE) if node.name else []
        if "payoffs" in show:
            lines += labels.vector(node.payoff, NODE_SIZE)
        if "cumulative_payoffs" in show:
            total = labels.vector(node.total, NODE_SIZE)
            if not labels.all_actors:
                size, spans = total[0]
                total = [(size, (("total", MUTED, False, False), (" ", None, False, False), *spans))]
            lines += total
        if "path_probabilities" in show:
            lines.append((NODE_SIZE, (("P = " + labels.fmt_p(node.path_probability), MUTED, False, False),)))
        return lines
    lines = _text_lines(node.name, NODE_SIZE, bold=True) if node.name else []
    if node.owner:
        lines += _text_lines(node.owner, OWNER_SIZE, MUTED, italic=True)
    if values and node.value is not None:
        lines += labels.vector(node.value, NODE_SIZE, owner=node.owner, wrap=node.kind == "chance")
    return lines


def _branch_lines(node: SceneNode, labels: _Labels, show: frozenset[str]) -> tuple[list[Line], list[Line]]:
    above = _text_lines(node.label, EDGE_SIZE) if node.label else []
    below: list[Line] = []
    if "probabilities" in show and node.probability is not None:
        text = labels.formula(
            "" if node.complement else node.probability_text, node.probability, labels.fmt_p
        )
        below.append((EDGE_SIZE, ((text, None, False, False),)))
    if "payoffs" in show:
        below += labels.payoff(node.branch_payoff, node.branch_payoff_text, EDGE_SIZE)
    return above, below


def _items(
    scene: Scene,
    visible: list[SceneNode],
    folded: set[int],
    labels: _Labels,
    show: frozenset[str],
    direction: str,
) -> list[Item]:
    values = "values" in show and scene.evaluated
    across = direction in ("LR", "RL")
    position: dict[int, int] = {}
    items: list[Item] = []
    circle = 0.0
    for node in visible:
        lines = tuple(_node_lines(node, labels, show, values))
        text_w, text_h = block_size(lines)
        edge = "none"
        above: tuple[Line, ...] = ()
        below: tuple[Line, ...] = ()
        label_w = up = down = 0.0
        if node.parent >= 0:
            above_lines, below_lines = _branch_lines(node, labels, show)
            above, below = tuple(above_lines), tuple(below_lines)
            edge = "plain" if node.chosen is None else ("chosen" if node.chosen else "rejected")
            if across:
                label_w, up = block_size(above)
                below_w, down = block_size(below)
                label_w = max(label_w, below_w)
            else:  # the texts stand beside a vertical branch: their height runs along it
                label_w, up = block_size(above + below)
        kind = node.kind
        if kind == "decision":
            owner = node.owner
            fill, border = DECISION
            if owner is not None and owner in labels.colors:
                fill, border = tint(labels.colors[owner]), labels.colors[owner]
            width = max(text_w + 2 * BOX_PADDING[0], 30.0)
            height = max(text_h + 2 * BOX_PADDING[1], 22.0)
        elif kind == "chance":
            fill, border = CHANCE
            width = height = math.hypot(text_w, text_h) + 6
            circle = max(circle, width)
        else:
            fill = border = TERMINAL
            if across:
                width = TRIANGLE[0] + (TRIANGLE_GAP + text_w if lines else 0)
                height = max(TRIANGLE[1], text_h)
            else:
                width = max(TRIANGLE[1], text_w)
                height = TRIANGLE[0] + (TRIANGLE_GAP + text_h if lines else 0)
        here = position[node.id] = len(items)
        items.append(
            Item(
                f"n{node.tree_index}",
                node,
                kind,
                position.get(node.parent, -1),
                lines,
                fill,
                border,
                width,
                height,
                text_w,
                text_h,
                clean(node.notes) if node.notes else "",
                above,
                below,
                edge,
                label_w,
                up,
                down,
            )
        )
        if node.id in folded:
            more = f"{node.size - 1:,} more nodes"
            if node.same_as >= 0:
                more = f"as drawn {node.drawn_at}: {node.hidden:,} more nodes"
            rows: list[Line] = [(NODE_SIZE, ((more, MUTED, False, False),))]
            if values and node.value is not None:
                rows += labels.vector(node.value, NODE_SIZE)
            w, h = block_size(rows)
            items.append(
                Item(
                    f"s{node.tree_index}",
                    node,
                    "summary",
                    here,
                    tuple(rows),
                    SUMMARY[0],
                    SUMMARY[1],
                    w + 2 * BOX_PADDING[0],
                    h + 2 * BOX_PADDING[1],
                    w,
                    h,
                    "",
                    (),
                    (),
                    "folded",
                    0.0,
                    0.0,
                    0.0,
                )
            )
    circle = min(circle, 216.0)
    return [item._replace(width=circle, height=circle) if item.kind == "chance" else item for item in items]


def _heading(title: str, labels: _Labels, owners: Iterable[str]) -> list[Line]:
    """The lines above the diagram: the title; the order of payoff vectors; who owns which colour."""
    lines: list[Line] = []
    if title:
        lines += _text_lines(title, TITLE_SIZE, bold=True)
    if len(labels.actors) > 1:
        spans: list[Span] = [("Payoffs: ", MUTED, False, False), ("(", None, False, False)]
        for k, actor in enumerate(labels.actors):
            color = shade(labels.colors[actor]) if actor in labels.colors else None
            spans.append((clean(actor).replace("\n", " "), color, False, False))
            spans.append((", " if k < len(labels.actors) - 1 else ")", None, False, False))
        lines.append((LEGEND_SIZE, tuple(spans)))
    deciders = [actor for actor in labels.colors if actor in set(owners)]
    if deciders:
        spans = [("Decided by:", MUTED, False, False)]
        for actor in deciders:
            spans.append(("   \u25a0", labels.colors[actor], False, False))
            spans.append((" " + clean(actor).replace("\n", " "), None, False, False))
        lines.append((LEGEND_SIZE, tuple(spans)))
    return lines
