"""CC205-CC207: an entry's year, pages and month, as a reader would check them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.library import (
    DATE_YEAR,
    at,
    library,
)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


_VALID_MONTHS = frozenset(
    [*MONTHS, *(f"{m}." for m in MONTHS), *_MONTH_NAMES, *(str(n) for n in range(1, 13)), "sept", "sept."]
    + [f"{n:02d}" for n in range(1, 10)]
)


_YEAR = re.compile(r"\d{4}")


_RANGE = re.compile(r"\s*([A-Za-z]*)(\d+)\s*(?:-+|–|—)\s*([A-Za-z]*)(\d+)\s*")


@rule(
    "CC205",
    "reference.implausible-year",
    Category.REFERENCE,
    Severity.ERROR,
    "Year is not a year, is in the future or before 1800",
    scope="unit",
)
def implausible_year(self: Rule, context: Context) -> Iterator[Finding]:
    """The ``year`` (or the year of ``date``) must be a four-digit year between 1800 and the
    current year. A work from the future is a typo or a preprint's planned date; one from
    before 1800 is almost always a typo in a health library."""
    bibliography = library(context)
    if bibliography is None:
        return
    this_year = dt.date.today().year
    for record in bibliography.entries.values():
        name = "year" if record.get("year") else "date" if record.get("date") else None
        if name is None:
            continue
        value = record.get(name) or ""
        match = _YEAR.fullmatch(value) if name == "year" else DATE_YEAR.match(value)
        if match is None:
            problem = f"{name} {value!r} of {record.key!r} is not a four-digit year"
        else:
            year = int(match.group(0)[:4])
            if 1800 <= year <= this_year:
                continue
            problem = f"year {year} of {record.key!r} is " + (
                "in the future" if year > this_year else "before 1800"
            )
        yield at(self, bibliography, record, name, problem, "correct the year from the published work")


def _page_bounds(start_prefix: str, start: str, end_prefix: str, end: str) -> tuple[int, int] | None:
    if end_prefix and end_prefix.lower() != start_prefix.lower():
        return None
    if len(end) < len(start):  # abbreviated range (MEDLINE style): 266-81 is 266-281
        end = start[: len(start) - len(end)] + end
    return int(start), int(end)


@rule(
    "CC206",
    "reference.backwards-pages",
    Category.REFERENCE,
    Severity.ERROR,
    "Page range ends before it starts",
    scope="unit",
)
def backwards_pages(self: Rule, context: Context) -> Iterator[Finding]:
    """A page range such as ``281--266`` runs backwards. Abbreviated ranges (``266--81``
    for 266 to 281, as MEDLINE prints them) and prefixed pages (``e123--e130``, ``S12--S19``)
    are understood; ranges that mix prefixes are left alone."""
    bibliography = library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        pages = record.get("pages")
        if not pages:
            continue
        for part in re.split(r"[,;]", pages):
            match = _RANGE.fullmatch(part)
            bounds = _page_bounds(*match.groups()) if match else None
            if bounds and bounds[1] < bounds[0]:
                yield at(
                    self,
                    bibliography,
                    record,
                    "pages",
                    f"pages {part.strip()!r} of {record.key!r} run backwards ({bounds[0]} to {bounds[1]})",
                    "write the first page, then the last (e.g. 266--281)",
                )
                break


@rule(
    "CC207",
    "reference.unknown-month",
    Category.REFERENCE,
    Severity.WARNING,
    "Month is not a month",
    scope="unit",
)
def unknown_month(self: Rule, context: Context) -> Iterator[Finding]:
    """``month`` must be a month: 1 to 12, the BibTeX abbreviations ``jan`` to ``dec``, or an
    English month name. Anything else is dropped or printed verbatim by BibTeX styles."""
    bibliography = library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        month = record.get("month")
        if month is not None and month.lower() not in _VALID_MONTHS:
            yield at(
                self,
                bibliography,
                record,
                "month",
                f"month {month!r} of {record.key!r} is not a month",
                "write the month as jan ... dec or 1 ... 12",
            )
