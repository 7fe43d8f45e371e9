"""The main job on the shipped content: check (JSON report contract) and export (bundle)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from claimcheck.model.schemas import schema
from tests.conftest import Run


def _valid(name: str, data: object) -> None:
    validator = Draft202012Validator(schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [e.message for e in validator.iter_errors(data)]
    assert errors == []


def test_check_json_report_follows_the_contract(cli: Callable[..., Run], shipped: Path) -> None:
    run = cli("check", "--root", shipped, "--format", "json")
    assert run.code == 1, run.err
    report = json.loads(run.out)
    _valid("report", report)
    assert report["version"] == 1
    findings = report["findings"]
    assert findings, "the seed content has real problems to report"
    for f in findings:
        assert (shipped / f["path"]).is_file()
        lines = (shipped / f["path"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= f["line"] <= len(lines)
        assert f["column"] >= 1 and f["message"]
    assert report["summary"]["claims"] == 54
    assert report["summary"]["errors"] == sum(
        1 for f in findings if f["severity"] == "error" and not f["waived"]
    )


def test_text_report_lines(cli: Callable[..., Run], shipped: Path) -> None:
    run = cli("check", "--root", shipped)
    lines = [line for line in run.out.splitlines() if not line.startswith("    ")]
    assert lines[-1].startswith("claimcheck: failed: ")
    for line in lines[:-1]:
        location, severity, rule, _ = line.split(" ", 3)
        path, row, col, empty = location.split(":")
        assert (shipped / path).is_file() and int(row) >= 1 and int(col) >= 1 and empty == ""
        assert severity in ("error", "warning", "info") and rule.startswith("CC")


def test_export_is_valid_vetted_and_deterministic(
    cli: Callable[..., Run], shipped: Path, tmp_path: Path
) -> None:
    out1, out2 = tmp_path / "out1", tmp_path / "out2"
    assert cli("export", "--root", shipped, "--out", out1).code == 0
    assert cli("export", "--root", shipped, "--out", out2).code == 0
    for name in ("bundle.json", "bundle.md"):
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes()
    bundle = json.loads((out1 / "bundle.json").read_text(encoding="utf-8"))
    _valid("bundle", bundle)
    assert bundle["source"] == {"commit": None, "dirty": None}
    exported = [c for a in bundle["articles"] for c in a["claims"]]
    assert exported and len(exported) == bundle["summary"]["exported"]
    assert bundle["summary"]["exported"] + bundle["summary"]["held_back"] == 54
    for claim in exported:
        assert claim["review"]["status"] == "approved"
        assert any(c["relation"] in ("supports", "partial") for c in claim["citations"])
    held = {h["claim"]: h["reasons"] for h in bundle["held_back"]}
    # the seed's peptide and testosterone promotion is rejected, never exported
    assert any("review:rejected" in reasons for reasons in held.values())
    exported_ids = {c["id"] for c in exported}
    assert not exported_ids & set(held)


def test_export_records_the_commit_of_a_git_checkout(
    cli: Callable[..., Run], shipped: Path, tmp_path: Path
) -> None:
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "PATH": "/usr/bin:/bin",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "content"]):
        subprocess.run(["git", "-C", str(shipped), *args], check=True, env=env)
    head = subprocess.run(
        ["git", "-C", str(shipped), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert cli("export", "--root", shipped, "--out", tmp_path / "o").code == 0
    bundle = json.loads((tmp_path / "o" / "bundle.json").read_text(encoding="utf-8"))
    assert bundle["source"] == {"commit": head, "dirty": False}


def test_bundle_markdown_escapes_content(
    cli: Callable[..., Run], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project(
        {
            "content/claims/demo.yaml": (
                "article: demo\nclaims:\n  - id: vitamin-d-skin\n    quote: Vitamin D is made in the skin\n"
                "    statement: '<script>alert(1)</script> *bold*'\n    kind: mechanism\n"
                "    citations:\n      - key: holick2007\n        relation: supports\n"
                "    review:\n      status: approved\n"
            )
        }
    )
    assert cli("export", "--root", root, "--out", tmp_path / "o").code == 0
    text = (tmp_path / "o" / "bundle.md").read_text(encoding="utf-8")
    assert "<script>" not in text
    assert r"\<script\>" in text and r"\*bold\*" in text
    assert "Holick MF. Vitamin D Deficiency. New England Journal of Medicine. 2007;357(3):266-281." in text
