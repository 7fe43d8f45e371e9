"""Shared helpers: build a project in a temporary folder, run the CLI in-process."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimcheck.cli import main
from claimcheck.rules.examples import base_files

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    def run(*args: str | Path) -> Run:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped content (articles, claims, references.bib)."""
    root = tmp_path / "shipped"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A copy of the rule examples' clean base project, with some files replaced (None deletes)."""

    def make(files: dict[str, str | None] | None = None, base: bool = True) -> Path:
        root = tmp_path / "project"
        content = dict(base_files()) if base else {}
        for path, text in (files or {}).items():
            if text is None:
                content.pop(path, None)
            else:
                content[path] = text
        for path, text in content.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        for folder in ("content/articles", "content/claims"):
            (root / folder).mkdir(parents=True, exist_ok=True)
        return root

    return make
