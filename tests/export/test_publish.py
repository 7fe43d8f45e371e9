"""The bundle's two files published as one version (export/publish.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from claimcheck.export.publish import CURRENT, VERSIONS, publish

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="symbolic links")


def _pair(out: Path) -> tuple[str, str]:
    return (out / "bundle.json").read_text(encoding="utf-8"), (out / "bundle.md").read_text(encoding="utf-8")


def test_the_documented_paths_read_the_current_version(tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert publish(out, {"bundle.json": "j1", "bundle.md": "m1"})
    assert _pair(out) == ("j1", "m1")
    assert os.readlink(out / "bundle.json") == f"{CURRENT}/bundle.json"
    first = os.path.realpath(out / CURRENT)
    publish(out, {"bundle.json": "j2", "bundle.md": "m2"})
    assert _pair(out) == ("j2", "m2")
    # a reader that resolved the previous version still reads it whole
    assert Path(first, "bundle.json").read_text(encoding="utf-8") == "j1"
    publish(out, {"bundle.json": "j3", "bundle.md": "m3"})
    assert not Path(first).exists(), "only the current version and the one it replaced are kept"
    assert len(list((out / VERSIONS).iterdir())) == 2


def test_files_of_an_older_export_become_a_version_of_their_own(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "bundle.json").write_text("old json", encoding="utf-8")
    (out / "bundle.md").write_text("old md", encoding="utf-8")
    publish(out, {"bundle.json": "new json", "bundle.md": "new md"})
    assert _pair(out) == ("new json", "new md")
    kept = [Path(p.path) for p in os.scandir(out / VERSIONS)]
    assert any((p / "bundle.json").read_text(encoding="utf-8") == "old json" for p in kept)


def test_what_a_killed_export_left_is_removed(tmp_path: Path) -> None:
    out = tmp_path / "build"
    publish(out, {"bundle.json": "j1", "bundle.md": "m1"})
    half = out / VERSIONS / "99999999999999999999-deadbeef"
    half.mkdir()
    (half / "bundle.json").write_text("half", encoding="utf-8")
    os.symlink(f"{VERSIONS}/{half.name}", out / f".{CURRENT}.deadbeef.tmp")
    publish(out, {"bundle.json": "j2", "bundle.md": "m2"})
    assert not half.exists() and not (out / f".{CURRENT}.deadbeef.tmp").is_symlink()
    assert _pair(out) == ("j2", "m2")


@pytest.mark.parametrize("name", ["bundle.md", "current"])
def test_a_link_claimcheck_did_not_make_is_refused(tmp_path: Path, name: str) -> None:
    from claimcheck.fs.safe_paths import UnsafePath

    out, elsewhere = tmp_path / "build", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    os.symlink(elsewhere if name == CURRENT else elsewhere / name, out / name)
    with pytest.raises(UnsafePath, match="symbolic link claimcheck did not make"):
        publish(out, {"bundle.json": "j", "bundle.md": "m"})
    assert (out / name).is_symlink() and list(elsewhere.iterdir()) == []
