"""One compiled matcher for many phrases: a trie turned into a single regular expression.

A regex alternation of hundreds of phrases backtracks through every alternative at every
position; the same phrases factored into a trie (``sun(?:light|screen)``) are tried once per
character, and Python's regex engine can skip ahead to the characters a phrase may start
with. Matching runs on text folded by :func:`claimcheck.text.quotes.fold` (lower case, one
character for one, so offsets stay those of the source). Spaces and hyphens inside a phrase
match any run of spaces and hyphens, or none ("CJC-1295", "CJC 1295", "CJC1295"); a final
``*`` matches any word ending. At one position the longest phrase wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Generic, TypeVar

from claimcheck.text.quotes import fold

T = TypeVar("T")

_SEPARATORS = re.compile(r"[\s\-]+")
_SEP = "\x00"  # trie symbol: a separator between words
_END = "\x01"  # trie symbol: a phrase ends here
_WILD = "\x02"  # trie symbol: a phrase ends here with any word ending
_SEP_PATTERN = r"[\s\-]*"

Trie = dict[str, "Trie"]


def phrase_key(phrase: str) -> str:
    """The lookup key of a phrase or a matched text: folded, separators removed."""
    return _SEPARATORS.sub("", fold(phrase.strip()).rstrip("*"))


def _words(phrase: str) -> tuple[list[str], bool]:
    """The folded words of a phrase, and whether it ends with ``*`` (any word ending)."""
    folded = fold(phrase.strip())
    return [w for w in _SEPARATORS.split(folded.rstrip("*")) if w], folded.endswith("*")


def _insert(trie: Trie, words: list[str], wild: bool) -> None:
    node = trie
    for index, word in enumerate(words):
        if index:
            node = node.setdefault(_SEP, {})
        for char in word:
            node = node.setdefault(char, {})
    node[_WILD if wild else _END] = {}


def _pattern(node: Trie) -> str:
    ends = _END in node
    wild = _WILD in node
    branches = []
    for symbol in sorted(k for k in node if k not in (_END, _WILD)):
        head = _SEP_PATTERN if symbol == _SEP else re.escape(symbol)
        branches.append(head + _pattern(node[symbol]))
    if wild:
        branches.append(r"\w*")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends and not wild:
        # a longer phrase is tried first; this one ends here only if no word character follows
        return f"(?:{body}|(?!\\w))" if body else ""
    return body


@dataclass(frozen=True)
class _Phrase:
    words: list[str]
    wild: bool
    at_word: bool
    """Whether it starts with a word character (then it is matched at a word start only)."""


@dataclass(frozen=True)
class _Searches:
    """The two alternatives of the matcher's pattern, compiled apart (see :meth:`PhraseMatcher.scan`)."""

    at_words: re.Pattern[str] | None
    anywhere: re.Pattern[str] | None
    source: str
    """Both in one pattern (:attr:`PhraseMatcher.regex`), not compiled."""


def _searches(phrases: Iterable[_Phrase]) -> _Searches:
    words: Trie = {}  # phrases that start with a word character: matched at a word start
    others: Trie = {}  # phrases such as "% off" or "#1": matched anywhere
    for phrase in phrases:
        _insert(words if phrase.at_word else others, phrase.words, phrase.wild)
    at_words, anywhere = _pattern(words) if words else "", _pattern(others) if others else ""
    branches = [f"(?<!\\w){at_words}" if at_words else "", anywhere]
    body = "|".join(b for b in branches if b)
    return _Searches(
        # The same two alternatives searched apart (see scan): the second starts with a few
        # characters the engine can skip ahead to, instead of being tried at every position.
        re.compile(f"(?<!\\w){at_words}(?!\\w)") if at_words else None,
        re.compile(f"(?:{anywhere})(?!\\w)") if anywhere else None,
        f"(?:{body})(?!\\w)" if body else r"(?!x)x",
    )


