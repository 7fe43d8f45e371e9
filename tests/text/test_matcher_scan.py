"""PhraseMatcher.scan finds exactly what the matcher's one alternation regex finds.

The two alternatives (phrases at word starts, and phrases such as "% off" anywhere) are
searched apart, and for a matcher's first texts with the phrases whose first word is in the
text alone; over any text and any window of it, the matches must be those of the
alternation's ``finditer`` (of every phrase), in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.lexicon.load import build, lexicon_for
from claimcheck.text.matcher import PhraseMatcher
from claimcheck.text.quotes import fold

REPO = Path(__file__).resolve().parents[2]
SHIPPED = lexicon_for(REPO, []).matcher
HOSTILE_PHRASES = ["a a a", "a-b", "ab*", "% off", "#1", "#1 pick", "x - y", "%", "50% off", "a-bc d", "abc"]
HOSTILE = PhraseMatcher((phrase, i) for i, phrase in enumerate(HOSTILE_PHRASES))


def _pruned(matcher: PhraseMatcher[Any]) -> PhraseMatcher[Any]:
    matcher.pruned_scans = matcher.pruned_length = 10**9  # every text scanned with its own phrases only
    return matcher


PRUNED_SHIPPED = _pruned(build(lexicon_for(REPO, []).packs).matcher)
PRUNED_HOSTILE = _pruned(PhraseMatcher((phrase, i) for i, phrase in enumerate(HOSTILE_PHRASES)))
WORDS = st.sampled_from(
    ["a", "ab", "b", "off", "#1", "%", "-", " ", "  ", "50", "pick", "x", "y", "\n", "é", "_", "1", ".", "#"]
)


TOKENS = [
    *["miracle", "cure", "100%", "natural", "safe", "#1", "% off", "50% off", "act now", "clinically"],
    *["proven", "doctors", "hate", "this", "vitamin", "d", "-", " ", ", ", ". ", "\n", "ipamorelin"],
]


def _same(matcher: PhraseMatcher[Any], text: str, start: int, end: int, pruned: PhraseMatcher[Any]) -> None:
    expected = [m.span() for m in matcher.regex.finditer(text, start, end)]
    assert list(matcher.scan(text, start, end)) == expected
    assert list(pruned.scan(text, start, end)) == expected
    assert "_every" not in pruned.__dict__  # (the pattern of every phrase never compiled)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(WORDS, max_size=40), cut=st.tuples(st.integers(0, 30), st.integers(0, 200)))
def test_hostile_phrases(parts: list[str], cut: tuple[int, int]) -> None:
    text = "".join(parts)
    _same(HOSTILE, text, min(cut[0], len(text)), min(max(cut), len(text)), PRUNED_HOSTILE)


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(TOKENS),
        max_size=60,
    ),
)
def test_shipped_lexicon(words: list[str]) -> None:
    text = fold(" ".join(words))
    _same(SHIPPED, text, 0, len(text), PRUNED_SHIPPED)
    _same(SHIPPED, text, 3, max(3, len(text) - 2), PRUNED_SHIPPED)


def test_shipped_articles() -> None:
    paths = sorted((REPO / "examples").rglob("*.md")) + sorted((REPO / "src").rglob("*.md"))
    assert paths
    for path in paths:
        text = fold(path.read_text(encoding="utf-8"))
        _same(SHIPPED, text, 0, len(text), PRUNED_SHIPPED)


def test_a_new_matcher_compiles_the_pattern_of_every_phrase_after_its_first_texts() -> None:
    matcher = PhraseMatcher((phrase, i) for i, phrase in enumerate(HOSTILE_PHRASES))
    for _ in range(matcher.pruned_scans):
        assert list(matcher.scan("a-b 50% off")) == [(0, 3), (4, 11)]
        assert "_every" not in matcher.__dict__
    assert list(matcher.scan("a-b 50% off")) == [(0, 3), (4, 11)]
    assert "_every" in matcher.__dict__


def test_a_long_text_is_scanned_with_the_pattern_of_every_phrase_from_the_first() -> None:
    """Looking for each phrase's first word in a long text costs more than compiling the
    pattern of every phrase: past ``pruned_length`` characters, that pattern scans it."""
    matcher = PhraseMatcher((phrase, i) for i, phrase in enumerate(HOSTILE_PHRASES))
    text = "a-b 50% off " * (matcher.pruned_length // 12 + 1)
    window = list(matcher.scan(text, 0, matcher.pruned_length))  # not past it: pruned
    assert "_every" not in matcher.__dict__ and matcher._scans == 1
    found = list(matcher.scan(text))
    assert "_every" in matcher.__dict__ and matcher._scans == 1
    assert window == [m.span() for m in matcher.regex.finditer(text, 0, matcher.pruned_length)]
    assert found == [m.span() for m in matcher.regex.finditer(text)] and len(found) == 2 * len(text) // 12
