"""Model-file text: YAML and JSON to plain data and back, safely, with positions for errors.

Reading never runs code and takes only plain data: YAML through PyYAML's
safe loader with YAML 1.2 booleans (``yes`` and ``no`` stay text), duplicate
keys refused, no tags beyond maps, lists, text and numbers, and integers of
at most :data:`~decisiontree.number.MAX_DIGITS` digits; JSON through
:mod:`json` with the same limits. Aliases (``*name``) give the same object
again, so shared subtrees stay shared. Positions (line and column) are worked
out only when an error needs them, by reading the text a second time.

PyYAML is imported on first use.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Final

from ..errors import FileFormatError, brief
from ..number import MAX_DIGITS

__all__ = ["Locator", "json_text", "parse_json", "parse_yaml", "yaml_text"]

_NO_WRAP: Final = 1_000_000
"""Long text stays on one line: wrapped lines make noisy diffs."""

_END: Final = object()

MERGE: Final = "tag:yaml.org,2002:merge"
"""YAML's merge key (``<<``), refused: a model file says everything where it applies."""

LOCATE_LIMIT: Final = 200_000
"""Characters of model text up to which errors get a line and column (see :class:`Locator`)."""


class Flow(dict[str, Any]):
    """A mapping written on one line in YAML (payoffs, distributions)."""


# --------------------------------------------------------------------------- YAML


def _yaml(name: str) -> Any:
    """PyYAML itself (``"yaml"``) or the loader and dumper classes for model files, built on first use."""
    return _yaml_parts()[name]


@functools.cache
def _yaml_parts() -> dict[str, Any]:
    import yaml

    base_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    base_dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Loader(base_loader):  # type: ignore[misc, valid-type]
        """The safe loader: plain data only, YAML 1.2 booleans, no duplicate keys, bounded integers."""

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            if not isinstance(node, yaml.MappingNode):
                raise yaml.constructor.ConstructorError(
                    None, None, f"expected a mapping, found {node.id}", node.start_mark
                )
            pairs = list(node.value)
            if any(key.tag == MERGE for key, _ in pairs):
                self.check_keys(pairs)  # refuses the merge key
            try:
                mapping = super().construct_mapping(node, deep)
            except yaml.constructor.ConstructorError:
                self.check_keys(pairs)  # the clearer message, where it applies
                raise
            if len(mapping) != len(pairs):  # a key came twice
                self.check_keys(pairs)
            return mapping

        def check_keys(self, pairs: list[tuple[Any, Any]]) -> None:
            """Refuse a mapping key that is not text or comes twice, at its position."""
            seen: set[Any] = set()
            for key_node, _ in pairs:
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

        def construct_yaml_int(self, node: Any) -> Any:
            digits = sum(c.isdigit() for c in str(node.value))
            if not digits:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{brief(node.value)} is not an integer", node.start_mark
                )
            if digits > MAX_DIGITS:
                raise yaml.constructor.ConstructorError(
                    None, None, f"an integer of more than {MAX_DIGITS:,} digits", node.start_mark
                )
            return super().construct_yaml_int(node)

        def construct_undefined(self, node: Any) -> Any:
            raise yaml.constructor.ConstructorError(
                None, None, f"the tag {node.tag!r} is not allowed (plain data only)", node.start_mark
            )

    plain = {
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    }
    for tag in list(Loader.yaml_constructors):
        if tag is not None and tag not in plain:
            Loader.add_constructor(tag, Loader.construct_undefined)
    Loader.add_constructor(None, Loader.construct_undefined)
    Loader.add_constructor("tag:yaml.org,2002:int", Loader.construct_yaml_int)

    def checked(construct: Any, kind: str) -> Any:
        """A scalar constructor whose failure on bad text (``!!bool a``, ``!!float x``) is a YAML
        error at the node, not PyYAML's own ``KeyError`` or ``ValueError``."""

        def construct_checked(loader: Any, node: Any) -> Any:
            try:
                return construct(loader, node)
            except (KeyError, ValueError, TypeError, AttributeError, OverflowError):
                raise yaml.constructor.ConstructorError(
                    None, None, f"{brief(node.value)} is not {kind}", node.start_mark
                ) from None

        return construct_checked

    for tag, kind in (("bool", "a boolean"), ("float", "a number"), ("null", "null")):
        name = f"tag:yaml.org,2002:{tag}"
        Loader.add_constructor(name, checked(Loader.yaml_constructors[name], kind))
    boolean = "tag:yaml.org,2002:bool"
    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != boolean]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    Loader.add_implicit_resolver(boolean, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))

    class MarkingLoader(Loader):  # type: ignore[misc, valid-type]
        """The loader again, remembering the YAML node of every mapping and list (for positions)."""

        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self.nodes: dict[int, Any] = {}

        def marked_map(self, node: Any) -> Any:
            data: dict[Any, Any] = {}
            self.nodes[id(data)] = node
            yield data
            data.update(self.construct_mapping(node))

        def marked_seq(self, node: Any) -> Any:
            data: list[Any] = []
            self.nodes[id(data)] = node
            yield data
            data.extend(self.construct_sequence(node))

    MarkingLoader.add_constructor("tag:yaml.org,2002:map", MarkingLoader.marked_map)
    MarkingLoader.add_constructor("tag:yaml.org,2002:seq", MarkingLoader.marked_seq)

    class Dumper(base_dumper):  # type: ignore[misc, valid-type]
        """Plain YAML: block style, literal blocks for multi-line text, no tags."""

    def represent_str(dumper: Any, text: str) -> Any:
        style = "|" if "\n" in text else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)

    def represent_flow(dumper: Any, mapping: Flow) -> Any:
        return dumper.represent_mapping("tag:yaml.org,2002:map", list(mapping.items()), flow_style=True)

    Dumper.add_representer(str, represent_str)
    Dumper.add_representer(Flow, represent_flow)
    return {"yaml": yaml, "Loader": Loader, "MarkingLoader": MarkingLoader, "Dumper": Dumper}


