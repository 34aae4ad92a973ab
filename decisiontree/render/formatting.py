"""Numbers and text as every view shows them: the one place for number formats.

>>> auto_number(1234567.891), auto_number(-2500), auto_number(2 / 3)
('1,234,568', '-2,500', '0.667')
>>> auto_probability(0.6), auto_probability(1 / 3), auto_probability(0.004)
('60%', '33.3%', '0.4%')
>>> from fractions import Fraction
>>> format_number(0.6), format_number(Fraction(3, 8)), format_number({"EU": 1.5, "US": -2})
('0.6', '3/8', '{EU: 1.5, US: -2}')
>>> clean("tab\\there\\x00")
'tab    here\u2400'
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .. import number
from ..formulas import Formula

__all__ = ["auto_number", "auto_probability", "clean", "format_number"]

# Characters that would break SVG/XML output or the C strings inside Graphviz:
# C0 controls (shown as their control pictures), DEL, lone surrogates and non-characters.
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _visible_character(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture, e.g. U+2400 for NUL
    if code == 0x7F:
        return "\u2421"
    return "\ufffd"


def clean(text: str) -> str:
    """Text safe for any output: line ends unified, tabs as spaces, control characters made visible."""
    if text.isprintable():  # the common case, quickly
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    return _BAD_CHARACTERS.sub(_visible_character, text)


def format_number(value: Any) -> str:
    """Show a number, formula or per-actor mapping compactly (the text views' format).

    Exact fractions stay fractions; formulas show as written.
    """
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {format_number(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Formula):
        return str(value)
    return number.format_number(value)


def auto_number(x: float) -> str:
    """A diagram number: three significant digits, thousands separators, whole numbers as such."""
    if not math.isfinite(x):
        return str(x)
    if x == round(x) and abs(x) < 1e15:
        return f"{round(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    text = f"{x:.3g}"
    return "0" if text in ("-0", "0") else text


def auto_probability(p: float) -> str:
    """A percentage: whole percents as such, else one decimal (two significant digits below 1%)."""
    if not math.isfinite(p):
        return str(p)
    percent = 100 * p
    if abs(percent - round(percent)) < 1e-9:
        return f"{round(percent)}%"
    if percent < 1:
        return f"{percent:.2g}%"
    return f"{percent:.1f}%"
