"""The check cache: a run's findings, replayed when nothing the run depends on has changed.

The key is a hash of everything that decides the findings: the content of every input file
(articles, claims files, the BibTeX library, the reference lock, the configuration files,
files named in rule options), the effective settings, the source of the installed package
(rules, lexicons, schemas), the tool version, and the date (a rule may judge how old an
article is, so nothing is replayed from another day). File contents are hashed, not their
modification times: a cache restored in CI or a file touched without a change cannot make it
stale, and any change to any input misses. A stale cache can therefore never hide a finding;
at worst it is not used.

The entry is JSON (findings are plain data), written atomically. Nothing in it is executed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from claimcheck import __version__
from claimcheck.atomic import write_atomic
from claimcheck.changes import Dependencies, bib_entries
from claimcheck.engine import CheckResult, Inventory, check, preparers
from claimcheck.errors import ClaimcheckError
from claimcheck.finding import Category, Finding, Severity
from claimcheck.load import ARTICLE_SUFFIXES, CLAIMS_SUFFIXES, load_project
from claimcheck.location import Span
from claimcheck.project import Bibliography, Project, ReferenceRecord
from claimcheck.rules import RULES_BY_ID
from claimcheck.settings import CONFIG_FILE, Settings

CACHE_DIR = ".claimcheck_cache"
ENTRY = "check.json"
CACHE_FORMAT = 3
_PACKAGE = Path(__file__).resolve().parent


@cache
def tool_fingerprint() -> str:
    """The version and a hash of every file of the installed package (code and data)."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def file_digest(path: str) -> str:
    with open(path, "rb", buffering=0) as handle:
        return hashlib.sha256(handle.readall()).hexdigest()


def _listed(root: Path, folder: str, suffixes: tuple[str, ...]) -> list[str]:
    """``folder/name`` (relative, POSIX) of its files with one of ``suffixes``."""
    prefix = PurePosixPath(folder).as_posix()
    try:
        with os.scandir(root / folder) as entries:
            return [
                f"{prefix}/{e.name}"
                for e in entries
                if e.name.endswith(suffixes) and not e.name.startswith(".") and e.is_file()
            ]
    except OSError:
        return []


def _option_files(root: Path, settings: Settings) -> list[str]:
    """Files that rule options name (a project lexicon, a CSL style): their content counts."""
    found = []
    for options in settings.options.values():
        for value in options.values():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, str) and 0 < len(item) < 500 and (root / item).is_file():
                    found.append(PurePosixPath(item).as_posix())
    return found


def input_files(root: Path, settings: Settings) -> list[str]:
    """Every input of a run, relative to ``root`` (POSIX), sorted."""
    paths = settings.paths
    single = [
        paths.references,
        paths.lock,
        CONFIG_FILE,
        "pyproject.toml",
        *_option_files(root, settings),
        *settings.packs,
    ]
    files = {
        *_listed(root, paths.articles, ARTICLE_SUFFIXES),
        *_listed(root, paths.claims, CLAIMS_SUFFIXES),
        *(PurePosixPath(p).as_posix() for p in single if (root / p).is_file()),
    }
    return sorted(files)


Stamps = dict[str, tuple[int, int, int]]


def input_stamps(root: Path, settings: Settings) -> Stamps:
    """Size, modification and change times of every input: taken before the inputs are hashed
    and again after the run, they tell whether a file was written while the run read it (then
    nothing is stored). Only that: what the cache is keyed by is the content."""
    stamps: Stamps = {}
    for f in input_files(root, settings):
        try:
            st = os.stat(os.path.join(root, f))
        except OSError:
            continue
        stamps[f] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return stamps


def input_hashes(root: Path, settings: Settings) -> dict[str, str]:
    """Relative path -> content hash of every input of a run (one thread: measured 10 times
    faster than two for 20,000 small files)."""
    return {f: file_digest(os.path.join(root, f)) for f in input_files(root, settings)}


