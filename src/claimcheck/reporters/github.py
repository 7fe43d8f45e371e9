"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``. Data escapes ``%``,
CR and LF; property values escape ``:`` and ``,`` as well (the runner's own rules); control
characters are shown as escapes first (:mod:`claimcheck.core.escape`). Paths
are relative to ``--root``: run from the repository root, or give it as ``--root``.
"""

from __future__ import annotations

from claimcheck.core.escape import workflow_data, workflow_property
from claimcheck.core.finding import Finding, Severity
from claimcheck.reporters.text import TextReporter
from claimcheck.rules import RULES_BY_ID
from claimcheck.run.engine import CheckResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


escape_data = workflow_data
escape_property = workflow_property


def _title(finding: Finding) -> str:
    rule = RULES_BY_ID.get(finding.rule)
    return f"{finding.rule} {rule.name}" if rule else finding.rule


def annotation(finding: Finding) -> str:
    span = finding.span
    properties = {
        "file": finding.path,
        "line": str(span.line),
        "col": str(span.column),
        "endLine": str(span.end_line),
        "endColumn": str(span.end_column),
        "title": _title(finding),
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = escape_data(finding.message) + (f"%0Ahint: {escape_data(finding.hint)}" if finding.hint else "")
    return f"::{_COMMAND[finding.severity]} {rendered}::{message}"


class GithubReporter:
    name = "github"

    def render(self, result: CheckResult) -> str:
        lines = [annotation(f) for f in result.findings if not f.waived]
        lines.append(TextReporter().render(result).splitlines()[-1])
        return "\n".join(lines) + "\n"
