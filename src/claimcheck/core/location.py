"""Source positions: 1-based line and column spans, and offset-to-position lookup."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_NEWLINE = re.compile(r"\n")


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a text file; lines and columns are 1-based, columns count code points."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int = 1) -> Span:
        return cls(line, column, line, column)

    def shifted(self, lines: int) -> Span:
        """The same span ``lines`` further down (front matter sits below the ``---`` line);
        itself when ``lines`` is 0 (most spans: a claims file starts at its first line)."""
        if not lines:
            return self
        return Span(self.line + lines, self.column, self.end_line + lines, self.end_column)

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, int, int]]:
        return Span, (self.line, self.column, self.end_line, self.end_column)  # see Finding.__reduce__


FILE_START = Span.point(1, 1)


class LineIndex:
    """Maps character offsets of a text to (line, column), both 1-based."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(line, column, end_line, end_column)

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1]
