"""``references.lock.json``: the metadata of each BibTeX entry as its registry records it.

Written by ``claimcheck refs verify`` (the only command that goes online); read by ``check``,
which compares each entry with its record and never touches the network.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

LOCK_FORMAT_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LockedAuthor(_Strict):
    family: str
    given: str | None = None


class Notice(_Strict):
    """An editorial update Crossref or PubMed records for the work (or that the work makes)."""

    relation: Literal["updated-by", "update-to", "pubmed"] = Field(
        description="'updated-by': a notice about this work; 'update-to': this work is a notice "
        "about another; 'pubmed': from PubMed's publication types."
    )
    type: str = Field(description="retraction, correction, erratum, expression_of_concern, withdrawal, ...")
    doi: str | None = None
    label: str | None = None
    date: str | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD.")
    source: str | None = Field(default=None, description="publisher, retraction-watch, pubmed.")


class LockedRecord(_Strict):
    source: Literal["crossref", "pubmed"]
    identifier: str = Field(description="What the entry was looked up by: 'doi:<doi>' or 'pmid:<pmid>'.")
    doi: str | None = None
    pmid: str | None = None
    title: str | None = None
    authors: list[LockedAuthor] = Field(default_factory=list)
    year: str | None = None
    journal: str | None = None
    journal_abbreviation: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    type: str | None = None
    notices: list[Notice] = Field(default_factory=list)

    @property
    def retracted(self) -> bool:
        return any(
            n.relation in ("updated-by", "pubmed") and n.type.lower() in RETRACTION_TYPES
            for n in self.notices
        )


RETRACTION_TYPES = frozenset({"retraction", "retracted publication", "withdrawal", "removal"})


class LockFile(_Strict):
    model_config = ConfigDict(extra="forbid", title="claimcheck references lock")

    format_version: Literal[1] = LOCK_FORMAT_VERSION
    entries: dict[str, LockedRecord] = Field(
        default_factory=dict, description="Verified records by BibTeX key, sorted by key."
    )
    problems: dict[str, str] = Field(
        default_factory=dict,
        description="Entries the last verify could not verify, by BibTeX key: why (an unusable answer "
        "from the registry, an identifier that cannot be looked up, a deadline). Left out when empty.",
    )
