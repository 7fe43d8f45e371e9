"""References in the bundle: CSL-JSON, formatted by citeproc-py in a shipped CSL style."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Run

from claimcheck.export.references import STYLES_DIR

APPROVED = """\
article: demo
claims:
  - id: vitamin-d-skin
    quote: Vitamin D is made in the skin
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
      - key: others2010
        relation: partial
    review:
      status: approved
      reviewer: A. Editor
"""
BIB = """\
@article{holick2007,
  author = {Holick, Michael F.},
  title = {Vitamin {D} Deficiency},
  journal = {New England Journal of Medicine},
  year = {2007},
  month = jul,
  volume = {357},
  number = {3},
  pages = {266--281},
  doi = {10.1056/NEJMra070553},
  evidence = {narrative-review},
}
@article{others2010,
  author = {M{\\"u}ller, Anna and others},
  title = {An example work},
  journal = {Journal of Examples},
  year = {2010},
  url = {https://example.org/x},
}
"""


def _export(cli: Callable[..., Run], root: Path) -> tuple[dict[str, Any], str]:
    run = cli("export", "--root", root, "--out", root / "build")
    assert run.code == 0, run.err
    bundle = json.loads((root / "build" / "bundle.json").read_text(encoding="utf-8"))
    return bundle, (root / "build" / "bundle.md").read_text(encoding="utf-8")


def test_csl_json_and_ama_by_default(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project({"references.bib": BIB, "content/claims/demo.yaml": APPROVED})
    bundle, markdown = _export(cli, root)
    assert bundle["citation_style"] == "http://www.zotero.org/styles/american-medical-association"
    holick, others = bundle["references"]
    assert holick == {
        "id": "holick2007",
        "type": "article-journal",
        "title": "Vitamin D Deficiency",
        "author": [{"family": "Holick", "given": "Michael F."}],
        "issued": {"date-parts": [[2007, 7]]},
        "container-title": "New England Journal of Medicine",
        "volume": "357",
        "issue": "3",
        "page": "266-281",
        "DOI": "10.1056/NEJMra070553",
    }
    assert others["author"] == [{"family": "Müller", "given": "Anna"}, {"literal": "et al."}]
    claim = bundle["articles"][0]["claims"][0]
    assert claim["citations"][0]["reference"]["formatted"] == (
        "Holick MF. Vitamin D Deficiency. New England Journal of Medicine. 2007;357(3):266-281. "
        "doi:10.1056/NEJMra070553"
    )
    assert "1. Holick MF. Vitamin D Deficiency." in markdown
    # no lock: both references are honestly marked unverified
    assert markdown.count("\\[unverified\\]") == 2
    assert "(mechanism, supported, evidence: narrative-review, `vitamin-d-skin`)" in markdown


def test_vancouver_and_a_project_style(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project(
        {
            "references.bib": BIB,
            "content/claims/demo.yaml": APPROVED,
            "claimcheck.toml": 'citation_style = "vancouver"\n',
        }
    )
    bundle, _ = _export(cli, root)
    formatted = bundle["articles"][0]["claims"][0]["citations"][0]["reference"]["formatted"]
    assert (
        formatted == "Holick MF. Vitamin D Deficiency. New England Journal of Medicine. 2007;357(3):266–81."
    )
    shutil.copy(STYLES_DIR / "vancouver.csl", root / "house.csl")
    (root / "claimcheck.toml").write_text('citation_style = "house.csl"\n', encoding="utf-8")
    bundle, _ = _export(cli, root)
    assert bundle["citation_style"] == "http://www.zotero.org/styles/vancouver"


def test_unknown_style_is_a_config_error(cli: Callable[..., Run], make_project: Callable[..., Path]) -> None:
    root = make_project({"claimcheck.toml": 'citation_style = "chicago"\n'})
    run = cli("export", "--root", root, "--out", root / "build")
    assert run.code == 2 and "citation_style: 'chicago'" in run.err


def test_shipped_styles_keep_their_licence_header() -> None:
    for path in STYLES_DIR.glob("*.csl"):
        head = path.read_text(encoding="utf-8")[:3000]
        assert "creativecommons.org/licenses/by-sa/3.0" in head, path.name
