"""An article's own reference list: the entries under a "References" heading, numbered.

The section starts at a heading named like a reference list (``## References``,
``Bibliography``, ``Works cited``, ``Literature cited``, ``Sources``, ``Notes``; an ATX or
setext heading, a line of bold text, or such a line alone after a blank line, as scraped text
has it) and ends at the next heading of the same level or above. Each entry is a list item, a
numbered line (``1.``, ``1)``, ``[1]``, ``¹``, ``<sup>1</sup>``, also inside a bullet: ``- 1.``)
or a paragraph; lines that follow without starting a new entry continue it. An entry keeps its
printed number; entries printed without numbers, or all numbered "1." (Markdown renumbers
those), are numbered by position, as a reader sees them.

Works on text offsets only, independent of the sentence segmenter.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

NAMES = frozenset(
    (
        "references",
        "reference",
        "reference list",
        "bibliography",
        "works cited",
        "literature",
        "literature cited",
        "cited literature",
        "sources",
        "citations",
        "notes",
        "notes and references",
        "references and notes",
    )
)
"""Headings of a reference list, compared case-insensitively without emphasis or a colon."""

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*))?")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BULLET = re.compile(r"[-*+•][ \t]+")
_LABEL = re.compile(r"(?:\[(\d{1,4})\]|(\d{1,4})[.)]|<sup>(\d{1,4})</sup>|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4}))(?:[ \t]+|$)")
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_WORDS = ("reference", "bibliograph", "works cited", "literature", "sources", "citations", "notes")
"""Words one of which a reference-list heading holds: an article without any is passed over."""
_PSEUDO_LEVEL = 7
"""A bold or bare line standing for a heading: any real heading ends its section."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry: its number and its text (``text[start:end]`` of the article, label left out)."""

    number: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """One reference section: where it is (heading included) and its entries, numbered."""

    start: int
    end: int
    entries: tuple[Entry, ...]

    @cached_property
    def by_number(self) -> dict[int, Entry]:
        numbered: dict[int, Entry] = {}
        for entry in self.entries:
            numbered.setdefault(entry.number, entry)
        return numbered


@dataclass(frozen=True)
class ReferenceList:
    """The article's reference sections. A document may have several (a bundle of articles,
    each with its own list): a number refers to the first list after it, or the last one."""

    lists: tuple[Section, ...] = ()

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for section in self.lists for e in section.entries)

    @cached_property
    def sections(self) -> tuple[tuple[int, int], ...]:
        return tuple((s.start, s.end) for s in self.lists)

    @cached_property
    def _with_entries(self) -> tuple[list[int], list[Section]]:
        listed = [s for s in self.lists if s.entries]
        return [s.start for s in listed], listed

    def section_for(self, offset: int) -> Section | None:
        starts, listed = self._with_entries
        if not listed:
            return None
        return listed[min(bisect.bisect_left(starts, offset), len(listed) - 1)]

    def entry(self, number: int, at: int = 0) -> Entry | None:
        section = self.section_for(at)
        return section.by_number.get(number) if section else None

    def holds(self, offset: int) -> bool:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self.lists[index].end

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.lists]

    def numbers(self, at: int = 0) -> str:
        """The numbers the list for ``at`` has, for a message: "1–8", "1–3, 5"."""
        section = self.section_for(at)
        values = sorted({e.number for e in section.entries}) if section else []
        runs: list[str] = []
        for value in values:
            if runs and value == int(runs[-1].rpartition("–")[2]) + 1:
                runs[-1] = f"{runs[-1].partition('–')[0]}–{value}"
            else:
                runs.append(str(value))
        return ", ".join(runs)


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str, start: int) -> Iterator[_Line]:
    position = start
    while position <= len(text):
        end = text.find("\n", position)
        end = len(text) if end < 0 else end
        yield _Line(position, end, text[position:end])
        position = end + 1


_ATTRIBUTES = re.compile(r"[ \t]\{[^{}\n]{0,200}\}[ \t]*$")


