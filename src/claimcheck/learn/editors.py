"""Editors' decisions as labels: the claims files' review records turned into labelled rows.

A claim's review says what an editor made of the sentence its quote stands in:

- rejected, or sent back for rewrite (``rejected``, ``needs-rewrite``), while the checker
  flags that sentence as promotional (CC301, CC302 or CC305): the editor agreed that it
  promotes, a positive (``promotes: 1``);
- a waiver of one of those rules with a justification: the editor judged the finding wrong,
  a negative (``promotes: 0``);
- approved, and no promotional finding on the sentence: a negative.

Anything else (pending, needs-evidence, a rejection for another reason, an approval over an
unwaived finding) says nothing about promotion and gives no row. A sentence that two claims
label differently gives no row either. The row's text is the article's sentence, as the
checker reads it; its ``id`` is where the decision is written (claims file and line); its
``doc`` the article, so that every sentence of one article falls in one split.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from claimcheck.core.finding import Finding
from claimcheck.load.project import ArticleRecord, ClaimRecord, Project
from claimcheck.model.claims import Claim, ReviewStatus

PROMOTION_RULES = ("CC301", "CC302", "CC305")
"""The rules whose findings mark a sentence as promotional."""

COLLECTION = "editors"
"""The ``collection`` of rows made from a content repository's review records."""

LABEL = "promotes"

_SENT_BACK = frozenset((ReviewStatus.REJECTED, ReviewStatus.NEEDS_REWRITE))
_UNNAMED = "editor (not named in the review record)"


@dataclass(frozen=True)
class EditorRow:
    """One labelled sentence, in the row format of data/labels/README.md."""

    id: str
    text: str
    doc: str
    promotes: int
    labeller: str
    decision: str
    """What made the label, in words: ``rejected over CC302``, ``waiver of CC301``, ``approved``."""

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "collection": COLLECTION,
            "doc": self.doc,
            "origin": "real",
            "licence": "the content repository's own text, labelled by its editors (kept in the repository)",
            "labeller": self.labeller,
            "labels": {LABEL: self.promotes},
        }


Box = tuple[int, int, int, int]
"""(line, column, end line, end column) of a span."""


def _overlaps(a: Box, b: Box) -> bool:
    return (a[0], a[1]) < (b[2], b[3]) and (b[0], b[1]) < (a[2], a[3])


def _box(finding: Finding) -> Box:
    s = finding.span
    return (s.line, s.column, s.end_line, s.end_column)


def promotional(findings: Iterable[Finding]) -> dict[str, list[tuple[Box, str]]]:
    """Per article path, where CC301/CC302/CC305 flag it and which rule."""
    found: dict[str, list[tuple[Box, str]]] = {}
    for finding in findings:
        if finding.rule in PROMOTION_RULES:
            found.setdefault(finding.path, []).append((_box(finding), finding.rule))
    return found


def _sentence(article: ArticleRecord, quote: str) -> tuple[str, Box] | None:
    """The sentence of ``article`` in which ``quote`` starts, and where that sentence is."""
    found = article.squeezed.find(quote, article.body_start)
    if found is None:
        return None
    start = found[0]
    for sentence in article.segments.sentences:
        if sentence.start <= start < sentence.end:
            text = " ".join(article.text[sentence.start : sentence.end].split())
            s = article.lines.span(sentence.start, sentence.end)
            return text, (s.line, s.column, s.end_line, s.end_column)
    return None


def _justified_waiver(claim: Claim) -> tuple[str, str | None] | None:
    for waiver in claim.review.waivers:
        if waiver.rule in PROMOTION_RULES and (waiver.justification or "").strip():
            return waiver.rule, waiver.reviewer
    return None


def _decision(claim: Claim, flags: Sequence[str]) -> tuple[int, str, str | None] | None:
    """(label, what made it, who) for one claim whose sentence carries ``flags``."""
    review = claim.review
    waiver = _justified_waiver(claim)
    if waiver is not None:
        rule, reviewer = waiver
        return 0, f"waiver of {rule}", reviewer or review.reviewer
    if review.status in _SENT_BACK and flags:
        return 1, f"{review.status.value} over {', '.join(sorted(set(flags)))}", review.reviewer
    if review.status is ReviewStatus.APPROVED and not flags:
        return 0, "approved without a promotional finding", review.reviewer
    return None


def editor_rows(project: Project, findings: Iterable[Finding]) -> list[EditorRow]:
    """The labelled sentences of ``project``'s review records, given the promotional
    findings of a check of it (see the module's docstring)."""
    flagged = promotional(findings)
    by_text: dict[tuple[str, str], list[EditorRow]] = {}
    for record, article in _claims_with_articles(project):
        located = _sentence(article, record.claim.quote)
        if located is None:
            continue  # a quote not in its article is CC2xx's business, not a label
        text, where = located
        flags = [rule for box, rule in flagged.get(article.path, []) if _overlaps(box, where)]
        decided = _decision(record.claim, flags)
        if decided is None:
            continue
        label, decision, reviewer = decided
        row = EditorRow(
            id=f"{record.path}:{record.span().line}",
            text=text,
            doc=article.path,
            promotes=label,
            labeller=(reviewer or "").strip() or _UNNAMED,
            decision=decision,
        )
        by_text.setdefault((article.path, text), []).append(row)
    rows: list[EditorRow] = []
    for candidates in by_text.values():
        if len({row.promotes for row in candidates}) == 1:
            rows.append(candidates[0])
    return sorted(rows, key=lambda row: row.id)


def _claims_with_articles(project: Project) -> Iterator[tuple[ClaimRecord, ArticleRecord]]:
    for record in project.claims():
        article = project.article_of(record)
        if article is not None:
            yield record, article
