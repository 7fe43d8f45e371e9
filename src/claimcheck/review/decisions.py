"""Recording editors' decisions in the claims files.

Every edit is made on the round-trip claim (comments, key order, formatting, line endings
and BOM kept; only the claim's own lines are read and change), judged in memory in the
claim's unit before it is saved, and saved under the file's lock to the file as it is then
(edit/claims_file.py): an edit of another claim saved meanwhile is kept, an edit of the same
claim refuses this one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from claimcheck.core.errors import ClaimcheckError
from claimcheck.core.finding import Finding, Severity
from claimcheck.core.suggestions import did_you_mean
from claimcheck.edit.claims_file import ConcurrentModification, edit_claim, open_claim, plain
from claimcheck.edit.comments import attach_tail, detach_tail, remove_key, set_key
from claimcheck.load import load_project
from claimcheck.load.claims import claims_file_from_text
from claimcheck.load.project import ClaimRecord, Project
from claimcheck.model import Relation, ReviewStatus
from claimcheck.rules import RULES_BY_ID
from claimcheck.run.engine import check
from claimcheck.settings import Settings

CLAIM_ORDER = ("id", "quote", "statement", "kind", "substances", "citations", "review")
REVIEW_ORDER = ("status", "reviewer", "date", "note", "waivers", "history")
EVENT_ORDER = ("status", "reviewer", "date", "note", "action")
APPROVAL_GUARD = "CC501"  # the rule an approval over an open error would trip


class Refused(ClaimcheckError):
    """The action would leave the content wrong; nothing was written."""

    exit_code = 1


@dataclass(frozen=True)
class Decision:
    status: ReviewStatus
    reviewer: str
    date: dt.date
    note: str | None = None
    waivers: tuple[tuple[str, str], ...] = ()
    """(rule, justification) of each finding accepted on the claim."""


@dataclass(frozen=True)
class NewCitation:
    key: str
    relation: Relation
    locator: str | None = None


@dataclass(frozen=True)
class Outcome:
    path: str
    changed: bool
    before: str = ""
    after: str = ""
    """The claims file's text before and after the edit (to show the change)."""


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _plain(value: Any) -> Any:
    """A fresh copy of a scalar, so that the dump writes it again instead of an alias."""
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    if isinstance(value, str):
        return str(value)
    return value


def _find(project: Project, claim_id: str) -> ClaimRecord:
    found = [r for r in project.claims() if r.id == claim_id]
    if not found:
        near = did_you_mean(claim_id, (r.id for r in project.claims()))
        raise Refused(
            f"unknown claim {claim_id!r}{near} (or its claims file has errors: run 'claimcheck check')"
        )
    if len(found) > 1:
        paths = ", ".join(r.path for r in found)
        raise Refused(f"claim id {claim_id!r} is not unique ({paths}); fix the duplicate first")
    return found[0]


def _trial_text(article_id: str | None, claim: Any) -> str:
    """A claims file holding only ``claim`` (plain data)."""
    document = {"article": article_id, "claims": [claim]}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=1_000_000)


def check_edit(
    project: Project, settings: Settings, record: ClaimRecord, before: Any, after: Any
) -> list[Finding]:
    """Findings on the claim once edited from ``before`` to ``after`` (plain data).

    The claim is judged in its unit, alone: its article, the library and a claims file holding
    only the claim. No rule looks across the claims of a file except CC003 (duplicate ids),
    which :func:`_find` refuses first, so the findings on the claim are those a check of the
    whole project would give, at the cost of one claim instead of the whole project."""
    stem = record.file.stem
    _, known = claims_file_from_text(record.path, stem, _trial_text(record.article_id, before))
    edited, problems = claims_file_from_text(record.path, stem, _trial_text(record.article_id, after))
    seen = {(p.rule, p.message) for p in known}
    new = [p for p in problems if (p.rule, p.message) not in seen]
    if new or not any(r.id == record.id for r in edited.claims):
        detail = new[0].message if new else "the claim no longer validates"
        raise Refused(f"the edit would make {record.path} invalid: {detail}")
    article = project.article_of(record)
    unit = {article.path} if article is not None else set()
    if project.bibliography is not None:
        unit.add(project.bibliography.path)
    trial = dataclasses.replace(
        project,
        articles={article.id: article} if article is not None else {},
        claim_files=[edited],
        problems=[p for p in project.problems if p.path in unit] + problems,
    )
    result = check(trial, settings)
    return [f for f in result.findings if f.claim == record.id and f.path == record.path]


def _apply(item: CommentedMap, mutate: Callable[[CommentedMap], None]) -> None:
    tail = detach_tail(item)
    mutate(item)
    attach_tail(item, tail)


