"""Model files: YAML and JSON, loaded safely and dumped stably.

A model file holds the tree, its parameters and its metadata, and nothing
computed. YAML and JSON share one structure (see ``decisiontree/schema/model-v1.json``)::

    version: 1
    name: Paris summit
    actors: [Europe, US]              # optional; checked against the payoffs
    parameters:
      p_hold: {value: 0.6, low: 0.4, high: 0.8, description: P(ceasefire holds)}
      troop_cost: 20                  # a bare value is a parameter without range
    tree:
      kind: decision
      name: Paris summit
      branches:
      - label: Deploy force
        payoff: -troop_cost           # numbers, "3/8", or expressions as text
        node: {ref: ceasefire}        # a subtree defined once under `subtrees`
      - label: Stay out
        node: {kind: terminal, name: Status quo}
    subtrees:
      ceasefire:
        kind: chance
        ...

Reading never runs code: YAML is read with PyYAML's safe loader (with YAML
1.2 booleans, so ``yes`` and ``no`` stay text), JSON with :mod:`json`, and
text values go through :func:`~decisiontree.expressions.parse_expression`.
Errors are :class:`~decisiontree.errors.FileFormatError` naming the file,
line, column and node path.

Trees deeper than :data:`NESTING_LIMIT` levels are written as a chain of
generated subtrees (``deep-1``, ``deep-2``, ...), so that no file nests
deeper than that, whatever the depth of the tree: readers (PyYAML, json)
parse nesting recursively, and a 100,000-level tree must still round-trip.
Normal models stay one readable nested outline.

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

import difflib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any, Final

import attrs
import sympy
import yaml
from sympy.printing.str import StrPrinter

from ..errors import DecisionTreeError, FileFormatError, ModelError
from ..model import Branch, Chance, Decision, Parameter, Terminal, Tree
from ..values import COMPLEMENT, Payoffs, to_payoff, to_probability

__all__ = [
    "FORMAT_VERSION",
    "NESTING_LIMIT",
    "dump",
    "dumps",
    "expression_text",
    "from_dict",
    "load",
    "loads",
    "schema",
    "to_dict",
]

FORMAT_VERSION: Final = 1
"""The version of the model file format written by :func:`dump`."""

NESTING_LIMIT: Final = 16
"""Tree levels nested in one outline before a generated subtree continues it."""

SUFFIXES: Final = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".efg": "efg"}

_TOP_KEYS = ("version", "name", "description", "actors", "parameters", "tree", "subtrees")
_PARAMETER_KEYS = ("value", "low", "high", "distribution", "description", "source")
_NODE_KEYS = {
    "terminal": ("kind", "name", "payoff", "notes"),
    "chance": ("kind", "name", "notes", "branches"),
    "decision": ("kind", "name", "owner", "notes", "branches"),
}
_BRANCH_KEYS = ("label", "probability", "payoff", "node")
_KINDS = {"terminal": Terminal, "chance": Chance, "decision": Decision}


# --------------------------------------------------------------------------- writing


class _Printer(StrPrinter):  # type: ignore[misc]
    """sympy's text form, spelt the way the safe parser reads it back."""

    # ruff: noqa: N802  (sympy's printer dispatches on _print_<ClassName>)

    def _function(self, name: str, expr: Any) -> str:
        return f"{name}({', '.join(self._print(arg) for arg in expr.args)})"

    def _print_Max(self, expr: Any) -> str:
        return self._function("max", expr)

    def _print_Min(self, expr: Any) -> str:
        return self._function("min", expr)

    def _print_Abs(self, expr: Any) -> str:
        return self._function("abs", expr)

    def _print_Exp1(self, expr: Any) -> str:
        return "exp(1)"


_PRINTER = _Printer({"full_prec": False})


def expression_text(value: Any) -> str:
    """Text that :func:`~decisiontree.parse_expression` reads back as ``value``.

    >>> from decisiontree import parse_expression
    >>> expression_text(parse_expression("max(p, 1 - p) * 3/8"))
    '3*max(p, 1 - p)/8'
    """
    return str(_PRINTER.doprint(value))


