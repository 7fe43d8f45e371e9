"""Article front matter: the YAML block at the top of ``content/articles/<id>.md``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
ArticleId = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=200,
        description="Lowercase letters, digits, '.', '_' and '-'; equal to the file stem.",
    ),
]
NonEmpty = Annotated[str, Field(min_length=1)]


class ArticleStatus(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in-review"
    PUBLISHED = "published"
    ARCHIVED = "archived"


class Person(BaseModel):
    """An author or reviewer, with the credentials that make them qualified (MD, RD, PhD)."""

    model_config = ConfigDict(extra="forbid")

    name: NonEmpty
    credentials: str | None = None
    affiliation: str | None = None


class Disclosures(BaseModel):
    """JAMA benchmark 'disclosure': ownership, sponsorship, advertising, conflicts."""

    model_config = ConfigDict(extra="forbid")

    ownership: str | None = None
    sponsorship: str | None = None
    advertising: str | None = None
    affiliate_links: bool | None = None
    conflicts: str | None = None
    funding: str | None = None


class ArticleFrontMatter(BaseModel):
    """The front matter of an article."""

    model_config = ConfigDict(extra="forbid", title="claimcheck article front matter")

    id: ArticleId
    title: NonEmpty
    authors: list[Person] = Field(default_factory=list)
    medical_reviewer: Person | None = None
    published: dt.date | None = None
    updated: dt.date | None = None
    disclosures: Disclosures | None = None
    source_url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    status: ArticleStatus | None = None
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    language: str | None = None
