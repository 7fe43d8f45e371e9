"""Projects for the report tests: the shipped content, a mixed one, a hostile one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

HOSTILE_ARTICLE = """---
id: demo
title: "Vitamin D </title><script>window.__xss = 'title'</script>"
authors:
  - name: "<b onmouseover=\\"window.__xss='author'\\">Ada</b>"
status: draft
---
# Vitamin D and sunlight

Vitamin D is made in the skin. <script>window.__xss = 'body'</script> Really.

<img src=x onerror="window.__xss = 'img'"> Sunlight <a href="javascript:window.__xss='link'">cures</a> all.
"""

HOSTILE_CLAIMS = """article: demo
claims:
  - id: vitamin-d-skin
    quote: "<script>window.__xss = 'body'</script> Really."
    statement: "\\"><svg onload=\\"window.__xss='statement'\\"></svg>"
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
        locator: "<iframe src=\\"javascript:window.__xss='locator'\\"></iframe>"
    review:
      status: needs-rewrite
      reviewer: "<script>window.__xss='reviewer'</script>"
      note: "</textarea><script>window.__xss='note'</script>"
      waivers:
        - rule: CC102
          justification: "<style>body{display:none}</style>"
      history:
        - status: pending
          note: "<img src=x onerror=\\"window.__xss='history'\\">"
  - id: sunlight-cures
    quote: "<img src=x onerror=\\"window.__xss = 'img'\\"> Sunlight"
    kind: therapy
"""

HOSTILE_BIB = """@article{holick2007,
  author = {Holick, Michael F. and <script>window.__xss='bib-author'</script>},
  title = {Vitamin {D} Deficiency <img src=x onerror="window.__xss='bib-title'">},
  journal = {New England Journal of Medicine},
  year = {2007},
  volume = {357},
  number = {3},
  pages = {266--281},
  doi = {10.1056/NEJMra070553},
}
"""

MARKUP = [
    "<script>window.__xss",
    "<img src=x",
    "<svg onload",
    "<iframe",
    "<b onmouseover",
    "<style>body",
    '<a href="javascript',
]


@pytest.fixture
def hostile(make_project: Callable[..., Path]) -> Path:
    return make_project(
        {
            "content/articles/demo.md": HOSTILE_ARTICLE,
            "content/claims/demo.yaml": HOSTILE_CLAIMS,
            "references.bib": HOSTILE_BIB,
        }
    )


MIXED_CLAIMS = """article: demo
claims:
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    kind: mechanism
    review:
      status: pending
  - id: vitamin-d-sunlight
    quote: when it is exposed to sunlight
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
    review:
      status: approved
      reviewer: A. Editor
      waivers:
        - rule: CC102
"""


@pytest.fixture
def mixed(make_project: Callable[..., Path]) -> Path:
    """Findings of two categories: citation (CC102) and review (CC502), on two claims."""
    return make_project({"content/claims/demo.yaml": MIXED_CLAIMS})