def _number_out(value: Any) -> Any:
    kind = type(value)
    if kind is int or kind is float:
        return value
    if kind is Fraction:
        return value.numerator if value.denominator == 1 else f"{value.numerator}/{value.denominator}"
    if value is COMPLEMENT:
        return "#"
    if isinstance(value, sympy.Expr):
        return expression_text(value)
    return value


def _payoff_out(value: Any, actors: tuple[str, ...]) -> Any:
    if isinstance(value, Payoffs):
        return _Flow((actor, _number_out(value[actor])) for actor in actors)
    return _number_out(value)


def _is_zero(value: Any) -> bool:
    return (type(value) is int or type(value) is Fraction) and value == 0


class _Flow(dict[str, Any]):
    """A mapping written on one line in YAML (payoffs, distributions)."""


def _plain(value: Any) -> Any:
    """A distribution field as plain data (numbers, text, lists)."""
    if isinstance(value, (bool, int, float, str)) or value is None:
        return value
    if isinstance(value, Fraction):
        return _number_out(value)
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if hasattr(value, "tolist"):  # a numpy array or scalar
        return _plain(value.tolist())
    raise DecisionTreeError(f"cannot write {type(value).__name__} {value!r} in a model file")


def _distribution_out(distribution: Any) -> dict[str, Any]:
    from .. import distributions

    kind = type(distribution)
    name = kind.__name__
    if name not in distributions.__all__ or getattr(distributions, name) is not kind or not attrs.has(kind):
        raise DecisionTreeError(
            f"cannot write distribution {distribution!r}: only the classes in decisiontree.distributions"
        )
    out = _Flow(type=name)
    for field in attrs.fields(kind):
        if field.init:
            out[field.name] = _plain(getattr(distribution, field.name))
    return out


def _parameter_out(parameter: Parameter) -> Any:
    out: dict[str, Any] = {"value": _number_out(parameter.value)}
    if parameter.low is not None:
        out["low"] = _number_out(parameter.low)
    if parameter.high is not None:
        out["high"] = _number_out(parameter.high)
    if parameter.distribution is not None:
        out["distribution"] = _distribution_out(parameter.distribution)
    if parameter.description:
        out["description"] = parameter.description
    if parameter.source:
        out["source"] = parameter.source
    return out if len(out) > 1 else out["value"]


