"""Rules over the claims of one file at a time, which the loader's worker processes run ahead.

A rule declared with ``@rule(..., per_claims_file=True)`` locates its findings at claims, and
those in a claims file depend only on that file's claims, the BibTeX library, the settings and
the rule's options, and (``reads_articles=True``) on the article its claims name. The loader
parses the library before it starts its worker processes, which inherit it, and loads the
files in chunks of whole units (an article with the claims files named after it). A worker
runs these rules on each chunk, as on a project of the chunk's files and the whole library,
and their findings travel back with each claims file in ``derived`` (about a fifth of a cold
check at 200,000 claims, which ran in the main process after the workers had finished).

In the main process the rule takes the findings from there, and checks itself only the files
without them: after a serial load, or, for a rule that reads articles, a claims file whose
article was not in its chunk (it names an article of another stem). The findings are the
same either way (a test compares them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from claimcheck.core.finding import Finding
from claimcheck.load.project import ArticleRecord, Bibliography, ClaimsFileRecord, PrepareClaims, Project
from claimcheck.rules.base import CheckFunction, Context, Rule
from claimcheck.rules.per_article import fingerprint, gathered
from claimcheck.settings import Settings

AHEAD = "findings"
"""Key of ``claims_file.derived``: (settings fingerprint, {rule id: findings in the file})."""


def _decidable(files: list[ClaimsFileRecord], articles: dict[str, ArticleRecord]) -> list[ClaimsFileRecord]:
    """The files whose claims name no article or one in ``articles`` (all claims of a file
    name the file's article)."""
    return [f for f in files if f.article_id is None or f.article_id in articles]


def run_ahead(
    rule_ids: tuple[str, ...],
    files: list[ClaimsFileRecord],
    articles: dict[str, ArticleRecord],
    bibliography: Bibliography | None,
    root: Path,
    settings: Settings,
) -> None:
    """Run the claims-file rules ``rule_ids`` on ``files`` (with the chunk's ``articles`` and
    the whole library) and keep each file's findings on it."""
    from claimcheck.rules import RULES_BY_ID  # the registry imports the rule modules, which import this

    whole = Project(root, settings, articles, list(files), bibliography)
    decidable = _decidable(files, articles)
    partial_project = (
        whole if len(decidable) == len(files) else dataclasses.replace(whole, claim_files=decidable)
    )
    found: dict[str, dict[str, tuple[Finding, ...]]] = {f.path: {} for f in files}
    for rule_id in rule_ids:
        rule = RULES_BY_ID[rule_id]
        assert rule.claims_check is not None
        project = partial_project if rule.reads_articles else whole
        by_path: dict[str, list[Finding]] = {f.path: [] for f in project.claim_files}
        for finding in rule.claims_check(rule, Context(project, settings.options.get(rule_id, {}))):
            by_path[finding.path].append(finding)  # a finding elsewhere breaks the rule's contract
        for path, findings in by_path.items():
            found[path][rule_id] = tuple(findings)
    key = fingerprint(settings)
    for claims_file in files:
        claims_file.derived[AHEAD] = (key, found[claims_file.path])


def check_ahead(rule: Rule, function: CheckFunction, context: Context) -> Iterator[Finding]:
    """The rule's findings: those found ahead, and the rest checked here."""
    project = context.project
    if project.claim_files:
        every = gathered(context, "claims-ahead", project.claim_files)
        if every is not None and rule.id in every:
            yield from every[rule.id]
            return
    expected = fingerprint(project.settings)
    rest = []
    for claims_file in project.claim_files:
        ahead = claims_file.derived.get(AHEAD)
        if ahead is not None and ahead[0] == expected and rule.id in ahead[1]:
            yield from ahead[1][rule.id]
        else:
            rest.append(claims_file)
    if len(rest) == len(project.claim_files):
        yield from function(rule, context)
    elif rest:
        others = dataclasses.replace(project, claim_files=rest)
        yield from function(rule, Context(others, context.options))


def _warm_up(steps: tuple[Callable[[Bibliography], None], ...], bibliography: Bibliography) -> None:
    for step in steps:
        step(bibliography)


def ahead(rules: Iterable[Rule]) -> tuple[PrepareClaims, ...]:
    """The loader's per-chunk work for these rules: their claims-file rules, run ahead (and
    what they start with, worked out from the library before the workers start)."""
    chosen = [r for r in rules if r.claims_check is not None]
    if not chosen:
        return ()
    warm = tuple(r.warm_up for r in chosen if r.warm_up is not None)
    return (PrepareClaims(partial(run_ahead, tuple(r.id for r in chosen)), partial(_warm_up, warm)),)
