"""What the review app's pages show, worked out from the content repository (no web framework
here): the ranked queue across articles, and one article with its claims, findings, suggested
references and the regulatory status of the substances it names.

The queue is :func:`claimcheck.review.queue.review_queue`, the ranking of ``review list`` and
of the static report. An article page re-runs the check for the article's unit only: the
article, its claims files and the library (the findings on them are those of a whole check,
as for ``review set``)."""

from __future__ import annotations

import dataclasses
import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from claimcheck.core.finding import Finding
from claimcheck.edit.claims_file import file_version
from claimcheck.evidence.suggest import suggest_for_claim
from claimcheck.export.bundle import ReferenceResolver
from claimcheck.extract.substances import Registry
from claimcheck.fs.safe_paths import UnsafePath, read_regular
from claimcheck.lexicon import Substance
from claimcheck.load import load_project
from claimcheck.load.project import ArticleRecord, Project
from claimcheck.model import Relation, ReviewStatus
from claimcheck.parse.source_text import decode_text
from claimcheck.report.highlight import Mark
from claimcheck.report.markdown import Rendered, render_article
from claimcheck.review.queue import TIER_NAMES, ClaimView, claim_views, review_queue
from claimcheck.run.engine import CheckResult, check
from claimcheck.settings import Settings

MAX_CLAIMS_FILE = 16 * 1024 * 1024
UNKNOWN = "unknown"
"""The version of a file that could not be read as loaded: a decision on it is refused."""


@dataclass(frozen=True)
class Filters:
    """The queue's filters, as kept in the page's URL."""

    search: str = ""
    status: str | None = None
    category: str | None = None
    article: str | None = None
    tier: str | None = None
    settled: bool = False


@dataclass
class QueuePage:
    items: list[ClaimView]
    total: int
    """Claims in the queue before the filters."""
    tiers: list[tuple[str, int]]
    """Each tier's name and how many of the shown claims are in it (the counts follow the filters)."""
    titles: dict[str, str]
    statuses: list[str] = field(default_factory=lambda: [s.value for s in ReviewStatus])
    categories: list[str] = field(default_factory=list)


def load(root: Path, settings: Settings) -> Project:
    return load_project(root, settings, 1)


def queue_page(root: Path, settings: Settings, filters: Filters) -> QueuePage:
    project = load(root, settings)
    result = check(project, settings)
    views = claim_views(result)
    everything = review_queue(views, settled=filters.settled)
    chosen = review_queue(
        views, filters.status, filters.category, filters.article, filters.search, filters.settled
    )
    if filters.tier:
        chosen = [v for v in chosen if TIER_NAMES[v.tier] == filters.tier]
    counts = Counter(TIER_NAMES[v.tier] for v in chosen)
    return QueuePage(
        items=chosen,
        total=len(everything),
        tiers=[(name, counts[name]) for name in TIER_NAMES.values()],
        titles={a.id: a.title for a in project.articles.values()},
        categories=sorted({f.category.value for v in views for f in v.findings}),
    )


@dataclass(frozen=True)
class SubstanceStatus:
    name: str
    substance: Substance
    claims: tuple[str, ...]
    """Ids of the article's claims naming it."""

    @property
    def badges(self) -> list[tuple[str, str, int]]:
        """(jurisdiction, status, how many records say it), once per pair in the registry's
        order: two US-FDA records both unverified make one badge "US-FDA: unverified (2)",
        whose records are listed in full beneath it."""
        counts: dict[tuple[str, str], int] = {}
        for status in self.substance.statuses:
            key = (status.jurisdiction, status.status.value)
            counts[key] = counts.get(key, 0) + 1
        return [(jurisdiction, value, n) for (jurisdiction, value), n in counts.items()]


@dataclass
class ClaimPanel:
    view: ClaimView
    version: str
    """:func:`file_version` of the claims file as this page shows it."""
    suggestions: list[tuple[str, float]]
    open_findings: list[Finding]

    @property
    def tier(self) -> str:
        return TIER_NAMES[self.view.tier]


@dataclass
class ArticlePage:
    article: ArticleRecord
    rendered: Rendered
    claims: list[ClaimPanel]
    findings: list[tuple[str, Finding]]
    """The article's findings (id, finding), most serious first."""
    substances: list[SubstanceStatus]
    references: dict[str, str]
    relations: list[str] = field(default_factory=lambda: [r.value for r in Relation])


