"""What the reference rules read: the library's entries, a finding at an entry's field, the
identifiers an entry gives, its verified lock record, and the keys that tell two entries
are one work (read by export/ and verify/ too)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from claimcheck.core.finding import Finding
from claimcheck.evidence.identifiers import (
    doi_problem,
    normalize_doi,
    pmid_problem,
)
from claimcheck.load.project import Bibliography, ReferenceRecord
from claimcheck.model.lock import LockedRecord
from claimcheck.parse.latex_text import decode_latex, split_names
from claimcheck.rules.base import Context, Rule

IDENTIFIER_FIELDS = ("doi", "pmid", "pmcid", "isbn", "url")


DATE_YEAR = re.compile(r"(\d{4})(?:$|[-/~?%])")


_NOT_WORD = re.compile(r"[\W_]+")


def library(context: Context) -> Bibliography | None:
    return context.project.bibliography


def _entries(context: Context) -> list[ReferenceRecord]:
    bibliography = library(context)
    return list(bibliography.entries.values()) if bibliography else []


def at(
    self: Rule,
    bibliography: Bibliography,
    record: ReferenceRecord,
    field: str | None,
    message: str,
    hint: str,
) -> Finding:
    span = record.field_span(field) if field else record.span
    return self.finding(bibliography.path, span, message, hint, reference=record.key)


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
    match = DATE_YEAR.match(date) if date else None
    return match.group(1) if match else None


def first_author_key(record: ReferenceRecord) -> str:
    names = record.get("author") or record.get("editor")
    people = split_names(names) if names else ()
    return _NOT_WORD.sub("", people[0].last).casefold() if people else ""


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
    bibliography, lock = library(context), context.project.lock
    if bibliography is None or lock is None:
        return
    for record in bibliography.entries.values():
        locked = lock.entries.get(record.key)
        if locked is not None and is_verified(record, locked):
            yield bibliography, record, locked
