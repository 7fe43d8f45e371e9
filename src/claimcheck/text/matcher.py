"""One compiled matcher for many phrases: a trie turned into a single regular expression.

A regex alternation of hundreds of phrases backtracks through every alternative at every
position; the same phrases factored into a trie (``sun(?:light|screen)``) are tried once per
character, and Python's regex engine can skip ahead to the characters a phrase may start
with. Matching runs on text folded by :func:`claimcheck.quotes.fold` (lower case, one
character for one, so offsets stay those of the source). Spaces and hyphens inside a phrase
match any run of spaces and hyphens, or none ("CJC-1295", "CJC 1295", "CJC1295"); a final
``*`` matches any word ending. At one position the longest phrase wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from claimcheck.quotes import fold

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


def _insert(trie: Trie, phrase: str) -> None:
    folded = fold(phrase.strip())
    wild = folded.endswith("*")
    words = [w for w in _SEPARATORS.split(folded.rstrip("*")) if w]
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


class PhraseMatcher(Generic[T]):
    """Finds every phrase of a collection in a text, each giving the values it was added with."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        words: Trie = {}  # phrases that start with a word character: matched at a word start
        others: Trie = {}  # phrases such as "% off" or "#1": matched anywhere
        self._exact: dict[str, list[T]] = {}
        self._stems: dict[str, list[T]] = {}
        for phrase, value in entries:
            key = phrase_key(phrase)
            if not key:
                continue
            _insert(words if re.match(r"\w", key) else others, phrase)
            table = self._stems if phrase.strip().endswith("*") else self._exact
            table.setdefault(key, []).append(value)
        branches = [f"(?<!\\w){_pattern(words)}" if words else "", _pattern(others) if others else ""]
        body = "|".join(b for b in branches if b)
        self._memo: dict[str, list[T]] = {}
        self._regex = re.compile(f"(?:{body})(?!\\w)" if body else r"(?!x)x")

    def finditer(
        self, folded: str, start: int = 0, end: int | None = None
    ) -> Iterator[tuple[int, int, list[T]]]:
        """``(start, end, values)`` of each phrase in ``folded[start:end]`` (text already folded)."""
        stop = len(folded) if end is None else end
        memo = self._memo
        for match in self._regex.finditer(folded, start, stop):
            text = match.group()
            values = memo.get(text)
            if values is None:
                values = self.lookup(text)
                if len(memo) < 100_000:
                    memo[text] = values
            if values:
                yield match.start(), match.end(), values

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
