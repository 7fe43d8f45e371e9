"""CC301-CC306: promotional language, promotion of regulated substances, absolute claims,
persuasion and omitted risks, judged sentence by sentence (:mod:`claimcheck.rules.judge`)."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load.project import ArticleRecord, ClaimsFileRecord, Project
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.per_article import ArticleScope, article_rule
from claimcheck.rules.stance import BENEFIT, HARMS, explain, quoted_phrases


def _verdict_findings(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    read = scope.reading(article)
    for verdict in read.verdicts:
        if verdict.rule == self.id:
            span = article.lines.span(verdict.start, verdict.end)
            yield self.finding(article.path, span, verdict.message, verdict.hint, article=article.id)


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
    reads as information ("our physicians design a plan around your goals"). The message
    gives the score and the phrases that weighed most, and the lexicon's exact offer or hype
    phrase when there is one. Reported, quoted and negated claims ("sellers call it a
    miracle", "this is not a miracle cure") are not promotion."""
    yield from _verdict_findings(self, article, scope)


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
    word ("testosterone optimization protocols")."""
    yield from _verdict_findings(self, article, scope)


@article_rule(
    "CC304",
    "certainty.absolute-claim",
    Category.CERTAINTY,
    Severity.ERROR,
    "Absolute or cure language",
)
def absolute_claim(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """No treatment is "proven", "guaranteed", "100% safe" or free of side effects, and
    "cures" is a drug claim: such words overstate the evidence. A sentence, heading or title
    the absolute-claim scorer flags. Negated or reported uses ("there is no evidence that it
    cures", "sellers claim it cures") and "cure" in names, foods and idioms ("salt-cured
    ham", "a cure is still years away") pass."""
    yield from _verdict_findings(self, article, scope)


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
    yield from _verdict_findings(self, article, scope)


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
        if finding.rule == "CC302" and not finding.waived:
            s = finding.span
            flagged.setdefault(finding.path, []).append((s.line, s.column, s.end_line, s.end_column))
    project = context.project
    if not flagged:
        return
    for claims_file in project.claim_files:
        named = project.articles.get(claims_file.article_id) if claims_file.article_id else None
        if named is None or named.path not in flagged or not claims_file.approved:
            continue  # (only these files' claims are made into models)
        yield from _approved_regulated(self, project, flagged, claims_file)


def _approved_regulated(
    self: Rule,
    project: Project,
    flagged: dict[str, list[tuple[int, int, int, int]]],
    claims_file: ClaimsFileRecord,
) -> Iterator[Finding]:
    from claimcheck.model import ClaimKind

    for record in (claims_file.claims[position] for position in claims_file.approved):
        claim = record.claim
        if claim.kind not in (ClaimKind.THERAPY, ClaimKind.PRODUCT):
            continue
        if any(w.rule == self.id and (w.justification or "").strip() for w in claim.review.waivers):
            continue
        article = project.article_of(record)
        if article is None or article.path not in flagged:
            continue
        quote = article.find_quote(claim.quote)
        if quote is None:
            continue
        where = (quote.line, quote.column, quote.end_line, quote.end_column)
        hit = next((f for f in flagged[article.path] if _overlaps(f, where)), None)
        if hit is not None:
            yield self.at_claim(
                record,
                f"approved {claim.kind.value} claim stands on a sentence promoting a regulated substance "
                f"({article.path}:{hit[0]}:{hit[1]})",
                "rewrite the sentence, or add a waiver of CC303 with a justification under review.waivers",
                "review",
                "status",
            )


MIN_BENEFIT_WORDS = 5
"""Fewer words than this present no benefit (a heading or title that names a topic)."""


@article_rule(
    "CC306",
    "risk-omission.benefits-without-risks",
    Category.RISK_OMISSION,
    Severity.WARNING,
    "Benefits presented without harms",
)
def benefits_without_harms(self: Rule, article: ArticleRecord, scope: ArticleScope) -> Iterator[Finding]:
    """An article that presents the benefits of an intervention (a drug, supplement,
    procedure, device, test or programme) and never mentions its harms, side effects, the
    limits of the evidence, or who should not use it. Readers need both sides to decide
    (DISCERN question 11; the HealthNewsReview criterion "does the story adequately explain
    the harms?"). Any intervention counts, not only the substances of the registry: the
    benefit and harms scorers read every sentence, heading and the title (a benefit is a
    statement: a label of fewer than five words, such as a title "Vitamin D and sunlight",
    presents none). The finding points at the first sentence that presents a benefit."""
    read = scope.reading(article)
    stance = read.stance
    if stance.flagged(HARMS):
        return
    text = article.text
    benefits = [
        i for i in stance.flagged(BENEFIT) if text.count(" ", *stance.spans[i]) >= MIN_BENEFIT_WORDS - 1
    ]
    if not benefits:
        return
    unit = stance.unit(benefits[0])
    sentence = article.text[unit.start : unit.end]
    phrases = quoted_phrases(explain(BENEFIT, sentence))
    yield self.finding(
        article.path,
        article.lines.span(unit.start, unit.end),
        f"presents a benefit ({stance.probabilities[benefits[0], BENEFIT]:.2f}: {phrases}) "
        f"in {len(benefits)} sentence(s) and never mentions harms, side effects, limits of the evidence "
        "or who should not use it",
        "say what the intervention's harms and side effects are, how strong the evidence is, and who should not use it",
        article=article.id,
    )


RULES = (
    hype,
    regulated_promotion,
    approved_regulated_claim,
    absolute_claim,
    reader_appeal,
    benefits_without_harms,
)
