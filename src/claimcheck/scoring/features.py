"""The featurizer: a sentence as the word n-grams (and optional word-start prefixes) a linear
model weighs, each with the span of the sentence it comes from.

Deterministic and cheap: text is prepared once per document (:meth:`Featurizer.prepare`:
typography and case folded as :func:`claimcheck.text.quotes.fold` does, every digit read as
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

from claimcheck.text.quotes import fold

_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[!?%$€£]")
_DIGITS = str.maketrans("123456789", "000000000")

Span = tuple[int, int]


def prepare_folded(folded: str) -> str:
    """Folded text (:func:`claimcheck.text.quotes.fold`) with every digit read as ``0``."""
    return folded.translate(_DIGITS)


def prepare(text: str) -> str:
    """``text`` as the featurizer reads it: folded, digits as ``0``; offsets unchanged."""
    return fold(text).translate(_DIGITS)


@dataclass(frozen=True, slots=True)
class Featurizer:
    """Word n-grams of ``min_n``..``max_n`` words (joined by a space), and, with ``prefix``
    above 0, the first ``prefix`` letters of each word longer than that (``p:boost`` for
    "boosts", "boosting"), so unseen inflections still count. With ``shape``, the sentence's
    shape too (:func:`shape_features`: its length, how it ends, its first and last word, a
    leading list dash), which tells a fragment or a heading from a sentence. (A
    :class:`~claimcheck.scoring.stack.Stack` gathers word and n-gram features only: a model
    with ``shape`` is scored on its own, as extract's ``claim`` model is.)"""

    min_n: int = 1
    max_n: int = 2
    prefix: int = 0
    shape: bool = False

    def settings(self) -> dict[str, int]:
        settings = {"min_n": self.min_n, "max_n": self.max_n, "prefix": self.prefix}
        if self.shape:  # only when set: the files of models without it stay as they were
            settings["shape"] = 1
        return settings

    @classmethod
    def from_settings(cls, settings: dict[str, int]) -> Featurizer:
        return cls(
            int(settings["min_n"]),
            int(settings["max_n"]),
            int(settings.get("prefix", 0)),
            bool(settings.get("shape", 0)),
        )

    def features(self, prepared: str, start: int = 0, end: int | None = None) -> list[str]:
        """The features of ``prepared[start:end]`` (text from :func:`prepare`; no spans)."""
        words = self.words(prepared, start, end)
        out: list[str] = []
        for word in words:
            out += self.word_features(word)
        out += self.ngram_features(words)
        if self.shape:
            out += shape_features(prepared, start, len(prepared) if end is None else end, words)
        return out

    def words(self, prepared: str, start: int = 0, end: int | None = None) -> list[str]:
        """The words of ``prepared[start:end]``."""
        found: list[str] = _TOKEN.findall(prepared, start, len(prepared) if end is None else end)
        return found

    def word_features(self, word: str) -> list[str]:
        """The features of one word alone (the word, its first letters): the same wherever it
        stands, so a caller may remember them per word."""
        out = [word] if self.min_n <= 1 else []
        if self.prefix and len(word) > self.prefix:
            out.append("p:" + word[: self.prefix])
        return out

    def ngram_features(self, words: list[str]) -> list[str]:
        """The features of runs of ``min_n``..``max_n`` words (at least two)."""
        out: list[str] = []
        if self.min_n <= 2 <= self.max_n:
            out += [a + " " + b for a, b in pairwise(words)]
        for n in range(max(3, self.min_n), self.max_n + 1):
            out += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
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
        if self.shape and words:  # the first and last word are phrases; length and ending are not
            yield "s:first " + words[0], spans[0]
            yield "s:last " + words[-1], spans[-1]


_LENGTHS = ((4, "s:len1"), (8, "s:len2"), (15, "s:len3"), (30, "s:len4"))
_ENDS = frozenset(".?!:;)")


def shape_features(prepared: str, start: int, end: int, words: list[str]) -> list[str]:
    """The shape of ``prepared[start:end]`` (whose tokens are ``words``): its length in words
    (up to 4, 8, 15, 30, more), its last character when a stop, colon, semicolon or bracket
    (``s:end_`` otherwise), its first and last word, and ``s:dash`` when it starts with a list
    dash or bullet. Chosen on dev for claim-worthiness (claimcheck.extract.models)."""
    text = prepared[start:end].strip()
    count = len(words)
    out = [next((name for limit, name in _LENGTHS if count <= limit), "s:len5")]
    out.append("s:end" + (text[-1] if text and text[-1] in _ENDS else "_"))
    if words:
        out += ["s:first " + words[0], "s:last " + words[-1]]
    if text[:1] in ("-", "•", "*"):
        out.append("s:dash")
    return out
