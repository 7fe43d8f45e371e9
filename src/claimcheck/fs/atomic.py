"""Atomic file writes: a temporary file in the same folder, fsync, rename, fsync the folder.

A reader (or a crash) sees either the whole old file or the whole new one, never a torn one.
A writer killed before its rename leaves its temporary file (``.<name>.<8 random>.tmp``, which
no loader reads: they skip names starting with a dot); the next write of the same file removes
those older than :data:`STALE_AFTER`, and the next writer holding the file's lock
(:mod:`claimcheck.fs.locking`) removes them all.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from claimcheck.core.errors import InputError
from claimcheck.fs.safe_paths import check_write_target

STALE_AFTER = 300.0
"""Seconds after which another writer's temporary file of the same target counts as left by a
killed writer. Age, not the writer's process id: a live writer in another process, container or
machine sharing the folder writes its temporary file within seconds and renames it at once, and
a process id says nothing across containers or machines (and is reused)."""

_BUFFER = 1 << 20
"""Write buffer: many small pieces go out in few system calls."""

_TEMPORARY = re.compile(r"\.(.+)\.[a-z0-9_]{8}\.tmp")
"""The names ``tempfile.mkstemp(prefix=".<name>.", suffix=".tmp")`` gives."""


def write_atomic(path: Path, data: str | bytes | Sequence[bytes | memoryview], durable: bool = True) -> None:
    """Replace ``path`` with ``data`` (text as UTF-8; or pieces of bytes, written one after
    the other: a 30 MB report need not be joined first) at once. ``durable=False`` skips the
    fsyncs: still whole-old or whole-new for any reader and after a killed process, but after
    a power loss the file may be lost or empty. Only for files that can be made again (the
    check cache, whose reader treats an unreadable entry as no entry; a report).

    Without fsync the old file is removed first, so for a while there is no file (a reader
    sees the old file, none, or the new one; never a torn one). On ext4 a rename over an
    existing file starts the writeback of the new one at once (``auto_da_alloc``, which guards
    applications that skip fsync): for the 31 MB report of a 10,000-article corpus that cost
    30-90 ms per write. Removed before the new one is written, its pages are free for the new
    one's: fresh pages are the costly ones (each is zeroed, and in a virtual machine the host
    may have to back it first)."""
    check_write_target(path)  # never through a link, never over a device or FIFO
    pieces = [data.encode("utf-8")] if isinstance(data, str) else [data] if isinstance(data, bytes) else data
    folder = path.parent
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o644
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not durable:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb", buffering=_BUFFER) as handle:
            handle.writelines(pieces)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(folder)
    remove_stale(folder, path.name)


def remove_stale(
    folder: Path, name: str, now: float | None = None, max_age: float = STALE_AFTER
) -> list[str]:
    """Remove the temporary files of ``name`` in ``folder`` that killed writers left: regular
    files named as :func:`write_atomic` names them, not modified for ``max_age`` seconds
    (:data:`STALE_AFTER`; 0 under the lock of ``name``, :mod:`claimcheck.fs.locking`, which every
    writer of a locked file holds: no other writer is alive then). The names removed."""
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = os.scandir(folder)
    except OSError:
        return removed
    with entries:
        for entry in entries:
            match = _TEMPORARY.fullmatch(entry.name)
            if match is None or match.group(1) != name:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and (max_age <= 0 or now - info.st_mtime > max_age):
                    os.unlink(entry.path)
                    removed.append(entry.name)
            except OSError:  # gone meanwhile (another writer cleaned up), or not ours to remove
                continue
    return removed


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def ignored_folder(folder: Path) -> Path:
    """Make ``folder`` (the project's cache folder) with a ``.gitignore`` that keeps all of it
    out of git, and return it. ``OSError`` when it cannot be made."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        write_atomic(ignore, "# created by claimcheck\n*\n", durable=False)
    return folder
