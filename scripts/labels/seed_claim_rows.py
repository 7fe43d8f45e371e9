"""Write data/labels/rows/seed-claims.jsonl: the seed articles' claims as the editors chose them.

    python scripts/labels/seed_claim_rows.py

For each seed article (content/articles/igf1-*.md): every quote of its claims file
(content/claims/*.yaml) is a row with ``claim: 1`` and the editor's ``kind``; every unit of
tests/extract/data/labels.yaml that is not a claim (heading, question, rhetoric, reference,
boilerplate, glossary) is a row with ``claim: 0``; a restated factual sentence ("factual") is
``claim: 1`` without a kind (checkable, but the editors listed the claim elsewhere); table rows
are left out. Deterministic: the same files give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
DOC = "claimcheck@7c448f8574d737697a1efca39cb4beefb1591a7d:content/articles/{stem}.md"
NOT_CLAIMS = {"heading", "question", "rhetoric", "reference", "boilerplate", "glossary"}
LICENCE = "as the project's shipped seed content (content/articles)"
LABELLER = "claimcheck editors (content/claims: quotes and kinds) and claimcheck developer (model-assisted, tests/extract/data/labels.yaml: non-claims), 2026-12-06"


def rows() -> list[dict[str, object]]:
    labels = yaml.safe_load((REPO / "tests/extract/data/labels.yaml").read_text(encoding="utf-8"))
    out: list[dict[str, object]] = []
    for stem in ("igf1-relationship", "igf1-lifestyle"):
        claims = yaml.safe_load((REPO / f"content/claims/{stem}.yaml").read_text(encoding="utf-8"))
        document = next(d for d in labels["documents"] if d["article"] == f"content/articles/{stem}.md")
        items: list[tuple[str, dict[str, object]]] = [
            (claim["quote"], {"claim": 1, "kind": claim["kind"]}) for claim in claims["claims"]
        ]
        for label, text in document["units"]:
            if label in NOT_CLAIMS:
                items.append((text, {"claim": 0}))
            elif label == "factual":
                items.append((text, {"claim": 1}))
        seen: set[str] = set()
        for number, (text, found) in enumerate(items):
            if text in seen:
                continue
            seen.add(text)
            out.append(
                {
                    "id": f"seed-claims:{stem}-{number:03d}",
                    "text": text,
                    "collection": "seed-claims",
                    "doc": DOC.format(stem=stem),
                    "origin": "real",
                    "licence": LICENCE,
                    "labeller": LABELLER,
                    "labels": found,
                }
            )
    return out


def main() -> None:
    path = REPO / "data/labels/rows/seed-claims.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows()), encoding="utf-8")
    print(f"{path.relative_to(REPO)}: {len(rows())} rows")


if __name__ == "__main__":
    main()
