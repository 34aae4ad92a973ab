"""Graphviz diagrams of trees and results, as pure DOT text (no Graphviz binary needed).

The textbook look: decisions are squares, chance nodes circles, terminals
triangles; laid out left to right; probabilities and branch payoffs on the
edges; rolled-back values at the nodes; at every decision the optimal branch
drawn bold and the others grey, dashed and struck through with a double bar.

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
import math
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._core import expanded_core
from ..errors import ArgumentError, NotFoundError, RenderError
from ..evaluate import Result, evaluate
from ..formulas import Formula
from ..model import Chance, Decision, Terminal, Tree, did_you_mean
from ..values import COMPLEMENT

if TYPE_CHECKING:  # pragma: no cover
    import graphviz

__all__ = ["PALETTE", "SHOW", "escape_html", "escape_string", "to_dot"]

SHOW = ("probabilities", "payoffs", "values", "path_probabilities", "cumulative_payoffs")
"""The annotations ``show=`` may ask for."""

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
"""Okabe and Ito's colour-blind-safe palette: the default actor colours, in order."""

DIRECTIONS = ("LR", "TB", "RL", "BT")
FONT = "Helvetica,Arial,DejaVu Sans,sans-serif"

_INK = "#222222"  # text and chosen branches
_MUTED = "#6B6B6B"  # secondary text
_FADED = "#A6A6A6"  # branches not chosen
_DECISION = ("#D9E8F5", "#1F5A8C")  # fill, border without actor colours
_CHANCE = ("#FCEBD5", "#A65E00")
_TERMINAL = ("#E1F2EA", "#1B7050")
_NEUTRAL_CHANCE = ("#F2F2F2", "#5E5E5E")
_NEUTRAL_TERMINAL = ("#FFFFFF", "#5E5E5E")
# The terminal's triangle points back at its branch; ``True`` when the text sits beside it.
_TRIANGLES = {
    "LR": ("\u25c0", True),
    "RL": ("\u25b6", True),
    "TB": ("\u25b2", False),
    "BT": ("\u25bc", False),
}
_LARGE = 2000  # drawn nodes above which Graphviz's layout is told to refine less (it is superlinear)
_COMPASS = {"LR": "w", "RL": "e", "TB": "n", "BT": "s"}

# Characters that would break the SVG/XML output or the C strings inside Graphviz:
# C0 controls (shown as their control pictures), DEL, lone surrogates and non-characters.
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HTML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def _visible_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture, e.g. U+2400 for NUL
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _BAD_CHARACTERS.sub(_visible_character, text)


def escape_html(text: Any) -> str:
    """Text for a Graphviz HTML-like label: shown literally, line breaks kept.

    >>> escape_html('<b>"A & B"</b>\\n{x}')
    '&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;<BR/>{x}'
    """
    return _clean(str(text)).translate(_HTML_ESCAPES).replace("\n", "<BR/>")


def escape_string(text: Any) -> str:
    r"""Text for a quoted Graphviz attribute such as a tooltip: shown literally.

    Backslashes are doubled (Graphviz would read ``\N`` or ``\G`` as the node or
    graph name); the graphviz package then quotes double quotes.

    >>> escape_string('C:\\new "x"\nline 2')
    'C:\\\\new "x"\\nline 2'
    """
    return _clean(str(text)).replace("\\", "\\\\").replace("\n", "\\n")


# --------------------------------------------------------------------------- options


def _format_function(spec: Any, name: str, default: Callable[[float], str]) -> Callable[[float], str]:
    """A number formatter from ``None``, a format string (``"{:,.0f}"`` or ``",.0f"``) or a callable."""
    if spec is None:
        return default
    if isinstance(spec, str):
        template = spec if "{" in spec else "{:" + spec + "}"

        def formatter(x: float) -> str:
            return template.format(x)

    elif callable(spec):
        formatter = spec
    else:
        raise RenderError(f"{name} must be a format string such as '{{:,.0f}}' or a function, got {spec!r}")
    try:
        sample = formatter(0.5)
    except Exception as error:  # a user's format string or function: report any failure
        raise RenderError(f"{name} {spec!r} cannot format a number: {error}") from None
    if not isinstance(sample, str):
        raise RenderError(f"{name} must give text, got {type(sample).__name__} from {spec!r}")
    return formatter


