"""Counts of the claim-labelled rows (issue 15): per collection, origin, claim/kind and split.

Reads data/labels/rows/*.jsonl and data/labels/sources.yaml; a row's split follows the README's
rule (sha256 of its doc, first 8 hex digits modulo 10: 0-5 train, 6-7 dev, 8-9 test) unless its
collection pins one. Only rows that carry a `claim` label are counted.

    python scripts/labels/claim_counts.py [data/labels]
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

import yaml


def split_of(doc: str) -> str:
    bucket = int(hashlib.sha256(doc.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "train" if bucket <= 5 else "dev" if bucket <= 7 else "test"


def main(root: Path) -> int:
    sources = yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8")) or {}
    pinned = {c["id"]: c["split"] for c in sources.get("collections") or [] if c.get("split")}
    per_coll: Counter[tuple[str, str, str]] = Counter()
    per_kind: Counter[tuple[str, str]] = Counter()
    per_origin: Counter[str] = Counter()
    for path in sorted((root / "rows").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                print(f"{path}:{n}:1: not JSON: {err.msg}", file=sys.stderr)
                return 2
            labels = row.get("labels", {})
            if "claim" not in labels:
                continue
            coll = row["collection"]
            split = pinned.get(coll) or split_of(row["doc"])
            label = labels.get("kind", "-") if labels["claim"] == 1 else "no-claim"
            per_coll[(coll, row["origin"], split)] += 1
            per_kind[(label, split)] += 1
            per_origin[row["origin"]] += 1
    splits = ("train", "dev", "test")
    print(f"{'collection':28} {'origin':8} " + " ".join(f"{s:>6}" for s in splits) + "  total")
    for coll, origin in sorted({(c, o) for c, o, _ in per_coll}):
        counts = [per_coll[(coll, origin, s)] for s in splits]
        print(f"{coll:28} {origin:8} " + " ".join(f"{c:6d}" for c in counts) + f"  {sum(counts):5d}")
    print()
    print(f"{'label':28} {'':8} " + " ".join(f"{s:>6}" for s in splits) + "  total")
    for label in sorted({k for k, _ in per_kind}):
        counts = [per_kind[(label, s)] for s in splits]
        print(f"{label:28} {'':8} " + " ".join(f"{c:6d}" for c in counts) + f"  {sum(counts):5d}")
    total = sum(per_origin.values())
    print(f"\nrows {total}: " + ", ".join(f"{o} {c}" for o, c in sorted(per_origin.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("data/labels")))
