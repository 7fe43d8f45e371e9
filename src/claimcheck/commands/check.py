"""``claimcheck check``: validate the content and report findings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimcheck.atomic import write_atomic
from claimcheck.cache import CACHE_DIR, ReportCache, cached_check, input_hashes, report_key
from claimcheck.changes import affected
from claimcheck.commands.options import Subparsers, add_project_options, settings_from
from claimcheck.engine import CheckResult
from claimcheck.reporters import REPORTERS
from claimcheck.reporters.text import TextReporter
from claimcheck.settings import Settings

NAME = "check"


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="check articles, claims and references")
    add_project_options(parser)
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="report format")
    parser.add_argument("--output", type=Path, help="write the report to this file instead of stdout")
    parser.add_argument(
        "--changed-since",
        metavar="REV",
        help="report only files changed since git revision REV and the files that depend on them",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        help=f"where to keep the cache of the last run (default: ROOT/{CACHE_DIR})",
    )
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")


def _result(args: argparse.Namespace, settings: Settings, hashes: dict[str, str] | None) -> CheckResult:
    folder = None if args.no_cache else (args.cache_dir or args.root / CACHE_DIR)
    result, dependencies = cached_check(args.root, settings, folder, args.jobs, hashes)
    if args.changed_since:
        deps = dependencies()
        scope = affected(deps, args.root, settings, args.changed_since)
        result = result.restricted(scope.covers, deps.claims)
    return result


def _emit(args: argparse.Namespace, text: str, summary: str) -> None:
    if args.output:
        write_atomic(args.output, text)
        print(summary, file=sys.stderr)
    else:
        sys.stdout.write(text)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    reports, key, hashes = None, "", None
    if not args.no_cache and not args.changed_since and args.root.is_dir():
        reports = ReportCache(args.cache_dir or args.root / CACHE_DIR)
        hashes = input_hashes(args.root, settings)
        key = report_key(settings, hashes, args.format)
        replay = reports.get(key, args.format)
        if replay is not None:
            text, summary, exit_code = replay
            _emit(args, text, summary)
            return exit_code
    result = _result(args, settings, hashes)
    text = REPORTERS[args.format].render(result)
    summary = TextReporter().render(result).splitlines()[-1]
    if reports is not None and input_hashes(args.root, settings) == hashes:  # none changed meanwhile
        reports.put(key, args.format, text, summary, result.exit_code)
    _emit(args, text, summary)
    return result.exit_code
