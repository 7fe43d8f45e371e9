"""The article's own reference list: where it is and how its entries are numbered."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.cite.markers import find
from claimcheck.cite.match import Library
from claimcheck.cite.reflist import reference_list
from claimcheck.cite.resolve import _shorten, citations
from claimcheck.core.location import Span
from claimcheck.load.project import ReferenceRecord


def _entries(text: str) -> list[tuple[int, str]]:
    return [(e.number, e.text) for e in reference_list(text).entries]


@pytest.mark.parametrize(
    "heading",
    [
        "## References",
        "# Bibliography",
        "### Works cited ###",
        "## References {#refs .unnumbered}",
        "References\n==========",
        "Literature cited\n---",
        "**References**",
        "References:",
        "REFERENCES",
    ],
)
def test_headings(heading: str) -> None:
    text = f"GH rises [1].\n\n{heading}\n\n1. Smith J. Growth hormone. Endocrinology. 2020;1:1-2.\n"
    assert _entries(text) == [(1, "Smith J. Growth hormone. Endocrinology. 2020;1:1-2.")]


def test_labels_bullets_continuations_and_the_section_end() -> None:
    text = (
        "## References\n\n"
        "- [1] Smith J. Growth hormone.\n  Endocrinology. 2020.\n"
        "- [2] Doe A. Insulin. 2019.\n\n"
        "3) Roe B. Sleep. 2018.\n"
        "⁴ Poe C. Stress. 2017.\n"
        "<sup>5</sup> Moe D. Cortisol. 2016.\n\n"
        "## Glossary\n\n1. Not a reference.\n"
    )
    assert _entries(text) == [
        (1, "Smith J. Growth hormone.\n  Endocrinology. 2020."),
        (2, "Doe A. Insulin. 2019."),
        (3, "Roe B. Sleep. 2018."),
        (4, "Poe C. Stress. 2017."),
        (5, "Moe D. Cortisol. 2016."),
    ]


def test_numbering_by_position() -> None:
    lazy = "## References\n\n1. Smith J. A. 2020.\n1. Doe A. B. 2019.\n1. Roe B. C. 2018.\n"
    assert [n for n, _ in _entries(lazy)] == [1, 2, 3]  # Markdown renumbers a list of "1."
    bullets = "## References\n\n- Smith J. A. 2020.\n- Doe A. B. 2019.\n"
    assert [n for n, _ in _entries(bullets)] == [1, 2]
    paragraphs = "## References\n\nSmith J. A. 2020.\n\nDoe A. B. 2019.\n"
    assert [n for n, _ in _entries(paragraphs)] == [1, 2]


def test_no_list_and_a_word_that_only_looks_like_one() -> None:
    assert reference_list("GH rises [1].\n\nThe sources of GH are many.\n").entries == ()
    assert reference_list("Notes on sleep\n\nSleep raises GH.\n").entries == ()
    scraped = "GH rises [1].\n\nReferences\n1. Smith J. Growth hormone. 2020.\n"
    assert _entries(scraped) == [(1, "Smith J. Growth hormone. 2020.")]


def test_a_narrative_mention_before_a_marker_is_no_citation_of_its_own() -> None:
    cites = find("As Yoshikawa et al. (2019) [@doi:10.1246/cl.180665] showed.")
    assert [(c.text, c.tentative) for c in cites] == [
        ("Yoshikawa et al. (2019)", True),
        ("[@doi:10.1246/cl.180665]", False),
    ]
    assert cites[1].key == "doi:10.1246/cl.180665"


LIBRARY = {
    "smith2020": ReferenceRecord(
        "smith2020",
        "article",
        {"author": "Smith, John", "title": "Growth hormone", "year": "2020", "doi": "10.1056/NEJMra070553"},
        Span.point(1),
    )
}
PIECES = ["## References", "\n", "\n\n", "1. ", "[1] ", "- ", "¹ ", "Smith J. ", "Growth hormone. ", "2020.", "[1]", "[2-3]", "(Smith, 2020)", "[@smith2020]", "doi:10.1056/NEJMra070553", "===", "---", "**Notes**", "#"]  # fmt: skip


@settings(max_examples=int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_reference_lists_and_resolution_never_raise(text: str) -> None:
    references = reference_list(text)
    for entry in references.entries:
        assert text[entry.start : entry.end].strip() == entry.text
    for item in citations(text, 0, Library(LIBRARY)):
        assert (item.key is None) == (item.problem is not None)


@pytest.mark.parametrize(
    "unit",
    ["## References\n", "1. Smith J. Growth hormone. 2020.\n", "[1]", "- [1] x\n", "References\n\n[2] "],
)
def test_many_entries_and_markers_stay_linear(unit: str) -> None:
    text = "## References\n\n" + (unit * (100_000 // len(unit) + 1))[:100_000]
    text = "[1] [2] [3] " * 3_000 + "\n\n" + text
    began = time.process_time()
    citations(text, 0, Library(LIBRARY))
    assert time.process_time() - began < 2.0


@pytest.mark.parametrize(
    ("entry", "quoted"),
    [
        (
            "Smith J, Jones K. Growth hormone secretagogues in the elderly: a randomised trial. 2020.",
            "Smith J, Jones K. Growth hormone secretagogues in the…",
        ),
        ("https://example.org/" + "a" * 80, "https://example.org/" + "a" * 39 + "…"),
        ("Smith J.  A   short\nentry.", "Smith J. A short entry."),
    ],
)
def test_a_reference_entry_is_quoted_cut_between_words(entry: str, quoted: str) -> None:
    assert _shorten(entry) == quoted
    assert len(_shorten(entry)) <= 60
