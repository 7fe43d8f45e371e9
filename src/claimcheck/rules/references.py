"""CC2xx: the BibTeX library itself: duplicates, the data model, identifiers, dates, pages,
entries nobody cites or nobody can verify. The year, pages and month (CC205-CC207) are checked
in :mod:`claimcheck.rules.publication`, the library against the lock (CC211-CC213) in
:mod:`claimcheck.rules.lock`; :data:`RULES` lists the family in id order."""

from __future__ import annotations

import re
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
from claimcheck.evidence.references_data import required_fields
from claimcheck.load.project import ReferenceRecord
from claimcheck.model import Evidence
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.library import (
    IDENTIFIER_FIELDS,
    at,
    first_author_key,
    library,
    title_key,
    year_of,
)
from claimcheck.rules.lock import lock_mismatch, not_verified, update_notice
from claimcheck.rules.publication import backwards_pages, implausible_year, unknown_month


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
    bibliography = library(context)
    if bibliography is None:
        return
    for record in bibliography.duplicates:
        first = bibliography.entries.get(record.key)
        where = f" (first defined at line {first.span.line})" if first else ""
        yield at(
            self,
            bibliography,
            record,
            None,
            f"BibTeX key {record.key!r} is defined again{where}",
            "rename this entry's key, or delete it if it is the same work",
        )


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
    bibliography = library(context)
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
                yield at(
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
                yield at(
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
    bibliography = library(context)
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
            yield at(
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
    bibliography = library(context)
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
                    yield at(
                        self,
                        bibliography,
                        record,
                        name,
                        f"{name} {part!r} of {record.key!r} is malformed: {problem}",
                        f"copy the {name.upper()} from the publisher's or PubMed's record",
                    )
                    break


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
    bibliography = library(context)
    if bibliography is None:
        return
    cited = frozenset(context.corpus.cited())
    for record in bibliography.entries.values():
        if record.key not in cited:
            yield at(
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
    bibliography = library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        if not any(record.get(name) for name in IDENTIFIER_FIELDS):
            yield at(
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
    bibliography = library(context)
    if bibliography is None:
        return
    for record in bibliography.entries.values():
        value = record.get("evidence")
        if value is not None and value.lower() not in _EVIDENCE_VALUES:
            yield at(
                self,
                bibliography,
                record,
                "evidence",
                f"evidence {value!r} of {record.key!r} is not a known study design",
                "use one of: " + ", ".join(_EVIDENCE_VALUES),
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
