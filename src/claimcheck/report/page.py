"""What the HTML review report shows, as plain records: the page, its article sections, its
findings and chart (built by :mod:`claimcheck.report.html`, written by :mod:`claimcheck.report.cards`
and the templates)."""

from __future__ import annotations

import shlex
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from claimcheck.core.finding import Finding
from claimcheck.load.project import ArticleRecord
from claimcheck.review.queue import SETTLED, TIER_NAMES, ClaimView

LIST_SHOWN = 1_000
"""The most items each list of the page shows: the "Fix first" claims, an article's findings
and its claims, the other findings and claims. A longer list shows its first items, in its
order, then says how many more there are and where they all are (``claimcheck review list``,
``claimcheck check``, the claims file), and the filters and the search apply to the items
shown. Lists an editor works down from the top: at 100,000 claims the lists were 250 MB of
HTML, no browser's page to work in, and half the report's CPU (GitHub's search stops at
1,000 results the same way)."""


@dataclass(slots=True)
class FindingItem:
    """A finding as the page lists it (one per finding: plain slots, not frozen, which makes
    one several times faster; not changed once made)."""

    id: str
    finding: Finding
    status: str
    """The review status of the claim the finding is on ("" when not on a claim)."""
    anchor: str = ""
    """The article line the finding is highlighted on, when it is."""


@dataclass
class ArticleSection:
    record: ArticleRecord
    html: Markup
    """The body rendered (:func:`claimcheck.report.markdown.render_article`), marks in place."""
    findings: list[FindingItem]
    claims: list[ClaimView]


@dataclass
class ChartRow:
    category: str
    counts: dict[str, int]
    widths: dict[str, float]
    total: int


@dataclass
class Page:
    version: str
    counts: Counter[str]
    statuses: list[tuple[str, int]]
    supports: list[tuple[str, int]]
    chart: list[ChartRow]
    articles: list[ArticleSection]
    other_findings: list[FindingItem]
    other_claims: list[ClaimView]
    """Claims of no known article (an orphan claims file, or one naming a missing article)."""
    finding_ids: dict[int, str]
    """Each finding's item id, by the finding's ``id()``."""
    references: dict[str, str]
    categories: list[str]
    severities: list[str]
    review_statuses: list[str]
    total_findings: int
    queue: list[ClaimView] = field(default_factory=list)
    """What to fix first: the claims needing a decision, across articles, most urgent first (the
    first ``shown`` of them)."""
    queued: int = 0
    """The claims needing a decision, all of them (``queue`` may show fewer)."""
    shown: int = LIST_SHOWN
    """The most items a list shows (:data:`LIST_SHOWN`)."""
    titles: dict[str, str] = field(default_factory=dict)
    tiers: dict[int, str] = field(default_factory=lambda: dict(TIER_NAMES))
    settled: int = SETTLED
    _escaped: dict[int, tuple[ClaimView, str, str]] = field(default_factory=dict, repr=False, compare=False)
    _parts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Escaped, case-folded parts of search texts that recur: article ids, rules and messages."""
    _command: tuple[str, str] | None = field(default=None, repr=False, compare=False)
    """The command's escaped fixed words, before and after the claim id."""

    @property
    def finding_lists(self) -> list[list[FindingItem]]:
        """The page's lists of findings: the other findings, then each article's."""
        return [self.other_findings, *(section.findings for section in self.articles)]

    @property
    def claim_lists(self) -> list[list[ClaimView]]:
        """The page's lists of claim cards: the claims of no known article, then each article's."""
        return [self.other_claims, *(section.claims for section in self.articles)]

    @property
    def capped(self) -> bool:
        """Whether a list shows fewer items than it has (the Fix first list included)."""
        lists: list[list[FindingItem] | list[ClaimView]] = [*self.finding_lists, *self.claim_lists]
        return self.queued > len(self.queue) or any(len(items) > self.shown for items in lists)

    @property
    def findings_listed(self) -> int:
        """The finding items the page shows, in all its lists."""
        return sum(min(len(items), self.shown) for items in self.finding_lists)

    @property
    def claims_listed(self) -> int:
        """The claim cards the page shows."""
        return sum(min(len(views), self.shown) for views in self.claim_lists)

    def command(self, view: ClaimView) -> str:
        """The ``review set`` command to record a decision on the claim (copy-ready)."""
        return self.command_for(shlex.quote(view.record.id))

    @staticmethod
    def command_for(quoted_id: str) -> str:
        return f'claimcheck review set {quoted_id} --status approved --reviewer "$CLAIMCHECK_REVIEWER"'

    def escaped(self, view: ClaimView, escape: Callable[[str], str]) -> tuple[str, str]:
        """``escape`` of the claim's :meth:`search_text` and :meth:`command`, worked out once
        per claim: its card and its item of the fix-first list both show them.

        Escaping and case folding go character by character, so the search text is escaped
        part by part, each part once per report (the rule and message of a finding recur on
        thousands of claims), and the command's fixed words once: the same text as escaping
        the joined whole, at a fraction of the cost."""
        known = self._escaped.get(id(view))
        if known is None or known[0] is not view:
            if self._command is None:
                before, after = escape(self.command_for("\x00")).split("\x00")
                self._command = before, after
            parts = self._parts
            claim = view.record.claim
            folded = [escape(claim.id.casefold())]
            for word in [view.record.article_id or "", *(f"{f.rule} {f.message}" for f in view.findings)]:
                escaped = parts.get(word)
                if escaped is None:
                    escaped = parts[word] = escape(word.casefold())
                folded.append(escaped)
            folded[2:2] = escape(claim.quote.casefold()), escape((claim.statement or "").casefold())
            before, after = self._command
            known = self._escaped[id(view)] = (
                view,
                " ".join(folded),
                before + escape(shlex.quote(view.record.id)) + after,
            )
        return known[1], known[2]

    def search_text(self, view: ClaimView) -> str:
        """What the search box looks in: id, article, quote, statement, rules and messages."""
        claim = view.record.claim
        parts = [claim.id, view.record.article_id or "", claim.quote, claim.statement or ""]
        parts.extend(f"{f.rule} {f.message}" for f in view.findings)
        return " ".join(parts).casefold()
