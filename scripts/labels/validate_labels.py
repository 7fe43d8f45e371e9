#!/usr/bin/env python3
"""Validate the labelled sentences in data/labels and print their counts.

Checks every rows/<collection>.jsonl against the contract in data/labels/README.md:
  * each line is one JSON object with exactly the row fields (id, text, collection, doc, origin,
    licence, labeller, labels) and non-empty strings;
  * ids are unique across all collections; a row's `collection` is its file's stem and has an
    entry in sources.yaml, whose `origin` the row repeats;
  * labels are known and in range: promotes/soft/absolute/harms/benefit/claim are 0 or 1,
    `soft` only on promotes=1 rows, `kind` one of the eight kinds and only on claim=1 rows;
  * a `real` row's doc is a URL or `dataset@commit:id`;
  * nothing comes from the kept-apart sets (FakeHealth, HealthNewsReview, InSciOut, the EurekAlert
    half of Yu et al.), judged by the docs and by the sources.yaml entries.
Then prints the counts per collection, origin, label value and split (the split of a row follows
its doc's hash, or the split its collection pins).

Usage: python scripts/labels/validate_labels.py [DATA_LABELS_DIR]   (needs PyYAML)
Exit status 0 when clean, 1 when problems were found, 2 when the directory cannot be read.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from claimcheck.model.claims import ClaimKind
from claimcheck.scoring.labels import LabelsError, collection_sites, site_of

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = ROOT / "data" / "labels"

ROW_FIELDS = ("id", "text", "collection", "doc", "origin", "licence", "labeller", "labels")
BINARY_LABELS = ("promotes", "soft", "absolute", "harms", "benefit", "claim")
KINDS = frozenset(kind.value for kind in ClaimKind)
ORIGINS = frozenset({"real", "written"})
SPLITS = ("train", "dev", "test")
COLLECTION_FIELDS = frozenset(
    {"id", "title", "origin", "source", "licence", "labeller", "procedure", "split", "held_out", "sites"}
)
REQUIRED_COLLECTION_FIELDS = ("id", "title", "origin", "source", "licence", "labeller", "procedure")
# The project's acceptance measure; nothing of it may be here (see README, "Kept apart").
KEPT_APART = re.compile(
    r"fakehealth|enyandai|healthnewsreview|scientific-exaggeration-detection|insciout|annotated_eureka|eureka_beginning",
    re.IGNORECASE,
)
DATASET_DOC = re.compile(r"^[^\s@]+@[0-9A-Za-z._-]+:\S.*$")
URL_DOC = re.compile(r"^https?://\S+$")
ID_FORM = re.compile(r"^[a-z0-9][a-z0-9-]*:[A-Za-z0-9._-]+$")


def split_of_doc(doc: str) -> str:
    """The README's rule: first 8 hex digits of sha256(doc) mod 10: 0-5 train, 6-7 dev, 8-9 test."""
    bucket = int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "train" if bucket <= 5 else "dev" if bucket <= 7 else "test"


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    splits: dict[str, str] = field(default_factory=dict)  # row id -> split
    sites: dict[str, dict[str, str]] = field(default_factory=dict)  # collection -> site -> split
    collections: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _load_collections(path: Path, report: Report) -> None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        report.problems.append(f"{path}: cannot read: {str(exc).splitlines()[0]}")
        return
    entries = data.get("collections") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        report.problems.append(f"{path}: needs a top-level `collections:` list")
        return
    for n, entry in enumerate(entries, 1):
        where = f"{path}: collection #{n}"
        if not isinstance(entry, dict):
            report.problems.append(f"{where}: not a mapping")
            continue
        cid = entry.get("id")
        if isinstance(cid, str):
            where = f"{path}: collection {cid!r}"
        for key in sorted(set(entry) - COLLECTION_FIELDS):
            report.problems.append(f"{where}: unknown field {key!r}")
        for key in REQUIRED_COLLECTION_FIELDS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                report.problems.append(f"{where}: `{key}` must be a non-empty string")
        if entry.get("origin") not in ORIGINS:
            report.problems.append(f"{where}: origin must be one of {sorted(ORIGINS)}")
        if "split" in entry and entry["split"] not in SPLITS:
            report.problems.append(f"{where}: split must be one of {list(SPLITS)}")
        if "held_out" in entry and (entry["held_out"] not in ("extended", "sites") or "split" in entry):
            report.problems.append(
                f"{where}: held_out must be 'extended' or 'sites', on a collection split by hash or site"
            )
        if ("sites" in entry) != (entry.get("held_out") == "sites"):
            report.problems.append(f"{where}: `sites` goes with held_out: sites, and only with it")
        elif isinstance(cid, str):
            try:
                report.sites[cid] = collection_sites(entry, where)
            except LabelsError as error:
                report.problems.append(str(error))
        hit = KEPT_APART.search(" ".join(str(entry.get(k, "")) for k in ("title", "source")))
        if hit:
            report.problems.append(f"{where}: names a kept-apart data set ({hit[0]})")
        if isinstance(cid, str):
            if cid in report.collections:
                report.problems.append(f"{where}: duplicate collection id")
            report.collections[cid] = entry


