"""The interactive tree: one standalone, offline HTML file (no network, no CDN).

The page shows the tree as a diagram that can be panned and zoomed; clicking a
node folds or unfolds its subtree (big trees open folded below a few levels);
the details of the clicked node (probability and payoff with their formulas,
value, notes, the parameters its formulas use with their descriptions and
sources, and the scenarios under it) show beside the tree; a search box finds
nodes by name or branch label; the optimal path is drawn bold; the parameter
table sits below. The JavaScript and CSS are part of this package
(``render/viewer/``) and are written into the file.

All text from the model reaches the page as JSON inside a ``<script
type="application/json">`` element (with ``<``, ``>`` and ``&`` escaped) and is
put into the page as text, never as markup, so names such as ``<script>`` show
literally.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("</script><b>win", payoff=10)),
...     dt.Branch("no", dt.Terminal("stay")),
... ]))
>>> page = dt.to_html(dt.evaluate(tree))
>>> page.startswith("<!DOCTYPE html>") and "</script><b>win" not in page
True
>>> "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003ewin" in page
True
"""

from __future__ import annotations

import functools
import html as html_text
import json
import os
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from .._gc import paused_gc
from ..errors import RenderError, brief
from ..number import formatter
from .figure import check_colors
from .formatting import auto_number, auto_probability, clean
from .scene import Scene, build_scene

__all__ = ["DISPLAY_NODES", "repr_html", "to_html", "viewer_data"]

DISPLAY_NODES = 300
"""About how many nodes a big tree shows when the page opens (deeper levels start folded)."""

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


@functools.cache
def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("viewer", name).read_text(encoding="utf-8")


def initial_depth(scene: Scene, limit: int = DISPLAY_NODES) -> int:
    """The deepest level to show unfolded so that about ``limit`` nodes show (at least one level)."""
    counts: dict[int, int] = {}
    for node in scene.nodes:
        counts[node.depth] = counts.get(node.depth, 0) + 1
    shown, depth = 0, 0
    while depth in counts and shown + counts[depth] <= limit:
        shown += counts[depth]
        depth += 1
    return max(depth - 1, 1)


