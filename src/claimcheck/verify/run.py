"""Verify a project's references and build the new lock (the command writes it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.core import progress
from claimcheck.load.project import Project, ReferenceRecord
from claimcheck.model.lock import LockedRecord, LockFile
from claimcheck.parse.latex_text import decode_latex, split_names
from claimcheck.rules.library import identifiers, lookup_identifier, year_of
from claimcheck.verify.client import RecordProblem
from claimcheck.verify.sources import Candidate, Registries


@dataclass
class VerifyOutcome:
    lock: LockFile
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    not_found: list[tuple[str, str]] = field(default_factory=list)
    problems: dict[str, str] = field(default_factory=dict)
    """Entries whose lookup gave no usable answer: why (they are also in the lock's problems)."""
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)


def bibliographic_query(record: ReferenceRecord) -> str:
    """Title, first author, journal and year: what Crossref's query.bibliographic matches best."""
    parts = []
    for name in ("title", "journal", "journaltitle"):
        value = record.get(name)
        if value:
            parts.append(decode_latex(value))
    authors = record.get("author")
    people = split_names(authors) if authors else ()
    if people:
        parts.append(people[0].last)
    year = year_of(record)
    if year:
        parts.append(year)
    return " ".join(parts)


def verify(project: Project, registries: Registries, *, candidates: bool = True) -> VerifyOutcome:
    previous = project.lock.entries if project.lock else {}
    entries = project.references
    new: dict[str, LockedRecord] = {}
    outcome = VerifyOutcome(LockFile())
    pmids: dict[str, str] = {}
    with progress.task("looking references up", len(entries)) as advance:
        for key in sorted(entries):
            advance(1)
            record = entries[key]
            identifier = lookup_identifier(record)
            if identifier is None:
                if candidates and (record.get("title") or record.get("author")):
                    try:
                        outcome.candidates[key] = registries.crossref_candidates(bibliographic_query(record))
                    except RecordProblem as problem:
                        outcome.problems[key] = f"no candidates: {problem}"
                continue
            kind, _, value = identifier.partition(":")
            if kind == "doi":
                try:
                    found = registries.crossref_work(value)
                except RecordProblem as problem:
                    outcome.problems[key] = str(problem)
                    continue
                if found is not None:
                    new[key] = found.model_copy(update={"identifier": identifier})
                    continue
                outcome.not_found.append((key, identifier))
            pmid = record.get("pmid")
            if pmid and f"pmid:{pmid}" in identifiers(record):
                pmids[pmid] = key  # no DOI, or Crossref does not know it: PubMed
    if pmids:
        summaries = registries.pubmed_summaries(sorted(pmids, key=int))
        for pmid, key in pmids.items():
            answer = summaries.get(pmid)
            if isinstance(answer, RecordProblem):
                outcome.problems[key] = str(answer)
            elif answer is not None:
                new[key] = answer
            else:
                outcome.not_found.append((key, f"pmid:{pmid}"))
    outcome.not_found.sort()
    for key in sorted(new):
        if key not in previous:
            outcome.added.append(key)
        elif previous[key] != new[key]:
            outcome.changed.append(key)
        else:
            outcome.unchanged.append(key)
    outcome.removed = sorted(set(previous) - set(new))
    problems = {
        key: why for key, why in sorted(outcome.problems.items()) if key in entries and key not in new
    }
    outcome.lock = LockFile(entries={key: new[key] for key in sorted(new)}, problems=problems)
    return outcome
