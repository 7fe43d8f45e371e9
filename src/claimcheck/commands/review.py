"""``claimcheck review``: the queue of claims needing a decision, and recording decisions.

``review list`` shows the queue; ``review set`` records a decision (and optionally a waiver);
``review cite`` adds a citation. Decisions are written into the claims files, so they are
reviewed in git like any change. A refused action exits with 1 and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimcheck.commands.options import (
    Subparsers,
    add_project_options,
    add_root_options,
    checked,
    settings_from,
)
from claimcheck.core.errors import UsageError
from claimcheck.core.escape import in_github_actions, json_text, shown
from claimcheck.core.finding import Category, Finding
from claimcheck.model import Relation, ReviewStatus
from claimcheck.review.queue import TIER_NAMES, ClaimView, claim_views, review_queue

if TYPE_CHECKING:
    from claimcheck.run.engine import CheckResult

NAME = "review"
DECISIONS = [s.value for s in ReviewStatus]
REVIEWER_VARIABLE = "CLAIMCHECK_REVIEWER"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="the review queue; record editors' decisions in the claims files")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True

    listing = actions.add_parser("list", help="claims needing a decision, most serious first")
    add_project_options(listing)
    listing.add_argument("--status", choices=[s.value for s in ReviewStatus], help="only this review status")
    listing.add_argument(
        "--category", choices=[c.value for c in Category], help="only claims with findings of this category"
    )
    listing.add_argument("--article", metavar="ID", help="only the claims of this article")
    listing.add_argument(
        "--search",
        metavar="WORDS",
        default="",
        help="only claims with every word in their id, article, quote, statement or findings",
    )
    listing.add_argument("--format", choices=("text", "json"), default="text")

    decide = actions.add_parser("set", help="record a review decision on a claim")
    add_root_options(decide)
    decide.add_argument("claim", metavar="CLAIM-ID")
    decide.add_argument(
        "--status",
        required=True,
        choices=DECISIONS,
        help="the decision; 'pending' sends the claim back to review",
    )
    decide.add_argument(
        "--reviewer",
        metavar="NAME",
        help=f"who decides (default: ${REVIEWER_VARIABLE}, else git's user.name in the project)",
    )
    decide.add_argument("--note", metavar="TEXT")
    decide.add_argument(
        "--waive",
        action="append",
        default=[],
        metavar="RULE",
        help="accept this rule's finding on the claim (repeatable: --waive CC102 --waive CC205)",
    )
    decide.add_argument(
        "--justification",
        action="append",
        default=[],
        metavar="TEXT",
        help="why the waived finding is acceptable: one for all the --waive, or one for each, in order",
    )
    decide.add_argument("--date", type=_date, help="date of the decision (default: today)")

    cite = actions.add_parser("cite", help="add (or update) a citation of a claim")
    add_root_options(cite)
    cite.add_argument("claim", metavar="CLAIM-ID")
    cite.add_argument("key", metavar="KEY", help="a BibTeX key of the library")
    cite.add_argument("--relation", required=True, choices=[r.value for r in Relation])
    cite.add_argument("--locator", metavar="TEXT", help="page, table, figure or section")


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule,
        "category": f.category.value,
        "severity": f.severity.value,
        "path": f.path,
        "line": f.span.line,
        "column": f.span.column,
        "message": f.message,
        "hint": f.hint,
        "waived": f.waived,
    }


def _item_json(view: ClaimView) -> dict[str, Any]:
    record = view.record
    return {
        "claim": record.id,
        "article": record.article_id,
        "path": record.path,
        "line": record.span().line,
        "priority": TIER_NAMES[view.tier],
        "status": view.status.value,
        "quote": record.claim.quote,
        "support": view.support.value,
        "suggestion": {"key": view.suggestion[0], "score": round(view.suggestion[1], 3)}
        if view.suggestion
        else None,
        "citations": [c.model_dump(mode="json", exclude_none=True) for c in record.claim.citations],
        "findings": [_finding_json(f) for f in view.findings],
    }


class _Shown(dict[str, str]):
    """:func:`claimcheck.core.escape.shown` of each text, worked out once per text: a queue
    repeats the same paths, messages and hints on thousands of claims."""

    def __init__(self, actions: bool) -> None:
        super().__init__()
        self.actions = actions
        self._blocks: dict[tuple[str, str], str] = {}

    def __missing__(self, text: str) -> str:
        safe = self[text] = shown(text, self.actions)
        return safe

    def block(self, text: str, pad: str) -> str:
        """``text``'s lines (blank lines and outer spaces dropped), each shown, joined by a line
        break and ``pad``."""
        key = (text, pad)
        joined = self._blocks.get(key)
        if joined is None:
            parts = [self[line.strip()] for line in text.strip().splitlines() if line.strip()]
            joined = self._blocks[key] = f"\n{pad}".join(parts)
        return joined


def _item_text(number: int, view: ClaimView, s: _Shown) -> list[str]:
    """The lines of one claim of the queue; ``s`` shows texts from outside, escaped for GitHub
    Actions' log too when the list is printed there (:func:`claimcheck.core.escape.shown`)."""
    record = view.record
    span = record.span()
    lines = [
        f"{number}. [{TIER_NAMES[view.tier]}] {s[record.id]} ({s[record.article_id or '?']}) "
        f"status: {view.status.value}, support: {view.support.value}",
        f"   {s[record.path]}:{span.line}:{span.column}",
        _indented("   quote: ", record.claim.quote, s),
    ]
    if view.suggestion:
        lines.append(f"   suggested reference: {s[view.suggestion[0]]} (score {view.suggestion[1]:.2f})")
    for f in view.findings:
        state = "waived" if f.waived else f.severity.value
        lines.append(
            _indented(f"   {state} {f.rule} {s[f.path]}:{f.span.line}:{f.span.column} ", f.message, s)
        )
        if f.hint and not f.waived:
            lines.append(_indented("       hint: ", f.hint, s))
    return lines