def _edit(
    root: Path,
    settings: Settings,
    claim_id: str,
    validate: Callable[[Project, ClaimRecord], None],
    mutate: Callable[[CommentedMap], None],
    approving: bool,
    waived: tuple[str, ...] = (),
    expected: str | None = None,
) -> Outcome:
    """Judge the edit on the claim as read, then apply it, under the file's lock, to the file as
    it is then: edits of other claims saved meanwhile are kept; an edit of this claim saved
    meanwhile refuses this one (the decision was made on what the editor saw). With
    ``expected`` (:func:`claimcheck.edit.claims_file.file_version` of the claims file as a page
    showed it) any change of the file since refuses."""
    project = load_project(root, settings)
    record = _find(project, claim_id)
    validate(project, record)
    path = root / record.path
    changed_meanwhile = (
        f"{record.path} changed on disk since it was read: claim {claim_id} was edited meanwhile "
        "(by another command or editor); nothing was written, run the command again"
    )
    opened = open_claim(path, claim_id)
    if opened is None:
        raise ConcurrentModification(changed_meanwhile)
    before = plain(opened.item)
    _apply(opened.item, mutate)
    findings = check_edit(project, settings, record, before, plain(opened.item))
    for rule_id in waived:
        if not any(f.rule == rule_id for f in findings):
            others = sorted({f.rule for f in findings if not f.waived})
            now = f"its findings: {', '.join(others)}" if others else "it has no finding"
            raise Refused(f"nothing to waive: {claim_id} has no {rule_id} finding ({now})")
    if approving:
        errors = sorted(
            {
                f"{f.rule} ({f.message})"
                for f in findings
                if f.severity is Severity.ERROR and not f.waived and f.rule != APPROVAL_GUARD
            }
        )
        if errors:
            raise Refused(
                f"cannot approve {claim_id}: unwaived error {'; '.join(errors)}; "
                "fix it, or waive it with --waive RULE --justification TEXT"
            )

    def change(item: CommentedMap) -> None:
        if plain(item) != before:
            raise ConcurrentModification(changed_meanwhile)
        _apply(item, mutate)

    saved = edit_claim(path, claim_id, change, root, expected)
    return Outcome(record.path, saved.changed, saved.before, saved.after)


def _previous_event(review: CommentedMap) -> CommentedMap | None:
    """The decision being replaced, if one was ever made."""
    status = review.get("status", ReviewStatus.PENDING.value)
    if status == ReviewStatus.PENDING.value and all(_blank(review.get(k)) for k in ("reviewer", "note")):
        return None
    event = CommentedMap()
    event["status"] = _plain(status)
    for key in ("reviewer", "date", "note"):
        if review.get(key) is not None:
            event[key] = _plain(review[key])
    return event


def _child(parent: CommentedMap, key: str, kind: type[Any], order: tuple[str, ...]) -> Any:
    value = parent.get(key)
    if not isinstance(value, kind):
        value = kind()
        set_key(parent, key, value, order)
    elif not value and value.fa.flow_style():  # `waivers: []` grows as a block list
        value.fa.set_block_style()
    return value


def record_decision(
    root: Path, settings: Settings, claim_id: str, decision: Decision, expected: str | None = None
) -> Outcome:
    if _blank(decision.reviewer):
        raise Refused("a decision needs a reviewer: --reviewer NAME")
    for rule_id, justification in decision.waivers:
        if _blank(justification):
            raise Refused(f"a waiver of {rule_id} needs a justification: --justification TEXT")
        if rule_id not in RULES_BY_ID:
            near = did_you_mean(rule_id, RULES_BY_ID)
            raise Refused(f"cannot waive unknown rule {rule_id!r}{near} (see 'claimcheck rules')")

    def mutate(item: CommentedMap) -> None:
        review = _child(item, "review", CommentedMap, CLAIM_ORDER)
        previous = _previous_event(review)
        if previous is not None:
            _child(review, "history", CommentedSeq, REVIEW_ORDER).append(previous)
        set_key(review, "status", decision.status.value, REVIEW_ORDER)
        set_key(review, "reviewer", decision.reviewer.strip(), REVIEW_ORDER)
        set_key(review, "date", decision.date, REVIEW_ORDER)
        if _blank(decision.note):
            remove_key(review, "note")
        else:
            set_key(review, "note", (decision.note or "").strip(), REVIEW_ORDER)
        for rule_id, justification in decision.waivers:
            waivers = _child(review, "waivers", CommentedSeq, REVIEW_ORDER)
            waiver = CommentedMap()
            waiver["rule"] = rule_id
            waiver["justification"] = justification.strip()
            waiver["reviewer"] = decision.reviewer.strip()
            waiver["date"] = _plain(decision.date)
            same = [
                i for i, w in enumerate(waivers) if isinstance(w, CommentedMap) and w.get("rule") == rule_id
            ]
            if same:
                waivers[same[0]] = waiver
            else:
                waivers.append(waiver)

    approving = decision.status is ReviewStatus.APPROVED
    waived = tuple(rule_id for rule_id, _ in decision.waivers)
    return _edit(
        root, settings, claim_id, lambda _project, _record: None, mutate, approving, waived, expected
    )


def add_citation(
    root: Path, settings: Settings, claim_id: str, citation: NewCitation, expected: str | None = None
) -> Outcome:
    def validate(project: Project, record: ClaimRecord) -> None:
        if citation.key not in project.references:
            near = did_you_mean(citation.key, project.references)
            raise Refused(f"unknown citation key {citation.key!r}: not in the BibTeX library{near}")

    def mutate(item: CommentedMap) -> None:
        citations = _child(item, "citations", CommentedSeq, CLAIM_ORDER)
        for existing in citations:
            if isinstance(existing, CommentedMap) and existing.get("key") == citation.key:
                existing["relation"] = citation.relation.value
                if not _blank(citation.locator):
                    set_key(
                        existing, "locator", (citation.locator or "").strip(), ("key", "relation", "locator")
                    )
                return
        entry = CommentedMap()
        entry["key"] = citation.key
        entry["relation"] = citation.relation.value
        if not _blank(citation.locator):
            entry["locator"] = (citation.locator or "").strip()
        citations.append(entry)

    return _edit(root, settings, claim_id, validate, mutate, approving=False, expected=expected)
