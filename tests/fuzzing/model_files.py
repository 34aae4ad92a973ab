"""Hostile model files: the example files, mutated structurally, as hypothesis strategies.

:func:`model_files` starts from one of the :data:`BASES` (the examples'
YAML files, their JSON form, and a small seed that uses every feature of
the format: subtrees, every distribution, notes, ``#``), and applies one to
three mutations to the parsed data, then writes it back as YAML or JSON and
may damage the text itself:

- a hostile value at any key or list position (lists, mappings, null,
  booleans, numbers where text is expected and the reverse, huge and tiny
  numbers, NaN and infinity spellings, YAML tags, expressions that must be
  refused), a key renamed, added or deleted, an item deleted or duplicated;
- sharing: YAML anchors and aliases, an alias bomb, forty subtrees each
  referring twice to the one before (by ``ref`` or by anchors);
- deep nesting (lists, mappings or a chain of nodes, thousands deep);
- text damage: truncation at any position, binary bytes, invalid UTF-8, a
  byte-order mark, a duplicated or deleted line, YAML directives.

:func:`model_data` does the same to the data handed to ``from_dict``, with
Python values no file can hold (sets, bytes, ``Decimal("NaN")``, sympy
numbers, a list that contains itself).

Examples shrink towards one mutation of a small base document.

>>> data = {"tree": {"kind": "terminal", "name": "t", "payoff": Raw("1e999999999")}}
>>> print(emit(data, "yaml", flow=True), end="")
{tree: {kind: terminal, name: t, payoff: 1e999999999}}
"""

from __future__ import annotations

import copy
import json
import math
import reprlib
from decimal import Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import yaml
from hypothesis import strategies as st

from .checks import ALL_USES, CHEAP_USES, COSTLY_USES, use_tree
from .promise import NOTHING, Context

__all__ = [
    "BASES",
    "DataCase",
    "Deep",
    "FileCase",
    "Raw",
    "Shared",
    "Tagged",
    "emit",
    "model_data",
    "model_files",
]

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

SEED = """\
version: 1
name: Fuzz seed
description: A small model that uses every feature of the file format.
parameters:
  p_up: {value: 0.5, low: 0.2, high: 0.8, distribution: {type: Dirichlet, alphas: [5, 3, 2], \
parameters: [p_up, p_flat]}, description: Chance of a rise, source: A survey}
  p_flat: {value: 0.3, low: 0.1, high: 0.4}
  cost: {value: 20, low: 10, high: 40, distribution: {type: Triangular, low: 10, mode: 20, high: 40}}
  gain: {value: 100, low: 50, high: 150, distribution: {type: Normal, mean: 100, sd: 15}}
  rate: {value: 0.1, low: 0.05, high: 0.2, distribution: {type: Beta, a: 2, b: 18}}
  scale: {value: 2, low: 1, high: 3, distribution: {type: Gamma, shape: 4, scale: 0.5}}
  drift: {value: 1, low: 0.5, high: 2, distribution: {type: LogNormal, mu: 0, sigma: 0.25}}
  u: {value: 0.5, low: 0, high: 1, distribution: {type: Uniform, low: 0, high: 1}}
  pert: {value: 5, low: 1, high: 9, distribution: {type: PERT, low: 1, mode: 5, high: 9}}
  roll: {value: 3, low: 1, high: 6, distribution: {type: Empirical, values: [1, 2, 3, 4, 5, 6], \
weights: [1, 1, 1, 1, 1, 1]}}
  bonus: 5
tree:
  kind: decision
  name: Invest?
  notes: Invest now, or wait and see.
  branches:
  - label: invest
    payoff: -cost
    node: {ref: market}
  - label: wait
    node:
      kind: chance
      name: Later
      branches:
      - {label: good, probability: rate, node: {ref: market}}
      - {label: bad, probability: '#', node: {kind: terminal, name: nothing, payoff: bonus}}
subtrees:
  market:
    kind: chance
    name: Market
    notes: How the market moves.
    branches:
    - {label: up, probability: p_up, node: {kind: terminal, name: boom, payoff: (gain - cost) * scale}}
    - {label: flat, probability: p_flat, node: {kind: terminal, name: flat, payoff: 3/8 * pert + roll}}
    - {label: down, probability: '#', node: {kind: terminal, name: bust, payoff: -gain * drift * u}}
"""
"""A small valid model using subtrees, every one-parameter distribution, a Dirichlet, notes and ``#``."""

GAME = """\
version: 1
name: Entry game
actors: [Firm, Rival]
parameters:
  p_good: {value: 1/4, low: 0.1, high: 0.9}
tree:
  kind: decision
  name: Enter?
  owner: Firm
  branches:
  - label: in
    payoff: {Firm: -1, Rival: 0}
    node:
      kind: decision
      name: Fight?
      owner: Rival
      branches:
      - label: fight
        node: {kind: terminal, name: war, payoff: {Firm: -5, Rival: -3}}
      - label: share
        node:
          kind: chance
          name: Market
          branches:
          - label: good
            probability: p_good
            node: {kind: terminal, name: win, payoff: {Firm: 10, Rival: 4}}
          - label: bad
            probability: '#'
            node: {kind: terminal, name: loss, payoff: {Firm: -2, Rival: 1}}
  - label: out
    node: {kind: terminal, name: nothing, payoff: 0}
"""
"""A small two-actor game: owners, per-actor payoffs, a scalar ``0`` among mappings."""


