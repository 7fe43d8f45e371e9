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
nested in list items or block quotes is counted too: its header row starts after the markers
of its containers (``- ``, ``1. ``, ``> ``, nested in any order), and its delimiter and body
rows after the same prefix with each list marker read as spaces (``> - | a |`` goes on with
``>   |---|``). A table past the budget there is blanked after those prefixes, so the list
item or quote stays, empty. (A lazy continuation line, one that drops a quote's ``>``, ends a
nested table here, where markdown-it-py might go on: such a table may be counted short.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.text.fastblocks import DELIMITER_ROW

_DELIMITER_ROW = re.compile(r"[ ]{0,3}" + DELIMITER_ROW.pattern)  # indented up to three spaces
_ENDS_TABLE = re.compile(r"[ ]{0,3}(?:#|>|```|~~~|<|[-*+](?:[ ]|$)|\d{1,9}[.)](?:[ ]|$))")
_CONTAINERS = re.compile(r"[ ]{0,3}(?:(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ ]))[ ]{0,4})+")
"""The markers of the list items and block quotes a line's content is nested in, each with the
spaces after it (one run of spaces between two markers: one way to read a line, no
backtracking)."""
_LIST_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")


@dataclass(frozen=True, slots=True)
class LargeTable:
    """A table not checked: its offsets (header row to last row) and size."""

    start: int
    end: int
    rows: int
    columns: int
    before: int
    """Table cells of the article's earlier tables (checked ones) counted before it."""
    prefix: int = 0
    """Characters of each line after the first that belong to the containers (list items,
    block quotes) the table is nested in: ``start`` is past them on the first line."""

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
        table = _table(lines, index) if "|" in lines[index] and "-" in lines[index + 1] else None
        if table is None:
            index += 1
            continue
        prefix, end, columns = table
        rows = end - index - 1  # the header and the body rows
        if counted + rows * columns > limit:
            last = starts[end] - 1 if end < len(lines) else len(text)
            found.append(LargeTable(starts[index] + prefix, last, rows, columns, counted, prefix))
        else:
            counted += rows * columns
        index = end
    return found


def _continuation(markers: str) -> str:
    """The prefix of a nested table's next lines: its containers' markers, a list item's as spaces."""
    return _LIST_MARKER.sub(lambda marker: " " * len(marker.group()), markers)


def _table(lines: list[str], index: int) -> tuple[int, int, int] | None:
    """The table whose header row is ``lines[index]``, if one is: the length of the prefix of
    the containers it is nested in, the number of the line after its last row, its columns."""
    header, delimiter = lines[index], lines[index + 1]
    prefix = ""
    if not (_DELIMITER_ROW.fullmatch(delimiter) and _cells(header) == _cells(delimiter)):
        containers = _CONTAINERS.match(header)
        if containers is None:
            return None
        prefix = _continuation(containers.group())
        if not delimiter.startswith(prefix):
            return None
        header, delimiter = header[len(prefix) :], delimiter[len(prefix) :]
        if (
            "|" not in header
            or not _DELIMITER_ROW.fullmatch(delimiter)
            or _cells(header) != _cells(delimiter)
        ):
            return None
    end = index + 2
    while end < len(lines) and lines[end].startswith(prefix):
        row = lines[end][len(prefix) :]
        if not row.strip() or _ENDS_TABLE.match(row):
            break
        end += 1
    return len(prefix), end, _cells(delimiter)


def blanked(text: str, tables: list[LargeTable]) -> str:
    """``text`` with the lines of ``tables`` blank (spaces; every offset kept)."""
    if not tables:
        return text
    parts: list[str] = []
    position = 0
    for table in tables:
        parts.append(text[position : table.start])
        first, *rest = text[table.start : table.end].split("\n")
        keep = table.prefix  # a nested table's containers stay: the list item or quote, empty
        parts.append(
            "\n".join([" " * len(first), *(line[:keep] + " " * (len(line) - keep) for line in rest)])
        )
        position = table.end
    parts.append(text[position:])
    return "".join(parts)
