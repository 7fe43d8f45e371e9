"""Load a project: every file read and parsed once, problems kept for the rules to report.

Articles and claims files are independent of each other, so a large project is loaded by a
pool of processes (one per core), in chunks of whole units (an article and the claims files
named after it), and the results are put together in file order: the project is the same as a
serial load's, record for record. (A full check does not load the project: it streams the
units through its workers, :mod:`claimcheck.run.stream`.)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from claimcheck.core import progress
from claimcheck.core.errors import InputError
from claimcheck.core.location import Span
from claimcheck.load.articles import load_article
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.bulk import paused_gc
from claimcheck.load.claims import claims_from_payload, load_claims_file, load_claims_payload
from claimcheck.load.files import list_files, misnamed_files, missing_folder, relative, substitutes
from claimcheck.load.layout import ARTICLE_SUFFIXES, CLAIMS_SUFFIXES, article_filter, listed_articles
from claimcheck.load.lock import load_lock
from claimcheck.load.project import ArticleRecord, ClaimsFileRecord, Problem, Project
from claimcheck.parse.yaml_source import Items
from claimcheck.settings import Settings, resolve_inside

if TYPE_CHECKING:  # the worker processes are a full check's only: a re-check spares their imports
    from multiprocessing.context import BaseContext


def get_context(method: str) -> BaseContext:
    """multiprocessing's context for ``method``: imported when a full check starts its workers
    (a one-article re-check never does)."""
    from multiprocessing import get_context as context_of

    return context_of(method)


def pool_context() -> BaseContext | None:
    """The start method of the worker processes: fork where there is one (the workers inherit
    what the main process has), else the platform's default."""
    return get_context("fork") if hasattr(os, "fork") else None


PARALLEL_FROM = 400
"""Fewer files than this are loaded in-process: starting workers would cost more."""
CHUNK = 64

Loaded = tuple[ArticleRecord | ClaimsFileRecord, list[Problem]]
Packed = Loaded | tuple[str, str, str, Items, bytes | str, str | None]
"""What a worker sends back: a record, or for a valid claims file its text, where its items
start and the JSON of its models (pickling 200,000 pydantic models costs more than validating
them again: the main process does only for the files whose claims it reads)."""
Task = tuple[int, str, Path]
"""A file to load: its place in file order, its kind (``"article"`` or ``"claims"``) and its path."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load_project(root: Path, settings: Settings, jobs: int | None = None) -> Project:
    """Load ``root``; ``jobs`` processes (default: one per available core, 1 = serial)."""
    with paused_gc():
        return _load_project(root, settings, default_jobs() if jobs is None else jobs)


def load_one(root: Path, kind: str, path: Path, limit: int) -> Loaded:
    return load_article(root, path, limit) if kind == "article" else load_claims_file(root, path, limit)


def load_with_payload(
    root: Path, kind: str, path: Path, limit: int
) -> tuple[ArticleRecord | ClaimsFileRecord, list[Problem], bytes | str | None]:
    """:func:`load_one`, with a valid claims file's JSON (see :func:`pack`)."""
    if kind == "article":
        return (*load_article(root, path, limit), None)
    return load_claims_payload(root, path, limit)


def pack(
    record: ArticleRecord | ClaimsFileRecord, problems: list[Problem], payload: bytes | str | None
) -> Packed:
    """A loaded file as a worker sends it back: an article without what it worked out from its
    text (the views, the front matter's nodes), a valid claims file as its text and JSON."""
    if isinstance(record, ArticleRecord):
        record.drop_segments()
        record.drop_text_views()
        if record.front is not None:
            record.front.forget_nodes()
        return record, problems
    source = record.source
    if payload is None or source is None:
        if source is not None:
            source.forget_nodes()
        return record, problems
    record.claims = []  # break the record <-> claim cycle: freed now, not by a collection
    return record.path, record.stem, source.text, source.items, payload, record.article_id


def _pack(root: Path, kind: str, path: Path, limit: int) -> Packed:
    return pack(*load_with_payload(root, kind, path, limit))


def unpack(packed: Packed) -> Loaded:
    if len(packed) == 2:
        return packed
    rel, stem, text, items, payload, article_id = packed
    return claims_from_payload(rel, stem, text, items, payload, article_id), []


def _load_chunk(root: Path, tasks: list[Task], limit: int) -> list[tuple[int, Packed]]:
    with paused_gc(freeze=False):
        return [(index, _pack(root, kind, path, limit)) for index, kind, path in tasks]


