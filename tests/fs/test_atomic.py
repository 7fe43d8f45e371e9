"""Atomic writes: the temporary files of killed writers are removed, and never read as content."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from claimcheck.fs.atomic import STALE_AFTER, remove_stale, write_atomic
from tests.conftest import Run


def _aged(path: Path, seconds: float) -> Path:
    moment = time.time() - seconds
    os.utime(path, (moment, moment), follow_symlinks=False)
    return path


def test_the_next_write_removes_only_stale_temporary_files_of_the_same_target(tmp_path: Path) -> None:
    target = tmp_path / "demo.yaml"
    old = STALE_AFTER + 60
    stale = tmp_path / ".demo.yaml.k3j_x0ab.tmp"  # a writer killed before its rename
    stale.write_text("half a file", encoding="utf-8")
    _aged(stale, old)
    young = tmp_path / ".demo.yaml.q9w8e7r6.tmp"  # another writer, right now
    young.write_text("being written", encoding="utf-8")
    other = tmp_path / ".other.yaml.k3j_x0ab.tmp"  # another target's
    other.write_text("x", encoding="utf-8")
    _aged(other, old)
    lookalikes = [
        ".demo.yaml.k3j_x0ab.tmp.keep",
        "demo.yaml.k3j_x0ab.tmp",
        ".demo.yaml.toolong99.tmp",
        ".demo.yaml.tmp",
    ]
    for name in lookalikes:
        (tmp_path / name).write_text("x", encoding="utf-8")
        _aged(tmp_path / name, old)
    folder = tmp_path / ".demo.yaml.abcdefgh.tmp"  # not a regular file
    folder.mkdir()
    _aged(folder, old)
    link = tmp_path / ".demo.yaml.linklink.tmp"
    link.symlink_to(tmp_path / "elsewhere")
    _aged(link, old)

    write_atomic(target, "article: demo\nclaims: []\n")

    assert target.read_text(encoding="utf-8") == "article: demo\nclaims: []\n"
    assert not stale.exists()
    assert young.exists() and other.exists() and folder.is_dir() and link.is_symlink()
    assert all((tmp_path / name).exists() for name in lookalikes)


def test_remove_stale_uses_the_age_not_the_clock_of_this_call(tmp_path: Path) -> None:
    temporary = tmp_path / ".x.json.abcdefgh.tmp"
    temporary.write_text("x", encoding="utf-8")
    assert remove_stale(tmp_path, "x.json") == []  # a live writer's
    assert remove_stale(tmp_path, "x.json", now=time.time() + STALE_AFTER + 1) == [temporary.name]


def test_temporary_files_in_content_folders_are_not_loaded(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    root = make_project()
    broken = "article: demo\nclaims:\n  - id: [half"
    for name in (".demo.yaml.abcdefgh.tmp", "demo.yaml.tmp", ".extra.yaml"):
        (root / "content/claims" / name).write_text(broken, encoding="utf-8")
    (root / "content/articles" / ".demo.md.abcdefgh.tmp").write_text("---\nid: [half", encoding="utf-8")
    run = cli("check", "--root", root)
    assert run.code == 0, run.out


def test_pieces_are_written_in_order_and_the_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    target.chmod(0o600)
    pieces = [b"{", memoryview(b'"findings": [1, 2]'), b"}" * 3_000_000]  # beyond the write buffer
    for durable in (True, False):
        write_atomic(target, pieces, durable=durable)
        assert target.read_bytes() == b'{"findings": [1, 2]' + b"}" * 3_000_000
        assert target.stat().st_mode & 0o777 == 0o600
        assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left
