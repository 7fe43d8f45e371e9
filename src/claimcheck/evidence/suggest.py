"""Which references of the library fit a claim: Okapi BM25 over title, abstract and keywords.

Written here on numpy rather than taken from ``rank-bm25``: that package has had no release
since 2022, scores every document for every query (minutes for a check that ranks the library
for 16,000 unsupported claims), and its Okapi IDF turns negative for terms in over half the
documents, which in a small library ranks a matching reference below one that shares nothing.
Here IDF is Lucene's ``ln(1 + (N - n + 0.5) / (n + 0.5))``, always positive.
"""

from __future__ import annotations

import bisect
import math
import re
import weakref
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from claimcheck.load.project import Bibliography, ClaimRecord, Project, ReferenceRecord
from claimcheck.parse.latex_text import decode_latex

if TYPE_CHECKING:  # numpy is imported when an index is built (start-up time: a re-check often needs none)
    import numpy as np
    import numpy.typing as npt

K1 = 1.2
B = 0.75
FIELDS = ("title", "abstract", "keywords")
FIELD_CHARACTERS = 20_000
"""Characters of each field's value (as written, LaTeX and all) that are indexed: an abstract
is seldom past 5,000 characters, and one of 1 MiB of distinct accented words took 1.5 s to
decode and index (``bib/latex-abstract`` in benchmarks/hostile_inputs.py)."""
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
    """An inverted index: for each term, the documents holding it and the term's BM25 weight in
    each (numpy arrays). A query's scores are then one ``bincount`` over the postings of its
    terms, not a loop over the library: 16,000 unsupported claims against 20,000 references
    went from minutes to about a second."""

    keys: tuple[str, ...]
    postings: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]]

    @classmethod
    def build(cls, references: Mapping[str, ReferenceRecord]) -> Index:
        import numpy as np

        keys = tuple(sorted(references))
        documents: dict[str, list[int]] = {}
        frequencies: dict[str, list[int]] = {}
        lengths = []
        for number, key in enumerate(keys):
            record = references[key]
            text = " ".join(decode_latex(v[:FIELD_CHARACTERS]) for name in FIELDS if (v := record.get(name)))
            count = Counter(tokens(text))
            lengths.append(sum(count.values()))
            for term, tf in count.items():
                documents.setdefault(term, []).append(number)
                frequencies.setdefault(term, []).append(tf)
        n = len(keys)
        average = (sum(lengths) / n if n else 0.0) or 1.0
        length = np.array(lengths, dtype=np.float64)
        postings: dict[str, tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]] = {}
        for term, numbers in documents.items():
            at = np.array(numbers, dtype=np.intp)
            tfs = np.array(frequencies[term], dtype=np.float64)
            df = len(numbers)
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            # Lucene's BM25, term by term: idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * |d| / avgdl))
            weight = idf * tfs * (K1 + 1) / (tfs + K1 * (1 - B + B * length[at] / average))
            postings[term] = (at, weight)
        return cls(keys, postings)

    def _scores(self, query: list[str]) -> npt.NDArray[np.float64]:
        """The score of every document (0 where no term is shared), rounded to 6 places so
        that equal documents tie exactly."""
        import numpy as np

        found = [self.postings[term] for term in dict.fromkeys(query) if term in self.postings]
        if not found:
            return np.zeros(len(self.keys))
        at = np.concatenate([p[0] for p in found])
        weight = np.concatenate([p[1] for p in found])
        return np.round(np.bincount(at, weights=weight, minlength=len(self.keys)), 6)

    def scores(self, query: list[str]) -> list[tuple[str, float]]:
        """(key, score) for references sharing a term with the query, best first; ties by key."""
        return self.top(query, len(self.keys))

    def top(self, query: list[str], count: int, exclude: Collection[str] = ()) -> list[tuple[str, float]]:
        """The ``count`` best (key, score) not in ``exclude``, best first; ties by key."""
        import numpy as np

        scores = self._scores(query)
        for key in exclude:
            number = bisect.bisect_left(self.keys, key)
            if number < len(self.keys) and self.keys[number] == key:
                scores[number] = 0.0
        if count == 1:  # the best only (CC102's hint): the first highest is the lowest key among ties
            best = int(np.argmax(scores)) if len(scores) else 0
            return [(self.keys[best], float(scores[best]))] if len(scores) and scores[best] > 0 else []
        candidates = np.flatnonzero(scores > 0)
        if len(candidates) > count:
            # keep every document scoring at least the count-th best, ties included
            floor = np.partition(scores[candidates], len(candidates) - count)[len(candidates) - count]
            candidates = candidates[scores[candidates] >= floor]
        order = np.lexsort((candidates, -scores[candidates]))  # score down, then key (= number) up
        return [(self.keys[i], float(scores[i])) for i in candidates[order][:count]]


