"""The claim ids already used in a corpus, for new ids to stay unique, without loading it.

``claimcheck extract`` proposes the claims of one article; its new ids must not repeat an id of
any claims file (rule CC003). Loading and validating every claims file to learn their ids cost
most of the command's time on a large corpus, so the files are scanned instead: every value of
an ``id:`` key, in block style (``- id: x``, ``  id: x``) or flow style (``{id: x, ...}``),
quoted or not. The scan may over-collect (an ``id:`` inside a block-scalar quote, the id of an
invalid claim): that only makes a new id take a ``-2`` suffix it did not need; it never misses
an id the loader would read, so uniqueness holds.

Opening every claims file of a 1,000-article corpus to extract one article is most of the
command's time, and a corpus changes a few files at a time. So the ids of each file are kept in
an index in the project's cache folder (``.claimcheck_cache/claim-ids.json``) with the file's
stat (size, modification and change times, inode, device), as the check cache keeps its
hashes: a file is opened again only when its stat differs, and a file changed less than
:data:`RACY_NS` before it was stat'ed is not remembered (it could change again within one tick of
the file system's clock and keep its stat). Listing the folder and stat'ing its files opens none
of them. The index is plain JSON, validated when read (anything else is no index). It is not
sealed as the check cache is (importing the check cache would double extract's start-up): a row
is used only when the file's change time, inode and device match, which no index written on
another machine or checkout can match, so a committed or forged index makes every file be read.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import orjson

from claimcheck.core.errors import ClaimcheckError
from claimcheck.fs.atomic import ignored_folder, write_atomic
from claimcheck.fs.safe_paths import open_regular

_ID = re.compile(r"""id(["']?)[ \t]*:[ \t]*["']?([^\s"',}\]#]+)""")
_BEFORE = frozenset(" \t\n\r{,")


def ids_in(data: bytes | str) -> set[str]:
    """The values of the ``id`` keys of a claims file's text. The pattern starts with the
    literal ``id`` (the engine skips to it); what may precede a key is checked after."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    found: set[str] = set()
    for match in _ID.finditer(text):
        at = match.start()
        if match.group(1):  # "id": the opening quote comes first
            at -= 1
            if at < 0 or text[at] != match.group(1):
                continue
        if at == 0 or text[at - 1] in _BEFORE:
            found.add(match.group(2))
    return found


RACY_NS = 2_000_000_000
"""A file changed this close (ns) before its stat was taken is read again next time."""
INDEX = "claim-ids.json"
_FORMAT = "claimcheck-claim-ids/1"


def file_ids(path: str) -> set[str]:
    """The ids of one claims file (none when it cannot be read)."""
    try:  # a FIFO or device among the claims files must not block extract
        with os.fdopen(open_regular(Path(path)), "rb") as handle:
            return ids_in(handle.read())
    except OSError:
        return set()


def taken_ids(folder: Path, suffixes: tuple[str, ...], cache: Path | None = None) -> set[str]:
    """The ids of every claims file directly in ``folder`` (an unreadable file adds none).
    With ``cache`` (the project's cache folder), a file whose stat the index remembers is not
    opened: its ids come from the index, which is brought up to date afterwards."""
    try:
        entries = [e for e in os.scandir(folder) if not e.name.startswith(".") and e.name.endswith(suffixes)]
    except OSError:
        return set()
    key = os.path.realpath(folder)
    known = _read_index(cache, key) if cache is not None else {}
    now = time.time_ns()
    taken: set[str] = set()
    kept: dict[str, list[Any]] = {}
    stale = False  # the index differs from what it should now say
    for entry in entries:
        try:
            st = entry.stat()
        except OSError:
            continue
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
        row = known.get(entry.name)
        if row is None or row[:5] != stamp:
            row, stale = [*stamp, sorted(file_ids(entry.path))], True
        taken.update(row[5])
        if now - max(st.st_mtime_ns, st.st_ctime_ns) >= RACY_NS:
            kept[entry.name] = row
    if cache is not None and (stale or kept.keys() != known.keys()):
        _write_index(cache, key, kept)
    return taken


def _read_index(cache: Path, key: str) -> dict[str, list[Any]]:
    """The index's rows for the claims folder ``key``: file name -> [size, mtime_ns, ctime_ns,
    inode, device, [ids]]; empty when there is no index, it is for another folder, or it is not
    one this machine can read."""
    path = cache / INDEX
    try:
        if cache.is_symlink() or path.is_symlink():
            return {}
        with open(path, "rb") as handle:
            data = orjson.loads(handle.read())
        if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("folder") != key:
            return {}
        files = data["files"]
        valid = all(
            isinstance(row, list)
            and len(row) == 6
            and all(type(n) is int for n in row[:5])
            and isinstance(row[5], list)
            and all(isinstance(i, str) for i in row[5])
            for row in files.values()
        )
        return files if valid and isinstance(files, dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _write_index(cache: Path, key: str, files: dict[str, list[Any]]) -> None:
    """Write the index (atomic, not durable: it can be made again); a cache folder that is a
    link, or cannot be written, is no error: the next run reads the files again."""
    data = orjson.dumps({"format": _FORMAT, "folder": key, "files": files}, option=orjson.OPT_SORT_KEYS)
    try:
        if cache.is_symlink() or (cache.exists() and not cache.is_dir()):
            return
        write_atomic(ignored_folder(cache) / INDEX, data, durable=False)
    except (OSError, ClaimcheckError):
        pass
