"""What a run read: every input file, its stamp (stat) and content hash (reused from ``hashes.json``
while the stamp is unchanged), and the key that decides whether a run can be replayed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from claimcheck import __version__
from claimcheck.cache.files import CACHE_FORMAT, HASHES, sealed, store_file
from claimcheck.fs.safe_paths import utf8_name
from claimcheck.load.layout import (
    ARTICLE_SUFFIXES,
    CLAIMS_SUFFIXES,
    article_filter,
    claims_filter,
    listed_articles,
)
from claimcheck.settings import CONFIG_FILE, Settings

RACY_NS = 2_000_000_000
"""A file changed this close (ns) before its stat was taken is hashed again next time."""


_PACKAGE = Path(__file__).resolve().parent.parent


TOOL_HASHES = "tool.json"
"""The package's files: path -> [size, mtime_ns, ctime_ns, inode, device, hash], as
``hashes.json`` keeps the inputs'."""

_FINGERPRINT: list[str] = []


def tool_fingerprint(folder: Path | None = None) -> str:
    """The version and a hash of every file of the installed package (code and data), worked
    out once per process. With a cache ``folder``, a file's hash is reused from ``tool.json``
    while its stamp is unchanged, as the inputs' from ``hashes.json`` (:func:`hashed`, and as
    safe: a file written changes its change time, which no user can set back; one written
    within :data:`RACY_NS` of being stamped is hashed again): the 18 MB of the package, most
    of it the scorers' models, are not read and hashed on every run."""
    if not _FINGERPRINT:
        taken = time.time_ns()
        stamps = stamps_of(_PACKAGE, _package_files())  # a file gone meanwhile: left out
        hashes = hashed(_PACKAGE, stamps, taken, folder, TOOL_HASHES)
        digest = hashlib.sha256(__version__.encode())
        for name in stamps:
            digest.update(name.encode() + b"\0")
            digest.update(bytes.fromhex(hashes[name]))
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def _package_files() -> list[str]:
    """The package's files (relative, POSIX), folders in name order, each one's files before
    its subfolders', ``__pycache__`` left out."""
    found = []
    for folder, subfolders, files in os.walk(_PACKAGE):  # (rglob and Path objects: 10 ms more)
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        inner = os.path.relpath(folder, _PACKAGE).replace(os.sep, "/")
        for name in sorted(files):
            if os.path.isfile(os.path.join(folder, name)):
                found.append(name if inner == "." else f"{inner}/{name}")
    return found


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


def listed_inputs(root: Path, settings: Settings) -> tuple[list[str], frozenset[str]]:
    """Every input of a run, relative to ``root`` (POSIX), sorted; and those of them that are
    not content (configuration, lock, files named in options, packs, a learned model): told
    apart here, among a few, rather than by asking of each of 20,000 paths what it is."""
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
    present = [PurePosixPath(p).as_posix() for p in single if (root / p).is_file()]
    files = {*listed_articles(root, paths), *_listed(root, paths.claims, CLAIMS_SUFFIXES), *present}
    content = is_content(settings)
    return sorted(files), frozenset(p for p in present if not content(p))


def input_files(root: Path, settings: Settings) -> list[str]:
    """Every input of a run, relative to ``root`` (POSIX), sorted."""
    return listed_inputs(root, settings)[0]


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
    others: frozenset[str]
    """The inputs that are not content (:func:`listed_inputs`): any change to them is a full check."""
    folder: Path | None = field(default=None, compare=False)
    """The cache's folder, if any."""
    _bases: list[tuple[Settings, str]] = field(default_factory=list, compare=False, repr=False)

    def base_key(self, settings: Settings) -> str:
        """:func:`base_key` of these inputs, worked out once (the report key needs it too)."""
        for known, key in self._bases:
            if known is settings:
                return key
        key = base_key(settings, self.hashes, self.others, self.folder)
        self._bases.append((settings, key))
        return key

    @classmethod
    def take(cls, root: Path, settings: Settings, folder: Path | None = None) -> InputState:
        """Stamp and hash every input; with a cache ``folder``, reuse the hashes it keeps for
        files whose stamp is unchanged, and keep the new ones there."""
        taken = time.time_ns()
        files, others = listed_inputs(root, settings)
        stamps = stamps_of(root, files)
        return cls(stamps, hashed(root, stamps, taken, folder), others, folder)

    def content(self, settings: Settings) -> tuple[list[str], list[str]]:
        """The articles and the claims files among the inputs, sorted (the library aside)."""
        library = PurePosixPath(settings.paths.references).as_posix()
        others = self.others
        articles: list[str] = []
        claims: list[str] = []
        for path in self.hashes:
            if path in others or path == library:
                continue
            (articles if path.endswith(ARTICLE_SUFFIXES) else claims).append(path)
        return sorted(articles), sorted(claims)


def hashed(root: Path, stamps: Stamps, taken: int, folder: Path | None, name: str = HASHES) -> dict[str, str]:
    """The hashes of the files ``stamps`` names (stamped at ``taken``): kept ones reused, new
    settled ones kept in ``folder`` (in its file ``name``)."""
    known = _known_hashes(folder, name) if folder is not None else {}
    hashes: dict[str, str] = {}
    settled, new = taken - RACY_NS, False
    for f, stamp in stamps.items():
        digest = _remembered(known.get(f), stamp)
        if digest is None:
            digest = file_digest(os.path.join(root, f))
            new = new or stamp[2] < settled
        hashes[f] = digest
    if folder is not None and new:
        # new or changed settled hashes (a file only dropped is hashed next time anyway); a
        # file changed just now is not kept: its stamp does not say it all
        keep = {f: [*stamp, hashes[f]] for f, stamp in stamps.items() if stamp[2] < settled}
        store_file(folder, name, orjson.dumps({"format": CACHE_FORMAT, "files": keep}))
    return hashes


def _known_hashes(folder: Path, name: str) -> dict[str, Any]:
    """``hashes.json`` (or ``tool.json``): path -> [size, mtime_ns, ctime_ns, inode, device, hash]."""
    try:
        data = orjson.loads(sealed(folder / name))
        files = data["files"] if data.get("format") == CACHE_FORMAT else {}
        return files if isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _remembered(memo: Any, stamp: Stamp) -> str | None:
    """The hash ``hashes.json`` keeps for a file, if it was taken at this ``stamp``."""
    if type(memo) is list and len(memo) == 6 and tuple(memo[:5]) == stamp and type(memo[5]) is str:
        return memo[5]
    return None  # no memo, another stamp, or a damaged one


def base_key(
    settings: Settings, hashes: dict[str, str], others: frozenset[str], folder: Path | None = None
) -> str:
    """What must be equal for any reuse: tool, settings, and every input that is not an
    article, a claims file or the library (``others``: configuration, lock, files named in
    options). ``folder``: the cache's, where the package's hashes are kept."""
    material = {
        "format": CACHE_FORMAT,
        "day": dt.datetime.now(dt.UTC).date().isoformat(),  # rules may judge dates (currency)
        "tool": tool_fingerprint(folder),
        "settings": settings.model_dump(mode="json"),
        "files": sorted((p, hashes[p]) for p in others if p in hashes),
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
