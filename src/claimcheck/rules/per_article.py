"""Rules over one article at a time, which the loader's worker processes run ahead.

An article rule is a function of one article, the project root, the settings and the rule's
options, and nothing else (so its scope is ``"unit"``). The loader loads articles in a pool
of processes; :func:`run_ahead` runs the active article rules there too, on both cores,
and the findings travel back with the article in ``article.derived`` (the sentence
segmentation and lexicon matching they need are a third of a cold check at 10,000 articles,
and too big to send back themselves). A rule finds them there, or, after a serial load,
checks the article itself: the findings are the same either way (a test compares them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load.project import ArticleRecord, ClaimsFileRecord, PrepareArticle
from claimcheck.rules.base import Context, Rule, documentation
from claimcheck.rules.reading import Reading, forget, reading
from claimcheck.rules.stance import ModelStamp, stamp
from claimcheck.scoring.selected import read_model, selected_path
from claimcheck.settings import Settings

AHEAD = "findings"
"""Key of ``article.derived``: (settings fingerprint, {rule id: findings})."""


@dataclass(frozen=True)
class ArticleScope:
    """What an article rule sees besides the article."""

    root: Path
    settings: Settings
    options: dict[str, Any] = field(default_factory=dict)

    def reading(self, article: ArticleRecord) -> Reading:
        return reading(article, self.root, self.settings.packs, self.promotes)

    @property
    def promotes(self) -> ModelStamp | None:
        """The promotion model the configuration selects (None: the shipped one)."""
        return selected_model_stamp(self.root, self.settings)


_SELECTED: dict[int, tuple[Settings, ModelStamp | None]] = {}


def selected_model_stamp(root: Path, settings: Settings) -> ModelStamp | None:
    """The selected promotion model's file, checked once per settings object (that is, per
    run: a scope is made per rule and article); missing or unreadable: exit 2."""
    known = _SELECTED.get(id(settings))
    if known is None or known[0] is not settings:
        path = selected_path(root, settings)
        if path is not None:
            read_model(path, settings.judgment.model or str(path))
        known = _SELECTED[id(settings)] = (settings, None if path is None else stamp(path))
    return known[1]


ArticleCheck = Callable[[Rule, ArticleRecord, ArticleScope], Iterable[Finding]]
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


def article_rule(
    id: str, name: str, category: Category, severity: Severity, summary: str
) -> Callable[[ArticleCheck], Rule]:
    """Declare a rule over one article; the function's docstring is its documentation."""

    def wrap(function: ArticleCheck) -> Rule:
        doc = documentation(id, function)

        def check(self: Rule, context: Context) -> Iterator[Finding]:
            project = context.project
            if project.articles:
                every = gathered(context, "articles-ahead", project.articles.values())
                if every is not None and self.id in every:
                    yield from every[self.id]
                    return
            scope = ArticleScope(project.root, project.settings, context.options)
            expected = fingerprint(project.settings)
            for article in project.articles.values():
                ahead = article.derived.get(AHEAD)
                if ahead is not None and ahead[0] == expected and self.id in ahead[1]:
                    yield from ahead[1][self.id]
                else:
                    yield from function(self, article, scope)

        return Rule(id, name, category, severity, summary, doc, check, scope="unit", article_check=function)

    return wrap


def run_ahead(rule_ids: tuple[str, ...], article: ArticleRecord, root: Path, settings: Settings) -> None:
    """Run the article rules ``rule_ids`` on ``article`` and keep their findings on it."""
    from claimcheck.rules import RULES_BY_ID  # the registry imports the rule modules, which import this

    found: dict[str, tuple[Finding, ...]] = {}
    for rule_id in rule_ids:
        rule = RULES_BY_ID[rule_id]
        assert rule.article_check is not None
        scope = ArticleScope(root, settings, settings.options.get(rule_id, {}))
        found[rule_id] = tuple(rule.article_check(rule, article, scope))
    article.derived[AHEAD] = (fingerprint(settings), found)
    forget(article)


def ahead(rules: Iterable[Rule]) -> tuple[PrepareArticle, ...]:
    """The loader's per-article work for these rules: their article rules, run ahead."""
    ids = tuple(r.id for r in rules if r.article_check is not None)
    return (partial(run_ahead, ids),) if ids else ()
