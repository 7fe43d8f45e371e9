"""Finding a claim's quote in its article despite whitespace, case and typography.

Editors copy quotes from rendered pages: curly quotes become straight ones, dashes change,
line breaks move. The article text is folded character for character (so offsets stay
valid) and the quote becomes a pattern whose words may be separated by any whitespace.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

_FOLD = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u00a0": " ",  # no-break space
        "\u202f": " ",  # narrow no-break space
        "\u2009": " ",  # thin space
        "\u200b": " ",  # zero-width space
    }
)


def fold(text: str) -> str:
    """Typography and case folded, one character for one, so offsets are preserved."""
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    # lower() keeps the length for all but a handful of characters (e.g. 'İ'); keep offsets right
    return lowered if len(lowered) == len(folded) else folded


@lru_cache(maxsize=4096)
def quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = fold(quote).split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def find_quote(folded_text: str, quote: str, start: int = 0) -> tuple[int, int] | None:
    """Offsets of ``quote`` in ``folded_text`` (already passed through :func:`fold`)."""
    pattern = quote_pattern(quote)
    if pattern is None:
        return None
    match = pattern.search(folded_text, start)
    return (match.start(), match.end()) if match else None


_RUN = re.compile(r"\s+")
_LONG_RUN = re.compile(r"\s{2,}")


class SqueezedText:
    """A folded text with every whitespace run written as one space, and the way back.

    :func:`find_quote` compiles one regular expression per quote; over a corpus of
    200,000 claims that compilation is most of the time. Here the quote becomes a plain
    string (its words joined by one space) found with ``str.find``, which gives the same
    leftmost match: a run of whitespace in the text is one space here, and the quote's words
    hold no whitespace. Only runs longer than one character shift offsets; they are kept in
    three short lists.
    """

    __slots__ = ("_kept", "_original_ends", "_original_starts", "_removed", "text")

    def __init__(self, folded: str) -> None:
        self.text = _RUN.sub(" ", folded)
        self._original_starts: list[int] = []
        self._original_ends: list[int] = []
        self._kept: list[int] = []  # squeezed offset just after the run's one space
        self._removed: list[int] = []  # characters removed up to the end of the run
        removed = 0
        for match in _LONG_RUN.finditer(folded):
            start, end = match.span()
            self._original_starts.append(start)
            self._original_ends.append(end)
            self._kept.append(start - removed + 1)
            removed += end - start - 1
            self._removed.append(removed)

    def squeezed_offset(self, offset: int) -> int:
        """The squeezed offset of original ``offset`` (inside a run: just after its space)."""
        k = bisect.bisect_right(self._original_starts, offset) - 1
        if k < 0:
            return offset
        if offset < self._original_ends[k]:
            return min(offset, self._original_starts[k] + 1) - (self._removed[k - 1] if k else 0)
        return offset - self._removed[k]

    def original_offset(self, squeezed: int) -> int:
        k = bisect.bisect_right(self._kept, squeezed) - 1
        return squeezed + (self._removed[k] if k >= 0 else 0)

    def find(self, quote: str, start: int = 0) -> tuple[int, int] | None:
        """Original offsets of ``quote``, exactly as :func:`find_quote` finds them."""
        return self.find_needle(needle(quote), start)

    def find_needle(self, words: str, start: int = 0) -> tuple[int, int] | None:
        """Original offsets of a quote made into :func:`needle` (folded once by a caller that
        searches more than one place)."""
        if not words:
            return None
        at = self.text.find(words, self.squeezed_offset(start))
        if at < 0:
            return None
        end = at + len(words)
        return self.original_offset(at), self.original_offset(end - 1) + 1


def needle(quote: str) -> str:
    """The quote folded, its words joined by one space ("" when it has none): what
    :meth:`SqueezedText.find_needle` looks for."""
    return " ".join(fold(quote).split())
