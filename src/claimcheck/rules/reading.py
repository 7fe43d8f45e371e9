"""An article's sentence cues and verdicts, computed once per run and shared by the CC3xx
and CC4xx rules (and by anything else that wants them)."""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from claimcheck.lexicon import Lexicon, lexicon_for
from claimcheck.project import ArticleRecord, Project
from claimcheck.rules.judge import Verdict, judge
from claimcheck.text.cues import ArticleCues, analyze


@dataclass(frozen=True)
class Reading:
    """An article's sentence cues and verdicts, computed once per run for all CC3xx rules."""

    cues: ArticleCues
    verdicts: tuple[Verdict, ...]
    treatments: tuple[int, ...]
    """Sentences that speak of a treatment with a regulated substance."""


_READINGS: WeakKeyDictionary[ArticleRecord, Reading] = WeakKeyDictionary()


def lexicon_of(project: Project) -> Lexicon:
    return lexicon_for(project.root, project.settings.packs)


def reading(project: Project, article: ArticleRecord) -> Reading:
    found = _READINGS.get(article)
    if found is None:
        lexicon = lexicon_of(project)
        cues = analyze(article.text, article.segments, lexicon, article.folded)
        verdicts, treatments = judge(cues, lexicon)
        found = _READINGS[article] = Reading(cues, tuple(verdicts), tuple(treatments))
    return found
