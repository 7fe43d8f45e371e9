"""Advisory locks that serialize the read-modify-write of an editor's file.

Every command that edits a claims file (``review set``, ``review cite``, ``extract --write``)
holds the lock of that file while it re-reads it, applies its change to what is there now and
writes it; ``export`` holds the lock of its output folder while it swaps the bundle in. Two such
commands on the same file (two terminals, a review page in the browser and a terminal) then
take turns instead of one silently undoing the other.

The lock is :mod:`filelock`'s (tox, virtualenv and pip's own tooling use it): ``fcntl.flock`` on
POSIX and ``msvcrt.locking`` on Windows behind one API, with a timeout, and opened without
following symbolic links (its CVE-2025-68146 fix). The lock is held on a separate file, not on the
edited file itself: that is replaced by a rename, and a lock on the replaced inode would not
exclude a writer that opened the new one. A lock file stays after use on POSIX (removing it
would let a third process lock a fresh inode while a second waits on the old one), so it is
kept out of the content folders: in the project's cache folder,
``.claimcheck_cache/locks/<name>-<hash of the file's real path>.lock`` (ignored by git through
the cache's own ``.gitignore``); without a project root, ``.<name>.lock`` beside the file
(loaders skip names starting with a dot). The real path names the lock, so ``--root .`` and
``--root /abs/path`` of one project take the same lock.

The lock is advisory: it orders claimcheck's own writers. An editor saving the file in a text
editor meanwhile is caught by the re-read under the lock (the change is applied to what is on
disk then, or refused when that same claim changed).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from claimcheck.core.errors import InputError
from claimcheck.fs.atomic import ignored_folder, remove_stale
from claimcheck.fs.safe_paths import check_write_inside

CACHE_FOLDER = ".claimcheck_cache"
"""The project's cache folder (:data:`claimcheck.cache.CACHE_DIR`, not imported: the cache
module loads the whole checker)."""

LOCK_TIMEOUT = 60.0
"""Seconds to wait for another claimcheck process to finish its edit of the same file."""


LOCKS = (CACHE_FOLDER, "locks")


def lock_path(target: Path, root: Path | None = None) -> Path:
    """Where the lock of ``target`` is kept (see the module's notes)."""
    if root is None:
        return target.parent / f".{target.name}.lock"
    try:
        real = os.path.realpath(target)
    except (OSError, RuntimeError):
        real = os.path.abspath(target)
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return root.joinpath(*LOCKS) / f"{target.name[:64]}-{digest}.lock"


def _make_folder(where: Path, root: Path | None) -> None:
    if root is not None:  # a committed '.claimcheck_cache -> /elsewhere' is not written through
        check_write_inside(root, where)
    if root is not None:
        ignored_folder(root / CACHE_FOLDER)
    where.parent.mkdir(parents=True, exist_ok=True)


@contextmanager
def locked(target: Path, root: Path | None = None, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of ``target`` (a file that may not exist yet) of the project at ``root``.
    Under it, the temporary files of ``target`` that a killed writer left are removed: every
    writer of ``target`` writes them under this lock, so none is a live writer's."""
    where = lock_path(target, root)
    lock = FileLock(where, timeout=timeout, thread_local=False, is_singleton=False)
    try:
        _make_folder(where, root)
        lock.acquire()
    except Timeout:
        raise InputError(
            f"{target} is being edited by another claimcheck process (waited {timeout:.0f} s for "
            f"{where.name}); run the command again when it has finished"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot lock {target} for editing: {exc.strerror or exc}") from None
    try:
        remove_stale(target.parent, target.name, max_age=0.0)
        yield
    finally:
        lock.release()
