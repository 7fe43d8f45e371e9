"""The content model: pydantic models whose JSON Schemas (in ``schemas/``) are the contract."""

from claimcheck.model.article import ArticleFrontMatter, Disclosures, Person
from claimcheck.model.claims import (
    Citation,
    Claim,
    ClaimKind,
    ClaimsDocument,
    Relation,
    Review,
    ReviewEvent,
    ReviewStatus,
    Waiver,
)
from claimcheck.model.reference import EVIDENCE_LEVELS, Evidence, SupportStatus

__all__ = [
    "EVIDENCE_LEVELS",
    "ArticleFrontMatter",
    "Citation",
    "Claim",
    "ClaimKind",
    "ClaimsDocument",
    "Disclosures",
    "Evidence",
    "Person",
    "Relation",
    "Review",
    "ReviewEvent",
    "ReviewStatus",
    "SupportStatus",
    "Waiver",
]