def to_dict(tree: Tree) -> dict[str, Any]:
    """The model as plain data (dicts, lists, numbers, text): what :func:`dump` writes.

    Exact fractions are written as text (``"3/8"``), expressions as text the
    safe parser reads back, ``COMPLEMENT`` as ``"#"``; defaults (empty notes,
    zero payoffs) are left out.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Chance("coin", [
    ...     dt.Branch("heads", dt.Terminal("H", payoff=1), probability="1/2"),
    ...     dt.Branch("tails", dt.Terminal("T"), probability=dt.COMPLEMENT),
    ... ]))
    >>> to_dict(tree)["tree"]["branches"][1]
    {'label': 'tails', 'probability': '#', 'node': {'kind': 'terminal', 'name': 'T'}}
    """
    if not isinstance(tree, Tree):
        raise DecisionTreeError(f"to_dict() needs a Tree, got {type(tree).__name__}")
    actors = tree.actors
    data: dict[str, Any] = {"version": FORMAT_VERSION}
    if tree.name:
        data["name"] = tree.name
    if tree.description:
        data["description"] = tree.description
    if actors:
        data["actors"] = list(actors)
    if tree.parameters:
        data["parameters"] = {p.name: _parameter_out(p) for p in tree.parameters}
    subtrees: dict[str, Any] = {}
    root: dict[str, Any] = {}
    data["tree"] = root
    stack: list[tuple[Any, int, dict[str, Any]]] = [(tree.root, 0, root)]
    while stack:
        node, depth, out = stack.pop()
        if depth >= NESTING_LIMIT and not isinstance(node, Terminal):
            name = f"deep-{len(subtrees) + 1}"
            out["ref"] = name
            out = subtrees[name] = {}
            depth = 0
        out["kind"] = node.kind
        out["name"] = node.name
        if isinstance(node, Decision) and node.owner is not None:
            out["owner"] = node.owner
        if isinstance(node, Terminal) and not _is_zero(node.payoff):
            out["payoff"] = _payoff_out(node.payoff, actors)
        if node.notes:
            out["notes"] = node.notes
        if isinstance(node, Terminal):
            continue
        branches = out["branches"] = []
        children = []
        for branch in node.branches:
            entry: dict[str, Any] = {"label": branch.label}
            if branch.probability is not None:
                entry["probability"] = _number_out(branch.probability)
            if not _is_zero(branch.payoff):
                entry["payoff"] = _payoff_out(branch.payoff, actors)
            child: dict[str, Any] = {}
            entry["node"] = child
            branches.append(entry)
            children.append((branch.node, depth + 1, child))
        stack.extend(reversed(children))
    if subtrees:
        data["subtrees"] = subtrees
    return data


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Plain YAML: block style, literal blocks for multi-line text, no tags."""


def _represent_str(dumper: Any, text: str) -> Any:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _represent_flow(dumper: Any, mapping: _Flow) -> Any:
    return dumper.represent_mapping("tag:yaml.org,2002:map", list(mapping.items()), flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Flow, _represent_flow)


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
    kind = _format(format)
    if kind == "efg":
        from .efg import to_efg

        return to_efg(tree)
    data = to_dict(tree)
    if kind == "json":
        return _json_text(data) + "\n"
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=_NO_WRAP
    )
    return text


_NO_WRAP: Final = 1_000_000
"""Long text stays on one line: wrapped lines make noisy diffs."""

_END: Final = object()


def _json_text(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, iteratively and without nested generators.

    The standard library's indenting encoder yields every token up through
    one generator per nesting level, which makes deep files slow.
    """
    encode = json.encoder.encode_basestring
    parts: list[str] = []
    stack: list[list[Any]] = []

    def start(value: Any, depth: int) -> None:
        if isinstance(value, (dict, list)):
            if not value:
                parts.append("{}" if isinstance(value, dict) else "[]")
                return
            is_dict = isinstance(value, dict)
            parts.append("{" if is_dict else "[")
            items = iter(value.items()) if isinstance(value, dict) else iter(value)
            stack.append([items, is_dict, depth + 1, True])
        elif isinstance(value, str):
            parts.append(encode(value))
        else:
            parts.append(json.dumps(value))

    start(data, 0)
    while stack:
        frame = stack[-1]
        items, is_dict, depth, first = frame
        item: Any = next(items, _END)
        if item is _END:
            stack.pop()
            parts.append("\n" + "  " * (depth - 1) + ("}" if is_dict else "]"))
            continue
        parts.append(("\n" if first else ",\n") + "  " * depth)
        frame[3] = False
        if is_dict:
            key, item = item
            parts.append(encode(key) + ": ")
        start(item, depth)
    return "".join(parts)


