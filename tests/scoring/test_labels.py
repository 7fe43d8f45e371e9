"""Reading data/labels: the split rule, pinned collections, filters and contract errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from claimcheck.scoring import LabelsError, checksum, read_rows, split_of


def _bucket(doc: str) -> int:
    return int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % 10


def test_the_split_follows_the_hash_rule_of_the_readme() -> None:
    for n in range(200):
        doc = f"https://example.org/doc/{n}"
        bucket = _bucket(doc)
        assert split_of(doc) == ("train" if bucket < 6 else "dev" if bucket < 8 else "test")
    assert {split_of(f"d{n}") for n in range(50)} == {"train", "dev", "test"}


def _write(root: Path, sources: str, rows: dict[str, list[dict[str, object]]]) -> Path:
    directory = root / "data" / "labels"
    (directory / "rows").mkdir(parents=True)
    (directory / "sources.yaml").write_text(sources, encoding="utf-8")
    for name, items in rows.items():
        text = "".join(json.dumps(item) + "\n" for item in items)
        (directory / "rows" / f"{name}.jsonl").write_text(text, encoding="utf-8")
    return directory


def _row(n: int, collection: str, labels: dict[str, object], doc: str | None = None) -> dict[str, object]:
    return {
        "id": f"{collection}:{n}",
        "text": f"Sentence {n}.",
        "collection": collection,
        "doc": doc or f"doc-{n}",
        "origin": "written",
        "labels": labels,
    }


SOURCES = "collections:\n  - {id: a, origin: written}\n  - {id: b, origin: real, split: test}\n"


def test_rows_are_filtered_by_label_split_collection_and_origin(tmp_path: Path) -> None:
    directory = _write(
        tmp_path,
        SOURCES,
        {
            "a": [_row(n, "a", {"promotes": n % 2} if n % 3 else {"claim": 1}) for n in range(30)],
            "b": [{**_row(n, "b", {"promotes": 1}), "origin": "real"} for n in range(5)],
        },
    )
    rows = read_rows(directory)
    assert len(rows) == 35
    assert all(r.split == "test" for r in rows if r.collection == "b")  # pinned
    assert all(r.split == split_of(r.doc) for r in rows if r.collection == "a")
    promotes = read_rows(directory, label="promotes")
    assert len(promotes) == 20 + 5 and all(r.has("promotes") for r in promotes)
    assert {r.split for r in read_rows(directory, split=["dev", "test"])} <= {"dev", "test"}
    assert {r.collection for r in read_rows(directory, collections=["b"])} == {"b"}
    assert len(read_rows(directory, origin="written")) == 30  # the rows' own origin


def test_the_checksum_ignores_order_and_sees_labels(tmp_path: Path) -> None:
    directory = _write(tmp_path, SOURCES, {"a": [_row(n, "a", {"promotes": 1}) for n in range(4)]})
    rows = read_rows(directory)
    assert checksum(rows) == checksum(list(reversed(rows)))
    changed = [*rows[:-1], type(rows[-1])(**{**rows[-1].__dict__, "labels": {"promotes": 0}})]
    assert checksum(changed) != checksum(rows)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not JSON"),
        ("[1]", "JSON object"),
        ('{"id": "x"}', "missing text, collection, doc, origin, labels"),
        (
            '{"id": "x", "text": "t", "collection": "zz", "doc": "d", "origin": "real", "labels": {}}',
            "not in sources",
        ),
        (
            '{"id": "x", "text": "t", "collection": "a", "doc": "d", "origin": "real", "labels": {"p": [1]}}',
            "labels",
        ),
    ],
)
def test_a_row_breaking_the_contract_is_an_error_at_its_line(tmp_path: Path, line: str, message: str) -> None:
    directory = _write(tmp_path, SOURCES, {})
    (directory / "rows" / "a.jsonl").write_text(
        json.dumps(_row(1, "a", {})) + "\n" + line + "\n", encoding="utf-8"
    )
    with pytest.raises(LabelsError, match=message) as caught:
        read_rows(directory)
    assert "a.jsonl:2" in str(caught.value)


def test_a_repeated_id_is_an_error(tmp_path: Path) -> None:
    directory = _write(tmp_path, SOURCES, {"a": [_row(1, "a", {}), _row(1, "a", {})]})
    with pytest.raises(LabelsError, match="repeats"):
        read_rows(directory)


def test_a_bad_pinned_split_is_an_error(tmp_path: Path) -> None:
    directory = _write(tmp_path, "collections:\n  - {id: a, split: holdout}\n", {})
    with pytest.raises(LabelsError, match="split must be"):
        read_rows(directory)


SITES = """collections:
  - id: s
    origin: real
    held_out: sites
    sites: {dev: [owner/dev-site], test: [owner/test-site, www.example.org]}
"""


def test_a_collection_split_by_site_puts_each_site_in_one_split(tmp_path: Path) -> None:
    docs = {
        "owner/dev-site@abc:page-1.md": "dev",
        "owner/dev-site@abc:page-2.md": "dev",
        "owner/test-site@def:about.md": "test",
        "https://WWW.example.org/a/b": "test",
        "owner/other@123:index.md": "train",
        "https://elsewhere.org/x": "train",
    }
    rows = [{**_row(n, "s", {"promotes": 1}, doc), "origin": "real"} for n, doc in enumerate(docs)]
    read = read_rows(_write(tmp_path, SITES, {"s": rows}))
    assert {r.doc: r.split for r in read} == docs


@pytest.mark.parametrize(
    "sites",
    ["{train: [a/b]}", "{dev: a/b}", "{dev: [a/b], test: [a/b]}"],
)
def test_a_bad_sites_entry_is_an_error(tmp_path: Path, sites: str) -> None:
    sources = f"collections:\n  - {{id: s, origin: real, held_out: sites, sites: {sites}}}\n"
    with pytest.raises(LabelsError, match="collection s: site"):
        read_rows(_write(tmp_path, sources, {"s": [_row(1, "s", {"promotes": 1})]}))
