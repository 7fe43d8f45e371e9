"""The seal of the check cache: a cache file is trusted only if this machine wrote it.

The cache replays findings, so a forged cache file could pass failing content: a contributor
commits ``.claimcheck_cache/check.json`` with its findings emptied, and CI, finding the hashes
of its inputs in it, would replay "no findings". Content hashes cannot prevent that (the forger
knows the content). So every cache file starts with a line that authenticates the rest of it,
an HMAC-SHA256 under a key that never lies in the repository:

- ``CLAIMCHECK_CACHE_KEY`` (at least 16 characters), when set: for a CI that restores its cache
  between runs, from a secret of the CI's own (which pull requests from forks do not receive);
- otherwise a random key made once per user in ``$XDG_CACHE_HOME/claimcheck/cache-key``
  (``~/.cache/claimcheck/cache-key``), readable by that user only;
- where neither can be had, a key for this process alone (the cache is then never replayed).

A file without a valid seal is treated as no cache file at all (the check runs cold), and its
name is kept in :data:`rejected`, which the command reports once. Reading a cache file also
refuses anything but a regular file (a FIFO would block the check forever).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import mmap
import os
import secrets
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from claimcheck.fs.safe_paths import open_regular

KEY_ENV = "CLAIMCHECK_CACHE_KEY"
MIN_KEY_CHARS = 16
_PREFIX = b"claimcheck-seal 1 "
_LINE = len(_PREFIX) + 64 + 1  # the prefix, the hex digest, a newline
_KEY_BYTES = 32

Raw = bytes | memoryview | mmap.mmap
"""A cache file's bytes: read, or mapped."""

rejected: set[str] = set()
"""Names of cache files ignored in this process because their seal was missing or wrong."""


class Unsealed(ValueError):
    """A cache file this machine did not write (or that was changed since)."""


def _key_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "claimcheck" / "cache-key"


@cache
def machine_key() -> bytes:
    """The key of this machine (or CI): see the module's doc."""
    given = os.environ.get(KEY_ENV, "")
    if len(given) >= MIN_KEY_CHARS:
        return hashlib.sha256(b"claimcheck cache key\0" + given.encode("utf-8", "surrogatepass")).digest()
    path = _key_file()
    with contextlib.suppress(OSError):
        return _read_key(path)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_KEY_BYTES))
    with contextlib.suppress(OSError):  # ours, or another process's that won the race
        return _read_key(path)
    return secrets.token_bytes(_KEY_BYTES)


def _read_key(path: Path) -> bytes:
    with os.fdopen(open_regular(path, follow_links=False), "rb") as handle:
        key = handle.read(_KEY_BYTES + 1)
    if len(key) != _KEY_BYTES:
        raise OSError(f"{path} is not a key")  # a torn or foreign file: made again by no one
    return key


def _mac(pieces: Sequence[bytes | memoryview]) -> bytes:
    mac = hmac.new(machine_key(), digestmod=hashlib.sha256)
    for piece in pieces:
        mac.update(piece)
    return mac.hexdigest().encode("ascii")


def seal(data: bytes | Sequence[bytes | memoryview]) -> list[bytes | memoryview]:
    """``data`` (bytes, or pieces written one after the other) behind its seal line."""
    pieces: list[bytes | memoryview] = [data] if isinstance(data, bytes) else list(data)
    return [_PREFIX + _mac(pieces) + b"\n", *pieces]


def unseal(raw: Raw, name: str) -> memoryview:
    """What :func:`seal` sealed, if this machine sealed it; else :class:`Unsealed` (and
    ``name`` is noted in :data:`rejected`)."""
    view = memoryview(raw)
    body = view[_LINE:]
    if (
        len(view) < _LINE
        or bytes(view[: len(_PREFIX)]) != _PREFIX
        or bytes(view[_LINE - 1 : _LINE]) != b"\n"
        or not hmac.compare_digest(bytes(view[len(_PREFIX) : _LINE - 1]), _mac([body]))
    ):
        rejected.add(name)
        raise Unsealed(f"{name}: not written by claimcheck on this machine")
    return body


def body_of(raw: Raw) -> memoryview:
    """The sealed part of ``raw`` without checking the seal: for a cheap look at a header
    (does this file's key match?) before the whole file is authenticated by :func:`unseal`."""
    return memoryview(raw)[_LINE:]
