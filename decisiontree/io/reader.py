"""The plain data of a model file to a :class:`~decisiontree.Tree`, with errors that name the place.

Reading is iterative (no recursion limit), each distinct mapping is read once
(a subtree used in several places, through ``ref`` or a YAML alias, becomes
one shared node), and every key is checked for its type, so a wrong value
anywhere is a :class:`~decisiontree.errors.FileFormatError` naming the file,
line, column and node path — never a crash.

A reference may give the subtree arguments::

    node: {ref: launch, with: {p_strong: p_strong_given_favourable}}

Every formula in that use of the subtree then has ``p_strong`` replaced by
the formula given (text or a number); the same subtree can be used after
each outcome of a test with its own posterior. Arguments may use the
arguments of the references around them, and a reference inside the subtree
may give its own (they then win). An argument that no formula of the
subtree uses is an error naming it: a misspelt name would otherwise leave the
subtree on the value it was meant to replace.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Final

import attrs

from ..errors import DecisionTreeError, FileFormatError, ModelError, brief
from ..expressions import check_name, parse_formula
from ..formulas import Formula
from ..model import Branch, Chance, Decision, Parameter, Terminal, Tree
from ..number import exact_text
from ..values import Payoffs, to_payoff, to_probability
from .writer import FORMAT_VERSION

__all__ = ["node_data", "read"]

_TOP_KEYS = ("version", "name", "description", "actors", "parameters", "tree", "subtrees")
_PARAMETER_KEYS = ("value", "low", "high", "distribution", "description", "source")
_NODE_KEYS = {
    "terminal": ("kind", "name", "payoff", "notes"),
    "chance": ("kind", "name", "notes", "branches"),
    "decision": ("kind", "name", "owner", "notes", "branches"),
}
_BRANCH_KEYS = ("label", "probability", "payoff", "node")
_KINDS = ("terminal", "chance", "decision")
_REQUIRED: Final = object()
MAX_LIST = 10_000_000
"""The most numbers a distribution's list may hold."""

_Trail = tuple[Any, ...] | None
"""A node path as a linked list: ``()`` for the root, ``(label, parent trail)`` below; cheap when deep."""
_Bindings = tuple[tuple[str, Any], ...]
"""A reference's arguments: ``(name, formula or number)`` pairs, sorted by name."""


def read(data: Any, file: str | None, locate: Callable[[Any, Any], Any] | None) -> Tree:
    """The tree of a model file's plain ``data``; ``file`` and ``locate`` place errors in the text."""
    return _Reader(data, file, locate).read()


def node_data(data: Any, path: Sequence[str]) -> dict[str, Any] | None:
    """The mapping of a model file's plain ``data`` that holds the node at ``path`` (``None`` if none).

    Follows branches by label and ``{ref: name}`` into ``subtrees``; used to
    place an error found after loading (by evaluation) in the file's text.
    """
    if not isinstance(data, dict):
        return None
    found_subtrees = data.get("subtrees")
    subtrees: dict[Any, Any] = found_subtrees if isinstance(found_subtrees, dict) else {}
    node: Any = data.get("tree")
    for label in [*path, None]:
        for _ in range(len(subtrees) + 1):  # a chain of references, each subtree at most once
            if not (isinstance(node, dict) and "ref" in node):
                break
            node = subtrees.get(node["ref"]) if isinstance(node["ref"], str) else None
        if not isinstance(node, dict) or label is None:
            break
        branches = node.get("branches")
        if not isinstance(branches, list):
            return None
        found = [b for b in branches if isinstance(b, dict) and b.get("label") == label]
        node = found[0].get("node") if found else None
    return node if isinstance(node, dict) else None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, (int, float)):
        text = exact_text(value) if isinstance(value, int) else repr(value)  # any size of integer
        return f"the number {text if len(text) < 40 else text[:20] + '...'}"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = brief(value)
    return f"{type(value).__name__} {text if len(text) < 60 else text[:57] + '...'}"


def _scalar(value: Any) -> str:
    # brief: Python refuses to write out an int of more than 4,300 digits, and a text may be long
    return (
        brief(value)
        if isinstance(value, (int, float, str)) and not isinstance(value, bool)
        else _shown(value)
    )


