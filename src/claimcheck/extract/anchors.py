"""Re-anchoring a vanished quote: the most similar place of the changed article (a sentence,
or two consecutive sentences of one block), by rapidfuzz similarity with case and typography
folded; many quotes are bounded against every place in a few matrix calls (:class:`Anchors`).
The merge of :mod:`claimcheck.extract.merge` re-anchors a claim whose best place scores at
least :data:`REANCHOR_THRESHOLD`."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from itertools import pairwise

import numpy
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq

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
    if len(a) >= 0.8 * len(b):
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

    With a ``threshold``, only the places that may score that much are scored: a score is the
    Indel similarity 2L/(|a|+|s|) of the folded quote ``a`` and the place, or a part ``s`` of
    it, whose longest common subsequence ``L`` with ``a`` is at most the place's own, ``L0``;
    so no score exceeds 2·L0/(|a|+L0). ``L0`` of every place comes from one vectorized
    rapidfuzz call, and thousands of stale quotes cost thousands of those calls, not millions
    of alignments."""

    def __init__(self, sentences: Sequence[Sentence], text: str) -> None:
        self.spans = windows(sentences, text)
        self.texts = [text[a:b] for a, b in self.spans]
        self.folded = [fold(t) for t in self.texts]
        # fold keeps their case, or lowers a capital sigma by its context (a part may differ)
        self.always = [len(t.lower()) != len(t) or "\u03a3" in t for t in self.texts]
        self._always = numpy.asarray(self.always, dtype=bool)
        self._seen: dict[tuple[str, float | None], tuple[float, int, int] | None] = {}
        self._window_cache: dict[tuple[int, float], tuple[list[int], list[str], numpy.ndarray]] = {}

    def best(self, quote: str, threshold: float | None = None) -> tuple[float, int, int] | None:
        return self.best_of([quote], threshold)[0]

    def best_of(
        self, quotes: Sequence[str], threshold: float | None = None
    ) -> list[tuple[float, int, int] | None]:
        """:meth:`best` of each quote; the bounds of many quotes come from a few matrix calls."""
        folded = [fold(" ".join(quote.split())) for quote in quotes]
        todo = [a for a in dict.fromkeys(folded) if (a, threshold) not in self._seen]
        for begin in range(0, len(todo), self.CHUNK):
            chunk = todo[begin : begin + self.CHUNK]
            for a, places in zip(chunk, self._places(chunk, threshold), strict=True):
                self._seen[(a, threshold)] = self._best(a, places)
        return [self._seen[(a, threshold)] for a in folded]

    CHUNK = 256
    """Quotes bounded together: a matrix of CHUNK x places (x windows) numbers at most."""

    def _places(self, quotes: list[str], threshold: float | None) -> list[Sequence[int]]:
        if threshold is None or not self.folded:
            return [range(len(self.folded))] * len(quotes)
        common = process.cdist(quotes, self.folded, scorer=LCSseq.similarity, dtype=numpy.int32)
        sizes = numpy.asarray([len(a) for a in quotes])[:, None]
        bound = 200.0 * common / numpy.maximum(sizes + common, 1)
        keep = (bound >= threshold - 1e-9) | self._always
        if threshold > 0:
            by_size: dict[int, list[int]] = {}
            for row, a in enumerate(quotes):
                by_size.setdefault(len(a), []).append(row)
            for size, rows in by_size.items():
                part = keep[rows]  # a copy (rows picked by a list), written back
                self._within_windows([quotes[r] for r in rows], size, part, threshold)
                keep[rows] = part
        return [[int(i) for i in numpy.flatnonzero(row)] for row in keep]

    def _windows(self, size: int, threshold: float) -> tuple[list[int], list[str], numpy.ndarray]:
        """The long places for quotes of ``size`` characters, their windows, and where each
        place's windows begin in that list."""
        key = (size, threshold)
        if key not in self._window_cache:
            longest = math.floor((200.0 / threshold - 1.0) * size + 1e-9)
            step = max(1, size // 10)
            short = max(longest, math.ceil(1.25 * size)) + step  # fuzz.ratio scores the whole place
            owners: list[int] = []
            starts: list[int] = []
            texts: list[str] = []
            for i, b in enumerate(self.folded):
                if self.always[i] or len(b) <= short:
                    continue
                owners.append(i)
                starts.append(len(texts))
                texts.extend(
                    b[start : start + longest + step] for start in range(0, max(1, len(b) - longest), step)
                )
            self._window_cache[key] = (owners, texts, numpy.asarray(starts, dtype=numpy.intp))
        return self._window_cache[key]

    def _within_windows(self, quotes: list[str], size: int, keep: numpy.ndarray, threshold: float) -> None:
        """Drops from ``keep`` (rows: ``quotes``, all ``size`` characters long) the long places
        that cannot score ``threshold`` either.

        A span ``s`` scoring ``threshold`` = 2L/(|a|+|s|) with L <= |a| is at most
        ``longest`` = (200/threshold - 1)·|a| long (1.5·|a| at 80), so it lies within one of the
        windows of ``longest + step`` characters that start every ``step`` characters of the
        place; its ``L`` is at most the best window's LCS with ``a``, which bounds its score as
        the whole place's LCS does, but tighter: a place twice as long as the quote (two
        sentences) shares much more with it than any quote-sized part of it does."""
        owners, texts, starts = self._windows(size, threshold)
        if not texts:
            return
        common = process.cdist(quotes, texts, scorer=LCSseq.similarity, dtype=numpy.int32)
        best = numpy.maximum.reduceat(common, starts, axis=1)
        reach = 200.0 * best / numpy.maximum(size + best, 1) >= threshold - 1e-9
        keep[:, owners] &= reach

    def _best(self, a: str, places: Sequence[int]) -> tuple[float, int, int] | None:
        # a place about as long as the quote is scored by fuzz.ratio alone (see _similarity):
        # those scores come from one vectorized call, the others one by one
        whole = [i for i in places if len(a) >= 0.8 * len(self.folded[i])]
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
