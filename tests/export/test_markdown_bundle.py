"""Hostile content in bundle.md stays text once a CommonMark renderer turns it into HTML."""

from __future__ import annotations

import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from tests.conftest import Run

from claimcheck.export.markdown import escape

ARTICLE = """---
id: demo
title: "# <script>alert('title')</script> [t](javascript:alert('title'))"
authors:
  - name: "<img src=x onerror=alert('author')>"
    credentials: MD
medical_reviewer:
  name: "[r](javascript:alert('reviewer'))"
  credentials: PhD
published: 2026-01-10
updated: 2026-01-15
disclosures:
  sponsorship: none
  conflicts: none
status: published
---
# Vitamin D and sunlight

Vitamin D is made in the skin when it is exposed to sunlight.
"""

STATEMENTS = [
    "# A heading? [click](javascript:alert('statement')) <script>alert('statement')</script>",
    "1. a list? ![i](javascript:alert('image')) <javascript:alert('autolink')> &lt;b&gt;",
    "- a bullet? <a href=\"javascript:alert('a')\">x</a> *em* `code` ~~strike~~ | cell |",
    "--- a rule? [ref]: javascript:alert('definition') \\ <!-- comment --> &#60;script&#62;",
]

CLAIMS = "article: demo\nclaims:\n" + "".join(
    f"""  - id: claim-{i}
    quote: Vitamin D is made in the skin
    statement: {json.dumps(statement)}
    kind: mechanism
    citations:
      - key: holick2007
        relation: supports
        locator: "<script>alert('locator')</script>"
    review:
      status: approved
      reviewer: "<b onmouseover=alert('reviewer')>R</b>"
      date: 2026-01-15
"""
    for i, statement in enumerate(STATEMENTS)
)

BIB = """@article{holick2007,
  author = {Holick, Michael F. and {<img src=x onerror=alert('bib')>}},
  title = {Vitamin {D} Deficiency <script>alert('bib')</script> [x](javascript:alert('bib'))},
  journal = {# Journal <iframe src="javascript:alert('journal')"></iframe>},
  year = {2007},
  volume = {357},
  number = {3},
  pages = {266--281},
  doi = {10.1056/NEJMra070553},
  evidence = {narrative-review},
}
"""

ALLOWED = {"h1", "h2", "h3", "p", "ul", "ol", "li", "blockquote", "code", "br", "table", "thead", "tbody", "tr", "th", "td"}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.tags.append(("<!--", {}))


def _bundle_md(cli: Callable[..., Run], make_project: Callable[..., Path]) -> str:
    root = make_project(
        {"content/articles/demo.md": ARTICLE, "content/claims/demo.yaml": CLAIMS, "references.bib": BIB}
    )
    run = cli("export", "--root", root, "--select", "CC0,CC1,CC5")
    assert run.code == 0, run.err
    assert "exported 4 of 4 claims" in run.err
    return (root / "build/bundle.md").read_text(encoding="utf-8")


def test_hostile_content_is_text_in_the_rendered_bundle(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    markdown = _bundle_md(cli, make_project)
    for renderer in (MarkdownIt("commonmark"), MarkdownIt("commonmark").enable(["table", "strikethrough"])):
        rendered = renderer.render(markdown)
        page = Tags()
        page.feed(rendered)
        tags = [tag for tag, _ in page.tags]
        assert set(tags) <= ALLOWED, set(tags) - ALLOWED
        assert all(not attrs or (tag == "ol" and set(attrs) == {"start"}) for tag, attrs in page.tags)
        assert (tags.count("h1"), tags.count("h2"), tags.count("h3")) == (1, 1, 1)  # none from content
        assert tags.count("li") == len(STATEMENTS) + 1  # four claims and one reference: no list from content
        assert "javascript:" not in "".join(str(attrs) for _, attrs in page.tags)
        text = "".join(page.text)  # character references already resolved by the parser
        for shown in (
            "# <script>alert('title')</script> [t](javascript:alert('title'))",
            "<img src=x onerror=alert('author')>",
            *STATEMENTS[:2],
            "- a bullet? <a href=\"javascript:alert('a')\">x</a> *em* `code`",
            "--- a rule? [ref]: javascript:alert('definition') \\ <!-- comment --> &#60;script&#62;",
            "<script>alert('bib')</script> [x](javascript:alert('bib'))",
        ):
            assert shown in text, shown


def test_the_same_content_is_text_in_the_html_report(
    cli: Callable[..., Run], make_project: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_project(
        {"content/articles/demo.md": ARTICLE, "content/claims/demo.yaml": CLAIMS, "references.bib": BIB}
    )
    run = cli("report", "--root", root, "--out", tmp_path / "report")
    assert run.code == 0, run.err
    page = Tags()
    page.feed((tmp_path / "report/index.html").read_text(encoding="utf-8"))
    tags = [tag for tag, _ in page.tags]
    assert tags.count("script") == 1 and "img" not in tags and "iframe" not in tags and "<!--" not in tags
    for tag, attrs in page.tags:
        assert not [name for name in attrs if name.startswith("on")], tag
        for name in ("href", "src", "action", "formaction"):
            assert not (attrs.get(name) or "").lower().lstrip().startswith("javascript"), (tag, attrs)
    text = "".join(page.text)
    for shown in (
        STATEMENTS[0],
        STATEMENTS[1],
        "<img src=x onerror=alert('author')>",
        "<script>alert('locator')</script>",
    ):
        assert shown in text, shown


def test_an_ampersand_reads_as_itself_in_the_file_and_rendered(
    cli: Callable[..., Run], make_project: Callable[..., Path]
) -> None:
    """bundle.md showed "Growth Hormone &amp; IGF Research": an entity where a reader of the
    Markdown file expects the '&' (a bare '&' is literal in CommonMark); only an '&' that would
    start a character reference is escaped."""
    bib = BIB.replace(
        "journal = {# Journal <iframe src=\"javascript:alert('journal')\"></iframe>}",
        "journal = {Growth Hormone \\& IGF Research}",
    )
    root = make_project({"references.bib": bib})
    run = cli("export", "--root", root)
    assert run.code == 0, run.err
    markdown = (root / "build/bundle.md").read_text(encoding="utf-8")
    assert "Growth Hormone & IGF Research." in markdown and "&amp;" not in markdown
    for raw, shown in [
        ("AT&T & co", "AT&T & co"),
        ("&copy; &#60; &#x3C; &amp;", "&copy; &#60; &#x3C; &amp;"),
    ]:
        written = escape(raw)
        page = Tags()
        page.feed(MarkdownIt("commonmark").render(written))
        assert "".join(page.text).strip() == shown, written
    assert escape("&copy; AT&T") == "\\&copy; AT&T"
