"""What an editor needs less of: typing --reviewer every time, one --waive per call, waivers
that do nothing, no way back to pending, mistyped ids, ragged multi-line output."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.load import load_project
from claimcheck.settings import load_settings
from tests.conftest import Run

CLAIMS = """article: demo
claims:
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    kind: mechanism
  - id: long-quote
    quote: |-
      Vitamin D is made
      in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
"""


@pytest.fixture
def project(make_project: Callable[..., Path]) -> Path:
    return make_project({"content/claims/demo.yaml": CLAIMS})


def _review(root: Path, claim_id: str) -> dict[str, object]:
    project = load_project(root, load_settings(root))
    record = next(r for r in project.claims() if r.id == claim_id)
    return record.claim.review.model_dump(mode="json") if record.claim.review else {}


def _set(cli: Callable[..., Run], root: Path, *args: str) -> Run:
    return cli("review", "set", "vitamin-d-skin", "--root", root, "--date", "2026-12-01", *args)


def test_reviewer_from_the_environment(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMCHECK_REVIEWER", "Dr. Env")
    run = _set(cli, project, "--status", "needs-evidence")
    assert run.code == 0, run.err
    assert _review(project, "vitamin-d-skin")["reviewer"] == "Dr. Env"
    assert _set(cli, project, "--status", "needs-rewrite", "--reviewer", "Dr. Given").code == 0
    assert _review(project, "vitamin-d-skin")["reviewer"] == "Dr. Given"


def test_reviewer_from_git(cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMCHECK_REVIEWER", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(project / "no-global"))
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    subprocess.run(["git", "-C", str(project), "config", "user.name", "Dr. Git"], check=True)
    assert _set(cli, project, "--status", "needs-evidence").code == 0
    assert _review(project, "vitamin-d-skin")["reviewer"] == "Dr. Git"


def test_no_reviewer_anywhere_is_a_usage_error(
    cli: Callable[..., Run], project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAIMCHECK_REVIEWER", raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(project / "no-global"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(project.parent))
    run = _set(cli, project, "--status", "needs-evidence")
    assert run.code == 2
    assert run.err.startswith(
        "claimcheck: error: a decision needs a reviewer: --reviewer NAME, or set CLAIMCHECK_REVIEWER"
    )


def test_repeated_waive_keeps_every_rule(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    """Two rules with findings on one claim, waived in one call with one justification."""
    claims = CLAIMS.replace(
        "    quote: Vitamin D is made in the skin\n", "    quote: Vitamin D is made in the liver\n", 1
    )
    root = make_project({"content/claims/demo.yaml": claims})
    found = cli("check", "--root", root, "--format", "json")
    rules = sorted(
        {
            f["rule"]
            for f in json.loads(found.out)["findings"]
            if f["line"] in (3, 4, 5) and f["severity"] == "error"
        }
    )
    assert rules == ["CC006", "CC102"], rules
    run = _set(
        cli,
        root,
        "--status",
        "needs-rewrite",
        "--reviewer",
        "Ed",
        "--waive",
        "CC006",
        "--waive",
        "CC102",
        "--justification",
        "being rewritten",
    )
    assert run.code == 0, run.err
    assert "waived CC006, CC102" in run.err
    waivers = _review(root, "vitamin-d-skin")["waivers"]
    assert [(w["rule"], w["justification"]) for w in waivers] == [  # type: ignore[union-attr, index]
        ("CC006", "being rewritten"),
        ("CC102", "being rewritten"),
    ]


def test_a_waiver_of_a_rule_without_a_finding_is_refused(cli: Callable[..., Run], project: Path) -> None:
    before = (project / "content/claims/demo.yaml").read_text(encoding="utf-8")
    run = _set(
        cli,
        project,
        "--status",
        "needs-evidence",
        "--reviewer",
        "Ed",
        "--waive",
        "CC301",
        "--justification",
        "x",
    )
    assert run.code == 1
    assert (
        run.err
        == "claimcheck: error: nothing to waive: vitamin-d-skin has no CC301 finding (its findings: CC102)\n"
    )
    assert (project / "content/claims/demo.yaml").read_text(encoding="utf-8") == before


def test_mismatched_justifications_are_a_usage_error(cli: Callable[..., Run], project: Path) -> None:
    run = _set(
        cli, project, "--status", "approved", "--reviewer", "Ed",
        "--waive", "CC102", "--waive", "CC201", "--waive", "CC006",
        "--justification", "a", "--justification", "b",
    )  # fmt: skip
    assert run.code == 2
    assert "3 --waive and 2 --justification" in run.err


def test_back_to_pending(cli: Callable[..., Run], project: Path) -> None:
    assert _set(cli, project, "--status", "needs-evidence", "--reviewer", "Ed").code == 0
    run = _set(cli, project, "--status", "pending", "--reviewer", "Ed", "--note", "reopened")
    assert run.code == 0, run.err
    review = _review(project, "vitamin-d-skin")
    assert review["status"] == "pending"
    assert [e["status"] for e in review["history"]] == ["needs-evidence"]  # type: ignore[union-attr, index]


def test_did_you_mean(cli: Callable[..., Run], project: Path) -> None:
    run = cli("review", "set", "vitamin-d-skn", "--root", project, "--status", "rejected", "--reviewer", "Ed")
    assert run.code == 1
    assert run.err.startswith(
        "claimcheck: error: unknown claim 'vitamin-d-skn'; did you mean 'vitamin-d-skin'?"
    )
    run = cli("review", "cite", "vitamin-d-skin", "holick2070", "--root", project, "--relation", "supports")
    assert run.err == (
        "claimcheck: error: unknown citation key 'holick2070': not in the BibTeX library; did you mean 'holick2007'?\n"
    )
    run = _set(
        cli, project, "--status", "rejected", "--reviewer", "Ed", "--waive", "CC12", "--justification", "x"
    )
    assert "cannot waive unknown rule 'CC12'; did you mean" in run.err
    run = cli("refs", "suggest", "vitamin-d-skn", "--root", project)
    assert run.err == "claimcheck: error: no claim with id 'vitamin-d-skn'; did you mean 'vitamin-d-skin'?\n"


def test_list_lines_up_a_multi_line_quote(cli: Callable[..., Run], project: Path) -> None:
    run = cli("review", "list", "--root", project)
    lines = run.out.splitlines()
    at = lines.index("   quote: Vitamin D is made")
    assert lines[at + 1] == "          in the skin"
