"""The JSON reporter's fast serializer writes exactly what ``json.dumps(indent=2)`` writes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.finding import Category, Severity
from claimcheck.reporters.base import report
from claimcheck.reporters.model import FindingModel, Report


@settings(max_examples=100, deadline=None)
@given(message=st.text(), hint=st.text(max_size=20), claim=st.none() | st.text(max_size=10))
def test_same_bytes_as_json_dumps(message: str, hint: str, claim: str | None) -> None:
    finding = FindingModel(
        rule="CC101",
        category=Category.CITATION,
        severity=Severity.ERROR,
        path="content/claims/ä.yaml",
        line=1,
        column=2,
        end_line=3,
        end_column=4,
        message=message,
        hint=hint,
        claim=claim,
    )
    document = Report.model_validate({**report_skeleton(), "findings": [finding.model_dump(mode="json")]})
    expected = json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=False)
    assert document.model_dump_json(indent=2) == expected


def report_skeleton() -> dict[str, object]:
    from pathlib import Path

    from claimcheck.engine import CheckResult
    from claimcheck.project import Project
    from claimcheck.settings import Settings

    empty = CheckResult(Project(root=Path("."), settings=Settings()), (), (), False)
    data: dict[str, object] = report(empty).model_dump(mode="json")
    return data
