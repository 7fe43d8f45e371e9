"""An editor's file as written: its byte order mark and the line ending of every line.

Edits are made on the text with ``\\n`` line endings (what ruamel.yaml reads and writes); when
the edited text is encoded again, every line that is still there keeps the ending it had
(``\\r\\n``, ``\\n`` or a lone ``\\r``, mixed in one file if it was), a new line gets the ending
most used around it, and a file that began with a BOM still does.

The lines kept are found in linear time: the common first and last lines, then, in what is
left between them (an edit's few lines), a line-by-line alignment (difflib) when that part is
small, else the ending most used in it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from claimcheck.core.errors import InputError

BOM = "\ufeff"
_BREAK = re.compile(r"\r\n|\r|\n")
ALIGN_LIMIT = 4_000_000
"""Largest product of old and new middle lines aligned with difflib (quadratic at worst)."""


@dataclass(frozen=True)
class TextForm:
    """The file's text with ``\\n`` endings, and how it was written."""

    text: str
    bom: bool
    lines: tuple[str, ...]
    endings: tuple[str, ...]
    """``endings[i]`` ends ``lines[i]``; the last line has none (it is ``""`` after a final break)."""

    @classmethod
    def decode(cls, raw: bytes, name: str) -> TextForm:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: not valid UTF-8 (byte {exc.start}); fix it before editing") from None
        bom = text.startswith(BOM)
        if bom:
            text = text[1:]
        lines: list[str] = []
        endings: list[str] = []
        at = 0
        for match in _BREAK.finditer(text):
            lines.append(text[at : match.start()])
            endings.append(match.group())
            at = match.end()
        lines.append(text[at:])
        return cls("\n".join(lines), bom, tuple(lines), tuple(endings))

    @classmethod
    def new(cls, text: str) -> TextForm:
        """A file not written yet: ``\\n`` endings, no BOM."""
        lines = tuple(text.split("\n"))
        return cls(text, False, lines, ("\n",) * (len(lines) - 1))

    def _usual(self, endings: tuple[str, ...] | list[str]) -> str:
        common = Counter(endings).most_common(1) or Counter(self.endings).most_common(1)
        return common[0][0] if common else "\n"

    def encode(self, edited: str) -> bytes:
        """``edited`` (``\\n`` endings) written as this file was."""
        if not self.endings or set(self.endings) == {"\n"}:
            body = edited
        else:
            body = "".join(self._with_endings(edited.split("\n")))
        return ((BOM if self.bom else "") + body).encode("utf-8")

    def replaced(self, replacements: Sequence[tuple[int, int, list[str]]]) -> str:
        """The text with lines ``start`` to ``end`` (exclusive) replaced by ``new``, for each
        ``(start, end, new)`` in line order (the ranges do not overlap)."""
        out: list[str] = []
        at = 0
        for start, end, new in replacements:
            _check(start, end, at, len(self.lines))
            out.extend(self.lines[at:start])
            out.extend(new)
            at = end
        out.extend(self.lines[at:])
        return "\n".join(out)

    def encode_replaced(self, replacements: Sequence[tuple[int, int, list[str]]]) -> bytes:
        """:meth:`replaced`, written as this file was: the lines outside the replaced ranges keep
        their own endings, and each range is aligned with what replaces it alone (an edit of a
        few claims of a large file keeps the endings of every line around them)."""
        if not self.endings or set(self.endings) == {"\n"}:
            body = self.replaced(replacements)
        else:
            body = "".join(self._spliced(replacements))
        return ((BOM if self.bom else "") + body).encode("utf-8")

    def _spliced(self, replacements: Sequence[tuple[int, int, list[str]]]) -> list[str]:
        """The lines after the replacements, each with its ending (the last line has none)."""
        out: list[str] = []
        at = 0
        for start, end, new in replacements:
            _check(start, end, at, len(self.lines))
            out.extend(self.lines[i] + self.endings[i] for i in range(at, start))
            old = self.lines[start:end]
            endings = self._aligned(old, list(self.endings[start:end]), new)
            out.extend(line + ending for line, ending in zip(new, endings, strict=True))
            at = end
        out.extend(self.lines[i] + self.endings[i] for i in range(at, len(self.endings)))
        out.append(self.lines[-1])
        return out

    def _aligned(self, old: Sequence[str], endings: list[str], new: Sequence[str]) -> list[str]:
        """The ending of each of the ``new`` lines that replace the ``old`` lines (ended by
        ``endings``): a line kept has its own, a new line the one most used among them."""
        chosen = [self._usual(endings)] * len(new)
        if len(old) * len(new) <= ALIGN_LIMIT:
            matcher = SequenceMatcher(None, old, new, autojunk=False)
            for block in matcher.get_matching_blocks():
                for k in range(block.size):
                    if block.a + k < len(endings):
                        chosen[block.b + k] = endings[block.a + k]
        return chosen

    def _with_endings(self, new: list[str]) -> list[str]:
        old = self.lines
        n, m = len(old), len(new)
        head = 0
        while head < min(n, m) - 1 and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(n, m) - 1 - head and old[n - 1 - tail] == new[m - 1 - tail]:
            tail += 1
        # old[head:n-tail] became new[head:m-tail]; ending i ends line i (the last line has none)
        old_middle = old[head : n - tail]
        new_middle = new[head : m - tail]
        chosen = self._aligned(old_middle, list(self.endings[head : n - tail]), new_middle)
        out: list[str] = []
        for i in range(head):
            out.append(old[i] + self.endings[i])
        for line, ending in zip(new_middle, chosen, strict=True):
            out.append(line + ending)
        for i in range(n - tail, n):
            out.append(old[i] + (self.endings[i] if i < len(self.endings) else ""))
        if tail == 0 and out:  # the last line of the file has no ending
            last = new_middle[-1] if new_middle else ""
            out[-1] = last
        return out


def _check(start: int, end: int, after: int, lines: int) -> None:
    if not after <= start <= end < lines:
        raise ValueError("replaced line ranges must be in order, apart, and before the last line")
