"""Identifier syntax (ISBN check digits) and the field comparison behind CC211."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.core.location import Span
from claimcheck.evidence.identifiers import (
    doi_problem,
    isbn_problem,
    normalize_doi,
    pmcid_problem,
    pmid_problem,
)
from claimcheck.evidence.lockdiff import differences, fold, page_range
from claimcheck.load.project import ReferenceRecord
from claimcheck.model.lock import LockedAuthor, LockedRecord


@pytest.mark.parametrize(
    "isbn",
    ["0-306-40615-2", "0306406152", "978-0-306-40615-7", "9780306406157", "0-8044-2957-X", "080442957x"],
)
def test_valid_isbns(isbn: str) -> None:
    assert isbn_problem(isbn) is None


@pytest.mark.parametrize(
    ("isbn", "why"),
    [
        ("0-306-40615-3", "ISBN-10 check digit"),
        ("978-0-306-40615-6", "ISBN-13 check digit"),
        ("977-0-306-40615-7", "978 or 979"),
        ("12345", "10 digits"),
        ("978030640615X", "10 digits"),
    ],
)
def test_invalid_isbns(isbn: str, why: str) -> None:
    assert why in (isbn_problem(isbn) or "")


@given(st.lists(st.integers(0, 9), min_size=12, max_size=12))
def test_isbn13_has_exactly_one_valid_check_digit(digits: list[int]) -> None:
    body = "978" + "".join(map(str, digits[3:]))
    valid = [d for d in range(10) if isbn_problem(body + str(d)) is None]
    assert len(valid) == 1


def test_doi_pmid_pmcid() -> None:
    assert doi_problem("10.1056/NEJMra070553") is None
    assert "prefix" in (doi_problem("https://doi.org/10.1056/NEJMra070553") or "")
    assert doi_problem("10.12/x") is not None  # registrant code too short
    assert normalize_doi("https://doi.org/10.1056/NEJMra070553") == "10.1056/nejmra070553"
    assert pmid_problem("17634462") is None and pmid_problem("0123") is not None
    assert pmcid_problem("PMC1234567") is None and pmcid_problem("1234567") is not None


def test_page_ranges_and_folding() -> None:
    assert page_range("266--81") == page_range("266-281") == page_range("266–281") == ("266", "281")
    assert page_range("e123-e130") == ("e123", "e130")
    assert fold("The Journal of Clinical Endocrinology & Metabolism") == fold(
        "Journal of clinical endocrinology and metabolism"
    )


def _record(**fields: str) -> ReferenceRecord:
    return ReferenceRecord("k", "article", fields, Span.point(1))


LOCKED = LockedRecord(
    source="crossref",
    identifier="doi:10.5555/12345678",
    title="An Example Work",
    authors=[LockedAuthor(family="Müller", given="Anna")],
    year="2020",
    journal="The Journal of Examples",
    journal_abbreviation="J Ex",
    volume="12",
    pages="100-109",
)


def test_equivalent_entry_has_no_difference() -> None:
    entry = _record(
        title="An example {W}ork.",
        author='M{\\"u}ller, A.',
        year="2020",
        journal="J Ex",
        volume="12",
        pages="100--9",
    )
    assert differences(entry, LOCKED) == []


def test_every_compared_field_is_reported() -> None:
    entry = _record(
        title="Another work", author="Smith, A.", year="2019", journal="Other", volume="13", pages="100--119"
    )
    assert [name for name, _, _ in differences(entry, LOCKED)] == [
        "title",
        "year",
        "journal",
        "volume",
        "pages",
        "author",
    ]
