"""An article as the content rules read it: its sentence cues (:mod:`claimcheck.lexicon.cues`),
the learned stance of every sentence (:mod:`claimcheck.rules.stance`) and what each sentence
speaks of (:mod:`claimcheck.rules.subjects`), computed once per run and shared by the CC3xx and
CC4xx rules (and by anything else that wants them). Each rule decides from it in its own
module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from claimcheck.lexicon import Cue, Lexicon, lexicon_for
from claimcheck.lexicon.cues import ArticleCues, SentenceCues, analyze, analyze_span
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.scraped import scraped_runs
from claimcheck.rules.stance import TITLE, ModelStamp, Stance, read_stance, selected_promotes
from claimcheck.rules.subjects import Looked, look
from claimcheck.text.title import title_span


@dataclass(frozen=True)
class Reading:
    """An article's sentence cues, stance and subjects, computed once per run for all CC3xx
    and CC4xx rules."""

    cues: ArticleCues
    looked: tuple[Looked, ...]
    """The units a content rule may report (flagged, or addressed to the reader), in order."""
    treatments: tuple[int, ...]
    """Sentences that speak of a treatment with a regulated substance."""
    stance: Stance
    """The learned scores of the title and every scored sentence."""
    lexicon: Lexicon
    """The lexicon the cues were found with (its substances, for the rules' messages)."""
    scraped: tuple[tuple[int, int], ...]
    """Runs of scraped page text, as (first, last) block indexes (:mod:`claimcheck.rules.scraped`);
    ``looked`` holds none of their sentences."""


_READINGS: WeakKeyDictionary[ArticleRecord, tuple[tuple[object, ...], Reading]] = WeakKeyDictionary()


def _read(article: ArticleRecord, lexicon: Lexicon) -> Reading:
    folded = article.folded
    cues = analyze(article.text, article.segments, lexicon, folded)
    title = title_span(article.text, article.body_start)
    stance = read_stance(cues, folded, title)
    title_cues = analyze_span(folded, *title, lexicon) if title is not None else None
    looked, treatments = look(cues, stance, article.text, title_cues)
    scraped = scraped_runs(cues)
    if scraped:
        looked = [one for one in looked if not _inside(scraped, cues, one.unit.index)]
    return Reading(cues, tuple(looked), tuple(treatments), stance, lexicon, scraped)


def _inside(runs: tuple[tuple[int, int], ...], cues: ArticleCues, index: int) -> bool:
    """Whether sentence ``index`` (not the title) lies in one of the runs of blocks."""
    if index == TITLE:
        return False
    block = cues.segments.sentences[index].block
    return any(first <= block <= last for first, last in runs)


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


def cue_phrases(text: str, cues: SentenceCues, *kinds: Cue, limit: int = 3) -> str:
    """``"book today", "miracle"``: the sentence's phrases of the cues ``kinds``, in order of
    place, each once (case aside), at most ``limit``; empty when there are none."""
    found = sorted({span for kind in kinds for span in cues.cues.get(kind, [])})
    words: list[str] = []
    for start, end in found:
        word = text[start:end]
        if word.lower() not in (w.lower() for w in words):
            words.append(word)
    return ", ".join(f'"{w}"' for w in words[:limit])
