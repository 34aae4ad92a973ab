"""Diagrams of the Paris-summit tree: the pictures for a briefing.

Renders both variants of the tree (the US response as a decision, with each
decision coloured by who takes it, and as a chance event) to SVG and PNG.
``make_doc_images(folder)`` regenerates the pictures in the documentation.

Run it with ``python examples/paris_diagrams.py [folder]`` or ``decisiontree demo``.
Without Graphviz's ``dot`` program only the SVG files can be drawn (through the
WebAssembly Graphviz, ``pip install decisiontree[wasm]``); the DOT source always can.
"""

from __future__ import annotations

import sys
from pathlib import Path

from paris_summit import paris_summit

import decisiontree as dt

BRIEFING = {"formulas": False}  # numbers only: the formulas are in the model and in the text view


def draw(variant: str, folder: Path, formats: tuple[str, ...] = ("svg", "png")) -> list[Path]:
    """Draw one variant of the evaluated tree; the decision variant coloured by owner."""
    result = dt.evaluate(paris_summit(variant))
    options = dict(BRIEFING, actor_colors=variant == "decision")
    return [dt.render(result, folder / f"paris_summit_{variant}.{suffix}", **options) for suffix in formats]


def make_doc_images(folder: Path | str = Path("docs/images")) -> list[Path]:
    """Regenerate the documentation's pictures: ``paris_summit.svg``/``.png`` and ``game_tree.svg``."""
    from game_tree import entry_game

    folder = Path(folder)
    result = dt.evaluate(paris_summit("decision"))
    written = [
        dt.render(result, folder / f"paris_summit.{suffix}", actor_colors=True, **BRIEFING)
        for suffix in ("svg", "png")
    ]
    written.append(dt.render(dt.evaluate(entry_game()), folder / "game_tree.svg", actor_colors=True))
    return written


def main(output: Path | None = None) -> None:
    """Write the Paris diagrams (SVG and PNG of both variants) into ``output``."""
    folder = Path("paris-diagrams") if output is None else Path(output)
    for variant in ("decision", "chance"):
        try:
            written = draw(variant, folder)
        except dt.DecisionTreeError as error:  # no Graphviz: say so, and still write what we can
            print(f"{variant}: {error}")
            written = draw(variant, folder, formats=("dot",))
        for path in written:
            print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
