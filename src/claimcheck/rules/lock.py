"""Rules over the library against the reference lock (``references.lock.json``, written by
``claimcheck refs verify``): metadata that differs, updates and retractions, entries not verified."""

from __future__ import annotations

from collections.abc import Iterator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.evidence.lockdiff import differences
from claimcheck.rules.base import Context, Rule, rule
from claimcheck.rules.library import (
    at,
    is_verified,
    library,
    lookup_identifier,
    verified,
)


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
        yield at(
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
        yield at(
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
    bibliography, lock = library(context), context.project.lock
    if bibliography is None or lock is None:
        return
    for record in bibliography.entries.values():
        identifier = lookup_identifier(record)
        if identifier is None:
            continue
        if not is_verified(record, lock.entries.get(record.key)):
            problem = lock.problems.get(record.key)
            why = f" (the last verify: {problem})" if problem else ""
            yield at(
                self,
                bibliography,
                record,
                None,
                f"{record.key!r} ({identifier}) is not in the lock: unverified{why}",
                "run 'claimcheck refs verify' and commit references.lock.json",
            )
