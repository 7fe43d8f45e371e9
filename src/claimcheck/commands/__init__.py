"""One module per command; each has ``add_parser(subparsers)`` and ``run(args) -> int``."""

from __future__ import annotations

import argparse
from types import ModuleType
from typing import Protocol

from claimcheck.commands import check, export, rules, schemas


class Command(Protocol):
    NAME: str

    def add_parser(self, sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


def _command(module: ModuleType) -> Command:
    return module  # type: ignore[return-value]


COMMANDS: dict[str, Command] = {m.NAME: _command(m) for m in (check, export, rules, schemas)}