class PhraseMatcher(Generic[T]):
    """Finds every phrase of a collection in a text, each giving the values it was added with.

    Its pattern of every phrase (about 800, 12,000 characters) took 0.04-0.06 CPU s to build
    and compile: 4-5% of a re-check of one article at 10,000 articles, which scans one text.
    A text holds the first word of few phrases (about 50 of 565 in an article), so the first
    :attr:`pruned_scans` texts are scanned with a pattern of those phrases alone, which finds
    the same matches: a phrase left out cannot match there (its first word, literal in the
    pattern, is not in the text), and every other phrase keeps its place among the
    alternatives (each trie node's branches are sorted)."""

    pruned_scans = 4
    """The first texts a matcher scans are scanned with a pattern of only the phrases whose
    first word occurs in the text; after, with the pattern of every phrase, compiled once."""

    pruned_length = 50_000
    """A text of more characters is scanned with the pattern of every phrase: looking for each
    phrase's first word in it costs more than compiling that pattern (in 1 MB of text, 0.49
    CPU s for the 822 phrases of the built-in packs, against 0.04 s; at 50,000 characters,
    0.03 s). An article's text is a tenth of that."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        self._phrases: list[tuple[str, _Phrase]] = []  # (first word, phrase)
        self._exact: dict[str, list[T]] = {}
        self._stems: dict[str, list[T]] = {}
        for phrase, value in entries:
            words, wild = _words(phrase)
            key = "".join(words)  # phrase_key(phrase), its words folded once
            if not key:
                continue
            self._phrases.append((words[0], _Phrase(words, wild, key[0].isalnum() or key[0] == "_")))
            table = self._stems if phrase.strip().endswith("*") else self._exact
            table.setdefault(key, []).append(value)
        self._memo: dict[str, list[T]] = {}
        self._scans = 0

    @cached_property
    def _every(self) -> _Searches:
        return _searches(phrase for _, phrase in self._phrases)

    @cached_property
    def _regex(self) -> re.Pattern[str]:
        """The two alternatives in one pattern: compiled only when asked for (:attr:`regex`),
        as compiling it took 0.05 s, a twentieth of a re-check of one article, that
        :meth:`scan` does not need."""
        return re.compile(self._every.source)

    @property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        """Every compiled pattern: :attr:`regex` and the two :meth:`scan` searches."""
        every = self._every
        return tuple(p for p in (self._regex, every.at_words, every.anywhere) if p is not None)

    def _searches_for(self, folded: str, start: int, stop: int) -> _Searches:
        if self._scans >= self.pruned_scans or "_every" in self.__dict__ or stop - start > self.pruned_length:
            return self._every
        self._scans += 1
        return _searches(phrase for first, phrase in self._phrases if folded.find(first, start, stop) >= 0)

    def scan(self, folded: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each match of :attr:`regex` in ``folded[start:end]``, as its
        ``finditer`` gives them, found by its two alternatives searched apart: a match of the
        regex at a position is that of the first alternative there, or else the second's; the
        next match is searched from where one ends (a third less time over an article than
        the alternation, which tried the second alternative at every position). Neither
        alternative matches the empty string."""
        stop = len(folded) if end is None else end
        searches = self._searches_for(folded, start, stop)
        first, second = searches.at_words, searches.anywhere
        if first is None or second is None:
            only = first or second
            if only is not None:
                for found in only.finditer(folded, start, stop):
                    yield found.span()
            return
        a = first.search(folded, start, stop)
        b = second.search(folded, start, stop)
        while a is not None or b is not None:
            match = a if b is None or (a is not None and a.start() <= b.start()) else b
            assert match is not None
            at, after = match.span()
            yield at, after
            if a is not None and a.start() < after:
                a = first.search(folded, after, stop)
            if b is not None and b.start() < after:
                b = second.search(folded, after, stop)

    def finditer(
        self, folded: str, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int, list[T]]]:
        """``(start, end, values)`` of each phrase in ``folded[start:end]`` (text already folded)."""
        memo = self._memo
        for at, after in self.scan(folded, start, end):
            text = folded[at:after]
            values = memo.get(text)
            if values is None:
                values = self.lookup(text)
                if len(memo) < 100_000:
                    memo[text] = values
            if values:
                yield at, after, values

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern; :meth:`values` maps a match's text to its values."""
        return self._regex

    def values(self, matched: str) -> list[T]:
        """Values of a matched text (memoized)."""
        values = self._memo.get(matched)
        if values is None:
            values = self.lookup(matched)
            if len(self._memo) < 100_000:
                self._memo[matched] = values
        return values

    def lookup(self, text: str) -> list[T]:
        """Values of the phrase ``text`` is, and of the longest word stem (``optimi*``) it starts with."""
        key = phrase_key(text)
        found = list(self._exact.get(key, ()))
        if self._stems:
            for cut in range(len(key), 0, -1):
                stem = self._stems.get(key[:cut])
                if stem is not None:
                    found.extend(stem)
                    break
        return found
