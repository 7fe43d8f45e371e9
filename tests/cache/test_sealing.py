"""The cache decides nothing for content this machine did not check: a forged or foreign cache
file is ignored (and said so once), a cache folder that is a link or a file is not used, and
special files in the cache folder never block the check."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from claimcheck.cache import sealing as cache_seal
from claimcheck.cache.sealing import Unsealed, seal, unseal
from tests.cache.cachefiles import read_cache, write_cache
from tests.conftest import Run

FORMATS = ("text", "json", "sarif", "junit", "github")


@pytest.fixture(autouse=True)
def machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Switch the machine the test runs on (its cache key)."""

    def on(name: str) -> None:
        monkeypatch.setenv(cache_seal.KEY_ENV, f"the key of machine {name}")
        cache_seal.machine_key.cache_clear()

    on("ci")
    yield on
    cache_seal.machine_key.cache_clear()
    cache_seal.rejected.clear()


def _forge(folder: Path) -> None:
    """What a contributor commits: the cache of their own machine, findings emptied, re-sealed
    with their own key (they know it), every rendered report replaced by a clean one."""
    entry = read_cache(folder / "check.json")
    header = json.loads(entry.partition(b"\n")[0])
    header["findings"] = {}
    header["tally"] = [[0, 0, 0, 0], {}, {}]  # per severity, per rule, per category
    write_cache(folder / "check.json", json.dumps(header).encode() + b"\n")
    for report in folder.glob("report.*"):
        meta = json.loads(read_cache(report).partition(b"\n")[0])
        meta.update(exit=0, summary="no findings")
        write_cache(report, json.dumps(meta).encode() + b"\n")


def test_a_forged_cache_from_another_machine_cannot_pass_failing_content(
    cli: Callable[..., Run], shipped: Path, machine: Callable[[str], None]
) -> None:
    cold = {fmt: cli("check", "--root", shipped, "--format", fmt, "--no-cache") for fmt in FORMATS}
    assert all(run.code == 1 for run in cold.values())  # the shipped content fails
    machine("forger")
    for fmt in FORMATS:
        cli("check", "--root", shipped, "--format", fmt)
    _forge(shipped / ".claimcheck_cache")
    assert cli("check", "--root", shipped, "--format", "json").code == 0  # the forger's own machine
    machine("ci")  # a fresh clone in CI: the same files, another machine
    for fmt in FORMATS:
        run = cli("check", "--root", shipped, "--format", fmt)
        assert (run.code, run.out) == (1, cold[fmt].out), fmt
    # said once, then the cache is this machine's own and is replayed without a word
    first = cli("check", "--root", shipped, "--format", "json")
    assert "not written by claimcheck on this machine" not in first.err
    assert (first.code, first.out) == (1, cold["json"].out)


def test_the_notice_names_the_ignored_files(
    cli: Callable[..., Run], shipped: Path, machine: Callable[[str], None]
) -> None:
    machine("elsewhere")
    cli("check", "--root", shipped)
    machine("ci")
    run = cli("check", "--root", shipped)
    assert run.code == 1
    assert "ignored" in run.err and "check.json" in run.err and "never trusted" in run.err


def test_a_seal_is_checked_over_every_byte() -> None:
    sealed = b"".join(bytes(p) for p in seal([b'{"a": 1}\n', b"findings"]))
    assert bytes(unseal(sealed, "x")) == b'{"a": 1}\nfindings'
    for at in range(len(sealed)):
        damaged = sealed[:at] + bytes([sealed[at] ^ 1]) + sealed[at + 1 :]
        with pytest.raises(Unsealed):
            unseal(damaged, "x")
    with pytest.raises(Unsealed):
        unseal(b'{"format": 6}\n', "x")  # an unsealed file: a cache of an older version


def test_the_key_file_is_made_once_and_kept_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache_seal.KEY_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    cache_seal.machine_key.cache_clear()
    key = cache_seal.machine_key()
    path = tmp_path / "xdg" / "claimcheck" / "cache-key"
    assert path.read_bytes() == key and len(key) == 32
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    cache_seal.machine_key.cache_clear()
    assert cache_seal.machine_key() == key  # read again, not made anew


def test_a_short_key_in_the_environment_is_not_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache_seal.KEY_ENV, "short")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache_seal.machine_key.cache_clear()
    assert cache_seal.machine_key() == (tmp_path / "claimcheck" / "cache-key").read_bytes()


@pytest.mark.skipif(os.name != "posix", reason="symbolic links and FIFOs")
def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(
    cli: Callable[..., Run], shipped: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "report.text").write_text("precious\n", encoding="utf-8")
    (shipped / ".claimcheck_cache").symlink_to(outside, target_is_directory=True)
    run = cli("check", "--root", shipped)
    assert run.code == 1 and "symbolic link" in run.err
    assert sorted(p.name for p in outside.iterdir()) == ["report.text"]
    assert (outside / "report.text").read_text(encoding="utf-8") == "precious\n"


def test_a_cache_folder_that_is_a_file_is_not_used(cli: Callable[..., Run], shipped: Path) -> None:
    (shipped / ".claimcheck_cache").write_text("a file\n", encoding="utf-8")
    run = cli("check", "--root", shipped)
    assert run.code == 1 and "not a folder" in run.err
    assert (shipped / ".claimcheck_cache").read_text(encoding="utf-8") == "a file\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
@pytest.mark.parametrize("name", ["report.text", "hashes.json", "check.json", "deps.json"])
def test_a_fifo_in_the_cache_folder_does_not_block_the_check(
    cli: Callable[..., Run], shipped: Path, name: str
) -> None:
    expected = cli("check", "--root", shipped, "--no-cache").out
    cli("check", "--root", shipped)
    folder = shipped / ".claimcheck_cache"
    (folder / name).unlink(missing_ok=True)
    os.mkfifo(folder / name)
    run = cli("check", "--root", shipped)  # would block forever on open() for reading
    assert (run.code, run.out) == (1, expected)