@attrs.frozen
class Base:
    """A starting document: its name, format and parsed data."""

    name: str
    fmt: str
    text: str

    @property
    def data(self) -> Any:
        return _parsed(self.text, self.fmt)


@cache
def _parsed(text: str, fmt: str) -> Any:
    return json.loads(text) if fmt == "json" else yaml.safe_load(text)


def _json_form(text: str) -> str:
    import decisiontree as dt

    return dt.dumps(dt.loads(text), format="json")


@cache
def _bases() -> tuple[Base, ...]:
    out = []
    texts = [(path.name, path.read_text(encoding="utf-8")) for path in sorted(EXAMPLES.glob("*.yaml"))]
    texts += [("seed.yaml", SEED), ("game.yaml", GAME)]
    for name, text in texts:
        out.append(Base(name, "yaml", text))
        out.append(Base(name.replace(".yaml", ".json"), "json", _json_form(text)))
    return tuple(out)


BASES = _bases
"""The starting documents (a function: they are read on first use)."""


# --------------------------------------------------------------------------- the cases


@attrs.frozen
class FileCase:
    """A model file: read with ``load`` (from a file) and ``loads`` (text), then used."""

    kind = "files"
    fmt: str
    text: str | None
    raw: bytes | None
    summary: str
    classes: tuple[int, ...]
    uses: frozenset[str] = ALL_USES

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # hypothesis prints attrs classes field by field otherwise

    def __repr__(self) -> str:
        """Short enough to print in a failure report; the full text is in ``source()``."""
        text = self.source()
        shown = (
            text
            if len(text) <= 2000
            else f"{text[:1000]}...<{len(text) - 2000:,} characters>...{text[-1000:]}"
        )
        return f"FileCase(fmt={self.fmt!r}, summary={self.summary!r}, classes={self.classes}, text={shown!r})"

    def content(self) -> bytes:
        """The bytes of the file."""
        if self.raw is not None:
            return self.raw
        return (self.text or "").encode("utf-8", "surrogatepass")

    def source(self) -> str:
        """The file, for a person to read (invalid UTF-8 shown with replacement characters)."""
        return self.content().decode("utf-8", "replace")

    def run(self, context: Context) -> None:
        import decisiontree as dt

        path = Path("model.json" if self.fmt == "json" else "model.yaml")
        path.write_bytes(self.content())
        tree = context.step("load", dt.load, path)
        if self.text is not None:
            again = context.step("loads", dt.loads, self.text, self.fmt)
            tree = again if tree is NOTHING else tree
        if tree is not NOTHING:
            use_tree(context, tree, self.uses)


@attrs.frozen
class DataCase:
    """Plain data for ``from_dict``, then the tree is used."""

    kind = "files"
    data: Any = attrs.field(eq=False)
    summary: str
    classes: tuple[int, ...]

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # hypothesis prints attrs classes field by field otherwise

    def __repr__(self) -> str:
        """Short enough to print in a failure report (the data can be an alias bomb)."""
        return f"DataCase(summary={self.summary!r}, classes={self.classes}, data={reprlib.repr(self.data)})"

    def source(self) -> str:
        return self.summary

    def run(self, context: Context) -> None:
        import decisiontree as dt

        from .code_models import materialize

        data = materialize(self.data)
        tree = context.step("from_dict", dt.from_dict, data)
        if tree is not NOTHING:
            use_tree(context, tree, CHEAP_USES)


# --------------------------------------------------------------------------- special values


@attrs.frozen
class Raw:
    """A scalar written verbatim, unquoted: ``.nan`` in YAML, ``NaN`` in JSON, 5,000 digits."""

    yaml: str
    json: str | None = None

    def __str__(self) -> str:
        return self.yaml


@attrs.frozen
class Tagged:
    """A YAML value with an explicit tag (``!!map [a]``); in JSON, the bare value."""

    tag: str
    value: Any

    def __str__(self) -> str:
        return f"{self.tag} {self.value!r}"


@attrs.frozen
class Deep:
    """Nesting ``depth`` levels deep, written as text: ``lists``, ``maps`` or a chain of ``nodes``."""

    depth: int
    shape: str

    def make(self) -> Any:
        """The nesting as Python data (for ``from_dict``), built without recursion."""
        out: Any = 1
        for _ in range(self.depth):
            out = [out] if self.shape == "lists" else {"a": out}
        return out

    def text(self, fmt: str) -> str:
        q = (lambda s: json.dumps(s)) if fmt == "json" else (lambda s: s)
        if self.shape == "lists":
            return "[" * self.depth + "1" + "]" * self.depth
        if self.shape == "maps":
            return f"{{{q('a')}: " * self.depth + "1" + "}" * self.depth
        opening = (
            f"{{{q('kind')}: {q('decision')}, {q('name')}: {q('d')}, "
            f"{q('branches')}: [{{{q('label')}: {q('a')}, {q('node')}: "
        )
        leaf = f"{{{q('kind')}: {q('terminal')}, {q('name')}: {q('t')}}}"
        return opening * self.depth + leaf + "}]}" * self.depth

    def __str__(self) -> str:
        return f"<{self.shape} nested {self.depth} deep>"


@attrs.frozen
class Shared:
    """``width`` references to one value, ``levels`` times over: an alias bomb in YAML.

    YAML writes it in a few hundred bytes with anchors; JSON cannot share, so
    it is written with as many levels as fit in 50,000 leaves.
    """

    levels: int
    width: int
    leaf: Any

    def build(self, fmt: str) -> Any:
        levels = self.levels
        if fmt == "json":
            while levels > 0 and self.width**levels > 50_000:
                levels -= 1
        value: Any = [self.leaf] * self.width
        for _ in range(levels - 1):
            value = [value] * self.width
        return value

    def __str__(self) -> str:
        return f"<alias bomb {self.width}^{self.levels}>"


