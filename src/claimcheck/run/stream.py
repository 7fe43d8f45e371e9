"""A full check with memory bounded by the work unit, not by the corpus.

The units (an article with the claims files named after it) stream through a pool of worker
processes in chunks. A worker loads a chunk's files, checks the article and unit rules over
them as over a project of the chunk and the whole library (:mod:`claimcheck.run.units`), and
sends back only what the rest of the check needs: each file's summary
(:class:`~claimcheck.load.summary.ArticleSummary`, :class:`~claimcheck.load.summary.ClaimsFileSummary`),
its problems and the findings (:class:`ChunkChecked`). The parsed articles and claims stay in
the worker and are freed with the chunk. The main process keeps the summaries, the library and
the lock, and checks the corpus-wide rules over them (:func:`claimcheck.run.engine.check_corpus`),
opening again from disk only the few files a finding must be located in.

The workers need the library (the unit rules read it), and what the rules declare they read of
it is prepared once, before the workers start (``"ranked library"``: the BM25 index); forked
workers inherit both. Meanwhile a helper process checks the article rules of the first units
(:class:`_Early`), which need no library. A serial check (one job, or a small project) loads the project and checks
it in one process: the findings are the same (tests/run/test_stream.py compares them).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

import claimcheck.load as load
from claimcheck.core import progress
from claimcheck.core.finding import Finding
from claimcheck.load.bibliography import load_bibliography
from claimcheck.load.bulk import paused_gc
from claimcheck.load.lock import load_lock
from claimcheck.load.project import ArticleRecord, Bibliography, ClaimsFileRecord, Problem, Project
from claimcheck.load.summary import ArticleSummary, ClaimsFileSummary, Corpus, disk_opener, memory_opener
from claimcheck.rules import RULES_BY_ID, Context, Rule
from claimcheck.rules.reading import forget
from claimcheck.run.changes import Dependencies
from claimcheck.run.engine import CheckResult, check, check_corpus, unit_rules
from claimcheck.run.units import check_units
from claimcheck.settings import Settings, resolve_inside

Summary = ArticleSummary | ClaimsFileSummary


@dataclass(frozen=True, slots=True)
class ChunkChecked:
    """What a worker sends back for a chunk of units."""

    files: list[tuple[int, Summary | None, list[Problem]]]
    """Each file's place in file order, its summary (``None``: an article whose id an earlier
    article has, not checked) and its problems."""
    findings: list[Finding]
    """The findings of the article and unit rules, not yet settled (severities, waivers)."""
    undecided: list[str]
    """Claims files naming an article of another unit: the rules that read articles check
    them in the main process."""
    ranked: dict[str, Any]
    """The library ranked for this chunk's claims (``suggest.Ranker``), kept by the cache."""
    records: list[tuple[int, load.Packed]]
    """The loaded files themselves, when the caller keeps the project (``keep``), packed as
    the pooled loader sends them (:func:`claimcheck.load.pack`)."""


class Checked(NamedTuple):
    """A full check: its result, who depends on whom, and the parsed library (for the cache)."""

    result: CheckResult
    dependencies: Dependencies
    bibliography: Bibliography | None


_LIBRARY: list[Bibliography | None] = []
"""The library while the pool starts: forked workers inherit it (set before, cleared after)."""


def prepare_inputs(rules: Sequence[Rule], bibliography: Bibliography | None) -> None:
    """Work out once what the rules declare they read of the library (``Rule.reads``)."""
    if bibliography is not None and any("ranked library" in rule.reads for rule in rules):
        from claimcheck.evidence.suggest import ranker_for

        _ = ranker_for(bibliography).index


def _library(root: Path, bib_path: Path, settings: Settings, rules: Sequence[Rule]) -> Bibliography | None:
    """The library in a worker: inherited, or (a worker that was not forked) parsed here once."""
    if not _LIBRARY:
        _LIBRARY.append(load_bibliography(root, bib_path, settings.max_file_size)[0])
        prepare_inputs(rules, _LIBRARY[0])
    return _LIBRARY[0]


def _start_worker() -> None:
    """A worker's start: what it inherited stays alive, out of the cyclic collector's sight."""
    gc.freeze()


def _check_chunk(
    root: Path,
    bib_path: Path,
    tasks: list[load.Task],
    settings: Settings,
    rule_ids: tuple[str, ...],
    keep: bool,
) -> ChunkChecked:
    """:func:`_checked_chunk`, and then its garbage collected. The collector is paused in the
    workers (as in the main process), and a chunk's records hold reference cycles (a claims
    file and its claims): without a collection of the youngest objects, the chunk's only, a
    worker would keep every chunk it checked."""
    checked = _checked_chunk(root, bib_path, tasks, settings, rule_ids, keep)
    gc.collect(0)
    return checked