def unit_result(project: Project, settings: Settings, article_id: str) -> CheckResult:
    """The check of one article's unit: the article, its claims files and the library."""
    article = project.articles[article_id]
    files = [f for f in project.claim_files if f.article_id == article_id]
    unit = {article.path, *(f.path for f in files)}
    if project.bibliography is not None:
        unit.add(project.bibliography.path)
    trial = dataclasses.replace(
        project,
        articles={article_id: article},
        claim_files=files,
        problems=[p for p in project.problems if p.path in unit],
    )
    return check(trial, settings)


def _versions(root: Path, project: Project, article_id: str) -> dict[str, str] | None:
    """The :func:`file_version` of each claims file of the article, or None when a file is no
    longer the text the project was loaded from (it changed meanwhile: load again). A page's
    forms carry these versions, so a decision is refused when the file changed since."""
    versions = {}
    for claims_file in project.claim_files:
        if claims_file.article_id != article_id:
            continue
        try:
            raw = read_regular(root, root / claims_file.path, MAX_CLAIMS_FILE)
        except UnsafePath:
            versions[claims_file.path] = UNKNOWN  # not writable either
            continue
        if claims_file.source is not None and decode_text(raw) != claims_file.source.text:
            return None
        versions[claims_file.path] = file_version(raw)
    return versions


def _substances(project: Project, article: ArticleRecord, views: list[ClaimView]) -> list[SubstanceStatus]:
    registry = Registry.of(project.root, project.settings.packs)
    by_name = {s.display: s for s in registry.packs.substances.values()}
    named: dict[str, list[str]] = {}
    for _start, _end, name in registry.mentions(article.body):
        named.setdefault(name, [])
    for view in views:
        for name in view.record.claim.substances:
            if name in by_name:
                named.setdefault(name, []).append(view.record.id)
    return [SubstanceStatus(name, by_name[name], tuple(ids)) for name, ids in sorted(named.items())]


def article_page(root: Path, settings: Settings, article_id: str) -> ArticlePage | None:
    for _ in range(5):
        project = load(root, settings)
        if article_id not in project.articles:
            return None
        versions = _versions(root, project, article_id)
        if versions is not None:
            break
    else:  # edited faster than it can be read: every form is refused until it settles
        versions = {}
    result = unit_result(project, settings, article_id)
    article = project.articles[article_id]
    views = claim_views(result)
    ids = {f: f"f{n}" for n, f in enumerate(result.findings, 1)}
    marks: list[Mark] = []
    for f in result.findings:
        if f.path == article.path:
            marks.append(Mark.of(f.span, ids[f], f))
    for view in views:
        if view.quote_span is None:
            continue
        label = f"claim {view.record.id}: {view.status.value}"
        marks.append(Mark(view.quote_span, f"claim-{view.record.id}", 6, label))
        for f in view.findings:  # the claim's own findings (in its claims file) show on its quote
            if f.path != article.path:
                marks.append(Mark.of(view.quote_span, ids[f], f))
    rendered = render_article(article.text, article.body_start, marks, f"{article.id}-L")
    panels = []
    for view in sorted(views, key=ClaimView.sort_key):
        cited = {c.key for c in view.record.claim.citations}
        panels.append(
            ClaimPanel(
                view,
                versions.get(view.record.path, UNKNOWN),
                suggest_for_claim(project, view.record, top=3, exclude=cited),
                [f for f in view.findings if not f.waived],
            )
        )
    resolve = ReferenceResolver(project)
    ordered = sorted(result.findings, key=lambda f: (f.severity.rank, f.waived, f.sort_key()))
    return ArticlePage(
        article=article,
        rendered=rendered,
        claims=panels,
        findings=[(ids[f], f) for f in ordered if f.path == article.path or f.claim is not None],
        substances=_substances(project, article, views),
        references={key: resolve(key).formatted for key in sorted(project.references)},
    )


def unified_diff(path: str, before: str, after: str) -> str:
    """The change a decision made to a claims file, as a unified diff."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{path}", f"b/{path}", n=2
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
