"""Tables of results and parameters: the one way results become pandas frames, HTML and CSV.

Every result that reads as a table (an evaluation, a tree's parameters, each
analysis result) gives a ``Table`` of plain columns and rows; from it come
``to_frame()`` (pandas, imported only then), the notebook's HTML table
(``_repr_html_``, no pandas needed) and the command line's CSV files.

>>> table = Table(("option", "value", "share"), (("build", 12.5, 0.25), ("wait", 0, 0.75)),
...               percent=("share",))
>>> print(table.to_text())
option  value  share
------  -----  -----
build    12.5    25%
wait        0    75%
>>> "<th>option</th>" in table.to_html()
True
"""

from __future__ import annotations

import csv
import html
import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from typing import IO, Any

import attrs

from ._optional import require
from .errors import ArgumentError, among, brief, count, flag
from .number import format_number, formatter

__all__ = [
    "RESULT_TABLES",
    "Table",
    "Tabular",
    "distribution_text",
    "frame",
    "parameter_table",
    "path_text",
    "percent_text",
    "result_table",
]

Formatter = Callable[[Any], str]


def path_text(path: Sequence[str]) -> str:
    """A node's path as people read it: ``"Deploy force > holds"``; the root is ``"(root)"``."""
    return " > ".join(path) if path else "(root)"


_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\w.])")


def distribution_text(distribution: Any) -> str:
    """A distribution as people read it: ``Beta(a=13.8, b=9.2)``, float noise removed; ``""`` for none."""
    if distribution is None:
        return ""
    return _FLOAT.sub(lambda match: format_number(float(match.group())), repr(distribution))


def percent_text(p: Any) -> str:
    """A probability as a percentage: ``0.25`` -> ``"25%"``, ``1/3`` -> ``"33.3%"``."""
    if p is None:
        return ""
    return format_number(100 * float(p), digits=3) + "%"


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Fraction)):
        return True
    return bool(getattr(value, "is_Number", False))


def _cell(value: Any, percent: bool, number: Formatter, share: Formatter) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _is_number(value):
        return share(value) if percent else number(value)
    return str(value)


