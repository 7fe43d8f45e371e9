"""The article's own reference list: where it is and how its entries are numbered."""

from __future__ import annotations

import pytest

from claimcheck.cite.markers import find
from claimcheck.cite.reflist import reference_list


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
