"""Load a project: every file read and parsed once, problems kept for the rules to report.

Articles and claims files are independent of each other, so a large project is loaded by a
pool of processes (one per core), in chunks of whole units (an article and the claims files
named after it), and the results are put together in file order: the project is the same as a
serial load's, record for record. The workers also do ahead what the active rules would
otherwise do in the main process, per article and per chunk (``engine.preparers``); for the
claims-file rules, which need the library, the library is parsed before the pool starts, and
meanwhile a helper process loads the first units' articles (:data:`EARLY_SHARE`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from claimcheck.load.project import (
    ArticleRecord,
    Bibliography,
    ClaimsFileRecord,
    Prepare,
    PrepareClaims,
    Problem,
    Project,
)
from claimcheck.settings import Settings, resolve_inside

if TYPE_CHECKING:  # the worker processes are a full check's only: a re-check spares their imports
    from multiprocessing.context import BaseContext


def get_context(method: str) -> BaseContext:
    """multiprocessing's context for ``method``: imported when a full check starts its workers
    (a one-article re-check never does)."""
    from multiprocessing import get_context as context_of

    return context_of(method)


PARALLEL_FROM = 400
"""Fewer files than this are loaded in-process: starting workers would cost more."""
CHUNK = 64

Loaded = tuple[ArticleRecord | ClaimsFileRecord, list[Problem]]
Packed = (
    Loaded
    | tuple[
        str,
        str,
        str,
        dict[str, tuple[tuple[int, ...], int]],
        bytes | str,
        dict[str, Any],
        str | None,
        tuple[Any, ...],
    ]
)
"""What a worker sends back: a record, or for a valid claims file the text and the JSON of
its models (pickling 200,000 pydantic models costs more than validating them again, and the
main process validates only the files a rule asks the claims of), what was worked out ahead
from it, the article it names and its facts (:data:`claimcheck.load.project.FACTS`)."""
Task = tuple[int, str, Path]
"""A file to load: its place in file order, its kind (``"article"``, ``"claims"``, or
``"known"``: an article the main process has, see :data:`_KNOWN`) and its path."""
EARLY_SHARE = 3
"""While the main process parses the library, one helper process loads the articles (with
their preparations) of up to a third of the units, :data:`EARLY_PART` at a time: the parse
(1.3 s at 20,000 entries) left a core idle. What it has not started by the end of the parse
is loaded by the pool as usual."""
EARLY_PART = 16


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def load_project(
    root: Path, settings: Settings, jobs: int | None = None, prepare: Sequence[Prepare] = ()
) -> Project:
    """Load ``root``; ``jobs`` processes (default: one per available core, 1 = serial).
    ``prepare``: work for the worker processes to do ahead, per article and per chunk of
    files (the active article and claims-file rules, ``engine.preparers``); a serial load
    leaves it to the rules, which do it on demand."""
    with paused_gc():
        return _load_project(root, settings, default_jobs() if jobs is None else jobs, tuple(prepare))


def _load_one(root: Path, kind: str, path: Path, limit: int) -> Loaded:
    return load_article(root, path, limit) if kind == "article" else load_claims_file(root, path, limit)


def _pack_claims(record: ClaimsFileRecord, problems: list[Problem], payload: bytes | str | None) -> Packed:
    if payload is None or record.source is None:
        if record.source is not None:
            record.source.forget_nodes()
        return record, problems
    source = record.source
    packed = (
        record.path,
        record.stem,
        source.text,
        source.items,
        payload,
        record.derived,
        record.article_id,
        record.facts(),
    )
    record.claims = []  # break the record <-> claim cycle: freed now, not by a collection
    return packed


def _unpack(packed: Packed) -> Loaded:
    if len(packed) == 2:
        return packed
    rel, stem, text, items, payload, derived, article_id, facts = packed
    record = claims_from_payload(rel, stem, text, items, payload, article_id, facts)
    record.derived = derived
    return record, []


_LIBRARY: list[Bibliography | None] = []
"""The project's library while a pool whose workers run claims-file steps starts: the forked
workers inherit it (set before the pool, cleared after)."""
_KNOWN: dict[int, ArticleRecord] = {}
"""Articles loaded (and prepared) before the pool started, by their place in file order: the
forked workers inherit them for the claims-file steps of their units (set and cleared as
:data:`_LIBRARY`)."""


Rankings = dict[str, Any]
"""Rankings of the library made by a worker (``suggest.Ranker``), sent back for the cache."""


def _load_chunk(
    root: Path, tasks: list[Task], limit: int, settings: Settings, prepare: tuple[Prepare, ...]
) -> tuple[list[tuple[int, Packed]], Rankings]:
    """Load a chunk of whole units: the articles (with their preparations), then the claims
    files, then the claims-file preparations over them all (when the library was inherited).
    With them, the rankings of the library the chunk's claims asked for first."""
    library = _LIBRARY[0] if _LIBRARY else None
    ranked_before = len(library.rankings) if library is not None else 0
    with paused_gc(freeze=False):
        article_steps = [step for step in prepare if not isinstance(step, PrepareClaims)]
        claims_steps = [step for step in prepare if isinstance(step, PrepareClaims)] if _LIBRARY else []
        out: list[tuple[int, Packed]] = []
        articles: dict[str, ArticleRecord] = {}
        claims: list[tuple[int, ClaimsFileRecord, list[Problem], bytes | str | None]] = []
        for index, kind, path in tasks:
            if kind == "known":  # loaded and prepared already: the main process has it
                article = _KNOWN[index]
                articles[article.id] = article
            elif kind == "article":
                article, problems = load_article(root, path, limit)
                for article_step in article_steps:
                    article_step(article, root, settings)
                articles[article.id] = article
                out.append((index, (article, problems)))
            else:
                claims.append((index, *load_claims_payload(root, path, limit)))
        files = [record for _, record, _, _ in claims]
        for claims_step in claims_steps:
            claims_step.run(files, articles, _LIBRARY[0], root, settings)
        for article in articles.values():
            if claims_steps:
                article.drop_text_views()
            elif article.meta is not None:
                _ = article.squeezed  # fold the text here, in parallel, for the quote rules
            if article.front is not None:
                article.front.forget_nodes()
        out += [
            (index, _pack_claims(record, problems, payload)) for index, record, problems, payload in claims
        ]
        ranked = dict(islice(library.rankings.items(), ranked_before, None)) if library is not None else {}
        return out, ranked