def _checked_chunk(
    root: Path,
    bib_path: Path,
    tasks: list[load.Task],
    settings: Settings,
    rule_ids: tuple[str, ...],
    keep: bool,
) -> ChunkChecked:
    """Load a chunk of whole units, check its article and unit rules, and summarize its files
    (``keep``: and send them back too)."""
    rules = [RULES_BY_ID[rule_id] for rule_id in rule_ids]
    needed = any(rule.granularity == "unit" for rule in rules)
    library = _library(root, bib_path, settings, rules) if needed else None
    ranked_before = len(library.rankings) if library is not None else 0
    with paused_gc(freeze=False):
        project = Project(root, settings, bibliography=library)
        loaded: list[tuple[int, str | None, list[Problem]]] = []
        payloads: dict[int, bytes | str | None] = {}
        known: set[str] = set()
        for index, kind, path in tasks:
            record, found, payloads[index] = load.load_with_payload(
                root, "article" if kind == KNOWN else kind, path, settings.max_file_size
            )
            before = len(project.problems)
            kept = load.add(project, record, found)
            if kind == KNOWN:  # its summary, problems and article rules' findings were sent early
                known.add(record.path)
            else:
                loaded.append((index, record.path if kept else None, project.problems[before:]))
        corpus = Corpus.of(project)
        findings, undecided = check_units(project, corpus, rules, settings, known)
    summaries: dict[str, Summary] = {s.path: s for s in corpus.claims_files}
    summaries.update((s.path, s) for s in corpus.articles.values())
    files = [(index, summaries[rel] if rel is not None else None, found) for index, rel, found in loaded]
    ranked = dict(islice(library.rankings.items(), ranked_before, None)) if library is not None else {}
    records: list[tuple[int, load.Packed]] = []
    if keep:
        by_path: dict[str, ArticleRecord | ClaimsFileRecord] = {f.path: f for f in project.claim_files}
        by_path.update((a.path, a) for a in project.articles.values())
        for index, rel, _ in loaded:
            if rel is not None:
                kept_record = by_path[rel]
                if isinstance(kept_record, ArticleRecord):
                    forget(kept_record)
                records.append((index, load.pack(kept_record, [], payloads[index])))
    return ChunkChecked(files, findings, undecided, ranked, records)


PARALLEL_FROM = 400
"""Fewer files than this are checked in one process: starting workers would cost more."""
CHUNK = 64
"""About this many files a chunk (whole units)."""
KNOWN = "known"
"""The kind of a chunk's task for an article checked early (:class:`_Early`): loaded again for
the unit rules, its article rules not run again."""
EARLY_SHARE = 3
"""While the main process parses the library, one helper process checks the article rules of
up to a third of the units' articles, :data:`EARLY_PART` at a time: the parse (1.3-2 s at
20,000 entries, before any worker can start) leaves a core idle. What the helper has not
started by the end of the parse is checked by the pool as usual."""
EARLY_PART = 16


