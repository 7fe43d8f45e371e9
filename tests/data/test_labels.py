"""The labelled sentences in data/labels keep to the contract in data/labels/README.md.

Runs scripts/labels/validate_labels.py over the shipped rows (a bad row fails CI) and checks that the
validator itself catches the faults it is meant to catch.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "data" / "labels"


validator = load_script("scripts/labels/validate_labels.py")


def test_shipped_rows_are_valid() -> None:
    report = validator.validate(LABELS)
    assert report.problems == []
    assert report.rows, "no labelled rows found"


def test_split_follows_the_readme_rule() -> None:
    doc = "https://example.org/a"
    bucket = int(hashlib.sha256(doc.encode()).hexdigest()[:8], 16) % 10
    expected = "train" if bucket <= 5 else "dev" if bucket <= 7 else "test"
    assert validator.split_of_doc(doc) == expected


def _good_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": "promo-written:abc123",
        "text": "Book your consultation today.",
        "collection": "promo-written",
        "doc": "claimcheck-written:test-doc",
        "origin": "written",
        "licence": "same as the claimcheck repository",
        "labeller": "test",
        "labels": {"promotes": 1, "soft": 0, "claim": 0},
    }
    row.update(changes)
    return row


def _validate_rows(tmp_path: Path, rows: list[dict[str, Any]]) -> list[str]:
    shutil.copy(LABELS / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "rows").mkdir()
    lines = "".join(json.dumps(r) + "\n" for r in rows)
    (tmp_path / "rows" / "promo-written.jsonl").write_text(lines, encoding="utf-8")
    problems: list[str] = validator.validate(tmp_path).problems
    return problems


def test_a_good_row_passes(tmp_path: Path) -> None:
    assert _validate_rows(tmp_path, [_good_row()]) == []


@pytest.mark.parametrize(
    ("changes", "fault"),
    [
        ({"labels": {"promotes": 2}}, "must be 0 or 1"),
        ({"labels": {"promotes": 0, "soft": 1}}, "only for promotes=1"),
        ({"labels": {"claim": 1, "kind": "rumour"}}, "is not one of"),
        ({"labels": {"claim": 0, "kind": "product"}}, "only for claim=1"),
        ({"labels": {"hype": 1}}, "unknown label"),
        ({"collection": "nowhere"}, "no entry in sources.yaml"),
        ({"origin": "real"}, "differs from its collection"),
        ({"doc": "https://github.com/EnyanDai/FakeHealth/x"}, "kept-apart"),
        (
            {"doc": "junwang4/correlation-to-causation-exaggeration@abc:data/annotated_eureka.csv#1"},
            "kept-apart",
        ),
        ({"text": ""}, "non-empty string"),
        ({"id": "other:abc"}, "must start with its collection"),
    ],
)
def test_faults_are_reported(tmp_path: Path, changes: dict[str, Any], fault: str) -> None:
    problems = _validate_rows(tmp_path, [_good_row(**changes)])
    assert any(fault in p for p in problems), problems


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    problems = _validate_rows(tmp_path, [_good_row(), _good_row(text="Another sentence.")])
    assert any("duplicate id" in p for p in problems), problems


def test_a_real_row_needs_a_traceable_doc(tmp_path: Path) -> None:
    shutil.copy(LABELS / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "rows").mkdir()
    row = _good_row(id="promo-fda-wl:x1", collection="promo-fda-wl", origin="real", doc="somewhere I read it")
    (tmp_path / "rows" / "promo-fda-wl.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    problems = validator.validate(tmp_path).problems
    assert any("URL or dataset@commit:id" in p for p in problems), problems


def test_broken_json_is_a_located_problem(tmp_path: Path) -> None:
    shutil.copy(LABELS / "sources.yaml", tmp_path / "sources.yaml")
    (tmp_path / "rows").mkdir()
    (tmp_path / "rows" / "promo-written.jsonl").write_text("{not json\n", encoding="utf-8")
    problems = validator.validate(tmp_path).problems
    assert problems == [
        f"{Path('rows/promo-written.jsonl')}:1: not JSON (Expecting property name enclosed in double quotes at column 2)"
    ]


def _validate_sources(tmp_path: Path, entry: str, row: dict[str, Any]) -> Any:
    (tmp_path / "sources.yaml").write_text(
        "collections:\n  - id: s\n    title: t\n    origin: real\n    source: s\n    licence: l\n"
        "    labeller: l\n    procedure: p\n" + entry,
        encoding="utf-8",
    )
    (tmp_path / "rows").mkdir()
    (tmp_path / "rows" / "s.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    return validator.validate(tmp_path)


@pytest.mark.parametrize(
    ("entry", "doc", "split", "fault"),
    [
        ("    held_out: sites\n    sites: {test: [o/site]}\n", "o/site@abc:p.md", "test", None),
        ("    held_out: sites\n    sites: {test: [o/site]}\n", "o/other@abc:p.md", "train", None),
        ("    held_out: sites\n    sites: {dev: [x.org], test: [o/x]}\n", "https://X.org/a", "dev", None),
        ("    sites: {test: [o/site]}\n", "o/site@abc:p.md", None, "goes with held_out: sites"),
        (
            "    held_out: sites\n    sites: {test: [o/a], dev: [o/a]}\n",
            "o/a@abc:p.md",
            None,
            "distinct sites",
        ),
        ("    held_out: sideways\n", "o/a@abc:p.md", None, "held_out must be"),
    ],
)
def test_a_collection_split_by_site(
    tmp_path: Path, entry: str, doc: str, split: str | None, fault: str | None
) -> None:
    row = _good_row(id="s:abc", collection="s", doc=doc, origin="real", labels={"promotes": 1, "soft": 1})
    report = _validate_sources(tmp_path, entry, row)
    if fault is None:
        assert report.problems == [] and report.splits["s:abc"] == split
    else:
        assert any(fault in p for p in report.problems), report.problems
