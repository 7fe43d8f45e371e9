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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import mmap
import os
import signal
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from claimcheck import __version__
from claimcheck.cache.sealing import body_of, seal, unseal
from claimcheck.core.errors import ClaimcheckError
from claimcheck.core.location import Span
from claimcheck.fs.atomic import write_atomic
from claimcheck.fs.safe_paths import open_regular, utf8_name
from claimcheck.load import CLAIMS_SUFFIXES, load_project
from claimcheck.load.layout import article_filter, claims_filter, listed_articles
from claimcheck.load.project import Bibliography, Project, ReferenceRecord
from claimcheck.rules import RULES_BY_ID
from claimcheck.run.changes import Dependencies, bib_entries
from claimcheck.run.engine import CheckResult, Inventory, check, preparers
from claimcheck.run.stored import FileFindings, StoredFindings, Tally
from claimcheck.settings import CONFIG_FILE, Settings

CACHE_DIR = ".claimcheck_cache"
ENTRY = "check.json"
DELTA = "check.delta.json"
DELTA_SHARE = 0.1
"""A re-check writes the files it changed to ``check.delta.json`` while they are at most this
share of ``check.json``'s files (and of its findings' text); beyond, ``check.json`` anew."""
HASHES = "hashes.json"
RANKINGS = "rankings.json"
CACHE_FORMAT = 6
RACY_NS = 2_000_000_000
"""A file changed this close (ns) before its stat was taken is hashed again next time."""
_PACKAGE = Path(__file__).resolve().parent.parent


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
                if e.name.endswith(suffixes)
                and not e.name.startswith(".")
                and utf8_name(e.name)
                and e.is_file()
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
        *([settings.judgment.model] if settings.judgment.model else []),  # a learned model
    ]
    files = {
        *listed_articles(root, paths),
        *_listed(root, paths.claims, CLAIMS_SUFFIXES),
        *(PurePosixPath(p).as_posix() for p in single if (root / p).is_file()),
    }
    return sorted(files)


Stamp = tuple[int, int, int, int, int]
"""Size, modification time, change time (ns), inode and device of a file."""
Stamps = dict[str, Stamp]


def stamps_of(root: Path, files: Iterable[str]) -> Stamps:
    """The stamps of those ``files`` (relative to ``root``) that exist."""
    stamps: Stamps = {}
    prefix, stat = f"{root}/", os.stat  # 20,000 calls: no os.path.join
    for f in files:
        try:
            st = stat(prefix + f)
        except OSError:
            continue
        stamps[f] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
    return stamps


def input_stamps(root: Path, settings: Settings) -> Stamps:
    """The stamps of every input: taken before the inputs are hashed and again after the run,
    they tell whether a file was written while the run read it (then nothing is stored)."""
    return stamps_of(root, input_files(root, settings))


@dataclass(frozen=True)
class InputState:
    """Every input of a run: its stamp, taken first, and its content hash."""

    stamps: Stamps
    hashes: dict[str, str]
    _bases: list[tuple[Settings, str]] = field(default_factory=list, compare=False, repr=False)

    def base_key(self, settings: Settings) -> str:
        """:func:`base_key` of these inputs, worked out once (the report key needs it too)."""
        for known, key in self._bases:
            if known is settings:
                return key
        key = base_key(settings, self.hashes)
        self._bases.append((settings, key))
        return key

    @classmethod
    def take(cls, root: Path, settings: Settings, folder: Path | None = None) -> InputState:
        """Stamp and hash every input; with a cache ``folder``, reuse the hashes it keeps for
        files whose stamp is unchanged, and keep the new ones there."""
        taken = time.time_ns()
        stamps = input_stamps(root, settings)
        return cls(stamps, _hashed(root, stamps, taken, folder))


def _hashed(root: Path, stamps: Stamps, taken: int, folder: Path | None) -> dict[str, str]:
    """The hashes of the files ``stamps`` names (stamped at ``taken``): kept ones reused, new
    settled ones kept in ``folder``."""
    known = _known_hashes(folder) if folder is not None else {}
    hashes: dict[str, str] = {}
    keep: dict[str, list[Any]] = {}
    settled, new = taken - RACY_NS, False
    for f, stamp in stamps.items():
        digest = _remembered(known.get(f), stamp)
        fresh = digest is None
        if digest is None:
            digest = file_digest(os.path.join(root, f))
        hashes[f] = digest
        if stamp[2] < settled:  # not changed just now: the stamp says it all
            keep[f] = [*stamp, digest]
            new = new or fresh
    if folder is not None and new:
        # new or changed settled hashes (a file only dropped is hashed next time anyway)
        _store(folder, HASHES, orjson.dumps({"format": CACHE_FORMAT, "files": keep}))
    return hashes


