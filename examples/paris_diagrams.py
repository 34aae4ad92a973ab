"""Diagrams of the Paris-summit tree: the pictures for a briefing.

Renders both variants of the tree (the US response as a decision, with each
decision coloured by who takes it, and as a chance event) to SVG and PNG, and
writes the interactive HTML viewer of each. ``make_doc_images(folder)``
regenerates the pictures in the documentation.

Run it with ``python examples/paris_diagrams.py [folder]`` or ``decisiontree demo``.
SVG and HTML need no Graphviz; PNG needs Graphviz's ``dot`` program and is
skipped, with one short note, where it is missing.
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


def explore(variant: str, folder: Path) -> Path:
    """The interactive HTML viewer of one variant."""
    result = dt.evaluate(paris_summit(variant))
    return dt.render(result, folder / f"paris_summit_{variant}.html", actor_colors=variant == "decision")


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
    """Write the Paris diagrams (SVG, PNG and HTML of both variants) into ``output``."""
    folder = Path("paris-diagrams") if output is None else Path(output)
    missing = None
    for variant in ("decision", "chance"):
        written = [*draw(variant, folder, formats=("svg",)), explore(variant, folder)]
        if missing is None:
            try:
                written += draw(variant, folder, formats=("png",))
            except dt.GraphvizNotFoundError:
                missing = (
                    "PNG skipped: it needs Graphviz's dot (apt-get install graphviz or brew install graphviz)"
                )
        for path in written:
            print(f"wrote {path}")
    if missing:
        print(missing)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
