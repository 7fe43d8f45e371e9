"""CC5xx: editors' review decisions and waivers."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.rules.base import Context, Rule, rule


@rule(
    "CC501",
    "review.approved-with-error",
    Category.REVIEW,
    Severity.ERROR,
    "Approved claim has an error that is not waived",
    late=True,
    scope="unit",
)
def approved_with_error(self: Rule, context: Context) -> Iterator[Finding]:
    """An approval says a claim is fit to publish, so it must not stand on an open error.
    Fix the error, or record a waiver for that rule with a justification in the claim's
    ``review.waivers``. Until then the claim is held back from the export."""
    errors: dict[str, set[str]] = {}  # claim id -> rules of its open errors (ids may repeat)
    for finding in context.findings:
        if (
            finding.claim is not None
            and finding.severity is Severity.ERROR
            and not finding.waived
            and finding.rule != self.id
        ):
            errors.setdefault(finding.claim, set()).add(finding.rule)
    if not errors:
        return
    corpus = context.corpus
    for claims_file in corpus.claims_files:
        for position in claims_file.approved:
            open_errors = errors.get(claims_file.ids[position])
            if not open_errors:
                continue
            yield self.at_claim_of(
                corpus,
                claims_file,
                position,
                f"approved with unwaived error(s): {', '.join(sorted(open_errors))}",
                "fix the error, or add a waiver with a justification under review.waivers",
                "review",
                "status",
            )


@rule(
    "CC502",
    "review.waiver-without-justification",
    Category.REVIEW,
    Severity.ERROR,
    "Waiver has no justification",
    scope="unit",
    granularity="unit",
)
def waiver_without_justification(self: Rule, context: Context) -> Iterator[Finding]:
    """A waiver accepts a finding on the record; it must say why, so that the next editor
    (and an auditor) can judge the decision. A blank justification does not count."""
    for record in context.project.claims():
        for index, waiver in enumerate(record.claim.review.waivers):
            if not (waiver.justification or "").strip():
                yield self.at_claim(
                    record,
                    f"waiver of {waiver.rule} has no justification",
                    "add 'justification:' saying why the finding is acceptable",
                    "review",
                    "waivers",
                    index,
                )


@rule(
    "CC503",
    "review.unknown-waived-rule",
    Category.REVIEW,
    Severity.WARNING,
    "Waiver names a rule that does not exist",
    scope="unit",
    granularity="unit",
)
def unknown_waived_rule(self: Rule, context: Context) -> Iterator[Finding]:
    """A waiver must name an existing rule id; one that does not waives nothing, which
    usually means a typo in the id."""
    for record in context.project.claims():
        for index, waiver in enumerate(record.claim.review.waivers):
            if waiver.rule not in context.rules:
                yield self.at_claim(
                    record,
                    f"waiver names unknown rule {waiver.rule}",
                    "run 'claimcheck rules' for the list of rule ids",
                    "review",
                    "waivers",
                    index,
                    "rule",
                )


RULES = (approved_with_error, waiver_without_justification, unknown_waived_rule)
