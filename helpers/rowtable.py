"""Rows shown as a table: an HTML table in a notebook, aligned columns as plain text elsewhere.

Lessons call ``hp.row_table(rows, columns=..., headers=..., formats=...)`` instead of formatting
columns by hand. Units belong in the headers (``"tension (N)"``), so the cells hold numbers only.

>>> table = row_table([{"angle": 0, "rise": 0.0}, {"angle": 30, "rise": 3.4}],
...                   headers=["toe (deg)", "arch rise (mm)"], formats={"rise": ".1f"})
>>> print(table)
toe (deg)  arch rise (mm)
        0             0.0
       30             3.4
>>> "<th>toe (deg)</th>" in table._repr_html_()
True
"""

from __future__ import annotations

import html
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

__all__ = ["RowTable", "row_table"]


def _is_number(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


@dataclass(frozen=True)
class Cell:
    """One shown cell: its text, and whether it is a number (numbers are right-aligned)."""

    text: str
    number: bool = False


@dataclass(frozen=True)
class RowTable:
    """A table ready to show: ``headers`` and ``rows`` of :class:`Cell`, an optional caption.

    In a notebook it displays as an HTML table (``_repr_html_``); ``print(table)`` and
    ``repr(table)`` give the same rows as aligned plain text.
    """

    headers: tuple
    rows: tuple
    caption: str = ""

    def _repr_html_(self) -> str:
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(
                f"<td class='hp-num'>{html.escape(c.text)}</td>" if c.number
                else f"<td>{html.escape(c.text)}</td>" for c in row) + "</tr>"
            for row in self.rows)
        return (f"<table class='hp-table'>{caption}<thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>")

    def text(self) -> str:
        """The table as aligned plain text: numbers right-aligned, text left-aligned."""
        numeric = [all(row[i].number for row in self.rows) and bool(self.rows)
                   for i in range(len(self.headers))]
        widths = [max([len(h)] + [len(row[i].text) for row in self.rows])
                  for i, h in enumerate(self.headers)]

        def line(texts):
            cells = [t.rjust(w) if right else t.ljust(w)
                     for t, w, right in zip(texts, widths, numeric)]
            return "  ".join(cells).rstrip()

        lines = [self.caption] if self.caption else []
        lines.append(line(self.headers))
        lines += [line([c.text for c in row]) for row in self.rows]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return self.text()

    def __len__(self) -> int:
        return len(self.rows)


def _cell(value, fmt) -> Cell:
    if callable(fmt):
        return Cell(str(fmt(value)), _is_number(value))
    if value is None:
        return Cell("")
    if _is_number(value):
        return Cell(format(value, fmt or ("g" if isinstance(value, float) else "")), True)
    return Cell(str(value))


def row_table(rows, columns: Sequence | None = None, headers: Sequence[str] | None = None,
              formats: Mapping | Sequence | None = None, caption: str = "") -> RowTable:
    """A :class:`RowTable` of ``rows``.

    Parameters
    ----------
    rows : iterable of mappings or of sequences
        The rows, all of one kind: mappings (dicts, table rows) or sequences (tuples).
    columns : sequence, optional
        The keys to show, in order, for mappings (default: the first row's keys); for
        sequences, the positions (default: all).
    headers : sequence of str, optional
        What the header row shows, with units (default: the column names).
    formats : mapping or sequence, optional
        A format spec (``".1f"``, ``".0%"``) or a function of the value, per column (a mapping
        from column to format, or one per column). Numbers default to ``g`` (floats) or plain
        digits; ``None`` shows as an empty cell.
    caption : str, optional
        A line above the table.

    >>> print(row_table([("skin", 0.42), ("fat", 0.21)], headers=["tissue", "k (W/(m K))"]))
    tissue  k (W/(m K))
    skin           0.42
    fat            0.21
    """
    rows = list(rows)
    first = rows[0] if rows else {}
    if columns is None:
        columns = list(first) if isinstance(first, Mapping) else list(range(len(first)))
    columns = list(columns)
    headers = [str(c) for c in columns] if headers is None else [str(h) for h in headers]
    if len(headers) != len(columns):
        raise ValueError(f"headers must name each of the {len(columns)} columns; "
                         f"got {len(headers)} headers")
    if formats is None:
        formats = [None] * len(columns)
    elif isinstance(formats, Mapping):
        formats = [formats.get(c) for c in columns]
    else:
        formats = list(formats)
        if len(formats) != len(columns):
            raise ValueError(f"formats must give one format per column ({len(columns)}); "
                             f"got {len(formats)}")
    for fmt in formats:
        if not (fmt is None or isinstance(fmt, str) or isinstance(fmt, Callable)):
            raise ValueError(f"a format is a format spec such as '.1f' or a function; got {fmt!r}")
    shown = tuple(tuple(_cell(row[c], fmt) for c, fmt in zip(columns, formats)) for row in rows)
    return RowTable(tuple(headers), shown, caption)
