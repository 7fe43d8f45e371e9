"""The check cache: a run's findings, replayed when nothing the run depends on has changed.

The key is a hash of everything that decides the findings: the content of every input file
(articles, claims files, the BibTeX library, the reference lock, the configuration files,
files named in rule options), the effective settings, the source of the installed package
(rules, lexicons, schemas) and the tool version. File contents are hashed, not their
modification times: a cache restored in CI or a file touched without a change cannot make it
stale, and any change to any input misses. A stale cache can therefore never hide a finding;
at worst it is not used.

The entry is JSON (findings are plain data), written atomically. Nothing in it is executed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from claimcheck import __version__
from claimcheck.atomic import write_atomic
from claimcheck.changes import Dependencies
from claimcheck.engine import CheckResult, Inventory, check
from claimcheck.finding import Category, Finding, Severity
from claimcheck.load import ARTICLE_SUFFIXES, CLAIMS_SUFFIXES, load_project
from claimcheck.location import Span
from claimcheck.project import Project
from claimcheck.rules import RULES_BY_ID
from claimcheck.settings import CONFIG_FILE, Settings

CACHE_DIR = ".claimcheck_cache"
ENTRY = "check.json"
CACHE_FORMAT = 1
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


def file_digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _listed(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if not folder.is_dir():
        return []
    return [p for p in folder.iterdir() if p.suffix in suffixes and not p.name.startswith(".")]


def _option_files(root: Path, settings: Settings) -> list[Path]:
    """Files that rule options name (a project lexicon, a CSL style): their content counts."""
    found = []
    for options in settings.options.values():
        for value in options.values():
            values = value if isinstance(value, list) else [value]
            for item in values:
                if isinstance(item, str) and 0 < len(item) < 500 and (root / item).is_file():
                    found.append(root / item)
    return found


def input_files(root: Path, settings: Settings) -> list[Path]:
    paths = settings.paths
    files = [
        *_listed(root / paths.articles, ARTICLE_SUFFIXES),
        *_listed(root / paths.claims, CLAIMS_SUFFIXES),
        root / paths.references,
        root / paths.lock,
        root / CONFIG_FILE,
        root / "pyproject.toml",
        *_option_files(root, settings),
    ]
    return sorted({p for p in files if p.is_file()})


def input_hashes(root: Path, settings: Settings) -> dict[str, str]:
    """Relative path -> content hash of every input of a run."""
    return {p.relative_to(root).as_posix(): file_digest(p) for p in input_files(root, settings)}


def run_key(settings: Settings, hashes: dict[str, str], extra: dict[str, Any] | None = None) -> str:
    material = {
        "format": CACHE_FORMAT,
        "tool": tool_fingerprint(),
        "settings": settings.model_dump(mode="json"),
        "files": sorted(hashes.items()),
        "extra": extra or {},
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def _finding_data(finding: Finding) -> dict[str, Any]:
    data = asdict(finding)
    data["span"] = [finding.span.line, finding.span.column, finding.span.end_line, finding.span.end_column]
    return data


def _finding(data: dict[str, Any]) -> Finding:
    fields = dict(data)
    fields["span"] = Span(*fields["span"])
    fields["category"] = Category(fields["category"])
    fields["severity"] = Severity(fields["severity"])
    return Finding(**fields)


Cached = tuple[CheckResult, Dependencies]


class CheckCache:
    """One entry per cache folder: the last run's key, findings and dependencies."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str, root: Path, settings: Settings) -> Cached | None:
        try:
            data = json.loads((self.folder / ENTRY).read_text(encoding="utf-8"))
            if data.get("format") != CACHE_FORMAT or data.get("key") != key:
                return None
            rules = tuple(RULES_BY_ID[rule_id] for rule_id in data["rules"])
            findings = tuple(_finding(item) for item in data["findings"])
            inventory = Inventory(**{**data["inventory"], "files": tuple(data["inventory"]["files"])})
            deps = Dependencies(
                articles=dict(data["deps"]["articles"]),
                claims={p: (a, tuple(k), n) for p, (a, k, n) in data["deps"]["claims"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no entry, or one this version cannot read: check again
        result = CheckResult(
            Project(root=root, settings=settings), rules, findings, settings.strict, inventory
        )
        return result, deps

    def put(self, key: str, result: CheckResult, deps: Dependencies) -> None:
        entry = {
            "format": CACHE_FORMAT,
            "key": key,
            "rules": [r.id for r in result.rules],
            "inventory": asdict(result.inventory),
            "deps": asdict(deps),
            "findings": [_finding_data(f) for f in result.findings],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                write_atomic(ignore, "# created by claimcheck\n*\n")
            write_atomic(self.folder / ENTRY, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        except OSError:
            pass  # a read-only checkout still gets its findings; only the next run is slower


def cached_check(root: Path, settings: Settings, folder: Path | None, jobs: int | None = None) -> Cached:
    """Check ``root``, replaying the cache in ``folder`` when every input is unchanged
    (``folder`` None: no cache)."""
    if folder is None:
        project = load_project(root, settings, jobs)
        return check(project, settings), Dependencies.of(project)
    store = CheckCache(folder)
    key = run_key(settings, input_hashes(root, settings))
    hit = store.get(key, root, settings)
    if hit is not None:
        return hit
    project = load_project(root, settings, jobs)
    result, deps = check(project, settings), Dependencies.of(project)
    store.put(key, result, deps)
    return result, deps