def _title(value: str) -> str:
    """A heading's words: emphasis, a colon and Pandoc attributes (``{#refs .unnumbered}``) left out."""
    value = _ATTRIBUTES.sub("", value)
    return value.strip().strip("*_").strip().rstrip(":").strip().strip("*_").strip().lower()


def _heading(lines: list[_Line], index: int) -> tuple[int, str] | None:
    """(level, title) when line ``index`` is a heading (or its setext underline's line)."""
    line = lines[index].text
    atx = _ATX.fullmatch(line)
    if atx:
        return len(atx.group(1)), (atx.group(2) or "").rstrip(" \t#")
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    if line.strip() and _SETEXT.fullmatch(following) and not _BULLET.match(line.lstrip()):
        return (1 if following.strip()[0] == "=" else 2), line
    return None


def _pseudo_heading(lines: list[_Line], index: int) -> bool:
    """A line after a blank one (or none) that is a reference-list name and nothing else."""
    before = lines[index - 1].text if index else ""
    return not before.strip() and _title(lines[index].text) in NAMES


def reference_list(text: str, start: int = 0) -> ReferenceList:
    """The reference list of the article ``text`` whose body starts at ``start``."""
    lowered = text.lower()
    found = [lowered.find(word, start) for word in _WORDS]
    first = min((f for f in found if f >= 0), default=-1)
    if first < 0:
        return ReferenceList()
    line = text.rfind("\n", start, first)  # the candidate's line, and the one before it
    previous = text.rfind("\n", start, line) if line > start else -1
    lines = list(_lines(text, start if previous < 0 else previous + 1))
    sections: list[Section] = []
    index = 0
    while index < len(lines):
        heading = _heading(lines, index)
        level: int | None = None
        if heading is not None and _title(heading[1]) in NAMES:
            level = heading[0]
        elif heading is None and _pseudo_heading(lines, index):
            level = _PSEUDO_LEVEL
        if level is None:
            index += 1
            continue
        section_start = lines[index].start
        index += 2 if heading is not None and not _ATX.fullmatch(lines[index].text) else 1
        body_from = index
        while index < len(lines):
            inner = _heading(lines, index)
            if inner is not None and (inner[0] <= level or level == _PSEUDO_LEVEL):
                break
            index += 1
        section_end = lines[index - 1].end if index > body_from else lines[body_from - 1].end
        printed = list(_entries(lines[body_from:index]))
        sections.append(Section(section_start, section_end, _numbered(text, printed)))
    return ReferenceList(tuple(sections))


def _entries(lines: list[_Line]) -> Iterator[tuple[int | None, int, int]]:
    """(printed number or None, start, end) of each entry in a section's lines."""
    current: tuple[int | None, int, int] | None = None
    previous_blank = True
    for line in lines:
        stripped = line.text.strip()
        if not stripped:
            previous_blank = True
            continue
        indent = len(line.text) - len(line.text.lstrip())
        position = line.start + indent
        bullet = _BULLET.match(line.text, indent)
        if bullet:
            position = line.start + bullet.end()
        label = _LABEL.match(line.text, position - line.start)
        number: int | None = None
        if label:
            printed = next(g for g in label.groups() if g is not None)
            number = int(printed.translate(_SUPERSCRIPTS))
            position = line.start + label.end()
        starts_entry = bool(bullet or label or previous_blank)
        previous_blank = False
        if starts_entry:
            if current is not None:
                yield current
            current = (number, position, line.end)
        elif current is not None:
            current = (current[0], current[1], line.end)
    if current is not None:
        yield current


def _numbered(text: str, found: list[tuple[int | None, int, int]]) -> tuple[Entry, ...]:
    printed = [n for n, _, _ in found if n is not None]
    by_position = not printed or (len(set(printed)) == 1 and len(found) > 1)
    entries: list[Entry] = []
    last = 0
    for position, (number, start, end) in enumerate(found, start=1):
        value = position if by_position else number if number is not None else last + 1
        last = value
        body = text[start:end].strip()
        if body:
            entries.append(Entry(value, body, start, end))
    return tuple(entries)
