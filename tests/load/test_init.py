"""A project loaded by a pool of processes equals one loaded in one process, record for record."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import corpus_generator

import claimcheck.load as load
from claimcheck.load.summary import ArticleSummary, ClaimsFileSummary
from claimcheck.settings import load_settings

REPO = Path(__file__).resolve().parent.parent.parent


def _generate(root: Path) -> None:
    module = corpus_generator()
    module.generate(root, articles=30, claims=300, references=60, seed=5)
    broken = root / "content" / "claims" / "article-00001.yaml"  # a syntax error, sent whole
    broken.write_text(broken.read_text(encoding="utf-8").replace("claims:", "claims: ["), "utf-8")


def test_pooled_and_serial_loads_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _generate(tmp_path)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load, "CHUNK", 7)
    settings = load_settings(tmp_path)
    pooled = load.load_project(tmp_path, settings, jobs=2)
    serial = load.load_project(tmp_path, settings, jobs=1)
    assert pooled.problems == serial.problems and any(p.rule == "CC002" for p in serial.problems)
    assert [ArticleSummary.of(a) for a in pooled.articles.values()] == [
        ArticleSummary.of(a) for a in serial.articles.values()
    ]
    assert [a.text for a in pooled.articles.values()] == [a.text for a in serial.articles.values()]
    lazy = [f for f in pooled.claim_files if f.payload is not None]
    assert len(lazy) >= 25  # valid files come back as JSON, made into models when asked
    for mine, theirs in zip(pooled.claim_files, serial.claim_files, strict=True):
        assert ClaimsFileSummary.of(mine) == ClaimsFileSummary.of(theirs)
        assert [(r.index, r.claim) for r in mine.claims] == [(r.index, r.claim) for r in theirs.claims]
    assert pooled.bibliography is not None and serial.bibliography is not None
    assert list(pooled.bibliography.entries) == list(serial.bibliography.entries)
