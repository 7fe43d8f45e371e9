"""``claimcheck check``: validate the content and report findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.atomic import write_atomic
from claimcheck.commands.options import Subparsers, add_project_options, run_check
from claimcheck.reporters import REPORTERS
from claimcheck.reporters.text import TextReporter

NAME = "check"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="check articles, claims and references")
    add_project_options(parser)
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="report format")
    parser.add_argument("--output", type=Path, help="write the report to this file instead of stdout")


def run(args: argparse.Namespace) -> int:
    result = run_check(args)
    text = REPORTERS[args.format].render(result)
    if args.output:
        write_atomic(args.output, text)
        print(TextReporter().render(result).splitlines()[-1], file=sys.stderr)
    else:
        sys.stdout.write(text)
    return result.exit_code
