"""``claimcheck learn``: train a promotion model on the publisher's own editorial decisions.

Reads the review records of the content repository (and, with ``--git N``, those of its last
N commits that changed the claims) as labelled sentences, trains a model with the shipped
training rows (or, with ``--no-shipped``, on the repository's rows alone), writes it into the
repository and prints its dev figures next to the shipped model's on the same dev rows. The
model is used once the configuration selects it (``[judgment] model``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from claimcheck.commands.options import Subparsers, settings_from
from claimcheck.core.errors import UsageError
from claimcheck.fs.atomic import write_atomic
from claimcheck.scoring.selected import DEFAULT_PATH
from claimcheck.settings import resolve_inside

NAME = "learn"
ROWS_PATH = ".claimcheck/labels/editors.jsonl"
"""Where the rows read from the review records are written (for audit), in the repository."""


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="train a promotion model on the editors' review decisions",
        description="Train a promotion model on the editors' review decisions of a content repository, "
        "with claimcheck's training rows or alone; write it into the repository and compare it with "
        "the shipped model on the same dev rows. See docs/learn.md.",
    )
    parser.add_argument(
        "--root", type=Path, default=Path("."), help="the content repository (default: current folder)"
    )
    parser.add_argument(
        "--output",
        default=DEFAULT_PATH,
        metavar="PATH",
        help=f"where to write the model, inside the repository (default: {DEFAULT_PATH})",
    )
    parser.add_argument(
        "--no-shipped",
        action="store_true",
        help="learn from the repository's decisions alone, not with claimcheck's training rows",
    )
    parser.add_argument(
        "--git",
        type=int,
        default=0,
        metavar="N",
        help="also read the review records of the last N commits that changed the claims",
    )
    parser.add_argument(
        "--rows-only",
        action="store_true",
        help=f"write the labelled rows ({ROWS_PATH}) and their counts; do not train",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="load files in N processes (default: 1)")


def _figures_line(name: str, precision: float, recall: float, f1: float) -> str:
    return f"  {name:<8} precision {precision:.3f}  recall {recall:.3f}  f1 {f1:.3f}"


def run(args: argparse.Namespace) -> int:
    from claimcheck.learn.collect import collect

    if args.git < 0:
        raise UsageError("--git: give a number of commits (0 or more)")
    settings = settings_from(args)
    output = resolve_inside(args.root, args.output, "--output")
    rows_file = resolve_inside(args.root, ROWS_PATH, "rows")
    if not args.rows_only:
        from claimcheck.learn.train import require_training

        require_training()  # before any work: the extra to install, in one line
    rows = collect(args.root, settings, git=args.git, jobs=args.jobs or 1)
    positives = sum(r.promotes for r in rows)
    write_atomic(rows_file, [(json.dumps(r.as_json(), ensure_ascii=False) + "\n").encode() for r in rows])
    print(
        f"{len(rows)} labelled sentences from the review records "
        f"({positives} promote, {len(rows) - positives} do not); written to {ROWS_PATH}"
    )
    if args.rows_only:
        return 0

    from claimcheck.learn.train import learn, shipped_rows, shipped_transfer

    base = [] if args.no_shipped else [r for r in shipped_rows() if r.split != "test"]
    learned = learn(rows, base, [] if args.no_shipped else shipped_transfer())
    write_atomic(output, learned.model.dumps())
    editors = learned.editors
    print(
        f"trained on {learned.train} rows ({editors['train']} from the review records"
        + ("" if args.no_shipped else f", {learned.train - editors['train']} shipped")
        + ")"
    )
    if learned.model.threshold is None:
        print(
            "no dev rows: the threshold stays at 0.5 (add decisions on more articles, or drop --no-shipped)"
        )
    elif learned.model.context is not None:
        print(
            f"threshold {learned.model.context.threshold} in the article ({learned.model.threshold} read alone) "
            f"chosen on {learned.dev} dev rows"
        )
    else:
        print(f"threshold {learned.model.threshold} chosen on {learned.dev} dev rows")
    print(f"model written to {args.output}")
    for title, comparison in (
        ("every dev row", learned.on_dev),
        ("the review records' dev rows", learned.on_editors),
    ):
        if comparison is None:
            print(f"dev figures on {title}: none (no row of this kind falls in the dev split)")
            continue
        print(f"dev figures on {title} ({comparison.rows} rows, {comparison.learned.positives} promote):")
        for name, found in (("shipped", comparison.shipped), ("learned", comparison.learned)):
            print(_figures_line(name, found.precision, found.recall, found.f1))
    print(f'to use it, add to claimcheck.toml:\n[judgment]\nmodel = "{args.output}"')
    return 0
