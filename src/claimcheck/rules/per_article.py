"""Rules over one article at a time: ``@article_rule`` and what such a rule sees besides the
article (:class:`ArticleScope`).

An article rule is a function of one article, the project root, the settings and the rule's
options, and nothing else (so its scope is ``"unit"``). Where it runs is the runner's choice:
in the loader's worker processes, ahead (:mod:`claimcheck.run.ahead`), or here, article by
article.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.base import Context, Rule, documentation
from claimcheck.rules.reading import Reading, reading
from claimcheck.rules.stance import ModelStamp, stamp
from claimcheck.settings import Settings


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
        from claimcheck.scoring.selected import read_model, selected_path  # numpy: on first use

        path = selected_path(root, settings)
        if path is not None:
            read_model(path, settings.judgment.model or str(path))
        known = _SELECTED[id(settings)] = (settings, None if path is None else stamp(path))
    return known[1]


ArticleCheck = Callable[[Rule, ArticleRecord, ArticleScope], Iterable[Finding]]


def article_rule(
    id: str, name: str, category: Category, severity: Severity, summary: str
) -> Callable[[ArticleCheck], Rule]:
    """Declare a rule over one article; the function's docstring is its documentation."""

    def wrap(function: ArticleCheck) -> Rule:
        doc = documentation(id, function)

        def check(self: Rule, context: Context) -> Iterator[Finding]:
            project = context.project
            scope = ArticleScope(project.root, project.settings, context.options)
            for article in project.articles.values():
                yield from function(self, article, scope)

        return Rule(
            id,
            name,
            category,
            severity,
            summary,
            doc,
            check,
            scope="unit",
            granularity="article",
            article_check=function,
        )

    return wrap
