"""A Griffe extension for the docs: show bare doctest examples as code.

Numpy-style docstrings put examples under an ``Examples`` heading, which
mkdocstrings renders as code. Short docstrings in this project often carry a
bare ``>>>`` example right after the summary instead; Markdown would read its
``>>>`` as nested quotes. This extension wraps every bare example in a
``pycon`` code fence before the docstring is parsed, and opens an
``Examples`` section for bare examples that would otherwise be read as part
of another section (``Parameters``, ``Returns``...).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_UNDERLINE = re.compile(r"^\s*-{3,}\s*$")
_ENTRY = re.compile(r"^\*{0,2}\w+(\s*,\s*\*{0,2}\w+)*\s*(:.*)?$")
"""A ``name``, ``a, b`` or ``name : type`` line opening an entry of a Parameters section."""
_ENTRY_SECTIONS = ("parameters", "other parameters", "attributes")


def fence_doctests(text: str) -> str:
    """Wrap the bare ``>>>`` examples of a docstring in ``pycon`` fences.

    A bare example is a run of non-blank lines starting with ``>>>`` outside
    a code fence and outside an ``Examples`` section. In the description it
    is fenced; inside another section, an ``Examples`` heading is put before
    it so that Griffe reads it as examples. A closing paragraph of prose
    after the entries of a ``Parameters`` section (such as what examples
    shrink towards) gets a ``Notes`` heading, so it is not read as entries.
    """
    lines = text.splitlines()
    out: list[str] = []
    section = ""
    fenced = False
    after_blank = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent = line[: len(line) - len(line.lstrip())]
        if stripped.startswith("```"):
            fenced = not fenced
        if i + 1 < len(lines) and stripped and _UNDERLINE.match(lines[i + 1]):
            section = stripped.lower()
        elif (
            not fenced
            and after_blank
            and section in _ENTRY_SECTIONS
            and stripped
            and not indent
            and not stripped.startswith(">>>")
            and not _ENTRY.match(stripped)
        ):
            out += ["Notes", "-----"]
            section = "notes"
        after_blank = not stripped
        if fenced or not stripped.startswith(">>>") or section == "examples":
            out.append(line)
            i += 1
            continue
        block = []
        while i < len(lines) and lines[i].strip():
            block.append(lines[i])
            i += 1
        after_blank = False
        if section:
            out += [f"{indent}Examples", f"{indent}--------"]
            section = "examples"
        else:
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        out += block
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence bare doctest examples in every docstring Griffe loads."""

    def on_instance(self, *, node: Any, obj: griffe.Object, agent: Any, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