def _auto_number(x: float) -> str:
    """Three significant digits, thousands separators above 1,000, whole numbers as such."""
    if not math.isfinite(x):
        return str(x)
    if x == round(x) and abs(x) < 1e15:
        return f"{round(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def _auto_probability(p: float) -> str:
    """A percentage: whole percents as such, else one decimal (two significant digits below 1%)."""
    percent = 100 * p
    if abs(percent - round(percent)) < 1e-9:
        return f"{round(percent)}%"
    if percent < 1:
        return f"{percent:.2g}%"
    return f"{percent:.1f}%"


def _check_show(show: Any, evaluated: bool) -> frozenset[str]:
    if show is None:
        return frozenset({"probabilities", "payoffs"} | ({"values"} if evaluated else set()))
    items = [show] if isinstance(show, str) else show
    if not isinstance(items, Iterable):
        raise RenderError(f"show must be a set of {', '.join(SHOW)}; got {show!r}")
    chosen = frozenset(items)
    unknown = sorted(str(item) for item in chosen - set(SHOW))
    if unknown:
        raise RenderError(f"show: unknown annotation {unknown[0]!r}; choose among {', '.join(SHOW)}")
    return chosen


def _check_colors(actor_colors: Any, actors: tuple[str, ...], owners: set[str]) -> dict[str, str]:
    if actor_colors is None or actor_colors is False:
        return {}
    names = list(actors) + sorted(owners - set(actors))
    if actor_colors is True:
        if not names:
            raise RenderError(
                "actor_colors=True, but the tree has no actors (no owners, no per-actor payoffs)"
            )
        return {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(names)}
    if not isinstance(actor_colors, Mapping):
        raise RenderError(f"actor_colors must be True or a mapping actor -> colour, got {actor_colors!r}")
    colors: dict[str, str] = {}
    for actor, color in actor_colors.items():
        if actor not in names:
            raise RenderError(f"actor_colors: unknown actor {actor!r}; actors are {', '.join(names)}")
        if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}|[A-Za-z]+[0-9]*", color):
            raise RenderError(
                f"actor_colors: colour of {actor!r} must be '#rrggbb' or a colour name, got {color!r}"
            )
        colors[actor] = color
    return colors


def _check_actors(shown: Any, actors: tuple[str, ...]) -> tuple[str, ...]:
    if shown is None:
        return actors
    items = (shown,) if isinstance(shown, str) else tuple(shown)
    for actor in items:
        if actor not in actors:
            known = ", ".join(actors) if actors else "none: the payoffs are plain numbers"
            raise RenderError(f"actors: unknown actor {actor!r}; actors are {known}")
    if not items:
        raise RenderError("actors: give at least one actor to show")
    return items


# --------------------------------------------------------------------------- colours


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


def _tint(color: str) -> str:
    return _mix(color, (255, 255, 255), 0.78)


def _shade(color: str) -> str:
    return _mix(color, (0, 0, 0), 0.3)


# --------------------------------------------------------------------------- the diagram


