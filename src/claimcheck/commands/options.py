"""Options shared by the commands that read a project, and turning them into settings."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from claimcheck.core.errors import UsageError
from claimcheck.settings import Settings, discover_root, load_settings

if TYPE_CHECKING:
    from claimcheck.run.engine import CheckResult

Subparsers: TypeAlias = "argparse._SubParsersAction[Any]"


def _rule_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_root_options(parser: argparse.ArgumentParser) -> None:
    """``--root`` and ``--config``: where the project is (found upward when neither is given)."""
    parser.add_argument(
        "--root",
        type=Path,
        help="the content repository (default: the nearest folder, the current one or one above it, "
        "with claimcheck.toml or [tool.claimcheck] in pyproject.toml)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="the configuration file (claimcheck.toml, or a pyproject.toml with [tool.claimcheck]); "
        "the project root is its folder unless --root says otherwise",
    )


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """``--quiet`` and ``--color``."""
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print the findings and nothing else (no verdict, no progress)",
    )
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the text report: auto (default) on a terminal unless NO_COLOR is set",
    )


def _start(args: argparse.Namespace) -> Path | None:
    """Where to look for the project from: the folder of the first PATH given (or of
    ``--stdin-filename``), else the current folder (``None``)."""
    paths: list[Path] = list(getattr(args, "paths", None) or [])
    if paths and paths[0] == Path("-"):
        paths = [args.stdin_filename] if getattr(args, "stdin_filename", None) else []
    if not paths:
        return None
    return paths[0] if paths[0].is_dir() else paths[0].parent


def locate_project(args: argparse.Namespace) -> None:
    """Set ``args.root`` (and check ``args.config``): the ``--root`` given, the folder of
    ``--config``, or the root found upward from the first PATH given or the current folder."""
    start = _start(args)
    config: Path | None = args.config
    if config is not None and not config.is_file():
        raise UsageError(f"--config {config}: no such file")
    if args.root is not None:
        if not args.root.is_dir():
            raise UsageError(f"--root {args.root}: no such folder")
        return
    if config is not None:
        args.root = config.parent
        return
    here = Path.cwd()
    found = discover_root((here / start) if start is not None else here)
    if found is None or found == here:
        args.root = Path(".")
    else:
        args.root = Path(os.path.relpath(found, here))


def add_project_options(parser: argparse.ArgumentParser) -> None:
    add_root_options(parser)
    parser.add_argument(
        "--select",
        type=_rule_list,
        action="extend",
        metavar="RULES",
        help="only these rules: ids, id prefixes or categories, comma-separated",
    )
    parser.add_argument(
        "--ignore",
        type=_rule_list,
        action="extend",
        metavar="RULES",
        help="skip these rules: ids, id prefixes or categories, comma-separated",
    )
    parser.add_argument("--strict", action="store_true", default=None, help="warnings fail the run too")
    parser.add_argument(
        "--jobs",
        type=int,
        metavar="N",
        help="load files in N processes (default: one per core; 1: no pool)",
    )


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "select", None):
        overrides["select"] = args.select
    if getattr(args, "ignore", None):
        overrides["ignore"] = args.ignore
    if getattr(args, "strict", None):
        overrides["strict"] = True
    return load_settings(args.root, overrides, getattr(args, "config", None))


def run_check(args: argparse.Namespace) -> CheckResult:
    from claimcheck.run.stream import full_check

    settings = settings_from(args)
    return full_check(args.root, settings, getattr(args, "jobs", None), keep=True).result


@contextmanager
def checked(args: argparse.Namespace) -> Iterator[CheckResult]:
    """:func:`run_check`, the cyclic collector paused until the block using the result ends:
    what the check made lives to the end of the command, so no collection need walk it (at
    100,000 claims the report's page model took 4.8 CPU s with collections, 2.3 s without)."""
    from claimcheck.load.bulk import paused_gc

    with paused_gc():
        yield run_check(args)
