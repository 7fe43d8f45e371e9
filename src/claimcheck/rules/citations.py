"""CC1xx: claims and the references they cite."""

from __future__ import annotations

from collections.abc import Iterator
from weakref import WeakKeyDictionary

from claimcheck.cite.match import Library
from claimcheck.cite.resolve import citations
from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.evidence.suggest import best_uncited
from claimcheck.evidence.support import SUPPORTING, Support, minimum_for, support_of
from claimcheck.load.project import Bibliography, ClaimRecord
from claimcheck.model import Relation, ReviewStatus, SupportStatus
from claimcheck.model.lock import RETRACTION_TYPES, LockedRecord
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.library import is_verified


@rule(
    "CC101",
    "citation.unknown-key",
    Category.CITATION,
    Severity.ERROR,
    "Citation key not in the BibTeX library",
    scope="unit",
    granularity="unit",
)
def unknown_key(self: Rule, context: Context) -> Iterator[Finding]:
    """Every citation ``key`` must name an entry of ``references.bib``. An unknown key is
    usually a typo or an entry that was never added; the claim is then not supported by
    anything a reader can find."""
    project = context.project
    if project.bibliography is None:
        return
    known = project.references
    for record in project.claims():
        for index, citation in enumerate(record.claim.citations):
            if citation.key not in known:
                yield self.at_claim(
                    record,
                    f"citation key {citation.key!r} is not in {project.bibliography.path}",
                    "add the entry to the BibTeX library or fix the key",
                    "citations",
                    index,
                    "key",
                    reference=citation.key,
                )


def _hint(record: ClaimRecord, context: Context) -> str:
    """The fix, with the library's best-matching reference not yet cited (BM25, as in
    ``claimcheck refs suggest``)."""
    hint = "cite a reference that supports the claim (relation: supports or partial)"
    best = best_uncited(context.project, record)
    if best is not None:
        key, score = best
        return f"{hint}; best match in the library: {key} (BM25 {score:.2f}), check that it does"
    return hint


@rule(
    "CC102",
    "citation.unsupported",
    Category.CITATION,
    Severity.ERROR,
    "Claim has no supporting citation",
    scope="unit+library",
    granularity="unit",
    reads=("ranked library",),
)
def unsupported(self: Rule, context: Context) -> Iterator[Finding]:
    """A claim needs at least one citation whose ``relation`` is ``supports`` or ``partial``.
    Background citations give context but do not back the claim. Rejected claims are not
    checked: an editor has already decided they will not be published."""
    for record in context.project.claims():
        claim = record.claim
        if claim.review.status is ReviewStatus.REJECTED:
            continue
        if any(c.relation in SUPPORTING for c in claim.citations):
            continue
        if claim.citations:
            relations = ", ".join(sorted({c.relation.value for c in claim.citations}))
            message = f"claim has citations ({relations}) but none that supports it"
        else:
            message = "claim has no citation"
        yield self.at_claim(record, message, _hint(record, context))


def _assessed(context: Context) -> list[tuple[ClaimRecord, Support]]:
    """Claims still in play (not rejected), with their support: listed once per run for the
    four rules that go through them (CC103-CC105, CC501), not looked up claim by claim by each."""
    project = context.project
    known = context.memo.get(_ASSESSED)
    if known is None or known[0] is not project:
        assessed = [
            (record, support_of(project, record))
            for record in project.claims()
            if record.claim.review.status is not ReviewStatus.REJECTED
        ]
        known = context.memo[_ASSESSED] = (project, assessed)
    return known[1]


_ASSESSED = "citations.assessed"


