"""Article and claims-file rules run ahead, in the loader's worker processes.

A rule says what one check of it reads (``Rule.granularity``): one article (``@article_rule``,
:mod:`claimcheck.rules.per_article`), the claims of one file (``@rule(..., per_claims_file=True)``)
or the project. How it runs is decided here, not by the rule.

An article rule is a function of one article, the project root, the settings and the rule's
options, and nothing else (so its scope is ``"unit"``). The loader loads articles in a pool of
processes; :func:`run_articles_ahead` runs the active article rules there too, on both cores, and
the findings travel back with the article in ``article.derived`` (the sentence segmentation and
lexicon matching they need are a third of a cold check at 10,000 articles, and too big to send
back themselves).

A claims-file rule locates its findings at claims, and those in a claims file depend only on
that file's claims, the BibTeX library, the settings and the rule's options, and
(``reads_articles=True``) on the article its claims name. The loader parses the library before
it starts its worker processes, which inherit it, and loads the files in chunks of whole units
(an article with the claims files named after it). A worker runs these rules on each chunk, as
on a project of the chunk's files and the whole library (:func:`run_claims_ahead`), and their
findings travel back with each claims file in ``derived`` (about a fifth of a cold check at
200,000 claims, which ran in the main process after the workers had finished).

In the main process :func:`check` takes the findings from there, and has the rule check only
the files without them: after a serial load, or, for a rule that reads articles, a claims file
whose article was not in its chunk (it names an article of another stem). The findings are the
same either way (tests/load/test_parallel.py compares them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from claimcheck.core.finding import Finding
from claimcheck.load.project import (
    ArticleRecord,
    Bibliography,
    ClaimsFileRecord,
    Prepare,
    PrepareClaims,
    Project,
)
from claimcheck.rules import RULES_BY_ID
from claimcheck.rules.base import Context, Rule
from claimcheck.rules.per_article import ArticleScope
from claimcheck.rules.reading import forget
from claimcheck.settings import Settings

AHEAD = "findings"
"""Key of ``article.derived`` and ``claims_file.derived``: (settings fingerprint, {rule id:
findings})."""

_FINGERPRINTS: dict[int, tuple[Settings, str]] = {}


def fingerprint(settings: Settings) -> str:
    """The settings as JSON (remembered per settings object: asked once per article)."""
    known = _FINGERPRINTS.get(id(settings))
    if known is None or known[0] is not settings:
        known = _FINGERPRINTS[id(settings)] = (settings, settings.model_dump_json())
    return known[1]


def gathered(
    context: Context, key: str, holders: Iterable[ArticleRecord] | Iterable[ClaimsFileRecord]
) -> dict[str, list[Finding]] | None:
    """The findings found ahead in the ``derived[AHEAD]`` of ``holders`` (articles or claims
    files) by rule, in their order, gathered in one pass and kept in ``context.memo[key]``
    (a pass per rule over 10,000 files cost 15 ms a rule); ``None`` when some holder has no
    findings ahead for the current settings (each rule then looks at every holder itself)."""
    if key in context.memo:
        found: dict[str, list[Finding]] | None = context.memo[key]
        return found
    expected = fingerprint(context.project.settings)
    found = {}
    rule_sets: set[tuple[str, ...]] = set()
    for holder in holders:
        ahead = holder.derived.get(AHEAD)
        if ahead is None or ahead[0] != expected:
            found = None
            break
        by_rule: dict[str, tuple[Finding, ...]] = ahead[1]
        rule_sets.add(tuple(by_rule))
        for rule_id, findings in by_rule.items():
            if findings:
                found.setdefault(rule_id, []).extend(findings)
    if found is not None and len(rule_sets) > 1:
        found = None  # holders found ahead for different rules: each rule sorts that out
    if found is not None and rule_sets:
        for rule_id in next(iter(rule_sets)):
            found.setdefault(rule_id, [])
    context.memo[key] = found
    return found


def check(rule: Rule, context: Context) -> Iterator[Finding]:
    """The rule's findings: for an article or a claims-file rule, those found ahead, and the
    rest checked here; for any other rule, its check."""
    if rule.granularity == "article" and rule.article_check is not None:
        yield from _check_articles(rule, rule.article_check, context)
    elif rule.granularity == "claims file":
        yield from _check_claims(rule, rule.check_function, context)
    else:
        yield from rule.check(context)


def _check_articles(
    rule: Rule, function: Callable[[Rule, ArticleRecord, ArticleScope], Iterable[Finding]], context: Context
) -> Iterator[Finding]:
    project = context.project
    if project.articles:
        every = gathered(context, "articles-ahead", project.articles.values())
        if every is not None and rule.id in every:
            yield from every[rule.id]
            return
    scope = ArticleScope(project.root, project.settings, context.options)
    expected = fingerprint(project.settings)
    for article in project.articles.values():
        ahead = article.derived.get(AHEAD)
        if ahead is not None and ahead[0] == expected and rule.id in ahead[1]:
            yield from ahead[1][rule.id]
        else:
            yield from function(rule, article, scope)


def _check_claims(
    rule: Rule, function: Callable[[Rule, Context], Iterable[Finding]], context: Context
) -> Iterator[Finding]:
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
        yield from function(rule, Context(others, context.options, rules=context.rules))


def run_articles_ahead(
    rule_ids: tuple[str, ...], article: ArticleRecord, root: Path, settings: Settings
) -> None:
    """Run the article rules ``rule_ids`` on ``article`` and keep their findings on it."""
    found: dict[str, tuple[Finding, ...]] = {}
    for rule_id in rule_ids:
        rule = RULES_BY_ID[rule_id]
        assert rule.article_check is not None
        scope = ArticleScope(root, settings, settings.options.get(rule_id, {}))
        found[rule_id] = tuple(rule.article_check(rule, article, scope))
    article.derived[AHEAD] = (fingerprint(settings), found)
    forget(article)


def _decidable(files: list[ClaimsFileRecord], articles: dict[str, ArticleRecord]) -> list[ClaimsFileRecord]:
    """The files whose claims name no article or one in ``articles`` (all claims of a file
    name the file's article)."""
    return [f for f in files if f.article_id is None or f.article_id in articles]


def run_claims_ahead(
    rule_ids: tuple[str, ...],
    files: list[ClaimsFileRecord],
    articles: dict[str, ArticleRecord],
    bibliography: Bibliography | None,
    root: Path,
    settings: Settings,
) -> None:
    """Run the claims-file rules ``rule_ids`` on ``files`` (with the chunk's ``articles`` and
    the whole library) and keep each file's findings on it."""
    whole = Project(root, settings, articles, list(files), bibliography)
    decidable = _decidable(files, articles)
    partial_project = (
        whole if len(decidable) == len(files) else dataclasses.replace(whole, claim_files=decidable)
    )
    found: dict[str, dict[str, tuple[Finding, ...]]] = {f.path: {} for f in files}
    for rule_id in rule_ids:
        rule = RULES_BY_ID[rule_id]
        project = partial_project if rule.reads_articles else whole
        by_path: dict[str, list[Finding]] = {f.path: [] for f in project.claim_files}
        context = Context(project, settings.options.get(rule_id, {}), rules=RULES_BY_ID)
        for finding in rule.check(context):
            by_path[finding.path].append(finding)  # a finding elsewhere breaks the rule's contract
        for path, findings in by_path.items():
            found[path][rule_id] = tuple(findings)
    key = fingerprint(settings)
    for claims_file in files:
        claims_file.derived[AHEAD] = (key, found[claims_file.path])


def _warm_up(steps: tuple[Callable[[Bibliography], None], ...], bibliography: Bibliography) -> None:
    for step in steps:
        step(bibliography)


def preparers(rules: Iterable[Rule]) -> tuple[Prepare, ...]:
    """The loader's work for these rules: per article, their article rules; per chunk, their
    claims-file rules (and what those start with, worked out from the library before the
    workers start)."""
    chosen = list(rules)
    ids = tuple(r.id for r in chosen if r.granularity == "article")
    articles: tuple[Prepare, ...] = (partial(run_articles_ahead, ids),) if ids else ()
    claims = [r for r in chosen if r.granularity == "claims file"]
    if not claims:
        return articles
    warm = tuple(r.warm_up for r in claims if r.warm_up is not None)
    return (
        *articles,
        PrepareClaims(partial(run_claims_ahead, tuple(r.id for r in claims)), partial(_warm_up, warm)),
    )
