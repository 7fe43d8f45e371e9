"""Sentence verdicts of the content rules: which sentences promote, persuade or overstate.

A sentence is judged on the cues the lexicon finds in it (:mod:`claimcheck.text.cues`):
promotion needs a promotional cue (benefit, hype, offer, testimonial, certainty) that the
sentence does not take back. It is taken back by a negation before the cue ("there is no
evidence that it cures"), by reported speech ("marketed as", quoted words), and, for the
regulated-substance and hype rules, by regulatory or risk framing ("is not approved",
"carries a risk of"). Hedged study results ("may", "in a small trial") are mention, not
promotion. A sentence that names no substance but starts with "They", "These" or "This
approach" refers to the regulated substances named earlier in the same section.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from claimcheck.lexicon import Cue, Lexicon, StatusValue, Substance
from claimcheck.text.cues import ArticleCues, SentenceCues
from claimcheck.text.segments import BlockKind

PROMOTION = (Cue.BENEFIT, Cue.HYPE, Cue.OFFER, Cue.TESTIMONIAL, Cue.CERTAINTY)
SALES = (Cue.HYPE, Cue.OFFER, Cue.TESTIMONIAL)
# Without one of these (or a product name, or a body name next to a therapy word) a
# sentence can give no verdict.
_TRIGGERS = frozenset((*PROMOTION, Cue.PERSUASION, Cue.THERAPY_CLASS, Cue.ANAPHOR))
_THERAPY = frozenset((Cue.THERAPY, Cue.THERAPY_CLASS))
_ANAPHOR_WINDOW = 2  # characters of leading punctuation allowed before "They"/"These"
_NEAR_AFTER = 30  # a therapy word this close after a body name ("testosterone optimization protocols")
_NEAR_BEFORE = 16  # or this close before it ("injections of growth hormone")


@dataclass(frozen=True, slots=True)
class Verdict:
    rule: str
    sentence: int
    message: str
    hint: str


def _negated(cues: SentenceCues, cue_start: int | None) -> bool:
    negations = cues.cues.get(Cue.NEGATION)
    return bool(negations and cue_start is not None and negations[0][0] < cue_start)


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


def judge(article: ArticleCues, lexicon: Lexicon) -> tuple[list[Verdict], list[int]]:
    """Verdicts for every prose sentence, in order, and the sentences that speak of a
    treatment (a regulated substance used as a product, or a class such as "peptide therapies")."""
    segments = article.segments
    text = segments.text
    verdicts: list[Verdict] = []
    treatments: list[int] = []
    headings = [i for i, b in enumerate(segments.blocks) if b.kind is BlockKind.HEADING]
    section = -1
    context: dict[str, None] = {}  # regulated substances of the current section, in order
    for cues in article.prose():
        keys = cues.cues.keys()
        if (
            not cues.substances
            and keys.isdisjoint(_TRIGGERS)
            and (not cues.bodies or keys.isdisjoint(_THERAPY))
        ):
            continue
        sentence = segments.sentences[cues.index]
        here = bisect.bisect_right(headings, sentence.block)
        if here != section:
            section, context = here, {}
        own = _regulated_here(cues, text)
        subjects: list[str] | None = None
        if context and _starts_with_anaphor(cues, sentence.start):
            subjects = list(dict.fromkeys([*context, *own]))
        elif own or cues.has(Cue.THERAPY_CLASS):
            subjects = own
        for sid in own:
            context[sid] = None
        if subjects is not None:
            treatments.append(cues.index)
        verdicts.extend(_sentence(cues, subjects, sentence.end, text, lexicon))
    return verdicts, treatments


def _sentence(
    cues: SentenceCues, subjects: list[str] | None, sentence_end: int, text: str, lexicon: Lexicon
) -> list[Verdict]:
    out: list[Verdict] = []
    table = cues.cues
    keys = table.keys()
    reported = Cue.REPORT in table
    regulatory = Cue.REGULATORY in table
    risk = Cue.RISK in table
    safety = risk or Cue.CONDITION in table  # advice about a condition is not an appeal
    promo_at = cues.first(*PROMOTION)
    if subjects is not None and promo_at is not None:
        hedged = not keys.isdisjoint((Cue.HEDGE, Cue.UNCERTAINTY))
        if not (reported or regulatory or risk or hedged or _negated(cues, promo_at)):
            out.append(
                Verdict(
                    "CC302",
                    cues.index,
                    f"promotes {_subjects(subjects, cues, text, lexicon)} with {_phrases(text, cues, *PROMOTION)}",
                    "state the approval status and risks, keep study results hedged and sourced, or remove the promotion",
                )
            )
    sales_at = cues.first(*SALES)
    if sales_at is not None and not (reported or regulatory or _negated(cues, sales_at)):
        out.append(
            Verdict(
                "CC301",
                cues.index,
                f"promotional language: {_phrases(text, cues, *SALES)}",
                "say what the evidence shows in neutral words; drop hype, offers and testimonials",
            )
        )
    certain_at = cues.first(Cue.CERTAINTY)
    if certain_at is not None and not reported and not _negated(cues, certain_at):
        out.append(
            Verdict(
                "CC304",
                cues.index,
                f"absolute claim: {_phrases(text, cues, Cue.CERTAINTY)}",
                "no treatment is proven, guaranteed or free of side effects: state the evidence and its limits",
            )
        )
    if (
        Cue.SECOND_PERSON in table
        and not keys.isdisjoint((Cue.PERSUASION, Cue.HYPE))
        and not (safety or regulatory)
    ):
        question = text[max(0, sentence_end - 8) : sentence_end].rstrip("\"')]”’ ").endswith("?")
        framing = "rhetorical question" if question else "appeal"
        out.append(
            Verdict(
                "CC305",
                cues.index,
                f"{framing} to the reader's hopes or fears: {_phrases(text, cues, Cue.PERSUASION, Cue.HYPE)}",
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
