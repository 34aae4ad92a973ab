"""The Paris-summit scenario as model files: ``paris_summit.yaml`` and ``paris_summit_chance.yaml``.

The files are generated from the Python model in ``paris_summit.py`` with
:func:`decisiontree.dump`, so the two never drift apart (a test checks that
the committed files are exactly what this script writes). Use them from the
command line::

    decisiontree evaluate examples/paris_summit.yaml
    decisiontree sensitivity examples/paris_summit.yaml --threshold p_hold

Run it with ``python examples/paris_files.py`` to regenerate the files.
"""

from __future__ import annotations

from pathlib import Path

from paris_summit import paris_summit

import decisiontree as dt

FILES = {"paris_summit.yaml": "decision", "paris_summit_chance.yaml": "chance"}
"""File name -> the variant of the scenario (how the US response is modelled)."""


def write_model_files(folder: Path) -> list[Path]:
    """Write both variants of the scenario into ``folder``; returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [dt.dump(paris_summit(us), folder / name) for name, us in FILES.items()]


def main(output: Path | None = None) -> None:
    """Write the model files (by default next to this script) and check they load back."""
    folder = Path(__file__).resolve().parent if output is None else Path(output)
    for path in write_model_files(folder):
        tree = dt.load(path)
        print(f"wrote {path.name}: {tree.size} nodes, {len(tree.parameters)} parameters")


if __name__ == "__main__":
    main()
