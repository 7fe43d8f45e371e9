"""Extraction quality on the hand-labeled sentences (tests/extract/data/labels.yaml).

Prints recall on claim-worthy sentences, the share of non-claims proposed, and precision, for
the shipped seed articles and for the written held-out text; enforces floors. Run it alone to
see the figures: ``.venv/bin/python tests/extract/test_quality.py`` (or pytest with ``-s``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimcheck.extract.candidates import propose, segment_article
from claimcheck.extract.segment import Sentence
from claimcheck.text.quotes import find_quote, fold

REPO = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).parent / "data" / "labels.yaml"
CLAIM = "claim"
UNCOUNTED = {"factual", "table"}
NON_CLAIMS = {"heading", "question", "rhetoric", "reference", "boilerplate", "glossary"}


def _body_start(text: str) -> int:
    return text.index("\n---\n", 4) + 5


@dataclass
class Tally:
    claims: int = 0
    claims_proposed: int = 0
    non_claims: int = 0
    non_claims_proposed: int = 0
    uncounted: int = 0
    uncounted_proposed: int = 0
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.claims_proposed / self.claims

    @property
    def false_positive_rate(self) -> float:
        return self.non_claims_proposed / self.non_claims

    @property
    def precision(self) -> float:
        return self.claims_proposed / (self.claims_proposed + self.non_claims_proposed)

    @property
    def strict_false_positive_rate(self) -> float:
        """Counting restated factual sentences and table rows as non-claims too."""
        return (self.non_claims_proposed + self.uncounted_proposed) / (self.non_claims + self.uncounted)

    def line(self, name: str) -> str:
        return (
            f"{name}: recall {self.claims_proposed}/{self.claims} = {self.recall:.1%}; "
            f"non-claims proposed {self.non_claims_proposed}/{self.non_claims} = {self.false_positive_rate:.1%}; "
            f"precision {self.precision:.1%}; restated factual proposed "
            f"{self.uncounted_proposed}/{self.uncounted} (counted as non-claims: "
            f"{self.strict_false_positive_rate:.1%})"
        )


@cache
def _labels() -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    return list(data["documents"])


def _units(article: str) -> tuple[str, list[Sentence], set[int]]:
    """The article text, its units, and the ids of the units a candidate was cut from."""
    text = (REPO / article).read_text(encoding="utf-8")
    sentences = segment_article(text, _body_start(text))
    proposed = {id(c.sentence) for c in propose(sentences)}
    return text, sentences, proposed


def measure(seed: bool) -> Tally:
    tally = Tally()
    for document in _labels():
        if document["article"].startswith("content/") != seed:
            continue
        _, sentences, proposed = _units(document["article"])
        for (label, _), sentence in zip(document["units"], sentences, strict=True):
            hit = id(sentence) in proposed
            if label == CLAIM:
                tally.claims += 1
                tally.claims_proposed += hit
                if not hit:
                    tally.missed.append(sentence.text)
            elif label in UNCOUNTED:
                tally.uncounted += 1
                tally.uncounted_proposed += hit
            else:
                tally.non_claims += 1
                tally.non_claims_proposed += hit
                if hit:
                    tally.false_positives.append(f"[{label}] {sentence.text}")
    return tally


@pytest.mark.parametrize("index", range(len(_labels())))
def test_labels_match_the_segmentation(index: int) -> None:
    """Every unit of every labeled document is labeled, in order, with a known label."""
    document = _labels()[index]
    _, sentences, _ = _units(document["article"])
    assert [text for _, text in document["units"]] == [s.text for s in sentences]
    for label, _ in document["units"]:
        assert label in {CLAIM} | UNCOUNTED | NON_CLAIMS


@pytest.mark.parametrize("stem", ["igf1-lifestyle", "igf1-relationship"])
def test_seed_claim_labels_are_the_editors_claims(stem: str) -> None:
    """For the seeds, 'claim' means exactly: contains (part of) a quote of the claims file."""
    document = next(d for d in _labels() if d["article"] == f"content/articles/{stem}.md")
    text, sentences, _ = _units(document["article"])
    claims = yaml.safe_load((REPO / "content" / "claims" / f"{stem}.yaml").read_text(encoding="utf-8"))
    spans = [find_quote(fold(text), claim["quote"], _body_start(text)) for claim in claims["claims"]]
    assert all(spans)
    for (label, _), sentence in zip(document["units"], sentences, strict=True):
        quoted = any(a < sentence.end and sentence.start < b for a, b in spans if spans)
        assert quoted == (label == CLAIM), sentence.text


def kind_agreement() -> tuple[int, int]:
    """How often the kind guess of the candidate covering an editor's claim is the editor's kind."""
    agree = total = 0
    for stem in ("igf1-lifestyle", "igf1-relationship"):
        text = (REPO / "content" / "articles" / f"{stem}.md").read_text(encoding="utf-8")
        candidates = propose(segment_article(text, _body_start(text)))
        claims = yaml.safe_load((REPO / "content" / "claims" / f"{stem}.yaml").read_text(encoding="utf-8"))
        for claim in claims["claims"]:
            span = find_quote(fold(text), claim["quote"], 0)
            assert span is not None
            covering = [c for c in candidates if c.start < span[1] and span[0] < c.end]
            total += 1
            agree += bool(covering) and covering[0].kind.value == claim["kind"]
    return agree, total


@pytest.mark.parametrize("stem", ["igf1-lifestyle", "igf1-relationship"])
def test_every_shipped_claim_is_proposed(stem: str) -> None:
    """Must hold: each quote of the shipped claims files overlaps a candidate of its article."""
    text = (REPO / "content" / "articles" / f"{stem}.md").read_text(encoding="utf-8")
    candidates = propose(segment_article(text, _body_start(text)))
    claims = yaml.safe_load((REPO / "content" / "claims" / f"{stem}.yaml").read_text(encoding="utf-8"))
    missed = []
    for claim in claims["claims"]:
        span = find_quote(fold(text), claim["quote"], _body_start(text))
        assert span is not None
        if not any(c.start < span[1] and span[0] < c.end for c in candidates):
            missed.append(claim["quote"])
    assert not missed


def test_seed_articles_recall_and_false_positives() -> None:
    tally = measure(seed=True)
    agree, total = kind_agreement()
    print("\n" + tally.line("seed articles") + f"; kind guess = editor's kind for {agree}/{total} claims")
    assert tally.recall >= 0.90, tally.missed
    assert tally.false_positive_rate <= 0.20, tally.false_positives


def test_heldout_text_floor() -> None:
    tally = measure(seed=False)
    print("\n" + tally.line("held-out text"))
    assert tally.recall >= 0.85, tally.missed
    assert tally.precision >= 0.85, tally.false_positives


if __name__ == "__main__":
    for name, seed in (("seed articles", True), ("held-out text", False)):
        result = measure(seed)
        print(result.line(name))
        if seed:
            print("  kind guess = editor's kind for {}/{} claims".format(*kind_agreement()))
        for text in result.missed:
            print("  missed:", text)
        for text in result.false_positives:
            print("  proposed:", text)
