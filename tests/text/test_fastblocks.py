"""The line scanner gives exactly markdown-it-py's blocks, or declines."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from claimcheck.text.fastblocks import scan_blocks
from claimcheck.text.segments import markdown_blocks

WORDS = st.sampled_from(
    ["IGF-1", "growth", "hormone", "a|b", "#tag", "1.", "-", "*", "e.g.", "∞", "`x`", "x  ", "|"]
)
TEXT = st.lists(WORDS, min_size=1, max_size=6).map(" ".join)
LINE = st.one_of(
    TEXT,
    TEXT.map(lambda t: f"# {t}"),
    TEXT.map(lambda t: f"### {t} ###"),
    st.sampled_from(["#", "## ", "#x", "####### seven"]),
    TEXT.map(lambda t: f"- {t}"),
    TEXT.map(lambda t: f"* {t}"),
    TEXT.map(lambda t: f"1. {t}"),
    TEXT.map(lambda t: f"2) {t}"),
    TEXT.map(lambda t: f"- 1. {t}"),
    TEXT.map(lambda t: f"-     {t}"),
    TEXT.map(lambda t: f"  {t}"),
    TEXT.map(lambda t: f"> {t}"),
    st.sampled_from(["", "", "---", "***", "===", "```", "- ", "1.", "<div>", "[a]: /url"]),
    st.sampled_from(
        ["A | B |", "| A | B |", "A | B", "---|---|", "|---|:--:|", "--- | ---", "x | y | z |", "x |"]
    ),
)
DOCUMENT = st.lists(LINE, max_size=14).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(DOCUMENT)
@example("Para\n- item\nlazy\n\n2. two")
@example("A | B |\n---|---|\nc | d | e |\nf |")
@example("Text\n1) one")
@example("x |\n- ")  # markdown-it: a setext heading, not a one-column table
@example("# a|b\n---|---|\n---|---|")  # markdown-it: a table (tried before the heading)
def test_scanner_matches_markdown_it_or_declines(document: str) -> None:
    text = "---\nid: x\n---\n" + document
    fast = scan_blocks(text, 14)
    if fast is not None:
        assert fast == markdown_blocks(text, 14)


def test_the_seed_articles_take_the_fast_path() -> None:
    for path in sorted((REPO / "content" / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        body = text.index("\n---\n", 3) + 5
        fast = scan_blocks(text, body)
        assert fast is not None and fast == markdown_blocks(text, body)


def test_code_quotes_and_html_go_to_markdown_it() -> None:
    for document in ("```\ncode\n```", "> quoted", "<div>x</div>", "    indented", "Title\n====="):
        assert scan_blocks(document) is None
