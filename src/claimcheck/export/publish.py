"""Publishing the bundle's files as one version: a reader never sees a mixed pair.

``build/bundle.json`` and ``build/bundle.md`` are written together into a new version folder,
``build/.bundle/<version>/``, and the version is published by one atomic rename of a
symbolic link, ``build/current -> .bundle/<version>``. The documented paths stay readable:
``build/bundle.json`` is a link to ``current/bundle.json`` and ``build/bundle.md`` to
``current/bundle.md``. A process killed at any moment leaves ``current`` naming the old
version or the new one, each whole; a reader that must have the two files of one version opens
them through the folder ``current`` resolves to (``os.path.realpath("build/current")``), which
no later export changes (an export removes only the versions older than the one it replaced).

Why a swapped folder rather than a manifest naming both files with their hashes: with a
manifest every reader has to check the hashes (and retry) to be safe, and a reader that does not
(a static site generator reading ``bundle.md``) could still see a new ``bundle.json`` beside an
old ``bundle.md``; with one rename there is nothing for a reader to check. Where symbolic links
cannot be made (Windows without developer mode), the two files are written one after the other
as before, each atomically, and the command says so.

Exports into one folder are serialized by its lock (:mod:`claimcheck.fs.locking`); under it, the
version folders a killed export left half-written are removed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from claimcheck.core.errors import InputError
from claimcheck.fs.atomic import write_atomic
from claimcheck.fs.locking import locked
from claimcheck.fs.safe_paths import UnsafePath, check_write_target

VERSIONS = ".bundle"
CURRENT = "current"


def _link(target: str, at: Path) -> None:
    """Make ``at`` a symbolic link to ``target`` in one rename (whatever ``at`` was)."""
    temporary = at.parent / f".{at.name}.{secrets.token_hex(4)}.tmp"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, at)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _points_to(at: Path, target: str) -> bool:
    try:
        return os.readlink(at) == target
    except OSError:
        return False


def _current(out: Path) -> str | None:
    try:
        target = os.readlink(out / CURRENT)
    except OSError:
        return None
    return target.rpartition("/")[2] or None


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _check_ours(out: Path, names: list[str]) -> None:
    """Refuse links claimcheck did not make at the paths it writes (a committed
    ``build/bundle.json -> /elsewhere`` is never replaced or written through), and anything
    but a regular file or one of its own links (a FIFO, a device, a folder)."""
    expected = {name: f"{CURRENT}/{name}" for name in names}
    for name in [*names, CURRENT]:
        at = out / name
        try:
            target = os.readlink(at)
        except FileNotFoundError:
            continue
        except OSError:  # not a link: a regular file is adopted, anything else refused
            check_write_target(at)
            continue
        ours = (
            target == expected[name]
            if name in expected
            else target.startswith(f"{VERSIONS}/") and "/" not in target[len(VERSIONS) + 1 :]
        )
        if not ours:
            raise UnsafePath(
                f"refused to write {at}: it is a symbolic link claimcheck did not make (to {target}); "
                "remove it to export here"
            )


def _adopt(out: Path, names: list[str]) -> None:
    """Turn files written before versions (plain files at the documented paths) into a version
    of their own, then into links to it, keeping the pair each reader sees the same throughout."""
    if all(_points_to(out / name, f"{CURRENT}/{name}") for name in names):
        return
    if _current(out) is None and all((out / name).is_file() for name in names):
        legacy = out / VERSIONS / f"0-legacy-{secrets.token_hex(4)}"
        legacy.mkdir(parents=True)
        for name in names:
            shutil.copyfile(out / name, legacy / name)
        _link(f"{VERSIONS}/{legacy.name}", out / CURRENT)
    for name in names:
        if not _points_to(out / name, f"{CURRENT}/{name}"):
            _link(f"{CURRENT}/{name}", out / name)


def _prune(out: Path, keep: set[str]) -> None:
    folder = out / VERSIONS
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            if entry.name not in keep:
                shutil.rmtree(entry.path, ignore_errors=True)
    with contextlib.suppress(OSError):
        for entry in os.scandir(out):
            if entry.name.startswith(f".{CURRENT}.") and entry.name.endswith(".tmp"):
                os.unlink(entry.path)  # a link a killed export made and did not rename


def publish(out: Path, files: Mapping[str, str]) -> bool:
    """Write ``files`` (name -> text) into ``out`` as one version; False when symbolic links
    cannot be made there and the files were written one by one instead."""
    names = sorted(files)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from None
    with locked(out / CURRENT):
        if not _symlinks_work(out):
            for name in names:
                write_atomic(out / name, files[name])
            return False
        _check_ours(out, names)
        try:
            previous = _current(out)
            _prune(out, {previous} if previous else set())  # what killed exports left
            _adopt(out, names)
            previous = _current(out)
            version = out / VERSIONS / f"{time.time_ns():020d}-{secrets.token_hex(4)}"
            version.mkdir(parents=True)
            for name in names:
                write_atomic(version / name, files[name])
            _link(f"{VERSIONS}/{version.name}", out / CURRENT)
            _fsync_folder(out)
            _prune(out, {version.name, previous} if previous else {version.name})
        except OSError as exc:
            raise InputError(f"cannot write {out}: {exc.strerror or exc}") from None
    return True


def _symlinks_work(out: Path) -> bool:
    if sys.platform != "win32":
        return True
    probe = out / f".probe.{secrets.token_hex(4)}.tmp"
    try:
        os.symlink(CURRENT, probe)
    except (OSError, NotImplementedError):
        return False
    with contextlib.suppress(OSError):
        os.unlink(probe)
    return True
