"""``claimcheck report``: a static, self-contained HTML review report (opens offline)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.commands.options import Subparsers, add_project_options, checked
from claimcheck.fs.safe_paths import check_write_folder

NAME = "report"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="write the HTML review report (articles, findings, claims)")
    add_project_options(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/build/report)")


def run(args: argparse.Namespace) -> int:
    from claimcheck.report import write_report

    with checked(args) as result:
        out = args.out if args.out is not None else args.root / "build" / "report"
        check_write_folder(args.root, out)
        target = write_report(result, out)
    counts = result.counts()
    print(
        f"claimcheck: report of {len(result.findings)} findings ({counts['error']} errors) written to {target}",
        file=sys.stderr,
    )
    return 0
