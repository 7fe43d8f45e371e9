"""What a promotion finding says when the article around a sentence decided, or the sentence
alone did (claimcheck.scoring.context): both scores and why, in an editor's words."""

from __future__ import annotations

from pathlib import Path

from claimcheck.load import load_project
from claimcheck.rules.examples import examples
from claimcheck.rules.promotion import _clipped
from claimcheck.run.engine import check
from claimcheck.settings import load_settings


def _messages(rule: str, name: str, tmp_path: Path) -> dict[int, str]:
    (example,) = [e for e in examples(rule) if e.name.startswith(name)]
    example.write(tmp_path)
    settings = load_settings(tmp_path)
    found = check(load_project(tmp_path, settings), settings).findings
    return {f.span.line: f.message for f in found if f.rule == rule}


def test_a_sentence_the_article_made_promotional_names_the_line_that_sells(tmp_path: Path) -> None:
    message = _messages("CC301", "a plain sentence on a page that sells", tmp_path)[25]
    assert "in this article, " in message and " alone: the article around it sells" in message
    assert "as line 19 does: 'Start your weight loss journey with our licensed providers.'" in message
    plain = _messages("CC301", "a call to action with hype", tmp_path / "other")[21]
    assert "alone" not in plain and "in this article" not in plain  # sure alone: one score


def test_a_regulated_substance_flagged_alone_says_why(tmp_path: Path) -> None:
    message = _messages("CC302", "benefit claim for a category-2 peptide", tmp_path)[21]
    assert (
        " alone, " in message
        and "in this article: promoting a regulated substance counts anywhere" in message
    )


def test_a_quoted_line_is_cut_at_a_word() -> None:
    assert _clipped("Book  your\nfree consultation") == "'Book your free consultation'"
    long = "Start your weight loss journey with our licensed providers and save on your first month"
    assert _clipped(long) == "'Start your weight loss journey with our licensed providers …'"
