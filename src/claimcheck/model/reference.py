"""Vocabulary for references: the levels of evidence a BibTeX entry's ``evidence`` field names."""

from __future__ import annotations

from enum import StrEnum


class Evidence(StrEnum):
    """Study designs, strongest first (the usual evidence pyramid)."""

    META_ANALYSIS = "meta-analysis"
    SYSTEMATIC_REVIEW = "systematic-review"
    RCT = "rct"
    COHORT = "cohort"
    CASE_CONTROL = "case-control"
    CROSS_SECTIONAL = "cross-sectional"
    CASE_REPORT = "case-report"
    NARRATIVE_REVIEW = "narrative-review"
    ANIMAL = "animal"
    IN_VITRO = "in-vitro"
    EXPERT_OPINION = "expert-opinion"


EVIDENCE_LEVELS: tuple[Evidence, ...] = tuple(Evidence)


class SupportStatus(StrEnum):
    """How a claim's citations, taken together, bear on it (scite's supporting / contrasting
    distinction, plus partial and background-only)."""

    SUPPORTED = "supported"
    PARTIALLY_SUPPORTED = "partially-supported"
    BACKGROUND_ONLY = "background-only"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"
