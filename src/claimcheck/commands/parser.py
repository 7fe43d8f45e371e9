"""The command line's parser, made of the commands' own parsers.

``build_parser(only)`` asks only the command ``only`` for its parser; every other command is
listed by its line of help (:data:`claimcheck.commands.SUMMARIES`) and its module is not
imported. ``build_parser()`` asks every command (shell completion needs them all).
"""

from __future__ import annotations

import argparse

from claimcheck import __version__
from claimcheck.commands import SUMMARIES, command


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """One line, exit 2 (argparse prints the whole usage by default)."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def named_command(argv: list[str]) -> str | None:
    """The command ``argv`` names: its first argument that is not an option (the top-level
    options, ``--help`` and ``--version``, take no value)."""
    first = next((arg for arg in argv if not arg.startswith("-")), None)
    return first if first in SUMMARIES else None


def build_parser(only: str | None = None, *, every: bool = True) -> argparse.ArgumentParser:
    """The parser; with ``every=False``, the full parser of command ``only`` alone (``None``:
    of none), the others by their line of help."""
    parser = Parser(
        prog="claimcheck",
        description="Validate health articles, their claims and references; export what editors vetted.",
    )
    parser.add_argument("--version", action="version", version=f"claimcheck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True
    for name, summary in SUMMARIES.items():
        if every or name == only:
            command(name).add_parser(sub)
        else:
            sub.add_parser(name, help=summary)
    return parser