class _Drawing:
    """Everything one call of :func:`to_dot` needs: data, options and the label builders."""

    def __init__(self, tree: Tree, result: Any, arrays: Any, options: dict[str, Any]) -> None:
        self.tree = tree
        self.index = tree.index
        self.result = result
        self.arrays = arrays
        self.show: frozenset[str] = options["show"]
        self.number: Callable[[float], str] = options["number"]
        self.probability: Callable[[float], str] = options["probability"]
        self.colors: dict[str, str] = options["colors"]
        self.actors: tuple[str, ...] = options["actors"]
        self.formulas: bool = options["formulas"]
        self.values: Mapping[str, Any] = options["values"]
        self.direction: str = options["direction"]
        self.all_actors = tree.actors
        self.columns = [tree.actors.index(a) for a in self.actors]

    # ----- numbers

    def fmt(self, x: Any) -> str:
        return escape_html(self.number(float(x)))

    def fmt_p(self, p: Any) -> str:
        return escape_html(self.probability(float(p)))

    def formula(self, value: Any, number: Any, fmt: Callable[[Any], str]) -> str:
        """A model value as text: a formula also shows its number (``p_hold = 60%``)."""
        if self.formulas and isinstance(value, Formula) and value.names:
            return f"{escape_html(value)} = {fmt(number)}"
        return fmt(number)

    # ----- pieces of labels

    def vector(self, row: np.ndarray, *, owner: str | None = None, wrap: bool = False) -> str:
        """A value: a number, or for per-actor payoffs a vector ``(a, b, c)`` in the order of
        the legend under the title, each number in its actor's colour, the owner's in bold."""
        if not self.all_actors:
            return self.fmt(row[0])
        if len(self.actors) == 1:
            actor, c = self.actors[0], self.columns[0]
            return f'<FONT COLOR="{_MUTED}">{escape_html(actor)}</FONT> {self.fmt(row[c])}'
        numbers = []
        for actor, c in zip(self.actors, self.columns, strict=True):
            number = self.fmt(row[c])
            if actor in self.colors:
                number = f'<FONT COLOR="{_shade(self.colors[actor])}">{number}</FONT>'
            if actor == owner:
                number = f"<B>{number}</B>"
            numbers.append(number)
        if wrap and len(numbers) > 2:
            half = (len(numbers) + 1) // 2
            return "(" + ", ".join(numbers[:half]) + ",<BR/>" + ", ".join(numbers[half:]) + ")"
        return "(" + ", ".join(numbers) + ")"

    def payoff_lines(self, value: Any, row: np.ndarray) -> list[str]:
        """Lines for a branch payoff: formulas per actor, or the compact table for numbers."""
        if not self.all_actors:
            return [] if row[0] == 0 else [self.formula(value, row[0], self.fmt)]
        parts = value if isinstance(value, Mapping) else dict.fromkeys(self.actors, value)
        symbolic = self.formulas and any(
            isinstance(parts[a], Formula) and parts[a].names for a in self.actors
        )
        if not symbolic:
            return [self.vector(row)] if any(row[c] != 0 for c in self.columns) else []
        lines = []
        for actor, c in zip(self.actors, self.columns, strict=True):
            if row[c] != 0 or parts[actor] != 0:
                lines.append(f"{escape_html(actor)}: {self.formula(parts[actor], row[c], self.fmt)}")
        return lines

    # ----- nodes and edges

    def node(self, i: int, value: np.ndarray | None) -> dict[str, str]:
        node = self.index.nodes[i]
        if type(node) is Terminal:
            rows = [escape_html(node.name)] if node.name else []
            if "payoffs" in self.show:
                rows.append(self.vector(self.arrays.own[i, :, 0]))
            if "cumulative_payoffs" in self.show:
                total = self.vector(self.totals[i])
                rows.append(total if self.all_actors else f'<FONT COLOR="{_MUTED}">total</FONT> {total}')
            if "path_probabilities" in self.show:
                rows.append(f'<FONT COLOR="{_MUTED}">P = {self.fmt_p(self.path_probability[i])}</FONT>')
            return self.terminal(rows)
        attributes: dict[str, str] = {}
        rows = [f"<B>{escape_html(node.name)}</B>"] if node.name else []
        owner = node.owner if type(node) is Decision else None
        if owner:
            rows.append(f'<FONT POINT-SIZE="9" COLOR="{_MUTED}"><I>{escape_html(owner)}</I></FONT>')
        if value is not None:
            rows.append(self.vector(value, owner=owner, wrap=type(node) is Chance))
        if type(node) is Decision:
            fill, border = _DECISION
            if owner and owner in self.colors:
                fill, border = _tint(self.colors[owner]), self.colors[owner]
            attributes.update(shape="box", margin="0.1,0.06")
        else:
            fill, border = _NEUTRAL_CHANCE if self.colors else _CHANCE
            attributes.update(shape="circle", margin="0.03")
        attributes.update(label=_stack(rows), style="filled", fillcolor=fill, color=border)
        return attributes

    def terminal(self, rows: list[str]) -> dict[str, str]:
        """A terminal: a triangle pointing at its branch, the name and payoffs beside it."""
        color = _NEUTRAL_TERMINAL[1] if self.colors else _TERMINAL[1]
        glyph, across = _TRIANGLES[self.direction]
        marker = f'<TD PORT="end"><FONT POINT-SIZE="15" COLOR="{color}">{glyph}</FONT></TD>'
        text = f'<TD ALIGN="LEFT" BALIGN="LEFT">{_stack(rows)[1:-1]}</TD>' if rows else ""
        if self.direction in ("RL", "BT"):
            marker, text = text, marker
        cells = f"<TR>{marker}{text}</TR>" if across else f"<TR>{marker}</TR><TR>{text}</TR>"
        label = f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{cells}</TABLE>>'
        return {"label": label, "shape": "none", "margin": "0"}

    def edge(self, child: int, chosen: int | None) -> dict[str, str]:
        parent = self.index.parent[child]
        branch = self.index.nodes[parent].branches[self.index.position[child]]  # type: ignore[union-attr]
        rows = [escape_html(branch.label)] if branch.label else []
        if "probabilities" in self.show and branch.probability is not None:
            p = self.arrays.probability[child, 0]
            shown = "#" if self.formulas and branch.probability is _complement() else None
            text = f"{shown} = {self.fmt_p(p)}" if shown else self.formula(branch.probability, p, self.fmt_p)
            rows.append(text)
        if "payoffs" in self.show:
            rows.extend(self.payoff_lines(branch.payoff, self.arrays.payoff[child, :, 0]))
        attributes = {"label": _stack(rows)}
        if type(self.index.nodes[child]) is Terminal:
            attributes["headport"] = "end:" + _COMPASS[self.direction]
        if chosen is not None:
            if self.index.position[child] == chosen:
                attributes.update(penwidth="2.4", color=_INK)
            else:
                attributes.update(
                    style="dashed",
                    color=_FADED,
                    fontcolor=_MUTED,
                    dir="both",
                    arrowtail="teetee",
                    arrowsize="1.1",
                    penwidth="1.2",
                )
        return attributes

    @functools.cached_property
    def totals(self) -> np.ndarray:
        return self.arrays.total  # type: ignore[no-any-return]

    @functools.cached_property
    def path_probability(self) -> np.ndarray:
        """The product of the chance probabilities on the path to each node (decisions count 1)."""
        index = self.index
        kinds = [type(n) is Chance for n in index.nodes]
        out = np.ones(len(index.nodes), dtype=object if self.arrays.probability.dtype == object else float)
        probability = self.arrays.probability[:, 0]
        for i in range(1, len(index.nodes)):
            parent = index.parent[i]
            out[i] = out[parent] * probability[i] if kinds[parent] else out[parent]
        return out


