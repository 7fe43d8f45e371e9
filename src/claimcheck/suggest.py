"""Which references of the library fit a claim: Okapi BM25 over title, abstract and keywords.

Hand-rolled (40 lines) rather than ``rank-bm25``: that package pulls in numpy, has had no
release since 2022, and its Okapi IDF turns negative for terms in over half the documents,
which in a small library ranks a matching reference below one that shares nothing. Here IDF
is Lucene's ``ln(1 + (N - n + 0.5) / (n + 0.5))``, always positive.
"""

from __future__ import annotations

import math
import re
import weakref
from collections import Counter
from dataclasses import dataclass

from claimcheck.load.bibliography import decode_latex
from claimcheck.project import ClaimRecord, Project, ReferenceRecord

K1 = 1.2
B = 0.75
FIELDS = ("title", "abstract", "keywords")
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "may",
        "more",
        "most",
        "of",
        "on",
        "or",
        "than",
        "that",
        "the",
        "their",
        "these",
        "this",
        "to",
        "was",
        "were",
        "which",
        "while",
        "with",
        "without",
    ]
)


def tokens(text: str) -> list[str]:
    words = (w.casefold() for w in _TOKEN.findall(text))
    return [w for w in words if w not in STOPWORDS and (len(w) > 1 or w.isdigit())]


@dataclass(frozen=True)
class Index:
    keys: tuple[str, ...]
    counts: tuple[Counter[str], ...]
    lengths: tuple[int, ...]
    document_frequency: Counter[str]
    average_length: float

    @classmethod
    def build(cls, references: dict[str, ReferenceRecord]) -> Index:
        keys = tuple(sorted(references))
        counts = []
        for key in keys:
            record = references[key]
            text = " ".join(decode_latex(v) for name in FIELDS if (v := record.get(name)))
            counts.append(Counter(tokens(text)))
        lengths = tuple(sum(c.values()) for c in counts)
        frequency: Counter[str] = Counter()
        for count in counts:
            frequency.update(count.keys())
        average = (sum(lengths) / len(lengths)) if lengths else 0.0
        return cls(keys, tuple(counts), lengths, frequency, average or 1.0)

    def scores(self, query: list[str]) -> list[tuple[str, float]]:
        """(key, score) for references sharing a term with the query, best first; ties by key."""
        n = len(self.keys)
        terms = Counter(query)
        ranked = []
        for key, count, length in zip(self.keys, self.counts, self.lengths, strict=True):
            score = 0.0
            for term in terms:
                tf = count.get(term, 0)
                if not tf:
                    continue
                df = self.document_frequency[term]
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.average_length))
            if score > 0:
                ranked.append((key, round(score, 6)))
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked


def claim_query(record: ClaimRecord) -> list[str]:
    claim = record.claim
    return tokens(" ".join([claim.statement or "", claim.quote, *claim.substances]))


_INDEXES: weakref.WeakKeyDictionary[Project, Index] = weakref.WeakKeyDictionary()


def index_for(project: Project) -> Index:
    """The project's index, built once (a check asks for it once per unsupported claim)."""
    index = _INDEXES.get(project)
    if index is None:
        index = _INDEXES[project] = Index.build(project.references)
    return index


def suggest_for_claim(project: Project, record: ClaimRecord, top: int = 3) -> list[tuple[str, float]]:
    return index_for(project).scores(claim_query(record))[:top]
