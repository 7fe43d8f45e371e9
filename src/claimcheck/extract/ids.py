"""Stable claim ids: a short slug of the claim's content words, unique across the corpus.

An id is made once, when a claim is first added, and never recomputed: later edits to the
quote keep it (the merge re-anchors by text, not by id). Substances are written in their
compact form (IGF-1 → igf1, growth hormone → gh) so ids stay short and greppable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from claimcheck.extract.lexicon import Lexicon, lexicon
from claimcheck.model.claims import CLAIM_ID_PATTERN
from claimcheck.text.quotes import fold

MAX_WORDS = 5
MAX_LENGTH = 60
_ID = re.compile(CLAIM_ID_PATTERN)
_TOKEN = re.compile(r"[a-z0-9]+")
_SHORT = {"growth hormone": "gh", "thyroid hormone": "thyroid", "vitamin D": "vitd"}

# Function words and hedges: they carry no content, so they never make an id.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "across",
        "after",
        "again",
        "against",
        "albeit",
        "all",
        "also",
        "although",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "beyond",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "either",
        "even",
        "ever",
        "every",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "here",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "might",
        "more",
        "most",
        "much",
        "must",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "often",
        "on",
        "once",
        "only",
        "onto",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "particularly",
        "primarily",
        "rather",
        "same",
        "several",
        "should",
        "significantly",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "thereby",
        "therefore",
        "these",
        "they",
        "this",
        "those",
        "through",
        "thus",
        "to",
        "too",
        "typically",
        "under",
        "until",
        "up",
        "upon",
        "very",
        "via",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "also",
        "directly",
        "indirectly",
        "largely",
        "simply",
        "similarly",
        "specific",
        "certain",
        "one",
        "two",
    ]
)


def _compact(name: str) -> str:
    return _SHORT.get(name) or re.sub(r"[^a-z0-9]", "", name.lower())


def slug(quote: str, lex: Lexicon | None = None) -> str:
    """A slug of the first content words of ``quote`` (substances in compact form)."""
    lex = lex or lexicon()
    text = quote
    mentions: list[tuple[int, int, str]] = []
    for substance in lex.substances:
        for pattern in substance.patterns:
            mentions.extend((m.start(), m.end(), substance.name) for m in pattern.finditer(text))
    mentions.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    pieces: list[str] = []
    position = 0
    for start, end, name in mentions:
        if start < position:
            continue
        pieces.append(text[position:start])
        pieces.append(f" {_compact(name)} ")
        position = end
    pieces.append(text[position:])
    words: list[str] = []
    plain = re.sub(r"'s\b", "", fold("".join(pieces)))
    for token in _TOKEN.findall(plain):
        if token in STOP_WORDS or (token.isdigit() and len(token) > 4) or token in words:
            continue
        words.append(token)
        if len(words) == MAX_WORDS:
            break
    result = "-".join(words)[:MAX_LENGTH].rstrip("-")
    if "-" in result and len("-".join(words)) > MAX_LENGTH:
        result = result.rsplit("-", 1)[0]
    return result if _ID.match(result) else "claim"


def unique(base: str, taken: Iterable[str] | set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``taken``."""
    used = taken if isinstance(taken, set) else set(taken)
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"
