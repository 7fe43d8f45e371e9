"""Reading and writing check-cache files as this machine's claimcheck does: behind their seal
(:mod:`claimcheck.cache.sealing`), so a test can look into a cache file or damage one that still
carries a valid seal (a file this machine wrote, damaged by a bug rather than forged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.cache import inputs
from claimcheck.cache.sealing import seal, unseal


def read_cache(path: Path) -> bytes:
    return bytes(unseal(path.read_bytes(), path.name))


def write_cache(path: Path, data: bytes | str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(b"".join(bytes(piece) for piece in seal(raw)))


def hashed_files(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files :func:`claimcheck.cache.inputs.file_digest` hashes from now on."""
    hashed: list[str] = []
    real = inputs.file_digest

    def spy(path: str) -> str:
        hashed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(inputs, "file_digest", spy)
    return hashed
