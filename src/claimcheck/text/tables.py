"""Markdown tables past an article's budget of table cells, found before the body is parsed.

Each cell of a table is a block and a sentence to every rule (text/segments.py): a 4.9 MB table
of 2,000 columns and 818 rows (1.6 million cells) took 13 s and 1.3 GB to check. So the cells
of an article's tables are counted, rows times columns (the columns of the delimiter row), from
its first table down; a table that would take the count past ``limit`` is not split into cells
but reported whole (rule CC009), and its lines are read as blank lines by the block scanners,
so the work stays in proportion to the budget whatever the size of the table.

A table here is a line holding a ``|`` followed by a delimiter row with as many cells
(``|---|:--:|``), and the lines after them up to a blank line or a line that starts another
block (a heading, a quote, a fence, a list item, HTML), as markdown-it-py reads it. A table
nested in a list or a quote is not counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.text.fastblocks import DELIMITER_ROW

_DELIMITER_ROW = re.compile(r"[ ]{0,3}" + DELIMITER_ROW.pattern)  # indented up to three spaces
_ENDS_TABLE = re.compile(r"[ ]{0,3}(?:#|>|```|~~~|<|[-*+](?:[ ]|$)|\d{1,9}[.)](?:[ ]|$))")


@dataclass(frozen=True, slots=True)
class LargeTable:
    """A table not checked: its offsets (header row to last row) and size."""

    start: int
    end: int
    rows: int
    columns: int
    before: int
    """Table cells of the article's earlier tables (checked ones) counted before it."""

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _cells(row: str) -> int:
    """Cells of a table row: its ``|`` separators, less a leading and a trailing one."""
    row = row.strip()
    bars = row.count("|")
    return bars + 1 - row.startswith("|") - (len(row) > 1 and row.endswith("|"))


def large_tables(text: str, body_start: int, limit: int) -> list[LargeTable]:
    """The tables of ``text[body_start:]`` past ``limit`` table cells, in order."""
    if text.find("|", body_start) < 0:
        return []
    lines = text[body_start:].split("\n")
    found: list[LargeTable] = []
    counted = 0
    offset = body_start
    index = 0
    starts = [0] * (len(lines) + 1)
    for number, line in enumerate(lines):  # the offset of each line, for the table's span
        starts[number] = offset
        offset += len(line) + 1
    starts[len(lines)] = offset
    while index + 1 < len(lines):
        header, delimiter = lines[index], lines[index + 1]
        if (
            "|" not in header
            or "-" not in delimiter
            or not _DELIMITER_ROW.fullmatch(delimiter)
            or _cells(header) != _cells(delimiter)
        ):
            index += 1
            continue
        end = index + 2
        while end < len(lines) and lines[end].strip() and not _ENDS_TABLE.match(lines[end]):
            end += 1
        rows, columns = end - index - 1, _cells(delimiter)  # the header and the body rows
        if counted + rows * columns > limit:
            last = starts[end] - 1 if end < len(lines) else len(text)
            found.append(LargeTable(starts[index], last, rows, columns, counted))
        else:
            counted += rows * columns
        index = end
    return found


def blanked(text: str, tables: list[LargeTable]) -> str:
    """``text`` with the lines of ``tables`` blank (spaces; every offset kept)."""
    if not tables:
        return text
    parts: list[str] = []
    position = 0
    for table in tables:
        parts.append(text[position : table.start])
        parts.append("\n".join(" " * len(line) for line in text[table.start : table.end].split("\n")))
        position = table.end
    parts.append(text[position:])
    return "".join(parts)