def _complement() -> Any:
    return COMPLEMENT


class _Numbers:
    """A tree's numbers node by node (``tree.index`` order), with a trailing axis of one draw."""

    def __init__(self, tree: Tree, result: Result | None) -> None:
        if result is not None:
            arrays = result.arrays
            self.probability = arrays.probability[:, None]
            self.payoff = arrays.payoff[:, :, None]
            self.own = arrays.own[:, :, None]
            self.total = arrays.total
            return
        core = expanded_core(tree)
        probability, payoff = core.numbers(core.parameter_values({}))
        size = core.size
        self.probability = np.ones((size, 1))
        self.probability[1:] = np.nan_to_num(probability, nan=1.0)
        self.payoff = np.zeros((size, core.width, 1))
        self.payoff[1:] = payoff
        self.own = np.asarray(core.flat.own, dtype=float)[:, :, None]
        self.total = np.zeros((size, core.width))


def _stack(rows: Sequence[str]) -> str:
    """Rows of HTML stacked into one label (one table, so rows may themselves be tables)."""
    rows = [row for row in rows if row]
    if not rows:
        return "<>"
    cells = "".join(f"<TR><TD>{row}</TD></TR>" for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">{cells}</TABLE>>'


def _policy_choice(tree: Tree, highlight: Any, result: Any) -> np.ndarray | None:
    """Branch position to highlight at every decision (-1 elsewhere), or ``None``."""
    if highlight is None or highlight is False:
        return None
    index = tree.index
    if highlight is True:
        return np.asarray(result.arrays.choice)
    if not isinstance(highlight, Mapping):
        raise RenderError(f"highlight must be True, False or a policy {{path: label}}, got {highlight!r}")
    choice = np.full(len(index.nodes), -1, dtype=np.intp)
    for path, label in highlight.items():
        if isinstance(path, str) or not isinstance(path, tuple):
            raise RenderError(f"highlight: policy keys are paths (tuples of branch labels), got {path!r}")
        try:
            i = index.find(path)
        except NotFoundError as error:
            raise NotFoundError(f"highlight: {error}") from None
        node = index.nodes[i]
        if type(node) is not Decision:
            raise ArgumentError(f"highlight: the node at {path!r} is not a decision")
        labels = [b.label for b in node.branches]
        if label not in labels:
            raise NotFoundError(f"highlight: {did_you_mean('branch', str(label), labels)} at {path!r}")
        choice[i] = labels.index(label)
    return choice


def _visible(tree: Tree, collapse: Any) -> tuple[list[int], list[int]]:
    """The nodes to draw in depth-first order, and those whose subtrees fold into a summary."""
    index = tree.index
    nodes, first = index.nodes, index.first_child
    stop_depth: int | None = None
    stop_at: set[int] = set()
    if collapse is None or collapse is False:
        pass
    elif isinstance(collapse, int) and not isinstance(collapse, bool):
        if collapse < 0:
            raise RenderError(f"collapse depth must be 0 or more, got {collapse}")
        stop_depth = collapse
    elif isinstance(collapse, Collection) and not isinstance(collapse, (str, Mapping)):
        for path in collapse:
            if isinstance(path, str) or not isinstance(path, tuple):
                raise RenderError(
                    f"collapse: give a depth or a set of paths (tuples of labels), got {path!r}"
                )
            try:
                i = index.find(path)
            except NotFoundError as error:
                raise NotFoundError(f"collapse: {error}") from None
            if type(nodes[i]) is Terminal:
                raise ArgumentError(f"collapse: the node at {path!r} is a terminal; there is nothing to fold")
            stop_at.add(i)
    else:
        raise RenderError(f"collapse must be a depth (int) or a set of paths, got {collapse!r}")
    order: list[int] = []
    folded: list[int] = []
    stack = [(0, 0)]
    while stack:
        i, depth = stack.pop()
        order.append(i)
        node = nodes[i]
        if isinstance(node, Terminal):
            continue
        if i in stop_at or (stop_depth is not None and depth >= stop_depth):
            folded.append(i)
            continue
        start = first[i]
        stack.extend((start + k, depth + 1) for k in reversed(range(len(node.branches))))
    return order, folded


def _subtree_sizes(tree: Tree) -> list[int]:
    parent = tree.index.parent
    sizes = [1] * len(parent)
    for i in range(len(parent) - 1, 0, -1):
        sizes[parent[i]] += sizes[i]
    return sizes


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
) -> graphviz.Digraph:
    """A Graphviz diagram of a tree or a result: one Graphviz node per tree node.

    Pure DOT text: nothing runs until the diagram is rendered (:func:`render`,
    ``.source``, or display in Jupyter).

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
    >>> "rankdir=TB" in source and "50%" in source and "# = 50%" in source
    True
    """
    if isinstance(tree_or_result, Result):
        result: Any = tree_or_result
        tree = result.tree
        if values is not None:
            raise RenderError("values= re-evaluates a tree; pass a Tree, or evaluate the result with them")
    elif isinstance(tree_or_result, Tree):
        tree, result = tree_or_result, None
    else:
        raise ArgumentError(f"to_dot() needs a Tree or a Result, got {type(tree_or_result).__name__}")
    if direction not in DIRECTIONS:
        raise RenderError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    if values is not None and not isinstance(values, Mapping):
        raise RenderError(f"values must be a mapping {{parameter: number}}, got {values!r}")
    shown = _check_show(show, result is not None or values is not None)
    if result is None and (values is not None or "values" in shown or highlight is True):
        result = evaluate(tree, values)
    if highlight is None:
        highlight = result is not None
    choice = _policy_choice(tree, highlight, result)
    order, folded = _visible(tree, collapse)
    owners = {n.owner for n in tree.index.nodes if type(n) is Decision and n.owner}
    options = {
        "show": shown,
        "number": _format_function(number_format, "number_format", _auto_number),
        "probability": _format_function(probability_format, "probability_format", _auto_probability),
        "colors": _check_colors(actor_colors, tree.actors, owners),
        "actors": _check_actors(actors, tree.actors),
        "formulas": bool(formulas),
        "values": {} if result is None else result.values,
        "direction": direction,
    }
    if not isinstance(font, str) or not font:
        raise RenderError(f"font must be a font family name, got {font!r}")
    drawing = _Drawing(tree, result, _Numbers(tree, result), options)
    return _build(drawing, order, folded, choice, direction, title, font)


