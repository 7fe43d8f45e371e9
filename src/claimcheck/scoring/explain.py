"""Explanations: the phrases of a sentence, in its own words, whose features weighed most."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimcheck.scoring.features import Span

FUNCTION_WORDS = frozenset(
    ["a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "their", "there", "than", "then", "so", "if"]
)  # fmt: skip
"""Words an explanation does not quote on their own (scoring still weighs them)."""

MAX_PHRASE_WORDS = 4
"""A phrase grows by touching features up to this many words."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """Words of the sentence that weighed toward the decision, and how much."""

    text: str
    start: int
    end: int
    weight: float


def top_phrases(text: str, weighed: Iterable[tuple[str, Span, float]], k: int) -> list[Phrase]:
    """The ``k`` strongest phrases of ``text`` from its features, their spans and what each
    adds toward the decision. Overlapping or adjacent features (a word and the bigram holding
    it, the next word) merge into the phrase they cover (up to :data:`MAX_PHRASE_WORDS`
    words), weighing their sum; features of function words alone ("on", "of the") and
    features that weigh against are left out. Strongest first."""
    pushes = sorted(
        ((weight, span) for feature, span, weight in weighed
         if weight > 0 and not FUNCTION_WORDS.issuperset(feature.split())),
        key=lambda p: (-p[0], p[1]),
    )  # fmt: skip
    phrases: list[tuple[float, int, int]] = []  # (weight, start, end)
    for weight, (start, end) in pushes:
        touching = [p for p in phrases if start <= p[2] + 1 and p[1] <= end + 1]
        if touching:
            low, high = min(start, *(p[1] for p in touching)), max(end, *(p[2] for p in touching))
            if text.count(" ", low, high) < MAX_PHRASE_WORDS:
                merged = (weight + sum(p[0] for p in touching), low, high)
                phrases = [p for p in phrases if p not in touching] + [merged]
        elif len(phrases) < k:
            phrases.append((weight, start, end))
    phrases.sort(key=lambda p: (-p[0], p[1]))
    return [Phrase(text[s:e], s, e, round(w, 4)) for w, s, e in phrases]
