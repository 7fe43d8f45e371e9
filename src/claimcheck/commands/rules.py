"""``claimcheck rules``: list the rules (the source of ``docs/rules.md``)."""

from __future__ import annotations

import argparse
import json
import sys

from claimcheck.commands.options import Subparsers
from claimcheck.docs import render_rules_markdown
from claimcheck.rules import RULES

NAME = "rules"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="list the rules")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    if args.format == "markdown":
        sys.stdout.write(render_rules_markdown())
    elif args.format == "json":
        data = [
            {
                "id": r.id,
                "name": r.name,
                "category": r.category.value,
                "severity": r.severity.value,
                "summary": r.summary,
                "doc": r.doc,
            }
            for r in RULES
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        for r in RULES:
            print(f"{r.id}  {r.severity.value:<7}  {r.category.value:<19}  {r.name:<38} {r.summary}")
    return 0