def schema() -> dict[str, Any]:
    """The JSON Schema of model files (``decisiontree/schema/model-v1.json``), for editors and checks.

    >>> schema()["title"]
    'decisiontree model file, version 1'
    """
    from importlib.resources import files

    text = files("decisiontree").joinpath("schema", f"model-v{FORMAT_VERSION}.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def dump(tree: Tree, path: str | Path) -> Path:
    """Write ``tree`` to ``path`` as YAML (``.yaml``, ``.yml``), JSON (``.json``) or Gambit (``.efg``).

    Returns the path. ``load(dump(tree, path)) == tree`` for every valid tree.
    """
    path = Path(path)
    text = dumps(tree, format=_suffix_format(path))
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- reading


def _format(format: str) -> str:
    kind = str(format).lower().lstrip(".")
    kind = SUFFIXES.get("." + kind, kind)
    if kind not in ("yaml", "json", "efg"):
        raise FileFormatError(f"unknown format {format!r}; use 'yaml', 'json' or 'efg'")
    return kind


def _suffix_format(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise FileFormatError(
            f"cannot tell the format of {str(path)!r} from its suffix; use .yaml, .yml, .json or .efg"
        )
    return kind


def load(path: str | Path) -> Tree:
    """Read a model file: YAML (``.yaml``, ``.yml``), JSON (``.json``) or Gambit (``.efg``).

    Raises :class:`~decisiontree.errors.FileFormatError` (a
    :class:`~decisiontree.ModelError`) naming the file, line and node path of
    the first problem; a missing file raises ``FileNotFoundError`` as usual.
    """
    path = Path(path)
    kind = _suffix_format(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            f"not UTF-8 text ({error.reason} at byte {error.start})", file=str(path)
        ) from None
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
    kind = _format(format)
    if not isinstance(text, str):
        raise FileFormatError(f"expected text, got {type(text).__name__}", file=name)
    if kind == "efg":
        from .efg import from_efg

        return from_efg(text, name=name)
    data = _parse_json(text, name) if kind == "json" else _parse_yaml(text, name)
    return _Reader(data, name, _Locator(text, kind, data)).read()


def from_dict(data: Mapping[str, Any]) -> Tree:
    """Build a tree from plain data, the inverse of :func:`to_dict`.

    >>> import decisiontree as dt
    >>> tree = dt.Tree(dt.Terminal("only", payoff=1))
    >>> from_dict(to_dict(tree)) == tree
    True
    """
    return _Reader(data, None, None).read()


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader with YAML 1.2 booleans and duplicate keys refused."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be text", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


_BOOL = "tag:yaml.org,2002:bool"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


class _MarkingLoader(_Loader):
    """The loader again, remembering the YAML node of every mapping and list (for error positions)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.nodes: dict[int, Any] = {}

    def _map(self, node: Any) -> Any:
        data: dict[Any, Any] = {}
        self.nodes[id(data)] = node
        yield data
        data.update(self.construct_mapping(node))

    def _seq(self, node: Any) -> Any:
        data: list[Any] = []
        self.nodes[id(data)] = node
        yield data
        data.extend(self.construct_sequence(node))


_MarkingLoader.add_constructor("tag:yaml.org,2002:map", _MarkingLoader._map)
_MarkingLoader.add_constructor("tag:yaml.org,2002:seq", _MarkingLoader._seq)


def _parse_yaml(text: str, name: str | None) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise FileFormatError(
            f"invalid YAML: {problem}",
            file=name,
            line=None if mark is None else mark.line + 1,
            column=None if mark is None else mark.column + 1,
        ) from None
    except yaml.YAMLError as error:
        raise FileFormatError(f"invalid YAML: {error}", file=name) from None
    except RecursionError:
        raise FileFormatError(
            "nested too deeply for the YAML reader; move deep parts into subtrees", file=name
        ) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _parse_json(text: str, name: str | None) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise FileFormatError(
            f"invalid JSON: {error.msg}", file=name, line=error.lineno, column=error.colno
        ) from None
    except ValueError as error:
        raise FileFormatError(f"invalid JSON: {error}", file=name) from None
    except RecursionError:
        raise FileFormatError(
            "nested too deeply for the JSON reader; move deep parts into subtrees", file=name
        ) from None


class _Locator:
    """Finds the line and column of a value in the text, when an error needs it.

    Reading stays fast: positions are only worked out, by parsing the text a
    second time with a loader that keeps them, when there is an error to report.
    JSON is read for positions by the YAML loader (JSON is YAML's flow style).
    """

    def __init__(self, text: str, kind: str, data: Any) -> None:
        self.text = text
        self.kind = kind
        self.data = data

    def __call__(self, container: Any, key: Any) -> tuple[int, int] | None:
        route = _route(self.data, container)
        if route is None:
            return None
        loader = _MarkingLoader(self.text)
        try:
            marked = loader.get_single_data()
        except (yaml.YAMLError, RecursionError):
            return None
        finally:
            loader.dispose()
        for step in route:
            try:
                marked = marked[step]
            except (KeyError, IndexError, TypeError):
                return None
        node = loader.nodes.get(id(marked))
        if node is None:
            return None
        mark = node.start_mark
        if key is not None and isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                    mark = key_node.start_mark
                    break
        elif isinstance(key, int) and isinstance(node, yaml.SequenceNode) and 0 <= key < len(node.value):
            mark = node.value[key].start_mark
        return mark.line + 1, mark.column + 1


def _route(root: Any, target: Any) -> list[Any] | None:
    """The keys and indices that lead from ``root`` to the object ``target``."""
    stack: list[tuple[Any, Any]] = [(root, None)]
    seen: set[int] = set()
    while stack:
        item, trail = stack.pop()
        if item is target:
            route: list[Any] = []
            while trail is not None:
                step, trail = trail
                route.append(step)
            return route[::-1]
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(
                (value, (key, trail)) for key, value in item.items() if isinstance(value, (dict, list))
            )
        elif isinstance(item, list):
            stack.extend(
                (value, (k, trail)) for k, value in enumerate(item) if isinstance(value, (dict, list))
            )
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _suggest(key: Any, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


_Trail = tuple[Any, ...] | None
"""A node path as a linked list: ``()`` for the root, ``(label, parent trail)`` below; cheap when deep."""


def _path(trail: _Trail) -> tuple[str, ...]:
    labels: list[str] = []
    while trail:
        label, trail = trail
        labels.append(label)
    return tuple(reversed(labels))


class _Reader:
    """Plain data to a Tree, iteratively, with errors that name the place."""

    def __init__(self, data: Any, file: str | None, locate: Callable[[Any, Any], Any] | None) -> None:
        self.data = data
        self.file = file
        self.locate = locate
        self.origin: dict[int, Any] = {}  # id(node) -> the mapping it was read from
        self.subtree_names: dict[int, str] = {}

    def fail(
        self,
        message: str,
        container: Any = None,
        key: Any = None,
        trail: _Trail = None,
        *,
        path: tuple[str, ...] | None = None,
    ) -> FileFormatError:
        where = self.locate(container, key) if self.locate is not None and container is not None else None
        line, column = where if where else (None, None)
        if path is None and trail is not None:
            path = _path(trail)
        return FileFormatError(message, path, file=self.file, line=line, column=column)

    # -- small checks

    def mapping(self, value: Any, what: str, container: Any, key: Any, trail: Any = None) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"{what} must be a mapping, got {_shown(value)}", container, key, trail)
        return value

    def keys(self, mapping: dict[Any, Any], allowed: tuple[str, ...], what: str, trail: Any = None) -> None:
        for key in mapping:
            if key not in allowed:
                hint = _suggest(key, allowed)
                raise self.fail(f"unknown key {key!r} in {what}{hint}", mapping, key, trail)

    def text(self, mapping: dict[str, Any], key: str, what: str, trail: Any = None, default: Any = "") -> Any:
        if key not in mapping:
            if default is _REQUIRED:
                raise self.fail(f"{what} needs a {key!r}", mapping, None, trail)
            return default
        value = mapping[key]
        if not isinstance(value, str):
            hint = "; write it in quotes" if isinstance(value, (bool, int, float)) else ""
            raise self.fail(f"{what}: {key} must be text, got {_shown(value)}{hint}", mapping, key, trail)
        return value

    def value(
        self, convert: Callable[[Any], Any], mapping: dict[str, Any], key: str, what: str, trail: Any
    ) -> Any:
        raw = mapping[key]
        if raw is None:
            hint = " (write the complement as '#' in quotes)" if key == "probability" else ""
            raise self.fail(f"{what} is empty{hint}", mapping, key, trail)
        try:
            return convert(raw)
        except ModelError as error:
            raise self.fail(f"{what}: {error.message}", mapping, key, trail) from None

    # -- the model

    def read(self) -> Tree:
        data = self.data
        if not isinstance(data, dict):
            raise self.fail(f"a model file must be a mapping with a 'tree', got {_shown(data)}")
        self.keys(data, _TOP_KEYS, "the model")
        version = data.get("version", FORMAT_VERSION)
        if version != FORMAT_VERSION or isinstance(version, bool):
            newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
            detail = "is newer than this version of decisiontree reads" if newer else "is not known"
            raise self.fail(
                f"format version {version!r} {detail} (it reads version {FORMAT_VERSION})", data, "version"
            )
        name = self.text(data, "name", "the model")
        description = self.text(data, "description", "the model")
        actors = self.actors(data)
        parameters = self.parameters(data)
        subtrees = self.mapping(data.get("subtrees", {}), "subtrees", data, "subtrees")
        for key in subtrees:
            if not isinstance(key, str):
                raise self.fail(f"subtree names must be text, got {_shown(key)}", subtrees, key)
        if "tree" not in data:
            raise self.fail("the model needs a 'tree'", data)
        root = self.nodes(data, subtrees)
        try:
            tree = Tree(root, parameters, name=name, description=description)
        except ModelError as error:
            raw = self.origin_of(root, error.path)
            raise self.fail(error.message, raw, path=error.path) from None
        if actors is not None and set(actors) != set(tree.actors):
            found = ", ".join(tree.actors) if tree.actors else "none (scalar payoffs)"
            raise self.fail(
                f"actors are listed as {', '.join(actors) or 'none'} but the payoffs are for {found}",
                data,
                "actors",
            )
        return tree

    def actors(self, data: dict[str, Any]) -> list[str] | None:
        if "actors" not in data:
            return None
        actors = data["actors"]
        if not isinstance(actors, list) or not all(isinstance(a, str) for a in actors):
            raise self.fail(f"actors must be a list of names, got {_shown(actors)}", data, "actors")
        return actors

    def parameters(self, data: dict[str, Any]) -> list[Parameter]:
        specs = self.mapping(data.get("parameters", {}), "parameters", data, "parameters")
        out = []
        for name, spec in specs.items():
            if not isinstance(name, str):
                raise self.fail(f"parameter names must be text, got {_shown(name)}", specs, name)
            what = f"parameter {name!r}"
            if not isinstance(spec, dict):
                spec = {"value": spec}
                where, key = specs, name
            else:
                self.keys(spec, _PARAMETER_KEYS, what)
                if "value" not in spec:
                    raise self.fail(f"{what} needs a 'value'", specs, name)
                where, key = spec, "value"
            fields: dict[str, Any] = {}
            for field in ("low", "high"):
                if field in spec:
                    fields[field] = spec[field]
            if "distribution" in spec:
                fields["distribution"] = self.distribution(spec, what)
            fields["description"] = self.text(spec, "description", what)
            fields["source"] = self.text(spec, "source", what)
            try:
                out.append(Parameter(name, spec["value"], **fields))
            except ModelError as error:
                raise self.fail(error.message, where, key) from None
        return out

    def distribution(self, spec: dict[str, Any], what: str) -> Any:
        from .. import distributions

        raw = self.mapping(spec["distribution"], f"the distribution of {what}", spec, "distribution")
        kind = raw.get("type")
        if not isinstance(kind, str) or kind not in distributions.__all__:
            known = distributions.__all__
            raise self.fail(
                f"the distribution of {what} needs a 'type', one of {', '.join(known)}; got {_shown(kind)}"
                + (_suggest(kind, known) if isinstance(kind, str) else ""),
                raw,
                "type" if "type" in raw else None,
            )
        cls = getattr(distributions, kind)
        if not attrs.has(cls):
            raise self.fail(f"distribution {kind} cannot be read from a file", raw, "type")
        fields = tuple(f.name for f in attrs.fields(cls) if f.init)
        self.keys(raw, ("type", *fields), f"a {kind} distribution")
        arguments = {key: _tuples(value) for key, value in raw.items() if key != "type"}
        try:
            return cls(**arguments)
        except (DecisionTreeError, TypeError, ValueError) as error:
            raise self.fail(f"the distribution of {what}: {error}", spec, "distribution") from None

    def follow(self, raw: Any, subtrees: dict[str, Any], holder: Any, key: Any, trail: _Trail) -> Any:
        """The node mapping behind ``raw``, following ``{ref: name}`` to the subtrees."""
        chain: list[str] = []
        while True:
            node = self.mapping(raw, "a node", holder, key, trail)
            if "ref" not in node:
                return node
            self.keys(node, ("ref",), "a reference (a node with 'ref' has nothing else)", trail)
            name = node["ref"]
            if not isinstance(name, str) or name not in subtrees:
                hint = _suggest(name, subtrees) if isinstance(name, str) else ""
                known = f"; subtrees are {', '.join(map(repr, subtrees))}" if subtrees and not hint else ""
                raise self.fail(f"no subtree named {name!r}{hint}{known}", node, "ref", trail)
            if name in chain:
                raise self.fail(
                    f"subtree {name!r} refers to itself ({' > '.join([*chain, name])})", node, "ref", trail
                )
            chain.append(name)
            self.subtree_names[id(subtrees[name])] = name
            holder, key, raw = subtrees, name, subtrees[name]

    def nodes(self, data: dict[str, Any], subtrees: dict[str, Any]) -> Any:
        results: list[Any] = []
        built: dict[int, Any] = {}
        active: dict[int, _Trail] = {}
        stack: list[tuple[bool, Any, Any, Any, _Trail]] = [(True, data["tree"], data, "tree", ())]
        while stack:
            enter, raw, holder, key, trail = stack.pop()
            if not enter:
                results.append(self.inner(raw, holder, results, trail))
                del active[id(raw)]
                built[id(raw)] = results[-1]
                continue
            raw = self.follow(raw, subtrees, holder, key, trail)
            if id(raw) in built:
                results.append(built[id(raw)])
                continue
            if id(raw) in active:
                name = self.subtree_names.get(id(raw))
                what = f"subtree {name!r}" if name else "a node"
                raise self.fail(f"{what} contains itself", holder, key, trail)
            kind = self.kind(raw, trail)
            self.keys(raw, _NODE_KEYS[kind], f"a {kind} node", trail)
            node_name = self.text(raw, "name", f"a {kind} node", trail, default=_REQUIRED)
            if kind == "terminal":
                payoff = self.value(to_payoff, raw, "payoff", "payoff", trail) if "payoff" in raw else 0
                node = Terminal(node_name, payoff, notes=self.text(raw, "notes", "a terminal node", trail))
                self.origin[id(node)] = raw
                built[id(raw)] = node
                results.append(node)
                continue
            branches = self.branches(raw, kind, trail)
            active[id(raw)] = trail
            stack.append((False, raw, branches, None, trail))
            for entry in reversed(branches):
                stack.append((True, entry["node"], entry, "node", (entry["label"], trail)))
        return results[0]

    def kind(self, raw: dict[str, Any], trail: _Trail) -> str:
        if "kind" not in raw:
            raise self.fail("a node needs a 'kind': terminal, chance or decision", raw, None, trail)
        kind = raw["kind"]
        if kind not in _KINDS:
            hint = _suggest(kind, _KINDS) if isinstance(kind, str) else ""
            raise self.fail(
                f"kind must be terminal, chance or decision, got {_shown(kind)}{hint}", raw, "kind", trail
            )
        return str(kind)

    def branches(self, raw: dict[str, Any], kind: str, trail: _Trail) -> list[dict[str, Any]]:
        if "branches" not in raw:
            raise self.fail(f"a {kind} node needs 'branches'", raw, None, trail)
        branches = raw["branches"]
        if not isinstance(branches, list) or not branches:
            raise self.fail(
                f"branches must be a non-empty list, got {_shown(branches)}", raw, "branches", trail
            )
        for k, entry in enumerate(branches):
            self.mapping(entry, f"branch {k + 1}", branches, k, trail)
            self.keys(entry, _BRANCH_KEYS, "a branch", trail)
            self.text(entry, "label", f"branch {k + 1}", trail, default=_REQUIRED)
            if "node" not in entry:
                raise self.fail(f"branch {entry['label']!r} needs a 'node'", entry, None, trail)
        return branches

    def inner(
        self, raw: dict[str, Any], branches: list[dict[str, Any]], results: list[Any], trail: _Trail
    ) -> Any:
        children = results[len(results) - len(branches) :]
        del results[len(results) - len(branches) :]
        made = []
        for entry, child in zip(branches, children, strict=True):
            label = entry["label"]
            probability = payoff = None
            if "probability" in entry:
                probability = self.value(
                    to_probability, entry, "probability", f"probability of {label!r}", trail
                )
            if "payoff" in entry:
                payoff = self.value(to_payoff, entry, "payoff", f"payoff of branch {label!r}", trail)
            made.append(Branch(label, child, probability=probability, payoff=0 if payoff is None else payoff))
        kind = raw["kind"]
        notes = self.text(raw, "notes", f"a {kind} node", trail)
        node: Any
        if kind == "chance":
            node = Chance(raw["name"], made, notes=notes)
        else:
            owner = self.text(raw, "owner", "a decision node", trail, default=None)
            node = Decision(raw["name"], made, owner=owner, notes=notes)
        self.origin[id(node)] = raw
        return node

    def origin_of(self, root: Any, path: tuple[str, ...] | None) -> Any:
        if path is None:
            return self.data
        node = root
        for label in path:
            for branch in getattr(node, "branches", ()):
                if branch.label == label:
                    node = branch.node
                    break
            else:
                return None
        return self.origin.get(id(node))


_REQUIRED: Final = object()


def _tuples(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value
