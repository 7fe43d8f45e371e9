"""The test split of data/labels is frozen: the figures reported as held-out are measured on
exactly these rows, which no feature or threshold was chosen on.

The split rule is implemented here on its own (data/labels/README.md: a row's split follows
the sha256 of its ``doc``), so a change to the training code's split cannot move rows silently.
Adding, removing or relabelling a test row changes the checksum: that is a deliberate act
(re-freezing, said in the commit and in docs/content-rules.md), never a side effect of tuning.
Re-freeze: ``python tests/data/test_frozen_split.py`` prints the new figures.

Two freezes are checked. ``FROZEN`` is the original held-out split (937 rows, frozen before any
tuning): the test rows of the collections that do not say ``held_out: extended``; it must never
change, so figures on it stay comparable across sessions. ``FROZEN_EXTENDED`` is every test row,
the original ones plus those of real collections labelled blind and added later with
``held_out: extended`` (data/labels/README.md); it changes only in the commit that adds such a
collection. ``FROZEN_SITES`` is the test rows of the collections split by site (``held_out:
sites``: the sites their ``sites`` entry lists as test, sites no other split of theirs holds), a
third measure on sites the models never saw, kept out of the other two so they stay comparable.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

LABELS = Path(__file__).resolve().parents[2] / "data" / "labels"
FROZEN = {
    "rows": 937,
    "sha256": "038a492ca984b75855945989d07faf31809925be4102c7231cc6eb5e0194ed53",
}
FROZEN_SITES = {
    "rows": 1154,
    "sha256": "e806e51e1e93b336fba7bcc9f0a2969b833e694758e10254aed7c1657fa0f9bf",
}
FROZEN_EXTENDED = {
    "rows": 1482,
    "sha256": "e5e51ec7f94124f7da931677dfaf890ec4c93cdb40b667d6915f74dc4fd5fe41",
}


def split_of(doc: str, pinned: str | None = None, sites: dict[str, list[str]] | None = None) -> str:
    if pinned:
        return pinned
    if sites is not None:  # split by site: the repository of owner/name@commit:path, or a URL's host
        site = doc.split("@", 1)[0] if "@" in doc and "://" not in doc else doc.split("/")[2].lower()
        return next((split for split, names in sites.items() if site in names), "train")
    bucket = int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "train" if bucket < 6 else "dev" if bucket < 8 else "test"


def _collections() -> list[dict]:  # type: ignore[type-arg]
    return yaml.safe_load((LABELS / "sources.yaml").read_text(encoding="utf-8"))["collections"] or []


def frozen_rows(extended: bool = False, sites: bool = False) -> list[tuple[str, str, str]]:
    """The test rows: of the original freeze, (``extended``) of every collection not split by
    site, or (``sites``) of the collections split by site."""
    collections = _collections()
    pinned = {c["id"]: c.get("split") for c in collections}
    by_site = {c["id"]: c.get("sites") or {} for c in collections if c.get("held_out") == "sites"}
    later = {c["id"] for c in collections if c.get("held_out") == "extended"}
    rows = []
    for path in sorted((LABELS / "rows").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if (row["collection"] in by_site) != sites or (row["collection"] in later and not extended):
                continue
            if split_of(row["doc"], pinned.get(row["collection"]), by_site.get(row["collection"])) == "test":
                labels = json.dumps(row["labels"], sort_keys=True, separators=(",", ":"))
                rows.append((row["id"], row["text"], labels))
    return sorted(rows)


def checksum(rows: list[tuple[str, str, str]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update("\x1f".join(row).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def test_the_test_split_is_frozen() -> None:
    rows = frozen_rows()
    assert {"rows": len(rows), "sha256": checksum(rows)} == FROZEN, (
        "the frozen test split of data/labels changed: re-freeze only on purpose (see this module's doc)"
    )


def test_the_extended_test_split_is_frozen() -> None:
    rows = frozen_rows(extended=True)
    assert {"rows": len(rows), "sha256": checksum(rows)} == FROZEN_EXTENDED, (
        "the extended test split of data/labels changed: re-freeze only in the commit that adds a "
        "blind-labelled real collection (see this module's doc)"
    )


def test_the_new_sites_test_split_is_frozen() -> None:
    rows = frozen_rows(sites=True)
    assert {"rows": len(rows), "sha256": checksum(rows)} == FROZEN_SITES, (
        "the test split of the collections split by site changed: re-freeze only in the commit that "
        "adds such a collection (see this module's doc)"
    )


def test_no_test_sentence_is_also_in_train_or_dev() -> None:
    collections = _collections()
    pinned = {c["id"]: c.get("split") for c in collections}
    by_site = {c["id"]: c.get("sites") or {} for c in collections if c.get("held_out") == "sites"}
    seen: dict[str, set[str]] = {}
    for path in sorted((LABELS / "rows").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                text = " ".join(row["text"].lower().split())
                split = split_of(row["doc"], pinned.get(row["collection"]), by_site.get(row["collection"]))
                seen.setdefault(text, set()).add(split)
    leaked = sorted(text for text, splits in seen.items() if "test" in splits and len(splits) > 1)
    assert leaked == []


if __name__ == "__main__":
    for name, frozen in (
        ("FROZEN", frozen_rows()),
        ("FROZEN_EXTENDED", frozen_rows(extended=True)),
        ("FROZEN_SITES", frozen_rows(sites=True)),
    ):
        print(name, json.dumps({"rows": len(frozen), "sha256": checksum(frozen)}))
