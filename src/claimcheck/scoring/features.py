"""The featurizer: a sentence as the word n-grams (and optional word-start prefixes) a linear
model weighs, each with the span of the sentence it comes from.

Deterministic and cheap: text is folded (typography and case, one character for one, so
offsets hold: :func:`claimcheck.quotes.fold`), words are found by one compiled regular
expression, digit runs read as ``0`` ("save 20%" and "save 35%" are one feature), and the
features are plain strings that a model looks up in a dict. Its settings travel in the model
file, so a model is always read with the featurizer it was trained with.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from claimcheck.quotes import fold

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[!?%$€£]")
_DIGITS = re.compile(r"[0-9]+")
_HAS_DIGIT = re.compile(r"[0-9]")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Featurizer:
    """Word n-grams of ``min_n``..``max_n`` words (joined by a space), and, with ``prefix``
    above 0, the first ``prefix`` letters of each word longer than that (``p:boost`` for
    "boosts", "boosting"), so unseen inflections still count."""

    min_n: int = 1
    max_n: int = 2
    prefix: int = 0

    def settings(self) -> dict[str, int]:
        return {"min_n": self.min_n, "max_n": self.max_n, "prefix": self.prefix}

    @classmethod
    def from_settings(cls, settings: dict[str, int]) -> Featurizer:
        return cls(int(settings["min_n"]), int(settings["max_n"]), int(settings.get("prefix", 0)))

    def tokens(self, folded: str, start: int = 0, end: int | None = None) -> tuple[list[str], list[Span]]:
        """The words of ``folded[start:end]`` (already folded text) and their spans."""
        words: list[str] = []
        spans: list[Span] = []
        stop = len(folded) if end is None else end
        for match in _TOKEN.finditer(folded, start, stop):
            word = match.group()
            if _HAS_DIGIT.search(word):
                word = _DIGITS.sub("0", word)
            words.append(word)
            spans.append(match.span())
        return words, spans

    def features(self, folded: str, start: int = 0, end: int | None = None) -> list[str]:
        """The features of ``folded[start:end]`` (fast path: no spans)."""
        stop = len(folded) if end is None else end
        words: list[str] = _TOKEN.findall(folded, start, stop)
        if _HAS_DIGIT.search(folded, start, stop):
            words = [_DIGITS.sub("0", w) for w in words]
        return self._grams(words)

    def _grams(self, words: list[str]) -> list[str]:
        out: list[str] = words[:] if self.min_n <= 1 else []
        if self.min_n <= 2 <= self.max_n:
            out += [a + " " + b for a, b in itertools.pairwise(words)]
        for n in range(max(3, self.min_n), self.max_n + 1):
            out += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        if self.prefix:
            size = self.prefix
            out += ["p:" + w[:size] for w in words if len(w) > size]
        return out

    def located(self, text: str) -> Iterator[tuple[str, Span]]:
        """Every feature of ``text`` (unfolded) with the span of ``text`` it comes from."""
        words, spans = self.tokens(fold(text))
        if self.min_n <= 1:
            yield from zip(words, spans, strict=True)
        for n in range(max(2, self.min_n), self.max_n + 1):
            for i in range(len(words) - n + 1):
                yield " ".join(words[i : i + n]), (spans[i][0], spans[i + n - 1][1])
        if self.prefix:
            size = self.prefix
            for word, span in zip(words, spans, strict=True):
                if len(word) > size:
                    yield "p:" + word[:size], span
