"""An article as extract sees it: the blocks and sentences of :mod:`claimcheck.text.segments`
(the segmentation the content rules use, with the same offsets), each sentence an exact slice
of the article text (what a claim's ``quote`` must be), with its block's role and section.

One segmenter serves both: :func:`claimcheck.text.sentences.sentence_spans` (a regular
expression that knows "e.g.", "et al.", "Dr.", "vs.", "approx.", decimals, initials and
citation markers after the stop). pysbd, which extract used before, split as well on real
text and 100 times slower (``benchmarks/bench_segment.py``, figures in docs/extract.md).

What extract adds on top:

* a table is one unit per row (the line of its cells), never split;
* a block for which ``unsplit(section, block text)`` holds (a reference-list entry) is one unit;
* a list item ``Term ∞ explanation`` is one sentence whose ``label`` (the text before "∞") is
  reported separately, so a caller can quote the explanation only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from claimcheck.text.segments import BlockKind, Segments, segment

Role = Literal["title", "heading", "paragraph", "item", "table"]

_ROLE: dict[BlockKind, Role] = {
    BlockKind.HEADING: "heading",
    BlockKind.PARAGRAPH: "paragraph",
    BlockKind.LIST_ITEM: "item",
    BlockKind.TABLE_CELL: "table",
}
_LIST_LABEL = re.compile(r"^(?P<label>[^∞.!?]{1,80}?)\s+∞\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """A Markdown block: its role, the section (nearest heading above) it sits in, its source."""

    role: Role
    section: str
    start: int
    end: int
    in_list: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or a heading, or a table row) as an exact slice ``text[start:end]``."""

    text: str
    start: int
    end: int
    block: Block
    label: str | None = None  # the "Term" of a "Term ∞ explanation" list item

    @property
    def role(self) -> Role:
        return self.block.role


def title_unit(text: str, span: tuple[int, int] | None) -> Sentence | None:
    """The front matter's title as a unit (role ``title``, no section), or None without one."""
    if span is None:
        return None
    start, end = span
    return Sentence(text[start:end], start, end, Block("title", "", start, end))


def blocks_and_sentences(
    text: str,
    body_start: int = 0,
    unsplit: Callable[[str, str], bool] = lambda section, block: False,
    segments: Segments | None = None,
) -> list[Sentence]:
    """Every unit of the Markdown body ``text[body_start:]``, in document order.

    Headings are one unit each (role ``heading``; their section is the one they open); a table
    yields one unit per row (role ``table``); code and HTML blocks yield nothing. A block for
    which ``unsplit(section heading, block text)`` is true is one unit. ``segments``: the
    article's segmentation when the caller has it already (``ArticleRecord.segments``)."""
    segments = segments or segment(text, body_start)
    units: list[Sentence] = []
    previous = ""
    row: list[int] = []  # indices of the cells of the table row being gathered

    def flush_row() -> None:
        if row:
            first, last = segments.blocks[row[0]], segments.blocks[row[-1]]
            start = text.rfind("\n", 0, first.start) + 1
            end = text.find("\n", last.end)
            line = text[start : len(text) if end < 0 else end]
            start += len(line) - len(line.lstrip())
            end = start + len(line.strip())
            units.append(Sentence(text[start:end], start, end, Block("table", first.section, start, end)))
            row.clear()

    for index, raw in enumerate(segments.blocks):
        if raw.kind is BlockKind.TABLE_CELL:
            if row and text.find("\n", segments.blocks[row[-1]].end, raw.start) >= 0:
                flush_row()
            row.append(index)
            continue
        flush_row()
        role = _ROLE[raw.kind]
        if role == "heading":
            block = Block(role, raw.section, raw.start, raw.end)
            units.append(Sentence(text[raw.start : raw.end], raw.start, raw.end, block))
            previous = raw.section
            continue
        block = Block(role, previous, raw.start, raw.end, role == "item")
        if unsplit(previous, text[raw.start : raw.end]):
            units.append(Sentence(text[raw.start : raw.end], raw.start, raw.end, block))
            continue
        first = raw.first_sentence
        for sentence in segments.sentences[first : first + raw.sentence_count]:
            quote = text[sentence.start : sentence.end]
            label = None
            if block.in_list and (match := _LIST_LABEL.match(quote)):
                label = match.group("label")
            units.append(Sentence(quote, sentence.start, sentence.end, block, label))
    flush_row()
    return units