def _indented(label: str, text: str, s: _Shown) -> str:
    """``label`` then ``text``, its further lines (a multi-line quote) lined up under its first,
    blank lines and trailing spaces dropped; each line escaped (:func:`claimcheck.core.escape.shown`)."""
    pad = " " * len(label) if len(label) <= 12 else "       "
    return label + s.block(text, pad)


def _list(args: argparse.Namespace) -> int:
    with checked(args) as result:
        return _listed(result, args)


def _listed(result: CheckResult, args: argparse.Namespace) -> int:
    queue = review_queue(claim_views(result), args.status, args.category, args.article, args.search)
    if args.format == "json":
        sys.stdout.write(
            json_text(json.dumps({"claims": [_item_json(v) for v in queue]}, indent=2, ensure_ascii=False))
            + "\n"
        )
        return 0
    lines: list[str] = []
    s = _Shown(in_github_actions())
    for number, view in enumerate(queue, 1):
        lines.extend(_item_text(number, view, s))
        lines.append("")
    noun = "claim needs" if len(queue) == 1 else "claims need"
    lines.append(f"claimcheck: {len(queue)} {noun} a decision")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def default_reviewer(root: Path) -> str | None:
    """``$CLAIMCHECK_REVIEWER``, else git's ``user.name`` as configured for ``root``."""
    named = os.environ.get(REVIEWER_VARIABLE, "").strip()
    if named:
        return named
    import subprocess  # only when no reviewer was given

    try:
        done = subprocess.run(
            ["git", "config", "user.name"], cwd=root, capture_output=True, text=True, check=False
        )
    except OSError:  # no git
        return None
    return done.stdout.strip() or None


def _waivers(args: argparse.Namespace) -> tuple[tuple[str, str], ...]:
    """(rule, justification) pairs of the --waive and --justification options."""
    rules = [rule.strip().upper() for rule in args.waive]
    reasons: list[str] = args.justification
    if reasons and not rules:
        raise UsageError("--justification goes with --waive RULE")
    if len(rules) > 1 and len(reasons) not in (1, len(rules)):
        raise UsageError(
            f"{len(rules)} --waive and {len(reasons)} --justification: give one justification for all, "
            "or one for each --waive, in the same order"
        )
    if len(reasons) == 1:
        reasons = reasons * len(rules)
    if len(set(rules)) < len(rules):
        raise UsageError("a rule is given twice with --waive")
    return tuple(zip(rules, reasons or [""] * len(rules), strict=True))


def _set(args: argparse.Namespace) -> int:
    from claimcheck.review.decisions import Decision, record_decision

    reviewer = args.reviewer if args.reviewer is not None else default_reviewer(args.root)
    if reviewer is None:
        raise UsageError(
            f"a decision needs a reviewer: --reviewer NAME, or set {REVIEWER_VARIABLE} "
            "(or git config user.name)"
        )
    decision = Decision(
        status=ReviewStatus(args.status),
        reviewer=reviewer,
        date=args.date or dt.date.today(),
        note=args.note,
        waivers=_waivers(args),
    )
    outcome = record_decision(args.root, settings_from(args), args.claim, decision)
    rules = [rule for rule, _ in decision.waivers]
    waived = f", waived {', '.join(rules)}" if rules else ""
    state = "recorded" if outcome.changed else "unchanged"
    print(
        f"claimcheck: {args.claim}: {decision.status.value}{waived} ({state} in {outcome.path})",
        file=sys.stderr,
    )
    return 0


def _cite(args: argparse.Namespace) -> int:
    from claimcheck.review.decisions import NewCitation, add_citation

    citation = NewCitation(args.key, Relation(args.relation), args.locator)
    outcome = add_citation(args.root, settings_from(args), args.claim, citation)
    state = "recorded" if outcome.changed else "unchanged"
    print(
        f"claimcheck: {args.claim}: cites {args.key} ({args.relation}) ({state} in {outcome.path})",
        file=sys.stderr,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    handler = {"list": _list, "set": _set, "cite": _cite}[args.action]
    return handler(args)