def _build(
    drawing: _Drawing,
    order: list[int],
    folded: list[int],
    choice: np.ndarray | None,
    direction: str,
    title: str | None,
    font: str,
) -> graphviz.Digraph:
    import graphviz

    tree, index, result = drawing.tree, drawing.index, drawing.result
    graph = _diagram_class()(name="decisiontree")
    graph.graph_attr.update(
        rankdir=direction,
        ordering="out",
        nodesep="0.18",
        ranksep="0.45",
        fontname=font,
        fontsize="12",
        bgcolor="white",
        pad="0.25",
        splines="true",
    )
    graph.node_attr.update(fontname=font, fontsize="11", penwidth="1.3", fontcolor=_INK)
    graph.edge_attr.update(fontname=font, fontsize="10", arrowhead="none", color="#555555", fontcolor=_INK)
    owners = {n.owner for n in index.nodes if type(n) is Decision and n.owner}
    heading = _heading(tree.name if title is None else title, drawing, owners)
    if heading:
        graph.graph_attr.update(label=heading, labelloc="t", labeljust="l")
    show_values = "values" in drawing.show and result is not None
    value = result.arrays.value if show_values else None
    body: list[tuple[str, dict[str, str]]] = []
    circle = _circle_size(drawing, order, value)
    for i in order:
        attributes = drawing.node(i, None if value is None else value[i])
        if attributes.get("shape") == "circle":
            attributes["width"] = circle
        notes = index.nodes[i].notes
        if notes:
            attributes["tooltip"] = escape_string(notes)
        body.append((f"n{i}", attributes))
        if i:
            parent = index.parent[i]
            decided = int(choice[parent]) if choice is not None and choice[parent] >= 0 else None
            body.append((f"n{parent} -> n{i}", drawing.edge(i, decided)))
    if folded:
        sizes = _subtree_sizes(tree)
        for i in folded:
            rows = [f"{sizes[i] - 1:,} more nodes"]
            if value is not None:
                rows.append(drawing.vector(value[i]))
            attributes = {
                "label": _stack(rows),
                "shape": "box",
                "style": "rounded,dashed,filled",
                "fillcolor": "#FAFAFA",
                "color": _MUTED,
                "fontcolor": _MUTED,
            }
            body.append((f"s{i}", attributes))
            body.append((f"n{i} -> s{i}", {"style": "dashed", "color": _FADED}))
    if len(body) > 2 * _LARGE:  # thousands of nodes: cap the refinement of the x positions
        graph.graph_attr.update(nslimit="1", nslimit1="1")
    graph.body.extend(_statement(name, attributes) for name, attributes in body)
    graph._statements = tuple(body)
    assert isinstance(graph, graphviz.Digraph)
    return graph


