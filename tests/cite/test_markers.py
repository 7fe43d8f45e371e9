"""Citation markers in article text: every syntax found with its offsets, non-markers left alone,
and the scan never raises and stays linear."""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.cite.citation import Cite, locator
from claimcheck.cite.markers import find, numbers
from claimcheck.cite.masking import masked


def _cited(text: str) -> list[tuple[str, object, str | None]]:
    """(marker as written, what it names, locator) of every marker in ``text``."""
    result: list[tuple[str, object, str | None]] = []
    for cite in find(text):
        assert text[cite.start : cite.end] == cite.text
        named: object = cite.key or cite.number or (cite.surname, cite.year)
        result.append((cite.text, named, cite.locator))
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GH rises [@doe99].", [("[@doe99]", "doe99", None)]),
        ("GH rises [@doe99, p. 4].", [("[@doe99, p. 4]", "doe99", "p. 4")]),
        (
            "GH rises [see @doe99, pp. 33-35; also @smith04, chap. 1].",
            [
                ("[see @doe99, pp. 33-35; also @smith04, chap. 1]", "doe99", "pp. 33-35"),
                ("[see @doe99, pp. 33-35; also @smith04, chap. 1]", "smith04", "chap. 1"),
            ],
        ),
        ("Smith says so [-@smith04].", [("[-@smith04]", "smith04", None)]),
        (
            "GH rises [@{https://example.com/bib?x=1}].",
            [("[@{https://example.com/bib?x=1}]", "https://example.com/bib?x=1", None)],
        ),
        ("As @doe99 showed.", [("@doe99", "doe99", None)]),
        ("As @doe99 [p. 33] showed.", [("@doe99 [p. 33]", "doe99", "p. 33")]),
        ("Cited by @Foo_bar.baz.", [("@Foo_bar.baz", "Foo_bar.baz", None)]),
        ("IGF-1 rises [1].", [("[1]", 1, None)]),
        ("IGF-1 rises [1,3].", [("[1,3]", 1, None), ("[1,3]", 3, None)]),
        ("IGF-1 rises [2–4].", [("[2–4]", 2, None), ("[2–4]", 3, None), ("[2–4]", 4, None)]),
        ("IGF-1 rises [2-4; 7].", [("[2-4; 7]", n, None) for n in (2, 3, 4, 7)]),
        ("IGF-1 rises[2][3].", [("[2]", 2, None), ("[3]", 3, None)]),
        ("IGF-1 rises. [[1]](#1-insulin-like-growth-factors)", [("[1]", 1, None)]),
        ("IGF-1 rises (1, 3).", [("(1, 3)", 1, None), ("(1, 3)", 3, None)]),
        ("IGF-1 rises.¹² GH falls.²", [("¹²", 12, None), ("²", 2, None)]),
        (
            "IGF-1 rises¹˒³ and falls²⁻³.",
            [("¹˒³", 1, None), ("¹˒³", 3, None), ("²⁻³", 2, None), ("²⁻³", 3, None)],
        ),
        ("IGF-1 rises.<sup>1</sup>", [("<sup>1</sup>", 1, None)]),
        ("IGF-1 rises.<sup>[2]</sup>", [("<sup>[2]</sup>", 2, None)]),
        ("IGF-1 rises.<sup>1-2</sup>", [("<sup>1-2</sup>", 1, None), ("<sup>1-2</sup>", 2, None)]),
        ("IGF-1 rises.^1^", [("^1^", 1, None)]),
        ("IGF-1 rises (Smith, 2019).", [("Smith, 2019", ("Smith", "2019"), None)]),
        ("IGF-1 rises (Smith 2019).", [("Smith 2019", ("Smith", "2019"), None)]),
        (
            "IGF-1 rises (Smith & Doe, 2019; Roe et al., 2020a, p. 4).",
            [
                ("Smith & Doe, 2019", ("Smith", "2019"), None),
                ("Roe et al., 2020a, p. 4", ("Roe", "2020"), "p. 4"),
            ],
        ),
        ("IGF-1 rises (see Le Roith, 2007).", [("see Le Roith, 2007", ("Le Roith", "2007"), None)]),
        ("As Smith et al. (2019) found.", [("Smith et al. (2019)", ("Smith", "2019"), None)]),
        ("As Smith and Doe (2019) found.", [("Smith and Doe (2019)", ("Smith", "2019"), None)]),
        ("As van der Berg et al. (2019) found.", [("Berg et al. (2019)", ("Berg", "2019"), None)]),
    ],
)
def test_marker_syntax(text: str, expected: list[tuple[str, object, str | None]]) -> None:
    assert _cited(text) == expected


def test_author_year_details() -> None:
    (first, second) = find("(Lupu & Terwilliger, 2004; Koutkia et al., 2004)")
    assert (first.surname, first.second, first.et_al) == ("Lupu", "Terwilliger", False)
    assert (second.surname, second.second, second.et_al) == ("Koutkia", None, True)
    (tentative,) = find("As Holick (2007) showed.")
    assert tentative.tentative  # one name, no "et al.": a citation only if it resolves