def parse_yaml(text: str, name: str | None) -> Any:
    """The plain data of a YAML model file; :class:`FileFormatError` with the position of a problem."""
    yaml = _yaml("yaml")
    try:
        return yaml.load(text, Loader=_yaml("Loader"))  # a SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise FileFormatError(
            f"invalid YAML: {problem}",
            file=name,
            line=None if mark is None else mark.line + 1,
            column=None if mark is None else mark.column + 1,
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, at an offset
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        what = chr(error.character) if isinstance(error.character, int) else error.character
        raise FileFormatError(
            f"invalid YAML: the character {what!r} is not allowed in YAML ({error.reason})",
            file=name,
            line=line,
            column=column,
        ) from None
    except yaml.YAMLError as error:
        raise FileFormatError(f"invalid YAML: {error}", file=name) from None
    except RecursionError:
        raise FileFormatError(
            "nested too deeply for the YAML reader; move deep parts into subtrees", file=name
        ) from None
    except (ValueError, OverflowError, MemoryError) as error:
        raise FileFormatError(f"invalid YAML: {error}", file=name) from None


def yaml_text(data: Any) -> str:
    """YAML text of plain data, block style, in the order of the mappings."""
    yaml = _yaml("yaml")
    text: str = yaml.dump(
        data,
        Dumper=_yaml("Dumper"),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_NO_WRAP,
    )
    return text


# --------------------------------------------------------------------------- JSON


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out


def _integer(text: str) -> int:
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise ValueError(f"an integer of more than {MAX_DIGITS:,} digits")
    return int(text)


def _constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number JSON allows")


def parse_json(text: str, name: str | None) -> Any:
    """The plain data of a JSON model file; :class:`FileFormatError` with the position of a problem."""
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicates, parse_int=_integer, parse_constant=_constant
        )
    except json.JSONDecodeError as error:
        raise FileFormatError(
            f"invalid JSON: {error.msg}", file=name, line=error.lineno, column=error.colno
        ) from None
    except (ValueError, OverflowError, MemoryError) as error:
        raise FileFormatError(f"invalid JSON: {error}", file=name) from None
    except RecursionError:
        raise FileFormatError(
            "nested too deeply for the JSON reader; move deep parts into subtrees", file=name
        ) from None


def json_text(data: Any) -> str:
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
            parts.append(json.dumps(value, allow_nan=False))

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


# --------------------------------------------------------------------------- positions


class Locator:
    """Finds the line and column of a value in the text, when an error needs it.

    Reading stays fast: positions are only worked out, by parsing the text a
    second time with a loader that keeps them, when there is an error to report.
    JSON is read for positions by the YAML loader (JSON is YAML's flow style).
    Texts longer than :data:`LOCATE_LIMIT` characters are not parsed again (it
    would take seconds): their errors name the node path without a line.
    """

    def __init__(self, text: str, data: Any) -> None:
        self.text = text
        self.data = data

    def __call__(self, container: Any, key: Any) -> tuple[int, int] | None:
        if len(self.text) > LOCATE_LIMIT:
            return None
        route = _route(self.data, container)
        if route is None:
            return None
        yaml = _yaml("yaml")
        try:  # a lone surrogate (which JSON allows) is a UnicodeEncodeError, a ValueError, here
            loader = _yaml("MarkingLoader")(self.text)
        except ValueError:
            return None
        try:
            marked = loader.get_single_data()
        except (yaml.YAMLError, RecursionError, ValueError, MemoryError):
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
    """The keys and indices that lead from ``root`` to the object ``target`` (each object once)."""
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
