"""The rules of one article or one unit, checked over a project of whole units.

A rule says what one check of it reads (``Rule.granularity``): one article (``@article_rule``),
one unit (``@rule(..., granularity="unit")``: an article with the claims files named after it,
and the library) or the whole project. The article and unit rules may check any set of whole
units as a project of their files and the whole library: a streamed check does so chunk by
chunk in its worker processes (:mod:`claimcheck.run.stream`). A unit rule that reads the article
a claims file names (``reads=("article",)``) cannot decide a claims file that names the article
of another unit: such files are left over, for a check with that article.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence

from claimcheck.core.finding import Finding
from claimcheck.load.project import ClaimsFileRecord, Project
from claimcheck.load.summary import Corpus
from claimcheck.rules import RULES_BY_ID, Context, Rule
from claimcheck.settings import Settings


def undecided(project: Project) -> list[ClaimsFileRecord]:
    """The claims files naming an article that is not in the project (of another unit)."""
    return [
        f for f in project.claim_files if f.article_id is not None and f.article_id not in project.articles
    ]


def check_units(
    project: Project, corpus: Corpus, rules: Sequence[Rule], settings: Settings, checked: Collection[str] = ()
) -> tuple[list[Finding], list[str]]:
    """The findings of the article and unit ``rules`` over ``project`` (whole units, the whole
    library), and the paths of the claims files left over for the rules that read articles.
    ``checked``: articles whose article rules were checked already (not again)."""
    context = Context(project, corpus, rules=RULES_BY_ID)
    fresh = context
    if checked:
        articles = {i: a for i, a in project.articles.items() if a.path not in checked}
        fresh = Context(dataclasses.replace(project, articles=articles), corpus, rules=RULES_BY_ID)
    left = undecided(project) if any("article" in rule.reads for rule in rules) else []
    partial = context
    if left:
        decidable = [f for f in project.claim_files if f not in left]
        partial = Context(dataclasses.replace(project, claim_files=decidable), corpus, rules=RULES_BY_ID)
    findings: list[Finding] = []
    for rule in rules:
        chosen = partial if "article" in rule.reads else fresh if rule.granularity == "article" else context
        chosen.options = settings.options.get(rule.id, {})
        findings.extend(rule.check(chosen))
    return findings, [f.path for f in left]
