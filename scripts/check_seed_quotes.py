#!/usr/bin/env python3
"""Sanity-check the shipped example content (articles, claims, references).

Checks, for every content/claims/<id>.yaml:
  * `article` names an existing content/articles/<id>.md whose front-matter `id` equals the stem;
  * every `quote` is an exact substring of the article body (the text after the front matter);
  * claim ids are unique across all claims files and use only a-z, 0-9 and '-';
  * kind, substances, citation keys/relations and review status use the allowed values;
  * approved claims have a `supports` or `partial` citation and are not of kind therapy/product.

If the seed texts are available (../shared/seeds relative to the repository, or --seeds DIR),
it also checks that each article body, with the added Markdown markup removed ("## " heading
prefixes and blank lines), is line for line identical to its seed.

Usage: python scripts/check_seed_quotes.py [--seeds DIR]   (needs PyYAML)
Exit status 0 when clean, 1 when problems were found.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from claimcheck.model.claims import ClaimKind

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "content" / "articles"
CLAIMS = ROOT / "content" / "claims"
BIB = ROOT / "references.bib"

SEEDS = {
    "igf1-relationship": "000_930772e39ad67e5e.txt",
    "igf1-lifestyle": "001_5edf0f1d8ee191f2.txt",
}

KINDS = frozenset(kind.value for kind in ClaimKind)
SUBSTANCES = {
    "IGF-1",
    "growth hormone",
    "GHRH",
    "insulin",
    "cortisol",
    "somatostatin",
    "testosterone",
    "estrogen",
    "sermorelin",
    "ipamorelin",
    "CJC-1295",
    "tesamorelin",
    "hexarelin",
    "IGFBP-3",
}
RELATIONS = {"supports", "partial", "background", "contradicts"}
STATUSES = {"pending", "approved", "rejected", "needs-evidence", "needs-rewrite"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def split_front_matter(text: str) -> tuple[dict, str]:
    if not text.startswith("---\n"):
        raise ValueError("no front matter")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}, text[end + 5 :]


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.M))


def check_seed(article_id: str, body: str, seeds_dir: Path, errors: list[str]) -> None:
    seed = seeds_dir / SEEDS[article_id]
    seed_lines = [ln for ln in seed.read_text(encoding="utf-8").split("\n") if ln != ""]
    body_lines = [ln[3:] if ln.startswith("## ") else ln for ln in body.split("\n") if ln != ""]
    if seed_lines != body_lines:
        for i, (a, b) in enumerate(zip(seed_lines, body_lines, strict=False)):
            if a != b:
                errors.append(f"{article_id}: line {i + 1} differs from seed:\n  seed: {a!r}\n  body: {b!r}")
                break
        else:
            errors.append(f"{article_id}: {len(body_lines)} lines vs {len(seed_lines)} in seed")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = ap.parse_args()

    errors: list[str] = []
    keys = bib_keys()
    seen: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = {}

    for cf in sorted(CLAIMS.glob("*.yaml")):
        data = yaml.safe_load(cf.read_text(encoding="utf-8"))
        art_id = data.get("article")
        if art_id != cf.stem:
            errors.append(f"{cf.name}: article {art_id!r} != file stem")
        fm, body = split_front_matter((ARTICLES / f"{art_id}.md").read_text(encoding="utf-8"))
        if fm.get("id") != art_id:
            errors.append(f"{art_id}.md: front-matter id {fm.get('id')!r}")
        if art_id in SEEDS and args.seeds.is_dir():
            check_seed(art_id, body, args.seeds, errors)

        per_status = counts.setdefault(art_id, {})
        for c in data.get("claims", []):
            cid = c.get("id", "?")
            where = f"{cf.name}:{cid}"
            if not ID_RE.match(cid):
                errors.append(f"{where}: bad id")
            if cid in seen:
                errors.append(f"{where}: duplicate id (also in {seen[cid]})")
            seen[cid] = cf.name
            quote = c.get("quote")
            if not isinstance(quote, str) or not quote:
                errors.append(f"{where}: missing quote")
            elif quote not in body:
                errors.append(f"{where}: quote not in article body: {quote!r}")
            elif body.count(quote) > 1:
                errors.append(f"{where}: quote occurs {body.count(quote)} times")
            if not isinstance(c.get("statement"), str):
                errors.append(f"{where}: missing statement")
            kind = c.get("kind")
            if kind not in KINDS:
                errors.append(f"{where}: bad kind {kind!r}")
            for s in c.get("substances", []):
                if s not in SUBSTANCES:
                    errors.append(f"{where}: unknown substance {s!r}")
            cits = c.get("citations", [])
            for cit in cits:
                if cit.get("key") not in keys:
                    errors.append(f"{where}: unknown citation key {cit.get('key')!r}")
                if cit.get("relation") not in RELATIONS:
                    errors.append(f"{where}: bad relation {cit.get('relation')!r}")
            rev = c.get("review") or {}
            status = rev.get("status")
            if status not in STATUSES:
                errors.append(f"{where}: bad review status {status!r}")
            for f in ("reviewer", "date", "note"):
                if not rev.get(f):
                    errors.append(f"{where}: review.{f} missing")
            if status == "approved":
                if kind in {"therapy", "product"}:
                    errors.append(f"{where}: approved claim of kind {kind}")
                if not any(x.get("relation") in {"supports", "partial"} for x in cits):
                    errors.append(f"{where}: approved without supports/partial citation")
            per_status[status] = per_status.get(status, 0) + 1

    for art_id, per_status in counts.items():
        total = sum(per_status.values())
        print(f"{art_id}: {total} claims  " + ", ".join(f"{k}={v}" for k, v in sorted(per_status.items())))
    if not args.seeds.is_dir():
        print(f"(seed comparison skipped: {args.seeds} not found)")
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
