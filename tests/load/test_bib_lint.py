"""BibTeX lint (CC002, CC201-CC209): one seeded defect of each kind, and real-world libraries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.load import load_project
from claimcheck.load.bibliography import parse_bibliography
from claimcheck.run.engine import check
from claimcheck.settings import load_settings

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "bib"

GOOD = """\
@article{holick2007,
  author = {Holick, Michael F.},
  title = {Vitamin {D} Deficiency},
  journal = {New England Journal of Medicine},
  year = {2007},
  pages = {266--81},
  month = jul,
  doi = {10.1056/NEJMra070553},
}
"""

# Each entry below carries exactly one defect; the comment names the rule and the line.
SEEDED = (
    GOOD
    + """\
@article{broken,
  title = {Unclosed
}

@article{dupkey,
  author = {Doe, Jane},
  title = {First of two},
  journal = {J},
  year = {2020},
  url = {https://example.org/a},
}
@article{dupkey,
  author = {Doe, Jane},
  title = {Second of two},
  journal = {J},
  year = {2020},
  url = {https://example.org/b},
}
@article{dupwork,
  author = {Michael F. Holick},
  title = {Vitamin D deficiency},
  journal = {N Engl J Med},
  year = {2007},
  url = {https://example.org/c},
}
@article{nojournal,
  author = {Doe, Jane},
  title = {No journal},
  year = {2020},
  url = {https://example.org/d},
}
@article{baddoi,
  author = {Doe, Jane},
  title = {Bad DOI},
  journal = {J},
  year = {2020},
  doi = {doi.org/10.1000/x},
}
@article{future,
  author = {Doe, Jane},
  title = {Future},
  journal = {J},
  year = {2999},
  url = {https://example.org/e},
}
@article{backwards,
  author = {Doe, Jane},
  title = {Backwards},
  journal = {J},
  year = {2020},
  pages = {30--20},
  url = {https://example.org/f},
}
@article{badmonth,
  author = {Doe, Jane},
  title = {Bad month},
  journal = {J},
  year = {2020},
  month = {Smarch},
  url = {https://example.org/g},
}
@article{noid,
  author = {Doe, Jane},
  title = {No identifier},
  journal = {J},
  year = {2020},
}
@article{uncited,
  author = {Doe, Jane},
  title = {Nobody cites me},
  journal = {J},
  year = {2020},
  url = {https://example.org/h},
}
"""
)

CITED = [
    "holick2007",
    "dupkey",
    "dupwork",
    "nojournal",
    "baddoi",
    "future",
    "backwards",
    "badmonth",
    "noid",
]

EXPECTED = {
    ("CC002", 10),  # unclosed brace
    ("CC201", 21),  # second 'dupkey'
    ("CC202", 28),  # same title, year, first author as holick2007
    ("CC203", 35),  # article without journal
    ("CC204", 46),  # DOI without '10.' at the start
    ("CC205", 52),  # year 2999
    ("CC206", 60),  # 30--20
    ("CC207", 68),  # Smarch
    ("CC209", 71),  # no identifier
    ("CC208", 77),  # not cited
}


def _claims(keys: list[str]) -> str:
    citations = "".join(f"      - key: {k}\n        relation: supports\n" for k in keys)
    return (
        "article: demo\nclaims:\n  - id: vitamin-d-skin\n    quote: Vitamin D is made in the skin\n"
        "    kind: mechanism\n    citations:\n" + citations
    )


def _run(root: Path) -> list[Finding]:
    settings = load_settings(root)
    return list(check(load_project(root, settings), settings).findings)


def test_each_seeded_defect_once_at_its_entry(make_project: Callable[..., Path]) -> None:
    root = make_project({"references.bib": SEEDED, "content/claims/demo.yaml": _claims(CITED)})
    findings = [f for f in _run(root) if f.path == "references.bib"]
    found = {(f.rule, f.line) for f in findings}
    assert found == EXPECTED
    assert Counter(f.rule for f in findings) == Counter(rule for rule, _ in EXPECTED)
    assert all(f.category is Category.REFERENCE for f in findings if f.rule != "CC002")
    # the entries after the failed block were loaded, the well-formed one has no finding
    assert not [f for f in findings if f.reference == "holick2007"]


def test_a_well_formed_library_gives_no_error(make_project: Callable[..., Path]) -> None:
    root = make_project({"references.bib": GOOD})
    assert [f for f in _run(root) if f.severity is Severity.ERROR] == []
    assert [f for f in _run(root) if f.category is Category.REFERENCE] == []


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="shared BibTeX corpus not present")


@needs_corpus
@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in (CORPUS / "bib-bibtexparser" / "v2" / "faulty").glob("*.bib"))
    if CORPUS.is_dir()
    else [],
)
def test_faulty_block_is_one_problem_and_later_entries_load(name: str) -> None:
    # python-bibtexparser's splitter tests: each snippet is exactly one failed block; a valid
    # entry placed after it must still be read.
    faulty = (CORPUS / "bib-bibtexparser" / "v2" / "faulty" / name).read_text(encoding="utf-8")
    text = faulty + "\n@article{after,\n  title = {After},\n  year = {2020},\n}\n"
    bibliography, problems = parse_bibliography("x.bib", text)
    assert len(problems) == 1
    assert problems[0].rule == "CC002" and problems[0].span.line == 1
    assert "after" in bibliography.entries


@needs_corpus
def test_biber_constraint_test_data(make_project: Callable[..., Path]) -> None:
    # biber's t/tdata/dm-constraints.bib: c3 and c4 have bad months, c10 an invalid ISBN
    bib = (CORPUS / "bib-biber" / "tdata" / "dm-constraints.bib").read_text(encoding="utf-8")
    root = make_project({"references.bib": bib})
    by_rule: dict[str, set[str | None]] = {}
    for f in _run(root):
        by_rule.setdefault(f.rule, set()).add(f.reference)
    assert by_rule["CC207"] == {"c3", "c4"}
    assert "c10" in by_rule["CC204"]


@needs_corpus
def test_biber_duplicate_key_test_data(make_project: Callable[..., Path]) -> None:
    # biber's t/tdata/full-bbl.bib defines F1 twice (biber skips the second); f1 differs in case
    bib = (CORPUS / "bib-biber" / "tdata" / "full-bbl.bib").read_text(encoding="utf-8")
    root = make_project({"references.bib": bib})
    duplicates = [f for f in _run(root) if f.rule == "CC201"]
    assert [(f.reference, f.line) for f in duplicates] == [("F1", 11)]


@needs_corpus
def test_large_real_library_lints_without_crashing(make_project: Callable[..., Path]) -> None:
    # tugboat.bib: 3,650 real entries (N. Beebe, public domain)
    bib = (CORPUS / "bib-biber" / "etc" / "tugboat.bib").read_text(encoding="utf-8", errors="replace")
    root = make_project({"references.bib": bib})
    findings = _run(root)
    assert all(f.span.line >= 1 for f in findings)
    assert any(f.rule == "CC208" for f in findings)


def test_duplicate_field_is_reported_and_the_entry_kept() -> None:
    text = "@article{a,\n  title = {One},\n  title = {Two},\n  year = {2020},\n}\n@article{b, title = {B}}\n"
    bibliography, problems = parse_bibliography("x.bib", text)
    assert [(p.rule, p.span.line, p.message) for p in problems] == [
        ("CC002", 1, "BibTeX entry 'a' sets a field twice: title")
    ]
    assert sorted(bibliography.entries) == ["a", "b"]
