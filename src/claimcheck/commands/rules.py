"""``claimcheck rules``: list the rules (the source of ``docs/rules.md``); ``claimcheck rules
CC301`` shows one rule's documentation and examples."""

from __future__ import annotations

import argparse
import json
import sys

from claimcheck.commands.options import Subparsers
from claimcheck.core.errors import UsageError
from claimcheck.core.suggestions import did_you_mean
from claimcheck.rules import RULES, Rule
from claimcheck.rules.docs import render_rule_markdown, render_rules_markdown

NAME = "rules"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="list the rules, or show one rule's documentation and examples",
        description="Without RULE, list every rule. With RULE (an id such as CC301, or a name such as "
        "content.promotional), show its documentation and examples.",
    )
    parser.add_argument("rule", nargs="*", metavar="RULE", help="a rule id or name")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def _json(rule: Rule) -> dict[str, str]:
    return {
        "id": rule.id,
        "name": rule.name,
        "category": rule.category.value,
        "severity": rule.severity.value,
        "summary": rule.summary,
        "doc": rule.doc,
    }


def find_rule(wanted: str) -> Rule:
    """The rule with this id or name (letter case ignored); a usage error, with the nearest
    ids or names, for anything else."""
    for rule in RULES:
        if wanted.upper() == rule.id or wanted.lower() == rule.name:
            return rule
    known = [r.id for r in RULES] + [r.name for r in RULES]
    near = did_you_mean(wanted.upper() if wanted[:2].upper() == "CC" else wanted.lower(), known)
    raise UsageError(f"unknown rule {wanted!r}{near} (see 'claimcheck rules')")


def run(args: argparse.Namespace) -> int:
    chosen = [find_rule(wanted) for wanted in args.rule] if args.rule else list(RULES)
    if args.format == "json":
        data = [_json(r) for r in chosen]
        sys.stdout.write(json.dumps(data[0] if args.rule and len(data) == 1 else data, indent=2) + "\n")
    elif args.rule:
        sys.stdout.write("\n".join(render_rule_markdown(r) for r in chosen))
    elif args.format == "markdown":
        sys.stdout.write(render_rules_markdown())
    else:
        for r in RULES:
            print(f"{r.id}  {r.severity.value:<7}  {r.category.value:<19}  {r.name:<38} {r.summary}")
    return 0