FLOAT_INF = Raw(".inf", "Infinity")
NUMBER_TOKENS: tuple[tuple[Raw, int], ...] = (
    (Raw("1e999999999", "1e999999999"), 3),
    (Raw("-1e999999999", "-1e999999999"), 3),
    (Raw("1e400", "1e400"), 3),
    (Raw("1.0e+400", "1.0e+400"), 3),
    (Raw("1.0e-400", "1.0e-400"), 3),
    (Raw("1e-400", "1e-400"), 3),
    (Raw("9" * 5000, "9" * 5000), 2),
    (Raw("-" + "9" * 4400, "-" + "9" * 4400), 2),
    (Raw("1" + "0" * 400, "1" + "0" * 400), 3),
    (Raw("0x" + "f" * 4000), 2),
    (Raw("190:20:30"), 2),
    (Raw("1_000"), 2),
    (Raw("0o17"), 2),
    (Raw("+12"), 2),
    (Raw("1.7976931348623157e+308", "1.7976931348623157e+308"), 3),
    (Raw("5e-324", "5e-324"), 3),
    (FLOAT_INF, 4),
    (Raw("-.inf", "-Infinity"), 4),
    (Raw(".nan", "NaN"), 4),
    (Raw(".NaN", "NaN"), 4),
    (Raw("-.NAN", "NaN"), 4),
)
"""Number spellings, each with the class of the issue it tests."""

TEXTS: tuple[tuple[str, int], ...] = (
    ("", 1),
    (" ", 1),
    ("#", 1),
    ("x", 1),
    ("nan", 4),
    ("NaN", 4),
    ("inf", 4),
    ("Infinity", 4),
    ("-Infinity", 4),
    ("1e999999999", 3),
    ("1e400", 3),
    ("-1e400", 3),
    ("1e-400", 3),
    ("(9**9999)**9999", 3),
    ("(10**4)**(10**4)", 3),
    ("9**9**9", 3),
    ("2**10000 * 2**10000", 3),
    ("exp(1000)", 4),
    ("exp(exp(10))", 4),
    ("(-8)**(1/3)", 4),
    ("sqrt(-1)", 4),
    ("log(0)", 4),
    ("log(-1)", 4),
    ("1/0", 4),
    ("0**-1", 4),
    ("p_hold", 1),
    ("undeclared_name", 1),
    ("lambda: 0", 1),
    ("__import__('os').system('true')", 1),
    ("p.real", 1),
    ("[x for x in 'ab']", 1),
    ("ｐ_hold", 5),
    ("lambda", 5),
    ("True", 5),
    ("None", 5),
    ("\ud800", 5),
    ("a\x00b", 5),
    ("x\\G y\\N", 8),
    ("&amp; <b>bold</b>", 8),
    ("x" * 20_000, 6),
)
"""Text values, each with the class of the issue it tests."""

TAGS: tuple[str, ...] = (
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:python/object",
    "tag:yaml.org,2002:python/object/apply:os.system",
    "tag:yaml.org,2002:python/name:os.system",
    "!unknown",
    "tag:example.com,2000:thing",
)
"""YAML tags, standard, Python-specific (refused by safe loaders) and unknown."""

TAGGED_VALUES: tuple[Any, ...] = (
    ["a"],
    ["a", "b"],
    {"a": 1},
    {"a": None},
    "a",
    "aGVsbG8=",
    "2001-12-14",
    "12",
    "1.5",
    "true",
    "",
    [{"a": 1}],
)


@st.composite
def hostile_values(draw: Any, fmt: str = "yaml") -> tuple[Any, int, str]:
    """A value to put in a file: (value, class of the issue, short description)."""
    from .expressions import expressions

    choice = draw(st.integers(0, 11))
    if choice == 0:
        value = draw(st.sampled_from([[], {}, [1, 2], {"a": 1}, [[]], {"kind": "terminal"}, [None]]))
        return value, 1, repr(value)
    if choice == 1:
        value = draw(st.sampled_from([None, True, False]))
        return value, 1, repr(value)
    if choice == 2:
        value = draw(st.sampled_from([0, -1, 1, 2, 0.5, -0.0, 1e308, 5e-324, 10**20, 3]))
        return value, 1, repr(value)
    if choice == 3:
        token, cls = draw(st.sampled_from(NUMBER_TOKENS))
        if fmt == "json" and token.json is None:
            return token.yaml, cls, repr(token.yaml[:30])
        return token, cls, token.yaml[:30] + ("..." if len(token.yaml) > 30 else "")
    if choice in (4, 5):
        text, cls = draw(st.sampled_from(TEXTS))
        return text, cls, repr(text[:30])
    if choice == 6:
        case = draw(expressions())
        return case.text, case.classes[0], repr(case.text[:40])
    if choice == 7 and fmt == "yaml":
        tag = draw(st.sampled_from(TAGS))
        inner = draw(st.sampled_from(TAGGED_VALUES))
        return Tagged(tag, inner), 2, f"{tag} {inner!r}"
    if choice == 8:
        text = draw(st.text(max_size=20))
        return text, 1, repr(text)
    if choice == 9:
        value = draw(st.integers() | st.floats(allow_nan=False, allow_infinity=False))
        return value, 3, repr(value)
    if choice == 10:
        depth = draw(st.sampled_from([100, 1000, 3000, 20_000]))
        shape = draw(st.sampled_from(["lists", "maps"]))
        return Deep(depth, shape), 2, f"<{shape} {depth} deep>"
    levels = draw(st.integers(2, 9))
    return Shared(levels, 10, 1.5), 2, f"<alias bomb 10^{levels}>"


