"""Load a project: every file read and parsed once, problems kept for the rules to report.

Articles and claims files are independent of each other, so a large project is loaded by a
pool of processes (one per core), in chunks of files, and the results are put together in
file order: the project is the same as a serial load's, record for record.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from claimcheck.errors import InputError
from claimcheck.load.articles import load_article
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.bulk import paused_gc
from claimcheck.load.claims import claims_from_payload, load_claims_file, load_claims_payload
from claimcheck.load.files import list_files, relative
from claimcheck.load.lock import load_lock
from claimcheck.project import ArticleRecord, ClaimsFileRecord, Prepare, Problem, Project
from claimcheck.settings import Settings, resolve_inside

ARTICLE_SUFFIXES = (".md",)
CLAIMS_SUFFIXES = (".yaml", ".yml")
PARALLEL_FROM = 400
"""Fewer files than this are loaded in-process: starting workers would cost more."""
CHUNK = 64

Loaded = tuple[ArticleRecord | ClaimsFileRecord, list[Problem]]
Packed = Loaded | tuple[str, str, str, dict[str, tuple[tuple[int, ...], int]], str]
"""What a worker sends back: a record, or for a valid claims file the text and the JSON of
its models (pickling 200,000 pydantic models costs more than validating them again)."""


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load_project(
    root: Path, settings: Settings, jobs: int | None = None, prepare: Sequence[Prepare] = ()
) -> Project:
    """Load ``root``; ``jobs`` processes (default: one per available core, 1 = serial).
    ``prepare``: per-article work for the worker processes to do ahead (the active article
    rules, ``engine.preparers``); a serial load leaves it to the rules, which do it on demand."""
    with paused_gc():
        return _load_project(root, settings, default_jobs() if jobs is None else jobs, tuple(prepare))


def _load_one(root: Path, kind: str, path: Path, limit: int) -> Loaded:
    return load_article(root, path, limit) if kind == "article" else load_claims_file(root, path, limit)


def _pack(
    root: Path, kind: str, path: Path, limit: int, settings: Settings, prepare: tuple[Prepare, ...]
) -> Packed:
    if kind == "article":
        article, problems = load_article(root, path, limit)
        if article.meta is not None:
            _ = article.squeezed  # fold the text here, in parallel, for the quote rules
        for step in prepare:
            step(article, root, settings)
        return article, problems
    record, problems, payload = load_claims_payload(root, path, limit)
    if payload is None or record.source is None:
        return record, problems
    packed = record.path, record.stem, record.source.text, record.source.items, payload
    record.claims = []  # break the record <-> claim cycle: freed now, not by a collection
    return packed


def _unpack(packed: Packed) -> Loaded:
    if len(packed) == 2:
        return packed
    rel, stem, text, items, payload = packed
    return claims_from_payload(rel, stem, text, items, payload), []


def _load_chunk(
    root: Path, tasks: list[tuple[str, Path]], limit: int, settings: Settings, prepare: tuple[Prepare, ...]
) -> list[Packed]:
    with paused_gc(freeze=False):
        return [_pack(root, kind, path, limit, settings, prepare) for kind, path in tasks]


def _chunks(tasks: list[tuple[str, Path]], size: int) -> Iterator[list[tuple[str, Path]]]:
    for start in range(0, len(tasks), size):
        yield tasks[start : start + size]


def _load_project(root: Path, settings: Settings, jobs: int, prepare: tuple[Prepare, ...]) -> Project:
    if not root.is_dir():
        raise InputError(f"project root not found: {root}")
    project = Project(root=root, settings=settings)
    paths, limit = settings.paths, settings.max_file_size
    tasks = [
        ("article", path)
        for path in list_files(root, resolve_inside(root, paths.articles, "paths.articles"), ARTICLE_SUFFIXES)
    ]
    tasks += [
        ("claims", path)
        for path in list_files(root, resolve_inside(root, paths.claims, "paths.claims"), CLAIMS_SUFFIXES)
    ]
    bib_path = resolve_inside(root, paths.references, "paths.references")
    if not bib_path.is_file():
        raise InputError(f"BibTeX library not found: {relative(root, bib_path)} (under {root})")
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        _add(project, (_load_one(root, kind, path, limit) for kind, path in tasks))
        project.bibliography, problems = load_bibliography(root, bib_path, limit)
    else:
        chunks = list(_chunks(tasks, CHUNK))
        context = get_context("fork") if hasattr(os, "fork") else None
        with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context) as pool:
            n = len(chunks)
            results = pool.map(_load_chunk, [root] * n, chunks, [limit] * n, [settings] * n, [prepare] * n)
            # the library is parsed here while the workers read the other files
            project.bibliography, problems = load_bibliography(root, bib_path, limit)
            _add(project, (_unpack(packed) for chunk in results for packed in chunk))
    project.problems.extend(problems)
    project.lock, problems = load_lock(root, resolve_inside(root, paths.lock, "paths.lock"), limit)
    project.problems.extend(problems)
    return project


def _add(project: Project, loaded: Iterable[Loaded]) -> None:
    for record, problems in loaded:
        if isinstance(record, ArticleRecord):
            project.articles[record.id] = record
        else:
            project.claim_files.append(record)
        project.problems.extend(problems)


__all__ = ["default_jobs", "load_project"]