def _check_labels(labels: Any, where: str, report: Report) -> None:
    if not isinstance(labels, dict) or not labels:
        report.problems.append(f"{where}: `labels` must be a non-empty object")
        return
    for key in sorted(set(labels) - {*BINARY_LABELS, "kind"}):
        report.problems.append(f"{where}: unknown label {key!r}")
    for key in BINARY_LABELS:
        value = labels.get(key)
        if key in labels and (type(value) is not int or value not in (0, 1)):
            report.problems.append(f"{where}: label {key!r} must be 0 or 1, not {value!r}")
    if "soft" in labels and labels.get("promotes") != 1:
        report.problems.append(f"{where}: `soft` is only for promotes=1 rows")
    if "kind" in labels:
        if labels["kind"] not in KINDS:
            report.problems.append(f"{where}: kind {labels['kind']!r} is not one of {sorted(KINDS)}")
        if labels.get("claim") != 1:
            report.problems.append(f"{where}: `kind` is only for claim=1 rows")


def _check_row(row: Any, where: str, stem: str, seen: dict[str, str], report: Report) -> None:
    if not isinstance(row, dict):
        report.problems.append(f"{where}: not a JSON object")
        return
    missing = [k for k in ROW_FIELDS if k not in row]
    extra = sorted(set(row) - set(ROW_FIELDS))
    if missing:
        report.problems.append(f"{where}: missing {', '.join(missing)}")
    if extra:
        report.problems.append(f"{where}: unknown field(s) {', '.join(extra)}")
    for key in ROW_FIELDS[:-1]:
        if key in row and (not isinstance(row[key], str) or not row[key].strip()):
            report.problems.append(f"{where}: `{key}` must be a non-empty string")
    if missing or not all(isinstance(row.get(k), str) for k in ROW_FIELDS[:-1]):
        return
    rid, text, doc = row["id"], row["text"], row["doc"]
    where = f"{where} ({rid})"
    if not ID_FORM.match(rid):
        report.problems.append(f"{where}: id must look like <collection>:<key>")
    elif rid.split(":", 1)[0] != stem:
        report.problems.append(f"{where}: id must start with its collection {stem!r}")
    if rid in seen:
        report.problems.append(f"{where}: duplicate id (also {seen[rid]})")
    seen[rid] = where
    if text != text.strip() or "\n" in text:
        report.problems.append(f"{where}: text must be one line without surrounding blanks")
    if row["collection"] != stem:
        report.problems.append(f"{where}: collection {row['collection']!r} is not its file's {stem!r}")
    entry = report.collections.get(row["collection"])
    if entry is None:
        report.problems.append(f"{where}: collection {row['collection']!r} has no entry in sources.yaml")
    elif entry.get("origin") != row["origin"]:
        report.problems.append(f"{where}: origin {row['origin']!r} differs from its collection's")
    if row["origin"] not in ORIGINS:
        report.problems.append(f"{where}: origin must be one of {sorted(ORIGINS)}")
    if row["origin"] == "real" and not (URL_DOC.match(doc) or DATASET_DOC.match(doc)):
        report.problems.append(f"{where}: a real row's doc must be a URL or dataset@commit:id")
    if KEPT_APART.search(doc):
        report.problems.append(f"{where}: doc comes from a kept-apart data set")
    _check_labels(row["labels"], where, report)
    pinned = entry.get("split") if entry else None
    if entry and entry.get("held_out") == "sites":
        report.splits[rid] = report.sites.get(row["collection"], {}).get(site_of(doc), "train")
    else:
        report.splits[rid] = pinned if pinned in SPLITS else split_of_doc(doc)
    report.rows.append(row)


def validate(directory: Path = DEFAULT_DIR) -> Report:
    report = Report()
    sources = directory / "sources.yaml"
    if not sources.is_file():
        report.problems.append(f"{sources}: missing")
        return report
    _load_collections(sources, report)
    seen: dict[str, str] = {}
    for path in sorted((directory / "rows").glob("*.jsonl")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            report.problems.append(f"{path}: cannot read: {exc}")
            continue
        for n, line in enumerate(lines, 1):
            where = f"{path.relative_to(directory)}:{n}"
            if not line.strip():
                report.problems.append(f"{where}: blank line")
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                report.problems.append(f"{where}: not JSON ({exc.msg} at column {exc.colno})")
                continue
            _check_row(row, where, path.stem, seen, report)
    return report


def counts(report: Report) -> str:
    """The counts per collection, origin, label value and split, as aligned text."""
    by: dict[str, Counter[str]] = {k: Counter() for k in ("collection", "origin", "split", "label")}
    per_collection_split: Counter[tuple[str, str]] = Counter()
    for row in report.rows:
        split = report.splits[row["id"]]
        by["collection"][row["collection"]] += 1
        by["origin"][row["origin"]] += 1
        by["split"][split] += 1
        per_collection_split[(row["collection"], split)] += 1
        for key, value in row["labels"].items():
            by["label"][f"{key}={value}"] += 1
    lines = [f"rows: {len(report.rows)}"]
    lines.append("per collection (train/dev/test):")
    for name, n in sorted(by["collection"].items()):
        parts = "/".join(str(per_collection_split[(name, s)]) for s in SPLITS)
        lines.append(f"  {name:<28} {n:>6}  ({parts})")
    for key in ("origin", "split", "label"):
        lines.append(f"per {key}:")
        lines.extend(f"  {name:<28} {n:>6}" for name, n in sorted(by[key].items()))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else DEFAULT_DIR
    if not directory.is_dir():
        print(f"error: {directory} is not a directory", file=sys.stderr)
        return 2
    report = validate(directory)
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(counts(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