# --------------------------------------------------------------------------- locations and mutations


def locations(data: Any) -> list[tuple[tuple[Any, ...], Any, Any]]:
    """Every (path, container, key) in ``data``: dict values by key, list items by index."""
    out: list[tuple[tuple[Any, ...], Any, Any]] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    seen: set[int] = set()
    while stack:
        path, item = stack.pop()
        if id(item) in seen:
            continue
        if isinstance(item, dict):
            seen.add(id(item))
            for key, value in item.items():
                out.append(((*path, key), item, key))
                stack.append(((*path, key), value))
        elif isinstance(item, list):
            seen.add(id(item))
            for k, value in enumerate(item):
                out.append(((*path, k), item, k))
                stack.append(((*path, k), value))
    out.sort(key=lambda entry: [str(p) for p in entry[0]])
    return out


def shown_path(path: tuple[Any, ...]) -> str:
    """``tree.branches[0].node`` for ``("tree", "branches", 0, "node")``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            out += ("." if out else "") + (text if len(text) <= 30 else text[:27] + "...")
    return out or "(top)"


def _ref_chain(levels: int) -> tuple[dict[str, Any], str]:
    """Subtrees ``s0 .. s<levels>``, each a chance node referring twice to the one before."""
    subtrees: dict[str, Any] = {"s0": {"kind": "terminal", "name": "end", "payoff": 1}}
    for k in range(1, levels + 1):
        subtrees[f"s{k}"] = {
            "kind": "chance",
            "name": f"c{k}",
            "branches": [
                {"label": "a", "probability": "1/2", "node": {"ref": f"s{k - 1}"}},
                {"label": "b", "probability": "#", "node": {"ref": f"s{k - 1}"}},
            ],
        }
    return subtrees, f"s{levels}"


JSON_SHARED_LIMIT = 50_000
"""The most mappings and lists a mutated JSON document may hold with shared parts written out.

