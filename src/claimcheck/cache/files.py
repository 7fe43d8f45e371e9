"""The cache's files: their names and format, read mapped and unsealed, written atomically and sealed."""

from __future__ import annotations

import contextlib
import mmap
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from claimcheck.cache.sealing import seal, unseal
from claimcheck.core.errors import ClaimcheckError
from claimcheck.fs.atomic import ignored_folder, write_atomic
from claimcheck.fs.safe_paths import open_regular

CACHE_DIR = ".claimcheck_cache"


ENTRY = "check.json"


DELTA = "check.delta.json"


HASHES = "hashes.json"


RANKINGS = "rankings.json"


CACHE_FORMAT = 8


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


def store_file(folder: Path, name: str, data: bytes | Sequence[bytes | memoryview]) -> None:
    """Write a cache file (atomic, not durable); a folder that cannot be written is no error."""
    # a read-only checkout still gets its findings; only the next run is slower
    with contextlib.suppress(OSError, ClaimcheckError):
        write_atomic(ignored_folder(folder) / name, seal(data), durable=False)


def read_header(path: Path) -> tuple[dict[str, Any], memoryview]:
    """The header (first line) of a cache entry, and the findings' text after it (a view: the
    30 MB are not copied)."""
    view = sealed(path)
    end = first_newline(view)
    if end < 0:
        raise ValueError(path.name)
    data = orjson.loads(view[:end])
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError(path.name)
    return data, view[end + 1 :]


def first_newline(view: memoryview) -> int:
    """The offset of the first newline in ``view`` (-1: none), without copying what follows it."""
    at = 0
    while at < len(view):
        chunk = bytes(view[at : at + 65536])
        found = chunk.find(b"\n")
        if found >= 0:
            return at + found
        at += len(chunk)
    return -1