class _Early:
    """A helper process checking articles while the main process parses the library."""

    def __init__(
        self,
        context: Any,
        root: Path,
        bib_path: Path,
        units: list[list[load.Task]],
        settings: Settings,
        rule_ids: tuple[str, ...],
    ) -> None:
        from concurrent.futures import ProcessPoolExecutor

        articles = [
            task for unit in units[: len(units) // EARLY_SHARE] for task in unit if task[1] == "article"
        ]
        parts = [articles[start : start + EARLY_PART] for start in range(0, len(articles), EARLY_PART)]
        self.pool = ProcessPoolExecutor(1, context, initializer=_start_worker)
        self.futures = [
            self.pool.submit(_check_chunk, root, bib_path, part, settings, rule_ids, False) for part in parts
        ]

    def collect(self) -> list[ChunkChecked]:
        """What the helper has checked (it finishes the parts it has started, no others)."""
        self.pool.shutdown(wait=True, cancel_futures=True)
        return [future.result() for future in self.futures if not future.cancelled()]


def full_check(root: Path, settings: Settings, jobs: int | None = None, keep: bool = False) -> Checked:
    """Check everything: streamed through ``jobs`` worker processes (default one per core),
    or in this process (one job, or fewer files than :data:`PARALLEL_FROM`). ``keep``: the
    result's project holds every loaded file (for a command that shows them: the memory is
    then the corpus's)."""
    jobs = load.default_jobs() if jobs is None else jobs
    tasks, bib_path = load.project_files(root, settings)
    if jobs <= 1 or len(tasks) < PARALLEL_FROM:
        project = load.load_project(root, settings, 1)
        return Checked(check(project, settings), Dependencies.of(project), project.bibliography)
    with paused_gc():
        return _streamed(root, settings, jobs, tasks, bib_path, keep)


def _streamed(
    root: Path, settings: Settings, jobs: int, tasks: list[tuple[str, Path]], bib_path: Path, keep: bool
) -> Checked:
    from concurrent.futures import ProcessPoolExecutor  # a full check's only: a re-check spares it

    limit = settings.max_file_size
    rules = unit_rules(settings)
    context = load.pool_context()
    grouped = load.units(tasks)
    article_ids = tuple(rule.id for rule in rules if rule.granularity == "article")
    early = (
        _Early(context, root, bib_path, grouped, settings, article_ids) if article_ids and not keep else None
    )
    try:
        bibliography, bib_problems = load_bibliography(root, bib_path, limit)
        prepare_inputs(rules, bibliography)
    finally:
        helped = early.collect() if early is not None else []
    placed: list[tuple[Summary | None, list[Problem]] | None] = [None] * len(tasks)
    kept: dict[int, load.Packed] = {}
    findings: list[Finding] = []
    undecided: list[str] = []
    for done in helped:
        for index, summary, problems in done.files:
            placed[index] = summary, problems
        findings += done.findings
    if helped:
        grouped = [[(i, KNOWN if placed[i] else kind, path) for i, kind, path in unit] for unit in grouped]
    parts = list(load.chunks(grouped, CHUNK))
    n, rule_ids = len(parts), tuple(rule.id for rule in rules)
    _LIBRARY.append(bibliography)  # forked workers inherit it
    try:
        with ProcessPoolExecutor(min(jobs, n), context, initializer=_start_worker) as pool:
            if context is None or context.get_start_method() != "fork":
                _LIBRARY.clear()  # (each worker parses the library itself)
            results = pool.map(
                _check_chunk, [root] * n, [bib_path] * n, parts, [settings] * n, [rule_ids] * n, [keep] * n
            )
            with progress.task("checking files", len(tasks)) as advance:
                for done in results:
                    for index, summary, problems in done.files:
                        placed[index] = summary, problems
                    findings += done.findings
                    kept.update(done.records)
                    undecided += done.undecided
                    if bibliography is not None:
                        bibliography.rankings.update(done.ranked)
                    advance(len(done.files))
    finally:
        _LIBRARY.clear()
    articles: dict[str, ArticleSummary] = {}
    claims_files: list[ClaimsFileSummary] = []
    found_problems: list[Problem] = []
    for item in placed:
        if item is None:
            continue
        summary, found = item
        if isinstance(summary, ArticleSummary):
            articles[summary.id] = summary
        elif summary is not None:
            claims_files.append(summary)
        found_problems += found
    found_problems += bib_problems
    found_problems += load.remaining_problems(root, settings)
    lock, lock_problems = load_lock(root, resolve_inside(root, settings.paths.lock, "paths.lock"), limit)
    found_problems += lock_problems
    project = Project(root, settings, bibliography=bibliography, problems=found_problems, lock=lock)
    opened = disk_opener(root, settings)
    if keep:
        for index in sorted(kept):
            record, _ = load.unpack(kept[index])
            if isinstance(record, ArticleRecord):
                project.articles[record.id] = record
            else:
                project.claim_files.append(record)
        opened = memory_opener(project)
    corpus = Corpus(root, settings, articles, claims_files, bibliography, lock, *opened)
    findings += _left_over(corpus, rules, undecided)
    result = check_corpus(project, corpus, settings, found=findings)
    return Checked(result, Dependencies.of(corpus), bibliography)


def _left_over(corpus: Corpus, rules: Sequence[Rule], paths: list[str]) -> list[Finding]:
    """The findings of the rules that read articles in the claims files naming an article of
    another unit: checked here, each with the article it names (read again)."""
    reading = [rule for rule in rules if "article" in rule.reads]
    if not paths or not reading:
        return []
    project = Project(corpus.root, corpus.settings, bibliography=corpus.bibliography)
    for path in paths:
        record = corpus.opener(path)
        if record is None or isinstance(record, ArticleRecord):
            continue
        project.claim_files.append(record)
        article = corpus.article_named(record.article_id)
        if article is not None:
            project.articles[article.id] = article
    context = Context(project, corpus, rules=RULES_BY_ID)
    found: list[Finding] = []
    for rule in reading:
        context.options = corpus.settings.options.get(rule.id, {})
        found.extend(rule.check(context))
    return found
