"""CC306: benefits presented without harms, read from the benefit and harms models' scores of
every sentence, heading and the title (:mod:`claimcheck.rules.stance`)."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.base import Rule
from claimcheck.rules.per_article import ArticleScope, article_rule
from claimcheck.rules.stance import BENEFIT, HARMS, explain, quoted_phrases

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


RULES = (benefits_without_harms,)
