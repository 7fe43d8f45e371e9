"""The plain-string quote search finds exactly what the regular-expression search finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.text.quotes import SqueezedText, find_quote, fold

WORDS = st.sampled_from(["vitamin", "D", "is", "made", "in", "the", "skin", "“sun”", "a—b", "İx", "x"])
SPACES = st.sampled_from([" ", "  ", "\n", "\n\n", "\t ", " \u00a0", "\u2009", "\r\n  "])


@st.composite
def texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(WORDS, SPACES), max_size=30))
    lead = draw(SPACES) if draw(st.booleans()) else ""
    return lead + "".join(w + s for w, s in parts)


@settings(max_examples=200, deadline=None)
@given(text=texts(), quote=texts(), start=st.integers(0, 40))
def test_same_as_the_regex_search(text: str, quote: str, start: int) -> None:
    folded = fold(text)
    start = min(start, len(folded))
    assert SqueezedText(folded).find(quote, start) == find_quote(folded, quote, start)


@settings(max_examples=200, deadline=None)
@given(text=texts())
def test_every_quote_taken_from_the_text_is_found_where_the_regex_finds_it(text: str) -> None:
    folded = fold(text)
    squeezed = SqueezedText(folded)
    words = text.split()
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 4) + 1):
            quote = " ".join(words[i:j])
            assert squeezed.find(quote) == find_quote(folded, quote)


@settings(max_examples=300, deadline=None)
@given(text=texts(), quote=texts(), start=st.integers(0, 40), taken=st.booleans())
def test_has_quote_agrees_with_find_quote(text: str, quote: str, start: int, taken: bool) -> None:
    from claimcheck.load.project import ArticleRecord

    if taken and text.split():  # a quote taken from the text, as most are
        words = text.split()
        quote = " ".join(words[len(words) // 3 : len(words) // 3 + 3])
    article = ArticleRecord("a", "a.md", text, min(start, len(text)))
    assert article.has_quote(quote) == (article.find_quote(quote) is not None)
