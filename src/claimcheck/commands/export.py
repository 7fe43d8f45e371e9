"""``claimcheck export``: write the vetted bundle (``bundle.json``, ``bundle.md``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.commands.options import Subparsers, add_project_options, checked
from claimcheck.fs.safe_paths import check_write_folder

NAME = "export"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="export approved claims as a JSON + Markdown bundle")
    add_project_options(parser)
    parser.add_argument("--out", type=Path, help="output folder (default: ROOT/build)")


def run(args: argparse.Namespace) -> int:
    from claimcheck.export import write_bundle

    with checked(args) as result:
        out = args.out if args.out is not None else args.root / "build"
        check_write_folder(args.root, out)
        bundle = write_bundle(result, out)
    summary = bundle.summary
    print(
        f"claimcheck: exported {summary.exported} of {summary.claims} claims "
        f"({summary.held_back} held back) to {out}/bundle.json and bundle.md",
        file=sys.stderr,
    )
    return 0
