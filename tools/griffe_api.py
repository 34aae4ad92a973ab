"""Griffe extensions for the API reference: cross-references and the constructors of attrs classes.

``SphinxRoles``: docstrings are written for ``help()`` and doctests, with
Sphinx roles such as ``:func:`~decisiontree.thresholds```; the site would
show them raw. Each role becomes an optional cross-reference (a link where
the target is documented, its name in code otherwise); relative names are
resolved from the object's module.

``AttrsSignatures``: the model's classes are ``attrs`` classes, whose
``__init__`` is generated at import time, so reading the source finds no
constructor. This extension imports each attrs class of the package and
gives it the ``__init__`` signature Python reports, so the reference shows
``Decision(name, branches, owner=None, *, notes='')``.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?:func|class|meth|attr|data|mod|exc|obj|const|ref):`(~?)([^`<]+?)(?:\s*<([^>`]+)>)?`"
)
"""``:func:`name```, ``:class:`~a.b.C```, ``:meth:`title <a.b.C.m>```."""


def _resolve(obj: griffe.Object, name: str) -> str | None:
    """The full path of ``name`` as seen from ``obj`` (``None`` when it cannot be found)."""
    if name.startswith("decisiontree"):
        return name
    head, _, rest = name.partition(".")
    scope: Any = obj
    while scope is not None:
        try:
            found = scope.resolve(head)
        except (griffe.NameResolutionError, AttributeError, ValueError):
            found = None
        if found:
            return f"{found}.{rest}" if rest else str(found)
        scope = scope.parent
    return None


def replace_roles(text: str, obj: griffe.Object) -> str:
    """``text`` with every Sphinx role as an optional autorefs cross-reference."""

    def link(match: re.Match[str]) -> str:
        tilde, written, target = match.group(1), match.group(2).strip(), match.group(3)
        name = (target or written).strip()
        title = written if target else (name.rsplit(".", 1)[-1] if tilde else name)
        code = f"<code>{title}</code>"
        identifier = _resolve(obj, name)
        if identifier is None:
            return code
        return f'<autoref identifier="{identifier}" optional>{code}</autoref>'

    return _ROLE.sub(link, text)


def _objects(root: griffe.Object) -> list[griffe.Object]:
    found: list[griffe.Object] = []
    stack: list[Any] = [root]
    while stack:
        obj = stack.pop()
        if obj.is_alias:
            continue
        found.append(obj)
        stack.extend(member for member in obj.members.values() if not member.is_alias)
    return found


class SphinxRoles(griffe.Extension):
    """Turn the Sphinx roles of every docstring into cross-references."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None and ":`" in obj.docstring.value:
                obj.docstring.value = replace_roles(obj.docstring.value, obj)


def _parameter(parameter: inspect.Parameter) -> griffe.Parameter:
    kinds = {
        inspect.Parameter.POSITIONAL_ONLY: griffe.ParameterKind.positional_only,
        inspect.Parameter.POSITIONAL_OR_KEYWORD: griffe.ParameterKind.positional_or_keyword,
        inspect.Parameter.VAR_POSITIONAL: griffe.ParameterKind.var_positional,
        inspect.Parameter.KEYWORD_ONLY: griffe.ParameterKind.keyword_only,
        inspect.Parameter.VAR_KEYWORD: griffe.ParameterKind.var_keyword,
    }
    default = None if parameter.default is inspect.Parameter.empty else repr(parameter.default)
    return griffe.Parameter(parameter.name, kind=kinds[parameter.kind], default=default)


class AttrsSignatures(griffe.Extension):
    """Give every attrs class of the package the constructor Python reports."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        import attrs

        for obj in _objects(pkg):
            if not obj.is_class or "__init__" in obj.members:
                continue
            try:
                runtime = griffe.dynamic_import(obj.path)
            except ImportError:
                continue
            if not (inspect.isclass(runtime) and attrs.has(runtime)):
                continue
            signature = inspect.signature(runtime.__init__)
            init = griffe.Function(
                "__init__",
                parent=obj,  # type: ignore[arg-type]
                parameters=griffe.Parameters(*(_parameter(p) for p in signature.parameters.values())),
            )
            obj.set_member("__init__", init)
