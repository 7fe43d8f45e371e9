"""What each sentence of an article signals: the lexicon cues and substance names in it.

The whole body is matched once (one compiled matcher over the folded text) and the matches
are bucketed into sentences. Cues inside quotation marks are reported speech (scare quotes,
quoted claims) and are dropped. The content rules (``rules/reading.py``) read these cues; so can any
other consumer of sentences (claim extraction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from weakref import WeakKeyDictionary

from claimcheck.lexicon import Cue, Lexicon
from claimcheck.text.quotes import fold
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
        table = self.cues
        return min((table[cue][0][0] for cue in cues if cue in table), default=None)


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

    def prose(self) -> tuple[SentenceCues, ...]:
        """Sentences (headings included) with cues, outside skipped sections, in order."""
        return self._prose

    @cached_property
    def _prose(self) -> tuple[SentenceCues, ...]:
        sentences = self.segments.sentences
        skipped = self.skipped_blocks
        return tuple(cues for index, cues in self.found.items() if sentences[index].block not in skipped)


Prepared = tuple[tuple[Cue, ...], tuple[str, ...], tuple[str, ...]]
_PREPARED: WeakKeyDictionary[Lexicon, dict[str, Prepared]] = WeakKeyDictionary()


def _prepared(lexicon: Lexicon) -> dict[str, Prepared]:
    """Matched text -> (cues, product substances, body substances), filled as texts are met."""
    table = _PREPARED.get(lexicon)
    if table is None:
        table = _PREPARED[lexicon] = {}
    return table


def _prepare(lexicon: Lexicon, matched: str) -> Prepared:
    hits = lexicon.matcher.values(matched)
    cues = tuple(value for kind, value in hits if kind == "cue" and isinstance(value, Cue))
    substances = tuple(value for kind, value in hits if kind == "substance")
    bodies = tuple(value for kind, value in hits if kind == "body")
    return cues, substances, bodies


def analyze(text: str, segments: Segments, lexicon: Lexicon, folded: str | None = None) -> ArticleCues:
    """The cues of every sentence of ``segments`` (whose offsets index ``text``)."""
    folded_text = fold(text) if folded is None else folded
    sentences = segments.sentences
    found: dict[int, SentenceCues] = {}
    if not sentences:
        return ArticleCues(segments, found, frozenset())
    index, last = 0, len(sentences) - 1
    sentence_start, sentence_end = sentences[0].start, sentences[0].end
    target: SentenceCues | None = None
    quoted: list[tuple[int, int]] = []
    prepared = _prepared(lexicon)
    for start, end in lexicon.matcher.scan(folded_text, sentence_start, sentences[-1].end):
        if start >= sentence_end:  # matches come in order: move to the sentence holding this one
            while index < last and sentences[index + 1].start <= start:
                index += 1
            sentence_start, sentence_end = sentences[index].start, sentences[index].end
            target = None
        if start < sentence_start or end > sentence_end:
            continue
        matched = folded_text[start:end]
        hit = prepared.get(matched)
        if hit is None:
            hit = prepared[matched] = _prepare(lexicon, matched)
        if target is None:
            target = found.get(index)
            if target is None:
                target = found[index] = SentenceCues(index)
            has_quote = folded_text.find('"', sentence_start, sentence_end) >= 0
            pairs = _QUOTED.finditer(folded_text, sentence_start, sentence_end) if has_quote else ()
            quoted = [m.span() for m in pairs]
        if quoted and any(q_start < start and end < q_end for q_start, q_end in quoted):
            continue
        cues, substances, bodies = hit
        if cues:
            table = target.cues
            for cue in cues:
                spans = table.get(cue)
                if spans is None:
                    table[cue] = [(start, end)]
                else:
                    spans.append((start, end))
        for sid in substances:
            target.substances.setdefault(sid, start)
        for sid in bodies:
            target.bodies.setdefault(sid, []).append((start, end))
    for empty in [i for i, cues in found.items() if not (cues.cues or cues.substances or cues.bodies)]:
        del found[empty]
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


def analyze_span(folded: str, start: int, end: int, lexicon: Lexicon, index: int = -1) -> SentenceCues:
    """The cues of one span of a folded text that is not a sentence of the segments (the
    front matter's title), as :func:`analyze` finds them in a sentence."""
    found = SentenceCues(index)
    prepared = _prepared(lexicon)
    quoted = [m.span() for m in _QUOTED.finditer(folded, start, end)] if '"' in folded[start:end] else []
    for m_start, m_end in lexicon.matcher.scan(folded, start, end):
        if m_start < start or m_end > end:
            continue
        if any(q_start < m_start and m_end < q_end for q_start, q_end in quoted):
            continue
        matched = folded[m_start:m_end]
        hit = prepared.get(matched)
        if hit is None:
            hit = prepared[matched] = _prepare(lexicon, matched)
        cues, substances, bodies = hit
        for cue in cues:
            found.cues.setdefault(cue, []).append((m_start, m_end))
        for sid in substances:
            found.substances.setdefault(sid, m_start)
        for sid in bodies:
            found.bodies.setdefault(sid, []).append((m_start, m_end))
    return found
