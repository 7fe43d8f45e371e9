"""The check cache: a run's findings, replayed when nothing the run depends on has changed.

The key is a hash of everything that decides the findings: the content of every input file
(articles, claims files, the BibTeX library, the reference lock, the configuration files,
files named in rule options), the effective settings, the source of the installed package
(rules, lexicons, schemas), the tool version, and the date (a rule may judge how old an
article is, so nothing is replayed from another day). File contents are hashed, not their
modification times: a cache restored in CI or a file touched without a change cannot make it
stale, and any change to any input misses. A stale cache can therefore never hide a finding;
at worst it is not used.

Hashing 20,000 files on every run costs more than the rest of a re-check, so each file's hash
is kept with its stat (size, modification and change times, inode, device) in ``hashes.json``
and taken again only when the stat differs: git's index does the same. The change time cannot
be set by a program (``touch`` sets the modification time only) and moves on every write, so a
file written since its hash was taken has another stat. A hash is kept only for a file last
changed at least :data:`RACY_NS` before it was stat'ed (git's "racily clean" entries): a file
written again within one tick of the file system's clock would otherwise keep its stat. A cache
restored on another machine or checkout has other inodes and change times: every file is hashed.

The entries are JSON (findings are plain data), written atomically (without fsync: a cache may
be lost in a power cut, never torn). Nothing in them is executed. Each is sealed by this
machine (:mod:`claimcheck.cache.sealing`): one written elsewhere, a forged one, is never trusted. The files of one entry carry
the same run id, so a reader never pairs the findings of one run with the dependencies of another.

This module is the cache's façade (:func:`cached_check`); behind it, one module per concern:
``inputs`` (the files a run reads, their stamps and hashes, the key), ``files`` (the cache's files: mapped, sealed, stored),
``store`` (the last run and its delta), ``library`` (the parsed library and its rankings),
``incremental`` (the partial re-check), ``reports`` (rendered reports) and ``sealing``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from claimcheck.cache import incremental
from claimcheck.cache.files import CACHE_DIR, ENTRY, usable_folder
from claimcheck.cache.inputs import InputState, input_stamps, stamps_of
from claimcheck.cache.reports import ReportCache, report_key
from claimcheck.cache.store import MISSING, CheckCache, Entry, bib_entries_of
from claimcheck.load import load_project
from claimcheck.run.changes import Dependencies
from claimcheck.run.engine import CheckResult
from claimcheck.run.stream import full_check
from claimcheck.settings import Settings

__all__ = [
    "CACHE_DIR",
    "ENTRY",
    "InputState",
    "Outcome",
    "ReportCache",
    "cached_check",
    "report_key",
    "usable_folder",
]


@dataclass(frozen=True)
class Outcome:
    """A run's result; its dependencies (worked out only when asked, for ``--changed-since``);
    and whether no input it read was written while it ran (only then may its report be kept)."""

    result: CheckResult
    dependencies: Callable[[], Dependencies]
    stable: bool
    partial: bool = False
    """A partial re-check: its report is not kept (a file is being edited; the next run that
    finds nothing changed renders the report from ``check.json`` and keeps it then)."""


def cached_check(
    root: Path,
    settings: Settings,
    folder: Path | None,
    jobs: int | None = None,
    state: InputState | None = None,
) -> Outcome:
    """Check ``root`` with the cache in ``folder`` (``None``: no cache): replay the last run
    when no input changed, re-check only the touched units when only content changed and
    every active rule is unit-scoped, else check everything. ``state``: the inputs' stamps and
    hashes when the caller has taken them already."""
    if folder is None:
        checked = full_check(root, settings, jobs)
        return Outcome(checked.result, lambda: checked.dependencies, False)
    store = CheckCache(folder)
    if state is None:
        state = InputState.take(root, settings, folder)
    stamps, hashes = state.stamps, state.hashes
    base = state.base_key(settings)
    bib_hash = hashes.get(PurePosixPath(settings.paths.references).as_posix(), "")
    run = store.run(root, settings)
    if run is not None and run.base == base and run.files == hashes:
        replayed = run

        def dependencies() -> Dependencies:
            try:
                return store.dependencies(replayed)
            except (OSError, ValueError, KeyError, TypeError):  # deps.json gone: work them out
                return Dependencies.of(load_project(root, settings, jobs))

        return Outcome(run.result, dependencies, True)
    entry = store.entry(run) if run is not None and run.base == base else None
    if entry is not None:
        updated = incremental.recheck(entry, root, settings, state)
        if updated is not None:
            bib_changed = entry.files.get(PurePosixPath(settings.paths.references).as_posix()) != bib_hash
            library = updated.library() if bib_changed else MISSING
            same = not bib_changed and updated.deps == entry.deps
            read = updated.read | (state.others & hashes.keys())
            stable = stamps_of(root, read) == {p: stamps[p] for p in read if p in stamps}
            if stable:  # no file it read was written meanwhile
                store.put(updated, bib_hash, library, write_deps=not same)
                store.put_rankings(bib_hash, updated.library())
            return Outcome(updated.result, lambda: updated.deps, stable, partial=True)
    return _full_check(root, settings, jobs, store, state)


def _full_check(
    root: Path, settings: Settings, jobs: int | None, store: CheckCache, state: InputState
) -> Outcome:
    """Check everything and keep the run in the cache (when no input changed meanwhile)."""
    result, deps, bib = full_check(root, settings, jobs)
    stable = input_stamps(root, settings) == state.stamps
    if stable:  # no file written while we read
        base, hashes = state.base_key(settings), state.hashes
        bib_hash = hashes.get(PurePosixPath(settings.paths.references).as_posix(), "")
        store.put(
            Entry(base, hashes, result, deps, bib_entries_of(root, settings), lambda: bib), bib_hash, bib
        )
        store.put_rankings(bib_hash, bib)
    return Outcome(result, lambda: deps, stable)
