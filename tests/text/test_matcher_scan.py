"""PhraseMatcher.scan finds exactly what the matcher's one alternation regex finds.

The two alternatives (phrases at word starts, and phrases such as "% off" anywhere) are
searched apart; over any text and any window of it, the matches must be those of the
alternation's ``finditer``, in order.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.lexicon.load import lexicon_for
from claimcheck.text.matcher import PhraseMatcher
from claimcheck.text.quotes import fold

REPO = Path(__file__).resolve().parents[2]
SHIPPED = lexicon_for(REPO, []).matcher
HOSTILE = PhraseMatcher(
    (phrase, i)
    for i, phrase in enumerate(["a a a", "a-b", "ab*", "% off", "#1", "#1 pick", "x - y", "%", "50% off"])
)
WORDS = st.sampled_from(
    ["a", "ab", "b", "off", "#1", "%", "-", " ", "  ", "50", "pick", "x", "y", "\n", "é", "_", "1", ".", "#"]
)


TOKENS = [
    *["miracle", "cure", "100%", "natural", "safe", "#1", "% off", "50% off", "act now", "clinically"],
    *["proven", "doctors", "hate", "this", "vitamin", "d", "-", " ", ", ", ". ", "\n", "ipamorelin"],
]


def _same(matcher: PhraseMatcher[object], text: str, start: int, end: int) -> None:
    expected = [m.span() for m in matcher.regex.finditer(text, start, end)]
    assert list(matcher.scan(text, start, end)) == expected


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(WORDS, max_size=40), cut=st.tuples(st.integers(0, 30), st.integers(0, 200)))
def test_hostile_phrases(parts: list[str], cut: tuple[int, int]) -> None:
    text = "".join(parts)
    _same(HOSTILE, text, min(cut[0], len(text)), min(max(cut), len(text)))


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(TOKENS),
        max_size=60,
    ),
)
def test_shipped_lexicon(words: list[str]) -> None:
    text = fold(" ".join(words))
    _same(SHIPPED, text, 0, len(text))
    _same(SHIPPED, text, 3, max(3, len(text) - 2))


def test_shipped_articles() -> None:
    paths = sorted((REPO / "examples").rglob("*.md")) + sorted((REPO / "src").rglob("*.md"))
    assert paths
    for path in paths:
        text = fold(path.read_text(encoding="utf-8"))
        _same(SHIPPED, text, 0, len(text))