A shared chain of 12 levels is 8,191 nodes (about 20,000 mappings and lists) in JSON;
one inside another would be a file of a quarter of a million nodes, which tests the
size of the input, not its shape.
"""


def _written_size(data: Any) -> int:
    """How many mappings and lists ``data`` holds when written without sharing (capped)."""
    sizes: dict[int, int] = {}
    stack: list[tuple[bool, Any]] = [(True, data)]
    while stack:
        enter, item = stack.pop()
        if not isinstance(item, dict | list) or id(item) in sizes:
            continue
        values = item.values() if isinstance(item, dict) else item
        if enter:
            stack.append((False, item))
            stack.extend((True, value) for value in values)
        else:
            inner = (sizes.get(id(value), 0) for value in values if isinstance(value, dict | list))
            sizes[id(item)] = min(1 + sum(inner), 10 * JSON_SHARED_LIMIT)
    return sizes.get(id(data), 0)


def _anchor_chain(levels: int) -> dict[str, Any]:
    """The same sharing with one Python object per level: YAML writes it with anchors and aliases."""
    node: dict[str, Any] = {"kind": "terminal", "name": "end", "payoff": 1}
    for k in range(1, levels + 1):
        node = {
            "kind": "chance",
            "name": f"c{k}",
            "branches": [
                {"label": "a", "probability": "1/2", "node": node},
                {"label": "b", "probability": "#", "node": node},
            ],
        }
    return node


MUTATIONS = ("replace", "replace", "replace", "delete", "duplicate", "rename", "add", "wrap", "retype")
MUTATIONS += ("share", "refs", "anchors", "deep", "bomb", "number")


@st.composite
def _mutate(draw: Any, data: Any, fmt: str) -> tuple[str, int]:
    """Apply one mutation to ``data`` in place; returns its description and class."""
    kind = draw(st.sampled_from(MUTATIONS))
    where = locations(data)
    if kind == "refs" and isinstance(data, dict):
        levels = draw(st.sampled_from([20, 30, 40, 60]))
        subtrees, top = _ref_chain(levels)
        data["subtrees"] = (
            {**data.get("subtrees", {}), **subtrees} if isinstance(data.get("subtrees"), dict) else subtrees
        )
        nodes = [w for w in where if w[0] and w[0][-1] == "node"] or [((), data, "tree")]
        path, container, key = nodes[draw(st.integers(0, len(nodes) - 1))]
        container[key] = {"ref": top}
        return f"{shown_path(path) or 'tree'} := ref to {levels} subtrees, each referring twice", 7
    if kind == "anchors" and isinstance(data, dict):
        levels = draw(st.sampled_from([20, 30, 40])) if fmt == "yaml" else draw(st.sampled_from([8, 12]))
        nodes = [w for w in where if w[0] and w[0][-1] == "node"] or [((), data, "tree")]
        path, container, key = nodes[draw(st.integers(0, len(nodes) - 1))]
        before = container[key]
        container[key] = _anchor_chain(levels)
        if fmt == "json" and _written_size(data) > JSON_SHARED_LIMIT:
            # JSON has no anchors: it writes every copy, and a chain inside a chain multiplies them
            container[key] = before
            return f"{shown_path(path)}: no shared chain (the JSON text would hold too many copies)", 1
        return f"{shown_path(path)} := {levels} levels of a node shared twice (anchors)", 7
    if not where:
        return "nothing to mutate", 1
    path, container, key = where[draw(st.integers(0, len(where) - 1))]
    here = shown_path(path)
    if kind == "replace":
        value, cls, text = draw(hostile_values(fmt))
        container[key] = value
        return f"{here} := {text}", cls
    if kind == "number":
        token, cls = draw(st.sampled_from(NUMBER_TOKENS))
        numbers = [w for w in where if type(w[1][w[2]]) in (int, float)] or [(path, container, key)]
        path, container, key = numbers[draw(st.integers(0, len(numbers) - 1))]
        container[key] = token if fmt == "yaml" or token.json else token.yaml
        return f"{shown_path(path)} := {token.yaml[:30]}", cls
    if kind == "delete":
        del container[key]
        return f"del {here}", 1
    if kind == "duplicate":
        if isinstance(container, list):
            container.insert(key, copy.deepcopy(container[key]))
            return f"{here} duplicated", 1
        new = f"{key}_copy" if draw(st.booleans()) else str(key).upper()
        container[new] = copy.deepcopy(container[key])
        return f"{here} copied to key {new!r}", 1
    if kind == "rename" and isinstance(container, dict):
        options = [
            str(key)[:-1],
            str(key) + "s",
            str(key).capitalize(),
            "",
            "<<",
            Raw("1"),
            Raw("null"),
            Raw("true"),
            Raw("<<"),
        ]
        new = draw(st.sampled_from(options))
        if fmt == "json" and isinstance(new, Raw):
            new = new.yaml
        value = container.pop(key)
        container[new] = value
        return f"{here} renamed to {str(new)!r}", 1
    if kind == "add" and isinstance(container, dict):
        name = draw(st.sampled_from(["extra", "ref", "kind", "version", "payof", "branch", "Name"]))
        value, cls, text = draw(hostile_values(fmt))
        if name in container:
            name += "_"
        container[name] = value
        return f"{here[: here.rfind('.')] if '.' in here else '(top)'}.{name} := {text} (added)", 1
    if kind == "wrap":
        value = container[key]
        container[key] = [value] if draw(st.booleans()) else {"value": value}
        return f"{here} wrapped", 1
    if kind == "retype":
        value = container[key]
        if isinstance(value, str):
            try:
                container[key] = json.loads(value)
            except ValueError:
                container[key] = len(value)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            container[key] = str(value)
        else:
            container[key] = reprlib.repr(value)[:50]  # bounded: shared data may expand exponentially
        return f"{here} retyped to {type(container[key]).__name__}", 1
    if kind == "share" and fmt == "yaml":
        others = [w for w in where if isinstance(w[1][w[2]], (dict, list))]
        if others:
            source_path, source, source_key = others[draw(st.integers(0, len(others) - 1))]
            if source_path[: len(path)] != path:  # not a value inside itself
                container[key] = source[source_key]
                return f"{here} := alias of {shown_path(source_path)}", 2
    if kind == "deep":
        depth = draw(st.sampled_from([50, 500, 5000, 20_000]))
        container[key] = Deep(depth, "nodes")
        return f"{here} := a chain of {depth} nested nodes", 6
    if kind == "bomb" and fmt == "yaml":
        levels = draw(st.integers(3, 9))
        container[key] = Shared(levels, 10, draw(st.sampled_from([1.5, "x", 1])))
        return f"{here} := alias bomb 10^{levels}", 2
    value, cls, text = draw(hostile_values(fmt))
    container[key] = value
    return f"{here} := {text}", cls


# --------------------------------------------------------------------------- writing


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """PyYAML's safe dumper, writing :class:`Raw`, :class:`Tagged`, :class:`Deep` and :class:`Shared`."""

    def ignore_aliases(self, data: Any) -> bool:
        return not isinstance(data, (list, dict)) or super().ignore_aliases(data)


def _represent_raw(dumper: Any, raw: Raw) -> Any:
    tag = dumper.resolve(yaml.ScalarNode, raw.yaml, (True, False))
    return yaml.ScalarNode(tag, raw.yaml, style=None)


def _represent_tagged(dumper: Any, tagged: Tagged) -> Any:
    node = dumper.represent_data(copy.deepcopy(tagged.value))
    if isinstance(node, yaml.ScalarNode):
        quoted = tagged.tag.startswith("tag:yaml.org,2002:python")
        return yaml.ScalarNode(tagged.tag, node.value, style="'" if quoted else node.style)
    return type(node)(tagged.tag, node.value, flow_style=node.flow_style)


_Dumper.add_representer(Raw, _represent_raw)
_Dumper.add_representer(Tagged, _represent_tagged)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= character <= "\udfff" for character in text)


def _markers(data: Any, fmt: str) -> tuple[Any, dict[str, str]]:
    """``data`` with every :class:`Deep` (and text holding a lone surrogate) replaced by a marker
    word, and each marker's text."""
    texts: dict[str, str] = {}

    def swap(item: Any) -> Any:
        if isinstance(item, Deep):
            marker = f"DEEPMARKER{len(texts)}X"
            texts[marker] = item.text(fmt)
            return Raw(marker, marker)
        if isinstance(item, Shared):
            return item.build(fmt)
        if fmt == "yaml" and isinstance(item, str) and _has_surrogate(item):  # PyYAML cannot write one
            marker = f"TEXTMARKER{len(texts)}X"
            texts[marker] = json.dumps(item)  # a double-quoted YAML scalar with the escape "\ud800"
            return marker
        return None

    stack = [data]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            for key, value in list(item.items()):
                if fmt == "yaml" and isinstance(key, str) and _has_surrogate(key):
                    del item[key]
                    key = swap(key)
                    item[key] = value
                new = swap(value)
                if new is not None:
                    item[key] = new
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            for k, value in enumerate(item):
                new = swap(value)
                if new is not None:
                    item[k] = new
                elif isinstance(value, (dict, list)):
                    stack.append(value)
    swapped = swap(data)
    return (data if swapped is None else swapped), texts