def claim_query(record: ClaimRecord) -> list[str]:
    claim = record.claim
    return tokens(" ".join([claim.statement or "", claim.quote, *claim.substances]))


Ranked = list[tuple[str, float]]


class Ranker:
    """The library ranked for queries: its :class:`Index`, built when first needed, and every
    answer remembered in ``rankings`` (the library's, which the check cache keeps: a re-check
    ranks only the claims it has not ranked before, and for an edited article often builds no
    index at all)."""

    def __init__(self, references: Mapping[str, ReferenceRecord], rankings: dict[str, Ranked]) -> None:
        self.references = references
        self.rankings = rankings

    @cached_property
    def index(self) -> Index:
        return Index.build(self.references)

    def top(self, query: list[str], count: int, exclude: Collection[str] = ()) -> Ranked:
        """:meth:`Index.top`, remembered."""
        key = "\x1f".join(query) + "\x1e" + "\x1f".join(sorted(exclude)) + f"\x1e{count}"
        ranked = self.rankings.get(key)
        if ranked is not None:
            try:
                return [(str(k), float(s)) for k, s in ranked]  # kept ones come from JSON as lists
            except (TypeError, ValueError):  # a damaged cache: rank again
                pass
        ranked = self.rankings[key] = self.index.top(query, count, exclude)
        return list(ranked)


_RANKERS: weakref.WeakKeyDictionary[object, Ranker] = weakref.WeakKeyDictionary()


def index_for(project: Project) -> Ranker:
    """The ranker of the project's library, made once per library (a check asks for it once
    per unsupported claim; a loader's worker, for each chunk of files it checks ahead)."""
    bib = project.bibliography
    if bib is not None:
        return ranker_for(bib)
    ranker = _RANKERS.get(project)
    if ranker is None:
        ranker = _RANKERS[project] = Ranker(project.references, {})
    return ranker


def ranker_for(bibliography: Bibliography) -> Ranker:
    """The ranker of a library (:func:`index_for`)."""
    ranker = _RANKERS.get(bibliography)
    if ranker is None:
        ranker = _RANKERS[bibliography] = Ranker(bibliography.entries, bibliography.rankings)
    return ranker


def suggest_for_claim(
    project: Project, record: ClaimRecord, top: int = 3, exclude: Collection[str] = ()
) -> list[tuple[str, float]]:
    return index_for(project).top(claim_query(record), top, exclude)


_BEST: weakref.WeakKeyDictionary[Project, dict[int, tuple[ClaimRecord, tuple[str, float] | None]]] = (
    weakref.WeakKeyDictionary()
)


def best_uncited(project: Project, record: ClaimRecord) -> tuple[str, float] | None:
    """The library's best match for the claim among the references it does not cite yet
    (:func:`suggest_for_claim`, top 1), worked out once per run: CC102's hint and the review
    queue (list, report) both ask for every unsupported claim, and building the query is most
    of the cost once the library is ranked."""
    known = _BEST.get(project)
    if known is None:
        known = _BEST[project] = {}
    found = known.get(id(record))
    if found is None or found[0] is not record:  # the record is kept alive: its id stays its own
        cited = {c.key for c in record.claim.citations}
        best = next(iter(suggest_for_claim(project, record, top=1, exclude=cited)), None)
        found = known[id(record)] = (record, best)
    return found[1]
