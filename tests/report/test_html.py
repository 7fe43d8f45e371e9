"""The HTML report without a browser: self-contained, deterministic, everything escaped."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from claimcheck.core.location import Span
from claimcheck.report.highlight import Mark, highlight
from tests.conftest import Run
from tests.report.conftest import MARKUP


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag if tag in self.data else None

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open:
            self.data[self._open].append(data)


def _report(cli: Callable[..., Run], root: Path, out: Path) -> str:
    run = cli("report", "--root", root, "--out", out)
    assert run.code == 0, run.err
    assert "report of" in run.err
    return (out / "index.html").read_text(encoding="utf-8")


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def test_report_is_self_contained(cli: Callable[..., Run], shipped: Path, tmp_path: Path) -> None:
    html = _report(cli, shipped, tmp_path / "out")
    page = Elements()
    page.feed(html)
    tags = [t for t, _ in page.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), f"{tag} links out: {href}"
    # the page allows only its own script and style, by hash
    csp = next(
        a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"
    )
    assert csp is not None
    assert f"script-src '{_sha(page.data['script'][0])}'" in csp
    assert f"style-src '{_sha(page.data['style'][0])}'" in csp
    assert "default-src 'none'" in csp


def test_report_shows_articles_claims_and_findings(
    cli: Callable[..., Run], shipped: Path, tmp_path: Path
) -> None:
    html = _report(cli, shipped, tmp_path / "out")
    expected = len(json.loads(cli("check", "--root", shipped, "--format", "json").out)["findings"])
    assert expected > 20
    assert html.count('<li class="finding ') == expected  # every finding of the shipped content, once
    assert len(set(re.findall(r'data-findings="([^"]+)"', html))) >= 20, (
        "claim findings highlighted in the text"
    )
    assert html.count('<article class="claim ') == 54
    assert 'id="claim-dietary-amino-acids-limit-hepatic-igf1" data-status="needs-evidence"' in html
    # a formatted reference, LaTeX decoded
    assert (
        "Le Roith D. Insulin-like growth factors. New England Journal of Medicine. 2007;356(13):1336-1346."
        in html
    )
    assert '<rect class="bar bar-error"' in html


def test_report_is_deterministic(cli: Callable[..., Run], shipped: Path, tmp_path: Path) -> None:
    first = _report(cli, shipped, tmp_path / "one")
    copy = tmp_path / "elsewhere"
    shutil.copytree(shipped, copy)
    assert _report(cli, copy, tmp_path / "two") == first
    assert _report(cli, shipped, tmp_path / "one") == first


def test_report_default_folder(cli: Callable[..., Run], shipped: Path) -> None:
    run = cli("report", "--root", shipped)
    assert run.code == 0
    assert (shipped / "build" / "report" / "index.html").is_file()


def test_untrusted_content_is_escaped(cli: Callable[..., Run], hostile: Path, tmp_path: Path) -> None:
    html = _report(cli, hostile, tmp_path / "out")
    for markup in MARKUP:
        assert markup not in html, f"unescaped: {markup}"
    page = Elements()
    page.feed(html)
    assert [t for t, _ in page.tags].count("script") == 1
    for tag, attrs in page.tags:
        assert not [a for a in attrs if a.startswith("on")], f"event handler on <{tag}>"
    # shown as text: the article line, the claim, the reviewer, the BibTeX title
    assert "&lt;script&gt;window.__xss = &#39;body&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__xss=&#39;bib-title&#39;&#34;&gt;" in html
    assert "&lt;script&gt;window.__xss=&#39;reviewer&#39;&lt;/script&gt;" in html


def _pieces(text: str, marks: list[Mark]) -> list[list[tuple[str, str]]]:
    return [[(p.text, p.ids) for p in line.pieces] for line in highlight(text, marks)]


def test_highlight_splits_lines_at_overlapping_spans() -> None:
    text = "abcdef\nghij\n"
    marks = [Mark(Span(1, 2, 1, 5), "f1", 0), Mark(Span(1, 4, 2, 3), "f2", 1)]
    assert _pieces(text, marks) == [
        [("a", ""), ("bc", "f1"), ("d", "f1 f2"), ("ef", "f2")],
        [("gh", "f2"), ("ij", "")],
    ]
    line = highlight(text, marks)[0]
    assert line.pieces[2].rank == 0 and line.marked


def test_highlight_point_marks_the_rest_of_the_line_and_empty_lines() -> None:
    text = "abc\n\nxyz"
    marks = [Mark(Span.point(1, 2), "f1", 0), Mark(Span.point(2), "f2", 2), Mark(Span.point(9), "f3", 0)]
    assert _pieces(text, marks) == [[("a", ""), ("bc", "f1")], [("", "f2")], [("xyz", "")]]


def test_claims_of_no_known_article_are_shown(
    cli: Callable[..., Run], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    orphan = (
        "article: gone\nclaims:\n  - id: orphan-claim\n    quote: Nowhere to be found\n    kind: advice\n"
    )
    root = make_project({"content/claims/gone.yaml": orphan})
    html = _report(cli, root, tmp_path / "out")
    other = html[html.index('<section id="other">') :]
    assert 'id="claim-orphan-claim" data-status="pending"' in other
    assert "The quote was not found in the article." in other
    assert 'id="claim-vitamin-d-skin"' in html[: html.index('<section id="other">')]


def test_report_written_piece_by_piece_is_the_joined_page(shipped: Path, tmp_path: Path) -> None:
    """write_report encodes Jinja's pieces one by one (a lone surrogate shown as an escape in
    the piece it is in): the file is byte for byte the joined page, surrogates escaped."""
    import argparse

    from claimcheck.commands.options import run_check
    from claimcheck.core.escape import no_surrogates
    from claimcheck.report.html import _encoded, render_report, write_report

    result = run_check(argparse.Namespace(root=shipped, config=None, jobs=1))
    page = render_report(result)
    written = write_report(result, tmp_path / "out").read_bytes()
    assert written == no_surrogates(page).encode("utf-8")
    lone = "quote \udcff and \ud800 <b>"
    assert _encoded(lone) == no_surrogates(lone).encode("utf-8")


def test_each_list_stops_at_its_maximum_and_says_where_the_rest_is(
    shipped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past LIST_SHOWN items, each list (Fix first, an article's findings and claims) shows its
    first items in its order and says how many more there are and where; the counts say that
    they are of what is listed. A page of short lists is the page without any of it."""
    import argparse

    from claimcheck.commands.options import run_check
    from claimcheck.report import html as report_html
    from claimcheck.review.queue import claim_views, review_queue

    result = run_check(argparse.Namespace(root=shipped, config=None, jobs=1))
    ranked = [v.record.id for v in review_queue(claim_views(result))]
    fix = r'<li class="fix[^>]* data-claim="([^"]+)"'
    card = r'<article class="claim[^>]* id="claim-([^"]+)"'
    item = r'<li class="finding[^>]* id="(f\d+)"'
    whole = report_html.render_report(result)
    assert '<p class="more">' not in whole and '<span class="more">' not in whole
    assert 'data-capped="true"' not in whole and "listed (" not in whole
    assert re.findall(fix, whole) == ranked and len(ranked) > 2
    monkeypatch.setattr(report_html, "LIST_SHOWN", 2)
    page = report_html.render_report(result)
    assert re.findall(fix, page) == ranked[:2]
    assert f"The list stops at the first 2 of the {len(ranked)} claims that need a decision: " in page
    assert (
        f"the other {len(ranked) - 2} follow in the same order in <code>claimcheck review list</code>" in page
    )
    sections = [s.split("</section>")[0] for s in page.split('<section class="article" id="article-')[1:]]
    whole_sections = [
        s.split("</section>")[0] for s in whole.split('<section class="article" id="article-')[1:]
    ]
    assert len(sections) == len(whole_sections) == 2
    for section, full in zip(sections, whole_sections, strict=True):
        article = section[: section.index('"')]
        claims, findings = re.findall(card, full), re.findall(item, full)
        assert re.findall(card, section) == claims[:2] and re.findall(item, section) == findings[:2]
        assert f"of the {len(claims)} of this article, those needing a decision first: " in section
        assert f"<code>claimcheck review list --article {article}</code>" in section
        assert f"The list stops at the first 2 of the {len(findings)} findings on this article" in section
    assert '<section id="filters" aria-label="Filters" data-capped="true">' in page
    total = len(result.findings)
    listed = len(re.findall(item, page))  # 2 per article, 2 of the other findings
    assert (
        listed == 6
        and f'<span id="visible-count">6</span> of the 6 findings listed ({total:,} in all)' in page
    )
    assert '<span id="claims-count">4</span> of the 4 claims listed' in page
