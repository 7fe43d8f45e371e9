"""Claim support: status and evidence strength per claim, and a citation finding per shortfall."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from claimcheck.core.finding import Category
from claimcheck.evidence.support import assess_project
from claimcheck.export import build_bundle
from claimcheck.load import load_project
from claimcheck.model import Evidence, SupportStatus
from claimcheck.run.engine import check
from claimcheck.settings import load_settings

BIB = """\
@article{holick2007,
  author = {Holick, Michael F.},
  title = {Vitamin {D} Deficiency},
  journal = {New England Journal of Medicine},
  year = {2007},
  doi = {10.1056/NEJMra070553},
  evidence = {narrative-review},
}
@article{cells2020,
  author = {Doe, Jane},
  title = {Vitamin {D} in cultured cells},
  journal = {J},
  year = {2020},
  url = {https://example.org/cells},
  evidence = {in-vitro},
}
@article{trial2021,
  author = {Doe, Jane},
  title = {A randomized trial of vitamin {D}},
  journal = {J},
  year = {2021},
  url = {https://example.org/trial},
  evidence = {rct},
}
"""

CLAIMS = """\
article: demo
claims:
  - id: no-citation
    quote: Vitamin D is made in the skin
    kind: mechanism
  - id: background-only
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: background
  - id: contradicted
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
      - key: trial2021
        relation: contradicts
  - id: in-vitro-therapy
    quote: Vitamin D is made in the skin
    kind: therapy
    citations:
      - key: cells2020
        relation: supports
  - id: unknown-key
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: nosuchkey
        relation: supports
  - id: well-supported-therapy
    quote: Vitamin D is made in the skin
    kind: therapy
    citations:
      - key: trial2021
        relation: supports
      - key: cells2020
        relation: partial
    review:
      status: approved
"""


def _project(make_project: Callable[..., Path]) -> Path:
    return make_project({"references.bib": BIB, "content/claims/demo.yaml": CLAIMS})


def test_each_shortfall_is_a_citation_finding_at_the_claim(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    settings = load_settings(root)
    result = check(load_project(root, settings), settings)
    citation = {(f.claim, f.rule, f.line) for f in result.findings if f.category is Category.CITATION}
    assert citation == {
        ("no-citation", "CC102", 3),
        ("background-only", "CC102", 6),
        ("contradicted", "CC103", 18),  # at the contradicting citation's key
        ("in-vitro-therapy", "CC104", 20),
        ("unknown-key", "CC101", 30),  # at the key; CC102 does not repeat it
    }


def test_status_and_strength(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    project = load_project(root, load_settings(root))
    support = {claim: s for (_, claim), s in assess_project(project).items()}
    assert {k: v.status for k, v in support.items()} == {
        "no-citation": SupportStatus.UNSUPPORTED,
        "background-only": SupportStatus.BACKGROUND_ONLY,
        "contradicted": SupportStatus.CONTRADICTED,
        "in-vitro-therapy": SupportStatus.SUPPORTED,
        "unknown-key": SupportStatus.UNSUPPORTED,
        "well-supported-therapy": SupportStatus.SUPPORTED,
    }
    assert support["in-vitro-therapy"].evidence is Evidence.IN_VITRO
    assert support["well-supported-therapy"].evidence is Evidence.RCT  # the strongest one
    assert support["background-only"].evidence is None  # background does not count


def test_status_and_strength_are_exported(make_project: Callable[..., Path]) -> None:
    root = _project(make_project)
    settings = load_settings(root)
    bundle = build_bundle(check(load_project(root, settings), settings))
    (claim,) = [c for a in bundle.articles for c in a.claims]
    data = json.loads(claim.model_dump_json())
    assert (data["id"], data["support"], data["evidence"]) == ("well-supported-therapy", "supported", "rct")