def _json_value(item: Any) -> Any:
    if isinstance(item, Raw):
        return item
    if isinstance(item, Tagged):
        return _json_value(item.value)
    return item


def emit(data: Any, fmt: str, *, flow: bool = False) -> str:
    """Write mutated ``data`` as YAML (block or flow style) or JSON, with the special values.

    >>> print(emit({"a": [Raw(".nan", "NaN"), Tagged("tag:yaml.org,2002:map", ["x"])]}, "yaml"), end="")
    a:
    - .nan
    - !!map
      - x
    >>> emit({"a": Raw(".nan", "NaN")}, "json")
    '{"a": NaN}'
    """
    data, markers = _markers(data, fmt)
    if fmt == "json":
        raws: dict[str, str] = {}

        def default(item: Any) -> Any:
            raise TypeError(type(item).__name__)

        def encode(item: Any) -> Any:
            # Raw tokens become marker strings, replaced after encoding.
            if isinstance(item, Raw):
                marker = f"RAWMARKER{len(raws)}X"
                raws[marker] = item.json if item.json is not None else json.dumps(item.yaml)
                return marker
            if isinstance(item, Tagged):
                return encode(item.value)
            if isinstance(item, dict):
                return {(str(k) if not isinstance(k, str) else k): encode(v) for k, v in item.items()}
            if isinstance(item, list):
                return [encode(v) for v in item]
            if isinstance(item, float) and not math.isfinite(item):
                marker = f"RAWMARKER{len(raws)}X"
                raws[marker] = "NaN" if math.isnan(item) else ("Infinity" if item > 0 else "-Infinity")
                return marker
            return item

        text = json.dumps(encode(data), ensure_ascii=False, default=default)
        for marker, token in raws.items():
            text = text.replace(json.dumps(marker), token)
    else:
        text = yaml.dump(
            data,
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=flow,
            width=1_000_000,
        )
    for marker, deep in markers.items():
        text = text.replace(marker, deep)
    return text


# --------------------------------------------------------------------------- text damage

DAMAGE = ("none", "none", "none", "truncate", "insert", "binary", "utf8", "bom", "line", "directive")


@st.composite
def _damage(draw: Any, text: str, fmt: str) -> tuple[str | None, bytes | None, str]:
    """Damage the text: (text or None, bytes or None, description)."""
    kind = draw(st.sampled_from(DAMAGE))
    if kind == "none" or not text:
        return text, None, ""
    at = draw(st.integers(0, len(text)))
    if kind == "truncate":
        return text[:at], None, f"truncated at {at}"
    if kind == "insert":
        piece = draw(
            st.sampled_from(["\t", "\x00", "\x1b", "\ufeff", ":", "- ", "{", "[", "'", '"', "&a", "*a"])
        )
        return text[:at] + piece + text[at:], None, f"{piece!r} inserted at {at}"
    if kind == "binary":
        junk = draw(st.binary(min_size=1, max_size=8))
        raw = text.encode("utf-8", "surrogatepass")
        at = min(at, len(raw))
        return None, raw[:at] + junk + raw[at:], f"bytes {junk!r} inserted at byte {at}"
    if kind == "utf8":
        raw = text.encode("utf-8", "surrogatepass")
        bad = draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x82", b"\x80\x80"]))
        at = min(at, len(raw))
        return None, raw[:at] + bad + raw[at:], f"invalid UTF-8 {bad!r} at byte {at}"
    if kind == "bom":
        return "\ufeff" + text, None, "byte-order mark"
    if kind == "line":
        lines = text.split("\n")
        k = draw(st.integers(0, len(lines) - 1))
        if draw(st.booleans()):
            lines.insert(k, lines[k])
            return "\n".join(lines), None, f"line {k + 1} duplicated"
        del lines[k]
        return "\n".join(lines), None, f"line {k + 1} deleted"
    prefix = draw(
        st.sampled_from(["%YAML 1.1\n---\n", "%YAML 9.9\n---\n", "--- !!map\n", "---\n", "%TAG ! x\n---\n"])
    )
    suffix = draw(st.sampled_from(["", "\n---\nsecond: document\n", "\n...\n"]))
    return prefix + text + suffix, None, f"wrapped in {prefix.strip()!r} ... {suffix.strip()!r}"


@st.composite
def model_files(draw: Any, *, formats: tuple[str, ...] = ("yaml", "json")) -> FileCase:
    """Mutated model files (YAML or JSON text, or damaged bytes), as :class:`~fuzzing.cases.FileCase`.

    Shrinks towards one mutation of the first base document, written without damage.
    """
    bases = [b for b in BASES() if b.fmt in formats]
    base = draw(st.sampled_from(bases))
    data = copy.deepcopy(base.data)
    fmt = base.fmt
    changes: list[str] = []
    classes: list[int] = []
    for _ in range(draw(st.integers(1, 3))):
        change, cls = draw(_mutate(data, fmt))
        changes.append(change)
        classes.append(cls)
    flow = fmt == "yaml" and draw(st.booleans())
    text = emit(data, fmt, flow=flow)
    damaged, raw, damage = draw(_damage(text, fmt))
    if damage:
        changes.append(damage)
        classes.append(2)
    summary = f"{base.name}: " + "; ".join(changes)
    return FileCase(
        fmt=fmt,
        text=damaged,
        raw=raw,
        summary=summary,
        classes=tuple(classes),
        uses=draw(uses()),
    )


