"""The export bundle: what downstream apps consume (``schemas/bundle.schema.json``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claimcheck.model import ClaimKind, Relation, ReviewStatus
from claimcheck.model.article import Disclosures, Person
from claimcheck.model.reference import Evidence, SupportStatus

BUNDLE_FORMAT_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BundleReference(_Strict):
    key: str
    type: str = Field(description="BibTeX entry type, lower case.")
    title: str | None = None
    authors: list[str] = Field(default_factory=list)
    year: str | None = None
    journal: str | None = None
    volume: str | None = None
    number: str | None = None
    pages: str | None = None
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    evidence: Evidence | None = None
    formatted: str = Field(description="The reference formatted for display (Vancouver style).")


class BundleCitation(_Strict):
    key: str
    relation: Relation
    locator: str | None = None
    reference: BundleReference


class BundleReview(_Strict):
    status: Literal[ReviewStatus.APPROVED]
    reviewer: str | None = None
    date: dt.date | None = None
    note: str | None = None
    waived_rules: list[str] = Field(default_factory=list)


class SourceLocation(_Strict):
    path: str
    line: int = Field(ge=1)


class BundleClaim(_Strict):
    id: str
    quote: str
    statement: str | None = None
    kind: ClaimKind
    substances: list[str] = Field(default_factory=list)
    citations: list[BundleCitation]
    support: SupportStatus = Field(description="How the citations, taken together, bear on the claim.")
    evidence: Evidence | None = Field(
        default=None,
        description="The strongest study design among the supporting citations (null: none recorded).",
    )
    review: BundleReview
    source: SourceLocation


class BundleArticle(_Strict):
    id: str
    title: str
    path: str
    status: str | None = None
    authors: list[Person] = Field(default_factory=list)
    medical_reviewer: Person | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    source_url: str | None = None
    disclosures: Disclosures | None = None
    claims: list[BundleClaim]


class HeldBackClaim(_Strict):
    claim: str
    article: str | None
    source: SourceLocation
    status: ReviewStatus
    reasons: list[str] = Field(
        description="'review:<status>' when not approved, 'finding:<rule>' per unwaived error, "
        "'article:invalid' when the article itself could not be read."
    )


class Generator(_Strict):
    name: Literal["claimcheck"] = "claimcheck"
    version: str


class Provenance(_Strict):
    commit: str | None = Field(description="HEAD of the content repository, when it is a git checkout.")
    dirty: bool | None = Field(description="Whether the checkout had uncommitted changes.")


class BundleSummary(_Strict):
    articles: int
    claims: int = Field(description="All claims in the corpus.")
    exported: int
    held_back: int
    held_back_by_reason: dict[str, int]


class Bundle(_Strict):
    model_config = ConfigDict(extra="forbid", title="claimcheck export bundle")

    format_version: Literal[1] = BUNDLE_FORMAT_VERSION
    generator: Generator
    source: Provenance
    summary: BundleSummary
    articles: list[BundleArticle]
    held_back: list[HeldBackClaim]
