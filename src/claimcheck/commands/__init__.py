"""One module per command; each has ``add_parser(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
from typing import Protocol

from claimcheck.commands import (
    check,
    completion,
    export,
    extract,
    init,
    learn,
    refs,
    report,
    review,
    rules,
    schemas,
    serve,
)
from claimcheck.commands.options import Subparsers


class Command(Protocol):
    NAME: str

    def add_parser(self, sub: Subparsers) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


COMMANDS: dict[str, Command] = {
    m.NAME: m
    for m in (check, export, rules, schemas, refs, extract, review, report, serve, init, completion, learn)
}