@rule(
    "CC103",
    "citation.contradicted",
    Category.CITATION,
    Severity.ERROR,
    "Claim cites a reference that contradicts it",
    scope="unit",
    granularity="unit",
)
def contradicted(self: Rule, context: Context) -> Iterator[Finding]:
    """A citation with ``relation: contradicts`` says the cited work disputes the claim (scite's
    "contrasting" citation). The claim cannot be published as it stands, whatever else
    supports it: reword it to reflect the disagreement, or weigh the evidence and drop one
    side with a note. Reported at each contradicting citation."""
    for record, support in _assessed(context):
        if support.status is not SupportStatus.CONTRADICTED:
            continue
        for index, citation in enumerate(record.claim.citations):
            if citation.relation is Relation.CONTRADICTS and citation.key in context.project.references:
                yield self.at_claim(
                    record,
                    f"{citation.key!r} contradicts the claim",
                    "reword the claim to reflect the disagreement, or resolve it and note why",
                    "citations",
                    index,
                    "key",
                    reference=citation.key,
                )


def _levels(levels: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(levels))


@rule(
    "CC104",
    "citation.weak-evidence",
    Category.CITATION,
    Severity.ERROR,
    "Evidence is weaker than the claim's kind requires",
    scope="unit",
    granularity="unit",
)
def weak_evidence(self: Rule, context: Context) -> Iterator[Finding]:
    """Some kinds of claim need a kind of evidence: by default therapy and product claims need
    human clinical evidence (``rct``, ``systematic-review`` or ``meta-analysis``), following the
    FTC's "competent and reliable scientific evidence" standard, under which animal and in-vitro
    studies alone do not support a health benefit. The minimum per kind is configurable with
    ``evidence_minimum``. A claim whose supporting references all declare an ``evidence`` level
    and none of them meets the minimum is reported; when some declare none, CC105 reports it."""
    settings = context.project.settings
    for record, support in _assessed(context):
        minimum = minimum_for(record.claim.kind, settings)
        if not minimum or not support.supporting or support.unknown_evidence:
            continue
        if minimum.intersection(support.levels):
            continue
        have = _levels({level.value for level in support.levels})
        yield self.at_claim(
            record,
            f"{record.claim.kind.value} claim is backed only by {have} evidence; "
            f"it needs one of: {_levels({m.value for m in minimum})}",
            "cite a study of the required design, or narrow the claim to what the evidence shows",
        )


@rule(
    "CC105",
    "citation.unknown-evidence",
    Category.CITATION,
    Severity.WARNING,
    "Evidence level of the supporting references is unknown",
    scope="unit",
    granularity="unit",
)
def unknown_evidence(self: Rule, context: Context) -> Iterator[Finding]:
    """For a kind of claim with an evidence minimum (CC104), at least one supporting reference
    must be known to meet it. When none does and some supporting references have no
    ``evidence`` field, nobody can tell whether the claim is adequately backed: record the
    study design of each cited work in ``references.bib``."""
    settings = context.project.settings
    for record, support in _assessed(context):
        minimum = minimum_for(record.claim.kind, settings)
        if not minimum or not support.unknown_evidence or minimum.intersection(support.levels):
            continue
        keys = ", ".join(support.unknown_evidence)
        yield self.at_claim(
            record,
            f"{record.claim.kind.value} claim needs {_levels({m.value for m in minimum})} evidence; "
            f"the study design of {keys} is not recorded",
            "add an evidence field (e.g. evidence = {rct}) to the cited entries, from the papers themselves",
        )


@rule(
    "CC107",
    "citation.partial-only",
    Category.CITATION,
    Severity.INFO,
    "Claim is only partially supported",
    scope="unit",
    granularity="unit",
)
def partial_only(self: Rule, context: Context) -> Iterator[Finding]:
    """Every supporting citation is ``partial``: the cited works back part of the claim, not all
    of it. The claim may say more than its sources do; narrow it, or cite a work that supports
    the rest."""
    for record, support in _assessed(context):
        if support.status is SupportStatus.PARTIALLY_SUPPORTED:
            yield self.at_claim(
                record,
                "claim is only partially supported by its citations",
                "narrow the claim to what the sources show, or cite a work that supports all of it",
            )


