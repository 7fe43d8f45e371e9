"""A line scanner for plain Markdown: ATX headings, paragraphs, bullet and ordered lists,
pipe tables. It returns the same blocks (kind and exact source offsets of the text) as
markdown-it-py does for such documents, several times faster, and ``None`` for anything it
does not handle exactly (code, block quotes, HTML, setext headings, thematic breaks,
indented or tab-indented lines, loose structures), which then goes to markdown-it-py.
``tests/text/test_fastblocks.py`` holds the two equal on generated documents.
"""

from __future__ import annotations

import re
from enum import StrEnum


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"


RawBlock = tuple[BlockKind, int, int]

_HEADING = re.compile(r"(#{1,6})(?:[ ]+|$)")
# a run of spaces is tried from its first space only, and possessive runs are not given back
# (giving back could not help): one pass over a line, not one per position (tests/test_redos.py)
_CLOSING_HASHES = re.compile(r"(?:^|(?<! )[ ]+)#+[ ]*$")
_MARKER = re.compile(r"(?:[-*+]|(\d{1,9})[.)])( {1,4})(?=\S)")
DELIMITER_ROW = re.compile(r"\|?[ ]*+:?-++:?[ ]*+(?:\|[ ]*+:?-++:?[ ]*+)*+\|?[ ]*+$")
_UNSUPPORTED_START = re.compile(
    r"[ \t]|```|~~~|>|<|\[[^\]]*\]:|(?:[-*+]|\d{1,9}[.)])(?: {5,}|\t)|([-*_])[ ]*(?:\1[ ]*){2,}$|=+[ ]*$|-+[ ]*$|[-*+][ ]*$|\d{1,9}[.)][ ]*$"
)
_ITEM_CONTENT_UNSUPPORTED = ("#", ">", "`", "<", "~", "|")


class Unsupported(Exception):
    """The document needs the full parser."""


def scan_blocks(text: str, body_start: int = 0) -> list[RawBlock] | None:
    """The prose blocks of ``text[body_start:]``, or ``None`` if markdown-it must parse it."""
    if "\r" in text or "\x00" in text or "\\" in text:
        return None
    try:
        return _scan(text, body_start)
    except Unsupported:
        return None


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    out = []
    position = start
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        end = length if newline < 0 else newline
        out.append((position, end))
        if newline < 0:
            break
        position = newline + 1
    if out and out[-1][0] == out[-1][1] == length:
        out.pop()
    return out


def _scan(text: str, body_start: int) -> list[RawBlock]:
    lines = _lines(text, body_start)
    blocks: list[RawBlock] = []
    current: list[int] | None = None  # [kind index in blocks, start, end] of an open paragraph or item
    index = 0
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        if not line.strip():
            current = None
            index += 1
            continue
        if _UNSUPPORTED_START.match(line):
            raise Unsupported
        heading = _HEADING.match(line)
        if (
            heading
            and "|" in line
            and index + 1 < len(lines)
            and DELIMITER_ROW.match(text[slice(*lines[index + 1])])
        ):
            raise Unsupported  # markdown-it tries a table before a heading: "# a|b" over "---|---"
        if heading:
            current = None
            content = line[heading.end() :]
            closing = _CLOSING_HASHES.search(content)
            if closing:
                content = content[: closing.start()]
            content = content.rstrip(" ")
            if content:
                at = start + heading.end()
                blocks.append((BlockKind.HEADING, at, at + len(content)))
            index += 1
            continue
        marker = _MARKER.match(line)
        if marker:
            if (
                current is not None
                and blocks[current[0]][0] is BlockKind.PARAGRAPH
                and marker.group(1) not in (None, "1")
            ):
                raise Unsupported  # an ordered list not starting at 1 cannot interrupt a paragraph
            at = start + marker.end()
            nested = _MARKER.match(text, at, end)
            while nested:  # "- 1. text": a list inside the item
                at = nested.end()
                nested = _MARKER.match(text, at, end)
            if (
                _UNSUPPORTED_START.match(text, at, end)
                or text[at] in _ITEM_CONTENT_UNSUPPORTED
                or "|" in line
            ):
                raise Unsupported
            blocks.append((BlockKind.LIST_ITEM, at, _trimmed_end(text, at, end)))
            current = [len(blocks) - 1]
            index += 1
            continue
        if "|" in line and index + 1 < len(lines) and DELIMITER_ROW.match(text[slice(*lines[index + 1])]):
            if current is not None or "|" not in text[slice(*lines[index + 1])]:
                raise Unsupported  # a delimiter row without a bar ("- ") may be a setext underline
            index = _table(text, lines, index, blocks)
            continue
        if "|" in line and current is None and "-" in line and DELIMITER_ROW.match(line):
            raise Unsupported
        if current is not None:  # continuation (lazy for list items)
            kind, first, _ = blocks[current[0]]
            blocks[current[0]] = (kind, first, _trimmed_end(text, start, end))
        else:
            blocks.append((BlockKind.PARAGRAPH, start, _trimmed_end(text, start, end)))
            current = [len(blocks) - 1]
        index += 1
    return blocks


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each cell's trimmed content in a table row."""
    if "`" in text[start:end]:
        raise Unsupported
    line_start, line_end = start, _trimmed_end(text, start, end)
    while line_start < line_end and text[line_start] == " ":
        line_start += 1
    if line_start < line_end and text[line_start] == "|":
        line_start += 1
    if line_end > line_start and text[line_end - 1] == "|":
        line_end -= 1
    cells = []
    position = line_start
    while True:
        bar = text.find("|", position, line_end)
        cell_end = line_end if bar < 0 else bar
        a, b = position, cell_end
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        cells.append((a, b))
        if bar < 0:
            return cells
        position = bar + 1


def _table(text: str, lines: list[tuple[int, int]], index: int, blocks: list[RawBlock]) -> int:
    header = _cells(text, *lines[index])
    columns = len(_cells(text, *lines[index + 1]))
    if len(header) != columns:
        raise Unsupported
    rows = [header]
    index += 2
    while index < len(lines):
        start, end = lines[index]
        line = text[start:end]
        if not line.strip():
            break
        if "|" not in line or _UNSUPPORTED_START.match(line) or _HEADING.match(line) or _MARKER.match(line):
            raise Unsupported
        rows.append(_cells(text, start, end)[:columns])
        index += 1
    for row in rows:
        blocks.extend((BlockKind.TABLE_CELL, a, b) for a, b in row if b > a)
    return index
