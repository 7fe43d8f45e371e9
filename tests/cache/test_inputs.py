"""The package fingerprint: every file of the package hashed, each file's hash kept in the
cache's ``tool.json`` with its stamp and reused while the stamp is unchanged."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from claimcheck import __version__
from claimcheck.cache import inputs
from tests.cache.cachefiles import hashed_files

_REAL_PACKAGE = inputs._PACKAGE


def _whole(package: Path) -> str:
    """The fingerprint as worked out with no memo: every file read and hashed."""
    digest = hashlib.sha256(__version__.encode())
    for name in inputs._package_files():
        digest.update(name.encode() + b"\0")
        digest.update(hashlib.sha256((package / name).read_bytes()).digest())
    return digest.hexdigest()


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of a few of the package's files, as the package; no fingerprint worked out yet."""
    copy = tmp_path / "claimcheck"
    for name in ("__init__.py", "cache/inputs.py", "lexicon/data/core.yaml"):
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_REAL_PACKAGE / name, copy / name)
    (copy / "__pycache__").mkdir()
    (copy / "__pycache__" / "x.pyc").write_bytes(b"left out")
    monkeypatch.setattr(inputs, "_PACKAGE", copy)
    monkeypatch.setattr(inputs, "_FINGERPRINT", [])
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # files written just now count as settled
    return copy


def test_the_fingerprint_hashes_every_file_of_the_package_but_compiled_code(package: Path) -> None:
    assert inputs._package_files() == ["__init__.py", "cache/inputs.py", "lexicon/data/core.yaml"]
    assert inputs.tool_fingerprint() == _whole(package)


def test_hashes_kept_in_the_cache_are_reused_while_the_stamps_are_unchanged(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    hashed = hashed_files(monkeypatch)
    first = inputs.tool_fingerprint(folder)
    assert sorted(hashed) == ["__init__.py", "core.yaml", "inputs.py"]
    assert (folder / inputs.TOOL_HASHES).is_file()
    hashed.clear()
    monkeypatch.setattr(inputs, "_FINGERPRINT", [])  # another process
    assert inputs.tool_fingerprint(folder) == first
    assert hashed == []
    # a package file rewritten, its size and modification time put back: the change time tells
    source = package / "cache" / "inputs.py"
    before = source.stat()
    text = source.read_bytes()
    source.write_bytes(text.replace(b"def ", b"DEF ", 1))
    os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert source.stat().st_size == before.st_size
    monkeypatch.setattr(inputs, "_FINGERPRINT", [])
    changed = inputs.tool_fingerprint(folder)
    assert hashed == ["inputs.py"]
    assert changed != first and changed == _whole(package)


def test_without_a_cache_or_with_a_damaged_one_every_file_is_hashed(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / inputs.TOOL_HASHES).write_text('{"format": 7, "files": {}}')  # not sealed: ignored
    hashed = hashed_files(monkeypatch)
    assert inputs.tool_fingerprint(folder) == _whole(package)
    assert len(hashed) == 3
