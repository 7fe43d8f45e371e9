"""Which sentences are claim candidates, and what each one is about.

A sentence is scored with the lexicon's cue groups (causal and regulatory verbs, association,
definition, quantity, comparison, evidence, biomedical vocabulary, named substances; rhetoric
and second-person address count against it); at the lexicon's threshold it is a candidate.
Before scoring, units that are never claims are set aside with a reason: headings, table rows,
reference-list entries, skipped sections (a glossary), boilerplate, questions and fragments.

A compound sentence ("A raises B; C lowers D", "A modulates B, while C correlates with D") is
cut at its clause boundary; when a clause scores on its own, the clause is the quote, so two
checkable clauses become two candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from claimcheck.extract.lexicon import Lexicon, lexicon
from claimcheck.extract.segment import Sentence, blocks_and_sentences
from claimcheck.model import ClaimKind

_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|although|though)\s)")
_CLAUSE_LEAD = re.compile(r"(?:while|whereas|although|though)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
MIN_WORDS = 5


@dataclass(frozen=True, slots=True)
class Assessment:
    """Why a unit is or is not a candidate."""

    score: int
    cues: tuple[str, ...]
    skip: str | None = None  # heading, table, reference, section, boilerplate, question, fragment

    def candidate(self, threshold: int) -> bool:
        return self.skip is None and self.score >= threshold


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed claim: ``quote`` is ``article_text[start:end]`` exactly."""

    quote: str
    start: int
    end: int
    kind: ClaimKind
    substances: tuple[str, ...]
    sentence: Sentence
    score: int
    cues: tuple[str, ...] = field(default=())


def substances_in(text: str, lex: Lexicon | None = None) -> tuple[str, ...]:
    """Canonical names of the substances ``text`` names, in order of first mention; a longer
    name wins over a shorter one it contains (GHRH over GH in "growth hormone-releasing")."""
    lex = lex or lexicon()
    found: list[tuple[int, int, str]] = []
    for substance in lex.substances:
        for pattern in substance.patterns:
            for match in pattern.finditer(text):
                found.append((match.start(), match.end(), substance.name))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    taken: list[tuple[int, int]] = []
    names: list[str] = []
    for start, end, name in found:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        if name not in names:
            names.append(name)
    return tuple(names)


def _classes(names: Iterable[str], lex: Lexicon) -> set[str]:
    by_name = {s.name: s.klass for s in lex.substances}
    return {klass for name in names if (klass := by_name.get(name))}


def score(text: str, lex: Lexicon | None = None) -> tuple[int, tuple[str, ...]]:
    """The cue score of a piece of text and the cue groups that fired."""
    lex = lex or lexicon()
    total, fired = 0, []
    for name, (weight, pattern) in lex.cues.items():
        if pattern.search(text):
            total += weight
            fired.append(name)
    if substances_in(text, lex):
        total += lex.data.substance_weight
        fired.append("substance")
    return total, tuple(fired)


def guess_kind(
    text: str, substances: Sequence[str], cues: Sequence[str], lex: Lexicon | None = None
) -> ClaimKind:
    lex = lex or lexicon()
    classes = _classes(substances, lex)
    for kind, kind_classes, pattern in lex.kinds:
        if (kind_classes & classes) or pattern.search(text):
            return kind
    return ClaimKind.MECHANISM if "causal" in cues else ClaimKind.ASSOCIATION


def section_kind(section: str, lex: Lexicon | None = None) -> str | None:
    lex = lex or lexicon()
    if lex.references_section.match(section):
        return "reference"
    if lex.skip_section.match(section):
        return "section"
    return None


