"""One claim's lines in a claims file, found without parsing the whole file.

A block ``claims:`` list is a run of items, each starting with ``- `` at the list's
indentation; a claim's item runs from its ``- `` line to its last line of content (blank and
comment lines after it are left where they are). Only that item is read and written by
ruamel.yaml, so an edit of one claim costs the same in a file of ten claims and of a hundred
thousand. The caller falls back to the whole document when :func:`claim_lines` finds no
plain block list (a flow list ``claims: [...]``, tabs, a document marker...).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

_CLAIMS_KEY = re.compile(r"""claims\s*:\s*(#.*)?""")
_QUOTED_KEY = re.compile(r"""(["'])claims\1\s*:\s*(#.*)?""")


@dataclass(frozen=True)
class Item:
    """Lines ``start`` to ``end`` (exclusive, 0-based) of the file are one list item."""

    start: int
    end: int
    indent: int


def _content(line: str) -> bool:
    stripped = line.lstrip(" ")
    return bool(stripped) and not stripped.startswith("#")


def items(lines: Sequence[str]) -> list[Item] | None:
    """The items of the top-level block ``claims:`` list, or None when it is not one."""
    start = None
    for i, line in enumerate(lines):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return None  # YAML refuses tabs in indentation; the loader reports it
        if line.startswith("%") or (i > 0 and line.startswith(("---", "..."))):
            return None  # directives, or more than one document
        if _CLAIMS_KEY.fullmatch(line) or _QUOTED_KEY.fullmatch(line):
            if start is not None:
                return None  # twice: the loader reports it; edit the whole document
            start = i + 1
    if start is None:
        return None
    found: list[Item] = []
    indent = -1
    current: int | None = None
    last_content = start
    for i in range(start, len(lines)):
        line = lines[i]
        if not _content(line):
            continue
        spaces = len(line) - len(line.lstrip(" "))
        body = line[spaces:]
        if indent < 0:
            if not (body == "-" or body.startswith("- ")):
                return None  # a flow list, a scalar, or nothing
            indent = spaces
        if spaces == indent and (body == "-" or body.startswith("- ")):
            if current is not None:
                found.append(Item(current, last_content + 1, indent))
            current = i
        elif spaces <= indent:
            break  # the next top-level key: the list ended
        last_content = i
    if current is not None:
        found.append(Item(current, last_content + 1, indent))
    return found


def candidates(lines: Sequence[str], found: Sequence[Item], claim_id: str) -> Iterator[Item]:
    """The items whose text holds ``claim_id``; the caller parses each to be sure."""
    for item in found:
        for i in range(item.start, item.end):
            if claim_id in lines[i]:
                yield item
                break