# --------------------------------------------------------------------------- the examples


def _bomb(level: int) -> str:
    if level == 0:
        return "&l0 [1.5, 1.5]"
    return f"&l{level} [{_bomb(level - 1)}, " + ", ".join([f"*l{level - 1}"] * 9) + "]"


ALIAS_BOMB = f"""\
parameters:
  p: {{value: 1, distribution: {{type: Empirical, values: {_bomb(9)}}}}}
tree: {{kind: terminal, name: t, payoff: p}}
"""
"""About 800 bytes that expand to 10**9 numbers in a distribution's ``values``."""


def _ref_file(levels: int) -> str:
    subtrees, top = _ref_chain(levels)
    return emit({"tree": {"ref": top}, "subtrees": subtrees}, "yaml", flow=True)


def _anchor_file(levels: int) -> str:
    return emit({"tree": _anchor_chain(levels)}, "yaml")


def _terminal(payoff: str, fmt: str = "yaml") -> str:
    if fmt == "json":
        return '{"tree": {"kind": "terminal", "name": "t", "payoff": ' + payoff + "}}"
    return "tree: {kind: terminal, name: t, payoff: " + payoff + "}\n"


def _known_files() -> list[tuple[str, str, str | bytes, int]]:
    """(summary, format, text or bytes, class of the issue)."""
    paris = next(b.text for b in BASES() if b.name == "paris_summit.yaml")
    return [
        ("tree.kind := []", "yaml", "tree: {kind: [], name: x}\n", 1),
        ("tree.kind := [] (JSON)", "json", '{"tree": {"kind": [], "name": "x"}}', 1),
        ("tree.name := {}", "yaml", "tree: {kind: terminal, name: {}}\n", 1),
        ("tree.branches := a mapping", "yaml", "tree: {kind: chance, name: c, branches: {a: 1}}\n", 1),
        ("parameters := a list", "yaml", "parameters: [p]\ntree: {kind: terminal, name: t}\n", 1),
        ("version := true", "yaml", "version: true\ntree: {kind: terminal, name: t}\n", 1),
        ("the whole file is a list", "yaml", "- tree\n", 1),
        ("the whole file is null", "yaml", "null\n", 1),
        ("an empty file", "yaml", "", 1),
        ("tree: !!map [a]", "yaml", "tree: !!map [a]\n", 2),
        ("tree: !!set [a]", "yaml", "tree: !!set [a]\n", 2),
        ("tree: !!omap [a]", "yaml", "tree: !!omap [a]\n", 2),
        ("tree: !!python/object:os.system", "yaml", "tree: !!python/object:os.system {}\n", 2),
        ("tree: !unknown x", "yaml", "tree: !unknown x\n", 2),
        ("payoff: !!binary", "yaml", _terminal("!!binary aGVsbG8="), 2),
        ("payoff: !!timestamp", "yaml", _terminal("!!timestamp 2001-12-14"), 2),
        ("an alias bomb in a distribution's values", "yaml", ALIAS_BOMB, 2),
        ("a payoff of 5,000 digits", "yaml", _terminal("9" * 5000), 2),
        ("a payoff of 5,000 digits (JSON)", "json", _terminal("9" * 5000, "json"), 2),
        ("a payoff of 400 digits", "yaml", _terminal("1" + "0" * 400), 3),
        ("payoff: 1e999999999", "yaml", _terminal("1e999999999"), 3),
        ("payoff: 1e999999999 (JSON)", "json", _terminal("1e999999999", "json"), 3),
        ("payoff: 1.0e+400", "yaml", _terminal("1.0e+400"), 3),
        ("payoff: 1e-400", "yaml", _terminal("1e-400"), 3),
        ("payoff: '(9**9999)**9999'", "yaml", _terminal("'(9**9999)**9999'"), 3),
        ("payoff: '(10**4)**(10**4)'", "yaml", _terminal("'(10**4)**(10**4)'"), 3),
        ("payoff: 2**2000", "yaml", _terminal("2**2000"), 3),
        ("payoff: .nan", "yaml", _terminal(".nan"), 4),
        ("payoff: .inf", "yaml", _terminal(".inf"), 4),
        ("payoff: NaN (JSON)", "json", _terminal("NaN", "json"), 4),
        ("payoff: Infinity (JSON)", "json", _terminal("Infinity", "json"), 4),
        ("payoff: exp(1000)", "yaml", _terminal("exp(1000)"), 4),
        ("payoff: (-8)**(1/3)", "yaml", _terminal("(-8)**(1/3)"), 4),
        ("payoff: {}", "yaml", _terminal("{}"), 4),
        (
            "owner: 5",
            "yaml",
            "tree: {kind: decision, name: d, owner: 5, branches: [{label: a, node: {kind: terminal, name: t}}]}\n",  # noqa: E501
            5,
        ),
        ("parameter named lambda", "yaml", "parameters: {lambda: 1}\ntree: {kind: terminal, name: t}\n", 5),
        ("parameter named True", "yaml", "parameters: {'True': 1}\ntree: {kind: terminal, name: t}\n", 5),
        (
            "parameter named with a fullwidth p",
            "yaml",
            "parameters: {ｐ: 1}\ntree: {kind: terminal, name: t, payoff: p}\n",
            5,
        ),
        ("a name with a lone surrogate", "yaml", 'tree: {kind: terminal, name: "\\ud800"}\n', 5),
        ("40 subtrees each referring twice to the one before", "yaml", _ref_file(40), 7),
        ("40 levels of one anchor used twice", "yaml", _anchor_file(40), 7),
        ("a list nested 100,000 deep", "yaml", "tree: " + "[" * 100_000 + "]" * 100_000 + "\n", 6),
        ("a list nested 100,000 deep (JSON)", "json", '{"tree": ' + "[" * 100_000 + "]" * 100_000 + "}", 6),
        ("20,000 nested nodes", "yaml", emit({"tree": Deep(20_000, "nodes")}, "yaml", flow=True), 6),
        ("the Paris model truncated in the middle", "yaml", paris[: len(paris) // 2], 2),
        ("the Paris model with a NUL byte", "yaml", paris.encode()[:100] + b"\x00" + paris.encode()[100:], 2),
        (
            "the Paris model with invalid UTF-8",
            "yaml",
            paris.encode()[:100] + b"\xff\xfe" + paris.encode()[100:],
            2,
        ),
        ("the Paris model with a byte-order mark", "yaml", "\ufeff" + paris, 2),
    ]


def known_files() -> list[FileCase]:
    """The issue's examples of hostile files, one case each."""
    return [
        FileCase(
            fmt,
            content if isinstance(content, str) else None,
            content if isinstance(content, bytes) else None,
            summary,
            (cls,),
        )
        for summary, fmt, content, cls in _known_files()
    ]


# --------------------------------------------------------------------------- from_dict


class Opaque:
    """An object of no known kind (picklable)."""

    def __repr__(self) -> str:
        return "Opaque()"


def _python_values() -> list[tuple[Any, int]]:
    import sympy

    from .code_models import Special

    p = sympy.Symbol("p_hold", real=True)
    return [
        ((1, 2), 1),
        ({"a", "b"}, 1),
        (frozenset(), 1),
        (b"bytes", 1),
        (bytearray(b"x"), 1),
        (Opaque(), 1),
        (float("nan"), 4),
        (float("inf"), 4),
        (-float("inf"), 4),
        (complex(1, 1), 4),
        (Decimal("NaN"), 4),
        (Decimal("sNaN"), 4),
        (Decimal("Infinity"), 4),
        (Decimal("1e999999999"), 3),
        (Decimal("1e-999999999"), 3),
        (Fraction(1, 10**400), 3),
        (10**5000, 3),
        (-(10**400), 3),
        (2**1024, 3),
        (sympy.nan, 4),
        (sympy.oo, 4),
        (sympy.zoo, 4),
        (sympy.I, 4),
        (p, 5),
        (sympy.Eq(p, 1), 5),
        (sympy.Integer(10) ** 5000, 3),
        (sympy.Float("1e400"), 3),
        (sympy.sqrt(2), 4),
        (Special("a list containing itself"), 7),
        (Special("a node whose branch leads back to it"), 7),
        (Special("a list nested 100,000 deep"), 6),
        ({1: 2}, 1),
        ({None: "x"}, 1),
        ({(): "x"}, 1),
    ]


_PYTHON_VALUES: list[tuple[Any, int]] = []


def python_values() -> list[tuple[Any, int]]:
    """Python values no model file can hold, each with its class (built on first use)."""
    if not _PYTHON_VALUES:
        _PYTHON_VALUES.extend(_python_values())
    return _PYTHON_VALUES


def short(value: Any) -> str:
    """A short description of a value (huge numbers by their number of digits)."""
    from .code_models import shown

    return shown(value)


@st.composite
def model_data(draw: Any) -> DataCase:
    """Mutated plain data for ``from_dict``, with Python values files cannot hold.

    Shrinks towards one replaced value in the first base document.
    """
    base = draw(st.sampled_from(BASES()))
    data = copy.deepcopy(base.data)
    changes: list[str] = []
    classes: list[int] = []
    for _ in range(draw(st.integers(1, 2))):
        where = locations(data)
        path, container, key = where[draw(st.integers(0, len(where) - 1))]
        if draw(st.booleans()):
            value, cls = draw(st.sampled_from(python_values()))
            shown = short(value)
        else:
            value, cls, shown = draw(hostile_values("yaml"))
            value = _plain_value(value)
        container[key] = value
        changes.append(f"{shown_path(path)} := {shown}")
        classes.append(cls)
    return DataCase(
        data=data, summary=f"from_dict({base.name}): " + "; ".join(changes), classes=tuple(classes)
    )


def _plain_value(value: Any) -> Any:
    """What a YAML reader would make of a special value, roughly (for ``from_dict``)."""
    if isinstance(value, Raw):
        try:
            return yaml.safe_load(value.yaml)
        except ValueError:  # more digits than Python converts from text
            return int(Decimal(value.yaml))
    if isinstance(value, Tagged):
        return value.value
    if isinstance(value, Deep):
        return value  # made in the worker: too deep to pickle
    if isinstance(value, Shared):
        return value.build("yaml")
    return value


def uses() -> st.SearchStrategy[frozenset[str]]:
    """Which public calls to make on a tree that loaded: always the cheap ones, some of the rest."""
    return st.sets(st.sampled_from(COSTLY_USES), max_size=3).map(lambda chosen: CHEAP_USES | chosen)