class PendingState:
    """The inputs of a first run (no cache entry, so nothing to replay): stamped now, hashed
    meanwhile by a forked process, while this one parses the library with one core idle (and
    the files read by the hashing are then in the page cache for the loader's workers). The
    hashes are needed only to write the cache at the end. Without ``fork``: hashed then."""

    def __init__(self, root: Path, settings: Settings, folder: Path) -> None:
        self.root, self.folder = root, folder
        self.taken = time.time_ns()
        self.stamps = input_stamps(root, settings)  # before any file is read
        self._state: InputState | None = None
        self._child: tuple[int, int] | None = None
        if hasattr(os, "fork") and len(self.stamps) >= FORK_FROM:
            self._fork()

    def _fork(self) -> None:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: hash, send, and leave without running the parent's exit code
            code = 1
            try:
                os.close(read_end)
                data = orjson.dumps(_hashed(self.root, self.stamps, self.taken, self.folder))
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._child = (pid, read_end)

    def result(self) -> InputState:
        """The stamps and hashes (waits for the hashing process; hashes here if it failed)."""
        if self._state is None:
            hashes = self._collect()
            if hashes is None or hashes.keys() != self.stamps.keys():
                hashes = _hashed(self.root, self.stamps, self.taken, self.folder)
            self._state = InputState(self.stamps, hashes)
        return self._state

    def abandon(self) -> None:
        """Stop the hashing process (the run failed: its hashes will not be needed)."""
        if self._child is not None:
            pid, read_end = self._child
            self._child = None
            with contextlib.suppress(OSError):
                os.close(read_end)
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)

    def _collect(self) -> dict[str, str] | None:
        if self._child is None:
            return None
        pid, read_end = self._child
        self._child = None
        try:
            with os.fdopen(read_end, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            hashes = orjson.loads(data) if os.waitstatus_to_exitcode(status) == 0 else None
        except (OSError, ValueError):
            return None
        if not isinstance(hashes, dict) or not all(isinstance(h, str) for h in hashes.values()):
            return None
        return hashes


FORK_FROM = 2_000
"""From this many inputs a first run hashes them in a forked process (fewer: at once)."""


_POPULATE: int = getattr(mmap, "MAP_POPULATE", 0)


def mapped(path: Path) -> mmap.mmap | bytes:
    """A cache file's bytes, mapped read-only rather than read (a view into the page cache).

    In this tool's measurements a fresh page of memory cost microseconds to fault in (the
    kernel zeroes it; in a virtual machine the host may have to back it first): reading the
    80 MB of a 10,000-article cache into memory was a fifth of a one-article re-check. A mapped
    file's pages are the page cache's. Cache files are only ever replaced by a rename (never
    truncated or written in place), so a mapping always sees a whole file."""
    with os.fdopen(open_regular(path), "rb") as handle:
        if os.name == "nt":  # a mapped file cannot be replaced there: the run's own write would fail
            return handle.read()
        try:
            if _POPULATE:  # all of it is read: mapped at once, not one page fault at a time
                return mmap.mmap(handle.fileno(), 0, flags=mmap.MAP_SHARED | _POPULATE, prot=mmap.PROT_READ)
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file cannot be mapped
            return b""


def usable_folder(folder: Path) -> str | None:
    """Why ``folder`` must not hold the cache, or ``None`` when it may: a symbolic link (a
    committed link would make the check write wherever it points) or anything but a folder
    is neither read nor written."""
    if folder.is_symlink():
        return "it is a symbolic link"
    if folder.exists() and not folder.is_dir():
        return "it is not a folder"
    return None


def sealed(path: Path) -> memoryview:
    """A cache file's content, if this machine wrote it (:mod:`claimcheck.cache.sealing`); else
    :class:`~claimcheck.cache.sealing.Unsealed`, a ``ValueError``: every reader treats it as no file."""
    return unseal(mapped(path), path.name)


def _known_hashes(folder: Path) -> dict[str, Any]:
    """``hashes.json``: path -> [size, mtime_ns, ctime_ns, inode, device, hash]."""
    try:
        data = orjson.loads(sealed(folder / HASHES))
        files = data["files"] if data.get("format") == CACHE_FORMAT else {}
        return files if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _remembered(memo: Any, stamp: Stamp) -> str | None:
    """The hash ``hashes.json`` keeps for a file, if it was taken at this ``stamp``."""
    try:
        if (
            memo[2] == stamp[2]
            and memo[1] == stamp[1]
            and memo[0] == stamp[0]
            and memo[3] == stamp[3]
            and memo[4] == stamp[4]
            and type(memo[5]) is str
        ):
            return str(memo[5])
    except (TypeError, IndexError, KeyError):
        pass  # no memo, or a damaged one
    return None


def _store(folder: Path, name: str, data: bytes | Sequence[bytes | memoryview]) -> None:
    """Write a cache file (atomic, not durable); a folder that cannot be written is no error."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            write_atomic(ignore, "# created by claimcheck\n*\n", durable=False)
        write_atomic(folder / name, seal(data), durable=False)
    except (OSError, ClaimcheckError):
        pass  # a read-only checkout still gets its findings; only the next run is slower


def base_key(settings: Settings, hashes: dict[str, str]) -> str:
    """What must be equal for any reuse: tool, settings, and every input that is not an
    article, a claims file or the library (configuration, lock, files named in options)."""
    content = is_content(settings)
    material = {
        "format": CACHE_FORMAT,
        "day": dt.datetime.now(dt.UTC).date().isoformat(),  # rules may judge dates (currency)
        "tool": tool_fingerprint(),
        "settings": settings.model_dump(mode="json"),
        "files": sorted((p, h) for p, h in hashes.items() if not content(p)),
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def is_content(settings: Settings) -> Callable[[str], bool]:
    """Whether a path (relative, POSIX) is an article, a claims file or the library: the
    inputs a partial re-check may take in, one by one."""
    paths = settings.paths
    is_article, is_claims = article_filter(paths), claims_filter(paths)
    library = PurePosixPath(paths.references).as_posix()

    def content(path: str) -> bool:
        return is_claims(path) or path == library or is_article(path)

    return content


def _header(path: Path) -> tuple[dict[str, Any], memoryview]:
    """The header (first line) of a cache entry, and the findings' text after it (a view: the
    30 MB are not copied)."""
    view = sealed(path)
    end = _newline(view)
    if end < 0:
        raise ValueError(path.name)
    data = orjson.loads(view[:end])
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError(path.name)
    return data, view[end + 1 :]


def _newline(view: memoryview) -> int:
    """The offset of the first newline in ``view`` (-1: none), without copying what follows it."""
    at = 0
    while at < len(view):
        chunk = bytes(view[at : at + 65536])
        found = chunk.find(b"\n")
        if found >= 0:
            return at + found
        at += len(chunk)
    return -1


def _stored(index: dict[str, list[Any] | None], texts: memoryview) -> dict[str, FileFindings]:
    """The findings of an entry: per file, its counts in the header's index, its text in the
    body (the files' texts one after the other, in index order); in a delta, ``None`` for a
    file without findings now."""
    files, at = {}, 0
    for path, data in index.items():
        if data is None:
            continue
        end = at + int(data[4])
        files[path] = FileFindings.from_data(texts[at:end], data[:4])
        at = end
    if at != len(texts):
        raise ValueError("the findings do not match their index")
    return files


def _delta(path: Path, stored: Stored) -> dict[str, Any] | None:
    """``check.delta.json`` when it is over this ``check.json`` (else it is of an older one)."""
    try:
        data, texts = _header(path)
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


def _rankings_key(bib_hash: str) -> str:
    """Rankings depend on the library and the tool only (not on settings or the day)."""
    return hashlib.sha256(f"{tool_fingerprint()} {bib_hash}".encode()).hexdigest()


def _reference_data(r: ReferenceRecord) -> list[Any]:
    span = [r.span.line, r.span.column, r.span.end_line, r.span.end_column]
    return [r.key, r.entry_type, r.fields, span, r.field_lines]


def _reference(item: list[Any]) -> ReferenceRecord:
    key, entry_type, fields, span, lines = item
    if type(fields) is not dict or type(lines) is not dict:
        raise ValueError("not a reference")
    return ReferenceRecord(str(key), str(entry_type), fields, Span(*span), lines)


def _library_file(bib_hash: str, bib: Bibliography | None) -> list[bytes]:
    """``library.json``: a header line (the entries' keys and where each ends in the body), then
    the entries one after the other, each as JSON."""
    header: dict[str, Any] = {"format": CACHE_FORMAT, "hash": bib_hash, "library": None}
    if bib is None:
        return [orjson.dumps(header), b"\n"]
    body = [orjson.dumps(_reference_data(r)) for r in bib.entries.values()]
    ends, at, crc = [], 0, 0
    for piece in body:
        at += len(piece)
        ends.append(at)
        crc = zlib.crc32(piece, crc)
    header["library"] = {
        "path": bib.path,
        "keys": list(bib.entries),
        "ends": ends,
        "crc": crc,
        "duplicates": [_reference_data(r) for r in bib.duplicates],
    }
    return [orjson.dumps(header), b"\n", *body]


class LazyEntries(MutableMapping[str, ReferenceRecord]):
    """The entries ``library.json`` keeps, each made a record when first asked for: a re-check
    of one article looks up the few its claims cite, not 20,000 (made, they cost 40 ms)."""

    def __init__(self, body: memoryview, spans: dict[str, tuple[int, int]]) -> None:
        self._body, self._spans = body, spans
        self._made: dict[str, ReferenceRecord] = {}

    def __getitem__(self, key: str) -> ReferenceRecord:
        made = self._made.get(key)
        if made is None:
            start, end = self._spans[key]
            made = self._made[key] = _reference(orjson.loads(self._body[start:end]))
        return made

    def __contains__(self, key: object) -> bool:
        return key in self._spans

    def __iter__(self) -> Iterator[str]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __setitem__(self, key: str, value: ReferenceRecord) -> None:
        self._spans.setdefault(key, (0, 0))
        self._made[key] = value

    def __delitem__(self, key: str) -> None:
        del self._spans[key]
        self._made.pop(key, None)


def _bibliography(data: dict[str, Any] | None, body: memoryview, root: Path) -> Bibliography | None:
    """The library of ``library.json`` (checked whole: its body's length and CRC-32)."""
    if data is None:
        return None
    keys, ends = data["keys"], data["ends"]
    if len(keys) != len(ends) or (ends[-1] if ends else 0) != len(body) or zlib.crc32(body) != data["crc"]:
        raise ValueError("library.json: the entries do not match their index")
    spans = dict(zip(keys, zip([0, *ends[:-1]], ends, strict=True), strict=True))
    text = (root / data["path"]).read_text(encoding="utf-8")
    duplicates = [_reference(item) for item in data["duplicates"]]
    return Bibliography(data["path"], text, LazyEntries(body, spans), duplicates)


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
            data, texts = _header(self.folder / ENTRY)
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
                stored, body = _header(self.folder / "library.json")
                if stored["hash"] != bib_hash:
                    raise ValueError("library.json is not the library of this run")
                bib = _bibliography(stored["library"], body, root)
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                return _MISSING  # type: ignore[return-value]
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
            if data["key"] != _rankings_key(bib_hash):
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
            data = {"format": CACHE_FORMAT, "key": _rankings_key(bib_hash), "rankings": bib.rankings}
            _store(self.folder, RANKINGS, orjson.dumps(data))

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
        library: Bibliography | object | None = _MISSING,
        write_deps: bool = True,
    ) -> None:
        """Write ``entry``; ``library`` only when given (the library changed or is new), the
        dependencies unless told they did not change (then the entry's ``deps_id`` names the
        ``deps.json`` already there)."""
        result = entry.result
        run_id = os.urandom(16).hex()  # uuid would import platform: 7 ms of a re-check
        deps_id = run_id if write_deps or not entry.deps_id else entry.deps_id
        if library is not _MISSING:
            _store(self.folder, "library.json", _library_file(bib_hash, library))  # type: ignore[arg-type]
        if deps_id == run_id:
            deps = {
                "format": CACHE_FORMAT,
                "run": run_id,
                "deps": {"articles": entry.deps.articles, "claims": entry.deps.claims, "ids": entry.deps.ids},
                "bib_entries": entry.bib_entries,
                "bib_hash": bib_hash,
            }
            _store(self.folder, "deps.json", orjson.dumps(deps))
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
            _store(self.folder, DELTA, [orjson.dumps(header), b"\n", *texts])
            return
        header |= {
            "files": entry.files,
            "rules": [r.id for r in result.rules],
            "inventory": inventory,
            "findings": {path: f.data() for path, f in per_file.items()},
        }
        _store(self.folder, ENTRY, [orjson.dumps(header), b"\n", *(f.text for f in per_file.values())])
        (self.folder / DELTA).unlink(missing_ok=True)  # of the run before: ignored by readers anyway


def _bib_entries(root: Path, settings: Settings) -> dict[str, str]:
    path = root / settings.paths.references
    return bib_entries(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else {}


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
    state: InputState | PendingState | None = None,
) -> Outcome:
    """Check ``root`` with the cache in ``folder`` (``None``: no cache): replay the last run
    when no input changed, re-check only the touched units when only content changed and
    every active rule is unit-scoped, else check everything. ``state``: the inputs' stamps and
    hashes when the caller has taken them already (pending: a first run, nothing to reuse)."""
    if folder is None:
        project = load_project(root, settings, jobs, preparers(settings))
        deps = Dependencies.of(project)
        return Outcome(check(project, settings), lambda: deps, False)
    from claimcheck.cache.incremental import recheck  # the partial re-check builds on this module

    store = CheckCache(folder)
    if isinstance(state, PendingState):
        return _full_check(root, settings, jobs, store, state)
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
        updated = recheck(entry, root, settings, hashes)
        if updated is not None:
            bib_changed = entry.files.get(PurePosixPath(settings.paths.references).as_posix()) != bib_hash
            library = updated.library() if bib_changed else _MISSING
            same = not bib_changed and updated.deps == entry.deps
            content = is_content(settings)
            read = updated.read | {p for p in hashes if not content(p)}
            stable = stamps_of(root, read) == {p: stamps[p] for p in read if p in stamps}
            if stable:  # no file it read was written meanwhile
                store.put(updated, bib_hash, library, write_deps=not same)
                store.put_rankings(bib_hash, updated.library())
            return Outcome(updated.result, lambda: updated.deps, stable, partial=True)
    return _full_check(root, settings, jobs, store, state)


def _full_check(
    root: Path, settings: Settings, jobs: int | None, store: CheckCache, state: InputState | PendingState
) -> Outcome:
    """Check everything and keep the run in the cache (when no input changed meanwhile)."""
    try:
        project = load_project(root, settings, jobs, preparers(settings))
        result, deps = check(project, settings), Dependencies.of(project)
    except BaseException:
        if isinstance(state, PendingState):
            state.abandon()
        raise
    bib = project.bibliography
    stable = input_stamps(root, settings) == state.stamps
    if stable:  # no file written while we read
        taken = state.result() if isinstance(state, PendingState) else state
        base, hashes = taken.base_key(settings), taken.hashes
        bib_hash = hashes.get(PurePosixPath(settings.paths.references).as_posix(), "")
        store.put(Entry(base, hashes, result, deps, _bib_entries(root, settings), lambda: bib), bib_hash, bib)
        store.put_rankings(bib_hash, bib)
    elif isinstance(state, PendingState):
        state.result()  # the hashing process is waited for
    return Outcome(result, lambda: deps, stable)


def report_key(base: str, hashes: dict[str, str], fmt: str) -> str:
    """The key of a rendered report: everything a run depends on (``base``: the run's
    :func:`base_key`), and the format."""
    material = [base, sorted(hashes.items()), fmt]
    return hashlib.sha256(orjson.dumps(material)).hexdigest()


class ReportCache:
    """The last report rendered in each format, replayed as text when its key matches: a
    replay then needs the inputs' hashes only (reporters are pure functions of the run)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, fmt: str) -> Path:
        return self.folder / f"report.{fmt}"

    def get(self, key: str, fmt: str) -> tuple[memoryview, str, int] | None:
        """(report, summary line, exit code), or ``None``."""
        try:
            raw = mapped(self._path(fmt))
            body = body_of(raw)
            end = _newline(body)
            meta = json.loads(bytes(body[:end]))  # the key first: a miss authenticates nothing
            if not isinstance(meta, dict) or meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
                return None
            body = unseal(raw, self._path(fmt).name)
            return body[end + 1 :], str(meta["summary"]), int(meta["exit"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(
        self, key: str, fmt: str, pieces: Sequence[bytes | memoryview], summary: str, exit_code: int
    ) -> None:
        header = orjson.dumps({"format": CACHE_FORMAT, "key": key, "summary": summary, "exit": exit_code})
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._path(fmt), seal([header, b"\n", *pieces]), durable=False)
        except (OSError, ClaimcheckError):
            pass
