"""What every reporter does: turn a check result into text. Reporters never decide."""

from __future__ import annotations

from typing import Protocol

from claimcheck import __version__
from claimcheck.model.report import FindingModel, Report, Summary, Tool
from claimcheck.run.engine import CheckResult


class Reporter(Protocol):
    name: str
    """The ``--format`` value."""

    def render(self, result: CheckResult) -> str: ...


def summary(result: CheckResult) -> Summary:
    counts = result.counts()
    inventory = result.inventory
    return Summary(
        articles=inventory.articles,
        claims=inventory.claims,
        references=inventory.references,
        errors=counts["error"],
        warnings=counts["warning"],
        infos=counts["info"],
        waived=counts["waived"],
        failed=result.failed,
        strict=result.strict,
        by_rule=dict(sorted(result.by("rule").items())),
        by_category=dict(sorted(result.by("category").items())),
    )


def report(result: CheckResult) -> Report:
    return Report(
        tool=Tool(version=__version__),
        summary=summary(result),
        findings=[FindingModel.of(f) for f in result.findings],
    )
