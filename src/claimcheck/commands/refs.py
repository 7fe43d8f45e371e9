"""``claimcheck refs``: ``verify`` the library online into ``references.lock.json``;
``suggest`` references for a claim."""

from __future__ import annotations

import argparse
import os
import sys

from claimcheck.commands.options import Subparsers, add_project_options, settings_from
from claimcheck.core import progress
from claimcheck.core.errors import InputError, UsageError
from claimcheck.core.escape import shown
from claimcheck.fs.atomic import write_atomic
from claimcheck.load import load_project
from claimcheck.load.lock import lock_json
from claimcheck.run.engine import check
from claimcheck.settings import Settings, VerifySettings, resolve_inside

NAME = "refs"
LOCK_RULES = ["CC106", "CC211", "CC212"]
ENVIRONMENT = {
    "mailto": "CLAIMCHECK_MAILTO",
    "crossref_url": "CLAIMCHECK_CROSSREF_URL",
    "eutils_url": "CLAIMCHECK_EUTILS_URL",
}


def add_parser(sub: Subparsers) -> None:
    parser = sub.add_parser(NAME, help="verify references online (lock file); suggest references for a claim")
    actions = parser.add_subparsers(dest="refs_command", metavar="ACTION", parser_class=type(parser))
    actions.required = True
    verify = actions.add_parser(
        "verify",
        help="look entries up by DOI (Crossref) or PMID (PubMed) and write references.lock.json",
    )
    add_project_options(verify)
    verify.add_argument("-q", "--quiet", action="store_true", help="no progress on the terminal")
    verify.add_argument(
        "--no-candidates",
        action="store_true",
        help="do not search Crossref for entries without a DOI or PMID",
    )
    suggest = actions.add_parser("suggest", help="rank the library's references for a claim (BM25)")
    add_project_options(suggest)
    suggest.add_argument("claim", help="claim id")
    suggest.add_argument("--top", type=int, default=3, help="how many to show (default 3)")


def verify_settings(settings: Settings) -> VerifySettings:
    """The configuration, with CLAIMCHECK_MAILTO / _CROSSREF_URL / _EUTILS_URL where it is silent
    (the URLs: environment wins, so tests and mirrors need no configuration file)."""
    updates: dict[str, str] = {}
    for name, variable in ENVIRONMENT.items():
        value = os.environ.get(variable)
        if value and (name != "mailto" or not settings.verify.mailto):
            updates[name] = value
    return settings.verify.model_copy(update=updates)


def _verify(args: argparse.Namespace) -> int:
    from claimcheck.reporters.text import TextReporter
    from claimcheck.verify.client import PoliteClient
    from claimcheck.verify.run import verify
    from claimcheck.verify.sources import Registries

    settings = settings_from(args)
    project = load_project(args.root, settings)
    if project.bibliography is None:
        problem = next((p for p in project.problems if p.path == settings.paths.references), None)
        reason = f": {problem.message}" if problem else ""
        raise InputError(f"cannot verify, {settings.paths.references} could not be read{reason}")
    config = verify_settings(settings)
    with (
        PoliteClient(config) as client,
        progress.shown_on(sys.stderr, progress.wanted(sys.stderr, args.quiet)),
    ):
        outcome = verify(project, Registries(client, config), candidates=not args.no_candidates)
    lock_path = resolve_inside(args.root, settings.paths.lock, "paths.lock")
    write_atomic(lock_path, lock_json(outcome.lock))
    out = sys.stdout
    for key, identifier in outcome.not_found:
        out.write(f"{shown(key)}: {shown(identifier)} not found; check the identifier\n")
    for key, why in sorted(outcome.problems.items()):
        out.write(f"{shown(key)}: not verified: {shown(why)}\n")
    for key, found in outcome.candidates.items():
        if not found:
            out.write(f"{shown(key)}: no identifier, and no candidate found\n")
            continue
        out.write(f"{shown(key)}: no identifier; candidates (not written to the .bib, check before using):\n")
        for candidate in found:
            record = candidate.record
            author = record.authors[0].family if record.authors else "?"
            text = f"doi:{record.doi}  {author} {record.year or '?'}. {record.title or '?'}. {record.journal or ''}"
            out.write(f"  {candidate.score:7.2f}  {shown(text)}\n")
    out.write(
        f"claimcheck: wrote {settings.paths.lock}: {len(outcome.lock.entries)} verified "
        f"({len(outcome.added)} added, {len(outcome.changed)} changed, {len(outcome.unchanged)} unchanged, "
        f"{len(outcome.removed)} removed), {len(outcome.not_found)} not found, "
        f"{len(outcome.candidates)} without identifier"
        + (f", {len(outcome.problems)} not verified (unusable answers)" if outcome.problems else "")
        + "\n"
    )
    # what the new lock says about the library: mismatches, notices, retracted citations
    relock = settings.model_copy(update={"select": LOCK_RULES, "ignore": []})
    result = check(load_project(args.root, relock), relock)
    for line in TextReporter().render(result).splitlines()[:-1]:
        out.write(line + "\n")
    return result.exit_code


def _suggest(args: argparse.Namespace) -> int:
    from claimcheck.evidence.suggest import suggest_for_claim

    settings = settings_from(args)
    project = load_project(args.root, settings)
    records = [r for r in project.claims() if r.id == args.claim]
    if not records:
        from claimcheck.core.suggestions import did_you_mean

        raise UsageError(
            f"no claim with id {args.claim!r}{did_you_mean(args.claim, (r.id for r in project.claims()))}"
        )
    if args.top < 1:
        raise UsageError("--top must be at least 1")
    ranked = suggest_for_claim(project, records[0], args.top)
    if not ranked:
        sys.stdout.write(f"{shown(args.claim)}: no reference shares a term with the claim\n")
        return 0
    for key, score in ranked:
        title = project.references[key].get("title") or ""
        sys.stdout.write(f"{score:7.3f}  {shown(key)}  {shown(title)}\n")
    return 0


def run(args: argparse.Namespace) -> int:
    return _verify(args) if args.refs_command == "verify" else _suggest(args)
