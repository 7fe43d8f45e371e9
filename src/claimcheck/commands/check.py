"""``claimcheck check``: validate the content and report findings."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from claimcheck.cache import (
    CACHE_DIR,
    ENTRY,
    InputState,
    Outcome,
    ReportCache,
    cached_check,
    report_key,
    usable_folder,
)
from claimcheck.cache.sealing import rejected
from claimcheck.commands.options import Subparsers, add_output_options, add_project_options, settings_from
from claimcheck.core import progress
from claimcheck.core.errors import UsageError
from claimcheck.fs.atomic import write_atomic
from claimcheck.fs.safe_paths import check_write_inside
from claimcheck.load.bulk import paused_gc
from claimcheck.load.files import is_substitute, substituted
from claimcheck.reporters import FORMATS, reporter
from claimcheck.reporters.text import summary_line
from claimcheck.run.changes import affected, given
from claimcheck.run.engine import CheckResult
from claimcheck.scoring.selected import promotion_model
from claimcheck.settings import Settings

NAME = "check"
STDIN = Path("-")


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(
        NAME,
        help="check articles, claims and references",
        description="Check the project (found upward from the current folder, or --root/--config). "
        "With PATHs, report only on those files and folders and the files they go with (an article's "
        "claims files, a claims file's article); '-' reads an article from standard input "
        "(--stdin-filename says which).",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders of the project to report on (default: all); '-': standard input",
    )
    parser.add_argument(
        "--stdin-filename",
        type=Path,
        metavar="PATH",
        help="with '-': the file the text on standard input is (e.g. content/articles/x.md)",
    )
    add_project_options(parser)
    add_output_options(parser)
    parser.add_argument("--format", choices=sorted(FORMATS), default="text", help="report format")
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


def _outcome(
    args: argparse.Namespace, settings: Settings, folder: Path | None, state: InputState | None
) -> Outcome:
    outcome = cached_check(args.root, settings, folder, args.jobs, state)
    if args.changed_since or args.paths:
        deps = outcome.dependencies()
        if args.changed_since:
            scope = affected(deps, args.root, settings, args.changed_since)
        else:
            scope = given(deps, settings, *_given(args.root, args.paths))
        return Outcome(outcome.result.restricted(scope.covers, deps.claims), lambda: deps, False)
    return outcome


def _given(root: Path, paths: list[Path]) -> tuple[set[str], set[str]]:
    """The files and the folders among ``paths`` (relative to the current folder), relative
    to ``root`` (POSIX)."""
    files: set[str] = set()
    folders: set[str] = set()
    base = os.path.abspath(root)
    for path in paths:
        if not path.exists() and not is_substitute(path):
            raise UsageError(f"{path}: no such file or folder")
        inner = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
        if inner == ".." or inner.startswith("../"):
            raise UsageError(f"{path}: not in the project (root {root})")
        (folders if path.is_dir() else files).add(inner)
    return files, folders


Pieces = list[bytes | memoryview]
"""A report in UTF-8, in pieces written one after the other (never joined into one 30 MB copy)."""


def _emit(args: argparse.Namespace, pieces: Pieces, summary: str) -> None:
    if args.output:
        check_write_inside(args.root, args.output)
        # Atomic, not durable: a report is made again by running the check, and an fsync of
        # 30 MB cost a tenth of a second of a one-article re-check.
        write_atomic(args.output, pieces, durable=False)
        if not args.quiet:
            print(summary, file=sys.stderr)
        return
    if args.format == "text":
        from claimcheck.reporters import color  # the text report's only: other formats spare it

        colored = color.wanted(args.color, sys.stdout)
        if args.quiet or colored:
            text = b"".join(pieces).decode("utf-8", "surrogatepass")
            if args.quiet:  # the findings only: no verdict line
                text = text[: text.rstrip("\n").rfind("\n") + 1]
            if colored:
                text = color.colorize(text)
            pieces = [text.encode("utf-8", "surrogatepass")]
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.writelines(pieces)
        sys.stdout.buffer.flush()
    else:  # a text stream without bytes under it (a caller's redirection)
        sys.stdout.write(b"".join(pieces).decode("utf-8", "surrogatepass"))


def _render(fmt: str, result: CheckResult) -> Pieces:
    """The report in UTF-8 (straight from the reporter when it writes bytes itself)."""
    made = reporter(fmt)
    render_chunks = getattr(made, "render_chunks", None)
    if render_chunks is not None:
        rendered: Pieces = render_chunks(result)
        return rendered
    return [made.render(result).encode("utf-8", "surrogatepass")]


def run(args: argparse.Namespace) -> int:
    # A re-check reads tens of thousands of cached findings and hashes that all stay alive:
    # the cyclic collector would walk them again and again for nothing.
    with paused_gc(), progress.shown_on(sys.stderr, progress.wanted(sys.stderr, args.quiet)):
        if args.paths == [STDIN]:
            return _from_stdin(args)
        if STDIN in args.paths:
            raise UsageError("'-' (standard input) is given alone")
        if args.stdin_filename is not None:
            raise UsageError("--stdin-filename goes with '-' (the text on standard input)")
        return _run(args)


def _from_stdin(args: argparse.Namespace) -> int:
    """``check - --stdin-filename F``: the project with standard input in place of ``F``
    (not cached), and the findings of ``F`` and the files that go with it."""
    if args.stdin_filename is None:
        raise UsageError("'-' needs --stdin-filename PATH: the file the text on standard input is")
    if args.changed_since:
        raise UsageError("--changed-since does not go with '-' (standard input)")
    content = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
    with substituted(args.stdin_filename, content):
        args.no_cache, args.jobs = True, 1  # the workers would read the file, not standard input
        args.paths = [args.stdin_filename]
        if not args.stdin_filename.parent.is_dir():
            raise UsageError(f"--stdin-filename {args.stdin_filename}: no such folder")
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.output:  # refused before the check, not after it
        check_write_inside(args.root, args.output)
    if promotion_model(args.root, settings) is not None:  # a missing or broken one: exit 2 here
        print(
            f"claimcheck: promotion judged by {settings.judgment.model} ([judgment] model)", file=sys.stderr
        )
    folder = None if args.no_cache else (args.cache_dir or args.root / CACHE_DIR)
    refused = usable_folder(folder) if folder is not None else None
    if refused is not None:
        print(f"claimcheck: not using the cache folder {folder}: {refused}", file=sys.stderr)
        folder = None
    try:
        return _checked(args, settings, folder)
    finally:
        if rejected:
            names = ", ".join(sorted(rejected))
            print(
                f"claimcheck: ignored {names} in {folder}: not written by claimcheck on this machine"
                " (a cache from elsewhere is never trusted; the content was checked)",
                file=sys.stderr,
            )
            rejected.clear()


def _checked(args: argparse.Namespace, settings: Settings, folder: Path | None) -> int:
    reports, key = None, ""
    state: InputState | None = None
    if folder is not None and not args.changed_since and not args.paths and args.root.is_dir():
        reports = ReportCache(folder)
        state = InputState.take(args.root, settings, folder)
        key = report_key(state.base_key(settings), state.hashes, args.format)
        replay = reports.get(key, args.format) if (folder / ENTRY).is_file() else None
        if replay is not None:
            text, summary, exit_code = replay
            _emit(args, [text], summary)
            return exit_code
    outcome = _outcome(args, settings, folder, state)
    result = outcome.result
    pieces = _render(args.format, result)
    summary = summary_line(result)
    if reports is not None and outcome.stable and not outcome.partial:  # none written meanwhile
        reports.put(key, args.format, pieces, summary, result.exit_code)
    _emit(args, pieces, summary)
    return result.exit_code
