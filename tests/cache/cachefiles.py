"""Reading and writing check-cache files as this machine's claimcheck does: behind their seal
(:mod:`claimcheck.cache.sealing`), so a test can look into a cache file or damage one that still
carries a valid seal (a file this machine wrote, damaged by a bug rather than forged)."""

from __future__ import annotations

from pathlib import Path

from claimcheck.cache.sealing import seal, unseal


def read_cache(path: Path) -> bytes:
    return bytes(unseal(path.read_bytes(), path.name))


def write_cache(path: Path, data: bytes | str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(b"".join(bytes(piece) for piece in seal(raw)))
