"""Re-anchoring a vanished quote: the most similar place of the changed article (a sentence,
or two consecutive sentences of one block), by rapidfuzz similarity with case and typography
folded; many quotes are bounded against every place in a few matrix calls (:class:`Anchors`).
The merge of :mod:`claimcheck.extract.merge` re-anchors a claim whose best place scores at
least :data:`REANCHOR_THRESHOLD`."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

import numpy
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from claimcheck.extract.reach import WHOLE, Reach
from claimcheck.extract.segment import Sentence
from claimcheck.text.quotes import fold

REANCHOR_THRESHOLD = 80.0
"""Minimum similarity (0-100, rapidfuzz Indel ratio, case and typography folded) for
re-anchoring a quote.

Measured on the 54 seed claims (tests/extract/test_reanchor_threshold.py prints the figures):
a quote with one word replaced, deleted or added scores at least 85.4 against its edited
sentence (median 96-97), with two words replaced at least 80.0 (median 90.5); the best match
of a quote among the *other* sentences of its article scores at most 73.2 (median 51). 80 lies
in that gap with room on both sides: a slight rewording is followed, a different sentence on the
same subject is never mistaken for it (the claim is then reported stale instead)."""

_WORD_CHAR = re.compile(r"[\w’'-]")


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _WORD_CHAR.match(text[start - 1]) and _WORD_CHAR.match(text[start]):
        start -= 1
    while end < len(text) and end > 0 and _WORD_CHAR.match(text[end]) and _WORD_CHAR.match(text[end - 1]):
        end += 1
    while start < end and text[start] in " ,;:":
        start += 1
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return start, end


def similarity(quote: str, sentence: str) -> tuple[float, int, int]:
    """How well ``quote`` matches ``sentence`` or a part of it: (score, start, end in sentence)."""
    return _similarity(fold(" ".join(quote.split())), fold(sentence), sentence)


def _similarity(a: str, b: str, sentence: str) -> tuple[float, int, int]:
    """:func:`similarity` of the folded quote ``a`` and ``b``, the folded ``sentence``."""
    if len(a) >= WHOLE * len(b):
        return fuzz.ratio(a, b), 0, len(sentence)
    alignment = fuzz.partial_ratio_alignment(a, b)
    if alignment is None:
        return 0.0, 0, 0
    start, end = _widen(sentence, alignment.dest_start, alignment.dest_end)
    # score the widened span itself, so the quote that is written is the one that was judged
    return float(Indel.normalized_similarity(a, fold(sentence[start:end])) * 100), start, end


def windows(sentences: Sequence[Sentence], text: str) -> list[tuple[int, int]]:
    """Places a quote may be re-anchored to: each sentence, and each two consecutive sentences of
    one block (a quote may span a sentence boundary)."""
    spans = [(s.start, s.end) for s in sentences]
    for first, second in pairwise(sentences):
        if first.block is second.block and not text[first.end : second.start].strip():
            spans.append((first.start, second.end))
    return spans


def best_anchor(quote: str, sentences: Sequence[Sentence], text: str) -> tuple[float, int, int] | None:
    """The most similar place for ``quote`` in ``text`` among ``sentences`` (and pairs of them):
    (score, start, end) in ``text``."""
    return Anchors(sentences, text).best(quote)


class Anchors:
    """The places of an article a quote may be re-anchored to, folded once for many quotes.

    With a ``threshold``, only the places that may score that much are aligned
    (:class:`~claimcheck.extract.reach.Reach` bounds every place's score from longest common
    subsequences, computed for many quotes in a few vectorized rapidfuzz calls): thousands of
    stale quotes cost thousands of alignments, not millions."""

    def __init__(self, sentences: Sequence[Sentence], text: str) -> None:
        self.spans = windows(sentences, text)
        self.texts = [text[a:b] for a, b in self.spans]
        self.folded = [fold(t) for t in self.texts]
        # fold keeps their case, or lowers a capital sigma by its context (a part may differ)
        self.always = [len(t.lower()) != len(t) or "\u03a3" in t for t in self.texts]
        self._seen: dict[tuple[str, float | None], tuple[float, int, int] | None] = {}
        self._reach: dict[float, Reach] = {}

    def best(self, quote: str, threshold: float | None = None) -> tuple[float, int, int] | None:
        return self.best_of([quote], threshold)[0]

    def best_of(
        self, quotes: Sequence[str], threshold: float | None = None
    ) -> list[tuple[float, int, int] | None]:
        """:meth:`best` of each quote; the bounds of many quotes come from a few matrix calls."""
        folded = [fold(" ".join(quote.split())) for quote in quotes]
        todo = [a for a in dict.fromkeys(folded) if (a, threshold) not in self._seen]
        if threshold is None:
            found: list[Sequence[int]] = [range(len(self.folded))] * len(todo)
        else:
            if threshold not in self._reach:
                self._reach[threshold] = Reach(self.folded, self.always, threshold)
            found = list(self._reach[threshold].places(todo))
        for a, places in zip(todo, found, strict=True):
            self._seen[(a, threshold)] = self._best(a, places)
        return [self._seen[(a, threshold)] for a in folded]

    def _best(self, a: str, places: Sequence[int]) -> tuple[float, int, int] | None:
        # a place about as long as the quote is scored by fuzz.ratio alone (see _similarity):
        # those scores come from one vectorized call, the others one by one
        whole = [i for i in places if len(a) >= WHOLE * len(self.folded[i])]
        ratios = (
            dict(
                zip(
                    whole,
                    process.cdist(
                        [a], [self.folded[i] for i in whole], scorer=fuzz.ratio, dtype=numpy.float64
                    )[0],
                    strict=True,
                )
            )
            if whole
            else {}
        )
        best: tuple[float, int, int] | None = None
        for i in places:
            if i in ratios:
                score, start, end = float(ratios[i]), 0, len(self.texts[i])
            else:
                score, start, end = _similarity(a, self.folded[i], self.texts[i])
            if end > start and (best is None or score > best[0]):
                window_start = self.spans[i][0]
                best = (score, window_start + start, window_start + end)
        return best
