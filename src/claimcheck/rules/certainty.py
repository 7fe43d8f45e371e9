"""CC304: absolute or cure language, judged sentence by sentence by the absolute-claim model
(:mod:`claimcheck.rules.stance`); the lexicon names the exact certainty phrase when there is one."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.lexicon import Cue
from claimcheck.load.project import ArticleRecord
from claimcheck.rules.base import Rule
from claimcheck.rules.per_article import ArticleScope, article_rule
from claimcheck.rules.reading import cue_phrases
from claimcheck.rules.stance import ABSOLUTE, explain, quoted_phrases


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
    text = article.text
    for looked in scope.reading(article).looked:
        if not looked.flags[ABSOLUTE]:
            continue
        start, end = looked.unit.start, looked.unit.end
        certainty = cue_phrases(text, looked.cues, Cue.CERTAINTY) or quoted_phrases(
            explain(ABSOLUTE, text[start:end])
        )
        yield self.finding(
            article.path,
            article.lines.span(start, end),
            f"absolute claim ({looked.probabilities[ABSOLUTE]:.2f}): {certainty}",
            "no treatment is proven, guaranteed or free of side effects: state the evidence and its limits",
            article=article.id,
        )


RULES = (absolute_claim,)
