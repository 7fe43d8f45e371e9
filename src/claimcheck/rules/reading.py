"""An article's sentence cues and verdicts, computed once per run and shared by the CC3xx
and CC4xx rules (and by anything else that wants them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from claimcheck.lexicon import Lexicon, lexicon_for
from claimcheck.project import ArticleRecord, Project
from claimcheck.rules.judge import Verdict, judge
from claimcheck.settings import Settings
from claimcheck.text.cues import ArticleCues, analyze


@dataclass(frozen=True)
class Reading:
    """An article's sentence cues and verdicts, computed once per run for all CC3xx rules."""

    cues: ArticleCues
    verdicts: tuple[Verdict, ...]
    treatments: tuple[int, ...]
    """Sentences that speak of a treatment with a regulated substance."""


_READINGS: WeakKeyDictionary[ArticleRecord, Reading] = WeakKeyDictionary()
_DERIVED = "reading"


def lexicon_of(project: Project) -> Lexicon:
    return lexicon_for(project.root, project.settings.packs)


def _read(article: ArticleRecord, lexicon: Lexicon) -> Reading:
    cues = analyze(article.text, article.segments, lexicon, article.folded)
    verdicts, treatments = judge(cues, lexicon)
    return Reading(cues, tuple(verdicts), tuple(treatments))


def reading(project: Project, article: ArticleRecord) -> Reading:
    """The article's reading with the project's lexicon: read ahead by the loader (see
    :func:`prepare_reading`), read earlier in this run, or read now."""
    found = _READINGS.get(article)
    if found is None:
        ahead = article.derived.get(_DERIVED)
        if ahead is not None and ahead[0] == tuple(project.settings.packs):
            found = ahead[1]
        else:
            found = _read(article, lexicon_of(project))
        _READINGS[article] = found
    return found


def prepare_segments(article: ArticleRecord, root: Path, settings: Settings) -> None:
    """Segment the article ahead, in a loader's worker process (cached on the record)."""
    _ = article.segments


def prepare_reading(article: ArticleRecord, root: Path, settings: Settings) -> None:
    """Read the article ahead, in a loader's worker process (a third of a cold check's time
    at 10,000 articles when done in the main one); :func:`reading` picks it up."""
    article.derived[_DERIVED] = (tuple(settings.packs), _read(article, lexicon_for(root, settings.packs)))
