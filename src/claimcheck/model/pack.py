"""The pack format: phrase lists per cue, and substances with their regulatory status."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Phrase = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        description="A phrase, matched case- and typography-insensitively on word boundaries; "
        "spaces and hyphens match any run of spaces and hyphens (or none); a final '*' matches "
        "any word ending ('optimi*').",
    ),
]


class Cue(StrEnum):
    """What a phrase signals. Rules combine cues per sentence (see docs/content-rules.md)."""

    HYPE = "hype"
    OFFER = "offer"
    TESTIMONIAL = "testimonial"
    BENEFIT = "benefit"
    THERAPY = "therapy"
    THERAPY_CLASS = "therapy-class"
    ANAPHOR = "anaphor"
    CERTAINTY = "certainty"
    PERSUASION = "persuasion"
    SECOND_PERSON = "second-person"
    NEGATION = "negation"
    HEDGE = "hedge"
    REPORT = "report"
    REGULATORY = "regulatory"
    RISK = "risk"
    CONDITION = "condition"
    """A disease or symptom: a harm when the sentence names a risk, else maybe what is promised."""
    UNCERTAINTY = "uncertainty"
    ALTERNATIVES = "alternatives"
    BOILERPLATE = "boilerplate"
    SECTION_SKIP = "section-skip"


class StatusValue(StrEnum):
    APPROVED = "approved"
    """An approved medicine, for the indications in ``detail`` only."""
    DISCONTINUED = "discontinued"
    """Was approved; the approved product is no longer marketed."""
    NOT_APPROVED = "not-approved"
    CATEGORY_2 = "category-2"
    """FDA 503A/503B bulks list category 2: significant safety risks; not to be compounded."""
    PROHIBITED = "prohibited"
    """On the WADA Prohibited List (the class is in ``detail``)."""
    CONTROLLED = "controlled"
    """A controlled substance (the schedule is in ``detail``)."""
    COMPOUNDING_RESTRICTED = "compounding-restricted"
    """Copies of an approved medicine may no longer be compounded on the ground the authority
    named (e.g. a shortage FDA declared resolved); the dates are in ``detail``."""
    WARNING = "warning"
    """The authority warned the public about products of this kind (what it said is in
    ``detail``); says nothing of an approval."""
    UNVERIFIED = "unverified"
    """Not checked against a primary source: say so rather than guess."""


class RegulatoryStatus(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(min_length=1, description="Who decides: US-FDA, US-DEA, WADA, EU-EMA, ...")
    status: StatusValue
    detail: str = Field(min_length=1, description="What exactly: indication, list class, schedule.")
    source: str = Field(
        min_length=1,
        description="URL or document name the status was checked against (a status other than "
        "'unverified' names the primary source read; 'unverified' says what would confirm it).",
    )
    checked: dt.date = Field(description="Date the source was checked.")


class Substance(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    names: list[Phrase] = Field(
        min_length=1,
        description="Names and spellings of the product, the preferred one first: a mention is a "
        "mention of the product.",
    )
    body_names: list[Phrase] = Field(
        default_factory=list,
        description="Names that also denote what the body makes (testosterone, IGF-1, growth "
        "hormone): only a therapy word next to them (therapy, injection, protocol, ...) makes "
        "them a mention of the product.",
    )
    label: str | None = Field(default=None, description="How findings name it (default: the first name).")
    substance_class: str = Field(alias="class", min_length=1)
    statuses: list[RegulatoryStatus] = Field(default_factory=list)

    @property
    def display(self) -> str:
        return self.label or self.names[0]


class Pack(BaseModel):
    """A lexicon pack. Packs are merged: phrases are added per cue, substances by id (a later
    pack's substance replaces an earlier one with the same id)."""

    model_config = ConfigDict(extra="forbid", title="claimcheck lexicon pack")

    name: str = Field(min_length=1)
    description: str = ""
    phrases: dict[Cue, list[Phrase]] = Field(default_factory=dict)
    substances: list[Substance] = Field(default_factory=list)
