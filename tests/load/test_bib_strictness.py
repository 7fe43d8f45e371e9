"""BibTeX strictness where BibTeX is strict (load/bib_lint.py): the malformed files of
bibtex-tidy's and bibtexparser's own test suites all get a located finding, their valid files
none from the strict pass. The suites are read from /work/shared/corpus/bib (their MALFORMED.md
lists the malformed ones); the test is skipped where that copy is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.load.bib_lint import lint_entry
from claimcheck.load.bibliography import parse_bibliography

CORPUS = Path("/work/shared/corpus/bib")
MALFORMED = [
    *sorted(CORPUS.glob("bib-bibtex-tidy/syntax_errors/*.bib")),
    *sorted(CORPUS.glob("bib-bibtexparser/v2/faulty/*.bib")),
]
STRICT = "is not valid BibTeX"


@pytest.mark.skipif(not MALFORMED, reason="the shared BibTeX corpus is not on this machine")
def test_every_malformed_file_of_the_peers_suites_gets_a_located_finding() -> None:
    assert len(MALFORMED) == 18
    missed = []
    for path in MALFORMED:
        _, problems = parse_bibliography(path.name, path.read_text(encoding="utf-8"))
        if not problems or any(p.span.line < 1 or p.span.column < 1 for p in problems):
            missed.append(path.name)
    assert missed == []


@pytest.mark.skipif(not MALFORMED, reason="the shared BibTeX corpus is not on this machine")
def test_the_valid_files_get_no_strict_finding() -> None:
    valid = [
        p
        for p in CORPUS.rglob("*.bib")
        if "syntax_errors" not in p.parts and "faulty" not in p.parts and "gbk" not in p.name
    ]
    assert len(valid) > 300
    flagged = []
    for path in valid:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        _, problems = parse_bibliography(path.name, text)
        flagged += [f"{path.name}:{p.span.line}: {p.message}" for p in problems if STRICT in p.message]
    assert flagged == []


@pytest.mark.parametrize(
    ("entry", "where", "why"),
    [
        ("@a{k, title = two words}", 18, "must be one word"),
        ("@a{k, title = ,}", 14, "has no value"),
        ("@a{k, title = {a} b}", 18, "unbalanced braces?"),
        ('@a{k, title = "a}"}', 16, "closes no '{'"),
        ("@a{k, title = {a", 14, "never closed"),
        ("@a{k, title = {a} # b # 2007, year = 2007}", None, ""),
        ('@a{k, author = "S {"}x{"} T", % note\n year = {2007},}', None, ""),
        ("@a(k, title = {a})", None, ""),
    ],
)
def test_lint_entry(entry: str, where: int | None, why: str) -> None:
    found = lint_entry(entry)
    assert (found[0] if found else None) == where
    assert why in (found[1] if found else "")


def test_a_broken_entry_among_thousands_is_found_where_it_is() -> None:
    """(Its time is measured by benchmarks/hostile_inputs.py, bib/strict-*.)"""
    entries = "".join(f"@article{{k{i},\n  title = {{t{i}}},\n  year = 2007,\n}}\n" for i in range(20_000))
    text = entries + "@article{bad,\n  title = two words,\n}\n"
    _, problems = parse_bibliography("big.bib", text)
    assert [(p.span.line, p.span.column) for p in problems if STRICT in p.message] == [(80_002, 15)]
