"""`extract` on one article reads that article, its claims file, the other claims files' ids
(scanned, not loaded) and the library only when a candidate cites something."""

from __future__ import annotations

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

    def counting(root_: Path, path: Path, limit: int) -> Any:
        read.append(path.name)
        return original(root_, path, limit)

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
