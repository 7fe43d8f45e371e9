"""The featurizer: a sentence as the word n-grams (and optional word-start prefixes) a linear
model weighs, each with the span of the sentence it comes from.

Deterministic and cheap: text is prepared once per document (:meth:`Featurizer.prepare`:
typography and case folded as :func:`claimcheck.quotes.fold` does, every digit read as
``0``, one character for one, so offsets hold and "save 20%" and "save 35%" are one feature),
words are found by one compiled regular expression, and the features are plain strings that
a model looks up in a dict. Its settings travel in the model file, so a model is always read
with the featurizer it was trained with.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from claimcheck.quotes import fold

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[!?%$€£]")
_DIGITS = str.maketrans("123456789", "000000000")

Span = tuple[int, int]


def prepare_folded(folded: str) -> str:
    """Folded text (:func:`claimcheck.quotes.fold`) with every digit read as ``0``."""
    return folded.translate(_DIGITS)


def prepare(text: str) -> str:
    """``text`` as the featurizer reads it: folded, digits as ``0``; offsets unchanged."""
    return fold(text).translate(_DIGITS)


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

    def features(self, prepared: str, start: int = 0, end: int | None = None) -> list[str]:
        """The features of ``prepared[start:end]`` (text from :func:`prepare`; no spans)."""
        words: list[str] = _TOKEN.findall(prepared, start, len(prepared) if end is None else end)
        out: list[str] = words[:] if self.min_n <= 1 else []
        if self.min_n <= 2 <= self.max_n:
            out += [a + " " + b for a, b in pairwise(words)]
        for n in range(max(3, self.min_n), self.max_n + 1):
            out += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        if self.prefix:
            size = self.prefix
            out += ["p:" + w[:size] for w in words if len(w) > size]
        return out

    def text_features(self, text: str) -> list[str]:
        """The features of ``text`` as written."""
        return self.features(prepare(text))

    def located(self, text: str) -> Iterator[tuple[str, Span]]:
        """Every feature of ``text`` (as written) with the span of ``text`` it comes from."""
        words: list[str] = []
        spans: list[Span] = []
        for match in _TOKEN.finditer(prepare(text)):
            words.append(match.group())
            spans.append(match.span())
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
