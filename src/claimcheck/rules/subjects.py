"""What each scored sentence of an article speaks of, read once for the content rules.

A sentence speaks of a treatment when it names a regulated substance as a product (the
lexicon's substance names), names what the body makes next to a therapy word ("testosterone
optimization protocols"), or names a class of treatments ("peptide therapies"). A sentence
that names no substance but starts with "They", "These" or "This approach" speaks of the
regulated substances named earlier in the same section. CC302 reads which substances a
promoting sentence speaks of (CC301 takes the promoting sentences that speak of none), and
CC405 and CC406 read which sentences speak of a treatment.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import cast

from claimcheck.lexicon import Cue
from claimcheck.lexicon.cues import ArticleCues, SentenceCues
from claimcheck.rules.stance import ABSOLUTE, PROMOTES, TITLE, Stance, Unit
from claimcheck.text.segments import BlockKind

_LOOK = frozenset((Cue.SECOND_PERSON, Cue.THERAPY_CLASS, Cue.ANAPHOR))
"""Cues that make an unflagged sentence worth a look: an appeal to the reader (CC305), a
class of treatments or an anaphor (the treatments a section speaks of)."""
_ANAPHOR_WINDOW = 2  # characters of leading punctuation allowed before "They"/"These"
_NEAR_AFTER = 30  # a therapy word this close after a body name ("testosterone optimization protocols")
_NEAR_BEFORE = 16  # or this close before it ("injections of growth hormone")


@dataclass(frozen=True, slots=True)
class Looked:
    """A scored unit (sentence, heading or title) that a content rule may report: one that the
    promotion or absolute-claim model flags, or one addressed to the reader (second person)."""

    unit: Unit
    cues: SentenceCues
    subjects: list[str] | None
    """The regulated substances (ids) it speaks of; empty when it speaks only of a class of
    treatments; None when it speaks of no treatment."""
    flags: list[bool]
    """Per model of :data:`~claimcheck.rules.stance.MODELS`: flagged (at or over its threshold,
    read on its page; a unit that names a regulated substance is also flagged for promotion
    when it is flagged read alone: :func:`claimcheck.scoring.context.promotes`)."""
    probabilities: list[float]
    """Per model of :data:`~claimcheck.rules.stance.MODELS`: the probability (on its page; the
    stance has each unit's probability alone)."""


_OF_WITH = re.compile(r"\s+(?:of|with|using)\s+(?:[\w-]+\s+)?$")


def _used_as_product(text: str, start: int, end: int, t_start: int, t_end: int) -> bool:
    """A therapy word just after a body name ("testosterone optimization protocols", "GH
    administration"), or just before it with "of"/"with" ("injections of growth hormone")."""
    if 0 <= t_start - end <= _NEAR_AFTER:
        return True
    return 0 <= start - t_end <= _NEAR_BEFORE and bool(_OF_WITH.match(text, t_end, start))


def _regulated_here(cues: SentenceCues, text: str) -> list[str]:
    """Substances named as products, or by their body name next to a therapy word."""
    found = dict.fromkeys(cues.substances)
    if not cues.bodies:
        return list(found)
    therapy = [span for cue in (Cue.THERAPY, Cue.THERAPY_CLASS) for span in cues.cues.get(cue, [])]
    for sid, mentions in cues.bodies.items():
        for start, end in mentions:
            if any(_used_as_product(text, start, end, t_start, t_end) for t_start, t_end in therapy):
                found.setdefault(sid, None)
    return list(found)


def _starts_with_anaphor(cues: SentenceCues, sentence_start: int) -> bool:
    anaphors = cues.cues.get(Cue.ANAPHOR)
    return bool(anaphors and anaphors[0][0] - sentence_start <= _ANAPHOR_WINDOW)


def look(
    article: ArticleCues, stance: Stance, text: str, title: SentenceCues | None = None
) -> tuple[list[Looked], list[int]]:
    """The units a content rule may report, in order, with what each speaks of (``title``: the
    title's cues), and the sentences that speak of a treatment (a regulated substance used as
    a product, or a class such as "peptide therapies")."""
    from claimcheck.scoring.context import promotes  # numpy: imported once an article is scored

    segments = article.segments
    looked: list[Looked] = []
    treatments: list[int] = []
    headings = [i for i, b in enumerate(segments.blocks) if b.kind is BlockKind.HEADING]
    section = -2
    context: dict[str, None] = {}  # regulated substances of the current section, in order
    any_flag = stance.flags[:, (PROMOTES, ABSOLUTE)].any(axis=1)
    flagged = cast(list[bool], any_flag.tolist())
    by_index = stance.positions
    # only sentences with a flag or with cues (substances, anaphors, second person) need a look
    wanted: set[int] = {position for position, flag in enumerate(flagged) if flag}
    wanted.update(
        by_index[i]
        for i, cues in article.found.items()
        if i in by_index and (cues.substances or cues.bodies or not _LOOK.isdisjoint(cues.cues))
    )
    for position in sorted(wanted):
        unit = stance.unit(position)
        if unit.index == TITLE:
            cues, here = title or SentenceCues(TITLE), -1
        else:
            cues = article.at(unit.index)
            here = bisect.bisect_right(headings, segments.sentences[unit.index].block)
        if here != section:
            section, context = here, {}
        own = _regulated_here(cues, text) if cues.substances or cues.bodies else []
        subjects: list[str] | None = None
        if context and _starts_with_anaphor(cues, unit.start):
            subjects = list(dict.fromkeys([*context, *own]))
        elif own or cues.has(Cue.THERAPY_CLASS):
            subjects = own
        for sid in own:
            context[sid] = None
        if subjects is not None and unit.index != TITLE:
            treatments.append(unit.index)
        flags = cast(list[bool], stance.flags[position].tolist())
        flags[PROMOTES] = promotes(
            flags[PROMOTES], bool(stance.alone_flags[position, PROMOTES]), bool(subjects)
        )
        if flagged[position] or flags[PROMOTES] or Cue.SECOND_PERSON in cues.cues:
            probabilities = cast(list[float], stance.probabilities[position].tolist())
            looked.append(Looked(unit, cues, subjects, flags, probabilities))
    return looked, treatments
