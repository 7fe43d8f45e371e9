"""``claimcheck init`` scaffolds a content repository that passes its own check."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
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
    assert written == example
    workflow = yaml.safe_load(example)
    steps = workflow["jobs"]["check"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
    assert any("--format sarif" in s.get("run", "") for s in steps)


def test_init_refuses_a_folder_with_files(cli: Callable[..., Run], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    refused = cli("init", tmp_path)
    assert refused.code == 1
    assert "refused" in refused.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]


def test_pre_commit_hooks_run_the_check() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"claimcheck", "claimcheck-all", "claimcheck-changed"}
    for hook in hooks:
        assert hook["entry"].startswith("claimcheck check")
        assert hook["language"] == "python"
        # the staged file names are passed to the first (check PATH...), not to the others
        assert hook.get("pass_filenames", True) is (hook["id"] == "claimcheck")
