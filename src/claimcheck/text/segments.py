"""An article body as blocks (headings, paragraphs, list items, table cells) and sentences,
each with its exact offsets in the source file, so findings point at ``line:col``.

markdown-it-py gives the block structure and each block's line range (``token.map``); the
inline text of each block is then found in those source lines, so offsets are exact even
under list markers, heading hashes, block quotes and table pipes. Code and HTML blocks are
not prose and are left out. Sentences come from :mod:`claimcheck.text.sentences`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from claimcheck.model.config import TABLE_CELLS_DEFAULT
from claimcheck.text.fastblocks import BlockKind, RawBlock, scan_blocks
from claimcheck.text.sentences import sentence_spans
from claimcheck.text.tables import LargeTable, blanked, large_tables

if TYPE_CHECKING:  # markdown-it-py is imported only for a document the line scanner declines
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    start: int
    """Offset of the first character in the whole file text."""
    end: int
    section: str
    """Text of the nearest heading above (the heading's own text for a heading), or ''."""
    first_sentence: int
    """Index of the block's first sentence in :attr:`Segments.sentences`."""
    sentence_count: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    block: int
    """Index of the sentence's block in :attr:`Segments.blocks`."""


@dataclass(frozen=True, slots=True)
class Segments:
    text: str
    blocks: tuple[Block, ...]
    sentences: tuple[Sentence, ...]
    large_tables: tuple[LargeTable, ...] = ()
    """Tables past the article's budget of table cells: not in ``blocks`` (text/tables.py)."""

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]

    def sentence_index_at(self, offset: int) -> int | None:
        """Index of the sentence containing ``offset``, if any."""
        starts = [s.start for s in self.sentences]
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0 and offset < self.sentences[index].end:
            return index
        return None


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # 0.03 s of a re-check whose article the scanner reads

    md = MarkdownIt("commonmark").enable("table")
    # Only the block structure is needed: inline parsing is most of markdown-it's time.
    md.core.ruler.disable(["inline", "text_join"])
    return md


_NEWLINE = re.compile(r"\n")
_KIND_OF_OPEN = {
    "heading_open": BlockKind.HEADING,
    "th_open": BlockKind.TABLE_CELL,
    "td_open": BlockKind.TABLE_CELL,
}


def segment(text: str, body_start: int = 0, max_table_cells: int = TABLE_CELLS_DEFAULT) -> Segments:
    """Blocks and sentences of the Markdown in ``text[body_start:]``, offsets into ``text``;
    the tables past ``max_table_cells`` cells are left out (:func:`~claimcheck.text.tables.large_tables`).

    Plain documents (headings, paragraphs, simple lists and tables) are read by a line
    scanner that gives the same blocks as markdown-it-py several times faster
    (:mod:`claimcheck.text.fastblocks`; a property test holds them equal); anything else
    (code, quotes, HTML, nested or indented structure) goes to markdown-it-py.
    """
    large = large_tables(text, body_start, max_table_cells)
    source = blanked(text, large)  # the same offsets, the large tables' lines blank
    raw = scan_blocks(source, body_start)
    if raw is None:
        raw = markdown_blocks(source, body_start)
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    section = ""
    for kind, start, end in raw:
        if kind is BlockKind.HEADING:
            section = text[start:end]
        spans = sentence_spans(text, start, end) if kind is not BlockKind.HEADING else [(start, end)]
        index = len(blocks)
        blocks.append(Block(kind, start, end, section, len(sentences), len(spans)))
        if len(spans) == 1:  # most blocks of a long table: no list made for one sentence
            sentences.append(Sentence(spans[0][0], spans[0][1], index))
        else:
            sentences += [Sentence(s, e, index) for s, e in spans]
    return Segments(text, tuple(blocks), tuple(sentences), tuple(large))


def markdown_blocks(text: str, body_start: int = 0) -> list[RawBlock]:
    """The prose blocks of ``text[body_start:]`` as markdown-it-py parses them."""
    body = text[body_start:]
    line_starts = [body_start, *(body_start + m.end() for m in _NEWLINE.finditer(body))]
    blocks: list[RawBlock] = []
    kind = BlockKind.PARAGRAPH
    in_item = 0
    row_cursor = (-1, 0)  # (line, offset) where the next table cell's search starts
    for token in _parser().parse(body):
        kind_here = _KIND_OF_OPEN.get(token.type)
        if kind_here is not None:
            kind = kind_here
        elif token.type == "paragraph_open":
            kind = BlockKind.LIST_ITEM if in_item else BlockKind.PARAGRAPH
        elif token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        elif token.type == "inline" and token.map is not None:
            found = _locate(text, line_starts, token, row_cursor if kind is BlockKind.TABLE_CELL else None)
            if found is None:
                continue
            if kind is BlockKind.TABLE_CELL:
                row_cursor = (token.map[0], found[1])
            blocks.append((kind, *found))
    return blocks


def _locate(
    text: str, line_starts: list[int], token: Token, cursor: tuple[int, int] | None
) -> tuple[int, int] | None:
    """Offsets of the inline token's content in the source lines its block spans."""
    assert token.map is not None
    content_lines = token.content.split("\n")
    first_line = token.map[0]
    if first_line >= len(line_starts) or not token.content.strip():
        return None
    start = end = -1
    for number, content in enumerate(content_lines):
        line = first_line + number
        if line >= len(line_starts):
            break
        line_start = line_starts[line]
        line_end = line_starts[line + 1] - 1 if line + 1 < len(line_starts) else len(text)
        search_from = line_start
        if cursor is not None and cursor[0] == line:
            search_from = max(search_from, cursor[1])
        at = text.find(content, search_from, line_end) if content else -1
        if at < 0:
            continue
        if start < 0:
            start = at
        end = at + len(content)
    return (start, end) if start >= 0 else None


__all__ = [
    "Block",
    "BlockKind",
    "LargeTable",
    "RawBlock",
    "Segments",
    "Sentence",
    "markdown_blocks",
    "segment",
]
