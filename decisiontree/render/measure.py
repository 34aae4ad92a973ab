"""Text widths, measured the same way for every view (DOT, SVG, HTML).

Widths come from the metrics of Helvetica (Adobe's core-font AFM files, in
thousandths of an em), which Arial and Liberation Sans share; the diagrams name
those fonts first. Characters outside ASCII count as an average glyph, East
Asian wide characters as a full em and combining marks as nothing.

>>> round(text_width("Paris summit", 11), 1)
63.6
>>> text_width("Paris summit", 11, bold=True) > text_width("Paris summit", 11)
True
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["LINE_HEIGHT", "text_width", "units"]

LINE_HEIGHT = 1.22
"""Line height as a multiple of the font size."""

_OTHER = 600  # an average glyph, a little wide to be safe
_REGULAR = (
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    222,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,
    222,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,
)
"""Helvetica's advance widths of the characters 32 to 126."""
_BOLD = (
    278,
    333,
    474,
    556,
    556,
    889,
    722,
    278,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    333,
    333,
    584,
    584,
    584,
    611,
    975,
    722,
    722,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    556,
    722,
    611,
    833,
    722,
    778,
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    333,
    278,
    333,
    584,
    556,
    278,
    556,
    611,
    556,
    611,
    556,
    333,
    611,
    611,
    278,
    278,
    556,
    278,
    889,
    611,
    611,
    611,
    611,
    389,
    556,
    333,
    611,
    556,
    778,
    556,
    556,
    500,
    389,
    280,
    389,
    584,
)
"""Helvetica Bold's advance widths of the characters 32 to 126."""

_TABLES = tuple(
    tuple(table[c - 32] if 32 <= c < 127 else _OTHER for c in range(256)) for table in (_REGULAR, _BOLD)
)


def _unicode_units(text: str, bold: bool) -> int:
    table = _TABLES[bold]
    total = 0
    for character in text:
        code = ord(character)
        if code < 256:
            total += table[code]
        elif unicodedata.combining(character):
            continue
        elif unicodedata.east_asian_width(character) in ("W", "F"):
            total += 1000
        else:
            total += _OTHER
    return total


@functools.lru_cache(maxsize=1 << 16)
def units(text: str, bold: bool) -> int:
    """The width of ``text`` in thousandths of an em."""
    try:
        return sum(map(_TABLES[bold].__getitem__, text.encode("latin-1")))
    except UnicodeEncodeError:
        return _unicode_units(text, bold)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The width in points of one line of ``text`` at font ``size`` (points)."""
    return units(text, bold) * size / 1000
