"""Which places of an article a quote may be re-anchored to at a threshold, found without
aligning the quote to each place (extract/anchors.py aligns only these).

A place scores the quote ``a`` (``n`` characters, folded) as the Indel similarity 200·L/(n+m)
of ``a`` and the place, or a part of it, ``s`` of ``m`` characters, whose longest common
subsequence with ``a`` is ``L`` <= min(n, m). So:

* a place about as long as the quote is scored whole (fuzz.ratio): its score is known from
  its LCS with the quote, one number of a matrix computed for many quotes at once;
* a part of at most ``n`` characters scores at most 200·K/(n+K), where ``K`` is the LCS of the
  quote with any stretch of the place that holds that part (K <= n);
* a part of ``n`` characters or more scores at most 200·K/(2n) = 100·K/n.

The stretch is first the whole place (the matrix), then, for a place still in reach, windows of
``span + step`` characters starting every ``step`` characters (every part of at most ``span``
characters lies within one): wider steps first, then narrower ones for what is left. On ten
thousand stale quotes of an article of 200 sentences drawn from 23 words (the hostile-input
benchmark), 0.3 % of the places of a quote stay in reach, against 7 % with one window size
bounding every part alike, and every place stays that a full search could anchor to
(tests/extract/test_merge.py compares the two)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from rapidfuzz import process
from rapidfuzz.distance import LCSseq

WHOLE = 0.8
"""A place at most ``len(quote) / WHOLE`` characters long is scored whole (anchors._similarity)."""

_SLACK = 1e-9  # a bound equal to the threshold stays in reach, despite rounding


@dataclass(frozen=True)
class Windows:
    """Windows of one width over the places: place ``i`` has ``count[i]`` of them, from
    ``first[i]`` in ``texts``; a place no wider than a window has none (the place is its one)."""

    texts: numpy.ndarray
    first: numpy.ndarray
    count: numpy.ndarray

    @classmethod
    def over(cls, folded: Sequence[str], span: int, step: int) -> Windows:
        """Windows of ``span + step`` characters every ``step`` characters: any part of at most
        ``span`` characters starting at ``p`` lies within the one starting at ``p - p % step``,
        or within the last, which reaches the place's end."""
        texts: list[str] = []
        first = numpy.zeros(len(folded), dtype=numpy.intp)
        count = numpy.zeros(len(folded), dtype=numpy.intp)
        for i, b in enumerate(folded):
            first[i] = len(texts)
            if len(b) > span + step:
                starts = range(0, max(1, len(b) - span), step)
                texts.extend(b[start : start + span + step] for start in starts)
                count[i] = len(starts)
        return cls(numpy.asarray(texts, dtype=object), first, count)

    def best(self, quote: str, places: numpy.ndarray, whole: numpy.ndarray) -> numpy.ndarray:
        """The LCS of ``quote`` with the best window of each of ``places``; ``whole``: their
        LCS with the whole place, kept for a place without windows."""
        best = whole.copy()
        split = self.count[places] > 0
        if not split.any():
            return best
        rows = places[split]
        counts = self.count[rows]
        ends = numpy.cumsum(counts)
        index = numpy.arange(ends[-1]) + numpy.repeat(self.first[rows] - (ends - counts), counts)
        common = process.cdist(
            [quote], self.texts[index].tolist(), scorer=LCSseq.similarity, dtype=numpy.int32
        )[0]
        best[split] = numpy.maximum.reduceat(common, ends - counts)
        return best


class Reach:
    """The places of an article (folded) that a quote may score ``threshold`` against."""

    CHUNK = 256
    """Quotes bounded by one matrix call: CHUNK x places numbers at most."""

    def __init__(self, folded: Sequence[str], always: Sequence[bool], threshold: float) -> None:
        self.folded = list(folded)
        self.threshold = threshold
        self.lengths = numpy.asarray([len(b) for b in folded], dtype=numpy.float64)
        self.always = numpy.asarray(always, dtype=bool)
        self._windows: dict[tuple[int, int], Windows] = {}

    def places(self, quotes: Sequence[str]) -> list[list[int]]:
        """For each quote (folded), the places it may reach the threshold on, in order."""
        if self.threshold <= 0 or not self.folded:
            return [list(range(len(self.folded))) for _ in quotes]
        found: list[list[int]] = []
        for begin in range(0, len(quotes), self.CHUNK):
            chunk = list(quotes[begin : begin + self.CHUNK])
            common = process.cdist(chunk, self.folded, scorer=LCSseq.similarity, dtype=numpy.int32)
            sizes = numpy.asarray([len(a) for a in chunk], dtype=numpy.float64)[:, None]
            whole = sizes >= WHOLE * self.lengths
            scored = 200.0 * common / numpy.maximum(sizes + self.lengths, 1) >= self.threshold - _SLACK
            keep = self.always | (whole & scored)
            partial = ~whole & ~self.always
            long = partial & self._reaches(common, sizes, long_parts=True)
            short = partial & ~long & self._reaches(common, sizes, long_parts=False)
            for row, a in enumerate(chunk):
                if short[row].any():
                    keep[row, self._short(a, common[row], numpy.flatnonzero(short[row]))] = True
                if long[row].any():
                    keep[row, self._long(a, common[row], numpy.flatnonzero(long[row]))] = True
            found.extend([int(i) for i in numpy.flatnonzero(row)] for row in keep)
        return found

    def _reaches(self, common: numpy.ndarray, size: int | numpy.ndarray, long_parts: bool) -> numpy.ndarray:
        """Whether a part sharing at most ``common`` characters with a quote of ``size`` may score
        the threshold: a part of at most ``size`` characters, or (``long_parts``) one of ``size``
        characters or more (a tighter bound)."""
        k = numpy.minimum(common, size).astype(numpy.float64)
        bound = 100.0 * k / numpy.maximum(size, 1) if long_parts else 200.0 * k / numpy.maximum(size + k, 1)
        reaches: numpy.ndarray = bound >= self.threshold - _SLACK
        return reaches

    def _short(self, a: str, common: numpy.ndarray, todo: numpy.ndarray) -> numpy.ndarray:
        """Of the places ``todo``, those where a part of at most ``len(a)`` characters may reach
        the threshold: windows of 1.5n, then of 1.1n characters."""
        n = len(a)
        for step in (max(1, n // 2), max(1, n // 10)):
            best = self._window(n, step).best(a, todo, common[todo])
            todo = todo[self._reaches(best, n, long_parts=False)]
            if not len(todo):
                break
        return todo

    def _long(self, a: str, common: numpy.ndarray, todo: numpy.ndarray) -> numpy.ndarray:
        """Of the places ``todo``, sharing 0.8n characters with the quote (rare), those that may
        hold a part reaching the threshold: windows of the longest part that can score it hold
        every part, short or long (so the looser bound of short parts applies)."""
        n = len(a)
        longest = math.floor((200.0 / self.threshold - 1.0) * n + 1e-9)
        best = self._window(longest, max(1, n // 10)).best(a, todo, common[todo])
        kept: numpy.ndarray = todo[self._reaches(best, n, long_parts=False)]
        return kept

    def _window(self, span: int, step: int) -> Windows:
        key = (span, step)
        if key not in self._windows:
            self._windows[key] = Windows.over(self.folded, span, step)
        return self._windows[key]
