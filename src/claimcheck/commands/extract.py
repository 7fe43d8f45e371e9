"""``claimcheck extract``: propose claims from an article; ``--write`` merges them into its
claims file (created when missing), keeping ids, citations, reviews and comments."""

from __future__ import annotations

import argparse

from claimcheck.commands.options import Subparsers, add_root_options

NAME = "extract"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="propose claims from an article (--write: merge them into its claims file)",
        description="Print the claim candidates of ARTICLE as a claims document, or with --write merge "
        "them into its claims file: existing claims keep their id, citations and review; slightly "
        "reworded quotes are re-anchored and sent back to review; vanished ones are kept and reported stale.",
    )
    parser.add_argument("article", help="the article: its path or its id")
    add_root_options(parser)
    parser.add_argument(
        "--write", action="store_true", help="merge into the article's claims file (created when missing)"
    )


def run(args: argparse.Namespace) -> int:
    from claimcheck.extract.command import run as extract

    return extract(args)
