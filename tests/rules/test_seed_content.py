"""The content and quality rules on the shipped seed articles (content/, verbatim)."""

from __future__ import annotations

from functools import cache

from claimcheck.core.finding import Finding, Severity
from claimcheck.load import load_project
from claimcheck.model import ClaimKind
from claimcheck.run.engine import CheckResult, check
from claimcheck.settings import load_settings
from tests.conftest import REPO

LIFESTYLE = "content/articles/igf1-lifestyle.md"
RELATIONSHIP = "content/articles/igf1-relationship.md"
MARKETING = {"promotional", "regulated-substance", "certainty", "persuasion"}

# Every sentence of the seed articles that promotes a peptide or testosterone therapy (the
# ones the seed review rejected as promotion), by its opening words.
PROMOTING = (
    "In contexts such as testosterone replacement therapy (TRT) for men with hypogonadism",
    "Similarly, in women, judicious testosterone optimization protocols",
    "For individuals seeking to optimize their somatotropic axis, specific peptide therapies",
    "They stimulate the pituitary to secrete endogenous growth hormone",
    "This approach avoids exogenous GH administration",
    "Tesamorelin, a synthetic GHRH analogue, has demonstrated efficacy",
    "Hexarelin, a growth hormone secretagogue, also stimulates GH release",
    "These targeted interventions, when integrated within a comprehensive wellness protocol",
)


@cache
def _result() -> CheckResult:
    settings = load_settings(REPO)
    return check(load_project(REPO, settings), settings)


def _findings(rule: str, path: str) -> list[Finding]:
    return [f for f in _result().findings if f.rule == rule and f.path == path]


def _position(path: str, prefix: str) -> tuple[int, int]:
    article = next(a for a in _result().project.articles.values() if a.path == path)
    offset = article.text.index(prefix, article.body_start)
    return article.lines.position(offset)


def test_every_promoting_sentence_is_flagged_regulated_substance() -> None:
    flagged = {(f.line, f.column) for f in _findings("CC302", LIFESTYLE)}
    expected = {_position(LIFESTYLE, prefix) for prefix in PROMOTING}
    assert flagged == expected  # all of them, and nothing else
    for finding in _findings("CC302", LIFESTYLE):
        assert finding.severity is Severity.ERROR and finding.category.value == "regulated-substance"


def test_regulated_findings_name_the_substance_and_its_sourced_status() -> None:
    messages = {(f.line, f.column): f.message for f in _findings("CC302", LIFESTYLE)}
    tesamorelin = messages[_position(LIFESTYLE, PROMOTING[5])]
    assert "tesamorelin" in tesamorelin and "HIV-infected adults with lipodystrophy" in tesamorelin
    trt = messages[_position(LIFESTYLE, PROMOTING[0])]
    assert "Schedule III" in trt and "hypogonadism" in trt


def test_the_cookie_banner_is_flagged_boilerplate() -> None:
    (banner,) = _findings("CC307", RELATIONSHIP)
    assert banner.category.value == "boilerplate"
    assert (banner.line, banner.column) == _position(RELATIONSHIP, "We use cookies to personalize content")
    end = _position(RELATIONSHIP, "Personalization cookies enable us")
    assert banner.span.end_line == end[0]
    assert not _findings("CC307", LIFESTYLE)


def test_missing_authorship_disclosure_and_dates_are_flagged_quality() -> None:
    for path in (LIFESTYLE, RELATIONSHIP):
        for rule in ("CC401", "CC403", "CC404"):
            (finding,) = _findings(rule, path)
            assert finding.category.value == "quality"


def test_factual_mechanism_sentences_carry_no_marketing_finding() -> None:
    result = _result()
    project = result.project
    marketing = [
        f for f in result.findings if f.category.value in MARKETING and f.severity is not Severity.INFO
    ]
    checked = 0
    for record in project.claims():
        if record.claim.kind is not ClaimKind.MECHANISM:
            continue
        article = project.article_of(record)
        assert article is not None
        quote = article.find_quote(record.claim.quote)
        assert quote is not None
        checked += 1
        for f in marketing:
            if f.path != article.path:
                continue
            overlaps = (f.span.line, f.span.column) < (quote.end_line, quote.end_column) and (
                quote.line,
                quote.column,
            ) < (f.span.end_line, f.span.end_column)
            assert not overlaps, f"{record.id}: {f.rule} {f.message}"
    assert checked >= 15


def test_the_relationship_article_has_no_marketing_finding() -> None:
    assert not [f for f in _result().findings if f.path == RELATIONSHIP and f.category.value in MARKETING]


def test_risks_uncertainty_and_choices_are_missing_from_the_peptide_article() -> None:
    for rule in ("CC306", "CC405", "CC406"):
        assert len(_findings(rule, LIFESTYLE)) == 1
        assert not _findings(rule, RELATIONSHIP)
