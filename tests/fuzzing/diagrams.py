"""Text that must appear literally in diagrams: names, labels, notes, actors and titles.

Graphviz reads backslash escapes (``\\G`` is the graph's name, ``\\N`` the
node's, ``\\l`` a left-justified line break) and HTML entities in labels and
tooltips. A :class:`DiagramCase` builds a small tree whose texts are full of
them, draws it as SVG (through ``svg``, and the Jupyter view), and checks that
every text shows exactly as written: in the SVG's text elements for names,
labels, actors and the title, and in its tooltips for notes. Needs Graphviz's
``dot``.

>>> case = DiagramCase((("decision", "x\\\\G y"), ("notes", "&amp;")))
>>> case.classes, dict(case.texts)["notes"]
((8,), '&amp;')
"""

from __future__ import annotations

import html
import re
from typing import Any

import attrs
from hypothesis import strategies as st

from .promise import NOTHING, Context

__all__ = ["DiagramCase", "diagram_texts", "diagrams"]

HAZARDS = (
    "\\G",
    "\\N",
    "\\E",
    "\\T",
    "\\H",
    "\\L",
    "\\n",
    "\\l",
    "\\r",
    "\\\\",
    "\\",
    "&amp;",
    "&lt;",
    "&#39;",
    "&#x41;",
    "&",
    "<b>",
    "</TD>",
    "<BR/>",
    '"',
    "'",
    "{",
    "}",
    "|",
    "[",
    "]",
    ":",
    ";",
    "#",
    "%",
    "$",
    "ｐ",
    "é",
    "→",
)
"""Character sequences that Graphviz, HTML or XML treat specially."""

SLOTS = ("decision", "chance", "terminal", "label", "notes", "actor", "title")


def diagram_texts() -> st.SearchStrategy[str]:
    """Words of hazards and letters joined by single spaces; shrinks towards one short word."""
    word = st.lists(st.sampled_from(HAZARDS) | st.sampled_from("abcxyz"), min_size=1, max_size=4).map("".join)
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


@attrs.frozen
class DiagramCase:
    """A tree whose texts hold Graphviz and HTML escapes; each must show literally in the SVG."""

    kind = "code"
    classes = (8,)
    texts: tuple[tuple[str, str], ...]

    @property
    def summary(self) -> str:
        return "diagram with " + ", ".join(f"{slot}={text!r}" for slot, text in self.texts)

    def source(self) -> str:
        return self.summary

    def run(self, context: Context) -> None:
        import decisiontree as dt

        texts = dict(self.texts)
        tree = context.step("build", _tree, texts)
        if tree is NOTHING:
            return
        result = context.step("evaluate", dt.evaluate, tree)
        if result is NOTHING:
            return
        title = texts.get("title")
        options = {} if title is None else {"title": title}
        for name, make in (
            ("svg", lambda: dt.svg(result, **options)),
            ("Jupyter view", lambda: result._repr_mimebundle_()["image/svg+xml"]),
        ):
            drawn = context.step(name, make)
            if drawn is NOTHING:
                continue
            shown, tips = _shown(drawn)
            for slot, text in texts.items():
                if slot == "title" and name != "svg":
                    continue
                where = tips if slot == "notes" else shown
                if not any(text in line for line in where):
                    seen = [line for line in where if line.strip()][:6]
                    context.broken(
                        "diagram", f"{name}: a {slot} not shown as written", f"{text!r} not in {seen}"
                    )


def _shown(svg: str) -> tuple[list[str], list[str]]:
    """The lines of text an SVG shows, and its tooltips, as a reader sees them (entities decoded)."""
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, re.DOTALL)
    lines = [html.unescape(re.sub(r"<[^>]*>", "", text)) for text in texts]  # tspans joined
    tips = [html.unescape(tip) for tip in re.findall(r'xlink:title="([^"]*)"', svg)]
    tips += [html.unescape(tip) for tip in re.findall(r"<title>([^<]*)</title>", svg)]
    return lines, tips


def _tree(texts: dict[str, str]) -> Any:
    import decisiontree as dt

    actor = texts.get("actor")
    payoff: Any = 1 if actor is None else {actor: 1, "other": 0}
    zero: Any = 0 if actor is None else {actor: 0, "other": 0}
    notes = texts.get("notes", "")
    terminal = dt.Terminal(texts.get("terminal", "end"), payoff=payoff, notes=notes)
    chance = dt.Chance(
        texts.get("chance", "chance"),
        [
            dt.Branch(texts.get("label", "yes"), terminal, probability="1/2"),
            dt.Branch("no", dt.Terminal("other end", payoff=zero), probability=dt.COMPLEMENT),
        ],
        notes=notes,
    )
    root = dt.Decision(
        texts.get("decision", "decide"),
        [dt.Branch("go", chance), dt.Branch("stay", dt.Terminal("stay", payoff=zero))],
        owner=actor,
        notes=notes,
    )
    return dt.Tree(root)


@st.composite
def diagrams(draw: Any) -> DiagramCase:
    """A tree with hazardous texts in one to three places, as :class:`DiagramCase`."""
    slots = draw(st.lists(st.sampled_from(SLOTS), min_size=1, max_size=3, unique=True))
    return DiagramCase(tuple((slot, draw(diagram_texts())) for slot in slots))
