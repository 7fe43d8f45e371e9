"""The export bundle: what downstream apps consume (``schemas/bundle.schema.json``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from claimcheck.model import ClaimKind, Relation, ReviewStatus
from claimcheck.model.article import Disclosures, Person
from claimcheck.model.reference import Evidence, SupportStatus

BUNDLE_FORMAT_VERSION: Literal[1] = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Csl(BaseModel):
    """CSL-JSON leaves absent variables out rather than writing null."""

    @model_serializer(mode="wrap")
    def _without_nulls(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if value is not None}


class CslName(_Csl):
    model_config = ConfigDict(extra="forbid")

    family: str | None = None
    given: str | None = None
    literal: str | None = None


class CslDate(_Csl):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    date_parts: list[list[int]] = Field(alias="date-parts")


class CslItem(_Csl):
    """One reference as CSL-JSON (the Citation Style Language's data format), LaTeX decoded."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str
    type: str = Field(description="CSL item type, e.g. article-journal, book, chapter.")
    title: str | None = None
    author: list[CslName] | None = None
    editor: list[CslName] | None = None
    issued: CslDate | None = None
    container_title: str | None = Field(default=None, alias="container-title")
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    publisher: str | None = None
    publisher_place: str | None = Field(default=None, alias="publisher-place")
    DOI: str | None = None
    PMID: str | None = None
    PMCID: str | None = None
    ISBN: str | None = None
    URL: str | None = None


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
    formatted: str = Field(description="The reference formatted for display in the bundle's citation style.")
    csl: CslItem = Field(description="The reference as CSL-JSON.")
    verified: bool = Field(
        default=False,
        description="Whether references.lock.json holds a registry record for the entry's current "
        "DOI or PMID (claimcheck refs verify); false means unverified.",
    )


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
    citation_style: str = Field(description="The CSL style 'formatted' uses (its CSL id).")
    references: list[CslItem] = Field(
        default_factory=list,
        description="CSL-JSON of every reference the exported claims cite, sorted by id.",
    )
    articles: list[BundleArticle]
    held_back: list[HeldBackClaim]
