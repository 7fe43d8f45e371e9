"""Load a project: every file read and parsed once, problems kept for the rules to report."""

from __future__ import annotations

from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.load.articles import load_article
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.claims import load_claims_file
from claimcheck.load.files import list_files, relative
from claimcheck.load.lock import load_lock
from claimcheck.project import Project
from claimcheck.settings import Settings, resolve_inside

ARTICLE_SUFFIXES = (".md",)
CLAIMS_SUFFIXES = (".yaml", ".yml")


def load_project(root: Path, settings: Settings) -> Project:
    if not root.is_dir():
        raise InputError(f"project root not found: {root}")
    project = Project(root=root, settings=settings)
    paths, limit = settings.paths, settings.max_file_size
    for path in list_files(root, resolve_inside(root, paths.articles, "paths.articles"), ARTICLE_SUFFIXES):
        article, problems = load_article(root, path, limit)
        project.articles[article.id] = article
        project.problems.extend(problems)
    for path in list_files(root, resolve_inside(root, paths.claims, "paths.claims"), CLAIMS_SUFFIXES):
        claims_file, problems = load_claims_file(root, path, limit)
        project.claim_files.append(claims_file)
        project.problems.extend(problems)
    bib_path = resolve_inside(root, paths.references, "paths.references")
    if not bib_path.is_file():
        raise InputError(f"BibTeX library not found: {relative(root, bib_path)} (under {root})")
    project.bibliography, problems = load_bibliography(root, bib_path, limit)
    project.problems.extend(problems)
    project.lock, problems = load_lock(root, resolve_inside(root, paths.lock, "paths.lock"), limit)
    project.problems.extend(problems)
    return project


__all__ = ["load_project"]