def units(tasks: list[tuple[str, Path]]) -> list[list[Task]]:
    """The tasks by unit (the files of one stem: an article and the claims files named after
    it), in the order of their stems."""
    found: dict[str, list[Task]] = {}
    for index, (kind, path) in enumerate(tasks):
        found.setdefault(path.stem, []).append((index, kind, path))
    return [found[stem] for stem in sorted(found)]


def chunks(grouped: list[list[Task]], size: int) -> Iterator[list[Task]]:
    """Chunks of whole units, each with about ``size`` files, in order."""
    chunk: list[Task] = []
    for unit in grouped:
        chunk += unit
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def project_files(root: Path, settings: Settings) -> tuple[list[tuple[str, Path]], Path]:
    """The articles and claims files to load (kind and path, in file order) and the library."""
    if not root.is_dir():
        raise InputError(f"project root not found: {root}")
    paths = settings.paths
    articles_dir = resolve_inside(root, paths.articles, "paths.articles")
    if not articles_dir.is_dir():
        raise missing_folder(root, articles_dir, "paths.articles")
    listed = listed_articles(root, paths)
    is_article = article_filter(paths)
    for extra in substitutes():  # an article given on standard input, perhaps not saved yet
        inner = os.path.relpath(extra, os.path.abspath(root)).replace(os.sep, "/")
        if is_article(inner) and inner not in listed:
            listed = sorted([*listed, inner])
    tasks: list[tuple[str, Path]] = [("article", root / path) for path in listed]
    tasks += [
        ("claims", path)
        for path in list_files(
            root, resolve_inside(root, paths.claims, "paths.claims"), CLAIMS_SUFFIXES, "paths.claims"
        )
    ]
    bib_path = resolve_inside(root, paths.references, "paths.references")
    if not bib_path.is_file():
        raise InputError(f"BibTeX library not found: {relative(root, bib_path)} (under {root})")
    return tasks, bib_path


def remaining_problems(root: Path, settings: Settings) -> list[Problem]:
    """The problems of a project besides its files' own: misnamed files."""
    paths = settings.paths
    return [
        *misnamed_files(root, root / paths.articles, ARTICLE_SUFFIXES, recursive=True),
        *misnamed_files(root, root / paths.claims, CLAIMS_SUFFIXES, recursive=False),
    ]


def _load_project(root: Path, settings: Settings, jobs: int) -> Project:
    tasks, bib_path = project_files(root, settings)
    project = Project(root=root, settings=settings)
    limit = settings.max_file_size
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        for kind, path in tasks:
            add(project, *load_one(root, kind, path, limit))
    else:
        from concurrent.futures import ProcessPoolExecutor  # a full load's only: a re-check spares it

        loaded: list[Loaded | None] = [None] * len(tasks)
        parts = list(chunks(units(tasks), CHUNK))
        with ProcessPoolExecutor(max_workers=min(jobs, len(parts)), mp_context=pool_context()) as pool:
            n = len(parts)
            with progress.task("reading files", len(tasks)) as advance:
                for chunk in pool.map(_load_chunk, [root] * n, parts, [limit] * n):
                    for index, packed in chunk:
                        loaded[index] = unpack(packed)
                    advance(len(chunk))
        for item in loaded:
            if item is not None:
                add(project, *item)
    project.bibliography, problems = load_bibliography(root, bib_path, limit)
    project.problems.extend(problems)
    project.problems.extend(remaining_problems(root, settings))
    project.lock, problems = load_lock(root, resolve_inside(root, settings.paths.lock, "paths.lock"), limit)
    project.problems.extend(problems)
    return project


def add(project: Project, record: ArticleRecord | ClaimsFileRecord, problems: list[Problem]) -> bool:
    """Add a file to the project with its problems; ``False`` for an article whose id another
    article has (it is not checked: a problem says so)."""
    kept = True
    if isinstance(record, ArticleRecord):
        record.max_table_cells = project.settings.max_table_cells  # a worker loaded it without settings
        first = project.articles.get(record.id)
        if first is not None:  # the same file name in two folders of articles
            problems = [
                Problem(
                    "CC002",
                    record.path,
                    Span.point(1),
                    f"article id {record.id!r} is already {first.path}: this file is not checked",
                    "article ids are file names and must be unique across folders: rename one",
                    article=record.id,
                )
            ]
            kept = False
        else:
            project.articles[record.id] = record
    else:
        project.claim_files.append(record)
    project.problems.extend(problems)
    return kept


__all__ = ["ARTICLE_SUFFIXES", "CLAIMS_SUFFIXES", "default_jobs", "load_project"]
