"""Flagged spans mapped onto the lines of a source text, as pieces to highlight.

A span is 1-based ``line:column`` to ``end_line:end_column`` (end exclusive, columns in code
points). Overlapping spans split a line into pieces; each piece knows every mark covering it.
A zero-width span (a point) marks the rest of its line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from claimcheck.core.finding import Finding
from claimcheck.core.location import Span


@dataclass(frozen=True)
class Mark:
    span: Span
    id: str
    rank: int
    """Smaller is more serious; a piece covered by several marks shows the most serious."""
    label: str = ""

    @classmethod
    def of(cls, span: Span, id: str, finding: Finding) -> Mark:
        """The mark of ``finding`` at ``span``: ranked by severity (waived ones after every
        open one), labelled "<rule> <severity or waived>: <message>"."""
        state = "waived" if finding.waived else finding.severity.value
        rank = finding.severity.rank + (3 if finding.waived else 0)
        return cls(span, id, rank, f"{finding.rule} {state}: {finding.message}")


@dataclass(frozen=True)
class Piece:
    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def ids(self) -> str:
        return " ".join(m.id for m in self.marks)

    @property
    def label(self) -> str:
        return "\n".join(m.label for m in self.marks)

    @property
    def rank(self) -> int:
        return min(m.rank for m in self.marks)


@dataclass(frozen=True)
class Line:
    number: int
    pieces: tuple[Piece, ...]

    @property
    def marked(self) -> bool:
        return any(p.marks for p in self.pieces)


def _ranges(mark: Mark, lines: list[str]) -> list[tuple[int, int, int]]:
    """(0-based line, start, end) character ranges that ``mark`` covers."""
    span = mark.span
    last = len(lines)
    first_line, last_line = max(span.line, 1), min(max(span.end_line, span.line), last)
    if first_line > last:
        return []
    if (span.line, span.column) >= (span.end_line, span.end_column):  # a point
        text = lines[first_line - 1]
        start = min(max(span.column, 1), len(text) + 1) - 1
        return [(first_line - 1, start if start < len(text) else 0, len(text))]
    ranges = []
    for number in range(first_line, last_line + 1):
        text = lines[number - 1]
        start = span.column - 1 if number == span.line else 0
        end = span.end_column - 1 if number == span.end_line else len(text)
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if start < end:
            ranges.append((number - 1, start, end))
    return ranges


def highlight(text: str, marks: list[Mark]) -> list[Line]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    per_line: dict[int, list[tuple[int, int, Mark]]] = {}
    for mark in marks:
        for index, start, end in _ranges(mark, lines):
            per_line.setdefault(index, []).append((start, end, mark))
    result = []
    for index, content in enumerate(lines):
        covering = per_line.get(index, [])
        if not covering:
            result.append(Line(index + 1, (Piece(content),)))
            continue
        if not content:
            result.append(Line(index + 1, (Piece("", tuple(m for _, _, m in covering)),)))
            continue
        cuts = sorted({0, len(content), *(s for s, _, _ in covering), *(e for _, e, _ in covering)})
        pieces = []
        for start, end in itertools.pairwise(cuts):
            on = tuple(sorted((m for s, e, m in covering if s <= start and end <= e), key=lambda m: m.id))
            pieces.append(Piece(content[start:end], on))
        result.append(Line(index + 1, tuple(pieces)))
    return result
