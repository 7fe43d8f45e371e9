"""CC2xx: the BibTeX library itself: duplicates, the data model, identifiers, dates, pages,
entries nobody cites or nobody can verify."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.evidence.identifiers import (
    doi_problem,
    isbn_problem,
    normalize_doi,
    pmcid_problem,
    pmid_problem,
)
from claimcheck.evidence.lockdiff import differences
from claimcheck.evidence.references_data import required_fields
from claimcheck.load.bibliography import decode_latex, split_names
from claimcheck.load.project import Bibliography, ReferenceRecord
from claimcheck.model import Evidence
from claimcheck.model.lock import LockedRecord
from claimcheck.rules.base import Context, Rule, rule

IDENTIFIER_FIELDS = ("doi", "pmid", "pmcid", "isbn", "url")
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
_DATE_YEAR = re.compile(r"(\d{4})(?:$|[-/~?%])")
_RANGE = re.compile(r"\s*([A-Za-z]*)(\d+)\s*(?:-+|–|—)\s*([A-Za-z]*)(\d+)\s*")
_NOT_WORD = re.compile(r"[\W_]+")


def _library(context: Context) -> Bibliography | None:
    return context.project.bibliography


def _entries(context: Context) -> list[ReferenceRecord]:
    bibliography = _library(context)
    return list(bibliography.entries.values()) if bibliography else []


def _at(
    self: Rule,
    bibliography: Bibliography,
    record: ReferenceRecord,
    field: str | None,
    message: str,
    hint: str,
) -> Finding:
    span = record.field_span(field) if field else record.span
    return self.finding(bibliography.path, span, message, hint, reference=record.key)


@rule(
    "CC201",
    "reference.duplicate-key",
    Category.REFERENCE,
    Severity.ERROR,
    "BibTeX key defined more than once",
    scope="unit",
)
def duplicate_key(self: Rule, context: Context) -> Iterator[Finding]:
    """Two entries with the same key: BibTeX tools keep one of them and silently drop the
    other, so a citation may point to a different work than the author meant. The first entry
    is kept; each later one is reported at its own lines."""
    bibliography = _library(context)
    if bibliography is None:
        return
    for record in bibliography.duplicates:
        first = bibliography.entries.get(record.key)
        where = f" (first defined at line {first.span.line})" if first else ""
        yield _at(
            self,
            bibliography,
            record,
            None,
            f"BibTeX key {record.key!r} is defined again{where}",
            "rename this entry's key, or delete it if it is the same work",
        )


def title_key(record: ReferenceRecord) -> str:
    """The title folded for comparison: LaTeX decoded, accents, case and punctuation dropped.
    Only titles with a LaTeX command go through the (slow) decoding middleware; braces, '~'
    and '$' alone fold away with the punctuation."""
    title = record.get("title")
    if not title:
        return ""
    text = decode_latex(title) if "\\" in title else title
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip().casefold()


def year_of(record: ReferenceRecord) -> str | None:
    year = record.get("year")
    if year:
        return year
    date = record.get("date")
    match = _DATE_YEAR.match(date) if date else None
    return match.group(1) if match else None


def first_author_key(record: ReferenceRecord) -> str:
    names = record.get("author") or record.get("editor")
    people = split_names(names) if names else ()
    return _NOT_WORD.sub("", people[0].last).casefold() if people else ""


@rule(
    "CC202",
    "reference.duplicate-work",
    Category.REFERENCE,
    Severity.WARNING,
    "Two entries describe the same work",
    scope="unit",
)
def duplicate_work(self: Rule, context: Context) -> Iterator[Finding]:
    """Two keys for one work: the same DOI (compared case-insensitively), or the same title,
    year and first author once LaTeX, case and punctuation are set aside (bibtex-tidy's
    duplicate check). Citations then split between the keys and the reference list shows the
    work twice. The later entry is reported, naming the earlier one."""
    bibliography = _library(context)
    if bibliography is None:
        return
    by_doi: dict[str, ReferenceRecord] = {}
    by_title: dict[tuple[str, str], list[ReferenceRecord]] = defaultdict(list)
    reported: set[str] = set()
    for record in bibliography.entries.values():
        doi = record.get("doi")
        if doi and doi_problem(doi) is None:
            key = normalize_doi(doi)
            earlier = by_doi.setdefault(key, record)
            if earlier is not record:
                reported.add(record.key)
                yield _at(
                    self,
                    bibliography,
                    record,
                    "doi",
                    f"entry {record.key!r} has the same DOI as {earlier.key!r} (line {earlier.span.line})",
                    f"keep one entry and cite it as {earlier.key!r}",
                )
                continue
        title, year = title_key(record), year_of(record)
        if title and year:
            by_title[(title, year)].append(record)
    for group in by_title.values():
        if len(group) < 2:
            continue  # names are split (slow) only for entries that share title and year
        seen: dict[str, ReferenceRecord] = {}
        for record in group:
            author = first_author_key(record)
            earlier = seen.setdefault(author, record)
            if earlier is not record and record.key not in reported:
                yield _at(
                    self,
                    bibliography,
                    record,
                    None,
                    f"entry {record.key!r} has the same title, year and first author as "
                    f"{earlier.key!r} (line {earlier.span.line})",
                    f"keep one entry and cite it as {earlier.key!r}",
                )


@rule(
    "CC203",
    "reference.missing-field",
    Category.REFERENCE,
    Severity.WARNING,
    "Entry lacks a field its type requires",
    scope="unit",
)
def missing_field(self: Rule, context: Context) -> Iterator[Finding]:
    """Each entry type has mandatory fields in BibLaTeX's data model (``blx-dm.def``; biber
    checks them with ``--validate-datamodel``): an article needs author, title, journal and a
    year or date; a book author, title and year; and so on. BibTeX's own names count
    (``journal`` for ``journaltitle``, ``school`` for ``institution``, ``@phdthesis`` for a
    thesis with its type). All missing fields of an entry are reported together, once."""
    bibliography = _library(context)
    if bibliography is None:
        return
    model = required_fields()
    for record in bibliography.entries.values():
        present = {name for name in record.fields if record.get(name)}
        model_type, absent = model.missing(record.entry_type, present)
        if absent:
            shown = (
                record.entry_type
                if model_type == record.entry_type
                else f"{record.entry_type} ({model_type})"
            )
            yield _at(
                self,
                bibliography,
                record,
                None,
                f"@{shown} entry {record.key!r} lacks {', '.join(absent)}",
                "add the missing fields, or change the entry type if it is a different kind of work",
            )


_CHECKS = (("doi", doi_problem), ("pmid", pmid_problem), ("pmcid", pmcid_problem), ("isbn", isbn_problem))


@rule(
    "CC204",
    "reference.malformed-identifier",
    Category.REFERENCE,
    Severity.ERROR,
    "DOI, PMID, PMCID or ISBN is malformed",
    scope="unit",
)
def malformed_identifier(self: Rule, context: Context) -> Iterator[Finding]:
    """Identifiers must be well-formed to be looked up: a DOI is ``10.<registrant>/<suffix>``,
    written bare (no ``https://doi.org/``); a PMID is a number; a PMCID is ``PMC`` and a
    number; an ISBN has 10 or 13 digits and a check digit that matches (ISBN-10 modulo 11,
    ISBN-13 modulo 10). Several ISBNs may be separated by commas."""
    bibliography = _library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        for name, check in _CHECKS:
            value = record.get(name)
            if value is None:
                continue
            parts = [p.strip() for p in re.split(r"[,;]", value)] if name == "isbn" else [value]
            for part in parts:
                problem = check(part)
                if problem:
                    yield _at(
                        self,
                        bibliography,
                        record,
                        name,
                        f"{name} {part!r} of {record.key!r} is malformed: {problem}",
                        f"copy the {name.upper()} from the publisher's or PubMed's record",
                    )
                    break


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
    bibliography = _library(context)
    if bibliography is None:
        return
    this_year = dt.date.today().year
    for record in bibliography.entries.values():
        name = "year" if record.get("year") else "date" if record.get("date") else None
        if name is None:
            continue
        value = record.get(name) or ""
        match = _YEAR.fullmatch(value) if name == "year" else _DATE_YEAR.match(value)
        if match is None:
            problem = f"{name} {value!r} of {record.key!r} is not a four-digit year"
        else:
            year = int(match.group(0)[:4])
            if 1800 <= year <= this_year:
                continue
            problem = f"year {year} of {record.key!r} is " + (
                "in the future" if year > this_year else "before 1800"
            )
        yield _at(self, bibliography, record, name, problem, "correct the year from the published work")


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
    bibliography = _library(context)
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
                yield _at(
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
    bibliography = _library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        month = record.get("month")
        if month is not None and month.lower() not in _VALID_MONTHS:
            yield _at(
                self,
                bibliography,
                record,
                "month",
                f"month {month!r} of {record.key!r} is not a month",
                "write the month as jan ... dec or 1 ... 12",
            )


@rule(
    "CC208",
    "reference.uncited",
    Category.REFERENCE,
    Severity.WARNING,
    "No claim cites this entry",
    scope="library+citations",
)
def uncited(self: Rule, context: Context) -> Iterator[Finding]:
    """An entry that no claim cites is dead weight in the library, or a sign that a claim lost
    its citation. Cite it from the claim it supports, or remove it."""
    bibliography = _library(context)
    if bibliography is None:
        return
    cited = frozenset[str]().union(*(claims_file.cited for claims_file in context.project.claim_files))
    for record in bibliography.entries.values():
        if record.key not in cited:
            yield _at(
                self,
                bibliography,
                record,
                None,
                f"no claim cites {record.key!r}",
                "cite it from the claim it supports, or remove the entry",
            )


@rule(
    "CC209",
    "reference.unverifiable",
    Category.REFERENCE,
    Severity.WARNING,
    "Entry has no identifier to verify it by",
    scope="unit",
)
def unverifiable(self: Rule, context: Context) -> Iterator[Finding]:
    """An entry with no DOI, PMID, PMCID, ISBN or URL cannot be checked against the published
    record: nobody can tell whether its authors, title, year or pages are right. Find the work
    (``claimcheck refs verify`` prints candidates) and add its identifier from a source you can
    name; never guess one."""
    bibliography = _library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        if not any(record.get(name) for name in IDENTIFIER_FIELDS):
            yield _at(
                self,
                bibliography,
                record,
                None,
                f"{record.key!r} has no DOI, PMID, PMCID, ISBN or URL: unverified",
                "add the work's DOI or PMID (claimcheck refs verify lists candidates)",
            )


_EVIDENCE_VALUES = tuple(level.value for level in Evidence)


@rule(
    "CC210",
    "reference.unknown-evidence-level",
    Category.REFERENCE,
    Severity.ERROR,
    "Evidence field names no known study design",
    scope="unit",
)
def unknown_evidence_level(self: Rule, context: Context) -> Iterator[Finding]:
    """The ``evidence`` field records the cited work's study design, from a fixed vocabulary:
    meta-analysis, systematic-review, rct, cohort, case-control, cross-sectional, case-report,
    narrative-review, animal, in-vitro, expert-opinion. Any other value is ignored by the
    claim-support rules, so the claim's evidence would count as unknown."""
    bibliography = _library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        value = record.get("evidence")
        if value is not None and value.lower() not in _EVIDENCE_VALUES:
            yield _at(
                self,
                bibliography,
                record,
                "evidence",
                f"evidence {value!r} of {record.key!r} is not a known study design",
                "use one of: " + ", ".join(_EVIDENCE_VALUES),
            )


def identifiers(record: ReferenceRecord) -> list[str]:
    """What ``refs verify`` can look the entry up by, in order: 'doi:<doi>', 'pmid:<pmid>'."""
    found = []
    doi = record.get("doi")
    if doi and doi_problem(doi) is None:
        found.append(f"doi:{normalize_doi(doi)}")
    pmid = record.get("pmid")
    if pmid and pmid_problem(pmid) is None:
        found.append(f"pmid:{pmid}")
    return found


def lookup_identifier(record: ReferenceRecord) -> str | None:
    """The identifier ``refs verify`` tries first (the DOI when there is one)."""
    found = identifiers(record)
    return found[0] if found else None


def is_verified(record: ReferenceRecord, locked: LockedRecord | None) -> bool:
    """Whether ``locked`` was looked up by one of the entry's current identifiers."""
    return locked is not None and locked.identifier in identifiers(record)


def verified(context: Context) -> Iterator[tuple[Bibliography, ReferenceRecord, LockedRecord]]:
    """Entries with a lock record for their current identifier."""
    bibliography, lock = _library(context), context.project.lock
    if bibliography is None or lock is None:
        return
    for record in bibliography.entries.values():
        locked = lock.entries.get(record.key)
        if locked is not None and is_verified(record, locked):
            yield bibliography, record, locked


@rule(
    "CC211",
    "reference.lock-mismatch",
    Category.REFERENCE,
    Severity.ERROR,
    "Entry disagrees with its verified record",
    scope="unit",
)
def lock_mismatch(self: Rule, context: Context) -> Iterator[Finding]:
    """``claimcheck refs verify`` records each entry's metadata as Crossref (by DOI) or PubMed
    (by PMID) has it in ``references.lock.json``; ``check`` compares the entry with that record
    offline. A title, year, journal, volume, page range or first author that disagrees (case,
    accents, punctuation, LaTeX and abbreviated page ranges set aside; the journal may be the
    full or the abbreviated title) means the entry does not describe the work its identifier
    names: either the metadata or the identifier is wrong. One finding per entry lists every
    difference."""
    for bibliography, record, locked in verified(context):
        diffs = differences(record, locked)
        if not diffs:
            continue
        detail = "; ".join(
            f"{name}: {mine!r} in the .bib, {theirs!r} verified" for name, mine, theirs in diffs
        )
        first = diffs[0][0]
        yield _at(
            self,
            bibliography,
            record,
            first if first in record.fields else None,
            f"{record.key!r} differs from its {locked.source} record ({locked.identifier}): {detail}",
            "correct the entry from the verified record, or fix its identifier",
        )


@rule(
    "CC212",
    "reference.update-notice",
    Category.REFERENCE,
    Severity.WARNING,
    "The work has a correction or other editorial notice",
    scope="unit",
)
def update_notice(self: Rule, context: Context) -> Iterator[Finding]:
    """Crossref records notices about a work in ``updated-by`` (corrections, errata, expressions
    of concern, and retractions, which CC106 reports at the claims); a work that is itself a
    notice lists what it updates in ``update-to``. Read the notice: a correction may change the
    numbers a claim quotes, and citing a notice instead of the work is usually a mistake."""
    for bibliography, record, locked in verified(context):
        notices = [n for n in locked.notices if not (locked.retracted and n.relation != "update-to")]
        if not notices:
            continue
        described = "; ".join(
            f"{'is a ' + n.type + ' of' if n.relation == 'update-to' else n.type}"
            f"{' ' + n.doi if n.doi else ''}{' (' + n.date + ')' if n.date else ''}"
            for n in notices
        )
        yield _at(
            self,
            bibliography,
            record,
            None,
            f"{record.key!r}: {described}",
            "read the notice and check that the claims citing this work still hold",
        )


@rule(
    "CC213",
    "reference.not-verified",
    Category.REFERENCE,
    Severity.WARNING,
    "Entry with an identifier is missing from the lock",
    scope="unit",
)
def not_verified(self: Rule, context: Context) -> Iterator[Finding]:
    """When ``references.lock.json`` exists, every entry with a DOI or PMID should have a
    record in it for that identifier. An entry added, or whose identifier changed, since the
    last ``claimcheck refs verify`` has not been checked against its registry. (Without a lock
    file this rule says nothing; CC209 reports entries that cannot be verified at all.)"""
    bibliography, lock = _library(context), context.project.lock
    if bibliography is None or lock is None:
        return
    for record in bibliography.entries.values():
        identifier = lookup_identifier(record)
        if identifier is None:
            continue
        if not is_verified(record, lock.entries.get(record.key)):
            problem = lock.problems.get(record.key)
            why = f" (the last verify: {problem})" if problem else ""
            yield _at(
                self,
                bibliography,
                record,
                None,
                f"{record.key!r} ({identifier}) is not in the lock: unverified{why}",
                "run 'claimcheck refs verify' and commit references.lock.json",
            )


RULES = (
    duplicate_key,
    duplicate_work,
    missing_field,
    malformed_identifier,
    implausible_year,
    backwards_pages,
    unknown_month,
    uncited,
    unverifiable,
    unknown_evidence_level,
    lock_mismatch,
    update_notice,
    not_verified,
)
