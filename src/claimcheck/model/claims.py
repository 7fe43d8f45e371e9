"""Claims files: ``content/claims/<article-id>.yaml``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from claimcheck.model.article import ArticleId, NonEmpty

CLAIM_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
RULE_ID_PATTERN = r"^CC[0-9]{3}$"

ClaimId = Annotated[
    str,
    Field(
        pattern=CLAIM_ID_PATTERN,
        max_length=120,
        description="Stable slug, unique across the corpus.",
    ),
]
CitationKey = Annotated[
    str,
    Field(min_length=1, max_length=200, pattern=r"^[^\s,{}]+$", description="A BibTeX key."),
]


class ClaimKind(StrEnum):
    DEFINITION = "definition"
    MECHANISM = "mechanism"
    ASSOCIATION = "association"
    LIFESTYLE_EFFECT = "lifestyle-effect"
    THERAPY = "therapy"
    PRODUCT = "product"
    STATISTIC = "statistic"
    ADVICE = "advice"


class Relation(StrEnum):
    SUPPORTS = "supports"
    PARTIAL = "partial"
    BACKGROUND = "background"
    CONTRADICTS = "contradicts"


class ReviewStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    NEEDS_EVIDENCE = "needs-evidence"
    NEEDS_REWRITE = "needs-rewrite"


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: CitationKey
    relation: Relation
    locator: str | None = Field(
        default=None, description="Where in the work: page, table, figure or section."
    )


class Waiver(BaseModel):
    """An editor's decision that a rule's finding on this claim is acceptable."""

    model_config = ConfigDict(extra="forbid")

    rule: Annotated[str, Field(pattern=RULE_ID_PATTERN)]
    justification: str | None = Field(
        default=None,
        description="Why the finding is acceptable; a waiver without one is itself a finding.",
    )
    reviewer: str | None = None
    date: dt.date | None = None


class ReviewEvent(BaseModel):
    """A past review decision, kept when the decision changes."""

    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus
    reviewer: str | None = None
    date: dt.date | None = None
    note: str | None = None
    action: str | None = Field(
        default=None,
        description="What happened: a decision, a citation added, a re-anchored quote.",
    )


class Review(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus = ReviewStatus.PENDING
    reviewer: str | None = None
    date: dt.date | None = None
    note: str | None = None
    waivers: list[Waiver] = Field(default_factory=list)
    history: list[ReviewEvent] = Field(default_factory=list)


class Claim(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: ClaimId
    quote: NonEmpty = Field(description="Verbatim text of the article that carries the claim.")
    statement: str | None = Field(default=None, description="A neutral paraphrase.")
    kind: ClaimKind
    substances: list[NonEmpty] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    review: Review = Field(default_factory=Review)


class ClaimsDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", title="claimcheck claims file")

    article: ArticleId
    claims: list[Claim]
