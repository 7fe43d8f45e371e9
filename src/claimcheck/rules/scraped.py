"""Which blocks of an article are scraped page text (cookie and consent banners, newsletter
prompts, sharing and navigation links): short blocks with that vocabulary, in runs that take
in short blocks caught between them. CC307 reports each run once; the other content rules do
not judge sentences inside a run (the fix is to delete it, not to reword it)."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.lexicon import Cue
from claimcheck.lexicon.cues import ArticleCues

MAX_BOILERPLATE_WORDS = 80
"""A block of more words is article text, whatever its vocabulary."""
MAX_GAP = 2
"""Blocks between two scraped blocks that still belong to their run."""


def scraped_runs(cues: ArticleCues) -> tuple[tuple[int, int], ...]:
    """The runs of scraped blocks, as (first, last) block indexes, in order."""
    segments = cues.segments
    candidates = sorted(
        {
            segments.sentences[found.index].block
            for found in cues.found.values()
            if Cue.BOILERPLATE in found.cues
        }
    )
    hits = [
        i for i in candidates if len(segments.block_text(segments.blocks[i]).split()) <= MAX_BOILERPLATE_WORDS
    ]
    return tuple(_runs(hits))


def _runs(indexes: list[int]) -> Iterator[tuple[int, int]]:
    if not indexes:
        return
    first = last = indexes[0]
    for index in indexes[1:]:
        if index - last > MAX_GAP + 1:
            yield first, last
            first = index
        last = index
    yield first, last
