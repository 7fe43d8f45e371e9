"""The JSON report is written by orjson from per-file text (claimcheck.run.stored): it must be
exactly what the pydantic Report model dumps, and what json.dumps(indent=2) writes."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.load.project import Project
from claimcheck.model.report import FindingModel, Report
from claimcheck.reporters.base import report
from claimcheck.reporters.json import JsonReporter
from claimcheck.run.engine import CheckResult
from claimcheck.run.stored import StoredFindings
from claimcheck.settings import Settings

_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@st.composite
def findings(draw: st.DrawFn) -> tuple[Finding, ...]:
    """Findings in report order over a few files, with any text in them."""
    made = []
    for _ in range(draw(st.integers(0, 8))):
        line, column = draw(st.integers(1, 50)), draw(st.integers(1, 50))
        made.append(
            Finding(
                draw(st.sampled_from(["CC101", "CC102", "CC301"])),
                draw(st.sampled_from(list(Category))),
                draw(st.sampled_from(list(Severity))),
                draw(st.sampled_from(["content/a.md", "content/claims/ä.yaml", "references.bib"])),
                Span(line, column, line + draw(st.integers(0, 3)), column + 1),
                draw(_text),
                draw(_text),
                draw(st.none() | _text),
                draw(st.none() | _text),
                draw(st.none() | _text),
                draw(st.booleans()),
            )
        )
    return tuple(sorted(set(made), key=Finding.sort_key))


def _result(found: tuple[Finding, ...] | StoredFindings, strict: bool = False) -> CheckResult:
    return CheckResult(Project(root=Path("."), settings=Settings()), (), found, strict)


@settings(max_examples=150, deadline=None)
@given(findings(), st.booleans())
def test_same_bytes_as_the_report_model(found: tuple[Finding, ...], strict: bool) -> None:
    expected = report(_result(found, strict)).model_dump_json(indent=2) + "\n"
    assert JsonReporter().render(_result(found, strict)) == expected
    assert json.dumps(json.loads(expected), indent=2, ensure_ascii=False) + "\n" == expected
    # ... and from the text per file the cache keeps, without making findings again
    stored = StoredFindings.of(found)
    spliced = _result(stored, strict)
    assert JsonReporter().render(spliced) == expected
    assert "findings" not in spliced.__dict__  # never made into objects


@settings(max_examples=150, deadline=None)
@given(findings())
def test_stored_findings_keep_everything(found: tuple[Finding, ...]) -> None:
    stored = StoredFindings.of(found)
    assert stored.findings() == found
    assert len(stored) == len(found)
    plain, kept = _result(found), _result(stored)
    assert kept.counts() == plain.counts()
    assert kept.by("rule") == plain.by("rule") and kept.by("category") == plain.by("category")
    assert kept.failed == plain.failed
    paths = {f.path for f in found}
    some = set(sorted(paths)[:1])
    assert stored.without(some).findings() == tuple(f for f in found if f.path not in some)
    assert stored.only(lambda p: p in some).merged(stored.without(some)).findings() == found


def test_the_report_model_accepts_what_json_dumps_writes() -> None:
    finding = FindingModel(
        rule="CC101",
        category=Category.CITATION,
        severity=Severity.ERROR,
        path="content/claims/ä.yaml",
        line=1,
        column=2,
        end_line=3,
        end_column=4,
        message="m\u2028\x00",
        hint="",
    )
    document = report(_result(()))
    data = {**document.model_dump(mode="json"), "findings": [finding.model_dump(mode="json")]}
    assert Report.model_validate(data).model_dump_json(indent=2) == json.dumps(
        data, indent=2, ensure_ascii=False
    )