def _csv_cell(value: Any) -> Any:
    """Numbers as decimals a spreadsheet reads: integers exactly, others to 15 significant digits
    (what a spreadsheet shows, so float noise such as ``0.30000000000000004`` reads ``0.3``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if not _is_number(value):
        return str(value)
    if isinstance(value, int) or getattr(value, "is_Integer", False):
        return int(value)
    number = float(value)
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return format(number, ".15g") if math.isfinite(number) else str(number)


def _frame_cell(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if getattr(value, "is_Integer", False):
        return int(value)
    return float(value) if _is_number(value) else value


def _columns(columns: Iterable[str]) -> tuple[str, ...]:
    return tuple(str(c) for c in columns)


def _rows(rows: Iterable[Iterable[Any]]) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(row) for row in rows)


def _names(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


@attrs.frozen
class Table:
    """Rows of values under named columns; the plain form of every tabular result.

    ``percent`` names the columns that hold probabilities (shown as
    percentages in text and HTML; kept as numbers in frames and CSV).
    Cells are numbers (floats, ints, exact fractions), text, booleans or
    ``None`` (empty).
    """

    columns: tuple[str, ...] = attrs.field(converter=_columns)
    rows: tuple[tuple[Any, ...], ...] = attrs.field(converter=_rows)
    title: str = attrs.field(default="", kw_only=True)
    percent: frozenset[str] = attrs.field(default=frozenset(), kw_only=True, converter=_names)

    def __attrs_post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ArgumentError(
                    f"a row of {len(row)} cells under {len(self.columns)} columns: {brief(row)}"
                )

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Any]:
        """The cells of one column."""
        try:
            k = self.columns.index(name)
        except ValueError:
            raise ArgumentError(f"no column {brief(name)}; the columns are {list(self.columns)}") from None
        return [row[k] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as ``{column: cell}`` dicts."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_frame(self) -> Any:
        """A pandas DataFrame of the table (needs pandas: ``pip install 'decisiontree[frame]'``).

        Exact numbers become floats (pandas has no exact number type); empty cells are missing values.
        """
        rows = [dict(zip(self.columns, map(_frame_cell, row), strict=True)) for row in self.rows]
        return frame(rows, self.columns)

    def _texts(self, number: Any, percent: Any) -> list[list[str]]:
        number = formatter(number, "number", format_number)
        percent = formatter(percent, "percent", percent_text)
        shares = [c in self.percent for c in self.columns]
        return [
            [_cell(v, share, number, percent) for v, share in zip(row, shares, strict=True)]
            for row in self.rows
        ]

    def _numeric(self) -> list[bool]:
        """Columns whose cells are all numbers (or empty): right-aligned."""
        return [
            all(v is None or _is_number(v) for v in column) and any(_is_number(v) for v in column)
            for column in zip(*self.rows, strict=True)
        ] or [False] * len(self.columns)

    def to_text(self, *, number: Any = None, percent: Any = None) -> str:
        """The table as aligned plain text.

        ``number`` and ``percent`` write numbers and shares: a format string (``",.2f"`` or
        ``"{:,.2f}"``) or a function giving text; ``None`` for the defaults. So do those of
        :meth:`to_html` and :meth:`to_markdown`.

        >>> print(Table(("option", "cost"), [("a", 1234.5)]).to_text(number=",.0f"))
        option   cost
        ------  -----
        a       1,234
        """
        texts = self._texts(number, percent)
        right = self._numeric()
        widths = [max(len(r[k]) for r in [list(self.columns), *texts]) for k in range(len(self.columns))]
        lines = []
        for n, row in enumerate([list(self.columns), *texts]):
            cells = [
                c.rjust(w) if right[k] else c.ljust(w)
                for k, (c, w) in enumerate(zip(row, widths, strict=True))
            ]
            lines.append("  ".join(cells).rstrip())
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)

    def to_html(
        self,
        *,
        number: Any = None,
        percent: Any = None,
        caption: bool = True,
        limit: int | None = None,
    ) -> str:
        """The table as an HTML ``<table>`` (numbers right-aligned); ``limit`` rows at most."""
        caption = flag(caption, "caption")
        if limit is not None:
            limit = count(limit, "limit", minimum=0)
        texts = self._texts(number, percent)
        right = self._numeric()
        parts = ['<table class="decisiontree-table">']
        if caption and self.title:
            parts.append(f"<caption>{html.escape(self.title)}</caption>")
        head = "".join(
            f'<th style="text-align:right">{html.escape(c)}</th>' if r else f"<th>{html.escape(c)}</th>"
            for c, r in zip(self.columns, right, strict=True)
        )
        parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
        shown = texts if limit is None else texts[:limit]
        for row in shown:
            cells = "".join(
                f'<td style="text-align:right">{html.escape(c)}</td>' if r else f"<td>{html.escape(c)}</td>"
                for c, r in zip(row, right, strict=True)
            )
            parts.append(f"<tr>{cells}</tr>")
        parts.append("</tbody></table>")
        if len(shown) < len(texts):
            parts.append(f"<p>... {len(texts) - len(shown):,} more rows (to_frame() has them all)</p>")
        return "".join(parts)

    def to_markdown(self, *, number: Any = None, percent: Any = None) -> str:
        """The table in Markdown (pipe table)."""
        texts = self._texts(number, percent)
        right = self._numeric()

        def escaped(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(escaped(c) for c in self.columns) + " |"]
        lines.append("| " + " | ".join("---:" if r else "---" for r in right) + " |")
        lines.extend("| " + " | ".join(escaped(c) for c in row) + " |" for row in texts)
        return "\n".join(lines)

    def to_csv(self, file: IO[str] | None = None) -> str:
        """The table as CSV text (also written to ``file`` when given).

        Numbers are written as decimals a spreadsheet reads: integers exactly,
        other numbers to 15 significant digits, the precision a spreadsheet
        shows (so ``0.1 + 0.2`` is written ``0.3``; exact fractions become
        decimals too; JSON output keeps them exact).
        """
        if file is not None and not callable(getattr(file, "write", None)):
            raise ArgumentError(f"file must be a text file open for writing (or None), got {brief(file)}")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([_csv_cell(v) for v in row])
        text = buffer.getvalue()
        if file is not None:
            try:
                file.write(text)
            except TypeError:  # a file open for bytes
                raise ArgumentError(f"file must be open for text, not bytes: {brief(file)}") from None
        return text

    def _repr_html_(self) -> str:
        return self.to_html(limit=200)

    def __str__(self) -> str:
        return self.to_text()


class Tabular:
    """A result that reads as a table: ``to_table()`` gives it, the rest follows from it.

    ``to_frame()`` is the table as a pandas DataFrame and ``_repr_html_`` the
    table a notebook shows (at most 200 rows).
    """

    __slots__ = ()

    def to_table(self) -> Table:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def to_frame(self) -> Any:
        """The result as a pandas DataFrame (needs pandas: ``pip install 'decisiontree[frame]'``)."""
        return self.to_table().to_frame()

    def _repr_html_(self) -> str:
        return self.to_table().to_html(limit=200)


def frame(records: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> Any:
    """A pandas DataFrame of ``records`` with ``columns`` (the one place results become frames)."""
    pandas = require("pandas", "to_frame()", "pandas", "frame")
    return pandas.DataFrame(list(records), columns=list(columns))


# --------------------------------------------------------------------------- a tree's parameters


def parameter_table(tree: Any) -> Table:
    """The parameters of a tree: value (a derived one's formula), range, distribution, description, source."""
    rows = []
    for p in tree.parameters:
        value = str(p.value) if p.derived else p.value
        rows.append(
            (p.name, value, p.low, p.high, distribution_text(p.distribution), p.description, p.source)
        )
    columns = ("parameter", "value", "low", "high", "distribution", "description", "source")
    return Table(columns, rows, title=f"Parameters of {tree.name or tree.root.name}")


# --------------------------------------------------------------------------- an evaluation

RESULT_TABLES = ("scenarios", "policy", "options")
"""What ``Result.to_frame`` can tabulate."""


def _payoff_columns(actors: Sequence[str], taken: Sequence[str], name: str) -> list[str]:
    if not actors:
        return [name]
    return [f"{name}: {a}" if a in taken else a for a in actors]


def _payoff_cells(value: Any, actors: Sequence[str]) -> list[Any]:
    if not actors:
        return [value]
    return [value[a] for a in actors]


def result_table(result: Any, what: str = "scenarios", *, path: Sequence[str] = (), top: Any = None) -> Table:
    """A table of an evaluation ``Result``; see its ``to_table``."""
    if not among(what, RESULT_TABLES):
        raise ArgumentError(f"what must be one of {', '.join(map(repr, RESULT_TABLES))}, got {brief(what)}")
    tree = result.tree
    actors = tuple(tree.actors)
    name = tree.name or tree.root.name
    if what == "scenarios":
        scenarios = result.ranked_scenarios(top)
        columns = ["probability", "scenario", "terminal"]
        columns += _payoff_columns(actors, columns, "payoff")
        rows = [
            (s.probability, path_text(s.path), s.terminal, *_payoff_cells(s.payoff, actors))
            for s in scenarios
        ]
        return Table(columns, rows, title=f"Scenarios of {name}, most likely first", percent=("probability",))
    if what == "policy":
        index = tree.index
        owners = any(getattr(node, "owner", None) for _, node in tree.walk())
        rows = []
        for node_path, node in tree.walk():
            if node.kind != "decision":
                continue
            reach = result.reach[index.find(node_path)]
            owner = (node.owner or "",) if owners else ()
            rows.append((path_text(node_path), node.name, *owner, result.policy[node_path], reach))
        columns = ["at", "decision", *(["owner"] if owners else []), "choice", "reached with probability"]
        return Table(columns, rows, title=f"Policy of {name}", percent=("reached with probability",))
    node = tree.node_at(tuple(path))
    if node.kind == "terminal":
        raise ArgumentError(f"the node at {brief(tuple(path))} is a terminal: it has no options")
    values = result.option_values(tuple(path))
    chosen = result.policy[tuple(path)] if node.kind == "decision" else None
    columns = ["option", *(["probability"] if node.kind == "chance" else [])]
    columns += _payoff_columns(actors, columns, "value")
    if chosen is not None:
        columns.append("chosen")
    rows = []
    probabilities = result._branch_probabilities(tuple(path)) if node.kind == "chance" else []
    for k, (label, value) in enumerate(values.items()):
        row: list[Any] = [label]
        if node.kind == "chance":
            row.append(probabilities[k])
        row += _payoff_cells(value, actors)
        if chosen is not None:
            row.append(label == chosen)
        rows.append(tuple(row))
    title = f"Options at {node.name}" + (f" (after {path_text(tuple(path))})" if path else "")
    return Table(columns, rows, title=title, percent=("probability",))
