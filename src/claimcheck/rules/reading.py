"""An article's sentence cues and verdicts, computed once per run and shared by the CC3xx
and CC4xx rules (and by anything else that wants them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from claimcheck.lexicon import Lexicon, lexicon_for
from claimcheck.project import ArticleRecord
from claimcheck.rules.judge import Verdict, judge
from claimcheck.text.cues import ArticleCues, analyze


@dataclass(frozen=True)
class Reading:
    """An article's sentence cues and verdicts, computed once per run for all CC3xx rules."""

    cues: ArticleCues
    verdicts: tuple[Verdict, ...]
    treatments: tuple[int, ...]
    """Sentences that speak of a treatment with a regulated substance."""


_READINGS: WeakKeyDictionary[ArticleRecord, tuple[tuple[str, ...], Reading]] = WeakKeyDictionary()


def _read(article: ArticleRecord, lexicon: Lexicon) -> Reading:
    cues = analyze(article.text, article.segments, lexicon, article.folded)
    verdicts, treatments = judge(cues, lexicon)
    return Reading(cues, tuple(verdicts), tuple(treatments))


def reading(article: ArticleRecord, root: Path, packs: list[str]) -> Reading:
    """The article's reading with the built-in packs and the project's ``packs`` (paths under
    ``root``): read once, then remembered while the article is alive."""
    key = tuple(packs)
    found = _READINGS.get(article)
    if found is None or found[0] != key:
        found = _READINGS[article] = (key, _read(article, lexicon_for(root, packs)))
    return found[1]


def forget(article: ArticleRecord) -> None:
    """Drop the article's reading and segments (a worker process does, before it sends the
    article back: the findings made from them are what travels)."""
    _READINGS.pop(article, None)
    article.drop_segments()
