"""``claimcheck review``: the queue of claims needing a decision, and recording decisions.

``review list`` shows the queue; ``review set`` records a decision (and optionally a waiver);
``review cite`` adds a citation. Decisions are written into the claims files, so they are
reviewed in git like any change. A refused action exits with 1 and writes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from claimcheck.commands.options import Subparsers, add_project_options, run_check, settings_from
from claimcheck.errors import UsageError
from claimcheck.escape import json_text, shown
from claimcheck.finding import Category, Finding
from claimcheck.model import Relation, ReviewStatus
from claimcheck.review.queue import TIER_NAMES, ClaimView, claim_views, review_queue

NAME = "review"
DECISIONS = [s.value for s in ReviewStatus if s is not ReviewStatus.PENDING]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the content repository (default: current folder)"
    )


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
    listing.add_argument("--format", choices=("text", "json"), default="text")

    decide = actions.add_parser("set", help="record a review decision on a claim")
    _root(decide)
    decide.add_argument("claim", metavar="CLAIM-ID")
    decide.add_argument("--status", required=True, choices=DECISIONS)
    decide.add_argument("--reviewer", required=True, metavar="NAME")
    decide.add_argument("--note", metavar="TEXT")
    decide.add_argument("--waive", metavar="RULE", help="accept this rule's finding on the claim")
    decide.add_argument("--justification", metavar="TEXT", help="why the waived finding is acceptable")
    decide.add_argument("--date", type=_date, help="date of the decision (default: today)")

    cite = actions.add_parser("cite", help="add (or update) a citation of a claim")
    _root(cite)
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


def _item_text(number: int, view: ClaimView) -> list[str]:
    record = view.record
    lines = [
        f"{number}. [{TIER_NAMES[view.tier]}] {shown(record.id)} ({shown(record.article_id or '?')}) "
        f"status: {view.status.value}, support: {view.support.value}",
        f"   {shown(record.path)}:{record.span().line}:{record.span().column}",
        f"   quote: {shown(record.claim.quote)}",
    ]
    if view.suggestion:
        lines.append(f"   suggested reference: {shown(view.suggestion[0])} (score {view.suggestion[1]:.2f})")
    for f in view.findings:
        state = "waived" if f.waived else f.severity.value
        lines.append(f"   {state} {f.rule} {shown(f.path)}:{f.span.line}:{f.span.column} {shown(f.message)}")
        if f.hint and not f.waived:
            lines.append(f"       hint: {shown(f.hint)}")
    return lines


def _list(args: argparse.Namespace) -> int:
    result = run_check(args)
    queue = review_queue(claim_views(result), args.status, args.category, args.article)
    if args.format == "json":
        sys.stdout.write(
            json_text(json.dumps({"claims": [_item_json(v) for v in queue]}, indent=2, ensure_ascii=False))
            + "\n"
        )
        return 0
    lines: list[str] = []
    for number, view in enumerate(queue, 1):
        lines.extend(_item_text(number, view))
        lines.append("")
    noun = "claim needs" if len(queue) == 1 else "claims need"
    lines.append(f"claimcheck: {len(queue)} {noun} a decision")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _set(args: argparse.Namespace) -> int:
    from claimcheck.review.decisions import Decision, record_decision

    if args.justification is not None and args.waive is None:
        raise UsageError("--justification goes with --waive RULE")
    decision = Decision(
        status=ReviewStatus(args.status),
        reviewer=args.reviewer,
        date=args.date or dt.date.today(),
        note=args.note,
        waive=args.waive.upper() if args.waive else None,
        justification=args.justification,
    )
    outcome = record_decision(args.root, settings_from(args), args.claim, decision)
    waived = f", waived {decision.waive}" if decision.waive else ""
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
