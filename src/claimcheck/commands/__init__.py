"""One module per command, named after it; each has ``NAME``, ``add_parser(subparsers)`` and
``run(args) -> int``.

A command's module is imported only when that command runs: its imports are that command's own
(a check needs the rules and numpy, ``claimcheck --version`` needs none of it). ``SUMMARIES``
is every command's line in ``claimcheck --help``, so the list needs no module imported; a test
compares each with the help its own parser gives.
"""

from __future__ import annotations

import argparse
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from claimcheck.commands.options import Subparsers


class Command(Protocol):
    NAME: str

    def add_parser(self, sub: Subparsers) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


SUMMARIES: dict[str, str] = {
    "check": "check articles, claims and references",
    "export": "export approved claims as a JSON + Markdown bundle",
    "rules": "list the rules, or show one rule's documentation and examples",
    "schemas": "write (or --check) the JSON Schemas in schemas/",
    "refs": "verify references online (lock file); suggest references for a claim",
    "extract": "propose claims from an article (--write: merge them into its claims file)",
    "review": "the review queue; record editors' decisions in the claims files",
    "report": "write the HTML review report (articles, findings, claims)",
    "serve": "review claims in the browser: a local web app over the project",
    "init": "create a new content repository in DIR",
    "completion": "print a shell completion script (bash, zsh, tcsh)",
    "learn": "train a promotion model on the editors' review decisions",
}
"""The commands in the order ``claimcheck --help`` lists them, each with its line of help."""


def command(name: str) -> Command:
    """The module of command ``name`` (imported now)."""
    return cast(Command, import_module(f"claimcheck.commands.{name}"))
