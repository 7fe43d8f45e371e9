"""A headline claim is a claim: extract proposes the front matter's title when the claim model
says it is one, located where it is written; the merge and the check find its quote there."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from claimcheck.extract.candidates import propose
from claimcheck.extract.segment import title_unit
from claimcheck.model import ClaimsDocument
from claimcheck.text.title import title_span

HEADLINE = "Semaglutide melts away 20% of body fat in just 12 weeks"


def _article(title: str) -> str:
    return (
        f'---\nid: jab\ntitle: "{title}"\ndescription: A page.\n---\n\n'
        "## Background\n\nSemaglutide is a GLP-1 receptor agonist given as a weekly injection.\n"
    )


def _project(tmp_path: Path, title: str) -> Path:
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "content/claims").mkdir(parents=True)
    (tmp_path / "content/articles/jab.md").write_text(_article(title), encoding="utf-8")
    (tmp_path / "references.bib").write_text("", encoding="utf-8")
    return tmp_path


def test_the_title_is_a_unit_at_its_place_in_the_front_matter() -> None:
    text = _article(HEADLINE)
    unit = title_unit(text, title_span(text, text.index("\n---\n", 4) + 5))
    assert unit is not None and unit.role == "title"
    assert text[unit.start : unit.end] == HEADLINE == unit.text
    assert [c.quote for c in propose([unit])] == [HEADLINE]
    assert title_unit(text, None) is None


def test_extract_proposes_a_headline_claim_with_its_location(tmp_path: Path, cli: Callable[..., Any]) -> None:
    root = _project(tmp_path, HEADLINE)
    run = cli("extract", "jab", "--root", root)
    assert run.code == 0, run.err
    quotes = [c.quote for c in ClaimsDocument.model_validate(yaml.safe_load(run.out)).claims]
    assert quotes[0] == HEADLINE
    assert "content/articles/jab.md:3:9: " in run.err  # line 3, just inside the opening quote


def test_a_title_that_claims_nothing_is_not_proposed(tmp_path: Path, cli: Callable[..., Any]) -> None:
    root = _project(tmp_path, "Frequently asked questions")
    run = cli("extract", "jab", "--root", root)
    assert run.code == 0, run.err
    quotes = [c.quote for c in ClaimsDocument.model_validate(yaml.safe_load(run.out)).claims]
    assert "Frequently asked questions" not in quotes


def test_a_written_headline_claim_is_kept_and_its_quote_found(
    tmp_path: Path, cli: Callable[..., Any]
) -> None:
    root = _project(tmp_path, HEADLINE)
    assert cli("extract", "jab", "--root", root, "--write").code == 0
    again = cli("extract", "jab", "--root", root, "--write")
    assert again.code == 0, again.err
    assert "0 added" in again.out and "0 stale" in again.out
    check = cli("check", "--root", root, "--format", "json")
    assert "quote not found" not in check.out