def assess(sentence: Sentence, lex: Lexicon | None = None) -> Assessment:
    lex = lex or lexicon()
    text = sentence.text
    skip: str | None = None
    if sentence.role == "heading":
        skip = "heading"
    elif sentence.role == "table":
        skip = "table"
    elif (kind := section_kind(sentence.block.section, lex)) is not None:
        skip = kind
    elif reads_like_reference(text, lex):
        skip = "reference"
    elif lex.boilerplate.search(text):
        skip = "boilerplate"
    elif text.rstrip(" *_)\"'’”").endswith("?"):
        skip = "question"
    elif len(_WORD.findall(text)) < MIN_WORDS:
        skip = "fragment"
    total, cues = score(text, lex)
    return Assessment(total, cues, skip)


def _clauses(text: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) offsets in the article of the clauses of a compound sentence ``text``."""
    bounds: list[tuple[int, int]] = []
    position = depth = seen = 0
    for match in _CLAUSE_BREAK.finditer(text):
        between = text[seen : match.start()]
        depth += between.count("(") + between.count("[") - between.count(")") - between.count("]")
        seen = match.start()
        if depth > 0:  # a ";" inside (…) or […] separates citations, not clauses
            continue
        bounds.append((position, match.start()))
        position = match.end()
    if not bounds:
        return []
    bounds.append((position, len(text)))
    result: list[tuple[int, int]] = []
    for start, end in bounds:
        lead = _CLAUSE_LEAD.match(text, start)
        if lead:
            start = lead.end()
        while end > start and text[end - 1] in " .;,:":
            end -= 1
        result.append((offset + start, offset + end))
    return result


def propose(sentences: Iterable[Sentence], lex: Lexicon | None = None) -> list[Candidate]:
    """The claim candidates among ``sentences``, in document order."""
    lex = lex or lexicon()
    candidates: list[Candidate] = []
    for sentence in sentences:
        verdict = assess(sentence, lex)
        if not verdict.candidate(lex.threshold):
            continue
        offset = sentence.start
        text = sentence.text
        if sentence.label is not None:  # "Term ∞ explanation": quote the explanation
            cut = text.index("∞", len(sentence.label)) + 1
            while cut < len(text) and text[cut] == " ":
                cut += 1
            offset, text = sentence.start + cut, text[cut:]
        parts: list[tuple[int, int, int, tuple[str, ...]]] = []
        for start, end in _clauses(text, offset):
            clause = sentence.text[start - sentence.start : end - sentence.start]
            clause_score, clause_cues = score(clause, lex)
            if len(_WORD.findall(clause)) >= MIN_WORDS and clause_score >= lex.threshold:
                parts.append((start, end, clause_score, clause_cues))
        if not parts:
            parts = [(offset, offset + len(text), verdict.score, verdict.cues)]
        for start, end, part_score, part_cues in parts:
            quote = sentence.text[start - sentence.start : end - sentence.start]
            found = substances_in(quote, lex)
            candidates.append(
                Candidate(
                    quote=quote,
                    start=start,
                    end=end,
                    kind=guess_kind(quote, found, part_cues, lex),
                    substances=found,
                    sentence=sentence,
                    score=part_score,
                    cues=part_cues,
                )
            )
    return candidates


_SPACES = re.compile(r"   +")


def reads_like_reference(text: str, lex: Lexicon) -> bool:
    """Whether ``text`` reads like a reference-list entry (the lexicon's ``reference_entry``).
    Runs of three spaces or more are read as two: the pattern's parts take any number of spaces
    from a run, at least one at most twice in a row, or exactly one ('et al.'), so two decide
    as many would; on a long run it backtracked over every way of sharing it (quadratic)."""
    return lex.reference_entry.search(_SPACES.sub("  ", text)) is not None


def segment_article(text: str, body_start: int, lex: Lexicon | None = None) -> list[Sentence]:
    """The article's sentences; a reference-list entry (in a references section, or a block
    that reads like one) is kept whole."""
    lex = lex or lexicon()

    def unsplit(section: str, block: str) -> bool:
        return section_kind(section, lex) == "reference" or reads_like_reference(block, lex)

    return blocks_and_sentences(text, body_start, unsplit)
