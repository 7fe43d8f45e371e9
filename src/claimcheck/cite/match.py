"""Which BibTeX entry a printed reference is: an entry of the article's reference list, or an
author-year citation.

A reference-list entry in any common style (AMA: "Smith J, Doe A. Title. Journal.
2020;12(3):45-67. doi:…"; Vancouver: "… 2020 Mar;12(3):45-67."; APA: "Smith, J. (2020).
Title. …") is matched in this order:

1. its DOI, then its PMID, exactly (case and a ``https://doi.org/`` prefix set aside);
2. otherwise the library's entries of a year the entry prints, scored by first author (the
   entry's surname among the first words of the entry) and title: rapidfuzz ``ratio`` of the
   library's title against each sentence of the entry (split at ". ", "? ", "! "; two in a row
   too, for a title with a full stop), both folded (case, accents, LaTeX and punctuation set
   aside). Whole sentences, not substrings: "Vitamin D deficiency" is then no match for an
   entry titled "Vitamin D deficiency and bone health". An entry whose printed DOI differs from
   the library's is not that entry.

A candidate is accepted with its first author and a title of at least :data:`TITLE_WITH_AUTHOR`
(or no title to compare), or on its title alone at :data:`TITLE_ALONE`. When two candidates
are accepted and the runner-up scores within :data:`MARGIN` of the best, the match is
ambiguous: reported with both keys, never guessed.

The library is indexed on first use only (a re-check from the cache makes records of the
entries it asks for, not of all of them).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from claimcheck.load.project import ReferenceRecord
from claimcheck.parse.latex_text import decode_latex

TITLE_WITH_AUTHOR = 85.0
"""Title similarity (0-100) a candidate with the right first author and year needs. Titles are
printed nearly verbatim in every style (journals are abbreviated, titles are not): the seed's
eight references printed in AMA, Vancouver and APA (tests/cite/test_styles.py) score 100
once folded ("∞" for ":" included); a different paper by the same author and year whose title
starts the same ("Vitamin D deficiency" against "… and bone health") scores 71. A title
printed without its subtitle scores lower still and is reported, not guessed."""
TITLE_ALONE = 92.0
"""Title similarity a candidate of the right year needs when its first author is not found
among the entry's first words (a name transliterated or printed in another order)."""
MARGIN = 5.0
"""Two accepted candidates closer than this are ambiguous."""
AUTHOR_WORDS = 8
"""Words at the start of an entry among which its first author's surname is looked for."""

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]{1,300}")
_PMID = re.compile(r"\bPMID:?[ \t]*(\d{1,9})\b", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[.?!]\s+")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A Markdown backslash escape (``\\[unverified\\]`` in an exported bundle.md)."""


def fold(text: str) -> str:
    """Lower case, no accents, LaTeX decoded, punctuation as single spaces."""
    if "\\" in text or "{" in text:
        text = decode_latex(text)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip().casefold()


def normalize_doi(value: str) -> str:
    value = value.strip().rstrip(".,;)]")
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.strip().lower()


def year_of(record: ReferenceRecord) -> str:
    value = record.get("year") or record.get("date") or ""
    return value[:4] if value[:4].isdigit() else ""


def first_surname(record: ReferenceRecord) -> str:
    """The first author's (or editor's) surname, folded: "Le Roith, D." -> "le roith"."""
    raw = record.get("author") or record.get("editor") or ""
    first = raw.replace("\n", " ").split(" and ")[0].strip()
    if not first:
        return ""
    if first.startswith("{") and first.endswith("}") and first.count("{") == 1:
        return fold(first)  # an organisation: {World Health Organization}
    surname = first.split(",", 1)[0] if "," in first else (first.split() or [""])[-1]
    return fold(surname)


@dataclass(frozen=True, slots=True)
class Found:
    """The key a reference resolved to, or the problem (what was tried, what came close)."""

    key: str | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class _Scored:
    key: str
    author: bool
    title: float | None

    @property
    def score(self) -> float:
        return (100.0 if self.title is None else self.title) + (100.0 if self.author else 0.0)


class Library:
    """The BibTeX library, indexed for matching printed references."""

    def __init__(self, references: Mapping[str, ReferenceRecord]) -> None:
        self.references = references
        self._indexed = False
        self._by_doi: dict[str, list[str]] = {}
        self._by_pmid: dict[str, list[str]] = {}
        self._by_year: dict[str, list[str]] = {}
        self._by_author_year: dict[tuple[str, str], list[str]] = {}
        self._titles: dict[str, str] = {}
        self._surnames: dict[str, str] = {}

    def __contains__(self, key: str) -> bool:
        return key in self.references

    def _index(self) -> None:
        if self._indexed:
            return
        self._indexed = True
        for key in sorted(self.references):
            record = self.references[key]
            doi = record.get("doi")
            if doi:
                self._by_doi.setdefault(normalize_doi(doi), []).append(key)
            pmid = record.get("pmid")
            if pmid and pmid.strip().isdigit():
                self._by_pmid.setdefault(pmid.strip(), []).append(key)
            year = year_of(record)
            surname = first_surname(record)
            self._surnames[key] = surname
            self._by_year.setdefault(year, []).append(key)
            self._by_author_year.setdefault((surname.replace(" ", ""), year), []).append(key)

    def _title(self, key: str) -> str:
        title = self._titles.get(key)
        if title is None:
            title = self._titles[key] = fold(self.references[key].get("title") or "")
        return title

    # --- author-year ---------------------------------------------------------------------

    def author_year(self, surname: str, year: str, second: str | None = None, et_al: bool = False) -> Found:
        """The entry by ``surname`` (first author) in ``year``; a second author's surname or
        "et al." narrows several down."""
        self._index()
        keys = self._by_author_year.get((fold(surname).replace(" ", ""), year), [])
        if len(keys) > 1 and second:
            wanted = fold(second).replace(" ", "")
            narrowed = [k for k in keys if wanted in self._author_words(k)]
            keys = narrowed or keys
        if len(keys) > 1 and et_al:
            keys = [k for k in keys if len(self.references[k].authors) > 2] or keys
        if len(keys) == 1:
            return Found(keys[0])
        if not keys:
            return Found(None, f"no entry of the library has first author {surname} and year {year}")
        return Found(
            None,
            f"{len(keys)} entries have first author {surname} and year {year} ({', '.join(keys)}): "
            "ambiguous, not guessed",
        )

    def _author_words(self, key: str) -> set[str]:
        return {fold(name.split(",", 1)[0]).replace(" ", "") for name in self.references[key].authors}

    # --- reference-list entries ----------------------------------------------------------

    def entry(self, text: str) -> Found:
        """The library entry a printed reference describes."""
        self._index()
        text = _ESCAPED.sub(r"\1", text).replace("&amp;", "&")
        tried: list[str] = []
        doi_match = _DOI.search(text)
        doi = normalize_doi(doi_match.group(0)) if doi_match else None
        if doi:
            found = self._exact("DOI", doi, self._by_doi.get(doi, []))
            if found is not None:
                return found
            tried.append(f"DOI {doi}")
        pmid_match = _PMID.search(text)
        if pmid_match:
            found = self._exact("PMID", pmid_match.group(1), self._by_pmid.get(pmid_match.group(1), []))
            if found is not None:
                return found
            tried.append(f"PMID {pmid_match.group(1)}")
        years = list(dict.fromkeys(_YEAR.findall(text)))
        if not years:
            tried.append("no year printed, so no author, year and title match")
            return Found(None, f"matches no entry of the library (tried {'; '.join(tried)})")
        head = " " + " ".join(fold(text).split()[:AUTHOR_WORDS]) + " "
        pieces = [fold(p) for p in _SENTENCE_END.split(text)]
        sentences = [p for p in pieces + [f"{a} {b}" for a, b in itertools.pairwise(pieces)] if p]
        candidates = [
            key
            for year in years
            for key in self._by_year.get(year, [])
            if not (doi and (other := self.references[key].get("doi")) and normalize_doi(other) != doi)
        ]
        scored = self._scored(candidates, sentences, head)
        tried.append(f"first author and title among the entries of {', '.join(years)}")
        if not scored:
            return Found(None, f"matches no entry of the library (tried {'; '.join(tried)})")
        scored.sort(key=lambda s: (-s.score, s.key))
        best = scored[0]
        if len(scored) > 1 and best.score - scored[1].score < MARGIN:
            close = ", ".join(f"{s.key} ({self._describe(s)})" for s in scored[:3])
            return Found(None, f"matches more than one entry of the library: {close}; ambiguous, not guessed")
        return Found(best.key)

    def _exact(self, name: str, value: str, keys: list[str]) -> Found | None:
        if len(keys) == 1:
            return Found(keys[0])
        if len(keys) > 1:
            return Found(
                None, f"its {name} {value} is in {len(keys)} entries ({', '.join(keys)}): not guessed"
            )
        return None

    def _scored(self, candidates: list[str], sentences: list[str], head: str) -> list[_Scored]:
        """The candidates accepted: by first author (its surname among the entry's first words)
        and a title of at least TITLE_WITH_AUTHOR, or by title alone at TITLE_ALONE. Titles are
        compared with every sentence in one rapidfuzz call per sentence (C++, not a Python loop
        over a year's entries of a large library). rapidfuzz is imported here: a check whose
        citations all name known keys never scores a title (13 ms of a re-check of one article)."""
        from rapidfuzz import fuzz, process

        titles = [self._title(key) for key in candidates]
        best: dict[int, float] = {}
        for sentence in sentences:
            for _, score, index in process.extract(
                sentence, titles, scorer=fuzz.ratio, score_cutoff=TITLE_WITH_AUTHOR, limit=None
            ):
                if score > best.get(index, 0.0):
                    best[index] = score
        scored: list[_Scored] = []
        for index, key in enumerate(candidates):
            surname = self._surnames.get(key, "")
            author = bool(surname) and f" {surname} " in head
            similarity = best.get(index)
            if author and (similarity is not None or not titles[index]):
                scored.append(_Scored(key, True, similarity))
            elif similarity is not None and similarity >= TITLE_ALONE:
                scored.append(_Scored(key, False, similarity))
        return scored

    @staticmethod
    def _describe(scored: _Scored) -> str:
        title = "no title" if scored.title is None else f"title {scored.title:.0f}"
        return f"first author, {title}" if scored.author else title
