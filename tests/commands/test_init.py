"""``claimcheck init`` scaffolds a content repository that passes its own check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
Run = Any


def test_init_passes_its_own_check(cli: Callable[..., Run], tmp_path: Path) -> None:
    target = tmp_path / "content-repo"
    made = cli("init", target)
    assert made.code == 0, made.err
    for path in (
        "claimcheck.toml",
        ".gitignore",
        ".github/workflows/claimcheck.yml",
        "content/articles/demo.md",
        "content/claims/demo.yaml",
        "references.bib",
    ):
        assert (target / path).is_file(), path
    checked = cli("check", "--root", target, "--strict", "--no-cache")
    assert checked.code == 0, checked.out
    assert checked.out.startswith("claimcheck: passed: 0 errors, 0 warnings, 0 infos")
    assert cli("check", "--root", target, "--format", "sarif").code == 0


def test_the_workflow_is_the_example(tmp_path: Path, cli: Callable[..., Run]) -> None:
    assert cli("init", tmp_path / "repo").code == 0
    written = (tmp_path / "repo" / ".github" / "workflows" / "claimcheck.yml").read_text(encoding="utf-8")
    example = (REPO / "examples" / "github-workflow.yml").read_text(encoding="utf-8")
    assert written == example, "regenerate examples/github-workflow.yml (docs/release.md)"


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def test_the_workflow_works_on_forks_and_reports_each_finding_once() -> None:
    workflow = yaml.safe_load((REPO / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    pull, push = workflow["jobs"]["pull-request"], workflow["jobs"]["main"]
    assert pull["if"] == "github.event_name == 'pull_request'" and push["if"] == "github.event_name == 'push'"
    # a fork's pull request has a read-only token: nothing in its job writes
    assert "permissions" not in pull
    assert not any("upload-sarif" in s.get("uses", "") for s in _steps(pull))
    pull_runs = [s["run"] for s in _steps(pull) if "claimcheck check" in s.get("run", "")]
    assert pull_runs == ['claimcheck check --format github --changed-since "origin/${{ github.base_ref }}"']
    # main: code scanning only, no annotations of the same findings
    assert push["permissions"]["security-events"] == "write"
    push_runs = [s["run"] for s in _steps(push) if "claimcheck check" in s.get("run", "")]
    assert push_runs == ["claimcheck check --format sarif --output claimcheck.sarif"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in _steps(push))


def test_init_installs_what_it_is_told(tmp_path: Path, cli: Callable[..., Run]) -> None:
    spec = "git+https://git.example.org/editors/claimcheck@v0.1.0"
    assert cli("init", tmp_path / "repo", "--install", spec).code == 0
    workflow = (tmp_path / "repo" / ".github" / "workflows" / "claimcheck.yml").read_text(encoding="utf-8")
    assert workflow.count(f'python -m pip install "{spec}"') == 2 and "@INSTALL@" not in workflow
    bad = cli("init", tmp_path / "other", "--install", 'x" && curl evil')
    assert bad.code == 2 and not (tmp_path / "other").exists()


def test_init_refuses_a_folder_with_files(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    refused = cli("init", tmp_path)
    assert refused.code == 2  # a usage error, as the README says
    assert (
        refused.err
        == f"claimcheck: error: {tmp_path} exists and is not an empty folder: give a new or empty one\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_pre_commit_hooks_run_the_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"claimcheck", "claimcheck-all", "claimcheck-changed"}
    for hook in hooks:
        assert hook["entry"].startswith("claimcheck check")
        assert hook["language"] == "python"
        # the staged file names are passed to the first (check PATH...), not to the others
        assert hook.get("pass_filenames", True) is (hook["id"] == "claimcheck")
