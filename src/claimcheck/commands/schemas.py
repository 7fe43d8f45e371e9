"""``claimcheck schemas``: write the JSON Schemas generated from the models, or check them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.commands.options import Subparsers
from claimcheck.fs.atomic import write_atomic
from claimcheck.model.schemas import SCHEMA_NAMES, file_name, schema_text

NAME = "schemas"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="write (or --check) the JSON Schemas in schemas/")
    parser.add_argument("--out", type=Path, default=Path("schemas"), help="folder (default: schemas)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed schema drifted")


def run(args: argparse.Namespace) -> int:
    drifted = []
    for name in SCHEMA_NAMES:
        path = args.out / file_name(name)
        text = schema_text(name)
        if args.check:
            current = path.read_text(encoding="utf-8") if path.is_file() else None
            if current != text:
                drifted.append(str(path))
        else:
            write_atomic(path, text)
    if drifted:
        print(
            f"claimcheck: schemas out of date: {', '.join(drifted)} (run 'nox -s schemas')",
            file=sys.stderr,
        )
        return 1
    return 0
