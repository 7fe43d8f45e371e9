"""Which sentences are claim candidates, of which kind, and why.

Two models learned from the labelled rows of data/labels decide (``claimcheck.scoring``,
registered as ``claim`` and ``kind``; ``nox -s train`` / ``nox -s evaluate``): the probability
that a unit is a checkable claim, proposed at the threshold chosen on the dev split, and the
most probable of the eight claim kinds. Headings are scored like sentences (a headline claim is
a claim). Units that are never claims are set aside first, with a reason: table rows,
reference-list entries, skipped sections (a glossary), site boilerplate, questions and
fragments of fewer than three words.

A compound sentence ("A raises B; C lowers D", "A modulates B, while C correlates with D") is
cut at its clause boundary; when a clause is a claim on its own, the clause is the quote, so two
checkable claims become two candidates.

Every candidate says why, in an editor's words: the model's confidence, the phrases that
weighed most, and those that decided its kind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from claimcheck.extract.lexicon import Lexicon, lexicon
from claimcheck.extract.segment import Sentence, blocks_and_sentences
from claimcheck.extract.substances import Registry
from claimcheck.model import ClaimKind
from claimcheck.scoring import LinearModel, load
from claimcheck.text.segments import Segments

_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=(?:while|whereas|although|though)\s)")
_CLAUSE_LEAD = re.compile(r"(?:while|whereas|although|though)\s+", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][\w'’-]*")
MIN_WORDS = 3
"""Fewer words than this are a fragment ("Mechanism", "Key points"), never a claim."""
MIN_CLAUSE_WORDS = 5
"""A clause of a compound sentence is quoted on its own from this many words."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed claim: ``quote`` is ``article_text[start:end]`` exactly."""

    quote: str
    start: int
    end: int
    kind: ClaimKind
    substances: tuple[str, ...]
    sentence: Sentence
    probability: float
    """The claim model's probability that the quote is a checkable claim."""
    why: str = ""
    """Why it was proposed and why this kind, in an editor's words."""


@dataclass(frozen=True)
class Models:
    """The two models extract uses (the shipped ones unless given)."""

    claim: LinearModel
    kind: LinearModel

    @property
    def threshold(self) -> float:
        return 0.5 if self.claim.threshold is None else self.claim.threshold


@cache
def shipped_models() -> Models:
    """The shipped ``claim`` and ``kind`` models, read once per process."""
    return Models(load("claim"), load("kind"))


def substances_in(text: str, lex: Lexicon | None = None, registry: Registry | None = None) -> tuple[str, ...]:
    """Names of the substances ``text`` names, in order of first mention: the extraction
    lexicon's canonical names (hormones, vitamins, common drugs) and the regulated substances
    of the substance registry (``registry``: the project's; the built-in one by default) by
    their registry name (BPC-157, semaglutide). A longer name wins over a shorter one it
    contains (GHRH over GH in "growth hormone-releasing"); for the same words, the registry's
    ("TRT" is the regulated product "testosterone therapy")."""
    lex = lex or lexicon()
    found: list[tuple[int, int, int, str]] = [
        (start, end, 0, name) for start, end, name in (registry or Registry.builtin()).mentions(text)
    ]
    for substance in lex.substances:
        for pattern in substance.patterns:
            for match in pattern.finditer(text):
                found.append((match.start(), match.end(), 1, substance.name))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0]), item[2]))
    taken: list[tuple[int, int]] = []
    names: list[str] = []
    for start, end, _, name in found:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        if name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return tuple(names)


def section_kind(section: str, lex: Lexicon | None = None) -> str | None:
    lex = lex or lexicon()
    if lex.references_section.match(section):
        return "reference"
    if lex.skip_section.match(section):
        return "section"
    return None


def skip_reason(sentence: Sentence, lex: Lexicon | None = None) -> str | None:
    """Why ``sentence`` is never a claim (table, reference, section, boilerplate, question,
    fragment), or None when the models decide."""
    lex = lex or lexicon()
    text = sentence.text
    if sentence.role == "table":
        return "table"
    if (kind := section_kind(sentence.block.section, lex)) is not None and sentence.role != "heading":
        return kind
    if reads_like_reference(text, lex):
        return "reference"
    if lex.boilerplate.search(text):
        return "boilerplate"
    if text.rstrip(" *_)\"'’”").endswith("?"):
        return "question"
    if len(_WORD.findall(text)) < MIN_WORDS:
        return "fragment"
    return None


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


