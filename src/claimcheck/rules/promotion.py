"""CC301, CC302, CC303, CC305: promotion, promotion of regulated substances (and approving a
claim that stands on it), and appeals to the reader's hopes or fears.

The promotion model (:mod:`claimcheck.rules.stance`) decides which sentences, headings and the
title sell; what the sentence speaks of (:mod:`claimcheck.rules.subjects`) decides between
CC302 (a regulated substance or a class of treatments) and CC301 (anything else). The lexicon
and the substance registry explain: the exact offer or hype phrase, and which regulated
substance a promoting sentence speaks of, with the sourced statuses CC302 quotes.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.lexicon import Cue, Lexicon, StatusValue, Substance
from claimcheck.lexicon.cues import SentenceCues
from claimcheck.load.project import ArticleRecord, ClaimsFileRecord
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.per_article import ArticleScope, article_rule
from claimcheck.rules.reading import cue_phrases
from claimcheck.rules.stance import HARMS, PROMOTES, Stance, explain, quoted_phrases
from claimcheck.rules.subjects import Looked

SALES = (Cue.OFFER, Cue.HYPE, Cue.TESTIMONIAL)


def _reads_as_promotion(looked: Looked, article: ArticleRecord, stance: Stance) -> str:
    """``reads as promotion (0.93): 'book today', ...``: the score and the phrases that weighed
    most; when the article around it decided (the sentence alone would pass), both scores and
    the article's line that sells most, or when the sentence alone did (it names a regulated
    substance), both scores and why."""
    text = article.text
    sentence = text[looked.unit.start : looked.unit.end]
    position = stance.positions[looked.unit.index]
    page, alone = looked.probabilities[PROMOTES], float(stance.alone[position, PROMOTES])
    if not stance.alone_flags[position, PROMOTES]:
        score = f"{page:.2f} in this article, {alone:.2f} alone: the article around it sells"
        other = stance.strongest(PROMOTES, position)
        if other is not None:
            unit = stance.unit(other)
            line = article.lines.position(unit.start)[0]
            score += f", as line {line} does: {_clipped(text[unit.start : unit.end])}"
    elif not stance.flags[position, PROMOTES]:
        score = (
            f"{alone:.2f} alone, {page:.2f} in this article: promoting a regulated substance counts anywhere"
        )
    else:
        score = f"{page:.2f}"
    return f"reads as promotion ({score}): {quoted_phrases(explain(PROMOTES, sentence))}"


def _clipped(quote: str, most: int = 60) -> str:
    """``'Book your free consultation today'``: a line quoted in a message, cut at a word."""
    return f"'{textwrap.shorten(quote, most, placeholder=' …')}'"


@article_rule(
    "CC301",
    "promotional.hype",
    Category.PROMOTIONAL,
    Severity.WARNING,
    "Promotion: offers, hype, testimonials, soft selling",
)
def hype(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """Health information informs; advertising sells. A sentence, heading or title that the
    promotion scorer (a model trained on labelled sentences, data/labels) reads as selling,
    endorsing or inviting to use a product, clinic or programme: offers and calls to action
    ("book your consultation", "limited spots"), hype, testimonials, and soft promotion that
    reads as information ("our physicians design a plan around your goals"). Each sentence
    is read in its article, as an editor reads it: "Each month you decide to continue or stop"
    sells on a telehealth page and informs in a drug leaflet. The message gives the score and
    the phrases that weighed most (and, when the article around it decided, its score alone
    and the article's line that sells most), and the lexicon's exact offer or hype phrase when
    there is one. Reported, quoted and negated claims ("sellers call it a
    miracle", "this is not a miracle cure") are not promotion."""
    text = article.text
    read = scope.reading(article)
    for looked in read.looked:
        if not looked.flags[PROMOTES] or looked.subjects is not None:
            continue  # (a promoting sentence about a treatment is CC302's)
        offer = cue_phrases(text, looked.cues, *SALES)
        yield self.finding(
            article.path,
            article.lines.span(looked.unit.start, looked.unit.end),
            _reads_as_promotion(looked, article, read.stance)
            + (f"; offer or hype: {offer}" if offer else ""),
            "say what the evidence shows in neutral words; drop offers, calls to action, hype and testimonials",
            article=article.id,
        )


@article_rule(
    "CC302",
    "regulated.promotion",
    Category.REGULATED_SUBSTANCE,
    Severity.ERROR,
    "Promotion of a regulated substance",
)
def regulated_promotion(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """A sentence the promotion scorer reads as promotion that speaks of a prescription
    hormone, a peptide not approved for the use promoted, a substance FDA placed in category 2
    of the compounding bulks list, or a substance on the WADA Prohibited List. The substance
    registry (data, with a source and date for each status) names it, and the finding quotes
    its statuses. Neutral mention passes: approval status and regulation ("ipamorelin is not
    approved for any medical use"), risks, study results and reported claims. A sentence
    starting "They", "These" or "This approach" speaks of the substances named earlier in its
    section. Body names (testosterone, growth hormone, IGF-1) count only next to a therapy
    word ("testosterone optimization protocols"). A sentence naming a regulated substance is
    reported when it reads as promotion in its article or on its own: an efficacy claim for
    BPC-157 in an article on vitamin D is still promotion."""
    text = article.text
    read = scope.reading(article)
    for looked in read.looked:
        if not looked.flags[PROMOTES] or looked.subjects is None:
            continue
        subjects = _subjects(looked.subjects, looked.cues, text, read.lexicon)
        yield self.finding(
            article.path,
            article.lines.span(looked.unit.start, looked.unit.end),
            f"promotes {subjects}; {_reads_as_promotion(looked, article, read.stance)}",
            "state the approval status and risks, keep study results hedged and sourced, or remove the promotion",
            article=article.id,
        )


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


def _subjects(subjects: list[str], cues: SentenceCues, text: str, lexicon: Lexicon) -> str:
    """The substances a sentence speaks of with their statuses (or the class of treatments it names)."""
    if not subjects:
        return cue_phrases(text, cues, Cue.THERAPY_CLASS)
    key = tuple(subjects)
    shown = lexicon.memo.get(key)
    if shown is None:
        shown = lexicon.memo[key] = _subjects_text([lexicon.substances[s] for s in subjects])
    return shown


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return (a[0], a[1]) < (b[2], b[3]) and (b[0], b[1]) < (a[2], a[3])


@rule(
    "CC303",
    "regulated.approved-claim",
    Category.REGULATED_SUBSTANCE,
    Severity.ERROR,
    "Approved therapy or product claim in a sentence promoting a regulated substance",
    late=True,
    scope="unit",
)
def approved_regulated_claim(self: Rule, context: Context) -> Iterator[Finding]:
    """An editor approved a claim of kind ``therapy`` or ``product`` whose quote lies in a
    sentence flagged CC302. Publishing it endorses the promotion, so the approval needs a
    waiver of CC303 with a justification in the claim's ``review.waivers`` (for instance: the
    sentence was rewritten to state the approved indication only). Until then the claim is
    held back from the export."""
    flagged: dict[str, list[tuple[int, int, int, int]]] = {}
    for finding in context.findings:
        if finding.rule == regulated_promotion.id and not finding.waived:
            s = finding.span
            flagged.setdefault(finding.path, []).append((s.line, s.column, s.end_line, s.end_column))
    if not flagged:
        return
    corpus = context.corpus
    for summary in corpus.claims_files:
        named = corpus.articles.get(summary.article_id) if summary.article_id else None
        if named is None or named.path not in flagged or not summary.approved:
            continue  # (only these files are read again, their claims made into models)
        claims_file, article = corpus.claims_file(summary), corpus.article(named)
        if claims_file is not None and article is not None:
            yield from _approved_regulated(
                self, article, flagged[article.path], claims_file, summary.approved
            )


def _approved_regulated(
    self: Rule,
    article: ArticleRecord,
    flagged: list[tuple[int, int, int, int]],
    claims_file: ClaimsFileRecord,
    approved: tuple[int, ...],
) -> Iterator[Finding]:
    from claimcheck.model import ClaimKind

    for record in (claims_file.claims[position] for position in approved):
        claim = record.claim
        if claim.kind not in (ClaimKind.THERAPY, ClaimKind.PRODUCT):
            continue
        if any(w.rule == self.id and (w.justification or "").strip() for w in claim.review.waivers):
            continue
        quote = record.quote_span(article)
        if quote is None:
            continue
        where = (quote.line, quote.column, quote.end_line, quote.end_column)
        hit = next((f for f in flagged if _overlaps(f, where)), None)
        if hit is not None:
            yield self.at_claim(
                record,
                f"approved {claim.kind.value} claim stands on a sentence promoting a regulated substance "
                f"({article.path}:{hit[0]}:{hit[1]})",
                "rewrite the sentence, or add a waiver of CC303 with a justification under review.waivers",
                "review",
                "status",
            )


@article_rule(
    "CC305",
    "persuasion.reader-appeal",
    Category.PERSUASION,
    Severity.WARNING,
    "Appeal to the reader's hopes or fears",
)
def reader_appeal(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """Second-person framing aimed at feelings ("those subtle shifts in your vitality",
    "your path toward reclaimed vitality"), rhetorical questions and aspirational imagery
    persuade instead of inform: a sentence addressed to the reader that the promotion scorer
    flags or that uses the lexicon's persuasion words. Safety advice addressed to the reader
    ("tell your doctor if you feel chest pain"), which the harms scorer recognises, passes."""
    text = article.text
    for looked in scope.reading(article).looked:
        table, flags = looked.cues.cues, looked.flags
        if Cue.SECOND_PERSON not in table or flags[HARMS]:
            continue
        if not flags[PROMOTES] and Cue.PERSUASION not in table:
            continue
        start, end = looked.unit.start, looked.unit.end
        question = text[max(start, end - 8) : end].rstrip("\"')]”’ ").endswith("?")
        framing = "rhetorical question" if question else "appeal"
        words = cue_phrases(text, looked.cues, Cue.PERSUASION, Cue.HYPE) or quoted_phrases(
            explain(PROMOTES, text[start:end])
        )
        yield self.finding(
            article.path,
            article.lines.span(start, end),
            f"{framing} to the reader's hopes or fears: {words}",
            "inform rather than persuade: address the topic, not the reader's feelings",
            article=article.id,
        )


RULES = (hype, regulated_promotion, approved_regulated_claim, reader_appeal)
