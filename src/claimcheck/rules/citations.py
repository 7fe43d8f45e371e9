"""CC1xx: claims and the references they cite."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.finding import Category, Finding, Severity
from claimcheck.model import Relation, ReviewStatus
from claimcheck.rules.base import Context, Rule, rule

SUPPORTING = frozenset({Relation.SUPPORTS, Relation.PARTIAL})


@rule(
    "CC101",
    "citation.unknown-key",
    Category.CITATION,
    Severity.ERROR,
    "Citation key not in the BibTeX library",
    scope="unit",
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


@rule(
    "CC102",
    "citation.unsupported",
    Category.CITATION,
    Severity.ERROR,
    "Claim has no supporting citation",
    scope="unit",
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
        yield self.at_claim(
            record,
            message,
            "cite a reference that supports the claim (relation: supports or partial)",
        )


RULES = (unknown_key, unsupported)