_TAGS = re.compile(r"<[^>]*>")


def _text_width(html: str, points: float) -> float:
    """A rough width in inches of the widest line of an HTML label row (about 0.55 em a character)."""
    lines = html.replace("<BR/>", "\n")
    longest = max(len(_TAGS.sub("", line)) for line in lines.split("\n"))
    return longest * points * 0.55 / 72


def _circle_size(drawing: _Drawing, order: list[int], value: np.ndarray | None) -> str:
    """One diameter for all chance circles, so that they look alike: fits the largest label."""
    nodes = drawing.index.nodes
    widest, lines = 0.0, 1
    for i in order:
        node = nodes[i]
        if type(node) is not Chance:
            continue
        widest = max(widest, _text_width(escape_html(node.name), 11.5))
        if value is not None:
            shown = drawing.vector(value[i], wrap=True)
            lines = max(lines, 1 + shown.count("<BR/>"))
            widest = max(widest, _text_width(shown, 11))
    height = (1 + lines * (value is not None)) * 14 / 72
    return f"{min(math.hypot(widest, height) + 0.08, 3.0):.2f}"


def _plain_label(label: str) -> str:
    """An HTML label as plain text lines, for Graphviz builds without HTML labels."""
    import html

    text = label[1:-1].replace("</TR>", "\n").replace("<BR/>", "\n")
    lines = (html.unescape(line).strip() for line in _TAGS.sub("", text).split("\n"))
    return escape_string("\n".join(line for line in lines if line))


