"""Build the export bundle: only approved claims with no unwaived error go in."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from claimcheck import __version__
from claimcheck.core.finding import Severity
from claimcheck.evidence.support import support_of
from claimcheck.export.references import bundle_reference, style_id, style_path
from claimcheck.load.project import ClaimRecord, Project
from claimcheck.model import ReviewStatus
from claimcheck.model.bundle import (
    Bundle,
    BundleArticle,
    BundleCitation,
    BundleClaim,
    BundleReference,
    BundleReview,
    BundleSummary,
    Generator,
    HeldBackClaim,
    Provenance,
    SourceLocation,
)
from claimcheck.rules.library import is_verified
from claimcheck.run.engine import CheckResult


def provenance(root: Path) -> Provenance:
    """The commit of ``root`` when it is the top of a git checkout."""
    if not (root / ".git").exists():
        return Provenance(commit=None, dirty=None)
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return Provenance(commit=None, dirty=None)
    return Provenance(commit=head or None, dirty=bool(status.strip()))


ErrorIndex = dict[tuple[str, str], set[str]]


def error_index(result: CheckResult) -> ErrorIndex:
    """The rules of the unwaived errors on each (claim, path), gathered in one pass."""
    index: ErrorIndex = {}
    for f in result.findings:
        if f.claim is not None and f.severity is Severity.ERROR and not f.waived:
            index.setdefault((f.claim, f.path), set()).add(f.rule)
    return index


def _hold_reasons(record: ClaimRecord, errors: ErrorIndex, article_problem: str | None) -> list[str]:
    reasons = [] if article_problem is None else [article_problem]
    status = record.claim.review.status
    if status is not ReviewStatus.APPROVED:
        reasons.append(f"review:{status.value}")
    reasons.extend(f"finding:{rule}" for rule in sorted(errors.get((record.id, record.path), ())))
    return reasons


def _held(record: ClaimRecord, article: str | None, line: int, reasons: list[str]) -> HeldBackClaim:
    """A held-back claim, made of values the loader and the check have validated already:
    constructed without validating them again (``model_construct``: 200,000 validations, a
    second of an export of 100,000 held-back claims)."""
    return HeldBackClaim.model_construct(
        claim=record.id,
        article=article,
        source=SourceLocation.model_construct(path=record.path, line=line),
        status=record.claim.review.status,
        reasons=reasons,
    )


class ReferenceResolver:
    """Resolves a citation key to its bundle reference (CSL-formatted in the configured style,
    marked verified when the lock confirms it); each key is formatted once."""

    def __init__(self, project: Project) -> None:
        self._references = project.references
        self.style = style_path(project.settings.citation_style, project.root)
        self._locked = project.lock.entries if project.lock else {}
        self.resolved: dict[str, BundleReference] = {}

    def __call__(self, key: str) -> BundleReference:
        if key not in self.resolved:
            record = self._references[key]
            verified = is_verified(record, self._locked.get(key))
            self.resolved[key] = bundle_reference(record, self.style, verified)
        return self.resolved[key]


def build_bundle(result: CheckResult) -> Bundle:
    project = result.project
    references = project.references
    reference = ReferenceResolver(project)
    style = reference.style
    errors = error_index(result)  # linear in findings, looked up per claim

    articles: list[BundleArticle] = []
    held: list[HeldBackClaim] = []
    total = 0
    for article_id in sorted(project.articles):
        article = project.articles[article_id]
        vetted: list[BundleClaim] = []
        for record in project.claims_by_article.get(article_id, []):
            total += 1
            line = record.span().line
            problem = None if article.meta is not None else "article:invalid"
            reasons = _hold_reasons(record, errors, problem)
            if reasons:
                held.append(_held(record, article_id, line, reasons))
                continue
            claim, review = record.claim, record.claim.review
            support = support_of(project, record)  # assessed once, as the check did
            vetted.append(
                BundleClaim(
                    id=claim.id,
                    quote=claim.quote,
                    statement=claim.statement,
                    kind=claim.kind,
                    substances=claim.substances,
                    citations=[
                        BundleCitation(
                            key=c.key,
                            relation=c.relation,
                            locator=c.locator,
                            reference=reference(c.key),
                        )
                        for c in claim.citations
                        if c.key in references
                    ],
                    support=support.status,
                    evidence=support.evidence,
                    review=BundleReview(
                        status=ReviewStatus.APPROVED,
                        reviewer=review.reviewer,
                        date=review.date,
                        note=review.note,
                        waived_rules=sorted({w.rule for w in review.waivers}),
                    ),
                    source=SourceLocation(path=record.path, line=line),
                )
            )
        if article.meta is None:
            continue
        meta = article.meta
        articles.append(
            BundleArticle(
                id=article_id,
                title=meta.title,
                path=article.path,
                status=meta.status.value if meta.status else None,
                authors=meta.authors,
                medical_reviewer=meta.medical_reviewer,
                published=meta.published,
                updated=meta.updated,
                source_url=meta.source_url,
                disclosures=meta.disclosures,
                claims=vetted,
            )
        )
    for record in project.claims():  # claims whose article does not exist at all
        if record.article_id not in project.articles:
            total += 1
            reasons = _hold_reasons(record, errors, "article:missing")
            held.append(_held(record, record.article_id, record.span().line, reasons))
    held.sort(key=lambda h: (h.source.path, h.source.line, h.claim))
    by_reason = Counter(reason for h in held for reason in h.reasons)
    return Bundle(
        generator=Generator(version=__version__),
        source=provenance(project.root),
        citation_style=style_id(style),
        references=[reference.resolved[key].csl for key in sorted(reference.resolved)],
        summary=BundleSummary(
            articles=len(articles),
            claims=total,
            exported=total - len(held),
            held_back=len(held),
            held_back_by_reason=dict(sorted(by_reason.items())),
        ),
        articles=articles,
        held_back=held,
    )
