"""The labelled rows of a content repository: its review records now (a check of the working
tree) and, on request, those of earlier commits."""

from __future__ import annotations

from pathlib import Path

from claimcheck.learn.editors import PROMOTION_RULES, EditorRow, editor_rows
from claimcheck.learn.history import history_rows
from claimcheck.load import load_project
from claimcheck.run.engine import check
from claimcheck.settings import Settings


def _for_labels(settings: Settings) -> Settings:
    """The promotion rules only, judged by the shipped model: the labels are the editors'
    decisions on what the shipped checker flags (a selected learned model may not exist yet)."""
    judgment = settings.judgment.model_copy(update={"model": None})
    return settings.model_copy(
        update={"select": list(PROMOTION_RULES), "ignore": [], "severity": {}, "judgment": judgment}
    )


def rows_at(root: Path, settings: Settings, jobs: int | None = 1) -> list[EditorRow]:
    """The rows of the review records of the project at ``root``."""
    chosen = _for_labels(settings)
    project = load_project(root, chosen, jobs)
    return editor_rows(project, check(project, chosen).findings)


def collect(root: Path, settings: Settings, git: int = 0, jobs: int | None = 1) -> list[EditorRow]:
    """The working tree's rows, then those of the last ``git`` commits that changed the
    claims; a sentence labelled more than once keeps its newest decision."""
    rows = rows_at(root, settings, jobs)
    if git > 0:
        rows += history_rows(root, settings, git, lambda where, s: rows_at(where, s, 1))
    kept: dict[tuple[str, str], EditorRow] = {}
    for row in rows:
        kept.setdefault((row.doc, row.text), row)
    return list(kept.values())
