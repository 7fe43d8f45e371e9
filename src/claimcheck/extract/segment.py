"""Markdown → blocks → sentences, every sentence an exact slice of the article text.

markdown-it-py gives the block structure with line ranges (``token.map``); the inline content
of each block is found back in those source lines, so a sentence's offsets point into the
article file itself and its text is a verbatim substring (what a claim's ``quote`` must be).

Sentences are split by pysbd (the rule-based Golden Rules segmenter), which already keeps
"e.g.", "et al.", "Dr.", "U.S.", decimals and parenthesised abbreviations together. Two
corrections are applied on top of it (both measured in tests/extract/test_segment.py):

* a citation marker printed after the full stop (``lowers GH.² Stress``, ``GH. [3] Stress``)
  belongs to the sentence before it, not the next one;
* a split right after a unit-like abbreviation pysbd does not know (``approx.``, ``vs.``,
  ``ca.``, ``cf.``, ``Fig.``) followed by a digit or a lower-case word is undone.

The seed articles' "∞" separator needs no special case: pysbd never splits on it; a list item
``Term ∞ explanation`` is one sentence whose ``label`` (the text before "∞") is reported
separately so a caller can quote the explanation only.

NOTE: issue 4 adds a sentence segmenter for the marketing rules in ``claimcheck.text``; this
one lives here until the two are unified.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import pysbd
from markdown_it import MarkdownIt
from markdown_it.token import Token

Role = Literal["heading", "paragraph", "item", "table", "code", "html"]

_SUPERSCRIPT = "¹²³⁴⁵⁶⁷⁸⁹⁰⁻˒,"
_LEADING_MARKER = re.compile(rf"^(?:[{_SUPERSCRIPT}]+|\[\d+(?:\s*[,–-]\s*\d+)*\])\s*")
_UNKNOWN_ABBREVIATION = re.compile(r"\b(?:approx|vs|ca|cf|fig|figs|no|nos|resp|incl|ref|refs)\.\s*$", re.I)
_LIST_LABEL = re.compile(r"^(?P<label>[^∞.!?]{1,80}?)\s+∞\s+")


@dataclass(frozen=True, slots=True)
class Block:
    """A Markdown block: its role, the section (nearest heading) it sits in, and its source."""

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


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _content_pieces(
    text: str, starts: list[int], first: int, last: int, content: str
) -> list[tuple[int, int]]:
    """For each line of ``content`` (inline text of a block), its (start, end) in ``text``.

    markdown-it strips container markers ("- ", "1. ", "> ") and indentation from each line;
    the rest of the line is verbatim, so it is found again in the source line."""
    pieces: list[tuple[int, int]] = []
    line = first
    for piece in content.split("\n"):
        stripped = piece.strip()
        while line < last:
            line_start = starts[line]
            line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
            found = text.find(stripped, line_start, line_end + 1) if stripped else line_start
            line += 1
            if found >= 0:
                pieces.append((found, found + len(stripped)))
                break
        else:
            break
    return pieces


def _split(piece_text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``piece_text``, trimmed, with the corrections above."""
    spans: list[tuple[int, int]] = []
    for seg in _segmenter().segment(piece_text):
        start, end = seg.start, seg.end
        if spans:
            prev_start, prev_end = spans[-1]
            chunk = piece_text[start:end]
            marker = _LEADING_MARKER.match(chunk)
            if marker and piece_text[prev_start:prev_end].rstrip()[-1:] in ".!?":
                spans[-1] = (prev_start, start + len(marker.group(0).rstrip()))
                start += marker.end()
            prev_text = piece_text[spans[-1][0] : spans[-1][1]]
            following = piece_text[start:end].lstrip()
            if _UNKNOWN_ABBREVIATION.search(prev_text) and (
                following[:1].isdigit() or following[:1].islower()
            ):
                spans[-1] = (spans[-1][0], end)
                continue
        if start < end:
            spans.append((start, end))
    trimmed: list[tuple[int, int]] = []
    for start, end in spans:
        chunk = piece_text[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            trimmed.append((start + left, start + right))
    return trimmed


def _inline_text(token: Token) -> str:
    return token.content or ""


def blocks_and_sentences(
    text: str, body_start: int = 0, unsplit: Callable[[str, str], bool] = lambda section, block: False
) -> list[Sentence]:
    """Every sentence of the Markdown body ``text[body_start:]``, in document order.

    Headings are one "sentence" each (role ``heading``); a table yields one unit per row
    (role ``table``); code and HTML blocks yield nothing. A block for which
    ``unsplit(section heading, block text)`` is true (a reference-list entry) is one unit."""
    body = text[body_start:]
    tokens = _markdown().parse(body)
    starts = _line_starts(text)
    first_line = text.count("\n", 0, body_start)
    sentences: list[Sentence] = []
    section = ""
    list_depth = 0
    table_open: Token | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "table_open":
            table_open = token
        elif kind == "table_close":
            table_open = None
        elif kind == "tr_open" and token.map and table_open is not None:
            line = first_line + token.map[0]
            row_start = starts[line]
            row_end = (starts[line + 1] - 1) if line + 1 < len(starts) else len(text)
            row = text[row_start:row_end]
            left = len(row) - len(row.lstrip())
            block = Block("table", section, row_start, row_end, list_depth > 0)
            sentences.append(Sentence(row.strip(), row_start + left, row_start + len(row.rstrip()), block))
        elif kind in ("heading_open", "paragraph_open") and token.map and index + 1 < len(tokens):
            inline = tokens[index + 1]
            if table_open is None and inline.type == "inline":
                lo, hi = first_line + token.map[0], first_line + token.map[1]
                pieces = _content_pieces(text, starts, lo, hi, _inline_text(inline))
                if pieces:
                    role: Role = (
                        "heading" if kind == "heading_open" else ("item" if list_depth else "paragraph")
                    )
                    block = Block(role, section, pieces[0][0], pieces[-1][1], list_depth > 0)
                    if role == "heading":
                        start, end = pieces[0][0], pieces[-1][1]
                        section = text[start:end]
                        sentences.append(Sentence(section, start, end, block))
                    elif unsplit(section, text[pieces[0][0] : pieces[-1][1]]):
                        start, end = pieces[0][0], pieces[-1][1]
                        sentences.append(Sentence(text[start:end], start, end, block))
                    else:
                        sentences.extend(_block_sentences(text, pieces, block))
        index += 1
    return sentences


def _block_sentences(text: str, pieces: list[tuple[int, int]], block: Block) -> list[Sentence]:
    """Sentences of a paragraph whose lines are ``pieces``: joined with single spaces for the
    segmenter, then mapped back line by line (a sentence may cross lines)."""
    joined = ""
    origin: list[tuple[int, int]] = []  # (offset in joined, offset in text) per piece
    for start, end in pieces:
        if joined:
            joined += " "
        origin.append((len(joined), start))
        joined += text[start:end]

    def to_text(offset: int, end: bool = False) -> int:
        best = origin[0]
        for joined_at, text_at in origin:
            if joined_at <= offset - (1 if end else 0):
                best = (joined_at, text_at)
        return best[1] + offset - best[0]

    result: list[Sentence] = []
    for start, end in _split(joined):
        a, b = to_text(start), to_text(end, end=True)
        quote = text[a:b]
        label = None
        if block.in_list:
            match = _LIST_LABEL.match(quote)
            if match:
                label = match.group("label")
        result.append(Sentence(quote, a, b, block, label))
    return result
