"""Sentence verdicts of the content rules: which sentences promote, overstate or persuade.

The learned scorers (:mod:`claimcheck.rules.stance`) decide the stance of every sentence,
heading and the title: promotion, an absolute claim, mention of harms. Negation, quotation,
hedging and reported speech are whatever the models learned from the labelled sentences
(data/labels), not lists of cancel words. The lexicon and the substance registry explain:
which regulated substance a promoting sentence speaks of (and its sourced statuses, which
CC302 quotes), the exact offer or certainty phrase. A sentence that names no substance but
starts with "They", "These" or "This approach" speaks of the regulated substances named
earlier in the same section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import cast

from claimcheck.lexicon import Cue, Lexicon, StatusValue, Substance
from claimcheck.lexicon.cues import ArticleCues, SentenceCues
from claimcheck.rules.stance import ABSOLUTE, HARMS, PROMOTES, TITLE, Stance, explain, quoted_phrases
from claimcheck.text.segments import BlockKind

SALES = (Cue.OFFER, Cue.HYPE, Cue.TESTIMONIAL)
_LOOK = frozenset((Cue.SECOND_PERSON, Cue.THERAPY_CLASS, Cue.ANAPHOR))
"""Cues that make an unflagged sentence worth a look: an appeal to the reader (CC305), a
class of treatments or an anaphor (the treatments a section speaks of)."""
_ANAPHOR_WINDOW = 2  # characters of leading punctuation allowed before "They"/"These"
_NEAR_AFTER = 30  # a therapy word this close after a body name ("testosterone optimization protocols")
_NEAR_BEFORE = 16  # or this close before it ("injections of growth hormone")


@dataclass(frozen=True, slots=True)
class Verdict:
    rule: str
    sentence: int
    """The sentence's index in the segments, or :data:`~claimcheck.rules.stance.TITLE`."""
    start: int
    end: int
    """Offsets of the sentence (or title) in the article's text."""
    message: str
    hint: str


def _phrases(text: str, cues: SentenceCues, *kinds: Cue, limit: int = 3) -> str:
    found = sorted({span for kind in kinds for span in cues.cues.get(kind, [])})
    words: list[str] = []
    for start, end in found:
        word = text[start:end]
        if word.lower() not in (w.lower() for w in words):
            words.append(word)
    return ", ".join(f'"{w}"' for w in words[:limit])


def status_summary(substance: Substance) -> str:
    """``US-FDA approved: ...; WADA prohibited``: the registry's statuses, briefly."""
    parts: list[str] = []
    for status in substance.statuses:
        if status.status is StatusValue.APPROVED:
            part = f"{status.jurisdiction} {status.status.value}: {status.detail.rstrip('.')}"
        elif status.status is StatusValue.CONTROLLED:
            part = f"{status.jurisdiction} {status.detail.split('(')[0].strip().rstrip('.')}"
        else:
            part = f"{status.jurisdiction} {status.status.value}"
        if part not in parts:
            parts.append(part)
    return ", ".join(parts) if parts else "status unverified"


def _subjects_text(substances: list[Substance], limit: int = 3) -> str:
    shown = "; ".join(f"{s.display} ({status_summary(s)})" for s in substances[:limit])
    more = len(substances) - limit
    return shown + (f" and {more} more" if more > 0 else "")


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


def judge(
    article: ArticleCues, stance: Stance, lexicon: Lexicon, text: str, title: SentenceCues | None = None
) -> tuple[list[Verdict], list[int]]:
    """Verdicts for the title (``title``: its cues) and every scored sentence, in order, and the
    sentences that speak of a treatment (a regulated substance used as a product, or a class
    such as "peptide therapies")."""
    segments = article.segments
    verdicts: list[Verdict] = []
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
        if flagged[position] or Cue.SECOND_PERSON in cues.cues:
            verdicts += _unit(
                unit.index, unit.start, unit.end, cues, subjects, stance, position, text, lexicon
            )
    return verdicts, treatments


def _unit(
    index: int,
    start: int,
    end: int,
    cues: SentenceCues,
    subjects: list[str] | None,
    stance: Stance,
    position: int,
    text: str,
    lexicon: Lexicon,
) -> list[Verdict]:
    out: list[Verdict] = []
    flags = stance.flags[position].tolist()
    probabilities = stance.probabilities[position].tolist()
    sentence = text[start:end]
    table = cues.cues
    if flags[PROMOTES]:
        why = f"reads as promotion ({probabilities[PROMOTES]:.2f}): {quoted_phrases(explain(PROMOTES, sentence))}"
        if subjects is not None:
            out.append(
                Verdict(
                    "CC302",
                    index,
                    start,
                    end,
                    f"promotes {_subjects(subjects, cues, text, lexicon)}; {why}",
                    "state the approval status and risks, keep study results hedged and sourced, or remove the promotion",
                )
            )
        else:
            offer = _phrases(text, cues, *SALES)
            out.append(
                Verdict(
                    "CC301",
                    index,
                    start,
                    end,
                    why + (f"; offer or hype: {offer}" if offer else ""),
                    "say what the evidence shows in neutral words; drop offers, calls to action, hype and testimonials",
                )
            )
    if flags[ABSOLUTE]:
        certainty = _phrases(text, cues, Cue.CERTAINTY) or quoted_phrases(explain(ABSOLUTE, sentence))
        out.append(
            Verdict(
                "CC304",
                index,
                start,
                end,
                f"absolute claim ({probabilities[ABSOLUTE]:.2f}): {certainty}",
                "no treatment is proven, guaranteed or free of side effects: state the evidence and its limits",
            )
        )
    if Cue.SECOND_PERSON in table and not flags[HARMS] and (flags[PROMOTES] or Cue.PERSUASION in table):
        question = text[max(start, end - 8) : end].rstrip("\"')]”’ ").endswith("?")
        framing = "rhetorical question" if question else "appeal"
        words = _phrases(text, cues, Cue.PERSUASION, Cue.HYPE) or quoted_phrases(explain(PROMOTES, sentence))
        out.append(
            Verdict(
                "CC305",
                index,
                start,
                end,
                f"{framing} to the reader's hopes or fears: {words}",
                "inform rather than persuade: address the topic, not the reader's feelings",
            )
        )
    return out


def _subjects(subjects: list[str], cues: SentenceCues, text: str, lexicon: Lexicon) -> str:
    if not subjects:
        return _phrases(text, cues, Cue.THERAPY_CLASS)
    key = tuple(subjects)
    shown = lexicon.memo.get(key)
    if shown is None:
        shown = lexicon.memo[key] = _subjects_text([lexicon.substances[s] for s in subjects])
    return shown
