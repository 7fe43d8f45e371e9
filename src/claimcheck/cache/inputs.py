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
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

import orjson

from claimcheck import __version__
from claimcheck.cache.files import CACHE_FORMAT, HASHES, sealed, store_file
from claimcheck.fs.safe_paths import utf8_name
from claimcheck.load import CLAIMS_SUFFIXES
from claimcheck.load.layout import article_filter, claims_filter, listed_articles
from claimcheck.settings import CONFIG_FILE, Settings

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
        return cls(stamps, hashed(root, stamps, taken, folder))


def hashed(root: Path, stamps: Stamps, taken: int, folder: Path | None) -> dict[str, str]:
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
        store_file(folder, HASHES, orjson.dumps({"format": CACHE_FORMAT, "files": keep}))
    return hashes


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
