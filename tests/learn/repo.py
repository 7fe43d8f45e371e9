"""A small content repository whose editors have decided on promotional sentences."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FRONT = """---
id: {id}
title: {title}
authors:
  - name: Ada Lovelace
    credentials: MD
medical_reviewer:
  name: Grace Hopper
  credentials: PhD
published: 2026-01-10
updated: 2026-01-15
disclosures:
  sponsorship: none
  conflicts: none
status: published
---
# {title}

"""

BIB = """@article{holick2007,
  author = {Holick, Michael F.},
  title = {Vitamin {D} Deficiency},
  journal = {New England Journal of Medicine},
  year = {2007},
  volume = {357},
  number = {3},
  pages = {266--281},
  doi = {10.1056/NEJMra070553},
  evidence = {narrative-review},
}
"""


@dataclass(frozen=True)
class Decision:
    sentence: str
    status: str
    """A review status, or ``waive CC30x`` (approved, with a justified waiver of that rule)."""
    reviewer: str = "R. Editor"


def claims_yaml(article: str, decisions: list[Decision]) -> str:
    out = [f"article: {article}", "claims:"]
    for number, decision in enumerate(decisions, 1):
        status = decision.status
        out += [
            f"  - id: {article}-claim-{number}",
            f'    quote: "{decision.sentence.rstrip(".!")}"',
            "    kind: product",
            "    review:",
        ]
        if status.startswith("waive "):
            out += [
                "      status: approved",
                f"      reviewer: {decision.reviewer}",
                "      waivers:",
                f"        - rule: {status.split()[1]}",
                "          justification: the sentence reports what the clinic says, it does not endorse it",
                f"          reviewer: {decision.reviewer}",
            ]
        else:
            out += [f"      status: {status}", f"      reviewer: {decision.reviewer}"]
    return "\n".join(out) + "\n"


def write_repo(root: Path, articles: dict[str, list[Decision]]) -> Path:
    """``articles``: article id -> its sentences (one paragraph each) and their decisions."""
    for article, decisions in articles.items():
        body = FRONT.format(id=article, title=article.replace("-", " ").capitalize())
        body += "\n\n".join(d.sentence for d in decisions) + "\n"
        (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
        (root / "content" / "claims").mkdir(parents=True, exist_ok=True)
        (root / "content" / "articles" / f"{article}.md").write_text(body, encoding="utf-8")
        (root / "content" / "claims" / f"{article}.yaml").write_text(
            claims_yaml(article, decisions), encoding="utf-8"
        )
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    return root
