"""Reading the labelled sentences of ``data/labels`` (the contract: data/labels/README.md).

Rows come from ``rows/<collection>.jsonl``, collections from ``sources.yaml``. A row's split
follows its ``doc`` alone (:func:`split_of`) unless its collection pins one, or is split by site
(``held_out: sites``: its ``sites`` lists the dev and test sites, :func:`site_of`). Nothing here
depends on a model, so the training code, the evaluation and other helpers' tools share it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

SPLITS = ("train", "dev", "test")
LabelValue = int | str


class LabelsError(ValueError):
    """Labelled data that breaks the contract, with its ``file:line``."""


def split_of(doc: str) -> str:
    """``train``, ``dev`` or ``test``: the first 8 hex digits of sha256(doc) modulo 10 (0-5
    train, 6-7 dev, 8-9 test)."""
    bucket = int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "train" if bucket <= 5 else "dev" if bucket <= 7 else "test"


def site_of(doc: str) -> str:
    """The site a ``doc`` comes from: the repository (``owner/name``) of a
    ``owner/name@commit:path`` doc, the host of a URL, the doc itself otherwise."""
    repository = _REPOSITORY.match(doc)
    if repository:
        return repository.group(1)
    host = _HOST.match(doc)
    return host.group(1).lower() if host else doc


_REPOSITORY = re.compile(r"^([^@\s/]+/[^@\s]+)@")
_HOST = re.compile(r"^https?://([^/\s]+)")


@dataclass(frozen=True)
class Collection:
    id: str
    origin: str
    split: str | None
    """The split every row of the collection is pinned to, or None (each doc's hash decides)."""
    entry: Mapping[str, Any] = field(default_factory=dict)
    sites: Mapping[str, str] = field(default_factory=dict)
    """A collection split by site (``held_out: sites``): the split of each listed site (its
    ``sites`` entry lists the dev and test sites); every other site's rows are train."""

    def split_of(self, doc: str) -> str:
        """The split of a row of this collection with this ``doc``."""
        if self.split is not None:
            return self.split
        if self.entry.get("held_out") == "sites":
            return self.sites.get(site_of(doc), "train")
        return split_of(doc)


@dataclass(frozen=True)
class Row:
    id: str
    text: str
    collection: str
    doc: str
    origin: str
    labels: Mapping[str, LabelValue]
    split: str
    licence: str = ""
    labeller: str = ""

    def has(self, label: str) -> bool:
        return label in self.labels

    def get(self, label: str) -> LabelValue | None:
        return self.labels.get(label)


def labels_dir(root: Path) -> Path:
    """``data/labels`` of the repository at ``root``."""
    return root / "data" / "labels"


def read_collections(directory: Path) -> dict[str, Collection]:
    """The collections of ``directory/sources.yaml``, by id."""
    path = directory / "sources.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LabelsError(f"{path}: cannot read ({error})") from None
    found: dict[str, Collection] = {}
    for number, entry in enumerate(data.get("collections") or [], start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise LabelsError(f"{path}: collection {number} has no id")
        split = entry.get("split")
        if split is not None and split not in SPLITS:
            raise LabelsError(f"{path}: collection {entry['id']}: split must be one of {', '.join(SPLITS)}")
        sites = collection_sites(entry, f"{path}: collection {entry['id']}")
        found[entry["id"]] = Collection(entry["id"], str(entry.get("origin", "")), split, entry, sites)
    return found


def collection_sites(entry: Mapping[str, Any], where: str) -> dict[str, str]:
    """The split of each site a collection's ``sites`` entry lists (``{dev: [site, ...], test:
    [site, ...]}``; none: empty); LabelsError, prefixed with ``where``, when it is malformed."""
    listed = entry.get("sites") or {}
    if not isinstance(listed, dict) or not set(listed) <= {"dev", "test"}:
        raise LabelsError(f"{where}: sites must map dev and test to site lists")
    sites: dict[str, str] = {}
    for split, names in listed.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise LabelsError(f"{where}: sites.{split} must be a list of sites")
        for name in names:
            if sites.setdefault(name, split) != split:
                raise LabelsError(
                    f"{where}: site {name} is in two splits: the lists must hold distinct sites"
                )
    return sites


_REQUIRED = ("id", "text", "collection", "doc", "origin", "labels")


def read_rows(
    directory: Path,
    *,
    label: str | None = None,
    split: str | Iterable[str] | None = None,
    collections: Iterable[str] | None = None,
    origin: str | None = None,
) -> list[Row]:
    """Rows of ``directory/rows/*.jsonl`` (files in name order, lines in order), keeping only
    those that carry ``label``, lie in ``split`` (one or several), belong to ``collections``
    or have ``origin``. A row whose collection is not in sources.yaml is an error."""
    known = read_collections(directory)
    splits = {split} if isinstance(split, str) else None if split is None else set(split)
    wanted = None if collections is None else set(collections)
    rows: list[Row] = []
    seen: dict[str, str] = {}
    for path in sorted((directory / "rows").glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            row = _row(line, where, known)
            if row.id in seen:
                raise LabelsError(f"{where}: id {row.id} repeats ({seen[row.id]})")
            seen[row.id] = where
            if label is not None and label not in row.labels:
                continue
            if splits is not None and row.split not in splits:
                continue
            if wanted is not None and row.collection not in wanted:
                continue
            if origin is not None and row.origin != origin:
                continue
            rows.append(row)
    return rows


def _row(line: str, where: str, known: Mapping[str, Collection]) -> Row:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise LabelsError(f"{where}: not JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise LabelsError(f"{where}: a row is a JSON object")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise LabelsError(f"{where}: missing {', '.join(missing)}")
    labels = data["labels"]
    if not isinstance(labels, dict) or not all(isinstance(v, int | str) for v in labels.values()):
        raise LabelsError(f"{where}: labels must map names to 0/1 or a class name")
    collection = known.get(data["collection"])
    if collection is None:
        raise LabelsError(f"{where}: collection {data['collection']!r} is not in sources.yaml")
    doc = str(data["doc"])
    return Row(
        id=str(data["id"]),
        text=str(data["text"]),
        collection=collection.id,
        doc=doc,
        origin=str(data["origin"]),
        labels=labels,
        split=collection.split_of(doc),
        licence=str(data.get("licence", "")),
        labeller=str(data.get("labeller", "")),
    )


def checksum(rows: Iterable[Row]) -> str:
    """sha256 over the rows' ids, texts, docs and labels, in id order: what a model was
    trained on, or what the frozen test split holds."""
    digest = hashlib.sha256()
    for row in sorted(rows, key=lambda r: r.id):
        record = [row.id, row.text, row.doc, dict(sorted(row.labels.items()))]
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    return digest.hexdigest()