def viewer_data(
    scene: Scene,
    *,
    depth: int | None = None,
    number: Callable[[float], str] = auto_number,
    probability: Callable[[float], str] = auto_probability,
    colors: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """What the page's script draws: the scene as columns of text (numbers formatted here)."""

    def fmt(x: Any) -> str:
        return clean(number(float(x)))

    def vector(row: Sequence[Any] | None) -> str:
        if row is None:
            return ""
        if not scene.actors:
            return fmt(row[0])
        return "(" + ", ".join(fmt(x) for x in row) + ")"

    def payoff(row: Sequence[Any], texts: Sequence[str]) -> str:
        if all(x == 0 for x in row) and not any(texts):
            return ""
        return vector(row)

    def formulas(texts: Sequence[str]) -> str:
        if not any(texts):
            return ""
        if not scene.actors:
            return clean(texts[0])
        return "; ".join(f"{clean(a)}: {clean(t)}" for a, t in zip(scene.actors, texts, strict=True) if t)

    nodes = scene.nodes
    parent: list[int] = []
    kind, name, owner, label, chosen, optimal = [], [], [], [], [], []
    p_number: list[float | None] = []
    p_text, p_formula, pay, pay_formula, own, own_formula = [], [], [], [], [], []
    value, reach, total = [], [], []
    notes: dict[str, str] = {}
    for node in nodes:
        parent.append(node.parent)
        kind.append(node.kind[0])
        name.append(clean(node.name) + (f" (as drawn {node.drawn_at})" if node.same_as >= 0 else ""))
        owner.append(clean(node.owner) if node.owner else "")
        label.append(clean(node.label) if node.label is not None else "")
        chosen.append("-" if node.chosen is None else "1" if node.chosen else "0")
        optimal.append("1" if node.optimal else "0")
        if node.probability is None:
            p_number.append(None)
            p_text.append("")
        else:
            p_number.append(round(float(node.probability), 12))
            p_text.append(clean(probability(float(node.probability))))
        p_formula.append(clean(node.probability_text) if node.probability_text else "")
        pay.append(payoff(node.branch_payoff, node.branch_payoff_text))
        pay_formula.append(formulas(node.branch_payoff_text))
        own.append(vector(node.payoff) if node.kind == "terminal" else "")
        own_formula.append(formulas(node.payoff_text) if node.kind == "terminal" else "")
        value.append(vector(node.value))
        reach.append(clean(probability(float(node.path_probability))))
        total.append(vector(node.total) if node.kind == "terminal" else "")
        if node.same_as >= 0:
            notes[str(node.id)] = f"Drawn in full {node.drawn_at}; {node.hidden:,} more nodes here"
        elif node.notes:
            notes[str(node.id)] = clean(node.notes)
    parameters = [
        {
            "name": row.name,
            "value": fmt(row.value),
            "formula": clean(row.formula),
            "low": "" if row.low is None else fmt(row.low),
            "high": "" if row.high is None else fmt(row.high),
            "distribution": clean(row.distribution),
            "description": clean(row.description),
            "source": clean(row.source),
        }
        for row in scene.parameters
    ]
    return {
        "title": clean(scene.title or scene.tree.root.name),
        "description": clean(scene.description),
        "actors": [clean(a) for a in scene.actors],
        "colors": dict(colors or {}),
        "evaluated": scene.evaluated,
        "highlighted": scene.highlighted,
        "depth": initial_depth(scene) if depth is None else min(depth, max(n.depth for n in scene.nodes)),
        "parameters": parameters,
        "parent": parent,
        "kind": "".join(kind),
        "name": name,
        "owner": owner,
        "label": label,
        "chosen": "".join(chosen),
        "optimal": "".join(optimal),
        "p": p_number,
        "prob": p_text,
        "probFormula": p_formula,
        "pay": pay,
        "payFormula": pay_formula,
        "own": own,
        "ownFormula": own_formula,
        "value": value,
        "reach": reach,
        "total": total,
        "notes": notes,
    }


def _json(data: Mapping[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for character, escape in _JSON_ESCAPES.items():
        text = text.replace(character, escape)
    return text


def to_html(
    tree_or_result: Any,
    path: str | os.PathLike[str] | None = None,
    *,
    depth: int | None = None,
    values: Mapping[str, Any] | None = None,
    highlight: bool | Mapping[tuple[str, ...], str] | None = None,
    number_format: str | Callable[[float], str] | None = None,
    probability_format: str | Callable[[float], str] | None = None,
    actor_colors: bool | Mapping[str, str] | None = None,
    title: str | None = None,
) -> str:
    """One standalone HTML page with the interactive tree; also written to ``path`` if given.

    Parameters
    ----------
    tree_or_result : Tree or Result
        A result adds values and marks the optimal path.
    path : str or path, optional
        A file to write the page to (folders are created).
    depth : int, optional
        Show this many levels below the root unfolded when the page opens;
        default: all of a small tree, about the first 300 nodes of a big one.
    values : mapping, optional
        Parameter values to evaluate a tree at (shows values and the policy).
    highlight : bool or mapping, optional
        As in :func:`~decisiontree.to_dot`: the optimal policy, a given policy, or none.
    number_format, probability_format : str or callable, optional
        As in :func:`~decisiontree.to_dot`.
    actor_colors : bool or mapping, optional
        Colour decisions by owner, as in :func:`~decisiontree.to_dot`.
    title : str, optional
        The page's heading; default the tree's name.

    Returns
    -------
    str
        The page.

    Examples
    --------
    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("coin", [
    ...     dt.Branch("heads", dt.Terminal("H", payoff=1), probability="1/2"),
    ...     dt.Branch("tails", dt.Terminal("T"), probability=dt.COMPLEMENT),
    ... ]), name="Coin")
    >>> page = dt.to_html(tree)
    >>> "<title>Coin</title>" in page and "http" not in page.split("<body")[0]
    True
    """
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise RenderError(f"depth must be a whole number of levels, 0 or more, got {brief(depth)}")
    if title is not None and not isinstance(title, str):
        raise RenderError(f"title must be text, got {brief(title)}")
    with paused_gc():
        scene = build_scene(tree_or_result, values=values, highlight=highlight, what="to_html")
        owners = {n.owner for n in scene.nodes if n.owner}
        colors = {a: c for a, c in check_colors(actor_colors, scene.actors, owners).items() if a in owners}
        data = viewer_data(
            scene,
            depth=depth,
            number=formatter(number_format, "number_format", auto_number, RenderError),
            probability=formatter(probability_format, "probability_format", auto_probability, RenderError),
            colors=colors,
        )
    if title is not None:
        data["title"] = clean(title)
    page = _page(data)
    if path is not None:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
    return page


def _page(data: Mapping[str, Any]) -> str:
    title = html_text.escape(data["title"] or "Decision tree")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="decisiontree">
<title>{title}</title>
<style>
{_asset("viewer.css")}
</style>
</head>
<body>
<header>
<h1 id="title"></h1>
<p id="description"></p>
<div id="toolbar">
<input id="search" type="search" placeholder="Search names and labels" autocomplete="off" aria-label="Search">
<label>Levels <select id="depth" aria-label="Levels shown"></select></label>
<button id="expand" type="button">Expand all</button>
<button id="fit" type="button">Fit</button>
<button id="zoom-in" type="button" aria-label="Zoom in">+</button>
<button id="zoom-out" type="button" aria-label="Zoom out">&minus;</button>
<span id="legend"></span>
<span id="status"></span>
</div>
</header>
<main>
<div id="view"><svg id="tree" xmlns="http://www.w3.org/2000/svg"><g id="viewport">
<g id="edges"></g><g id="nodes"></g></g></svg></div>
<aside id="side">
<ol id="results"></ol>
<section id="details"><p class="hint">Click a node to fold or unfold it
and to see its details here.</p></section>
</aside>
</main>
<section id="parameters-section"><h2>Parameters</h2><table id="parameters"></table></section>
<script type="application/json" id="dt-data">{_json(data)}</script>
<script>
{_asset("viewer.js")}
</script>
</body>
</html>
"""


def repr_html(tree_or_result: Any) -> str:
    """The viewer for a notebook cell: the page inside a sandboxed ``iframe`` (scripts only)."""
    page = to_html(tree_or_result)
    return (
        '<iframe sandbox="allow-scripts" style="width:100%;height:640px;border:1px solid #ddd" '
        f'srcdoc="{html_text.escape(page, quote=True)}"></iframe>'
    )
