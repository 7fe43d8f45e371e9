"""The claim views, the review list and the report stay linear in claims and findings.

No timings: the tests count the work that used to repeat per claim or per finding (the
findings on the article's text tried against every claim's quote; a claim located in its
YAML again for each finding and each listing).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck.core.finding import Category, Finding, Severity
from claimcheck.core.location import Span
from claimcheck.review import queue
from tests.conftest import Run

POSITION = st.tuples(st.integers(1, 12), st.integers(1, 6))


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start, end = sorted([draw(POSITION), draw(POSITION)])
    return Span(*start, *end)


def _finding(span: Span, number: int) -> Finding:
    return Finding(f"CC{number:03}", Category.PROMOTIONAL, Severity.WARNING, "a.md", span, "m")


@given(st.lists(spans(), max_size=25), spans())
def test_findings_on_a_quote_are_the_overlapping_ones(found: list[Span], quote: Span) -> None:
    """The bisection finds exactly the findings that overlap the quote, in the order given."""
    findings = [_finding(span, n) for n, span in enumerate(found)]
    index = queue._Index.of(findings)
    expected = [f for f in findings if queue._overlaps(f.span, quote)]
    assert index.overlapping("a.md", quote) == expected


def test_findings_on_the_text_are_not_tried_against_every_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    """2,000 quotes against 2,000 findings on the text, one per line: each quote tries the few
    findings near it, not all of them (4,000,000 tries before)."""
    tries = Counter[str]()
    overlaps = queue._overlaps

    def counted(finding: Span, quote: Span) -> bool:
        tries["overlaps"] += 1
        return overlaps(finding, quote)

    monkeypatch.setattr(queue, "_overlaps", counted)
    lines = 2_000
    index = queue._Index.of(_finding(Span(line, 3, line, 9), 1) for line in range(1, lines + 1))
    hits = [index.overlapping("a.md", Span(line, 1, line, 12)) for line in range(1, lines + 1)]
    assert all(len(found) == 1 for found in hits)
    assert tries["overlaps"] <= 3 * lines


CLAIM = "  - id: c{n}\n    quote: {quote}\n    kind: mechanism\n"


def test_each_claim_is_located_once_per_place(
    make_project: Callable[..., Path],
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A check, the report and the review list of 300 claims, each with findings (no citation;
    half with a stale quote): no place in the claims file is looked up in its YAML twice."""
    from claimcheck.parse.yaml_source import YamlSource

    claims = "".join(
        CLAIM.format(n=n, quote="Vitamin D" if n % 2 else "not in the article") for n in range(300)
    )
    root = make_project({"content/claims/demo.yaml": "article: demo\nclaims:\n" + claims})
    located = Counter[tuple[object, ...]]()
    locate = YamlSource.locate

    def counted(self: YamlSource, pointer: tuple[str | int, ...] = ()) -> Span:
        located[pointer] += 1
        return locate(self, pointer)

    monkeypatch.setattr(YamlSource, "locate", counted)
    from claimcheck.commands.options import run_check
    from claimcheck.report import write_report
    from claimcheck.review.queue import claim_views

    result = run_check(argparse.Namespace(root=root, config=None, jobs=1))
    write_report(result, tmp_path / "report")
    claim_views(result)
    assert located[("claims", 0)] == 1 and located[("claims", 0, "quote")] == 1
    assert max(located.values()) == 1
    assert cli("review", "list", "--root", root, "--jobs", "1").code == 0


def test_each_quote_is_looked_up_once_for_the_check_and_the_views(
    make_project: Callable[..., Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The check (CC006), the report and the claim views of 300 claims, half with a stale
    quote: a quote the check had to look up in the squeezed text is not looked up again, and a
    quote it found on the quick path is looked up once more, for its place."""
    from claimcheck.load.project import ArticleRecord

    claims = "".join(
        CLAIM.format(n=n, quote="Vitamin D" if n % 2 else "not in the article") for n in range(300)
    )
    root = make_project({"content/claims/demo.yaml": "article: demo\nclaims:\n" + claims})
    looked = Counter[str]()
    offsets = ArticleRecord._needle_offsets

    def counted(self: ArticleRecord, words: str) -> tuple[int, int] | None:
        looked[words] += 1
        return offsets(self, words)

    monkeypatch.setattr(ArticleRecord, "_needle_offsets", counted)
    from claimcheck.commands.options import run_check
    from claimcheck.report import write_report
    from claimcheck.review.queue import claim_views

    result = run_check(argparse.Namespace(root=root, config=None, jobs=1))
    views = claim_views(result)
    write_report(result, tmp_path / "report")
    assert looked == {"not in the article": 150, "vitamin d": 150}
    assert sum(v.quote_span is None for v in views) == 150