def _plain(attributes: Mapping[str, str]) -> dict[str, str]:
    """Statement attributes without HTML: labels as text, ports dropped."""
    out = {key: value for key, value in attributes.items() if key != "headport"}
    if "label" in out:
        out["label"] = _plain_label(out["label"])
    if "headport" in attributes:
        out["headport"] = attributes["headport"].split(":")[-1]
    return out


def _statement(name: str, attributes: Mapping[str, str], *, html: bool = True) -> str:
    """One DOT statement. With ``html``, the label is an HTML-like label built (and escaped)
    here; every other value is quoted as a plain string, never read as HTML."""
    from graphviz.quoting import nohtml, quote

    parts = []
    for key, value in attributes.items():
        shown = value if key == "label" and html else quote(nohtml(value))
        parts.append(f"{key}={shown}")
    return f"\t{name} [{' '.join(parts)}]\n"


def _heading(title: str, drawing: _Drawing, owners: Iterable[str]) -> str:
    """The graph label: the title; the order of payoff vectors; who owns which colour."""
    if not isinstance(title, str):
        raise RenderError(f"title must be text, got {title!r}")
    colors = drawing.colors
    rows = []
    if title:
        rows.append(f'<FONT POINT-SIZE="15"><B>{escape_html(title)}</B></FONT>')
    if len(drawing.actors) > 1:
        names = []
        for actor in drawing.actors:
            name = escape_html(actor)
            names.append(f'<FONT COLOR="{_shade(colors[actor])}">{name}</FONT>' if actor in colors else name)
        rows.append(
            f'<FONT POINT-SIZE="10"><FONT COLOR="{_MUTED}">Payoffs:</FONT> ({", ".join(names)})</FONT>'
        )
    deciders = [actor for actor in colors if actor in set(owners)]
    if deciders:
        keys = [
            f'<FONT COLOR="{colors[actor]}" POINT-SIZE="13">\u25a0</FONT> {escape_html(actor)}'
            for actor in deciders
        ]
        rows.append(
            f'<FONT POINT-SIZE="10"><FONT COLOR="{_MUTED}">Decided by:</FONT> {"   ".join(keys)}</FONT>'
        )
    if not rows:
        return ""
    cells = "".join(f'<TR><TD ALIGN="LEFT">{row}</TD></TR>' for row in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{cells}</TABLE>>'


@functools.cache
def _diagram_class() -> type[graphviz.Digraph]:
    """A ``graphviz.Digraph`` that shows in Jupyter through the same backend as :func:`render`
    (real ``dot``, else the WebAssembly Graphviz)."""
    import graphviz
    from graphviz.quoting import nohtml

    class Diagram(graphviz.Digraph):  # type: ignore[misc]
        """A decision-tree diagram: a ``graphviz.Digraph`` with a fallback for Jupyter display."""

        _statements: tuple[tuple[str, dict[str, str]], ...] = ()

        def _repr_image_svg_xml(self) -> str:
            """SVG for Jupyter: through ``dot``, else the WebAssembly Graphviz."""
            from .graphviz_run import pipe

            return pipe(self, "svg").decode("utf-8")

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

    Diagram.__module__ = __name__
    Diagram.__qualname__ = "Diagram"
    return Diagram
