"""Any text is read and judged by the content rules without error, their findings inside it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.load.project import ArticleRecord
from claimcheck.rules import RULES_BY_ID
from claimcheck.rules.per_article import ArticleScope
from claimcheck.rules.reading import forget
from claimcheck.rules.stance import TITLE
from claimcheck.settings import Settings

FRONT = "---\nid: x\ntitle: X\n---\n"
CONTENT_RULES = ("CC301", "CC302", "CC304", "CC305", "CC306", "CC405", "CC406")
"""The article rules that read an article's stance and subjects (:mod:`claimcheck.rules.reading`)."""


@given(st.text(max_size=300))
def test_any_text_is_judged_without_error(body: str) -> None:
    text = FRONT + body
    article = ArticleRecord("x", "x.md", text, len(FRONT))
    scope = ArticleScope(Path("."), Settings())
    read = scope.reading(article)
    sentences = read.cues.segments.sentences
    for looked in read.looked:
        assert looked.unit.index == TITLE or 0 <= looked.unit.index < len(sentences)
        assert 0 <= looked.unit.start < looked.unit.end <= len(text)
    assert all(0 <= t < len(sentences) for t in read.treatments)
    for rule_id in CONTENT_RULES:
        check = RULES_BY_ID[rule_id].article_check
        assert check is not None
        for finding in check(RULES_BY_ID[rule_id], article, scope):
            assert finding.message and finding.hint and finding.path == "x.md"
            assert 1 <= finding.span.line <= finding.span.end_line <= text.count("\n") + 1
    forget(article)


CUE_WORDS = st.sampled_from(
    ["BPC-157", "testosterone", "therapy", "not", "no", "you", "your", "?", '"', "cures", "These", "They",
     "may", "approved", "boosts", "miracle", "\n\n", "## ", "- ", ".", "risk", "we use cookies", "∞", "|",
     "book today", "guaranteed", "proven", "Do you feel tired?", "side effects", "improves energy"]
)  # fmt: skip


@given(st.lists(CUE_WORDS, max_size=60).map(" ".join))
def test_cue_dense_text_is_judged_without_error(body: str) -> None:
    test_any_text_is_judged_without_error.hypothesis.inner_test(body)  # type: ignore[attr-defined]
