"""Claims with their findings and support, and the queue of those needing a decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.evidence.suggest import best_uncited
from claimcheck.evidence.support import support_of
from claimcheck.load.project import ArticleRecord, ClaimRecord
from claimcheck.model import ReviewStatus, SupportStatus
from claimcheck.run.engine import CheckResult

ERRORS, FLAGGED, WARNINGS, PENDING, SETTLED = range(5)
TIER_NAMES = {
    ERRORS: "error",
    FLAGGED: "flagged",
    WARNINGS: "warning",
    PENDING: "pending",
    SETTLED: "settled",
}
"""The queue's tiers, most urgent first: an unwaived error; an unreviewed claim whose text is
flagged as promotional (or as promoting a regulated substance) or that its citations do not
support; an unwaived warning; any other unreviewed claim. The CLI (``review list``), the review
app and the static report rank with :func:`review_queue` alone."""

FLAGGED_CATEGORIES = frozenset({Category.PROMOTIONAL, Category.REGULATED_SUBSTANCE})
UNSUPPORTED = frozenset({SupportStatus.UNSUPPORTED, SupportStatus.CONTRADICTED})
# looked up once: an enum member read from its class costs a descriptor call (650,000 of them
# ranked 100,000 claims)
_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
_REJECTED, _PENDING = ReviewStatus.REJECTED, ReviewStatus.PENDING


@dataclass(frozen=True)
class ClaimView:
    """A claim as an editor sees it: its findings (on the claim, and on the article text its
    quote covers), how its citations support it, and where its quote is in the article."""

    record: ClaimRecord
    findings: tuple[Finding, ...]
    support: SupportStatus
    quote_span: Span | None
    suggestion: tuple[str, float] | None = None
    """The best-matching library reference the claim does not cite yet (BM25), if any."""

    @property
    def status(self) -> ReviewStatus:
        return self.record.claim.review.status

    def open_count(self, severity: Severity) -> int:
        return self._open_counts.get(severity, 0)

    @cached_property
    def _open_counts(self) -> dict[Severity, int]:
        """Unwaived findings per severity, counted once (the queue's sort and filters and
        every listing ask several times per claim)."""
        counts: dict[Severity, int] = {}
        for f in self.findings:
            if not f.waived:
                counts[f.severity] = counts.get(f.severity, 0) + 1
        return counts

    @cached_property
    def tier(self) -> int:
        """How urgently the claim needs a decision; SETTLED claims need none."""
        status = self.record.claim.review.status
        if status is not _REJECTED:
            counts = self._open_counts
            if counts.get(_ERROR):
                return ERRORS
            if status is _PENDING and self.flagged:
                return FLAGGED
            if counts.get(_WARNING):
                return WARNINGS
        return PENDING if status is _PENDING else SETTLED

    @property
    def flagged(self) -> bool:
        """Promotional text (an open finding of that kind on the quote) or no support."""
        return self.support in UNSUPPORTED or any(
            f.category in FLAGGED_CATEGORIES and not f.waived for f in self.findings
        )

    def matches(self, search: str) -> bool:
        """Whether every word of ``search`` is in the claim's id, article, quote, statement,
        or a rule id or message of its findings (case-insensitive)."""
        words = search.casefold().split()
        if not words:
            return True
        claim = self.record.claim
        haystack = " ".join(
            [
                claim.id,
                self.record.article_id or "",
                claim.quote,
                claim.statement or "",
                *(f"{f.rule} {f.message}" for f in self.findings),
            ]
        ).casefold()
        return all(word in haystack for word in words)

    def sort_key(self) -> tuple[int, int, int, str, str, int]:
        return self._sort_key

    @cached_property
    def _sort_key(self) -> tuple[int, int, int, str, str, int]:
        """The queue's order (worked out once: the queue and each listing sort by it)."""
        counts = self._open_counts
        record = self.record
        return (
            self.tier,
            -counts.get(_ERROR, 0),
            -counts.get(_WARNING, 0),
            record.article_id or "",
            record.path,
            record.index,
        )


def _overlaps(finding: Span, quote: Span) -> bool:
    start, end = (finding.line, finding.column), (finding.end_line, finding.end_column)
    q_start, q_end = (quote.line, quote.column), (quote.end_line, quote.end_column)
    if start == end:  # a point: inside the quote
        return q_start <= start < q_end
    return start < q_end and q_start < end


@dataclass
class _Index:
    """Findings by claim id, and unattached findings by file, built once."""

    by_claim: dict[str, list[Finding]]
    loose_by_path: dict[str, list[Finding]]

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> _Index:
        index = cls({}, {})
        for f in findings:
            if f.claim is not None:
                index.by_claim.setdefault(f.claim, []).append(f)
            else:
                index.loose_by_path.setdefault(f.path, []).append(f)
        return index


def _view(
    record: ClaimRecord, article: ArticleRecord | None, result: CheckResult, index: _Index
) -> ClaimView:
    quote_span = article.find_quote(record.claim.quote) if article else None
    paths = {record.path, article.path if article else record.path}
    findings = [f for f in index.by_claim.get(record.id, []) if f.path in paths]
    if article is not None and quote_span is not None:
        findings.extend(f for f in index.loose_by_path.get(article.path, []) if _overlaps(f.span, quote_span))
    project = result.project
    support = support_of(project, record).status
    suggestion = None
    if support is not SupportStatus.SUPPORTED:
        suggestion = best_uncited(project, record)
    return ClaimView(record, tuple(sorted(findings, key=Finding.sort_key)), support, quote_span, suggestion)


def claim_views(result: CheckResult) -> list[ClaimView]:
    """Every claim of the project, in file order."""
    project = result.project
    index = _Index.of(result.findings)
    return [_view(record, project.article_of(record), result, index) for record in project.claims()]


def review_queue(
    views: Iterable[ClaimView],
    status: str | None = None,
    category: str | None = None,
    article: str | None = None,
    search: str = "",
    settled: bool = False,
) -> list[ClaimView]:
    """Claims needing a decision, most serious first (the tiers of :data:`TIER_NAMES`), filtered;
    with ``settled`` the claims needing none follow them."""
    chosen = [
        v
        for v in views
        if (settled or v.tier != SETTLED)
        and (status is None or v.status.value == status)
        and v.matches(search)
        and (article is None or v.record.article_id == article)
        and (category is None or any(f.category.value == category and not f.waived for f in v.findings))
    ]
    return sorted(chosen, key=ClaimView.sort_key)