def _suggest(key: Any, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _path(trail: _Trail) -> tuple[str, ...]:
    labels: list[str] = []
    while trail:
        label, trail = trail
        labels.append(label)
    return tuple(reversed(labels))


_FIELD_NESTING = 8
"""Distribution arguments are numbers, lists of them or tables; deeper lists are refused."""


class _Reader:
    """Plain data to a Tree, iteratively, with errors that name the place."""

    def __init__(self, data: Any, file: str | None, locate: Callable[[Any, Any], Any] | None) -> None:
        self.data = data
        self.file = file
        self.locate = locate
        self.origin: dict[int, Any] = {}  # id(node) -> the mapping it was read from
        self.subtree_names: dict[int, str] = {}
        self.plain: dict[int, Any] = {}  # id(list) -> the tuple it became
        self.arguments: dict[tuple[str, Any], tuple[str, dict[str, Any], _Trail]] = {}
        """Every reference argument ``(name, value)``: the subtree, its ``with`` mapping and the place."""
        self.used: set[tuple[str, Any]] = set()
        """The arguments some formula used."""
        self.names: set[str] = set()
        """Every name met in a formula of the file (for did-you-mean hints)."""

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
        for name in value:
            if not isinstance(name, str):
                raise self.fail(f"the keys of {what} must be text, got {_shown(name)}", value, None, trail)
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
        self,
        convert: Callable[[Any], Any],
        mapping: dict[str, Any],
        key: str,
        what: str,
        trail: Any,
        bindings: _Bindings,
    ) -> Any:
        raw = mapping[key]
        if raw is None:
            hint = " (write the complement as '#' in quotes)" if key == "probability" else ""
            raise self.fail(f"{what} is empty{hint}", mapping, key, trail)
        if isinstance(raw, (list, bool)) or (isinstance(raw, dict) and key != "payoff"):
            raise self.fail(f"{what} must be a number or text, got {_shown(raw)}", mapping, key, trail)
        if isinstance(raw, dict):
            for actor, item in raw.items():
                if isinstance(item, (list, dict, bool)) or item is None:
                    raise self.fail(
                        f"{what} for {actor!r} must be a number or text, got {_shown(item)}",
                        raw,
                        actor,
                        trail,
                    )
        try:
            converted = convert(raw)
        except DecisionTreeError as error:
            raise self.fail(f"{what}: {getattr(error, 'message', error)}", mapping, key, trail) from None
        return self.bind(converted, bindings)

    def bind(self, value: Any, bindings: _Bindings) -> Any:
        """``value`` with the arguments put in, noting the names it uses and the arguments used."""
        names = _names(value)
        if not names:
            return value
        self.names |= names
        for name, bound in bindings:
            if name in names:
                self.used.add((name, bound))
        return _bind(value, bindings) if bindings else value

    # -- the model

    def read(self) -> Tree:
        data = self.data
        if not isinstance(data, dict):
            raise self.fail(f"a model file must be a mapping with a 'tree', got {_shown(data)}")
        self.mapping(data, "the model", None, None)
        self.keys(data, _TOP_KEYS, "the model")
        version = data.get("version", FORMAT_VERSION)
        if type(version) is not int or version != FORMAT_VERSION:  # (a Decimal sNaN cannot be compared)
            newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
            detail = "is newer than this version of decisiontree reads" if newer else "is not known"
            raise self.fail(
                f"format version {_scalar(version)} {detail} (it reads version {FORMAT_VERSION})",
                data,
                "version",
            )
        name = self.text(data, "name", "the model")
        description = self.text(data, "description", "the model")
        actors = self.actors(data)
        parameters = self.parameters(data)
        subtrees = self.mapping(data.get("subtrees", {}), "subtrees", data, "subtrees")
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
        given = data.get("parameters", {})
        specs = self.mapping({} if given is None else given, "parameters", data, "parameters")
        out = []
        for name, spec in specs.items():
            what = f"parameter {name!r}"
            if not isinstance(spec, dict):
                spec = {"value": spec}
                where, key = specs, name
            else:
                self.mapping(spec, what, specs, name)
                self.keys(spec, _PARAMETER_KEYS, what)
                if "value" not in spec:
                    raise self.fail(f"{what} needs a 'value'", specs, name)
                where, key = spec, "value"
            if isinstance(spec["value"], (list, dict, bool)) or spec["value"] is None:
                raise self.fail(
                    f"{what}: value must be a number or a formula, got {_shown(spec['value'])}", where, key
                )
            fields: dict[str, Any] = {}
            for field in ("low", "high"):
                if field in spec:
                    bound = spec[field]
                    if isinstance(bound, (list, dict, bool)) or bound is None:
                        raise self.fail(f"{what}: {field} must be a number, got {_shown(bound)}", spec, field)
                    fields[field] = bound
            if "distribution" in spec:
                fields["distribution"] = self.distribution(spec, what)
            fields["description"] = self.text(spec, "description", what)
            fields["source"] = self.text(spec, "source", what)
            try:
                out.append(Parameter(name, spec["value"], **fields))
            except DecisionTreeError as error:
                raise self.fail(getattr(error, "message", str(error)), where, key) from None
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
        arguments = {key: self.field(value, raw, key, what) for key, value in raw.items() if key != "type"}
        try:
            return cls(**arguments)
        except (DecisionTreeError, TypeError, ValueError, OverflowError, ArithmeticError) as error:
            raise self.fail(f"the distribution of {what}: {error}", spec, "distribution") from None

    def field(self, value: Any, holder: Any, key: Any, what: str, depth: int = 0) -> Any:
        """A distribution argument: a number, text, or a list of them (lists once each, at most MAX_LIST,
        nested at most :data:`_FIELD_NESTING` deep)."""
        if depth > _FIELD_NESTING:
            raise self.fail(
                f"the distribution of {what}: lists nested more than {_FIELD_NESTING} deep", holder, key
            )
        if isinstance(value, dict):
            raise self.fail(
                f"the distribution of {what}: {key} must be a number or a list, got a mapping", holder, key
            )
        if not isinstance(value, list):
            return value
        done = self.plain.get(id(value))
        if done is not None:
            return done
        items = []
        for item in value:
            if isinstance(item, list):
                item = self.field(item, value, None, what, depth + 1)
            elif isinstance(item, dict):
                raise self.fail(f"the distribution of {what}: {key} holds a mapping", holder, key)
            items.append(item)
            if len(items) > MAX_LIST:
                raise self.fail(
                    f"the distribution of {what}: {key} holds more than {MAX_LIST:,} items", holder, key
                )
        done = self.plain[id(value)] = tuple(items)
        return done

    def bindings(self, node: dict[str, Any], outer: _Bindings, trail: _Trail, subtree: str) -> _Bindings:
        """The arguments of a reference (``with``), over those of the references around it."""
        given = self.mapping(node["with"], "the arguments of a reference ('with')", node, "with", trail)
        new = dict(outer)
        for name, raw in given.items():
            problem = check_name(name)
            if problem is not None:
                raise self.fail(f"argument {problem}", given, name, trail)
            if isinstance(raw, (list, dict, bool)) or raw is None:
                raise self.fail(
                    f"argument {name!r} must be a number or a formula, got {_shown(raw)}", given, name, trail
                )
            if isinstance(raw, float) and not math.isfinite(raw):
                raise self.fail(f"argument {name!r} must be a finite number, got {raw}", given, name, trail)
            try:
                value = parse_formula(raw if isinstance(raw, str) else _number_text(raw))
            except DecisionTreeError as error:
                raise self.fail(
                    f"argument {name!r}: {getattr(error, 'message', error)}", given, name, trail
                ) from None
            new[name] = self.bind(value, outer)
            self.arguments.setdefault((name, new[name]), (subtree, given, trail))
        return tuple(sorted(new.items()))

    def check_arguments(self) -> None:
        """Refuse an argument that no formula of its subtree uses (a misspelt name, most likely)."""
        for (name, value), (subtree, given, trail) in self.arguments.items():
            if (name, value) in self.used:
                continue
            hint = _suggest(name, sorted(self.names))
            raise self.fail(
                f"argument {name!r} of the reference to subtree {subtree!r} is not used by any formula "
                f"in it{hint}",
                given,
                name,
                trail,
            )

    def follow(
        self, raw: Any, subtrees: dict[str, Any], holder: Any, key: Any, trail: _Trail, bindings: _Bindings
    ) -> tuple[dict[str, Any], _Bindings]:
        """The node mapping behind ``raw`` and its arguments, following ``{ref: name, with: ...}``."""
        chain: list[str] = []
        while True:
            node = self.mapping(raw, "a node", holder, key, trail)
            if "ref" not in node:
                return node, bindings
            self.keys(node, ("ref", "with"), "a reference (a node with 'ref' has only 'with' besides)", trail)
            name = node["ref"]
            if not isinstance(name, str) or name not in subtrees:
                hint = _suggest(name, subtrees) if isinstance(name, str) else ""
                known = f"; subtrees are {', '.join(map(repr, subtrees))}" if subtrees and not hint else ""
                raise self.fail(f"no subtree named {_scalar(name)}{hint}{known}", node, "ref", trail)
            if name in chain:
                raise self.fail(
                    f"subtree {name!r} refers to itself ({' > '.join([*chain, name])})", node, "ref", trail
                )
            if "with" in node:
                bindings = self.bindings(node, bindings, trail, name)
            chain.append(name)
            self.subtree_names[id(subtrees[name])] = name
            holder, key, raw = subtrees, name, subtrees[name]

    def nodes(self, data: dict[str, Any], subtrees: dict[str, Any]) -> Any:
        results: list[Any] = []
        built: dict[tuple[int, _Bindings], Any] = {}
        active: set[tuple[int, _Bindings]] = set()
        stack: list[tuple[bool, Any, Any, Any, _Trail, _Bindings]] = [
            (True, data["tree"], data, "tree", (), ())
        ]
        while stack:
            enter, raw, holder, key, trail, bindings = stack.pop()
            if not enter:
                node = self.inner(raw, holder, results, trail, bindings)
                results.append(node)
                active.discard((id(raw), bindings))
                built[(id(raw), bindings)] = node
                continue
            raw, bindings = self.follow(raw, subtrees, holder, key, trail, bindings)
            done = built.get((id(raw), bindings))
            if done is not None:
                results.append(done)
                continue
            if (id(raw), bindings) in active:
                name = self.subtree_names.get(id(raw))
                what = f"subtree {name!r}" if name else "a node"
                raise self.fail(f"{what} contains itself", holder, key, trail)
            kind = self.kind(raw, trail)
            self.keys(raw, _NODE_KEYS[kind], f"a {kind} node", trail)
            node_name = self.text(raw, "name", f"a {kind} node", trail, default=_REQUIRED)
            if kind == "terminal":
                payoff = (
                    self.value(to_payoff, raw, "payoff", "payoff", trail, bindings) if "payoff" in raw else 0
                )
                notes = self.text(raw, "notes", "a terminal node", trail)
                try:
                    node = Terminal(node_name, payoff, notes=notes)
                except DecisionTreeError as error:
                    raise self.fail(getattr(error, "message", str(error)), raw, None, trail) from None
                self.origin[id(node)] = raw
                built[(id(raw), bindings)] = node
                results.append(node)
                continue
            branches = self.branches(raw, kind, trail)
            active.add((id(raw), bindings))
            stack.append((False, raw, branches, None, trail, bindings))
            for entry in reversed(branches):
                stack.append((True, entry["node"], entry, "node", (entry["label"], trail), bindings))
        self.check_arguments()
        return results[0]

    def kind(self, raw: dict[str, Any], trail: _Trail) -> str:
        if "kind" not in raw:
            raise self.fail("a node needs a 'kind': terminal, chance or decision", raw, None, trail)
        kind = raw["kind"]
        if not isinstance(kind, str) or kind not in _KINDS:
            hint = _suggest(kind, _KINDS) if isinstance(kind, str) else ""
            raise self.fail(
                f"kind must be terminal, chance or decision, got {_shown(kind)}{hint}", raw, "kind", trail
            )
        return kind

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
        self,
        raw: dict[str, Any],
        branches: list[dict[str, Any]],
        results: list[Any],
        trail: _Trail,
        bindings: _Bindings,
    ) -> Any:
        children = results[len(results) - len(branches) :]
        del results[len(results) - len(branches) :]
        made = []
        for entry, child in zip(branches, children, strict=True):
            label = entry["label"]
            probability = payoff = None
            if "probability" in entry:
                probability = self.value(
                    to_probability, entry, "probability", f"probability of {label!r}", trail, bindings
                )
            if "payoff" in entry:
                payoff = self.value(
                    to_payoff, entry, "payoff", f"payoff of branch {label!r}", trail, bindings
                )
            made.append(Branch(label, child, probability=probability, payoff=0 if payoff is None else payoff))
        kind = raw["kind"]
        notes = self.text(raw, "notes", f"a {kind} node", trail)
        node: Any
        try:
            if kind == "chance":
                node = Chance(raw["name"], made, notes=notes)
            else:
                owner = self.text(raw, "owner", "a decision node", trail, default=None)
                node = Decision(raw["name"], made, owner=owner, notes=notes)
        except DecisionTreeError as error:
            raise self.fail(getattr(error, "message", str(error)), raw, None, trail) from None
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


def _number_text(value: Any) -> str:
    """A number of the file as text the parser reads (integers of any size in full)."""
    return exact_text(value) if isinstance(value, int) else repr(value)


def _names(value: Any) -> frozenset[str]:
    """The parameter names a model value uses."""
    if isinstance(value, Formula):
        return value.names
    if isinstance(value, Payoffs):
        return frozenset().union(*(_names(item) for item in value.values()))
    return frozenset()


def _bind(value: Any, bindings: _Bindings) -> Any:
    """``value`` with the reference's arguments put in for their names."""
    if not bindings:
        return value
    if isinstance(value, Payoffs):
        return Payoffs({key: _bind(item, bindings) for key, item in value.items()})
    if isinstance(value, Formula) and value.names & {name for name, _ in bindings}:
        replaced = value.substitute(dict(bindings))
        if isinstance(replaced, Formula):
            return replaced
        return replaced.numerator if replaced.denominator == 1 else replaced
    return value
