"""A finding: one located problem in the content. Plain, immutable data."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from operator import attrgetter
from typing import Any

from claimcheck.core.location import Span


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Category(StrEnum):
    SCHEMA = "schema"
    STRUCTURE = "structure"
    CITATION = "citation"
    REFERENCE = "reference"
    PROMOTIONAL = "promotional"
    REGULATED_SUBSTANCE = "regulated-substance"
    CERTAINTY = "certainty"
    PERSUASION = "persuasion"
    RISK_OMISSION = "risk-omission"
    BOILERPLATE = "boilerplate"
    QUALITY = "quality"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``path`` is relative to the project root, POSIX style."""

    rule: str
    category: Category
    severity: Severity
    path: str
    span: Span
    message: str
    hint: str = ""
    article: str | None = None
    claim: str | None = None
    reference: str | None = None
    waived: bool = False

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str, str, int, int, str, str]:
        span = self.span
        return (
            self.path,
            span.line,
            span.column,
            self.rule,
            self.message,
            span.end_line,
            span.end_column,
            self.claim or "",
            self.hint,
        )

    def fails(self, strict: bool) -> bool:
        """Whether this finding makes the run fail (exit code 1)."""
        if self.waived:
            return False
        return self.severity is Severity.ERROR or (strict and self.severity is Severity.WARNING)

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        # Pickled as its fields (workers send 60,000 findings): the dataclass's own state
        # functions for slots walk dataclasses.fields() per object, a third slower both ways.
        return Finding, _FINDING_FIELDS(self)


_FINDING_FIELDS = attrgetter(*(f.name for f in fields(Finding)))
