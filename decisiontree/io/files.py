"""Model files: YAML and JSON, loaded safely and dumped stably.

A model file holds the tree, its parameters and its metadata, and nothing
computed. YAML and JSON share one structure (see ``decisiontree/schema/model-v1.json``)::

    version: 1
    name: Paris summit
    actors: [Europe, US]              # optional; checked against the payoffs
    parameters:
      p_hold: {value: 0.6, low: 0.4, high: 0.8, description: P(ceasefire holds)}
      troop_cost: 20                  # a bare value is a parameter without range
      p_war: 1 - p_hold               # a formula: a derived parameter
    tree:
      kind: decision
      name: Paris summit
      branches:
      - label: Deploy force
        payoff: -troop_cost           # numbers, "3/8", or formulas as text
        node: {ref: ceasefire}        # a subtree defined once under `subtrees`
      - label: Stay out
        node: {kind: terminal, name: Status quo}
    subtrees:
      ceasefire:
        kind: chance
        ...

Reading never runs code (see :mod:`decisiontree.io.syntax`); errors are
:class:`~decisiontree.errors.FileFormatError` naming the file, line, column
and node path. The reader is :mod:`decisiontree.io.reader`, the writer
:mod:`decisiontree.io.writer`.

>>> import decisiontree as dt
>>> tree = dt.Tree(dt.Decision("Go?", [
...     dt.Branch("yes", dt.Terminal("win", payoff="3/8")),
...     dt.Branch("no", dt.Terminal("stay")),
... ]), name="tiny")
>>> print(dt.dumps(tree), end="")
version: 1
name: tiny
tree:
  kind: decision
  name: Go?
  branches:
  - label: 'yes'
    node:
      kind: terminal
      name: win
      payoff: 3/8
  - label: 'no'
    node:
      kind: terminal
      name: stay
>>> dt.loads(dt.dumps(tree)) == tree
True
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from .._gc import paused_gc
from ..errors import ArgumentError, DecisionTreeError, FileFormatError, among, brief
from ..model import Tree
from .reader import node_data, read
from .writer import FORMAT_VERSION, NESTING_LIMIT, expression_text, to_dict

__all__ = [
    "FORMAT_VERSION",
    "NESTING_LIMIT",
    "dump",
    "dumps",
    "expression_text",
    "from_dict",
    "load",
    "loads",
    "locate",
    "schema",
    "to_dict",
]

SUFFIXES: Final = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".efg": "efg"}
MAX_FILE = 200_000_000
"""The largest model file read, in characters."""


def _format(format: Any) -> str:
    if not isinstance(format, str):
        raise ArgumentError(f"format must be 'yaml', 'json' or 'efg', got {brief(format)}")
    kind = format.lower().lstrip(".")
    kind = SUFFIXES.get("." + kind, kind)
    if not among(kind, ("yaml", "json", "efg")):
        raise ArgumentError(f"unknown format {brief(format)}; use 'yaml', 'json' or 'efg'")
    return kind


def _suffix_format(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ArgumentError(
            f"cannot tell the format of {str(path)!r} from its suffix; use .yaml, .yml, .json or .efg"
        )
    return kind


def dumps(tree: Tree, format: str = "yaml") -> str:
    """The model file text of ``tree``: ``format`` is ``"yaml"``, ``"json"`` or ``"efg"``.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Terminal("only", payoff=1.5))
    >>> print(dumps(tree, format="json"), end="")
    {
      "version": 1,
      "tree": {
        "kind": "terminal",
        "name": "only",
        "payoff": 1.5
      }
    }
    """
    from .syntax import json_text, yaml_text

    kind = _format(format)
    if kind == "efg":
        from .efg import to_efg

        return to_efg(tree)
    with paused_gc():
        data = to_dict(tree)
        return json_text(data) + "\n" if kind == "json" else yaml_text(data)


def dump(tree: Tree, path: str | Path) -> Path:
    """Write ``tree`` to ``path`` as YAML (``.yaml``, ``.yml``), JSON (``.json``) or Gambit (``.efg``).

    Returns the path. ``load(dump(tree, path)) == tree`` for every valid tree.
    """
    path = _as_path(path)
    text = dumps(tree, format=_suffix_format(path))
    path.write_text(text, encoding="utf-8")
    return path


def _as_path(path: Any) -> Path:
    if not isinstance(path, (str, Path)):
        raise ArgumentError(f"a file is given by its path, got {type(path).__name__}")
    return Path(path)


def load(path: str | Path) -> Tree:
    """Read a model file: YAML (``.yaml``, ``.yml``), JSON (``.json``) or Gambit (``.efg``).

    Raises :class:`~decisiontree.errors.FileFormatError` (a
    :class:`~decisiontree.ModelError`) naming the file, line and node path of
    the first problem, also for a missing, unreadable or binary file.
    """
    path = _as_path(path)
    kind = _suffix_format(path)
    if path.is_dir():
        raise FileFormatError("is a folder, not a model file", file=str(path))
    if not path.exists():
        raise FileFormatError("no such file", file=str(path))
    try:
        if not path.is_file():  # a device, pipe or socket could be endless
            raise FileFormatError("is not a regular file", file=str(path))
        with path.open("rb") as stream:
            data = stream.read(4 * MAX_FILE + 1)  # bounded even if the file grows while read
        if len(data) > 4 * MAX_FILE:
            raise FileFormatError(f"larger than {MAX_FILE:,} characters", file=str(path))
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            f"not UTF-8 text ({error.reason} at byte {error.start})", file=str(path)
        ) from None
    except OSError as error:
        raise FileFormatError(f"cannot be read ({error.strerror or error})", file=str(path)) from None
    return loads(text, format=kind, name=str(path))


def loads(text: str, format: str = "yaml", *, name: str | None = None) -> Tree:
    """Read a model from text; ``format`` is ``"yaml"``, ``"json"`` or ``"efg"``.

    ``name`` (a file name) is used in error messages.

    >>> tree = loads('''
    ... tree:
    ...   kind: terminal
    ...   name: done
    ...   payoff: 1/3
    ... ''')
    >>> tree.root.payoff
    Fraction(1, 3)
    >>> loads("tree: {kind: terminal, name: x, payof: 1}", name="m.yaml")
    Traceback (most recent call last):
    ...
    decisiontree.errors.FileFormatError: m.yaml:1:33: tree (root): unknown key 'payof' ...
    """
    from .syntax import Locator, parse_json, parse_yaml

    kind = _format(format)
    if not isinstance(text, str):
        raise FileFormatError(f"expected text, got {type(text).__name__}", file=name)
    if len(text) > MAX_FILE:
        raise FileFormatError(f"larger than {MAX_FILE:,} characters", file=name)
    if kind == "efg":
        from .efg import from_efg

        return from_efg(text, name=name)
    with paused_gc():
        data = parse_json(text, name) if kind == "json" else parse_yaml(text, name)
        return read(data, name, Locator(text, data))


def locate(path: str | Path, node: Sequence[str] | None) -> tuple[int, int] | None:
    """The line and column of the node at path ``node`` in the YAML or JSON model file ``path``.

    For errors found after loading, by evaluation (a probability sum made of
    formulas is only known then): the command line adds the place to them.
    ``None`` when the node, the file or its format gives no place.

    >>> import decisiontree as dt
    >>> file = dt.dump(dt.Tree(dt.Decision("Go?", [
    ...     dt.Branch("yes", dt.Terminal("win", payoff=1)),
    ...     dt.Branch("no", dt.Terminal("stay")),
    ... ])), Path("go.yaml"))
    >>> locate(file, ("no",))
    (13, 7)
    >>> file.unlink()
    """
    from .syntax import Locator, parse_json, parse_yaml

    if node is None:
        return None
    try:
        file = _as_path(path)
        kind = _suffix_format(file)
        if kind == "efg":
            return None
        text = file.read_text(encoding="utf-8")
        data = parse_json(text, None) if kind == "json" else parse_yaml(text, None)
    except (OSError, UnicodeDecodeError, DecisionTreeError):
        return None
    found = node_data(data, tuple(node))
    return None if found is None else Locator(text, data)(found, None)


def from_dict(data: Mapping[str, Any]) -> Tree:
    """Build a tree from plain data, the inverse of :func:`to_dict`.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Terminal("only", payoff=1))
    >>> from_dict(to_dict(tree)) == tree
    True
    """
    return read(data, None, None)


def schema() -> dict[str, Any]:
    """The JSON Schema of model files (``decisiontree/schema/model-v1.json``), for editors and checks.

    >>> schema()["title"]
    'decisiontree model file, version 1'
    """
    from importlib.resources import files

    text = files("decisiontree").joinpath("schema", f"model-v{FORMAT_VERSION}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
