"""Claims with their findings and support, and the queue of those needing a decision."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass(slots=True, eq=False)
class ClaimView:
    """A claim as an editor sees it: its findings (on the claim, and on the article text its
    quote covers), how its citations support it, and where its quote is in the article.

    What the queue ranks by (unwaived findings per severity, the tier, the sort key) is worked
    out when the view is made, once: the queue's sort and filters and every listing ask for
    them, and a lazily cached attribute costs a lock per first use (``functools.cached_property``
    on Python 3.11): a third of a second over 100,000 claims. Not changed once made."""

    record: ClaimRecord
    findings: tuple[Finding, ...]
    support: SupportStatus
    quote_span: Span | None
    suggestion: tuple[str, float] | None = None
    """The best-matching library reference the claim does not cite yet (BM25), if any."""
    tier: int = field(init=False)
    """How urgently the claim needs a decision (:data:`TIER_NAMES`); SETTLED claims need none."""
    _open_counts: dict[Severity, int] = field(init=False, repr=False)
    _sort_key: tuple[int, int, int, str, str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        counts: dict[Severity, int] = {}
        for f in self.findings:
            if not f.waived:
                counts[f.severity] = counts.get(f.severity, 0) + 1
        self._open_counts = counts
        record = self.record
        status = record.claim.review.status
        tier = PENDING if status is _PENDING else SETTLED
        if status is not _REJECTED:
            if counts.get(_ERROR):
                tier = ERRORS
            elif status is _PENDING and self.flagged:
                tier = FLAGGED
            elif counts.get(_WARNING):
                tier = WARNINGS
        self.tier = tier
        self._sort_key = (
            tier,
            -counts.get(_ERROR, 0),
            -counts.get(_WARNING, 0),
            record.article_id or "",
            record.path,
            record.index,
        )

    @property
    def status(self) -> ReviewStatus:
        return self.record.claim.review.status

    def open_count(self, severity: Severity) -> int:
        """Unwaived findings of ``severity``."""
        return self._open_counts.get(severity, 0)

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
        """The queue's order: tier, most unwaived errors, most warnings, then where the claim is."""
        return self._sort_key


def _overlaps(finding: Span, quote: Span) -> bool:
    start, end = (finding.line, finding.column), (finding.end_line, finding.end_column)
    q_start, q_end = (quote.line, quote.column), (quote.end_line, quote.end_column)
    if start == end:  # a point: inside the quote
        return q_start <= start < q_end
    return start < q_end and q_start < end


WIDE = 3
"""Lines a finding on the text may span and still be looked up by where it starts; wider ones
(few: a paragraph, the whole text) are tried against every quote."""


class _OnText:
    """The findings of an article's text that are on no claim, found by the quotes they
    overlap: by where they start (a bisection), going back only as far as a finding may
    reach, not through every finding of the article for every claim (findings x claims)."""

    def __init__(self, findings: list[Finding]) -> None:
        narrow = [(n, f) for n, f in enumerate(findings) if f.span.end_line - f.span.line <= WIDE]
        narrow.sort(key=lambda item: (item[1].span.line, item[1].span.column))
        self.wide = [(n, f) for n, f in enumerate(findings) if f.span.end_line - f.span.line > WIDE]
        self.narrow = narrow
        self.starts = [(f.span.line, f.span.column) for _, f in narrow]
        self.reach: list[tuple[int, int]] = []
        furthest = (0, 0)
        for _, f in narrow:  # the furthest end of the findings so far
            furthest = max(furthest, (f.span.end_line, f.span.end_column))
            self.reach.append(furthest)

    def overlapping(self, quote: Span) -> list[Finding]:
        """The findings overlapping ``quote`` (:func:`_overlaps`), in the order given."""
        q_start = (quote.line, quote.column)
        hits = [(n, f) for n, f in self.wide if _overlaps(f.span, quote)]
        at = bisect.bisect_left(self.starts, (quote.end_line, quote.end_column)) - 1
        while at >= 0 and self.reach[at] >= q_start:  # none before ``at`` reaches the quote
            n, f = self.narrow[at]
            if _overlaps(f.span, quote):
                hits.append((n, f))
            at -= 1
        return [f for _, f in sorted(hits, key=lambda hit: hit[0])]


@dataclass
class _Index:
    """Findings by claim id, and unattached findings by file, built once."""

    by_claim: dict[str, list[Finding]]
    loose_by_path: dict[str, list[Finding]]
    _on_text: dict[str, _OnText] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> _Index:
        index = cls({}, {})
        for f in findings:
            if f.claim is not None:
                index.by_claim.setdefault(f.claim, []).append(f)
            else:
                index.loose_by_path.setdefault(f.path, []).append(f)
        return index

    def overlapping(self, path: str, quote: Span) -> list[Finding]:
        """The unattached findings of ``path`` that overlap ``quote``."""
        on_text = self._on_text.get(path)
        if on_text is None:
            on_text = self._on_text[path] = _OnText(self.loose_by_path.get(path, []))
        return on_text.overlapping(quote)


def _view(
    record: ClaimRecord, article: ArticleRecord | None, result: CheckResult, index: _Index
) -> ClaimView:
    quote_span = record.quote_span(article) if article else None
    paths = {record.path, article.path if article else record.path}
    findings = [f for f in index.by_claim.get(record.id, []) if f.path in paths]
    if article is not None and quote_span is not None:
        findings.extend(index.overlapping(article.path, quote_span))
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
