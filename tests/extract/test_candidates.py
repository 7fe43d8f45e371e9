"""Candidate selection, kinds, substances, compound sentences, ids and inline citations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.extract.candidates import propose, segment_article, substances_in
from claimcheck.extract.ids import slug, unique
from claimcheck.model import ClaimKind, ClaimsDocument

REPO = Path(__file__).resolve().parents[2]


def _propose(body: str) -> list[tuple[str, ClaimKind]]:
    return [(c.quote, c.kind) for c in propose(segment_article(body, 0))]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("About 1 in 3 adults sleeps less than 7 hours per night.", ClaimKind.STATISTIC),
        ("Avoid caffeine within eight hours of bedtime to protect deep sleep.", ClaimKind.ADVICE),
        ("Sermorelin stimulates the pituitary to release growth hormone.", ClaimKind.PRODUCT),
        ("Testosterone therapy raises the haematocrit in some men.", ClaimKind.THERAPY),
        ("IGF-1 is a peptide hormone made mainly in the liver.", ClaimKind.DEFINITION),
        ("Chronic sleep deprivation lowers growth hormone release.", ClaimKind.LIFESTYLE_EFFECT),
        ("Low IGF-1 levels are associated with higher mortality in older adults.", ClaimKind.ASSOCIATION),
        ("Circulating IGF-1 inhibits GH secretion at the pituitary.", ClaimKind.MECHANISM),
    ],
)
def test_kind_guess(sentence: str, kind: ClaimKind) -> None:
    assert _propose(sentence) == [(sentence, kind)]


@pytest.mark.parametrize(
    "text",
    [
        "## How does insulin regulate IGF-1?",
        "Does growth hormone raise IGF-1 levels in adults?",
        "We use cookies to analyze our traffic and personalize marketing.",
        "Sign up for our newsletter to get weekly hormone tips!",
        "Your journey toward vitality is a profound invitation to reflect on your hormones.",
        "## References\n\n- Le Roith, D. (2007). Insulin-like growth factors stimulate growth. NEJM.",
        "Le Roith, D. (2007). Insulin-like growth factors regulate cell growth. NEJM, 356(13).",
        "## Glossary\n\ngrowth hormone stimulates IGF-1 release in the liver",
    ],
)
def test_non_claims_are_not_proposed(text: str) -> None:
    assert _propose(text) == []


def test_compound_sentence_becomes_two_candidates() -> None:
    sentence = (
        "Estrogens can modulate GH secretion and hepatic IGF-1 production, while androgens, including "
        "testosterone, often correlate positively with IGF-1 levels."
    )
    assert [quote for quote, _ in _propose(sentence)] == [
        "Estrogens can modulate GH secretion and hepatic IGF-1 production",
        "androgens, including testosterone, often correlate positively with IGF-1 levels",
    ]


def test_list_item_label_is_not_quoted() -> None:
    body = "- IGF Binding Proteins ∞ These proteins regulate the half-life of circulating IGF-1.\n"
    assert [q for q, _ in _propose(body)] == ["These proteins regulate the half-life of circulating IGF-1."]


def test_substances_longest_name_wins() -> None:
    text = "Growth hormone-releasing hormone (GHRH) stimulates growth hormone (GH), which raises IGF-1 but not IGF-1R."
    assert substances_in(text) == ("GHRH", "growth hormone", "IGF-1")
    assert substances_in("Ipamorelin / CJC-1295 and testosterone replacement therapy (TRT)") == (
        "ipamorelin",
        "CJC-1295",
        "testosterone",
    )


def test_slug_and_unique_ids() -> None:
    quote = "Growth hormone is released from the pituitary and stimulates the liver to produce IGF-1."
    assert slug(quote) == "gh-released-pituitary-stimulates-liver"
    assert slug("The body’s own GH-IGF-1 axis") == "body-gh-igf1-axis"
    assert unique("gh-released", {"gh-released", "gh-released-2"}) == "gh-released-3"
    assert unique("new-id", {"other"}) == "new-id"


BIB = """@article{leroith2007,
  author = {Le Roith, D.}, year = {2007}, title = {Insulin-like growth factors},
  journal = {New England Journal of Medicine},
}
@article{lupu2004,
  author = {Lupu, F. and Terwilliger, E. F.}, year = {2004}, title = {The IGF-1 system},
  journal = {Molecular Pathology},
}
@article{koutkia2004,
  author = {Koutkia, P. and others}, year = {2004}, title = {Tesamorelin, a {GHRH} analog},
  journal = {Journal of Clinical Endocrinology \\& Metabolism},
}
"""

ARTICLE = """---
id: cited
title: Cited
---
Growth hormone stimulates the liver to produce IGF-1 [1].

IGF-1 mediates most anabolic effects of growth hormone (Le Roith, 2007).

Tesamorelin reduces visceral adipose tissue in some patients (Lupu & Terwilliger, 2004; Koutkia et al., 2004).

Insulin raises hepatic IGF-1 production in animal models.² Glucose uptake in muscle rises with insulin [9].

Circulating IGF-1 inhibits GH secretion, as [reviewed here](https://example.org) by Smith, 1999 (Smith, 1999).

## References

1. Le Roith, D. (2007). Insulin-like growth factors. New England Journal of Medicine, 356(13), 1336-1346.
2. Koutkia, P. et al. (2004). Tesamorelin, a GHRH analog. Journal of Clinical Endocrinology & Metabolism.
"""


def test_inline_citations_map_to_bibtex_keys(tmp_path: Path, cli: Callable[..., Any]) -> None:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/claims").mkdir(parents=True)
    (tmp_path / "content/articles/cited.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "references.bib").write_text(BIB, encoding="utf-8")
    run = cli("extract", "content/articles/cited.md", "--root", tmp_path)
    assert run.code == 0, run.err
    document = ClaimsDocument.model_validate(yaml.safe_load(run.out))
    cited = {claim.quote.split()[0]: [c.key for c in claim.citations] for claim in document.claims}
    assert cited == {
        "Growth": ["leroith2007"],
        "IGF-1": ["leroith2007"],
        "Tesamorelin": ["lupu2004", "koutkia2004"],
        "Insulin": ["koutkia2004"],
        "Glucose": [],
        "Circulating": [],
    }
    assert all(c.relation == "supports" for claim in document.claims for c in claim.citations)
    # unresolved markers are reported, located, never guessed
    assert (
        "cited.md:11:104: citation '[9]': the article's reference list has no entry 9 (it has 1–2)" in run.err
    )
    assert (
        "'Smith, 1999'" in run.err
        and "no entry of the library has first author Smith and year 1999" in run.err
    )
    assert "example.org" not in run.err


def test_seed_extraction_matches_the_shipped_claims_file_format() -> None:
    text = (REPO / "content/articles/igf1-lifestyle.md").read_text(encoding="utf-8")
    candidates = propose(segment_article(text, text.index("\n---\n", 4) + 5))
    assert all(text[c.start : c.end] == c.quote for c in candidates)
    assert len({c.start for c in candidates}) == len(candidates)


def test_lexicon_is_validated() -> None:
    from pydantic import ValidationError

    from claimcheck.extract.lexicon import LexiconData, lexicon

    data = lexicon().data.model_dump(by_alias=True)
    LexiconData.model_validate(data)
    with pytest.raises(ValidationError, match="invalid pattern"):
        LexiconData.model_validate({**data, "boilerplate": ["cookies (unclosed"]})
    with pytest.raises(ValidationError):
        LexiconData.model_validate({**data, "cues": {"causal": {"weight": 2, "patern": ["x"]}}})
