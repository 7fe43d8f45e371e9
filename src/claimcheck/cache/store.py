"""The last run: ``check.json`` (hashes and findings), ``check.delta.json`` (what a partial
re-check changed), ``deps.json`` (who depends on whom) and the library; read and written by
:class:`CheckCache`."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from claimcheck.cache.files import CACHE_FORMAT, DELTA, ENTRY, RANKINGS, read_header, sealed, store_file
from claimcheck.cache.library import bibliography_of, library_file, rankings_key
from claimcheck.load.project import Bibliography, Project
from claimcheck.rules import RULES_BY_ID
from claimcheck.run.changes import Dependencies, bib_entries
from claimcheck.run.engine import CheckResult, Inventory
from claimcheck.run.stored import FileFindings, StoredFindings, Tally
from claimcheck.settings import Settings

DELTA_SHARE = 0.1
"""A re-check writes the files it changed to ``check.delta.json`` while they are at most this
share of ``check.json``'s files (and of its findings' text); beyond, ``check.json`` anew."""


def _stored(index: dict[str, list[Any] | None], texts: memoryview) -> dict[str, FileFindings]:
    """The findings of an entry: per file, its counts in the header's index, its text in the
    body (the files' texts one after the other, in index order); in a delta, ``None`` for a
    file without findings now. The index comes from a sealed file this version wrote (its
    format checked), so its entries are not checked again one by one: that took 0.025 s of a
    re-check at 10,000 articles, and a malformed one still fails here or in the lengths' sum."""
    files, at = {}, 0
    for path, data in index.items():
        if data is None:
            continue
        number, severities, rules, categories, length = data
        end = at + length
        files[path] = FileFindings(texts[at:end], number, tuple(severities), rules, categories)
        at = end
    if at != len(texts):
        raise ValueError("the findings do not match their index")
    return files


def _delta(path: Path, stored: Stored) -> dict[str, Any] | None:
    """``check.delta.json`` when it is over this ``check.json`` (else it is of an older one)."""
    try:
        data, texts = read_header(path)
    except FileNotFoundError:
        return None
    if data["of"] != stored.run_id:
        return None
    data["findings_text"] = texts
    return data


def _applied(
    delta: dict[str, Any], stored: Stored
) -> tuple[dict[str, Any], dict[str, str], dict[str, FileFindings]]:
    """``check.json``'s hashes and findings with the delta's applied, and the delta's header
    (its inventory's files ``None`` when they are ``check.json``'s)."""
    files, findings = dict(stored.files), dict(stored.findings)
    for path, digest in delta["files"].items():
        if digest is None:
            files.pop(path, None)
        else:
            files[path] = str(digest)
    changed = _stored(delta["findings"], delta.pop("findings_text"))
    for path in delta["findings"]:
        if path not in changed:
            findings.pop(path, None)
    added = any(path not in findings for path in changed)
    findings.update(changed)  # a file that had findings keeps its place in path order
    return delta, files, dict(sorted(findings.items())) if added else findings


def _changes(stored: Stored, files: dict[str, str], findings: dict[str, FileFindings]) -> list[str] | None:
    """The paths whose hash or findings differ from ``check.json``'s, sorted; ``None`` when
    they are too many for a delta."""
    old_files, old_findings = stored.files, stored.findings
    paths = {p for p, h in files.items() if old_files.get(p) != h} | (old_files.keys() - files.keys())
    paths.update(p for p, f in findings.items() if old_findings.get(p) is not f)
    paths.update(old_findings.keys() - findings.keys())
    size = sum(len(findings[p].text) for p in paths if p in findings)
    whole = sum(len(f.text) for f in old_findings.values())
    if len(paths) > DELTA_SHARE * len(old_files) or size > DELTA_SHARE * whole:
        return None
    return sorted(paths)


def _inventory_data(inventory: Inventory) -> dict[str, Any]:
    return {
        "articles": inventory.articles,
        "claims": inventory.claims,
        "references": inventory.references,
        "files": inventory.files,
    }


Cached = tuple[CheckResult, Callable[[], Dependencies]]
"""A run's result, and (read only when asked, for ``--changed-since``) its dependencies."""


MISSING = object()


@dataclass
class Entry:
    """The last run: what it read (hashes), what it found, who depends on whom, and the
    parsed library (read from the cache only when a partial re-check needs it)."""

    base: str
    files: dict[str, str]
    result: CheckResult
    deps: Dependencies
    bib_entries: dict[str, str]
    library: Callable[[], Bibliography | None]
    deps_id: str = ""
    """The run whose ``deps.json`` holds ``deps`` ('' when not stored yet)."""
    read: frozenset[str] = frozenset()
    """The inputs a partial re-check read (relative paths)."""
    stored: Stored | None = None
    """What ``check.json`` holds (a partial re-check writes only what differs from it)."""


@dataclass(frozen=True)
class Stored:
    """``check.json`` as written: its run id, hashes, findings per file and inventory's files.
    ``check.delta.json`` names the run id and holds what a later re-check changed."""

    run_id: str
    files: dict[str, str]
    findings: dict[str, FileFindings]
    inventory_files: tuple[str, ...]


@dataclass(frozen=True)
class Run:
    """What ``check.json`` (and ``check.delta.json`` over it) holds: the key material, the
    result, and which run's ``deps.json`` goes with it."""

    base: str
    files: dict[str, str]
    result: CheckResult
    run_id: str
    deps_id: str
    stored: Stored | None = None


def _deps(data: dict[str, Any]) -> Dependencies:
    claims = {p: (a, k, n) for p, (a, k, n) in data["claims"].items()}
    if not all(type(k) is str for _, k, _ in claims.values()):
        raise ValueError("deps.json: not the keys of a claims file")
    return Dependencies(
        articles=dict(data["articles"]),
        claims=claims,
        ids={p: tuple(ids) for p, ids in data["ids"].items()},
    )


class CheckCache:
    """The last run in three JSON files: ``check.json`` (hashes and findings: all a replay
    reads), ``deps.json`` (dependencies, entry hashes of the library) and ``library.json``
    (the parsed library, rewritten only when the library changes). Each names the run it
    belongs to; ``deps.json`` and ``check.json`` are used together only when they name the same."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ranked = 0  # how many rankings were read from the cache

    def _read(self, name: str) -> Any:
        data = orjson.loads(sealed(self.folder / name))
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise ValueError(name)
        return data

    def run(self, root: Path, settings: Settings) -> Run | None:
        try:
            data, texts = read_header(self.folder / ENTRY)
            files, findings = data["files"], _stored(data["findings"], texts)
            if not isinstance(files, dict):
                raise ValueError(ENTRY)
            stored = Stored(str(data["run"]), files, findings, tuple(data["inventory"]["files"]))
            delta = _delta(self.folder / DELTA, stored)
            if delta is not None:
                data, files, findings = _applied(delta, stored)
            rules = tuple(RULES_BY_ID[rule_id] for rule_id in data["rules"])
            listed = data["inventory"]["files"]  # check.json's, unless a delta changed them
            files_read = stored.inventory_files if delta is None or listed is None else tuple(listed)
            inventory = Inventory(**{**data["inventory"], "files": files_read})
            run_id, deps_id, base = str(data["run"]), str(data["deps_run"]), str(data["base"])
            found = StoredFindings(findings, ordered=True, tally=Tally.from_data(data["tally"]))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
            return None  # no entry, or one this version cannot read: check again
        result = CheckResult(Project(root=root, settings=settings), rules, found, settings.strict, inventory)
        return Run(base, files, result, run_id, deps_id, stored)

    def entry(self, run: Run | None) -> Entry | None:
        if run is None:
            return None
        try:
            data = self._deps_file(run)
            deps, bib_entries, bib_hash = _deps(data["deps"]), dict(data["bib_entries"]), data["bib_hash"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        root = run.result.project.root

        def library() -> Bibliography | None:
            try:
                stored, body = read_header(self.folder / "library.json")
                if stored["hash"] != bib_hash:
                    raise ValueError("library.json is not the library of this run")
                bib = bibliography_of(stored["library"], body, root)
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                return MISSING  # type: ignore[return-value]
            if bib is not None:
                bib.rankings.update(self._rankings(bib_hash))
                self.ranked = len(bib.rankings)
            return bib

        return Entry(
            run.base, run.files, run.result, deps, bib_entries, library, run.deps_id, stored=run.stored
        )

    def _rankings(self, bib_hash: str) -> dict[str, list[tuple[str, float]]]:
        try:
            data = self._read(RANKINGS)
            if data["key"] != rankings_key(bib_hash):
                return {}
            rankings = data["rankings"]
            if not isinstance(rankings, dict):
                raise ValueError(RANKINGS)
            return rankings  # pairs as JSON lists: the ranker reads them as (key, score)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def put_rankings(self, bib_hash: str, bib: Bibliography | None) -> None:
        """Keep the library's rankings (``suggest.Ranker``) when this run added some."""
        if bib is not None and len(bib.rankings) > self.ranked:
            data = {"format": CACHE_FORMAT, "key": rankings_key(bib_hash), "rankings": bib.rankings}
            store_file(self.folder, RANKINGS, orjson.dumps(data))

    def _deps_file(self, run: Run) -> Any:
        """``deps.json``, if it is the one of ``run``."""
        data = self._read("deps.json")
        if data["run"] != run.deps_id:
            raise ValueError("deps.json is not of this run")
        return data

    def dependencies(self, run: Run) -> Dependencies:
        return _deps(self._deps_file(run)["deps"])

    def put(
        self,
        entry: Entry,
        bib_hash: str,
        library: Bibliography | object | None = MISSING,
        write_deps: bool = True,
    ) -> None:
        """Write ``entry``; ``library`` only when given (the library changed or is new), the
        dependencies unless told they did not change (then the entry's ``deps_id`` names the
        ``deps.json`` already there)."""
        result = entry.result
        run_id = os.urandom(16).hex()  # uuid would import platform: 7 ms of a re-check
        deps_id = run_id if write_deps or not entry.deps_id else entry.deps_id
        if library is not MISSING:
            store_file(self.folder, "library.json", library_file(bib_hash, library))  # type: ignore[arg-type]
        if deps_id == run_id:
            deps = {
                "format": CACHE_FORMAT,
                "run": run_id,
                "deps": {"articles": entry.deps.articles, "claims": entry.deps.claims, "ids": entry.deps.ids},
                "bib_entries": entry.bib_entries,
                "bib_hash": bib_hash,
            }
            store_file(self.folder, "deps.json", orjson.dumps(deps))
        per_file = result.stored.files
        inventory = _inventory_data(result.inventory)
        header: dict[str, Any] = {
            "format": CACHE_FORMAT,
            "run": run_id,
            "deps_run": deps_id,
            "base": entry.base,
            "tally": result.stored.tally.data(),
        }
        stored = entry.stored
        paths = _changes(stored, entry.files, per_file) if stored is not None else None
        if stored is not None and paths is not None:
            if inventory["files"] == stored.inventory_files:
                inventory["files"] = None
            header |= {
                "of": stored.run_id,
                "files": {p: entry.files.get(p) for p in paths},
                "rules": [r.id for r in result.rules],
                "inventory": inventory,
                "findings": {p: per_file[p].data() if p in per_file else None for p in paths},
            }
            texts = [per_file[p].text for p in paths if p in per_file]
            store_file(self.folder, DELTA, [orjson.dumps(header), b"\n", *texts])
            return
        header |= {
            "files": entry.files,
            "rules": [r.id for r in result.rules],
            "inventory": inventory,
            "findings": {path: f.data() for path, f in per_file.items()},
        }
        store_file(self.folder, ENTRY, [orjson.dumps(header), b"\n", *(f.text for f in per_file.values())])
        (self.folder / DELTA).unlink(missing_ok=True)  # of the run before: ignored by readers anyway


def bib_entries_of(root: Path, settings: Settings) -> dict[str, str]:
    path = root / settings.paths.references
    return bib_entries(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else {}
