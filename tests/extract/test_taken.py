"""`extract` on one article reads that article, its claims file, the other claims files' ids
(scanned, not loaded) and the library only when a candidate cites something."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import claimcheck.extract.command as command
from claimcheck.extract.taken import ids_in, taken_ids

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", sorted((REPO / "content" / "claims").glob("*.yaml")), ids=lambda p: p.name)
def test_scan_finds_every_id_the_loader_reads(path: Path) -> None:
    data = path.read_bytes()
    loaded = {claim["id"] for claim in yaml.safe_load(data)["claims"]}
    assert ids_in(data) == loaded


def test_scan_reads_flow_and_quoted_styles_and_may_over_collect() -> None:
    text = (
        "article: a\nclaims:\n"
        "- {id: flow-one, quote: 'x', kind: statistic}\n"
        '- "id": "quoted-two"\n  quote: |\n    a quote that says\n    id: not-a-claim\n'
        "-   id:   spaced-three   # comment\n"
        "- quote: y\n  pmid: 123\n  id: 'single-four'\n"
    )
    found = ids_in(text.encode())
    assert {"flow-one", "quoted-two", "spaced-three", "single-four"} <= found
    assert "123" not in found and found - {"flow-one", "quoted-two", "spaced-three", "single-four"} == {
        "not-a-claim"
    }


def test_taken_ids_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("claims:\n- id: one\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("claims:\n- id: two\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("id: three\n", encoding="utf-8")
    (tmp_path / ".hidden.yaml").write_text("id: four\n", encoding="utf-8")
    assert taken_ids(tmp_path, (".yaml", ".yml")) == {"one", "two"}
    assert taken_ids(tmp_path / "missing", (".yaml",)) == set()


def test_one_article_is_extracted_without_loading_the_others(
    tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    articles = root / "content" / "articles"
    (articles / "uncited.md").write_text(
        "---\nid: uncited\ntitle: Uncited\n---\n# Uncited\n\nVitamin D deficiency lowers bone density in adults.\n",
        encoding="utf-8",
    )
    read: list[str] = []
    original = command.load_article

    def counting(root_: Path, path: Path, limit: int, max_table_cells: int) -> Any:
        read.append(path.name)
        return original(root_, path, limit, max_table_cells)

    def no_library(*_: Any) -> Any:
        raise AssertionError("the library was parsed for an article that cites nothing")

    monkeypatch.setattr(command, "load_article", counting)
    monkeypatch.setattr(command, "load_bibliography", no_library)
    run = cli("extract", "uncited", "--root", root)
    assert run.code == 0, run.err
    assert read == ["uncited.md"]
    assert "Vitamin D deficiency lowers bone density in adults." in run.out
    # the ids of the other claims files are still avoided
    existing = {
        claim["id"]
        for f in (root / "content/claims").glob("*.yaml")
        for claim in yaml.safe_load(f.read_text())["claims"]
    }
    assert not existing & {c["id"] for c in yaml.safe_load(run.out)["claims"]}


def _claims_folder(tmp_path: Path, files: int) -> Path:
    folder = tmp_path / "claims"
    folder.mkdir()
    for n in range(files):
        (folder / f"a{n}.yaml").write_text(f"article: a{n}\nclaims:\n- id: claim-{n}\n", encoding="utf-8")
    return folder


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import claimcheck.extract.taken as taken

    opened: list[str] = []
    original = taken.file_ids

    def counting(path: str) -> set[str]:
        opened.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(taken, "file_ids", counting)
    return opened


def test_the_id_index_opens_only_the_claims_files_changed_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimcheck.extract.taken as taken

    monkeypatch.setattr(taken, "RACY_NS", 0)  # files written just now count as settled
    folder, cache = _claims_folder(tmp_path, 50), tmp_path / "cache"
    opened = _counting(monkeypatch)
    expected = {f"claim-{n}" for n in range(50)}
    assert taken_ids(folder, (".yaml",), cache) == expected
    assert len(opened) == 50 and (cache / "claim-ids.json").is_file()
    opened.clear()
    assert taken_ids(folder, (".yaml",), cache) == expected
    assert opened == []  # every id from the index: no claims file opened
    (folder / "a7.yaml").write_text(
        "article: a7\nclaims:\n- id: claim-7\n- id: added-later\n", encoding="utf-8"
    )
    (folder / "a8.yaml").unlink()
    assert taken_ids(folder, (".yaml",), cache) == expected - {"claim-8"} | {"added-later"}
    assert opened == ["a7.yaml"]


def test_a_damaged_or_foreign_index_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import claimcheck.extract.taken as taken

    monkeypatch.setattr(taken, "RACY_NS", 0)
    folder, cache = _claims_folder(tmp_path, 3), tmp_path / "cache"
    taken_ids(folder, (".yaml",), cache)
    index = cache / "claim-ids.json"
    good = index.read_bytes()
    opened = _counting(monkeypatch)
    for bad in (
        good[: len(good) // 2],  # torn
        good.replace(b'"claim-1"', b"17"),  # an id that is not a string
        good.replace(b"claimcheck-claim-ids/1", b"claimcheck-claim-ids/0"),  # another format
        json.dumps({"format": "claimcheck-claim-ids/1", "folder": "/elsewhere", "files": {}}).encode(),
        b"[]",
    ):
        index.write_bytes(bad)
        opened.clear()
        assert taken_ids(folder, (".yaml",), cache) == {"claim-0", "claim-1", "claim-2"}
        assert sorted(opened) == ["a0.yaml", "a1.yaml", "a2.yaml"]
    # an index from another checkout: same names and sizes, other inodes and change times
    foreign = json.loads(good)
    for row in foreign["files"].values():
        row[2] += 1
        row[5] = []
    index.write_bytes(json.dumps(foreign).encode())
    opened.clear()
    assert taken_ids(folder, (".yaml",), cache) == {"claim-0", "claim-1", "claim-2"}
    assert len(opened) == 3


def test_a_file_written_within_the_racy_window_is_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cache = _claims_folder(tmp_path, 2), tmp_path / "cache"
    taken_ids(folder, (".yaml",), cache)  # just written: within RACY_NS of now, not remembered
    opened = _counting(monkeypatch)
    assert taken_ids(folder, (".yaml",), cache) == {"claim-0", "claim-1"}
    assert sorted(opened) == ["a0.yaml", "a1.yaml"]


def test_extract_twice_opens_no_other_claims_file_the_second_time(
    tmp_path: Path, cli: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import claimcheck.extract.taken as taken

    monkeypatch.setattr(taken, "RACY_NS", 0)
    root = tmp_path / "repo"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "references.bib", root / "references.bib")
    assert cli("extract", "igf1-lifestyle", "--root", root).code == 0
    opened = _counting(monkeypatch)
    run = cli("extract", "igf1-lifestyle", "--root", root)
    assert run.code == 0, run.err
    assert opened == []
    assert (root / ".claimcheck_cache" / "claim-ids.json").is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_among_the_claims_files_adds_no_ids_and_does_not_block(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("claims:\n  - id: one\n", encoding="utf-8")
    os.mkfifo(tmp_path / "b.yaml")  # opening it for reading would wait for a writer forever
    assert taken_ids(tmp_path, (".yaml",)) == {"one"}
