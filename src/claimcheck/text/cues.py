"""What each sentence of an article signals: the lexicon cues and substance names in it.

The whole body is matched once (one compiled matcher over the folded text) and the matches
are bucketed into sentences. Cues inside quotation marks are reported speech (scare quotes,
quoted claims) and are dropped. The rules in ``rules/content.py`` read these cues; so can any
other consumer of sentences (claim extraction).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimcheck.lexicon import Cue, Lexicon
from claimcheck.quotes import fold
from claimcheck.text.segments import BlockKind, Segments

_QUOTED = re.compile(r"\"[^\"\n]{1,120}\"")


@dataclass(slots=True)
class SentenceCues:
    index: int
    cues: dict[Cue, list[tuple[int, int]]] = field(default_factory=dict)
    """Offsets ``(start, end)`` of each cue's phrases, in order."""
    substances: dict[str, int] = field(default_factory=dict)
    """Substance id -> offset of its first mention by a product name."""
    bodies: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Substance id -> offsets of mentions by a name of what the body makes (testosterone)."""

    def has(self, *cues: Cue) -> bool:
        return not self.cues.keys().isdisjoint(cues)


    def first(self, *cues: Cue) -> int | None:
        found = [self.cues[cue][0][0] for cue in cues if cue in self.cues]
        return min(found) if found else None


@dataclass(frozen=True)
class ArticleCues:
    segments: Segments
    found: dict[int, SentenceCues]
    """The sentences in which the lexicon found something, by sentence index, in order."""
    skipped_blocks: frozenset[int]
    """Blocks in sections that are not prose (references, bibliography)."""

    def at(self, index: int) -> SentenceCues:
        """The cues of sentence ``index`` (empty if none)."""
        return self.found.get(index) or SentenceCues(index)

    def prose(self) -> Iterable[SentenceCues]:
        """Sentences with cues, outside headings and skipped sections, in order."""
        blocks = self.segments.blocks
        sentences = self.segments.sentences
        for index, cues in self.found.items():
            block = sentences[index].block
            if block not in self.skipped_blocks and blocks[block].kind is not BlockKind.HEADING:
                yield cues


def analyze(text: str, segments: Segments, lexicon: Lexicon, folded: str | None = None) -> ArticleCues:
    """The cues of every sentence of ``segments`` (whose offsets index ``text``)."""
    folded_text = fold(text) if folded is None else folded
    sentences = segments.sentences
    found: dict[int, SentenceCues] = {}
    if not sentences:
        return ArticleCues(segments, found, frozenset())
    starts = [s.start for s in sentences]
    quoted: dict[int, list[tuple[int, int]]] = {}
    matches = lexicon.matcher.finditer(folded_text, sentences[0].start, sentences[-1].end)
    for start, end, hits in matches:
        index = bisect.bisect_right(starts, start) - 1
        if index < 0 or end > sentences[index].end:
            continue
        spans = quoted.get(index)
        if spans is None:
            sentence = sentences[index]
            has_quote = folded_text.find('"', sentence.start, sentence.end) >= 0
            pairs = _QUOTED.finditer(folded_text, sentence.start, sentence.end) if has_quote else ()
            spans = quoted[index] = [m.span() for m in pairs]
        if spans and any(q_start < start and end < q_end for q_start, q_end in spans):
            continue
        target = found.get(index)
        if target is None:
            target = found[index] = SentenceCues(index)
        for kind, value in hits:
            if kind == "substance":
                target.substances.setdefault(value, start)
            elif kind == "body":
                target.bodies.setdefault(value, []).append((start, end))
            else:
                target.cues.setdefault(Cue(value), []).append((start, end))
    skipped = _skipped_blocks(segments, found)
    return ArticleCues(segments, found, skipped)


def _skipped_blocks(segments: Segments, cues: dict[int, SentenceCues]) -> frozenset[int]:
    skipped: set[int] = set()
    skipping = False
    for index, block in enumerate(segments.blocks):
        if block.kind is BlockKind.HEADING:
            heading = cues.get(block.first_sentence) if block.sentence_count else None
            title = segments.block_text(block).strip().strip("#").strip().lower()
            skipping = heading is not None and heading.has(Cue.SECTION_SKIP) and len(title.split()) <= 3
        if skipping:
            skipped.add(index)
    return frozenset(skipped)
