"""The JSON report: a contract other tools consume (``schemas/report.schema.json``)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claimcheck.core.finding import Category, Finding, Severity

REPORT_VERSION: Literal[1] = 1


class FindingModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule: str = Field(pattern=r"^CC[0-9]{3}$")
    category: Category
    severity: Severity
    path: str = Field(description="Relative to the project root, '/'-separated.")
    line: int = Field(ge=1)
    column: int = Field(ge=1, description="1-based, in Unicode code points.")
    end_line: int = Field(ge=1)
    end_column: int = Field(ge=1)
    message: str
    hint: str = Field(description="What to do about it; may be empty.")
    article: str | None = None
    claim: str | None = None
    reference: str | None = None
    waived: bool = Field(default=False, description="An editor's waiver accepts this finding.")

    @classmethod
    def of(cls, finding: Finding) -> FindingModel:
        span = finding.span
        return cls(
            rule=finding.rule,
            category=finding.category,
            severity=finding.severity,
            path=finding.path,
            line=span.line,
            column=span.column,
            end_line=span.end_line,
            end_column=span.end_column,
            message=finding.message,
            hint=finding.hint,
            article=finding.article,
            claim=finding.claim,
            reference=finding.reference,
            waived=finding.waived,
        )


class Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: int
    claims: int
    references: int
    errors: int = Field(description="Unwaived findings of severity error.")
    warnings: int
    infos: int
    waived: int
    failed: bool = Field(description="Whether the run exits with code 1.")
    strict: bool
    by_rule: dict[str, int] = Field(description="Unwaived findings per rule id.")
    by_category: dict[str, int] = Field(description="Unwaived findings per category.")


class Tool(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Literal["claimcheck"] = "claimcheck"
    version: str


class Report(BaseModel):
    model_config = ConfigDict(extra="forbid", title="claimcheck JSON report")

    version: Literal[1] = REPORT_VERSION
    tool: Tool
    summary: Summary
    findings: list[FindingModel]
