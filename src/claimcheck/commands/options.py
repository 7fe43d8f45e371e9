"""Options shared by the commands that read a project, and turning them into settings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from claimcheck.settings import Settings, load_settings

if TYPE_CHECKING:
    from claimcheck.engine import CheckResult

Subparsers: TypeAlias = "argparse._SubParsersAction[Any]"


def _rule_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the content repository (default: current folder)",
    )
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
    return load_settings(args.root, overrides)


def run_check(args: argparse.Namespace) -> CheckResult:
    from claimcheck.engine import check, preparers
    from claimcheck.load import load_project

    settings = settings_from(args)
    project = load_project(args.root, settings, getattr(args, "jobs", None), preparers(settings))
    return check(project, settings)