@rule(
    "CC106",
    "citation.retracted",
    Category.CITATION,
    Severity.ERROR,
    "Claim cites a retracted work",
    scope="unit",
)
def retracted(self: Rule, context: Context) -> Iterator[Finding]:
    """A retracted work no longer supports anything. The verified-reference lock
    (``claimcheck refs verify``) records retractions and withdrawals as Crossref reports them
    (``updated-by``, including Retraction Watch data) or PubMed flags them ("Retracted
    Publication"). Every citation of such a work is reported at the claim, whatever its
    relation; find current evidence or drop the claim."""
    corpus = context.corpus
    lock = corpus.lock
    if lock is None:
        return
    retracted_keys: dict[str, LockedRecord] = {}
    for key, entry in lock.entries.items():
        reference = corpus.references.get(key)
        if reference is not None and entry.retracted and is_verified(reference, entry):
            retracted_keys[key] = entry
    if not retracted_keys:
        return
    for summary in corpus.claims_files:
        if retracted_keys.keys().isdisjoint(summary.cited_keys()):
            continue
        claims_file = corpus.claims_file(summary)
        for record in claims_file.claims if claims_file is not None else ():
            for index, citation in enumerate(record.claim.citations):
                locked = retracted_keys.get(citation.key)
                if locked is None:
                    continue
                notice = next((n for n in locked.notices if n.type.lower() in RETRACTION_TYPES), None)
                where = f" (notice {notice.doi})" if notice and notice.doi else ""
                yield self.at_claim(
                    record,
                    f"{citation.key!r} has been retracted{where}",
                    "remove the citation and find current evidence, or drop the claim",
                    "citations",
                    index,
                    "key",
                    reference=citation.key,
                )


@rule(
    "CC108",
    "citation.unresolved-marker",
    Category.CITATION,
    Severity.WARNING,
    "Citation in the article text resolves to no reference",
    scope="unit+library",
    granularity="unit",
)
def unresolved_marker(self: Rule, context: Context) -> Iterator[Finding]:
    """Citations in the article's own text must each name one entry of the BibTeX library:
    a Pandoc/CSL key (``[@key]``, ``[@a; @b, p. 4]``, ``@key``) that is in the library; a
    number (``[1]``, ``[2–4]``, ``¹``, ``<sup>1</sup>``) whose entry in the article's reference
    list ("References", in AMA, Vancouver, APA or another style) matches a library entry by DOI
    or PMID, or else by first author, year and title; an author-year citation
    (``(Smith et al., 2019)``) whose first author and year match one entry. A citation that
    matches none, or more than one (then both are named), is reported where it stands, with
    what was tried; it is never guessed. Dates, a bare year, exponents and units (``kg/m²``),
    code and math are not citations. ``claimcheck extract`` reads the same citations into the
    claims it proposes."""
    project = context.project
    if project.bibliography is None:
        return
    library = _library(project.bibliography)
    for article in project.articles.values():
        # the numbers of one marker (``[1-40]``, ``¹²³``) are one citation each, and all but
        # their own problems are the marker's: one finding for each problem of the marker
        told: set[tuple[int, int, str]] = set()
        for item in citations(article.text, article.body_start, library):
            if item.problem is None:
                continue
            cite = item.cite
            if (cite.start, cite.end, item.problem) in told:
                continue
            told.add((cite.start, cite.end, item.problem))
            yield self.finding(
                article.path,
                article.lines.span(cite.start, cite.end),
                f"citation {cite.text!r}: {item.problem}",
                _marker_hint(cite.style),
                article=article.id,
            )


_LIBRARIES: WeakKeyDictionary[Bibliography, Library] = WeakKeyDictionary()


def _library(bibliography: Bibliography) -> Library:
    """The library indexed for matching printed references, once per library (a worker
    checks its units against the same library, chunk after chunk)."""
    found = _LIBRARIES.get(bibliography)
    if found is None:
        found = _LIBRARIES[bibliography] = Library(bibliography.entries)
    return found


def _marker_hint(style: str) -> str:
    if style == "key":
        return "fix the key, or add the entry to the BibTeX library"
    if style == "number":
        return "fix the number, or the reference-list entry, or add the work to the BibTeX library"
    return "fix the author or year, or add the work to the BibTeX library (a key, [@key], is never ambiguous)"


RULES = (
    unknown_key,
    unsupported,
    contradicted,
    weak_evidence,
    unknown_evidence,
    retracted,
    partial_only,
    unresolved_marker,
)