def _load_articles(
    root: Path, tasks: list[Task], limit: int, settings: Settings, prepare: tuple[Prepare, ...]
) -> list[tuple[int, Loaded]]:
    """Load and prepare articles ahead of their units' claims files (:data:`EARLY_SHARE`),
    as :func:`_load_chunk` leaves them for the claims-file steps that follow in the pool."""
    with paused_gc(freeze=False):
        article_steps = [step for step in prepare if not isinstance(step, PrepareClaims)]
        out: list[tuple[int, Loaded]] = []
        for index, _, path in tasks:
            article, problems = load_article(root, path, limit)
            for article_step in article_steps:
                article_step(article, root, settings)
            article.drop_text_views()
            if article.front is not None:
                article.front.forget_nodes()
            out.append((index, (article, problems)))
        return out


class _Early:
    """A helper process loading articles while the main process parses the library."""

    def __init__(
        self,
        context: BaseContext,
        root: Path,
        units: list[list[Task]],
        limit: int,
        settings: Settings,
        prepare: tuple[Prepare, ...],
    ) -> None:
        articles = [
            task for unit in units[: len(units) // EARLY_SHARE] for task in unit if task[1] == "article"
        ]
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        self.futures = [
            self.pool.submit(
                _load_articles, root, articles[start : start + EARLY_PART], limit, settings, prepare
            )
            for start in range(0, len(articles), EARLY_PART)
        ]

    def collect(self) -> list[tuple[int, Loaded]]:
        """What the helper has loaded (it finishes the parts it has started, no others)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        return [item for future in self.futures if not future.cancelled() for item in future.result()]


def _units(tasks: list[tuple[str, Path]]) -> list[list[Task]]:
    """The tasks by unit (the files of one stem: an article and the claims files named after
    it), in the order of their stems."""
    units: dict[str, list[Task]] = {}
    for index, (kind, path) in enumerate(tasks):
        units.setdefault(path.stem, []).append((index, kind, path))
    return [units[stem] for stem in sorted(units)]


def _chunks(units: list[list[Task]], size: int) -> Iterator[list[Task]]:
    """Chunks of whole units, each with about ``size`` files to load, in order."""
    chunk: list[Task] = []
    count = 0
    for unit in units:
        chunk += unit
        count += sum(1 for task in unit if task[1] != "known")
        if count >= size:
            yield chunk
            chunk, count = [], 0
    if chunk:
        yield chunk


def _load_project(root: Path, settings: Settings, jobs: int, prepare: tuple[Prepare, ...]) -> Project:
    if not root.is_dir():
        raise InputError(f"project root not found: {root}")
    project = Project(root=root, settings=settings)
    paths, limit = settings.paths, settings.max_file_size
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
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        _add(project, (_load_one(root, kind, path, limit) for kind, path in tasks))
        project.bibliography, problems = load_bibliography(root, bib_path, limit)
    else:
        units = _units(tasks)
        from concurrent.futures import ProcessPoolExecutor  # a full check's only: a re-check spares it

        context = get_context("fork") if hasattr(os, "fork") else None
        # Claims-file steps need the library: parse it first, for the forked workers to inherit.
        library_first = context is not None and any(isinstance(step, PrepareClaims) for step in prepare)
        loaded: list[Loaded | None] = [None] * len(tasks)
        try:
            if context is not None and library_first:
                project.bibliography, problems = _library_with_early_articles(
                    context, root, bib_path, units, limit, settings, prepare, loaded
                )
                _LIBRARY.append(project.bibliography)
                if _KNOWN:
                    units = [
                        [(i, "known" if i in _KNOWN else k, path) for i, k, path in unit] for unit in units
                    ]
            chunks = list(_chunks(units, CHUNK))
            with ProcessPoolExecutor(max_workers=min(jobs, len(chunks)), mp_context=context) as pool:
                n = len(chunks)
                results = pool.map(
                    _load_chunk, [root] * n, chunks, [limit] * n, [settings] * n, [prepare] * n
                )
                if not library_first:  # parsed here while the workers read the other files
                    project.bibliography, problems = load_bibliography(root, bib_path, limit)
                to_read = sum(1 for unit in units for task in unit if task[1] != "known")
                with progress.task("reading files", to_read) as advance:
                    for chunk, ranked in results:
                        for index, packed in chunk:
                            loaded[index] = _unpack(packed)
                        if project.bibliography is not None:
                            project.bibliography.rankings.update(ranked)
                        advance(len(chunk))
        finally:
            _LIBRARY.clear()
            _KNOWN.clear()
        _add(project, (item for item in loaded if item is not None))
    project.problems.extend(problems)
    project.problems.extend(misnamed_files(root, root / paths.articles, ARTICLE_SUFFIXES, recursive=True))
    project.problems.extend(misnamed_files(root, root / paths.claims, CLAIMS_SUFFIXES, recursive=False))
    project.lock, problems = load_lock(root, resolve_inside(root, paths.lock, "paths.lock"), limit)
    project.problems.extend(problems)
    return project


def _library_with_early_articles(
    context: BaseContext,
    root: Path,
    bib_path: Path,
    units: list[list[Task]],
    limit: int,
    settings: Settings,
    prepare: tuple[Prepare, ...],
    loaded: list[Loaded | None],
) -> tuple[Bibliography | None, list[Problem]]:
    """Parse the library and warm the claims-file steps up on it (``PrepareClaims.warm_up``),
    and meanwhile (where workers inherit what the main process has) load articles in a helper
    process (:data:`EARLY_SHARE`): they go into ``loaded`` and :data:`_KNOWN`."""
    if context.get_start_method() != "fork":
        return load_bibliography(root, bib_path, limit)
    early = _Early(context, root, units, limit, settings, prepare)
    try:
        library = load_bibliography(root, bib_path, limit)
        if library[0] is not None:  # (while the helper still loads articles)
            for step in prepare:
                if isinstance(step, PrepareClaims) and step.warm_up is not None:
                    step.warm_up(library[0])
    finally:
        helped = early.collect()
    for index, (article, problems) in helped:
        loaded[index] = article, problems
        if isinstance(article, ArticleRecord):
            _KNOWN[index] = article
    return library


def _add(project: Project, loaded: Iterable[Loaded]) -> None:
    for record, problems in loaded:
        if isinstance(record, ArticleRecord):
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
                record = first
            project.articles[record.id] = record
        else:
            project.claim_files.append(record)
        project.problems.extend(problems)


__all__ = ["ARTICLE_SUFFIXES", "CLAIMS_SUFFIXES", "default_jobs", "load_project"]