def _quoted(sentence: Sentence) -> tuple[int, str]:
    """Where the quotable text of ``sentence`` starts, and the text: a list item
    "Term ∞ explanation" is quoted from the explanation."""
    if sentence.label is None:
        return sentence.start, sentence.text
    cut = sentence.text.index("∞", len(sentence.label)) + 1
    while cut < len(sentence.text) and sentence.text[cut] == " ":
        cut += 1
    return sentence.start + cut, sentence.text[cut:]


def _phrases(model: LinearModel, text: str, target: str | None = None) -> str:
    found = model.explain(text, k=2, target=target) if target is not None else model.explain(text, k=2)
    return ", ".join(f"“{p.text}”" for p in found if p.weight > 0)


def explanation(models: Models, text: str, probability: float, kind: str, kind_probability: float) -> str:
    """Why a candidate was proposed and why its kind, in an editor's words."""
    claim_words = _phrases(models.claim, text)
    kind_words = _phrases(models.kind, text, kind)
    why = f"reads as a checkable claim (model {probability:.0%}, proposed from {models.threshold:.0%})"
    if claim_words:
        why += f", mostly for {claim_words}"
    why += f"; kind {kind} ({kind_probability:.0%})"
    if kind_words:
        why += f", for {kind_words}"
    return why


def propose(
    sentences: Iterable[Sentence],
    lex: Lexicon | None = None,
    models: Models | None = None,
    registry: Registry | None = None,
) -> list[Candidate]:
    """The claim candidates among ``sentences``, in document order."""
    lex = lex or lexicon()
    models = models or shipped_models()
    units = [s for s in sentences if skip_reason(s, lex) is None]
    quoted = [_quoted(s) for s in units]
    clauses = [
        [
            (a, b)
            for a, b in _clauses(text, offset)
            if len(_WORD.findall(s.text[a - s.start : b - s.start])) >= MIN_CLAUSE_WORDS
        ]
        for s, (offset, text) in zip(units, quoted, strict=True)
    ]
    texts = [text for _, text in quoted]
    texts += [
        s.text[a - s.start : b - s.start] for s, spans in zip(units, clauses, strict=True) for a, b in spans
    ]
    if not texts:
        return []
    probabilities = models.claim.score(texts).tolist()
    cut = models.threshold
    pieces: list[tuple[Sentence, int, int, float]] = []
    position = len(units)
    for index, sentence in enumerate(units):
        spans = clauses[index]
        scores = probabilities[position : position + len(spans)]
        position += len(spans)
        if probabilities[index] < cut:
            continue
        own = [(a, b, p) for (a, b), p in zip(spans, scores, strict=True) if p >= cut]
        if not own:
            offset, text = quoted[index]
            own = [(offset, offset + len(text), probabilities[index])]
        pieces += [(sentence, a, b, p) for a, b, p in own]
    quotes = [s.text[a - s.start : b - s.start] for s, a, b, _ in pieces]
    kinds = models.kind.score(quotes) if quotes else None
    candidates: list[Candidate] = []
    for row, ((sentence, start, end, probability), quote) in enumerate(zip(pieces, quotes, strict=True)):
        assert kinds is not None
        column = int(kinds[row].argmax())
        kind = str(models.kind.classes[column])
        candidates.append(
            Candidate(
                quote=quote,
                start=start,
                end=end,
                kind=ClaimKind(kind),
                substances=substances_in(quote, lex, registry),
                sentence=sentence,
                probability=probability,
                why=explanation(models, quote, probability, kind, float(kinds[row][column])),
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


def segment_article(
    text: str, body_start: int, lex: Lexicon | None = None, segments: Segments | None = None
) -> list[Sentence]:
    """The article's sentences; a reference-list entry (in a references section, or a block
    that reads like one) is kept whole. ``segments``: the article's, when already parsed."""
    lex = lex or lexicon()

    def unsplit(section: str, block: str) -> bool:
        return section_kind(section, lex) == "reference" or reads_like_reference(block, lex)

    return blocks_and_sentences(text, body_start, unsplit, segments)