def base_key(settings: Settings, hashes: dict[str, str]) -> str:
    """What must be equal for any reuse: tool, settings, and every input that is not an
    article, a claims file or the library (configuration, lock, files named in options)."""
    content = _content_paths(settings, hashes)
    material = {
        "format": CACHE_FORMAT,
        "day": dt.datetime.now(dt.UTC).date().isoformat(),  # rules may judge dates (currency)
        "tool": tool_fingerprint(),
        "settings": settings.model_dump(mode="json"),
        "files": sorted((p, h) for p, h in hashes.items() if p not in content),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _content_paths(settings: Settings, hashes: dict[str, str]) -> set[str]:
    paths = settings.paths
    articles = PurePosixPath(paths.articles).as_posix() + "/"
    claims = PurePosixPath(paths.claims).as_posix() + "/"
    out = {PurePosixPath(paths.references).as_posix()}
    for path in hashes:
        for folder, suffixes in ((articles, ARTICLE_SUFFIXES), (claims, CLAIMS_SUFFIXES)):
            if path.startswith(folder) and "/" not in path[len(folder) :] and path.endswith(suffixes):
                out.add(path)
    return out


def _finding_data(f: Finding) -> list[Any]:
    span = f.span
    return [
        f.rule, f.category.value, f.severity.value, f.path,
        [span.line, span.column, span.end_line, span.end_column],
        f.message, f.hint, f.article, f.claim, f.reference, f.waived,
    ]  # fmt: skip


_CATEGORIES = {c.value: c for c in Category}
_SEVERITIES = {s.value: s for s in Severity}


def _finding(data: list[Any]) -> Finding:
    rule, category, severity, path, span, message, hint, article, claim, reference, waived = data
    return Finding(
        rule, _CATEGORIES[category], _SEVERITIES[severity], path, Span(*span),
        message, hint, article, claim, reference, waived,
    )  # fmt: skip


def _inventory_data(inventory: Inventory) -> dict[str, Any]:
    return {
        "articles": inventory.articles,
        "claims": inventory.claims,
        "references": inventory.references,
        "files": inventory.files,
    }


Cached = tuple[CheckResult, Callable[[], Dependencies]]
"""A run's result, and (read only when asked, for ``--changed-since``) its dependencies."""

_MISSING = object()


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


def _bib_data(bib: Bibliography | None) -> dict[str, Any] | None:
    if bib is None:
        return None

    def record(r: ReferenceRecord) -> list[Any]:
        span = [r.span.line, r.span.column, r.span.end_line, r.span.end_column]
        return [r.key, r.entry_type, r.fields, span, r.field_lines]

    return {
        "path": bib.path,
        "entries": [record(r) for r in bib.entries.values()],
        "duplicates": [record(r) for r in bib.duplicates],
    }


def _bibliography(data: dict[str, Any] | None, root: Path) -> Bibliography | None:
    if data is None:
        return None

    def record(item: list[Any]) -> ReferenceRecord:
        key, entry_type, fields, span, lines = item
        return ReferenceRecord(key, entry_type, dict(fields), Span(*span), dict(lines))

    text = (root / data["path"]).read_text(encoding="utf-8")
    entries = {item[0]: record(item) for item in data["entries"]}
    return Bibliography(data["path"], text, entries, [record(item) for item in data["duplicates"]])


def _deps(data: dict[str, Any]) -> Dependencies:
    return Dependencies(
        articles=dict(data["articles"]),
        claims={p: (a, tuple(k), n) for p, (a, k, n) in data["claims"].items()},
        ids={p: tuple(ids) for p, ids in data["ids"].items()},
    )


class CheckCache:
    """The last run in three JSON files, written atomically: ``check.json`` (hashes and
    findings: all a replay reads), ``deps.json`` (dependencies, entry hashes of the library)
    and ``library.json`` (the parsed library, rewritten only when the library changes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _read(self, name: str) -> Any:
        data = json.loads((self.folder / name).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
            raise ValueError(name)
        return data

    def run(self, root: Path, settings: Settings) -> tuple[str, dict[str, str], CheckResult] | None:
        try:
            data = self._read(ENTRY)
            rules = tuple(RULES_BY_ID[rule_id] for rule_id in data["rules"])
            findings = tuple(_finding(item) for item in data["findings"])
            inventory = Inventory(**{**data["inventory"], "files": tuple(data["inventory"]["files"])})
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one this version cannot read: check again
        result = CheckResult(
            Project(root=root, settings=settings), rules, findings, settings.strict, inventory
        )
        return data["base"], dict(data["files"]), result

    def entry(self, run: tuple[str, dict[str, str], CheckResult] | None) -> Entry | None:
        try:
            data = self._read("deps.json")
            deps, bib_entries, bib_hash = _deps(data["deps"]), dict(data["bib_entries"]), data["bib_hash"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if run is None:
            return None

        def library() -> Bibliography | None:
            try:
                stored = self._read("library.json")
                if stored["hash"] != bib_hash:
                    raise ValueError("library.json is not the library of this run")
                return _bibliography(stored["library"], run[2].project.root if run else Path("."))
            except (OSError, ValueError, KeyError, TypeError):
                return _MISSING  # type: ignore[return-value]

        return Entry(run[0], run[1], run[2], deps, bib_entries, library)

    def dependencies(self) -> Dependencies:
        return _deps(self._read("deps.json")["deps"])

    def put(
        self,
        entry: Entry,
        bib_hash: str,
        library: Bibliography | object | None = _MISSING,
        write_deps: bool = True,
    ) -> None:
        """Write ``entry``; ``library`` only when given (the library changed or is new), the
        dependencies unless told they did not change."""
        result = entry.result
        run = {
            "format": CACHE_FORMAT,
            "base": entry.base,
            "files": entry.files,
            "rules": [r.id for r in result.rules],
            "inventory": _inventory_data(result.inventory),
            "findings": [_finding_data(f) for f in result.findings],
        }
        deps = {
            "format": CACHE_FORMAT,
            "deps": {"articles": entry.deps.articles, "claims": entry.deps.claims, "ids": entry.deps.ids},
            "bib_entries": entry.bib_entries,
            "bib_hash": bib_hash,
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                write_atomic(ignore, "# created by claimcheck\n*\n")
            if library is not _MISSING:
                stored = {"format": CACHE_FORMAT, "hash": bib_hash, "library": _bib_data(library)}  # type: ignore[arg-type]
                write_atomic(self.folder / "library.json", json.dumps(stored, ensure_ascii=False))
            if write_deps:
                text = json.dumps(deps, ensure_ascii=False, separators=(",", ":"))
                write_atomic(self.folder / "deps.json", text)
            write_atomic(self.folder / ENTRY, json.dumps(run, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # a read-only checkout still gets its findings; only the next run is slower


def _bib_entries(root: Path, settings: Settings) -> dict[str, str]:
    path = root / settings.paths.references
    return bib_entries(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else {}


def cached_check(
    root: Path,
    settings: Settings,
    folder: Path | None,
    jobs: int | None = None,
    hashes: dict[str, str] | None = None,
    stamps: Stamps | None = None,
) -> Cached:
    """Check ``root`` with the cache in ``folder`` (``None``: no cache): replay the last run
    when no input changed, re-check only the touched units when only content changed and
    every active rule is unit-scoped, else check everything. ``hashes`` and ``stamps``: the
    inputs' hashes and stamps when the caller has them already (stamps taken first)."""
    if folder is None:
        project = load_project(root, settings, jobs, preparers(settings))
        deps = Dependencies.of(project)
        return check(project, settings), lambda: deps
    from claimcheck.incremental import recheck  # the partial re-check builds on this module

    store = CheckCache(folder)
    if hashes is None or stamps is None:
        stamps = input_stamps(root, settings)
        hashes = input_hashes(root, settings)
    base = base_key(settings, hashes)
    bib_hash = hashes.get(PurePosixPath(settings.paths.references).as_posix(), "")
    run = store.run(root, settings)
    if run is not None and run[0] == base and run[1] == hashes:

        def dependencies() -> Dependencies:
            try:
                return store.dependencies()
            except (OSError, ValueError, KeyError, TypeError):  # deps.json gone: work them out
                return Dependencies.of(load_project(root, settings, jobs))

        return run[2], dependencies
    entry = store.entry(run) if run is not None and run[0] == base else None
    if entry is not None:
        updated = recheck(entry, root, settings, hashes)
        if updated is not None:
            bib_changed = entry.files.get(PurePosixPath(settings.paths.references).as_posix()) != bib_hash
            library = updated.library() if bib_changed else _MISSING
            same = not bib_changed and updated.deps == entry.deps
            if input_stamps(root, settings) == stamps:  # no file written while we read
                store.put(updated, bib_hash, library, write_deps=not same)
            return updated.result, lambda: updated.deps
    project = load_project(root, settings, jobs, preparers(settings))
    result, deps = check(project, settings), Dependencies.of(project)
    bib = project.bibliography
    if input_stamps(root, settings) == stamps:  # no file written while we read
        store.put(Entry(base, hashes, result, deps, _bib_entries(root, settings), lambda: bib), bib_hash, bib)
    return result, lambda: deps


def report_key(settings: Settings, hashes: dict[str, str], fmt: str) -> str:
    """The key of a rendered report: everything a run depends on, and the format."""
    material = [base_key(settings, hashes), sorted(hashes.items()), fmt]
    return hashlib.sha256(json.dumps(material).encode()).hexdigest()


class ReportCache:
    """The last report rendered in each format, replayed as text when its key matches: a
    replay then needs the inputs' hashes only (reporters are pure functions of the run)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, fmt: str) -> Path:
        return self.folder / f"report.{fmt}"

    def get(self, key: str, fmt: str) -> tuple[str, str, int] | None:
        """(report, summary line, exit code), or ``None``."""
        try:
            header, _, text = self._path(fmt).read_text(encoding="utf-8").partition("\n")
            meta = json.loads(header)
            if meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
                return None
            return text, str(meta["summary"]), int(meta["exit"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, fmt: str, text: str, summary: str, exit_code: int) -> None:
        header = json.dumps({"format": CACHE_FORMAT, "key": key, "summary": summary, "exit": exit_code})
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._path(fmt), header + "\n" + text)
        except (OSError, ClaimcheckError):
            pass
