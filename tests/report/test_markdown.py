"""The article body rendered as Markdown with the flagged spans highlighted in place."""

from __future__ import annotations

from claimcheck.core.location import Span
from claimcheck.report.highlight import Mark
from claimcheck.report.markdown import render_article

TEXT = """---
id: demo
title: "x"
---
# Vitamin D

Vitamin D is made in the *skin* when exposed to sunlight.

[a link](javascript:alert(1)) and ![alt with the quote](javascript:alert(2)) and [ok](https://example.org "t").

<script>alert(3)</script> <img src=x onerror=alert(4)>
"""


def _render(marks: list[Mark]) -> str:
    return render_article(TEXT, TEXT.index("# Vitamin"), marks, "demo-L").html


def test_front_matter_is_left_out_and_markdown_rendered() -> None:
    html = _render([])
    assert html.startswith("<h1>Vitamin D</h1>")
    assert "id: demo" not in html and "---" not in html
    assert "<em>skin</em>" in html


def test_raw_html_and_javascript_urls_stay_text() -> None:
    html = _render([])
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(4)&gt;" in html and "<img" not in html
    assert "javascript:" not in html.replace("[a link](javascript:alert(1))", "").replace(
        "![alt with the quote](javascript:alert(2))", ""
    )
    assert '<a href="https://example.org" title="t">ok</a>' in html


def test_marks_are_placed_in_the_text_and_never_inside_a_tag() -> None:
    # a span across the emphasis; one over links, an image's alt text and a link title; one
    # that starts inside the link title
    marks = [
        Mark(Span(7, 1, 7, 32), "f1", 0, 'CC302 error: "made" <b>'),
        Mark(Span(9, 1, 9, 200), "f2", 1, "CC301 warning"),
        Mark(Span(9, 100, 9, 200), "f3", 2, "CC305 info"),
    ]
    html = _render(marks)
    assert '<mark id="demo-L7" class="hl r0" data-findings="f1" data-line="demo-L7" ' in html
    assert (
        'title="CC302 error: &quot;made&quot; &lt;b&gt;">Vitamin D is made in the <em>skin</em></mark>'
        in html
    )
    assert html.count("<mark") == html.count("</mark>")
    for tag in html.split("<")[1:]:
        inside = tag.split(">", 1)[0]
        assert "mark" not in inside or inside.startswith(("mark ", "/mark")), inside
    assert "\ue000" not in html and "\uf8ff" not in html
    assert '<a href="https://example.org" title="t">ok</a>' in html  # a mark never changes a URL
    assert 'data-findings="f2 f3"' in html  # the mark starting inside the link starts after it
