"""An article's sentence cues, learned stance and verdicts, computed once per run and shared
by the CC3xx and CC4xx rules (and by anything else that wants them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from claimcheck.lexicon import Lexicon, lexicon_for
from claimcheck.lexicon.cues import ArticleCues, analyze, analyze_span
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.judge import Verdict, judge
from claimcheck.rules.stance import ModelStamp, Stance, read_stance, selected_promotes
from claimcheck.text.title import title_span


@dataclass(frozen=True)
class Reading:
    """An article's sentence cues and verdicts, computed once per run for all CC3xx rules."""

    cues: ArticleCues
    verdicts: tuple[Verdict, ...]
    treatments: tuple[int, ...]
    """Sentences that speak of a treatment with a regulated substance."""
    stance: Stance
    """The learned scores of the title and every scored sentence."""


_READINGS: WeakKeyDictionary[ArticleRecord, tuple[tuple[object, ...], Reading]] = WeakKeyDictionary()


def _read(article: ArticleRecord, lexicon: Lexicon) -> Reading:
    folded = article.folded
    cues = analyze(article.text, article.segments, lexicon, folded)
    title = title_span(article.text, article.body_start)
    stance = read_stance(cues, folded, title)
    title_cues = analyze_span(folded, *title, lexicon) if title is not None else None
    verdicts, treatments = judge(cues, stance, lexicon, article.text, title_cues)
    return Reading(cues, tuple(verdicts), tuple(treatments), stance)


def reading(
    article: ArticleRecord, root: Path, packs: list[str], promotes: ModelStamp | None = None
) -> Reading:
    """The article's reading with the built-in packs and the project's ``packs`` (paths under
    ``root``), promotion judged by the selected model ``promotes`` (None: the shipped one):
    read once, then remembered while the article is alive."""
    key = (*packs, promotes)
    found = _READINGS.get(article)
    if found is None or found[0] != key:
        with selected_promotes(promotes):
            found = _READINGS[article] = (key, _read(article, lexicon_for(root, packs)))
    return found[1]


def forget(article: ArticleRecord) -> None:
    """Drop the article's reading and segments (a worker process does, before it sends the
    article back: the findings made from them are what travels)."""
    _READINGS.pop(article, None)
    article.drop_segments()
