"""The segmenter: exact source slices, abbreviations, citation markers, "∞", tables, lists."""

from __future__ import annotations

import pytest

from claimcheck.extract.candidates import segment_article
from claimcheck.extract.segment import blocks_and_sentences


def _texts(body: str) -> list[str]:
    return [s.text for s in blocks_and_sentences(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Protein (e.g. whey) raises IGF-1. It also works.",
            ["Protein (e.g. whey) raises IGF-1.", "It also works."],
        ),
        (
            "Le Roith et al. found this in 2007. Next one.",
            ["Le Roith et al. found this in 2007.", "Next one."],
        ),
        ("Dr. Smith measured 2.5 ng/mL. Levels fell.", ["Dr. Smith measured 2.5 ng/mL.", "Levels fell."]),
        (
            "GH (i.e. somatotropin) acts. IGF-1 mediates it.",
            ["GH (i.e. somatotropin) acts.", "IGF-1 mediates it."],
        ),
        (
            "The U.S. FDA approved it in 2010. It is sold.",
            ["The U.S. FDA approved it in 2010.", "It is sold."],
        ),
        # "approx." and "vs." before a number are abbreviations, not sentence ends
        (
            "Doses of approx. 1 mg vs. 2 mg were compared. Fine.",
            ["Doses of approx. 1 mg vs. 2 mg were compared.", "Fine."],
        ),
        # a superscript or bracket marker after the full stop belongs to the sentence before
        (
            "Sleep loss lowers GH.² Stress raises cortisol.",
            ["Sleep loss lowers GH.²", "Stress raises cortisol."],
        ),
        (
            "Sleep loss lowers GH. [3] Stress raises cortisol.",
            ["Sleep loss lowers GH. [3]", "Stress raises cortisol."],
        ),
        # the seed's "∞" separator never splits a sentence
        (
            "A messenger operates, orchestrating growth ∞ Insulin-like Growth Factor 1, or IGF-1. Next.",
            ["A messenger operates, orchestrating growth ∞ Insulin-like Growth Factor 1, or IGF-1.", "Next."],
        ),
    ],
)
def test_sentences(body: str, expected: list[str]) -> None:
    assert _texts(body) == expected


def test_sentences_are_exact_slices_across_lines_and_list_markers() -> None:
    text = (
        "---\nid: x\n---\n## Heading here\n\nFirst sentence of a paragraph\nthat wraps. Second one.\n\n"
        "- Term ∞ The explanation of the term.\n  continued here.\n\n> Quoted text is prose too.\n"
    )
    sentences = segment_article(text, text.index("## "))
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert [(s.role, s.text) for s in sentences] == [
        ("heading", "Heading here"),
        ("paragraph", "First sentence of a paragraph\nthat wraps."),
        ("paragraph", "Second one."),
        ("item", "Term ∞ The explanation of the term.\n  continued here."),
        ("paragraph", "Quoted text is prose too."),
    ]
    assert sentences[3].label == "Term"


def test_tables_are_rows_and_reference_lists_are_whole_entries() -> None:
    text = (
        "## Summary\n\nA | B |\n---|---|\nx one | y two |\n\n## References\n\n"
        "1. Le Roith, D. (2007). Insulin-like growth factors. New England Journal of Medicine, 356(13).\n"
    )
    sentences = segment_article(text, 0)
    assert [(s.role, s.text) for s in sentences[1:3]] == [("table", "A | B |"), ("table", "x one | y two |")]
    assert sentences[-1].text.startswith("Le Roith, D. (2007). Insulin") and sentences[-1].text.endswith(
        "356(13)."
    )


def test_the_gold_segmentation_of_real_text() -> None:
    """benchmarks/data/segmentation-gold.jsonl (hand-corrected sentences of 69 PubMed abstracts
    and the seed and held-out article blocks): no false split, at most 1% of boundaries missed
    (figures and the comparison with pysbd: benchmarks/bench_segment.py, docs/extract.md)."""
    import json
    from pathlib import Path

    from claimcheck.text.sentences import sentence_spans

    gold = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "segmentation-gold.jsonl"
    extra = missed = total = 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        want = {start for start, _ in item["sentences"][1:]}
        have = {start for start, _ in sentence_spans(item["text"])[1:]}
        extra += len(have - want)
        missed += len(want - have)
        total += len(want)
    assert extra == 0
    assert missed <= 0.01 * total
