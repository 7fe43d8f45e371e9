"""SARIF is valid against the OASIS schema; JUnit and GitHub output match golden files.

Regenerate the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/reporters``.
"""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft4Validator

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.reporters.github import annotation
from claimcheck.reporters.sarif import rule_anchor
from claimcheck.rules import RULES_BY_ID

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SHARED = REPO.parent / "shared"
Run = Any  # tests/conftest.py's Run (code, out, err)
PROJECT = HERE / "project"
GOLDEN = HERE / "golden"
SCHEMA_COPY = HERE / "data" / "sarif-schema-2.1.0.json"
SCHEMA_SHARED = SHARED / "external" / "sarif-schema-2.1.0.json"


def _report(cli: Callable[..., Run], fmt: str, root: Path = PROJECT) -> str:
    run = cli("check", "--root", root, "--format", fmt)
    assert run.code == 1, run.err
    return run.out


def _sarif_schema() -> dict[str, Any]:
    if SCHEMA_SHARED.is_file():
        assert SCHEMA_SHARED.read_bytes() == SCHEMA_COPY.read_bytes(), "tests/reporters/data copy is stale"
    schema: dict[str, Any] = json.loads(SCHEMA_COPY.read_text(encoding="utf-8"))
    return schema


def test_sarif_is_valid_against_the_oasis_schema(cli: Callable[..., Run]) -> None:
    log = json.loads(_report(cli, "sarif"))
    errors = sorted(Draft4Validator(_sarif_schema()).iter_errors(log), key=str)
    assert errors == []
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert sorted(rules) == ["CC001", "CC005", "CC101", "CC102"]
    for described in rules.values():  # no docs_url configured: no link to a site nobody runs
        assert "helpUri" not in described and "informationUri" not in run["tool"]["driver"]
        assert described["help"]["text"] and described["shortDescription"]["text"]
    results = run["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("CC005", "warning"),
        ("CC101", "error"),
        ("CC102", "error"),
        ("CC001", "error"),
    ]
    unknown = results[1]
    assert unknown["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "content/claims/sun.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 13, "startColumn": 14, "endLine": 13, "endColumn": 23},
    }
    assert results[2]["suppressions"][0]["kind"] == "external"  # the waived CC102
    assert all(r["ruleIndex"] == sorted(rules).index(r["ruleId"]) for r in results)


def test_sarif_links_rules_to_the_configured_documentation(cli: Callable[..., Run], tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    config = root / "claimcheck.toml"
    config.write_text(
        'docs_url = "https://docs.example.org/claimcheck/rules.md"\n' + config.read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    run = json.loads(_report(cli, "sarif", root))["runs"][0]
    assert run["tool"]["driver"]["informationUri"] == "https://docs.example.org/claimcheck/rules.md"
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for described in run["tool"]["driver"]["rules"]:
        url = urlsplit(described["helpUri"])
        assert (url.scheme, url.netloc, url.path) == ("https", "docs.example.org", "/claimcheck/rules.md")
        assert f"(#{url.fragment})" in docs, f"{described['id']}: no such anchor in docs/rules.md"
        assert url.fragment == rule_anchor(RULES_BY_ID[described["id"]])


def _fingerprints(cli: Callable[..., Run], root: Path) -> dict[str, str]:
    results = json.loads(_report(cli, "sarif", root))["runs"][0]["results"]
    return {r["ruleId"]: r["partialFingerprints"]["claimcheck/v1"] for r in results}


def test_sarif_fingerprints_survive_moved_lines(cli: Callable[..., Run], tmp_path: Path) -> None:
    before = _fingerprints(cli, PROJECT)
    moved = tmp_path / "moved"
    for path in PROJECT.rglob("*"):
        if path.is_file():
            target = moved / path.relative_to(PROJECT)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    claims = moved / "content" / "claims" / "sun.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text("# a comment\n\n" + text.replace("claims:\n", "claims:\n  # moved down\n"), "utf-8")
    article = moved / "content" / "articles" / "diet.md"
    article.write_text("\n".join(article.read_text("utf-8").split("\n")), "utf-8")
    after = _fingerprints(cli, moved)
    assert after == before
    assert len(set(before.values())) == len(before)


def test_sarif_fingerprints_tell_equal_findings_apart(
    make_project: Callable[..., Path], cli: Callable[..., Run]
) -> None:
    claims = """\
article: demo
claims:
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: nope
        relation: supports
      - key: nope
        relation: supports
"""
    root = make_project({"content/claims/demo.yaml": claims})
    run = cli("check", "--root", root, "--format", "sarif", "--select", "CC101")
    results = json.loads(run.out)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["claimcheck/v1"] for r in results]
    assert len(prints) == 2 and len(set(prints)) == 2


@pytest.mark.parametrize(("fmt", "golden"), [("junit", "report.junit.xml"), ("github", "report.github.txt")])
def test_golden(cli: Callable[..., Run], fmt: str, golden: str) -> None:
    out = _report(cli, fmt)
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_junit_has_a_case_per_file_and_a_failure_per_failing_finding(cli: Callable[..., Run]) -> None:
    suites = ET.fromstring(_report(cli, "junit"))
    cases = {c.get("name"): c for c in suites.iter("testcase")}
    assert sorted(cases) == [
        "content/articles/diet.md",
        "content/articles/sun.md",
        "content/claims/sun.yaml",
        "references.bib",
    ]
    assert [f.get("type") for f in cases["content/claims/sun.yaml"].iter("failure")] == [
        "error CC101",
        "error CC001",
    ]
    assert cases["content/articles/diet.md"].find("failure") is None  # a warning: not failing
    assert "CC005" in (cases["content/articles/diet.md"].findtext("system-out") or "")
    run = cli("check", "--root", PROJECT, "--format", "junit", "--strict")
    strict = {c.get("name"): c for c in ET.fromstring(run.out).iter("testcase")}
    assert strict["content/articles/diet.md"].find("failure") is not None


def test_github_escapes_data_and_properties() -> None:
    finding = Finding(
        rule="CC101",
        category=Category.CITATION,
        severity=Severity.WARNING,
        path="content/a,b:c.yaml",
        span=Span(3, 5, 3, 9),
        message="100% sure,\r\nreally: yes",
        hint="fix it",
    )
    assert annotation(finding) == (
        "::warning file=content/a%2Cb%3Ac.yaml,line=3,col=5,endLine=3,endColumn=9,"
        "title=CC101 citation.unknown-key::100%25 sure,%0D%0Areally: yes%0Ahint: fix it"
    )
