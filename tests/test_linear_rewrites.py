"""The regular expressions rewritten to run in linear time give what the old ones gave.

tests/test_redos.py found them quadratic; each rewrite here is compared, on generated text
made of the characters that matter to it, with the pattern it replaced.
"""

from __future__ import annotations

import os
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck.evidence import lockdiff
from claimcheck.extract import candidates
from claimcheck.extract.lexicon import lexicon
from claimcheck.parse.split import split_spaced
from claimcheck.text import fastblocks, sentences

EXAMPLES = int(os.environ.get("CLAIMCHECK_FUZZ_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None)


def texts(alphabet: str | list[str], size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(list(alphabet)), max_size=size).map("".join)


@SETTINGS
@given(texts(" \t\n,˒a1-–⁻"))
def test_split_spaced(text: str) -> None:
    assert split_spaced(text, re.compile(r"[,˒]")) == re.split(r"\s*[,˒]\s*", text)
    assert split_spaced(text, re.compile(r"[–⁻-]")) == re.split(r"\s*[–⁻-]\s*", text)
    dashes = re.compile(r"[-–—]+")
    assert "-".join(split_spaced(text, dashes)) == re.sub(r"\s*[-–—]+\s*", "-", text)


REFERENCE_PARTS = ["1.", " ", "  ", "   ", "\t", "Smith", "J.", "A.", ",", "&", "and", "et al.", "et  al.", "(2007)"]  # fmt: skip


@SETTINGS
@given(texts(REFERENCE_PARTS, 14))
def test_reference_entry(text: str) -> None:
    lex = lexicon()
    assert candidates.reads_like_reference(text, lex) == bool(lex.reference_entry.search(text))


OLD_CLOSING = re.compile(r"(?:^|[ ]+)#+[ ]*$")
OLD_DELIMITER = re.compile(r"\|?[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$")
OLD_RANGE = re.compile(r"\s*([A-Za-z]*)(\d+)\s*(?:[-‐‑–—]+\s*([A-Za-z]*)(\d+))?\s*")


def _span(match: re.Match[str] | None) -> tuple[tuple[int, int], tuple[str | None, ...]] | None:
    return (match.span(), match.groups()) if match else None


@SETTINGS
@given(texts(" #a|:-–e1\t"))
def test_markdown_and_page_patterns(text: str) -> None:
    assert _span(fastblocks._CLOSING_HASHES.search(text)) == _span(OLD_CLOSING.search(text))
    assert _span(fastblocks.DELIMITER_ROW.match(text)) == _span(OLD_DELIMITER.match(text))
    assert _span(lockdiff._RANGE.fullmatch(text)) == _span(OLD_RANGE.fullmatch(text))


OLD_BOUNDARY = re.compile(sentences._STOP)
SENTENCE_PARTS = ["e.g", "i.e", "et", "al", "Dr", "J", "a", "A", "1", ".", "..", "!", "?", "…", " ", "\n", ")", '"', "”", "("]  # fmt: skip


@SETTINGS
@given(texts(SENTENCE_PARTS, 25), st.integers(0, 60), st.integers(0, 60))
def test_sentence_spans(text: str, start: int, end: int) -> None:
    start = min(start, len(text))
    end = max(start, min(end, len(text)))
    spans: list[tuple[int, int]] = []
    begin = start
    for match in OLD_BOUNDARY.finditer(text, start, end):
        sentences._append(text, spans, begin, match.end())
        begin = match.end()
    sentences._append(text, spans, begin, end)
    assert sentences.sentence_spans(text, start, end) == spans