@pytest.mark.parametrize(
    "text",
    [
        "The trial ended (Tuesday 4 September 2012).",
        "The trial ended (4 September 2012).",
        "The trial ended (September 4, 2012).",
        "The trial ended (May 2019).",
        "The guideline (2019) was revised.",
        "The guideline was revised in (2019).",
        "Obesity starts at a BMI of 30 kg/m².",
        "Obesity starts at a BMI of 30 kg/m<sup>2</sup>.",
        "Obesity starts at a BMI of 30 kg/m^2^.",
        "Platelets below 150 × 10^9/L are low.",
        "Platelets below 150 × 10⁹/L are low.",
        "Platelets below 150 × 10<sup>9</sup>/L are low.",
        "The fit was good (R² = 0.91) and the area 5 cm².",
        "By Pythagoras a² + b² = c².",
        "Calcium (Ca²⁺) and iron (Fe³⁺) ions.",
        "Footnotes look like this[^1] and arrays like `items[1]`.",
        "Math: $x[2]^2$ and $$a[1] = b^2^$$.",
        "```\nvalues[1] = (Smith, 2019)\n```",
        "<!-- [1] (Smith, 2019) -->",
        "A [link](https://example.org/@doe99) and [1](https://example.org) and [text][1].\n\n[1]: https://example.org",
        "Write to info@example.com or follow @figures.",
        "See @fig-growth and [@tbl-doses].",
        "Prices fell (n = 2019) in the year [2019] since (since 2019).",
        "Array indexes [0] are no references.",
        "Two steps: (1) eat protein, (2) sleep well.",
        "Call f(1). Then (2 mg) twice.",
    ],
)
def test_not_markers(text: str) -> None:
    """No marker, or only a tentative one (a citation only if it resolves)."""
    assert [c for c in find(text) if not c.tentative] == []


def test_masking_keeps_offsets_and_lines() -> None:
    text = "a `b[1]` c\n```\nd[2]\n```\n<!-- e[4] -->\n$f[5]$ https://x.org/@doe[3]"
    blanked = masked(text)
    assert len(blanked) == len(text)
    assert blanked.count("\n") == text.count("\n")
    assert not any(f"[{n}]" in blanked for n in (1, 2, 4, 5)) and "@doe" not in blanked


def test_offsets_are_in_the_whole_text() -> None:
    text = "---\nid: x\n---\nGH rises [1]."
    (cite,) = find(text, text.index("GH"))
    assert text[cite.start : cite.end] == "[1]"


@pytest.mark.parametrize(
    ("suffix", "expected"),
    [
        (", p. 4", "p. 4"),
        (", pp. 33-35 and *passim*", "pp. 33-35 and *passim*"),
        (", chap. iv", "chap. iv"),
        (", table 2", "table 2"),
        (", 33", "33"),
        (", § 3", "§ 3"),
        (", noted in passing", None),
        (", and references therein", None),
        ("", None),
    ],
)
def test_locators(suffix: str, expected: str | None) -> None:
    assert locator(suffix) == expected


def test_ranges() -> None:
    assert numbers("2–4") == ([2, 3, 4], None)
    assert numbers("1, 3") == ([1, 3], None)
    assert numbers("4-2") == ([], "the range 4-2 runs backwards")
    assert numbers("1-500") == ([], "the range 1-500 spans more than 100 references")
    assert numbers("1--2") is None
    (backwards,) = find("GH rises [4-2].")
    assert backwards.problem == "the range 4-2 runs backwards"


ALPHABET = [*"[]()@^<>/;,.-–—⁻ ¹²³⁰\n`$*#:&", "<sup>", "</sup>", "et al.", "Smith", "and", "2019", "19", "1", "m", "kg", "see", "p. 4", "-@", "[@", "[^", "](", "]:", "\n\n", "```", "<!--"]  # fmt: skip


@settings(max_examples=int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300")), deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join), st.integers(0, 10))
def test_never_raises_and_offsets_hold(text: str, start: int) -> None:
    start = min(start, len(text))
    for cite in find(text, start):
        assert isinstance(cite, Cite)
        assert start <= cite.start < cite.end <= len(text)
        assert text[cite.start : cite.end] == cite.text


@pytest.mark.parametrize(
    "unit",
    [
        "[1]",
        "[1,",
        "[",
        "1]",
        "[@a",
        "[@a;",
        "@a.",
        "¹",
        "⁻¹",
        "<sup>1",
        "^1",
        "(Smith, 2019",
        "(Smith ",
        "(2019)",
        "Smith et al. ",
        "`",
        "$",
        "<!--",
        "](",
        "[1]: ",
        "- 1. ",
    ],
)
def test_linear_on_100_kb(unit: str) -> None:
    """100 KB of one repeated piece of marker syntax (brackets, digits, parentheses) is scanned
    in well under a second (a quadratic scan takes minutes)."""
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    began = time.process_time()
    find(text)
    assert time.process_time() - began < 1.0


def test_a_number_repeated_in_one_marker_is_one_citation() -> None:
    """Each of the 1.8 MB of ``¹²³,¹²³,...`` markers of the hostile-input benchmark repeated
    one number 51 times: 262,000 citations, each judged and reported, for 5,140 findings."""
    text = "Vitamin D is made in the skin [1,1,2,1].\n"
    assert [c.number for c in find(text)] == [1, 2]
    assert [c.number for c in find("Vitamin D is made¹²³,¹²³,¹ in the skin.\n")] == [123, 1]
